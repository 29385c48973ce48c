"""The activation explorer's view: f and f′ of the chosen layer's function (or any other, α
adjustable), σ′'s 0.25 ceiling, the flat regions shaded, and the layer's pre-activations from the
latest frame as a histogram. The layer is the session's: selecting a weight or clicking a neuron
picks its layer, as does the combo here. Redrawn at most ``Timing.teaching_refresh`` apart while
training runs."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from ..i18n import tr
from ..naming import layer_title
from ..pacing import TIMING, Timing
from ..teach.activation_explorer import CHOICES as EXPLORER_FUNCTIONS
from ..teach.activation_explorer import ActivationExplorer
from .base import View


class ActivationsView(View):
    def __init__(self, session, parent=None, timing: Timing = TIMING):
        super().__init__(session, parent)
        self.timing = timing
        self.explorer = ActivationExplorer()
        self.explorer.activationChanged.connect(self._on_user_function)
        self.user_function = False  # the learner picked a function to compare: keep it until the layer changes
        self._last_explorer = 0.0
        self.layer_combo = QComboBox()
        self.layer_combo.setToolTip(tr("Whose pre-activations to overlay (or click a neuron)"))
        self.layer_combo.activated.connect(self._on_layer_picked)
        row = QHBoxLayout()
        row.setContentsMargins(6, 4, 6, 0)
        row.addWidget(QLabel(tr("Layer")))
        row.addWidget(self.layer_combo)
        row.addStretch(1)
        self._stack(row, self.explorer)
        session.selection.layerChanged.connect(self._on_layer)
        session.specApplied.connect(self._on_spec)
        session.frameShown.connect(lambda frame: self.refresh(frame, force=not frame.playing))

    @property
    def layer(self) -> int:
        return self.session.selection.layer

    def set_shown(self, shown: bool) -> None:
        super().set_shown(shown)
        if shown and self.session.last_frame is not None:
            self.refresh(self.session.last_frame, force=True)

    def _on_layer(self, layer: int) -> None:
        self.user_function = False
        idx = self.layer_combo.findData(layer)
        if idx >= 0:
            self.layer_combo.setCurrentIndex(idx)
        self._update_explorer(self.session.last_frame)

    def _on_user_function(self, _name: str, _alpha: float) -> None:
        self.user_function = True

    def _on_layer_picked(self, index: int) -> None:
        layer = self.layer_combo.itemData(index)
        if layer is not None:
            self.session.selection.choose_layer(int(layer))

    def _on_spec(self, spec) -> None:
        topo = spec.topology
        self.layer_combo.clear()
        for l in range(1, topo.depth + 1):
            self.layer_combo.addItem(f"{layer_title(spec, l)} · {topo.layers[l - 1].activation}", l)
        self.layer_combo.setCurrentIndex(self.layer - 1)
        self.explorer.clear_preactivations()

    def refresh(self, frame, force: bool) -> None:
        if self.shown and (force or time.perf_counter() - self._last_explorer >= self.timing.teaching_refresh):
            self._update_explorer(frame)

    def _update_explorer(self, frame) -> None:
        spec = self.session.spec
        if frame is None or spec is None or self.layer > len(frame.snapshot.preactivations):
            return
        self._last_explorer = time.perf_counter()
        layer = spec.topology.layers[self.layer - 1]
        name = layer.activation if any(layer.activation == k for k, _ in EXPLORER_FUNCTIONS) else None
        if self.user_function:
            name = None  # keep the function the learner chose; only the histogram follows training
        self.explorer.set_preactivations(frame.snapshot.preactivations[self.layer - 1], name, layer.alpha,
                                         layer_title(spec, self.layer))
