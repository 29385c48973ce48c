"""Deterministic toy datasets with noise and a train/test split.

Every generator depends only on ``(name, n_samples, noise, test_fraction, seed)``, so two runs with
the same settings see the same points. Inputs are scaled to roughly ``[-1, 1]``. Classification
sets have two classes; their targets are a single 0/1 column for a one-unit output layer, or one-hot
rows for a two-unit (e.g. softmax) output layer -- :meth:`Dataset.targets_for` picks by output size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import limits
from .text import Text, clip

DATASET_NAMES = ("seed", "xor", "circles", "gaussians", "spiral", "sine")
INPUT_SIZES = {"seed": 2, "xor": 2, "circles": 2, "gaussians": 2, "spiral": 2, "sine": 1}
OUTPUT_SIZES = {"seed": (2,), "xor": (1, 2), "circles": (1, 2), "gaussians": (1, 2), "spiral": (1, 2),
                "sine": (1,)}
DESCRIPTIONS = {
    "seed": "the lecture's single sample: inputs (0.05, 0.10), targets (0.01, 0.99)",
    "xor": "XOR: class 1 where x·y > 0 (not linearly separable)",
    "circles": "two circles: an inner disc inside a ring",
    "gaussians": "two Gaussian blobs (linearly separable)",
    "spiral": "two interleaved spirals (needs depth)",
    "sine": "1-D regression of y = sin(πx)",
}


@dataclass
class DataSpec:
    """Which dataset and how much of it; see :data:`DESCRIPTIONS`."""

    name: str = "seed"
    n_samples: int = 200
    noise: float = 0.0
    test_fraction: float = 0.2

    def validate(self, names: tuple[str, ...] = DATASET_NAMES) -> "DataSpec":
        """Check the settings; ``names`` are the data sets allowed (a recurrent network's are the
        sequence tasks of :mod:`gradsim.engine.sequences`)."""
        if self.name not in names:
            raise ValueError(Text("{field}: unknown dataset {value!r} (known: {known})", field="data.name",
                                  value=clip(str(self.name)), known=", ".join(names)))
        limits.check_whole("data.n_samples", self.n_samples, limits.N_SAMPLES)
        limits.check_number("data.noise", self.noise, limits.NOISE)
        if isinstance(self.test_fraction, bool) or not isinstance(self.test_fraction, (int, float)) \
                or not 0 <= self.test_fraction < 1:
            raise ValueError(Text("data.test_fraction: must be a number in [0, 1)"))
        return self

    def split(self) -> tuple[int, int]:
        """(training, test) sample counts, exactly as :func:`make_dataset` splits the data."""
        if self.name == "seed":
            return 1, 0
        n = int(self.n_samples)
        n_test = min(int(round(n * self.test_fraction)), n - 1)
        return n - n_test, n_test


@dataclass
class Dataset:
    name: str
    x_train: np.ndarray
    y_train: np.ndarray  # labels (classification, int) or values (regression), shape (n, k)
    x_test: np.ndarray
    y_test: np.ndarray
    kind: str  # "classification" | "regression" | "fixed"

    @property
    def input_size(self) -> int:
        return self.x_train.shape[1]

    @property
    def output_size(self) -> int:
        """The natural output layer size (1 for binary classification and regression)."""
        return self.y_train.shape[1]

    @property
    def output_sizes(self) -> tuple[int, ...]:
        """Every output size this dataset can train (classification: 1 or 2, one-hot)."""
        return OUTPUT_SIZES[self.name]

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self.name]

    def targets_for(self, y: np.ndarray, output_size: int) -> np.ndarray:
        if output_size not in self.output_sizes:
            raise ValueError(
                f"dataset {self.name!r} has {self.input_size} inputs and needs an output layer of size "
                f"{' or '.join(map(str, self.output_sizes))}, not {output_size}")
        if self.kind == "classification" and output_size == 2:
            labels = y[:, 0].astype(int)
            return np.eye(2)[labels]
        return y.astype(np.float64)

    def train_targets(self, output_size: int) -> np.ndarray:
        return self.targets_for(self.y_train, output_size)

    def test_targets(self, output_size: int) -> np.ndarray:
        return self.targets_for(self.y_test, output_size)


def make_dataset(spec: DataSpec, seed: int = 0) -> Dataset:
    """Generate ``spec``'s data deterministically from ``seed``."""
    spec.validate()
    if spec.name == "seed":
        x = np.array([[0.05, 0.10]])
        y = np.array([[0.01, 0.99]])
        return Dataset("seed", x, y, x[:0], y[:0], "fixed")
    rng = np.random.default_rng([seed, 7919])
    n = int(spec.n_samples)
    gen = _GENERATORS[spec.name]
    x, y = gen(rng, n, float(spec.noise) + 0.0)  # + 0.0: a noise of -0.0 is a scale numpy refuses
    order = rng.permutation(n)
    x, y = x[order], y[order]
    n_test = spec.split()[1]
    kind = "regression" if spec.name == "sine" else "classification"
    return Dataset(spec.name, x[n_test:], y[n_test:], x[:n_test], y[:n_test], kind)


def _labels(n):
    return (np.arange(n) % 2).astype(np.float64)


def _xor(rng, n, noise):
    x = rng.uniform(-1, 1, size=(n, 2))
    x += np.sign(x) * 0.05  # keep points off the axes, as TF Playground does
    y = (x[:, 0] * x[:, 1] > 0).astype(np.float64)
    x = x + rng.normal(0, noise * 0.5, size=x.shape)
    return x, y[:, None]


def _circles(rng, n, noise):
    lab = _labels(n)
    r = np.where(lab == 1, rng.uniform(0, 0.5, n), rng.uniform(0.7, 1.0, n))
    t = rng.uniform(0, 2 * np.pi, n)
    x = np.c_[r * np.cos(t), r * np.sin(t)] + rng.normal(0, noise * 0.5, size=(n, 2))
    return x, lab[:, None]


def _gaussians(rng, n, noise):
    lab = _labels(n)
    centre = np.where(lab[:, None] == 1, 0.5, -0.5)
    x = centre + rng.normal(0, 0.2 + noise * 0.5, size=(n, 2))
    return x, lab[:, None]


def _spiral(rng, n, noise):
    lab = _labels(n)
    t = rng.uniform(0, 1, n)
    r = t * 0.9 + 0.05
    angle = 1.75 * t * 2 * np.pi + np.pi * lab
    x = np.c_[r * np.sin(angle), r * np.cos(angle)] + rng.normal(0, noise * 0.5, size=(n, 2))
    return x, lab[:, None]


def _sine(rng, n, noise):
    x = rng.uniform(-1, 1, size=(n, 1))
    y = np.sin(np.pi * x) + rng.normal(0, noise * 0.5, size=x.shape)
    return x, y


_GENERATORS = {"xor": _xor, "circles": _circles, "gaussians": _gaussians, "spiral": _spiral, "sine": _sine}
