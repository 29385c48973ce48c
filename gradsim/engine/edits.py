"""Topology edits as pure functions on a :class:`RunSpec`: the user's drawing operations.

Each function returns a *new* spec and leaves its argument alone, so an undo stack can keep the
before and after states. Besides the obvious change, every edit keeps the rest of the spec
consistent: edge masks gain, lose or shift rows and columns with the neurons and layers they
belong to, residual links are re-pointed when layers move (or dropped when their source layer is
removed), and explicit ``parameters`` (the seed's hand-picked weights) survive only while every
weight matrix keeps its shape.

An edit that cannot be made raises :class:`EditError` with a plain-language reason for the status
bar. An edit that can be made may still produce a spec the trainer rejects (e.g. batch norm on the
seed's single sample); callers check ``spec.validate()``, whose message names the field.

Layer numbers are network layers: 0 = inputs, 1..L-1 = hidden, L = output (see topology.py).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS
from .datasets import INPUT_SIZES, OUTPUT_SIZES
from .spec import RunSpec
from .text import Text
from .topology import MAX_LAYER_SIZE, MAX_LAYERS, LayerSpec

DEFAULT_HIDDEN_SIZE = 4
DEFAULT_HIDDEN_ACTIVATION = "tanh"


class EditError(ValueError):
    """An edit that cannot be made; the message says why in words a user understands (a
    :class:`~gradsim.engine.text.Text`, so the UI can say it in its language)."""


# what _check_hidden's messages say the user tried to do to a layer
_ACTIONS = {"remove": Text("remove"), "resize": Text("resize"), "add a neuron to": Text("add a neuron to"),
            "remove a neuron from": Text("remove a neuron from"),
            "add a residual connection to": Text("add a residual connection to")}


# -- helpers ---------------------------------------------------------------------------------------
def _start(spec: RunSpec) -> RunSpec:
    return spec.copy()


def _finish(old: RunSpec, new: RunSpec) -> RunSpec:
    """Drop explicit parameters (and the seed's w1..w8 names) once any weight shape changed."""
    if new.parameters is not None and _shapes(old) != _shapes(new):
        new.parameters = None
        new.weight_names = None
    return new


def _shapes(spec: RunSpec) -> list[tuple[int, int]]:
    s = spec.topology.sizes
    return [(s[k + 1], s[k]) for k in range(spec.topology.depth)]


def _check_hidden(spec: RunSpec, layer: int, what: str) -> None:
    L = spec.topology.depth
    action = _ACTIONS.get(what, what)
    if layer == 0:
        raise EditError(Text("Can't {action} the input layer: its size follows the dataset "
                             "({dataset!r} has {inputs} input(s))", action=action, dataset=spec.data.name,
                             inputs=INPUT_SIZES[spec.data.name]))
    if layer == L:
        raise EditError(Text("Can't {action} the output layer: its size follows the dataset ({dataset!r})",
                             action=action, dataset=spec.data.name))
    if not 1 <= layer < L:
        raise EditError(Text("There is no hidden layer {layer} (hidden layers are 1..{last})", layer=layer, last=L - 1))


def _check_layer(spec: RunSpec, layer: int) -> None:
    if not 1 <= layer <= spec.topology.depth:
        raise EditError(Text("There is no layer {layer} (layers are 1..{last})", layer=layer, last=spec.topology.depth))


def _set_mask(topo, k: int, mask: np.ndarray | None) -> None:
    if mask is None or bool(np.all(mask)):
        topo.masks.pop(k, None)
    else:
        topo.masks[k] = np.asarray(mask, dtype=bool)


def layer_name(spec: RunSpec, layer: int) -> str:
    """'inputs', 'hidden layer 2' or 'the output layer' (for messages and undo texts)."""
    if layer == 0:
        return Text("the inputs")
    if layer == spec.topology.depth:
        return Text("the output layer")
    return Text("hidden layer {layer}", layer=layer)


# -- layers ----------------------------------------------------------------------------------------
def insert_layer(spec: RunSpec, position: int, size: int | None = None,
                 activation: str | None = None) -> RunSpec:
    """Insert a hidden layer so that it becomes network layer ``position`` (1..L).

    ``position = L`` puts it just below the output layer. Size, activation and batch norm default
    to those of the neighbouring hidden layer, so a deep stack grows in kind.
    """
    old = spec
    topo = old.topology
    L = topo.depth
    if not 1 <= position <= L:
        raise EditError(Text("A hidden layer can go at positions 1..{last}, not {position}", last=L, position=position))
    if L + 1 > MAX_LAYERS:
        raise EditError(Text("A network can have at most {maximum} layers", maximum=MAX_LAYERS))
    hidden = topo.hidden
    near = None
    if position - 1 >= 1:
        near = topo.layers[position - 2]
    elif hidden:
        near = topo.layers[0]
    size = size if size is not None else (near.size if near else DEFAULT_HIDDEN_SIZE)
    activation = activation or (near.activation if near else DEFAULT_HIDDEN_ACTIVATION)
    if activation not in HIDDEN_ACTIVATIONS:
        activation = DEFAULT_HIDDEN_ACTIVATION
    if not 1 <= size <= MAX_LAYER_SIZE:
        raise EditError(Text("A layer holds 1..{maximum} neurons, not {size}", maximum=MAX_LAYER_SIZE, size=size))
    new = _start(old)
    t = new.topology
    layer = LayerSpec(int(size), activation, alpha=near.alpha if near and near.activation == activation else None,
                      batch_norm=bool(near.batch_norm) if near else False)
    for spec_l in t.layers[position - 1:]:
        if spec_l.residual_from is not None and spec_l.residual_from >= position:
            spec_l.residual_from += 1
    t.layers.insert(position - 1, layer)
    masks = {}
    for k, m in t.masks.items():
        if k < position - 1:
            masks[k] = m
        elif k >= position:
            masks[k + 1] = m
        # k == position - 1 now feeds the new layer's successor from the new layer: dense
    t.masks = masks
    return _finish(old, new)


def remove_layer(spec: RunSpec, layer: int) -> RunSpec:
    """Remove hidden layer ``layer``; its neighbours are joined by a fresh dense matrix.

    A residual link that started at the removed layer is dropped; links to later layers are
    renumbered.
    """
    old = spec
    _check_hidden(old, layer, "remove")
    new = _start(old)
    t = new.topology
    del t.layers[layer - 1]
    for spec_l in t.layers[layer - 1:]:
        s = spec_l.residual_from
        if s is None:
            continue
        if s == layer:
            spec_l.residual_from = None
        elif s > layer:
            spec_l.residual_from = s - 1
    masks = {}
    for k, m in t.masks.items():
        if k < layer - 1:
            masks[k] = m
        elif k > layer:
            masks[k - 1] = m
    t.masks = masks
    return _finish(old, new)


def set_activation(spec: RunSpec, layer: int, activation: str) -> RunSpec:
    _check_layer(spec, layer)
    allowed = OUTPUT_ACTIVATIONS if layer == spec.topology.depth else HIDDEN_ACTIVATIONS
    if activation not in allowed:
        raise EditError(Text("{activation!r} is not available for {layer} (choose one of {allowed})",
                             activation=activation, layer=layer_name(spec, layer), allowed=", ".join(allowed)))
    new = _start(spec)
    ls = new.topology.layers[layer - 1]
    if ls.activation != activation:
        ls.alpha = None
    ls.activation = activation
    return _finish(spec, new)


def set_batch_norm(spec: RunSpec, layer: int, on: bool) -> RunSpec:
    _check_layer(spec, layer)
    new = _start(spec)
    new.topology.layers[layer - 1].batch_norm = bool(on)
    return _finish(spec, new)


def set_residual(spec: RunSpec, layer: int, source: int | None) -> RunSpec:
    """Make hidden layer ``layer`` add the output of earlier layer ``source`` (None removes it)."""
    _check_hidden(spec, layer, "add a residual connection to")
    if source is not None and not 0 <= source < layer:
        raise EditError(Text("A residual connection into layer {layer} must come from an earlier layer "
                             "(0..{last}), not {source}", layer=layer, last=layer - 1, source=source))
    new = _start(spec)
    new.topology.layers[layer - 1].residual_from = None if source is None else int(source)
    return _finish(spec, new)


# -- neurons ---------------------------------------------------------------------------------------
def set_layer_size(spec: RunSpec, layer: int, size: int) -> RunSpec:
    """Resize hidden layer ``layer``: neurons are added or removed at the end (bottom)."""
    _check_hidden(spec, layer, "resize")
    if not 1 <= size <= MAX_LAYER_SIZE:
        raise EditError(Text("A layer holds 1..{maximum} neurons, not {size}", maximum=MAX_LAYER_SIZE, size=size))
    new = spec
    while new.topology.sizes[layer] < size:
        new = add_neuron(new, layer)
    while new.topology.sizes[layer] > size:
        new = remove_neuron(new, layer, new.topology.sizes[layer] - 1)
    return new if new is not spec else spec.copy()


def add_neuron(spec: RunSpec, layer: int) -> RunSpec:
    """Append a neuron to hidden layer ``layer``, fully connected."""
    _check_hidden(spec, layer, "add a neuron to")
    if spec.topology.sizes[layer] >= MAX_LAYER_SIZE:
        raise EditError(Text("A layer holds at most {maximum} neurons", maximum=MAX_LAYER_SIZE))
    new = _start(spec)
    t = new.topology
    t.layers[layer - 1].size += 1
    k_in, k_out = layer - 1, layer
    if k_in in t.masks:
        m = t.masks[k_in]
        _set_mask(t, k_in, np.vstack([m, np.ones((1, m.shape[1]), bool)]))
    if k_out in t.masks:
        m = t.masks[k_out]
        _set_mask(t, k_out, np.hstack([m, np.ones((m.shape[0], 1), bool)]))
    return _finish(spec, new)


def remove_neuron(spec: RunSpec, layer: int, index: int) -> RunSpec:
    """Remove neuron ``index`` of hidden layer ``layer`` with all its edges."""
    _check_hidden(spec, layer, "remove a neuron from")
    n = spec.topology.sizes[layer]
    if not 0 <= index < n:
        raise EditError(Text("Hidden layer {layer} has neurons 0..{last}, not {index}", layer=layer, last=n - 1,
                             index=index))
    if n <= 1:
        raise EditError(Text("Can't remove the last neuron of hidden layer {layer}: "
                             "a layer needs at least one neuron (remove the layer instead)", layer=layer))
    new = _start(spec)
    t = new.topology
    t.layers[layer - 1].size -= 1
    k_in, k_out = layer - 1, layer
    if k_in in t.masks:
        _set_mask(t, k_in, np.delete(t.masks[k_in], index, axis=0))
    if k_out in t.masks:
        _set_mask(t, k_out, np.delete(t.masks[k_out], index, axis=1))
    return _finish(spec, new)


# -- edges -----------------------------------------------------------------------------------------
def edge_enabled(spec: RunSpec, k: int, j: int, i: int) -> bool:
    m = spec.topology.masks.get(k)
    return True if m is None else bool(m[j, i])


def set_edge(spec: RunSpec, k: int, j: int, i: int, enabled: bool) -> RunSpec:
    """Remove (``enabled=False``) or restore the edge ``W{k+1}[j, i]``."""
    topo = spec.topology
    if not 0 <= k < topo.depth:
        raise EditError(Text("There is no weight matrix W{number}", number=k + 1))
    sizes = topo.sizes
    if not (0 <= j < sizes[k + 1] and 0 <= i < sizes[k]):
        raise EditError(Text("W{number} has shape {rows}×{columns}; there is no edge [{row},{column}]",
                             number=k + 1, rows=sizes[k + 1], columns=sizes[k], row=j, column=i))
    new = _start(spec)
    t = new.topology
    m = t.masks.get(k)
    m = np.ones((sizes[k + 1], sizes[k]), bool) if m is None else m.copy()
    m[j, i] = bool(enabled)
    _set_mask(t, k, m)
    return _finish(spec, new)


def restore_all_edges(spec: RunSpec) -> RunSpec:
    new = _start(spec)
    new.topology.masks = {}
    return _finish(spec, new)


# -- data ------------------------------------------------------------------------------------------
def fit_dataset(spec: RunSpec, dataset: str, noise: float | None = None) -> RunSpec:
    """Switch to ``dataset``, resizing the inputs and outputs to it.

    The output layer and loss follow the kind of data: regression (sine) gets a linear output
    with MSE, classification keeps a sigmoid/softmax output and switches a linear one to
    sigmoid + binary cross-entropy. Everything else (hidden layers, training settings) is kept.
    """
    from .datasets import DATASET_NAMES

    if dataset not in DATASET_NAMES:
        raise EditError(Text("Unknown dataset {dataset!r} (known: {known})", dataset=dataset,
                             known=", ".join(DATASET_NAMES)))
    new = _start(spec)
    t = new.topology
    new.data = replace(new.data, name=dataset)
    if noise is not None:
        new.data.noise = float(noise)
    n_in = INPUT_SIZES[dataset]
    if t.input_size != n_in:
        t.input_size = n_in
        t.masks.pop(0, None)
    out = t.output
    allowed = OUTPUT_SIZES[dataset]
    if out.size not in allowed:
        out.size = allowed[0]
        t.masks.pop(t.depth - 1, None)
    if dataset == "sine":
        if new.train.loss in ("bce", "cross-entropy") or out.activation in ("sigmoid", "softmax"):
            out.activation, out.alpha = "linear", None
            new.train.loss = "mse"
    elif dataset != "seed" and out.activation in ("linear", "tanh"):
        out.activation, out.alpha = ("softmax", None) if out.size == 2 else ("sigmoid", None)
        new.train.loss = "cross-entropy" if out.size == 2 else "bce"
    if out.activation == "softmax" and out.size < 2:
        out.activation = "sigmoid"
        new.train.loss = "bce"
    return _finish(spec, new)
