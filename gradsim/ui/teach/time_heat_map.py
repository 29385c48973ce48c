"""The gradient's reach back in time as it trains: a heat map of log₁₀ ‖∂L/∂h_t‖, time step t up
the side, training step along the bottom. A vanishing run is dark at the bottom (the first steps
get nothing); an exploding one bright there; a gated cell's stays lit all the way down.

It is handed the rows of the run's history (``time_grad_norm``, one row per recorded training step)
and draws them; colours span the finite values' range, in whole decades.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QWidget

from .. import palette
from ..colors import COLORMAP
from ..plots import StepAxis
from .style import worksheet_plot


class TimeHeatMap(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot_widget, p = worksheet_plot(self)
        self.plot = p
        steps = StepAxis("bottom")  # training steps are whole numbers ("1.5" is no step)
        p.setAxisItems({"bottom": steps})
        steps.setTextPen(palette.PAPER_FOREGROUND)
        steps.setPen(palette.PAPER_MUTED)
        p.setLabel("bottom", self.tr("training step"))
        p.setLabel("left", self.tr("time step t"))
        p.setTitle(self.tr("log₁₀ ‖∂L/∂h_t‖ as it trains"), color=palette.PAPER_FOREGROUND)
        self.setToolTip(self.tr("How far back in time the gradient reaches: the colour of time step t (up) at "
                                "training step s (across) is log₁₀ of the gradient reaching the hidden state "
                                "h_t, ‖∂L/∂h_t‖ over the batch"))
        self.image = pg.ImageItem()
        p.addItem(self.image)
        self.levels = (-6.0, 0.0)
        self.bar = pg.ColorBarItem(values=self.levels, colorMap=pg.colormap.get(COLORMAP), interactive=False,
                                   width=12)
        self.bar.setImageItem(self.image, insert_in=p)
        self.bar.getAxis("right").setTextPen(palette.PAPER_FOREGROUND)
        self.data = np.zeros((0, 0))   # what is drawn: log10 norms, (rows, T), NaN where not finite

    def set_rows(self, steps: np.ndarray, norms: np.ndarray) -> None:
        """``norms`` (rows, T): ‖∂L/∂h_t‖ at each recorded training step ``steps``."""
        norms = np.asarray(norms, dtype=float)
        steps = np.asarray(steps, dtype=float)
        if norms.ndim != 2 or norms.shape[0] == 0 or norms.shape[1] == 0:
            self.data = np.zeros((0, 0))
            self.image.clear()
            return
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.log10(norms)
        logs[~np.isfinite(logs)] = np.nan
        self.data = logs
        finite = logs[np.isfinite(logs)]
        if finite.size:
            lo, hi = math.floor(float(finite.min())), math.ceil(float(finite.max()))
            if hi - lo < 1:
                lo, hi = hi - 1, hi
            self.levels = (float(lo), float(hi))
        shown = np.where(np.isfinite(logs), logs, self.levels[0])
        self.image.setImage(shown, levels=self.levels, autoLevels=False)
        self.bar.setLevels(self.levels)
        T = norms.shape[1]
        first, last = float(steps[0]), float(steps[-1])
        span = max(last - first, 1.0)
        self.image.setRect(QRectF(first, 0.5, span, T))
        self.plot.setXRange(first, first + span, padding=0)
        self.plot.setYRange(0.5, T + 0.5, padding=0)
