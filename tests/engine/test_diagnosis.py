"""The verdict: one definition (the lecture's), on synthetic histories and on every preset × seed."""

import math

import numpy as np
import pytest

from gradsim.engine.diagnosis import (DEAD_FRACTION, EXPLODING_FLOW, GROWTH_WINDOW, LEVELS, VANISHING_FLOW,
                                      WINDOW_ROWS, Context, chance_loss, context_for, diagnose, ratio_text)
from gradsim.engine.history import BoundedHistory, History
from gradsim.engine.metrics import LAYER_KEYS
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import NonFinite, RunEvent, Trainer

CTX = Context(depth=4, chance_loss=0.69)  # three hidden layers and the output


def history_with(n_steps, depth=4, history=None, **columns):
    """``n_steps`` rows of healthy values (loss 0.5, level gradients); ``columns`` override."""
    h = history if history is not None else BoundedHistory(depth, 256)
    rows = {"step": np.arange(1, n_steps + 1, dtype=float), "loss": np.full(n_steps, 0.5)}
    for key in LAYER_KEYS:
        rows[key] = np.full((n_steps, depth), 0.0 if key in ("dead", "saturated") else 1.0)
    for key, value in columns.items():
        rows[key] = np.broadcast_to(np.asarray(value, dtype=float), rows[key].shape).copy()
    h.extend(rows)
    return h


def test_levels_are_the_documented_list():
    assert LEVELS == ("idle", "healthy", "converged", "vanishing", "exploding", "nonfinite", "dead", "saturated")


def test_ratio_text():
    assert [ratio_text(v) for v in (1e-6, 3.2e-4, 0.22, 1000, 9.7e-7, 9.97e-7, 1.66e-5, math.inf, 0.0)] == \
        ["1e-6", "3.2e-4", "0.22", "1,000", "9.7e-7", "1e-6", "1.7e-5", "∞", "0"]


def test_idle_then_nonfinite_first():
    assert diagnose(BoundedHistory(4), CTX).level == "idle"
    nf = NonFinite(142, 2, "gradients")
    for given in (nf, nf.to_dict()):
        d = diagnose(history_with(5, out_grad_norm=[1e-9, 1, 1, 1]), CTX, given)
        assert d.level == "nonfinite" and d.text.startswith("Overflow: " + nf.message)
        assert d.to_dict() == {"level": "nonfinite", "text": str(d.text)}


def test_vanishing_is_measured_through_the_hidden_layers_only():
    # layer 1 receives 1e-6 of what the last hidden layer (3) receives: vanishing
    d = diagnose(history_with(30, out_grad_norm=[1e-6, 1e-3, 1.0, 1.0]), CTX)
    assert d.level == "vanishing"
    assert d.text == ("Vanishing: the gradient reaching layer 1 is 1e-6 of the gradient reaching layer 3 — it "
                      "shrinks on its way down through the hidden layers")
    # a factor common to every layer (a saturated output: its ∂L/∂a dwarfs everything below) is not
    d = diagnose(history_with(30, out_grad_norm=[1.0, 0.9, 1.1, 1e7]), CTX)
    assert d.level == "healthy" and "is 0.91× the gradient reaching layer 3" in d.text


def test_exploding_by_flow_and_by_growth():
    d = diagnose(history_with(30, out_grad_norm=[5e4, 10.0, 1.0, 1.0]), CTX)
    assert d.level == "exploding" and "layer 1 is 5e4× the gradient reaching layer 3" in d.text
    gn = np.ones((40, 4))
    gn[-10:] *= 1000.0
    d = diagnose(history_with(40, grad_norm=gn), CTX)
    assert d.level == "exploding" and d.text.startswith("Exploding: the gradient norm grew 1,000× in 18 step(s)")


def test_thresholds_are_inclusive_and_no_closer():
    assert diagnose(history_with(30, out_grad_norm=[VANISHING_FLOW, 1, 1, 1]), CTX).level == "vanishing"
    assert diagnose(history_with(30, out_grad_norm=[2 * VANISHING_FLOW, 1, 1, 1]), CTX).level == "healthy"
    assert diagnose(history_with(30, out_grad_norm=[EXPLODING_FLOW, 1, 1, 1]), CTX).level == "exploding"
    assert diagnose(history_with(30, out_grad_norm=[EXPLODING_FLOW / 2, 1, 1, 1]), CTX).level == "healthy"


def test_noisy_minibatch_spikes_are_not_an_explosion():
    rng = np.random.default_rng(0)
    gn = np.exp(rng.normal(0, 1.5, size=(200, 4)))  # spiky but stationary
    gn[-1] *= 300  # one wild batch at the end
    assert diagnose(history_with(200, grad_norm=gn), CTX).level != "exploding"


def test_converged_network_is_told_it_has_learned_even_with_tiny_gradients():
    # loss 1e-5 against a constant guess's 0.69; the early layers' gradients look vanishingly small
    d = diagnose(history_with(30, loss=1e-5, out_grad_norm=[1e-7, 1e-6, 1e-5, 1.0]), CTX)
    assert d.level == "converged" and d.text.startswith("Converged: training loss 1e-5") and "0.69" in d.text
    # without a yardstick (chance loss 0) nothing is called converged
    assert diagnose(history_with(30, loss=1e-5), Context(4, 0.0)).level == "healthy"


def test_dead_units_and_the_explosion_that_killed_them():
    d = diagnose(history_with(10, dead=[0.0, 0.75, 0.0, 0.0]), CTX)
    assert d.level == "dead" and d.text.startswith("Dead units: 75% of layer 2's units have f′ = 0")
    d = diagnose(history_with(10, dead=[0.0, 1.0, 0.0, 0.0]), CTX)
    assert d.level == "dead" and d.text.startswith("Dead layer: every unit of layer 2 has f′ = 0")
    # the output layer's dead fraction is not a hidden layer's
    assert diagnose(history_with(10, dead=[0.0, 0.0, 0.0, 1.0]), CTX).level == "healthy"
    below = history_with(10, dead=[0.0, DEAD_FRACTION - 0.01, 0.0, 0.0])
    assert diagnose(below, CTX).level == "healthy"
    boom = RunEvent(7, 1, "dead_layer", {"step": 6, "update_ratio": 171.0})
    for events in ([boom], [boom.to_dict()]):
        d = diagnose(history_with(10, dead=[0.0, 1.0, 0.0, 0.0]), CTX, events=events)
        assert d.level == "dead" and d.text.startswith(
            "Dead units: the exploding update at step 6 (it changed weights by 171× their own size) switched off "
            "100% of layer 2's units")
    # an explosion that killed another layer, now alive again, is not blamed for this one
    other = RunEvent(7, 2, "dead_layer", {"step": 6, "update_ratio": 171.0})
    d = diagnose(history_with(10, dead=[0.0, 1.0, 0.0, 0.0]), CTX, events=[other])
    assert d.text.startswith("Dead layer: every unit of layer 2")


def test_saturated_after_the_flow():
    d = diagnose(history_with(10, saturated=[0.95, 0.0, 0.0, 1.0]), CTX)
    assert d.level == "saturated" and d.text.startswith("Saturated: 95% of layer 1's activations")
    d = diagnose(history_with(10, saturated=[0.95, 0.0, 0.0, 0.0], out_grad_norm=[1e-5, 1, 1, 1]), CTX)
    assert d.level == "vanishing"


def test_shallow_networks():
    assert diagnose(history_with(5, depth=2), Context(2, 0.69)).text.startswith("Healthy: one hidden layer")
    assert diagnose(history_with(5, depth=1), Context(1, 0.69)).text.startswith("Healthy: no hidden layer")


class _Window:
    """Only the newest rows of a history: what a streamed or bounded record may still hold."""

    def __init__(self, history, rows):
        self.h, self.rows = history, rows

    def __len__(self):
        return min(len(self.h), self.rows)

    def column(self, key):
        return self.h.column(key)[-self.rows:]


def test_reads_only_a_recent_window_of_rows():
    rng = np.random.default_rng(1)
    og = np.ones((500, 4))
    og[:400, 0] = 1e-8                                # vanishing long ago, not any more
    gn = np.exp(rng.normal(0, 0.3, (500, 4)))
    full = history_with(500, history=History(4), out_grad_norm=og, grad_norm=gn, loss=np.linspace(0.7, 0.2, 500))
    window = _Window(full, max(WINDOW_ROWS, GROWTH_WINDOW + 1))
    assert diagnose(full, CTX) == diagnose(window, CTX)
    assert diagnose(window, CTX).level == "healthy"
    bounded = BoundedHistory(4, 64)   # a long run thinned to 64 rows: the verdict still works
    history_with(500, history=bounded, out_grad_norm=og, grad_norm=gn)
    assert len(bounded) <= 64 and diagnose(bounded, CTX).level == "healthy"


def test_chance_loss_is_the_best_constant_guess():
    t = np.array([[0.0], [1.0], [1.0], [0.0]])
    assert chance_loss("bce", t) == pytest.approx(math.log(2))
    assert chance_loss("mse", np.array([[1.0], [3.0]])) == pytest.approx(1.0)
    assert chance_loss("half-sse", np.array([[1.0, 0.0], [3.0, 0.0]])) == pytest.approx(0.5)
    onehot = np.eye(3)[[0, 1, 2, 0]]
    p = np.array([0.5, 0.25, 0.25])
    assert chance_loss("cross-entropy", onehot) == pytest.approx(-(2 * math.log(p[0]) + 2 * math.log(0.25)) / 4)
    # one sample (the lecture's): the midpoint guess 0.5 stands in → ½((0.01 − .5)² + (0.99 − .5)²)
    assert chance_loss("half-sse", np.array([[0.01, 0.99]])) == pytest.approx(0.2401)


# -- the presets, every seed, three training lengths --------------------------------------------

LENGTHS = (20, 300, 3000)
DEEP = ("deep-sigmoid", "deep-exploding", "deep-relu", "deep-leaky-relu", "deep-elu", "deep-batchnorm",
        "deep-residual")


def preset_levels(preset: str, seed: int) -> dict[int, str]:
    """``{steps: diagnosis level}`` of one run, trained once up to the longest length."""
    spec = load_preset(preset)
    spec.train.seed = seed
    tr = Trainer(spec)
    ctx, out = context_for(tr), {}
    for n in LENGTHS:
        tr.run(n - tr.step_count)
        out[n] = diagnose(tr.history, ctx, tr.nonfinite, tr.events).level
    return out


@pytest.fixture(scope="module")
def table():
    """(preset, seed) → levels for the deep presets, seeds 0–9: 70 runs of up to 3000 steps, on
    every core (the runs are independent and deterministic)."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    keys = [(p, s) for p in DEEP for s in range(10)]
    workers = max(1, min(4, os.cpu_count() or 1))
    if workers == 1:
        return {k: preset_levels(*k) for k in keys}
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return dict(zip(keys, pool.map(preset_levels, *zip(*keys))))


def test_deep_sigmoid_vanishes_on_every_seed(table):
    assert {s: set(table["deep-sigmoid", s].values()) for s in range(10)} == {s: {"vanishing"} for s in range(10)}


def test_deep_exploding_explodes_on_every_seed(table):
    for s in range(10):
        assert set(table["deep-exploding", s].values()) <= {"exploding", "nonfinite"}, (s, table["deep-exploding", s])


@pytest.mark.parametrize("preset", DEEP[2:])
def test_remedies_never_vanish_or_explode_on_any_seed(table, preset):
    seen = {seed: table[preset, seed] for seed in range(10)}
    bad = {seed: lv for seed, lv in seen.items() if {"vanishing", "exploding", "nonfinite"} & set(lv.values())}
    assert not bad, bad
    # and the ones that learn are told so once they have
    assert any(lv[3000] == "converged" for lv in seen.values()) or preset in ("deep-batchnorm", "deep-residual")


def test_a_converged_relu_net_was_called_vanishing_by_the_old_output_layer_ratio():
    """The case that was seen: the output sigmoid saturates once deep-relu has learned, so the
    gradient reaching layer 1 is a tiny fraction of the output layer's ‖∂L/∂a‖, while the hidden
    layers pass the gradient on at full strength."""
    tr = Trainer(load_preset("deep-relu"))
    tr.run(3000)
    og = tr.history.column("out_grad_norm")[-WINDOW_ROWS:]
    old = np.median(og[:, 0] / og[:, -1])                  # what the old status bar divided by
    hidden = np.median(og[:, 0] / og[:, -2])               # through the hidden layers only
    assert old < 1e-2 and 1e-2 < hidden < 1e2 and hidden > 100 * old
    assert diagnose(tr.history, context_for(tr), tr.nonfinite, tr.events).level == "converged"


def test_relu_units_killed_by_an_explosion_are_told_so():
    """The old deep-exploding (ReLU, 3× He, lr 0.01) on seed 1: the gradient grows ~200× and the
    huge update switches every ReLU of some layers off for good — no overflow ever happens."""
    from gradsim.engine.initializers import Init
    from gradsim.engine.presets import _deep

    spec = _deep("relu", init=Init("normal", sigma=1.5), lr=0.01)
    spec.train.seed = 1
    tr = Trainer(spec)
    tr.run(300)
    assert tr.nonfinite is None
    d = diagnose(tr.history, context_for(tr), tr.nonfinite, tr.events)
    assert d.level == "dead" and "the exploding update at step" in d.text and "switched off" in d.text
    assert any(e.explosion and e.explosion["update_ratio"] >= 1.0 for e in tr.events)
