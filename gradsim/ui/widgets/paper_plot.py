"""How the teaching views' small pyqtgraph plots look on the worksheet palette: axes, fonts, guides."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from .. import palette

LEFT_AXIS_WIDTH = 52   # the same for every plot of a view, so their value axes line up


def paper_axes(plot: pg.PlotItem, si_prefix: bool = False) -> None:
    """Dark text on white, 8-pt ticks, a fixed-width left axis, no context menu or buttons."""
    font = QFont()
    font.setPointSizeF(8)
    for name in ("left", "bottom"):
        ax = plot.getAxis(name)
        ax.setPen(pg.mkPen(palette.PAPER_MUTED))
        ax.setTextPen(pg.mkPen(palette.PAPER_FOREGROUND))
        ax.setStyle(tickFont=font)
        ax.enableAutoSIPrefix(si_prefix)
    plot.getAxis("left").setWidth(LEFT_AXIS_WIDTH)
    plot.setMenuEnabled(False)
    plot.hideButtons()


def guide_line(y: float, text: str, colour: str) -> pg.InfiniteLine:
    """A dashed horizontal reference line at ``y`` labelled ``text`` at its right end."""
    return pg.InfiniteLine(pos=y, angle=0, movable=False,
                           pen=pg.mkPen(colour, width=1.2, style=Qt.PenStyle.DashLine), label=text,
                           labelOpts={"position": 0.98, "color": colour, "fill": pg.mkBrush(*palette.LABEL_BACKING),
                                      "anchors": [(1, 1), (1, 1)]})


__all__ = ["paper_axes", "guide_line", "LEFT_AXIS_WIDTH"]
