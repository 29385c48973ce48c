"""The mean-field prediction at initialisation against measurement, and where it does not apply.

The prediction is an average over random initialisations; one network of width n deviates from it
by about 1/√n per layer, and in a ReLU stack the deviations compound (the log of a layer's
activation size drifts with variance ≈ 5·depth/width, Hanin & Nica 2019): at width 256 and 8
layers a single ReLU network was up to 50 % off. So agreement is asserted on the average over 12
seeds, at 6 hidden layers of 256 on batches of 128 (over 12 such groups of seeds the average was
within 6.3 %), and seed by seed for tanh, whose deviations stay small (within 3.2 %). The inputs are
256 Gaussian values per sample, so that every layer, the first included, is as wide as the theory
assumes.
"""

import math
from functools import lru_cache

import numpy as np
import pytest

from gradsim.engine import theory
from gradsim.engine.activations import make_activation
from gradsim.engine.datasets import DataSpec
from gradsim.engine.initializers import Init
from gradsim.engine.network import Network
from gradsim.engine.presets import load_preset
from gradsim.engine.spec import RunSpec, TrainConfig
from gradsim.engine.topology import LayerSpec, Topology
from gradsim.engine.trainer import Trainer

WIDTH, DEPTH, BATCH, SEEDS = 256, 6, 128, range(12)


def _dense_expectation(g, mu, q):
    """E[g(z)], z ~ N(mu, q), by a fine trapezoid over ±12σ (independent of the module's rules)."""
    s = math.sqrt(q)
    lo, hi = mu - 12 * s, mu + 12 * s
    # split at 0, where ReLU-like derivatives jump, each side evaluated at its own limit
    parts = [(lo, hi)] if not lo < 0 < hi else [(lo, -5e-324), (5e-324, hi)]
    total = 0.0
    with np.errstate(all="ignore"):
        for a, b in parts:
            z = np.linspace(a, b, 100_001)
            w = np.exp(-0.5 * ((z - mu) / s) ** 2) / (s * math.sqrt(2 * math.pi))
            total += np.trapezoid(g(z) * w, z)
    return total


@pytest.mark.parametrize("name, alpha", [("sigmoid", None), ("tanh", None), ("relu", None), ("leaky_relu", 0.2),
                                         ("elu", 1.0), ("elu", 0.5), ("linear", None)])
@pytest.mark.parametrize("mu, q", [(0.0, 1.0), (0.7, 0.04), (-1.3, 2.5), (0.5, 400.0), (3.0, 1e4), (-20.0, 9.0)])
def test_gaussian_moments_match_direct_integration(name, alpha, mu, q):
    act = make_activation(name, alpha)

    def fprime2(z):
        d = act.derivative(z, act.forward(z))
        return d * d
    got = theory.gaussian_moments(act, np.array([mu]), np.array([q]))
    want = [_dense_expectation(act.forward, mu, q), _dense_expectation(lambda z: act.forward(z) ** 2, mu, q),
            _dense_expectation(fprime2, mu, q)]
    for g, w in zip(got, want):
        assert g[0] == pytest.approx(w, rel=1e-5, abs=1e-9)


def test_gaussian_moments_without_spread_are_the_values_at_the_mean():
    act = make_activation("tanh")
    m1, m2, d2 = theory.gaussian_moments(act, np.array([0.3]), np.array([0.0]))
    assert (m1[0], m2[0], d2[0]) == pytest.approx((np.tanh(0.3), np.tanh(0.3) ** 2, (1 - np.tanh(0.3) ** 2) ** 2))


def _wide(activation, init, seed, batch_norm=False, residual=False, depth=DEPTH):
    """A network of width 256 on 256 Gaussian inputs: the spec, the network after one pass, the inputs."""
    layers = [LayerSpec(WIDTH, activation, batch_norm=batch_norm, residual_from=(l - 1) if residual and l >= 2 else None)
              for l in range(1, depth + 1)] + [LayerSpec(1, "sigmoid")]
    spec = RunSpec(Topology(WIDTH, layers), weight_init=init, bias_init=Init("constant", value=0.0))
    rng = np.random.default_rng(1000 + seed)
    x = rng.normal(size=(BATCH, WIDTH))
    net = Network(spec.topology, spec.weight_init, spec.bias_init, np.random.default_rng(seed))
    net.forward(x)
    net.backward((rng.random((BATCH, 1)) > 0.5).astype(float), "bce")
    return spec, net, x


@lru_cache(maxsize=None)
def _ratios(activation, init_name, residual=False):
    """measured / predicted per seed and hidden layer — (preact std, act std, backward gain) — for
    the full recursion and for the zero-mean form: two arrays seeds × layers × 3."""
    full, zero = [], []
    for seed in SEEDS:
        spec, net, x = _wide(activation, Init(init_name), seed, residual=residual)
        gains = [np.linalg.norm(net.da[k]) / np.linalg.norm(net.da[k + 1]) for k in range(DEPTH)]
        for second_moment, out in ((True, full), (False, zero)):
            pred = theory.predict(spec, x, second_moment=second_moment)
            out.append([[net.u[k].std() / p.preact_std, net.a[k + 1].std() / p.act_std, gains[k] / p.gain]
                        for k, p in enumerate(pred[:DEPTH])])
    return np.array(full), np.array(zero)


@pytest.mark.parametrize("activation, init", [("tanh", "xavier_normal"), ("relu", "he_normal")])
def test_prediction_matches_measurement_within_10_percent_at_initialisation(activation, init):
    mean = _ratios(activation, init)[0].mean(axis=0)  # over seeds: what the theory predicts
    assert np.all(np.abs(mean - 1) < 0.10), mean


def test_tanh_xavier_matches_on_every_seed_and_layer():
    r = _ratios("tanh", "xavier_normal")[0]
    assert np.all(np.abs(r[:, :, :2] - 1) < 0.10)


def test_xavier_and_he_keep_the_signal_steady_where_the_theory_says():
    spec, _, x = _wide("relu", Init("he_normal"), 0)
    pred = theory.predict(spec, x)
    assert [p.gain for p in pred[:-1]] == pytest.approx([1.0] * DEPTH, abs=1e-9)  # He: n·(2/n)·½ = 1
    assert [p.act_std for p in pred[1:-1]] == pytest.approx([pred[0].act_std] * (DEPTH - 1), rel=1e-9)
    spec, _, x = _wide("tanh", Init("xavier_normal"), 0)
    pred = theory.predict(spec, x)
    gains = [p.gain for p in pred[:-1]]
    assert all(0.6 < g < 1 for g in gains) and gains == sorted(gains)  # E[tanh′²] < 1, nearer 1 as q falls


def test_sigmoid_breaks_the_zero_mean_form_but_not_the_second_moment_recursion():
    """Sigmoid's outputs average about 0.5, so a layer's net input gets n·Var[w]·(Var[a] + 0.25),
    not n·Var[w]·Var[a]: the textbook zero-mean form under-predicts it several-fold from layer 2 on,
    while the recursion on E[a²] holds."""
    full, zero_mean = _ratios("sigmoid", "xavier_normal")
    assert np.all(np.abs(full.mean(axis=0) - 1) < 0.10)
    zero_mean = zero_mean.mean(axis=0)
    assert np.all(zero_mean[1, :2] > 2)       # layer 2: measured std over twice the zero-mean prediction,
    assert np.all(np.diff(zero_mean[:, 1]) > 0) and zero_mean[-1, 1] > 100  # and the gap compounds
    # tanh is zero-mean: both forms agree with the measurement
    tanh_zero = _ratios("tanh", "xavier_normal")[1]
    assert np.all(np.abs(tanh_zero.mean(axis=0)[:, :2] - 1) < 0.10)


def test_batch_norm_forward_is_predicted_and_its_gain_is_not():
    spec, net, x = _wide("sigmoid", Init("normal", sigma=0.5), 0, batch_norm=True)
    pred = theory.predict(spec, x)
    for k in range(DEPTH):
        assert pred[k].preact_std == pytest.approx(1.0)
        assert net.a[k + 1].std() == pytest.approx(pred[k].act_std, rel=0.05)
        assert pred[k].gain is None and pred[k].gain_reason == theory.R_BATCHNORM


@pytest.mark.parametrize("activation, init", [("sigmoid", "xavier_normal"), ("relu", "he_normal")])
def test_residual_sums_are_predicted(activation, init):
    r = _ratios(activation, init, residual=True)[0]
    assert np.all(np.abs(r.mean(axis=0) - 1) < 0.10)


def test_no_prediction_where_the_assumptions_cannot_hold():
    tr = Trainer(load_preset("seed-2-2-2"))  # hand-set weights
    assert all(p.act_std is None and p.forward_reason == theory.R_EXPLICIT and p.gain is None
               for p in theory.predict(tr.spec, tr.x_train))
    spec = load_preset("deep-sigmoid")
    x = Trainer(spec).x_train[:32]
    first, out = theory.predict(spec, x)[0], theory.predict(spec, x)[-1]
    assert first.gain is None and first.gain_reason == ("fan-in 2 and 8 unit(s): too few for the sums behind the gain "
                                                        "to average out")
    assert out.act_std is None and out.forward_reason == "1 unit(s): the prediction is a spread over many units"
    assert out.gain is None and out.gain_reason == theory.R_OUTPUT
    spec.weight_init = Init("uniform", a=0.0, b=0.2)  # mean 0.1
    pred = theory.predict(spec, x)
    assert all(p.gain_reason == theory.R_MEAN for p in pred[:-1]) and pred[3].act_std is not None
    spec.topology.layers[-1].activation = "linear"
    spec.weight_init = Init("normal", sigma=0.3)
    spec.topology = Topology(2, [LayerSpec(8, "tanh"), LayerSpec(8, "tanh"), LayerSpec(4, "linear")])
    assert theory.predict(spec, np.ones((3, 2)))[-1].gain == pytest.approx(math.sqrt(8 * 0.09))  # f′ = 1


def test_lsuv_prediction_is_unit_net_input_variance():
    layers = [LayerSpec(64, "tanh") for _ in range(5)] + [LayerSpec(1, "sigmoid")]
    spec = RunSpec(Topology(2, layers), weight_init=Init("lsuv"), train=TrainConfig(loss="bce", batch_size=32),
                   data=DataSpec("circles", n_samples=600, noise=0.05))
    tr = Trainer(spec)
    pred = theory.predict(spec, tr.x_train)
    assert [p.preact_std for p in pred[:-1]] == pytest.approx([1.0] * 5, rel=1e-9)
    tr.network.forward(tr.x_train)
    assert [u.std() for u in tr.network.u[:-1]] == pytest.approx([1.0] * 5, rel=0.08)


def test_a_signal_beyond_floating_point_range_has_no_number():
    layers = [LayerSpec(64, "relu") for _ in range(70)] + [LayerSpec(1, "sigmoid")]
    spec = RunSpec(Topology(2, layers), weight_init=Init("normal", sigma=100.0))
    pred = theory.predict(spec, np.ones((4, 2)))
    assert pred[2].act_std is not None and pred[-2].act_std is None
    assert pred[-2].forward_reason == theory.R_RANGE
