"""Loss functions.

Every loss averages over the samples of a batch, so gradients do not depend on batch size:

* ``half-sse``  L = mean_b Σ_j ½ (t − o)²      -- the seed's loss (one sample: exactly Σ ½(t − o)²)
* ``mse``       L = mean_{b,j} (t − o)²
* ``bce``       L = −mean_{b,j} [t log o + (1 − t) log(1 − o)]   (needs a sigmoid output)
* ``cross-entropy``  L = −mean_b Σ_j t log p                    (needs a softmax output)

The last two are fused with their output activation: ``∂L/∂u = (o − t)/N`` is exact and stable
where the separate factors ``∂L/∂o`` and ``∂o/∂u`` would overflow.
"""

from __future__ import annotations

import numpy as np

from .text import Text, clip

LOSS_NAMES = ("half-sse", "mse", "bce", "cross-entropy")
FUSED_OUTPUT = {"bce": "sigmoid", "cross-entropy": "softmax"}


def check_pairing(loss: str, output_activation: str) -> None:
    """Raise ValueError when a loss cannot be used with the output activation."""
    if loss not in LOSS_NAMES:
        raise ValueError(Text("unknown loss {loss!r} (known: {known})", loss=clip(str(loss)),
                              known=", ".join(LOSS_NAMES)))
    need = FUSED_OUTPUT.get(loss)
    if need and output_activation != need:
        raise ValueError(Text("loss {loss!r} needs a {need} output layer, not {activation!r}", loss=loss, need=need,
                              activation=output_activation))
    if output_activation == "softmax" and loss != "cross-entropy":
        raise ValueError(Text("a softmax output layer needs the cross-entropy loss"))


def _softplus(x):
    return np.logaddexp(0.0, x)


def value(loss: str, out: np.ndarray, target: np.ndarray, u: np.ndarray) -> float:
    """Loss of a batch; ``u`` is the output layer's pre-activation (used by the fused losses)."""
    n = out.shape[0]
    if loss == "half-sse":
        d = target - out
        return 0.5 * float(np.vdot(d, d)) / n
    if loss == "mse":
        d = target - out
        return float(np.vdot(d, d)) / d.size
    if loss == "bce":
        # -[t log σ(u) + (1-t) log(1-σ(u))] = t softplus(-u) + (1-t) softplus(u)
        return float(np.sum(target * _softplus(-u) + (1 - target) * _softplus(u)) / u.size)
    if loss == "cross-entropy":
        shifted = u - u.max(axis=1, keepdims=True)
        logp = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        return float(-np.sum(target * logp) / n)
    raise ValueError(f"unknown loss {loss!r}")


def grad_output(loss: str, out: np.ndarray, target: np.ndarray, u: np.ndarray) -> np.ndarray:
    """∂L/∂o, the gradient reaching the output activations.

    For the fused losses this is only a measurement (the update uses ∂L/∂u); it is computed from
    ``u`` so that a saturated output gives a large finite number rather than 0/0.
    """
    n = out.shape[0]
    if loss == "half-sse":
        return (out - target) / n
    if loss == "mse":
        return 2.0 * (out - target) / out.size
    if loss == "bce":
        s = np.exp(-np.abs(u))
        return (out - target) * (1.0 + s) ** 2 / (s * out.size)  # o(1-o) = s/(1+s)²
    if loss == "cross-entropy":
        shifted = u - u.max(axis=1, keepdims=True)
        logp = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        return -target * np.exp(-logp) / n
    raise ValueError(f"unknown loss {loss!r}")


def grad_preactivation_fused(loss: str, out: np.ndarray, target: np.ndarray) -> np.ndarray:
    """∂L/∂u for the fused pairs (sigmoid + bce, softmax + cross-entropy)."""
    if loss == "bce":
        return (out - target) / out.size
    if loss == "cross-entropy":
        return (out - target) / out.shape[0]
    raise ValueError(f"loss {loss!r} is not fused")


def is_fused(loss: str) -> bool:
    return loss in FUSED_OUTPUT
