"""A status-bar figure (step, loss, rate) that changes with every frame without relayouting the window."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel


class StatLabel(QLabel):
    """A status-bar figure that changes with every snapshot without relayouting the window.

    ``QLabel.setText`` invalidates the layout unless the label's size is fixed, and relayouting
    the main window (status bar, docks and their animations) cost ~0.5 ms of the GUI thread per
    snapshot. This label has a fixed size that only grows, when a text needs more room.
    """

    def __init__(self, min_width: int):
        super().__init__()
        self.setFixedSize(min_width, super().sizeHint().height())

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        if text == self.text():
            return
        super().setText(text)
        self._fit()

    def _fit(self) -> None:
        hint = super().sizeHint()  # the text plus margins and the style sheet's padding
        width, height = max(self.minimumWidth(), hint.width()), hint.height()
        if (width, height) != (self.minimumWidth(), self.minimumHeight()):
            self.setFixedSize(width, height)

    def changeEvent(self, event):  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()
