"""A recurrent weight's derivation: every equation holds with its numbers, every leaf is the number
it names, and the root is backprop's gradient — for every weight of every recurrent preset."""

import math

import numpy as np
import pytest

from gradsim.engine.cells import CELL_NAMES
from gradsim.engine.chain_rule import combine
from gradsim.engine.presets import RECURRENT_PRESETS, load_preset
from gradsim.engine.recurrent_chain_rule import RecurrentDeriver, parse_weight
from gradsim.engine.trainer import Trainer
from tests.engine.recurrent_reference import small_spec

TOL = 1e-9


def close(a, b, tol=TOL):
    return abs(a - b) <= tol * max(abs(a), abs(b)) or abs(a - b) < 1e-300


def check_tree(root):
    for node in root.walk():
        if node.children:
            assert close(node.value, combine(node.op, [c.value for c in node.children])), node.name


def check_weight(deriver, matrix, j, i, sample=0):
    d = deriver.derive(matrix, j, i, sample=sample)
    check_tree(d.tree)
    assert close(d.tree.value, d.backprop, 1e-9) or abs(d.tree.value - d.backprop) < 1e-15, (matrix, j, i)
    # the written-out sample's step terms are its own δ times its input, δ as the network computed it
    chain = next(c for c in d.tree.walk() if c.sample == sample + 1 and c.children)
    if matrix != "readout":
        B = deriver.B
        for t, step in enumerate(chain.children, start=1):
            delta = step.children[0]
            assert close(delta.value, deriver.net.workspace.dgi[t - 1, sample, j] * B, 1e-9)
    if d.gain_tree is not None:
        check_tree(d.gain_tree)
        first = d.gain_tree.children[0].value
        norms = {f.t: f.grad_norm for f in d.time_chain}
        t0 = int(d.gain_tree.name.split("_")[1].split("‖")[0])
        assert close(d.gain_tree.value, norms[t0], 1e-9) and close(first, norms[max(norms)])
    return d


@pytest.mark.parametrize("preset", list(RECURRENT_PRESETS))
def test_every_weight_of_every_recurrent_preset(preset):
    """After three steps (rnn-exploding at its start: its third step is past the overflow)."""
    tr = Trainer(load_preset(preset))
    tr.run(0 if preset == "rnn-exploding" else 3)
    deriver = RecurrentDeriver(tr)
    net = deriver.net
    n = 0
    for matrix, arr in (("weight_ih", net.weight_ih), ("weight_hh", net.weight_hh), ("readout", net.W[0])):
        for j in range(arr.shape[0]):
            for i in range(arr.shape[1]):
                check_weight(deriver, matrix, j, i, sample=(j + i) % deriver.B)
                n += 1
    assert n == net.weights_size


@pytest.mark.parametrize("cell", CELL_NAMES)
@pytest.mark.parametrize("task, K", [("memory", None), ("memory", 3), ("sine-next", None), ("sine-next", 2)])
def test_truncated_and_many_to_many_derivations_hold(cell, task, K):
    tr = Trainer(small_spec(cell, task, T=6, H=3, bptt=K))
    tr.run(2)
    deriver = RecurrentDeriver(tr)
    for matrix, arr in (("weight_ih", deriver.net.weight_ih), ("weight_hh", deriver.net.weight_hh),
                        ("readout", deriver.net.W[0])):
        for j in range(arr.shape[0]):
            for i in range(arr.shape[1]):
                check_weight(deriver, matrix, j, i, sample=1)


def test_the_lstm_tree_shows_the_cell_states_additive_path():
    tr = Trainer(load_preset("rnn-lstm"))
    d = RecurrentDeriver(tr).derive("weight_hh", 16 + 3, 5)   # a forget-gate row
    assert d.gate == "f" and d.unit == 3
    step = d.tree.children[0].children[9]                       # sample 1, step 10
    dc = step.children[0].children[0]
    assert dc.name == "∂E/∂c_10[3]" and dc.op == "sum"
    assert [c.name for c in dc.children] == ["∂E/∂c_10[3] via h_10", "∂E/∂c_10[3] via c_11"]
    assert dc.children[1].children[1].name == "f_11[3]"


def test_the_gain_chain_of_the_vanishing_preset_multiplies_down_to_its_verdict():
    tr = Trainer(load_preset("rnn-vanishing"))
    d = RecurrentDeriver(tr).derive("weight_hh", 0, 0)
    assert d.verdict.level == "vanishing"
    chain = d.time_chain
    assert [c.t for c in chain] == list(range(30, 0, -1)) and math.isnan(chain[0].gain)
    assert close(chain[-1].cumulative, math.prod(c.gain for c in chain[1:]))
    assert chain[-1].cumulative < 1e-8 and d.gain_tree.value == pytest.approx(chain[-1].grad_norm, rel=1e-9)


def test_weight_names_are_checked():
    spec = load_preset("rnn-gru")
    assert parse_weight(spec, "weight_hh[47, 15]") == ("weight_hh", 47, 15)
    for bad, message in (("weight_hh[48,0]", "shape 48x16"), ("readout[0,16]", "shape 1x16"),
                         ("W1[0,0]", "expected weight_ih")):
        with pytest.raises(ValueError, match=message):
            parse_weight(spec, bad)


@pytest.mark.parametrize("seed", range(4))
def test_an_overflowed_run_is_derived_without_an_error_and_says_so(seed):
    """After rnn-exploding overflowed: its derivation batch overflows too (a weight's own gradient
    may stay finite while a state's does not: the verdict still says overflow, not "healthy")."""
    spec = load_preset("rnn-exploding")
    spec.train.seed = seed
    tr = Trainer(spec)
    tr.run(5)
    assert tr.nonfinite is not None
    d = RecurrentDeriver(tr).derive("weight_hh", 0, 0)
    assert d.verdict.level == "nonfinite" and d.verdict.text.startswith("Overflow: ")


def test_the_derivation_leaves_the_trainer_alone():
    tr = Trainer(load_preset("rnn-gru"))
    tr.run(2)
    before = (tr.network.flat.copy(), tr.network.workspace.h.copy(), tr.network.grads["weight_hh"].copy())
    RecurrentDeriver(tr).derive("weight_hh", 1, 2)
    assert np.array_equal(before[0], tr.network.flat) and np.array_equal(before[1], tr.network.workspace.h)
    assert np.array_equal(before[2], tr.network.grads["weight_hh"])


@pytest.mark.parametrize("cell", CELL_NAMES)
@pytest.mark.parametrize("task, K", [("memory", None), ("memory", 3), ("sine-next", None), ("sine-next", 2)])
def test_the_finite_difference_check_agrees_for_recurrent_weights(cell, task, K):
    """What the chain-rule panel's check computes: (E(w+ε) − E(w−ε))/2ε of the (truncated)
    objective on the derivation's batch, beside backprop's number; the trainer is left alone."""
    from gradsim.engine.gradcheck import check_recurrent_weight

    tr = Trainer(small_spec(cell, task, T=6, H=3, bptt=K))
    tr.run(2)
    before = tr.network.flat.copy()
    for matrix, j, i in (("weight_hh", 1, 2), ("weight_ih", 0, 0), ("readout", 0, 1)):
        c = check_recurrent_weight(tr, matrix, j, i)
        assert c.agrees and c.rel_error < 1e-6, (matrix, c)
        assert c.backprop == pytest.approx(RecurrentDeriver(tr).derive(matrix, j, i).backprop, rel=1e-12)
    assert np.array_equal(before, tr.network.flat)
