"""The main window driven like a user: presets, run controls, edits with undo, plots, status."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

from gradsim.engine.presets import ALL_PRESETS, PRESETS, preset_names, recurrent_preset_names

from .helpers import wait_step


def click_action(qtbot, window, action):
    """Click the toolbar button of ``action`` with the mouse."""
    toolbar = window.findChild(QToolBar, "runToolbar")
    button = toolbar.widgetForAction(action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose_preset(qtbot, window, name):
    combo = window.panel.preset
    index = combo.findData(name)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # what QComboBox emits when the user picks an item
    qtbot.waitUntil(lambda: window.session.spec.name == name and window.session.last_snapshot is not None, timeout=5000)


def test_presets_combo_lists_every_preset_seed_first_with_summaries(make_window):
    w = make_window()
    combo = w.panel.preset
    names = [combo.itemData(i) for i in range(combo.count())]
    assert names == preset_names() + recurrent_preset_names() and names[0] == "seed-2-2-2"
    for i, name in enumerate(names):
        assert combo.itemData(i, Qt.ItemDataRole.ToolTipRole) == ALL_PRESETS[name].summary
    assert w.panel.preset_summary.text() == PRESETS["seed-2-2-2"].summary


@pytest.mark.parametrize("name", preset_names())
def test_each_preset_play_pause_step_reset(qtbot, make_window, name):
    w = make_window("xor" if name == "seed-2-2-2" else "seed-2-2-2")
    choose_preset(qtbot, w, name)
    first = w.session.last_snapshot
    assert first.step == 0
    initial_w0 = first.weights[0].copy()
    click_action(qtbot, w, w.menus.play)
    assert w.session.playing
    snap = wait_step(qtbot, w, 5)
    if snap.nonfinite:  # deep-exploding stops by itself
        assert not w.session.playing
    else:
        qtbot.keyClick(w.canvas, Qt.Key.Key_Space)  # pause
        assert not w.session.playing
        # the worker answers a pause with a last snapshot marked "paused"
        qtbot.waitUntil(lambda: not w.session.last_frame.playing, timeout=10000)
        before, offered = w.session.last_snapshot.step, w.session.history.seen
        click_action(qtbot, w, w.menus.step)
        qtbot.waitUntil(lambda: w.session.last_snapshot.step == before + 1, timeout=10000)
        # one step offers exactly one row; past 4096 rows the bounded history (and, on a slow
        # machine, the worker's buffer) thins rows out, so the stored last step may be older
        assert w.session.history.seen == offered + 1
        assert len(w.session.history) >= 1 and w.session.history.last("step") <= before + 1
    click_action(qtbot, w, w.menus.reset)
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and w.session.last_snapshot.step == 0, timeout=10000)
    # same seed, same initial network
    np.testing.assert_array_equal(w.session.last_snapshot.weights[0], initial_w0)
    assert len(w.session.history) == 0 and w.status.step_label.text() == "step 0"


def test_space_toggles_play_and_plots_receive_data(qtbot, make_window):
    w = make_window("circles")
    qtbot.keyClick(w.canvas, Qt.Key.Key_Space)
    assert w.session.playing
    wait_step(qtbot, w, 60)
    qtbot.waitUntil(lambda: len(w.plots.test_series) >= 2, timeout=10000)
    assert w.status.rate_label.text().endswith("steps/s") and w.status.rate_label.text() != "0 steps/s"
    qtbot.keyClick(w.canvas, Qt.Key.Key_Space)
    assert not w.session.playing
    # pausing sends one last snapshot marked "paused", which redraws every plot
    qtbot.waitUntil(lambda: not w.session.last_frame.playing, timeout=10000)
    p = w.plots
    assert len(p.norm_curves) == 3 and p.names == ["H1", "H2", "Output"]
    for curve in p.norm_curves:
        x, y = curve.getData()
        assert len(x) > 10 and np.isfinite(y).any()
    x, y = p.train_curve.getData()
    assert len(x) > 10
    tx, ty = p.test_curve.getData()
    assert len(tx) >= 2 and np.all(np.isfinite(ty))
    assert len(p.flow_bars.opts["x"]) == 3 and len(p.gain_bars.opts["x"]) == 3
    assert w.status.step_label.text() == f"step {w.session.last_snapshot.step:,}"
    assert w.status.loss_label.text().startswith("loss ") and "test" in w.status.loss_label.text()
    assert w.status.rate_label.text() == "paused"


def test_edge_colours_change_between_snapshots(qtbot, make_window):
    w = make_window("seed-2-2-2")
    c = w.canvas
    k0, j0, i0, cls0 = (a.copy() for a in c.edge_classes)
    colours0 = {pen.color().name() for pen in c.edge_layer.pens}
    assert np.all(cls0 == 0)  # before any step there is no gradient: the "zero" colour
    click_action(qtbot, w, w.menus.step)
    wait_step(qtbot, w, 1)
    cls1 = c.edge_classes[3].copy()
    colours1 = {pen.color().name() for pen in c.edge_layer.pens}
    assert np.all(cls1 > 0) and colours1 != colours0
    # and they keep changing as training moves the gradients
    w.session.play()
    wait_step(qtbot, w, 400)
    w.session.pause()
    assert not np.array_equal(c.edge_classes[3], cls1)


def test_lr_change_mid_run_does_not_reset(qtbot, make_window):
    w = make_window("xor")
    generation = w.session.controller.generation
    w.session.play()
    before = wait_step(qtbot, w, 20).step
    w.panel.lr.setValue(0.05)
    qtbot.waitUntil(lambda: w.session.last_snapshot.lr == pytest.approx(0.05), timeout=10000)
    assert w.session.controller.generation == generation
    assert w.session.last_snapshot.step >= before and w.session.playing
    assert w.session.spec.train.lr == pytest.approx(0.05)
    w.session.pause()


def test_nonfinite_run_pauses_itself_with_the_diagnosis(qtbot, make_window):
    w = make_window("deep-exploding")
    w.session.play()
    qtbot.waitUntil(lambda: w.session.diagnosis.level == "nonfinite", timeout=5000)
    assert not w.session.playing and w.menus.play.text() == "Play"
    text = w.status.diagnosis_label.full_text
    assert "Non-finite" in text and "lower the learning rate or enable clipping" in text and "stopped" in text
    assert w.session.last_snapshot.nonfinite["step"] > 1
    assert w.session.status_message.startswith("Paused at step") and "Non-finite" in w.session.status_message
    w.session.play()  # refuses, and says what to do
    assert not w.session.playing and "Reset" in w.session.status_message


def test_vanishing_diagnosis_on_deep_sigmoid(qtbot, make_window):
    w = make_window("deep-sigmoid")
    w.session.play()
    wait_step(qtbot, w, 30)
    w.session.pause()
    qtbot.waitUntil(lambda: w.session.diagnosis.level == "vanishing")
    assert w.session.diagnosis.text.startswith("Vanishing: the gradient reaching layer 1 is ")
    assert "of the gradient reaching layer 10" in w.session.diagnosis.text


def test_closing_mid_run_stops_the_thread_without_qt_warnings(qtbot, qtlog, make_window):
    w = make_window("deep-sigmoid")
    w.session.play()
    wait_step(qtbot, w, 10)
    thread = w.session.controller._thread
    assert thread.isRunning()
    w.close()
    assert w.session.controller._thread is None and not w.session.controller.running
    warnings = [r for r in qtlog.records if r.type != 0 and "propagateSizeHints" not in r.message]
    assert not warnings, [r.message for r in warnings]


def test_worker_error_shown_in_status_bar(qtbot, make_window, monkeypatch):
    from gradsim.engine import trainer as trainer_module

    w = make_window("xor")
    monkeypatch.setattr(trainer_module.Trainer, "step", lambda self: 1 / 0)
    w.session.play()
    qtbot.waitUntil(lambda: "Training error" in w.session.status_message, timeout=10000)
    assert "ZeroDivisionError" in w.session.status_message and not w.session.playing


def test_speed_control_reaches_worker(qtbot, make_window):
    w = make_window("xor")
    w.menus.speed.setCurrentIndex(w.menus.speed.findData(10))
    w.session.play()
    qtbot.waitUntil(lambda: w.session.controller.worker._speed == 10, timeout=2000)
    wait_step(qtbot, w, 1)
    w.session.pause()


def test_layout_usable_at_1024x640(qtbot, make_window):
    w = make_window("deep-sigmoid", size=(1024, 640))
    qtbot.waitUntil(lambda: w.canvas.width() > 0)
    assert w.canvas.width() >= 400 and w.canvas.height() >= 200
    assert w.plots.height() >= 150 and w.panel.width() >= 240
    assert w.width() <= 1024 and w.height() <= 640


def test_training_goes_on_while_the_gui_thread_is_blocked(qtbot, make_window):
    """The worker never waits for the GUI to train (only to send the next snapshot).

    A GUI thread stuck in a modal resize loop is simulated by blocking it without processing
    events; the next snapshot then carries the many steps taken meanwhile.
    """
    import time

    w = make_window("xor")
    w.menus.speed.setCurrentIndex(w.menus.speed.findData(None))
    w.session.play()
    before = wait_step(qtbot, w, 1).step
    time.sleep(0.3)  # the GUI thread is busy; no events are processed here
    qtbot.waitUntil(lambda: w.session.last_snapshot.step > before + 1, timeout=10000)
    rows = w.session.last_snapshot.rows["step"]
    # (more steps than the worker buffers between snapshots are thinned to every stride-th one,
    # so the newest step itself may be among those left out)
    assert len(rows) > 1 and before < rows[-1] <= w.session.last_snapshot.step
    w.session.pause()


def test_edit_while_playing_drops_stale_snapshots(qtbot, make_window):
    w = make_window("circles")
    w.session.play()
    wait_step(qtbot, w, 20)
    w.menus.add_layer.trigger()  # mid-run: snapshots of the old network are still in flight
    assert not w.session.playing
    w.session.play()
    wait_step(qtbot, w, 5)
    w.session.pause()
    sizes = w.session.spec.topology.sizes
    assert [wk.shape for wk in w.canvas.snapshot.weights] == [(sizes[k + 1], sizes[k]) for k in range(len(sizes) - 1)]
    assert w.session.history.column("grad_norm").shape[1] == len(sizes) - 1


def test_gradient_flow_bars_are_empty_before_the_first_step(qtbot):
    """Step 0 has no measurements: the bar views show nothing, not 'non-finite' bars."""
    from gradsim.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.session.load_preset("seed-2-2-2")
    qtbot.waitUntil(lambda: w.plots.updates > 0, timeout=5000)
    assert len(w.plots.flow_bars.opts["height"]) == 0
    w.session.controller.step()
    qtbot.waitUntil(lambda: len(w.plots.flow_bars.opts["height"]) == 2, timeout=5000)
