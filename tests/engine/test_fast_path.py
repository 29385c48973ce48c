"""The trainer's flat-buffer step against the straightforward per-array reference.

The trainer keeps parameters and gradients in flat buffers and measures with a handful of
vectorised calls (see trainer.py, step_meter.py). :func:`gradsim.engine.reference.step` is the
plain version -- one numpy call per parameter array, ``reference.measure``, ``reference.clip`` and
``reference.Optimizer`` -- and both must record the same history on every kind of network.
"""

import math

import numpy as np
import pytest

from gradsim.engine.datasets import DataSpec
from gradsim.engine.history import History
from gradsim.engine.initializers import Init
from gradsim.engine.metrics import LAYER_KEYS
from gradsim.engine.presets import load_preset
from gradsim.engine.reference import Optimizer
from gradsim.engine.reference import step as reference_step
from gradsim.engine.spec import RunSpec, TrainConfig
from gradsim.engine.topology import LayerSpec, Topology
from gradsim.engine.trainer import Trainer


def _mlp(layers, data="circles", loss="bce", **train):
    return RunSpec(Topology(2, layers), weight_init=Init("xavier_uniform"),
                   train=TrainConfig(loss=loss, lr=0.1, batch_size=16, **train),
                   data=DataSpec(data, 120, 0.1))


def _masked():
    spec = _mlp([LayerSpec(5, "tanh"), LayerSpec(4, "relu"), LayerSpec(1, "sigmoid")])
    mask = np.ones((4, 5), bool)
    mask[0, :3] = mask[2, 1] = False
    spec.topology.masks[1] = mask
    return spec


SPECS = {
    "seed": lambda: load_preset("seed-2-2-2"),
    "deep-sigmoid": lambda: load_preset("deep-sigmoid"),
    "deep-relu (dead units)": lambda: load_preset("deep-relu"),
    "deep-batchnorm": lambda: load_preset("deep-batchnorm"),
    "deep-residual": lambda: load_preset("deep-residual"),
    "spiral (adam)": lambda: load_preset("spiral"),
    "projection residual, momentum, value clip": lambda: _mlp(
        [LayerSpec(6, "elu"), LayerSpec(3, "leaky_relu", residual_from=1), LayerSpec(4, "tanh", residual_from=1),
         LayerSpec(1, "sigmoid")], optimizer="momentum", clip_mode="value", clip_value=0.05),
    "softmax, norm clip, frozen biases": lambda: _mlp(
        [LayerSpec(7, "relu", batch_norm=True), LayerSpec(2, "softmax")], loss="cross-entropy",
        clip_mode="norm", clip_value=0.01, train_biases=False),
    "masked edges": _masked,
    "all-zero weights (the 0/0 rules)": lambda: RunSpec(
        Topology(2, [LayerSpec(4, "relu"), LayerSpec(3, "tanh"), LayerSpec(1, "sigmoid")]),
        weight_init=Init("constant", value=0.0), train=TrainConfig(loss="bce", lr=0.1, batch_size=16),
        data=DataSpec("circles", 120, 0.1)),
    "regression, linear": lambda: RunSpec(
        Topology(1, [LayerSpec(8, "tanh"), LayerSpec(8, "linear"), LayerSpec(1, "linear")]),
        train=TrainConfig(loss="mse", lr=0.05, batch_size=None), data=DataSpec("sine", 50, 0.1)),
}


def _pair(build, dtype):
    fast = Trainer(build(), dtype=dtype)
    ref = Trainer(build(), history=History(fast.spec.topology.depth), dtype=dtype)
    opt = Optimizer(ref.spec.train.optimizer, ref.spec.train.lr, ref.spec.train.momentum)
    return fast, ref, opt


def _force_dot_path(monkeypatch):
    """Make every array count as big: one BLAS dot per array instead of the squared buffer."""
    from gradsim.engine import metrics, step_meter

    monkeypatch.setattr(metrics, "DOT_PER_SEGMENT", 0)
    monkeypatch.setattr(step_meter, "DOT_PER_SEGMENT", 0)


def _compare_runs(fast, ref, opt, steps=12):
    for _ in range(steps):
        assert fast.step() is not None
        assert math.isfinite(reference_step(ref, opt)["loss"])


@pytest.mark.parametrize("path", ["small arrays", "big arrays"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", list(SPECS))
def test_flat_step_records_what_the_reference_records(name, dtype, path, monkeypatch):
    if path == "big arrays":
        _force_dot_path(monkeypatch)
    fast, ref, opt = _pair(SPECS[name], dtype)
    _compare_runs(fast, ref, opt)
    assert fast._meter.small == (path == "small arrays")
    _assert_same_records(fast, ref, dtype)


def test_a_new_batch_size_mid_run_is_measured_right():
    fast, ref, opt = _pair(SPECS["deep-relu (dead units)"], np.float64)
    _compare_runs(fast, ref, opt, 5)
    meter = fast._meter
    for tr in (fast, ref):
        tr.spec.train.batch_size = 7
    _compare_runs(fast, ref, opt, 5)
    assert fast._meter is not meter and fast._meter.batch == 7
    assert fast.network.workspace.da[0].shape == (7, 2)
    _assert_same_records(fast, ref, np.float64)


def _assert_same_records(fast, ref, dtype):
    rtol = 1e-9 if dtype == np.float64 else 2e-3
    for key in ("step", "loss", "clip_norm_before", "clip_norm_after") + LAYER_KEYS:
        a, b = fast.history.column(key), ref.history.column(key)
        if key in ("saturated", "dead") and dtype == np.float64:
            assert np.array_equal(a, b), key  # counts: exact
        else:
            np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-300 if dtype == np.float64 else 1e-6, err_msg=key)
    for wf, wr in zip(fast.network.W, ref.network.W):
        np.testing.assert_allclose(wf, wr, rtol=rtol, atol=1e-12 if dtype == np.float64 else 1e-5)


def test_last_metrics_are_this_steps_and_measure_false_records_nan():
    tr = Trainer(load_preset("deep-sigmoid"))
    tr.step()
    assert set(tr.last_metrics) == set(LAYER_KEYS)
    assert np.array_equal(tr.last_metrics["grad_norm"], tr.history.last("grad_norm"))
    quiet = Trainer(load_preset("deep-sigmoid"), measure=False)
    quiet.run(3)
    assert quiet.last_metrics is None and np.all(np.isnan(quiet.history.column("grad_norm")))
    # The run itself is the same with or without measurements.
    tr.run(2)
    assert np.array_equal(tr.history.column("loss"), quiet.history.column("loss"))
    assert all(np.array_equal(a, b) for a, b in zip(tr.network.W, quiet.network.W))


def test_parameters_are_views_of_one_buffer_and_survive_replacement():
    tr = Trainer(load_preset("deep-batchnorm"))
    net = tr.network
    assert all(np.shares_memory(w, net.flat) for w in net.W + net.b)
    tr.run(2)
    # Someone replaces an array instead of writing into it: the next step re-gathers them.
    net.W[3] = net.W[3].copy()
    net.b[0] = net.b[0] + 0.0
    w3 = net.W[3].copy()
    tr.step()
    assert np.shares_memory(net.W[3], net.flat) and not np.array_equal(w3, net.W[3])
    ref = Trainer(load_preset("deep-batchnorm"))
    ref.run(3)
    assert all(np.array_equal(a, b) for a, b in zip(ref.network.W, net.W))


def test_scratch_copies_do_not_touch_the_trainers_gradients():
    from gradsim.engine.gradcheck import check_weight

    tr = Trainer(load_preset("deep-sigmoid"))
    tr.run(3)
    before = [g.copy() for g in tr.network.dW]
    check_weight(tr, 2, 1, 0)  # a scratch copy runs its own forward/backward
    assert all(np.array_equal(a, b) for a, b in zip(before, tr.network.dW))
