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
    spec = trainer.spec
    topo = spec.topology
    if any(layer.batch_norm for layer in topo.layers):
        raise ValueError(Text("step-through needs a network without batch norm (it couples the batch)"))
    if any(layer.residual_from is not None for layer in topo.layers):
        raise ValueError(Text("step-through needs a network without residual links"))
    if topo.output.activation == "softmax":
        raise ValueError(Text("step-through needs element-wise output units (not softmax)"))
    if topo.n_edges() > MAX_EDGES:
        raise ValueError(Text("step-through shows one line per weight: at most {limit} weights, "
                              "this network has {count}", limit=MAX_EDGES, count=topo.n_edges()))

    loss = spec.train.loss
    net = copy.copy(trainer.network)  # shares parameters (read only), own caches
    net.clear_cache()
    x, t = trainer.x_train[:1], trainer.t_train[:1]
    with np.errstate(all="ignore"):
        net.forward(x, training=True)
        net.loss_value(t, loss)
        net.backward(t, loss)

    sizes, L = net.sizes, net.depth
    name = lambda l, m: neuron_name(sizes, l, m)  # noqa: E731
    wl = spec.weight_label
    fn = [net.activations[k].name for k in range(L)]
    live = [(np.ones((sizes[k + 1], sizes[k]), bool) if net.masks[k] is None else net.masks[k] != 0)
            for k in range(L)]
    edges_of = lambda k: [(k, j, i) for j in range(sizes[k + 1]) for i in range(sizes[k]) if live[k][j, i]]  # noqa: E731
    units = lambda l: [(l, m) for m in range(sizes[l])]  # noqa: E731
    stages: list[Stage] = []

    # -- forward ----------------------------------------------------------------------------------
    for k in range(L):
        l = k + 1
        lines = []
        for j in range(sizes[l]):
            me = name(l, j)
            ins = [i for i in range(sizes[k]) if live[k][j, i]]
            sym = " + ".join(f"{wl(k, j, i)}·out_{name(k, i)}" if k else f"{wl(k, j, i)}·{name(k, i)}"
                             for i in ins)
            num = " + ".join(f"{_n(net.W[k][j, i])}·{_n(net.a[k][0, i])}" for i in ins)
            lines.append(Line(f"net_{me}", f"{sym} + b_{me} = {num} + {_n(net.b[k][j])}", float(net.z[k][0, j])))
            lines.append(Line(f"out_{me}", f"{fn[k]}(net_{me}) = {fn[k]}({_n(net.z[k][0, j])})",
                              float(net.a[l][0, j])))
        title = (Text("Forward pass: output layer") if l == L else
                 Text("Forward pass: hidden layer {layer}", layer=l) if L > 2 else Text("Forward pass: hidden layer"))
        stages.append(Stage(f"forward-{l}", "forward", title, lines, units(k) + units(l), edges_of(k)))

    # -- loss ---------------------------------------------------------------------------------------
    lines = []
    out, tgt = net.a[L][0], t[0]
    for j in range(sizes[L]):
        o = name(L, j)
        if loss == "half-sse":
            e = 0.5 * (tgt[j] - out[j]) ** 2
            lines.append(Line(f"E_{o}", f"½(target_{o} − out_{o})² = ½({_n(tgt[j])} − {_n(out[j])})²", float(e)))
    total = float(net.loss)
    if loss == "half-sse":
        lines.append(Line("E_total", " + ".join(f"E_{name(L, j)}" for j in range(sizes[L])), total))
    else:
        lines.append(Line("E_total", Text("{loss} of out against the target", loss=loss), total))
    stages.append(Stage("loss", "loss", Text("Loss"), lines, units(L)))

    # -- backward -----------------------------------------------------------------------------------
    # δ of layer L, then for each lower layer: ∂E/∂out summed over paths, δ, weight gradients.
    delta = net.dz  # ∂E/∂net per layer (batch of 1, so per-sample values)
    lines = []
    for j in range(sizes[L]):
        o = name(L, j)
        if loss == "half-sse":
            lines.append(Line(f"∂E/∂out_{o}", f"out_{o} − target_{o} = {_n(out[j])} − {_n(tgt[j])}",
                              float(net.da[L][0, j])))
        else:
            lines.append(Line(f"∂E/∂out_{o}", Text("derivative of {loss}", loss=loss), float(net.da[L][0, j])))
        if fn[L - 1] == "sigmoid":
            lines.append(Line(f"∂out_{o}/∂net_{o}", f"out_{o}·(1 − out_{o}) = {_n(out[j])}·(1 − {_n(out[j])})",
                              float(net.fprime[L - 1][0, j])))
        else:
            lines.append(Line(f"∂out_{o}/∂net_{o}", f"{fn[L - 1]}′(net_{o})", float(net.fprime[L - 1][0, j])))
        lines.append(Line(f"δ_{o}", f"∂E/∂out_{o} · ∂out_{o}/∂net_{o}", float(delta[L - 1][0, j])))
    stages.append(Stage(f"delta-{L}", "backward", Text("Backward pass: output deltas δ = ∂E/∂net"), lines, units(L),
                        note=Text("With a fused loss (bce, cross-entropy) δ = out − target directly.")
                        if loss in ("bce", "cross-entropy") else ""))

    for k in range(L - 1, -1, -1):
        l = k + 1
        # weight gradients of W_k: ∂E/∂w = δ_{l,j} · out_{l-1,i}
        lines = []
        for (_, j, i) in edges_of(k):
            me, src = name(l, j), name(k, i)
            src_sym = f"out_{src}" if k else src
            lines.append(Line(f"∂E/∂{wl(k, j, i)}", f"δ_{me} · {src_sym} = {_n(delta[k][0, j])}·{_n(net.a[k][0, i])}",
                              float(net.dW[k][j, i])))
        if L > 2:
            title = (Text("Backward pass: gradients of the output-layer weights (W{layer})", layer=l) if l == L
                     else Text("Backward pass: gradients of the hidden-layer weights (W{layer})", layer=l))
        else:
            title = (Text("Backward pass: gradients of the output-layer weights") if l == L
                     else Text("Backward pass: gradients of the hidden-layer weights"))
        stages.append(Stage(f"grad-{l}", "backward", title, lines, units(k) + units(l), edges_of(k)))
        if k == 0:
            break
        # error reaching each output of layer k, one path per outgoing edge, then δ of layer k
        lines = []
        for i in range(sizes[k]):
            me = name(k, i)
            terms = []
            for j in range(sizes[l]):
                if not live[k][j, i]:
                    continue
                nxt = name(l, j)
                v = float(delta[k][0, j] * net.W[k][j, i])
                terms.append(f"∂E_{nxt}/∂out_{me}")
                lines.append(Line(f"∂E_{nxt}/∂out_{me}",
                                  f"δ_{nxt} · {wl(k, j, i)} = {_n(delta[k][0, j])}·{_n(net.W[k][j, i])}", v))
            lines.append(Line(f"∂E/∂out_{me}", " + ".join(terms) if terms else Text("0 (no outgoing edges)"),
                              float(net.da[k][0, i])))
            if fn[k - 1] == "sigmoid":
                a = float(net.a[k][0, i])
                lines.append(Line(f"∂out_{me}/∂net_{me}", f"out_{me}·(1 − out_{me}) = {_n(a)}·(1 − {_n(a)})",
                                  float(net.fprime[k - 1][0, i])))
            else:
                lines.append(Line(f"∂out_{me}/∂net_{me}", f"{fn[k - 1]}′(net_{me})", float(net.fprime[k - 1][0, i])))
            lines.append(Line(f"δ_{me}", f"∂E/∂out_{me} · ∂out_{me}/∂net_{me}", float(delta[k - 1][0, i])))
        stages.append(Stage(f"delta-{k}", "backward",
                            Text("Backward pass: the error reaching each hidden unit, summed over its paths"),
                            lines, units(k) + units(l), edges_of(k),
                            note=Text("Each hidden output feeds every unit above it, so its gradient is the "
                                      "sum of one term per path.")))

    # -- update -------------------------------------------------------------------------------------
    lr = trainer.lr
    lines = []
    for k in range(L):
        for (_, j, i) in edges_of(k):
            w, g = float(net.W[k][j, i]), float(net.dW[k][j, i])
            lines.append(Line(f"{wl(k, j, i)}⁺", f"{wl(k, j, i)} − η·∂E/∂{wl(k, j, i)} = {_n(w)} − {_n(lr)}·{_n(g)}",
                              w - lr * g))
    cfg = spec.train
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
    stages.append(Stage("update", "update", Text("Update: w⁺ = w − η·∂E/∂w (η = {lr:g})", lr=lr), lines,
                        [n for l in range(L + 1) for n in units(l)],
                        [e for k in range(L) for e in edges_of(k)], note))
    return stages


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
