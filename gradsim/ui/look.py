"""How large the views draw text and lines: for a desk screen, or for a projector (presentation mode).

One switch, read by every view when it styles itself: presentation mode makes fonts larger, lines
and edges thicker and axes carry fewer ticks, so the back row of a lecture hall can read them. The
window flips it (View → Presentation mode) and asks its views to restyle.
"""

from __future__ import annotations

FONT_SCALE = 1.45      # presentation mode: text drawn in the canvas and plots this much larger
APP_FONT_SCALE = 1.2   # ... and the widgets' text (menus, controls) this much
PEN_SCALE = 2.0        # presentation mode: lines and edges this much thicker
TICK_ROOM_SCALE = 1.6  # presentation mode: this much more room between axis labels (fewer ticks)

_presenting = False


def presenting() -> bool:
    return _presenting


def set_presenting(on: bool) -> None:
    global _presenting
    _presenting = bool(on)


def pt(base: float) -> float:
    """A font size in points: ``base`` on a desk screen, larger when presenting."""
    return round(base * (FONT_SCALE if _presenting else 1.0), 1)


def app_pt(base: float) -> float:
    """The widgets' (menus', controls') font size in points."""
    return round(base * (APP_FONT_SCALE if _presenting else 1.0), 1)


def pen(base: float) -> float:
    """A line width in pixels: ``base`` on a desk screen, thicker when presenting."""
    return base * (PEN_SCALE if _presenting else 1.0)


def tick_room(base: float) -> float:
    """The least room between two axis labels, in pixels."""
    return base * (TICK_ROOM_SCALE if _presenting else 1.0)
