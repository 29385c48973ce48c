"""The update-to-data ratio of every layer over the run: log10 ‖ΔW‖/‖W‖ per step, with the 1e-3 guide.

A practitioner's check (Karpathy's rule of thumb): an update that changes a layer's weights by
about a thousandth of their size per step learns at a reasonable pace; far below, the layer hardly
moves (what a vanishing gradient does to the early layers); far above, it is being thrown around.
The ratios are the trainer's own ``update_ratio`` measurement of every step, read from the session's
history (no extra work in the training thread). Curves are a moving average in log space, as the
gradient-norm plot's are, and use the same layer colours.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy

from .. import palette
from ..colors import layer_colors
from ..i18n import tr
from ..plots import LogAxis, log10_clean, sample_rows, smooth
from ..teach import style
from .paper_plot import guide_line, paper_axes

GUIDE = 1e-3
POINTS = 400   # curve points per layer at most


class UpdateRatioPlot(pg.GraphicsLayoutWidget):
    """:meth:`set_layers` once per network, :meth:`show_history` to redraw from a history."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground(palette.PAPER_BACKGROUND)
        self.ci.setContentsMargins(2, 2, 4, 2)
        self.plot = self.ci.addPlot(row=0, col=0, axisItems={"left": LogAxis("left")})
        title = tr("Update ratio ‖ΔW‖/‖W‖ per step")
        self.plot.setTitle(f"<span style='color:{palette.PAPER_FOREGROUND}; font-size:9pt'>{title}</span>")
        paper_axes(self.plot)
        step = tr("step")
        self.plot.setLabel("bottom", f"<span style='font-size:8pt'>{step}</span>")
        self.plot.showGrid(x=True, y=True, alpha=style.GRID_ALPHA)
        self.guide = guide_line(math.log10(GUIDE), tr("1e-3 guide"), palette.REFERENCE_COLOUR)
        self.plot.addItem(self.guide)
        self.legend = pg.LegendItem(labelTextSize="7pt", colCount=1, labelTextColor=palette.PAPER_FOREGROUND,
                                    verSpacing=-9, horSpacing=0)
        self.ci.addItem(self.legend, row=0, col=1)
        # the legend keeps its natural height at the top of its cell (its rows would spread out)
        self.legend.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.ci.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.curves: list[pg.PlotCurveItem] = []

    def set_layers(self, names: list[str]) -> None:
        for c in self.curves:
            self.plot.removeItem(c)
        self.legend.clear()
        self.curves = []
        self.legend.setColumnCount(max(1, math.ceil(len(names) / 11)))
        for name, colour in zip(names, layer_colors(len(names))):
            curve = pg.PlotCurveItem(pen=pg.mkPen(colour, width=1), connect="finite")
            self.plot.addItem(curve)
            self.legend.addItem(curve, name)
            self.curves.append(curve)
        self.plot.setYRange(-5, -1, padding=0.02)
        self.plot.setXRange(0, 1, padding=0.02)

    def show_history(self, history) -> None:
        """Redraw from ``history`` (its ``step`` and ``update_ratio`` columns)."""
        steps = history.column("step")
        ratio = history.column("update_ratio")
        n = len(steps)
        if not n or ratio.ndim != 2 or ratio.shape[1] != len(self.curves):
            for c in self.curves:
                c.setData([], [])
            return
        rows = sample_rows(n, math.ceil(n / POINTS))
        ys = smooth(log10_clean(ratio), int(np.clip(n // 120, 1, 40)), at=rows)
        xs = steps[rows]
        for k, curve in enumerate(self.curves):
            curve.setData(xs, np.ascontiguousarray(ys[:, k]))
        finite = ys[np.isfinite(ys)]
        lo = min(math.log10(GUIDE) - 1, math.floor(finite.min())) if finite.size else -5
        hi = max(math.log10(GUIDE) + 1, math.ceil(finite.max())) if finite.size else -1
        self.plot.setYRange(lo, hi, padding=0.02)
        self.plot.setXRange(0, max(1.0, float(steps[-1])), padding=0.02)

    def drawn(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The curves' points as drawn (step, log10 ratio), first layer to output."""
        return [c.getData() for c in self.curves]


__all__ = ["UpdateRatioPlot", "GUIDE"]
