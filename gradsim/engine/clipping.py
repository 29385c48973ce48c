"""Gradient clipping, the standard cure for exploding gradients.

``norm``: if the global L2 norm of all gradients exceeds ``threshold``, scale them all down to it
(direction kept). ``value``: clamp every component into ``[-threshold, threshold]``.
"""

from __future__ import annotations

import math

import numpy as np

CLIP_MODES = ("none", "norm", "value")


def global_norm(grads: list[np.ndarray]) -> float:
    return float(np.sqrt(sum(float(np.vdot(g, g)) for g in grads)))


def clip(grads: list[np.ndarray], mode: str, threshold: float, norm_before: float) -> tuple[list[np.ndarray], float]:
    """Return the clipped gradients (new arrays only where changed) and their global norm."""
    if mode == "none":
        return grads, norm_before
    if mode == "norm":
        if norm_before > threshold > 0:
            scale = threshold / norm_before
            grads = [g * scale for g in grads]
            return grads, threshold
        return grads, norm_before
    if mode == "value":
        grads = [np.clip(g, -threshold, threshold) for g in grads]
        return grads, global_norm(grads)
    raise ValueError(f"unknown clip mode {mode!r} (known: {', '.join(CLIP_MODES)})")


def clip_flat(g: np.ndarray, mode: str, threshold: float, norm_before: float,
              out: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """:func:`clip` for all gradients in one array: ``g`` itself if unchanged, else ``out``."""
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
