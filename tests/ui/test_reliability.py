"""Reliability in the app (bad input, UI side): rapid start/stop/reset,
closing mid-step and mid-save, no leaked threads, the app trains bit-identically to a headless
Trainer, and a numerical fault pauses with a readable message and Reset recovers."""

import threading

import numpy as np

from gradsim.engine import fileformat
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer

from .helpers import wait_step

TIMEOUT = 10_000


def _qt_warnings(qtlog):
    """Qt messages above debug level (the offscreen platform's size-hint notice is expected)."""
    return [r.message for r in qtlog.records if r.type != 0 and "propagateSizeHints" not in r.message]


def _wait_stopped(qtbot, w):
    qtbot.waitUntil(lambda: not w.session.controller.running, timeout=TIMEOUT)


# -- threads -------------------------------------------------------------------------------------------

def test_rapid_play_reset_pause_100_times_then_still_trains(qtbot, qapp, make_window, qtlog):
    w = make_window()
    for _ in range(100):
        w.menus.play.trigger()    # play
        w.menus.reset.trigger()   # reset while playing
        w.menus.play.trigger()    # play the fresh network
        w.menus.play.trigger()    # pause
        qapp.processEvents()
    assert w.session.controller.running
    w.menus.reset.trigger()
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None, timeout=TIMEOUT)
    w.menus.play.trigger()
    snap = wait_step(qtbot, w, 5)
    assert snap.step >= 5 and not snap.nonfinite
    assert w.session.last_frame.generation == w.session.controller.generation
    assert not _qt_warnings(qtlog)


def test_close_during_a_long_step_stops_the_thread(qtbot, make_window, qtlog):
    w = make_window("deep-residual")
    w.session.controller.step(200)
    w.close()
    assert not w.session.controller.running
    assert not _qt_warnings(qtlog)


def test_close_during_a_save_leaves_a_valid_file_or_none(qtbot, make_window, qtlog, tmp_path):
    from PySide6.QtCore import QTimer

    w = make_window("deep-residual")
    w.menus.play.trigger()
    wait_step(qtbot, w, 1)
    path = tmp_path / "run.gradsim"
    # the save and the close are both queued: they run back to back in one pass of the event loop
    QTimer.singleShot(0, lambda: w.document.save_to(path))
    QTimer.singleShot(0, w.close)
    _wait_stopped(qtbot, w)
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=TIMEOUT)
    if path.exists():
        spec = fileformat.load(path)
        assert spec.topology.depth == w.session.spec.topology.depth
        assert spec.parameters is not None
        assert all(np.all(np.isfinite(p["weights"])) for p in spec.parameters)
    assert not list(tmp_path.glob("*.tmp*")), "a half-written temporary file was left behind"
    assert not w.session.controller.running
    assert not _qt_warnings(qtlog)


def test_opening_and_closing_windows_leaks_no_threads(qtbot, qapp):
    from gradsim.ui.main_window import MainWindow

    # a first window outside the count: one-time pools (numpy/BLAS, Qt) may start lazily
    first = MainWindow("seed-2-2-2")
    qtbot.waitUntil(lambda: first.session.last_snapshot is not None, timeout=TIMEOUT)
    first.close()
    first.deleteLater()
    qtbot.waitUntil(lambda: not first.session.controller.running, timeout=TIMEOUT)
    start = threading.active_count()
    for _ in range(20):
        w = MainWindow("seed-2-2-2")
        w.show()
        qtbot.waitUntil(lambda: w.session.last_snapshot is not None, timeout=TIMEOUT)
        w.menus.play.trigger()
        w.close()
        assert not w.session.controller.running
        w.deleteLater()
        qapp.processEvents()
    qtbot.waitUntil(lambda: threading.active_count() <= start, timeout=TIMEOUT)
    assert threading.active_count() == start


# -- determinism in the app ------------------------------------------------------------------------------

def test_app_training_is_bit_identical_to_a_headless_trainer(qtbot, make_window):
    name, n = "deep-sigmoid", 150
    headless = Trainer(load_preset(name))
    headless.run(n)

    w = make_window(name)
    w.session.controller.step(n)
    qtbot.waitUntil(lambda: w.session.last_snapshot.step >= n and len(w.session.history) >= n, timeout=TIMEOUT)
    assert len(w.session.history) == n
    np.testing.assert_array_equal(w.session.history.column("step"), headless.history.column("step"))
    for key in ("loss", "grad_norm"):
        app, ref = w.session.history.column(key), headless.history.column(key)
        assert app.shape == ref.shape
        assert app.tobytes() == ref.tobytes(), f"{key} differs between the app and a headless run"


# -- a numerical fault in the app ------------------------------------------------------------------------------

def test_nonfinite_run_pauses_with_layer_and_step_and_reset_recovers(qtbot, make_window, qtlog):
    w = make_window("deep-exploding")
    w.menus.play.trigger()
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and bool(w.session.last_snapshot.nonfinite), timeout=TIMEOUT)
    bad = w.session.last_snapshot.nonfinite
    qtbot.waitUntil(lambda: not w.session.playing, timeout=TIMEOUT)
    assert f"step {bad['step']}" in w.session.status_message
    assert f"layer {bad['layer'] + 1}" in w.session.status_message
    assert w.session.controller.running  # the app (and its worker) is still alive
    # Play is refused while the run is broken
    w.menus.play.trigger()
    assert not w.session.playing

    w.menus.reset.trigger()
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None, timeout=TIMEOUT)
    snap = w.session.last_snapshot
    assert snap.step == 0 and not snap.nonfinite
    assert all(np.all(np.isfinite(W)) for W in snap.weights)
    w.menus.play.trigger()
    qtbot.waitUntil(lambda: w.session.last_snapshot.step >= 1, timeout=TIMEOUT)
    assert w.session.controller.running
    assert not _qt_warnings(qtlog)
