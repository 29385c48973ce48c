"""The chain-rule panel draws the engine's derivation tree; every "=" on screen holds with the numbers
on screen; the finite-difference result names its step and does not outlive it."""

import math

import pytest

from gradsim.engine.chain_rule import combine, derive
from gradsim.engine.gradcheck import check_weight
from gradsim.engine.presets import PRESETS, load_preset
from gradsim.engine.trainer import Trainer
from gradsim.ui import palette
from gradsim.ui.teach import style
from gradsim.ui.teach.chain_rule_panel import ChainRulePanel, derivation_html
from gradsim.ui.numbers import number_html as _number_html
from gradsim.ui.numbers import number_text as _number_text
from tests.engine.test_chain_rule import derivers


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


def _read(text: str) -> float:
    """A number as written on screen (0.0553994, −1.23×10^−7) back to a float."""
    t = text.replace("−", "-")
    if t in ("∞", "-∞", "n/a"):
        return {"∞": math.inf, "-∞": -math.inf}.get(t, math.nan)
    if "×10^" in t:
        mant, exp = t.split("×10^")
        return float(f"{mant}e{exp}")
    return float(t)


def _recompute(eq) -> float:
    values = [combine("sum", [_read(t) for t in o]) if isinstance(o, list) else _read(o) for o in eq["operands"]]
    if eq["op"] == "mean":
        return combine("sum", values) / eq["count"]
    return combine(eq["op"], values)


def _holds_on_screen(eq) -> bool:
    """Recomputed from the operands as shown, rounded as the result is shown, it is the result."""
    value = _recompute(eq)
    return any(_number_text(value, d) == eq["result"] for d in range(1, 18))


@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_equals_sign_holds_with_the_numbers_on_screen(preset):
    for steps, tr, deriver in derivers(preset):
        net = tr.network
        for k in range(net.depth):
            for j in sorted({0, net.sizes[k + 1] // 2, net.sizes[k + 1] - 1}):
                for i in sorted({0, net.sizes[k] - 1}):
                    d = deriver.derive(k, j, i, sample=min(3, deriver.B - 1))
                    for stacked in (False, True):
                        record = []
                        html = derivation_html(d, stacked=stacked, record=record)
                        assert record, d.weight
                        for eq in record:
                            if not all(math.isfinite(_read(t)) for t in _flat(eq["operands"]) + [eq["result"]]):
                                continue  # an overflowed net (deep-exploding after its blow-up): no digits to check
                            assert eq["sign"] == "=", (preset, steps, d.weight, eq)
                            assert _holds_on_screen(eq), (preset, steps, d.weight, eq)
                            assert eq["result"].replace("×10^", "×10<sup>") .split("<sup>")[0] in html


def _flat(operands):
    return [t for o in operands for t in (o if isinstance(o, list) else [o])]


def test_a_broken_equation_is_caught_by_the_screen_check():
    """The check above can fail: the old panel showed batch-mean factors whose product was not the
    total; an equation with such numbers does not hold on screen."""
    assert not _holds_on_screen({"op": "product", "operands": ["1.7×10^−17", "0.501"], "result": "−0.0165",
                                 "sign": "=", "count": 0})
    assert _holds_on_screen({"op": "mean", "operands": ["−0.0245841", "−0.418012"], "result": "−0.0138311",
                             "sign": "=", "count": 32})


def test_w5_three_factors(panel, seed):
    d = derive(seed, k=1, j=0, i=0)
    panel.set_derivation(d)
    text = shown(panel)
    assert [c.name for c in d.tree.children] == ["∂E/∂out_o1", "∂out_o1/∂net_o1", "∂net_o1/∂w5"]
    for f in d.tree.children:
        assert number_text(f.value, 7) in text
    assert "0.0821670" in text and "at step 0" in text
    for sym in ("out", "net", "w5"):
        assert sym in text


def test_w1_two_paths_add_up(panel, seed):
    d = derive(seed, k=0, j=0, i=0)
    panel.set_derivation(d)
    text = shown(panel)
    paths = d.tree.children[0]
    assert [p.name for p in paths.children] == ["∂E_o1/∂out_h1", "∂E_o2/∂out_h1"]
    for p in paths.children:
        assert number_text(p.value, 6) in text
    assert "0.000438568" in text
    assert text.count("+") >= 1 and "where each path is" in text
    assert "0.05" in text and "0.0500000" not in text  # an exact input is shown as it is
    assert palette.VANISH_BG in panel._html  # σ′ factors (≤ 0.25) are marked


def test_batch_norm_shows_the_coupled_delta_of_one_sample(panel):
    b = Trainer(load_preset("deep-batchnorm"))
    b.run(20)
    d = derive(b, k=6, j=7, i=0, sample=2)
    panel.set_derivation(d)
    text = shown(panel)
    assert "mean over 32 samples" in text and "Sample 3 is written out" in text
    assert "batch norm couples this sample to the batch" in text and "meanbatch" in text
    assert "the other 31 samples" in text


def test_check_result_names_its_step_and_is_cleared_by_a_new_step(panel, seed, qtbot):
    assert not panel.check_button.isEnabled()
    panel.set_derivation(derive(seed, k=0, j=0, i=0))
    with qtbot.waitSignal(panel.checkRequested) as sig:
        panel.check_button.click()
    assert sig.args == [0, 0, 0]
    c = check_weight(seed, *sig.args)
    panel.set_check_result(c.backprop, c.finite_difference, step=0)
    res = panel.check_result.text()
    assert res.startswith("At step 0:") and "agree" in res
    assert _number_html(c.backprop, 9) in res and _number_html(c.finite_difference, 9) in res
    panel.set_check_result(1.0, 2.0, step=0)
    assert "differ" in panel.check_result.text()
    panel.set_derivation(derive(seed, k=0, j=0, i=0))          # same weight, same step: kept
    assert panel.check_result.text()
    seed.step()
    panel.set_derivation(derive(seed, k=0, j=0, i=0))          # a new step: the old number goes
    assert panel.check_result.text() == "" and "at step 1" in shown(panel)
    panel.set_check_result(1.0, 1.0, step=1)
    panel.set_derivation(derive(seed, k=1, j=1, i=1))          # another weight: gone too
    assert panel.check_result.text() == ""


def test_updates_in_place_as_training_runs(panel, seed):
    panel.set_derivation(derive(seed, k=1, j=0, i=0))
    before = shown(panel)
    view = panel.view
    seed.run(5)
    d = derive(seed, k=1, j=0, i=0)
    panel.set_derivation(d)
    after = shown(panel)
    assert panel.view is view and before != after
    assert number_text(d.total) in after and "step 5" in after


def test_deep_layer_chain_and_verdict(panel):
    t = Trainer(load_preset("deep-sigmoid"))
    t.run(3)
    d = derive(t, k=1, j=0, i=0)
    panel.set_derivation(d)
    text = shown(panel)
    assert len(d.layer_chain) == t.network.depth - 2
    assert "Vanishing: the gradient reaching layer 2" in text
    assert "through the hidden layers 10 → 3" in text
    assert any(style.factor_class(c.gain) == "vanish" for c in d.layer_chain) == (palette.VANISH_BG in panel._html)
    assert "is the sum of 8 paths" in text


def test_residual_render():
    t = Trainer(load_preset("deep-residual"))
    t.run(2)
    html = derivation_html(derive(t, k=3, j=0, i=0))
    assert "skip" in html


def test_clear(panel, seed):
    panel.set_derivation(derive(seed, k=0, j=0, i=0))
    panel.clear()
    assert panel.derivation is None and "Select a weight" in shown(panel)
