"""The training worker: thread affinity, copies, complete rows, errors, shutdown."""

import numpy as np
import pytest

from gradsim.engine.presets import load_preset


def test_signals_arrive_in_gui_thread_from_a_worker_thread(qtbot, qapp, controller):
    assert controller.worker.thread() is not qapp.thread()
    controller.reset(load_preset("xor"))
    controller.play()
    qtbot.waitUntil(lambda: len(controller.snaps) >= 3, timeout=5000)
    controller.pause()
    assert all(in_gui for _snap, in_gui in controller.snaps)


def test_snapshots_are_copies_and_rows_cover_every_step(qtbot, controller):
    controller.reset(load_preset("deep-sigmoid"))
    controller.play()
    qtbot.waitUntil(lambda: len(controller.snaps) >= 4 and controller.snaps[-1][0].step > 50, timeout=5000)
    with qtbot.waitSignal(controller.runningChanged, timeout=2000):
        controller.pause()
    # pausing ends with one snapshot marked "paused": after it, nothing is in flight
    qtbot.waitUntil(lambda: not controller.snaps[-1][0].extra["playing"], timeout=10000)
    snaps = [s for s, _ in controller.snaps]
    a, b = snaps[1], snaps[-1]
    for wa, wb in zip(a.weights, b.weights):
        assert not np.shares_memory(wa, wb)
    assert not np.array_equal(a.weights[0], b.weights[0])  # training went on, a stayed as it was
    steps = np.concatenate([s.rows["step"] for s in snaps])
    # throttled snapshots, yet every step's measurements arrived exactly once, in order
    assert len(snaps) < steps[-1]
    np.testing.assert_array_equal(steps, np.arange(1, steps[-1] + 1))


def test_step_and_lr_change_without_reset(qtbot, controller):
    controller.reset(load_preset("seed-2-2-2"))
    qtbot.waitUntil(lambda: len(controller.snaps) >= 1)
    controller.step(3)
    qtbot.waitUntil(lambda: controller.snaps[-1][0].step == 3)
    controller.set_lr(0.05)
    controller.step(1)
    qtbot.waitUntil(lambda: controller.snaps[-1][0].step == 4)
    assert controller.snaps[-1][0].lr == pytest.approx(0.05)


def test_worker_exception_reaches_gui_as_error(qtbot, controller, monkeypatch):
    from gradsim.engine import trainer as trainer_module

    def broken_step(self):
        raise RuntimeError("boom")

    controller.reset(load_preset("xor"))
    qtbot.waitUntil(lambda: len(controller.snaps) >= 1)
    monkeypatch.setattr(trainer_module.Trainer, "step", broken_step)
    with qtbot.waitSignal(controller.errorOccurred, timeout=10000) as blocker:
        controller.play()
    assert "boom" in blocker.args[0] and "RuntimeError" in blocker.args[0]
    assert controller.running  # the thread survives; the user can reset


def test_invalid_spec_reported_not_crashing(qtbot, controller):
    spec = load_preset("xor")
    spec.train.lr = -1.0  # bypassing the window's validation
    with qtbot.waitSignal(controller.errorOccurred, timeout=10000) as blocker:
        controller.reset(spec)
    assert "training.lr" in blocker.args[0]


def test_shutdown_mid_run_finishes_within_half_a_second(qtbot, controller):
    controller.reset(load_preset("deep-sigmoid"))
    controller.play()
    qtbot.waitUntil(lambda: len(controller.snaps) >= 2, timeout=5000)
    with qtbot.waitSignal(controller.stopped, timeout=1000):
        assert controller.shutdown(500)
    assert not controller.running
