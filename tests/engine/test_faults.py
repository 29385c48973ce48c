"""Numerical faults: each is detected by the Trainer, reported with its layer and step, stops the
run without raising (numpy warnings are errors in these tests, see conftest.py), leaves finite
weights behind, and a fresh Trainer for the same spec (the app's Reset) starts clean.

Datasets are generated, so a spec cannot carry NaN data: bad data is poked into ``x_train`` /
``t_train`` of a live trainer, as a corrupted file or a bug upstream would leave it. Settings are
limited to the control panel's ranges (``limits``), so a learning rate beyond them is set on the
live optimiser; huge weights come as explicit parameters, which a file may hold (any finite value).
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradsim.engine.initializers import Init
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer


def _assert_stopped_cleanly(tr: Trainer, quantity: str, layer, max_step: int):
    nf = tr.nonfinite
    assert tr.stopped and nf is not None
    assert nf.quantity == quantity, nf
    assert nf.layer == layer, nf
    assert 1 <= nf.step <= max_step
    assert tr.step_count == nf.step - 1 == len(tr.history)  # the failed step was not recorded
    d = nf.to_dict()
    assert d["step"] == nf.step and d["quantity"] == quantity
    assert f"at step {nf.step}" in d["message"]
    assert f"in layer {layer + 1}" in d["message"]
    # Stopped means stopped: nothing moves any more.
    weights = [w.copy() for w in tr.network.W]
    assert tr.step() is None and tr.run(10) == 0
    assert tr.step_count == nf.step - 1
    assert all(np.array_equal(a, b) for a, b in zip(weights, tr.network.W))
    # The history holds only finite losses.
    assert np.all(np.isfinite(tr.history.column("loss")))


def _scaled(preset: str, factor: float):
    """``preset`` with explicit initial weights: its own, times ``factor`` (finite, but huge)."""
    spec = load_preset(preset)
    spec.parameters = Trainer(spec).network.state()
    for layer in spec.parameters:
        layer["weights"] *= factor
    return spec


def _assert_reset_recovers(tr: Trainer, steps: int = 30):
    fresh = tr.reset()
    assert not fresh.stopped and fresh.step_count == 0 and len(fresh.history) == 0
    assert fresh.run(steps) == steps
    assert np.all(np.isfinite(fresh.history.column("loss")))
    assert all(np.all(np.isfinite(w)) for w in fresh.network.W)
    return fresh


def test_huge_learning_rate_overflows_the_update_of_layer_1():
    tr = Trainer(load_preset("deep-sigmoid"))
    tr.optimizer.lr = 1e300
    tr.run(100)
    _assert_stopped_cleanly(tr, "update", 0, max_step=1)
    assert all(np.all(np.isfinite(w)) for w in tr.network.W)  # the bad update was not applied
    # The same rate fails the same way on a fresh trainer (deterministic); the spec's rate trains.
    again = tr.reset()
    again.optimizer.lr = 1e300
    again.run(100)
    assert again.nonfinite == tr.nonfinite
    _assert_reset_recovers(tr)


def test_huge_learning_rate_on_relu_ends_in_a_nonfinite_loss_a_step_later():
    tr = Trainer(load_preset("deep-relu"))
    tr.optimizer.lr = 1e30
    tr.run(100)
    # step 2's activations are huge but finite; their loss is not: the output layer is named
    _assert_stopped_cleanly(tr, "loss", tr.network.depth - 1, max_step=2)
    _assert_reset_recovers(tr)


def test_huge_init_overflows_the_activations_of_a_named_layer():
    spec = _scaled("deep-relu", 1e40)
    tr = Trainer(spec)
    tr.run(10)
    # |a_l| grows ~1e40 per layer: the first infinite output is where the product passes 1e308.
    first_inf = next(k for k, a in enumerate(tr.network.a[1:]) if not np.all(np.isfinite(a)))
    _assert_stopped_cleanly(tr, "activations", first_inf, max_step=1)
    assert 5 <= first_inf <= 9
    tr.spec.parameters = None
    tr.spec.weight_init = Init("he_normal")
    _assert_reset_recovers(tr)


def test_huge_init_whose_norm_overflows_stops_at_that_layer():
    spec = _scaled("deep-sigmoid", 1e300)  # finite weights, ‖W‖² = ∞; sigmoid keeps a finite
    tr = Trainer(spec)
    tr.run(10)
    _assert_stopped_cleanly(tr, "update", 0, max_step=1)
    tr.spec.parameters = None
    _assert_reset_recovers(tr)


def test_a_loss_that_overflows_on_finite_outputs_names_the_output_layer():
    # a linear output of ~1e200 is finite; its squared error is not
    from gradsim.engine.datasets import DataSpec
    from gradsim.engine.spec import RunSpec, TrainConfig
    from gradsim.engine.topology import LayerSpec, Topology

    spec = RunSpec(Topology(1, [LayerSpec(4, "tanh"), LayerSpec(1, "linear")]),
                   train=TrainConfig(loss="mse"), data=DataSpec("sine", 20))
    spec.parameters = Trainer(spec).network.state()
    spec.parameters[1]["weights"][:] = 1e200
    tr = Trainer(spec)
    tr.run(3)
    assert np.all(np.isfinite(tr.network.a[-1]))
    _assert_stopped_cleanly(tr, "loss", 1, max_step=1)


def test_nan_in_the_inputs_is_reported_at_the_first_batch_that_holds_it():
    spec = load_preset("xor")  # minibatches of 16, shuffled
    tr, twin = Trainer(spec), Trainer(spec)
    for t in (tr, twin):
        t.x_train[37, 1] = np.nan
    expected = next(i for i in range(1, 1000) if np.isnan(twin.next_batch()[0]).any())
    tr.run(1000)
    _assert_stopped_cleanly(tr, "activations", 0, max_step=expected)
    assert tr.nonfinite.step == expected
    _assert_reset_recovers(tr)  # the fresh trainer regenerates its data from the spec


def test_infinite_inputs_through_tanh_surface_as_gradients_of_layer_1():
    # tanh(±inf) = ±1 keeps the forward pass finite; ∂L/∂W1 = δ·x is where the infinity shows.
    spec = load_preset("xor")
    spec.train.batch_size = None
    tr = Trainer(spec)
    tr.x_train[:, 0] = np.inf
    tr.run(5)
    _assert_stopped_cleanly(tr, "gradients", 0, max_step=1)
    _assert_reset_recovers(tr)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_bad_targets_give_a_nonfinite_loss_of_the_output_layer(bad):
    spec = load_preset("circles")
    spec.train.batch_size = None
    tr = Trainer(spec)
    tr.t_train[5, 0] = bad
    tr.run(5)
    _assert_stopped_cleanly(tr, "loss", tr.network.depth - 1, max_step=1)
    _assert_reset_recovers(tr)


def test_exploding_net_stops_at_the_layer_where_gradients_overflow():
    # a deep ReLU net at 3× He's scale whose gradients (not activations) overflow first, at step 7
    from gradsim.engine.initializers import Init
    from gradsim.engine.presets import _deep

    spec = _deep("relu", init=Init("normal", sigma=1.5), lr=0.01)
    spec.name = "relu-3x-he"
    tr = Trainer(spec)
    tr.run(500)
    nf = tr.nonfinite
    assert nf is not None and nf.quantity == "gradients" and nf.layer is not None
    net = tr.network
    with np.errstate(all="ignore"):
        bad = [k for k in range(net.depth)
               if not all(math.isfinite(float(np.vdot(g[k], g[k]))) for g in (net.dW, net.db))]
    assert bad and nf.layer == max(bad)  # nearest the output, where backprop carried it down from
    _assert_stopped_cleanly(tr, "gradients", nf.layer, max_step=500)
    tr.spec.train.clip_mode, tr.spec.train.clip_value = "norm", 1.0
    _assert_reset_recovers(tr, steps=200)


def test_zero_variance_batches_under_batch_norm_are_reported_and_stay_finite():
    tr = Trainer(load_preset("deep-batchnorm"))
    assert tr.run(5) == 5 and tr.events == []  # ordinary data: nothing to report
    tr.x_train[:] = 0.25  # every sample identical: every BN layer sees zero variance
    assert tr.run(20) == 20 and not tr.stopped  # a warning, not a stop (test_trainer.py wants it so)
    for key in ("loss", "grad_norm", "backward_gain", "update_ratio", "saturated", "dead"):
        assert np.all(np.isfinite(tr.history.column(key))), key
    zero = [e for e in tr.events if e.kind == "zero_variance"]
    assert [e.layer for e in zero] == list(range(10))  # all ten BN layers, each reported once
    assert all(e.step == 6 for e in zero)
    d = zero[0].to_dict()
    assert d["layer"] == 0 and d["step"] == 6 and "layer 1" in d["message"] and "step 6" in d["message"]
    fresh = tr.reset()
    assert fresh.run(5) == 5 and fresh.events == []


def test_batch_norm_with_one_constant_unit_names_that_layer():
    tr = Trainer(load_preset("deep-batchnorm"))
    tr.network.W[3][2, :] = 0.0  # unit 2 of layer 4 gets the same input (its bias) for every sample
    tr.run(1)
    assert [(e.kind, e.layer, e.step) for e in tr.events] == [("zero_variance", 3, 1)]


def test_an_all_dead_relu_layer_is_measured_not_a_crash():
    tr = Trainer(load_preset("deep-relu"))
    tr.network.b[2][:] = -1e3  # layer 3: every unit off for every input
    assert tr.run(5) == 5 and not tr.stopped
    dead, gain = tr.history.column("dead"), tr.history.column("backward_gain")
    grad, ratio = tr.history.column("grad_norm"), tr.history.column("update_ratio")
    assert np.all(dead[:, 2] == 1.0) and np.all(tr.history.column("saturated")[:, 2] == 1.0)
    # Nothing flows below the dead layer: zero gradients, gain 0 (not 0/0 = NaN), ratio 0.
    assert np.all(grad[:, :3] == 0) and np.all(gain[:, :3] == 0) and np.all(ratio[:, :3] == 0)
    assert np.all(np.isfinite(gain)) and np.all(np.isfinite(tr.history.column("loss")))
    assert tr.history.column("bias_grad_norm")[:, 3:].max() > 0  # above it, learning goes on
    assert all(np.all(np.isfinite(w)) for w in tr.network.W)
    # Reported once, with layer and step (a warning: training goes on, as dead units may revive).
    # The layers above see a constant 0 input and a zero bias, so u = 0 and they are dead too.
    assert [(e.kind, e.step) for e in tr.events] == [("dead_layer", 1)] * len(tr.events)
    assert tr.events[0].layer == 2 and all(e.layer > 2 for e in tr.events[1:])
    assert "layer 3" in tr.events[0].message and "step 1" in tr.events[0].message
    fresh = tr.reset()
    assert fresh.run(5) == 5 and fresh.events == [] and np.all(fresh.history.column("dead")[:, 2] < 1)


@settings(max_examples=60, deadline=None)
@given(preset=st.sampled_from(["xor", "circles", "deep-relu", "deep-batchnorm", "deep-residual", "spiral"]),
       value=st.sampled_from([np.nan, np.inf, -np.inf, 1e308, -1e308, 1e200]),
       where=st.sampled_from(["x", "t"]), row=st.integers(0, 10_000), col=st.integers(0, 1),
       lr=st.sampled_from([None, 1e10, 1e300]))
def test_fuzzed_faults_never_raise_and_always_leave_a_consistent_record(preset, value, where, row, col, lr):
    spec = load_preset(preset)
    tr = Trainer(spec)
    if lr is not None:
        tr.optimizer.lr = lr
    data = tr.x_train if where == "x" else tr.t_train
    data[row % len(data), col % data.shape[1]] = value
    done = tr.run(40)
    assert done == tr.step_count == len(tr.history)
    assert np.all(np.isfinite(tr.history.column("loss")))
    if tr.stopped:
        nf = tr.nonfinite
        assert nf.step == done + 1 and nf.quantity in ("activations", "loss", "gradients", "update")
        assert nf.layer is not None and 0 <= nf.layer < tr.network.depth
        assert tr.step() is None
    else:
        assert done == 40
    assert not tr.reset().stopped


def test_an_update_whose_parts_are_finite_but_whose_norm_overflows_names_the_largest_layer():
    """Each layer's Σδ² is finite, only their sum overflows: the layer with the largest value is named."""
    spec = load_preset("circles")
    spec.train.batch_size = None
    twin = Trainer(spec)
    twin.step()
    g = twin._grad_buf  # the step's gradient, laid out like the parameters
    starts = list(twin.network.segment_starts(True)) + [g.size]
    parts = [(float(np.vdot(g[a:b], g[a:b])), float(np.max(np.abs(g[a:b]))), k)
             for (_, k), a, b in zip(twin.network.flat_segments(True), starts, starts[1:])]
    per_layer = {k: sum(s for s, _, j in parts if j == k) for _, _, k in parts}
    lr = math.sqrt(1.5e308) / math.sqrt(max(per_layer.values()))  # every layer's Σδ² <= 1.5e308 ...
    assert 2 * math.log(lr) + math.log(sum(per_layer.values())) > math.log(1.79e308)  # ... not their sum
    tr = Trainer(spec)
    tr.optimizer.lr = lr
    tr.run(3)
    assert tr._bad_layers(tr.optimizer.last_update, True) == []  # no single layer is non-finite
    _assert_stopped_cleanly(tr, "update", max(parts, key=lambda p: p[1])[2], max_step=1)
