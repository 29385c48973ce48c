"""The derivation's total equals backprop's gradient for every weight, and finite differences."""

import numpy as np
import pytest

from gradsim.engine.chain_rule import derive
from gradsim.engine.presets import load_preset
from gradsim.engine.topology import LayerSpec, Topology
from gradsim.engine.spec import RunSpec, TrainConfig
from gradsim.engine.datasets import DataSpec
from gradsim.engine.trainer import Trainer

from .gradcheck import numeric_grad


@pytest.mark.parametrize("preset", ["seed-2-2-2", "xor", "deep-residual", "deep-batchnorm", "deep-relu"])
def test_total_equals_backprop_for_every_weight(preset):
    tr = Trainer(load_preset(preset))
    tr.run(3)
    net = tr.network
    for k in range(net.depth):
        for j in range(net.sizes[k + 1]):
            for i in range(net.sizes[k]):
                d = derive(tr, k=k, j=j, i=i)
                assert d.total == pytest.approx(d.backprop, rel=1e-9, abs=1e-15), d.weight
                if d.exact:
                    product = sum(p.value for p in d.paths) if d.kind == "hidden" else d.paths[0].value
                    for f in d.common:
                        product *= f.value
                    assert product == pytest.approx(d.total, rel=1e-9, abs=1e-15)


def test_total_matches_finite_differences_on_a_masked_residual_net():
    topo = Topology(2, [LayerSpec(3, "tanh"), LayerSpec(3, "elu", residual_from=1), LayerSpec(4, "sigmoid", residual_from=1),
                        LayerSpec(1, "sigmoid")], {1: np.array([[1, 0, 1], [1, 1, 1], [0, 1, 1]], bool)})
    spec = RunSpec(topo, train=TrainConfig(loss="bce", batch_size=5), data=DataSpec("circles", 30))
    tr = Trainer(spec)
    x, t = tr.x_train[:1], tr.t_train[:1]
    for k, j, i in [(0, 0, 1), (0, 2, 0), (1, 1, 2), (2, 3, 1), (3, 0, 2)]:
        d = derive(tr, x, t, k=k, j=j, i=i)
        with np.errstate(all="ignore"):
            num = numeric_grad(tr.network, x, t, "bce", tr.network.W[k], (j, i))
        assert d.total == pytest.approx(num, rel=1e-6, abs=1e-12)
        assert d.exact
    skip_paths = [p.via for p in derive(tr, x, t, k=0, j=0, i=0).paths if p.via.startswith("skip")]
    assert skip_paths == ["skip to layer 2", "skip to layer 3"]


def test_derivation_leaves_the_trainer_untouched():
    tr = Trainer(load_preset("deep-batchnorm"))
    tr.run(2)
    before = [w.copy() for w in tr.network.W], [m.copy() for m in tr.network.running_mean if m is not None]
    a_before = tr.network.a[3].copy()
    derive(tr, k=3, j=1, i=2)
    assert all(np.array_equal(a, b) for a, b in zip(before[0], tr.network.W))
    assert all(np.array_equal(a, b) for a, b in zip(before[1], [m for m in tr.network.running_mean if m is not None]))
    assert np.array_equal(a_before, tr.network.a[3])


def test_deep_chain_reports_per_layer_gains_that_shrink_for_sigmoid():
    tr = Trainer(load_preset("deep-sigmoid"))
    d = derive(tr, k=0, j=0, i=0)
    assert [c.layer for c in d.layer_chain] == list(range(11, 1, -1))
    hidden_gains = [c.gain for c in d.layer_chain[1:]]
    assert max(hidden_gains) < 0.6
    assert d.layer_chain[-1].cumulative < 1e-3
    assert d.layer_chain[-1].cumulative == pytest.approx(np.prod([c.gain for c in d.layer_chain]))


def test_bad_weight_ids():
    tr = Trainer(load_preset("xor"))
    with pytest.raises(ValueError, match="does not exist"):
        derive(tr, k=5, j=0, i=0)
    with pytest.raises(ValueError, match="outside"):
        derive(tr, k=0, j=9, i=0)
