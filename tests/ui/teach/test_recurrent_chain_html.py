"""A recurrent weight's chain rule as the panel writes it: every "=" holds with the digits on screen,
every "≈" is there because they do not; the sum over time and the gains back through time are shown."""

import math

import pytest

from gradsim.engine.presets import RECURRENT_PRESETS, load_preset
from gradsim.engine.recurrent_chain_rule import RecurrentDeriver
from gradsim.engine.trainer import Trainer
from gradsim.ui.teach.recurrent_chain import recurrent_derivation_html
from tests.ui.teach.test_teach_chain_rule_panel import _flat, _holds_on_screen, _read


@pytest.mark.parametrize("preset", [p for p in RECURRENT_PRESETS if p != "rnn-exploding"])
@pytest.mark.parametrize("steps", [0, 5])
def test_every_sign_is_honest_with_the_numbers_on_screen(qapp, preset, steps):
    tr = Trainer(load_preset(preset))
    tr.run(steps)
    deriver = RecurrentDeriver(tr)
    H = tr.spec.recurrent.hidden_size
    for matrix, j, i in (("weight_hh", 0, 0), ("weight_hh", H - 1, 3), ("weight_ih", 1, 0), ("readout", 0, 2)):
        d = deriver.derive(matrix, j, i, sample=2)
        for stacked in (False, True):
            record = []
            html = recurrent_derivation_html(d, stacked=stacked, record=record)
            assert len(record) >= 3, (preset, matrix)
            for eq in record:
                numbers = [_read(t) for t in _flat(eq["operands"]) + [eq["result"]]]
                if not all(math.isfinite(v) for v in numbers):
                    continue
                assert (eq["sign"] == "=") == _holds_on_screen(eq), (preset, steps, d.weight, eq)
            assert "Back through time" in html and "Σ" in html or matrix == "readout"


def test_the_gain_equation_is_the_product_of_every_step_back(qapp):
    tr = Trainer(load_preset("rnn-vanishing"))
    d = RecurrentDeriver(tr).derive("weight_hh", 0, 0)
    record = []
    recurrent_derivation_html(d, record=record)
    gains = [eq for eq in record if eq["op"] == "product" and len(eq["operands"]) == len(d.gain_tree.children)]
    assert gains, "the gain product is written out"
    assert len(d.gain_tree.children) == tr.spec.recurrent.seq_len  # ‖∂E/∂h_30‖ and 29 gains back to step 1
