"""The network view: neurons and edges coloured by gradient, editable with the mouse.

A thin view over the session: it lays out the session's spec (:meth:`NetworkCanvas.set_spec`, one
of the session's layout views), recolours from each frame (:meth:`show_frame`), draws the session's
selection and highlight, and turns the mouse into session calls -- a click on an edge selects its
weight, on a neuron clicks it, hovering one hovers it, a +/− glyph or a context-menu entry requests
an edit. What it draws comes from the modules beside it: :mod:`.items` (the two drawing items),
:mod:`.edges` (which edges, which bucket), :mod:`.decorations` (labels, bands, glyphs, arcs),
:mod:`.hit` (what is under the mouse), :mod:`.tooltips` and :mod:`.context_menu`.

Colour is |∂L/∂w| (edges) and ‖∂L/∂a‖ (neuron rings) on one :class:`~gradsim.ui.colors.LogColorScale`,
width is |w|, fill is the mean activation.

Coordinates: network layer ``l`` sits at ``x = l``; neuron ``j`` of a layer of size ``n`` at
``y = (n - 1)/2 - j`` (top to bottom), so every layer is centred.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMenu, QToolTip

from gradsim.engine.spec import RunSpec

from .. import palette
from ..colors import LogColorScale, activation_classes, activation_colors
from ..selection import edge_exists
from . import edges as edge_drawing
from .context_menu import context_menu
from .decorations import Decorations, arc_height, residuals
from .hit import Hit, hit_test
from .items import EdgeLayer, NeuronLayer
from .tooltips import describe

ANTIALIAS_EDGES = 300      # smooth lines for small nets; beyond, raster speed matters more
CROWDED_PX = 72.0          # below this many pixels per layer, labels shorten and glyphs hide
LABEL_PX = 84.0            # pixels under the lowest neuron for layer labels and +/− glyphs


class CanvasViewBox(pg.ViewBox):
    """A ViewBox that hands clicks to the canvas (select, glyphs, context menu)."""

    def __init__(self, canvas: "NetworkCanvas"):
        super().__init__(enableMenu=False, defaultPadding=0.02)
        self._canvas = canvas

    def mouseClickEvent(self, ev):  # noqa: N802 - pyqtgraph API
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self._canvas.handle_click(ev.scenePos())
        elif ev.button() == Qt.MouseButton.RightButton:
            ev.accept()
            self._canvas.handle_context_menu(ev.scenePos(), ev.screenPos())
        else:
            super().mouseClickEvent(ev)


class NetworkCanvas(pg.GraphicsView):
    scaleChanged = Signal()

    def __init__(self, session, parent=None):
        super().__init__(parent, background=palette.BACKGROUND)
        self.session = session
        self.setMinimumSize(360, 220)
        self.vb = CanvasViewBox(self)
        self.setCentralItem(self.vb)
        self.vb.disableAutoRange()
        self.scale = LogColorScale()
        self.spec: RunSpec | None = None
        self.snapshot = None
        self.hover_text = ""
        self._hover = None  # (hit, scene position) under the mouse, for the tooltip's refresh
        self._act_brushes = [pg.mkBrush(c) for c in activation_colors()]
        self._pen_cache: dict = {}
        self._edge_pens = edge_drawing.EdgePens(self.scale)
        self.edge_layer = EdgeLayer()
        self.edge_layer.setZValue(1)  # over removed edges and batch-norm bands, under arcs and neurons
        self.vb.addItem(self.edge_layer)
        self.decorations = Decorations(self.vb)
        self._removed = pg.PlotCurveItem(pen=pg.mkPen(palette.qcolor(palette.REMOVED_EDGE), width=1,
                                                      style=Qt.PenStyle.DashLine), connect="pairs",
                                         skipFiniteCheck=True)
        self._removed.setZValue(-5)
        self.vb.addItem(self._removed)
        self._select_item = pg.PlotCurveItem(pen=pg.mkPen(QColor(palette.SELECTED), width=4.5), antialias=True)
        self._select_item.setZValue(60)
        self.vb.addItem(self._select_item)
        self._neurons = NeuronLayer()
        self._neurons.setZValue(50)
        self.vb.addItem(self._neurons)
        self.highlighted: tuple[list, list] = ([], [])
        self._build_highlight_items()
        self.neuron_px = 16.0
        self._neuron_key = None
        self._ring_px = 2.5
        self.visible = None   # arrays of the edges drawn: k, j, i, x0, y0, x1, y1
        self.removed_edges: list = []
        self._dense = False
        self._auto_fit = True
        self.vb.sigRangeChangedManually.connect(self._on_user_range_change)
        self.vb.sigResized.connect(self._update_sizes)
        self.vb.sigRangeChanged.connect(self._update_sizes)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        session.selection.weightChanged.connect(self._draw_selection)
        session.highlightChanged.connect(self._on_highlight)
        session.specApplied.connect(self._on_spec_applied)

    def _build_highlight_items(self) -> None:
        hl_edge = QColor(palette.HIGHLIGHT)
        hl_edge.setAlpha(170)
        self._hl_edges = pg.PlotCurveItem(pen=pg.mkPen(hl_edge, width=6), connect="pairs", antialias=True)
        self._hl_edges.setZValue(45)
        self._hl_edges.setVisible(False)
        self.vb.addItem(self._hl_edges)
        halo = QColor(palette.HIGHLIGHT)
        halo.setAlpha(120)
        self._hl_neurons = pg.ScatterPlotItem(pxMode=True, hoverable=False, brush=pg.mkBrush(halo),
                                              pen=pg.mkPen(QColor(palette.HIGHLIGHT), width=2))
        self._hl_neurons.setZValue(49)
        self._hl_neurons.setVisible(False)
        self.vb.addItem(self._hl_neurons)
        # a scatter item accepts left clicks on its points, so the view box never sees them
        self._hl_neurons.sigClicked.connect(self._on_points_clicked)

    @property
    def selected(self) -> tuple[int, int, int] | None:
        """The selected weight (the session's)."""
        return self.session.selection.weight

    # -- structure ---------------------------------------------------------------------------
    def set_spec(self, spec: RunSpec) -> None:
        """Lay out ``spec``'s network (a fresh copy is kept); drops the previous snapshot."""
        same_shape = self.spec is not None and self.spec.topology.sizes == spec.topology.sizes
        self.spec = spec.copy()
        self.snapshot = None
        self._hover = None
        topo = self.spec.topology
        sizes = topo.sizes
        L = topo.depth
        self.ys = [((n - 1) / 2.0 - np.arange(n)).astype(float) for n in sizes]
        self._max = max(sizes)
        antialias = topo.n_edges() <= ANTIALIAS_EDGES
        self._dense = self._max > 24  # wide layers: thin, opaque edges so the colour reads as a field
        self.edge_layer.antialias = antialias
        # exactly the neurons' span (plus the widest pen, in pixels): a larger rectangle would make
        # every recolour repaint the layer labels under the network too
        half = (self._max - 1) / 2.0
        self.edge_layer.set_extent(QRectF(0.0, -half, float(L), 2 * half),
                                   max(edge_drawing.WIDTH_CLASSES) * 1.25 / 2 + 2)
        self._edges, self.removed_edges = edge_drawing.enabled_edges(topo)
        self._draw_removed()
        self.decorations.build(self.spec, self._max)
        xs = np.concatenate([np.full(n, float(l)) for l, n in enumerate(sizes)])
        ys = np.concatenate(self.ys)
        self._neurons.set_points(xs, ys, np.arange(len(xs)) < sizes[0],
                                 self._act_brushes[len(self._act_brushes) // 2], self._ring_pen(0))
        self._neurons.set_size(self.neuron_px, self._ring_px)
        self.neuron_xy = (xs, ys)
        self._neuron_key = None
        self.layer_of = np.concatenate([np.full(n, l) for l, n in enumerate(sizes)])
        self.index_of = np.concatenate([np.arange(n) for n in sizes])
        if not same_shape or self._auto_fit:  # new arcs or labels may need room; a user's zoom stays
            self.fit()
        self._redraw_edges()
        self._draw_selection()
        self._draw_highlight()

    def show_frame(self, frame) -> None:
        self.set_snapshot(frame.snapshot)

    def _on_spec_applied(self, _spec) -> None:
        self._draw_selection()  # a reshaped network dropped the selection

    def bounds(self) -> QRectF:
        """The network's extent in view units, with room for arcs above and labels below.

        Labels and +/− glyphs are drawn at a fixed *pixel* size under the lowest neuron, so the
        room they need in view units depends on the viewport height.
        """
        L = self.spec.topology.depth
        half = (self._max - 1) / 2.0
        spans = [l - s for l, s in residuals(self.spec)]
        top = half + 0.55 + (arc_height(max(spans), self._max) + 0.35 if spans else 0.0)
        bottom = -half - 0.5
        h_px = max(120.0, float(self.vb.height() or self.height() or 400))
        w_px = float(self.vb.width() or self.width() or 600)
        # crowded layouts show only short titles (see _update_sizes), so they need less room
        label_px = LABEL_PX if w_px / (L + 0.9) >= CROWDED_PX else 30.0
        span = (top - bottom) / max(0.3, 1.0 - label_px / h_px)
        return QRectF(-0.45, top - span, L + 0.9, span)

    def fit(self) -> None:
        """Show the whole network; stays fitted through window resizes until the user zooms or pans."""
        if self.spec is None:
            return
        self._auto_fit = True
        self.vb.setRange(rect=self.bounds(), padding=0.0)

    def _on_user_range_change(self, *_):
        self._auto_fit = False

    def resizeEvent(self, event):  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if getattr(self, "spec", None) is not None and self._auto_fit:
            self.vb.setRange(rect=self.bounds(), padding=0.0)

    def _draw_removed(self) -> None:
        xs, ys = [], []
        for k, rj, ri in self.removed_edges:
            if len(rj) == 0:
                continue
            x = np.empty(2 * len(rj))
            y = np.empty(2 * len(rj))
            x[0::2], x[1::2] = k, k + 1
            y[0::2], y[1::2] = self.ys[k][ri], self.ys[k + 1][rj]
            xs.append(x)
            ys.append(y)
        if xs:
            self._removed.setData(np.concatenate(xs), np.concatenate(ys), connect="pairs")
            self._removed.setVisible(True)
        else:
            self._removed.setData([], [])
            self._removed.setVisible(False)

    # -- data --------------------------------------------------------------------------------
    def set_snapshot(self, snap) -> None:
        """Recolour from a snapshot of the current network (ignored if its shapes differ)."""
        if self.spec is None:
            return
        sizes = self.spec.topology.sizes
        if len(snap.weights) != len(sizes) - 1 or any(
                w.shape != (sizes[k + 1], sizes[k]) for k, w in enumerate(snap.weights)):
            return
        self.snapshot = snap
        mags = [np.abs(g).ravel() for g in snap.weight_grads] + [np.abs(g) for g in snap.neuron_grads]
        if self.scale.fit(np.concatenate(mags) if mags else np.zeros(0)):
            self.scaleChanged.emit()
        self._redraw_edges()
        self._recolor_neurons()
        self._draw_selection()
        if self.hover_text and self._hover is not None:  # the tooltip shown names this step's numbers
            hit, pos = self._hover
            self._show_hover_text(self.describe(hit), pos)

    def _redraw_edges(self) -> None:
        k, j, i, w, g, y0, y1 = edge_drawing.visible_edges(self._edges, self.ys, self.snapshot)
        x0 = k.astype(float)
        self.visible = (k, j, i, x0, y0, x0 + 1, y1)
        cls, wcls = edge_drawing.edge_classes(w, g, self.scale, self.snapshot is not None)
        lines, buckets = edge_drawing.buckets(x0, y0, y1, cls, wcls)
        pen = self._edge_pens.pen
        self.edge_layer.set_buckets(lines, [(pen(key, self._dense), a, n) for key, a, n in buckets])
        self.edge_classes = (k, j, i, cls)

    def _ring_pen(self, cls: int):
        key = (cls, round(self._ring_px * 2) / 2)
        pen = self._pen_cache.get(key)
        if pen is None:
            pen = pg.mkPen(self.scale.class_colors[cls], width=key[1])
            self._pen_cache[key] = pen
        return pen

    def _recolor_neurons(self) -> None:
        snap = self.snapshot
        if snap is None:
            return
        acts = np.concatenate(snap.activations)
        grads = np.concatenate(snap.neuron_grads)
        a_cls = activation_classes(acts, len(self._act_brushes))
        g_cls = self.scale.classes(grads)
        key = (self._ring_px, a_cls.tobytes(), g_cls.tobytes())
        if key == self._neuron_key:  # nothing to repaint
            return
        self._neuron_key = key
        brushes, ring_pen = self._act_brushes, self._ring_pen
        self._neurons.set_style([brushes[c] for c in a_cls.tolist()], [ring_pen(c) for c in g_cls.tolist()])

    def _update_sizes(self, *_):
        if self.spec is None:
            return
        pw, ph = self.vb.viewPixelSize()
        if not (pw > 0 and ph > 0):
            return
        spacing_px = min(1.0 / ph, 0.45 / pw)
        size = float(np.clip(0.62 * spacing_px, 5.0, 30.0))
        ring = float(np.clip(size * 0.14, 1.2, 3.5))
        self.decorations.set_crowded(1.0 / pw < CROWDED_PX)
        if abs(size - self.neuron_px) > 0.5 or abs(ring - self._ring_px) > 0.25:
            self.neuron_px, self._ring_px = size, ring
            self._neurons.set_size(size, ring)
            if self.highlighted[0]:
                self._hl_neurons.setSize(size + 12)
            if self.snapshot is not None:
                self._recolor_neurons()
            else:
                n = len(self.neuron_xy[0])
                self._neurons.set_style([self._act_brushes[len(self._act_brushes) // 2]] * n, [self._ring_pen(0)] * n)

    # -- selection and highlight (the session's) ---------------------------------------------
    def _draw_selection(self, *_) -> None:
        sel = self.session.selection.weight
        if sel is None or self.spec is None or not edge_exists(self.spec, *sel):
            self._select_item.setVisible(False)
            return
        k, j, i = sel
        self._select_item.setData([k, k + 1], [self.ys[k][i], self.ys[k + 1][j]])
        self._select_item.setVisible(True)

    def _on_highlight(self, highlight) -> None:
        self.highlighted = (list(highlight.neurons), list(highlight.edges))
        self._draw_highlight()

    def _draw_highlight(self) -> None:
        neurons, edges = self.highlighted
        if self.spec is None:
            neurons, edges = [], []
        sizes = self.spec.topology.sizes if self.spec is not None else []
        pts = [(l, self.ys[l][n]) for l, n in neurons if 0 <= l < len(sizes) and 0 <= n < sizes[l]]
        if pts:
            xs, ys = zip(*pts)
            self._hl_neurons.setData(x=list(xs), y=list(ys), size=self.neuron_px + 12)
        self._hl_neurons.setVisible(bool(pts))
        segs = [e for e in edges if edge_exists(self.spec, *e)]
        if segs:
            x = np.empty(2 * len(segs))
            y = np.empty(2 * len(segs))
            for n, (k, j, i) in enumerate(segs):
                x[2 * n], x[2 * n + 1] = k, k + 1
                y[2 * n], y[2 * n + 1] = self.ys[k][i], self.ys[k + 1][j]
            self._hl_edges.setData(x, y, connect="pairs")
        self._hl_edges.setVisible(bool(segs))

    # -- geometry for tests and tools --------------------------------------------------------
    def hit_test(self, scene_pos: QPointF) -> Hit:
        return hit_test(self, scene_pos)

    def neuron_scene_pos(self, layer: int, index: int) -> QPointF:
        return self.vb.mapViewToScene(QPointF(layer, self.ys[layer][index]))

    def edge_scene_pos(self, k: int, j: int, i: int, t: float = 0.5) -> QPointF:
        """A point on edge ``W{k+1}[j, i]`` (t = 0 at its source, 1 at its target)."""
        y = (1 - t) * self.ys[k][i] + t * self.ys[k + 1][j]
        return self.vb.mapViewToScene(QPointF(k + t, y))

    def layer_label_html(self, layer: int) -> str:
        title, subtitle, _ = self.decorations.labels[layer]
        return title.textItem.toHtml() + subtitle.textItem.toHtml()

    def glyph_requests(self) -> list:
        return list(self.decorations.glyphs)

    # -- mouse ------------------------------------------------------------------------------
    def handle_click(self, scene_pos: QPointF) -> None:
        hit = self.hit_test(scene_pos)
        if hit.kind == "glyph":
            self.session.request_edit(hit.request)
        elif hit.kind == "edge":
            self.session.selection.select_weight(*hit.edge)
        elif hit.kind == "neuron":
            self.session.selection.click_neuron(hit.layer, hit.index)

    def _on_points_clicked(self, _item, _points, ev=None) -> None:
        if ev is not None:
            self.handle_click(ev.scenePos())

    def handle_context_menu(self, scene_pos: QPointF, screen_pos) -> None:
        menu = self.context_menu(self.hit_test(scene_pos))
        if menu is not None:
            menu.popup(screen_pos.toPoint() if hasattr(screen_pos, "toPoint") else screen_pos)

    def context_menu(self, hit: Hit) -> QMenu | None:
        """The edits available at ``hit``."""
        return context_menu(self, hit)

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        hit = self.hit_test(scene_pos)
        neuron = (hit.layer, hit.index) if hit.kind == "neuron" else (-1, -1)
        self.session.selection.hover_neuron(*neuron)
        self._hover = (hit, scene_pos)
        self._show_hover_text(self.describe(hit), scene_pos)

    def _show_hover_text(self, text: str, scene_pos: QPointF) -> None:
        if text != self.hover_text:
            self.hover_text = text
            if text:
                view_pos = self.mapFromScene(scene_pos)
                QToolTip.showText(self.viewport().mapToGlobal(view_pos), text, self.viewport())
            else:
                QToolTip.hideText()

    def describe(self, hit: Hit) -> str:
        """Tooltip text: current value, gradient and (edges) the weight's id."""
        return describe(self.spec, self.snapshot, hit)
