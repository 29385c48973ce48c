"""Presets demonstrate what they claim: vanishing, exploding, and each remedy narrowing the gap."""

import numpy as np
import pytest

from gradsim.engine import fileformat
from gradsim.engine.presets import PRESETS, load_preset
from gradsim.engine.trainer import Trainer

STEPS = 50


def _ratio(name, key="grad_norm", steps=STEPS):
    """Median over the first steps of (first layer) / (last hidden layer) for a per-layer key."""
    tr = Trainer(load_preset(name))
    tr.run(steps)
    col = tr.history.column(key)
    return float(np.median(col[:, 0] / col[:, -2])), tr


def test_deep_sigmoid_vanishes():
    ratio, tr = _ratio("deep-sigmoid")
    assert ratio < 1e-4
    g = tr.history.column("grad_norm")
    assert np.median(g[:, 0] / g[:, -1]) < 1e-5  # first layer vs output layer
    gains = tr.history.column("backward_gain")[:, :-1]
    assert np.median(gains) < 0.5


def test_deep_exploding_explodes_and_ends_in_a_recorded_nonfinite_event():
    tr = Trainer(load_preset("deep-exploding"))
    with np.errstate(all="raise"):  # no numpy warning may escape the trainer
        done = tr.run(500)
    assert done < 500 and tr.stopped
    nf = tr.nonfinite
    assert nf.step == done + 1 and nf.quantity in {"activations", "loss", "gradients", "update"}
    assert "Non-finite" in nf.message and f"step {nf.step}" in nf.message
    first = tr.history.column("out_grad_norm")[0]
    assert first[0] / first[-2] > 1e3   # the gradient reaching layer 1 ≫ the one reaching layer 10
    assert np.all(tr.history.column("backward_gain")[0, :-1] > 1)
    assert tr.step() is None and tr.step_count == done  # stopped cleanly
    assert all(np.all(np.isfinite(w)) for w in tr.network.W)  # the bad update was not applied


@pytest.mark.parametrize("remedy", ["deep-relu", "deep-leaky-relu", "deep-elu", "deep-batchnorm", "deep-residual"])
def test_each_remedy_narrows_the_first_to_last_ratio(remedy):
    base, _ = _ratio("deep-sigmoid")
    fixed, tr = _ratio(remedy)
    assert fixed > 100 * base, f"{remedy}: {fixed:.3g} vs deep-sigmoid {base:.3g}"
    assert not tr.stopped


def test_deep_presets_differ_in_one_respect_only():
    base = load_preset("deep-sigmoid")
    for name in ["deep-relu", "deep-leaky-relu", "deep-elu", "deep-batchnorm", "deep-residual"]:
        s = load_preset(name)
        assert s.topology.sizes == base.topology.sizes
        assert (s.data, s.train, s.weight_init) == (base.data, base.train, base.weight_init)
    assert len(base.topology.hidden) >= 8


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_round_trips_through_json_and_trains(name):
    spec = load_preset(name)
    text = fileformat.dumps(spec)
    again = fileformat.loads(text)
    assert fileformat.dumps(again) == text
    a, b = Trainer(spec), Trainer(again)
    a.run(5), b.run(5)
    assert np.array_equal(a.history.column("loss"), b.history.column("loss"))
    assert PRESETS[name].summary and PRESETS[name].notes


def test_unknown_preset():
    with pytest.raises(ValueError, match="unknown preset 'nope'"):
        load_preset("nope")


def test_a_loaded_preset_is_fresh_even_where_presets_share_parts():
    from gradsim.engine.presets import PRESETS, load_preset

    for name in PRESETS:
        first = load_preset(name)
        first.weight_init.gain = 8.0
        first.bias_init.value = 3.0
        first.train.lr = 9.0
        again = load_preset(name)
        assert again.weight_init.gain != 8.0 and again.train.lr != 9.0 and again.bias_init.value != 3.0
