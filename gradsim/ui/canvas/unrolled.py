"""A recurrent network on the canvas: unrolled through time, or folded into its compact cell.

Unrolled, a network over T steps is drawn as T columns, one per time step: the input x_t below,
the hidden state h_t as a strip of H unit cells, the shared recurrent weight W_hh as an arrow from
each column to the next, and the readout at the end (above every column for a many-to-many
task). An LSTM's cell state c_t runs along the top, the additive path its gradient takes back.
Every cell is coloured by the gradient reaching that unit at that step, ‖∂L/∂h_t[u]‖ over the batch,
and every W_hh and W_ih arrow by the size of that step's share of the shared weight's gradient
(the shares sum to the gradient): a vanishing run's early columns fade into the background.

Folded, the same network is the compact picture of a textbook: x → cell ↺ W_hh → y, each weight
coloured by its whole gradient. The numbers come from the snapshot's
:class:`~gradsim.engine.snapshot.RecurrentView`; nothing here interprets them.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from gradsim.engine.sequences import MANY_TO_MANY

from .. import palette
from ..colors import LogColorScale, activation_classes, activation_colors
from ..i18n import tr
from ..numbers import decade_label, sci

MIN_CELL = 3.0        # px: a unit's cell is never drawn smaller than this


def _norm(a) -> float:
    with np.errstate(all="ignore"):   # an exploded run's gradients overflow: drawn as non-finite
        a = np.asarray(a, dtype=float)
        return float(np.sqrt(np.sum(a * a)))


class UnrolledCanvas(QWidget):
    """The recurrent network of the session's spec, unrolled (default) or folded."""

    foldedChanged = Signal(bool)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.folded = False
        self.view = None          # the last frame's RecurrentView
        self.readout_grad = math.nan
        self.scale = LogColorScale()
        self._fill = activation_colors()
        self.setMinimumSize(240, 160)
        self.setToolTip(tr("Cells: ‖∂L/∂h_t‖ of each hidden unit at each time step, over the batch. Arrows: "
                           "each step's share of the gradient of the shared W_hh (between steps) and W_ih "
                           "(from the input); as matrices the shares add up to the gradient. Colours on the log scale below."))
        self.fold_button = QToolButton(self)
        self.fold_button.setObjectName("foldButton")
        self.fold_button.setCheckable(True)
        self.fold_button.toggled.connect(self.set_folded)
        bar = QHBoxLayout(self)
        bar.setContentsMargins(6, 6, 6, 6)
        bar.addWidget(self.fold_button, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        bar.addStretch(1)
        self._label_button()
        session.specApplied.connect(self._on_spec)
        session.frameShown.connect(self.show_frame)

    # -- state ---------------------------------------------------------------------------------------
    def set_folded(self, folded: bool) -> None:
        """Show the compact cell (True) or the network unrolled through time (False)."""
        folded = bool(folded)
        if self.fold_button.isChecked() != folded:
            self.fold_button.setChecked(folded)   # comes back here through toggled
            return
        changed = folded != self.folded
        self.folded = folded
        self._label_button()
        self.update()
        if changed:
            self.foldedChanged.emit(folded)

    def _label_button(self) -> None:
        self.fold_button.setText(tr("Unfold through time") if self.folded else tr("Fold into one cell"))

    def _on_spec(self, spec) -> None:
        self.view = None
        self.readout_grad = math.nan
        self.scale = LogColorScale()
        self.update()

    def show_frame(self, frame) -> None:
        snap = frame.snapshot
        view = getattr(snap, "recurrent", None)
        if view is None:
            return
        self.view = view
        self.readout_grad = _norm(snap.weight_grads[0]) if snap.weight_grads else math.nan
        with np.errstate(all="ignore"):
            self.scale.fit(np.concatenate([view.state_grad[1:].ravel(), view.step_grad_hh, view.step_grad_ih,
                                           [] if view.cell_grad is None else view.cell_grad[1:].ravel()]))
        if self.isVisible():
            self.update()

    # -- what is drawn, in numbers (tests read these) -------------------------------------------------
    def step_colors(self) -> list[QColor]:
        """The colour of each time step's W_hh arrow (into step t, for t = 2..T)."""
        v = self.view
        return [] if v is None else [self.scale.color(g) for g in v.step_grad_hh[1:]]

    def unit_colors(self) -> np.ndarray:
        """Colour class of every hidden unit at every step, (T, H) (see LogColorScale.classes)."""
        v = self.view
        return np.zeros((0, 0), dtype=int) if v is None else self.scale.classes(v.state_grad[1:])

    # -- painting ------------------------------------------------------------------------------------
    def paintEvent(self, event):  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(palette.BACKGROUND))
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() - 1))
        p.setFont(font)
        spec = self.session.spec
        r = getattr(spec, "recurrent", None) if spec is not None else None
        if r is None:
            p.end()
            return
        key_h = 40
        area = QRectF(12, 40, self.width() - 24, self.height() - 40 - key_h - 8)
        if self.folded:
            self._paint_folded(p, area, spec)
        else:
            self._paint_unrolled(p, area, spec)
        self._paint_key(p, QRectF(12, self.height() - key_h, self.width() - 24, key_h))
        p.end()

    def _color(self, value) -> QColor:
        if value is None or self.view is None:
            return QColor(palette.ZERO)
        return self.scale.color(float(value))

    def _title(self, p: QPainter, text: str) -> None:
        p.setPen(QColor(palette.FOREGROUND))
        x = self.fold_button.geometry().right() + 12
        p.drawText(QRectF(x, 6, self.width() - x - 8, 26), Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_unrolled(self, p: QPainter, area: QRectF, spec) -> None:
        r = spec.recurrent
        T, H = int(r.seq_len), int(r.hidden_size)
        v = self.view
        many = spec.data.name in MANY_TO_MANY    # a readout on every step's state
        self._title(p, tr("{cell}, T = {T} steps, H = {H} units").format(cell=r.cell, T=T, H=H))
        fm = p.fontMetrics()
        label_w = fm.horizontalAdvance("h_t ") + 10
        readout_w = 52
        left = area.left() + label_w
        col_w = (area.width() - label_w - readout_w) / T
        top_pad = 18 if v is not None and v.cell_grad is not None else 0
        out_h = 22 if many else 0
        strip_top = area.top() + top_pad + out_h + 8
        strip_h = max(H * MIN_CELL, area.height() - top_pad - out_h - 8 - 46)
        cell_h = strip_h / H
        box_w = max(2.0, min(col_w * 0.55, 28.0))
        in_y = strip_top + strip_h + 26
        muted, fg = QColor(palette.MUTED), QColor(palette.FOREGROUND)
        # row labels
        p.setPen(muted)
        p.drawText(QRectF(area.left(), strip_top, label_w, strip_h), Qt.AlignmentFlag.AlignVCenter, "h_t")
        p.drawText(QRectF(area.left(), in_y - 9, label_w, 18), Qt.AlignmentFlag.AlignVCenter, "x_t")
        if top_pad:
            p.drawText(QRectF(area.left(), area.top() + out_h, label_w, top_pad), Qt.AlignmentFlag.AlignVCenter,
                       "c_t")
        classes = self.unit_colors() if v is not None else None
        colors = self.scale.class_colors
        fills = None if v is None else activation_classes(v.input_mean.mean(axis=1) if v.input_mean.ndim == 2
                                                          else v.input_mean)
        for t in range(T):
            cx = left + (t + 0.5) * col_w
            x0 = cx - box_w / 2
            # W_hh from the previous step (its share of the shared gradient), then W_ih from x_t
            if t > 0:
                pen = QPen(self._color(None if v is None else v.step_grad_hh[t]), max(1.5, min(4.0, col_w * 0.12)))
                p.setPen(pen)
                y = strip_top + strip_h / 2
                p.drawLine(QPointF(cx - col_w + box_w / 2, y), QPointF(x0, y))
            p.setPen(QPen(self._color(None if v is None else v.step_grad_ih[t]), 1.5))
            p.drawLine(QPointF(cx, in_y - 5), QPointF(cx, strip_top + strip_h))
            # the hidden state's units
            p.setPen(Qt.PenStyle.NoPen)
            for u in range(H):
                c = colors[int(classes[t, u])] if classes is not None and classes.size else QColor(palette.ZERO)
                p.fillRect(QRectF(x0, strip_top + u * cell_h, box_w, max(1.0, cell_h - (1 if cell_h > 4 else 0))), c)
            # the input
            p.setBrush(self._fill[int(fills[t])] if fills is not None else QColor(palette.ZERO))
            p.setPen(QPen(muted, 1))
            rad = max(2.5, min(6.0, col_w * 0.3))
            p.drawEllipse(QPointF(cx, in_y), rad, rad)
            # the memory cell's path along the top
            if top_pad:
                cy = area.top() + out_h + top_pad / 2
                g = _norm(v.cell_grad[t + 1])
                p.setPen(QPen(self._color(g), 3))
                if t > 0:
                    p.drawLine(QPointF(cx - col_w, cy), QPointF(cx, cy))
                p.setBrush(self._color(g))
                p.drawEllipse(QPointF(cx, cy), 3.5, 3.5)
            if many:
                oy = area.top() + out_h / 2
                p.setPen(QPen(self._color(self.readout_grad), 1.2))
                p.drawLine(QPointF(cx, strip_top), QPointF(cx, oy + 5))
                p.setBrush(QColor(palette.ZERO))
                p.drawEllipse(QPointF(cx, oy), 4, 4)
        # time labels under the inputs: first, last and a few between
        p.setPen(muted)
        every = max(1, int(math.ceil(T * (fm.horizontalAdvance("t=30") + 6) / max(1.0, col_w * T))))
        for t in range(T):
            if t == 0 or t == T - 1 or (t + 1) % every == 0 and T - 1 - t >= every // 2 + 1:
                cx = left + (t + 0.5) * col_w
                label = f"t={t + 1}"
                w = fm.horizontalAdvance(label) + 4
                p.drawText(QRectF(cx - w / 2, in_y + 8, w, 16), Qt.AlignmentFlag.AlignHCenter, label)
        # the readout on the last state (many-to-one)
        if not many:
            x_last = left + (T - 0.5) * col_w + box_w / 2
            oy = strip_top + strip_h / 2
            ox = area.right() - readout_w / 2
            p.setPen(QPen(self._color(self.readout_grad), 2))
            p.drawLine(QPointF(x_last, oy), QPointF(ox - 9, oy))
            p.setBrush(QColor(palette.ZERO))
            p.setPen(QPen(fg, 1))
            p.drawEllipse(QPointF(ox, oy), 9, 9)
            p.setPen(fg)
            p.drawText(QRectF(ox - readout_w / 2, oy + 10, readout_w, 16), Qt.AlignmentFlag.AlignHCenter, "y")
        # what the arrows are
        p.setPen(muted)
        p.drawText(QRectF(left, strip_top - 16 if not top_pad and not many else area.top() - 16, area.width(), 14),
                   Qt.AlignmentFlag.AlignLeft, tr("→ W_hh, shared by every step"))

    def _paint_folded(self, p: QPainter, area: QRectF, spec) -> None:
        r = spec.recurrent
        v = self.view
        self._title(p, tr("{cell} as one cell, applied {T} times").format(cell=r.cell, T=int(r.seq_len)))
        fg, muted = QColor(palette.FOREGROUND), QColor(palette.MUTED)
        cx, cy = area.center().x(), area.center().y() + 10
        size = min(area.width(), area.height()) * 0.28
        cell = QRectF(cx - size / 2, cy - size / 2, size, size)
        g_hh = None if v is None else _norm(v.grads["weight_hh"])
        g_ih = None if v is None else _norm(v.grads["weight_ih"])
        # x -> cell
        xin = QPointF(cx - size * 1.6, cy)
        p.setPen(QPen(self._color(g_ih), 3))
        p.drawLine(xin + QPointF(10, 0), QPointF(cell.left(), cy))
        # cell -> y
        yout = QPointF(cx + size * 1.6, cy)
        p.setPen(QPen(self._color(self.readout_grad if v is not None else None), 3))
        p.drawLine(QPointF(cell.right(), cy), yout - QPointF(10, 0))
        # the loop W_hh over the top
        loop = QPainterPath(QPointF(cell.right() - size * 0.2, cell.top()))
        loop.cubicTo(QPointF(cell.right() + size * 0.3, cell.top() - size * 0.9),
                     QPointF(cell.left() - size * 0.3, cell.top() - size * 0.9),
                     QPointF(cell.left() + size * 0.2, cell.top()))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(self._color(g_hh), 3))
        p.drawPath(loop)
        p.setPen(fg)
        p.drawText(QRectF(cx - 60, cell.top() - size * 0.75 - 18, 120, 16), Qt.AlignmentFlag.AlignHCenter, "W_hh")
        p.drawText(QRectF(xin.x() - 30, cy - 30, 90, 16), Qt.AlignmentFlag.AlignHCenter, "W_ih")
        p.drawText(QRectF(cell.right() + 10, cy - 30, yout.x() - cell.right() - 20, 16),
                   Qt.AlignmentFlag.AlignHCenter, "W_out")
        # the cell
        p.setBrush(QColor(palette.ZERO).darker(150))
        p.setPen(QPen(fg, 1.5))
        p.drawRoundedRect(cell, 8, 8)
        p.drawText(cell, Qt.AlignmentFlag.AlignCenter, f"h\n{r.cell}")
        for point, name in ((xin, "x_t"), (yout, "y")):
            p.setBrush(QColor(palette.ZERO))
            p.drawEllipse(point, 10, 10)
            p.drawText(QRectF(point.x() - 30, point.y() + 12, 60, 16), Qt.AlignmentFlag.AlignHCenter, name)
        if v is not None:
            p.setPen(muted)
            lines = [f"‖∂L/∂W_hh‖ = {sci(g_hh)}", f"‖∂L/∂W_ih‖ = {sci(g_ih)}", f"‖∂L/∂W_out‖ = {sci(self.readout_grad)}"]
            p.drawText(QRectF(area.left(), cell.bottom() + 24, area.width(), 60), Qt.AlignmentFlag.AlignHCenter,
                       "\n".join(lines))

    def _paint_key(self, p: QPainter, rect: QRectF) -> None:
        fm = p.fontMetrics()
        title = tr("‖∂L/∂h_t‖, ‖∂L/∂W‖ (log)")
        p.setPen(QColor(palette.FOREGROUND))
        tw = min(fm.horizontalAdvance(title) + 6, rect.width() * 0.5)
        p.drawText(QRectF(rect.left(), rect.top(), tw, 16), Qt.AlignmentFlag.AlignVCenter, title)
        bar = QRectF(rect.left() + tw + 10, rect.top() + 3, max(60.0, rect.width() - tw - 10), 10)
        n = self.scale.n
        for i, c in enumerate(self.scale.colors):
            p.fillRect(QRectF(bar.left() + i * bar.width() / n, bar.top(), bar.width() / n + 0.5, bar.height()), c)
        decades = self.scale.decades
        span = max(1, decades[-1] - decades[0])
        every = max(1, int(math.ceil(len(decades) * (fm.horizontalAdvance("1e-10") + 8) / bar.width())))
        p.setPen(QColor(palette.MUTED))
        for i, d in enumerate(decades):
            if i % every and i != len(decades) - 1:
                continue
            label = decade_label(d)
            x = bar.left() + (d - decades[0]) / span * bar.width()
            lw = fm.horizontalAdvance(label) + 2
            x = min(max(x - lw / 2, bar.left() - 4), bar.right() - lw + 4)
            p.drawText(QRectF(x, bar.bottom() + 1, lw, 16), Qt.AlignmentFlag.AlignTop, label)
