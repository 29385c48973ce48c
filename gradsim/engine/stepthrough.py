"""The lecture's hand computation as a sequence of stages, one per click.

Forward pass (layer by layer), loss, backward pass (output δs, output-layer weight gradients, the
error reaching each hidden output summed over its paths, hidden-layer weight gradients, …), and the
plain gradient-descent update ``w⁺ = w − η·∂E/∂w`` — each line with its formula, the numbers
substituted, and its value, plus the neurons and edges the canvas should highlight.

Everything is computed from the trainer's *current* parameters on its first training sample with a
scratch pass (the trainer is neither stepped nor disturbed), so the stages stay right as training
proceeds. Written for the seed preset (names w1…w8, i1/h1/o1) but valid for any plain feed-forward
net of modest size without batch norm or residual links (their factors are not per-neuron
scalars). The loss lines spell out the seed's ``E = Σ ½(t − out)²``; other losses show their
∂E/∂out numerically.

Ids: a neuron is ``(layer, index)`` with layer 0 the inputs; an edge is ``(k, j, i)``, the weight
``W{k+1}[j, i]`` from neuron ``(k, i)`` to neuron ``(k+1, j)``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from .chain_rule import neuron_name
from .text import Text, joined

MAX_EDGES = 200  # beyond this, one line per weight is no longer readable


@dataclass
class Line:
    symbol: str
    formula: str   # symbolic form, then the numbers substituted ("w1·i1 + … = 0.15·0.05 + …")
    #                (a Text where it has words: the UI translates those, see gradsim.engine.text)
    value: float


@dataclass
class Stage:
    key: str                     # stable id, e.g. "forward-1", "loss", "delta-2", "update"
    phase: str                   # "forward" | "loss" | "backward" | "update"
    title: str                   # a Text (gradsim.engine.text), as is a non-empty note
    lines: list[Line]
    neurons: list[tuple[int, int]] = field(default_factory=list)
    edges: list[tuple[int, int, int]] = field(default_factory=list)
    note: str = ""

    def value(self, symbol: str) -> float:
        for line in self.lines:
            if line.symbol == symbol:
                return line.value
        raise KeyError(symbol)


def _n(v: float) -> str:
    """A number as the lecture writes it (enough digits to check by hand); negatives bracketed."""
    text = f"{float(v):.9g}"
    return f"(−{text[1:]})" if text.startswith("-") else text


def build_stages(trainer) -> list[Stage]:
    """All stages for ``trainer``'s current parameters and first training sample."""
    _check_network(trainer.spec.topology)
    p = _Pass(trainer)
    stages = [_forward_stage(p, k) for k in range(p.L)]
    stages += [_loss_stage(p), _output_delta_stage(p)]
    for k in range(p.L - 1, -1, -1):  # down the layers: W_k's gradients, then the error reaching layer k
        stages.append(_weight_gradient_stage(p, k))
        if k:
            stages.append(_hidden_delta_stage(p, k))
    stages.append(_update_stage(p, trainer))
    return stages


def _check_network(topo) -> None:
    if any(layer.batch_norm for layer in topo.layers):
        raise ValueError(Text("step-through needs a network without batch norm (it couples the batch)"))
    if any(layer.residual_from is not None for layer in topo.layers):
        raise ValueError(Text("step-through needs a network without residual links"))
    if topo.output.activation == "softmax":
        raise ValueError(Text("step-through needs element-wise output units (not softmax)"))
    if topo.n_edges() > MAX_EDGES:
        raise ValueError(Text("step-through shows one line per weight: at most {limit} weights, "
                              "this network has {count}", limit=MAX_EDGES, count=topo.n_edges()))


class _Pass:
    """A scratch forward and backward pass of the first training sample (the trainer's own caches and
    parameters untouched), and the names the stages give its parts."""

    def __init__(self, trainer):
        spec = trainer.spec
        self.spec, self.loss = spec, spec.train.loss
        net = self.net = copy.copy(trainer.network)  # shares parameters (read only), own caches
        net.clear_cache()
        x, self.t = trainer.x_train[:1], trainer.t_train[:1]
        with np.errstate(all="ignore"):
            net.forward(x, training=True)
            net.loss_value(self.t, self.loss)
            net.backward(self.t, self.loss)
        self.sizes, self.L = net.sizes, net.depth
        self.fn = [net.activations[k].name for k in range(self.L)]
        self.live = [(np.ones((self.sizes[k + 1], self.sizes[k]), bool) if net.masks[k] is None else net.masks[k] != 0)
                     for k in range(self.L)]
        self.delta = net.dz  # ∂E/∂net per layer (batch of 1, so per-sample values)

    def name(self, l: int, m: int) -> str:
        return neuron_name(self.sizes, l, m)

    def wl(self, k: int, j: int, i: int) -> str:
        return self.spec.weight_label(k, j, i)

    def edges_of(self, k: int) -> list[tuple[int, int, int]]:
        return [(k, j, i) for j in range(self.sizes[k + 1]) for i in range(self.sizes[k]) if self.live[k][j, i]]

    def units(self, l: int) -> list[tuple[int, int]]:
        return [(l, m) for m in range(self.sizes[l])]

    def fprime_line(self, layer: int, k: int, m: int) -> Line:
        """``∂out/∂net`` of unit m of ``layer`` (weight matrix k feeds it): written out for sigmoid."""
        me, net = self.name(layer, m), self.net
        if self.fn[k] == "sigmoid":
            a = float(net.a[layer][0, m])
            return Line(f"∂out_{me}/∂net_{me}", f"out_{me}·(1 − out_{me}) = {_n(a)}·(1 − {_n(a)})",
                        float(net.fprime[k][0, m]))
        return Line(f"∂out_{me}/∂net_{me}", f"{self.fn[k]}′(net_{me})", float(net.fprime[k][0, m]))


def _forward_stage(p: _Pass, k: int) -> Stage:
    net, l, L = p.net, k + 1, p.L
    lines = []
    for j in range(p.sizes[l]):
        me = p.name(l, j)
        ins = [i for i in range(p.sizes[k]) if p.live[k][j, i]]
        sym = " + ".join(f"{p.wl(k, j, i)}·out_{p.name(k, i)}" if k else f"{p.wl(k, j, i)}·{p.name(k, i)}"
                         for i in ins)
        num = " + ".join(f"{_n(net.W[k][j, i])}·{_n(net.a[k][0, i])}" for i in ins)
        lines.append(Line(f"net_{me}", f"{sym} + b_{me} = {num} + {_n(net.b[k][j])}", float(net.z[k][0, j])))
        lines.append(Line(f"out_{me}", f"{p.fn[k]}(net_{me}) = {p.fn[k]}({_n(net.z[k][0, j])})",
                          float(net.a[l][0, j])))
    title = (Text("Forward pass: output layer") if l == L else
             Text("Forward pass: hidden layer {layer}", layer=l) if L > 2 else Text("Forward pass: hidden layer"))
    return Stage(f"forward-{l}", "forward", title, lines, p.units(k) + p.units(l), p.edges_of(k))


def _loss_stage(p: _Pass) -> Stage:
    L, net = p.L, p.net
    lines = []
    out, tgt = net.a[L][0], p.t[0]
    for j in range(p.sizes[L]):
        o = p.name(L, j)
        if p.loss == "half-sse":
            e = 0.5 * (tgt[j] - out[j]) ** 2
            lines.append(Line(f"E_{o}", f"½(target_{o} − out_{o})² = ½({_n(tgt[j])} − {_n(out[j])})²", float(e)))
    total = float(net.loss)
    if p.loss == "half-sse":
        lines.append(Line("E_total", " + ".join(f"E_{p.name(L, j)}" for j in range(p.sizes[L])), total))
    else:
        lines.append(Line("E_total", Text("{loss} of out against the target", loss=p.loss), total))
    return Stage("loss", "loss", Text("Loss"), lines, p.units(L))


def _output_delta_stage(p: _Pass) -> Stage:
    L, net = p.L, p.net
    out, tgt = net.a[L][0], p.t[0]
    lines = []
    for j in range(p.sizes[L]):
        o = p.name(L, j)
        if p.loss == "half-sse":
            lines.append(Line(f"∂E/∂out_{o}", f"out_{o} − target_{o} = {_n(out[j])} − {_n(tgt[j])}",
                              float(net.da[L][0, j])))
        else:
            lines.append(Line(f"∂E/∂out_{o}", Text("derivative of {loss}", loss=p.loss), float(net.da[L][0, j])))
        lines.append(p.fprime_line(L, L - 1, j))
        lines.append(Line(f"δ_{o}", f"∂E/∂out_{o} · ∂out_{o}/∂net_{o}", float(p.delta[L - 1][0, j])))
    return Stage(f"delta-{L}", "backward", Text("Backward pass: output deltas δ = ∂E/∂net"), lines, p.units(L),
                 note=Text("With a fused loss (bce, cross-entropy) δ = out − target directly.")
                 if p.loss in ("bce", "cross-entropy") else "")


def _weight_gradient_stage(p: _Pass, k: int) -> Stage:
    """∂E/∂w = δ_{l,j} · out_{l-1,i} for every weight of W_k."""
    net, l, L = p.net, k + 1, p.L
    lines = []
    for (_, j, i) in p.edges_of(k):
        me, src = p.name(l, j), p.name(k, i)
        src_sym = f"out_{src}" if k else src
        lines.append(Line(f"∂E/∂{p.wl(k, j, i)}", f"δ_{me} · {src_sym} = {_n(p.delta[k][0, j])}·{_n(net.a[k][0, i])}",
                          float(net.dW[k][j, i])))
    if L > 2:
        title = (Text("Backward pass: gradients of the output-layer weights (W{layer})", layer=l) if l == L
                 else Text("Backward pass: gradients of the hidden-layer weights (W{layer})", layer=l))
    else:
        title = (Text("Backward pass: gradients of the output-layer weights") if l == L
                 else Text("Backward pass: gradients of the hidden-layer weights"))
    return Stage(f"grad-{l}", "backward", title, lines, p.units(k) + p.units(l), p.edges_of(k))


def _hidden_delta_stage(p: _Pass, k: int) -> Stage:
    """The error reaching each output of layer k, one path per outgoing edge, then δ of layer k."""
    net, l = p.net, k + 1
    lines = []
    for i in range(p.sizes[k]):
        me = p.name(k, i)
        terms = []
        for j in range(p.sizes[l]):
            if not p.live[k][j, i]:
                continue
            nxt = p.name(l, j)
            v = float(p.delta[k][0, j] * net.W[k][j, i])
            terms.append(f"∂E_{nxt}/∂out_{me}")
            lines.append(Line(f"∂E_{nxt}/∂out_{me}",
                              f"δ_{nxt} · {p.wl(k, j, i)} = {_n(p.delta[k][0, j])}·{_n(net.W[k][j, i])}", v))
        lines.append(Line(f"∂E/∂out_{me}", " + ".join(terms) if terms else Text("0 (no outgoing edges)"),
                          float(net.da[k][0, i])))
        lines.append(p.fprime_line(k, k - 1, i))
        lines.append(Line(f"δ_{me}", f"∂E/∂out_{me} · ∂out_{me}/∂net_{me}", float(p.delta[k - 1][0, i])))
    return Stage(f"delta-{k}", "backward",
                 Text("Backward pass: the error reaching each hidden unit, summed over its paths"),
                 lines, p.units(k) + p.units(l), p.edges_of(k),
                 note=Text("Each hidden output feeds every unit above it, so its gradient is the "
                           "sum of one term per path."))


def _update_stage(p: _Pass, trainer) -> Stage:
    net, L, lr = p.net, p.L, trainer.lr
    lines = []
    for k in range(L):
        for (_, j, i) in p.edges_of(k):
            w, g = float(net.W[k][j, i]), float(net.dW[k][j, i])
            wl = p.wl(k, j, i)
            lines.append(Line(f"{wl}⁺", f"{wl} − η·∂E/∂{wl} = {_n(w)} − {_n(lr)}·{_n(g)}", w - lr * g))
    cfg = p.spec.train
    note = Text("Every gradient was taken at the old weights; all weights change together.")
    differs = []
    if cfg.optimizer != "sgd":
        differs.append(Text("the {optimizer} optimiser", optimizer=cfg.optimizer))
    if cfg.clip_mode != "none":
        differs.append(Text("clipping"))
    if len(trainer.x_train) > 1 and (cfg.batch_size is None or cfg.batch_size > 1):
        differs.append(Text("a batch of several samples"))
    if differs:
        note = Text("{note} This run trains with {differences}, so its real step differs.",
                    note=note, differences=joined(differs))
    return Stage("update", "update", Text("Update: w⁺ = w − η·∂E/∂w (η = {lr:g})", lr=lr), lines,
                 [n for l in range(L + 1) for n in p.units(l)], [e for k in range(L) for e in p.edges_of(k)], note)


def stages_for(spec, weights, biases, lr: float | None = None) -> list[Stage]:
    """Stages for ``spec`` at the given parameters (e.g. a snapshot's copies) — no live trainer needed.

    Lets the GUI thread build the stages while the real trainer lives in a worker thread.
    """
    from .trainer import Trainer

    s = spec.copy()
    s.parameters = [{"weights": np.array(w, copy=True), "biases": np.array(b, copy=True)}
                    for w, b in zip(weights, biases)]
    if lr is not None:
        s.train.lr = float(lr)
    return build_stages(Trainer(s))


class StepThrough:
    """A cursor over :func:`build_stages` that survives refreshes (training between clicks)."""

    def __init__(self, trainer):
        self.stages = build_stages(trainer)
        self.index = 0

    def __len__(self) -> int:
        return len(self.stages)

    @property
    def current(self) -> Stage:
        return self.stages[self.index]

    @property
    def at_end(self) -> bool:
        return self.index == len(self.stages) - 1

    def next(self) -> Stage:
        self.index = min(self.index + 1, len(self.stages) - 1)
        return self.current

    def prev(self) -> Stage:
        self.index = max(self.index - 1, 0)
        return self.current

    def reset(self) -> Stage:
        self.index = 0
        return self.current

    def refresh(self, trainer) -> Stage:
        """Recompute from the trainer's current parameters, staying on the same stage."""
        key = self.current.key
        self.stages = build_stages(trainer)
        keys = [s.key for s in self.stages]
        self.index = keys.index(key) if key in keys else 0
        return self.current


__all__ = ["Line", "Stage", "StepThrough", "build_stages", "stages_for"]
