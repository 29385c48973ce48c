"""The chain rule for one weight of a recurrent network: a sum over time steps, with the numbers.

A recurrent weight is used at every time step, so its gradient is the sum of the steps'
contributions — backpropagation through time is the lecture's chain rule with the shared weight's
paths added up over time::

    ∂E/∂weight_hh[j,i] = Σ_t ∂E/∂a_t[j] · h_{t−1}[i]        (a_t: the gate's pre-activation)
    ∂E/∂weight_ih[j,i] = Σ_t ∂E/∂a_t[j] · x_t[i]

and each step's δ = ∂E/∂a_t[j] is written out as the cell makes it: ∂E/∂h_t · f′ for an Elman cell;
for an LSTM through the cell state (∂E/∂c_t · g · σ′ for the input gate, and so on), with ∂E/∂c_t
itself the sum of the path through h_t and the additive path ∂E/∂c_{t+1} · f_{t+1} from the next
step; for a GRU through h_t's gates (the n gate's hidden part also times r). ∂E/∂h_t and
∂E/∂c_{t+1} are leaves: backpropagation through time's own sums over every later path.

As in :mod:`gradsim.engine.chain_rule`, the tree is a :class:`Node` in which every node equals the
product, exactly rounded sum or mean of its children (:func:`combine`) and the root is ∂E/∂w; with a
batch the root is the mean over the samples, one sample's chain written out, the others leaves
(a recurrent network's samples do not interact, so a sample's factors are its own numbers).
Under truncated BPTT the δ's are the truncated ones (what training uses); steps the window does
not reach contribute 0.

:attr:`RecurrentDerivation.time_chain` gives the per-step gains of the memory state's gradient on
the batch (h; an LSTM's cell state c) from step T back to step 1, and ``gain_tree`` the product
‖∂E/∂s_{t₀}‖ = ‖∂E/∂s_T‖ · Π gains, an equation that holds like the others. The verdict is the
run's diagnosis through time (:mod:`gradsim.engine.diagnosis`) on the derivation's batch.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import asdict, dataclass

import numpy as np

from . import losses
from .cells import GATE_NAMES
from .chain_rule import MAX_BATCH, Node, _leaf, _node
from .diagnosis import Context, Diagnosis, TimeContext, chance_loss, diagnose
from .sequences import MANY_TO_MANY
from .text import Text

MATRICES = ("weight_ih", "weight_hh", "readout")
# How a weight selected as (k, j, i) names a recurrent network's matrices: the readout is layer k = 0
# as in a feed-forward network, the cell's two matrices take the negative indices.
MATRIX_INDEX = {"readout": 0, "weight_ih": -1, "weight_hh": -2}


@dataclass
class TimeFactor:
    """The memory state's gradient at step ``t`` on the derivation's batch."""

    t: int
    grad_norm: float     # ‖∂E/∂s_t‖ (s = h, or an LSTM's c)
    gain: float          # ‖∂E/∂s_t‖ / ‖∂E/∂s_{t+1}‖: one step back from t+1 (NaN at t = T)
    cumulative: float    # the product of the gains from T down to t: ‖∂E/∂s_t‖ / ‖∂E/∂s_T‖


@dataclass
class RecurrentDerivation:
    weight: str
    matrix: str                    # "weight_ih" | "weight_hh" | "readout"
    j: int
    i: int
    gate: str                      # the row's gate (i, f, g, o / r, z, n; "" for an Elman cell or the readout)
    unit: int                      # the hidden unit (or output) the row feeds
    tree: Node
    backprop: float                # the network's own ∂E/∂w (a matrix product, not the tree)
    time_chain: list[TimeFactor]
    gain_tree: Node | None
    verdict: Diagnosis
    loss: float
    batch_size: int
    sample: int
    step: int | None
    formula: str

    @property
    def k(self) -> int:
        """The matrix as a selection names it (:data:`MATRIX_INDEX`)."""
        return MATRIX_INDEX[self.matrix]

    @property
    def total(self) -> float:
        return self.tree.value

    gradient = total

    def to_dict(self) -> dict:
        return {
            "weight": self.weight, "matrix": self.matrix, "row": self.j, "column": self.i, "gate": self.gate,
            "unit": self.unit, "kind": "recurrent", "step": self.step, "batch_size": self.batch_size,
            "sample": self.sample + 1, "formula": self.formula, "gradient": self.total, "backprop": self.backprop,
            "loss": self.loss, "tree": self.tree.to_dict(), "verdict": self.verdict.to_dict(),
            "time_chain": [asdict(c) for c in self.time_chain],
            "gain_tree": None if self.gain_tree is None else self.gain_tree.to_dict(),
        }


def weight_shape(spec, matrix: str) -> tuple[int, int]:
    """(rows, columns) of ``matrix`` ("weight_ih", "weight_hh" or "readout") in ``spec``'s network."""
    from .sequences import INPUT_SIZES

    r = spec.recurrent
    return {"weight_ih": (r.gates * r.hidden_size, INPUT_SIZES[spec.data.name]),
            "weight_hh": (r.gates * r.hidden_size, r.hidden_size),
            "readout": (spec.topology.output.size, r.hidden_size)}[matrix]


def matrix_named(k: int) -> str:
    """The matrix a selection's ``k`` names (:data:`MATRIX_INDEX`); ValueError if none."""
    for name, index in MATRIX_INDEX.items():
        if index == k:
            return name
    raise ValueError(f"no recurrent matrix has index {k}")


def weight_exists(spec, k: int, j: int, i: int) -> bool:
    """(k, j, i) names a weight of ``spec``'s recurrent network (see :data:`MATRIX_INDEX`)."""
    if k not in MATRIX_INDEX.values():
        return False
    rows, cols = weight_shape(spec, matrix_named(k))
    return 0 <= j < rows and 0 <= i < cols


def parse_weight(spec, text: str) -> tuple[str, int, int]:
    """``weight_hh[3,5]`` → ("weight_hh", 3, 5), checked against the network's shapes."""
    m = re.fullmatch(r"\s*(weight_ih|weight_hh|readout)\[\s*(\d+)\s*,\s*(\d+)\s*\]\s*", text)
    if not m:
        raise ValueError(f"weight {text!r}: expected weight_ih[j,i], weight_hh[j,i] or readout[j,i]")
    name, j, i = m.group(1), int(m.group(2)), int(m.group(3))
    rows, cols = weight_shape(spec, name)
    if not (0 <= j < rows and 0 <= i < cols):
        raise ValueError(f"weight {text!r}: {name} has shape {rows}x{cols}")
    return name, j, i


def default_batch(trainer) -> tuple[np.ndarray, np.ndarray]:
    """The first training sequences, as many as a training step takes (at most :data:`MAX_BATCH`)."""
    n_train = len(trainer.x_train)
    n = max(1, min(MAX_BATCH, trainer.spec.train.batch_size or n_train, n_train))
    return trainer.x_train[:n], trainer.t_train[:n]


class RecurrentDeriver:
    """One forward and backward pass of a copy of the trainer's network (its caches untouched),
    from which any recurrent or readout weight can be derived."""

    def __init__(self, trainer, x=None, t=None):
        spec = trainer.spec
        self.spec, self.step = spec, trainer.step_count
        if x is None or t is None:
            x, t = default_batch(trainer)
        net = copy.copy(trainer.network)
        net._ws = None
        net.cancel = None
        net.clear_cache()
        self.net = net
        loss_name = spec.train.loss
        with np.errstate(all="ignore"):
            net.forward(np.asarray(x, dtype=net.dtype))
            self.loss = float(net.loss_value(t, loss_name))
            net.backward(t, loss_name)
        ws = net.workspace
        self.B, self.T, self.H = ws.B, ws.T, net.H
        B = self.B
        # per-sample derivatives of the sample's own loss E_b (E is the mean of them): B × the batch's
        self.dgi, self.dgh = ws.dgi * B, ws.dgh * B
        self.dh = ws.dh * B
        self.dc = None if ws.dc is None else ws.dc * B
        self.du_out = net.du_out * B
        self.loss_name = loss_name
        self.windowed = net.many_to_many and spec.recurrent.bptt is not None and spec.recurrent.bptt < self.T
        targets = np.asarray(t, dtype=float)
        self.context = Context(2, chance_loss(loss_name, targets.reshape(-1, targets.shape[-1])),
                               TimeContext(self.T, self.T - min(spec.recurrent.window, self.T) + 1,
                                           net.cell_name == "lstm", spec.data.name in MANY_TO_MANY,
                                           spec.train.clip_mode, float(spec.train.clip_value)))
        self._verdict = None

    # -- the tree ----------------------------------------------------------------------------------
    def derive(self, matrix: str, j: int, i: int, sample: int = 0, label: str | None = None) -> RecurrentDerivation:
        net, B = self.net, self.B
        if not 0 <= sample < B:
            raise ValueError(f"sample {sample + 1} is not in the batch of {B} (samples 1..{B})")
        label = label or f"{matrix}[{j},{i}]"
        H = self.H
        gate = "" if matrix == "readout" or net.cell_name.startswith("rnn") else GATE_NAMES[net.cell_name][j // H]
        unit = j if matrix == "readout" else j % H
        with np.errstate(all="ignore"):
            if matrix == "readout":
                chain = self._readout_chain(j, i, sample, label)
                terms = self._readout_terms(j, i)
                backprop = float(net.grads["W"][j, i])
            else:
                chain = self._sample_chain(matrix, j, i, sample, label, gate)
                terms = self._terms(matrix, j, i)
                backprop = float(net.grads[matrix][j, i])
            if B == 1:
                root = chain
            else:
                children = [chain if b == sample else
                            Node("leaf", f"∂E/∂{label}", float(terms[b]), [], "", "sample-term", b + 1)
                            for b in range(B)]
                root = _node("mean", f"∂E/∂{label}", children,
                             Text("mean over the batch of {n} samples of each sample's ∂E/∂{weight}", n=B,
                                  weight=label), "samples")
            time_chain, gain_tree = self._time_chain()
        if all(math.isfinite(n.value) for n in root.walk()):
            verdict = self.verdict()
        else:
            verdict = Diagnosis("nonfinite", Text("Overflow: the gradient of {weight} is not a finite number — the "
                                                  "values along its path overflowed", weight=label))
        return RecurrentDerivation(label, matrix, j, i, gate, unit, root, backprop, time_chain, gain_tree,
                                   verdict, self.loss, B, sample, self.step, self._formula(root, label))

    def _terms(self, matrix, j, i) -> np.ndarray:
        """Each sample's ∂E_b/∂w (the sum over time of δ times the input the weight multiplies)."""
        src = self._source(matrix)
        d = self.dgh if matrix == "weight_hh" else self.dgi
        return np.einsum("tb,tb->b", d[:, :, j], src[:, :, i])

    def _source(self, matrix):
        net = self.net
        return net.h[:-1] if matrix == "weight_hh" else net.x

    def _sample_chain(self, matrix, j, i, b, label, gate) -> Node:
        net = self.net
        src = self._source(matrix)
        what = "h" if matrix == "weight_hh" else "x"
        steps = []
        for t in range(1, self.T + 1):
            delta = self._delta(j, t, b, gate)
            factors = [delta]
            if matrix == "weight_hh" and net.cell_name == "gru" and gate == "n":
                u = j % self.H
                factors.append(_leaf(f"r_{t}[{u}]", net.workspace.cache["r"][t - 1, b, u],
                                     Text("the reset gate, which scales the n gate's hidden part"), "gate"))
            factors.append(_leaf(f"{what}_{t - 1 if what == 'h' else t}[{i}]", src[t - 1, b, i],
                                 Text("the state {weight} multiplies at step {t}", weight=label, t=t) if what == "h"
                                 else Text("the input {weight} multiplies at step {t}", weight=label, t=t), "input"))
            steps.append(_node("product", f"∂E/∂{label} at step {t}", factors, kind="step"))
        node = _node("sum", f"∂E/∂{label}", steps,
                     Text("the weight is shared by all {n} time steps: their contributions add up", n=self.T), "time")
        node.sample = b + 1
        return node

    def _delta(self, j, t, b, gate) -> Node:
        """∂E_b/∂a_t[j], the pre-activation gradient of row ``j`` at step ``t``, as the cell makes it."""
        net = self.net
        H = self.H
        u = j % H
        k = t - 1
        cache = net.workspace.cache
        name = f"∂E/∂a_{t}[{j}]"
        value = float(self.dgi[k, b, j])
        if self.windowed and net.cell_name == "lstm" and gate != "o":
            return _leaf(name, value, Text("δ of the gate at step {t}, summed by truncated BPTT over the loss terms "
                                           "that reach it", t=t), "delta")
        dh = _leaf(f"∂E/∂h_{t}[{u}]", self.dh[t, b, u],
                   Text("the gradient reaching h_{t} through every later path (BPTT)", t=t), "state-grad")
        if net.cell_name.startswith("rnn"):
            fp = _leaf(f"f′(a_{t}[{u}])", cache["fprime"][k, b, u],
                       Text("{activation}′ at step {t}", activation="tanh" if net.cell_name == "rnn-tanh" else "relu",
                            t=t), "fprime")
            return _node("product", name, [dh, fp], kind="delta")
        if net.cell_name == "gru":
            return self._gru_delta(j, t, b, gate, dh, name)
        return self._lstm_delta(j, t, b, gate, dh, name)

    def _lstm_delta(self, j, t, b, gate, dh, name) -> Node:
        net = self.net
        H, u, k = self.H, j % self.H, t - 1
        g = net.workspace.cache["gates"][k, b]
        i_, f_, g_, o_ = g[u], g[H + u], g[2 * H + u], g[3 * H + u]
        tc = net.workspace.cache["tc"][k, b, u]
        sig = Text("σ′ of the {gate} gate at step {t}", gate=gate, t=t)
        if gate == "o":
            return _node("product", name, [dh, _leaf(f"tanh(c_{t}[{u}])", tc, Text("the cell's output"), "state"),
                                           _leaf(f"σ′(o_{t}[{u}])", o_ * (1 - o_), sig, "fprime")], kind="delta")
        dc = self._cell_grad(t, b, u, dh, o_, tc)
        if gate == "i":
            rest = [_leaf(f"g_{t}[{u}]", g_, Text("the candidate value written"), "gate"),
                    _leaf(f"σ′(i_{t}[{u}])", i_ * (1 - i_), sig, "fprime")]
        elif gate == "f":
            rest = [_leaf(f"c_{t - 1}[{u}]", net.c[k, b, u], Text("the cell state kept from step {t}", t=t - 1), "state"),
                    _leaf(f"σ′(f_{t}[{u}])", f_ * (1 - f_), sig, "fprime")]
        else:
            rest = [_leaf(f"i_{t}[{u}]", i_, Text("the input gate"), "gate"),
                    _leaf(f"tanh′(g_{t}[{u}])", 1 - g_ * g_, Text("tanh′ of the candidate at step {t}", t=t), "fprime")]
        return _node("product", name, [dc, *rest], kind="delta")

    def _cell_grad(self, t, b, u, dh, o_, tc) -> Node:
        """∂E/∂c_t: the path through h_t plus the additive path from c_{t+1} (written out where BPTT
        carried the gradient on; a leaf before the truncation window)."""
        net = self.net
        name = f"∂E/∂c_{t}[{u}]"
        value = self.dc[t, b, u]
        first = self.context.time.first
        if t < first:
            return _leaf(name, value, Text("outside the BPTT window: no gradient"), "state-grad")
        through_h = _node("product", f"∂E/∂c_{t}[{u}] via h_{t}", [
            dh, _leaf(f"o_{t}[{u}]", o_, Text("the output gate"), "gate"),
            _leaf(f"tanh′(c_{t}[{u}])", 1 - tc * tc, Text("tanh′ of the cell state"), "fprime")], kind="path")
        children = [through_h]
        if t < self.T:
            f_next = net.workspace.cache["gates"][t, b, self.H + u]
            children.append(_node("product", f"∂E/∂c_{t}[{u}] via c_{t + 1}", [
                _leaf(f"∂E/∂c_{t + 1}[{u}]", self.dc[t + 1, b, u],
                      Text("the gradient reaching the cell state at step {t} (BPTT)", t=t + 1), "state-grad"),
                _leaf(f"f_{t + 1}[{u}]", f_next,
                      Text("the forget gate: the cell state's additive path, its \"+1\" gated"), "gate")],
                kind="path"))
        return _node("sum", name, children, Text("every route from c_{t} to the error, added up", t=t), "paths")

    def _gru_delta(self, j, t, b, gate, dh, name) -> Node:
        net = self.net
        H, u, k = self.H, j % self.H, t - 1
        cache = net.workspace.cache
        r_, z_ = cache["rz"][k, b, u], cache["rz"][k, b, H + u]
        n_ = cache["n"][k, b, u]
        if gate == "n":
            return _node("product", name, [dh, _leaf(f"1 − z_{t}[{u}]", 1 - z_, Text("the share of the new value"),
                                                     "gate"),
                                           _leaf(f"tanh′(n_{t}[{u}])", 1 - n_ * n_,
                                                 Text("tanh′ of the candidate at step {t}", t=t), "fprime")],
                         kind="delta")
        if gate == "z":
            return _node("product", name, [dh, _leaf(f"h_{t - 1}[{u}] − n_{t}[{u}]", net.h[k, b, u] - n_,
                                                     Text("old state minus candidate"), "state"),
                                           _leaf(f"σ′(z_{t}[{u}])", z_ * (1 - z_),
                                                 Text("σ′ of the {gate} gate at step {t}", gate="z", t=t), "fprime")],
                         kind="delta")
        # r: through the candidate n
        dan = float(self.dgi[k, b, 2 * H + u])
        return _node("product", name, [
            _leaf(f"∂E/∂a_{t}[{2 * H + u}]", dan, Text("δ of the candidate n at step {t}", t=t), "delta"),
            _leaf(f"(W_hn h + b_hn)_{t}[{u}]", cache["ghn"][k, b, u], Text("what the reset gate scales"), "state"),
            _leaf(f"σ′(r_{t}[{u}])", r_ * (1 - r_), Text("σ′ of the {gate} gate at step {t}", gate="r", t=t),
                  "fprime")], kind="delta")

    def _readout_terms(self, j, i) -> np.ndarray:
        net = self.net
        rows = net.readout_input()
        du = self.du_out
        if net.many_to_many:
            T, B = self.T, self.B
            return np.einsum("tb,tb->b", du[:, j].reshape(T, B), rows[:, i].reshape(T, B))
        return du[:, j] * rows[:, i]

    def _readout_chain(self, j, i, b, label) -> Node:
        net = self.net
        fused = losses.is_fused(self.loss_name)
        meaning = Text("out − target (fused with the loss)") if fused else Text("δ of the output, ∂E/∂net_out")
        if not net.many_to_many:
            node = _node("product", f"∂E/∂{label}", [
                _leaf(f"∂E/∂net_o{j + 1}", self.du_out[b, j], meaning, "delta"),
                _leaf(f"h_{self.T}[{i}]", net.h[self.T, b, i], Text("the last hidden state, which the readout reads"),
                      "input")], kind="sample")
        else:
            T, B = self.T, self.B
            du = self.du_out[:, j].reshape(T, B)
            steps = [_node("product", f"∂E/∂{label} at step {t}", [
                _leaf(f"∂E/∂net_o{j + 1} at step {t}", du[t - 1, b], meaning, "delta"),
                _leaf(f"h_{t}[{i}]", net.h[t, b, i], Text("the hidden state the readout reads at step {t}", t=t),
                      "input")], kind="step") for t in range(1, T + 1)]
            node = _node("sum", f"∂E/∂{label}", steps,
                         Text("the readout is shared by all {n} time steps: their contributions add up", n=T), "time")
        node.sample = b + 1
        return node

    # -- through time --------------------------------------------------------------------------------
    def _memory_norms(self) -> np.ndarray:
        """‖∂E/∂s_t‖ on the batch for t = 1..T (the batch's gradient: per-sample factors / B)."""
        ws = self.net.workspace
        mem = ws.dc if ws.dc is not None else ws.dh
        flat = mem[1:].reshape(self.T, -1)
        return np.sqrt(np.einsum("ij,ij->i", flat, flat))

    def _time_chain(self) -> tuple[list[TimeFactor], Node | None]:
        norms = self._memory_norms()
        T = self.T
        chain, cumulative = [], 1.0
        gains = {}
        for t in range(T, 0, -1):
            if t == T:
                gain = math.nan
            else:
                above, below = norms[t], norms[t - 1]
                gain = below / above if above > 0 else (0.0 if below == 0 else math.inf)
                cumulative *= gain
                gains[t] = gain
            chain.append(TimeFactor(t, float(norms[t - 1]), float(gain), float(cumulative)))
        first = self.context.time.first
        if first >= T:
            return chain, None
        state = "c" if self.net.cell_name == "lstm" else "h"
        leaves = [_leaf(f"‖∂E/∂{state}_{T}‖", norms[T - 1], Text("the gradient reaching step {t}", t=T), "state-grad")]
        leaves += [_leaf(f"‖∂E/∂{state}_{t}‖ / ‖∂E/∂{state}_{t + 1}‖", gains[t],
                         Text("one step back, from {later} to {t}", later=t + 1, t=t), "gain")
                   for t in range(T - 1, first - 1, -1)]
        tree = _node("product", f"‖∂E/∂{state}_{first}‖", leaves,
                     Text("the gradient at step {t}: the one at step {last} times every step's gain on the way back",
                          t=first, last=T), "gains")
        return chain, tree

    def verdict(self) -> Diagnosis:
        """The run's diagnosis through time, on this batch (one row: no growth to judge)."""
        if self._verdict is None:
            from .compare import _Rows

            net = self.net
            nw = net.weights_size
            grad = np.concatenate([net.grads[k].ravel() for k in net.flat_segments(True)])
            with np.errstate(all="ignore"):
                sq = np.add.reduceat(grad * grad, net.segment_starts(True))
                m = net.measure(sq, net.flat[:nw], np.zeros(nw))
            rows = {"step": np.array([1.0]), "loss": np.array([self.loss])}
            rows.update({k: np.asarray(v, dtype=float)[None] for k, v in m.items()})
            if not (np.all(np.isfinite(sq)) and np.all(np.isfinite(m["time_grad_norm"])) and math.isfinite(self.loss)):
                self._verdict = Diagnosis("nonfinite", Text("Overflow: backpropagation through time overflowed on this "
                                                            "batch — a gradient is not a finite number"))
            else:
                self._verdict = diagnose(_Rows(rows), self.context)
        return self._verdict

    @staticmethod
    def _formula(root: Node, label: str) -> str:
        if root.op == "mean":
            return f"∂E/∂{label} = mean over the {len(root.children)} samples of [Σ over the time steps of δ · input]"
        return f"∂E/∂{label} = Σ over the time steps of δ · input"


def derive(trainer, matrix: str, j: int, i: int, sample: int = 0) -> RecurrentDerivation:
    """Derive ∂E/∂``matrix``[j, i] of a recurrent trainer on its :func:`default_batch`."""
    return RecurrentDeriver(trainer).derive(matrix, j, i, sample)


__all__ = ["RecurrentDeriver", "RecurrentDerivation", "TimeFactor", "derive", "parse_weight", "default_batch",
           "MATRICES", "MATRIX_INDEX", "matrix_named", "weight_exists", "weight_shape"]
