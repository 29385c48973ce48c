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
