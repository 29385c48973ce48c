"""The edge and ring colour key under the canvas: the discrete colour bar with decade labels, the zero
and non-finite swatches, and what width and fill mean."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from .. import palette
from ..colors import NONFINITE_COLOR, ZERO_COLOR, LogColorScale
from ..i18n import tr
from ..numbers import decade_label


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
        background, foreground, muted = (QColor(c) for c in (palette.BACKGROUND, palette.FOREGROUND, palette.MUTED))
        p.fillRect(self.rect(), background)
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() - 1))
        p.setFont(font)
        fm = p.fontMetrics()
        title = "|∂L/∂w|, ‖∂L/∂a‖  " + tr("(log)")
        x = 8
        p.setPen(foreground)
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
        p.setPen(muted)
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
            p.setPen(foreground)
            p.drawText(QRectF(x + 18, 0, fm.horizontalAdvance(text) + 4, y * 2 + bar_h),
                       Qt.AlignmentFlag.AlignVCenter, text)
            x += fm.horizontalAdvance(text) + 26
        if key_w:
            p.setPen(muted)
            p.drawText(QRectF(x + 4, 0, key_w, y * 2 + bar_h), Qt.AlignmentFlag.AlignVCenter, key)
        p.end()
