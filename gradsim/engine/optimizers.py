"""Optimisers: plain SGD (the seed's update ``w ← w − η ∂E/∂w``), SGD with momentum, and Adam.

``updates`` returns the updates ``Δ`` for a list of gradient arrays and ``apply`` adds them, so the
trainer can measure ``‖ΔW‖/‖W‖`` without copying the weights. ``flat_updates`` does the same for
all parameters at once, held in one contiguous array (the trainer's path: a few numpy calls per
step whatever the number of layers); the two keep separate state, so use one or the other. The
learning rate is read at every step, so it can change mid-run without a reset.
"""

from __future__ import annotations

import numpy as np

OPTIMIZER_NAMES = ("sgd", "momentum", "adam")


class Optimizer:
    def __init__(self, name: str = "sgd", lr: float = 0.1, momentum: float = 0.9,
                 beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        if name not in OPTIMIZER_NAMES:
            raise ValueError(f"unknown optimizer {name!r} (known: {', '.join(OPTIMIZER_NAMES)})")
        self.name = name
        self.lr = lr
        self.momentum = momentum
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.t = 0
        self._m: list[np.ndarray] | None = None
        self._v: list[np.ndarray] | None = None
        self._flat: dict[str, np.ndarray] = {}

    def reset(self) -> None:
        self.t = 0
        self._m = self._v = None
        self._flat = {}

    def _buffer(self, key: str, like: np.ndarray, zero: bool = False) -> np.ndarray:
        buf = self._flat.get(key)
        if buf is None or buf.shape != like.shape or buf.dtype != like.dtype:
            buf = np.zeros_like(like) if zero else np.empty_like(like)
            self._flat[key] = buf
        return buf

    def flat_updates(self, g: np.ndarray) -> np.ndarray:
        """The update Δ for the 1-D gradient ``g`` of all parameters (state advances).

        Element for element the same arithmetic as :meth:`updates`. The returned array is reused
        by the next call: read it (or add it to the parameters) before stepping again.
        """
        self.t += 1
        lr = self.lr
        out = self._buffer("out", g)
        if self.name == "sgd":
            return np.multiply(-lr, g, out=out)
        m = self._buffer("m", g, zero=True)
        if self.name == "momentum":
            m *= self.momentum
            m -= np.multiply(lr, g, out=out)
            np.copyto(out, m)
            return out
        v = self._buffer("v", g, zero=True)
        b1, b2 = self.beta1, self.beta2
        c1 = 1.0 - b1 ** self.t
        c2 = 1.0 - b2 ** self.t
        m *= b1
        m += np.multiply(1.0 - b1, g, out=out)
        v *= b2
        v += (1.0 - b2) * (g * g)
        np.divide(v, c2, out=out)
        np.sqrt(out, out=out)
        out += self.eps
        return np.divide(-lr * (m / c1), out, out=out)

    def updates(self, grads: list[np.ndarray]) -> list[np.ndarray]:
        """The updates Δ this step would apply (state advances; call :meth:`apply` next)."""
        self.t += 1
        lr = self.lr
        if self.name == "sgd":
            return [-lr * g for g in grads]
        if self._m is None:
            self._m = [np.zeros_like(g) for g in grads]
            if self.name == "adam":
                self._v = [np.zeros_like(g) for g in grads]
        if self.name == "momentum":
            out = []
            for m, g in zip(self._m, grads):
                m *= self.momentum
                m -= lr * g
                out.append(m.copy())
            return out
        b1, b2 = self.beta1, self.beta2
        c1 = 1.0 - b1 ** self.t
        c2 = 1.0 - b2 ** self.t
        out = []
        for m, v, g in zip(self._m, self._v, grads):
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * (g * g)
            out.append(-lr * (m / c1) / (np.sqrt(v / c2) + self.eps))
        return out

    @staticmethod
    def apply(params: list[np.ndarray], deltas: list[np.ndarray]) -> None:
        for p, d in zip(params, deltas):
            p += d
