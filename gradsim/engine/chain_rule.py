"""The chain rule for one weight, with the numbers: the lecture's hand derivation, automated.

A derivation is a tree of equations (:class:`Node`) in which every node *equals* the product, sum
or mean of its children — exactly, with the numbers shown — and the root is ∂E/∂w.

For an output weight (the seed's w5)::

    ∂E/∂w5 = ∂E/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5

For an earlier weight (the seed's w1) the error reaches ``out_h1`` along every edge leaving h1, and
the paths add up::

    ∂E/∂w1 = (∂E_o1/∂out_h1 + ∂E_o2/∂out_h1) · ∂out_h1/∂net_h1 · ∂net_h1/∂w1,
    ∂E_o1/∂out_h1 = ∂E/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂out_h1

A deep net has exponentially many paths, so a path stops at the next layer's δ = ∂E/∂net (a leaf:
backprop's own sum over every later path); a residual link is one more path (the identity's "+1").

**Batches.** The loss is the mean of the samples' losses, E = (1/B)·Σ E_b, so ∂E/∂w is the mean of
the samples' ∂E_b/∂w: the root is a ``mean`` node over the batch, one sample's chain written out in
full (``sample``, every factor that sample's own number), the others as leaves. Per-sample factors
multiply exactly; batch means of factors would not (the mean of a product is not the product of
the means).

**Batch norm** couples the samples: a sample's δ after BN is not its own ∂E/∂u alone but
γ/σ · (∂E/∂u − mean(∂E/∂u) − ẑ·mean(ẑ·∂E/∂u)), the batch mean and variance moving with every
sample. The tree writes exactly that.

:attr:`Derivation.layer_chain` gives the per-layer backward gains from the output's δ down to the
weight's layer, and :attr:`Derivation.verdict` judges the weight's path by the definition and
thresholds of :mod:`gradsim.engine.diagnosis`.
"""

from __future__ import annotations

import copy
import math
from dataclasses import asdict, dataclass, field

import numpy as np

from . import losses
from .diagnosis import Diagnosis, PathSignals, chance_loss, path_verdict
from .metrics import SATURATION_THRESHOLD
from .text import Text

MAX_BATCH = 32  # samples a derivation uses at most (the first ones of the training set)
# what a node is (Node.kind), for views and lessons that point at a kind of factor
NODE_KINDS = ("sample", "samples", "sample-term", "chain", "output-grad", "fprime", "input", "weight", "delta",
              "paths", "path", "skip", "bn", "bn-scale", "bn-centred", "bn-mean", "bn-var")


@dataclass
class Node:
    """One equation of a derivation: ``value`` = op(children) (a leaf is a number from backprop's
    pass). ``kind`` tells a view what the node is (``delta``, ``fprime``, ``input``, ``weight``,
    ``paths``, ``path``, ``skip``, ``bn``, ``bn-scale``, ``bn-mean``, ``bn-var``, ``samples``,
    ``sample``…); ``sample`` (1-based) marks the root of one sample's chain."""

    op: str                        # "product" | "sum" | "mean" | "leaf"
    name: str
    value: float
    children: list["Node"] = field(default_factory=list)
    meaning: str = ""              # a Text: English here, translated by the UI
    kind: str = ""
    sample: int | None = None

    def to_dict(self) -> dict:
        d = {"op": self.op, "name": self.name, "value": self.value,
             "children": [c.to_dict() for c in self.children]}
        if self.meaning:
            d["meaning"] = self.meaning
        if self.kind:
            d["kind"] = self.kind
        if self.sample is not None:
            d["sample"] = self.sample
        return d

    def walk(self):
        """This node and every node below it, depth first."""
        yield self
        for c in self.children:
            yield from c.walk()


def combine(op: str, values: list[float]) -> float:
    """The value of an ``op`` node with these children: ``math.prod``; an exactly rounded sum
    (``math.fsum``); a mean as that sum over the count. Views and tests recompute with this."""
    if op == "product":
        return float(math.prod(values))
    try:
        total = math.fsum(values)
    except (OverflowError, ValueError):  # ∞ − ∞, or an intermediate overflow: plain float arithmetic
        total = float(sum(values))
    return total / len(values) if op == "mean" else total


def _leaf(name, value, meaning="", kind="") -> Node:
    return Node("leaf", name, float(value), [], meaning, kind)


def _node(op, name, children, meaning="", kind="") -> Node:
    return Node(op, name, combine(op, [c.value for c in children]), children, meaning, kind)


@dataclass
class LayerFactor:
    """How layer ``layer`` scales the gradient passing back through it."""

    layer: int            # network layer index (1..L)
    label: str            # "output" or "layer m"
    gain: float           # ‖∂E/∂a_{layer−1}‖ / ‖∂E/∂a_layer‖ (the output: / ‖∂E/∂net_output‖)
    mean_fprime: float    # mean |f′(u)| over the layer's units and the batch (NaN for the output)
    mean_abs_weight: float
    cumulative: float     # product of the gains from the output down to this layer
    hidden: bool          # a hidden layer: part of the hidden flow the verdict judges


@dataclass
class Derivation:
    weight: str
    k: int
    j: int
    i: int
    kind: str                      # "output" | "hidden"
    tree: Node                     # root: ∂E/∂w; every node = op(children)
    backprop: float                # ∂E/∂w from the network's backward pass (BLAS, not the tree)
    layer_chain: list[LayerFactor]
    verdict: Diagnosis
    loss: float                    # E on the derivation's batch
    batch_size: int = 1
    sample: int = 0                # which sample's chain is written out (0-based)
    step: int | None = None        # the trainer's step count (weights after that many updates)
    formula: str = ""

    @property
    def total(self) -> float:
        """∂E/∂w as the tree computes it (equals :attr:`backprop` up to rounding)."""
        return self.tree.value

    gradient = total

    @property
    def sample_tree(self) -> Node:
        """The written-out sample's chain (the root itself for a batch of one)."""
        if self.tree.op != "mean":
            return self.tree
        return next(c for c in self.tree.children if c.children)

    @property
    def hidden_flow(self) -> float:
        """‖∂E/∂a_layer‖ / ‖∂E/∂a_H‖: the product of the hidden layers' gains above the weight."""
        gains = [c.gain for c in self.layer_chain if c.hidden]
        return float(math.prod(gains)) if gains else math.nan

    def to_dict(self) -> dict:
        return {
            "weight": self.weight, "matrix": self.k, "row": self.j, "column": self.i, "kind": self.kind,
            "step": self.step, "batch_size": self.batch_size, "sample": self.sample + 1,
            "formula": self.formula, "gradient": self.total, "backprop": self.backprop, "loss": self.loss,
            "tree": self.tree.to_dict(), "verdict": self.verdict.to_dict(),
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


def default_batch(trainer) -> tuple[np.ndarray, np.ndarray]:
    """The batch a derivation (and the finite-difference check) uses: the first training samples,
    as many as a training step takes (at most :data:`MAX_BATCH`) — one for the lecture's network."""
    n_train = len(trainer.x_train)
    bs = trainer.spec.train.batch_size or n_train
    n = max(1, min(MAX_BATCH, bs, n_train))
    if n < 2 and any(layer.batch_norm for layer in trainer.spec.topology.layers):
        n = min(2, n_train)  # batch norm cannot normalise one sample
    return trainer.x_train[:n], trainer.t_train[:n]


def scratch_copy(net):
    """A network sharing the parameters but with its own caches and BN running statistics."""
    scratch = copy.copy(net)
    scratch.running_mean = [None if m is None else m.copy() for m in net.running_mean]
    scratch.running_var = [None if v is None else v.copy() for v in net.running_var]
    scratch.clear_cache()
    return scratch


def derive(source, x=None, t=None, loss: str | None = None, k: int = 0, j: int = 0, i: int = 0,
           label: str | None = None, sample: int = 0) -> Derivation:
    """Derive ∂E/∂W{k+1}[j, i] on the batch ``(x, t)``, writing out sample ``sample`` (0-based).

    ``source`` is a :class:`~gradsim.engine.trainer.Trainer` (then ``x``, ``t``, ``loss`` and
    ``label`` default to its :func:`default_batch`, its loss and its weight names) or a
    :class:`~gradsim.engine.network.Network`. The source's parameters and caches are left untouched.
    """
    return Deriver(source, x, t, loss).derive(k, j, i, label=label, sample=sample)


class Deriver:
    """One forward and backward pass of a scratch copy, from which any weight can be derived.

    ``Deriver(trainer).derive(k, j, i)`` is :func:`derive`; keeping the deriver saves the pass when
    many weights of the same state are wanted (the tests derive every weight of every preset).
    """

    def __init__(self, source, x=None, t=None, loss: str | None = None):
        from .network import Network

        self.spec = None
        self.step = None
        if isinstance(source, Network):
            net = source
            if x is None or t is None or loss is None:
                raise ValueError("derive(network, …) needs x, t and loss")
            chance = chance_loss(loss, np.asarray(t, dtype=float))
        else:
            trainer = source
            net = trainer.network
            self.spec = trainer.spec
            self.step = trainer.step_count
            loss = loss or trainer.spec.train.loss
            if x is None or t is None:
                x, t = default_batch(trainer)
            chance = (trainer.diagnosis_context.chance_loss if loss == trainer.spec.train.loss
                      else chance_loss(loss, trainer.t_train))
        self.loss_name = loss
        self.chance = chance
        s = self.net = scratch_copy(net)
        with np.errstate(all="ignore"):
            s.forward(np.asarray(x, dtype=net.dtype), training=True)
            self.loss = float(s.loss_value(np.asarray(t, dtype=net.dtype), loss))
            s.backward(np.asarray(t, dtype=net.dtype), loss)
            B = self.B = s.a[0].shape[0]
            # per-sample derivatives of the sample's own loss E_b (E = mean of them): B × the batch's
            self.da = [None if g is None else g * B for g in s.da]
            self.du = [g * B for g in s.du]
            self.dz = [g * B for g in s.dz]
            norms = [float(np.sqrt(np.vdot(g, g))) for g in s.da]
            self.da_norms = norms
            self.dz_out_norm = float(np.sqrt(np.vdot(s.dz[-1], s.dz[-1])))
        self.fused = losses.is_fused(loss)

    # -- names ---------------------------------------------------------------------------------
    def _n(self, layer: int, index: int) -> str:
        return neuron_name(self.net.sizes, layer, index)

    def _wlabel(self, k: int, j: int, i: int) -> str:
        return self.spec.weight_label(k, j, i) if self.spec is not None else f"W{k + 1}[{j},{i}]"

    # -- the tree ------------------------------------------------------------------------------
    def derive(self, k: int, j: int, i: int, label: str | None = None, sample: int = 0) -> Derivation:
        net, B = self.net, self.B
        L, sizes = net.depth, net.sizes
        if not 0 <= k < L:
            raise ValueError(f"weight matrix W{k + 1} does not exist (W1..W{L})")
        if not (0 <= j < sizes[k + 1] and 0 <= i < sizes[k]):
            raise ValueError(f"W{k + 1} has shape {sizes[k + 1]}x{sizes[k]}; [{j},{i}] is outside it")
        if net.masks[k] is not None and net.masks[k][j, i] == 0:
            raise ValueError(f"W{k + 1}[{j},{i}] is a removed edge: it has no gradient to derive")
        if not 0 <= sample < B:
            raise ValueError(f"sample {sample + 1} is not in the batch of {B} (samples 1..{B})")
        label = label or self._wlabel(k, j, i)
        layer = k + 1
        me = self._n(layer, j)
        with np.errstate(all="ignore"):
            a_in = net.a[k][:, i]
            chain = self._sample_chain(k, j, i, sample, label, me)
            if B == 1:
                root = chain
                root.name = f"∂E/∂{label}"
            else:
                terms = (self.dz[k][:, j] * a_in).tolist()
                children = [chain if b == sample else
                            Node("leaf", f"∂E/∂{label}", terms[b], [], "", "sample-term", b + 1) for b in range(B)]
                root = _node("mean", f"∂E/∂{label}", children,
                             Text("mean over the batch of {n} samples of each sample's ∂E/∂{weight}", n=B,
                                  weight=label), "samples")
            chain_factors = self._layer_chain(layer)
            verdict = path_verdict(self._signals(k, j, i, label, me, root, chain_factors))
        kind = "output" if layer == L else "hidden"
        return Derivation(label, k, j, i, kind, root, float(net.dW[k][j, i]), chain_factors, verdict, self.loss,
                          B, sample, self.step, self._formula(root, chain, label))

    def _sample_chain(self, k, j, i, b, label, me) -> Node:
        """∂E_b/∂w for sample ``b``: δ of the weight's unit times the input the weight multiplies."""
        net = self.net
        src = self._n(k, i)
        a_leaf = _leaf(f"∂net_{me}/∂{label}", net.a[k][b, i],
                       Text("= out_{source}, the input that {weight} multiplies", source=src, weight=label), "input")
        delta = self._delta(k + 1, j, b)
        children = ([*delta.children, a_leaf] if delta.op == "product" and delta.kind == "chain"
                    else [delta, a_leaf])
        node = _node("product", f"∂E/∂{label}", children, kind="sample")
        node.sample = b + 1
        return node

    def _delta(self, layer: int, m: int, b: int) -> Node:
        """∂E_b/∂net of unit ``m`` of ``layer``: written out (kind "chain" when its factors may be
        inlined into the weight's product) rather than taken from backprop as a leaf."""
        net = self.net
        k = layer - 1
        n = self._n(layer, m)
        if net.gamma[k] is not None:
            return self._bn_delta(layer, m, b)
        if layer == net.depth:
            if self.fused:
                return _leaf(f"∂E/∂net_{n}", self.du[k][b, m], self._fused_meaning(), "delta")
            return _node("product", f"∂E/∂net_{n}", [self._dE_dout_output(m, b), self._fprime(k, m, b, "net")],
                         kind="chain")
        return _node("product", f"∂E/∂net_{n}", [self._paths(layer, m, b), self._fprime(k, m, b, "net")],
                     kind="chain")

    def _bn_delta(self, layer: int, m: int, b: int) -> Node:
        """δ after batch norm's coupling: γ/σ · (∂E/∂u − mean(∂E/∂u) − ẑ·mean(ẑ·∂E/∂u))."""
        net = self.net
        k = layer - 1
        n = self._n(layer, m)
        du = self.du[k][:, m]
        zhat = net.zhat[k][:, m]
        scale = float(net.gamma[k][m] * net.inv_std[k][m])
        if layer == net.depth and self.fused:
            dE_du = _leaf(f"∂E/∂u_{n}", du[b], self._fused_meaning(), "delta")
        elif layer == net.depth:
            dE_du = _node("product", f"∂E/∂u_{n}", [self._dE_dout_output(m, b), self._fprime(k, m, b, "u")])
        else:
            dE_du = _node("product", f"∂E/∂u_{n}", [self._paths(layer, m, b), self._fprime(k, m, b, "u")])
        centred = _node("sum", f"centred ∂E/∂u_{n}", [
            dE_du,
            _leaf(f"−mean ∂E/∂u_{n}", -float(np.mean(du)),
                  Text("minus the batch mean of ∂E/∂u: the mean moves with every sample"), "bn-mean"),
            _leaf(f"−ẑ·mean(ẑ·∂E/∂u_{n})", -float(zhat[b] * np.mean(du * zhat)),
                  Text("minus the part along ẑ: the batch variance moves with every sample"), "bn-var"),
        ], kind="bn-centred")
        return _node("product", f"∂E/∂net_{n}", [
            _leaf(f"γ_{n}/σ_{n}", scale, Text("batch norm's scale γ over the batch's standard deviation σ"),
                  "bn-scale"),
            centred], Text("through batch norm, which couples this sample to the batch"), "bn")

    def _fused_meaning(self) -> str:
        n_out = self.net.sizes[-1]
        if self.loss_name == "bce" and n_out > 1:
            return Text("(out − target) / {n}: the loss is fused with the output and averaged over {n} outputs",
                        n=n_out)
        return Text("out − target (fused with the loss)")

    def _dE_dout_output(self, m: int, b: int) -> Node:
        n = self._n(self.net.depth, m)
        return _leaf(f"∂E/∂out_{n}", self.da[-1][b, m], Text("how the error changes with this output"), "output-grad")

    def _fprime(self, k: int, m: int, b: int, wrt: str) -> Node:
        n = self._n(k + 1, m)
        return _leaf(f"∂out_{n}/∂{wrt}_{n}", self.net.fprime[k][b, m],
                     Text("{activation}′ at {wrt}_{neuron}", activation=self.net.activations[k].name, wrt=wrt,
                          neuron=n), "fprime")

    def _paths(self, layer: int, j: int, b: int) -> Node:
        """∂E_b/∂out of unit ``j`` of ``layer``: the sum over every route to the error."""
        net = self.net
        L = net.depth
        me = self._n(layer, j)
        paths = []
        W_next, mask = net.W[layer], net.masks[layer]
        for m in range(net.sizes[layer + 1]):
            if mask is not None and mask[m, j] == 0:
                continue
            nxt = self._n(layer + 1, m)
            w = _leaf(f"∂net_{nxt}/∂out_{me}", W_next[m, j], Text("= {weight}", weight=self._wlabel(layer, m, j)),
                      "weight")
            if layer + 1 == L and not self.fused and net.gamma[layer] is None:
                factors = [self._dE_dout_output(m, b), self._fprime(layer, m, b, "net"), w]  # the lecture's w1
            else:
                why = (Text("through batch norm (couples the batch)") if net.gamma[layer] is not None else
                       self._fused_meaning() if layer + 1 == L else
                       Text("δ, summed by backprop over every later path"))
                factors = [_leaf(f"∂E/∂net_{nxt}", self.dz[layer][b, m], why, "delta"), w]
            paths.append(_node("product", f"∂E_{nxt}/∂out_{me}", factors, kind="path"))
        for m in range(layer + 1, L + 1):
            if net.topology.layers[m - 1].residual_from != layer:
                continue
            via = Text("skip to layer {layer}", layer=m)
            if net.P[m - 1] is None:
                factors = [_leaf(f"∂E/∂out_{self._n(m, j)}", self.da[m][b, j], Text("gradient at the skip's target"),
                                 "delta"),
                           _leaf("∂(skip)/∂out", 1.0, Text("identity shortcut: the residual's +1"), "skip")]
                paths.append(_node("product", f"∂E_skip{m}/∂out_{me}", factors, via, "path"))
            else:  # a learned projection: Σ over the target layer's units of ∂E/∂out · P[r, j]
                terms = [_node("product", f"∂E_{self._n(m, r)}/∂out_{me}", [
                    _leaf(f"∂E/∂out_{self._n(m, r)}", self.da[m][b, r], Text("gradient at the skip's target"), "delta"),
                    _leaf(f"P{m}[{r},{j}]", net.P[m - 1][r, j], Text("learned projection shortcut"), "skip")])
                    for r in range(net.sizes[m])]
                paths.append(_node("sum", f"∂E_skip{m}/∂out_{me}", terms, via, "path"))
        return _node("sum", f"∂E/∂out_{me}",
                     paths, Text("every route from out_{neuron} to the error, added up", neuron=me), "paths")

    # -- the gains and the verdict -----------------------------------------------------------------
    def _layer_chain(self, layer: int) -> list[LayerFactor]:
        """Backward gains from the output's δ down to ``layer``'s output: the output weights first
        (‖∂E/∂a_{L−1}‖ / ‖∂E/∂net_L‖), then each hidden layer above ``layer``."""
        net = self.net
        L = net.depth
        norms = self.da_norms
        chain, cumulative = [], 1.0
        for m in range(L, layer, -1):
            above = self.dz_out_norm if m == L else norms[m]
            below = norms[m - 1]
            gain = below / above if above > 0 else (0.0 if below == 0 else math.inf)
            cumulative *= gain
            fp = math.nan if m == L else float(np.mean(np.abs(net.fprime[m - 1])))
            chain.append(LayerFactor(m, "output" if m == L else f"layer {m}", gain, fp,
                                     float(np.mean(np.abs(net.W[m - 1]))), cumulative, m < L))
        return chain

    def _signals(self, k, j, i, label, me, root, chain) -> PathSignals:
        net = self.net
        L = net.depth
        layer = k + 1
        fp = net.fprime[k][:, j]
        limit = SATURATION_THRESHOLD * net.activations[k].max_derivative
        # a fused output's δ is out − target: its own slope does not scale the gradient
        slope_counts = not (layer == L and self.fused and net.gamma[k] is None)
        dead_above = next((m for m in range(layer + 1, L) if not np.any(net.fprime[m - 1])), None)
        gains = [c.gain for c in chain if c.hidden]
        finite = all(math.isfinite(n.value) for n in root.walk()) and all(math.isfinite(g) for g in gains)
        return PathSignals(
            weight=label, layer=layer, depth=L, unit=me, source=self._n(k, i), source_hidden=0 < k < L,
            unit_dead=slope_counts and not np.any(fp), source_dead=0 < k and not np.any(net.a[k][:, i]),
            unit_saturated=float(np.mean(np.abs(fp) < limit)) if slope_counts else 0.0, dead_layer_above=dead_above,
            flow=float(math.prod(gains)) if gains else math.nan, loss=self.loss, chance_loss=self.chance,
            finite=finite)

    @staticmethod
    def _formula(root: Node, chain: Node, label: str) -> str:
        def term(n: Node) -> str:
            if n.op == "sum":
                return "(" + " + ".join(c.name for c in n.children) + ")"
            return n.name

        body = " · ".join(term(c) for c in chain.children)
        if root.op == "mean":
            return f"∂E/∂{label} = mean over the {len(root.children)} samples of [{body}]"
        return f"∂E/∂{label} = {body}"


__all__ = ["Node", "LayerFactor", "Derivation", "Deriver", "derive", "default_batch", "scratch_copy",
           "neuron_name", "combine", "MAX_BATCH", "NODE_KINDS"]
