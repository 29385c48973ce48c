"""Every colour the window draws with, in one place.

Three surfaces, each with its own colours:

* the **run surface** -- the network canvas, its colour key and the live plots -- stays dark in both
  themes: the gradient scale runs from dark (vanishing) to bright (large), so a vanishing edge fades
  into the background (:data:`BACKGROUND` …, the canvas's decorations, the plots' curves, the
  verdict's colours);
* the **worksheet** of the teaching views is light in both themes, as if printed (:data:`PAPER` and
  the chain-rule factor colours);
* the **chrome** -- menus, docks, controls -- follows the theme (:data:`CHROME`, used by
  :mod:`gradsim.ui.theme`).

Colours are hex strings; :func:`qcolor` makes a ``QColor`` where a painter wants one.
"""

from __future__ import annotations

from PySide6.QtGui import QColor


def qcolor(hex_or_rgba) -> QColor:
    return QColor(hex_or_rgba) if isinstance(hex_or_rgba, str) else QColor(*hex_or_rgba)


# -- the run surface (dark in either theme) ---------------------------------------------------------
BACKGROUND = "#15171c"
FOREGROUND = "#d8dbe2"
MUTED = "#8a90a0"
ZERO = "#5b6170"           # exactly zero gradient: nothing flows
NONFINITE = "#ff2d78"      # NaN or ±inf: outside the colormap on purpose
GLYPH_TEXT = "#cfd6e6"     # the canvas's +/− glyphs ...
GLYPH_FILL = (255, 255, 255, 28)   # ... on a faint backing
BATCH_NORM = "#e8b339"     # the band around a batch-normalised layer
RESIDUAL = "#7fd4ff"       # residual arcs
SELECTED = "#ffffff"       # the selected edge
HIGHLIGHT = "#ffd600"      # the step-through's neurons and edges
REMOVED_EDGE = (150, 155, 170, 110)
ACTIVATION_RAMP = ("#3f8cff", "#343a48", "#ffa43b")   # neuron fill: negative, zero, positive
LAYERS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
          "#9c755f", "#bab0ac")                         # Tableau 10: one per layer of small nets
VANISH = "#5fa8ff"         # backward gain < 0.25 (σ′'s maximum)
HEALTHY = "#7fc08a"        # 0.25 … 1
EXPLODE = "#ff7a59"        # > 1
TRAIN = "#e8e8f0"          # training loss
TEST = "#ffa43b"           # test loss
LEGEND_FILL = (21, 23, 28, 200)
LEGEND_BORDER = (60, 64, 76)
LABEL_FILL = (21, 23, 28, 210)
# the verdict's dot in the status bar, per diagnosis level
LEVELS = {"idle": "#9aa3b5", "healthy": "#7fc08a", "converged": "#4fc3c7", "vanishing": "#5fa8ff",
          "exploding": "#ff7a59", "nonfinite": "#ff2d78", "dead": "#c792ea", "saturated": "#e8b339"}

# -- the worksheet (light in either theme) -----------------------------------------------------------
PAPER_BACKGROUND = "#ffffff"
PAPER_FOREGROUND = "#263238"
PAPER_MUTED = "#78909c"
PAPER = dict(window="#f7f8fa", base="#ffffff", text=PAPER_FOREGROUND, button="#e8ebf0", highlight="#2f6fcf",
             link="#1b5fbf", muted=PAPER_MUTED, disabled="#a0a5b0")
F_COLOUR = "#1e88e5"        # f(u)
DF_COLOUR = "#e65100"       # f′(u)
HIST_COLOUR = (96, 125, 139, 70)
SHADE_COLOUR = (229, 57, 53, 40)
REFERENCE_COLOUR = "#8e24aa"  # the 0.25 line
VANISH_BG, VANISH_FG = "#fde2e2", "#b71c1c"      # a chain-rule factor below 0.25
EXPLODE_BG, EXPLODE_FG = "#fff3cd", "#8a5a00"    # ... above 1
NEUTRAL_BG = "#eef3f7"
HEALTHY_BG, HEALTHY_FG = "#e3f2e5", "#1b5e20"    # a healthy or converged path's verdict
AGREE_FG = "#2e7d32"                              # backprop and finite difference agree
MARK_BG, MARK_FG = "#ffe082", "#3e2723"          # a factor a lesson points at
MARK_BORDER = "#f9a825"                          # a control or plot a lesson points at
RULE = "#cfd8dc"           # frames and the step-through's dots still to come
FRACTION_LINE = "#455a64"  # the bar of a stacked fraction
LABEL_BACKING = (255, 255, 255, 200)   # behind a label drawn over a plot
POINT_RING = (255, 255, 255, 220)      # around the data points of the boundary plot
TOTAL_FG = "#1565c0"
RUN_COLOURS = ("#1e88e5", "#e53935")  # comparison: run A, run B
PHASE_COLOURS = {"forward": "#1e88e5", "loss": "#8e24aa", "backward": "#e53935", "update": "#2e7d32"}
CLASS_COLOURS = ("#1565c0", "#ef6c00")  # decision boundary: class 0, class 1

# -- the chrome (follows the theme) -------------------------------------------------------------------
CHROME = {
    "dark": dict(window="#1b1e24", base="#15171c", text="#d8dbe2", button="#262a33", tip="#22252d",
                 tiptext="#e8eaf0", tipborder="#3a3f4b", highlight="#3f7cd6", link="#6aa7ff",
                 placeholder="#7a8090", disabled="#666b78", border="#2c313c", title="#c9cfdb",
                 muted="#8a90a0", dock="#1d2027", docktext="#aab1c0", message="#b8bfcc", error="#ff8a80"),
    "light": dict(window="#f3f4f7", base="#ffffff", text="#1e2128", button="#e6e8ee", tip="#ffffee",
                  tiptext="#1e2128", tipborder="#b9bdc8", highlight="#2f6fcf", link="#1b5fbf",
                  placeholder="#8a90a0", disabled="#a0a5b0", border="#c9ccd4", title="#2a2f3a",
                  muted="#5f6675", dock="#e3e5eb", docktext="#30343e", message="#3a3f4b", error="#c62828"),
}
BRIGHT_TEXT = "#ff5c5c"
HIGHLIGHTED_TEXT = "#ffffff"

# -- through time (the recurrent views, on the worksheet) ---------------------------------------------
GAIN_BELOW = "#1e88e5"      # a per-step gain below 1: the gradient shrinks one step further back
GAIN_ABOVE = "#e53935"      # above 1: it grows
