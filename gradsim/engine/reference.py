"""The training step written plainly, array by array: the version to read first.

:class:`~gradsim.engine.trainer.Trainer` keeps every parameter and gradient in one flat buffer and
takes each step in a fixed number of numpy calls whatever the depth (``Trainer._step``,
:class:`~gradsim.engine.step_meter.StepMeter`, :func:`~gradsim.engine.clipping.clip_flat`,
:meth:`Optimizer.flat_updates <gradsim.engine.optimizers.Optimizer.flat_updates>`), because a
small network's step is spent in numpy's per-call overhead. That makes the fast path hard to read.
This module is the same arithmetic with one numpy call per parameter array: forward, loss,
backward, the global gradient norm, clipping, the optimiser's update and the seven per-layer
measurements of :mod:`gradsim.engine.metrics`, each by its definition. ``tests/engine/test_fast_path.py``
runs both on every kind of network and checks they record the same history.

Nothing here guards against overflow (the trainer's job): it is the definition, not the product.
"""

from __future__ import annotations

import math

import numpy as np

from .metrics import LAYER_KEYS, norm, saturation


def global_norm(grads: list[np.ndarray]) -> float:
    """‖g‖₂ over all gradient arrays together."""
    return float(np.sqrt(sum(float(np.vdot(g, g)) for g in grads)))


def clip(grads: list[np.ndarray], mode: str, threshold: float, norm_before: float) -> tuple[list[np.ndarray], float]:
    """Clipped gradients (new arrays only where changed) and their global norm.

    ``norm``: if the global norm exceeds ``threshold``, scale every gradient down to it (direction
    kept); ``value``: clamp every component into ``[-threshold, threshold]``; ``none``: unchanged.
    """
    if mode == "none":
        return grads, norm_before
    if mode == "norm":
        if norm_before > threshold > 0:
            scale = threshold / norm_before
            return [g * scale for g in grads], threshold
        return grads, norm_before
    if mode == "value":
        grads = [np.clip(g, -threshold, threshold) for g in grads]
        return grads, global_norm(grads)
    raise ValueError(f"unknown clip mode {mode!r}")


class Optimizer:
    """SGD (the seed's ``w ← w − η ∂E/∂w``), momentum and Adam, one array at a time.

    :meth:`updates` returns the update Δ of every array (the state advances); :meth:`apply` adds
    them, so a caller can measure ‖ΔW‖/‖W‖ before the weights change.
    """

    def __init__(self, name: str = "sgd", lr: float = 0.1, momentum: float = 0.9,
                 beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        self.name, self.lr, self.momentum = name, lr, momentum
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.t = 0
        self._m: list[np.ndarray] | None = None
        self._v: list[np.ndarray] | None = None

    def updates(self, grads: list[np.ndarray]) -> list[np.ndarray]:
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


def measure(net, w_norms: list[float], w_update_norms: list[float]) -> dict[str, np.ndarray]:
    """The seven measurements of :data:`metrics.LAYER_KEYS` of ``net``'s last backward pass, each
    by its definition. ``w_norms`` and ``w_update_norms`` are ‖W_k‖ before the update and ‖ΔW_k‖."""
    L = net.depth
    out = {key: np.empty(L) for key in LAYER_KEYS}
    da_norms = [norm(g) for g in net.da]
    for k in range(L):
        out["grad_norm"][k] = norm(net.dW[k])
        out["bias_grad_norm"][k] = norm(net.db[k])
        out["out_grad_norm"][k] = da_norms[k + 1]
        below, above = da_norms[k], da_norms[k + 1]
        out["backward_gain"][k] = below / above if above > 0 else (0.0 if below == 0 else math.inf)
        out["update_ratio"][k] = w_update_norms[k] / w_norms[k] if w_norms[k] > 0 else 0.0
        out["saturated"][k], out["dead"][k] = saturation(net.fprime[k], net.activations[k])
    return out


def step(trainer, optimizer: Optimizer) -> dict:
    """One step of ``trainer``'s network and data, computed array by array with ``optimizer`` (the
    trainer's own optimiser is not used), recorded in ``trainer.history`` as the trainer would."""
    net, cfg = trainer.network, trainer.spec.train
    x, t = trainer.next_batch()
    with np.errstate(all="ignore"):
        net.forward(x, training=True)
        loss = net.loss_value(t, cfg.loss)
        net.backward(t, cfg.loss)
        grads = net.gradients(cfg.train_biases)
        norm_before = global_norm(grads)
        grads, norm_after = clip(grads, cfg.clip_mode, cfg.clip_value, norm_before)
        deltas = optimizer.updates(grads)
        names = net.parameter_names(cfg.train_biases)
        w_norms = [norm(w) for w in net.W]
        w_update_norms = [norm(deltas[names.index(f"W{k + 1}")]) for k in range(net.depth)]
        metrics = measure(net, w_norms, w_update_norms)
        Optimizer.apply(net.parameters(cfg.train_biases), deltas)
    trainer.step_count += 1
    scalars = {"step": trainer.step_count, "loss": loss, "clip_norm_before": norm_before,
               "clip_norm_after": norm_after}
    trainer.history.append(scalars, metrics)
    return scalars
