"""Sequence tasks for recurrent networks: deterministic generators with a sequence length T.

Each task makes ``n_samples`` sequences of ``T`` steps (inputs ``(n, T, features)``) and their
targets, from ``(name, n_samples, noise, test_fraction, seed, T)`` alone, and splits them into a
training and a test set exactly as :func:`gradsim.engine.datasets.make_dataset` does.

``memory``     recall the first input after T steps (the information latching of Bengio, Simard &
               Frasconi 1994): x₁ = ±1, every later input is noise·N(0, 1); the target is the
               class of x₁ (1 for +1). Many-to-one.
``adding``     Hochreiter & Schmidhuber's adding problem (1997, in the form of Le, Jaitly & Hinton
               2015): two channels, a value ~ U(0, 1) and a marker that is 1 at exactly two steps
               (one in each half of the sequence); the target is the sum of the two marked values,
               plus noise·N(0, 1). Many-to-one, regression.
``parity``     bits ~ {0, 1} (plus noise·N(0, 1) on the inputs); the target is their sum mod 2.
               Many-to-one.
``sine-next``  x_t = sin(ω t + φ) + noise·N(0, 1) with ω ~ U(0.1, 0.6) and φ ~ U(0, 2π) per
               sequence; the target at every step is the next clean value sin(ω (t + 1) + φ).
               Many-to-many (a prediction at every step), regression.

A many-to-one task's targets are ``(n, outputs)``; a many-to-many task's ``(n, T, outputs)``.
Classification targets are a 0/1 column for one output, or one-hot rows for two (a softmax readout).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


TASK_NAMES = ("memory", "adding", "parity", "sine-next")
INPUT_SIZES = {"memory": 1, "adding": 2, "parity": 1, "sine-next": 1}
OUTPUT_SIZES = {"memory": (1, 2), "adding": (1,), "parity": (1, 2), "sine-next": (1,)}
MANY_TO_MANY = frozenset({"sine-next"})
CLASSIFICATION = frozenset({"memory", "parity"})
DESCRIPTIONS = {
    "memory": "recall the first input (±1) at the last of T steps",
    "adding": "add the two marked numbers of a sequence (Hochreiter's adding problem)",
    "parity": "the parity (XOR) of a sequence of bits",
    "sine-next": "predict a sine wave's next value at every step",
}


@dataclass
class SequenceData:
    """A task's sequences, split. ``x_*``: (n, T, features); ``y_*``: labels or values, (n, 1) for
    a many-to-one task, (n, T, 1) for a many-to-many one."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def many_to_many(self) -> bool:
        return self.name in MANY_TO_MANY

    def targets_for(self, y: np.ndarray, output_size: int) -> np.ndarray:
        if output_size not in OUTPUT_SIZES[self.name]:
            raise ValueError(f"task {self.name!r} needs an output layer of size "
                             f"{' or '.join(map(str, OUTPUT_SIZES[self.name]))}, not {output_size}")
        if self.name in CLASSIFICATION and output_size == 2:
            return np.eye(2)[y[..., 0].astype(int)]
        return y.astype(np.float64)

    def train_targets(self, output_size: int) -> np.ndarray:
        return self.targets_for(self.y_train, output_size)

    def test_targets(self, output_size: int) -> np.ndarray:
        return self.targets_for(self.y_test, output_size)


def make_sequences(spec, seq_len: int, seed: int = 0) -> SequenceData:
    """Generate ``spec``'s (a :class:`~gradsim.engine.datasets.DataSpec` naming a task) sequences
    of ``seq_len`` steps, deterministically from ``seed``."""
    spec.validate(TASK_NAMES)
    rng = np.random.default_rng([seed, 7919, int(seq_len)])
    n = int(spec.n_samples)
    x, y = _GENERATORS[spec.name](rng, n, int(seq_len), float(spec.noise) + 0.0)
    n_test = spec.split()[1]
    return SequenceData(spec.name, x[n_test:], y[n_test:], x[:n_test], y[:n_test])


def _memory(rng, n, T, noise):
    bit = rng.integers(0, 2, n)
    x = rng.standard_normal((n, T, 1)) * noise
    x[:, 0, 0] = 2.0 * bit - 1.0
    return x, bit[:, None].astype(np.float64)


def _adding(rng, n, T, noise):
    values = rng.uniform(0.0, 1.0, (n, T))
    marks = np.zeros((n, T))
    half = max(1, T // 2)
    first = rng.integers(0, half, n)
    second = rng.integers(half, T, n) if T > 1 else first
    rows = np.arange(n)
    marks[rows, first] = 1.0
    marks[rows, second] = 1.0
    y = np.sum(values * marks, axis=1) + noise * rng.standard_normal(n)
    return np.stack([values, marks], axis=2), y[:, None]


def _parity(rng, n, T, noise):
    bits = rng.integers(0, 2, (n, T))
    y = (bits.sum(axis=1) % 2).astype(np.float64)
    x = bits[:, :, None] + noise * rng.standard_normal((n, T, 1))
    return x, y[:, None]


def _sine_next(rng, n, T, noise):
    omega = rng.uniform(0.1, 0.6, (n, 1))
    phase = rng.uniform(0.0, 2 * np.pi, (n, 1))
    wave = np.sin(omega * np.arange(T + 1) + phase)
    x = wave[:, :T, None] + noise * rng.standard_normal((n, T, 1))
    return x, wave[:, 1:, None]


_GENERATORS = {"memory": _memory, "adding": _adding, "parity": _parity, "sine-next": _sine_next}


__all__ = ["TASK_NAMES", "INPUT_SIZES", "OUTPUT_SIZES", "MANY_TO_MANY", "CLASSIFICATION", "DESCRIPTIONS",
           "SequenceData", "make_sequences"]
