"""Step-through panel: one stage per click, lecture numbers shown, highlights emitted."""

import pytest

from gradsim.engine.presets import load_preset
from gradsim.engine.stepthrough import build_stages, stages_for
from gradsim.engine.trainer import Trainer
from gradsim.ui.teach.stepthrough_panel import StepThroughPanel


@pytest.fixture
def panel(qtbot):
    p = StepThroughPanel()
    qtbot.addWidget(p)
    return p


def test_clicks_through_the_seed(panel, qtbot):
    t = Trainer(load_preset("seed-2-2-2"))
    with qtbot.waitSignal(panel.highlightRequested) as sig:
        panel.set_stages(build_stages(t))
    neurons, edges = sig.args
    assert (1, 0) in neurons and (0, 0, 0) in edges
    assert "0.3775" in panel.view.toPlainText()
    assert not panel.back_button.isEnabled()
    seen = [panel.current.key]
    while panel.next_button.isEnabled():
        with qtbot.waitSignal(panel.stageChanged):
            panel.next_button.click()
        seen.append(panel.current.key)
    assert seen == ["forward-1", "forward-2", "loss", "delta-2", "grad-2", "delta-1", "grad-1", "update"]
    text = panel.view.toPlainText()
    assert "0.358916480" in text and "0.149780716" in text
    panel.back_button.click()
    assert panel.current.key == "grad-1" and "0.000438567734" in panel.view.toPlainText()


def test_refresh_keeps_stage(panel):
    t = Trainer(load_preset("seed-2-2-2"))
    panel.set_stages(build_stages(t))
    panel.next(); panel.next()
    assert panel.current.key == "loss"
    t.run(10)
    panel.set_stages(stages_for(t.spec, t.network.W, t.network.b))  # as from a snapshot
    assert panel.current.key == "loss"
    assert panel.current.value("E_total") < 0.298
    panel.restart()
    assert panel.current.key == "forward-1"


def test_empty(panel):
    assert panel.current is None and not panel.next_button.isEnabled()
