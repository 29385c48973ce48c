"""Derivations that hold: every node of the tree equals the product, sum or mean of its children, the
root is backprop's gradient, a batch's chosen sample is exact, batch norm's coupling is written out."""

import math

import numpy as np
import pytest

from gradsim.engine.chain_rule import Deriver, combine, default_batch, derive
from gradsim.engine.datasets import DataSpec
from gradsim.engine.presets import PRESETS, load_preset
from gradsim.engine.spec import RunSpec, TrainConfig
from gradsim.engine.topology import LayerSpec, Topology
from gradsim.engine.trainer import Trainer

from .gradcheck import numeric_grad


def assert_tree_holds(node, where=""):
    """Every inner node = op(children) to 1e-9 relative (non-finite values stay what they became)."""
    for n in node.walk():
        if not n.children:
            assert n.op == "leaf", (where, n.name)
            continue
        want = combine(n.op, [c.value for c in n.children])
        same = want == n.value or (math.isnan(want) and math.isnan(n.value))
        assert same or abs(want - n.value) <= 1e-9 * abs(n.value), (where, n.name, n.value, want)


def close_to_backprop(d, rel=1e-9):
    """The tree's root against the network's dW: relative to the gradient, or to the size of the
    batch's terms when they cancel (their mean is then a small difference of large numbers)."""
    if not math.isfinite(d.backprop):
        return not math.isfinite(d.total)
    terms = [abs(c.value) for c in d.tree.children] if d.tree.op == "mean" else [abs(d.total)]
    scale = max(abs(d.backprop), 1e-6 * max(terms), 1e-300)
    return abs(d.total - d.backprop) <= rel * scale


def derivers(preset, lengths=(0, 10, 100)):
    """``(steps, trainer, Deriver)`` of one run of ``preset`` after each training length."""
    tr = Trainer(load_preset(preset))
    for steps in lengths:
        tr.run(steps - tr.step_count)
        yield steps, tr, Deriver(tr)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_tree_identity_for_every_weight_at_steps_0_10_100(preset):
    for steps, tr, deriver in derivers(preset):
        net = tr.network
        for k in range(net.depth):
            for j in range(net.sizes[k + 1]):
                for i in range(net.sizes[k]):
                    d = deriver.derive(k, j, i)
                    where = f"{preset} step {steps} {d.weight}"
                    assert_tree_holds(d.tree, where)
                    assert d.to_dict()["gradient"] is d.tree.value
                    assert close_to_backprop(d), (where, d.total, d.backprop)
                    assert d.step == tr.step_count and d.batch_size == len(default_batch(tr)[0])


def test_the_lectures_numbers():
    tr = Trainer(load_preset("seed-2-2-2"))
    w5 = derive(tr, k=1, j=0, i=0)
    assert w5.tree.op == "product" and [c.name for c in w5.tree.children] == \
        ["∂E/∂out_o1", "∂out_o1/∂net_o1", "∂net_o1/∂w5"]
    assert [c.value for c in w5.tree.children] == pytest.approx([0.74136507, 0.186815602, 0.593269992])
    assert w5.total == pytest.approx(0.082167041, abs=1e-9)
    w1 = derive(tr, k=0, j=0, i=0)
    paths = w1.tree.children[0]
    assert paths.op == "sum" and [p.name for p in paths.children] == ["∂E_o1/∂out_h1", "∂E_o2/∂out_h1"]
    assert [c.name for c in paths.children[0].children] == ["∂E/∂out_o1", "∂out_o1/∂net_o1", "∂net_o1/∂out_h1"]
    assert paths.children[0].children[2].meaning == "= w5"
    assert w1.total == pytest.approx(0.000438568, abs=1e-9)
    assert w1.formula == "∂E/∂w1 = (∂E_o1/∂out_h1 + ∂E_o2/∂out_h1) · ∂out_h1/∂net_h1 · ∂net_h1/∂w1"


def test_a_batch_is_the_mean_of_exact_per_sample_chains():
    tr = Trainer(load_preset("deep-sigmoid"))
    tr.run(5)
    x, t = default_batch(tr)
    assert len(x) == 32
    for sample in (0, 7, 31):
        d = derive(tr, k=2, j=3, i=1, sample=sample)
        assert d.tree.op == "mean" and len(d.tree.children) == 32
        chain = d.sample_tree
        assert chain.sample == sample + 1 and chain is d.tree.children[sample]
        assert all(not c.children for n, c in enumerate(d.tree.children) if n != sample)
        # the written-out chain is that sample's own gradient: derive on it alone, and finite differences
        alone = derive(tr, x[sample:sample + 1], t[sample:sample + 1], k=2, j=3, i=1)
        assert chain.value == pytest.approx(alone.total, rel=1e-12)
        with np.errstate(all="ignore"):
            num = numeric_grad(tr.network, x[sample:sample + 1], t[sample:sample + 1], "bce", tr.network.W[2], (3, 1))
        assert chain.value == pytest.approx(num, rel=1e-6, abs=1e-10)  # FD's round-off: 1e-16 · E / h
    with pytest.raises(ValueError, match="sample 33 is not in the batch of 32"):
        derive(tr, k=0, j=0, i=0, sample=32)


def test_batch_norm_writes_out_the_per_sample_delta_after_the_coupling():
    """The case that was seen: BN makes the batch mean of ∂E/∂net ≈ 0, so 'mean factor × mean
    factor' was 15 orders of magnitude off the total. Per sample, after the coupling, it holds."""
    tr = Trainer(load_preset("deep-batchnorm"))
    tr.run(20)
    d = derive(tr, k=6, j=7, i=0, sample=4)
    chain = d.sample_tree
    delta, a = chain.children
    assert delta.kind == "bn" and delta.name == "∂E/∂net_h7_7" and a.name == "∂net_h7_7/∂W7[7,0]"
    scale, centred = delta.children
    assert scale.kind == "bn-scale" and centred.op == "sum"
    assert [c.kind for c in centred.children][1:] == ["bn-mean", "bn-var"]
    scratch = Deriver(tr)
    assert delta.value == pytest.approx(scratch.dz[6][4, 7], rel=1e-9)      # backprop's coupled δ, per sample
    assert abs(np.mean(scratch.dz[6][:, 7])) < 1e-12 * np.mean(np.abs(scratch.dz[6][:, 7])) * 1e3
    assert chain.value == pytest.approx(delta.value * a.value, rel=1e-15)
    assert d.total == pytest.approx(d.backprop, rel=1e-9)
    assert_tree_holds(d.tree)


def test_verdicts_follow_the_diagnosis_definition():
    sig = Trainer(load_preset("deep-sigmoid"))
    d = derive(sig, k=0, j=0, i=0)
    assert d.verdict.level == "vanishing" and "layer 1" in d.verdict.text and "layer 10" in d.verdict.text
    assert d.hidden_flow == pytest.approx(math.prod(c.gain for c in d.layer_chain[1:]))
    assert d.hidden_flow < 1e-3
    # the output's δ starts the chain: no saturated-output artefact, no 0 gains at step 0
    ex = Trainer(load_preset("deep-exploding"))
    d = derive(ex, k=0, j=0, i=0)
    assert all(c.gain > 0 and math.isfinite(c.gain) for c in d.layer_chain)
    assert d.verdict.level == "exploding"
    ex.run(10)                   # stopped at its overflow: the weights it stopped at overflow again
    assert derive(ex, k=0, j=0, i=0).verdict.level == "nonfinite"
    # a converged net is told so; a dead unit is called dead
    relu = Trainer(load_preset("deep-relu"))
    relu.run(3000)
    deriver = Deriver(relu)
    levels = {deriver.derive(6, j, 0).verdict.level for j in range(8)}
    assert "converged" in levels and not levels & {"vanishing", "exploding"}
    dead = [j for j in range(8) if not np.any(deriver.net.fprime[6][:, j])]
    assert dead and deriver.derive(6, dead[0], 0).verdict.level == "dead"
    # next to the output there is no hidden stack to judge
    seed = derive(Trainer(load_preset("seed-2-2-2")), k=1, j=0, i=0)
    assert seed.layer_chain == [] and seed.verdict.level == "healthy"


def test_derivation_matches_finite_differences_on_a_masked_residual_net():
    topo = Topology(2, [LayerSpec(3, "tanh"), LayerSpec(3, "elu", residual_from=1), LayerSpec(4, "sigmoid", residual_from=1),
                        LayerSpec(1, "sigmoid")], {1: np.array([[1, 0, 1], [1, 1, 1], [0, 1, 1]], bool)})
    spec = RunSpec(topo, train=TrainConfig(loss="bce", batch_size=5), data=DataSpec("circles", 30))
    tr = Trainer(spec)
    x, t = tr.x_train[:3], tr.t_train[:3]
    for k, j, i in [(0, 0, 1), (0, 2, 0), (1, 1, 2), (2, 3, 1), (3, 0, 2)]:
        d = derive(tr, x, t, k=k, j=j, i=i)
        with np.errstate(all="ignore"):
            num = numeric_grad(tr.network, x, t, "bce", tr.network.W[k], (j, i))
        assert d.total == pytest.approx(num, rel=1e-6, abs=1e-12)
        assert_tree_holds(d.tree)
    paths = derive(tr, x, t, k=0, j=0, i=0).sample_tree.children[0]
    skips = [p for p in paths.children if p.meaning]
    assert [p.meaning for p in skips] == ["skip to layer 2", "skip to layer 3"]
    assert [c.name for c in skips[0].children] == ["∂E/∂out_h2_0", "∂(skip)/∂out"]      # identity: × 1
    assert [c.op for c in skips[1].children] == ["product"] * 4                          # projection P3[:, 0]
    assert skips[1].children[2].children[1].name == "P3[2,0]"
    with pytest.raises(ValueError, match="removed edge"):
        derive(tr, x, t, k=1, j=0, i=1)


def test_derivation_leaves_the_trainer_untouched():
    tr = Trainer(load_preset("deep-batchnorm"))
    tr.run(2)
    before = [w.copy() for w in tr.network.W], [m.copy() for m in tr.network.running_mean if m is not None]
    a_before = tr.network.a[3].copy()
    derive(tr, k=3, j=1, i=2)
    assert all(np.array_equal(a, b) for a, b in zip(before[0], tr.network.W))
    assert all(np.array_equal(a, b) for a, b in zip(before[1], [m for m in tr.network.running_mean if m is not None]))
    assert np.array_equal(a_before, tr.network.a[3])


def test_bad_weight_ids():
    tr = Trainer(load_preset("xor"))
    with pytest.raises(ValueError, match="does not exist"):
        derive(tr, k=5, j=0, i=0)
    with pytest.raises(ValueError, match="outside"):
        derive(tr, k=0, j=9, i=0)


@pytest.mark.parametrize("preset", ["deep-residual", "deep-relu"])
def test_trained_remedies_are_not_called_vanishing_on_any_path(preset):
    """The cases that were seen: the panel said "vanishes ×4.26e-8" on a trained deep-residual and
    "×5.29e-6 — vanishes" on a converged deep-relu, counting the saturated output's factor that every
    weight shares. Judged by the hidden layers, no weight's path vanishes or explodes."""
    tr = Trainer(load_preset(preset))
    tr.run(3000)
    deriver = Deriver(tr)
    net = tr.network
    levels = {deriver.derive(k, j, i).verdict.level for k in range(net.depth)
              for j in range(net.sizes[k + 1]) for i in range(net.sizes[k])}
    assert not levels & {"vanishing", "exploding", "nonfinite"}, levels
    if preset == "deep-relu":  # the old measure, through the saturated output layer, cried vanishing
        og = tr.history.column("out_grad_norm")[-1]
        assert og[0] / og[-1] < 1e-2
