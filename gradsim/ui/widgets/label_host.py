"""A holder that keeps a label outside any layout, so that its text changes cost no relayout."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QWidget


class LabelHost(QWidget):
    """Holds a label outside any layout, so that changing its text does not relayout the window.

    A label whose size is not fixed invalidates its parent's layout on every ``setText``; in the
    status bar that relayouts the whole main window (docks, their animations). The host takes the
    label's place in the status bar and simply gives it all of its own area.
    """

    def __init__(self, label: QLabel):
        super().__init__()
        self.label = label
        label.setParent(self)
        self.setSizePolicy(label.sizePolicy())
        self.setMinimumWidth(label.minimumWidth())

    def sizeHint(self):  # noqa: N802 - Qt API
        return QSize(self.minimumWidth(), self.label.sizeHint().height())

    def minimumSizeHint(self):  # noqa: N802 - Qt API
        return self.sizeHint()

    def resizeEvent(self, event):  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.label.setGeometry(self.rect())
