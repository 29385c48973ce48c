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

Each is written out by its definition in :func:`gradsim.engine.reference.measure`; the trainer takes
them all in a few vectorised calls (:class:`~gradsim.engine.step_meter.StepMeter`).
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
DOT_PER_SEGMENT = 4096


def _dots(arrays) -> np.ndarray:
    return np.array([float(np.vdot(a, a)) for a in arrays])


def segment_sumsq(flat: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Σ x² over each segment of the 1-D ``flat`` (segment i runs from ``starts[i]`` to the next)."""
    n = len(starts)
    if flat.size > DOT_PER_SEGMENT * n:
        ends = list(starts[1:]) + [flat.size]
        return _dots([flat[a:b] for a, b in zip(starts, ends)])
    return np.add.reduceat(flat * flat, starts, dtype=np.float64)


def saturation(fprime: np.ndarray, activation) -> tuple[float, float]:
    """The ``saturated`` and ``dead`` fractions of one layer from its f′ (samples × units)."""
    limit = SATURATION_THRESHOLD * activation.max_derivative
    saturated = float(np.count_nonzero(np.abs(fprime) < limit)) / fprime.size
    dead = float(np.count_nonzero(~np.any(fprime != 0, axis=0))) / fprime.shape[1]
    return saturated, dead
