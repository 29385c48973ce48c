"""Which edges the canvas draws, and in which colour and width bucket.

Colour is |∂L/∂w| on the canvas's :class:`~gradsim.ui.colors.LogColorScale` (non-finite edges get
their own colour), width is |w| relative to the matrix's large weights. Edges are grouped into
(colour class × width class) buckets, each drawn with one pen and one ``drawLines`` call
(:class:`~gradsim.ui.canvas.items.EdgeLayer`), weak gradients first so strong ones lie on top.
Very wide layers would be a hairball, so beyond :data:`THIN_ABOVE` edges a weight matrix shows only
its strongest (largest |w|) edges.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QPen

from ..colors import NONFINITE_CLASS

THIN_ABOVE = 400           # a weight matrix with more edges than this is thinned ...
EDGE_BUDGET = 600          # ... to at most this many (the largest |w|) ...
EDGES_PER_NEURON = 1.5     # ... and 1.5 per neuron of its wider layer (at least 96)
WIDTH_CLASSES = (0.7, 1.3, 2.1, 3.2)
DENSE_WIDTHS = (1.0, 1.0, 1.5, 2.0)


def edge_budget(n_in: int, n_out: int) -> int:
    """How many edges of an ``n_out × n_in`` matrix to draw: all of a small one, few of a wide one."""
    if n_in * n_out <= THIN_ABOVE:
        return n_in * n_out
    return int(min(EDGE_BUDGET, max(96, EDGES_PER_NEURON * max(n_in, n_out))))


def enabled_edges(topo) -> tuple[list[tuple[np.ndarray, np.ndarray]], list[tuple[int, np.ndarray, np.ndarray]]]:
    """Per weight matrix the ``(j, i)`` of every enabled edge, and ``(k, j, i)`` of the removed ones."""
    sizes = topo.sizes
    edges, removed = [], []
    for k in range(topo.depth):
        m = topo.masks.get(k)
        if m is None:
            jj, ii = np.divmod(np.arange(sizes[k + 1] * sizes[k]), sizes[k])
        else:
            jj, ii = np.nonzero(m)
            rj, ri = np.nonzero(~m)
            removed.append((k, rj, ri))
        edges.append((jj, ii))
    return edges, removed


def visible_edges(edges, ys, snap):
    """Per matrix, the edges to draw (all, or the largest |w| beyond the budget), concatenated:
    ``k, j, i, w, g, y0, y1`` (``ys[l]`` holds layer l's neuron heights)."""
    ks, js, is_, ws, gs, y0s, y1s = [], [], [], [], [], [], []
    for k, (jj, ii) in enumerate(edges):
        if snap is not None:
            w = snap.weights[k][jj, ii]
            g = snap.weight_grads[k][jj, ii]
        else:
            w = np.ones(len(jj))
            g = np.zeros(len(jj))
        budget = edge_budget(len(ys[k]), len(ys[k + 1]))
        if len(jj) > budget:
            aw = np.nan_to_num(np.abs(w), nan=np.inf)
            keep = np.argpartition(-aw, budget)[:budget]
            jj, ii, w, g = jj[keep], ii[keep], w[keep], g[keep]
        ks.append(np.full(len(jj), k))
        js.append(jj)
        is_.append(ii)
        ws.append(w)
        gs.append(g)
        y0s.append(ys[k][ii])
        y1s.append(ys[k + 1][jj])
    if not ks:
        z = np.zeros(0)
        return z.astype(int), z.astype(int), z.astype(int), z, z, z, z
    cat = np.concatenate
    return cat(ks), cat(js), cat(is_), cat(ws), cat(gs), cat(y0s), cat(y1s)


def edge_classes(w: np.ndarray, g: np.ndarray, scale, measured: bool) -> tuple[np.ndarray, np.ndarray]:
    """Colour class (of ``scale``) and width class of each edge; before any gradient (``measured``
    False) every edge is in the zero colour at the second width."""
    if not measured:
        return np.zeros(len(w), dtype=np.int64), np.ones(len(w), dtype=np.int64)
    cls = scale.classes(g)
    aw = np.abs(w)
    finite = aw[np.isfinite(aw)]
    ref = float(np.percentile(finite, 98)) if finite.size else 1.0
    ref = ref if ref > 0 else 1.0
    n = len(WIDTH_CLASSES)
    with np.errstate(invalid="ignore"):
        wcls = np.clip(np.nan_to_num(aw / ref * n, nan=n), 0, n - 1).astype(np.int64)
    wcls[cls == NONFINITE_CLASS] = n - 1
    return cls, wcls


def buckets(x0, y0, y1, cls, wcls) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
    """The segments sorted by bucket -- non-finite edges on top of all others, then stronger
    gradients over weaker ones -- and ``(bucket key, first segment, count)`` per bucket; the key is
    ``colour class × len(WIDTH_CLASSES) + width class``."""
    n = len(WIDTH_CLASSES)
    key = cls * n + wcls
    rank = np.where(cls == NONFINITE_CLASS, 1 << 20, cls) * n + wcls
    order = np.argsort(rank, kind="stable")
    lines = np.empty((len(key), 4))
    lines[:, 0], lines[:, 1] = x0[order], y0[order]
    lines[:, 2], lines[:, 3] = x0[order] + 1, y1[order]
    key_sorted = key[order]
    if not len(key):
        return lines, []
    starts = np.flatnonzero(np.r_[True, key_sorted[1:] != key_sorted[:-1]])
    ends = np.r_[starts[1:], len(key)]
    return lines, [(int(key_sorted[a]), a, e - a) for a, e in zip(starts.tolist(), ends.tolist())]


class EdgePens:
    """One cached pen per (colour class, width class, dense?)."""

    def __init__(self, scale):
        self.scale = scale
        self._pens: dict[tuple[int, int, bool], QPen] = {}

    def pen(self, key: int, dense: bool) -> QPen:
        cls, wcls = divmod(key, len(WIDTH_CLASSES))
        pen = self._pens.get((cls, wcls, dense))
        if pen is None:
            color = QColor(self.scale.class_colors[cls])
            width = WIDTH_CLASSES[wcls] * (1.25 if cls == NONFINITE_CLASS else 1.0)
            if dense and cls != NONFINITE_CLASS:
                # thin and opaque: 1-px opaque lines take Qt's fast raster path (alpha blending of
                # long diagonals cost ~30 µs a line)
                width = DENSE_WIDTHS[wcls]
            pen = self._pens[(cls, wcls, dense)] = pg.mkPen(color, width=width)
        return pen
