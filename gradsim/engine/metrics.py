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
# the segments are small (numpy's per-call cost dominates); not when they are big (memory does).
_DOT_PER_SEGMENT = 4096


def _dots(arrays) -> np.ndarray:
    return np.array([float(np.vdot(a, a)) for a in arrays])


def segment_sumsq(flat: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Σ x² over each segment of the 1-D ``flat`` (segment i runs from ``starts[i]`` to the next)."""
    n = len(starts)
    if flat.size > _DOT_PER_SEGMENT * n:
        ends = list(starts[1:]) + [flat.size]
        return _dots([flat[a:b] for a, b in zip(starts, ends)])
    return np.add.reduceat(flat * flat, starts, dtype=np.float64)


def measure(net, w_norms: list[float], w_update_norms: list[float]) -> dict[str, np.ndarray]:
    """Measurements of the last backward pass of ``net``: the definitions, array by array (the
    trainer takes the same values in a few vectorised calls, see :mod:`gradsim.engine.step_meter`).

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
        out["saturated"][k], out["dead"][k] = saturation(net.fprime[k], net.activations[k])
    return out


def saturation(fprime: np.ndarray, activation) -> tuple[float, float]:
    """The ``saturated`` and ``dead`` fractions of one layer from its f′ (samples × units)."""
    limit = SATURATION_THRESHOLD * activation.max_derivative
    saturated = float(np.count_nonzero(np.abs(fprime) < limit)) / fprime.size
    dead = float(np.count_nonzero(~np.any(fprime != 0, axis=0))) / fprime.shape[1]
    return saturated, dead
