"""The status bar: the last message, the verdict, and the step, loss and speed of the run.

Everything it shows comes from the session: messages (:meth:`Session.show_message`, which vanish
after ``Timing.message_s``), the diagnosis, the counters of every frame shown, and the selected
weight's numbers -- which follow each new frame while they are the message shown, since a number
must not outlive the step it names.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QSizePolicy, QStatusBar

from . import palette
from .i18n import tr
from .naming import weight_lines
from .numbers import sci
from .theme import message_color
from .widgets.elided_label import ElidedLabel
from .widgets.label_host import LabelHost
from .widgets.stat_label import StatLabel


class StatusBar(QStatusBar):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setSizeGripEnabled(False)
        self.message_label = ElidedLabel()
        self.message_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.message_label.setMinimumWidth(40)
        self.addWidget(LabelHost(self.message_label), 2)
        self.diagnosis_label = ElidedLabel()
        self.diagnosis_label.setObjectName("diagnosis")
        self.diagnosis_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.diagnosis_label.setMinimumWidth(200)
        self.addPermanentWidget(LabelHost(self.diagnosis_label), 5)
        self.step_label = StatLabel(92)
        self.loss_label = StatLabel(150)
        self.rate_label = StatLabel(96)
        for w in (self.step_label, self.loss_label, self.rate_label):
            self.addPermanentWidget(w)
        self._selection_message = ""   # the message naming the selected weight's numbers
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.timeout.connect(lambda: session.show_message(""))
        session.messagePosted.connect(self._show_message)
        session.diagnosisChanged.connect(self._show_diagnosis)
        session.specApplied.connect(lambda _spec: self.show_counters(None))
        session.frameShown.connect(self._follow_selection)
        session.selection.weightChanged.connect(self._on_weight)

    # -- messages --------------------------------------------------------------------------------
    def _show_message(self, message) -> None:
        text = message.text
        color = message_color(message.error)  # readable on the light and the dark theme
        self.message_label.set_content(text, color, detail=message.detail)
        if text and message.fresh:
            self._expiry.start(int(self.session.timing.message_s * 1000))

    def _on_weight(self, weight) -> None:
        # a recurrent network's weights are picked and named in the chain-rule view, not on the canvas
        if weight is None or getattr(self.session.spec, "recurrent", None) is not None:
            return
        self._selection_message = self._selection_text(*weight, self.session.last_snapshot)
        self.session.show_message(self._selection_message)

    def _selection_text(self, k: int, j: int, i: int, snap) -> str:
        """"Selected w5: …" with the weight and its gradient, each saying which step it belongs to."""
        label = self.session.spec.weight_label(k, j, i)
        if snap is None or k >= len(snap.weights) or j >= snap.weights[k].shape[0] or i >= snap.weights[k].shape[1]:
            return tr("Selected {}").format(label)
        return tr("Selected {}: {}").format(label, "; ".join(weight_lines(snap, k, j, i)))

    def _follow_selection(self, frame) -> None:
        """While the message names the selected weight's numbers, they follow every new frame."""
        sel, session = self.session.selection.weight, self.session
        if sel is None or getattr(session.spec, "recurrent", None) is not None or not self._selection_message or session.status_message != self._selection_message:
            return
        text = self._selection_text(*sel, frame.snapshot)
        if text != session.status_message:
            self._selection_message = text
            session.show_message(text, fresh=False)

    # -- the verdict and the counters ------------------------------------------------------------
    def _show_diagnosis(self, d) -> None:
        color = palette.LEVELS.get(d.level, palette.FOREGROUND)
        self.diagnosis_label.set_content(d.text, prefix=(f"<span style='color:{color}'>●</span>&nbsp; ", "●  "))

    def show_counters(self, frame) -> None:
        """Step, loss (and test loss) and speed of ``frame`` (None: a fresh network)."""
        if frame is None:
            self.step_label.setText(tr("step {:,}").format(0))
            self.loss_label.setText(tr("loss {}").format("–"))
            self.rate_label.setText(tr("{:,.0f} steps/s").format(0))
            return
        snap = frame.snapshot
        self.step_label.setText(tr("step {:,}").format(snap.step))
        loss = "–" if snap.loss is None else sci(snap.loss, 3)
        test = "" if snap.test_loss is None or not math.isfinite(snap.test_loss) else \
            tr("  test {}").format(sci(snap.test_loss, 3))
        self.loss_label.setText(tr("loss {}").format(loss) + test)
        if not frame.playing:
            self.rate_label.setText(tr("paused") if snap.step else tr("{:,.0f} steps/s").format(0))
        else:
            self.rate_label.setText(tr("{:,.0f} steps/s").format(frame.steps_per_s))

    @property
    def message(self) -> str:
        """The message shown (the session's)."""
        return self.session.status_message
