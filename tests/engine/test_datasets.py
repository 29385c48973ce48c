"""Datasets are deterministic, split, sized as they say, and noisy on request."""

import numpy as np
import pytest

from gradsim.engine.datasets import DATASET_NAMES, INPUT_SIZES, OUTPUT_SIZES, DataSpec, make_dataset


@pytest.mark.parametrize("name", DATASET_NAMES)
def test_sizes_split_and_determinism(name):
    spec = DataSpec(name, n_samples=100, noise=0.1, test_fraction=0.25)
    a, b = make_dataset(spec, seed=3), make_dataset(spec, seed=3)
    assert np.array_equal(a.x_train, b.x_train) and np.array_equal(a.y_test, b.y_test)
    assert a.input_size == INPUT_SIZES[name] and a.output_sizes == OUTPUT_SIZES[name]
    if name == "seed":
        assert a.x_train.tolist() == [[0.05, 0.10]] and a.y_train.tolist() == [[0.01, 0.99]] and len(a.x_test) == 0
    else:
        assert (len(a.x_train), len(a.x_test)) == (75, 25)
        c = make_dataset(spec, seed=4)
        assert not np.array_equal(a.x_train, c.x_train)
        assert np.all(np.abs(a.x_train) < 3)


@pytest.mark.parametrize("name", ["xor", "circles", "gaussians", "spiral"])
def test_classification_sets_are_balanced_and_encode_both_ways(name):
    ds = make_dataset(DataSpec(name, n_samples=200, test_fraction=0.0), seed=0)
    labels = ds.y_train[:, 0]
    assert set(np.unique(labels)) == {0.0, 1.0} and 0.35 < labels.mean() < 0.65
    assert ds.train_targets(1).shape == (200, 1)
    one_hot = ds.train_targets(2)
    assert one_hot.shape == (200, 2) and np.array_equal(one_hot.argmax(1), labels.astype(int))
    with pytest.raises(ValueError, match="needs an output layer of size 1 or 2"):
        ds.train_targets(3)


def test_noise_moves_points():
    clean = make_dataset(DataSpec("circles", 100, noise=0.0), seed=0)
    noisy = make_dataset(DataSpec("circles", 100, noise=0.3), seed=0)
    r_clean = np.hypot(*clean.x_train.T)
    assert np.all((r_clean <= 0.5) | (r_clean >= 0.7))  # a clean gap between disc and ring
    assert not np.allclose(clean.x_train, noisy.x_train)


def test_sine_is_a_regression_of_sin_pi_x():
    ds = make_dataset(DataSpec("sine", 50, noise=0.0), seed=0)
    assert ds.kind == "regression"
    assert np.allclose(ds.y_train[:, 0], np.sin(np.pi * ds.x_train[:, 0]))


@pytest.mark.parametrize("kwargs, message", [
    ({"name": "mnist"}, "unknown dataset"), ({"n_samples": 1}, "n_samples"), ({"noise": -1}, "noise"),
    ({"test_fraction": 1.0}, "test_fraction"), ({"noise": float("nan")}, "noise"),
])
def test_bad_specs(kwargs, message):
    with pytest.raises(ValueError, match=message):
        DataSpec(**kwargs).validate()
