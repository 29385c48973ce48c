"""One notation everywhere: the loss is E, indices count from 0 for weights and units alike (the
lecture's own names on its network), powers of ten are raised, never written with a caret."""

import re

from gradsim.engine.chain_rule import Deriver
from gradsim.engine.trainer import Trainer
from gradsim.ui.canvas.hit import Hit
from tests.ui.helpers import wait_step


def test_weights_and_units_share_one_index_convention(make_window, qtbot):
    w = make_window("deep-sigmoid")
    w.session.controller.step(2)
    wait_step(qtbot, w, 2)
    canvas = w.canvas
    tip = canvas.describe(Hit("edge", edge=(2, 2, 0)))
    assert "W3[2,0]" in tip and "h2_0 → h3_2" in tip, tip
    assert "∂E/∂w = " in tip and "∂L" not in tip
    # the chain-rule derivation names the same units the same way
    d = Deriver(Trainer(w.session.spec)).derive(2, 2, 0)
    names = {node.name for node in d.tree.walk()} if hasattr(d.tree, "walk") else set(re.findall(r"h\d+_\d+", d.formula))
    assert any("h3_2" in n for n in names) and not any("h3_3" in n for n in names), names
    # the status bar, selecting that weight
    w.session.selection.select_weight(2, 2, 0)
    assert w.session.status_message.startswith("Selected W3[2,0]") and "∂E/∂w" in w.session.status_message
    # the lecture's network keeps the lecture's names
    w.session.load_preset("seed-2-2-2")
    tip = canvas.describe(Hit("edge", edge=(1, 0, 0)))
    assert "w5" in tip and "h1 → o1" in tip


def test_loss_letter_and_raised_powers(make_window, qtbot):
    from gradsim.ui.numbers import number_html, number_text

    w = make_window("deep-exploding")
    texts = [w.legend.toolTip(), w.plots.norm_plot.getAxis("left").labelText,
             w.plots.gain_plot.getAxis("left").labelText]
    assert all("∂E" in t and "∂L" not in t for t in texts), texts
    for v in (3e85, -1.5e-7, 2.5e5):
        assert "^" not in number_text(v) and "^" not in number_html(v)
    assert number_text(3e85) == "3.00000×10⁸⁵"
