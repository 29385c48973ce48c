"""Optimisers: plain SGD (the seed's update ``w ← w − η ∂E/∂w``), SGD with momentum, and Adam.

:meth:`Optimizer.flat_updates` returns the update ``Δ`` for all parameters at once, held in one
contiguous array (a few numpy calls per step whatever the number of layers), so the trainer can
measure ``‖ΔW‖/‖W‖`` before adding it. The same arithmetic array by array is
:class:`gradsim.engine.reference.Optimizer`. The learning rate is read at every step, so it can
change mid-run without a reset. A saved run keeps the step count ``t`` and the moments
(:meth:`Optimizer.moment`, :meth:`Optimizer.set_moment`).
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
        self._flat: dict[str, np.ndarray] = {}   # "m", "v" (moments) and "out" (the last update)

    MOMENTS = ("m", "v")

    def moment(self, key: str) -> np.ndarray | None:
        """The live moment buffer ``"m"`` (momentum, Adam) or ``"v"`` (Adam) over all parameters, or
        None before the first step that uses it."""
        if key not in self.MOMENTS:
            raise KeyError(key)
        return self._flat.get(key)

    def set_moment(self, key: str, value: np.ndarray) -> None:
        """Continue from a saved moment (a copy of ``value`` is kept)."""
        if key not in self.MOMENTS:
            raise KeyError(key)
        self._flat[key] = np.array(value, copy=True)

    @property
    def last_update(self) -> np.ndarray | None:
        """The update :meth:`flat_updates` returned last (overwritten by the next call), or None."""
        return self._flat.get("out")

    def _buffer(self, key: str, like: np.ndarray, zero: bool = False) -> np.ndarray:
        buf = self._flat.get(key)
        if buf is None or buf.shape != like.shape or buf.dtype != like.dtype:
            buf = np.zeros_like(like) if zero else np.empty_like(like)
            self._flat[key] = buf
        return buf

    def flat_updates(self, g: np.ndarray) -> np.ndarray:
        """The update Δ for the 1-D gradient ``g`` of all parameters (state advances).

        Element for element the arithmetic of :meth:`gradsim.engine.reference.Optimizer.updates`. The
        returned array is reused by the next call: read it (or add it to the parameters) before
        stepping again.
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
