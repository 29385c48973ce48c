"""Layer-sequential unit-variance initialisation (LSUV; Mishkin & Matas, 2016).

Xavier and He choose the weights' scale from a formula that assumes things about the activation
and the data. LSUV measures instead: start from orthogonal matrices, then for each layer from the
first to the last, pass a batch of data through the layers already fitted and rescale the layer's
weight matrix until its net input ``z = a W^T + b`` has variance 1 (all units and samples
pooled, as the paper does). Every layer then starts with net inputs of the same size, whatever the
activation, so layers with the same activation also start with about the same backward gain.

The variance is fitted to ``gain²`` (``Init.gain``; 1 by default). With constant biases one
rescale is exact (``z`` scales with ``W``); other bias initialisers take a few iterations.
"""

from __future__ import annotations

import numpy as np

BATCH = 256        # data rows the fit uses (fewer when the training set is smaller)
TOLERANCE = 1e-3   # stop when |Var[z] − gain²| <= TOLERANCE · gain²
MAX_ITERATIONS = 10


def fit(net, x: np.ndarray, gain: float = 1.0) -> list[float]:
    """Rescale ``net``'s weight matrices in place so that each layer's net input has variance
    ``gain²`` on the batch ``x``; return each layer's variance after its fit.

    Call on a freshly initialised network (batch norm's running statistics are reset to their
    initial values afterwards, since the fit's passes are not training). A layer whose net input
    has no variance (every sample gives the same values) or is not finite is left as it is.
    """
    target = float(gain) ** 2
    x = np.asarray(x, dtype=net.dtype)
    out = []
    with np.errstate(all="ignore"):
        net.training = True
        net.a[0] = x
        for k in range(net.depth):
            w, b = net.W[k], net.b[k]
            y = np.dot(net.a[k], w.T)  # z = scale · y + b: no other matrix product needed
            scale = 1.0
            var = float(np.var(y + b))
            for _ in range(MAX_ITERATIONS):
                if not (np.isfinite(var) and var > 0) or abs(var - target) <= TOLERANCE * target:
                    break
                scale *= np.sqrt(target / var)
                var = float(np.var(scale * y + b))
            if np.isfinite(var) and np.isfinite(scale):
                w *= scale
            out.append(var)
            net.forward_layers(k, k + 1)
        for k in range(net.depth):
            if net.running_mean[k] is not None:
                net.running_mean[k][...] = 0.0
                net.running_var[k][...] = 1.0
    net.clear_cache()
    return out


def batch(x_train: np.ndarray, seed: int) -> np.ndarray:
    """The rows the fit uses: up to :data:`BATCH` training samples drawn without replacement by a
    generator of their own, so the training run's batch order is the same as with any other
    initialiser."""
    n = len(x_train)
    if n <= BATCH:
        return x_train
    idx = np.random.default_rng([seed, 2]).choice(n, BATCH, replace=False)
    return x_train[np.sort(idx)]
