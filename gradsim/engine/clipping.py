"""Gradient clipping, the standard cure for exploding gradients.

``norm``: if the global L2 norm of all gradients exceeds ``threshold``, scale them all down to it
(direction kept). ``value``: clamp every component into ``[-threshold, threshold]``. The trainer
clips all gradients at once in its flat buffer (:func:`clip_flat`); the same rule array by array is
:func:`gradsim.engine.reference.clip`.
"""

from __future__ import annotations

import math

import numpy as np

CLIP_MODES = ("none", "norm", "value")


def clip_flat(g: np.ndarray, mode: str, threshold: float, norm_before: float,
              out: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """All gradients in one array, clipped: ``g`` itself if unchanged, else ``out``; and their norm."""
    if mode == "none":
        return g, norm_before
    if mode == "norm":
        if norm_before > threshold > 0:
            return np.multiply(g, threshold / norm_before, out=out), threshold
        return g, norm_before
    if mode == "value":
        clipped = np.clip(g, -threshold, threshold, out=out)
        return clipped, math.sqrt(float(np.vdot(clipped, clipped)))
    raise ValueError(f"unknown clip mode {mode!r} (known: {', '.join(CLIP_MODES)})")
