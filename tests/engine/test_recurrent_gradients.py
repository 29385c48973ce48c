"""Backpropagation through time against finite differences: every cell, full and truncated, both
kinds of task (one loss at the end; a loss at every step), every parameter entry.

The truncated gradient is checked against finite differences of the truncated objective (each
loss term computed from a frozen state K steps back: :mod:`tests.engine.recurrent_reference`), so
the definition in :mod:`gradsim.engine.recurrent` is what is tested, not just self-consistency.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradsim.engine.cells import CELL_NAMES
from gradsim.engine.trainer import Trainer
from tests.engine.gradcheck import ABS_FLOOR, REL_TOL
from tests.engine.recurrent_reference import TASKS, small_spec, states, truncated_loss

STEP = 1e-5


def worst_error(spec, n_samples=4):
    """The largest relative error of backprop's gradient against the truncated objective's
    five-point finite differences, over every parameter entry."""
    tr = Trainer(spec)
    net = tr.network
    X, Y = tr.x_train[:n_samples], tr.t_train[:n_samples]
    with np.errstate(all="ignore"):
        net.forward(X)
        loss = net.loss_value(Y, spec.train.loss)
        net.backward(Y, spec.train.loss)
    grad = np.concatenate([net.grads[k].ravel() for k in net.flat_segments(True)])
    P = net.views
    K = spec.recurrent.window
    frozen = states(spec.recurrent.cell, X, {k: v.copy() for k, v in P.items()}, net.H)
    assert truncated_loss(net, spec, X, Y, P, frozen, K) == pytest.approx(loss, rel=1e-12, abs=1e-14)
    flat, worst = net.flat, 0.0
    for idx in range(flat.size):
        old = flat[idx]

        def f(d):
            flat[idx] = old + d
            return truncated_loss(net, spec, X, Y, P, frozen, K)

        num = (-f(2 * STEP) + 8 * f(STEP) - 8 * f(-STEP) + f(-2 * STEP)) / (12 * STEP)
        flat[idx] = old
        worst = max(worst, abs(num - grad[idx]) / max(abs(num), abs(grad[idx]), ABS_FLOOR / REL_TOL))
    return worst


@pytest.mark.parametrize("cell", CELL_NAMES)
@pytest.mark.parametrize("task", list(TASKS))
def test_full_bptt_matches_finite_differences(cell, task):
    assert worst_error(small_spec(cell, task)) < REL_TOL


@pytest.mark.parametrize("cell", CELL_NAMES)
@pytest.mark.parametrize("task", ["memory", "sine-next"])
@pytest.mark.parametrize("K", [1, 2, 4])
def test_truncated_bptt_matches_the_truncated_objective(cell, task, K):
    assert worst_error(small_spec(cell, task, T=5, bptt=K)) < REL_TOL


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cell=st.sampled_from(CELL_NAMES), task=st.sampled_from(list(TASKS)), T=st.integers(1, 6),
       H=st.integers(1, 3), K=st.one_of(st.none(), st.integers(1, 7)), seed=st.integers(0, 10_000))
def test_any_shape_and_window(cell, task, T, H, K, seed):
    assert worst_error(small_spec(cell, task, T=T, H=H, bptt=K, seed=seed), n_samples=3) < REL_TOL


@pytest.mark.parametrize("cell", CELL_NAMES)
def test_a_window_of_T_or_more_is_full_bptt_and_windows_run_side_by_side(cell):
    """K ≥ T gives the full gradient bit for bit; a many-to-many task's side-by-side windows
    (K < T) give what one backward pass per loss term gives."""
    grads = {}
    for K in (None, 5, 9):
        tr = Trainer(small_spec(cell, "sine-next", T=5, bptt=K))
        tr.network.forward(tr.x_train[:4])
        tr.network.loss_value(tr.t_train[:4], "mse")
        tr.network.backward(tr.t_train[:4], "mse")
        grads[K] = np.concatenate([g.ravel() for g in tr.network.grads.values()])
    assert np.array_equal(grads[None], grads[5]) and np.array_equal(grads[None], grads[9])


@pytest.mark.parametrize("cell", CELL_NAMES)
def test_truncation_stops_the_gradient_K_steps_back(cell):
    """One loss at the end, window K: ∂L/∂h_t is 0 exactly for t ≤ T − K and not for the K steps
    that follow; weight_ih gets nothing from the inputs those steps read."""
    T, K = 8, 3
    tr = Trainer(small_spec(cell, "memory", T=T, bptt=K))
    net = tr.network
    net.forward(tr.x_train[:4])
    net.loss_value(tr.t_train[:4], "bce")
    net.backward(tr.t_train[:4], "bce")
    norms = np.sqrt((net.workspace.dh[1:] ** 2).sum(axis=(1, 2)))
    assert np.all(norms[: T - K] == 0) and np.all(norms[T - K:] > 0)
    assert np.all(net.workspace.dgi[: T - K] == 0)
