"""The hidden stack's Jacobian ∂a_{L−1}/∂a_1 against finite differences, and its limits."""

import numpy as np
import pytest

from gradsim.engine import distributions, jacobian
from gradsim.engine.initializers import Init
from gradsim.engine.network import Network
from gradsim.engine.presets import load_preset
from gradsim.engine.topology import LayerSpec, Topology
from gradsim.engine.trainer import Trainer


def _net(layers, n_in=3, seed=0, init=Init("normal", sigma=0.6)):
    net = Network(Topology(n_in, layers), init, Init("normal", sigma=0.2), np.random.default_rng(seed))
    x = np.random.default_rng(seed + 1).normal(size=(5, n_in))
    net.forward(x)
    net.backward(np.zeros((5, net.sizes[-1])), "mse")
    return net


def _finite_difference(net, sample, eps=1e-6):
    """∂a_{L−1}/∂a_1 at one sample by central differences, through Network.forward_layers."""
    L = net.depth
    a1 = net.a[1][sample].copy()
    cols = []
    for i in range(len(a1)):
        outs = []
        for sign in (1, -1):
            net.a[1] = net.a[1].copy()
            net.a[1][sample] = a1
            net.a[1][sample, i] += sign * eps
            net.forward_layers(1, L - 1)
            outs.append(net.a[L - 1][sample].copy())
        cols.append((outs[0] - outs[1]) / (2 * eps))
    return np.stack(cols, axis=1)


@pytest.mark.parametrize("layers", [
    [LayerSpec(4, "tanh"), LayerSpec(5, "sigmoid"), LayerSpec(3, "elu"), LayerSpec(1, "sigmoid")],
    [LayerSpec(4, "tanh"), LayerSpec(4, "sigmoid", residual_from=1), LayerSpec(6, "tanh", residual_from=2),
     LayerSpec(6, "leaky_relu", residual_from=1), LayerSpec(2, "linear")],
])
def test_singular_values_are_those_of_the_finite_difference_jacobian(layers):
    net = _net(layers)
    spec = jacobian.spectrum(net, samples=3)
    assert spec.reason is None and spec.label == f"∂a{net.depth - 1}/∂a1"
    for s, sv in enumerate(spec.singular_values):
        fd = _finite_difference(net, s)
        assert sv == pytest.approx(np.linalg.svd(fd, compute_uv=False), rel=1e-6, abs=1e-9)
        assert list(sv) == sorted(sv, reverse=True)


def test_batch_norm_counts_with_its_batch_statistics_held_fixed():
    net = _net([LayerSpec(4, "tanh"), LayerSpec(4, "sigmoid", batch_norm=True), LayerSpec(4, "tanh"),
                LayerSpec(1, "sigmoid")])
    sv = jacobian.spectrum(net, samples=1).singular_values[0]
    k = 1  # the BN layer: u = γ·(z − μ_B)·inv_std + β, μ_B and inv_std constants
    d1 = net.fprime[k][0] * net.gamma[k] * net.inv_std[k]
    j = (net.fprime[2][0][:, None] * net.W[2]) @ (d1[:, None] * net.W[1])
    assert sv == pytest.approx(np.linalg.svd(j, compute_uv=False), rel=1e-12)


def test_vanishing_stack_has_tiny_singular_values_and_a_large_condition_number():
    tr = Trainer(load_preset("deep-sigmoid"))
    tr.run(3)
    spec = jacobian.spectrum(distributions.current_pass(tr, fresh=True)[0])
    assert spec.reason is None and len(spec.singular_values) == jacobian.SAMPLES
    assert max(sv[0] for sv in spec.singular_values) < 1e-3  # nine layers of gains ≈ 0.25
    assert min(spec.condition_numbers) > 100


def test_no_jacobian_with_one_hidden_layer_or_above_the_work_limit():
    net = _net([LayerSpec(4, "tanh"), LayerSpec(1, "sigmoid")])
    spec = jacobian.spectrum(net)
    assert spec.singular_values is None and spec.condition_numbers is None
    assert "1 hidden layer(s)" in spec.reason
    net = _net([LayerSpec(64, "tanh") for _ in range(4)] + [LayerSpec(1, "sigmoid")])
    assert jacobian.work(net.sizes, 1, 3, 4) == 4 * (64 ** 3 + 64 ** 3)
    spec = jacobian.spectrum(net, max_work=1e6)
    assert spec.singular_values is None and "above the limit of 1e+06" in spec.reason
    assert jacobian.spectrum(net).reason is None


def test_dead_relu_stack_is_reported_singular():
    layers = [LayerSpec(6, "relu") for _ in range(4)] + [LayerSpec(1, "sigmoid")]
    net = Network(Topology(2, layers), Init("normal", sigma=0.5), Init("constant", value=-50.0),
                  np.random.default_rng(0))
    net.forward(np.ones((3, 2)))
    net.backward(np.zeros((3, 1)), "mse")
    spec = jacobian.spectrum(net)
    assert all(np.all(sv == 0) for sv in spec.singular_values)
    assert spec.condition_numbers == [np.inf] * 3
