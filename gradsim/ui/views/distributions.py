"""The Distributions view: what each layer's values look like, layer beside layer, while training runs.

Three pictures practitioners use to diagnose vanishing and exploding gradients beyond norms:

* the histograms of one chosen quantity (pre-activation u, activation a, ∂L/∂a or ∂L/∂W) per layer,
  input → output on one shared value axis, the saturated values shaded, each layer's std and
  saturated fraction under it, and -- for u and a, where the initialisation theory applies -- its
  predicted mean ± std as a bracket (:class:`~gradsim.ui.widgets.layer_histograms.LayerHistograms`);
* the update-to-data ratio of every layer over the run with the 1e-3 guide
  (:class:`~gradsim.ui.widgets.update_ratio_plot.UpdateRatioPlot`, from the session's history);
* the singular values of the hidden stack's Jacobian with its condition number
  (:class:`~gradsim.ui.widgets.jacobian_plot.JacobianPlot`).

The histograms and the spectrum are computed in the training thread when it sends a frame, at most
``Timing.distributions_fps`` and ``Timing.jacobian_fps`` times a second while this view is on screen
(``extras.distributions``, ``extras.jacobian``; the theory's prediction once per network in
``extras.prediction``), never per step. The line above the histograms says what the bracket means:
the theory predicts the *untrained* network, so on a trained one it is the starting point, not a
claim about now; and where it makes no prediction it gives the engine's reason instead of a bracket.
"""

from __future__ import annotations

import html
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from .. import palette

from ..engine_text import translated
from ..i18n import tr
from ..naming import layer_names
from ..pacing import TIMING, Timing
from ..widgets.jacobian_plot import JacobianPlot
from ..widgets.layer_histograms import MEASURED_COLOUR, LayerHistograms
from ..widgets.update_ratio_plot import UpdateRatioPlot
from .base import View

FORWARD = ("preact", "act")   # the quantities the theory predicts a spread for
SHADE_HTML = "#e57373"          # the shading's colour, opaque, for the legend's ▒


def quantity_names() -> list[tuple[str, str]]:
    """(key of :data:`gradsim.engine.distributions.QUANTITIES`, name in the UI language)."""
    return [("preact", tr("Pre-activation u")), ("act", tr("Activation a")),
            ("grad_act", tr("Gradient ∂L/∂a")), ("grad_w", tr("Weight gradient ∂L/∂W"))]


def predicted_spread(prediction, quantity: str) -> list[tuple[float, float] | None]:
    """Per layer the theory's (mean, std) of ``quantity`` at initialisation, None where it has none."""
    if prediction is None or quantity not in FORWARD:
        return []
    out = []
    for p in prediction:
        mean, std = (p.preact_mean, p.preact_std) if quantity == "preact" else (p.act_mean, p.act_std)
        out.append(None if mean is None or std is None else (mean, std))
    return out


class DistributionsView(View):
    def __init__(self, session, parent=None, timing: Timing = TIMING):
        super().__init__(session, parent)
        self.timing = timing
        self.quantity = "act"
        self.dist = None          # the latest Distributions from the training thread
        self.prediction = None    # the theory's LayerPrediction list for this network
        self._last_ratio = 0.0
        self.combo = QComboBox()
        for key, name in quantity_names():
            self.combo.addItem(name, key)
        self.combo.setCurrentIndex(self.combo.findData(self.quantity))
        self.combo.setToolTip(tr("Which values of every layer the histograms show"))
        self.combo.activated.connect(self._on_quantity)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.RichText)
        self.note.setContentsMargins(6, 2, 6, 2)
        font = self.note.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        self.note.setFont(font)
        self.histograms = LayerHistograms()
        self.ratio = UpdateRatioPlot()
        self.jacobian = JacobianPlot()
        top = QWidget()
        col = QVBoxLayout(top)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        row = QHBoxLayout()
        row.setContentsMargins(6, 4, 6, 0)
        row.addWidget(QLabel(tr("Show")))
        row.addWidget(self.combo)
        row.addStretch(1)
        col.addLayout(row)
        col.addWidget(self.note)
        col.addWidget(self.histograms, 1)
        # one picture at a time: at 1024 × 640 the teaching column is about 300 pixels tall
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.histogram_page = top
        self.pages.addTab(top, tr("Histograms"))
        self.pages.addTab(self.ratio, tr("Update ratio"))
        self.pages.addTab(self.jacobian, tr("Jacobian"))
        self.pages.currentChanged.connect(self._on_page)
        self._stack(None, self.pages)
        session.specApplied.connect(self._on_spec)
        session.frameShown.connect(self._on_frame)

    def wants(self) -> dict[str, bool]:
        page = self.pages.currentWidget()
        return {"distributions": page is self.histogram_page, "jacobian": page is self.jacobian}

    def set_shown(self, shown: bool) -> None:
        super().set_shown(shown)
        if shown and self.pages.currentWidget() is self.ratio:
            self._show_ratio()

    def _on_page(self, _index: int) -> None:
        self.wantsChanged.emit()   # the histograms and the spectrum are computed only while their page is up
        if self.pages.currentWidget() is self.ratio:
            self._show_ratio()

    def export_items(self) -> list[tuple[str, object]]:
        """(title, pyqtgraph item) of each picture, for File → Export."""
        return [(tr("Distributions"), self.histograms.ci), (tr("Update ratio"), self.ratio.ci),
                (tr("Jacobian spectrum"), self.jacobian.ci)]

    # -- the session -----------------------------------------------------------------------------
    def _on_spec(self, spec) -> None:
        self.dist = self.prediction = None
        self.histograms.set_layers(layer_names(spec), [l.make_activation() for l in spec.topology.layers])
        self.ratio.set_layers(layer_names(spec))
        self.jacobian.show_spectrum(None)
        self._show_note()

    def _on_frame(self, frame) -> None:
        extras = frame.extras
        if extras.prediction is not None:
            self.prediction = extras.prediction
        if extras.distributions is not None:
            self.dist = extras.distributions
            self._show_histograms()
        if extras.jacobian is not None:
            self.jacobian.show_spectrum(extras.jacobian)
        if (self.shown and self.pages.currentWidget() is self.ratio
                and (not frame.playing or time.perf_counter() - self._last_ratio >= self.timing.plot_interval)):
            self._show_ratio()

    def _on_quantity(self, index: int) -> None:
        key = self.combo.itemData(index)
        if key and key != self.quantity:
            self.quantity = key
            self._show_histograms()

    # -- drawing ---------------------------------------------------------------------------------
    def _show_ratio(self) -> None:
        self._last_ratio = time.perf_counter()
        self.ratio.show_history(self.session.history)

    def _show_histograms(self) -> None:
        if self.dist is None:
            self.histograms.clear_layers()
        else:
            self.histograms.show_layers(self.dist, self.quantity, predicted_spread(self.prediction, self.quantity))
        self._show_note()

    def _show_note(self) -> None:
        lines = [html.escape(line) for line in self.note_text().split("\n")]
        for symbol, colour in (("[", MEASURED_COLOUR), ("]", palette.REFERENCE_COLOUR), ("▒", SHADE_HTML)):
            lines = [line.replace(symbol, f"<b style='color:{colour}'>{symbol}</b>", 1) for line in lines]
        self.note.setText("<br>".join(lines))

    def note_text(self) -> str:
        """What the brackets and the shading mean for this quantity, this network and this step."""
        dist, q = self.dist, self.quantity
        if dist is None:
            return tr("Histograms appear with the first frame from the training thread.")
        measured = tr("[ measured at step {step} ({batch} samples)").format(step=dist.step, batch=dist.batch)
        if q not in FORWARD:
            return "\n".join((measured, tr(
                "No theory bracket: for gradients the initialisation theory predicts each layer's backward "
                "gain, not this spread.")))
        parts = [measured + "   " + tr("▒ saturated: f′ < 1 % of its maximum")]
        spread = predicted_spread(self.prediction, q)
        if self.prediction is None:
            return "\n".join(parts)
        if any(s is not None for s in spread):
            parts.append(tr("] theory at initialisation (step 0)") if dist.step == 0 else
                         tr("] theory at initialisation (step 0), not of the network trained since"))
        names = layer_names(self.session.spec)
        missing: dict[str, list[str]] = {}
        for name, p, s in zip(names, self.prediction, spread):
            if s is None:
                missing.setdefault(translated(p.forward_reason) or tr("no prediction"), []).append(name)
        for why, layers in missing.items():
            parts.append(tr("no bracket for {layers}: {reason}").format(layers=", ".join(layers), reason=why))
        return "\n".join(parts)
