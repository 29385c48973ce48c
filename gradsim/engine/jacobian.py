"""Singular values of the hidden stack's Jacobian: the "dynamical isometry" view of the lesson.

Backprop multiplies the gradient by the transposed Jacobian of every layer, so how a deep stack
treats gradients is summed up by the singular values of its input–output Jacobian: all far below 1,
vanishing; far above, exploding; spread over decades (a large condition number), some directions
vanish while others explode. Saxe et al. (2014) and Pennington et al. (2017) showed that training is
fastest when they all sit near 1 ("dynamical isometry"), which orthogonal weights give a linear net
exactly.

gradsim's networks take 1–2 inputs and give 1–2 outputs, so their literal input→output Jacobian is
a 1×2 matrix with one singular value. The spectrum that tells the story is the hidden stack's:
``J = ∂a_{L−1}/∂a_1``, from the first hidden layer's output to the last's (width × width on a
uniform stack), at each of the first :data:`SAMPLES` samples of a pass, with batch norm's batch
statistics held fixed (the per-sample derivative, as the chain-rule view computes it). It is built
forwards, ``J_l = diag(f′(u_l)·γ/σ) · W_l · J_{l−1}`` (+ the shortcut's ``J_s`` or ``P·J_s``), and
handed to ``numpy.linalg.svd``; above :data:`MAX_WORK` multiply-adds (about ten layers of width 256
for 4 samples) it is not computed and the reason says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .text import Text

SAMPLES = 4
MAX_WORK = 1e9


@dataclass
class JacobianSpectrum:
    """``singular_values[s]``: J's singular values at sample ``s``, largest first (None + ``reason``
    when not computed). ``source``/``target``: network layer indices (J = ∂a_target/∂a_source)."""

    source: int
    target: int
    singular_values: list[np.ndarray] | None = None
    reason: Text | None = None

    @property
    def condition_numbers(self) -> list[float] | None:
        """σ_max/σ_min per sample (∞ where J is singular)."""
        if self.singular_values is None:
            return None
        return [float(sv[0] / sv[-1]) if sv[-1] > 0 else math.inf for sv in self.singular_values]

    @property
    def label(self) -> str:
        return f"∂a{self.target}/∂a{self.source}"


def work(sizes: list[int], source: int, target: int, samples: int) -> float:
    """Multiply-adds for :func:`spectrum` (the products, and the SVDs at ~n³ each)."""
    n = sizes[source]
    products = sum(sizes[l] * sizes[l - 1] * n for l in range(source + 2, target + 1))
    return samples * (products + min(n, sizes[target]) ** 2 * max(n, sizes[target]))


def spectrum(net, samples: int = SAMPLES, max_work: float = MAX_WORK) -> JacobianSpectrum:
    """The spectrum of ``∂a_{L−1}/∂a_1`` at the first ``samples`` rows of ``net``'s last forward and
    backward pass (its cached f′, and batch norm's γ and 1/σ) with its current weights: give it a
    pass made with those weights (a trainer's own cache is from before its last update)."""
    L = net.depth
    source, target = 1, L - 1
    out = JacobianSpectrum(source, target)
    if target <= source:
        out.reason = Text("no Jacobian: it runs from the first hidden layer to the last, and this network has "
                          "{count} hidden layer(s)", count=max(L - 1, 0))
        return out
    S = min(samples, net.a[0].shape[0])
    needed = work(net.sizes, source, target, S)
    if needed > max_work:
        out.reason = Text("no Jacobian: {work:.2g} multiply-adds for {samples} sample(s) is above the limit of "
                          "{limit:.0e}; use fewer or narrower layers", work=needed, samples=S, limit=max_work)
        return out
    with np.errstate(all="ignore"):
        J = {source: None}  # None: the identity (not materialised)
        for l in range(source + 1, target + 1):
            k = l - 1
            d = net.fprime[k][:S]
            if net.gamma[k] is not None:
                d = d * (net.gamma[k] * net.inv_std[k])
            prev = J[l - 1]
            m = np.broadcast_to(net.W[k], (S,) + net.W[k].shape) if prev is None else np.matmul(net.W[k], prev)
            jl = d[:, :, None] * m
            s = net.topology.layers[k].residual_from
            if s is not None and s >= source:
                short = J[s]
                if net.P[k] is not None:
                    jl += net.P[k] if short is None else np.matmul(net.P[k], short)
                else:
                    jl += np.eye(jl.shape[1]) if short is None else short
            J[l] = jl
        jt = J[target]
        if not np.all(np.isfinite(jt)):
            out.reason = Text("no Jacobian: its entries are not finite at this state")
            return out
        out.singular_values = list(np.linalg.svd(jt, compute_uv=False))
    return out


__all__ = ["JacobianSpectrum", "spectrum", "work", "SAMPLES", "MAX_WORK"]
