"""The extras behind the Distributions view: saturated ranges as the saturation metric counts them,
distributions and the theory's prediction only when asked for (the prediction once per network),
and a live Jacobian held to a small amount of work."""

import math

import numpy as np
import pytest

from gradsim.engine.activations import make_activation
from gradsim.engine.extras import ExtrasRequest
from gradsim.engine.metrics import SATURATION_THRESHOLD, saturated_ranges
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer


@pytest.mark.parametrize("name, expected", [
    ("sigmoid", [(-math.inf, -5.99), (5.99, math.inf)]),   # σ′ = σ(1 − σ) = 0.0025 at |u| = 5.99
    ("tanh", [(-math.inf, -2.99), (2.99, math.inf)]),      # 1 − tanh² = 0.01 at |u| = 2.99
    ("relu", [(-math.inf, 0.0)]), ("elu", [(-math.inf, -4.6)]), ("leaky_relu", []), ("linear", [])])
def test_saturated_ranges_are_where_the_metric_counts_a_unit_saturated(name, expected):
    act = make_activation(name)
    ranges = saturated_ranges(act)
    assert len(ranges) == len(expected)
    for (lo, hi), (elo, ehi) in zip(ranges, expected):
        assert lo == pytest.approx(elo, abs=0.01) and hi == pytest.approx(ehi, abs=0.01)
    u = np.linspace(-30, 30, 6001)
    flat = np.abs(act.derivative(u, act.forward(u))) < SATURATION_THRESHOLD * act.max_derivative
    inside = np.zeros_like(flat)
    for lo, hi in ranges:
        inside |= (u >= lo) & (u <= hi)
    assert np.count_nonzero(flat != inside) <= 2 * len(ranges)  # at most the grid points at each end


def test_distributions_and_the_prediction_only_when_asked_and_the_prediction_once():
    trainer = Trainer(load_preset("deep-sigmoid"))
    request = ExtrasRequest()
    extras, problems = request.take(trainer, 1, 0.0, forced=True)
    assert extras.distributions is None and extras.prediction is None and extras.jacobian is None
    request.want({"distributions": True})
    extras, problems = request.take(trainer, 1, 0.0, forced=True)
    assert not problems and extras.distributions.step == 0 and len(extras.prediction) == 11
    assert extras.distributions.inputs is not trainer.network.a[0]
    trainer.step()
    later, _ = request.take(trainer, 1, 0.1, forced=False)   # before the interval: nothing
    assert later.distributions is None
    later, _ = request.take(trainer, 1, 1.0, forced=False)
    assert later.distributions.step == 1 and later.prediction is None   # the prediction went with the network
    again, _ = request.take(trainer, 2, 2.0, forced=False)               # a new network: predicted again
    assert again.prediction is not None


def test_a_live_jacobian_says_why_it_is_missing_above_its_work_limit():
    spec = load_preset("deep-sigmoid")
    request = ExtrasRequest(jacobian_work=1e3)
    request.want({"jacobian": True})
    extras, problems = request.take(Trainer(spec), 1, 0.0, forced=True)
    assert not problems and extras.jacobian.singular_values is None
    assert "above the limit" in str(extras.jacobian.reason)
    extras, _ = ExtrasRequest(views={"derivation": False, "boundary": False, "neurons": False,
                                     "distributions": False, "jacobian": True}).take(Trainer(spec), 1, 0.0, True)
    assert len(extras.jacobian.singular_values) == 4 and extras.jacobian.label == "∂a10/∂a1"
