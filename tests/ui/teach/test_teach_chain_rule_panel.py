"""The chain-rule panel shows the engine derivation's factors and numbers, and the check result."""

import pytest

from gradsim.engine.chain_rule import derive
from gradsim.engine.gradcheck import check_weight
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer
from gradsim.ui.teach import style
from gradsim.ui.teach.chain_rule_panel import ChainRulePanel, derivation_html
from gradsim.ui.teach.mathtext import number_text as _number_text


def number_text(v, digits=6):
    """The number as the panel's plain text shows it (superscript exponents lose their caret)."""
    return _number_text(v, digits).replace("^", "")


@pytest.fixture
def panel(qtbot):
    p = ChainRulePanel()
    qtbot.addWidget(p)
    p.resize(800, 600)
    return p


@pytest.fixture
def seed():
    return Trainer(load_preset("seed-2-2-2"))


def shown(panel):
    return panel.plain_text().replace("\u2028", "\n")


def test_w5_three_factors(panel, seed):
    d = derive(seed, k=1, j=0, i=0)
    panel.set_derivation(d)
    text = shown(panel)
    assert len(d.paths) == 1 and len(d.paths[0].factors) == 3
    for f in d.paths[0].factors:
        assert number_text(f.value) in text
    assert number_text(d.total) in text and "0.0821670" in text
    for sym in ("out", "net", "w5"):
        assert sym in text


def test_w1_two_paths_add_up(panel, seed):
    d = derive(seed, k=0, j=0, i=0)
    panel.set_derivation(d)
    text = shown(panel)
    assert [p.via for p in d.paths] == ["o1", "o2"]
    for p in d.paths:
        assert number_text(p.value) in text
        for f in p.factors:
            assert number_text(f.value) in text
    for f in d.common:
        assert number_text(f.value) in text
    assert "0.000438568" in text
    assert text.count("+") >= 1 and "where each path is" in text
    # σ′ factors (≤ 0.25) are marked
    assert style.VANISH_BG in panel._html


def test_check_button_and_result(panel, seed, qtbot):
    assert not panel.check_button.isEnabled()
    panel.set_derivation(derive(seed, k=0, j=0, i=0))
    with qtbot.waitSignal(panel.checkRequested) as sig:
        panel.check_button.click()
    assert sig.args == [0, 0, 0]
    c = check_weight(seed, *sig.args)
    panel.set_check_result(c.backprop, c.finite_difference)
    res = panel.check_result.text()
    assert number_text(c.backprop, 9) in res and number_text(c.finite_difference, 9) in res
    assert "agree" in res
    panel.set_check_result(1.0, 2.0)
    assert "differ" in panel.check_result.text()
    # same weight again keeps the result; another weight clears it
    panel.set_derivation(derive(seed, k=0, j=0, i=0))
    assert panel.check_result.text()
    panel.set_derivation(derive(seed, k=1, j=1, i=1))
    assert panel.check_result.text() == ""


def test_updates_in_place_as_training_runs(panel, seed):
    panel.set_derivation(derive(seed, k=1, j=0, i=0), step=0)
    before = shown(panel)
    view = panel.view
    seed.run(5)
    d = derive(seed, k=1, j=0, i=0)
    panel.set_derivation(d, step=5)
    after = shown(panel)
    assert panel.view is view and before != after
    assert number_text(d.total) in after and "step 5" in after


def test_deep_layer_chain(panel):
    t = Trainer(load_preset("deep-sigmoid"))
    t.run(3)
    d = derive(t, k=1, j=0, i=0)
    panel.set_derivation(d)
    text = shown(panel)
    assert len(d.layer_chain) == t.network.depth - 2
    for c in d.layer_chain:
        assert number_text(c.gain, 3) in text
    assert number_text(d.layer_chain[-1].cumulative, 3) in text
    assert "vanishes" in text
    assert any(style.factor_class(c.gain) == "vanish" for c in d.layer_chain) == (style.VANISH_BG in panel._html)
    assert f"sum of {len(d.paths)} paths" in text  # 8 paths: collapsed into a table


def test_residual_and_batchnorm_render():
    t = Trainer(load_preset("deep-residual"))
    t.run(2)
    html = derivation_html(derive(t, k=3, j=0, i=0))
    assert "skip" in html
    b = Trainer(load_preset("deep-batchnorm"))
    b.run(2)
    html = derivation_html(derive(b, k=3, j=0, i=0))
    assert "batch norm" in html


def test_clear(panel, seed):
    panel.set_derivation(derive(seed, k=0, j=0, i=0))
    panel.clear()
    assert panel.derivation is None and "Select a weight" in shown(panel)
