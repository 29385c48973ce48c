"""Numerical check of one weight's gradient: nudge it both ways and watch the loss.

``(E(w + ε) − E(w − ε)) / 2ε`` needs no chain rule at all, so agreeing with backprop's number is
independent evidence that the derivation is right. Evaluated on the same batch and in the same mode
as :func:`gradsim.engine.chain_rule.derive` (training mode, :func:`chain_rule.default_batch`), on a
scratch copy: the trainer's weights, caches and BN statistics are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .chain_rule import default_batch, scratch_copy

DEFAULT_EPS = 1e-6


@dataclass
class GradCheck:
    backprop: float
    finite_difference: float
    eps: float

    @property
    def abs_error(self) -> float:
        return abs(self.backprop - self.finite_difference)

    @property
    def rel_error(self) -> float:
        scale = max(abs(self.backprop), abs(self.finite_difference), 1e-12)
        return self.abs_error / scale

    @property
    def agrees(self) -> bool:
        """Within what central differences in float64 can promise (ε² truncation, rounding/ε)."""
        return self.rel_error < 1e-4 or self.abs_error < 1e-9


def _scratch(net, k):
    """A scratch network (own caches and BN statistics) whose W{k+1} may be nudged freely."""
    s = scratch_copy(net)
    s.W = list(net.W)
    s.W[k] = net.W[k].copy()
    return s


def _loss_at(net, k, j, i, value, x, t, loss):
    s = _scratch(net, k)
    s.W[k][j, i] = value
    s.forward(x, training=True)
    return s.loss_value(t, loss)


def check_weight(trainer, k: int, j: int, i: int, eps: float = DEFAULT_EPS, x=None, t=None) -> GradCheck:
    """Backprop's ∂E/∂W{k+1}[j, i] and its central-difference estimate on the same batch."""
    net = trainer.network
    loss = trainer.spec.train.loss
    if x is None or t is None:
        x, t = default_batch(trainer)
    x = np.asarray(x, dtype=net.dtype)
    t = np.asarray(t, dtype=net.dtype)
    w = float(net.W[k][j, i])
    with np.errstate(all="ignore"):
        s = _scratch(net, k)
        s.forward(x, training=True)
        s.loss_value(t, loss)
        s.backward(t, loss)
        bp = float(s.dW[k][j, i])
        fd = (_loss_at(net, k, j, i, w + eps, x, t, loss) - _loss_at(net, k, j, i, w - eps, x, t, loss)) / (2 * eps)
    return GradCheck(bp, float(fd), eps)


def check_recurrent_weight(trainer, matrix: str, j: int, i: int, eps: float = DEFAULT_EPS, x=None,
                           t=None) -> GradCheck:
    """:func:`check_weight` for a recurrent network's ``weight_ih``, ``weight_hh`` or ``readout``
    entry, on :func:`gradsim.engine.recurrent_chain_rule.default_batch`. Under truncated BPTT the
    difference quotient is taken of the truncated objective (each loss term from the state K steps
    back, held at its value: :meth:`RecurrentNetwork.truncated_loss`), whose gradient backprop's
    is."""
    from .recurrent_chain_rule import default_batch as recurrent_batch

    net = trainer.network.detached_copy()
    loss = trainer.spec.train.loss
    if x is None or t is None:
        x, t = recurrent_batch(trainer)
    x = np.asarray(x, dtype=net.dtype)
    t = np.asarray(t, dtype=net.dtype)
    key = "W" if matrix == "readout" else matrix
    with np.errstate(all="ignore"):
        net.forward(x)
        net.loss_value(t, loss)
        net.backward(t, loss)
        bp = float(net.grads[key][j, i])
        frozen = (net.h.copy(), None if net.c is None else net.c.copy())
        param = net.views[key]
        w = float(param[j, i])

        def nudged(value):
            param[j, i] = value
            return net.truncated_loss(x, t, loss, frozen)

        fd = (nudged(w + eps) - nudged(w - eps)) / (2 * eps)
        param[j, i] = w
    return GradCheck(bp, float(fd), eps)


__all__ = ["GradCheck", "check_weight", "check_recurrent_weight", "default_batch"]
