"""The chain rule for one weight, with the numbers: the lecture's hand derivation, automated.

For an output weight (the seed's w5)::

    ∂E/∂w5 = ∂E/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5

For an earlier weight (the seed's w1) the error reaches ``out_h1`` along every edge leaving h1, and
the paths add up::

    ∂E/∂w1 = (∂E_o1/∂out_h1 + ∂E_o2/∂out_h1) · ∂out_h1/∂net_h1 · ∂net_h1/∂w1,
    ∂E_o1/∂out_h1 = ∂E/∂net_o1 · ∂net_o1/∂out_h1 = δ_o1 · w5

A deep net has exponentially many paths, so each path here stops at the next layer's δ
(∂E/∂net of that neuron, itself a sum computed by backprop): one path per outgoing edge, plus one
per residual link (the identity path contributes its "+1"). :attr:`Derivation.layer_chain` adds the
per-layer backward gains from the output back to the weight's layer, whose product is how much the
gradient shrank or grew on the way.

With a batch of one and no batch norm every factor is a plain number and the factors multiply to
the total exactly (:attr:`Derivation.exact`). With a larger batch each factor shown is the mean of
its per-sample values, and the total is the exact batch gradient; batch norm couples the samples, so
through a BN layer the derivation uses backprop's ∂E/∂net directly.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass

import numpy as np

from . import losses
from .text import Text


@dataclass
class Factor:
    symbol: str
    value: float
    meaning: str = ""  # a Text (gradsim.engine.text): English here, translated by the UI


@dataclass
class Path:
    via: str           # the next neuron's name, or Text("skip to layer {layer}") for a residual link
    factors: list[Factor]
    value: float


@dataclass
class LayerFactor:
    """How layer ``layer`` scales the gradient passing back through it."""

    layer: int            # network layer index (1..L)
    label: str
    gain: float           # ‖∂E/∂a_{layer−1}‖ / ‖∂E/∂a_layer‖ (see metrics.backward_gain)
    mean_fprime: float    # mean f'(u) over the layer's units and the batch
    mean_abs_weight: float
    cumulative: float     # product of the gains from the output down to this layer


@dataclass
class Derivation:
    weight: str
    k: int
    j: int
    i: int
    kind: str                      # "output" | "hidden"
    common: list[Factor]           # factors shared by every path
    paths: list[Path]              # one per route the error takes (output weight: one path)
    layer_chain: list[LayerFactor]
    total: float                   # Σ paths × common factors (per sample, summed over the batch)
    backprop: float                # ∂E/∂w from the network's backward pass
    exact: bool                    # factors multiply to the total exactly (batch of 1, no BN)
    batch_size: int = 1
    formula: str = ""

    @property
    def terms(self) -> list[dict]:
        """Every factor and path with its name and value, flattened (the CLI's ``terms``)."""
        out = []
        for p in self.paths:
            if len(self.paths) > 1 or self.kind == "hidden":
                out.append({"name": f"path via {p.via}", "value": p.value,
                            "factors": [asdict(f) for f in p.factors]})
            else:
                out += [{"name": f.symbol, "value": f.value, "meaning": f.meaning} for f in p.factors]
        out += [{"name": f.symbol, "value": f.value, "meaning": f.meaning} for f in self.common]
        return out

    def to_dict(self) -> dict:
        return {
            "weight": self.weight, "matrix": self.k, "row": self.j, "column": self.i,
            "kind": self.kind, "formula": self.formula, "gradient": self.total,
            "backprop": self.backprop, "exact": self.exact, "batch_size": self.batch_size,
            "terms": self.terms,
            "paths": [{"via": p.via, "value": p.value, "factors": [asdict(f) for f in p.factors]}
                      for p in self.paths],
            "common": [asdict(f) for f in self.common],
            "layer_chain": [asdict(c) for c in self.layer_chain],
        }


def neuron_name(sizes: list[int], layer: int, index: int) -> str:
    """i1, i2 for inputs; h1, h2 (one hidden layer) or h3_2 (layer 3, unit 2); o1, o2 for outputs."""
    last = len(sizes) - 1
    if layer == 0:
        return f"i{index + 1}"
    if layer == last:
        return f"o{index + 1}"
    return f"h{index + 1}" if last == 2 else f"h{layer}_{index + 1}"


def derive(source, x=None, t=None, loss: str | None = None, k: int = 0, j: int = 0, i: int = 0,
           label: str | None = None) -> Derivation:
    """Derive ∂E/∂W{k+1}[j, i] on the batch ``(x, t)``.

    ``source`` is a :class:`~gradsim.engine.trainer.Trainer` (then ``x``, ``t``, ``loss`` and
    ``label`` default to its first training batch of at most 1 sample -- or the smallest batch BN
    allows -- its loss and its weight names) or a :class:`~gradsim.engine.network.Network`.
    The source's parameters and caches are left untouched.
    """
    from .network import Network

    if isinstance(source, Network):
        net = source
        if x is None or t is None or loss is None:
            raise ValueError("derive(network, …) needs x, t and loss")
    else:
        trainer = source
        net = trainer.network
        loss = loss or trainer.spec.train.loss
        if x is None or t is None:
            x, t = default_batch(trainer)
        if label is None:
            label = trainer.spec.weight_label(k, j, i)
    L = net.depth
    sizes = net.sizes
    if not 0 <= k < L:
        raise ValueError(f"weight matrix W{k + 1} does not exist (W1..W{L})")
    if not (0 <= j < sizes[k + 1] and 0 <= i < sizes[k]):
        raise ValueError(f"W{k + 1} has shape {sizes[k + 1]}x{sizes[k]}; [{j},{i}] is outside it")
    label = label or f"W{k + 1}[{j},{i}]"

    scratch = scratch_copy(net)
    with np.errstate(all="ignore"):
        scratch.forward(np.asarray(x, dtype=net.dtype), training=True)
        scratch.loss_value(np.asarray(t, dtype=net.dtype), loss)
        scratch.backward(np.asarray(t, dtype=net.dtype), loss)
        return _build(scratch, loss, k, j, i, label)


def default_batch(trainer) -> tuple[np.ndarray, np.ndarray]:
    """The batch a derivation uses by default: the first training sample, as the lecture does.

    Batch norm cannot normalise one sample, and two samples normalise to ±1 whatever their values
    (hiding the gradient), so BN nets use the first ``batch_size`` samples (at most 32) instead.
    """
    if any(layer.batch_norm for layer in trainer.spec.topology.layers):
        bs = trainer.spec.train.batch_size or len(trainer.x_train)
        n = max(2, min(32, bs, len(trainer.x_train)))
    else:
        n = 1
    return trainer.x_train[:n], trainer.t_train[:n]


def scratch_copy(net):
    """A network sharing the parameters but with its own caches and BN running statistics."""
    scratch = copy.copy(net)
    scratch.running_mean = [None if m is None else m.copy() for m in net.running_mean]
    scratch.running_var = [None if v is None else v.copy() for v in net.running_var]
    scratch.clear_cache()
    return scratch


def _mean(v) -> float:
    return float(np.mean(v))


def _build(net, loss, k, j, i, label) -> Derivation:
    L = net.depth
    sizes = net.sizes
    B = net.a[0].shape[0]
    layer = k + 1
    name = lambda l, n: neuron_name(sizes, l, n)  # noqa: E731
    me, src = name(layer, j), name(layer - 1, i)
    fused = losses.is_fused(loss)
    has_bn = net.gamma[k] is not None
    exact = B == 1 and not has_bn
    a_in = net.a[k][:, i]
    dnet_dw = Factor(f"∂net_{me}/∂{label}", _mean(a_in),
                     Text("= out_{source}, the input that {weight} multiplies", source=src, weight=label))

    def delta_factors(l, m):
        """Factors of ∂E/∂net for unit m of layer l (per sample), and their per-sample product."""
        kk = l - 1
        n = name(l, m)
        dz = net.dz[kk][:, m]
        if l == L and not fused and net.gamma[kk] is None:
            dE_dout = net.da[l][:, m] * B
            fp = net.fprime[kk][:, m]
            return [Factor(f"∂E/∂out_{n}", _mean(dE_dout), Text("how the error changes with this output")),
                    Factor(f"∂out_{n}/∂net_{n}", _mean(fp), _slope(net.activations[kk].name, n))], dE_dout * fp
        why = (Text("out − target (fused with the loss)") if l == L and fused and net.gamma[kk] is None
               else Text("through batch norm (couples the batch)") if net.gamma[kk] is not None
               else Text("δ, summed by backprop over every later path"))
        return [Factor(f"∂E/∂net_{n}", _mean(dz * B), why)], dz * B

    if layer == L:
        facs, per_sample = delta_factors(L, j)
        if has_bn:
            per_sample = net.dz[k][:, j] * B
        facs = facs + [dnet_dw]
        total = float(np.sum(per_sample * a_in) / B)
        path = Path(f"net_{me}", facs, total)
        formula = f"∂E/∂{label} = " + " · ".join(f.symbol for f in facs)
        return Derivation(label, k, j, i, "output", [], [path], _layer_chain(net, layer), total,
                          float(net.dW[k][j, i]), exact, B, formula)

    # hidden weight: every route from out_me to the error
    paths = []
    dE_dout = np.zeros(B)
    W_next = net.W[layer]
    mask = net.masks[layer]
    for m in range(sizes[layer + 1]):
        if mask is not None and mask[m, j] == 0:
            continue
        facs, delta = delta_factors(layer + 1, m)
        w = float(W_next[m, j])
        facs = facs + [Factor(f"∂net_{name(layer + 1, m)}/∂out_{me}", w, f"= {_wlabel(net, layer, m, j)}")]
        contrib = delta * w
        dE_dout += contrib
        paths.append(Path(name(layer + 1, m), facs, _mean(contrib)))
    for m in range(layer + 1, L + 1):
        spec = net.topology.layers[m - 1]
        if spec.residual_from != layer:
            continue
        g = net.da[m] * B
        if net.P[m - 1] is None:
            contrib = g[:, j]
            facs = [Factor(f"∂E/∂out_{name(m, j)}", _mean(contrib), Text("gradient at the skip's target")),
                    Factor("∂(skip)/∂out", 1.0, Text("identity shortcut: the residual's +1"))]
        else:
            contrib = g @ net.P[m - 1][:, j]
            facs = [Factor(f"Σ ∂E/∂out_layer{m} · P{m}[:, {j}]", _mean(contrib), Text("learned projection shortcut"))]
        dE_dout += contrib
        paths.append(Path(Text("skip to layer {layer}", layer=m), facs, _mean(contrib)))
    if has_bn:
        common = [Factor(f"∂E/∂net_{me}", _mean(net.dz[k][:, j] * B), Text("through batch norm (couples the batch)")),
                  dnet_dw]
        total = float(np.sum(net.dz[k][:, j] * a_in))
        exact = False
    else:
        fp = net.fprime[k][:, j]
        common = [Factor(f"∂out_{me}/∂net_{me}", _mean(fp), _slope(net.activations[k].name, me)), dnet_dw]
        total = float(np.sum(dE_dout * fp * a_in) / B)
    via = " + ".join(f"∂E_{p.via}/∂out_{me}" if not p.via.startswith("skip") else f"∂E_({p.via})/∂out_{me}"
                     for p in paths)
    if has_bn:
        formula = (f"∂E/∂{label} = ∂E/∂net_{me} · ∂net_{me}/∂{label}, where ∂E/∂out_{me} = {via} "
                   f"reaches net_{me} through {net.activations[k].name}′ and batch norm")
    else:
        formula = f"∂E/∂{label} = ({via}) · " + " · ".join(f.symbol for f in common)
    return Derivation(label, k, j, i, "hidden", common, paths, _layer_chain(net, layer), total,
                      float(net.dW[k][j, i]), exact, B, formula)


def _slope(activation: str, neuron: str) -> Text:
    """The meaning of ∂out/∂net: the activation's derivative at the unit's net input."""
    return Text("{activation}′ at net_{neuron}", activation=activation, neuron=neuron)


def _wlabel(net, layer, m, j):
    return f"W{layer + 1}[{m},{j}]"


def _layer_chain(net, layer) -> list[LayerFactor]:
    """Backward gains of layers L, L−1, …, layer+1 (the ones the gradient crosses to reach ``layer``)."""
    L = net.depth
    norms = [float(np.sqrt(np.vdot(g, g))) for g in net.da]
    chain, cumulative = [], 1.0
    for m in range(L, layer, -1):
        gain = norms[m - 1] / norms[m] if norms[m] > 0 else 0.0
        cumulative *= gain
        fp = net.fprime[m - 1]
        chain.append(LayerFactor(m, f"layer {m}" if m < L else "output", gain, float(np.mean(np.abs(fp))),
                                 float(np.mean(np.abs(net.W[m - 1]))), cumulative))
    return chain


__all__ = ["Factor", "Path", "LayerFactor", "Derivation", "derive", "default_batch", "scratch_copy", "neuron_name"]
