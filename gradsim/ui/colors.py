"""Colour scales: gradient magnitudes on a log scale, activations on a diverging one, layer colours.

Gradients span many orders of magnitude (a vanishing net's first layer may get 1e-9 of what the
output layer gets), so a linear scale would paint everything but the largest edge the same colour.
:class:`LogColorScale` maps log10|g| onto a perceptually uniform colormap (viridis: dark = small,
bright = large, so vanishing edges literally fade into the dark background) in a fixed number of
discrete *buckets*: the canvas draws each bucket with one pen (see :mod:`gradsim.ui.canvas.edges`),
and the colour key shows exactly the colours that are drawn. Exact zeros ("no gradient at all") and
non-finite values get their own colours outside the colormap.

The range is whole decades, adapted to the data with hysteresis so the colours of a steady run do
not flicker between snapshots.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from . import palette

COLORMAP = "viridis"
N_BUCKETS = 16
ZERO_COLOR = QColor(palette.ZERO)             # exactly zero gradient: nothing flows
NONFINITE_COLOR = QColor(palette.NONFINITE)   # NaN or ±inf: outside the colormap on purpose
MIN_DECADES = 3
MAX_DECADES = 12

# Zero, then the colormap buckets, then non-finite.
ZERO_CLASS = 0
NONFINITE_CLASS = N_BUCKETS + 1


def colormap_colors(n: int = N_BUCKETS, name: str = COLORMAP) -> list[QColor]:
    cmap = pg.colormap.get(name)
    return [QColor(*[int(c) for c in rgba]) for rgba in cmap.getLookupTable(0.0, 1.0, n, alpha=True)]


class LogColorScale:
    """Map magnitudes to colour classes on a log10 scale with whole-decade bounds."""

    def __init__(self, lo: int = -6, hi: int = 0, n: int = N_BUCKETS):
        self.n = n
        self.lo, self.hi = lo, hi
        self.colors = colormap_colors(n)
        self.class_colors = [ZERO_COLOR] + self.colors + [NONFINITE_COLOR]

    @property
    def decades(self) -> list[int]:
        return list(range(self.lo, self.hi + 1))

    def fit(self, values: np.ndarray) -> bool:
        """Adapt the range to ``values`` (any shape). Returns True when the range changed.

        Expands at once to cover the largest value and the 2nd percentile of the positive ones;
        shrinks only when the data have moved at least two decades inside a bound.
        """
        v = np.abs(np.asarray(values, dtype=float).ravel())
        v = v[np.isfinite(v) & (v > 0)]
        if v.size == 0:
            return False
        logs = np.log10(v)
        top = int(math.ceil(float(logs.max())))
        low = int(math.floor(float(np.percentile(logs, 2))))
        lo, hi = self.lo, self.hi
        if top > hi or top < hi - 1:
            hi = top
        if low < lo or low > lo + 2:
            lo = low
        lo = max(min(lo, hi - MIN_DECADES), hi - MAX_DECADES)
        changed = (lo, hi) != (self.lo, self.hi)
        self.lo, self.hi = lo, hi
        return changed

    def classes(self, values: np.ndarray) -> np.ndarray:
        """Colour class per value: 0 = zero, 1..n = colormap buckets, n+1 = non-finite."""
        v = np.abs(np.asarray(values, dtype=float))
        out = np.full(v.shape, NONFINITE_CLASS, dtype=np.int64)
        finite = np.isfinite(v)
        pos = finite & (v > 0)
        with np.errstate(divide="ignore"):
            t = (np.log10(v[pos]) - self.lo) / (self.hi - self.lo)
        out[pos] = 1 + np.clip((t * self.n).astype(np.int64), 0, self.n - 1)
        out[finite & (v == 0)] = ZERO_CLASS
        return out

    def color(self, value: float) -> QColor:
        return self.class_colors[int(self.classes(np.array([value]))[0])]


def activation_colors(n: int = 21) -> list[QColor]:
    """A diverging blue – slate – orange ramp for activations in [-1, 1] (TF Playground's hues)."""
    neg, mid, pos = (QColor(c) for c in palette.ACTIVATION_RAMP)
    out = []
    for t in np.linspace(-1, 1, n):
        a, b = (mid, pos) if t >= 0 else (mid, neg)
        s = abs(t)
        out.append(QColor(int(a.red() + (b.red() - a.red()) * s), int(a.green() + (b.green() - a.green()) * s),
                          int(a.blue() + (b.blue() - a.blue()) * s)))
    return out


def activation_classes(values: np.ndarray, n: int = 21) -> np.ndarray:
    """Class 0..n-1 for activation values, squashed by tanh so ReLU outputs stay in range."""
    v = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0, posinf=1e3, neginf=-1e3)
    t = np.tanh(v)
    return np.clip(np.rint((t + 1) / 2 * (n - 1)).astype(np.int64), 0, n - 1)


def layer_colors(n: int) -> list[QColor]:
    """One distinct colour per layer: Tableau 10 for small nets, an even hue wheel beyond."""
    if n <= len(palette.LAYERS):
        return [QColor(c) for c in palette.LAYERS[:n]]
    return [pg.intColor(i, hues=n, values=1, maxValue=255, minValue=200, sat=200) for i in range(n)]
