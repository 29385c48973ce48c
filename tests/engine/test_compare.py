"""Remedies change one thing; the verdict names the run whose early layers still learn."""

import numpy as np
import pytest

from gradsim.engine.compare import RANK, REMEDIES, apply_remedy, comparison_pair, run_diagnosis, verdict
from gradsim.engine.diagnosis import Context, context_for
from gradsim.engine.trainer import NonFinite
from gradsim.engine.history import History
from gradsim.engine.initializers import Init
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer


def test_each_remedy_changes_only_its_part():
    base = load_preset("deep-sigmoid")
    for r in REMEDIES:
        spec = apply_remedy(base, r)
        assert spec.topology.sizes == base.topology.sizes
        assert spec.data == base.data and spec.train.seed == base.train.seed
        assert r in spec.name
    hidden = lambda s: s.topology.layers[:-1]  # noqa: E731
    assert {l.activation for l in hidden(apply_remedy(base, "elu"))} == {"elu"}
    assert apply_remedy(base, "elu").topology.output.activation == "sigmoid"
    assert all(l.batch_norm for l in hidden(apply_remedy(base, "batchnorm")))
    assert [l.residual_from for l in hidden(apply_remedy(base, "residual"))][:3] == [None, 1, 2]
    assert apply_remedy(base, "clip").train.clip_mode == "norm"
    assert apply_remedy(base, "he_init").weight_init.name == "he_normal"
    # the input spec is not modified
    assert {l.activation for l in hidden(base)} == {"sigmoid"} and base.train.clip_mode == "none"


def test_remedy_errors():
    seed = load_preset("seed-2-2-2")
    with pytest.raises(ValueError, match="unknown remedy"):
        apply_remedy(seed, "magic")
    with pytest.raises(ValueError, match="batch"):
        apply_remedy(seed, "batchnorm")  # one sample: BN cannot work
    res = apply_remedy(seed, "residual")  # 2 inputs → 2 hidden: identity shortcut from the inputs
    assert res.topology.layers[0].residual_from == 0


def test_pair_is_reproducible():
    a, b = comparison_pair(load_preset("deep-sigmoid"), "relu")
    ta, ta2 = Trainer(a), Trainer(a.copy())
    ta.run(3); ta2.run(3)
    assert np.array_equal(ta.history.column("loss"), ta2.history.column("loss"))
    assert b.topology.layers[0].activation == "relu"


def test_verdict_prefers_relu_over_sigmoid():
    a, b = comparison_pair(load_preset("deep-sigmoid"), "relu")
    ta, tb = Trainer(a), Trainer(b)
    ta.run(60); tb.run(60)
    assert run_diagnosis(ta.history, context_for(ta)).level == "vanishing"
    assert RANK[run_diagnosis(tb.history, context_for(tb)).level] > RANK["vanishing"]
    for line in (verdict(ta.history, tb.history, "sigmoid", "relu", context_for(ta), context_for(tb)),
                 verdict(tb.history, ta.history, "relu", "sigmoid", context_for(tb), context_for(ta))):
        assert line.startswith("relu fares better — ")
        assert "sigmoid: Vanishing: the gradient reaching layer 1" in line and "\n" not in line


def rows(first, last_hidden, loss=0.5, n=10):
    """A 3-matrix history whose hidden flow (∂L/∂a₁ over ∂L/∂a₂) is first / last_hidden."""
    h = History(3)
    for s in range(n):
        h.append({"step": s + 1, "loss": loss}, {
            "grad_norm": [1.0] * 3, "bias_grad_norm": [0] * 3, "out_grad_norm": [first, last_hidden, 1.0],
            "backward_gain": [0] * 3, "update_ratio": [0] * 3, "saturated": [0] * 3, "dead": [0] * 3})
    return h


def test_verdict_uses_the_diagnosis_of_each_run():
    line = verdict(rows(1e4, 1.0), rows(1.0, 1.0), "big", "ok")
    assert line.startswith("ok fares better — big: Exploding: the gradient reaching layer 1 is 1e4×")
    assert verdict(rows(0.5, 1.0), rows(0.6, 1.0), "x", "y").startswith("Both runs fare alike — x: Healthy")
    assert verdict(History(3), rows(1, 1), "x", "y").startswith("Not enough steps")
    nf = NonFinite(7, 1, "gradients")
    assert verdict(rows(1, 1), rows(1, 1), "x", "y", nonfinite_b=nf).startswith("x fares better — x: Healthy")
    assert "blew up" in verdict(rows(1, 1), rows(1, 1), "x", "y", nonfinite_a=nf.to_dict(), nonfinite_b=nf)
    # a converged run is told so, when its context knows the loss of a constant guess
    ctx = Context(3, 0.69)
    assert "b: Converged" in verdict(rows(1e-5, 1), rows(1, 1, loss=1e-4), "a", "b", ctx, ctx)
    # drained rows (a dict of columns) work as well as History objects
    assert verdict(rows(1e-5, 1).drain(), rows(1, 1).drain(), "a", "b").startswith("b fares better")


def test_initialisation_remedies_change_only_the_initialiser():
    from gradsim.engine.compare import ALL_REMEDIES, INIT_REMEDIES

    assert set(ALL_REMEDIES) == set(REMEDIES) | set(INIT_REMEDIES)
    for name in ("deep-sigmoid", "deep-exploding", "seed-2-2-2"):
        base = load_preset(name)
        for r in INIT_REMEDIES:
            spec = apply_remedy(base, r)
            assert spec.topology == base.topology and spec.train == base.train and spec.data == base.data
            assert spec.parameters is None and r in spec.name
            tr = Trainer(spec)
            assert tr.run(5) == 5
    assert apply_remedy(load_preset("deep-sigmoid"), "orthogonal_init").weight_init == Init("orthogonal", gain=1.0)
    relu = apply_remedy(load_preset("deep-exploding"), "orthogonal_init").weight_init
    assert relu.name == "orthogonal" and relu.gain == pytest.approx(np.sqrt(2))
    assert apply_remedy(load_preset("deep-sigmoid"), "lsuv_init").weight_init == Init("lsuv")
    # orthogonal × √2 tames the exploding preset, whose gains were about 2.6 per layer
    tr = Trainer(apply_remedy(load_preset("deep-exploding"), "orthogonal_init"))
    tr.run(50)
    assert tr.nonfinite is None and np.median(tr.history.column("backward_gain")[0, 1:-1]) < 1.6
