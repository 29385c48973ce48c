"""Training off the GUI thread: a worker QObject on a QThread, and the controller that owns them.

Why this shape (see ../../shared/NOTES.md, measured on PySide6):

* The worker's :meth:`TrainingWorker.run` is one long loop, so its thread's event loop never gets
  to run queued slots. The GUI therefore talks to it through a thread-safe command queue and a
  ``threading.Event`` for stop, never through signals into the worker.
* The worker emits :class:`~gradsim.engine.snapshot.Snapshot` copies at most ``MAX_FPS`` times a
  second and only after the GUI acknowledged the previous one (:meth:`TrainingWorker.ack`), so a
  slow GUI makes snapshots coarser instead of piling them up in the event queue. The rows of
  every step in between still arrive: the trainer records into a bounded history the worker
  drains into each snapshot. The GUI acknowledges as soon as it has shown a snapshot and says
  how long to wait before the next one (its frame budget, see ``main_window.FrameCost``); each
  snapshot carries in ``extra["cost_s"]`` the worker's CPU seconds spent preparing it, so that
  budget covers the whole cost of showing the run.
* Python threads share one GIL; the loop also hands it over explicitly every
  :data:`YIELD_INTERVAL` seconds, so the GUI thread can never starve.
* Worker signals are connected to *methods* of the :class:`TrainingController`, which lives in
  the GUI thread, so Qt queues them there (a lambda would run in the worker thread). The
  controller re-emits them as its own signals for the window.
* The controller keeps Python references to thread and worker until the thread has finished, and
  :meth:`TrainingController.shutdown` stops, quits and waits, so closing the window mid-run never
  destroys a running QThread.

Each reset carries a *generation* number that comes back on every snapshot, so the window can
drop snapshots of a network it has already replaced.

Teaching extras (issue 4). The GUI never reads the live trainer, so whatever the teaching views need
from it is computed here, *only when a snapshot is taken* (never on the per-step path), and only
what the GUI asked for through :meth:`TrainingWorker.set_views`, :meth:`select_weight` and
:meth:`request_check`:

* ``extra["derivation"]`` -- :func:`~gradsim.engine.chain_rule.derive` for the selected weight (a
  small dataclass of floats and strings, safe to hand over) when the chain-rule view is shown, at
  most ``DERIVATION_FPS`` times a second while training runs and on every forced snapshot;
* ``extra["check"]`` -- a :class:`~gradsim.engine.gradcheck.GradCheck` plus the weight it is for,
  once per :meth:`request_check`;
* ``extra["boundary"]`` -- :func:`~gradsim.engine.boundary.decision_grid` at most
  ``BOUNDARY_FPS`` times a second (and on every forced snapshot: step, pause, reset) while the
  boundary view is shown (with ``extra["points"]``, the data, once per network);
  ``extra["neuron_grids"]`` with it while a hidden unit is hovered.
  Fresh arrays the worker never touches again.
"""

from __future__ import annotations

import atexit
import math
import queue
import threading
import time
import weakref
from dataclasses import dataclass

import numpy as np

from PySide6.QtCore import QObject, QThread, Signal, Slot

from gradsim.engine.text import reason
from gradsim.ui.engine_text import translated
from gradsim.ui.gc_guard import collect_in_gui_thread
from gradsim.ui.i18n import tr
from gradsim.engine import boundary as boundary_mod
from gradsim.engine.chain_rule import derive
from gradsim.engine.gradcheck import check_weight
from gradsim.engine.history import BoundedHistory
from gradsim.engine.snapshot import take_snapshot
from gradsim.engine.spec import RunSpec
from gradsim.engine.trainer import Trainer

MAX_FPS = 30.0
# The GUI thread needs the GIL for every event it handles in Python. numpy drops and re-takes it
# inside a step, and each drop wakes a waiting thread and restarts its 5 ms switch-interval wait,
# so CPython may never force a switch: a GUI thread that keeps losing the race for the GIL would
# starve (the first engine measured 0.2-1 s latency). Today's steps hand it over on their own (a
# 10 ms timer beside a thread training any preset without yielding: lateness < 8 ms), so
# ``time.sleep(0)`` -- which costs ~75 µs here even when nobody waits, i.e. 2-4 % of the steps at
# one yield every 2-4 ms -- is only a safety net that bounds such starvation.
YIELD_INTERVAL = 0.02
CHECK_INTERVAL = 0.001  # seconds of training between two looks at commands, stop and the clock
MAX_BATCH = 64          # ... in at most this many steps
MAX_HOLD = 0.05      # seconds the loop pauses at most while the GUI thread shows a snapshot or paints
MAX_ACK_DELAY = 1.0  # the GUI's requested pause before the next snapshot is capped at this
WORKER_HISTORY_ROWS = 8192  # rows recorded between snapshots before the worker downsamples them
SPEEDS = (1, 2, 5, 10, 30, 100, 300, 1000, None)  # steps per second; None = as fast as possible
BOUNDARY_FPS = 2.0          # decision-boundary grids per second at most while training runs (each ~3 ms of CPU)
BOUNDARY_RESOLUTION = 60
DERIVATION_FPS = 5.0        # chain-rule derivations per second at most while training runs (the panel re-renders each)
TEACH_VIEWS = ("derivation", "boundary", "neurons")
# From this many weights on, every pass of the trainer asks between layers whether the worker is
# stopping (Trainer's ``cancel``), so closing the window never waits for a long step or boundary
# grid of a big network. Smaller networks finish any pass within ~0.1 s (a 90,000-weight net's
# 60 × 60 boundary grid: 0.35 s) and skip the check (~60 ns a layer, ~1 % of a small net's step).
CANCEL_WEIGHTS = 20_000


class _DrainableHistory(BoundedHistory):
    """A bounded buffer between snapshots; draining restarts it at full resolution.

    Rows the window's history would drop anyway are not recorded: it keeps every stride-th row
    offered to it, and tells the worker its stride (``keep_every``, a power of two that only grows).
    Writing a row costs ~1.3 µs, about 1 % of a small network's step; a long run's window history
    keeps one row in hundreds. ``offered`` counts every row the trainer offered since the reset.
    """

    def __init__(self, n_layers: int, capacity: int):
        super().__init__(n_layers, capacity)
        self.keep_every = 1
        self.offered = 0

    def append(self, scalars: dict, layers: dict) -> None:
        i = self.offered
        self.offered = i + 1
        if i % self.keep_every:
            return
        super().append(scalars, layers)

    def drain(self):
        rows = super().drain()
        self.stride, self._seen = 1, 0
        return rows


class WindowHistory(BoundedHistory):
    """The window's bounded history, fed with the rows the worker recorded (see
    :class:`_DrainableHistory`): :meth:`extend_offered` keeps exactly the rows :meth:`extend` would
    have kept had it been given every row offered, and ``seen`` counts every offered row."""

    def extend_offered(self, rows: dict[str, np.ndarray], index: np.ndarray, offered: int) -> None:
        """``rows`` were recorded out of the offered rows ``index`` (ascending positions since the
        reset); ``offered`` rows were offered in all so far."""
        index = np.asarray(index, dtype=np.int64)
        start, n = 0, len(index)
        while start < n:
            keep = start + np.flatnonzero(index[start:] % self.stride == 0)
            if len(keep) and self._n == self.capacity:
                self._make_room()  # halves the rows, doubles the stride: look again
                continue
            take = keep[: self.capacity - self._n]
            self._write(rows, take)
            start = n if len(take) == len(keep) else int(take[-1]) + 1
        self._seen = max(self._seen, int(offered))


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


class TrainingWorker(QObject):
    """Runs a :class:`Trainer` in its own thread; never touches a widget.

    Control it only through the thread-safe methods (``reset``, ``play``, ``pause``, ``step``,
    ``set_lr``, ``set_speed``, ``ack``, ``stop``); they queue commands the loop executes between
    steps.
    """

    snapshotReady = Signal(object)   # Snapshot, with extra = {generation, steps_per_s, playing}
    runningChanged = Signal(bool, int)  # playing?, generation
    error = Signal(object)           # Failure (worded in the GUI thread)
    finished = Signal()

    def __init__(self):
        super().__init__()
        self._commands: queue.Queue = queue.Queue()
        self._stop = threading.Event()
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
        self._not_before = 0.0   # the GUI asked for no snapshot before this (perf_counter seconds)
        self._rate_t0 = 0.0
        self._rate_steps = 0
        self._steps_per_s = 0.0
        self._emit_steps = 0
        self._emit_t = time.perf_counter()
        # teaching extras: what the GUI shows (set_views), the selected weight, a pending check
        self._views: dict[str, bool] = {v: False for v in TEACH_VIEWS}
        self._selected: tuple[int, int, int] | None = None
        self._check: tuple[int, int, int] | None = None
        self._check_result: dict | None = None
        self._last_boundary = -math.inf
        self._last_derivation = -math.inf
        self._points_sent: int | None = None  # generation whose data points the GUI already has

    # -- thread-safe API (called from the GUI thread) -------------------------------------------
    def reset(self, spec: RunSpec, generation: int) -> None:
        self._commands.put(("reset", spec.copy(), generation))

    def play(self) -> None:
        self._commands.put(("play",))

    def pause(self) -> None:
        self._commands.put(("pause",))

    def step(self, n: int = 1) -> None:
        self._commands.put(("step", int(n)))

    def set_lr(self, lr: float) -> None:
        self._commands.put(("lr", float(lr)))

    def set_speed(self, steps_per_s: float | None) -> None:
        self._commands.put(("speed", steps_per_s))

    def select_weight(self, k: int, j: int, i: int) -> None:
        """Derive ∂E/∂W{k+1}[j, i] by the chain rule into every snapshot (while the view is shown)."""
        self._commands.put(("select", (int(k), int(j), int(i))))

    def clear_selection(self) -> None:
        self._commands.put(("select", None))

    def request_check(self, k: int, j: int, i: int) -> None:
        """Compare backprop with a finite-difference estimate once; the answer comes in
        ``extra["check"]`` of the next snapshot."""
        self._commands.put(("check", (int(k), int(j), int(i))))

    def set_views(self, **views: bool) -> None:
        """Which teaching extras the GUI currently shows (keys of :data:`TEACH_VIEWS`)."""
        unknown = set(views) - set(TEACH_VIEWS)
        if unknown:
            raise ValueError(f"unknown teaching views {sorted(unknown)}")
        self._commands.put(("views", {k: bool(v) for k, v in views.items()}))

    def request_state(self) -> "StateRequest":
        """Ask for a copy of every parameter and the step count, taken between two steps; the GUI
        waits on the returned request (the worker never blocks on the GUI)."""
        req = StateRequest()
        self._commands.put(("state", req))
        return req

    def ack(self, delay: float = 0.0, keep_every: int = 1, generation: int | None = None) -> None:
        """The GUI has consumed the last snapshot; the next one may be sent ``delay`` seconds from
        now (forced snapshots -- step, pause, reset -- do not wait). ``keep_every``: from now on the
        GUI keeps only rows offered at multiples of this (a power of two) of network ``generation``."""
        delay = min(MAX_ACK_DELAY, max(0.0, float(delay))) if math.isfinite(delay) else MAX_ACK_DELAY
        self._not_before = time.perf_counter() + delay
        if keep_every > 1 and generation is not None:
            self._commands.put(("thin", int(keep_every), generation))
        self._acked.set()
        self._commands.put(("wake",))

    def hold_for_gui(self, hold: bool) -> None:
        """While held, the loop waits between two steps instead of competing for the GIL (for at most
        :data:`MAX_HOLD` seconds at a time, so a missed release can only slow training down)."""
        if hold:
            self._gui_idle.clear()
        else:
            self._gui_idle.set()

    def stop(self) -> None:
        self._stop.set()
        self._gui_idle.set()
        self._commands.put(("stop",))

    # -- the loop (worker thread) ---------------------------------------------------------------
    @Slot()
    def run(self) -> None:
        """The loop, until :meth:`stop`. Nothing raised inside it ends it: a failure is reported
        (:class:`Failure`), training pauses, and the next command (a new network) is served."""
        try:
            while not self._stop.is_set():
                try:
                    self._turn()
                except RuntimeError as exc:
                    if "deleted" in str(exc):  # the Qt side is gone (interpreter shutting down): just stop
                        break
                    self._failed(Failure.of("internal", exc))
                except Exception as exc:  # noqa: BLE001 - whatever it was, the thread must stay alive
                    self._failed(Failure.of("internal", exc))
        finally:
            self._safe_emit(self.finished)

    def _turn(self) -> None:
        self._handle_commands(self._idle_timeout())
        if self._stop.is_set():
            return
        if self._playing and self.trainer is not None:
            self._train_slice()
        self._maybe_emit()

    def _failed(self, failure: Failure) -> None:
        """Report ``failure`` and pause; a forced snapshot then shows the state the run stopped in."""
        self._playing = False
        self._safe_emit(self.runningChanged, False, self._generation)
        self._report(failure)
        self._dirty = self._force = self.trainer is not None

    def _report(self, failure: Failure) -> None:
        """Send ``failure`` to the GUI -- unless the worker is stopping: then the failure is the
        trainer's :class:`~gradsim.engine.network.Cancelled`, or nobody is left to read it."""
        if not self._stop.is_set():
            self._safe_emit(self.error, failure)

    @staticmethod
    def _safe_emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # pragma: no cover - the receiver side was already destroyed
            pass

    def _emit_due(self) -> float:
        """When the next (unforced) snapshot may be sent, in perf_counter seconds."""
        return max(self._last_emit + 1.0 / MAX_FPS, self._not_before)

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
                return 0.0  # train; _train_slice returns when the next snapshot is due
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
                if isinstance(cmd[-1], StateRequest):
                    cmd[-1].fulfil(None)  # never leave the GUI waiting
                self._failed(Failure.of("internal", exc))
            try:
                cmd = self._commands.get_nowait()
            except queue.Empty:
                return

    def _execute(self, cmd) -> None:
        kind = cmd[0]
        if kind == "reset":
            _, spec, generation = cmd
            self._generation = generation
            self._set_playing(False)
            self.trainer = None
            try:
                cancel = self._stop.is_set if spec.topology.n_edges() >= CANCEL_WEIGHTS else None
                trainer = Trainer(spec, history=_DrainableHistory(spec.topology.depth, WORKER_HISTORY_ROWS),
                                  cancel=cancel)
            except Exception as exc:  # noqa: BLE001
                self._report(Failure.of("build", exc))
                return
            try:  # a saved run continues where it was: step count, optimiser state, batch order
                trainer.restore(getattr(spec, "resume", None), int(getattr(spec, "saved_step", 0) or 0))
            except Exception as exc:  # noqa: BLE001 - a damaged run state: no half-restored trainer
                self._report(Failure.of("restore", exc))
                return
            self.trainer = trainer
            self._rows_base = self.trainer.step_count  # the step before the first row offered
            self._emit_steps, self._emit_t = self.trainer.step_count, time.perf_counter()
            self._steps_per_s = 0.0
            self._batch = 1  # until the first batch has measured this network's step time
            self._dirty = self._force = True
        elif kind == "play":
            if self.trainer is not None and not self.trainer.stopped:
                self._set_playing(True)
            elif self.trainer is not None:
                self._dirty = self._force = True  # re-send the non-finite state so the UI explains
        elif kind == "pause":
            if self._playing and self.trainer is not None:
                self._dirty = self._force = True  # a last snapshot marked "paused" settles the views
            self._set_playing(False)
        elif kind == "step":
            self._set_playing(False)
            for _ in range(cmd[1]):
                if not self._one_step():
                    break
            self._dirty = self._force = True
        elif kind == "lr":
            if self.trainer is not None:
                try:
                    self.trainer.lr = cmd[1]
                except ValueError as exc:
                    self._report(Failure.of("lr", exc))
        elif kind == "speed":
            self._speed = cmd[1]
            self._restart_rate()
        elif kind == "state":
            cmd[1].fulfil(self.trainer)
        elif kind == "select":
            self._selected = cmd[1]
            if self._views["derivation"]:
                self._dirty = self._force = True
        elif kind == "check":
            self._run_check(cmd[1])
        elif kind == "views":
            newly = [k for k, v in cmd[1].items() if v and not self._views[k]]
            self._views.update(cmd[1])
            if newly:  # a view just appeared: send it its data now, not at the next step
                self._last_boundary = -math.inf
                self._points_sent = None
                self._dirty = self._force = True
        elif kind == "thin":
            _, keep_every, generation = cmd
            history = self.trainer.history if self.trainer is not None else None
            if generation == self._generation and isinstance(history, _DrainableHistory):
                history.keep_every = max(history.keep_every, keep_every)
        # "wake" and "stop" only interrupt the wait

    def _set_playing(self, playing: bool) -> None:
        if playing != self._playing:
            self._playing = playing
            self._restart_rate()
            self.runningChanged.emit(playing, self._generation)

    def _restart_rate(self) -> None:
        self._rate_t0, self._rate_steps = time.perf_counter(), 0

    def _one_step(self) -> bool:
        """One optimiser step; False when the run cannot go on (non-finite or an exception)."""
        return self._steps(1)[1]

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
            self._failed(Failure.of("step", exc, step=trainer.step_count + 1))
            return done, False
        if done:
            self._dirty = True
        if trainer.stopped:
            self._set_playing(False)
            self._force = True
            return done, False
        return done, True

    def _train_slice(self) -> None:
        """Train until the next snapshot is due (or the rate limit says wait).

        Steps run in batches of about :data:`CHECK_INTERVAL` seconds; between two batches the loop
        looks at the clock, the command queue, stop and the GUI's hold, so it answers within a
        millisecond (or one step of a very large network) without paying for that on every step.
        """
        start = last_yield = time.perf_counter()
        deadline = start + 1.0 / MAX_FPS
        if self._acked.is_set():
            deadline = min(deadline, max(start, self._emit_due()))
        while self._playing and not self._stop.is_set():
            if not self._acked.is_set() and self._last_emit + MAX_HOLD > time.perf_counter():
                # the GUI is showing the snapshot just sent: let it have the GIL to itself (handing
                # it back and forth at every numpy call costs both threads far more) until it
                # acknowledges, for MAX_HOLD at most
                self._acked.wait(max(0.0, self._last_emit + MAX_HOLD - time.perf_counter()))
            if not self._gui_idle.is_set():
                self._gui_idle.wait(MAX_HOLD)
            now = time.perf_counter()
            if now - last_yield >= YIELD_INTERVAL:
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
                self._batch = int(min(MAX_BATCH, max(1, CHECK_INTERVAL * done / max(after - now, 1e-9))))
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
        except Exception as exc:
            self._dirty = self._force = False
            self._report(Failure.of("snapshot", exc))
            return
        steps = trainer.step_count - self._emit_steps
        dt = now - self._emit_t
        if steps > 0 and dt > 0 and self._playing:
            rate = steps / dt
            self._steps_per_s = rate if self._steps_per_s == 0 else 0.7 * self._steps_per_s + 0.3 * rate
        elif not self._playing:
            self._steps_per_s = 0.0
        self._emit_steps, self._emit_t = trainer.step_count, now
        snap.extra.update(generation=self._generation, steps_per_s=self._steps_per_s,
                          playing=self._playing, rows_base=self._rows_base,
                          rows_offered=getattr(trainer.history, "offered", None))
        self._add_teaching_extras(snap, now, self._force)
        snap.extra["cost_s"] = time.thread_time() - cpu  # this thread's CPU for the snapshot
        self._dirty = self._force = False
        self._last_emit = now
        self._acked.clear()
        self.snapshotReady.emit(snap)


    # -- teaching extras (worker thread, at snapshot time only) ----------------------------------
    def _run_check(self, weight) -> None:
        trainer = self.trainer
        if trainer is None:
            return
        try:
            result = check_weight(trainer, *weight)
        except Exception as exc:
            self._report(Failure.of("check", exc, weight=weight))
            return
        self._check_result = {"weight": weight, "result": result, "step": trainer.step_count}
        self._dirty = self._force = True

    def _add_teaching_extras(self, snap, now: float, forced: bool) -> None:
        trainer = self.trainer
        if self._check_result is not None:
            snap.extra["check"], self._check_result = self._check_result, None
        if (self._views["derivation"] and self._selected is not None
                and (forced or now - self._last_derivation >= 1.0 / DERIVATION_FPS)):
            self._last_derivation = now
            try:
                with np.errstate(all="ignore"):
                    snap.extra["derivation"] = derive(trainer, k=self._selected[0], j=self._selected[1],
                                                      i=self._selected[2])
            except (ValueError, IndexError):
                pass  # the weight no longer exists in this network; the GUI re-selects or clears
            except Exception as exc:  # pragma: no cover - the panel keeps its last numbers
                self._report(Failure.of("derive", exc))
        want_grid = self._views["boundary"] or self._views["neurons"]
        if want_grid and (forced or now - self._last_boundary >= 1.0 / BOUNDARY_FPS):
            try:
                with np.errstate(all="ignore"):
                    if self._views["boundary"]:
                        grid = boundary_mod.decision_grid(trainer, BOUNDARY_RESOLUTION)
                        if grid is not None:
                            snap.extra["boundary"] = grid
                            if self._points_sent != self._generation:  # the data, once per network
                                snap.extra["points"] = (trainer.x_train.copy(), trainer.t_train.copy(),
                                                        trainer.x_test.copy(), trainer.t_test.copy())
                                self._points_sent = self._generation
                    if self._views["neurons"]:
                        grids = boundary_mod.neuron_grids(trainer)
                        if grids is not None:
                            snap.extra["neuron_grids"] = grids
            except Exception as exc:  # pragma: no cover - a broken grid must not stop training
                self._report(Failure.of("boundary", exc))
            self._last_boundary = now


class _Hold:
    """Re-entrant hold of a controller's worker (see :meth:`TrainingWorker.hold_for_gui`)."""

    def __init__(self, controller: "TrainingController"):
        self._controller = controller

    def __enter__(self):
        c = self._controller
        c._holds += 1
        if c._holds == 1 and c._worker is not None:
            c._worker.hold_for_gui(True)
        return self

    def __exit__(self, *exc):
        c = self._controller
        c._holds -= 1
        if c._holds == 0 and c._worker is not None:
            c._worker.hold_for_gui(False)
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
    """Owns the worker and its QThread from the GUI thread; re-emits worker signals there."""

    snapshotReceived = Signal(object)
    runningChanged = Signal(bool)
    errorOccurred = Signal(str)
    stopped = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        collect_in_gui_thread()  # before any worker thread exists: gc must never run there
        self.generation = 0
        self.last_failure: Failure | None = None
        self._holds = 0
        self._thread: QThread | None = QThread()
        self._thread.setObjectName("gradsim-training")
        self._worker: TrainingWorker | None = TrainingWorker()
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.snapshotReady.connect(self._on_snapshot)
        self._worker.runningChanged.connect(self._on_running)
        self._worker.error.connect(self._on_error)
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

    def ack(self, delay: float = 0.0, keep_every: int = 1, generation: int | None = None):
        """The last snapshot is shown; send the next one ``delay`` seconds from now at the earliest
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
    def _on_snapshot(self, snap):
        self.snapshotReceived.emit(snap)

    @Slot(bool, int)
    def _on_running(self, playing: bool, generation: int):
        if generation == self.generation:
            self.runningChanged.emit(playing)

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
