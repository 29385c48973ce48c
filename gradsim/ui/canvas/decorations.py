"""What the canvas draws around the network: layer titles and sizes, batch-norm bands, the +/− glyphs
that add or remove a neuron, and residual arcs.

Titles and glyphs sit at a fixed *pixel* size under the lowest neuron, in three rows (title, "8 · σ",
then the +/− glyphs; the canvas leaves room for the rows shown, see
:meth:`~gradsim.ui.canvas.view.NetworkCanvas.bounds`). :meth:`Decorations.lay_out` decides from the
measured text widths what fits between two layers: first the glyphs go, then the "8 · σ" line, then
"Inputs"/"Output" shorten, and at last only every k-th title is shown -- so no two labels ever
overlap. The context menu and the control panel still offer every edit.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from .. import look, palette
from ..commands import EditRequest
from ..i18n import tr
from ..naming import layer_title

LABEL_GAP_PX = 6.0   # the least room between two labels side by side
LABEL_PT = 9.0       # label text size on a desk screen (see look.pt)

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
        self.arc_labels: list[pg.TextItem] = []
        self.rows = (True, True, True)   # title, subtitle, glyph rows shown (see lay_out)
        self._layout_key = None

    def clear(self) -> None:
        for item in self.items:
            self.vb.removeItem(item)
        self.items, self.glyphs, self.arcs, self.labels, self.arc_labels = [], [], [], {}, []
        self.rows = (True, True, True)
        self._layout_key = None

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
        for l, s in residuals(spec):
            self._arc(l, s, sizes, half, widest)

    def _add(self, item) -> None:
        if isinstance(item, pg.TextItem):
            font = QFont(item.textItem.font())
            font.setPointSizeF(look.pt(LABEL_PT))
            item.textItem.setFont(font)
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
        text = pg.TextItem(anchor=(0.5, 0.0))
        self._set_title(text, title)
        text.setPos(l, label_y)
        self._add(text)
        subtitle = pg.TextItem(html=f"<span style='color:{palette.MUTED}'>{sub}</span>", anchor=(0.5, -1.0))  # lay_out stacks the rows
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
            g = pg.TextItem(html=f"<span style='font-size:{look.pt(10)}pt; font-weight:bold; color:{palette.GLYPH_TEXT}'>"
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
        arc = pg.PlotCurveItem(xs, ys, pen=pg.mkPen(QColor(palette.RESIDUAL), width=look.pen(2)), antialias=True)
        arc.setZValue(40)
        self._add(arc)
        label = pg.TextItem("+" if sizes[s] == sizes[l] else "+P", color=QColor(palette.RESIDUAL), anchor=(0.5, 1.0))
        label.setPos((x0 + x1) / 2, ytop)
        self._add(label)
        self.arc_labels.append(label)
        self.arcs.append((l, xs, ys))

    @staticmethod
    def _size(item) -> tuple[float, float]:
        """An item's text size in pixels (text items ignore the view's scale)."""
        r = item.textItem.boundingRect()
        return r.width(), r.height()

    def row_heights(self) -> list[float]:
        """Pixel heights of the label rows, 0 for a hidden row."""
        heights = [0.0, 0.0, 0.0]
        for title, subtitle, _ in self.labels.values():
            heights[0] = max(heights[0], self._size(title)[1])
            heights[1] = max(heights[1], self._size(subtitle)[1])
        for g, _ in self.glyphs:
            heights[2] = max(heights[2], self._size(g)[1])
        return [h if shown else 0.0 for h, shown in zip(heights, self.rows)]

    def label_px(self) -> float:
        """Pixels the shown rows need under the lowest neuron."""
        return sum(self.row_heights()) + 8.0

    def arc_label_px(self) -> float:
        """Pixels the residual arcs' "+" labels need above the highest arc (0 without arcs)."""
        return max((self._size(label)[1] for label in self.arc_labels), default=0.0) + (4.0 if self.arc_labels else 0.0)

    def edge_px(self) -> float:
        """Half the widest shown label of the first or last layer, in pixels (the view's side margin)."""
        if not self.labels:
            return 0.0
        ends = [self.labels[min(self.labels)], self.labels[max(self.labels)]]
        widths = [self._size(item)[0] for title, subtitle, _ in ends
                  for item, shown in ((title, title.isVisible()), (subtitle, subtitle.isVisible())) if shown]
        return max(widths, default=0.0) / 2

    def lay_out(self, px_per_layer: float) -> None:
        """Show only labels that fit ``px_per_layer`` apart, and stack the shown rows without overlap."""
        if not self.labels:
            return
        key = round(px_per_layer, 1)
        if key == self._layout_key:
            return
        self._layout_key = key
        gap = LABEL_GAP_PX
        layers = sorted(self.labels)

        def fits(widths: dict[int, float]) -> bool:
            shown = [l for l in layers if l in widths]
            return all((widths[a] + widths[b]) / 2 + gap <= (b - a) * px_per_layer for a, b in zip(shown, shown[1:]))

        glyph_w = max((self._size(g)[0] for g, _ in self.glyphs), default=0.0) * 2
        show_glyphs = bool(self.glyphs) and glyph_w + gap <= px_per_layer
        show_sub = fits({l: self._size(self.labels[l][1])[0] for l in layers})
        # titles: the full text, else "In"/"Out", else every k-th layer (always the first and last)
        shorts = {tr("Inputs"): tr("In"), tr("Output"): tr("Out")}
        texts = {l: self.labels[l][2] for l in layers}
        for title, _sub, text in self.labels.values():
            self._set_title(title, text)
        if not fits({l: self._size(self.labels[l][0])[0] for l in layers}):
            for l in layers:
                texts[l] = shorts.get(texts[l], texts[l])
                self._set_title(self.labels[l][0], texts[l])
        widths = {l: self._size(self.labels[l][0])[0] for l in layers}
        every = 1
        while True:
            shown = self._every(layers, every)
            if fits({l: widths[l] for l in shown}) or every >= len(layers):
                break
            every += 1
        shown = set(shown)
        self.rows = (True, show_sub, show_glyphs)
        heights = self.row_heights()
        for l in layers:
            title, subtitle, _ = self.labels[l]
            title.setVisible(l in shown)
            subtitle.setVisible(show_sub)
            subtitle.setAnchor((0.5, -heights[0] / max(1.0, self._size(subtitle)[1])))
        for g, _req in self.glyphs:
            g.setVisible(show_glyphs)
            g.setAnchor((g.anchor.x(), -(heights[0] + heights[1] + 2) / max(1.0, self._size(g)[1])))

    @staticmethod
    def _every(layers: list[int], every: int) -> list[int]:
        """Every ``every``-th layer, the first and the last always among them."""
        shown = layers[::every]
        if shown[-1] != layers[-1]:
            if len(shown) > 1 and layers[-1] - shown[-1] < every * (layers[1] - layers[0]):
                shown = shown[:-1]
            shown.append(layers[-1])
        return shown

    def _set_title(self, title, text: str) -> None:
        if getattr(title, "shown_text", None) != text:
            title.setHtml(f"<b style='color:{palette.FOREGROUND}'>{html.escape(text)}</b>")
            title.shown_text = text

    def visible_text_items(self) -> list:
        """Every shown text item (titles, sub-labels, glyphs, arc labels): for layout checks."""
        return [item for item in self.items if isinstance(item, pg.TextItem) and item.isVisible()]
