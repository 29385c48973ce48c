"""Colours shared by the teaching views, so factor colours mean the same thing everywhere."""

from __future__ import annotations

BACKGROUND = "#ffffff"
FOREGROUND = "#263238"
MUTED = "#78909c"
GRID_ALPHA = 0.15

F_COLOUR = "#1e88e5"        # f(u)
DF_COLOUR = "#e65100"       # f′(u)
HIST_COLOUR = (96, 125, 139, 70)
SHADE_COLOUR = (229, 57, 53, 40)
REFERENCE_COLOUR = "#8e24aa"  # the 0.25 line

# factor classes in the chain-rule product (the seed's |σ′·w| ≤ 0.25 and ≥ 1)
VANISH_BG = "#fde2e2"
VANISH_FG = "#b71c1c"
EXPLODE_BG = "#fff3cd"
EXPLODE_FG = "#8a5a00"
NEUTRAL_BG = "#eef3f7"
TOTAL_FG = "#1565c0"

RUN_COLOURS = ("#1e88e5", "#e53935")  # comparison: run A, run B

VANISH_LIMIT = 0.25
EXPLODE_LIMIT = 1.0


def factor_class(value: float) -> str:
    """'vanish' below σ′'s maximum 0.25, 'explode' above 1, else 'neutral' (by magnitude)."""
    a = abs(value)
    if a < VANISH_LIMIT:
        return "vanish"
    if a > EXPLODE_LIMIT:
        return "explode"
    return "neutral"


def layer_pens(n: int):
    """n distinguishable colours from output (warm) to input (cool) for per-layer curves."""
    import pyqtgraph as pg

    return [pg.intColor(i, hues=max(n, 2), maxValue=220, minValue=150) for i in range(n)]


PAPER = dict(window="#f7f8fa", base="#ffffff", text=FOREGROUND, button="#e8ebf0", highlight="#2f6fcf",
             link="#1b5fbf", muted=MUTED, disabled="#a0a5b0")


def paper(widget) -> None:
    """Give ``widget`` (and its children) the light "worksheet" palette the teaching views are drawn
    for -- white plots, dark text, pale factor colours -- whatever the application's theme."""
    from PySide6.QtGui import QColor, QPalette

    p = QPalette(widget.palette())
    c = {k: QColor(v) for k, v in PAPER.items()}
    R = QPalette.ColorRole
    for role, key in ((R.Window, "window"), (R.WindowText, "text"), (R.Base, "base"), (R.AlternateBase, "window"),
                      (R.Text, "text"), (R.Button, "button"), (R.ButtonText, "text"), (R.Highlight, "highlight"),
                      (R.Link, "link"), (R.PlaceholderText, "muted")):
        p.setColor(QPalette.ColorGroup.Active, role, c[key])
        p.setColor(QPalette.ColorGroup.Inactive, role, c[key])
        p.setColor(QPalette.ColorGroup.Disabled, role, c["disabled"] if role in (R.WindowText, R.Text, R.ButtonText)
                   else c[key])
    p.setColor(R.HighlightedText, QColor("#ffffff"))
    widget.setPalette(p)
    widget.setAutoFillBackground(True)
    # an application style sheet stops palettes propagating to children: set each one's
    from PySide6.QtWidgets import QWidget

    for child in widget.findChildren(QWidget):
        child.setPalette(p)
