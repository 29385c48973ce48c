"""A recurrent network unrolled through time, with backpropagation through time, full and truncated.

A :class:`RunSpec` with ``recurrent`` set (a :class:`RecurrentSpec`) describes one: a cell of
:mod:`gradsim.engine.cells` (``rnn-tanh``, ``rnn-relu``, ``lstm``, ``gru``) with H hidden units run
over the T steps of a sequence task (:mod:`gradsim.engine.sequences`), and a readout: the spec's
``topology`` is that one layer (``input_size`` = H; linear, sigmoid, tanh or softmax), applied to
the last hidden state (many-to-one tasks) or to every step's (many-to-many: the loss is then the
mean over the steps, L = (1/T)·Σ_t L_t). Network layer 1 is the recurrent layer, layer 2 the output.

**Backpropagation through time.** Full BPTT sends every loss term's gradient back to the first
step. Truncated BPTT with window K (``bptt``): *each loss term L_s sends its gradient back through
at most K cells, those of steps s, s−1, …, s−K+1*; the state the window's first cell reads
(h_{s−K}, and c_{s−K} for an LSTM) counts as a constant. The truncated gradient is therefore the
exact gradient, at the current parameters, of Σ_s L_s with each h_{s−K} frozen at its value — the
objective the tests differentiate numerically. K ≥ T is full BPTT. A many-to-one task has one loss
term, so only the last K steps get a gradient; a many-to-many task's windows overlap, and they are
run side by side, one backward step for all loss terms at once per lag (K steps, not T·K).

**What is measured** (every step, :meth:`RecurrentNetwork.measure`):

``time_grad_norm``  ‖∂L/∂h_t‖ for t = 1..T over the batch: the gradient reaching the hidden state
                    of step t through every later path (under truncation, the paths BPTT keeps).
``time_gain``       ‖∂L/∂h_{t−1}‖ / ‖∂L/∂h_t‖ for t = 2..T (0 where nothing reaches either).
``cell_grad_norm``  (LSTM) ‖∂L/∂c_t‖ for t = 1..T, the gradient reaching the cell state (through
                    h_t and through c_{t+1}).
``gate_mean``       (LSTM, GRU) the mean over the batch and the units of the forget gate f_t (LSTM)
                    or the update gate z_t (GRU) at each step: how much of the old state is kept.
``time_flow``       how the gradient of the **last** loss term reaches back in time: its norm at the
                    memory state of the first step BPTT lets it reach (t₀ = max(1, T − K + 1)) over
                    its norm at step T. The memory state is h for rnn and GRU cells, the cell state
                    c for an LSTM (its additive path). For a many-to-one task this is
                    time_grad_norm[t₀] / time_grad_norm[T] (cell_grad_norm for an LSTM). What the
                    diagnosis calls vanishing or exploding through time.
``hidden_dead``     (rnn-relu) the fraction of hidden units whose ReLU′ is 0 for every sample at
                    every step: they pass no gradient at all.
``dead_step``       (rnn-relu) the latest time step at which every hidden unit's ReLU′ is 0 for
                    every sample (0 if none): no gradient flows back past it to earlier steps.
                    (The other cells' slopes come from saturating functions, exactly 0 only by
                    rounding, so they are not called dead.)
``recurrent_grad_norm``  ‖∂L/∂weight_ih‖, ‖∂L/∂weight_hh‖, ‖∂L/∂bias_ih‖, ‖∂L/∂bias_hh‖.

and for the readout, the feed-forward measurements of :mod:`gradsim.engine.metrics` (one layer).

**Initialisation.** ``input_init`` draws weight_ih, ``recurrent_init`` weight_hh, one gate's
H × n block at a time (an orthogonal or identity matrix per gate). ``spectral_radius`` ρ, when set,
rescales each gate's H × H block of weight_hh after it is drawn so that its largest |eigenvalue|
is exactly ρ (so the initialiser's gain no longer matters; an all-zero block stays zero). ``gate_bias`` is added to bias_ih's block of the gate that keeps the state (LSTM's
forget gate f, GRU's update gate z): 1 or 2 starts an LSTM remembering (Gers, Schmidhuber &
Cummins 2000; Jozefowicz, Zaremba & Sutskever 2015). Biases come from the run's ``bias_init``,
the readout's weights from its ``weight_init``.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field, replace

import numpy as np

from . import limits, losses
from .cells import CELL_NAMES, GATES, MEMORY_GATE, make_cell
from .initializers import INIT_NAMES, RECURRENT_INIT_NAMES, Init
from .metrics import saturation
from .sequences import INPUT_SIZES, MANY_TO_MANY
from .text import Text, clip

INPUT_INIT_NAMES = tuple(n for n in INIT_NAMES if n != "lsuv")
# the memory gate's bias a gated cell starts with as a remedy (σ(2) ≈ 0.88 of the old state kept)
REMEDY_GATE_BIAS = 2.0
RECURRENT_KEYS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


@dataclass
class RecurrentSpec:
    """The recurrent part of a :class:`~gradsim.engine.spec.RunSpec` (see the module)."""

    cell: str = "rnn-tanh"
    hidden_size: int = 16
    seq_len: int = 30
    bptt: int | None = None            # truncation window K; None: full BPTT
    input_init: Init = field(default_factory=lambda: Init("xavier_uniform"))
    recurrent_init: Init = field(default_factory=lambda: Init("orthogonal"))
    spectral_radius: float | None = None
    gate_bias: float = 0.0

    def copy(self) -> "RecurrentSpec":
        return replace(self, input_init=replace(self.input_init), recurrent_init=replace(self.recurrent_init))

    @property
    def gates(self) -> int:
        return GATES[self.cell]

    @property
    def window(self) -> int:
        """The truncation window K, T for full BPTT."""
        return self.seq_len if self.bptt is None else min(int(self.bptt), self.seq_len)

    @property
    def first_reached(self) -> int:
        """t₀: the earliest step the last loss term's gradient reaches (1 for full BPTT)."""
        return self.seq_len - self.window + 1

    def validate(self) -> "RecurrentSpec":
        w = "recurrent."
        if self.cell not in CELL_NAMES:
            raise ValueError(Text("{field}: unknown cell {value!r} (known: {known})", field=w + "cell",
                                  value=clip(str(self.cell)), known=", ".join(CELL_NAMES)))
        limits.check_whole(w + "hidden_size", self.hidden_size, limits.HIDDEN_SIZE)
        limits.check_whole(w + "seq_len", self.seq_len, limits.SEQ_LEN)
        if self.bptt is not None:
            limits.check_whole(w + "bptt", self.bptt, limits.SEQ_LEN)
        self.input_init.validate(w + "input_init.", INPUT_INIT_NAMES)
        self.recurrent_init.validate(w + "recurrent_init.", RECURRENT_INIT_NAMES)
        if self.spectral_radius is not None:
            limits.check_number(w + "spectral_radius", self.spectral_radius, limits.SPECTRAL_RADIUS)
        limits.check_number(w + "gate_bias", self.gate_bias, limits.INIT_VALUE)
        return self

    def n_trainable(self, n_in: int, n_out: int, train_biases: bool = True) -> int:
        """Length of the trainer's flat parameter vector: weight_ih, weight_hh, the readout's
        weights, then (if trained) bias_ih, bias_hh and the readout's biases."""
        H, G = self.hidden_size, self.gates * self.hidden_size
        weights = G * n_in + G * H + n_out * H
        return weights + (2 * G + n_out if train_biases else 0)


def spectral_radius(m: np.ndarray) -> float:
    """The largest |eigenvalue| of a square matrix."""
    return float(np.max(np.abs(np.linalg.eigvals(m)))) if m.size else 0.0


class RecurrentNetwork:
    """A cell unrolled over a sequence plus a readout, with every value of the last passes cached.

    Parameters live in one flat buffer (:attr:`flat`), in the order weight_ih, weight_hh, the
    readout's W, then bias_ih, bias_hh and the readout's b (weights first, biases last, as the
    feed-forward :class:`~gradsim.engine.network.Network` keeps them, so frozen biases are a
    suffix left out). ``W``/``b`` are one-element lists holding the readout's, for code that reads
    a network's layers.
    """

    cancel = None

    def __init__(self, spec, rng: np.random.Generator | None = None, dtype=np.float64):
        r = spec.recurrent
        self.rspec = r
        self.dtype = np.dtype(dtype)
        self.cell = make_cell(r.cell)
        self.cell_name = r.cell
        self.task = spec.data.name
        self.many_to_many = self.task in MANY_TO_MANY
        H, G = r.hidden_size, r.gates * r.hidden_size
        self.H, self.G = H, G
        self.n_in = INPUT_SIZES[self.task]
        out = spec.topology.output
        self.n_out = out.size
        self.output_activation = out.make_activation()
        self.topology = spec.topology
        rng = rng if rng is not None else np.random.default_rng(0)
        gates = r.gates
        w_ih = np.concatenate([r.input_init.sample(rng, (H, self.n_in), self.dtype) for _ in range(gates)])
        blocks = []
        for _ in range(gates):
            block = r.recurrent_init.sample(rng, (H, H), self.dtype)
            if r.spectral_radius is not None:
                rho = spectral_radius(block)
                if rho > 0:
                    block = block * (r.spectral_radius / rho)
            blocks.append(block)
        w_hh = np.concatenate(blocks)
        b_ih = spec.bias_init.sample(rng, (1, G), self.dtype).reshape(G)
        b_hh = spec.bias_init.sample(rng, (1, G), self.dtype).reshape(G)
        if self.cell_name in MEMORY_GATE and r.gate_bias:
            k = MEMORY_GATE[self.cell_name]
            b_ih[k * H:(k + 1) * H] += r.gate_bias
        w_out = spec.weight_init.sample(rng, (self.n_out, H), self.dtype)
        b_out = spec.bias_init.sample(rng, (1, self.n_out), self.dtype).reshape(self.n_out)
        self._shapes = {"weight_ih": (G, self.n_in), "weight_hh": (G, H), "W": (self.n_out, H),
                        "bias_ih": (G,), "bias_hh": (G,), "b": (self.n_out,)}
        self._order = ("weight_ih", "weight_hh", "W", "bias_ih", "bias_hh", "b")
        sizes = [int(np.prod(self._shapes[k])) for k in self._order]
        self._starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.intp)
        self.flat = np.empty(int(sum(sizes)), self.dtype)
        self._n_main = int(sum(sizes[:3]))
        self.views = self.flat_views(self.flat)
        for key, value in zip(self._order, (w_ih, w_hh, w_out, b_ih, b_hh, b_out)):
            self.views[key][...] = value
        self.weight_ih, self.weight_hh = self.views["weight_ih"], self.views["weight_hh"]
        self.bias_ih, self.bias_hh = self.views["bias_ih"], self.views["bias_hh"]
        self.W, self.b = [self.views["W"]], [self.views["b"]]
        self.grads: dict | None = None
        self._ws: _Workspace | None = None
        self.clear_cache()

    # -- layout ---------------------------------------------------------------------------------
    @property
    def depth(self) -> int:
        """Weight matrices of the readout (one): the feed-forward measurements' layer count."""
        return 1

    @property
    def sizes(self) -> list[int]:
        """Input features, hidden units, outputs: network layers 0, 1 (recurrent) and 2."""
        return [self.n_in, self.H, self.n_out]

    def flat_views(self, buffer: np.ndarray) -> dict[str, np.ndarray]:
        """Views of ``buffer`` (shaped like :attr:`flat`) per parameter array."""
        out = {}
        for key, start in zip(self._order, self._starts):
            shape = self._shapes[key]
            out[key] = buffer[start:start + int(np.prod(shape))].reshape(shape)
        return out

    def flat_parameters(self, train_biases: bool = True) -> np.ndarray:
        return self.flat if train_biases else self.flat[: self._n_main]

    def flat_segments(self, train_biases: bool = True) -> list[str]:
        return list(self._order if train_biases else self._order[:3])

    def segment_starts(self, train_biases: bool = True) -> np.ndarray:
        return self._starts if train_biases else self._starts[:3]

    @property
    def weights_size(self) -> int:
        return self._n_main

    @property
    def bias_offset(self) -> int:
        return self._n_main

    def segment_layer(self, key: str) -> int:
        """Which weight-matrix index a parameter array belongs to: 0 the recurrent layer, 1 the
        readout (network layers 1 and 2)."""
        return 1 if key in ("W", "b") else 0

    # -- caches -----------------------------------------------------------------------------------
    def clear_cache(self) -> None:
        self.x = None          # (T, B, inputs), time-major
        self.out = None        # readout output (B or T·B rows)
        self.u_out = None      # readout pre-activation
        self.fprime_out = None
        self.da_out = None     # ∂L/∂out
        self.d_readout_in = None  # ∂L/∂(readout input), (B or T·B, H)
        self.loss: float | None = None
        self.training = True
        self.passed = False    # a backward pass is cached
        self.reach = (math.nan, math.nan)

    def _workspace(self, T: int, B: int) -> "_Workspace":
        ws = self._ws
        if ws is None or ws.T != T or ws.B != B:
            ws = self._ws = _Workspace(self, T, B)
        return ws

    @property
    def workspace(self) -> "_Workspace | None":
        return self._ws

    @property
    def h(self) -> np.ndarray:
        """Hidden states (T + 1, B, H) of the last forward pass, h[0] the initial (zero) state."""
        return self._ws.h

    @property
    def c(self) -> np.ndarray | None:
        """LSTM cell states (T + 1, B, H), c[0] = 0; None for other cells."""
        return self._ws.c if self.cell.has_cell_state else None

    # -- forward ------------------------------------------------------------------------------------
    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        with np.errstate(all="ignore"):
            return self.forward_unguarded(x, training)

    def forward_unguarded(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """Run the batch ``x`` (samples × T × inputs) through the cell and the readout."""
        self.training = training
        self.run_cell(x)
        r_in = self.readout_input()
        u = np.dot(r_in, self.W[0].T)
        u += self.b[0]
        self.u_out = u
        self.out = self.output_activation.forward_unguarded(u)
        return self.out

    def run_cell(self, x: np.ndarray, h0: np.ndarray | None = None, c0: np.ndarray | None = None) -> None:
        """The cell over the batch ``x`` (samples × T × inputs) from the state h0 (and c0; zero
        when not given), into the workspace; call under ``np.errstate(all="ignore")``."""
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 3 or x.shape[2] != self.n_in or x.shape[1] < 1:
            raise ValueError(f"input must have shape (batch, steps, {self.n_in}), got {x.shape}")
        B, T = x.shape[0], x.shape[1]
        ws = self._workspace(T, B)
        self.passed = False
        X = ws.x
        np.copyto(X, x.transpose(1, 0, 2))
        self.x = X
        xi = ws.xi
        w, bias = self.weight_ih, self.cell.input_bias(self.bias_ih, self.bias_hh)
        scale = self.cell.input_scale(self.H, self.dtype)
        if scale is not None:
            w, bias = w * scale[:, None], bias * scale
        np.dot(X.reshape(T * B, self.n_in), w.T, out=xi.reshape(T * B, self.G))
        xi += bias
        h = ws.h
        h[0] = 0.0 if h0 is None else h0
        if ws.c is not None:
            ws.c[0] = 0.0 if c0 is None else c0
        self.cell.forward(xi, h, self.weight_hh, self.bias_hh, ws.cache, ws.c, self.cancel)

    def truncated_loss(self, x: np.ndarray, target: np.ndarray, loss: str, frozen) -> float:
        """The objective whose exact gradient truncated BPTT computes (see the module): each loss
        term L_s from the state of ``frozen`` (the h and c arrays of a forward pass, (T + 1, B, H))
        K steps back, through the last K cells at the current parameters. K ≥ T: the plain loss.
        Leaves the workspace holding other passes: for checks on a copy (:meth:`detached_copy`)."""
        T = np.shape(x)[1]
        K = T if self.rspec.bptt is None else min(int(self.rspec.bptt), T)
        if K >= T:
            self.forward(x)
            return self.loss_value(target, loss)
        h_f, c_f = frozen
        with np.errstate(all="ignore"):
            if not self.many_to_many:
                self.run_cell(x[:, T - K:], h_f[T - K], None if c_f is None else c_f[T - K])
                rows = self._ws.h[K]
            else:
                self.run_cell(x[:, :K])                 # the first K terms' windows start at h_0
                first = self._ws.h[1:].reshape(-1, self.H)
                B = np.shape(x)[0]                     # the others: every window of K steps at once
                windows = np.concatenate([x[:, s - K:s] for s in range(K + 1, T + 1)])
                starts = np.concatenate([h_f[s - K] for s in range(K + 1, T + 1)])
                cells = None if c_f is None else np.concatenate([c_f[s - K] for s in range(K + 1, T + 1)])
                self.run_cell(windows, starts, cells)
                rows = np.concatenate((first, self._ws.h[K].reshape((T - K) * B, self.H)))
            u = rows @ self.W[0].T + self.b[0]
            out = self.output_activation.forward_unguarded(u)
            return losses.value(loss, out, self.target_rows(target), u)

    def detached_copy(self) -> "RecurrentNetwork":
        """A copy with its own parameters and caches: nudging its weights leaves this one alone."""
        out = copy.copy(self)
        out.flat = self.flat.copy()
        out.views = out.flat_views(out.flat)
        out.weight_ih, out.weight_hh = out.views["weight_ih"], out.views["weight_hh"]
        out.bias_ih, out.bias_hh = out.views["bias_ih"], out.views["bias_hh"]
        out.W, out.b = [out.views["W"]], [out.views["b"]]
        out._ws, out.cancel, out.grads = None, None, None
        out.clear_cache()
        return out

    def readout_input(self) -> np.ndarray:
        """What the readout reads: h_T (many-to-one) or every h_t, time-major rows (many-to-many)."""
        ws = self._ws
        if self.many_to_many:
            return ws.h[1:].reshape(ws.T * ws.B, self.H)
        return ws.h[ws.T]

    def target_rows(self, target: np.ndarray) -> np.ndarray:
        """Targets as the readout's rows: (B, out), or (B, T, out) → time-major (T·B, out)."""
        target = np.asarray(target, dtype=self.dtype)
        if self.many_to_many:
            return np.ascontiguousarray(target.transpose(1, 0, 2)).reshape(-1, self.n_out)
        return target

    def loss_value(self, target: np.ndarray, loss: str) -> float:
        self.loss = losses.value(loss, self.out, self.target_rows(target), self.u_out)
        return self.loss

    # -- backward ----------------------------------------------------------------------------------
    def backward(self, target: np.ndarray, loss: str, into: dict | None = None) -> None:
        """Backpropagate through the readout and through time (full or truncated, see the module).

        ``into`` (:meth:`flat_views` of a buffer) receives the parameter gradients; without it they
        go to a fresh buffer. :attr:`grads` holds the views either way.
        """
        ws = self._ws
        T, B, H = ws.T, ws.B, self.H
        if into is None:
            into = self.flat_views(np.zeros_like(self.flat))
        self.grads = into
        t_rows = self.target_rows(target)
        out, u = self.out, self.u_out
        act = self.output_activation
        g_out = losses.grad_output(loss, out, t_rows, u)
        self.da_out = g_out
        self.fprime_out = act.derivative(u, out)
        if losses.is_fused(loss):
            du = losses.grad_preactivation_fused(loss, out, t_rows)
        elif act.elementwise:
            du = g_out * self.fprime_out
        else:
            du = act.backward(g_out, u, out)
        self.du_out = du
        r_in = self.readout_input()
        np.dot(du.T, r_in, out=into["W"])
        np.sum(du, axis=0, out=into["b"])
        direct = np.dot(du, self.W[0])
        self.d_readout_in = direct
        cell = self.cell
        cell.prepare(ws.h, ws.cache, ws.c)
        K = T if self.rspec.bptt is None else min(int(self.rspec.bptt), T)
        if self.many_to_many:
            D = direct.reshape(T, B, H)
            if K < T:
                self._windowed(D, K)
            else:
                self._recursion(D, 0, True)
                self.reach = self._last_term_reach(D, K)
        else:
            self._recursion(direct, T - K, False)
            mem = ws.dc if cell.has_cell_state else ws.dh
            self.reach = (_norm(mem[T - K + 1]), _norm(mem[T]))
        # parameter gradients: every step's at once
        X2 = ws.x.reshape(T * B, self.n_in)
        gi = ws.dgi.reshape(T * B, self.G)
        gh = ws.dgh.reshape(T * B, self.G)
        np.dot(gi.T, X2, out=into["weight_ih"])
        np.dot(gh.T, ws.h[:T].reshape(T * B, H), out=into["weight_hh"])
        np.dot(ws.ones, gi, out=into["bias_ih"])
        if gh is gi or ws.dgh is ws.dgi:
            np.copyto(into["bias_hh"], into["bias_ih"])
        else:
            np.dot(ws.ones, gh, out=into["bias_hh"])
        self.passed = True

    def _recursion(self, D: np.ndarray, stop: int, many: bool) -> None:
        """Back through cells T−1 … ``stop`` (0-based), adding each step's own loss gradient
        (``many``: ``D`` is (T, B, H)) or only the last one's (``D`` is (B, H))."""
        ws = self._ws
        T = ws.T
        cell, W_hh, cancel = self.cell, self.weight_hh, self.cancel
        dh, dc = ws.dh, ws.dc
        if stop > 0:
            dh[: stop + 1] = 0.0
            ws.dgi[:stop] = 0.0
            if ws.dgh is not ws.dgi:
                ws.dgh[:stop] = 0.0
            if dc is not None:
                dc[: stop + 1] = 0.0
        dh[0] = 0.0
        np.copyto(dh[T], D[T - 1] if many else D)
        carry = None
        for i in range(T - 1, stop - 1, -1):
            if cancel is not None and cancel():
                from .network import Cancelled
                raise Cancelled
            prev, carry, dct = cell.backward(i, dh[i + 1], carry, W_hh, ws.cache, ws.dgi, ws.dgh,
                                             need_prev=i > stop, out=dh[i], dc_out=None if dc is None else dc[i + 1])
            if many and prev is not None:
                dh[i] += D[i - 1]
        if dc is not None:
            dc[0] = 0.0

    def _windowed(self, D: np.ndarray, K: int) -> None:
        """Truncated BPTT of a many-to-many task: every loss term's window of K cells, side by
        side — at lag j the gradients of L_{j+1} … L_T stand at h_1 … h_{T−j} and take one step
        back together."""
        ws = self._ws
        T = ws.T
        cell, W_hh, cancel = self.cell, self.weight_hh, self.cancel
        dh, dc = ws.dh, ws.dc
        dh.fill(0.0)
        ws.dgi.fill(0.0)
        if ws.dgh is not ws.dgi:
            ws.dgh.fill(0.0)
        if dc is not None:
            dc.fill(0.0)
        sgi, sgh = ws.scratch_gi, ws.scratch_gh
        carry, carry_c = D.copy(), None
        first = last = math.nan
        for j in range(K):
            if cancel is not None and cancel():
                from .network import Cancelled
                raise Cancelled
            n = T - j
            dh[1:n + 1] += carry
            prev, prev_c, dct = cell.backward(slice(0, n), carry, carry_c, W_hh, ws.cache, sgi, sgh,
                                              need_prev=j < K - 1)
            ws.dgi[:n] += sgi[:n]
            if ws.dgh is not ws.dgi:
                ws.dgh[:n] += sgh[:n]
            mem = dct if dct is not None else carry
            if dct is not None:
                dc[1:n + 1] += dct
            if j == 0:
                last = _norm(mem[-1])
            if j == K - 1:
                first = _norm(mem[-1])
            if prev is not None:
                carry = prev[1:]
                carry_c = None if prev_c is None else prev_c[1:]
        self.reach = (first, last)

    def _last_term_reach(self, D: np.ndarray, K: int) -> tuple[float, float]:
        """‖gradient of the last loss term alone‖ at the memory state of step T − K + 1 and of
        step T (a many-to-many task: the total at each step mixes every later step's error)."""
        ws = self._ws
        T = ws.T
        cell = self.cell
        dh, carry = D[T - 1].copy(), None
        first = last = math.nan
        stop = T - K
        for i in range(T - 1, stop - 1, -1):
            prev, carry, dct = cell.backward(i, dh, carry, self.weight_hh, ws.cache, ws.scratch_gi, ws.scratch_gh,
                                             need_prev=i > stop)
            value = _norm(dct if dct is not None else dh)
            if i == T - 1:
                last = value
            if i == stop:
                first = value
            dh = prev
        return first, last

    # -- measurements -------------------------------------------------------------------------------
    def measure(self, grad_sq: np.ndarray, weights: np.ndarray, delta: np.ndarray) -> dict:
        """The step's measurements (see the module): the readout's per-layer ones and the
        recurrent ones. ``grad_sq`` is Σg² per parameter array (:attr:`flat` order), ``weights``
        the weight part of the parameters before the update and ``delta`` the update's."""
        ws = self._ws
        T = ws.T
        with np.errstate(all="ignore"):
            g = np.sqrt(grad_sq)
            wv = self.flat_views_main(weights)
            dv = self.flat_views_main(delta)
            w_norms = {k: _norm(wv[k]) for k in ("weight_ih", "weight_hh", "W")}
            d_norms = {k: _norm(dv[k]) for k in ("weight_ih", "weight_hh", "W")}
            ratio = {k: d_norms[k] / w_norms[k] if w_norms[k] > 0 else 0.0 for k in w_norms}
            above, below = _norm(self.da_out), _norm(self.d_readout_in)
            sat, dead = saturation(self.fprime_out, self.output_activation)
            out = {
                "grad_norm": np.array([g[2]]), "bias_grad_norm": np.array([g[5]]),
                "out_grad_norm": np.array([above]),
                "backward_gain": np.array([below / above if above > 0 else (0.0 if below == 0 else math.inf)]),
                "update_ratio": np.array([ratio["W"]]), "saturated": np.array([sat]), "dead": np.array([dead]),
                "recurrent_grad_norm": np.array([g[0], g[1], g[3], g[4]]),
                "recurrent_update_ratio": np.array([ratio["weight_ih"], ratio["weight_hh"]]),
            }
            tg = _time_norms(ws.dh[1:])
            out["time_grad_norm"] = tg
            out["time_gain"] = _gains(tg)
            if ws.dc is not None:
                out["cell_grad_norm"] = _time_norms(ws.dc[1:])
            if self.cell_name in MEMORY_GATE:
                out["gate_mean"] = self.gate_activity()
            first, last = self.reach
            out["time_flow"] = first / last if last > 0 else (math.nan if first == 0 or math.isnan(first) else math.inf)
            if self.cell_name == "rnn-relu":
                fp = ws.cache["fprime"]
                out["hidden_dead"] = float(np.count_nonzero(~fp.any(axis=(0, 1)))) / self.H
                off = np.flatnonzero(~fp.reshape(T, -1).any(axis=1))
                out["dead_step"] = float(off[-1] + 1) if off.size else 0.0
        return out

    def flat_views_main(self, part: np.ndarray) -> dict[str, np.ndarray]:
        """Views of the weight part (``flat[:weights_size]``) of a flat array."""
        out = {}
        for key, start in zip(self._order[:3], self._starts[:3]):
            shape = self._shapes[key]
            out[key] = part[start:start + int(np.prod(shape))].reshape(shape)
        return out

    def gate_activity(self) -> np.ndarray:
        """Mean over batch and units of the memory gate (LSTM f, GRU z) at each step, (T,)."""
        ws = self._ws
        H = self.H
        if self.cell_name == "lstm":
            gate = ws.cache["gates"][:, :, H:2 * H]
        else:
            gate = ws.cache["rz"][:, :, H:2 * H]
        return gate.mean(axis=(1, 2))

    def columns(self, T: int) -> dict[str, int | None]:
        """The history columns a run of this network adds: name → width (None: one number)."""
        cols = {"time_grad_norm": T, "time_gain": max(T - 1, 0)}
        if self.cell.has_cell_state:
            cols["cell_grad_norm"] = T
        if self.cell_name in MEMORY_GATE:
            cols["gate_mean"] = T
        cols["recurrent_grad_norm"] = 4
        cols["time_flow"] = None
        if self.cell_name == "rnn-relu":
            cols["hidden_dead"] = None
            cols["dead_step"] = None
        return cols

    # -- parameters ----------------------------------------------------------------------------------
    def state(self) -> dict:
        """A deep copy of every parameter: ``{"layers": [readout], "recurrent": {...}}`` (the
        file's ``parameters`` and ``gradsim run --json``'s ``initial``/``final``)."""
        return {"layers": [{"weights": self.W[0].copy(), "biases": self.b[0].copy()}],
                "recurrent": {k: getattr(self, k).copy() for k in RECURRENT_KEYS}}

    def load_state(self, state: dict) -> None:
        """Set parameters from :meth:`state`-shaped data; shapes are checked."""
        def put(where, value, target):
            v = np.asarray(value, dtype=self.dtype)
            if v.shape != target.shape:
                raise ValueError(f"{where}: shape {v.shape} does not match {target.shape}")
            if not np.all(np.isfinite(v)):
                raise ValueError(f"{where}: contains NaN or infinity")
            target[...] = v

        layers = state["layers"]
        if len(layers) != 1:
            raise ValueError(f"parameters.layers: expected 1 layer (the readout), got {len(layers)}")
        put("parameters.layers[0].weights", layers[0]["weights"], self.W[0])
        put("parameters.layers[0].biases", layers[0]["biases"], self.b[0])
        for key in RECURRENT_KEYS:
            put(f"parameters.recurrent.{key}", state["recurrent"][key], getattr(self, key))


class _Workspace:
    """The arrays of one (T, batch) pass, reused from step to step (values overwritten)."""

    def __init__(self, net: RecurrentNetwork, T: int, B: int):
        dt, H, G = net.dtype, net.H, net.G
        self.T, self.B = T, B
        self.x = np.empty((T, B, net.n_in), dt)
        self.xi = np.empty((T, B, G), dt)
        self.h = np.zeros((T + 1, B, H), dt)
        self.c = np.zeros((T + 1, B, H), dt) if net.cell.has_cell_state else None
        self.cache = net.cell.allocate(T, B, H, dt)
        self.dh = np.zeros((T + 1, B, H), dt)
        self.dc = np.zeros((T + 1, B, H), dt) if net.cell.has_cell_state else None
        self.dgi = np.zeros((T, B, G), dt)
        self.dgh = self.dgi if net.cell.fold_bias() else np.zeros((T, B, G), dt)
        self.scratch_gi = np.zeros((T, B, G), dt)
        self.scratch_gh = self.scratch_gi if net.cell.fold_bias() else np.zeros((T, B, G), dt)
        self.ones = np.ones(T * B, dt)


def _norm(a) -> float:
    return math.sqrt(float(np.vdot(a, a)))


def _time_norms(a: np.ndarray) -> np.ndarray:
    """‖a[t]‖ over the batch and the units for each t of a (T, B, H) array."""
    flat = a.reshape(len(a), -1)
    return np.sqrt(np.einsum("ij,ij->i", flat, flat))


def _gains(norms: np.ndarray) -> np.ndarray:
    """‖g_{t−1}‖ / ‖g_t‖ for t = 2..T: 0 where neither gets any gradient, ∞ where only the earlier does."""
    below, above = norms[:-1], norms[1:]
    with np.errstate(all="ignore"):
        gains = below / above
    none = ~(above > 0)
    if np.any(none):
        gains[none] = np.where(below[none] == 0, 0.0, np.inf)
    return gains


__all__ = ["RecurrentSpec", "RecurrentNetwork", "RECURRENT_KEYS", "INPUT_INIT_NAMES", "REMEDY_GATE_BIAS",
           "spectral_radius"]
