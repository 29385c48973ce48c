"""Per-layer gradient measurements, taken after every training step.

All lists are indexed like the weight matrices: entry ``k`` describes weight matrix ``W{k+1}`` and
the layer ``l = k + 1`` it feeds (the last entry is the output layer).

``grad_norm``        ‖∂L/∂W_k‖_F, Frobenius norm of the weight gradient (masked edges excluded).
``bias_grad_norm``   ‖∂L/∂b_k‖₂ (measured even when biases are frozen).
``out_grad_norm``    ‖∂L/∂a_l‖_F, the gradient reaching the layer's output, over the whole batch.
``backward_gain``    ‖∂L/∂a_{l−1}‖_F / ‖∂L/∂a_l‖_F: how much the layer shrinks (< 1) or grows (> 1)
                     the gradient passing through it. For a chain of single neurons without residuals
                     this is exactly |f′(u_l)·w_l|, the seed's quantity (≤ 0.25 for sigmoid when
                     |w| ≤ 1). ∂L/∂a_{l−1} includes every path, so a residual link's "+1" shows here.
``update_ratio``     ‖ΔW_k‖_F / ‖W_k‖_F for the update actually applied this step (0 if W_k = 0).
``saturated``        fraction of (sample, unit) pairs of layer l with |f′(u)| < 1 % of max f′.
``dead``             fraction of units of layer l whose f′(u) is exactly 0 for every sample in the
                     batch (dead ReLUs; other activations only when they underflow).
"""

from __future__ import annotations

import math

import numpy as np

LAYER_KEYS = ("grad_norm", "bias_grad_norm", "out_grad_norm", "backward_gain", "update_ratio",
              "saturated", "dead")
SATURATION_THRESHOLD = 0.01


def norm(x: np.ndarray) -> float:
    return math.sqrt(float(np.vdot(x, x)))


# One squared copy + one ``np.add.reduceat`` for all segments beats a BLAS dot per segment when
# there are more than a few segments and they are small (deep narrow nets); not when they are big.
_FEW_SEGMENTS = 3
_DOT_PER_SEGMENT = 4096


def _dots(arrays) -> np.ndarray:
    return np.array([float(np.vdot(a, a)) for a in arrays])


def segment_sumsq(flat: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Σ x² over each segment of the 1-D ``flat`` (segment i runs from ``starts[i]`` to the next)."""
    n = len(starts)
    if n <= _FEW_SEGMENTS or flat.size > _DOT_PER_SEGMENT * n:
        ends = list(starts[1:]) + [flat.size]
        return _dots([flat[a:b] for a, b in zip(starts, ends)])
    return np.add.reduceat(flat * flat, starts, dtype=np.float64)


def layer_sumsq(arrays: list[np.ndarray]) -> np.ndarray:
    """Σ x² of each array of ``arrays`` (any shapes), batched like :func:`segment_sumsq`."""
    sizes = [a.size for a in arrays]
    n = len(arrays)
    if n <= _FEW_SEGMENTS or sum(sizes) > _DOT_PER_SEGMENT * n:
        return _dots(arrays)
    flat = np.concatenate([a.reshape(-1) for a in arrays])
    starts = np.zeros(n, np.intp)
    starts[1:] = sizes[:-1]
    np.add.accumulate(starts, out=starts)
    return np.add.reduceat(flat * flat, starts, dtype=np.float64)


def measure_from_sumsq(net, grad_w: np.ndarray, grad_b: np.ndarray, w_sq: np.ndarray,
                       update_sq: np.ndarray) -> dict[str, np.ndarray]:
    """:func:`measure` with the norms' squares handed in, vectorised over layers.

    ``grad_w``, ``grad_b``, ``w_sq`` and ``update_sq`` are per weight matrix: ‖∂L/∂W_k‖², ‖∂L/∂b_k‖²,
    ‖W_k‖² before the update and ‖ΔW_k‖². The trainer has these from its flat buffers at the cost
    of a few numpy calls. Call under ``np.errstate(all="ignore")`` (divisions by zero are handled).
    """
    L = net.depth
    table = np.zeros((len(LAYER_KEYS), L))
    out = dict(zip(LAYER_KEYS, table))
    # Squares go into rows 0, 1 and the scratch rows 5 (‖ΔW‖²) and 6 (‖W‖²); one sqrt covers all.
    table[0], table[1], table[5], table[6] = grad_w, grad_b, update_sq, w_sq
    np.sqrt(table, out=table)  # rows 2-4 are still 0 here
    da_norms = layer_sumsq(net.da)
    np.sqrt(da_norms, out=da_norms)
    below, above = da_norms[:-1], da_norms[1:]
    table[2] = above
    np.divide(below, above, out=table[3])
    np.divide(table[5], table[6], out=table[4])
    if np.count_nonzero(table[2::4] > 0) != 2 * L:  # rare: a zero (or NaN) norm in row 2 or 6
        none = ~(above > 0)  # no gradient reached the output: gain 0 if none passes below either, else ∞
        table[3][none] = np.where(below[none] == 0, 0.0, math.inf)
        table[4][~(table[6] > 0)] = 0.0  # an all-zero weight matrix: update ratio 0 by definition
    _saturation(net, table[5], table[6])
    return out


def _saturation(net, sat: np.ndarray, dead: np.ndarray) -> None:
    """Fill ``sat`` and ``dead`` (per layer) from the cached f′ of the last backward pass."""
    fps, acts = net.fprime, net.activations
    L = len(fps)
    sizes = [fp.size for fp in fps]
    if (L > _FEW_SEGMENTS and sum(sizes) <= _DOT_PER_SEGMENT * L
            and all(a.nonnegative_derivative for a in acts)):
        # Many small layers: all at once, one comparison against per-element limits and one count
        # per layer. (For big layers copying them together costs more than a call per layer.)
        flat = np.concatenate([fp.reshape(-1) for fp in fps])
        limits = net.__dict__.get("_saturation_limits")
        if limits is None or limits.size != flat.size or limits.dtype != flat.dtype:
            # In f′'s dtype, as a Python-float limit would be compared (0.01 is not a float32).
            limits = np.repeat([SATURATION_THRESHOLD * a.max_derivative for a in acts], sizes).astype(flat.dtype)
            net._saturation_limits = limits  # same widths, same batch size: same limits
        starts = np.zeros(L, np.intp)
        starts[1:] = sizes[:-1]
        np.add.accumulate(starts, out=starts)
        n_low = np.add.reduceat(flat < limits, starts, dtype=np.intp)
        np.divide(n_low, sizes, out=sat)
    else:
        n_low = [np.count_nonzero(fp < SATURATION_THRESHOLD * a.max_derivative if a.nonnegative_derivative
                                  else np.abs(fp) < SATURATION_THRESHOLD * a.max_derivative)
                 for fp, a in zip(fps, acts)]
        for k, (n, fp) in enumerate(zip(n_low, fps)):
            sat[k] = n / fp.size
    dead.fill(0.0)
    for k in range(L):
        # A dead unit has f' = 0 < limit for every sample, so no low value means no dead unit.
        if n_low[k]:
            fp = fps[k]
            dead[k] = np.count_nonzero(~fp.any(axis=0)) / fp.shape[1]


def measure(net, w_norms: list[float], w_update_norms: list[float]) -> dict[str, np.ndarray]:
    """Measurements of the last backward pass of ``net``.

    ``w_norms`` and ``w_update_norms`` are ‖W_k‖ before the update and ‖ΔW_k‖ (computed by the
    trainer, which has them at hand).
    """
    L = net.depth
    out = {key: np.empty(L) for key in LAYER_KEYS}
    da_norms = [norm(g) for g in net.da]
    for k in range(L):
        out["grad_norm"][k] = norm(net.dW[k])
        out["bias_grad_norm"][k] = norm(net.db[k])
        out["out_grad_norm"][k] = da_norms[k + 1]
        below, above = da_norms[k], da_norms[k + 1]
        out["backward_gain"][k] = below / above if above > 0 else (0.0 if below == 0 else math.inf)
        out["update_ratio"][k] = w_update_norms[k] / w_norms[k] if w_norms[k] > 0 else 0.0
        fp = net.fprime[k]
        limit = SATURATION_THRESHOLD * net.activations[k].max_derivative
        out["saturated"][k] = float(np.count_nonzero(np.abs(fp) < limit)) / fp.size
        out["dead"][k] = float(np.count_nonzero(~np.any(fp != 0, axis=0))) / fp.shape[1]
    return out
