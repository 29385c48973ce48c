"""The run as the window knows it: one model every view reads, changes and listens to.

A :class:`Session` holds the current :class:`~gradsim.engine.spec.RunSpec` (and the preset it came
from), the bounded history of the run, the last frame shown, whether training runs, the verdict,
the :class:`~gradsim.ui.selection.Selection` and the highlight, and the last message for the user.
It owns the training thread (:class:`~gradsim.ui.worker.TrainingController`) and the undo stack,
and every change to the run goes through it:

* :meth:`apply_spec` makes a spec current and restarts training (a new generation, so frames still
  in flight from the previous network are dropped). All or nothing: the views that lay a spec out
  (registered with :meth:`add_layout`: the controls, the canvas, the plots) take it first, and if
  one refuses, those already changed get the current spec back and nothing else changes.
* :meth:`request_edit` / :meth:`try_edit` validate an edit (an invalid one is explained, not
  applied) and push a :class:`~gradsim.ui.commands.SpecEditCommand`; :meth:`set_lr` changes the
  running training without a reset, the one setting meant to be turned mid-run.
* :meth:`play`, :meth:`pause`, :meth:`step`, :meth:`reset`, :meth:`set_speed`.

Frames reach it through the window's :class:`~gradsim.ui.pacing.FramePipeline`: :meth:`take_rows`
extends the history first, :meth:`commit` ends the frame (verdict, ``last_frame``, ``frameShown``).
Views are given the session, never the window, so a lesson (or a test) can set the app up and watch
what the learner does through it alone.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import shiboken6

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from gradsim.engine import edits
from gradsim.engine.history import WindowHistory
from gradsim.engine.presets import load_preset
from gradsim.engine.spec import RunSpec

from .commands import EditRequest, SpecEditCommand
from .diagnosis import Diagnosis, diagnose, idle
from .engine_text import error_text, paused_text
from .i18n import tr
from .pacing import TIMING, Timing
from .selection import Highlight, Selection
from .worker import TrainingController

HISTORY_ROWS = 4096


@dataclass(frozen=True)
class Message:
    """A line for the status bar: ``detail`` is its tooltip (default: the text itself); ``fresh``
    False updates the text shown without counting as a new message (its numbers moved on)."""

    text: str
    error: bool = False
    detail: str | None = None
    fresh: bool = True


class Session(QObject):
    specApplied = Signal(object)       # RunSpec: current now, training reset (or continuing a saved run)
    frameShown = Signal(object)        # Frame: every view has shown it; last_frame is it
    playingChanged = Signal(bool)
    speedChanged = Signal(object)      # steps per second, or None for as fast as possible
    lrChanged = Signal(float)          # the running training's learning rate
    editRefused = Signal()             # an edit was explained and not applied: controls show the spec again
    diagnosisChanged = Signal(object)  # Diagnosis
    messagePosted = Signal(object)     # Message
    highlightChanged = Signal(object)  # Highlight

    def __init__(self, parent: QObject | None = None, timing: Timing = TIMING):
        super().__init__(parent)
        self.timing = timing
        self.spec: RunSpec | None = None
        self.preset: str | None = None     # the preset the spec came from (None: a file, or edited away)
        self.history = WindowHistory(1, HISTORY_ROWS)
        self.last_frame = None
        self.playing = False
        self.speed: float | None = None
        self.diagnosis = Diagnosis("idle", "")
        self.status_message = ""
        self.last_error = ""
        self.highlight = Highlight()
        self.selection = Selection(self)
        self.undo_stack = QUndoStack(self)
        self._layouts: list = []
        self._views_sent: dict | None = None
        self._last_diagnosis = 0.0
        self.controller = TrainingController(self, timing)
        self.controller.runningChanged.connect(self._set_playing)
        self.controller.errorOccurred.connect(self._on_worker_error)
        self.selection.weightChanged.connect(self._send_selection)

    @property
    def last_snapshot(self):
        """The snapshot of :attr:`last_frame` (None before the first)."""
        return None if self.last_frame is None else self.last_frame.snapshot

    # -- the spec ------------------------------------------------------------------------------
    def add_layout(self, view) -> None:
        """``view`` lays each spec out (``set_spec(spec)``) and shows frames of it
        (``show_frame(frame)``); it may refuse a spec by raising (see :meth:`apply_spec`)."""
        self._layouts.append(view)

    def load_preset(self, name: str) -> None:
        """Start over with preset ``name`` (clears the undo history: a new experiment)."""
        spec = load_preset(name)
        self.preset = name
        self.undo_stack.clear()
        self.apply_spec(spec)
        self.show_message(tr("Loaded preset {}").format(name))

    def apply_spec(self, spec: RunSpec) -> None:
        """Make ``spec`` (already valid) current and restart training from its initial state.

        All or nothing: the layout views take ``spec`` first; if one raises, those already changed are
        given the current spec (and frame) back and the exception propagates, with the network, its
        training and the undo history untouched."""
        new = spec.copy()
        self._lay_out(new)
        old, self.spec = self.spec, new
        self.history = WindowHistory(new.topology.depth, HISTORY_ROWS)
        self.last_frame = None
        self._set_playing(False)
        self.controller.reset(new)
        self.selection.fit(old, new)
        self.clear_highlight()  # a stage lit up on the previous network means nothing on this one
        self._views_sent = None
        self._set_diagnosis(idle())
        self.specApplied.emit(new)
        self._send_selection(self.selection.weight)

    def _lay_out(self, spec: RunSpec) -> None:
        changed = []
        try:
            for view in self._layouts:
                changed.append(view)
                view.set_spec(spec)
        except BaseException:
            if self.spec is not None:
                for view in changed:
                    view.set_spec(self.spec)
                    if self.last_frame is not None:
                        view.show_frame(self.last_frame)
            raise

    def request_edit(self, request: EditRequest) -> bool:
        """Run an :mod:`gradsim.engine.edits` operation on the current spec, then :meth:`try_edit`."""
        fn = getattr(edits, request.op, None)
        if fn is None:
            self.show_message(tr("Unknown edit {!r}").format(request.op), error=True)
            return False
        try:
            new = fn(self.spec, *request.args)
        except edits.EditError as exc:
            self.show_message(error_text(exc), error=True)
            self.editRefused.emit()
            return False
        return self.try_edit(new, request.text)

    def try_edit(self, new: RunSpec, text: str) -> bool:
        """Apply ``new`` as an undoable edit if it is valid; otherwise say why and change nothing."""
        new = new.copy()
        new.train.lr = self.spec.train.lr
        try:
            new.validate()
        except ValueError as exc:
            self.show_message(tr("Can't apply “{}”: {}").format(text, error_text(exc)), error=True)
            self.editRefused.emit()
            return False
        self.undo_stack.push(SpecEditCommand(self._apply_from_undo, self.spec, new, text))
        self.show_message(tr("{} — training reset").format(text))
        return True

    def _apply_from_undo(self, spec: RunSpec) -> None:
        # the learning rate is live, not part of the edit history: keep the current one
        if self.spec is not None:
            spec.train.lr = self.spec.train.lr
        self.apply_spec(spec)

    def set_lr(self, lr: float) -> None:
        """Change the learning rate of the running training (no reset)."""
        if not (math.isfinite(lr) and lr > 0):
            self.show_message(tr("Learning rate must be above 0, got {!r}").format(lr), error=True)
            return
        self.spec.train.lr = float(lr)
        self.controller.set_lr(float(lr))
        self.lrChanged.emit(float(lr))
        self.show_message(tr("Learning rate {:g} (applies from the next step)").format(lr))

    # -- run control ---------------------------------------------------------------------------
    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        snap = self.last_snapshot
        if snap is not None and snap.nonfinite:
            self.show_message(tr("This run hit non-finite values: press Reset (R) to start again, after lowering "
                                 "the learning rate or enabling clipping"), error=True)
            return
        self._set_playing(True)
        self.controller.play()

    def pause(self) -> None:
        self._set_playing(False)
        self.controller.pause()

    def step(self) -> None:
        snap = self.last_snapshot
        if snap is not None and snap.nonfinite:
            self.show_message(tr("This run hit non-finite values: press Reset (R) to start again"), error=True)
            return
        self._set_playing(False)
        self.controller.step(1)

    def reset(self) -> None:
        """Re-initialise with the same spec and seed (the edit history is kept)."""
        self.apply_spec(self.spec)
        self.show_message(tr("Reset: same network, seed {}").format(self.spec.train.seed))

    def set_speed(self, steps_per_s: float | None) -> None:
        self.speed = steps_per_s
        self.controller.set_speed(steps_per_s)
        self.speedChanged.emit(steps_per_s)

    def _set_playing(self, playing: bool) -> None:
        changed = playing != self.playing
        self.playing = playing
        if changed:
            self.playingChanged.emit(playing)

    # -- frames (called by the window's frame pipeline) ------------------------------------------
    def take_rows(self, frame) -> None:
        """The frame's rows into the history (the first thing done with a frame)."""
        snap = frame.snapshot
        if frame.rows_offered is not None:  # the worker left out rows this history would drop
            index = snap.rows["step"].astype(np.int64) - frame.rows_base - 1
            self.history.extend_offered(snap.rows, index, frame.rows_offered)
        elif len(snap.rows.get("step", ())):
            self.history.extend(snap.rows)

    def commit(self, frame) -> None:
        """The frame has been shown: the verdict (a few times a second while training runs),
        ``last_frame``, a non-finite stop explained, then ``frameShown``."""
        snap = frame.snapshot
        now = time.perf_counter()
        if not frame.playing or snap.nonfinite or now - self._last_diagnosis >= self.timing.diagnosis_interval:
            self._last_diagnosis = now
            self._set_diagnosis(diagnose(self.history, snap))
        self.last_frame = frame
        if snap.nonfinite:
            message = paused_text(snap.step, snap.nonfinite)
            if self.playing or self.status_message != message:
                self.show_message(message, error=True)
            self._set_playing(False)
        self.frameShown.emit(frame)

    def _set_diagnosis(self, d: Diagnosis) -> None:
        self.diagnosis = d
        self.diagnosisChanged.emit(d)

    # -- what the views show -------------------------------------------------------------------
    def want_extras(self, **views: bool) -> None:
        """Which extras the views on screen need from the training thread (sent when it changes)."""
        if views != self._views_sent:
            self._views_sent = dict(views)
            self.controller.set_views(**views)

    def request_check(self, k: int, j: int, i: int) -> None:
        self.controller.request_check(k, j, i)

    def set_highlight(self, neurons=(), edges=()) -> None:
        self.highlight = Highlight.of(neurons, edges)
        self.highlightChanged.emit(self.highlight)

    def clear_highlight(self) -> None:
        self.set_highlight()

    def _send_selection(self, weight) -> None:
        if weight is None:
            self.controller.clear_selection()
        else:
            self.controller.select_weight(*weight)

    # -- messages --------------------------------------------------------------------------------
    def show_message(self, text: str, error: bool = False, detail: str | None = None, fresh: bool = True) -> None:
        """Tell the user ``text`` (the status bar shows it; ``detail`` is its tooltip)."""
        self.status_message = text
        self.messagePosted.emit(Message(text, error, detail, fresh))

    def _on_worker_error(self, message: str) -> None:
        self.last_error = message
        self._set_playing(False)
        self.show_message(tr("Training error: {}").format(message), error=True)

    # -- state for saving ------------------------------------------------------------------------
    def current_state(self) -> tuple[list[dict] | None, int, dict | None]:
        """(parameters, step, resume state) of the run as it is now, asked from the training thread."""
        answer = self.controller.request_state(5.0)
        if answer is not None:
            return answer
        # the worker is gone or busy: the latest snapshot has weights and biases (no BN state)
        snap, spec = self.last_snapshot, self.spec
        if snap is not None and not any(l.batch_norm for l in spec.topology.layers) and \
                all(p is None for p in getattr(snap, "projections", [None])):
            params = [{"weights": w.copy(), "biases": b.copy()} for w, b in zip(snap.weights, snap.biases)]
            return params, int(snap.step), None
        return spec.parameters, int(spec.saved_step), spec.resume

    def shutdown(self) -> None:
        """Stop the training thread (waiting as long as it takes: a QThread destroyed while running
        would abort the process)."""
        if not shiboken6.isValid(self.controller):
            return
        if not self.controller.shutdown(500):
            # a big network's step or boundary grid is cancelled between layers, but building one or
            # copying its snapshot is not: wait for that, as long as it takes
            self.controller.shutdown(None)
