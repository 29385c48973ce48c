"""Showing snapshots costs the GUI thread (and, through the GIL, training) a bounded share of the time:
the frame budget, the acknowledgement delay, work split over event-loop turns, the worker's pause."""

import time
from types import SimpleNamespace

import numpy as np
import pytest

from gradsim.engine.presets import load_preset

from .helpers import wait_step


class FakeClock:
    """Stands in for the ``time`` module in FrameCost: CPU and wall seconds advanced by hand."""

    def __init__(self):
        self.cpu = 0.0
        self.wall = 0.0

    def thread_time(self):
        return self.cpu

    def perf_counter(self):
        return self.wall


@pytest.fixture
def clock(monkeypatch):
    from gradsim.ui import main_window

    c = FakeClock()
    monkeypatch.setattr(main_window, "time", c)
    return c


def run_frames(cost, clock, cpu_per_frame: float, worker_cost: float, frames: int, busy_wall: float = 0.0):
    """Frames back to back, each waiting the delay the budget asked for; returns the delays."""
    delays = []
    for _ in range(frames):
        clock.cpu += cpu_per_frame
        clock.wall += busy_wall
        delay = cost.frame(worker_cost)
        delays.append(delay)
        clock.wall += delay + 0.001  # the worker sends the next snapshot a little after the delay
    return delays


def test_budget_holds_the_share_whatever_a_frame_costs(clock):
    from gradsim.ui.main_window import FrameCost

    for cpu, worker in ((0.002, 0.0005), (0.010, 0.001), (0.030, 0.0)):
        cost = FrameCost(share=0.05)
        t0, c0 = clock.wall, clock.cpu
        run_frames(cost, clock, cpu, worker, 200)
        spent = (clock.cpu - c0) + 200 * worker
        assert spent / (clock.wall - t0) == pytest.approx(0.05, rel=0.05)


def test_cheap_frames_are_not_delayed_and_a_spike_pauses_briefly(clock):
    from gradsim.ui.main_window import FrameCost

    cost = FrameCost(share=0.05)
    # frames cheaper than the budget earned between two of the worker's 30 snapshots a second
    assert max(run_frames(cost, clock, 0.001, 0.0002, 50, busy_wall=1 / 30)) == 0.0
    # a one-off 200 ms of GUI work (a dialog, the first paint) is not paid back for seconds
    clock.cpu += 0.2
    delay = cost.frame(0.0)
    assert delay == pytest.approx(FrameCost.MAX_DEBT / 0.05)
    clock.wall += delay
    assert cost.frame(0.0) < delay


def test_a_new_network_starts_a_fresh_budget(clock):
    from gradsim.ui.main_window import FrameCost

    cost = FrameCost(share=0.05)
    clock.cpu += 1.0  # building the network, laying out the canvas...
    cost.restart()
    clock.wall += 0.01
    assert cost.frame(0.0) == 0.0


def _playing_copy(snap):
    """The same snapshot as if it had been sent while training runs."""
    copy = SimpleNamespace(**vars(snap))
    copy.extra = dict(snap.extra, playing=True)
    return copy


def test_a_playing_snapshot_is_shown_over_several_turns_and_ends_consistent(qtbot, make_window):
    w = make_window("deep-sigmoid")
    w.step()
    paused = wait_step(qtbot, w, 1)
    snap = _playing_copy(paused)
    acks = []
    w.controller.ack = lambda delay=0.0, **_: acks.append(delay)
    w.plots._last_lines = 0.0  # the plots are due: they get a turn of their own
    w._frames_since_plots = 10
    lines = w.plots.line_updates
    w._on_snapshot(snap)
    # first turn: the canvas and the counters; the rest is still to come, nothing acknowledged
    assert w.canvas.snapshot is snap and w._frame is snap
    assert w.last_snapshot is paused and w.plots.line_updates == lines and not acks
    with qtbot.waitSignal(w.snapshotApplied, timeout=10000) as blocker:
        pass
    assert blocker.args[0] is snap and w.last_snapshot is snap
    assert w.plots.line_updates == lines + 1 and w._frame is None
    # acknowledged on a later turn (after the paints), with the budget's delay
    qtbot.waitUntil(lambda: len(acks) == 1, timeout=10000)
    assert acks[0] >= 0.0 and w._ack_pending is None


def test_plots_redraw_at_most_every_few_frames(qtbot, make_window):
    from gradsim.ui.main_window import PLOT_EVERY

    w = make_window("deep-sigmoid")
    w.step()
    snap = _playing_copy(wait_step(qtbot, w, 1))
    w.controller.ack = lambda delay=0.0, **_: None
    redraws = []
    for _ in range(3 * PLOT_EVERY):
        w.plots._last_lines = 0.0  # always due by the clock (a slow frame rate)
        lines = w.plots.line_updates
        w._on_snapshot(snap)
        qtbot.waitUntil(lambda: w._frame is None, timeout=10000)
        redraws.append(w.plots.line_updates - lines)
    assert sum(redraws) == 3 and max(redraws) == 1


def test_a_paused_snapshot_is_shown_at_once(qtbot, make_window):
    w = make_window("deep-sigmoid")
    w.step()
    paused = wait_step(qtbot, w, 1)
    copy = SimpleNamespace(**vars(paused))
    copy.extra = dict(paused.extra)
    acks = []
    w.controller.ack = lambda delay=0.0, **_: acks.append(delay)
    lines = w.plots.line_updates
    w._on_snapshot(copy)
    assert w.last_snapshot is copy and w.canvas.snapshot is copy and w._frame is None
    assert w.plots.line_updates == lines + 1 and acks == [0.0]


def test_a_new_network_mid_frame_drops_the_frame_and_acknowledges(qtbot, make_window):
    w = make_window("deep-sigmoid")
    w.step()
    snap = _playing_copy(wait_step(qtbot, w, 1))
    acks = []
    ack = w.controller.ack
    w.controller.ack = lambda delay=0.0, **kw: (acks.append(delay), ack(delay, **kw))
    w.plots._last_lines, w._frames_since_plots = 0.0, 10
    w._on_snapshot(snap)
    assert w._frame is snap
    w.reset()
    assert w._frame is None and acks == [0.0]  # the worker is free to send the new network's snapshot
    qtbot.waitUntil(lambda: w.last_snapshot is not None and w.last_snapshot.step == 0, timeout=10000)


def test_expensive_frames_ask_for_fewer_snapshots(qtbot, make_window, monkeypatch):
    from gradsim.ui import canvas as canvas_module

    w = make_window("xor")
    acks = []
    ack = w.controller.ack
    w.controller.ack = lambda delay=0.0, **kw: (acks.append(delay), ack(delay, **kw))
    original = canvas_module.NetworkCanvas.set_snapshot

    def expensive(self, snap):
        end = time.thread_time() + 0.02  # 20 ms of GUI-thread CPU per frame
        while time.thread_time() < end:
            pass
        original(self, snap)

    monkeypatch.setattr(canvas_module.NetworkCanvas, "set_snapshot", expensive)
    w.speed.setCurrentIndex(w.speed.findData(None))
    w.play()
    qtbot.waitUntil(lambda: len(acks) >= 6, timeout=20000)
    w.pause()
    # 20 ms a frame at a 6 % share: the next snapshot is asked for a few hundred ms later
    assert np.median(acks[2:6]) >= 0.1
    assert w.frame_cost.estimate >= 0.02


def test_worker_waits_the_requested_delay_between_snapshots(qtbot, controller):
    times = []
    controller.snapshotReceived.disconnect()

    def on_snapshot(snap):
        times.append(time.perf_counter())
        controller.ack(0.2)

    controller.snapshotReceived.connect(on_snapshot)
    controller.reset(load_preset("xor"))
    controller.set_speed(None)
    controller.play()
    qtbot.waitUntil(lambda: len(times) >= 4, timeout=10000)
    controller.pause()
    gaps = np.diff(times[1:4])
    assert np.all(gaps >= 0.19)  # a busy machine can only make them longer


def test_forced_snapshots_do_not_wait_for_the_delay(qapp):
    from gradsim.ui.worker import TrainingWorker

    w = TrainingWorker()  # driven directly in this thread: no timing involved
    sent = []
    w.snapshotReady.connect(sent.append)
    w._execute(("reset", load_preset("xor"), 1))
    w._maybe_emit()
    assert len(sent) == 1 and w._dirty is False
    w.ack(0.9)  # the GUI asks for a pause before the next snapshot
    w._execute(("step", 1))  # a step (like pause and reset) is answered at once nonetheless
    w._maybe_emit()
    assert len(sent) == 2 and sent[-1].step == 1
    w.ack(0.9)
    w._execute(("play",))
    w._steps(5)
    w._maybe_emit()  # a running snapshot waits
    assert len(sent) == 2


def test_worker_trains_in_batches_and_answers_commands_between_them(qapp):
    from gradsim.ui import worker as worker_module

    w = worker_module.TrainingWorker()
    w._execute(("reset", load_preset("xor"), 1))
    w._execute(("speed", None))
    w._execute(("play",))
    w.ack(0.0)
    w._train_slice()
    assert 1 <= w._batch <= worker_module.MAX_BATCH
    before = w.trainer.step_count
    w.pause()  # a queued command ends the slice after the current batch
    w._train_slice()
    assert w.trainer.step_count - before <= worker_module.MAX_BATCH
    w._handle_commands(0)
    assert not w._playing


def test_status_figures_change_without_relayouting_the_window(qtbot, make_window):
    w = make_window("deep-sigmoid")
    for label in (w.step_label, w.loss_label, w.rate_label):
        assert label.minimumSize() == label.maximumSize()  # fixed: setText never asks for a layout
    width = w.step_label.width()
    w.step_label.setText("step 123,456,789,012,345")
    assert w.step_label.minimumWidth() == w.step_label.maximumWidth() >= width
    assert w.step_label.sizeHint().width() <= w.step_label.width()  # grown to fit: nothing clipped
    grown = w.step_label.width()
    w.step_label.setText("step 1")
    assert w.step_label.width() == grown  # and it never shrinks back (no relayout either way)


# -- rows the window would drop are not recorded by the worker -------------------------------------------

def _rows(start: int, n: int, depth: int = 3) -> dict:
    from gradsim.engine.metrics import LAYER_KEYS

    steps = np.arange(start + 1, start + n + 1, dtype=float)
    rows = {"step": steps, "loss": steps * 0.5, "test_loss": np.full(n, np.nan),
            "clip_norm_before": steps + 0.25, "clip_norm_after": steps + 0.75}
    for k, key in enumerate(LAYER_KEYS):
        rows[key] = steps[:, None] * 10 + np.arange(depth) + k
    return rows


def _same(a, b):
    from gradsim.engine.history import SCALAR_KEYS
    from gradsim.engine.metrics import LAYER_KEYS

    assert len(a) == len(b) and a.seen == b.seen and a.stride == b.stride
    for key in SCALAR_KEYS + tuple(LAYER_KEYS):
        np.testing.assert_array_equal(a.column(key), b.column(key))


def test_window_history_keeps_what_a_full_history_keeps_from_only_the_rows_it_needs():
    from gradsim.engine.history import BoundedHistory
    from gradsim.ui.worker import WindowHistory

    rng = np.random.default_rng(3)
    full, sparse = BoundedHistory(3, 64), WindowHistory(3, 64)
    offered = 0
    for _ in range(120):
        n = int(rng.integers(0, 90))
        rows = _rows(offered, n)
        full.extend(rows)
        keep = sparse.stride  # what the worker knew when it recorded these rows
        index = np.arange(offered, offered + n)
        recorded = index % keep == 0
        sparse.extend_offered({k: v[recorded] for k, v in rows.items()}, index[recorded], offered + n)
        offered += n
        _same(sparse, full)
    assert sparse.stride >= 64  # several halvings happened on the way


def test_worker_records_only_the_rows_the_window_keeps(qapp):
    """The worker and the window's history driven in this thread, against a headless run."""
    from gradsim.engine.history import BoundedHistory
    from gradsim.engine.trainer import Trainer
    from gradsim.ui.worker import TrainingWorker, WindowHistory

    spec = load_preset("xor")
    w = TrainingWorker()
    shown = WindowHistory(spec.topology.depth, 256)
    recorded = []

    def on_snapshot(snap):
        rows = snap.rows
        recorded.append(len(rows["step"]))
        index = rows["step"].astype(np.int64) - snap.extra["rows_base"] - 1
        shown.extend_offered(rows, index, snap.extra["rows_offered"])
        w.ack(0.0, keep_every=shown.stride, generation=snap.extra["generation"])

    w.snapshotReady.connect(on_snapshot)
    w._execute(("reset", spec, 7))
    w._maybe_emit()
    w._execute(("speed", None))
    w._execute(("play",))
    while w.trainer.step_count < 6000:
        w._handle_commands(0)
        w._steps(int(np.random.default_rng(w.trainer.step_count).integers(1, 400)))
        w._force = True  # a snapshot after every batch, whatever the clock says
        w._maybe_emit()
    w._handle_commands(0)
    assert w.trainer.history.keep_every == shown.stride > 8  # the worker learnt the window's stride
    assert sum(recorded) < w.trainer.step_count / 4          # ... and recorded far fewer rows
    headless = Trainer(spec, history=BoundedHistory(spec.topology.depth, 256))
    headless.run(w.trainer.step_count)
    _same(shown, headless.history)


def test_a_chosen_pace_gives_the_gui_a_larger_share_than_max_speed(qtbot, make_window):
    from gradsim.ui.main_window import GUI_SHARE, GUI_SHARE_PACED

    w = make_window("deep-sigmoid")
    assert w.speed.currentData() is None and w.frame_cost.share == GUI_SHARE
    w.speed.setCurrentIndex(w.speed.findData(30))  # 30 steps/s: the CPU is mostly idle, animate smoothly
    assert w.frame_cost.share == GUI_SHARE_PACED > GUI_SHARE
    w.speed.setCurrentIndex(w.speed.findData(None))
    assert w.frame_cost.share == GUI_SHARE
