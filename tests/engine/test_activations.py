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
