"""Light and dark themes for the window chrome (menus, docks, controls, dialogs).

``system`` (the default) follows the desktop's colour scheme (``QStyleHints.colorScheme``, Qt ≥ 6.5)
and changes with it; where the platform does not say (offscreen, bare X11) gradsim uses dark, its
designed look. View → Theme overrides it, persisted in the settings.

The network canvas, its colour legend and the plots keep their dark background in both themes on
purpose: the gradient colour scale runs from dark (vanishing) to bright (large), so a vanishing edge
fades into the background. Keeping that surface dark keeps the scale's meaning, and its contrast,
identical in both themes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from . import palette as colours

MODES = ("system", "light", "dark")

_BASE_CSS = """
QWidget {{ font-size: 9pt; }}
QGroupBox {{ border: 1px solid {border}; border-radius: 4px; margin-top: 14px; padding-top: 4px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 3px; color: {title}; font-weight: bold; }}
QLabel#muted {{ color: {muted}; }}
QDockWidget::title {{ background: {dock}; padding: 3px 6px; color: {docktext}; }}
QToolBar {{ spacing: 3px; border-bottom: 1px solid {border}; }}
QStatusBar {{ border-top: 1px solid {border}; }}
QStatusBar QLabel {{ padding: 0 6px; }}
QToolTip {{ color: {tiptext}; background: {tip}; border: 1px solid {tipborder}; padding: 4px; }}
"""

current = "dark"


def system_scheme() -> str:
    """'light' or 'dark' as the desktop says; 'dark' when it does not say."""
    app = QGuiApplication.instance()
    try:
        scheme = app.styleHints().colorScheme() if app is not None else None
    except AttributeError:  # Qt < 6.5
        scheme = None
    if scheme == Qt.ColorScheme.Light:
        return "light"
    return "dark"


def resolve(mode: str | None) -> str:
    return system_scheme() if mode in (None, "", "system") or mode not in MODES else mode


def palette(name: str) -> QPalette:
    c = {k: QColor(v) for k, v in colours.CHROME[name].items()}
    p = QPalette()
    R = QPalette.ColorRole
    for role, key in ((R.Window, "window"), (R.WindowText, "text"), (R.Base, "base"), (R.AlternateBase, "window"),
                      (R.ToolTipBase, "tip"), (R.ToolTipText, "tiptext"), (R.Text, "text"), (R.Button, "button"),
                      (R.ButtonText, "text"), (R.Highlight, "highlight"), (R.Link, "link"),
                      (R.PlaceholderText, "placeholder")):
        p.setColor(role, c[key])
    p.setColor(R.BrightText, QColor(colours.BRIGHT_TEXT))
    p.setColor(R.HighlightedText, QColor(colours.HIGHLIGHTED_TEXT))
    for role in (R.WindowText, R.Text, R.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, c["disabled"])
    return p


def stylesheet(name: str) -> str:
    return _BASE_CSS.format(**colours.CHROME[name])


def apply(app, mode: str | None = "system") -> str:
    """Apply ``mode`` (system/light/dark) to ``app``; returns the theme used ('light'/'dark')."""
    global current
    name = resolve(mode)
    app.setStyle("Fusion")
    app.setPalette(palette(name))
    app.setStyleSheet(stylesheet(name))
    current = name
    return name


def message_color(error: bool = False) -> str:
    """Status-bar text colour readable on the current theme."""
    return colours.CHROME[current]["error" if error else "message"]
