"""The canvas's two drawing items: every edge in one item, every neuron in another.

Both paint in device coordinates and hold no Python object per line or per neuron: the canvas
recolours tens of thousands of edges per frame, and every millisecond of Python in the GUI thread is
taken from training.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QPixmap


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
