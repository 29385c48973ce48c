"""What a dockable teaching view is: a widget given the session, told when it is on screen, and able
to say which extras it needs from the training thread while it is."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..teach.style import paper


class View(QWidget):
    """Base of the teaching views: ``shown`` follows its dock (behind another tab, closed or in a
    hidden window it is not shown); :meth:`wants` names the extras it needs while shown (keys of
    :data:`gradsim.engine.extras.VIEWS`), and ``wantsChanged`` says when they may have changed."""

    wantsChanged = Signal()
    raiseRequested = Signal()   # bring my dock to the front

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.shown = False

    def wants(self) -> dict[str, bool]:
        return {}

    def set_shown(self, shown: bool) -> None:
        """The dock was shown or hidden (as its ``visibilityChanged`` says; the widget's own flag lags
        behind tab switches)."""
        self.shown = shown

    def _stack(self, row, widget: QWidget) -> None:
        """Lay out a row of controls above ``widget`` (which takes the remaining height), on the light
        worksheet palette the teaching views are drawn for, in either theme."""
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        if row is not None:
            lay.addLayout(row)
        lay.addWidget(widget, 1)
        paper(self)
