"""The shape of a network: layer sizes, activations, batch norm, residual links and edge masks.

A topology is plain data (no parameters): it is what the user draws, what presets and files store,
and what :class:`gradsim.engine.network.Network` is built from.

Indexing used everywhere in gradsim: network layer 0 is the input, layer ``l`` (1..L) is
``layers[l-1]``; the last is the output layer. Weight matrix ``k`` (0-based, written ``W{k+1}``)
feeds layer ``k+1`` and has shape ``(size[k+1], size[k])``: ``W[j, i]`` connects neuron ``i`` of the
layer below to neuron ``j`` -- the out x in layout of ``torch.nn.Linear``.

Residual connections: a hidden layer ``l`` may name ``residual_from = s`` (``0 <= s < l``); its
output becomes ``a_l = f(u_l) + a_s`` when both layers have the same size (an identity shortcut,
the seed's "+1" in the derivative), or ``a_l = f(u_l) + P a_s`` with a learned projection matrix
``P`` of shape ``(size_l, size_s)`` when sizes differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from . import limits
from .activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS, make_activation
from .text import Text, brief, clip

MAX_LAYER_SIZE = 4096
MAX_LAYERS = 256
MAX_WEIGHTS = 20_000_000  # 160 MB of float64 per copy; a file may not ask for more


class TopologyError(ValueError):
    """A topology that cannot be built; the message says which field and why."""


@dataclass
class LayerSpec:
    """One non-input layer."""

    size: int
    activation: str = "sigmoid"
    alpha: float | None = None  # slope for leaky_relu, scale for elu; None = default
    batch_norm: bool = False
    residual_from: int | None = None

    def make_activation(self):
        return make_activation(self.activation, self.alpha)


@dataclass
class Topology:
    """Input size, the stack of layers (last = output) and optional edge masks.

    ``masks`` maps weight-matrix index ``k`` to a boolean array of shape ``(size[k+1], size[k])``;
    False removes that connection. Matrices without a mask are dense.
    """

    input_size: int
    layers: list[LayerSpec]
    masks: dict[int, np.ndarray] = field(default_factory=dict)

    # -- derived -------------------------------------------------------------------------------
    @property
    def sizes(self) -> list[int]:
        return [self.input_size] + [layer.size for layer in self.layers]

    @property
    def depth(self) -> int:
        """Number of weight matrices (hidden layers + output)."""
        return len(self.layers)

    @property
    def hidden(self) -> list[LayerSpec]:
        return self.layers[:-1]

    @property
    def output(self) -> LayerSpec:
        return self.layers[-1]

    def mask(self, k: int) -> np.ndarray | None:
        return self.masks.get(k)

    def n_edges(self) -> int:
        sizes = self.sizes
        total = 0
        for k in range(self.depth):
            m = self.masks.get(k)
            total += int(m.sum()) if m is not None else sizes[k] * sizes[k + 1]
        return total

    def n_trainable(self, train_biases: bool = True) -> int:
        """Length of the trainer's flat parameter vector (``Network.flat_parameters``): weights
        (masked ones too), batch norm's γ and β, projection matrices, and the biases if trained."""
        sizes = self.sizes
        total = 0
        for k, layer in enumerate(self.layers):
            total += sizes[k] * layer.size + (layer.size if train_biases else 0)
            total += 2 * layer.size if layer.batch_norm else 0
            s = layer.residual_from
            if s is not None and 0 <= s < len(sizes) and sizes[s] != layer.size:
                total += sizes[s] * layer.size
        return total

    def n_parameters(self) -> int:
        """Every number a network of this shape stores: :meth:`n_trainable` with the biases, plus
        batch norm's running mean and variance."""
        return self.n_trainable(True) + sum(2 * layer.size for layer in self.layers if layer.batch_norm)

    def copy(self) -> "Topology":
        return Topology(
            self.input_size,
            [replace(layer) for layer in self.layers],
            {k: m.copy() for k, m in self.masks.items()},
        )

    # -- validation ----------------------------------------------------------------------------
    def validate(self) -> "Topology":
        """Raise :class:`TopologyError` naming the first problem; return self when valid."""
        if not isinstance(self.input_size, (int, np.integer)) or isinstance(self.input_size, bool):
            raise TopologyError(Text("{field}: must be a whole number", field="input_size"))
        if not 1 <= self.input_size <= MAX_LAYER_SIZE:
            raise TopologyError(Text("{field}: must be between 1 and {maximum}, got {value}", field="input_size",
                                     maximum=MAX_LAYER_SIZE, value=brief(self.input_size)))
        if not self.layers:
            raise TopologyError(Text("layers: a network needs at least an output layer"))
        if len(self.layers) > MAX_LAYERS:
            raise TopologyError(Text("layers: at most {maximum} layers, got {count}", maximum=MAX_LAYERS,
                                     count=len(self.layers)))
        sizes = self.sizes
        last = len(self.layers) - 1
        for idx, layer in enumerate(self.layers):
            where = f"layers[{idx}]"
            if not isinstance(layer.size, (int, np.integer)) or isinstance(layer.size, bool):
                raise TopologyError(Text("{field}: must be a whole number", field=f"{where}.size"))
            if not 1 <= layer.size <= MAX_LAYER_SIZE:
                raise TopologyError(Text("{field}: must be between 1 and {maximum}, got {value}", field=f"{where}.size",
                                         maximum=MAX_LAYER_SIZE, value=brief(layer.size)))
            allowed = OUTPUT_ACTIVATIONS if idx == last else HIDDEN_ACTIVATIONS
            if layer.activation not in allowed:
                kind = Text("the output layer") if idx == last else Text("a hidden layer")
                raise TopologyError(Text(
                    "{field}: {activation!r} is not available for {kind} (choose one of {allowed})",
                    field=f"{where}.activation", activation=clip(str(layer.activation)), kind=kind,
                    allowed=", ".join(allowed)))
            if layer.alpha is not None:
                try:
                    limits.check_number(f"{where}.alpha", layer.alpha, limits.ALPHA)
                except ValueError as exc:
                    raise TopologyError(*exc.args) from None
            if layer.activation == "softmax" and layer.batch_norm:
                raise TopologyError(Text("{field}: not supported on a softmax output", field=f"{where}.batch_norm"))
            if layer.residual_from is not None:
                s = layer.residual_from
                if idx == last:
                    raise TopologyError(Text("{field}: the output layer cannot take a residual connection",
                                             field=f"{where}.residual_from"))
                if not isinstance(s, (int, np.integer)) or isinstance(s, bool) or not 0 <= s <= idx:
                    raise TopologyError(Text(
                        "{field}: must name an earlier layer (0 = inputs .. {last}), got {value}",
                        field=f"{where}.residual_from", last=idx, value=brief(s)))
        n_weights = sum(sizes[k] * sizes[k + 1] for k in range(len(sizes) - 1))
        n_weights += sum(sizes[l.residual_from] * l.size for l in self.layers
                         if l.residual_from is not None and sizes[l.residual_from] != l.size)
        if n_weights > MAX_WEIGHTS:
            raise TopologyError(Text("layers: {count:,} weights is more than gradsim trains "
                                     "(at most {maximum:,}); use fewer or narrower layers",
                                     count=n_weights, maximum=MAX_WEIGHTS))
        for k, m in self.masks.items():
            if not isinstance(k, (int, np.integer)) or not 0 <= k < self.depth:
                raise TopologyError(Text("masks: no weight matrix {matrix} (there are {count})", matrix=brief(k),
                                         count=self.depth))
            shape = (sizes[k + 1], sizes[k])
            if np.shape(m) != shape:
                raise TopologyError(Text("{field}: shape {shape} does not match W{number} {expected}",
                                         field=f"masks[{k}]", shape=np.shape(m), number=k + 1, expected=shape))
            self.masks[k] = np.asarray(m, dtype=bool)
        return self
