"""The per-layer measurements of :mod:`gradsim.engine.metrics`, taken in a fixed number of numpy calls.

Small networks (the seed's 2-2-2, a deep narrow stack) spend their step in numpy's per-call
overhead, not in arithmetic, so measuring layer by layer would cost more than training. A
:class:`StepMeter` is built once for a network's layout and batch size. It squares every quantity
into one reused buffer, sums all segments with one ``np.add.reduceat``, takes one square root, and
scatters the norms into the ``(7, L)`` table of :data:`metrics.LAYER_KEYS` with one ``np.take``.
Saturation comes from the f′ values that the training pass left side by side in
:class:`network._Workspace`. Big networks are bound by memory, not by calls, so for them the sums
are one BLAS dot per array instead (see :func:`metrics.segment_sumsq`).

:func:`gradsim.engine.reference.measure` is the plain per-array definition;
``tests/engine/test_fast_path.py`` checks that both record the same values.
"""

from __future__ import annotations

import numpy as np

from .metrics import DOT_PER_SEGMENT, LAYER_KEYS, SATURATION_THRESHOLD, segment_sumsq


class StepMeter:
    """Measure training steps of one network layout and batch size (see :meth:`fits`)."""

    def __init__(self, net, batch: int):
        ws = net.workspace_for(batch)
        L = net.depth
        self.L, self.batch, self.n_flat = L, batch, net.flat.size
        self.grad_starts = net.segment_starts(True)
        self.w_starts = self.grad_starts[:L]
        nw, nda = net.weights_size, ws.da_flat.size
        self.nw = nw
        n_seg = len(self.grad_starts)
        segments = n_seg + 2 * L + (L + 1)
        # One square-and-sum over a reused buffer when the arrays are small; a dot each when big.
        self.small = self.n_flat + 2 * nw + nda <= DOT_PER_SEGMENT * segments
        if self.small:
            self._grad_sq_buf = np.empty(self.n_flat, net.dtype)
            self._sq = np.empty(2 * nw + nda, net.dtype)
            self._rest_starts = np.concatenate((self.w_starts, nw + self.w_starts, 2 * nw + ws.da_starts))
        # src = [Σg² per segment (n_seg) | ‖W_k‖² (L) | ‖ΔW_k‖² (L) | ‖∂L/∂a_l‖² (L+1)], then √.
        # Rows 0-5 of the table: ‖∂W‖, ‖∂b‖, ‖∂a_l‖, ‖∂a_{l-1}‖ (÷ row 2 → gain), ‖ΔW‖ (÷ row 5 →
        # ratio), ‖W‖; row 5 is then overwritten by the saturated fraction and row 6 is dead.
        k = np.arange(L)
        bias = n_seg - L + k
        w, upd, da = n_seg + k, n_seg + L + k, n_seg + 2 * L
        self._index = np.stack([k, bias, da + k + 1, da + k, upd, w])
        sizes = [batch * n for n in net.sizes[1:]]
        self._fp_sizes = np.array(sizes, dtype=np.float64)
        # In f′'s dtype, as a Python-float limit would be compared (0.01 is not a float32).
        self._limits = np.repeat([SATURATION_THRESHOLD * a.max_derivative for a in net.activations],
                                 sizes).astype(net.dtype)
        self._low = np.empty(ws.fprime_flat.size, bool)
        ends = list(ws.fprime_starts[1:]) + [ws.fprime_flat.size]
        self._fp_bounds = list(zip(ws.fprime_starts.tolist(), ends))
        self._signs = not all(a.nonnegative_derivative for a in net.activations)

    def fits(self, net, batch: int) -> bool:
        """Still valid for ``net`` (same parameter layout) and this batch size?"""
        return batch == self.batch and net.flat.size == self.n_flat and net.depth == self.L

    def grad_sumsq(self, grads: np.ndarray) -> np.ndarray:
        """Σg² per array of the full gradient buffer (``net.segment_starts(True)`` order), float64."""
        if not self.small:
            return segment_sumsq(grads, self.grad_starts)
        sq = np.multiply(grads, grads, out=self._grad_sq_buf)
        return np.add.reduceat(sq, self.grad_starts, dtype=np.float64)

    def measure(self, net, grad_sq: np.ndarray, weights: np.ndarray, delta: np.ndarray) -> dict[str, np.ndarray]:
        """The seven measurements, from :meth:`grad_sumsq`'s result, the weights *before* the update
        (``flat[:weights_size]``) and the update's weight part. Call after ``net.backward(into=...)``
        and under ``np.errstate(all="ignore")``."""
        ws, L, nw = net.workspace, self.L, self.nw
        if self.small:
            sq = self._sq
            np.multiply(weights, weights, out=sq[:nw])
            np.multiply(delta, delta, out=sq[nw:2 * nw])
            np.multiply(ws.da_flat, ws.da_flat, out=sq[2 * nw:])
            rest = np.add.reduceat(sq, self._rest_starts, dtype=np.float64)
        else:
            rest = np.concatenate((segment_sumsq(weights, self.w_starts), segment_sumsq(delta, self.w_starts),
                                   segment_sumsq(ws.da_flat, ws.da_starts)))
        src = np.concatenate((grad_sq, rest))
        np.sqrt(src, out=src)
        table = np.zeros((len(LAYER_KEYS), L))
        np.take(src, self._index, out=table[:6])
        np.divide(table[3], table[2], out=table[3])
        np.divide(table[4], table[5], out=table[4])
        # Rare: a zero (or NaN) ‖∂L/∂a_l‖ or ‖W‖. A zero anywhere in src, or a NaN (the dot is NaN
        # then), sends every layer through the exact rules below; they leave other values alone.
        total = float(np.vdot(src, src))
        if np.count_nonzero(src) != src.size or total != total:
            above, below = table[2], src[self._index[3]]
            none = ~(above > 0)  # no gradient reached the output: gain 0 if none passes below either, else ∞
            table[3][none] = np.where(below[none] == 0, 0.0, np.inf)
            table[4][~(table[5] > 0)] = 0.0  # an all-zero weight matrix: update ratio 0 by definition
        self._saturation(ws, table[5], table[6])
        return dict(zip(LAYER_KEYS, table))

    def _saturation(self, ws, sat: np.ndarray, dead: np.ndarray) -> None:
        fp = ws.fprime_flat
        low = np.less(np.abs(fp) if self._signs else fp, self._limits, out=self._low)
        if self.small:
            n_low = np.add.reduceat(low, ws.fprime_starts, dtype=np.intp)
        else:  # reduceat casts every bool; counting big slices is several times faster
            n_low = np.array([np.count_nonzero(low[a:b]) for a, b in self._fp_bounds])
        np.divide(n_low, self._fp_sizes, out=sat)
        if not np.count_nonzero(n_low):
            return  # a dead unit has f′ = 0 < limit for every sample: none low, none dead (dead is 0)
        for k, f in enumerate(ws.fprime):
            if not n_low[k]:
                continue
            if self._signs:
                dead[k] = np.count_nonzero(~f.any(axis=0)) / f.shape[1]
            else:  # f′ >= 0: a unit's column sums to 0 exactly when every sample's f′ is 0
                dead[k] = np.count_nonzero(np.dot(ws.ones, f) == 0) / f.shape[1]
