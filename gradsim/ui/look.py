"""How large the views draw text and lines: for a desk screen, or for a projector (presentation mode).

One switch, read by every view when it styles itself: presentation mode makes fonts larger, lines
and edges thicker and axes carry fewer ticks, so the back row of a lecture hall can read them.
Views restyle on :func:`changed` (the window connects it when the View menu toggles the mode).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

FONT_SCALE = 1.45      # presentation mode: text this much larger
PEN_SCALE = 2.0        # presentation mode: lines and edges this much thicker
TICK_ROOM_SCALE = 1.6  # presentation mode: this much more room between axis labels (fewer ticks)


class _Look(QObject):
    changed = Signal(bool)

    def __init__(self):
        super().__init__()
        self.presenting = False

    def set_presenting(self, on: bool) -> None:
        if bool(on) != self.presenting:
            self.presenting = bool(on)
            self.changed.emit(self.presenting)


_look: _Look | None = None


def look() -> _Look:
    """The application's one look (made on first use, after the QApplication)."""
    global _look
    if _look is None:
        _look = _Look()
    return _look


def presenting() -> bool:
    return _look is not None and _look.presenting


def pt(base: float) -> float:
    """A font size in points: ``base`` on a desk screen, larger when presenting."""
    return round(base * (FONT_SCALE if presenting() else 1.0), 1)


def pen(base: float) -> float:
    """A line width in pixels: ``base`` on a desk screen, thicker when presenting."""
    return base * (PEN_SCALE if presenting() else 1.0)


def tick_room(base: float) -> float:
    """The least room between two axis labels, in pixels."""
    return base * (TICK_ROOM_SCALE if presenting() else 1.0)
