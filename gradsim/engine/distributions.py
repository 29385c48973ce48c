"""Per-layer distributions at one moment of training: what practitioners look at besides norms.

For every layer (each hidden layer and the output) :func:`take` summarises four quantities over the
batch — the pre-activations ``u``, the activations ``a``, the gradient reaching the layer's output
∂L/∂a and the weight gradient ∂L/∂W — as mean, standard deviation and a histogram, plus the
saturated and dead fractions (:func:`gradsim.engine.metrics.saturation`) and the backward gain.

The histograms of one quantity share their bins across layers, so a vanishing gradient shows as the
early layers' histograms collapsing into one or two bins of the range the later layers span. That
range is the union over the layers of mean ± :data:`SPREAD` standard deviations (each clipped to the
layer's smallest and largest value); values outside count as ``below`` / ``above`` (±∞ too), NaN as
``nan``, so ``sum(counts) + below + above + nan`` is the number of values. Everything returned is a
fresh array, safe to hand to another thread.

No extra pass is run when the trainer's network holds its last training step (the values of that
step's forward and backward pass, before its update, as the history's row for that step): taking
distributions then only reads arrays, cheap enough for every snapshot the UI draws. Before the first
step, or after a run stopped on a non-finite value, a scratch copy of the network runs one forward
and backward pass on the batch the next step would train on (:meth:`Trainer.peek_batch`); the
trainer itself is untouched either way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .chain_rule import scratch_copy
from .metrics import saturation

BINS = 40
SPREAD = 4.0
QUANTITIES = ("preact", "act", "grad_act", "grad_w")
LAST_STEP, FRESH_PASS = "last step", "fresh pass"


@dataclass
class Histogram:
    """``counts[i]`` values in ``[edges[i], edges[i+1])`` (the last bin includes its right edge)."""

    edges: np.ndarray
    counts: np.ndarray
    below: int = 0
    above: int = 0
    nan: int = 0

    @property
    def total(self) -> int:
        return int(self.counts.sum()) + self.below + self.above + self.nan

    def to_dict(self) -> dict:
        return {"edges": self.edges.tolist(), "counts": self.counts.tolist(), "below": self.below,
                "above": self.above, "nan": self.nan}


@dataclass
class LayerDistribution:
    """One layer (weight matrix ``k`` feeds it): per quantity mean, std (finite values) and histogram."""

    width: int
    mean: dict[str, float] = field(default_factory=dict)
    std: dict[str, float] = field(default_factory=dict)
    histograms: dict[str, Histogram] = field(default_factory=dict)
    saturated: float = math.nan
    dead: float = math.nan
    gain: float = math.nan  # ‖∂L/∂a_{l−1}‖ / ‖∂L/∂a_l‖, as metrics' backward_gain


@dataclass
class Distributions:
    step: int           # the trainer's step count (the values are of that step's pass; see the module)
    batch: int          # samples in the pass
    source: str         # LAST_STEP or FRESH_PASS
    layers: list[LayerDistribution]
    inputs: np.ndarray  # the pass's input batch (what a theory prediction should be given; not a copy,
    #                     but the trainer never writes into a batch it has drawn)


def take(trainer, pass_=None) -> Distributions:
    """The distributions of ``trainer``'s current state: of ``pass_`` (what :func:`current_pass`
    returned, when the caller needs the same pass for something else), else of :func:`current_pass`."""
    net, source = pass_ or current_pass(trainer)
    sizes = net.sizes
    layers = [LayerDistribution(width=n) for n in sizes[1:]]
    batch = int(net.a[0].shape[0])
    act_sizes = [batch * n for n in sizes[1:]]
    ws = net.workspace if source == LAST_STEP else None
    grads = trainer.gradients if source == LAST_STEP else None
    if any(m is not None for m in net.masks):
        w_flat = [dw if m is None else dw[m != 0] for dw, m in zip(net.dW, net.masks)]
        w_sizes = [a.size for a in w_flat]
    else:  # the trainer keeps W1…WL's gradients side by side: no copy needed
        w_flat, w_sizes = net.dW, [w.size for w in net.W]
        if grads is not None:
            w_flat = grads[:net.weights_size]
    flat = {
        "preact": (net.u, act_sizes),
        "act": (net.a[1:], act_sizes),
        "grad_act": (ws.da_flat[ws.da_starts[1]:] if ws is not None else net.da[1:], act_sizes),
        "grad_w": (w_flat, w_sizes),
    }
    with np.errstate(all="ignore"):
        for q, (arrays, counts) in flat.items():
            v = arrays if isinstance(arrays, np.ndarray) else np.concatenate([np.ravel(a) for a in arrays])
            means, stds, hists = _quantity(v, tuple(counts))
            for layer, mean, std, hist in zip(layers, means, stds, hists):
                layer.mean[q], layer.std[q], layer.histograms[q] = float(mean), float(std), hist
        measured = trainer.last_metrics if source == LAST_STEP else None
        if measured is not None:  # the step measured these on this very pass
            for k, layer in enumerate(layers):
                layer.saturated, layer.dead, layer.gain = (float(measured[key][k]) for key in
                                                           ("saturated", "dead", "backward_gain"))
        else:
            da_norms = [math.sqrt(float(np.vdot(g, g))) for g in net.da]
            for k, layer in enumerate(layers):
                layer.saturated, layer.dead = saturation(net.fprime[k], net.activations[k])
                below, above = da_norms[k], da_norms[k + 1]
                layer.gain = below / above if above > 0 else (0.0 if below == 0 else math.inf)
    return Distributions(step=trainer.step_count, batch=batch, source=source, layers=layers, inputs=net.a[0])


def current_pass(trainer, fresh: bool = False):
    """``(network, source)``: the network holding the pass to read (the trainer's own or a scratch
    copy, see the module) and which pass it is (:data:`LAST_STEP` or :data:`FRESH_PASS`).

    ``fresh=True`` always runs the scratch pass: every value is then of the current weights (the
    last step's own pass ran before that step's update, so its f′ and the updated W do not belong
    together, which matters for a Jacobian built from both)."""
    net = trainer.network
    cached = (not fresh and trainer.last_scalars is not None and trainer.nonfinite is None and net.training
              and net.workspace is not None
              and all(v is not None for v in (net.a[0], net.dW[0], net.da[0], net.fprime[0])))
    if cached:
        return net, LAST_STEP
    x, t = trainer.peek_batch()
    scratch = scratch_copy(net)
    with np.errstate(all="ignore"):
        scratch.forward(x, training=True)
        scratch.backward(t, trainer.spec.train.loss)
    return scratch, FRESH_PASS


@lru_cache(maxsize=16)
def _layout(counts: tuple[int, ...]):
    """Segment starts, and each value's histogram offset (layer · (BINS + 2)), for these sizes."""
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.intp)
    offsets = np.repeat(np.arange(len(counts), dtype=np.intp) * (BINS + 2), counts)
    offsets.flags.writeable = False
    return starts, offsets


def _quantity(v: np.ndarray, counts: tuple[int, ...]):
    """Per segment of ``v`` (sizes ``counts``): mean and std of its finite values, and its
    histogram on the bins shared by all segments.

    All layers at once, in about a dozen passes over ``v`` and no indexing by masks: small layers
    would otherwise cost a dozen numpy calls each, big ones the same passes anyway.
    """
    starts, offsets = _layout(counts)
    n = np.array(counts, dtype=np.float64)
    sums = np.add.reduceat(v, starts, dtype=np.float64)
    sq = np.multiply(v, v, dtype=np.float64)
    sumsq = np.add.reduceat(sq, starts)
    if not (np.isfinite(sums).all() and np.isfinite(sumsq).all()):
        return _quantity_nonfinite(v, counts)
    means = sums / n
    var = np.maximum(sumsq / n - means * means, 0.0)
    for k in np.flatnonzero(var < 1e-6 * means * means):  # cancellation: two passes for this layer
        seg = v[starts[k]:starts[k] + counts[k]].astype(np.float64) - means[k]
        var[k] = float(np.vdot(seg, seg)) / counts[k]
    stds = np.sqrt(var)
    vmin = np.minimum.reduceat(v, starts)
    vmax = np.maximum.reduceat(v, starts)
    lo, hi = _shared_range(np.maximum(vmin, means - SPREAD * stds), np.minimum(vmax, means + SPREAD * stds))
    return means, stds, _histograms(v, counts, starts, offsets, lo, hi)


def _histograms(v, counts, starts, offsets, lo, hi, nan=None):
    L = len(counts)
    # bin b of a value is floor((v − lo)·BINS/(hi − lo)); shifted by one so that 0 = below and
    # BINS + 1 = above once clipped, and hi (the top of a layer's data) still in the last bin.
    scale = BINS / (hi - lo) * (1 - 1e-12)
    t = np.subtract(v, lo, dtype=np.float64)
    t *= scale
    t += 1.0
    np.clip(t, 0.0, BINS + 1.0, out=t)
    idx = t.astype(np.intp)
    idx += offsets
    table = np.bincount(idx, minlength=L * (BINS + 2)).reshape(L, BINS + 2)
    if nan is not None:  # NaN values were counted in bin 0 (they were set to −∞): take them out
        table[:, 0] -= nan
    edges = np.linspace(lo, hi, BINS + 1)
    return [Histogram(edges, table[k, 1:-1], int(table[k, 0]), int(table[k, -1]),
                      0 if nan is None else int(nan[k])) for k in range(L)]


def _quantity_nonfinite(v: np.ndarray, counts: tuple[int, ...]):
    """:func:`_quantity` when some values are ±∞ or NaN (statistics of the finite ones)."""
    starts, offsets = _layout(counts)
    finite = np.isfinite(v)
    n = np.add.reduceat(finite, starts, dtype=np.float64)
    vf = np.where(finite, v, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.add.reduceat(vf, starts) / n
        d = vf - np.repeat(means, counts)
        d[~finite] = 0.0
        stds = np.sqrt(np.add.reduceat(d * d, starts) / n)
        vmin = np.minimum.reduceat(np.where(finite, v, np.inf), starts)
        vmax = np.maximum.reduceat(np.where(finite, v, -np.inf), starts)
        lo_l, hi_l = np.maximum(vmin, means - SPREAD * stds), np.minimum(vmax, means + SPREAD * stds)
    lo, hi = _shared_range(lo_l, hi_l)
    isnan = np.isnan(v)
    nan = np.add.reduceat(isnan, starts, dtype=np.intp)
    return means, stds, _histograms(np.where(isnan, -np.inf, v), counts, starts, offsets, lo, hi, nan)


def _shared_range(lo_l: np.ndarray, hi_l: np.ndarray) -> tuple[float, float]:
    """The union of the layers' ranges (layers without a finite value left out)."""
    ok = np.isfinite(lo_l) & np.isfinite(hi_l)
    if not ok.any():
        return -1.0, 1.0
    lo, hi = float(lo_l[ok].min()), float(hi_l[ok].max())
    if not hi > lo:  # every value the same: a range around it
        half = abs(lo) / 2 or 1.0
        return lo - half, lo + half
    return lo, hi


__all__ = ["BINS", "QUANTITIES", "Histogram", "LayerDistribution", "Distributions", "current_pass", "take"]
