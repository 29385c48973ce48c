"""Activation explorer: f and f′ side by side, σ′'s ceiling of 0.25, and where a layer's units sit.

The lecture's argument in one picture: σ′ never exceeds 0.25, so every sigmoid layer shrinks the
gradient; ReLU's f′ is 1 (or 0 — the dead region); LeakyReLU/ELU keep a slope below zero. Overlaying
a layer's pre-activation histogram shows how many units sit in the flat, saturated tails (shaded:
|f′| < 1 % of its maximum, the same threshold as the ``saturated`` measurement).

Curves are evaluated with :func:`gradsim.engine.activations.make_activation`; nothing here trains.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout,
                               QWidget)

from gradsim.engine.activations import make_activation
from gradsim.engine.metrics import SATURATION_THRESHOLD

from .. import palette
from . import style

translate = QCoreApplication.translate  # strings below are collected by pyside6-lupdate
CHOICES = [("sigmoid", QT_TRANSLATE_NOOP("ActivationExplorer", "Sigmoid")),
           ("tanh", QT_TRANSLATE_NOOP("ActivationExplorer", "Tanh")),
           ("relu", QT_TRANSLATE_NOOP("ActivationExplorer", "ReLU")),
           ("leaky_relu", QT_TRANSLATE_NOOP("ActivationExplorer", "LeakyReLU")),
           ("elu", QT_TRANSLATE_NOOP("ActivationExplorer", "ELU"))]
DEFAULT_ALPHA = {"leaky_relu": 0.01, "elu": 1.0}
BASE_RANGE = 8.0  # σ′ falls below 1 % of its peak at |u| ≈ 6: show the tails
SAMPLES = 1201
MAX_RANGE = 1e4  # exploding nets: beyond this the curves are meaningless straight lines


def flat_regions(x: np.ndarray, fprime: np.ndarray, limit: float) -> list[tuple[float, float]]:
    """Maximal intervals of ``x`` where ``|f′| < limit`` (saturated tails or the dead region)."""
    flat = np.abs(fprime) < limit
    regions, start = [], None
    for idx, f in enumerate(flat):
        if f and start is None:
            start = idx
        elif not f and start is not None:
            regions.append((float(x[start]), float(x[idx - 1])))
            start = None
    if start is not None:
        regions.append((float(x[start]), float(x[-1])))
    return regions


class ActivationExplorer(QWidget):
    """Plots of f and f′ with a pre-activation histogram overlay.

    Entry points: :meth:`set_activation` (name, α) and :meth:`set_preactivations` (a layer's u from
    a snapshot: ``snapshot.preactivations[k]``). ``activationChanged(name, alpha)`` fires when the
    user picks another function or α.
    """

    activationChanged = Signal(str, float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.activation_name = "sigmoid"
        self.alpha: float | None = None
        self._u: np.ndarray | None = None
        self._layer_label = ""
        self.shade_regions: list[pg.LinearRegionItem] = []
        self.shade_labels: list[pg.TextItem] = []
        self.regions: list[tuple[float, float]] = []

        self.combo = QComboBox()
        for key, text in CHOICES:
            self.combo.addItem(translate("ActivationExplorer", text), key)
        self.alpha_label = QLabel(self.tr("α"))
        self.alpha_spin = QDoubleSpinBox()
        self.alpha_spin.setRange(0.0, 5.0)
        self.alpha_spin.setDecimals(3)
        self.alpha_spin.setSingleStep(0.01)
        self.alpha_spin.setToolTip(self.tr("LeakyReLU: slope below zero. ELU: the value approached as u → −∞ (−α)."))
        self.formula = QLabel()
        self.formula.setTextFormat(Qt.RichText)
        self.formula.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Function")))
        top.addWidget(self.combo)
        top.addWidget(self.alpha_label)
        top.addWidget(self.alpha_spin)
        top.addStretch(1)
        self.formula.setWordWrap(True)  # its own line, wrapped: a narrow dock must not clip it

        self.plot_widget = pg.PlotWidget(background=palette.PAPER_BACKGROUND)
        self.plot = self.plot_widget.getPlotItem()
        self._setup_plot()

        self.stats = QLabel()
        self.stats.setWordWrap(True)
        self.stats.setTextFormat(Qt.RichText)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.formula)
        lay.addWidget(self.plot_widget, 1)
        lay.addWidget(self.stats)

        self.combo.currentIndexChanged.connect(self._on_user_change)
        self.alpha_spin.valueChanged.connect(self._on_user_change)
        self._refresh()

    # -- plot items ----------------------------------------------------------------------------
    def _setup_plot(self):
        p = self.plot
        p.showGrid(x=True, y=True, alpha=style.GRID_ALPHA)
        p.setLabel("bottom", self.tr("pre-activation u (the seed's net)"))
        p.setLabel("left", self.tr("f(u), f′(u)"))
        for axis in ("left", "bottom", "right"):
            p.getAxis(axis).setTextPen(palette.PAPER_FOREGROUND)
            p.getAxis(axis).setPen(palette.PAPER_MUTED)
        # second view box on the right axis for the histogram, behind the curves
        self.hist_view = pg.ViewBox()
        self.hist_view.setMouseEnabled(x=False, y=False)
        p.showAxis("right")
        p.getAxis("right").setLabel(self.tr("% of the layer's values"))
        p.getAxis("right").enableAutoSIPrefix(False)
        p.scene().addItem(self.hist_view)
        p.getAxis("right").linkToView(self.hist_view)
        self.hist_view.setXLink(p)
        self.hist_view.setZValue(p.vb.zValue() - 1)
        p.vb.sigResized.connect(self._sync_views)
        self.hist_item = pg.PlotCurveItem([0.0, 1.0], [0.0], stepMode="center", fillLevel=0, brush=pg.mkBrush(*palette.HIST_COLOUR),
                                          pen=pg.mkPen(palette.HIST_COLOUR[:3], width=1))
        self.hist_view.addItem(self.hist_item)
        p.getAxis("right").hide()

        self.zero_line = pg.InfiniteLine(0, angle=0, pen=pg.mkPen(palette.PAPER_MUTED, width=1))
        p.addItem(self.zero_line)
        self.ref_line = pg.InfiniteLine(
            0.25, angle=0, pen=pg.mkPen(palette.REFERENCE_COLOUR, width=1.5, style=Qt.DashLine),
            label=self.tr("max σ′ = 0.25"), labelOpts={"position": 0.08, "color": palette.REFERENCE_COLOUR, "anchors": [(0, 1), (0, 1)]})
        p.addItem(self.ref_line)
        self.f_curve = p.plot(pen=pg.mkPen(palette.F_COLOUR, width=2.5))
        self.df_curve = p.plot(pen=pg.mkPen(palette.DF_COLOUR, width=2.5), connect="finite")
        self.max_marker = pg.ScatterPlotItem(size=11, brush=pg.mkBrush(palette.REFERENCE_COLOUR), pen=pg.mkPen("w", width=1.5))
        p.addItem(self.max_marker)
        self.max_text = pg.TextItem(color=palette.REFERENCE_COLOUR, anchor=(-0.08, 1.1))
        p.addItem(self.max_text)

    def _sync_views(self):
        self.hist_view.setGeometry(self.plot.vb.sceneBoundingRect())
        self.hist_view.linkedViewChanged(self.plot.vb, self.hist_view.XAxis)

    # -- public API ----------------------------------------------------------------------------
    def set_activation(self, name: str, alpha: float | None = None) -> None:
        """Show ``name`` (one of sigmoid, tanh, relu, leaky_relu, elu) with parameter ``alpha``."""
        idx = self.combo.findData(name)
        if idx < 0:
            raise ValueError(f"the explorer shows {', '.join(k for k, _ in CHOICES)}, not {name!r}")
        self.combo.blockSignals(True)
        self.alpha_spin.blockSignals(True)
        self.combo.setCurrentIndex(idx)
        if name in DEFAULT_ALPHA:
            self.alpha_spin.setValue(DEFAULT_ALPHA[name] if alpha is None else float(alpha))
        self.combo.blockSignals(False)
        self.alpha_spin.blockSignals(False)
        self._read_controls()
        self._refresh()

    def set_preactivations(self, u: np.ndarray | None, activation_name: str | None = None,
                           alpha: float | None = None, label: str = "") -> None:
        """Overlay the histogram of ``u`` (any shape; samples × units from a snapshot).

        ``activation_name``/``alpha`` switch the plotted function to the layer's own; ``label``
        names the layer in the summary ("layer 3").
        """
        self._u = None if u is None else np.asarray(u, dtype=float).ravel()
        self._layer_label = label
        if activation_name is not None and self.combo.findData(activation_name) >= 0:
            self.set_activation(activation_name, alpha)
        else:
            self._refresh()

    def clear_preactivations(self) -> None:
        self.set_preactivations(None)

    # -- internals -----------------------------------------------------------------------------
    def _read_controls(self):
        self.activation_name = self.combo.currentData()
        has_alpha = self.activation_name in DEFAULT_ALPHA
        self.alpha = float(self.alpha_spin.value()) if has_alpha else None
        self.alpha_spin.setVisible(has_alpha)
        self.alpha_label.setVisible(has_alpha)

    def _on_user_change(self, *_):
        if self.sender() is self.combo and self.combo.currentData() in DEFAULT_ALPHA:
            self.alpha_spin.blockSignals(True)
            self.alpha_spin.setValue(DEFAULT_ALPHA[self.combo.currentData()])
            self.alpha_spin.blockSignals(False)
        self._read_controls()
        self._refresh()
        self.activationChanged.emit(self.activation_name, -1.0 if self.alpha is None else self.alpha)

    def _domain(self) -> tuple[float, float]:
        lo, hi = -BASE_RANGE, BASE_RANGE
        if self._u is not None:
            u = self._u[np.isfinite(self._u)]
            if len(u):
                lo = max(min(lo, float(np.percentile(u, 0.5))), -MAX_RANGE)
                hi = min(max(hi, float(np.percentile(u, 99.5))), MAX_RANGE)
        return lo, hi

    def _refresh(self):
        act = make_activation(self.activation_name, self.alpha)
        lo, hi = self._domain()
        pad = 0.04 * (hi - lo)
        x = np.linspace(lo - pad, hi + pad, SAMPLES)
        with np.errstate(all="ignore"):
            f = act.forward(x)
            fp = act.derivative(x, f)
        self.f_curve.setData(x, f)
        jumps = np.flatnonzero(np.abs(np.diff(fp)) > 0.2 * act.max_derivative)
        fp_drawn = fp.copy()
        fp_drawn[jumps] = np.nan  # ReLU-like steps: no vertical line at the jump
        self.df_curve.setData(x, fp_drawn, connect="finite")
        self.formula.setText(formula_html(self.activation_name, self.alpha))

        # the maximum of f′: σ′'s 0.25 is the lecture's number; others are shown for contrast
        peak = float(act.max_derivative)
        at = float(x[int(np.argmax(fp))])
        # the dashed line's own label would collide with the sigmoid's caption: one or the other
        self.ref_line.label.setVisible(self.activation_name != "sigmoid")
        if self.activation_name == "sigmoid":
            self.max_marker.setData([0.0], [0.25])
            self.max_text.setText(self.tr("σ′(0) = 0.25: the most a sigmoid layer can pass back"))
            self.max_text.setAnchor((0.5, 1.25))  # centred above the peak: fits a narrow dock
            self.max_text.setPos(0.0, 0.25)
        else:
            self.max_marker.setData([at], [peak])
            self.max_text.setText(self.tr("max f′ = {0}").format(f"{peak:g}"))
            self.max_text.setAnchor((1.08, 1.1))
            self.max_text.setPos(at, peak)

        # saturated / dead regions
        for item in self.shade_regions + self.shade_labels:
            self.plot.removeItem(item)
        self.shade_regions, self.shade_labels = [], []
        limit = SATURATION_THRESHOLD * peak
        self.regions = flat_regions(x, fp, limit)
        for a, b in self.regions:
            item = pg.LinearRegionItem((a, b), movable=False, brush=pg.mkBrush(*palette.SHADE_COLOUR),
                                       pen=pg.mkPen(None))
            item.setZValue(-10)
            self.plot.addItem(item)
            self.shade_regions.append(item)
            if b - a > 0.12 * (x[-1] - x[0]):
                text = (self.tr("dead: f′ = 0") if self.activation_name == "relu" and b <= 0
                        else self.tr("saturated: f′ ≈ 0"))
                # a tail region is labelled from its inner end, so a narrow plot never clips the text
                if a <= x[0]:
                    label = pg.TextItem(text, color=palette.VANISH_FG, anchor=(1, 0))
                    label.setPos(b, 0)
                elif b >= x[-1]:
                    label = pg.TextItem(text, color=palette.VANISH_FG, anchor=(0, 0))
                    label.setPos(a, 0)
                else:
                    label = pg.TextItem(text, color=palette.VANISH_FG, anchor=(0.5, 0))
                    label.setPos((a + b) / 2, 0)
                self.plot.addItem(label)
                self.shade_labels.append(label)

        y_lo = min(-0.1, float(np.nanmin(f)) if np.isfinite(np.nanmin(f)) else -1)
        y_hi = max(1.1, min(float(np.nanmax(f)), 1.1 * (hi + pad)), peak * 1.1)
        if self.activation_name in ("relu", "leaky_relu", "elu"):
            y_hi = max(peak * 1.3, min(hi, 3.0))
            y_lo = min(-0.3, -self.alpha * 1.2 if self.activation_name == "elu" else -0.3)
        self.plot.setXRange(lo - pad, hi + pad, padding=0)
        self.plot.setYRange(y_lo, y_hi, padding=0.02)
        for label in self.shade_labels:
            label.setPos(label.pos().x(), y_hi)
        self._refresh_histogram(act, limit)

    def _refresh_histogram(self, act, limit):
        u = None if self._u is None else self._u[np.isfinite(self._u)]
        if u is None or len(u) == 0:
            self.hist_item.setData([0, 1], [0], stepMode="center")
            self.hist_item.setVisible(False)
            self.plot.getAxis("right").hide()
            hint = self.tr("Shaded: |f′| below 1 % of its maximum — a unit there passes almost no gradient back. "
                           "Select a layer to see where its units sit.")
            self.stats.setText(f"<span style='color:{palette.PAPER_MUTED}'>{hint}</span>")
            return
        lo, hi = self._domain()
        counts, edges = np.histogram(np.clip(u, lo, hi), bins=48, range=(lo, hi))
        share = 100.0 * counts / max(len(u), 1)
        self.hist_item.setData(edges, share, stepMode="center")
        self.hist_item.setVisible(True)
        self.plot.getAxis("right").show()
        self.hist_view.setYRange(0, max(float(share.max()) * 2.0, 1e-3), padding=0)
        with np.errstate(all="ignore"):
            fp = act.derivative(u, act.forward(u))
        flat = float(np.mean(np.abs(fp) < limit))
        name = self._layer_label or self.tr("this layer")
        colour = palette.VANISH_FG if flat > 0.25 else palette.PAPER_FOREGROUND
        share = f"<b>{100 * flat:.0f} %</b>"
        where = (self.tr("{share} in the dead region (f′ = 0)") if self.activation_name == "relu"
                 else self.tr("{share} in the saturated, flat region")).format(share=share)
        summary = self.tr("<b>{name}</b>: {n} pre-activations, mean |f′| = {mean}").format(
            name=name, n=f"{len(u):,}", mean=f"{float(np.mean(np.abs(fp))):.3g}")
        shaded = self.tr("(shaded: |f′| &lt; 1 % of max).")
        self.stats.setText(f"{summary} · <span style='color:{colour}'>{where}</span> {shaded}")


_FORMULAS = {  # (f, f′): coloured like their curves, so the formula doubles as the legend
    "sigmoid": ("σ(u) = 1 / (1 + e<sup>−u</sup>)", "σ′(u) = σ(u)·(1 − σ(u)) ≤ 0.25"),
    "tanh": ("tanh(u)", QT_TRANSLATE_NOOP("ActivationExplorer", "tanh′(u) = 1 − tanh²(u) ≤ 1, ≈ 0 for |u| &gt; 3")),
    "relu": ("ReLU(u) = max(0, u)", QT_TRANSLATE_NOOP("ActivationExplorer", "f′ = 1 for u &gt; 0, else 0 (dead)")),
    "leaky_relu": (QT_TRANSLATE_NOOP("ActivationExplorer", "LeakyReLU(u) = u if u &gt; 0 else {a:g}·u"),
                   QT_TRANSLATE_NOOP("ActivationExplorer", "f′ = 1 or {a:g}")),
    "elu": (QT_TRANSLATE_NOOP("ActivationExplorer", "ELU(u) = u if u &gt; 0 else {a:g}·(e<sup>u</sup> − 1)"),
            QT_TRANSLATE_NOOP("ActivationExplorer", "f′ = 1 or {a:g}·e<sup>u</sup>")),
}


def formula_html(name: str, alpha: float | None) -> str:
    f, df = (translate("ActivationExplorer", t).format(a=alpha) for t in _FORMULAS[name])
    return (f"<span style='color:{palette.F_COLOUR}'>━ {f}</span> &nbsp;&nbsp; "
            f"<span style='color:{palette.DF_COLOUR}'>━ {df}</span>")


__all__ = ["ActivationExplorer", "flat_regions", "CHOICES"]
