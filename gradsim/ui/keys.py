"""Keys for a keyboard-only user: Space left to the focused control, and any weight selectable.

Space plays and pauses (a window-wide shortcut). Qt would let that shortcut take Space from a
focused button, check box, spin box or text field, so the button could not be pressed, nor the
box ticked, from the keyboard: :class:`SpaceForControls` claims Space for such a widget first.

Edit → Select weight (Ctrl+G) asks for any weight by name (``W3[1,2]``, or ``w5`` on the lecture's
network); Next / Previous weight (``.`` / ``,``) walk through every edge in order, W1 row by row,
then W2 …, skipping removed edges.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QInputDialog,
                               QLineEdit, QTextEdit)

from .i18n import tr
from .selection import edge_exists

SPACE_CONTROLS = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QTextEdit)


class SpaceForControls(QObject):
    """An application event filter: Space goes to a focused control, not to the Play shortcut."""

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Space \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            focus = QApplication.focusWidget()
            if isinstance(focus, SPACE_CONTROLS) and focus.isEnabled():
                event.accept()   # the widget gets the key press; the shortcut does not fire
                return True
        return False


def ask_weight(parent, current: str) -> str | None:
    """Ask for a weight's name (replaced in tests)."""
    text, ok = QInputDialog.getText(parent, tr("Select weight"),
                                    tr("Weight (e.g. W2[0,1], or w5 on the lecture's network):"), text=current)
    return text if ok else None


def all_edges(spec) -> list[tuple[int, int, int]]:
    """Every enabled edge of ``spec``'s network, W1 row by row, then W2 …"""
    sizes = spec.topology.sizes
    return [(k, j, i) for k in range(spec.topology.depth) for j in range(sizes[k + 1]) for i in range(sizes[k])
            if edge_exists(spec, k, j, i)]


def step_weight(session, delta: int) -> None:
    """Select the next (``delta`` = 1) or previous (−1) edge after the selected one."""
    edges = all_edges(session.spec)
    if not edges:
        return
    current = session.selection.weight
    at = edges.index(current) + delta if current in edges else (0 if delta > 0 else -1)
    session.selection.select_weight(*edges[at % len(edges)])


def choose_weight(session, parent) -> None:
    """Ask for a weight by name and select it; a name that is no weight is said in the status bar."""
    spec = session.spec
    current = session.selection.weight
    text = ask_weight(parent, spec.weight_label(*current) if current else "")
    if not text:
        return
    try:
        k, j, i = spec.parse_weight(text)
    except ValueError:
        hint = tr("W1[0,0] … or w1…w8") if spec.weight_names == "seed" else tr("W1[0,0] …")
        session.show_message(tr("No weight is called {} (names look like {})").format(text.strip(), hint), error=True)
        return
    if not edge_exists(spec, k, j, i):
        session.show_message(tr("{} is a removed edge").format(spec.weight_label(k, j, i)), error=True)
        return
    session.selection.select_weight(k, j, i)
