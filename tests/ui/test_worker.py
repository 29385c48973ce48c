"""The training worker: thread affinity, copies, complete rows, errors, shutdown."""

import numpy as np
import pytest

from gradsim.engine.presets import load_preset


def test_signals_arrive_in_gui_thread_from_a_worker_thread(qtbot, qapp, controller):
    assert controller.worker.thread() is not qapp.thread()
    controller.reset(load_preset("xor"))
    controller.play()
    qtbot.waitUntil(lambda: len(controller.frames) >= 3, timeout=5000)
    controller.pause()
    assert all(in_gui for _snap, in_gui in controller.frames)


def test_snapshots_are_copies_and_rows_cover_every_step(qtbot, controller):
    controller.reset(load_preset("deep-sigmoid"))
    controller.play()
    qtbot.waitUntil(lambda: len(controller.frames) >= 4 and controller.frames[-1][0].snapshot.step > 50, timeout=5000)
    with qtbot.waitSignal(controller.runningChanged, timeout=2000):
        controller.pause()
    # pausing ends with one snapshot marked "paused": after it, nothing is in flight
    qtbot.waitUntil(lambda: not controller.frames[-1][0].playing, timeout=10000)
    snaps = [f.snapshot for f, _ in controller.frames]
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
    qtbot.waitUntil(lambda: len(controller.frames) >= 1)
    controller.step(3)
    qtbot.waitUntil(lambda: controller.frames[-1][0].snapshot.step == 3)
    controller.set_lr(0.05)
    controller.step(1)
    qtbot.waitUntil(lambda: controller.frames[-1][0].snapshot.step == 4)
    assert controller.frames[-1][0].snapshot.lr == pytest.approx(0.05)


def test_worker_exception_reaches_gui_as_error(qtbot, controller, monkeypatch):
    from gradsim.engine import trainer as trainer_module

    def broken_step(self):
        raise RuntimeError("boom")

    controller.reset(load_preset("xor"))
    qtbot.waitUntil(lambda: len(controller.frames) >= 1)
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
    qtbot.waitUntil(lambda: len(controller.frames) >= 2, timeout=5000)
    with qtbot.waitSignal(controller.stopped, timeout=1000):
        assert controller.shutdown(500)
    assert not controller.running


def _trains(qtbot, controller, preset="xor", steps=5):
    """A fresh network trains: its snapshots reach ``steps`` steps."""
    generation = controller.reset(load_preset(preset))
    qtbot.waitUntil(lambda: bool(controller.frames) and controller.frames[-1][0].generation == generation,
                    timeout=10000)
    controller.play()
    qtbot.waitUntil(lambda: controller.frames[-1][0].generation == generation
                    and controller.frames[-1][0].snapshot.step >= steps, timeout=10000)
    controller.pause()
    return controller.frames[-1][0].snapshot


def _damaged_run_state():
    """A saved run whose mini-batch shuffle state cannot be restored (as in a fuzzed file)."""
    from gradsim.engine.trainer import Trainer

    spec = load_preset("deep-sigmoid")
    source = Trainer(spec)
    source.run(3)
    spec.parameters, spec.saved_step, spec.resume = source.network.state(), 3, source.resume_state()
    spec.resume["batches"]["rng"]["state"]["state"] = -1
    return spec


@pytest.mark.parametrize("where", ["step", "build", "restore", "snapshot", "loop"])
def test_the_worker_survives_any_failure_and_trains_the_next_network(qtbot, controller, monkeypatch, where):
    from gradsim.engine import trainer as trainer_module
    from gradsim.ui import worker as worker_module

    def boom(*args, **kwargs):
        raise MemoryError("injected")

    if where == "restore":  # no injection: the real failure of a damaged file
        spec = _damaged_run_state()
    else:
        spec = load_preset("deep-sigmoid")
        controller.reset(spec)
        qtbot.waitUntil(lambda: len(controller.frames) >= 1, timeout=10000)
        target = {"step": (trainer_module.Trainer, "step"), "build": (trainer_module.Trainer, "__init__"),
                  "snapshot": (worker_module, "take_snapshot"),
                  "loop": (worker_module.TrainingWorker, "_train_slice")}[where]
        monkeypatch.setattr(*target, boom)
    with qtbot.waitSignal(controller.errorOccurred, timeout=10000) as blocker:
        if where in ("build", "restore"):
            controller.reset(spec)
        else:
            controller.play()
    message = blocker.args[0]
    assert ("OverflowError" if where == "restore" else "MemoryError: injected") in message, message
    failure = controller.last_failure
    assert failure.kind == {"loop": "internal"}.get(where, where)
    assert controller.running  # the thread is alive
    monkeypatch.undo()
    snap = _trains(qtbot, controller)  # and takes the next network
    assert snap.step >= 5 and not snap.nonfinite


def test_failures_are_worded_in_the_gui_thread_in_its_language(qtbot, controller):
    """The worker sends data; the words (here Chinese) are chosen where the message is shown."""
    from PySide6.QtWidgets import QApplication

    from gradsim.ui import i18n
    from gradsim.ui.worker import Failure

    failure = Failure("step", "boom", "MemoryError", step=7)
    assert failure.text() == "Training failed at step 7: MemoryError: boom"
    try:
        i18n.install(QApplication.instance(), "zh_CN")
        assert failure.text() == "训练在第 7 步失败：MemoryError: boom"
    finally:
        i18n.install(QApplication.instance(), "en")


def test_after_a_damaged_run_state_the_window_still_trains_presets(qtbot, make_window):
    """The scenario of a fuzzed file that got past the loader: the window reports the failure,
    then a preset trains (the worker thread did not die)."""
    from .helpers import wait_step

    w = make_window("seed-2-2-2")
    with qtbot.waitSignal(w.session.controller.errorOccurred, timeout=10000):
        w.session.apply_spec(_damaged_run_state())
    assert "Could not continue the saved run" in w.session.last_error and "OverflowError" in w.session.last_error
    w.session.load_preset("deep-relu")
    w.session.play()
    snap = wait_step(qtbot, w, 10)
    assert snap.step >= 10 and w.session.spec.name == "deep-relu"
