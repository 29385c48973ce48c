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

COLORS = {
    "dark": dict(window="#1b1e24", base="#15171c", text="#d8dbe2", button="#262a33", tip="#22252d",
                 tiptext="#e8eaf0", tipborder="#3a3f4b", highlight="#3f7cd6", link="#6aa7ff",
                 placeholder="#7a8090", disabled="#666b78", border="#2c313c", title="#c9cfdb",
                 muted="#8a90a0", dock="#1d2027", docktext="#aab1c0", message="#b8bfcc", error="#ff8a80"),
    "light": dict(window="#f3f4f7", base="#ffffff", text="#1e2128", button="#e6e8ee", tip="#ffffee",
                  tiptext="#1e2128", tipborder="#b9bdc8", highlight="#2f6fcf", link="#1b5fbf",
                  placeholder="#8a90a0", disabled="#a0a5b0", border="#c9ccd4", title="#2a2f3a",
                  muted="#5f6675", dock="#e3e5eb", docktext="#30343e", message="#3a3f4b", error="#c62828"),
}

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
    c = {k: QColor(v) for k, v in COLORS[name].items()}
    p = QPalette()
    R = QPalette.ColorRole
    for role, key in ((R.Window, "window"), (R.WindowText, "text"), (R.Base, "base"), (R.AlternateBase, "window"),
                      (R.ToolTipBase, "tip"), (R.ToolTipText, "tiptext"), (R.Text, "text"), (R.Button, "button"),
                      (R.ButtonText, "text"), (R.Highlight, "highlight"), (R.Link, "link"),
                      (R.PlaceholderText, "placeholder")):
        p.setColor(role, c[key])
    p.setColor(R.BrightText, QColor("#ff5c5c"))
    p.setColor(R.HighlightedText, QColor("#ffffff"))
    for role in (R.WindowText, R.Text, R.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, c["disabled"])
    return p


def stylesheet(name: str) -> str:
    return _BASE_CSS.format(**COLORS[name])


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
    return COLORS[current]["error" if error else "message"]
