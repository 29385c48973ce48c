"""The network view: neurons and edges coloured by gradient, editable with the mouse.

Drawing: edges are grouped into (colour class × width class) buckets, drawn by one
:class:`EdgeLayer` item with one ``QPainter.drawLines`` call per bucket straight from a numpy array
(as pyqtgraph's ``PlotCurveItem(connect="pairs")`` does, which NOTES.md measured as the fastest way
to recolour tens of thousands of lines per frame, but without one item per bucket: each item cost
Python time for its bounds, scene bookkeeping and paint on every frame, and in this app every
millisecond of Python in the GUI thread is taken from training). Colour is |∂L/∂w|
on :class:`~gradsim.ui.colors.LogColorScale`, width is |w|, non-finite edges get their own colour.
Neurons are one ``ScatterPlotItem``: fill = mean activation, ring = ‖∂L/∂a‖ on the same scale.
Very wide layers would be a hairball, so beyond :data:`EDGE_BUDGET` edges per weight matrix only
the strongest (largest |w|) are drawn.

Editing: the canvas never changes the spec itself. Clicks on the +/− glyphs and context-menu
actions emit :class:`EditRequest` objects (a :mod:`gradsim.engine.edits` function name and its
arguments); the window validates them and pushes them on the undo stack. Left-click on an edge
selects it (``weightSelected(k, j, i)``); left-click on a neuron emits ``neuronClicked(layer,
index)`` and hovering one ``neuronHovered(layer, index)`` (``-1, -1`` when the mouse leaves it); drag
pans, the wheel zooms.

Highlight: :meth:`NetworkCanvas.set_highlight` lights up neurons ``(layer, index)`` and edges
``(k, j, i)`` (the step-through's stages) with a halo drawn over the gradient colours;
:meth:`clear_highlight` removes it.

Coordinates: network layer ``l`` sits at ``x = l``; neuron ``j`` of a layer of size ``n`` at
``y = (n - 1)/2 - j`` (top to bottom), so every layer is centred.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsRectItem, QMenu, QToolTip

from gradsim.engine.activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS
from gradsim.engine.spec import RunSpec

from .colors import (BACKGROUND, FOREGROUND, MUTED, NONFINITE_CLASS, LogColorScale,
                     activation_classes, activation_colors, sci)
from .i18n import tr

THIN_ABOVE = 400           # a weight matrix with more edges than this is thinned ...
EDGE_BUDGET = 600          # ... to at most this many (the largest |w|) ...
EDGES_PER_NEURON = 1.5     # ... and 1.5 per neuron of its wider layer (at least 96)
WIDTH_CLASSES = (0.7, 1.3, 2.1, 3.2)
DENSE_WIDTHS = (1.0, 1.0, 1.5, 2.0)
ANTIALIAS_EDGES = 300      # smooth lines for small nets; beyond, raster speed matters more
HIT_EDGE_PX = 5.0
CROWDED_PX = 72.0          # below this many pixels per layer, labels shorten and glyphs hide
LABEL_PX = 84.0            # pixels under the lowest neuron for layer labels and +/− glyphs
BN_COLOR = QColor("#e8b339")
RESIDUAL_COLOR = QColor("#7fd4ff")
SELECT_COLOR = QColor("#ffffff")
HIGHLIGHT_COLOR = QColor(255, 214, 0)
ACTIVATION_SYMBOLS = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "LReLU", "elu": "ELU",
                      "linear": "linear", "softmax": "softmax"}


def edge_budget(n_in: int, n_out: int) -> int:
    """How many edges of an ``n_out × n_in`` matrix to draw: all of a small one, few of a wide one."""
    if n_in * n_out <= THIN_ABOVE:
        return n_in * n_out
    return int(min(EDGE_BUDGET, max(96, EDGES_PER_NEURON * max(n_in, n_out))))


@dataclass(frozen=True)
class EditRequest:
    """An edit the user asked for: ``gradsim.engine.edits.<op>(spec, *args)``, named ``text``."""

    op: str
    args: tuple
    text: str


@dataclass(frozen=True)
class Hit:
    """What is under the mouse."""

    kind: str  # "neuron" | "edge" | "removed-edge" | "residual" | "glyph" | "layer" | "none"
    layer: int | None = None
    index: int | None = None
    edge: tuple[int, int, int] | None = None
    request: EditRequest | None = None


def layer_title(spec: RunSpec, layer: int) -> str:
    if layer == 0:
        return tr("Inputs")
    if layer == spec.topology.depth:
        return tr("Output")
    return f"H{layer}"


def neuron_name(spec: RunSpec, layer: int, index: int) -> str:
    """i1/h1/o1 on the seed (as in the lecture), x1 / h2[3] / o1 elsewhere."""
    L = spec.topology.depth
    if spec.weight_names == "seed":
        return f"{'iho'[0 if layer == 0 else (2 if layer == L else 1)]}{index + 1}"
    if layer == 0:
        return f"x{index + 1}"
    if layer == L:
        return f"o{index + 1}"
    return f"h{layer}[{index + 1}]"


def weight_lines(snap, k: int, j: int, i: int) -> list[str]:
    """W{k+1}[j, i]'s value and gradient from ``snap``, each naming the step it belongs to: the
    weight is the one after ``snap.step`` updates, the gradient the one the last step computed (on
    its batch, at the weights before its update) — or none yet, before the first step."""
    w = sci(float(snap.weights[k][j, i]), 4)
    lines = [tr("w = {} (initial)").format(w) if snap.step == 0 else tr("w = {} after step {}").format(w, snap.step)]
    if getattr(snap, "grad_step", 0):
        lines.append(tr("∂L/∂w = {} in step {} (its batch, at the weights before its update)").format(
            sci(float(snap.weight_grads[k][j, i]), 3), snap.grad_step))
    else:
        lines.append(tr("∂L/∂w: none yet — no step has computed one (the chain-rule panel derives it at "
                        "these weights)"))
    return lines


class EdgeLayer(pg.GraphicsObject):
    """Every drawn edge in one item: per bucket one pen and one ``drawLines`` of its segments.

    :meth:`set_buckets` takes the segments already sorted by bucket; painting is one ``setPen`` and
    one ``drawLines`` (a pointer into the numpy array, no Python object per line) per bucket, in the
    order given (later buckets on top). The bounding rectangle is the network's extent (set by the
    canvas), padded by the widest pen, so it never needs the data's bounds.
    """

    def __init__(self):
        super().__init__()
        self._lines = np.zeros((0, 4))   # x0, y0, x1, y1 per segment (QLineF's memory layout)
        self._buckets: list[tuple[QPen, int, int]] = []   # pen, first segment, count
        self._extent = QRectF()
        self._rect: QRectF | None = None
        self._pad_px = 3.0
        self.antialias = False

    def set_extent(self, rect: QRectF, pad_px: float) -> None:
        """The area every segment lies in (view units), and the widest pen's half width in pixels."""
        self.prepareGeometryChange()
        self._extent, self._pad_px, self._rect = QRectF(rect), float(pad_px), None

    def set_buckets(self, lines: np.ndarray, buckets: list[tuple[QPen, int, int]]) -> None:
        """``lines``: (n, 4) float64 segments sorted by bucket; ``buckets``: (pen, start, count)."""
        self._lines = np.ascontiguousarray(lines, dtype=np.float64)
        self._buckets = [(pen, int(a), int(n)) for pen, a, n in buckets if n > 0]
        self.update()

    @property
    def pens(self) -> list[QPen]:
        """The pens of the buckets drawn, bottom to top."""
        return [pen for pen, _a, _n in self._buckets]

    @property
    def segment_count(self) -> int:
        return sum(n for _pen, _a, n in self._buckets)

    def viewTransformChanged(self):  # noqa: N802 - pyqtgraph API
        super().viewTransformChanged()
        self.prepareGeometryChange()
        self._rect = None

    def boundingRect(self):  # noqa: N802 - Qt API
        if self._rect is None:
            px, py = self.pixelVectors()
            dx = 0.0 if px is None else px.length() * self._pad_px
            dy = 0.0 if py is None else py.length() * self._pad_px
            self._rect = self._extent.adjusted(-dx, -dy, dx, dy)
        return self._rect

    def paint(self, p, *_args):
        if not self._buckets:
            return
        aa = self._exportOpts.get("antialias", True) if self._exportOpts is not False else self.antialias
        # Segments go to the painter in device coordinates: under the view's scaling transform Qt
        # strokes every line wider than 1 px as a path (measured 3.5× slower than with identity).
        t = p.transform()
        lines = np.empty_like(self._lines)
        x, y = self._lines[:, 0::2], self._lines[:, 1::2]
        lines[:, 0::2] = t.m11() * x + t.m21() * y + t.dx()
        lines[:, 1::2] = t.m12() * x + t.m22() * y + t.dy()
        p.save()
        p.resetTransform()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, aa)
        base, stride = lines.ctypes.data, lines.strides[0]
        for pen, start, count in self._buckets:
            p.setPen(pen)
            p.drawLines(shiboken6.wrapInstance(base + start * stride, QLineF), count)
        p.restore()


class NeuronLayer(pg.GraphicsObject):
    """The neurons: a filled circle (inputs: square) each, ``size`` pixels across, with a ring.

    Replaces a pyqtgraph ``ScatterPlotItem``, whose per-spot brushes and pens cost ~3 µs a neuron in
    Python on every recolour; here a recolour only stores the neurons' brushes and pens. Painting
    blits one cached antialiased pixmap per style (rasterising antialiased circles costs ~7 µs
    each), in device coordinates so the size is in pixels; exports (``setExportMode``) get vector
    shapes.
    """

    def __init__(self):
        super().__init__()
        self._xy = np.zeros((0, 2))
        self._square = np.zeros(0, dtype=bool)
        self._brushes: list = []
        self._pens: list = []
        self.size = 16.0
        self._ring = 2.5
        self._rect: QRectF | None = None
        self._sprites: dict = {}

    def set_points(self, xs: np.ndarray, ys: np.ndarray, square: np.ndarray, brush, pen) -> None:
        self.prepareGeometryChange()
        self._xy = np.column_stack([xs, ys]).astype(float)
        self._square = np.asarray(square, dtype=bool)
        self._rect = None
        self.set_style([brush] * len(xs), [pen] * len(xs))

    def set_size(self, size: float, ring: float) -> None:
        self.prepareGeometryChange()
        self.size, self._ring, self._rect = float(size), float(ring), None
        self._sprites.clear()
        self.update()

    def set_style(self, brushes: list, pens: list) -> None:
        """One brush (fill) and one pen (ring) per neuron; brushes and pens are reused objects."""
        self._brushes, self._pens = list(brushes), list(pens)
        self.update()

    def viewTransformChanged(self):  # noqa: N802 - pyqtgraph API
        super().viewTransformChanged()
        self.prepareGeometryChange()
        self._rect = None

    def boundingRect(self):  # noqa: N802 - Qt API
        if self._rect is None:
            if not len(self._xy):
                self._rect = QRectF()
                return self._rect
            (x0, y0), (x1, y1) = self._xy.min(axis=0), self._xy.max(axis=0)
            px, py = self.pixelVectors()
            pad = self.size / 2 + self._ring + 2
            dx = 0.0 if px is None else px.length() * pad
            dy = 0.0 if py is None else py.length() * pad
            self._rect = QRectF(x0 - dx, y0 - dy, x1 - x0 + 2 * dx, y1 - y0 + 2 * dy)
        return self._rect

    def _draw(self, p, x: float, y: float, square: bool) -> None:
        r = self.size / 2
        if square:
            p.drawRect(QRectF(x - r, y - r, 2 * r, 2 * r))
        else:
            p.drawEllipse(QPointF(x, y), r, r)

    def _sprite(self, brush, pen, square: bool, dpr: float) -> QPixmap:
        key = (id(brush), id(pen), square, dpr)
        sprite = self._sprites.get(key)
        if sprite is None:
            side = int(math.ceil(self.size + self._ring + 4))
            sprite = QPixmap(int(math.ceil(side * dpr)), int(math.ceil(side * dpr)))
            sprite.setDevicePixelRatio(dpr)
            sprite.fill(Qt.GlobalColor.transparent)
            sp = QPainter(sprite)
            sp.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            sp.setBrush(brush)
            sp.setPen(pen)
            self._draw(sp, side / 2, side / 2, square)
            sp.end()
            self._sprites[key] = sprite
        return sprite

    def paint(self, p, *_args):
        n = len(self._xy)
        if not n or len(self._brushes) != n:
            return
        t = p.transform()
        x, y = self._xy[:, 0], self._xy[:, 1]
        dev_x = (t.m11() * x + t.m21() * y + t.dx()).tolist()
        dev_y = (t.m12() * x + t.m22() * y + t.dy()).tolist()
        square = self._square.tolist()
        p.save()
        p.resetTransform()
        if self._exportOpts is not False:  # vector shapes for SVG
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            for k in range(n):
                p.setBrush(self._brushes[k])
                p.setPen(self._pens[k])
                self._draw(p, dev_x[k], dev_y[k], square[k])
        else:
            dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
            half = math.ceil(self.size + self._ring + 4) / 2
            sprite = self._sprite
            brushes, pens = self._brushes, self._pens
            for k in range(n):
                p.drawPixmap(QPointF(dev_x[k] - half, dev_y[k] - half), sprite(brushes[k], pens[k], square[k], dpr))
        p.restore()


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
    weightSelected = Signal(int, int, int)
    neuronClicked = Signal(int, int)     # layer, index
    neuronHovered = Signal(int, int)     # layer, index; -1, -1 when no neuron is under the mouse
    editRequested = Signal(object)   # EditRequest
    scaleChanged = Signal()

    def __init__(self, parent=None):
        super().__init__(parent, background=BACKGROUND)
        self.setMinimumSize(360, 220)
        self.vb = CanvasViewBox(self)
        self.setCentralItem(self.vb)
        self.vb.disableAutoRange()
        self.scale = LogColorScale()
        self.spec: RunSpec | None = None
        self.snapshot = None
        self.selected: tuple[int, int, int] | None = None
        self.hover_text = ""
        self._hover = None  # (hit, scene position) under the mouse, for the tooltip's refresh
        self._act_brushes = [pg.mkBrush(c) for c in activation_colors()]
        self._pen_cache: dict = {}
        self._edge_pens: dict[tuple[int, int, bool], QPen] = {}
        self.edge_layer = EdgeLayer()
        self.edge_layer.setZValue(1)  # over removed edges and batch-norm bands, under arcs and neurons
        self.vb.addItem(self.edge_layer)
        self._decor: list = []
        self._labels: dict = {}
        self._crowded = False
        self._glyphs: list[tuple[pg.TextItem, EditRequest]] = []
        self._arcs: list[tuple[int, np.ndarray, np.ndarray]] = []  # (layer, xs, ys)
        self._removed = pg.PlotCurveItem(pen=pg.mkPen(QColor(150, 155, 170, 110), width=1,
                                                      style=Qt.PenStyle.DashLine), connect="pairs",
                                         skipFiniteCheck=True)
        self._removed.setZValue(-5)
        self.vb.addItem(self._removed)
        self._select_item = pg.PlotCurveItem(pen=pg.mkPen(SELECT_COLOR, width=4.5), antialias=True)
        self._select_item.setZValue(60)
        self.vb.addItem(self._select_item)
        self._neurons = NeuronLayer()
        self._neurons.setZValue(50)
        self.vb.addItem(self._neurons)
        self.highlighted: tuple[list, list] = ([], [])
        hl_edge = QColor(HIGHLIGHT_COLOR)
        hl_edge.setAlpha(170)
        self._hl_edges = pg.PlotCurveItem(pen=pg.mkPen(hl_edge, width=6), connect="pairs", antialias=True)
        self._hl_edges.setZValue(45)
        self._hl_edges.setVisible(False)
        self.vb.addItem(self._hl_edges)
        halo = QColor(HIGHLIGHT_COLOR)
        halo.setAlpha(120)
        self._hl_neurons = pg.ScatterPlotItem(pxMode=True, hoverable=False, brush=pg.mkBrush(halo),
                                              pen=pg.mkPen(HIGHLIGHT_COLOR, width=2))
        self._hl_neurons.setZValue(49)
        self._hl_neurons.setVisible(False)
        self.vb.addItem(self._hl_neurons)
        self._hover_neuron = (-1, -1)
        # a scatter item accepts left clicks on its points, so the view box never sees them
        self._hl_neurons.sigClicked.connect(self._on_points_clicked)
        self._neuron_px = 16.0
        self._neuron_key = None
        self._ring_px = 2.5
        self._visible = None   # arrays of the edges drawn: k, j, i, x0, y0, x1, y1
        self._antialias = True
        self._dense = False
        self._auto_fit = True
        self.vb.sigRangeChangedManually.connect(self._on_user_range_change)
        self.vb.sigResized.connect(self._update_sizes)
        self.vb.sigRangeChanged.connect(self._update_sizes)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

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
        self._ys = [((n - 1) / 2.0 - np.arange(n)).astype(float) for n in sizes]
        self._max = max(sizes)
        self._antialias = self.spec.topology.n_edges() <= ANTIALIAS_EDGES
        dense = self._max > 24
        self._dense = dense  # wide layers: thin, opaque edges so the colour reads as a field
        self.edge_layer.antialias = self._antialias
        # exactly the neurons' span (plus the widest pen, in pixels): a larger rectangle would make
        # every recolour repaint the layer labels under the network too
        half = (self._max - 1) / 2.0
        self.edge_layer.set_extent(QRectF(0.0, -half, float(L), 2 * half), max(WIDTH_CLASSES) * 1.25 / 2 + 2)
        # every enabled edge, matrix by matrix
        self._edges = []
        removed = []
        for k in range(L):
            m = topo.masks.get(k)
            if m is None:
                jj, ii = np.divmod(np.arange(sizes[k + 1] * sizes[k]), sizes[k])
            else:
                jj, ii = np.nonzero(m)
                rj, ri = np.nonzero(~m)
                removed.append((k, rj, ri))
            self._edges.append((jj, ii))
        self._removed_edges = removed
        self._draw_removed()
        if self.selected is not None and (not same_shape or not self._edge_exists(*self.selected)):
            self.selected = None  # a reshaped network renumbers its weights
        self._build_decorations()
        xs = np.concatenate([np.full(n, float(l)) for l, n in enumerate(sizes)])
        ys = np.concatenate(self._ys)
        self._neurons.set_points(xs, ys, np.arange(len(xs)) < sizes[0],
                                 self._act_brushes[len(self._act_brushes) // 2], self._ring_pen(0))
        self._neurons.set_size(self._neuron_px, self._ring_px)
        self._neuron_xy = (xs, ys)
        self._neuron_key = None
        self._layer_of = np.concatenate([np.full(n, l) for l, n in enumerate(sizes)])
        self._index_of = np.concatenate([np.arange(n) for n in sizes])
        if not same_shape or self._auto_fit:  # new arcs or labels may need room; a user's zoom stays
            self.fit()
        self._redraw_edges()
        self._draw_selection()
        if not same_shape:
            self.highlighted = ([], [])
        self._draw_highlight()

    def _edge_exists(self, k, j, i) -> bool:
        topo = self.spec.topology
        if not 0 <= k < topo.depth:
            return False
        s = topo.sizes
        if not (0 <= j < s[k + 1] and 0 <= i < s[k]):
            return False
        m = topo.masks.get(k)
        return m is None or bool(m[j, i])

    def bounds(self) -> QRectF:
        """The network's extent in view units, with room for arcs above and labels below.

        Labels and +/− glyphs are drawn at a fixed *pixel* size under the lowest neuron, so the
        room they need in view units depends on the viewport height.
        """
        L = self.spec.topology.depth
        half = (self._max - 1) / 2.0
        spans = [l - s for l, s in self._residuals()]
        top = half + 0.55 + (self._arc_height(max(spans)) + 0.35 if spans else 0.0)
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

    def _arc_height(self, span: int) -> float:
        return (0.25 + 0.12 * span) * max(2.0, 0.35 * self._max)

    def _residuals(self) -> list[tuple[int, int]]:
        return [(l + 1, layer.residual_from) for l, layer in enumerate(self.spec.topology.layers)
                if layer.residual_from is not None]

    def _build_decorations(self) -> None:
        for item in self._decor:
            self.vb.removeItem(item)
        self._decor, self._glyphs, self._arcs, self._labels = [], [], [], {}
        self._crowded = False
        spec = self.spec
        topo = spec.topology
        sizes = topo.sizes
        L = topo.depth
        half = (self._max - 1) / 2.0
        label_y = -half - 0.4
        for l, n in enumerate(sizes):
            title = layer_title(spec, l)
            bn = 0 < l <= L and topo.layers[l - 1].batch_norm
            if l == 0:
                sub = tr("{} inputs").format(n) if n > 1 else tr("1 input")
            else:
                layer = topo.layers[l - 1]
                sub = html.escape(f"{n} · {ACTIVATION_SYMBOLS.get(layer.activation, layer.activation)}")
                if bn:
                    sub += f" · <b style='color:{BN_COLOR.name()}'>BN</b>"
            text = pg.TextItem(html=f"<b style='color:{FOREGROUND.name()}'>{html.escape(title)}</b>",
                               anchor=(0.5, 0.0))
            text.setPos(l, label_y)
            self._add(text)
            subtitle = pg.TextItem(html=f"<span style='color:{MUTED.name()}'>{sub}</span>", anchor=(0.5, -1.0))
            subtitle.setPos(l, label_y)
            self._add(subtitle)
            self._labels[l] = (text, subtitle, title)
            if bn:
                # batch norm: an amber band around the layer, as in block diagrams
                ytop = (n - 1) / 2.0
                band = QGraphicsRectItem(QRectF(l - 0.16, -ytop - 0.42, 0.32, 2 * ytop + 0.84))
                fill = QColor(BN_COLOR)
                fill.setAlpha(34)
                band.setBrush(fill)
                pen = QPen(BN_COLOR, 1.2)
                pen.setCosmetic(True)
                band.setPen(pen)
                band.setZValue(-10)
                band.setToolTip(tr("Batch normalization"))
                self._add(band)
            if 0 < l < L:
                for sym, req in (("−", EditRequest("remove_neuron", (l, n - 1), tr("Remove a neuron from H{}").format(l))),
                                 ("+", EditRequest("add_neuron", (l,), tr("Add a neuron to H{}").format(l)))):
                    g = pg.TextItem(html=f"<span style='font-size:10pt; font-weight:bold; color:#cfd6e6'>"
                                         f"&nbsp;{sym}&nbsp;</span>",
                                    fill=pg.mkBrush(QColor(255, 255, 255, 28)),
                                    anchor=(1.08, 0.0) if sym == "−" else (-0.08, 0.0))
                    g.setPos(l, label_y)
                    g.setZValue(56)
                    g.setToolTip(req.text)
                    self._add(g)
                    self._glyphs.append((g, req))
        # shift the glyphs below the label text once their sizes are known
        for g, _ in self._glyphs:
            g.setAnchor((g.anchor.x(), -1.6))
        for l, s in self._residuals():
            x0, x1 = float(s), float(l)
            y0 = (sizes[s] - 1) / 2.0 + 0.35
            y1 = (sizes[l] - 1) / 2.0 + 0.35
            ytop = half + 0.35 + self._arc_height(l - s)
            t = np.linspace(0, 1, 48)
            xs = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * (x0 + x1) / 2 + t ** 2 * x1
            ys = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * (2 * ytop - (y0 + y1) / 2) + t ** 2 * y1
            arc = pg.PlotCurveItem(xs, ys, pen=pg.mkPen(RESIDUAL_COLOR, width=2), antialias=True)
            arc.setZValue(40)
            self._add(arc)
            identity = sizes[s] == sizes[l]
            label = pg.TextItem("+" if identity else "+P", color=RESIDUAL_COLOR, anchor=(0.5, 1.0))
            label.setPos((x0 + x1) / 2, ytop)
            self._add(label)
            self._arcs.append((l, xs, ys))

    def _add(self, item) -> None:
        self.vb.addItem(item)
        self._decor.append(item)

    def _draw_removed(self) -> None:
        xs, ys = [], []
        for k, rj, ri in self._removed_edges:
            if len(rj) == 0:
                continue
            x = np.empty(2 * len(rj))
            y = np.empty(2 * len(rj))
            x[0::2], x[1::2] = k, k + 1
            y[0::2], y[1::2] = self._ys[k][ri], self._ys[k + 1][rj]
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

    def _visible_edges(self):
        """Per matrix, the edges to draw (all, or the largest |w| beyond the budget)."""
        ks, js, is_, ws, gs, y0s, y1s = [], [], [], [], [], [], []
        snap = self.snapshot
        for k, (jj, ii) in enumerate(self._edges):
            if snap is not None:
                w = snap.weights[k][jj, ii]
                g = snap.weight_grads[k][jj, ii]
            else:
                w = np.ones(len(jj))
                g = np.zeros(len(jj))
            budget = edge_budget(len(self._ys[k]), len(self._ys[k + 1]))
            if len(jj) > budget:
                aw = np.nan_to_num(np.abs(w), nan=np.inf)
                keep = np.argpartition(-aw, budget)[:budget]
                jj, ii, w, g = jj[keep], ii[keep], w[keep], g[keep]
            ks.append(np.full(len(jj), k))
            js.append(jj)
            is_.append(ii)
            ws.append(w)
            gs.append(g)
            y0s.append(self._ys[k][ii])
            y1s.append(self._ys[k + 1][jj])
        if not ks:
            z = np.zeros(0)
            return z.astype(int), z.astype(int), z.astype(int), z, z, z, z
        cat = np.concatenate
        return cat(ks), cat(js), cat(is_), cat(ws), cat(gs), cat(y0s), cat(y1s)

    def _redraw_edges(self) -> None:
        k, j, i, w, g, y0, y1 = self._visible_edges()
        x0 = k.astype(float)
        self._visible = (k, j, i, x0, y0, x0 + 1, y1)
        if self.snapshot is None:
            cls = np.zeros(len(k), dtype=np.int64)
            wcls = np.ones(len(k), dtype=np.int64)
        else:
            cls = self.scale.classes(g)
            aw = np.abs(w)
            finite = aw[np.isfinite(aw)]
            ref = float(np.percentile(finite, 98)) if finite.size else 1.0
            ref = ref if ref > 0 else 1.0
            with np.errstate(invalid="ignore"):
                wcls = np.clip(np.nan_to_num(aw / ref * len(WIDTH_CLASSES), nan=len(WIDTH_CLASSES)), 0,
                               len(WIDTH_CLASSES) - 1).astype(np.int64)
            wcls[cls == NONFINITE_CLASS] = len(WIDTH_CLASSES) - 1
        key = cls * len(WIDTH_CLASSES) + wcls
        # non-finite edges on top of all others, then stronger gradients over weaker ones
        rank = np.where(cls == NONFINITE_CLASS, 1 << 20, cls) * len(WIDTH_CLASSES) + wcls
        order = np.argsort(rank, kind="stable")
        lines = np.empty((len(k), 4))
        lines[:, 0], lines[:, 1] = x0[order], y0[order]
        lines[:, 2], lines[:, 3] = x0[order] + 1, y1[order]
        key_sorted = key[order]
        starts = np.flatnonzero(np.r_[True, key_sorted[1:] != key_sorted[:-1]]) if len(key) else np.zeros(0, int)
        ends = np.r_[starts[1:], len(key)] if len(key) else np.zeros(0, int)
        buckets = []
        for a, e in zip(starts.tolist(), ends.tolist()):
            kk = int(key_sorted[a])
            buckets.append((self._edge_pen(kk // len(WIDTH_CLASSES), kk % len(WIDTH_CLASSES)), a, e - a))
        self.edge_layer.set_buckets(lines, buckets)
        self.edge_classes = (k, j, i, cls)

    def _edge_pen(self, cls: int, wcls: int) -> QPen:
        pen = self._edge_pens.get((cls, wcls, self._dense))
        if pen is None:
            color = QColor(self.scale.class_colors[cls])
            width = WIDTH_CLASSES[wcls] * (1.25 if cls == NONFINITE_CLASS else 1.0)
            if self._dense and cls != NONFINITE_CLASS:
                # thin and opaque: 1-px opaque lines take Qt's fast raster path (alpha blending of
                # long diagonals cost ~30 µs a line)
                width = DENSE_WIDTHS[wcls]
            pen = self._edge_pens[(cls, wcls, self._dense)] = pg.mkPen(color, width=width)
        return pen

    def _ring_pen(self, cls: int) -> QPen:
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
        # crowded views (many layers, small window) drop what would overlap or be ambiguous: the
        # +/− glyphs and the "8 · σ" line; the context menu and the panel still offer both
        layer_px = 1.0 / pw
        crowded = layer_px < CROWDED_PX
        show_glyphs = not crowded
        for g, _req in self._glyphs:
            if g.isVisible() != show_glyphs:
                g.setVisible(show_glyphs)
        if crowded != self._crowded:
            self._crowded = crowded
            for l, (title, subtitle, text) in self._labels.items():
                subtitle.setVisible(not crowded)
                short = {tr("Inputs"): tr("In"), tr("Output"): tr("Out")}.get(text, text) if crowded else text
                title.setHtml(f"<b style='color:{FOREGROUND.name()}'>{html.escape(short)}</b>")
        if abs(size - self._neuron_px) > 0.5 or abs(ring - self._ring_px) > 0.25:
            self._neuron_px, self._ring_px = size, ring
            self._neurons.set_size(size, ring)
            if self.highlighted[0]:
                self._hl_neurons.setSize(size + 12)
            if self.snapshot is not None:
                self._recolor_neurons()
            else:
                n = len(self._neuron_xy[0])
                self._neurons.set_style([self._act_brushes[len(self._act_brushes) // 2]] * n, [self._ring_pen(0)] * n)

    # -- selection ---------------------------------------------------------------------------
    def select_weight(self, k: int, j: int, i: int, emit: bool = True) -> None:
        self.selected = (k, j, i)
        self._draw_selection()
        if emit:
            self.weightSelected.emit(k, j, i)

    def _draw_selection(self) -> None:
        if self.selected is None or self.spec is None or not self._edge_exists(*self.selected):
            self._select_item.setVisible(False)
            return
        k, j, i = self.selected
        self._select_item.setData([k, k + 1], [self._ys[k][i], self._ys[k + 1][j]])
        self._select_item.setVisible(True)

    # -- highlight (step-through) ------------------------------------------------------------
    def set_highlight(self, neurons, edges) -> None:
        """Light up ``neurons`` [(layer, index)] and ``edges`` [(k, j, i)]; ids that do not exist
        in the current network are ignored."""
        self.highlighted = ([tuple(n) for n in neurons], [tuple(e) for e in edges])
        self._draw_highlight()

    def clear_highlight(self) -> None:
        self.set_highlight([], [])

    def _draw_highlight(self) -> None:
        neurons, edges = self.highlighted
        if self.spec is None:
            neurons, edges = [], []
        sizes = self.spec.topology.sizes if self.spec is not None else []
        pts = [(l, self._ys[l][n]) for l, n in neurons if 0 <= l < len(sizes) and 0 <= n < sizes[l]]
        if pts:
            xs, ys = zip(*pts)
            self._hl_neurons.setData(x=list(xs), y=list(ys), size=self._neuron_px + 12)
        self._hl_neurons.setVisible(bool(pts))
        segs = [e for e in edges if self._edge_exists(*e)]
        if segs:
            x = np.empty(2 * len(segs))
            y = np.empty(2 * len(segs))
            for n, (k, j, i) in enumerate(segs):
                x[2 * n], x[2 * n + 1] = k, k + 1
                y[2 * n], y[2 * n + 1] = self._ys[k][i], self._ys[k + 1][j]
            self._hl_edges.setData(x, y, connect="pairs")
        self._hl_edges.setVisible(bool(segs))

    # -- hit testing -------------------------------------------------------------------------
    def hit_test(self, scene_pos: QPointF) -> Hit:
        if self.spec is None:
            return Hit("none")
        for g, req in self._glyphs:
            if g.isVisible() and g.sceneBoundingRect().contains(scene_pos):
                return Hit("glyph", request=req)
        p = self.vb.mapSceneToView(scene_pos)
        px, py = p.x(), p.y()
        pw, ph = self.vb.viewPixelSize()
        # neurons: within the marker radius (+3 px)
        nx, ny = self._neuron_xy
        d = np.hypot((nx - px) / pw, (ny - py) / ph)
        n = int(np.argmin(d))
        if d[n] <= self._neuron_px / 2 + 3:
            return Hit("neuron", layer=int(self._layer_of[n]), index=int(self._index_of[n]))
        # residual arcs
        for l, xs, ys in self._arcs:
            if np.min(np.hypot((xs - px) / pw, (ys - py) / ph)) <= HIT_EDGE_PX:
                return Hit("residual", layer=l)
        # edges drawn, then removed ones
        if self._visible is not None and len(self._visible[0]):
            k, j, i, x0, y0, x1, y1 = self._visible
            dist = _segment_distance_px(px, py, x0, y0, x1, y1, pw, ph)
            e = int(np.argmin(dist))
            if dist[e] <= HIT_EDGE_PX:
                return Hit("edge", edge=(int(k[e]), int(j[e]), int(i[e])))
        for k, rj, ri in self._removed_edges:
            if len(rj) == 0:
                continue
            dist = _segment_distance_px(px, py, np.full(len(rj), float(k)), self._ys[k][ri],
                                        np.full(len(rj), k + 1.0), self._ys[k + 1][rj], pw, ph)
            e = int(np.argmin(dist))
            if dist[e] <= HIT_EDGE_PX:
                return Hit("removed-edge", edge=(k, int(rj[e]), int(ri[e])))
        layer = int(round(px))
        if 0 <= layer <= self.spec.topology.depth and abs(px - layer) < 0.3:
            return Hit("layer", layer=layer)
        return Hit("none")

    def neuron_scene_pos(self, layer: int, index: int) -> QPointF:
        return self.vb.mapViewToScene(QPointF(layer, self._ys[layer][index]))

    def edge_scene_pos(self, k: int, j: int, i: int, t: float = 0.5) -> QPointF:
        """A point on edge ``W{k+1}[j, i]`` (t = 0 at its source, 1 at its target)."""
        y = (1 - t) * self._ys[k][i] + t * self._ys[k + 1][j]
        return self.vb.mapViewToScene(QPointF(k + t, y))

    def layer_label_html(self, layer: int) -> str:
        title, subtitle, _ = self._labels[layer]
        return title.textItem.toHtml() + subtitle.textItem.toHtml()

    def glyph_requests(self) -> list[tuple[pg.TextItem, EditRequest]]:
        return list(self._glyphs)

    # -- mouse ------------------------------------------------------------------------------
    def handle_click(self, scene_pos: QPointF) -> None:
        hit = self.hit_test(scene_pos)
        if hit.kind == "glyph":
            self.editRequested.emit(hit.request)
        elif hit.kind == "edge":
            self.select_weight(*hit.edge)
        elif hit.kind == "neuron":
            self.neuronClicked.emit(hit.layer, hit.index)

    def _on_points_clicked(self, _item, _points, ev=None) -> None:
        if ev is not None:
            self.handle_click(ev.scenePos())

    def handle_context_menu(self, scene_pos: QPointF, screen_pos) -> None:
        menu = self.context_menu(self.hit_test(scene_pos))
        if menu is not None:
            menu.popup(screen_pos.toPoint() if hasattr(screen_pos, "toPoint") else screen_pos)

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        hit = self.hit_test(scene_pos)
        neuron = (hit.layer, hit.index) if hit.kind == "neuron" else (-1, -1)
        if neuron != self._hover_neuron:
            self._hover_neuron = neuron
            self.neuronHovered.emit(*neuron)
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

    # -- text ---------------------------------------------------------------------------------
    def describe(self, hit: Hit) -> str:
        """Tooltip text: current value, gradient and (edges) the weight's id."""
        spec, snap = self.spec, self.snapshot
        if hit.kind == "edge":
            k, j, i = hit.edge
            label = spec.weight_label(k, j, i)
            alias = f"  (W{k + 1}[{j},{i}])" if not label.startswith("W") else ""
            lines = [f"<b>{label}</b>{alias}",
                     f"{neuron_name(spec, k, i)} → {neuron_name(spec, k + 1, j)}"]
            if snap is not None:
                lines += weight_lines(snap, k, j, i)
            lines.append("<i>" + tr("click to select · right-click to remove") + "</i>")
            return "<br>".join(lines)
        if hit.kind == "removed-edge":
            k, j, i = hit.edge
            return (f"<b>{spec.weight_label(k, j, i)}</b> " + tr("(removed)") + "<br>"
                    f"{neuron_name(spec, k, i)} → {neuron_name(spec, k + 1, j)}<br><i>"
                    + tr("right-click to restore") + "</i>")
        if hit.kind == "neuron":
            l, n = hit.layer, hit.index
            L = spec.topology.depth
            what = layer_title(spec, l) + ("" if l == 0 else f" · {spec.topology.layers[l - 1].activation}")
            lines = [f"<b>{neuron_name(spec, l, n)}</b> ({what})"]
            if snap is not None:
                what = tr("input (batch mean)") if l == 0 else tr("activation (batch mean)")
                if getattr(snap, "pass_step", 0):
                    lines.append(tr("{} = {} in step {}").format(what, sci(float(snap.activations[l][n]), 4),
                                                                 snap.pass_step))
                else:
                    lines.append(tr("{}: none yet — no step has run a batch through").format(what))
                if getattr(snap, "grad_step", 0):
                    lines.append(tr("‖∂L/∂a‖ = {} in step {}").format(sci(float(snap.neuron_grads[l][n]), 3),
                                                                    snap.grad_step))
                if l > 0:
                    bias = sci(float(snap.biases[l - 1][n]), 4)
                    lines.append(tr("bias = {} (initial)").format(bias) if snap.step == 0 else
                                 tr("bias = {} after step {}").format(bias, snap.step))
            if 0 < l < L:
                lines.append("<i>" + tr("right-click for layer and neuron edits") + "</i>")
            return "<br>".join(lines)
        if hit.kind == "residual":
            layer = spec.topology.layers[hit.layer - 1]
            s = layer.residual_from
            kind = tr("identity") if spec.topology.sizes[s] == spec.topology.sizes[hit.layer] else tr("learned projection")
            return ("<b>" + tr("Residual") + f"</b> {layer_title(spec, s)} → {layer_title(spec, hit.layer)} ({kind})<br>"
                    + tr("adds 1 to ∂a/∂a on this path") + "<br><i>" + tr("right-click to remove") + "</i>")
        if hit.kind == "glyph":
            return hit.request.text
        return ""

    def context_menu(self, hit: Hit) -> QMenu | None:
        """The edits available at ``hit`` (tests trigger its actions directly)."""
        if self.spec is None:
            return None
        spec = self.spec
        L = spec.topology.depth
        menu = QMenu(self)

        def add(text: str, request: EditRequest | None, checked: bool | None = None, parent=menu):
            act = QAction(text, parent)
            if checked is not None:
                act.setCheckable(True)
                act.setChecked(checked)
            if request is None:
                act.setEnabled(False)
            else:
                act.triggered.connect(lambda _=False, r=request: self.editRequested.emit(r))
            parent.addAction(act)
            return act

        if hit.kind == "edge":
            k, j, i = hit.edge
            label = spec.weight_label(k, j, i)
            sel = QAction(tr("Select {}").format(label), menu)
            sel.triggered.connect(lambda _=False, e=hit.edge: self.select_weight(*e))
            menu.addAction(sel)
            add(tr("Remove edge {}").format(label), EditRequest("set_edge", (k, j, i, False), tr("Remove edge {}").format(label)))
        elif hit.kind == "removed-edge":
            k, j, i = hit.edge
            label = spec.weight_label(k, j, i)
            add(tr("Restore edge {}").format(label), EditRequest("set_edge", (k, j, i, True), tr("Restore edge {}").format(label)))
        elif hit.kind == "residual":
            l = hit.layer
            add(tr("Remove residual connection into {}").format(layer_title(spec, l)),
                EditRequest("set_residual", (l, None), tr("Remove residual into {}").format(layer_title(spec, l))))
        if hit.kind == "neuron" and 0 < hit.layer < L:
            l, n = hit.layer, hit.index
            add(tr("Remove neuron {}").format(neuron_name(spec, l, n)),
                EditRequest("remove_neuron", (l, n), tr("Remove neuron {}").format(neuron_name(spec, l, n))))
            add(tr("Add a neuron to H{}").format(l), EditRequest("add_neuron", (l,), tr("Add a neuron to H{}").format(l)))
        if hit.kind in ("neuron", "layer"):
            if not menu.isEmpty():
                menu.addSeparator()
            self._layer_actions(menu, hit.layer, add)
        if hit.kind in ("none", "edge", "removed-edge", "residual") and not menu.isEmpty():
            menu.addSeparator()
        if hit.kind == "none":
            add(tr("Add a hidden layer before the output"),
                EditRequest("insert_layer", (L,), tr("Add hidden layer")))
        if spec.topology.masks:
            add(tr("Restore all removed edges"), EditRequest("restore_all_edges", (), tr("Restore all edges")))
        fit = QAction(tr("Fit network in view"), menu)
        fit.triggered.connect(self.fit)
        menu.addAction(fit)
        return menu

    def _layer_actions(self, menu: QMenu, l: int, add) -> None:
        spec = self.spec
        topo = spec.topology
        L = topo.depth
        title = layer_title(spec, l)
        if l == 0:
            add(tr("Input size follows the dataset ({})").format(spec.data.name), None)
            add(tr("Insert a hidden layer after the inputs"), EditRequest("insert_layer", (1,), tr("Insert hidden layer")))
            return
        if l < L:
            add(tr("Insert a hidden layer before {}").format(title), EditRequest("insert_layer", (l,), tr("Insert hidden layer")))
            add(tr("Insert a hidden layer after {}").format(title),
                EditRequest("insert_layer", (l + 1,), tr("Insert hidden layer")))
            add(tr("Remove {}").format(title), EditRequest("remove_layer", (l,), tr("Remove {}").format(title)))
        else:
            add(tr("Output size follows the dataset ({})").format(spec.data.name), None)
            add(tr("Insert a hidden layer before the output"), EditRequest("insert_layer", (L,), tr("Insert hidden layer")))
        layer = topo.layers[l - 1]
        sub = menu.addMenu(tr("Activation of {}").format(title))
        group = QActionGroup(sub)
        for name in (OUTPUT_ACTIVATIONS if l == L else HIDDEN_ACTIVATIONS):
            act = add(name, EditRequest("set_activation", (l, name), tr("{}: activation {}").format(title, name)),
                      checked=name == layer.activation, parent=sub)
            group.addAction(act)
        add(tr("Batch norm on {}").format(title), EditRequest("set_batch_norm", (l, not layer.batch_norm),
                                                  (tr("{}: batch norm off") if layer.batch_norm
                                                   else tr("{}: batch norm on")).format(title)),
            checked=layer.batch_norm)
        if l < L:
            sub = menu.addMenu(tr("Residual connection into {}").format(title))
            group = QActionGroup(sub)
            act = add(tr("none"), EditRequest("set_residual", (l, None), tr("Remove residual into {}").format(title)),
                      checked=layer.residual_from is None, parent=sub)
            group.addAction(act)
            for s in range(l):
                kind = tr("identity") if topo.sizes[s] == topo.sizes[l] else tr("projection")
                act = add(tr("from {} ({})").format(layer_title(spec, s), kind),
                          EditRequest("set_residual", (l, s), tr("Residual {} → {}").format(layer_title(spec, s), title)),
                          checked=layer.residual_from == s, parent=sub)
                group.addAction(act)


def _segment_distance_px(px, py, x0, y0, x1, y1, pw, ph) -> np.ndarray:
    """Pixel distance from (px, py) to each segment (vectorised; coordinates in view units)."""
    ax, ay = (x0 - px) / pw, (y0 - py) / ph
    bx, by = (x1 - px) / pw, (y1 - py) / ph
    dx, dy = bx - ax, by - ay
    len2 = dx * dx + dy * dy
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.clip(np.where(len2 > 0, -(ax * dx + ay * dy) / len2, 0.0), 0.0, 1.0)
    cx, cy = ax + t * dx, ay + t * dy
    return np.hypot(cx, cy)
