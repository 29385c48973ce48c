"""The per-step gain through time: ‖∂L/∂h_{t−1}‖ / ‖∂L/∂h_t‖ for t = 2..T at the latest training
step, on a log scale with the line at 1. Below 1 the gradient shrinks one more step back, above 1
it grows; the gradient reaching step 1 is the last step's times the product of every gain."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from .. import palette
from ..numbers import value_label
from .style import worksheet_plot


def log_ticks(lo: float, hi: float, most: int = 7) -> list[tuple[float, str]]:
    """Ticks for a log axis from 10^lo to 10^hi: 1, 2, 5 of each decade, or whole decades when those
    would be more than ``most``."""
    first, last = math.floor(lo), math.ceil(hi)
    values = [m * 10.0 ** e for e in range(first, last + 1) for m in (1, 2, 5)]
    values = [v for v in values if lo - 1e-9 <= math.log10(v) <= hi + 1e-9]
    if len(values) > most:
        step = max(1, math.ceil((last - first + 1) / most))
        values = [10.0 ** e for e in range(first, last + 1) if e % step == 0 and lo - 1e-9 <= e <= hi + 1e-9]
    return [(math.log10(v), value_label(math.log10(v))) for v in values]


class TimeGainPlot(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot_widget, p = worksheet_plot(self)
        self.plot = p
        p.setLogMode(x=False, y=True)
        p.setLabel("bottom", self.tr("time step t"))
        p.setLabel("left", self.tr("gain"))
        p.setTitle(self.tr("Gain of one step back (latest step)"), color=palette.PAPER_FOREGROUND)
        self.setToolTip(self.tr("‖∂L/∂h_{t−1}‖ / ‖∂L/∂h_t‖ at each time step t of the latest training step: "
                                "below 1 the gradient shrinks one more step back, above 1 it grows"))
        self.one = pg.InfiniteLine(0.0, angle=0, pen=pg.mkPen(palette.REFERENCE_COLOUR, width=1.5, style=Qt.DashLine),
                                   label=self.tr("1: the gradient keeps its size"),
                                   labelOpts={"position": 0.15, "color": palette.REFERENCE_COLOUR,
                                              "anchors": [(0, 1), (0, 1)]})
        p.addItem(self.one)
        self.curve = p.plot(pen=pg.mkPen(palette.PAPER_MUTED, width=1), symbol="o", symbolSize=6, connect="finite")
        self.gains = np.zeros(0)

    def set_gains(self, gains: np.ndarray) -> None:
        """``gains[i]``: the gain from step t = i + 2 back to t − 1."""
        g = np.asarray(gains, dtype=float).ravel()
        self.gains = g
        ok = np.isfinite(g) & (g > 0)
        t = np.arange(2, len(g) + 2, dtype=float)
        if not ok.any():
            self.curve.setData([], [])
            return
        brushes = [pg.mkBrush(palette.GAIN_BELOW if v < 1 else palette.GAIN_ABOVE) for v in g[ok]]
        self.curve.setData(t[ok], g[ok], symbolBrush=brushes, symbolPen=None)
        lo, hi = min(float(np.log10(g[ok].min())), -0.5), max(float(np.log10(g[ok].max())), 0.5)
        self.plot.setYRange(lo, hi, padding=0.08)
        self.plot.getAxis("left").setTicks([log_ticks(lo, hi)])
        self.plot.setXRange(1.5, len(g) + 1.5, padding=0)
