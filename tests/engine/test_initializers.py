"""Orthogonal and LSUV initialisation, and the weight moments the theory is built on."""

import numpy as np
import pytest

from gradsim.engine import fileformat, lsuv
from gradsim.engine.datasets import DataSpec
from gradsim.engine.initializers import INIT_NAMES, Init, orthogonal
from gradsim.engine.jacobian import spectrum
from gradsim.engine.network import Network
from gradsim.engine.presets import load_preset
from gradsim.engine.spec import RunSpec, TrainConfig
from gradsim.engine.topology import LayerSpec, Topology
from gradsim.engine.trainer import Trainer


@pytest.mark.parametrize("shape", [(6, 6), (9, 4), (4, 9), (1, 7), (7, 1)])
def test_orthogonal_has_orthonormal_rows_or_columns(shape):
    w = orthogonal(np.random.default_rng(3), shape)
    rows, cols = shape
    gram = w.T @ w if rows >= cols else w @ w.T
    assert w.shape == shape
    assert np.allclose(gram, np.eye(min(shape)), atol=1e-12)


def test_orthogonal_gain_scales_and_is_drawn_afresh_per_seed():
    a = Init("orthogonal", gain=1.5).sample(np.random.default_rng(0), (5, 5))
    b = Init("orthogonal", gain=1.5).sample(np.random.default_rng(1), (5, 5))
    assert np.allclose(a @ a.T, 2.25 * np.eye(5)) and not np.allclose(a, b)


def _linear_net(width=12, depth=6, init=Init("orthogonal")):
    topo = Topology(width, [LayerSpec(width, "linear") for _ in range(depth)])
    return Network(topo, init, Init("constant", value=0.0), np.random.default_rng(5))


def _pass(net, x):
    net.forward(x)
    net.backward(np.zeros((len(x), net.sizes[-1])), "mse")


def test_orthogonal_linear_net_has_every_jacobian_singular_value_1():
    net = _linear_net()
    _pass(net, np.random.default_rng(0).normal(size=(4, 12)))
    spec = spectrum(net)
    assert spec.reason is None and len(spec.singular_values) == 4
    for sv in spec.singular_values:
        assert np.allclose(sv, 1.0, atol=1e-10)
    assert np.allclose(spec.condition_numbers, 1.0)
    # a Gaussian init of the same variance does not: its spectrum spreads
    gauss = _linear_net(init=Init("normal", sigma=1 / np.sqrt(12)))
    _pass(gauss, np.random.default_rng(0).normal(size=(4, 12)))
    assert min(gauss_sv := spectrum(gauss).singular_values[0]) < 0.5 < 1.5 < max(gauss_sv)


def test_orthogonal_widening_linear_stack_keeps_singular_values_1():
    # orthonormal columns compose: 8 → 16 → 32 wide keeps the length of every input vector
    topo = Topology(8, [LayerSpec(8, "linear"), LayerSpec(16, "linear"), LayerSpec(32, "linear"),
                        LayerSpec(32, "linear")])
    net = Network(topo, Init("orthogonal"), Init("constant", value=0.0), np.random.default_rng(2))
    _pass(net, np.random.default_rng(1).normal(size=(3, 8)))
    for sv in spectrum(net).singular_values:  # ∂a3/∂a1: 32 × 8
        assert len(sv) == 8 and np.allclose(sv, 1.0, atol=1e-10)


@pytest.mark.parametrize("name", [n for n in INIT_NAMES if n != "lsuv"])
def test_moments_match_the_drawn_weights(name):
    init = Init(name, a=-0.2, b=0.6, sigma=0.3, value=0.05, gain=1.3)
    fan_out, fan_in = 300, 200
    w = init.sample(np.random.default_rng(0), (fan_out, fan_in))
    mean, var = init.moments(fan_in, fan_out)
    assert w.mean() == pytest.approx(mean, abs=4 * np.sqrt(var / w.size) + 1e-12)
    assert w.var() == pytest.approx(var, rel=0.03, abs=1e-12)
    assert Init("lsuv").moments(fan_in, fan_out) is None


def _lsuv_spec(activation="tanh", batch_norm=False, residual=False, bias=Init("constant", value=0.0), gain=1.0,
               width=16, depth=6, seed=0, data="circles"):
    layers = [LayerSpec(width, activation, batch_norm=batch_norm,
                        residual_from=(l - 1) if residual and l >= 2 else None) for l in range(1, depth + 1)]
    layers.append(LayerSpec(1, "sigmoid"))
    return RunSpec(Topology(2, layers), weight_init=Init("lsuv", gain=gain), bias_init=bias,
                   train=TrainConfig(loss="bce", batch_size=32, seed=seed),
                   data=DataSpec(data, n_samples=600, noise=0.05))


def _net_input_variances(trainer, x):
    net = trainer.network
    with np.errstate(all="ignore"):
        net.forward(x, training=True)
    return np.array([np.var(z) for z in net.z])


@pytest.mark.parametrize("kwargs", [
    dict(activation="tanh"), dict(activation="relu"), dict(activation="sigmoid", depth=10),
    dict(activation="elu", residual=True), dict(activation="sigmoid", batch_norm=True),
    dict(activation="relu", bias=Init("normal", sigma=0.3)), dict(activation="tanh", gain=0.5),
    dict(activation="leaky_relu", seed=7, width=40),
])
def test_lsuv_gives_every_layer_unit_variance_on_the_batch_it_was_fitted_on(kwargs):
    spec = _lsuv_spec(**kwargs)
    tr = Trainer(spec)
    x = lsuv.batch(tr.x_train, spec.train.seed)
    target = spec.weight_init.gain ** 2
    var = _net_input_variances(tr, x)
    assert var == pytest.approx(np.full(len(var), target), rel=2 * lsuv.TOLERANCE)


def test_without_the_fit_the_same_layers_drift_far_from_unit_variance():
    spec = _lsuv_spec(activation="relu", depth=8)
    spec.weight_init = Init("orthogonal")  # LSUV's starting point, not rescaled
    tr = Trainer(spec)
    var = _net_input_variances(tr, lsuv.batch(tr.x_train, 0))
    assert var.min() < 0.1  # ReLU halves the variance every layer from a small start


def test_lsuv_leaves_the_batch_order_and_batch_norm_statistics_alone():
    spec = _lsuv_spec(activation="sigmoid", batch_norm=True)
    a, b = Trainer(spec), Trainer(spec.copy())
    plain = spec.copy()
    plain.weight_init = Init("orthogonal")
    c = Trainer(plain)
    for net in (a.network, c.network):
        assert all(np.array_equal(m, np.zeros_like(m)) for m in net.running_mean if m is not None)
        assert all(np.array_equal(v, np.ones_like(v)) for v in net.running_var if v is not None)
    for _ in range(3):
        xa, _ = a.next_batch()
        xc, _ = c.next_batch()
        assert np.array_equal(xa, xc)
    assert all(np.array_equal(wa, wb) for wa, wb in zip(a.network.W, b.network.W))  # deterministic per seed


def test_lsuv_is_not_refitted_over_explicit_weights_and_survives_a_save():
    spec = _lsuv_spec()
    tr = Trainer(spec)
    tr.run(3)
    doc = fileformat.dumps(spec, tr.network.state(), step=3)
    again = fileformat.loads(doc)
    assert again.weight_init.name == "lsuv" and again.parameters is not None
    reopened = Trainer(again)
    assert all(np.array_equal(w1, w2) for w1, w2 in zip(reopened.network.W, tr.network.W))


def test_new_initialisers_round_trip_through_the_file_format():
    for init in (Init("orthogonal", gain=1.4142), Init("lsuv"), Init("lsuv", gain=0.8)):
        spec = load_preset("deep-relu")
        spec.weight_init = init
        back = fileformat.loads(fileformat.dumps(spec))
        assert back.weight_init == init


def test_lsuv_cannot_initialise_biases():
    spec = load_preset("deep-sigmoid")
    spec.bias_init = Init("lsuv")
    with pytest.raises(ValueError, match=r"init\.biases\.name: LSUV rescales weight matrices"):
        spec.validate()
