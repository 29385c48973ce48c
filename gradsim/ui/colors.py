"""Colour scales: gradient magnitudes on a log scale, activations on a diverging one, layer colours.

Gradients span many orders of magnitude (a vanishing net's first layer may get 1e-9 of what the
output layer gets), so a linear scale would paint everything but the largest edge the same colour.
:class:`LogColorScale` maps log10|g| onto a perceptually uniform colormap (viridis: dark = small,
bright = large, so vanishing edges literally fade into the dark background) in a fixed number of
discrete *buckets*: the canvas draws one line item per bucket (see ../../shared/NOTES.md), and the
legend shows exactly the colours that are drawn. Exact zeros ("no gradient at all") and
non-finite values get their own colours outside the colormap.

The range is whole decades, adapted to the data with hysteresis so the colours of a steady run do
not flicker between snapshots.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget
from .i18n import tr

COLORMAP = "viridis"
N_BUCKETS = 16
ZERO_COLOR = QColor("#5b6170")        # exactly zero gradient: nothing flows
NONFINITE_COLOR = QColor("#ff2d78")   # NaN or ±inf: outside the colormap on purpose
MIN_DECADES = 3
MAX_DECADES = 12

BACKGROUND = QColor("#15171c")
FOREGROUND = QColor("#d8dbe2")
MUTED = QColor("#8a90a0")

# Zero, then the colormap buckets, then non-finite.
ZERO_CLASS = 0
NONFINITE_CLASS = N_BUCKETS + 1


def colormap_colors(n: int = N_BUCKETS, name: str = COLORMAP) -> list[QColor]:
    cmap = pg.colormap.get(name)
    return [QColor(*[int(c) for c in rgba]) for rgba in cmap.getLookupTable(0.0, 1.0, n, alpha=True)]


def decade_label(exponent: int) -> str:
    """1e-6 style, the way the diagnosis text writes ratios."""
    if exponent == 0:
        return "1"
    return f"1e{exponent}"


def sci(value: float, digits: int = 2) -> str:
    """Compact number for tooltips and the status bar: 0.358916, 3.2e-07, inf."""
    if value is None:
        return "–"
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("∞" if value > 0 else "−∞")
    if value == 0:
        return "0"
    a = abs(value)
    if 1e-3 <= a < 1e4:
        return f"{value:.{max(digits + 2, 4)}g}"
    mant, exp = f"{value:.{digits - 1}e}".split("e")
    return f"{mant}e{int(exp)}"


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
    neg, mid, pos = QColor("#3f8cff"), QColor("#343a48"), QColor("#ffa43b")
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


_LAYER_PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
                  "#ff9da7", "#9c755f", "#bab0ac"]


def layer_colors(n: int) -> list[QColor]:
    """One distinct colour per layer: Tableau 10 for small nets, an even hue wheel beyond."""
    if n <= len(_LAYER_PALETTE):
        return [QColor(c) for c in _LAYER_PALETTE[:n]]
    return [pg.intColor(i, hues=n, values=1, maxValue=255, minValue=200, sat=200) for i in range(n)]


class ColorLegend(QWidget):
    """The edge/ring colour key: discrete colour bar with decade labels, zero and non-finite swatches."""

    def __init__(self, scale: LogColorScale, parent: QWidget | None = None):
        super().__init__(parent)
        self.scale = scale
        self.setMinimumHeight(34)
        self.setMaximumHeight(38)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(tr("Edge colour: |∂L/∂w| of the last step; neuron ring: ‖∂L/∂a‖ over the batch; "
                        "both on the same log scale. Edge width: |w|. Neuron fill: mean activation "
                        "(blue < 0 < orange)."))

    def labels(self) -> list[str]:
        return [decade_label(d) for d in self.scale.decades]

    def paintEvent(self, event):  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        p.fillRect(self.rect(), BACKGROUND)
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() - 1))
        p.setFont(font)
        fm = p.fontMetrics()
        title = "|∂L/∂w|, ‖∂L/∂a‖  " + tr("(log)")
        x = 8
        p.setPen(FOREGROUND)
        p.drawText(QRectF(x, 0, fm.horizontalAdvance(title) + 4, h - 14), Qt.AlignmentFlag.AlignVCenter, title)
        x += fm.horizontalAdvance(title) + 14
        extras = [("0", ZERO_COLOR), ("NaN/∞", NONFINITE_COLOR)]
        extras_w = sum(fm.horizontalAdvance(t) + 26 for t, _ in extras) + 8
        key = tr("width ∝ |w|   fill = activation")
        key_w = fm.horizontalAdvance(key) + 16 if w > 760 else 0
        bar_w = max(80, w - x - extras_w - key_w - 12)
        bar_h = 10
        y = 5
        n = self.scale.n
        cell = bar_w / n
        for idx, c in enumerate(self.scale.colors):
            p.fillRect(QRectF(x + idx * cell, y, cell + 0.5, bar_h), c)
        p.setPen(MUTED)
        decades = self.scale.decades
        span = max(1, decades[-1] - decades[0])
        every = max(1, int(math.ceil(len(decades) * (fm.horizontalAdvance("1e-10") + 8) / bar_w)))
        for idx, d in enumerate(decades):
            tx = x + (d - decades[0]) / span * bar_w
            p.drawLine(int(tx), y + bar_h, int(tx), y + bar_h + 3)
            if idx % every == 0 or idx == len(decades) - 1:
                label = decade_label(d)
                lw = fm.horizontalAdvance(label)
                lx = min(max(tx - lw / 2, x - 4), x + bar_w - lw + 4)
                p.drawText(QRectF(lx, y + bar_h + 2, lw + 2, h - y - bar_h - 2),
                           Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, label)
        x += bar_w + 14
        for text, color in extras:
            p.fillRect(QRectF(x, y, 14, bar_h), color)
            p.setPen(FOREGROUND)
            p.drawText(QRectF(x + 18, 0, fm.horizontalAdvance(text) + 4, y * 2 + bar_h),
                       Qt.AlignmentFlag.AlignVCenter, text)
            x += fm.horizontalAdvance(text) + 26
        if key_w:
            p.setPen(MUTED)
            p.drawText(QRectF(x + 4, 0, key_w, y * 2 + bar_h), Qt.AlignmentFlag.AlignVCenter, key)
        p.end()
