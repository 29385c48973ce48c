"""What the canvas draws around the network: layer titles and sizes, batch-norm bands, the +/− glyphs
that add or remove a neuron, and residual arcs.

Titles and glyphs sit at a fixed *pixel* size under the lowest neuron (the canvas leaves room for
them, see :meth:`~gradsim.ui.canvas.view.NetworkCanvas.bounds`). In crowded views (many layers, a
small window) the glyphs and the "8 · σ" line are hidden and "Inputs"/"Output" shortened; the
context menu and the control panel still offer every edit.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from .. import palette
from ..commands import EditRequest
from ..i18n import tr
from ..naming import layer_title

ACTIVATION_SYMBOLS = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "LReLU", "elu": "ELU",
                      "linear": "linear", "softmax": "softmax"}


def residuals(spec) -> list[tuple[int, int]]:
    """``(layer, source)`` of every residual connection."""
    return [(l + 1, layer.residual_from) for l, layer in enumerate(spec.topology.layers)
            if layer.residual_from is not None]


def arc_height(span: int, widest: int) -> float:
    """How far above the widest layer a residual arc over ``span`` layers rises (view units)."""
    return (0.25 + 0.12 * span) * max(2.0, 0.35 * widest)


class Decorations:
    """The decoration items of one spec in a view box; :meth:`clear` removes them."""

    def __init__(self, view_box):
        self.vb = view_box
        self.items: list = []
        self.labels: dict[int, tuple] = {}    # layer -> (title item, subtitle item, title text)
        self.glyphs: list[tuple[pg.TextItem, EditRequest]] = []
        self.arcs: list[tuple[int, np.ndarray, np.ndarray]] = []  # (layer, xs, ys)
        self.crowded = False

    def clear(self) -> None:
        for item in self.items:
            self.vb.removeItem(item)
        self.items, self.glyphs, self.arcs, self.labels = [], [], [], {}
        self.crowded = False

    def build(self, spec, widest: int) -> None:
        self.clear()
        topo = spec.topology
        sizes = topo.sizes
        L = topo.depth
        half = (widest - 1) / 2.0
        label_y = -half - 0.4
        for l, n in enumerate(sizes):
            bn = 0 < l <= L and topo.layers[l - 1].batch_norm
            self._label(spec, l, n, label_y, bn)
            if bn:
                self._band(l, n)
            if 0 < l < L:
                self._glyphs(l, n, label_y)
        # shift the glyphs below the label text once their sizes are known
        for g, _ in self.glyphs:
            g.setAnchor((g.anchor.x(), -1.6))
        for l, s in residuals(spec):
            self._arc(l, s, sizes, half, widest)

    def _add(self, item) -> None:
        self.vb.addItem(item)
        self.items.append(item)

    def _label(self, spec, l: int, n: int, label_y: float, bn: bool) -> None:
        title = layer_title(spec, l)
        if l == 0:
            sub = tr("{} inputs").format(n) if n > 1 else tr("1 input")
        else:
            layer = spec.topology.layers[l - 1]
            sub = html.escape(f"{n} · {ACTIVATION_SYMBOLS.get(layer.activation, layer.activation)}")
            if bn:
                sub += f" · <b style='color:{palette.BATCH_NORM}'>BN</b>"
        text = pg.TextItem(html=f"<b style='color:{palette.FOREGROUND}'>{html.escape(title)}</b>", anchor=(0.5, 0.0))
        text.setPos(l, label_y)
        self._add(text)
        subtitle = pg.TextItem(html=f"<span style='color:{palette.MUTED}'>{sub}</span>", anchor=(0.5, -1.0))
        subtitle.setPos(l, label_y)
        self._add(subtitle)
        self.labels[l] = (text, subtitle, title)

    def _band(self, l: int, n: int) -> None:
        """Batch norm: an amber band around the layer, as in block diagrams."""
        ytop = (n - 1) / 2.0
        band = QGraphicsRectItem(QRectF(l - 0.16, -ytop - 0.42, 0.32, 2 * ytop + 0.84))
        fill = QColor(palette.BATCH_NORM)
        fill.setAlpha(34)
        band.setBrush(fill)
        pen = QPen(QColor(palette.BATCH_NORM), 1.2)
        pen.setCosmetic(True)
        band.setPen(pen)
        band.setZValue(-10)
        band.setToolTip(tr("Batch normalization"))
        self._add(band)

    def _glyphs(self, l: int, n: int, label_y: float) -> None:
        for sym, req in (("−", EditRequest("remove_neuron", (l, n - 1), tr("Remove a neuron from H{}").format(l))),
                         ("+", EditRequest("add_neuron", (l,), tr("Add a neuron to H{}").format(l)))):
            g = pg.TextItem(html=f"<span style='font-size:10pt; font-weight:bold; color:{palette.GLYPH_TEXT}'>"
                                 f"&nbsp;{sym}&nbsp;</span>",
                            fill=pg.mkBrush(palette.qcolor(palette.GLYPH_FILL)),
                            anchor=(1.08, 0.0) if sym == "−" else (-0.08, 0.0))
            g.setPos(l, label_y)
            g.setZValue(56)
            g.setToolTip(req.text)
            self._add(g)
            self.glyphs.append((g, req))

    def _arc(self, l: int, s: int, sizes, half: float, widest: int) -> None:
        x0, x1 = float(s), float(l)
        y0 = (sizes[s] - 1) / 2.0 + 0.35
        y1 = (sizes[l] - 1) / 2.0 + 0.35
        ytop = half + 0.35 + arc_height(l - s, widest)
        t = np.linspace(0, 1, 48)
        xs = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * (x0 + x1) / 2 + t ** 2 * x1
        ys = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * (2 * ytop - (y0 + y1) / 2) + t ** 2 * y1
        arc = pg.PlotCurveItem(xs, ys, pen=pg.mkPen(QColor(palette.RESIDUAL), width=2), antialias=True)
        arc.setZValue(40)
        self._add(arc)
        label = pg.TextItem("+" if sizes[s] == sizes[l] else "+P", color=QColor(palette.RESIDUAL), anchor=(0.5, 1.0))
        label.setPos((x0 + x1) / 2, ytop)
        self._add(label)
        self.arcs.append((l, xs, ys))

    def set_crowded(self, crowded: bool) -> None:
        """Hide what would overlap or be ambiguous when layers are less than ``CROWDED_PX`` apart."""
        show_glyphs = not crowded
        for g, _req in self.glyphs:
            if g.isVisible() != show_glyphs:
                g.setVisible(show_glyphs)
        if crowded != self.crowded:
            self.crowded = crowded
            for title, subtitle, text in self.labels.values():
                subtitle.setVisible(not crowded)
                short = {tr("Inputs"): tr("In"), tr("Output"): tr("Out")}.get(text, text) if crowded else text
                title.setHtml(f"<b style='color:{palette.FOREGROUND}'>{html.escape(short)}</b>")
