"""A trainer's passes can be cancelled between layers (a closing window must not wait for a long
step of a huge network): the step ends with Cancelled, applies nothing, and costs nothing when no
one asks."""

import numpy as np
import pytest

from gradsim.engine.boundary import decision_grid
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Cancelled, Trainer


class After:
    """A cancel check that says "stop" from its ``n``-th question on."""

    def __init__(self, n: int):
        self.n, self.asked = n, 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.asked >= self.n


@pytest.mark.parametrize("at", [1, 5, 11, 12, 21])  # deep-sigmoid: 11 layers forward, 11 backward
def test_a_cancelled_step_stops_at_a_layer_and_changes_no_parameter(at):
    cancel = After(at)
    tr = Trainer(load_preset("deep-sigmoid"), cancel=cancel)
    before = tr.network.flat.copy()
    with pytest.raises(Cancelled):
        tr.step()
    assert cancel.asked == at  # asked once per layer, stopped at once
    np.testing.assert_array_equal(tr.network.flat, before)
    assert tr.step_count == 0 and len(tr.history) == 0 and tr.nonfinite is None


def test_every_layer_of_both_passes_is_asked_and_training_is_unchanged():
    cancel = After(10**9)
    asked = Trainer(load_preset("deep-residual"), cancel=cancel)
    plain = Trainer(load_preset("deep-residual"))
    asked.run(3)
    plain.run(3)
    assert cancel.asked == 3 * 2 * plain.network.depth
    np.testing.assert_array_equal(asked.network.flat, plain.network.flat)


def test_evaluation_passes_are_cancellable_too():
    tr = Trainer(load_preset("spiral"), cancel=lambda: True)
    with pytest.raises(Cancelled):
        tr.test_loss()
    with pytest.raises(Cancelled):
        decision_grid(tr, 20)
