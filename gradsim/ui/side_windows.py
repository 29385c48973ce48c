"""The windows a main window opens beside itself: comparisons with a remedy and the notes browser.

Run → Compare with a remedy opens a :class:`~gradsim.ui.teach.compare_window.CompareWindow` training
the current network and the same one with the remedy (two training threads of its own); Presets →
About this preset and Help → Explanations open the :class:`~gradsim.ui.teach.notes.NotesDialog`.
:meth:`SideWindows.shutdown` (the main window's close) closes them and stops their threads.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from .engine_text import error_text
from .i18n import tr
from .teach.compare_window import CompareWindow
from .teach.notes import NotesDialog


class SideWindows(QObject):
    def __init__(self, session, parent: QWidget):
        super().__init__(parent)
        self.session = session
        self._parent = parent   # the dialogs' parent
        self.compare_windows: list[CompareWindow] = []
        self.notes_dialog: NotesDialog | None = None

    # -- notes ---------------------------------------------------------------------------------
    def show_notes(self, key: str) -> NotesDialog:
        """Open (or bring forward) the notes browser on ``key``."""
        dialog = self.notes_dialog
        if dialog is None:
            dialog = self.notes_dialog = NotesDialog(self._parent, key)
        else:
            try:
                dialog.show_topic(key)
            except KeyError:
                dialog.show_topic("topic:vanishing")
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def show_preset_notes(self) -> NotesDialog:
        key = f"preset:{self.session.preset or self.session.spec.name}"
        try:
            if self.notes_dialog is None:
                self.notes_dialog = NotesDialog(self._parent, key)
            return self.show_notes(key)
        except KeyError:  # an edited network named after no preset
            return self.show_notes("topic:vanishing")

    # -- comparison ----------------------------------------------------------------------------
    def open_compare(self, remedy: str) -> CompareWindow | None:
        """A comparison window: the current spec against it with ``remedy`` applied."""
        try:
            win = CompareWindow.for_remedy(self.session.spec.copy(), remedy)
        except ValueError as exc:
            self.session.show_message(tr("Can't compare: {0}").format(error_text(exc)), error=True)
            return None
        win.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        win.destroyed.connect(self._forget_compare_windows)
        self.compare_windows.append(win)
        win.show()
        return win

    def _forget_compare_windows(self, *_):
        self.compare_windows = [w for w in self.compare_windows if shiboken6.isValid(w)]

    def shutdown(self) -> None:
        """Close every compare window (stopping their threads) and the notes dialog."""
        for win in list(self.compare_windows):
            if shiboken6.isValid(win):
                win.shutdown()
                win.close()
        self.compare_windows = []
        if self.notes_dialog is not None and shiboken6.isValid(self.notes_dialog):
            self.notes_dialog.close()
