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
