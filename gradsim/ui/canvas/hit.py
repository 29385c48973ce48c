"""What is under the mouse on the canvas: a glyph, a neuron, a residual arc, an edge (drawn or removed),
a layer's column, or nothing -- tested in that order, in pixels so it feels the same at any zoom."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..commands import EditRequest

HIT_EDGE_PX = 5.0


@dataclass(frozen=True)
class Hit:
    """What is under the mouse."""

    kind: str  # "neuron" | "edge" | "removed-edge" | "residual" | "glyph" | "layer" | "none"
    layer: int | None = None
    index: int | None = None
    edge: tuple[int, int, int] | None = None
    request: EditRequest | None = None


def segment_distance_px(px, py, x0, y0, x1, y1, pw, ph) -> np.ndarray:
    """Pixel distance from (px, py) to each segment (vectorised; coordinates in view units, ``pw``
    and ``ph`` the size of a pixel in them)."""
    ax, ay = (x0 - px) / pw, (y0 - py) / ph
    bx, by = (x1 - px) / pw, (y1 - py) / ph
    dx, dy = bx - ax, by - ay
    len2 = dx * dx + dy * dy
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.clip(np.where(len2 > 0, -(ax * dx + ay * dy) / len2, 0.0), 0.0, 1.0)
    cx, cy = ax + t * dx, ay + t * dy
    return np.hypot(cx, cy)


def hit_test(canvas, scene_pos) -> Hit:
    """What of ``canvas``'s drawing lies under ``scene_pos``."""
    if canvas.spec is None:
        return Hit("none")
    for g, req in canvas.decorations.glyphs:
        if g.isVisible() and g.sceneBoundingRect().contains(scene_pos):
            return Hit("glyph", request=req)
    p = canvas.vb.mapSceneToView(scene_pos)
    px, py = p.x(), p.y()
    pw, ph = canvas.vb.viewPixelSize()
    # neurons: within the marker radius (+3 px)
    nx, ny = canvas.neuron_xy
    d = np.hypot((nx - px) / pw, (ny - py) / ph)
    n = int(np.argmin(d))
    if d[n] <= canvas.neuron_px / 2 + 3:
        return Hit("neuron", layer=int(canvas.layer_of[n]), index=int(canvas.index_of[n]))
    for l, xs, ys in canvas.decorations.arcs:
        if np.min(np.hypot((xs - px) / pw, (ys - py) / ph)) <= HIT_EDGE_PX:
            return Hit("residual", layer=l)
    # edges drawn, then removed ones
    visible = canvas.visible
    if visible is not None and len(visible[0]):
        k, j, i, x0, y0, x1, y1 = visible
        dist = segment_distance_px(px, py, x0, y0, x1, y1, pw, ph)
        e = int(np.argmin(dist))
        if dist[e] <= HIT_EDGE_PX:
            return Hit("edge", edge=(int(k[e]), int(j[e]), int(i[e])))
    ys = canvas.ys
    for k, rj, ri in canvas.removed_edges:
        if len(rj) == 0:
            continue
        dist = segment_distance_px(px, py, np.full(len(rj), float(k)), ys[k][ri],
                                   np.full(len(rj), k + 1.0), ys[k + 1][rj], pw, ph)
        e = int(np.argmin(dist))
        if dist[e] <= HIT_EDGE_PX:
            return Hit("removed-edge", edge=(k, int(rj[e]), int(ri[e])))
    layer = int(round(px))
    if 0 <= layer <= canvas.spec.topology.depth and abs(px - layer) < 0.3:
        return Hit("layer", layer=layer)
    return Hit("none")
