"""Activation functions: values, derivatives and the in-place variants the training pass uses."""

import math

import numpy as np
import pytest

from gradsim.engine.activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS, make_activation

U = np.array([[-1e4, -800.0, -745.0, -709.0, -40.0, -1.0, -1e-9, 0.0, 1e-9, 1.0, 40.0, 800.0, 1e4]])


def _sigmoid(u: float) -> float:
    if u >= 0:
        return 1.0 / (1.0 + math.exp(-u))
    e = math.exp(u)  # no overflow for u < 0
    return e / (1.0 + e)


def test_sigmoid_matches_a_scalar_reference_from_minus_to_plus_infinity_without_warnings():
    # the engine conftest turns numpy warnings into errors: exp(-u) overflowing must stay silent
    got = make_activation("sigmoid").forward(np.concatenate([U, [[-np.inf, np.inf]]], axis=1))
    want = [_sigmoid(u) for u in U[0]] + [0.0, 1.0]
    # below -709.78 e^-u is ∞ and σ is 0: the true value is under the smallest normal float there
    with np.errstate(under="ignore"):  # the comparison itself (rtol·|tiny|), not the sigmoid
        np.testing.assert_allclose(got[0], want, rtol=4e-16, atol=2.3e-308)
    assert got[0, 0] == 0.0 and got[0, -1] == 1.0 and got[0, 7] == 0.5
    assert np.isnan(make_activation("sigmoid").forward(np.array([np.nan])))[0]


def test_sigmoid_in_float32_saturates_cleanly():
    got = make_activation("sigmoid").forward(U.astype(np.float32))
    assert got.dtype == np.float32
    with np.errstate(under="ignore"):
        np.testing.assert_allclose(got[0], [_sigmoid(u) for u in U[0]], rtol=2e-7, atol=1.2e-38)


@pytest.mark.parametrize("name", sorted(set(HIDDEN_ACTIVATIONS + OUTPUT_ACTIVATIONS)))
def test_unguarded_forward_and_in_place_derivative_agree_with_the_plain_ones(name):
    act = make_activation(name)
    u = np.random.default_rng(3).normal(0.0, 3.0, (5, 4))
    a = act.forward(u)
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(act.forward_unguarded(u), a)
    out = np.full_like(u, np.nan)
    got = act.derivative_into(u, a, out)
    assert got is out
    np.testing.assert_array_equal(out, act.derivative(u, a))


# -- derivatives against a 50-digit reference over the whole float range -----------------------

from decimal import Decimal, localcontext  # noqa: E402

_EDGES = [0.0, 5e-324, 1e-300, 1e-20, 1e-8, 0.5, 1.0, 5.0, 10.0, 19.0, 20.0, 30.0, 36.7, 37.0, 40.0, 100.0,
          354.0, 355.0, 700.0, 709.7, 710.0, 745.0, 746.0, 1e3, 1e10, 1e300, np.finfo(float).max]
_RNG_U = np.random.default_rng(11)
WIDE_U = np.array([s * v for v in _EDGES for s in (1.0, -1.0)]
                  + list(_RNG_U.choice([-1.0, 1.0], 3000) * 10.0 ** _RNG_U.uniform(-12, 3.2, 3000)))


def _exact_derivative(name: str, u: float, alpha: float | None) -> float:
    """f′(u) in 50-digit decimal arithmetic, rounded once to float64."""
    with localcontext() as ctx:
        ctx.prec = 50
        d = Decimal(u)
        if name == "sigmoid":          # e^-|u| / (1 + e^-|u|)²
            e = (-abs(d)).exp()
            r = e / (1 + e) ** 2
        elif name == "tanh":           # 1 − tanh² = 4e^-2|u| / (1 + e^-2|u|)²
            e = (-2 * abs(d)).exp()
            r = 4 * e / (1 + e) ** 2
        elif name == "relu":
            r = Decimal(1) if d > 0 else Decimal(0)
        elif name == "leaky_relu":
            r = Decimal(1) if d > 0 else Decimal(alpha if alpha is not None else 0.01)
        elif name == "elu":
            r = Decimal(1) if d > 0 else Decimal(alpha if alpha is not None else 1.0) * d.exp()
        elif name == "linear":
            r = Decimal(1)
        else:
            raise AssertionError(name)
        return float(r)


@pytest.mark.parametrize("name, alpha", [("sigmoid", None), ("tanh", None), ("relu", None), ("leaky_relu", None),
                                         ("leaky_relu", 0.2), ("elu", None), ("elu", 1.5), ("elu", 0.3),
                                         ("linear", None)])
@pytest.mark.parametrize("dtype, rtol, tiny", [(np.float64, 4e-15, np.finfo(np.float64).tiny),
                                               (np.float32, 2e-6, np.finfo(np.float32).tiny)])
def test_every_derivative_matches_a_high_precision_reference_over_the_whole_float_range(name, alpha, dtype, rtol, tiny):
    act = make_activation(name, alpha)
    with np.errstate(under="ignore"):  # 5e-324 is 0 in float32
        u = WIDE_U[np.abs(WIDE_U) <= np.finfo(dtype).max].astype(dtype).reshape(1, -1)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        a = act.forward(u)
        got = act.derivative(u, a)
        fast = act.derivative_into(u, a, np.full_like(u, np.nan))
    want = np.array([_exact_derivative(name, float(v), alpha) for v in u[0]])
    assert got.dtype == dtype
    np.testing.assert_array_equal(fast, got)          # the training pass computes the same f′
    with np.errstate(under="ignore"):  # rtol × a subnormal reference
        err = np.abs(got[0].astype(float) - want)
        # a few ulps, or below the smallest normal number (where the format itself has no precision left)
        bad = err > np.maximum(rtol * np.abs(want), tiny)
    assert not bad.any(), [(float(u[0, i]), float(got[0, i]), want[i]) for i in np.flatnonzero(bad)[:5]]
    for v, f in ((-np.inf, 0.0 if name in ("sigmoid", "tanh", "relu", "elu") else None),
                 (np.inf, 0.0 if name in ("sigmoid", "tanh") else 1.0)):
        with np.errstate(over="ignore", invalid="ignore"):
            edge = act.derivative(np.array([[v]], dtype), act.forward(np.array([[v]], dtype)))[0, 0]
        if f is not None:
            assert edge == f, (v, edge)


def test_softmax_diagonal_matches_a_high_precision_reference():
    act = make_activation("softmax")
    rng = np.random.default_rng(5)
    u = np.concatenate([rng.normal(0, 3, (50, 3)), [[40.0, 0.0, -3.0], [0.0, 0.0, 0.0], [700.0, -700.0, 0.0],
                                                    [36.0, 36.0, 0.0], [-1e3, 1e3, 0.0]]])
    with np.errstate(under="ignore"):  # e^-1400 in the forward pass is 0, as it should be
        got = act.derivative(u, act.forward(u))
    with localcontext() as ctx:
        ctx.prec = 50
        for row, grow in zip(u, got):
            d = [Decimal(float(v)) for v in row]
            m = max(d)
            e = [(v - m).exp() for v in d]
            s = sum(e)
            for j, (ej, g) in enumerate(zip(e, grow)):
                others = sum(ek for k, ek in enumerate(e) if k != j)  # 1 − p without cancelling
                want = float(ej * others / (s * s))
                assert abs(g - want) <= max(4e-15 * abs(want), np.finfo(float).tiny), (row, g, want)


def test_elu_slope_in_the_training_pass_is_alpha_e_to_the_u():
    """The trainer's in-place backward pass (not only Activation.derivative) uses α·eᵘ: with
    pre-activations of −30, −40 and −25 the old a + α gave relative errors of 1e-3 and worse."""
    from gradsim.engine.datasets import DataSpec
    from gradsim.engine.spec import RunSpec, TrainConfig
    from gradsim.engine.topology import LayerSpec, Topology
    from gradsim.engine.trainer import Trainer

    topo = Topology(2, [LayerSpec(3, "elu", alpha=1.5), LayerSpec(2, "sigmoid")])
    params = [{"weights": [[-600.0, 0.0], [0.0, -400.0], [1.0, 1.0]], "biases": [0.0, 0.0, -25.0]},
              {"weights": [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]], "biases": [0.0, 0.0]}]
    spec = RunSpec(topo, train=TrainConfig(loss="bce", batch_size=None), data=DataSpec("seed"), parameters=params)
    tr = Trainer(spec)
    tr.step()
    u = tr.network.u[0]
    want = np.where(u > 0, 1.0, 1.5 * np.exp(u))
    np.testing.assert_allclose(tr.network.fprime[0], want, rtol=1e-15, atol=0)
    assert np.all(tr.network.fprime[0] > 0)
