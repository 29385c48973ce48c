"""Decision-boundary view: the network's class-1 score over the plane, with the data on top.

A diverging colour map centred on 0.5 (blue = class 0, orange = class 1), the 0.5 contour drawn as
the boundary, training points filled and test points hollow. The grid itself comes from
:func:`gradsim.engine.boundary.decision_grid` (computed where the trainer lives); this widget only
draws it. Optional per-neuron maps (:func:`gradsim.engine.boundary.neuron_grids`) appear as a small
inset via :meth:`show_neuron_map` — e.g. while the canvas hovers a hidden unit.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .. import palette

_CMAP = pg.ColorMap([0.0, 0.5, 1.0], [(144, 193, 240), (250, 250, 250), (255, 196, 128)])  # pale, so points show


class BoundaryView(QWidget):
    """Heat map + points. Entry points: :meth:`set_grid`, :meth:`set_points`, :meth:`show_neuron_map`."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plot_widget = pg.PlotWidget(background=palette.PAPER_BACKGROUND)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setAspectLocked(True)
        self.plot.hideButtons()
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setTextPen(palette.PAPER_FOREGROUND)
            self.plot.getAxis(axis).setPen(palette.PAPER_MUTED)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(_CMAP.getLookupTable(0.0, 1.0, 256))
        self.plot.addItem(self.image)
        self.contour = pg.IsocurveItem(level=0.5, pen=pg.mkPen(palette.PAPER_FOREGROUND, width=2), axisOrder="row-major")
        self.contour.setParentItem(self.image)
        self.contour.setPos(0.5, 0.5)  # isocurve vertices are pixel centres; image pixels span [i, i+1]
        self.train_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen("w", width=1))
        self.test_points = pg.ScatterPlotItem(size=8, brush=pg.mkBrush(None))
        self.plot.addItem(self.train_points)
        self.plot.addItem(self.test_points)
        self.inset = pg.ImageItem(axisOrder="row-major")
        self.inset.setZValue(20)
        self.inset.setVisible(False)
        self.plot.addItem(self.inset)
        self.inset_title = pg.TextItem(color=palette.PAPER_FOREGROUND, anchor=(0, 0), fill=pg.mkBrush(*palette.LABEL_BACKING))
        self.inset_title.setZValue(21)
        self.inset_title.setVisible(False)
        self.plot.addItem(self.inset_title)
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.RichText)
        self.caption.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot_widget, 1)
        lay.addWidget(self.caption)
        self.Z: np.ndarray | None = None
        self._rect: QRectF | None = None
        self._set_caption()

    # -- public API ----------------------------------------------------------------------------
    def set_grid(self, xs: np.ndarray | None, ys: np.ndarray | None = None, Z: np.ndarray | None = None) -> None:
        """Show ``Z[iy, ix]`` (class-1 score at ``(xs[ix], ys[iy])``); ``None`` clears the map.

        Also accepts the tuple from ``decision_grid`` directly: ``set_grid(*grid)`` or ``set_grid(grid)``.
        """
        if isinstance(xs, tuple):
            xs, ys, Z = xs
        if xs is None or Z is None:
            self.Z = None
            self.image.clear()
            self.contour.setData(None)
            self._set_caption()
            return
        Z = np.asarray(Z, dtype=float)
        self.Z = Z
        finite = np.where(np.isfinite(Z), Z, 0.5)
        lo, hi = float(np.min(Z[np.isfinite(Z)], initial=0.0)), float(np.max(Z[np.isfinite(Z)], initial=1.0))
        # scores outside [0, 1] (linear/tanh outputs) still centre on 0.5
        span = max(0.5, abs(lo - 0.5), abs(hi - 0.5))
        self.image.setImage(finite, levels=(0.5 - span, 0.5 + span), autoLevels=False)
        dx = (xs[-1] - xs[0]) / max(len(xs) - 1, 1)
        dy = (ys[-1] - ys[0]) / max(len(ys) - 1, 1)
        rect = QRectF(xs[0] - dx / 2, ys[0] - dy / 2, dx * len(xs), dy * len(ys))
        self.image.setRect(rect)
        self.contour.setData(finite)
        if self._rect != rect:
            self._rect = rect
            self.plot.setRange(rect, padding=0)
        self._set_caption()

    def set_points(self, x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray | None = None,
                   y_test: np.ndarray | None = None) -> None:
        """Training points filled, test points hollow; ``y`` holds 0/1 labels (or one-hot rows)."""
        self.train_points.setData(**self._points(x_train, y_train, filled=True))
        if x_test is None or len(x_test) == 0:
            self.test_points.setData([], [])
        else:
            self.test_points.setData(**self._points(x_test, y_test, filled=False))
        self._n_train = len(x_train)
        self._n_test = 0 if x_test is None else len(x_test)
        self._set_caption()

    def show_neuron_map(self, grid: np.ndarray | None, title: str = "") -> None:
        """A small inset (top-left) with one hidden unit's activation map; ``None`` hides it."""
        if grid is None or self._rect is None:
            self.inset.setVisible(False)
            self.inset_title.setVisible(False)
            return
        g = np.asarray(grid, dtype=float)
        g = np.where(np.isfinite(g), g, 0.0)
        self.inset.setImage(g, autoLevels=True)
        self.inset.setLookupTable(pg.colormap.get("viridis").getLookupTable(0.0, 1.0, 256))
        r = self._rect
        self.inset.setRect(QRectF(r.left(), r.bottom() - r.height() * 0.3, r.width() * 0.3, r.height() * 0.3))
        self.inset.setVisible(True)
        self.inset_title.setText(title)
        self.inset_title.setPos(r.left(), r.bottom() - r.height() * 0.3)
        self.inset_title.setVisible(bool(title))

    # -- internals -----------------------------------------------------------------------------
    @staticmethod
    def _points(x, y, filled):
        x = np.asarray(x, dtype=float)
        y = np.asarray(y)
        labels = (y[:, 1] if y.ndim == 2 and y.shape[1] == 2 else y.reshape(len(y), -1)[:, 0]) > 0.5
        colours = [palette.CLASS_COLOURS[int(v)] for v in labels]
        if filled:
            return dict(x=x[:, 0], y=x[:, 1], brush=[pg.mkBrush(c) for c in colours])
        return dict(x=x[:, 0], y=x[:, 1], pen=[pg.mkPen(c, width=2) for c in colours],
                    brush=pg.mkBrush(*palette.POINT_RING))

    def _set_caption(self):
        if self.Z is None:
            hint = self.tr("The decision boundary appears for 2-D classification datasets.")
            self.caption.setText(f"<span style='color:{palette.PAPER_MUTED}'>{hint}</span>")
            return
        n_train, n_test = getattr(self, "_n_train", 0), getattr(self, "_n_test", 0)
        key = self.tr("{c0} class 0 &nbsp; {c1} class 1 &nbsp; — line: output = 0.5").format(
            c0=f"<span style='color:{palette.CLASS_COLOURS[0]}'>■</span>", c1=f"<span style='color:{palette.CLASS_COLOURS[1]}'>■</span>")
        points = self.tr("● train ({0}) &nbsp; ○ test ({1})").format(n_train, n_test)
        self.caption.setText(f"{key} &nbsp; <span style='color:{palette.PAPER_MUTED}'>{points}</span>")


__all__ = ["BoundaryView"]
