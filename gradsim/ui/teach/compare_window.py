"""Side-by-side comparison: two runs of the same topology, data and seed, trained at once.

Each run has its own :class:`gradsim.ui.worker.TrainingController` (worker + QThread), so the GUI
stays responsive; snapshots' rows are appended to a bounded history per run, and three overlaid
plots show the gradient-norm profile across layers (log), the first and last layers' gradient norm
over time (log) and both loss curves, with :func:`gradsim.engine.compare.verdict` (each run's
diagnosis by the engine's one definition, and which fares better) as a one-line summary. Closing
the window (Esc, Ctrl+W) shuts both workers down.

The runs advance in lockstep, so they are always compared at equal step counts: while playing,
the window asks both for the same chunk of steps and asks for the next chunk only when both have
done theirs (a run that stopped on a non-finite value drops out). The chunk follows the chosen
speed; "as fast as possible" doubles it while both keep up. The one rate shown is the pair's:
steps both have made per second.

It follows the application's theme like the main window: the chrome is the theme's, the plots
keep the main plots' dark surface.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget)

from gradsim.engine.compare import ALL_REMEDIES, RECURRENT_REMEDIES, apply_remedy, verdict
from gradsim.engine.history import BoundedHistory
from gradsim.engine.spec import RunSpec
from gradsim.ui.engine_text import error_text, nonfinite_text, translated
from gradsim.ui.pacing import SPEEDS
from gradsim.ui.plots import LogAxis, StepAxis, log10_clean
from gradsim.ui.worker import TrainingController

from .. import palette
from ..theme import message_color
from . import style

# the engine's remedy names, for the menus and the combo (translated where shown)
REMEDY_LABELS = {
    "relu": QT_TRANSLATE_NOOP("CompareWindow", "ReLU hidden units"),
    "leaky_relu": QT_TRANSLATE_NOOP("CompareWindow", "LeakyReLU hidden units"),
    "elu": QT_TRANSLATE_NOOP("CompareWindow", "ELU hidden units"),
    "batchnorm": QT_TRANSLATE_NOOP("CompareWindow", "Batch norm on hidden layers"),
    "residual": QT_TRANSLATE_NOOP("CompareWindow", "Residual links"),
    "clip": QT_TRANSLATE_NOOP("CompareWindow", "Gradient clipping"),
    "lstm": QT_TRANSLATE_NOOP("CompareWindow", "An LSTM cell"),
    "gru": QT_TRANSLATE_NOOP("CompareWindow", "A GRU cell"),
    "irnn": QT_TRANSLATE_NOOP("CompareWindow", "A ReLU cell started from the identity (IRNN)"),
    "he_init": QT_TRANSLATE_NOOP("CompareWindow", "He initialisation"),
    "orthogonal_init": QT_TRANSLATE_NOOP("CompareWindow", "Orthogonal initialisation"),
    "lsuv_init": QT_TRANSLATE_NOOP("CompareWindow", "LSUV initialisation"),
}


def remedy_label(key: str) -> str:
    """The remedy's name in the user's language."""
    if key in REMEDY_LABELS:
        return QCoreApplication.translate("CompareWindow", REMEDY_LABELS[key])
    return {**ALL_REMEDIES, **RECURRENT_REMEDIES}[key]


def remedies_for(spec) -> list[str]:
    """The remedies the compare window offers for ``spec``: a recurrent network takes its own."""
    return list(RECURRENT_REMEDIES) if getattr(spec, "recurrent", None) is not None else list(ALL_REMEDIES)


PROFILE_ROWS = 20      # the layer profile is the median of this many recent steps
DEFAULT_SPEED = 300    # steps per second for both runs
TICK_MS = 40           # lockstep: how often the window hands out the next chunk of steps
MAX_CHUNK = 2000       # "as fast as possible": the largest chunk (a frame at least this often)
RATE_WINDOW_S = 1.0    # the pair's rate is measured over about this long


class _Run:
    """What the window keeps per run: controller, history, name, last status."""

    def __init__(self, owner, colour: str):
        self.controller = TrainingController(owner)
        self.colour = colour
        self.name = ""
        self.spec: RunSpec | None = None
        self.history: BoundedHistory | None = None
        self.generation = 0
        self.step = 0
        self.failed: dict | None = None
        self.error = ""
        self.context = None   # the run's diagnosis context and events, from its snapshots
        self.events: list = []

    def reset(self, spec: RunSpec, name: str) -> None:
        self.spec, self.name = spec, name
        self.history = BoundedHistory(spec.topology.depth, 4096)
        self.step, self.failed, self.error = 0, None, ""
        self.context, self.events = None, []
        self.generation = self.controller.reset(spec)


class CompareWindow(QWidget):
    """Entry points: ``CompareWindow(spec_a, spec_b, name_a, name_b)``, or
    ``CompareWindow.for_remedy(spec, "relu")``; :meth:`compare_remedy`, :meth:`set_specs`,
    :meth:`play`, :meth:`pause`, :meth:`step`, :meth:`shutdown` (also run on close)."""

    def __init__(self, spec_a: RunSpec | None = None, spec_b: RunSpec | None = None, name_a: str = "A",
                 name_b: str = "B", parent=None):
        super().__init__(parent)
        self.setWindowFlag(Qt.Window, True)
        self.setWindowTitle(self.tr("gradsim — side-by-side comparison"))
        self.resize(1100, 720)
        self.baseline: RunSpec | None = None
        self.runs = [_Run(self, palette.RUN_COLOURS[0]), _Run(self, palette.RUN_COLOURS[1])]
        for run, slot_snap, slot_err in zip(self.runs, (self._on_frame_a, self._on_frame_b),
                                            (self._on_error_a, self._on_error_b)):
            run.controller.frameReceived.connect(slot_snap)
            run.controller.errorOccurred.connect(slot_err)
        self.target = 0                   # lockstep: the step both runs are asked to reach
        self._chunk = 1
        self._issued_at = 0.0
        self.rate = 0.0                   # steps per second both runs made (the pair's rate)
        self._rate_marks: list[tuple[float, int]] = []
        self._lockstep = QTimer(self)
        self._lockstep.setInterval(TICK_MS)
        self._lockstep.timeout.connect(self._advance)
        self._build_ui()
        if spec_a is not None and spec_b is not None:
            self.set_specs(spec_a, spec_b, name_a, name_b)

    @classmethod
    def for_remedy(cls, spec: RunSpec, remedy: str, parent=None) -> "CompareWindow":
        w = cls(parent=parent)
        w.compare_remedy(spec, remedy)
        return w

    # -- UI --------------------------------------------------------------------------------------
    def _build_ui(self):
        self.remedy_combo = QComboBox()
        self._fill_remedies(None)
        self.remedy_combo.setToolTip(self.tr("Apply one remedy to the baseline; everything else stays the same."))
        self.remedy_combo.activated.connect(self._on_remedy_picked)
        self.speed_combo = QComboBox()
        for s in SPEEDS:
            self.speed_combo.addItem(self.tr("as fast as possible") if s is None else self.tr("up to {0} steps/s").format(s), s)
        self.speed_combo.setCurrentIndex(SPEEDS.index(DEFAULT_SPEED))
        self.speed_combo.activated.connect(self._on_speed)
        self.play_button = QPushButton(self.tr("▶ Play both"))
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.step_button = QPushButton(self.tr("Step both"))
        self.step_button.clicked.connect(lambda: self.step(1))
        self.reset_button = QPushButton(self.tr("Reset both"))
        self.reset_button.clicked.connect(self.reset)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Remedy")))
        bar.addWidget(self.remedy_combo)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Speed")))
        bar.addWidget(self.speed_combo)
        self.rate_label = QLabel()
        self.rate_label.setToolTip(self.tr("Both runs advance together, so they are compared at equal step counts"))
        bar.addWidget(self.rate_label)
        bar.addStretch(1)
        bar.addWidget(self.reset_button)
        bar.addWidget(self.step_button)
        bar.addWidget(self.play_button)

        self.status = [QLabel(), QLabel()]
        status_row = QHBoxLayout()
        for lab in self.status:
            lab.setTextFormat(Qt.RichText)
            lab.setWordWrap(True)
            status_row.addWidget(lab, 1)

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(palette.BACKGROUND)
        # log10 values on the main plots' axes: decades labelled, never a pile of minor labels
        def plot(row, col, title, colspan=1, step_axis=True):
            axes = {"left": LogAxis("left")} | ({"bottom": StepAxis("bottom")} if step_axis else {})
            return self.graphics.addPlot(row=row, col=col, colspan=colspan, title=self._title(title), axisItems=axes)

        self.profile_plot = plot(0, 0, self.tr("Gradient norm by layer (recent median)"), step_axis=False)
        self.time_plot = plot(0, 1, self.tr("First (thick) and last (thin) layer's gradient norm"))
        self.loss_plot = plot(1, 0, self.tr("Training loss (log)"), colspan=2)
        self.profile_plot.setLabel("bottom", self.tr("layer (1 = first hidden … last = output)"))
        self.time_plot.setLabel("bottom", self.tr("step"))
        self.loss_plot.setLabel("bottom", self.tr("step"))
        for p in (self.profile_plot, self.time_plot, self.loss_plot):
            p.showGrid(x=True, y=True, alpha=style.GRID_ALPHA)
            for axis in ("left", "bottom"):
                p.getAxis(axis).setTextPen(palette.MUTED)
                p.getAxis(axis).setPen(palette.MUTED)
        self.curves = []
        for run in self.runs:
            c = run.colour
            self.curves.append({
                "profile": self.profile_plot.plot(pen=pg.mkPen(c, width=2.5), symbol="o", symbolSize=7,
                                                  symbolBrush=c, symbolPen="w", connect="finite"),
                "first": self.time_plot.plot(pen=pg.mkPen(c, width=2.5), connect="finite"),
                "last": self.time_plot.plot(pen=pg.mkPen(c, width=1, style=Qt.DashLine), connect="finite"),
                "loss": self.loss_plot.plot(pen=pg.mkPen(c, width=2), connect="finite"),
            })

        self.verdict_label = QLabel()
        self.verdict_label.setTextFormat(Qt.RichText)
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Minimum)
        self.verdict_label.setStyleSheet("font-size: 12pt; padding: 6px; background: palette(alternate-base);"
                                         " border-radius: 4px;")
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addLayout(status_row)
        lay.addWidget(self.graphics, 1)
        lay.addWidget(self.verdict_label)
        self._update_texts()

    def _fill_remedies(self, spec) -> None:
        keys = remedies_for(spec)
        if [self.remedy_combo.itemData(i) for i in range(self.remedy_combo.count())] == keys:
            return
        self.remedy_combo.clear()
        for key in keys:
            self.remedy_combo.addItem(remedy_label(key), key)

    def _set_titles(self, recurrent: bool) -> None:
        """A recurrent pair is compared through time: ‖∂L/∂h_t‖ by time step, and at t = 1 and T."""
        if recurrent:
            self.profile_plot.setTitle(self._title(self.tr("‖∂L/∂h_t‖ by time step (recent median)")))
            self.time_plot.setTitle(self._title(self.tr("‖∂L/∂h_t‖ at time step 1 (thick) and the last (thin)")))
            self.profile_plot.setLabel("bottom", self.tr("time step t"))
        else:
            self.profile_plot.setTitle(self._title(self.tr("Gradient norm by layer (recent median)")))
            self.time_plot.setTitle(self._title(self.tr("First (thick) and last (thin) layer's gradient norm")))
            self.profile_plot.setLabel("bottom", self.tr("layer (1 = first hidden … last = output)"))

    @staticmethod
    def _title(text: str) -> str:
        return f"<span style='color:{palette.FOREGROUND}; font-size: 10pt'>{text}</span>"

    # -- public API ------------------------------------------------------------------------------
    def set_specs(self, spec_a: RunSpec, spec_b: RunSpec, name_a: str = "A", name_b: str = "B") -> None:
        """Compare two explicit configurations (both restart from step 0, paused)."""
        if spec_a.topology.depth != spec_b.topology.depth:
            raise ValueError("compare runs with the same number of layers")
        self.play_button.setChecked(False)
        self._set_titles(getattr(spec_a, "recurrent", None) is not None)
        for run, spec, name in zip(self.runs, (spec_a, spec_b), (name_a, name_b)):
            run.reset(spec, name)
        self.target, self._chunk, self.rate, self._rate_marks = 0, 1, 0.0, []
        for curves in self.curves:  # the status row above the plots is the colour key
            for c in curves.values():
                c.setData([], [])
        self._update_texts()

    def compare_remedy(self, spec: RunSpec, remedy: str) -> None:
        """Baseline ``spec`` against the same spec with ``remedy`` applied."""
        self.baseline = spec.copy()
        self._fill_remedies(spec)
        idx = self.remedy_combo.findData(remedy)
        if idx >= 0:
            self.remedy_combo.setCurrentIndex(idx)
        remedied = apply_remedy(spec, remedy)  # ValueError: the caller says why it does not apply
        self.set_specs(self.baseline, remedied, spec.name, remedied.name)

    def play(self) -> None:
        self.play_button.setChecked(True)

    def pause(self) -> None:
        self.play_button.setChecked(False)

    def step(self, n: int = 1) -> None:
        self.play_button.setChecked(False)
        self.target = max(run.step for run in self.runs) + n
        for run in self._live():
            run.controller.step(self.target - run.step)

    def reset(self) -> None:
        if self.runs[0].spec is not None:
            self.set_specs(self.runs[0].spec, self.runs[1].spec, self.runs[0].name, self.runs[1].name)

    @property
    def histories(self):
        return [run.history for run in self.runs]

    def verdict_text(self) -> str:
        a, b = self.runs
        if a.history is None or b.history is None:
            return self.tr("Pick a configuration to compare.")
        return translated(verdict(a.history, b.history, a.name, b.name, a.context, b.context, a.failed, b.failed,
                                  a.events, b.events))

    def shutdown(self, timeout_ms: int = 500) -> bool:
        """Stop both workers; True when both threads have finished."""
        done = True
        for run in self.runs:
            ok = run.controller.shutdown(timeout_ms)
            if not ok:
                # keep the controller (and its thread) alive beyond this window until it finishes
                run.controller.setParent(QCoreApplication.instance())
            done = done and ok
        return done

    def keyPressEvent(self, event):  # noqa: N802 - Qt API
        """Esc and Ctrl+W (the platform's Close) close the window, as a side window's keys do."""
        if event.key() == Qt.Key.Key_Escape or event.matches(QKeySequence.StandardKey.Close) or (
                event.key() == Qt.Key.Key_W and event.modifiers() == Qt.KeyboardModifier.ControlModifier):
            event.accept()
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event):
        self.shutdown()
        super().closeEvent(event)

    # -- slots (GUI thread) ------------------------------------------------------------------------
    @Slot(object)
    def _on_frame_a(self, frame):
        self._on_frame(0, frame)

    @Slot(object)
    def _on_frame_b(self, frame):
        self._on_frame(1, frame)

    @Slot(str)
    def _on_error_a(self, message):
        self.runs[0].error = message
        self._update_texts()

    @Slot(str)
    def _on_error_b(self, message):
        self.runs[1].error = message
        self._update_texts()

    def _on_frame(self, index: int, frame) -> None:
        run = self.runs[index]
        snap = frame.snapshot
        try:
            if run.history is None:
                return
            if len(snap.rows.get("step", ())):
                run.history.extend(snap.rows)
            run.step = snap.step
            run.failed = snap.nonfinite
            run.context, run.events = snap.context, snap.events
            if self._lockstep.isActive():
                self._measure_rate()
                self._advance()   # both done: the next chunk now, not a tick later
            self._update_curves(index)
            self._update_texts()
        finally:
            run.controller.ack()

    def _on_play_toggled(self, playing: bool) -> None:
        self.play_button.setText(self.tr("Pause both") if playing else self.tr("▶ Play both"))
        if playing:
            self._rate_marks = []
            self._issued_at = 0.0
            self._lockstep.start()
            self._advance()
        else:
            self._lockstep.stop()
            self.rate = 0.0
            self._update_texts()

    def _live(self) -> list:
        """The runs that can still train (a run stopped by a non-finite value drops out)."""
        return [run for run in self.runs if run.spec is not None and not run.failed and not run.error]

    def _advance(self) -> None:
        """Lockstep: once every live run has reached the target, ask all of them for the next chunk."""
        live = self._live()
        if not live:
            self.pause()
            return
        if any(run.step < self.target for run in live):
            return  # the slower run is still on its chunk: the faster one waits
        speed, now, done = self.speed_combo.currentData(), time.perf_counter(), min(run.step for run in live)
        if speed:  # as many steps as the speed allows since the last chunk (at most a tick's worth late)
            since = min(now - self._issued_at, 2 * TICK_MS / 1000) if self._issued_at else TICK_MS / 1000
            self._chunk = int(speed * since)
            if self._chunk < 1:
                return
        elif self.target:
            self._chunk = min(MAX_CHUNK, self._chunk * 2)  # both kept up: a larger chunk
        self._issued_at = now
        self.target = done + self._chunk
        for run in live:
            run.controller.step(self.target - run.step)

    def _measure_rate(self) -> None:
        """Steps per second both runs made over the last ``RATE_WINDOW_S``."""
        now, done = time.perf_counter(), min(run.step for run in self.runs if run.spec is not None)
        self._rate_marks = [m for m in self._rate_marks if now - m[0] <= RATE_WINDOW_S] + [(now, done)]
        (t0, s0), (t1, s1) = self._rate_marks[0], self._rate_marks[-1]
        if t1 - t0 >= 0.2:
            self.rate = (s1 - s0) / (t1 - t0)

    def _on_speed(self, _index: int) -> None:
        self._chunk = 1

    def _on_remedy_picked(self, _index: int) -> None:
        if self.baseline is None:
            self.baseline = self.runs[0].spec
        if self.baseline is None:
            return
        try:
            self.compare_remedy(self.baseline, self.remedy_combo.currentData())
        except ValueError as exc:
            text = self.tr("This remedy does not apply here: {0}").format(error_text(exc))
            self.verdict_label.setText(f"<span style='color:{message_color(True)}'>{text}</span>")

    # -- drawing -----------------------------------------------------------------------------------
    def _update_curves(self, index: int) -> None:
        run, curves = self.runs[index], self.curves[index]
        h = run.history
        if h is None or len(h) == 0:
            return
        steps = h.column("step")
        # a recurrent run is compared through time: the gradient reaching each time step's state
        g = h.column("time_grad_norm") if "time_grad_norm" in h.extra_columns else h.column("grad_norm")
        recent = g[-PROFILE_ROWS:]
        with np.errstate(all="ignore"):
            profile = np.nanmedian(np.where(np.isfinite(recent), recent, np.nan), axis=0)
        curves["profile"].setData(np.arange(1, g.shape[1] + 1), log10_clean(profile))
        curves["first"].setData(steps, log10_clean(g[:, 0]))
        curves["last"].setData(steps, log10_clean(g[:, -1]))
        curves["loss"].setData(steps, log10_clean(h.column("loss")))

    def _update_texts(self) -> None:
        for run, lab in zip(self.runs, self.status):
            if run.spec is None:
                lab.setText("")
                continue
            parts = [f"<span style='color:{run.colour}'>━━</span> <b>{run.name}</b>",
                     self.tr("step {0}").format(f"{run.step:,}")]
            if run.failed:
                message = nonfinite_text(run.failed) or self.tr("non-finite")
                parts.append(f"<span style='color:{message_color(True)}'>{message}</span>")
            if run.error:
                parts.append(f"<span style='color:{message_color(True)}'>{run.error}</span>")
            lab.setText(" · ".join(parts))
        self.rate_label.setText(self.tr("both at {0} steps/s").format(f"{self.rate:,.0f}") if self.rate else "")
        text = self.verdict_text()
        self.verdict_label.setText(self.tr("<b>Verdict:</b> {0}").format(text))


__all__ = ["CompareWindow"]
