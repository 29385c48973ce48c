"""A frame drawn around a widget a lesson step points at (a control, a toolbar button).

An overlay rather than a style sheet: the widgets keep their own look and the frame works for any
widget. It ignores the mouse, and follows its target as the layout moves or resizes it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from .. import palette

MARGIN = 3
WIDTH = 3


class Marker(QWidget):
    """A frame around ``target`` until :meth:`remove` (or the target is destroyed)."""

    def __init__(self, target: QWidget):
        super().__init__(target.parentWidget())
        self.target = target
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setObjectName("lessonMarker")
        target.installEventFilter(self)
        target.destroyed.connect(self.deleteLater)
        self.follow()

    def follow(self) -> None:
        t = self.target
        self.setGeometry(t.geometry().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))
        self.setVisible(t.isVisible())
        self.raise_()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide):
            self.follow()
        return False

    def remove(self) -> None:
        try:
            self.target.removeEventFilter(self)
        except RuntimeError:  # the target is gone already
            pass
        self.hide()
        self.deleteLater()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor(palette.MARK_BORDER), WIDTH))
        half = WIDTH / 2
        p.drawRoundedRect(self.rect().adjusted(half, half, -half, -half), 4, 4)
        p.end()
