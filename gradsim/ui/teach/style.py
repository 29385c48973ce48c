"""How the teaching views draw: the light worksheet palette in either theme, and the classes of a
chain-rule factor (so factor colours mean the same thing everywhere). The colours are
:mod:`gradsim.ui.palette`'s worksheet colours."""

from __future__ import annotations

from .. import palette

GRID_ALPHA = 0.15

# factor classes in the chain-rule product (the seed's |σ′·w| ≤ 0.25 and ≥ 1)
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


def paper(widget) -> None:
    """Give ``widget`` (and its children) the light "worksheet" palette the teaching views are drawn
    for -- white plots, dark text, pale factor colours -- whatever the application's theme."""
    from PySide6.QtGui import QColor, QPalette

    p = QPalette(widget.palette())
    c = {k: QColor(v) for k, v in palette.PAPER.items()}
    R = QPalette.ColorRole
    for role, key in ((R.Window, "window"), (R.WindowText, "text"), (R.Base, "base"), (R.AlternateBase, "window"),
                      (R.Text, "text"), (R.Button, "button"), (R.ButtonText, "text"), (R.Highlight, "highlight"),
                      (R.Link, "link"), (R.PlaceholderText, "muted")):
        p.setColor(QPalette.ColorGroup.Active, role, c[key])
        p.setColor(QPalette.ColorGroup.Inactive, role, c[key])
        p.setColor(QPalette.ColorGroup.Disabled, role, c["disabled"] if role in (R.WindowText, R.Text, R.ButtonText)
                   else c[key])
    p.setColor(R.HighlightedText, QColor(palette.HIGHLIGHTED_TEXT))
    widget.setPalette(p)
    widget.setAutoFillBackground(True)
    # an application style sheet stops palettes propagating to children: set each one's
    from PySide6.QtWidgets import QWidget

    for child in widget.findChildren(QWidget):
        child.setPalette(p)


def worksheet_plot(parent):
    """A fixed (no mouse panning, no context menu) plot on the worksheet's white, laid out to fill
    ``parent``; returns (PlotWidget, its PlotItem)."""
    import pyqtgraph as pg
    from PySide6.QtWidgets import QVBoxLayout

    widget = pg.PlotWidget(background=palette.PAPER_BACKGROUND)
    widget.setMenuEnabled(False)
    p = widget.getPlotItem()
    p.setMouseEnabled(False, False)
    p.hideButtons()
    for axis in ("left", "bottom"):
        p.getAxis(axis).setTextPen(palette.PAPER_FOREGROUND)
        p.getAxis(axis).setPen(palette.PAPER_MUTED)
    lay = QVBoxLayout(parent)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(widget)
    return widget, p
