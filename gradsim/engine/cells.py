"""Recurrent cells: the step from one hidden state to the next, forwards and backwards.

Parameters are in PyTorch's layout (``torch.nn.RNN``/``LSTM``/``GRU``), so anyone can check them:
``weight_ih`` (gates·H × inputs), ``weight_hh`` (gates·H × H), ``bias_ih`` and ``bias_hh`` (gates·H),
the gates stacked in PyTorch's order. With ``a`` the input part x W_ihᵀ + b_ih::

    rnn-tanh, rnn-relu   h_t = f(a + h_{t−1} W_hhᵀ + b_hh)
    lstm  (i, f, g, o)   [i, f, g, o] = [σ, σ, tanh, σ](a + h_{t−1} W_hhᵀ + b_hh)
                         c_t = f ⊙ c_{t−1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
    gru   (r, z, n)      [r, z] = σ(a_rz + h_{t−1} W_hrzᵀ + b_hrz)
                         n = tanh(a_n + r ⊙ (h_{t−1} W_hnᵀ + b_hn)),   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}

Arrays are time-major: ``h`` is (T + 1, batch, H) with ``h[0]`` the initial state (zero); cell
``i`` (0-based, time step t = i + 1) reads ``h[i]`` and writes ``h[i + 1]``. The forward loop runs
over time steps only; everything inside a step is vectorised over the batch. The backward step
(:meth:`Cell.backward`) takes one time step or a stack of them (a slice): truncated
backpropagation through time runs many loss terms' windows side by side that way.

Derivatives come from the cached outputs as PyTorch's autograd forms them (σ′ = σ(1 − σ),
tanh′ = 1 − tanh²), so the two agree to rounding; in the far tails, where these forms give 0 for a
slope of 1e-17, no gradient a run could use is lost.
"""

from __future__ import annotations

import numpy as np

CELL_NAMES = ("rnn-tanh", "rnn-relu", "lstm", "gru")
GATES = {"rnn-tanh": 1, "rnn-relu": 1, "lstm": 4, "gru": 3}
GATE_NAMES = {"rnn-tanh": ("",), "rnn-relu": ("",), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
# the gate whose activity the history records (LSTM's forget gate, GRU's update gate): how much
# of the old state each step keeps
MEMORY_GATE = {"lstm": 1, "gru": 1}


def make_cell(name: str):
    return {"rnn-tanh": RNNCell, "rnn-relu": RNNCell, "lstm": LSTMCell, "gru": GRUCell}[name](name)


class Cell:
    """One cell type. :meth:`forward` fills the caches of a whole sequence; :meth:`prepare` derives
    what the backward steps need from them; :meth:`backward` does one time step (or a stack)."""

    name = ""
    gates = 1
    has_cell_state = False

    def __init__(self, name: str):
        self.name = name

    def allocate(self, T: int, B: int, H: int, dtype) -> dict:
        return {}

    def forward(self, xi, h, W_hh, b_hh, cache, c=None, cancel=None) -> None:  # pragma: no cover
        raise NotImplementedError

    def prepare(self, h, cache, c=None) -> None:
        """Per-sequence quantities for the backward steps (after the forward pass)."""

    def fold_bias(self) -> bool:
        """True when ``b_hh`` simply adds to ``b_ih``, so the hidden side's pre-activation gradients
        are the input side's (every cell but the GRU, whose n gate scales its hidden part by r)."""
        return True

    def input_scale(self, H: int, dtype) -> np.ndarray | None:
        """A per-row factor the input part ``x W_ihᵀ + b`` is to be multiplied by (None: 1)."""
        return None

    def input_bias(self, b_ih, b_hh):
        """The bias added to every step's input part: b_ih + b_hh where they simply add."""
        return b_ih + b_hh


class RNNCell(Cell):
    """The plain (Elman) recurrent cell with tanh or ReLU."""

    def __init__(self, name: str):
        super().__init__(name)
        self.relu = name == "rnn-relu"

    def forward(self, xi, h, W_hh, b_hh, cache, c=None, cancel=None):
        # xi already holds x W_ihᵀ + b_ih + b_hh
        WT = W_hh.T
        relu = self.relu
        for i in range(len(xi)):
            if cancel is not None and cancel():
                from .network import Cancelled
                raise Cancelled
            out = h[i + 1]
            np.dot(h[i], WT, out=out)
            out += xi[i]
            if relu:
                np.maximum(out, 0.0, out=out)
            else:
                np.tanh(out, out=out)

    def prepare(self, h, cache, c=None):
        hs = h[1:]
        if self.relu:
            cache["fprime"] = (hs > 0).astype(h.dtype)
        else:
            fp = np.multiply(hs, hs)
            np.subtract(1.0, fp, out=fp)
            cache["fprime"] = fp

    def backward(self, i, dh, dc, W_hh, cache, dgi, dgh, need_prev=True, out=None, dc_out=None):
        """Cell ``i`` (an index or a slice of them): ∂L/∂(pre-activation) into ``dgi[i]`` and the
        gradient passed on to ``h[i]`` (into ``out`` if given; None when ``need_prev`` is False)."""
        da = np.multiply(dh, cache["fprime"][i], out=dgi[i])
        return (np.matmul(da, W_hh, out=out) if need_prev else None), None, None


class LSTMCell(Cell):
    """Long short-term memory (Hochreiter & Schmidhuber 1997), gates i, f, g, o."""

    gates = 4
    has_cell_state = True

    @staticmethod
    def _scale(H, dtype):
        # σ(x) = ½ + ½·tanh(x/2): with the i, f, o rows scaled by ½, one tanh gives every gate
        scale = np.full(4 * H, 0.5, dtype)
        scale[2 * H:3 * H] = 1.0
        return scale

    def input_scale(self, H, dtype):
        return self._scale(H, dtype)

    def allocate(self, T, B, H, dtype):
        scale = self._scale(H, dtype)
        shift = np.full(4 * H, 0.5, dtype)
        shift[2 * H:3 * H] = 0.0
        return {"gates": np.empty((T, B, 4 * H), dtype), "tc": np.empty((T, B, H), dtype),
                "scale": scale, "shift": shift, "tmp": np.empty((B, H), dtype),
                "slope": np.empty((T, B, 4 * H), dtype), "other": np.empty((T, B, 4, H), dtype),
                "dhdc": np.empty((T, B, H), dtype)}

    def forward(self, xi, h, W_hh, b_hh, cache, c=None, cancel=None):
        # xi = x W_ihᵀ + b_ih + b_hh, already scaled by input_scale()
        H = h.shape[2]
        gates, tc, scale, shift, tmp = cache["gates"], cache["tc"], cache["scale"], cache["shift"], cache["tmp"]
        WT = (W_hh * scale[:, None]).T
        for i in range(len(xi)):
            if cancel is not None and cancel():
                from .network import Cancelled
                raise Cancelled
            g = gates[i]
            np.dot(h[i], WT, out=g)
            g += xi[i]
            np.tanh(g, out=g)
            g *= scale
            g += shift
            cn = c[i + 1]
            np.multiply(g[:, H:2 * H], c[i], out=cn)
            np.multiply(g[:, :H], g[:, 2 * H:3 * H], out=tmp)
            cn += tmp
            t = tc[i]
            np.tanh(cn, out=t)
            np.multiply(g[:, 3 * H:], t, out=h[i + 1])

    def prepare(self, h, cache, c=None):
        H = h.shape[2]
        gates, tc = cache["gates"], cache["tc"]
        slope, other, dhdc = cache["slope"], cache["other"], cache["dhdc"]
        # the gates' slopes: σ′ = σ(1 − σ) for i, f, o, tanh′ = 1 − g² for g
        np.subtract(1.0, gates, out=slope)
        slope *= gates
        sg, g = slope[..., 2 * H:3 * H], gates[..., 2 * H:3 * H]
        np.multiply(g, g, out=sg)
        np.subtract(1.0, sg, out=sg)
        # ∂h_t/∂(pre-activation) per gate, given ∂L/∂c_t for i, f, g and ∂L/∂h_t for o:
        # g·σ′(i), c_{t−1}·σ′(f), i·tanh′(g), tanh(c_t)·σ′(o)
        np.multiply(g, slope[..., :H], out=other[..., 0, :])
        np.multiply(c[:-1], slope[..., H:2 * H], out=other[..., 1, :])
        np.multiply(gates[..., :H], sg, out=other[..., 2, :])
        np.multiply(tc, slope[..., 3 * H:], out=other[..., 3, :])
        # ∂h_t/∂c_t = o ⊙ tanh′(c_t)
        np.multiply(tc, tc, out=dhdc)
        np.subtract(1.0, dhdc, out=dhdc)
        dhdc *= gates[..., 3 * H:]

    def backward(self, i, dh, dc, W_hh, cache, dgi, dgh, need_prev=True, out=None, dc_out=None):
        """Cell ``i`` (index or slice): ``dh`` reaches h_t, ``dc`` reaches c_t from the future (or
        None). Returns (∂L/∂h_{t−1}, ∂L/∂c_{t−1} from this path, ∂L/∂c_t in total); ``out`` and
        ``dc_out`` receive the first and the last when given."""
        dct = np.multiply(dh, cache["dhdc"][i], out=dc_out)
        if dc is not None:
            dct += dc
        d = dgi[i]
        d4 = d.reshape(d.shape[:-1] + (4, dh.shape[-1]))
        other = cache["other"][i]
        np.multiply(other[..., :3, :], dct[..., None, :], out=d4[..., :3, :])
        np.multiply(other[..., 3, :], dh, out=d4[..., 3, :])
        if not need_prev:
            return None, None, dct
        H = dh.shape[-1]
        return np.matmul(d, W_hh, out=out), dct * cache["gates"][i][..., H:2 * H], dct


class GRUCell(Cell):
    """Gated recurrent unit (Cho et al. 2014) as ``torch.nn.GRU`` defines it, gates r, z, n."""

    gates = 3

    def fold_bias(self) -> bool:
        return False

    def input_bias(self, b_ih, b_hh):
        H = len(b_hh) // 3
        out = b_ih.copy()
        out[:2 * H] += b_hh[:2 * H]
        return out

    @staticmethod
    def _scale(H, dtype):
        # σ(x) = ½ + ½·tanh(x/2): the r and z rows are scaled by ½ (the n gate's are not)
        scale = np.full(3 * H, 0.5, dtype)
        scale[2 * H:] = 1.0
        return scale

    def input_scale(self, H, dtype):
        return self._scale(H, dtype)

    def allocate(self, T, B, H, dtype):
        return {"rz": np.empty((T, B, 2 * H), dtype), "n": np.empty((T, B, H), dtype),
                "ghn": np.empty((T, B, H), dtype), "gh": np.empty((B, 3 * H), dtype),
                "scale": self._scale(H, dtype)}

    def forward(self, xi, h, W_hh, b_hh, cache, c=None, cancel=None):
        # xi = x W_ihᵀ + b_ih + b_hh's r and z parts, the r and z parts scaled by ½ (input_bias,
        # input_scale); b_hh's n part, which r scales, is added at every step
        H = h.shape[2]
        rz_, n_, ghn, gh, scale = cache["rz"], cache["n"], cache["ghn"], cache["gh"], cache["scale"]
        b_hn = b_hh[2 * H:]
        WT = (W_hh * scale[:, None]).T
        for i in range(len(xi)):
            if cancel is not None and cancel():
                from .network import Cancelled
                raise Cancelled
            np.dot(h[i], WT, out=gh)
            g = rz_[i]
            np.add(xi[i, :, :2 * H], gh[:, :2 * H], out=g)
            np.tanh(g, out=g)
            g *= 0.5
            g += 0.5
            hn = ghn[i]
            np.add(gh[:, 2 * H:], b_hn, out=hn)
            n = n_[i]
            np.multiply(g[:, :H], hn, out=n)
            n += xi[i, :, 2 * H:]
            np.tanh(n, out=n)
            out = h[i + 1]
            np.subtract(h[i], n, out=out)
            out *= g[:, H:]
            out += n

    def prepare(self, h, cache, c=None):
        H = h.shape[2]
        rz, n = cache["rz"], cache["n"]
        r, z = rz[:, :, :H], rz[:, :, H:]
        slope = np.subtract(1.0, rz)
        slope *= rz                                   # σ′ of r and z
        dn = np.multiply(n, n)
        np.subtract(1.0, dn, out=dn)                  # tanh′ of n ...
        dn *= 1.0 - z                                 # ... times ∂h/∂n = 1 − z
        cache["dhdn"] = dn
        dz = np.subtract(h[:-1], n)                   # ∂h/∂z = h_{t−1} − n ...
        dz *= slope[:, :, H:]                         # ... times σ′(z)
        cache["dhdz"] = dz
        cache["r_slope"] = cache["ghn"] * slope[:, :, :H]   # ∂n_pre/∂r · σ′(r)
        cache["r"] = np.ascontiguousarray(r)
        cache["z"] = np.ascontiguousarray(z)

    def backward(self, i, dh, dc, W_hh, cache, dgi, dgh, need_prev=True, out=None, dc_out=None):
        """Cell ``i`` (index or slice): the input side's pre-activation gradients into ``dgi[i]``
        (r, z, n) and the hidden side's into ``dgh[i]`` (r, z, r ⊙ n's); the gradient passed on to
        ``h[i]`` into ``out`` if given."""
        H = dh.shape[-1]
        gi, gg = dgi[i], dgh[i]
        dan = np.multiply(dh, cache["dhdn"][i], out=gi[..., 2 * H:])
        np.multiply(dan, cache["r"][i], out=gg[..., 2 * H:])
        rz = gi[..., :2 * H]
        np.multiply(dan, cache["r_slope"][i], out=rz[..., :H])
        np.multiply(dh, cache["dhdz"][i], out=rz[..., H:])
        gg[..., :2 * H] = rz
        if not need_prev:
            return None, None, None
        prev = np.matmul(gg, W_hh, out=out)
        prev += dh * cache["z"][i]
        return prev, None, None


__all__ = ["CELL_NAMES", "GATES", "GATE_NAMES", "MEMORY_GATE", "make_cell", "Cell", "RNNCell", "LSTMCell",
           "GRUCell"]
