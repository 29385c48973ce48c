"""The network's output over the input plane, for the decision-boundary heat map.

Only 2-D classification datasets have a plane worth drawing; for everything else (the seed's single
sample, the 1-D sine regression) :func:`decision_grid` returns ``None`` so the view can hide itself.

Grids are row-major: ``Z[iy, ix]`` is the output at ``(xs[ix], ys[iy])``.

Thread safety: these functions run a forward pass on the trainer's parameters, so call them from the
thread that trains (e.g. the worker, when it takes a snapshot), never while a step is running.

Grids are evaluated :data:`~gradsim.engine.limits.EVAL_CHUNK` points at a time, so the forward
pass's arrays stay within what the memory budget counts for them even on a wide, deep network.
"""

from __future__ import annotations

import copy

import numpy as np

from .limits import EVAL_CHUNK


def plane_dataset(trainer) -> bool:
    """True when the trainer's data is 2-D classification (a boundary can be drawn)."""
    ds = trainer.dataset
    return ds.kind == "classification" and ds.input_size == 2


def grid_axes(trainer, resolution: int = 60, margin: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """Evenly spaced x and y coordinates covering every train and test point plus ``margin``."""
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2, got {resolution}")
    pts = np.concatenate([trainer.x_train, trainer.x_test])
    lo, hi = pts.min(axis=0) - margin, pts.max(axis=0) + margin
    return np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)


def _plane(xs, ys) -> np.ndarray:
    gx, gy = np.meshgrid(xs, ys)  # gx[iy, ix] = xs[ix]
    return np.column_stack([gx.ravel(), gy.ravel()])


def class_one_score(out: np.ndarray) -> np.ndarray:
    """The score the heat map shows: the single output, or class 1's probability of two outputs."""
    return out[:, 0] if out.shape[1] == 1 else out[:, 1]


def decision_grid(trainer, resolution: int = 60, margin: float = 0.2):
    """``(xs, ys, Z)`` with ``Z[iy, ix]`` the class-1 score, or ``None`` if there is no plane.

    Uses :meth:`Trainer.predict` (evaluation mode, training caches restored).
    """
    if not plane_dataset(trainer):
        return None
    xs, ys = grid_axes(trainer, resolution, margin)
    points = _plane(xs, ys)
    out = np.concatenate([trainer.predict(points[i:i + EVAL_CHUNK]) for i in range(0, len(points), EVAL_CHUNK)])
    return xs, ys, class_one_score(out).reshape(len(ys), len(xs))


def neuron_grids(trainer, resolution: int = 24, margin: float = 0.2):
    """Per hidden layer, every unit's activation over the plane: arrays ``(res, res, units)``.

    For small hover maps. Runs on a scratch copy of the network, so neither the training caches nor
    the batch-norm running statistics change. ``None`` if there is no plane.
    """
    if not plane_dataset(trainer):
        return None
    xs, ys = grid_axes(trainer, resolution, margin)
    net = copy.copy(trainer.network)
    net.clear_cache()  # fresh cache lists on the copy; parameters stay shared (read only)
    points = _plane(xs, ys).astype(net.dtype)
    n_y, n_x = len(ys), len(xs)
    grids = [np.empty((len(points), size), net.dtype) for size in net.sizes[1:-1]]
    with np.errstate(all="ignore"):
        for i in range(0, len(points), EVAL_CHUNK):
            net.forward(points[i:i + EVAL_CHUNK], training=False)
            for grid, a in zip(grids, net.a[1:-1]):
                grid[i:i + EVAL_CHUNK] = a
    return [g.reshape(n_y, n_x, g.shape[1]) for g in grids]


__all__ = ["decision_grid", "neuron_grids", "grid_axes", "plane_dataset", "class_one_score"]
