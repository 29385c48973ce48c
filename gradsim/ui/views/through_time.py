"""The through-time view of a recurrent run: the heat map of log ‖∂L/∂h_t‖ over training (how far
back in time the gradient reaches, as it trains) above the per-step gain at the latest step, with the
run's verdict through time (the engine's, in the UI language) beneath. A feed-forward run has no
time steps: the view says so. Redrawn at most ``Timing.teaching_refresh`` apart while training runs.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget
from PySide6.QtCore import Qt

from ..i18n import tr
from ..pacing import TIMING, Timing
from ..teach.time_gain_plot import TimeGainPlot
from ..teach.time_heat_map import TimeHeatMap
from .base import View


def recurrent(spec) -> bool:
    return spec is not None and getattr(spec, "recurrent", None) is not None


class ThroughTimeView(View):
    def __init__(self, session, parent=None, timing: Timing = TIMING):
        super().__init__(session, parent)
        self.timing = timing
        self._last = 0.0
        self.heat_map = TimeHeatMap()
        self.gain_plot = TimeGainPlot()
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setObjectName("throughTimeVerdict")
        self.placeholder = QLabel(tr("This view shows a recurrent network through time: pick one of the "
                                     "rnn-… presets."))
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.heat_map)
        split.addWidget(self.gain_plot)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.placeholder)
        lay.addWidget(split, 1)
        lay.addWidget(self.verdict)
        self.split = split
        self._stack(None, body)
        session.specApplied.connect(self._on_spec)
        session.frameShown.connect(lambda frame: self.refresh(force=not frame.playing))
        session.diagnosisChanged.connect(self._on_diagnosis)
        self._on_spec(session.spec)

    def _on_spec(self, spec) -> None:
        on = recurrent(spec)
        self.placeholder.setVisible(not on)
        self.split.setVisible(on)
        self.verdict.setVisible(on)
        self.heat_map.set_rows(np.zeros(0), np.zeros((0, 0)))
        self.gain_plot.set_gains(np.zeros(0))
        self.verdict.clear()
        if on:
            self.raiseRequested.emit()

    def _on_diagnosis(self, d) -> None:
        if recurrent(self.session.spec):
            self.verdict.setText(d.text)

    def set_shown(self, shown: bool) -> None:
        super().set_shown(shown)
        if shown:
            self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        """Draw the history's rows (at most ``teaching_refresh`` apart unless ``force``; only when shown)."""
        if not self.shown or not recurrent(self.session.spec):
            return
        now = time.perf_counter()
        if not force and now - self._last < self.timing.teaching_refresh:
            return
        self._last = now
        h = self.session.history
        if "time_grad_norm" not in h.extra_columns or len(h) == 0:
            return
        self.heat_map.set_rows(h.column("step"), h.column("time_grad_norm"))
        self.gain_plot.set_gains(h.column("time_gain")[-1])
