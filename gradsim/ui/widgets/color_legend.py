"""The edge and ring colour key under the canvas: the discrete colour bar with decade labels, the zero
and non-finite swatches, and what width and fill mean."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from .. import look, palette
from ..colors import NONFINITE_COLOR, ZERO_COLOR, LogColorScale
from ..i18n import tr
from ..numbers import decade_label


TICK_GAP_PX = 6.0   # the least room between two decade labels
FONT_PT = 8.0       # the key's text on a desk screen (see look.pt)


class ColorLegend(QWidget):
    """The edge/ring colour key: discrete colour bar with decade labels, zero and non-finite swatches."""

    def __init__(self, scale: LogColorScale, parent: QWidget | None = None):
        super().__init__(parent)
        self.scale = scale
        self.tick_rects: list[tuple[str, QRectF]] = []
        self.restyle()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(tr("Edge colour: |∂E/∂w| of the last step; neuron ring: ‖∂E/∂a‖ over the batch; "
                        "both on the same log scale. Edge width: |w|. Neuron fill: mean activation "
                        "(blue < 0 < orange)."))

    def restyle(self) -> None:
        """Height for the look's text size (presentation mode draws larger text)."""
        low, high = (50, 56) if look.presenting() else (34, 38)
        self.setMinimumHeight(low)
        self.setMaximumHeight(high)
        self.update()

    def labels(self) -> list[str]:
        return [decade_label(d) for d in self.scale.decades]

    def tick_labels(self, fm, x: float, bar_w: float, top: float, height: float) -> list[tuple[str, QRectF]]:
        """The decade labels drawn under a bar at ``x`` of width ``bar_w``, with their rectangles.

        Every k-th decade, k as small as lets no two labels come closer than ``TICK_GAP_PX``; the
        brightest decade is always labelled (the one before it gives way if they would touch).
        """
        decades = self.scale.decades
        span = max(1, decades[-1] - decades[0])

        def rect(d: int) -> tuple[str, QRectF]:
            label = decade_label(d)
            lw = fm.horizontalAdvance(label) + 2
            tx = x + (d - decades[0]) / span * bar_w
            lx = min(max(tx - lw / 2, x - 4), x + bar_w - lw + 4)
            return label, QRectF(lx, top, lw, height)

        def apart(a: QRectF, b: QRectF) -> bool:
            return a.right() + TICK_GAP_PX <= b.left() or b.right() + TICK_GAP_PX <= a.left()

        for every in range(1, len(decades) + 1):
            picked = [rect(d) for d in decades[::every]]
            last = rect(decades[-1])
            if picked[-1][0] != last[0]:
                if not apart(picked[-1][1], last[1]):
                    picked.pop()
                picked.append(last)
            if all(apart(a[1], b[1]) for a, b in zip(picked, picked[1:])):
                return picked
        return [rect(decades[-1])]

    def paintEvent(self, event):  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        background, foreground, muted = (QColor(c) for c in (palette.BACKGROUND, palette.FOREGROUND, palette.MUTED))
        p.fillRect(self.rect(), background)
        font = QFont(self.font())
        font.setPointSizeF(look.pt(FONT_PT))
        p.setFont(font)
        fm = p.fontMetrics()
        title = "|∂E/∂w|, ‖∂E/∂a‖  " + tr("(log)")
        x = 8
        p.setPen(foreground)
        p.drawText(QRectF(x, 0, fm.horizontalAdvance(title) + 4, h - 14), Qt.AlignmentFlag.AlignVCenter, title)
        x += fm.horizontalAdvance(title) + 14
        extras = [("0", ZERO_COLOR), ("NaN/∞", NONFINITE_COLOR)]
        extras_w = sum(fm.horizontalAdvance(t) + 26 for t, _ in extras) + 8
        key = tr("width ∝ |w|   fill = activation")
        key_w = fm.horizontalAdvance(key) + 16 if w > 760 else 0
        bar_w = max(80, w - x - extras_w - key_w - 12)
        bar_h = 14 if look.presenting() else 10
        y = 5
        n = self.scale.n
        cell = bar_w / n
        for idx, c in enumerate(self.scale.colors):
            p.fillRect(QRectF(x + idx * cell, y, cell + 0.5, bar_h), c)
        p.setPen(muted)
        decades = self.scale.decades
        span = max(1, decades[-1] - decades[0])
        for d in decades:
            tx = int(x + (d - decades[0]) / span * bar_w)
            p.drawLine(tx, y + bar_h, tx, y + bar_h + 3)
        self.tick_rects = self.tick_labels(fm, x, bar_w, y + bar_h + 2, h - y - bar_h - 2)  # for layout checks
        for label, rect in self.tick_rects:
            p.drawText(rect, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, label)
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
