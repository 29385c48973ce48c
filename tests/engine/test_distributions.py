"""Per-layer distributions: histogram counts, statistics, which pass they read, and that taking them
changes nothing about training."""

import numpy as np
import pytest

from gradsim.engine import distributions as D
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer


def _values(net, q, k):
    if q == "preact":
        return net.u[k]
    if q == "act":
        return net.a[k + 1]
    if q == "grad_act":
        return net.da[k + 1]
    return net.dW[k] if net.masks[k] is None else net.dW[k][net.masks[k] != 0]


@pytest.mark.parametrize("name, steps", [("deep-sigmoid", 0), ("deep-sigmoid", 7), ("deep-batchnorm", 3),
                                         ("deep-residual", 2), ("seed-2-2-2", 1), ("spiral", 4)])
def test_histograms_count_every_value_and_agree_with_numpy(name, steps):
    tr = Trainer(load_preset(name))
    tr.run(steps)
    net, source = D.current_pass(tr)
    assert source == (D.LAST_STEP if steps else D.FRESH_PASS)
    d = D.take(tr, (net, source))
    batch = d.batch
    assert len(d.layers) == net.depth
    for q in D.QUANTITIES:
        edges = d.layers[0].histograms[q].edges
        assert len(edges) == D.BINS + 1 and edges[0] < edges[-1]
        for k, layer in enumerate(d.layers):
            h = layer.histograms[q]
            v = _values(net, q, k).ravel()
            expected = net.W[k].size if q == "grad_w" else batch * net.sizes[k + 1]
            assert h.total == v.size == expected
            assert np.array_equal(h.edges, edges)  # one range per quantity, shared by the layers
            assert h.below == np.count_nonzero(v < edges[0]) and h.above == np.count_nonzero(v > edges[-1])
            assert np.array_equal(h.counts, np.histogram(v, bins=edges)[0])
            scale = np.abs(v).max() or 1.0  # a mean of 0 (batch norm) is round-off either way
            assert layer.mean[q] == pytest.approx(v.mean(), rel=1e-9, abs=1e-12 * scale)
            assert layer.std[q] == pytest.approx(v.std(), rel=1e-7, abs=1e-12 * scale)


def test_masked_edges_are_not_weights():
    spec = load_preset("deep-sigmoid")
    mask = np.ones((8, 8), bool)
    mask[:, :3] = False
    spec.topology.masks = {2: mask}
    tr = Trainer(spec)
    tr.step()
    h = D.take(tr).layers[2].histograms["grad_w"]
    assert h.total == 40


def test_the_last_step_and_a_fresh_pass_at_the_same_state_agree():
    before = Trainer(load_preset("deep-batchnorm"))
    fresh = D.take(before)  # a pass on the batch step 1 will take, at the initial weights
    after = Trainer(load_preset("deep-batchnorm"))
    after.step()
    cached = D.take(after)  # step 1's own pass: the same batch and weights
    assert (fresh.source, cached.source) == (D.FRESH_PASS, D.LAST_STEP)
    assert np.array_equal(fresh.inputs, cached.inputs)
    for f, c in zip(fresh.layers, cached.layers):
        for q in D.QUANTITIES:
            assert f.mean[q] == pytest.approx(c.mean[q], rel=1e-12, abs=1e-300)
            assert f.std[q] == pytest.approx(c.std[q], rel=1e-12, abs=1e-300)
            assert np.array_equal(f.histograms[q].counts, c.histograms[q].counts)
        assert (f.saturated, f.dead) == (c.saturated, c.dead)
        assert f.gain == pytest.approx(c.gain, rel=1e-12)
    row = after.history.rows()[0]
    assert [lay.gain for lay in fresh.layers] == pytest.approx(list(row["backward_gain"]), rel=1e-12)
    assert [lay.saturated for lay in fresh.layers] == list(row["saturated"])


@pytest.mark.parametrize("name", ["deep-batchnorm", "deep-sigmoid"])
def test_taking_distributions_changes_nothing_about_training(name):
    plain, watched = Trainer(load_preset(name)), Trainer(load_preset(name))
    D.take(watched)  # before the first step: a fresh pass on a scratch copy
    for _ in range(6):
        plain.step()
        watched.step()
        D.take(watched)
    assert np.array_equal(plain.network.flat, watched.network.flat)
    for a, b in zip(plain.network.running_mean + plain.network.running_var,
                    watched.network.running_mean + watched.network.running_var):
        assert (a is None and b is None) or np.array_equal(a, b)
    assert np.array_equal(plain.history.column("loss"), watched.history.column("loss"))


def test_vanishing_gradients_collapse_into_the_middle_of_the_shared_range():
    tr = Trainer(load_preset("deep-sigmoid"))
    tr.step()
    d = D.take(tr)
    occupied = [np.count_nonzero(layer.histograms["grad_act"].counts) for layer in d.layers]
    assert max(occupied[:7]) == 1 and occupied[-2] >= 5  # layers 1-7 in one bin, layer 10 spread out
    assert d.layers[0].std["grad_act"] < 1e-4 * d.layers[-2].std["grad_act"]


def test_non_finite_values_are_counted_apart():
    tr = Trainer(load_preset("deep-exploding"))
    tr.run(50)
    assert tr.nonfinite is not None
    net, source = D.current_pass(tr)
    assert source == D.FRESH_PASS
    d = D.take(tr, (net, source))
    found = 0
    for k, layer in enumerate(d.layers):
        for q in D.QUANTITIES:
            v = _values(net, q, k).ravel()
            h = layer.histograms[q]
            assert h.total == v.size and h.nan == np.count_nonzero(np.isnan(v))
            assert h.above >= np.count_nonzero(v == np.inf) and h.below >= np.count_nonzero(v == -np.inf)
            finite = v[np.isfinite(v)]
            if finite.size:
                assert layer.mean[q] == pytest.approx(finite.mean(), rel=1e-9, abs=1e-300)
            found += h.nan + np.count_nonzero(np.isinf(v))
    assert found > 0  # the state really has non-finite values


def test_a_fresh_pass_is_of_the_current_weights_and_the_next_batch():
    tr = Trainer(load_preset("deep-sigmoid"))
    tr.run(4)
    assert D.current_pass(tr)[1] == D.LAST_STEP  # step 4's own pass: before its update
    net, source = D.current_pass(tr, fresh=True)
    x, _ = tr.peek_batch()
    assert source == D.FRESH_PASS and net is not tr.network and np.array_equal(net.a[0], x)
    z1 = x @ tr.network.W[0].T + tr.network.b[0]
    assert np.allclose(net.a[1], 1 / (1 + np.exp(-z1)), rtol=1e-12)
    assert not np.allclose(tr.network.a[1][:2], 1 / (1 + np.exp(-(tr.network.a[0][:2] @ tr.network.W[0].T
                                                                    + tr.network.b[0]))), rtol=1e-12)
