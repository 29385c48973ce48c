"""Trainer behaviour: determinism, batching, optimisers, clipping, guards, live learning rate."""

import numpy as np
import pytest

from gradsim.engine.datasets import DataSpec
from gradsim.engine.history import BoundedHistory
from gradsim.engine.metrics import LAYER_KEYS
from gradsim.engine.presets import load_preset
from gradsim.engine.spec import RunSpec, TrainConfig
from gradsim.engine.topology import LayerSpec, Topology
from gradsim.engine.trainer import Trainer


def _spec(**train):
    topo = Topology(2, [LayerSpec(6, "tanh"), LayerSpec(6, "relu"), LayerSpec(1, "sigmoid")])
    return RunSpec(topo, train=TrainConfig(loss="bce", lr=0.1, **train), data=DataSpec("circles", 100, 0.1))


def _all_rows(tr):
    return {k: tr.history.column(k).copy() for k in ("loss", "clip_norm_before") + LAYER_KEYS}


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_same_seed_gives_bit_identical_histories(optimizer):
    a, b = Trainer(_spec(optimizer=optimizer, batch_size=10)), Trainer(_spec(optimizer=optimizer, batch_size=10))
    a.run(40), b.run(40)
    ra, rb = _all_rows(a), _all_rows(b)
    assert all(np.array_equal(ra[k], rb[k]) for k in ra)
    c = Trainer(_spec(optimizer=optimizer, batch_size=10, seed=1))
    c.run(40)
    assert not np.array_equal(ra["loss"], c.history.column("loss"))


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_every_optimizer_lowers_the_loss(optimizer):
    tr = Trainer(_spec(optimizer=optimizer, batch_size=None))
    tr.lr = 0.01 if optimizer == "adam" else 0.3
    tr.run(300)
    loss = tr.history.column("loss")
    assert loss[-10:].mean() < 0.8 * loss[:10].mean()


def test_batches_single_sample_minibatch_and_full():
    full = Trainer(_spec(batch_size=None))
    assert len(full.next_batch()[0]) == len(full.x_train) == 80
    one = Trainer(_spec(batch_size=1))
    xs = [one.next_batch()[0] for _ in range(80)]
    assert all(len(x) == 1 for x in xs)
    assert len({tuple(x[0]) for x in xs}) == 80  # an epoch visits every sample once
    mini = Trainer(_spec(batch_size=16))
    assert len(mini.next_batch()[0]) == 16


def test_clipping_by_norm_and_value_records_the_norm_before():
    tr = Trainer(_spec(clip_mode="norm", clip_value=1e-3))
    tr.step()
    before, after = tr.history.last("clip_norm_before"), tr.history.last("clip_norm_after")
    assert before > 1e-3 and after == pytest.approx(1e-3)
    tv = Trainer(_spec(clip_mode="value", clip_value=1e-3))
    tv.step()
    assert tv.history.last("clip_norm_after") < tv.history.last("clip_norm_before")
    none = Trainer(_spec())
    none.step()
    assert none.history.last("clip_norm_after") == none.history.last("clip_norm_before")


def test_clipping_tames_the_exploding_preset():
    spec = load_preset("deep-exploding")
    spec.train.clip_mode, spec.train.clip_value = "norm", 1.0
    tr = Trainer(spec)
    tr.run(200)
    assert not tr.stopped and tr.step_count == 200


def test_learning_rate_changes_mid_run_without_reset():
    tr = Trainer(_spec())
    tr.run(3)
    w = tr.network.W[0].copy()
    tr.lr = 1e-5  # the smallest rate the panel (and limits.LR) offers
    tr.step()
    assert tr.step_count == 4
    np.testing.assert_allclose(tr.network.W[0], w - 1e-5 * tr.network.dW[0], rtol=0, atol=1e-15)
    for bad in (float("nan"), float("inf"), -1.0, 0.0, 11.0):
        with pytest.raises(ValueError, match="learning rate"):
            tr.lr = bad


def test_huge_learning_rate_is_a_recorded_event_not_an_exception():
    tr = Trainer(_spec())
    tr.optimizer.lr = 1e300  # beyond what a spec may hold (limits.LR): the step's guard still holds
    with np.errstate(all="raise"):
        tr.run(100)
    assert tr.stopped and tr.nonfinite.step <= 100
    assert tr.nonfinite.to_dict()["message"].startswith("Non-finite")


def test_frozen_biases_do_not_move_but_are_measured():
    spec = _spec(train_biases=False)
    tr = Trainer(spec)
    b = [x.copy() for x in tr.network.b]
    tr.run(5)
    assert all(np.array_equal(x, y) for x, y in zip(b, tr.network.b))
    assert np.all(tr.history.column("bias_grad_norm") > 0)


def test_batch_norm_with_a_batch_of_one_is_a_clear_error():
    spec = load_preset("deep-batchnorm")
    spec.train.batch_size = 1
    with pytest.raises(ValueError, match="batch normalization needs batches of at least 2"):
        Trainer(spec)


def test_batch_norm_survives_a_zero_variance_batch():
    spec = load_preset("deep-batchnorm")
    tr = Trainer(spec)
    tr.x_train[:] = 0.5  # every sample identical: zero batch variance everywhere
    with np.errstate(all="raise"):
        tr.run(5)
    assert not tr.stopped and np.all(np.isfinite(tr.history.column("loss")))


def test_measurements_are_in_range():
    tr = Trainer(load_preset("deep-relu"))
    tr.run(20)
    for key in ("saturated", "dead"):
        v = tr.history.column(key)
        assert np.all((v >= 0) & (v <= 1))
    assert np.all(tr.history.column("update_ratio") > 0)


def test_one_neuron_chain_gain_is_sigma_prime_times_w():
    topo = Topology(1, [LayerSpec(1, "sigmoid"), LayerSpec(1, "sigmoid"), LayerSpec(1, "linear")])
    tr = Trainer(RunSpec(topo, train=TrainConfig(loss="mse", batch_size=1), data=DataSpec("sine", 10)))
    w1 = tr.network.W[1].copy()  # the gain is measured before the step's update
    tr.step()
    net = tr.network
    # layer 2's gain: ‖∂L/∂a1‖/‖∂L/∂a2‖ = |σ'(u2)·w2|
    assert tr.history.last("backward_gain")[1] == pytest.approx(abs(net.fprime[1][0, 0] * w1[0, 0]), rel=1e-12)


def test_bounded_history_in_the_trainer():
    spec = load_preset("xor")
    tr = Trainer(spec, history=BoundedHistory(spec.topology.depth, capacity=64))
    tr.run(1000)
    h = tr.history
    assert len(h) <= 64 and h.column("step")[0] == 1 and h.column("step")[-1] > 900
    assert np.all(np.diff(h.column("step")) > 0)
