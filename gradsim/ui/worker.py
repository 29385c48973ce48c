"""Training off the GUI thread: a thin, typed bridge between a :class:`Trainer` and the window.

* The GUI talks to the worker through typed commands (:class:`Reset`, :class:`Play`, …) put on a
  thread-safe queue, and a ``threading.Event`` for stop: :meth:`TrainingWorker.run` is one long loop,
  so its thread's event loop never gets to run queued slots.
* The worker answers with :class:`Frame` objects: a :class:`~gradsim.engine.snapshot.Snapshot` (fresh
  copies the GUI may keep) plus what the GUI needs to show it (generation, playing, rate, the rows it
  carries, what it cost the worker, the views' :class:`~gradsim.engine.extras.Extras`). At most
  ``Timing.max_fps`` a second, and only after the GUI acknowledged the previous one
  (:meth:`TrainingWorker.ack`, with the delay its frame budget asks for), so a slow GUI makes frames
  coarser instead of piling them up. The rows of every step in between still arrive: the trainer
  records into a :class:`~gradsim.engine.history.DrainableHistory` drained into each snapshot.
* Its signals are its lifecycle, as in superqt's workers: ``started``, ``yielded`` (a frame),
  ``resumed`` / ``paused`` (training runs or stops, for one generation), ``errored`` (a
  :class:`Failure`, data: the GUI thread words it in its language) and ``finished``. A fixed
  :meth:`~LoopWorker.run` calls :meth:`~LoopWorker.work` until stopped; nothing raised in it ends the
  thread.
* :class:`TrainingController` lives in the GUI thread, owns worker and thread, and is the one place
  that drops frames of a network already replaced (every reset has a new *generation*). Worker
  signals are connected to its methods, so Qt queues them there (a lambda would run in the worker
  thread). It keeps Python references to thread and worker until the thread has finished, and
  :meth:`TrainingController.shutdown` stops, quits and waits, so closing the window mid-run never
  destroys a running QThread.
* Python threads share one interpreter lock: the loop hands it over explicitly every
  ``Timing.yield_interval`` and pauses while the GUI thread draws (:meth:`TrainingController.hold`).

What the teaching views need from the live trainer (a derivation, a gradient check, boundary
grids) is computed by the engine's :class:`~gradsim.engine.extras.ExtrasRequest`, only when a frame
is taken and only what the GUI asked for (:meth:`TrainingController.set_views`, ``select_weight``,
``request_check``).
"""

from __future__ import annotations

import atexit
import math
import queue
import threading
import time
import weakref
from dataclasses import dataclass, field

import numpy as np

from PySide6.QtCore import QObject, QThread, Signal, Slot

from gradsim.engine.extras import VIEWS, Extras, ExtrasRequest
from gradsim.engine.history import DrainableHistory
from gradsim.engine.snapshot import Snapshot, take_snapshot
from gradsim.engine.spec import RunSpec
from gradsim.engine.text import reason
from gradsim.engine.trainer import Trainer
from gradsim.ui.engine_text import translated
from gradsim.ui.gc_guard import collect_in_gui_thread
from gradsim.ui.i18n import tr
from gradsim.ui.pacing import TIMING, Timing

WORKER_HISTORY_ROWS = 8192  # rows recorded between snapshots before the worker downsamples them
# From this many weights on, every pass of the trainer asks between layers whether the worker is
# stopping (Trainer's ``cancel``), so closing the window never waits for a long step or boundary
# grid of a big network. Smaller networks finish any pass within ~0.1 s (a 90,000-weight net's
# 60 × 60 boundary grid: 0.35 s) and skip the check (~60 ns a layer, ~1 % of a small net's step).
CANCEL_WEIGHTS = 20_000


# -- commands (GUI thread -> worker) ----------------------------------------------------------------
@dataclass(frozen=True)
class Reset:
    spec: RunSpec
    generation: int


@dataclass(frozen=True)
class Play:
    pass


@dataclass(frozen=True)
class Pause:
    pass


@dataclass(frozen=True)
class Step:
    n: int = 1


@dataclass(frozen=True)
class SetLr:
    lr: float


@dataclass(frozen=True)
class SetSpeed:
    steps_per_s: float | None


@dataclass(frozen=True)
class Select:
    weight: tuple[int, int, int] | None


@dataclass(frozen=True)
class Check:
    weight: tuple[int, int, int]


@dataclass(frozen=True)
class ShowViews:
    views: dict


@dataclass(frozen=True)
class AskState:
    request: "StateRequest"


@dataclass(frozen=True)
class Thin:
    """From now on the GUI keeps only rows offered at multiples of ``keep_every`` of ``generation``."""

    keep_every: int
    generation: int


@dataclass(frozen=True)
class Wake:
    """Only interrupts the loop's wait (an acknowledgement, stop)."""


# -- what comes back (worker -> GUI thread) ---------------------------------------------------------
@dataclass(frozen=True)
class Frame:
    """One snapshot and what showing it needs.

    ``rows_base`` is the trainer's step count before the first row was offered and
    ``rows_offered`` how many rows were offered since (the snapshot's rows are those the window's
    history keeps of them); ``cost_s`` the worker's CPU seconds for preparing the frame, which the
    GUI's frame budget counts.
    """

    snapshot: Snapshot
    generation: int
    playing: bool
    steps_per_s: float = 0.0
    rows_base: int = 0
    rows_offered: int | None = None
    cost_s: float = 0.0
    extras: Extras = field(default_factory=Extras)


@dataclass(frozen=True)
class Failure:
    """Something that failed in the worker, as data: the worker never words it (the GUI thread
    does, in its language, :meth:`text`), and carries on.

    ``kind``: ``"build"`` (the network), ``"restore"`` (its saved run state), ``"step"``,
    ``"snapshot"``, ``"check"``, ``"derive"``, ``"boundary"``, ``"lr"`` or ``"internal"`` (anywhere
    else in the loop). ``message`` is the exception's (an engine :class:`~gradsim.engine.text.Text`
    stays translatable), ``error`` its type name (left out where the engine's ValueError explains
    itself: an invalid network or learning rate); ``step`` and ``weight`` where they apply.
    """

    kind: str
    message: str = ""
    error: str = ""
    step: int | None = None
    weight: tuple | None = None

    @classmethod
    def of(cls, kind: str, exc: BaseException, **where) -> "Failure":
        plain = kind in ("build", "lr") and isinstance(exc, ValueError)
        return cls(kind, reason(exc), "" if plain else type(exc).__name__, **where)

    def text(self) -> str:
        """The report in the UI language (call in the GUI thread)."""
        detail = translated(self.message)
        explained = f"{self.error}: {detail}" if self.error else detail
        if self.kind == "build":
            return tr("Could not build the network: {}").format(explained)
        if self.kind == "restore":
            return tr("Could not continue the saved run: {}").format(explained)
        if self.kind == "step":
            return tr("Training failed at step {}: {}").format(self.step, explained)
        if self.kind == "snapshot":
            return tr("Could not take a snapshot: {}").format(explained)
        if self.kind == "check":
            return tr("Could not check {}: {}").format(self.weight, explained)
        if self.kind == "derive":
            return tr("Could not derive the gradient: {}").format(explained)
        if self.kind == "boundary":
            return tr("Could not compute the decision boundary: {}").format(explained)
        if self.kind == "lr":
            return explained
        return tr("Unexpected error in the training thread: {}").format(explained)


class StateRequest:
    """A one-shot answer from the worker thread: ``(parameters, step, resume)`` of its trainer
    (``resume`` = :meth:`Trainer.resume_state`), or None."""

    def __init__(self):
        self._done = threading.Event()
        self.value: tuple[list[dict], int, dict] | None = None

    def fulfil(self, trainer) -> None:
        try:
            if trainer is not None:
                self.value = (trainer.network.state(), int(trainer.step_count), trainer.resume_state())
        finally:
            self._done.set()

    def wait(self, timeout: float) -> tuple[list[dict], int, dict] | None:
        return self.value if self._done.wait(timeout) else None


# -- the worker ----------------------------------------------------------------------------------------
class LoopWorker(QObject):
    """A worker whose signals are its lifecycle: a fixed :meth:`run` emits ``started``, calls
    :meth:`work` until :meth:`stop`, reports what ``work`` raises through :meth:`failed` without
    ending, and emits ``finished``."""

    started = Signal()
    errored = Signal(object)   # Failure
    finished = Signal()

    def __init__(self):
        super().__init__()
        self._stop = threading.Event()

    @Slot()
    def run(self) -> None:
        self._safe_emit(self.started)
        try:
            while not self._stop.is_set():
                try:
                    self.work()
                except RuntimeError as exc:
                    if "deleted" in str(exc):  # the Qt side is gone (interpreter shutting down): just stop
                        break
                    self.failed(Failure.of("internal", exc))
                except Exception as exc:  # noqa: BLE001 - whatever it was, the thread must stay alive
                    self.failed(Failure.of("internal", exc))
        finally:
            self._safe_emit(self.finished)

    def work(self) -> None:  # pragma: no cover - subclasses do the work
        raise NotImplementedError

    def failed(self, failure: Failure) -> None:
        self.report(failure)

    def report(self, failure: Failure) -> None:
        """Send ``failure`` to the GUI -- unless the worker is stopping: then the failure is the
        trainer's :class:`~gradsim.engine.network.Cancelled`, or nobody is left to read it."""
        if not self._stop.is_set():
            self._safe_emit(self.errored, failure)

    def stop(self) -> None:
        self._stop.set()

    @staticmethod
    def _safe_emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # pragma: no cover - the receiver side was already destroyed
            pass


class TrainingWorker(LoopWorker):
    """Runs a :class:`Trainer` in its own thread; never touches a widget.

    Control it only through the thread-safe methods (``reset``, ``play``, ``pause``, ``step``,
    ``set_lr``, ``set_speed``, ``ack``, ``stop`` …); they queue commands the loop executes between
    steps.
    """

    yielded = Signal(object)   # Frame
    resumed = Signal(int)      # generation: training runs
    paused = Signal(int)       # generation: training stopped (pause, a step, a failure, non-finite)

    def __init__(self, timing: Timing = TIMING):
        super().__init__()
        self.timing = timing
        self._commands: queue.Queue = queue.Queue()
        self._gui_idle = threading.Event()   # cleared while the GUI thread draws (see hold_for_gui)
        self._gui_idle.set()
        self._acked = threading.Event()
        self._acked.set()
        self.trainer: Trainer | None = None
        self._generation = 0
        self._playing = False
        self._speed: float | None = None
        self._dirty = False
        self._force = False
        self._last_emit = 0.0
        self._rows_base = 0      # the trainer's step count when its first row was offered, minus 1
        self._batch = 1          # steps per batch in _train_slice (adapted to the step time)
        self._not_before = 0.0   # the GUI asked for no frame before this (perf_counter seconds)
        self._rate_t0 = 0.0
        self._rate_steps = 0
        self._steps_per_s = 0.0
        self._emit_steps = 0
        self._emit_t = time.perf_counter()
        self.extras = ExtrasRequest(1.0 / timing.derivation_fps, 1.0 / timing.boundary_fps)
        self._handlers = {Reset: self._reset, Play: self._play, Pause: self._pause, Step: self._step,
                          SetLr: self._set_lr, SetSpeed: self._set_speed, Select: self._select,
                          Check: self._check, ShowViews: self._show_views, AskState: self._ask_state,
                          Thin: self._thin, Wake: lambda cmd: None}

    # -- thread-safe API (called from the GUI thread) -------------------------------------------
    def send(self, command) -> None:
        """Queue ``command`` (one of this module's command classes) for the loop."""
        if type(command) not in self._handlers:
            raise TypeError(f"not a worker command: {command!r}")
        self._commands.put(command)

    def reset(self, spec: RunSpec, generation: int) -> None:
        self.send(Reset(spec.copy(), generation))

    def play(self) -> None:
        self.send(Play())

    def pause(self) -> None:
        self.send(Pause())

    def step(self, n: int = 1) -> None:
        self.send(Step(int(n)))

    def set_lr(self, lr: float) -> None:
        self.send(SetLr(float(lr)))

    def set_speed(self, steps_per_s: float | None) -> None:
        self.send(SetSpeed(steps_per_s))

    def select_weight(self, k: int, j: int, i: int) -> None:
        """Derive ∂E/∂W{k+1}[j, i] by the chain rule into every frame (while the view is shown)."""
        self.send(Select((int(k), int(j), int(i))))

    def clear_selection(self) -> None:
        self.send(Select(None))

    def request_check(self, k: int, j: int, i: int) -> None:
        """Compare backprop with a finite-difference estimate once; the answer comes in the next
        frame's ``extras.check``."""
        self.send(Check((int(k), int(j), int(i))))

    def set_views(self, **views: bool) -> None:
        """Which extras the GUI currently shows (keys of :data:`gradsim.engine.extras.VIEWS`)."""
        unknown = set(views) - set(VIEWS)
        if unknown:
            raise ValueError(f"unknown teaching views {sorted(unknown)}")
        self.send(ShowViews({k: bool(v) for k, v in views.items()}))

    def request_state(self) -> StateRequest:
        """Ask for a copy of every parameter and the step count, taken between two steps; the GUI
        waits on the returned request (the worker never blocks on the GUI)."""
        req = StateRequest()
        self.send(AskState(req))
        return req

    def ack(self, delay: float = 0.0, keep_every: int = 1, generation: int | None = None) -> None:
        """The GUI has shown the last frame; the next one may be sent ``delay`` seconds from now
        (forced frames -- step, pause, reset -- do not wait). ``keep_every``: from now on the GUI
        keeps only rows offered at multiples of this (a power of two) of network ``generation``."""
        cap = self.timing.max_ack_delay
        delay = min(cap, max(0.0, float(delay))) if math.isfinite(delay) else cap
        self._not_before = time.perf_counter() + delay
        if keep_every > 1 and generation is not None:
            self.send(Thin(int(keep_every), generation))
        self._acked.set()
        self.send(Wake())

    def hold_for_gui(self, hold: bool) -> None:
        """While held, the loop waits between two steps instead of competing for the interpreter
        lock (for at most ``Timing.max_hold`` at a time, so a missed release only slows training)."""
        if hold:
            self._gui_idle.clear()
        else:
            self._gui_idle.set()

    def stop(self) -> None:
        super().stop()
        self._gui_idle.set()
        self._commands.put(Wake())

    # -- the loop (worker thread) ---------------------------------------------------------------
    def work(self) -> None:
        """One turn: the commands, some training, a frame if one is due."""
        self._handle_commands(self._idle_timeout())
        if self._stop.is_set():
            return
        if self._playing and self.trainer is not None:
            self._train_slice()
        self._maybe_emit()

    def failed(self, failure: Failure) -> None:
        """Report ``failure`` and pause; a forced frame then shows the state the run stopped in."""
        self._playing = False
        self._safe_emit(self.paused, self._generation)
        self.report(failure)
        self._dirty = self._force = self.trainer is not None

    def _emit_due(self) -> float:
        """When the next (unforced) frame may be sent, in perf_counter seconds."""
        return max(self._last_emit + 1.0 / self.timing.max_fps, self._not_before)

    def _idle_timeout(self) -> float | None:
        """How long the loop may block waiting for a command (0 = don't block)."""
        now = time.perf_counter()
        waits = [0.25]
        if self._dirty and self._acked.is_set():
            if self._force:
                return 0.0
            waits.append(self._emit_due() - now)
        if self._playing and self.trainer is not None:
            if self._speed is None:
                return 0.0  # train; _train_slice returns when the next frame is due
            waits.append(self._rate_t0 + (self._rate_steps + 1) / self._speed - now)
        return max(0.0, min(waits))

    def _handle_commands(self, timeout: float | None) -> None:
        try:
            cmd = self._commands.get(timeout=timeout) if timeout else self._commands.get_nowait()
        except queue.Empty:
            return
        while True:
            try:
                self._execute(cmd)
            except Exception as exc:  # noqa: BLE001 - one bad command must not cost the others
                if isinstance(cmd, AskState):
                    cmd.request.fulfil(None)  # never leave the GUI waiting
                self.failed(Failure.of("internal", exc))
            try:
                cmd = self._commands.get_nowait()
            except queue.Empty:
                return

    # -- command handlers (worker thread) ----------------------------------------------------------
    def _execute(self, cmd) -> None:
        self._handlers[type(cmd)](cmd)

    def _reset(self, cmd: Reset) -> None:
        spec = cmd.spec
        self._generation = cmd.generation
        self._set_playing(False)
        self.trainer = None
        try:
            cancel = self._stop.is_set if spec.topology.n_edges() >= CANCEL_WEIGHTS else None
            trainer = Trainer(spec, history=DrainableHistory(spec.topology.depth, WORKER_HISTORY_ROWS), cancel=cancel)
        except Exception as exc:  # noqa: BLE001
            self.report(Failure.of("build", exc))
            return
        try:  # a saved run continues where it was: step count, optimiser state, batch order
            trainer.restore(getattr(spec, "resume", None), int(getattr(spec, "saved_step", 0) or 0))
        except Exception as exc:  # noqa: BLE001 - a damaged run state: no half-restored trainer
            self.report(Failure.of("restore", exc))
            return
        self.trainer = trainer
        self._rows_base = trainer.step_count  # the step before the first row offered
        self._emit_steps, self._emit_t = trainer.step_count, time.perf_counter()
        self._steps_per_s = 0.0
        self._batch = 1  # until the first batch has measured this network's step time
        self._dirty = self._force = True

    def _play(self, cmd: Play) -> None:
        if self.trainer is not None and not self.trainer.stopped:
            self._set_playing(True)
        elif self.trainer is not None:
            self._dirty = self._force = True  # re-send the non-finite state so the UI explains

    def _pause(self, cmd: Pause) -> None:
        if self._playing and self.trainer is not None:
            self._dirty = self._force = True  # a last frame marked "paused" settles the views
        self._set_playing(False)

    def _step(self, cmd: Step) -> None:
        self._set_playing(False)
        for _ in range(cmd.n):
            if not self._steps(1)[1]:
                break
        self._dirty = self._force = True

    def _set_lr(self, cmd: SetLr) -> None:
        if self.trainer is not None:
            try:
                self.trainer.lr = cmd.lr
            except ValueError as exc:
                self.report(Failure.of("lr", exc))

    def _set_speed(self, cmd: SetSpeed) -> None:
        self._speed = cmd.steps_per_s
        self._restart_rate()

    def _select(self, cmd: Select) -> None:
        if self.extras.select(cmd.weight):
            self._dirty = self._force = True

    def _check(self, cmd: Check) -> None:
        if self.trainer is None:
            return
        try:
            self.extras.check(self.trainer, cmd.weight)
        except Exception as exc:  # noqa: BLE001
            self.report(Failure.of("check", exc, weight=cmd.weight))
            return
        self._dirty = self._force = True

    def _show_views(self, cmd: ShowViews) -> None:
        if self.extras.want(cmd.views):  # a view just appeared: send it its data now, not at the next step
            self._dirty = self._force = True

    def _ask_state(self, cmd: AskState) -> None:
        cmd.request.fulfil(self.trainer)

    def _thin(self, cmd: Thin) -> None:
        history = self.trainer.history if self.trainer is not None else None
        if cmd.generation == self._generation and isinstance(history, DrainableHistory):
            history.keep_every = max(history.keep_every, cmd.keep_every)

    # -- training --------------------------------------------------------------------------------
    def _set_playing(self, playing: bool) -> None:
        if playing != self._playing:
            self._playing = playing
            self._restart_rate()
            (self.resumed if playing else self.paused).emit(self._generation)

    def _restart_rate(self) -> None:
        self._rate_t0, self._rate_steps = time.perf_counter(), 0

    def _steps(self, n: int) -> tuple[int, bool]:
        """Up to ``n`` optimiser steps: (steps taken, can the run go on?)."""
        trainer = self.trainer
        if trainer is None or trainer.stopped:
            return 0, False
        step = trainer.step
        done = 0
        try:
            while done < n:
                step()
                done += 1
                if trainer.stopped:
                    break
        except Exception as exc:  # noqa: BLE001 - any failure of a step: report it, pause, stay alive
            self.failed(Failure.of("step", exc, step=trainer.step_count + 1))
            return done, False
        if done:
            self._dirty = True
        if trainer.stopped:
            self._set_playing(False)
            self._force = True
            return done, False
        return done, True

    def _train_slice(self) -> None:
        """Train until the next frame is due (or the rate limit says wait).

        Steps run in batches of about ``Timing.check_interval`` seconds; between two batches the
        loop looks at the clock, the command queue, stop and the GUI's hold, so it answers within a
        millisecond (or one step of a very large network) without paying for that on every step.
        """
        timing = self.timing
        start = last_yield = time.perf_counter()
        deadline = start + 1.0 / timing.max_fps
        if self._acked.is_set():
            deadline = min(deadline, max(start, self._emit_due()))
        while self._playing and not self._stop.is_set():
            if not self._acked.is_set() and self._last_emit + timing.max_hold > time.perf_counter():
                # the GUI is showing the frame just sent: let it have the interpreter lock to itself
                # (handing it back and forth at every numpy call costs both threads far more) until
                # it acknowledges, for max_hold at most
                self._acked.wait(max(0.0, self._last_emit + timing.max_hold - time.perf_counter()))
            if not self._gui_idle.is_set():
                self._gui_idle.wait(timing.max_hold)
            now = time.perf_counter()
            if now - last_yield >= timing.yield_interval:
                time.sleep(0)
                last_yield = now = time.perf_counter()
            n = self._batch
            if self._speed is not None:
                due = int((now - self._rate_t0) * self._speed) - self._rate_steps
                if due <= 0:
                    return
                n = min(n, due)
            done, go_on = self._steps(n)
            self._rate_steps += done
            after = time.perf_counter()
            if done:
                self._batch = int(min(timing.max_batch_steps,
                                      max(1, timing.check_interval * done / max(after - now, 1e-9))))
            if not go_on or after >= deadline or not self._commands.empty():
                return

    def _maybe_emit(self) -> None:
        if not self._dirty or self.trainer is None or not self._acked.is_set():
            return
        now = time.perf_counter()
        if not self._force and now < self._emit_due():
            return
        cpu = time.thread_time()
        trainer = self.trainer
        try:
            rows = trainer.history.drain()
            test_loss = trainer.test_loss() if len(trainer.x_test) else math.nan
            with np.errstate(all="ignore"):  # a diverged run's norms overflow; that is the point
                snap = take_snapshot(trainer, rows, test_loss)
        except Exception as exc:  # noqa: BLE001
            self._dirty = self._force = False
            self.report(Failure.of("snapshot", exc))
            return
        steps = trainer.step_count - self._emit_steps
        dt = now - self._emit_t
        if steps > 0 and dt > 0 and self._playing:
            rate = steps / dt
            self._steps_per_s = rate if self._steps_per_s == 0 else 0.7 * self._steps_per_s + 0.3 * rate
        elif not self._playing:
            self._steps_per_s = 0.0
        self._emit_steps, self._emit_t = trainer.step_count, now
        extras, problems = self.extras.take(trainer, self._generation, now, self._force)
        for problem in problems:
            self.report(Failure.of(problem.kind, problem.error))
        frame = Frame(snap, self._generation, self._playing, self._steps_per_s, self._rows_base,
                      getattr(trainer.history, "offered", None), time.thread_time() - cpu, extras)
        self._dirty = self._force = False
        self._last_emit = now
        self._acked.clear()
        self.yielded.emit(frame)


class _Hold:
    """Re-entrant hold of a controller's worker (see :meth:`TrainingWorker.hold_for_gui`)."""

    def __init__(self, controller: "TrainingController"):
        self._controller = controller

    def __enter__(self):
        self._controller._hold(+1)
        return self

    def __exit__(self, *exc):
        self._controller._hold(-1)
        return False


_LIVE_CONTROLLERS: "weakref.WeakSet[TrainingController]" = weakref.WeakSet()


@atexit.register
def _stop_all_at_exit() -> None:
    """A script that exits without closing its window must not destroy a running QThread (that
    aborts the process); every long pass is cancelled between layers, so the wait is short."""
    for controller in list(_LIVE_CONTROLLERS):
        try:
            controller.shutdown(None)
        except RuntimeError:  # pragma: no cover - already deleted on the C++ side
            pass


class TrainingController(QObject):
    """Owns the worker and its QThread from the GUI thread; re-emits the worker's signals there,
    dropping whatever belongs to a network already replaced."""

    frameReceived = Signal(object)   # Frame of the current generation
    runningChanged = Signal(bool)
    errorOccurred = Signal(str)      # a Failure, worded in the GUI thread
    stopped = Signal()

    def __init__(self, parent: QObject | None = None, timing: Timing = TIMING):
        super().__init__(parent)
        collect_in_gui_thread(timing.gc_interval)  # before any worker thread exists: gc must never run there
        self.generation = 0
        self.last_failure: Failure | None = None
        self._holds = 0
        self._thread: QThread | None = QThread()
        self._thread.setObjectName("gradsim-training")
        self._worker: TrainingWorker | None = TrainingWorker(timing)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.yielded.connect(self._on_frame)
        self._worker.resumed.connect(self._on_resumed)
        self._worker.paused.connect(self._on_paused)
        self._worker.errored.connect(self._on_error)
        self._worker.finished.connect(self._on_worker_finished)
        self._thread.finished.connect(self._on_thread_finished)
        self._thread.start()
        _LIVE_CONTROLLERS.add(self)

    # -- commands ---------------------------------------------------------------------------
    @property
    def worker(self) -> TrainingWorker | None:
        return self._worker

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def reset(self, spec: RunSpec) -> int:
        """Start over with ``spec`` (validated by the caller); returns the new generation."""
        self.generation += 1
        if self._worker is not None:
            self._worker.reset(spec, self.generation)
        return self.generation

    def play(self):
        if self._worker is not None:
            self._worker.play()

    def pause(self):
        if self._worker is not None:
            self._worker.pause()

    def step(self, n: int = 1):
        if self._worker is not None:
            self._worker.step(n)

    def set_lr(self, lr: float):
        if self._worker is not None:
            self._worker.set_lr(lr)

    def set_speed(self, steps_per_s: float | None):
        if self._worker is not None:
            self._worker.set_speed(steps_per_s)

    def request_state(self, timeout: float = 5.0) -> tuple[list[dict], int, dict] | None:
        """``(parameters, step, resume)`` of the worker's current trainer (fresh copies), or None when the
        worker is gone or busy for longer than ``timeout`` seconds."""
        if self._worker is None or not self.running:
            return None
        return self._worker.request_state().wait(timeout)

    def hold(self):
        """Context manager: the worker pauses between steps while the GUI thread draws."""
        return _Hold(self)

    def _hold(self, delta: int) -> None:
        self._holds += delta
        if self._worker is not None and self._holds == (1 if delta > 0 else 0):
            self._worker.hold_for_gui(delta > 0)

    def ack(self, delay: float = 0.0, keep_every: int = 1, generation: int | None = None):
        """The last frame is shown; send the next one ``delay`` seconds from now at the earliest
        (and see :meth:`TrainingWorker.ack` for ``keep_every``)."""
        if self._worker is not None:
            self._worker.ack(delay, keep_every, generation)

    def select_weight(self, k: int, j: int, i: int):
        if self._worker is not None:
            self._worker.select_weight(k, j, i)

    def clear_selection(self):
        if self._worker is not None:
            self._worker.clear_selection()

    def request_check(self, k: int, j: int, i: int):
        if self._worker is not None:
            self._worker.request_check(k, j, i)

    def set_views(self, **views: bool):
        if self._worker is not None:
            self._worker.set_views(**views)

    def shutdown(self, timeout_ms: int | None = 500) -> bool:
        """Stop the worker and wait for its thread (``None``: as long as it takes); True when it
        has finished."""
        thread, worker = self._thread, self._worker
        if thread is None:
            return True
        if worker is not None:
            worker.stop()
        thread.quit()
        done = thread.wait() if timeout_ms is None else thread.wait(timeout_ms)
        if done:
            self._on_thread_finished()
        return done

    # -- worker signals, delivered in the GUI thread ----------------------------------------------
    @Slot(object)
    def _on_frame(self, frame: Frame):
        if frame.generation != self.generation:
            self.ack()  # from a network already replaced: drop it, ask for the next one
            return
        self.frameReceived.emit(frame)

    @Slot(int)
    def _on_resumed(self, generation: int):
        if generation == self.generation:
            self.runningChanged.emit(True)

    @Slot(int)
    def _on_paused(self, generation: int):
        if generation == self.generation:
            self.runningChanged.emit(False)

    @Slot(object)
    def _on_error(self, failure: Failure):
        self.last_failure = failure
        self.errorOccurred.emit(failure.text())  # worded here, in the GUI thread

    @Slot()
    def _on_worker_finished(self):
        if self._thread is not None:
            self._thread.quit()

    @Slot()
    def _on_thread_finished(self):
        if self._thread is None:
            return
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        if worker is not None:
            worker.deleteLater()
        thread.deleteLater()
        self.stopped.emit()
