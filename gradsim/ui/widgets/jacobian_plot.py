"""The hidden stack's Jacobian spectrum: its singular values, largest first, for a few samples.

All near 1 ("dynamical isometry", Saxe et al. 2014, Pennington et al. 2017): every direction of the
gradient passes through the stack at its size. All far below 1: vanishing; far above: exploding; a
spread over decades (a large condition number σ_max/σ_min): some directions vanish while others
explode. Where the engine did not compute it (too few hidden layers, too much work for a live view)
its reason is shown instead.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from .. import palette
from ..engine_text import translated
from ..i18n import tr
from ..numbers import sci
from ..plots import LogAxis, log10_clean
from ..teach import style
from .paper_plot import guide_line, paper_axes

SAMPLE_COLOURS = ("#1e88e5", "#e53935", "#2e7d32", "#8e24aa")


class JacobianPlot(pg.GraphicsLayoutWidget):
    """:meth:`show_spectrum` with a :class:`gradsim.engine.jacobian.JacobianSpectrum`."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground(palette.PAPER_BACKGROUND)
        self.ci.setContentsMargins(2, 2, 8, 2)
        self.plot = self.ci.addPlot(row=0, col=0, axisItems={"left": LogAxis("left")})
        paper_axes(self.plot)
        axis = tr("singular value: largest → smallest")
        self.plot.setLabel("bottom", f"<span style='font-size:8pt'>{axis}</span>")
        self.plot.showGrid(x=False, y=True, alpha=style.GRID_ALPHA)
        self.plot.setMouseEnabled(x=False, y=False)
        self.unit = guide_line(0.0, tr("1 = isometry"), palette.AGREE_FG)
        self.plot.addItem(self.unit)
        self.curves = [pg.PlotDataItem(pen=pg.mkPen(c, width=1), symbol="o", symbolSize=4, symbolPen=None,
                                       symbolBrush=c, connect="finite") for c in SAMPLE_COLOURS]
        for c in self.curves:
            self.plot.addItem(c)
        self.message = pg.TextItem("", color=palette.PAPER_FOREGROUND, anchor=(0.5, 0.5))
        self.plot.addItem(self.message)
        self.title = ""
        self.condition = ""   # the condition number's line of the title ("" when none is shown)
        self.spectrum = None  # the JacobianSpectrum drawn
        self._view = None     # the axes' ranges last set
        self.show_spectrum(None)

    def _set_title(self, text: str) -> None:
        if text == self.title:  # a new title re-lays the plot out: only when it changed
            return
        self.title = text
        self.plot.setTitle(f"<span style='color:{palette.PAPER_FOREGROUND}; font-size:9pt'>{text}</span>")

    def show_spectrum(self, spec) -> None:
        """Draw ``spec``'s singular values (one curve per sample), or its reason; None: nothing yet."""
        self.spectrum = spec
        values = None if spec is None else spec.singular_values
        self.condition = ""
        for c in self.curves:
            c.setData([], [])
        if values is None:
            label = tr("Jacobian singular values")
            self._set_title(label if spec is None or spec.target <= spec.source else f"{label} {spec.label}")
            self.message.setText("" if spec is None or spec.reason is None else _wrap(translated(spec.reason)))
            self._view = None
            self.plot.setXRange(0, 1, padding=0)
            self.plot.setYRange(-1, 1, padding=0)
            self.message.setPos(0.5, 0.0)
            return
        self.message.setText("")
        for c, sv in zip(self.curves, values):
            c.setData(np.arange(1, len(sv) + 1), log10_clean(sv))
        conds = spec.condition_numbers
        median = float(np.median(conds)) if conds else math.nan
        self.condition = tr("condition number {cond} (median of {n} samples)").format(cond=sci(median), n=len(values))
        title = tr("Jacobian {of}: singular values").format(of=spec.label) + "<br>" + self.condition
        zeros = sum(int(np.count_nonzero(sv == 0)) for sv in values)
        if zeros:  # a log axis cannot show them: say they are there
            title += "<br>" + tr("{n} singular value(s) exactly 0, not drawn").format(n=zeros)
        self._set_title(title)
        logs = log10_clean(np.concatenate(values))
        finite = logs[np.isfinite(logs)]
        lo = min(-0.5, math.floor(finite.min())) if finite.size else -1
        hi = max(0.5, math.ceil(finite.max())) if finite.size else 1
        view = (lo, hi, max(len(sv) for sv in values))
        if view != self._view:  # likewise the axes
            self._view = view
            self.plot.setYRange(lo, hi, padding=0.04)
            self.plot.setXRange(0.5, view[2] + 0.5, padding=0)



def _wrap(text: str, width: int = 48) -> str:
    """Break a long reason into lines of about ``width`` characters (a TextItem does not wrap);
    text without spaces (Chinese) is broken every ``width // 2`` characters."""
    words, lines, line = text.split(" "), [], ""
    words = [part for w in words for part in ([w[i:i + width // 2] for i in range(0, len(w), width // 2)]
                                              if len(w) > width else [w])]
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    lines.append(line)
    return "\n".join(lines)


__all__ = ["JacobianPlot"]
