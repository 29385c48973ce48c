"""Batch normalisation of a layer's pre-activations (Ioffe & Szegedy, 2015).

In training the batch's own mean and variance normalise ``z`` to zero mean and unit variance
before the learnable scale ``γ`` and shift ``β``; running averages of the statistics are kept for
evaluation. Keeping pre-activations near zero keeps sigmoid/tanh units out of their flat tails,
which is why BN is a remedy for vanishing gradients.
"""

from __future__ import annotations

import numpy as np

EPS = 1e-5
MOMENTUM = 0.1  # weight of the newest batch in the running statistics


class BatchNormError(ValueError):
    """Batch norm cannot work on this batch (a batch of one has no variance)."""


def forward_train(z, gamma, beta, running_mean, running_var):
    """Return ``(u, zhat, inv_std)`` and update the running statistics in place."""
    n = z.shape[0]
    if n < 2:
        raise BatchNormError(
            "batch normalization needs a batch of at least 2 samples (got 1): "
            "raise the batch size or turn batch norm off"
        )
    mean = z.mean(axis=0)
    centred = z - mean
    var = np.mean(centred * centred, axis=0)
    inv_std = 1.0 / np.sqrt(var + EPS)
    zhat = centred * inv_std
    running_mean *= 1.0 - MOMENTUM
    running_mean += MOMENTUM * mean
    running_var *= 1.0 - MOMENTUM
    running_var += MOMENTUM * var * (n / (n - 1))  # unbiased, as PyTorch does
    return gamma * zhat + beta, zhat, inv_std


def forward_eval(z, gamma, beta, running_mean, running_var):
    inv_std = 1.0 / np.sqrt(running_var + EPS)
    zhat = (z - running_mean) * inv_std
    return gamma * zhat + beta, zhat, inv_std


def backward_train(du, zhat, inv_std, gamma):
    """Return ``(dz, dgamma, dbeta)``; the batch statistics' own dependence on ``z`` included."""
    dgamma = np.sum(du * zhat, axis=0)
    dbeta = np.sum(du, axis=0)
    dzhat = du * gamma
    dz = inv_std * (dzhat - dzhat.mean(axis=0) - zhat * np.mean(dzhat * zhat, axis=0))
    return dz, dgamma, dbeta
