"""Showing snapshots costs the GUI thread (and, through the GIL, training) a bounded share of the time:
the frame budget, the acknowledgement delay, work split over event-loop turns, the worker's pause."""

import dataclasses
import time

import numpy as np
import pytest

from gradsim.engine.presets import load_preset

from tests.engine.test_history import assert_same_history

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
    from gradsim.ui import pacing

    c = FakeClock()
    monkeypatch.setattr(pacing, "time", c)
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
    from gradsim.ui.pacing import TIMING, FrameCost

    for cpu, worker in ((0.002, 0.0005), (0.010, 0.001), (0.030, 0.0)):
        cost = FrameCost(share=0.05)
        t0, c0 = clock.wall, clock.cpu
        run_frames(cost, clock, cpu, worker, 200)
        spent = (clock.cpu - c0) + 200 * worker
        assert spent / (clock.wall - t0) == pytest.approx(0.05, rel=0.05)


def test_cheap_frames_are_not_delayed_and_a_spike_pauses_briefly(clock):
    from gradsim.ui.pacing import TIMING, FrameCost

    cost = FrameCost(share=0.05)
    # frames cheaper than the budget earned between two of the worker's 30 snapshots a second
    assert max(run_frames(cost, clock, 0.001, 0.0002, 50, busy_wall=1 / 30)) == 0.0
    # a one-off 200 ms of GUI work (a dialog, the first paint) is not paid back for seconds
    clock.cpu += 0.2
    delay = cost.frame(0.0)
    assert delay == pytest.approx(TIMING.max_debt / 0.05)
    clock.wall += delay
    assert cost.frame(0.0) < delay


def test_a_new_network_starts_a_fresh_budget(clock):
    from gradsim.ui.pacing import TIMING, FrameCost

    cost = FrameCost(share=0.05)
    clock.cpu += 1.0  # building the network, laying out the canvas...
    cost.restart()
    clock.wall += 0.01
    assert cost.frame(0.0) == 0.0


def _playing_copy(frame):
    """The same frame as if it had been sent while training runs."""
    return dataclasses.replace(frame, playing=True)


def test_a_playing_snapshot_is_shown_over_several_turns_and_ends_consistent(qtbot, make_window):
    w = make_window("deep-sigmoid")
    w.session.step()
    wait_step(qtbot, w, 1)
    paused = w.session.last_frame
    frame = _playing_copy(paused)
    acks = []
    w.session.controller.ack = lambda delay=0.0, **_: acks.append(delay)
    w.plots._last_lines = 0.0  # the plots are due: they get a turn of their own
    w.plots._frames_since_plots = 10
    lines = w.plots.line_updates
    w.frames.receive(frame)
    # first turn: the canvas and the counters; the rest is still to come, nothing acknowledged
    assert w.canvas.snapshot is frame.snapshot and w.frames.frame is frame
    assert w.session.last_frame is paused and w.plots.line_updates == lines and not acks
    with qtbot.waitSignal(w.session.frameShown, timeout=10000) as blocker:
        pass
    assert blocker.args[0] is frame and w.session.last_frame is frame
    assert w.plots.line_updates == lines + 1 and w.frames.frame is None
    # acknowledged on a later turn (after the paints), with the budget's delay
    qtbot.waitUntil(lambda: len(acks) == 1, timeout=10000)
    assert acks[0] >= 0.0 and w.frames._ack_pending is None


def test_plots_redraw_at_most_every_few_frames(qtbot, make_window):
    from gradsim.ui.pacing import TIMING

    w = make_window("deep-sigmoid")
    w.session.step()
    wait_step(qtbot, w, 1)
    frame = _playing_copy(w.session.last_frame)
    w.session.controller.ack = lambda delay=0.0, **_: None
    redraws = []
    for _ in range(3 * TIMING.plot_every):
        w.plots._last_lines = 0.0  # always due by the clock (a slow frame rate)
        lines = w.plots.line_updates
        w.frames.receive(frame)
        qtbot.waitUntil(lambda: w.frames.frame is None, timeout=10000)
        redraws.append(w.plots.line_updates - lines)
    assert sum(redraws) == 3 and max(redraws) == 1


def test_a_paused_snapshot_is_shown_at_once(qtbot, make_window):
    w = make_window("deep-sigmoid")
    w.session.step()
    wait_step(qtbot, w, 1)
    copy = dataclasses.replace(w.session.last_frame)
    acks = []
    w.session.controller.ack = lambda delay=0.0, **_: acks.append(delay)
    lines = w.plots.line_updates
    w.frames.receive(copy)
    assert w.session.last_frame is copy and w.canvas.snapshot is copy.snapshot and w.frames.frame is None
    assert w.plots.line_updates == lines + 1 and acks == [0.0]


def test_a_new_network_mid_frame_drops_the_frame_and_acknowledges(qtbot, make_window):
    w = make_window("deep-sigmoid")
    w.session.step()
    wait_step(qtbot, w, 1)
    frame = _playing_copy(w.session.last_frame)
    acks = []
    ack = w.session.controller.ack
    w.session.controller.ack = lambda delay=0.0, **kw: (acks.append(delay), ack(delay, **kw))
    w.plots._last_lines, w.plots._frames_since_plots = 0.0, 10
    w.frames.receive(frame)
    assert w.frames.frame is frame
    w.session.reset()
    assert w.frames.frame is None and acks == [0.0]  # the worker is free to send the new network's snapshot
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and w.session.last_snapshot.step == 0,
                    timeout=10000)


def test_expensive_frames_ask_for_fewer_snapshots(qtbot, make_window, monkeypatch):
    from gradsim.ui.canvas import view as canvas_module

    w = make_window("xor")
    acks = []
    ack = w.session.controller.ack
    w.session.controller.ack = lambda delay=0.0, **kw: (acks.append(delay), ack(delay, **kw))
    original = canvas_module.NetworkCanvas.set_snapshot

    def expensive(self, snap):
        end = time.thread_time() + 0.02  # 20 ms of GUI-thread CPU per frame
        while time.thread_time() < end:
            pass
        original(self, snap)

    monkeypatch.setattr(canvas_module.NetworkCanvas, "set_snapshot", expensive)
    w.menus.speed.setCurrentIndex(w.menus.speed.findData(None))
    w.session.play()
    qtbot.waitUntil(lambda: len(acks) >= 6, timeout=20000)
    w.session.pause()
    # 20 ms a frame at a 6 % share: the next snapshot is asked for a few hundred ms later
    assert np.median(acks[2:6]) >= 0.1
    assert w.frames.cost.estimate >= 0.02


def test_worker_waits_the_requested_delay_between_snapshots(qtbot, controller):
    times = []
    controller.frameReceived.disconnect()

    def on_frame(frame):
        times.append(time.perf_counter())
        controller.ack(0.2)

    controller.frameReceived.connect(on_frame)
    controller.reset(load_preset("xor"))
    controller.set_speed(None)
    controller.play()
    qtbot.waitUntil(lambda: len(times) >= 4, timeout=10000)
    controller.pause()
    gaps = np.diff(times[1:4])
    assert np.all(gaps >= 0.19)  # a busy machine can only make them longer


def test_forced_snapshots_do_not_wait_for_the_delay(qapp):
    from gradsim.ui.worker import Play, Reset, Step, TrainingWorker

    w = TrainingWorker()  # driven directly in this thread: no timing involved
    sent = []
    w.yielded.connect(sent.append)
    w._execute(Reset(load_preset("xor"), 1))
    w._maybe_emit()
    assert len(sent) == 1 and w._dirty is False
    w.ack(0.9)  # the GUI asks for a pause before the next snapshot
    w._execute(Step(1))  # a step (like pause and reset) is answered at once nonetheless
    w._maybe_emit()
    assert len(sent) == 2 and sent[-1].snapshot.step == 1
    w.ack(0.9)
    w._execute(Play())
    w._steps(5)
    w._maybe_emit()  # a running snapshot waits
    assert len(sent) == 2


def test_worker_trains_in_batches_and_answers_commands_between_them(qapp):
    from gradsim.ui.pacing import TIMING
    from gradsim.ui.worker import Play, Reset, SetSpeed, TrainingWorker

    w = TrainingWorker()
    w._execute(Reset(load_preset("xor"), 1))
    w._execute(SetSpeed(None))
    w._execute(Play())
    w.ack(0.0)
    w._train_slice()
    assert 1 <= w._batch <= TIMING.max_batch_steps
    before = w.trainer.step_count
    w.pause()  # a queued command ends the slice after the current batch
    w._train_slice()
    assert w.trainer.step_count - before <= TIMING.max_batch_steps
    w._handle_commands(0)
    assert not w._playing


def test_status_figures_change_without_relayouting_the_window(qtbot, make_window):
    w = make_window("deep-sigmoid")
    label = w.status.step_label
    for each in (w.status.step_label, w.status.loss_label, w.status.rate_label):
        assert each.minimumSize() == each.maximumSize()  # fixed: setText never asks for a layout
    width = label.width()
    label.setText("step 123,456,789,012,345")
    assert label.minimumWidth() == label.maximumWidth() >= width
    assert label.sizeHint().width() <= label.width()  # grown to fit: nothing clipped
    grown = label.width()
    label.setText("step 1")
    assert label.width() == grown  # and it never shrinks back (no relayout either way)


# -- rows the window would drop are not recorded by the worker -------------------------------------------

def test_worker_records_only_the_rows_the_window_keeps(qapp):
    """The worker and the window's history driven in this thread, against a headless run."""
    from gradsim.engine.history import BoundedHistory, WindowHistory
    from gradsim.engine.trainer import Trainer
    from gradsim.ui.worker import Play, Reset, SetSpeed, TrainingWorker

    spec = load_preset("xor")
    w = TrainingWorker()
    shown = WindowHistory(spec.topology.depth, 256)
    recorded = []

    def on_frame(frame):
        rows = frame.snapshot.rows
        recorded.append(len(rows["step"]))
        index = rows["step"].astype(np.int64) - frame.rows_base - 1
        shown.extend_offered(rows, index, frame.rows_offered)
        w.ack(0.0, keep_every=shown.stride, generation=frame.generation)

    w.yielded.connect(on_frame)
    w._execute(Reset(spec, 7))
    w._maybe_emit()
    w._execute(SetSpeed(None))
    w._execute(Play())
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
    assert_same_history(shown, headless.history)


def test_a_chosen_pace_gives_the_gui_a_larger_share_than_max_speed(qtbot, make_window):
    from gradsim.ui.pacing import TIMING

    w = make_window("deep-sigmoid")
    speed = w.menus.speed
    assert speed.currentData() is None and w.frames.cost.share == TIMING.gui_share
    speed.setCurrentIndex(speed.findData(30))  # 30 steps/s: the CPU is mostly idle, animate smoothly
    assert w.frames.cost.share == TIMING.gui_share_paced > TIMING.gui_share
    speed.setCurrentIndex(speed.findData(None))
    assert w.frames.cost.share == TIMING.gui_share
