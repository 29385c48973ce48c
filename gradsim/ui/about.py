"""Help → Keyboard Shortcuts (every shortcut of the window, from its actions) and Help → About."""

from __future__ import annotations

import html
import platform
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QMessageBox, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from .i18n import tr


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(action, keys) for every action of ``window`` that has a shortcut, sorted by name."""
    seen, rows = set(), []
    for a in window.findChildren(QAction):
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in a.shortcuts())
        name = re.sub(r"\(&\w\)", "", a.text()).replace("&", "").rstrip(".…").strip()
        if not keys or not name or (name, keys) in seen:
            continue
        seen.add((name, keys))
        rows.append((name, keys))
    return sorted(rows, key=lambda r: r[0].lower())


class ShortcutsDialog(QDialog):
    """Help → Keyboard Shortcuts: every shortcut of ``window``'s actions."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setWindowTitle(tr("Keyboard Shortcuts"))
        rows = shortcut_rows(window)
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels([tr("Action"), tr("Keys")])
        for r, (name, keys) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(name))
            table.setItem(r, 1, QTableWidgetItem(keys))
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(table)
        lay.addWidget(buttons)
        self.resize(460, 520)


def about_text() -> str:
    import gradsim
    from PySide6 import __version__ as pyside_version

    return (f"<h3>gradsim {html.escape(gradsim.__version__)}</h3>"
            + "<p>" + tr("See vanishing and exploding gradients: backpropagation, the chain rule and "
                         "their remedies, live.") + "</p>"
            + f"<p>Python {platform.python_version()} · PySide6 {pyside_version} · Qt {_qt_version()}</p>"
            + "<p>" + tr("MIT licence.") + "</p>")


def _qt_version() -> str:
    from PySide6.QtCore import qVersion

    return qVersion()


def show_about(window: QWidget) -> None:
    box = QMessageBox(window)
    box.setWindowTitle(tr("About gradsim"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text())
    box.setIconPixmap(window.windowIcon().pixmap(64, 64))
    box.exec()
