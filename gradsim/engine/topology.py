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

from .activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS, make_activation

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
            raise TopologyError("input_size: must be a whole number")
        if not 1 <= self.input_size <= MAX_LAYER_SIZE:
            raise TopologyError(f"input_size: must be between 1 and {MAX_LAYER_SIZE}, got {self.input_size}")
        if not self.layers:
            raise TopologyError("layers: a network needs at least an output layer")
        if len(self.layers) > MAX_LAYERS:
            raise TopologyError(f"layers: at most {MAX_LAYERS} layers, got {len(self.layers)}")
        sizes = self.sizes
        last = len(self.layers) - 1
        for idx, layer in enumerate(self.layers):
            where = f"layers[{idx}]"
            if not isinstance(layer.size, (int, np.integer)) or isinstance(layer.size, bool):
                raise TopologyError(f"{where}.size: must be a whole number")
            if not 1 <= layer.size <= MAX_LAYER_SIZE:
                raise TopologyError(f"{where}.size: must be between 1 and {MAX_LAYER_SIZE}, got {layer.size}")
            allowed = OUTPUT_ACTIVATIONS if idx == last else HIDDEN_ACTIVATIONS
            if layer.activation not in allowed:
                kind = "the output layer" if idx == last else "a hidden layer"
                raise TopologyError(
                    f"{where}.activation: {layer.activation!r} is not available for {kind} "
                    f"(choose one of {', '.join(allowed)})"
                )
            if layer.alpha is not None:
                if not np.isfinite(layer.alpha) or layer.alpha < 0:
                    raise TopologyError(f"{where}.alpha: must be a finite number >= 0")
            if layer.activation == "softmax" and layer.batch_norm:
                raise TopologyError(f"{where}.batch_norm: not supported on a softmax output")
            if layer.residual_from is not None:
                s = layer.residual_from
                if idx == last:
                    raise TopologyError(f"{where}.residual_from: the output layer cannot take a residual connection")
                if not isinstance(s, (int, np.integer)) or isinstance(s, bool) or not 0 <= s <= idx:
                    raise TopologyError(
                        f"{where}.residual_from: must name an earlier layer (0 = inputs .. {idx}), got {s!r}"
                    )
        n_weights = sum(sizes[k] * sizes[k + 1] for k in range(len(sizes) - 1))
        n_weights += sum(sizes[l.residual_from] * l.size for l in self.layers
                         if l.residual_from is not None and sizes[l.residual_from] != l.size)
        if n_weights > MAX_WEIGHTS:
            raise TopologyError(f"layers: {n_weights:,} weights is more than gradsim trains "
                                f"(at most {MAX_WEIGHTS:,}); use fewer or narrower layers")
        for k, m in self.masks.items():
            if not isinstance(k, (int, np.integer)) or not 0 <= k < self.depth:
                raise TopologyError(f"masks: no weight matrix {k!r} (there are {self.depth})")
            shape = (sizes[k + 1], sizes[k])
            if np.shape(m) != shape:
                raise TopologyError(f"masks[{k}]: shape {np.shape(m)} does not match W{k + 1} {shape}")
            self.masks[k] = np.asarray(m, dtype=bool)
        return self
