"""The comparison window trains two configurations in two worker threads and stops both on close."""

import pytest

from gradsim.engine.presets import load_preset
from gradsim.ui.teach.compare_window import CompareWindow


@pytest.fixture
def window(qtbot):
    w = CompareWindow.for_remedy(load_preset("xor"), "relu")
    qtbot.addWidget(w)
    w.show()
    return w


def test_two_workers_run_and_stop_on_close(window, qtbot):
    a, b = window.runs
    assert a.controller.running and b.controller.running
    assert a.controller.worker is not b.controller.worker
    assert b.spec.topology.layers[0].activation == "relu" and a.spec.topology.layers[0].activation == "tanh"
    window.play()
    qtbot.waitUntil(lambda: all(h is not None and len(h) >= 20 for h in window.histories), timeout=10000)
    assert window.curves[0]["loss"].getData()[0] is not None
    assert window.curves[1]["profile"].getData()[1].shape == (2,)
    assert "keeps" in window.verdict_label.text() or "alike" in window.verdict_label.text()
    window.close()
    assert not a.controller.running and not b.controller.running


def test_step_both_and_remedy_errors(window, qtbot):
    window.step(3)
    qtbot.waitUntil(lambda: all(len(h) == 3 for h in window.histories), timeout=5000)
    assert [r.step for r in window.runs] == [3, 3]
    window.compare_remedy(load_preset("xor"), "clip")
    assert window.runs[1].spec.train.clip_mode == "norm"
    qtbot.waitUntil(lambda: all(r.step == 0 for r in window.runs), timeout=5000)
    with pytest.raises(ValueError):
        window.compare_remedy(load_preset("seed-2-2-2"), "batchnorm")
    assert window.shutdown()


def test_exploding_run_loses(qtbot):
    w = CompareWindow.for_remedy(load_preset("deep-exploding"), "clip")
    qtbot.addWidget(w)
    w.play()
    qtbot.waitUntil(lambda: w.runs[0].failed is not None and len(w.histories[1]) > 20, timeout=15000)
    shown = w.verdict_label.text()
    assert "deep-exploding + clip fares better" in shown and "deep-exploding: Overflow: Non-finite" in shown
    assert "Non-finite" in w.status[0].text()
    assert w.shutdown()


@pytest.mark.parametrize("speed", [100, None], ids=["100-steps-per-s", "max"])
def test_runs_advance_in_lockstep_and_one_rate_is_shown(qtbot, speed):
    """The two runs are compared at equal step counts: neither gets ahead of the other by more than
    one chunk while playing, and after a pause both stop at the same step; the one rate shown is the
    pair's, and no header claims another."""
    from gradsim.ui.pacing import SPEEDS

    w = CompareWindow.for_remedy(load_preset("deep-sigmoid"), "residual")   # the residual run is slower
    qtbot.addWidget(w)
    w.show()
    w.speed_combo.setCurrentIndex(SPEEDS.index(speed))
    seen = []
    w.runs[0].controller.frameReceived.connect(lambda _f: seen.append((w.runs[0].step, w.runs[1].step, w.target)))
    w.play()
    qtbot.waitUntil(lambda: min(r.step for r in w.runs) >= 60 and w.rate > 0, timeout=20000)
    w.pause()
    qtbot.waitUntil(lambda: w.runs[0].step == w.runs[1].step == w.target, timeout=10000)
    for a, b, target in seen:
        assert max(a, b) <= target, (a, b, target)   # nobody runs past the common target
    assert "steps/s" not in w.status[0].text() and "steps/s" not in w.status[1].text()
    w.close()


def test_closes_with_escape_and_ctrl_w_and_follows_the_theme(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPalette
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from gradsim.ui import palette, theme

    app = QApplication.instance()
    for mode in ("dark", "light"):
        theme.apply(app, mode)
        for key, modifier in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                              (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)):
            w = CompareWindow.for_remedy(load_preset("xor"), "relu")
            qtbot.addWidget(w)
            w.show()
            qtbot.waitExposed(w)
            window_colour = w.palette().color(QPalette.ColorRole.Window)
            assert window_colour == app.palette().color(QPalette.ColorRole.Window), mode
            assert w.graphics.backgroundBrush().color().name() == palette.BACKGROUND.lower()
            w.activateWindow()
            QTest.keyClick(w, key, modifier)
            qtbot.waitUntil(lambda: not w.isVisible(), timeout=2000)
            assert not w.runs[0].controller.running
    theme.apply(app, "dark")
