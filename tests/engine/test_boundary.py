"""Decision-boundary grids: coverage, class-1 score, caches untouched, None where meaningless."""

import numpy as np

from gradsim.engine.boundary import decision_grid, neuron_grids
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer
from gradsim.engine.spec import RunSpec, TrainConfig
from gradsim.engine.datasets import DataSpec
from gradsim.engine.topology import LayerSpec, Topology


def test_grid_covers_data_and_matches_predict():
    t = Trainer(load_preset("circles"))
    xs, ys, Z = decision_grid(t, resolution=30, margin=0.2)
    pts = np.concatenate([t.x_train, t.x_test])
    assert Z.shape == (30, 30)
    assert xs[0] <= pts[:, 0].min() - 0.2 + 1e-12 and xs[-1] >= pts[:, 0].max() + 0.2 - 1e-12
    assert ys[0] <= pts[:, 1].min() - 0.2 + 1e-12 and ys[-1] >= pts[:, 1].max() + 0.2 - 1e-12
    # row-major: Z[iy, ix] is the output at (xs[ix], ys[iy])
    assert Z[7, 3] == t.predict(np.array([[xs[3], ys[7]]]))[0, 0]
    assert np.all((Z >= 0) & (Z <= 1))


def test_training_changes_the_map_and_leaves_caches_alone():
    t = Trainer(load_preset("xor"))
    t.run(2)
    cached = [a.copy() for a in t.network.a]
    _, _, z0 = decision_grid(t)
    assert all(np.array_equal(a, b) for a, b in zip(cached, t.network.a))
    assert t.network.a[0].shape[0] == 16  # still the training batch, not the grid
    t.run(200)
    _, _, z1 = decision_grid(t)
    assert np.max(np.abs(z1 - z0)) > 0.05


def test_two_output_softmax_uses_class_one_probability():
    spec = RunSpec(Topology(2, [LayerSpec(4, "tanh"), LayerSpec(2, "softmax")]),
                   train=TrainConfig(loss="cross-entropy", lr=0.1, batch_size=16),
                   data=DataSpec("gaussians", n_samples=100))
    t = Trainer(spec)
    xs, ys, Z = decision_grid(t, resolution=10)
    out = t.predict(np.array([[xs[2], ys[5]]]))
    assert Z[5, 2] == out[0, 1]


def test_none_for_non_plane_datasets():
    assert decision_grid(Trainer(load_preset("seed-2-2-2"))) is None
    sine = RunSpec(Topology(1, [LayerSpec(4, "tanh"), LayerSpec(1, "linear")]),
                   train=TrainConfig(loss="mse"), data=DataSpec("sine", n_samples=50))
    assert decision_grid(Trainer(sine)) is None
    assert neuron_grids(Trainer(sine)) is None


def test_neuron_grids_shapes_and_bn_statistics_untouched():
    t = Trainer(load_preset("deep-batchnorm"))
    t.run(3)
    rm = [m.copy() for m in t.network.running_mean if m is not None]
    grids = neuron_grids(t, resolution=12)
    assert len(grids) == 10 and grids[0].shape == (12, 12, 8)
    assert all(np.array_equal(a, b) for a, b in zip(rm, [m for m in t.network.running_mean if m is not None]))
    assert t.network.a[0].shape[0] == 32
    # the first hidden layer's map is its activation at each grid point
    xs, ys, _ = decision_grid(t, resolution=12)
    assert np.all(np.isfinite(grids[0])) and grids[0].std() > 0


def test_grids_are_evaluated_in_chunks_so_a_wide_network_stays_within_its_budget():
    import tracemalloc

    from gradsim.engine import limits
    from gradsim.engine.boundary import _plane, grid_axes
    from gradsim.engine.datasets import DataSpec
    from gradsim.engine.spec import RunSpec, TrainConfig
    from gradsim.engine.topology import LayerSpec, Topology

    spec = RunSpec(Topology(2, [LayerSpec(512, "tanh")] * 3 + [LayerSpec(1, "sigmoid")]),
                   train=TrainConfig(loss="bce", batch_size=32), data=DataSpec("circles", 200))
    t = Trainer(spec)
    t.step()
    neurons = sum(spec.topology.sizes)
    tracemalloc.start()
    try:
        xs, ys, Z = decision_grid(t, 60)
        grids = neuron_grids(t, 24)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # all 3600 points at once would hold ~4 arrays of 3600 × 1539 floats (177 MB)
    assert peak < limits.EVAL_BYTES * limits.EVAL_CHUNK * neurons + 24 * 24 * neurons * 8 + (1 << 20)
    np.testing.assert_array_equal(Z.ravel(), t.predict(_plane(xs, ys))[:, 0])
    assert [g.shape for g in grids] == [(24, 24, 512)] * 3
    net = t.network
    gx, gy = grid_axes(t, 24)
    whole = Trainer(spec)
    whole.network.load_state(net.state())
    whole.network.forward(_plane(gx, gy), training=False)
    np.testing.assert_array_equal(grids[2].reshape(-1, 512), whole.network.a[3])
