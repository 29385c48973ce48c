"""The finite-difference check agrees with backprop and leaves the trainer untouched."""

import numpy as np
import pytest

from gradsim.engine.chain_rule import derive
from gradsim.engine.gradcheck import GradCheck, check_weight
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer


@pytest.mark.parametrize("preset,kji", [
    ("seed-2-2-2", (0, 0, 0)), ("seed-2-2-2", (1, 0, 0)), ("deep-sigmoid", (0, 3, 1)),
    ("deep-residual", (4, 2, 3)), ("deep-batchnorm", (10, 0, 5)), ("deep-relu", (2, 1, 1)),
])
def test_agrees_with_backprop_and_derivation(preset, kji):
    t = Trainer(load_preset(preset))
    t.run(3)
    W = [w.copy() for w in t.network.W]
    cache = t.network.a[0].copy()
    stats = [None if m is None else m.copy() for m in t.network.running_mean]
    c = check_weight(t, *kji)
    assert c.agrees, c
    assert c.backprop == pytest.approx(derive(t, k=kji[0], j=kji[1], i=kji[2]).backprop, rel=1e-12, abs=1e-300)
    assert all(np.array_equal(a, b) for a, b in zip(W, t.network.W))
    assert np.array_equal(cache, t.network.a[0])
    assert all((a is None and b is None) or np.array_equal(a, b) for a, b in zip(stats, t.network.running_mean))


def test_seed_w1_value():
    c = check_weight(Trainer(load_preset("seed-2-2-2")), 0, 0, 0)
    assert c.finite_difference == pytest.approx(0.000438568, abs=1e-9)
    assert c.rel_error < 1e-6


def test_disagreement_is_reported():
    assert not GradCheck(1.0, 1.1, 1e-6).agrees
    assert GradCheck(0.0, 3e-11, 1e-6).agrees  # both zero up to rounding
