"""One small histogram per layer, side by side from input to output, on one shared value axis.

The engine's histograms of one quantity share their bins across layers
(:mod:`gradsim.engine.distributions`), so each layer is drawn as a column of horizontal bars on a
common vertical value axis: a vanishing gradient shows as the early columns collapsing into a sliver
of the range the later ones span. Each column's bars are scaled to its own tallest bin (the shape,
not the count, is compared across layers); values outside the shared range are counted above and
below the column (▲ / ▼), so every value of the layer is accounted for.

Beside each column: a grey bracket at the measured mean ± std, and, where the initialisation theory
applies, a purple one at its predicted mean ± std. Behind each column the values where that layer's
activation is saturated (|f′| < 1 % of its maximum, as the ``saturated`` measurement counts them)
are shaded. Under the columns a small table prints each layer's std and saturated fraction.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFont

from gradsim.engine.metrics import SATURATION_GRID, saturated_ranges

from .. import palette
from ..i18n import tr
from ..teach import style
from .paper_plot import paper_axes

HALF = 0.42          # a column's half-width in layer units
BAR_COLOUR = (84, 110, 122, 190)
MEASURED_COLOUR = "#546e7a"
TABLE_FONT_PT = 7.5
STAGGER_ABOVE = 6    # layers beyond which the table's numbers alternate between two lines


def compact(v: float, digits: int = 2) -> str:
    """A number in at most about five characters: 0.21, 0.071, 38, 1.4e-7 (NaN, ∞ as themselves);
    ``digits=1`` writes the small and large ones as 1e-7 (narrow columns)."""
    if v is None or math.isnan(v):
        return "–"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"
    a = abs(v)
    if 0.01 <= a < 1000:
        return f"{v:.2g}"
    mant, exp = f"{v:.{digits - 1}e}".split("e")
    mant = mant.rstrip("0").rstrip(".")
    return f"{mant}e{int(exp)}"


def saturated_values(activation, quantity: str) -> list[tuple[float, float]]:
    """The values of ``quantity`` ("preact" or "act") where ``activation`` is saturated (none for the
    gradients: saturation is a property of u, and of a through f)."""
    ranges = saturated_ranges(activation)
    if quantity == "preact":
        return ranges
    if quantity != "act":
        return []
    out = []
    with np.errstate(all="ignore"):
        for lo, hi in ranges:
            ends = activation.forward(np.array([max(lo, -SATURATION_GRID), min(hi, SATURATION_GRID)]))
            a, b = sorted(float(e) for e in ends)
            if b > a:
                out.append((a, b))
    return out


class LayerHistograms(pg.GraphicsLayoutWidget):
    """The histogram strip: :meth:`set_layers` once per network, :meth:`show_layers` per update.

    ``shown`` keeps, per layer, what is drawn: ``(counts, below, above, nan)`` of its histogram.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground(palette.PAPER_BACKGROUND)
        self.ci.setContentsMargins(2, 4, 20, 2)  # the last column's numbers reach past its centre
        self.ci.setSpacing(0)
        self.plot = self.ci.addPlot(row=0, col=0)
        self.table = self.ci.addPlot(row=1, col=0)
        for p in (self.plot, self.table):
            paper_axes(p, si_prefix=True)   # tiny gradients: the axis says ×1e-7 once
            p.setMouseEnabled(x=False, y=False)
        self.plot.showGrid(x=False, y=True, alpha=style.GRID_ALPHA)
        self.table.setXLink(self.plot)
        self.table.hideAxis("bottom")
        self.table.setYRange(-0.6, 3.6, padding=0)
        self.table.setFixedHeight(50)
        self.table.getAxis("left").setTicks([[(2.5, tr("std")), (0.5, tr("sat."))]])
        self.table.getAxis("left").setStyle(tickLength=0)
        self.shade = pg.BarGraphItem(x0=[], y0=[], width=[], height=[], brush=pg.mkBrush(*palette.SHADE_COLOUR),
                                     pen=pg.mkPen(None))
        self.bars = pg.BarGraphItem(x0=[], y0=[], width=[], height=[], brush=pg.mkBrush(*BAR_COLOUR),
                                    pen=pg.mkPen(None))
        self.measured = pg.PlotCurveItem(pen=pg.mkPen(MEASURED_COLOUR, width=1.3), connect="pairs")
        self.predicted = pg.PlotCurveItem(pen=pg.mkPen(palette.REFERENCE_COLOUR, width=2), connect="pairs")
        for item in (self.shade, self.bars, self.measured, self.predicted):
            self.plot.addItem(item)
        self.shade.setZValue(-5)
        self.names: list[str] = []
        self.activations: list = []
        self._saturated: dict[str, list] = {}
        self.cells: list[tuple[pg.TextItem, pg.TextItem]] = []
        self.outside: list[tuple[pg.TextItem, pg.TextItem]] = []
        self.shown: list[tuple[np.ndarray, int, int, int]] = []
        self.markers: list[int] = []   # layers (0-based) with a predicted bracket drawn

    # -- layout --------------------------------------------------------------------------------
    def set_layers(self, names: list[str], activations: list) -> None:
        """Start over for a network whose layers are called ``names`` (first hidden → output; the axis
        writes them H1 … Out as the canvas does, or 1 … out when there are many, as the gradient-flow
        plot does), with these activation objects (for the shading)."""
        for plot, items in ((self.table, self.cells), (self.plot, self.outside)):
            for pair in items:
                for item in pair:
                    plot.removeItem(item)
        self.names, self.activations = list(names), list(activations)
        self._saturated: dict[str, list] = {}   # per quantity, each layer's saturated value ranges
        n = len(names)
        if n > STAGGER_ABOVE:  # narrow columns: numbers, as the gradient-flow plot writes them
            short = [str(i + 1) for i in range(n - 1)] + [tr("out")]
        else:
            short = list(names[:-1]) + [tr("Out")] if names else []
        ticks = [(i + 1, name) for i, name in enumerate(short)]
        self.plot.getAxis("bottom").setTicks([ticks])
        self.plot.setXRange(0.5, n + 0.6, padding=0)
        self.cells, self.outside = [], []
        font = QFont()
        font.setPointSizeF(TABLE_FONT_PT)
        for i in range(n):
            row = []
            # more columns than fit a number each: every other one a line lower, so neighbours never touch
            shift = 0.0 if n <= STAGGER_ABOVE else (0.5 if i % 2 == 0 else -0.5)
            for y in (2.5, 0.5):
                t = pg.TextItem("", color=palette.PAPER_FOREGROUND, anchor=(0.5, 0.5))
                t.setFont(font)
                t.setPos(i + 1, y + shift)
                self.table.addItem(t)
                row.append(t)
            self.cells.append(tuple(row))
            marks = []
            for anchor in ((0.5, 1.0), (0.5, 0.0)):  # above the top, below the bottom
                t = pg.TextItem("", color=palette.PAPER_MUTED, anchor=anchor)
                t.setFont(font)
                self.plot.addItem(t)
                marks.append(t)
            self.outside.append(tuple(marks))
        self.clear_layers()

    def clear_layers(self) -> None:
        for item in (self.shade, self.bars):
            item.setOpts(x0=[], y0=[], width=[], height=[])
        self.measured.setData([], [])
        self.predicted.setData([], [])
        for a, b in self.cells + self.outside:
            a.setText("")
            b.setText("")
        self.shown, self.markers = [], []

    # -- data ----------------------------------------------------------------------------------
    def show_layers(self, dist, quantity: str, predicted: list[tuple[float, float] | None]) -> None:
        """Draw ``dist``'s (:class:`gradsim.engine.distributions.Distributions`) histograms of
        ``quantity``, with ``predicted[k]`` = (mean, std) the theory's bracket for layer k (None: no
        bracket)."""
        layers = dist.layers
        if len(layers) != len(self.names):
            return
        edges = layers[0].histograms[quantity].edges
        lo, hi = float(edges[0]), float(edges[-1])
        x0, y0, w, h = [], [], [], []
        self.shown = []
        meas, pred = ([], []), ([], [])
        self.markers = []
        span = [lo, hi]
        for k, layer in enumerate(layers):
            hist = layer.histograms[quantity]
            counts = np.asarray(hist.counts)
            self.shown.append((counts.copy(), hist.below, hist.above, hist.nan))
            top = counts.max() if counts.size else 0
            if top > 0:
                widths = 2 * HALF * counts / top
                keep = counts > 0
                x0.append((k + 1) - widths[keep] / 2)
                w.append(widths[keep])
                y0.append(hist.edges[:-1][keep])
                h.append(np.diff(hist.edges)[keep])
            mean, std = layer.mean[quantity], layer.std[quantity]
            if math.isfinite(mean) and math.isfinite(std):
                _bracket(meas, k + 1 - HALF - 0.04, -1, mean - std, mean + std)
            p = predicted[k] if k < len(predicted) else None
            if p is not None:
                _bracket(pred, k + 1 + HALF + 0.04, +1, p[0] - p[1], p[0] + p[1])
                span += [p[0] - p[1], p[0] + p[1]]
                self.markers.append(k)
            std_cell, sat_cell = self.cells[k]
            std_cell.setText(compact(std, 1 if len(layers) > STAGGER_ABOVE else 2))
            sat = layer.saturated
            sat_cell.setText("–" if math.isnan(sat) else f"{100 * sat:.0f}%")
            up, down = self.outside[k]
            up.setText(f"▲{hist.above}" if hist.above else "")
            down.setText(f"▼{hist.below + hist.nan}" if hist.below + hist.nan else "")
        cat = (lambda parts: np.concatenate(parts) if parts else np.zeros(0))
        self.bars.setOpts(x0=cat(x0), y0=cat(y0), width=cat(w), height=cat(h))
        self.measured.setData(np.array(meas[0], float), np.array(meas[1], float))
        self.predicted.setData(np.array(pred[0], float), np.array(pred[1], float))
        y_lo, y_hi = min(span), max(span)
        pad = 0.08 * (y_hi - y_lo)
        self.plot.setYRange(y_lo - pad, y_hi + pad, padding=0)
        for k, (up, down) in enumerate(self.outside):
            up.setPos(k + 1, y_hi + pad)
            down.setPos(k + 1, y_lo - pad)
        self._shade(quantity, y_lo - pad, y_hi + pad)

    def _shade(self, quantity: str, y_lo: float, y_hi: float) -> None:
        if quantity not in self._saturated:  # found on a fine grid: once per network and quantity
            self._saturated[quantity] = [saturated_values(act, quantity) for act in self.activations]
        x0, y0, h = [], [], []
        for k, ranges in enumerate(self._saturated[quantity]):
            for lo, hi in ranges:
                lo, hi = max(lo, y_lo), min(hi, y_hi)
                if hi > lo:
                    x0.append(k + 1 - HALF - 0.06)
                    y0.append(lo)
                    h.append(hi - lo)
        self.shade.setOpts(x0=x0, y0=y0, width=[2 * HALF + 0.12] * len(x0), height=h)


def _bracket(out: tuple[list, list], x: float, side: int, lo: float, hi: float) -> None:
    """Segments of a bracket ``[`` (side −1) or ``]`` (side +1) from ``lo`` to ``hi`` at ``x``."""
    tick = 0.1 * -side
    for (xa, ya), (xb, yb) in (((x + tick, lo), (x, lo)), ((x, lo), (x, hi)), ((x, hi), (x + tick, hi))):
        out[0].extend((xa, xb))
        out[1].extend((ya, yb))


__all__ = ["LayerHistograms", "compact", "saturated_values"]
