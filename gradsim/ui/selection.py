"""What the learner -- or a lesson -- points at: one weight, one layer, the neuron under the mouse, and
what is lit up for them.

One :class:`Selection` per window, owned by its :class:`~gradsim.ui.session.Session`. Every view
reads and changes it here (a click on an edge, the w1…w8 picker, a neuron click, the layer combo),
and listens to its signals to follow; nothing else keeps its own copy. Weights are ``(k, j, i)``,
``W{k+1}[j, i]``; layers ``0 … L`` as in the network (0 = inputs).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from gradsim.engine import recurrent_chain_rule


class Selection(QObject):
    weightChanged = Signal(object)   # (k, j, i), or None when no weight is selected
    layerChanged = Signal(int)       # the network layer 1..L whose function and pre-activations are shown
    neuronClicked = Signal(int, int)  # layer, index
    hoverChanged = Signal(int, int)  # layer, index of the neuron under the mouse; -1, -1 for none

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.weight: tuple[int, int, int] | None = None
        self.layer = 1
        self.hover: tuple[int, int] = (-1, -1)
        self._depth = 1

    def select_weight(self, k: int, j: int, i: int) -> None:
        """Select ``W{k+1}[j, i]``; the layer it feeds becomes the chosen layer."""
        self.weight = (int(k), int(j), int(i))
        self.weightChanged.emit(self.weight)
        self.choose_layer(self.weight[0] + 1)

    def clear_weight(self) -> None:
        if self.weight is not None:
            self.weight = None
            self.weightChanged.emit(None)

    def choose_layer(self, layer: int) -> None:
        """Show network layer ``layer`` (1..L) in the views that show one layer; others are ignored."""
        if 1 <= layer <= self._depth:
            self.layer = int(layer)
            self.layerChanged.emit(self.layer)

    def click_neuron(self, layer: int, index: int) -> None:
        self.neuronClicked.emit(int(layer), int(index))
        if layer > 0:
            self.choose_layer(layer)

    def hover_neuron(self, layer: int, index: int) -> None:
        if (layer, index) != self.hover:
            self.hover = (int(layer), int(index))
            self.hoverChanged.emit(*self.hover)

    def fit(self, old, new) -> None:
        """A new spec ``new`` replaces ``old``: the weight stays selected when the network has the same
        shape and the edge still exists (a reset, another setting), else it is dropped -- a reshaped
        network renumbers its weights. The layer stays (within the new depth) while a weight is
        selected, else it is the first."""
        self._depth = new.topology.depth
        same_shape = old is not None and old.topology.sizes == new.topology.sizes
        if self.weight is not None and not (same_shape and selectable(new, *self.weight)):
            self.weight = None  # announced by the session with the new spec, not as a user's change
        self.layer = min(max(self.layer, 1), self._depth) if self.weight is not None else 1


def edge_exists(spec, k: int, j: int, i: int) -> bool:
    """``W{k+1}[j, i]`` is an edge of ``spec``'s network (inside the matrix, not masked out)."""
    topo = spec.topology
    if not 0 <= k < topo.depth:
        return False
    s = topo.sizes
    if not (0 <= j < s[k + 1] and 0 <= i < s[k]):
        return False
    m = topo.masks.get(k)
    return m is None or bool(m[j, i])


def selectable(spec, k: int, j: int, i: int) -> bool:
    """(k, j, i) names a weight of ``spec``'s network: an edge, or of a recurrent network a weight
    as :data:`gradsim.engine.recurrent_chain_rule.MATRIX_INDEX` names it."""
    if getattr(spec, "recurrent", None) is not None:
        return recurrent_chain_rule.weight_exists(spec, k, j, i)
    return edge_exists(spec, k, j, i)


@dataclass(frozen=True)
class Highlight:
    """What is lit up over the gradient colours: neurons ``(layer, index)`` and edges ``(k, j, i)``
    (the step-through's stage). Ids that do not exist in the current network are ignored."""

    neurons: tuple = ()
    edges: tuple = ()

    @classmethod
    def of(cls, neurons=(), edges=()) -> "Highlight":
        return cls(tuple(tuple(n) for n in neurons), tuple(tuple(e) for e in edges))
