"""How fast the window trains and shows: every timing constant, the frame budget, the staged frames.

Python threads share one interpreter lock, and PySide keeps it while Qt paints, so every
millisecond the GUI thread spends showing the run is a millisecond the training thread cannot
train. Three pieces keep that cost a bounded share of the time:

* :class:`FrameCost` measures what each frame cost (CPU, not wall time) and says how long to wait
  before the worker may send the next snapshot (a token bucket at :attr:`Timing.gui_share`).
* :class:`FramePipeline` shows a frame in stages on successive turns of the event loop (canvas and
  counters, then the plots when due, then the rest), so no single event holds the GUI thread long,
  and acknowledges it to the worker with the budget's delay once the paints it caused are done.
* :class:`DrawingHold` pauses the worker between two steps while the GUI thread paints those views.

:data:`TIMING` holds every interval, rate and share in one place (the worker's loop, the budget,
the plots' and the teaching views' refresh rates, the status line); components take a
:class:`Timing` so a test can hand them another.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, NamedTuple

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

SPEEDS = (1, 2, 5, 10, 30, 100, 300, 1000, None)  # steps per second; None = as fast as possible


@dataclass(frozen=True)
class Timing:
    """Every timing constant of the window and its training thread (seconds unless named)."""

    # the training thread (gradsim.ui.worker)
    max_fps: float = 30.0          # snapshots per second at most
    # The GUI thread needs the interpreter lock for every event it handles in Python. numpy drops and
    # re-takes it inside a step, and each drop wakes a waiting thread and restarts its 5 ms
    # switch-interval wait, so CPython may never force a switch: a GUI thread that keeps losing the
    # race would starve (the first engine measured 0.2-1 s latency). Today's steps hand the lock over
    # on their own (a 10 ms timer beside a thread training any preset without yielding: lateness
    # < 8 ms), so ``time.sleep(0)`` -- ~75 µs here even when nobody waits, 2-4 % of the steps at one
    # yield every 2-4 ms -- is only a safety net that bounds such starvation.
    yield_interval: float = 0.02
    check_interval: float = 0.001  # training between two looks at commands, stop and the clock ...
    max_batch_steps: int = 64      # ... in at most this many steps
    max_hold: float = 0.05         # the loop pauses at most this long while the GUI shows or paints
    max_ack_delay: float = 1.0     # the GUI's requested pause before the next snapshot, capped
    boundary_fps: float = 2.0      # decision-boundary grids per second at most (each ~3 ms of CPU)
    derivation_fps: float = 5.0    # chain-rule derivations per second at most (the panel re-renders each)
    distributions_fps: float = 4.0  # per-layer histograms per second at most (each ~2 training steps)
    jacobian_fps: float = 2.0      # Jacobian spectra per second at most (a fresh pass and an SVD each)
    # the frame budget (FrameCost): the share of the time showing the run may take
    gui_share: float = 0.06        # at "max" speed, training flat out
    gui_share_paced: float = 0.3   # at a chosen pace (steps/s): training leaves the CPU idle
    burst: float = 0.01            # unspent budget kept (a paused run does not save up for a burst)
    max_debt: float = 0.03         # budget a frame may overspend (bounds the pause after a spike)
    # the views
    plot_every: int = 3            # frames between two redraws of the plots while training runs, at least ...
    plot_interval: float = 0.25    # ... and this long
    diagnosis_interval: float = 0.25  # between two diagnoses while training runs (it reads the last steps)
    teaching_refresh: float = 0.2  # the activation explorer, the step-through and the through-time view redraw at most this often
    lesson_refresh: float = 0.25   # the lesson panel re-judges its step at most this often while training runs
    message_s: float = 12.0        # a status-bar message stays this long
    # the GUI thread
    gc_interval: float = 0.25      # between two looks of the GUI-thread garbage collector (gradsim.ui.gc_guard)


TIMING = Timing()


class FrameCost:
    """Paces snapshots so that showing them takes about ``share`` of the time.

    The cost of a frame is measured as CPU time, not wall time (which, with two threads taking turns
    on the interpreter lock, mostly measures waiting): the GUI thread's CPU since the previous frame
    was shown -- the frame's stages, the paints they cause, timers and input in between -- plus the
    worker's CPU for preparing the snapshot (``Frame.cost_s``).

    The pacing is a budget (a token bucket): it earns ``share`` seconds per second, keeps at most
    ``burst`` of unspent budget and owes at most ``max_debt``; each frame spends its cost, and the
    next snapshot is asked for once the budget is out of debt. So the share holds on average
    whatever a frame costs -- cheap frames come up to the worker's 30 a second, a frame that also
    redraws the plots just delays the next one -- and a one-off cost (the first paint, a dialog)
    causes one short pause rather than a slow frame rate for a while.
    """

    def __init__(self, share: float | None = None, timing: Timing = TIMING):
        self.timing = timing
        self.share = timing.gui_share if share is None else share
        self.estimate = 0.0   # smoothed CPU seconds per frame (for display and tests)
        self.frames = 0
        self.restart()

    def restart(self) -> None:
        """Start a fresh budget (a new network was built: that is not the cost of a frame)."""
        self._cpu, self._t = time.thread_time(), time.perf_counter()
        self.balance = 0.0

    def frame(self, worker_cost: float = 0.0) -> float:
        """A frame has been shown: the delay in seconds before the next snapshot should be sent."""
        cpu, now = time.thread_time(), time.perf_counter()
        cost = max(0.0, cpu - self._cpu) + max(0.0, worker_cost)
        earned = self.share * max(0.0, now - self._t)
        self._cpu, self._t = cpu, now
        self.balance = max(-self.timing.max_debt, min(self.timing.burst, self.balance + earned) - cost)
        self.frames += 1
        self.estimate = cost if self.estimate == 0 else 0.8 * self.estimate + 0.2 * cost
        return max(0.0, -self.balance / self.share)


class DrawingHold(QObject):
    """Pauses the training worker while the GUI thread paints the views that change with snapshots.

    The worker would otherwise take the interpreter lock back at every numpy call of the GUI thread
    that releases it, and each such hand-over costs both threads CPU (measured: the same canvas
    update took 1.5-3× the CPU while the worker competed). Held from a paint event of a watched
    viewport until the event loop next runs its timers (the paints of one update all happen in
    between); the worker pauses only between two steps and for at most ``Timing.max_hold`` at a time.
    """

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self._controller = controller
        self._hold = None
        self._release = QTimer(self)
        self._release.setSingleShot(True)
        self._release.setInterval(0)
        self._release.timeout.connect(self.release)

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and self._hold is None:
            self._hold = self._controller.hold()
            self._hold.__enter__()
            self._release.start()
        return False

    def release(self) -> None:
        if self._hold is not None:
            hold, self._hold = self._hold, None
            hold.__exit__(None, None, None)


class Stage(NamedTuple):
    """One step of showing a frame: ``run(frame)``; ``own_turn(frame)``, asked once per frame when
    it is planned, says whether it starts a new turn of the event loop (default: it shares the turn
    of the stage before)."""

    run: Callable
    own_turn: Callable | None = None


class FramePipeline(QObject):
    """Shows the frames the worker sends, stage by stage, then acknowledges each to the worker.

    While training runs a frame's stages are spread over successive event-loop turns (a stage with
    ``own_turn`` starts a new one), so each turn holds the GUI thread for a few milliseconds at most
    and a frame with nothing heavy is a single turn; a paused run's frame is shown in one go, as
    nothing competes. Every stage runs under the controller's hold (the worker waits between two
    steps). A running frame is acknowledged on the turn after its last stage, after the paints it
    caused (so their cost counts for it), with :class:`FrameCost`'s delay and ``keep_every()`` (the
    window history's stride, so the worker records only the rows it keeps).

    :meth:`drop` abandons the frame being shown (its network is being replaced).
    """

    def __init__(self, controller, keep_every: Callable[[], int] = lambda: 1, timing: Timing = TIMING,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.controller = controller
        self.keep_every = keep_every
        self.timing = timing
        self.cost = FrameCost(timing=timing)
        self.stages: list[Stage] = []
        self.received = 0         # frames received (stale ones are dropped by the controller)
        self.frame = None         # the frame being shown (stages still to run), or None
        self._turns: list[list] = []
        self._ack_pending = None  # a shown frame whose acknowledgement is on its way
        self._stage_timer = self._zero_timer(self._run_turn)
        self._ack_timer = self._zero_timer(self._send_ack)

    def _zero_timer(self, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(0)
        timer.timeout.connect(slot)
        return timer

    def set_speed(self, steps_per_s: float | None) -> None:
        """At *max* speed showing the run gets the small share; at a chosen pace the large one."""
        self.cost.share = self.timing.gui_share if steps_per_s is None else self.timing.gui_share_paced

    def receive(self, frame) -> None:
        if self.frame is not None:  # cannot happen (one frame per acknowledgement), but be safe
            self.drop(ack=False)
        self.received += 1
        self.frame = frame
        self._turns = self._plan(frame)
        if frame.playing:
            self._run_turn()  # the first turn now, the others on the next turns of the event loop
        else:
            while self.frame is frame:  # paused, stepping, reset: nothing competes, show it at once
                self._run_turn()

    def _plan(self, frame) -> list[list]:
        turns: list[list] = [[]]
        for stage in self.stages:
            if stage.own_turn is not None and stage.own_turn(frame) and turns[-1]:
                turns.append([])
            turns[-1].append(stage.run)
        return turns

    def _run_turn(self) -> None:
        frame = self.frame
        if frame is None or not self._turns:
            return
        turn = self._turns.pop(0)
        try:
            with self.controller.hold():
                for run in turn:
                    run(frame)
                    if self.frame is not frame:
                        return  # a stage replaced the network (e.g. a handler applied a new spec)
        except BaseException:
            if self.frame is frame:
                self._finish(frame)
            raise
        if self._turns:
            if frame.playing:
                self._stage_timer.start()
        else:
            self._finish(frame)

    def _finish(self, frame) -> None:
        self.frame, self._turns = None, []
        self._stage_timer.stop()
        self._ack_pending = frame
        if frame.playing:
            # acknowledged on the next turn of the event loop, after the paints the frame caused: the
            # worker pauses until then, so they run without it competing for the interpreter lock,
            # and their cost counts for this frame
            self._ack_timer.start()
        else:
            self._send_ack()

    def _send_ack(self) -> None:
        frame, self._ack_pending = self._ack_pending, None
        if frame is None:
            return
        delay = self.cost.frame(frame.cost_s)
        self.controller.ack(delay if frame.playing else 0.0, keep_every=self.keep_every(),
                            generation=frame.generation)

    def drop(self, ack: bool = True) -> None:
        """Abandon the frame being shown (its network is being replaced); a fresh budget starts."""
        self._ack_timer.stop()
        busy = self.frame is not None or self._ack_pending is not None
        self.frame, self._turns, self._ack_pending = None, [], None
        self._stage_timer.stop()
        if busy and ack:
            self.controller.ack()

    def stop(self) -> None:
        """No more stages or acknowledgements (the window is closing)."""
        self._stage_timer.stop()
        self._ack_timer.stop()
        self.frame, self._turns, self._ack_pending = None, [], None
