"""Live plots of a run: per-layer gradient norms, gradient flow, loss, backward gain.

Data come from the session's :class:`~gradsim.engine.history.WindowHistory`, extended with every
frame's rows (vectorised), so a plot never holds more than the history's capacity however long the
run: old points are thinned, not piled up (the test losses, one per frame, likewise). Each refresh hands pyqtgraph at most a couple
of points per pixel of plot width (the smoothed curves sampled, the raw loss as the minimum and
maximum of each block, as pyqtgraph's "peak" downsampling would), computed here with numpy, and
the step-axis curves are bare ``PlotCurveItem`` objects: this refresh runs in the GUI thread while
training runs, and all of its Python time is taken from training (one GIL).

Every y axis is logarithmic because gradients vary over decades. The values are log10-transformed
here and drawn on a :class:`LogAxis` that labels them as powers of ten, so zeros and non-finite
values become gaps instead of numpy warnings inside pyqtgraph. The per-layer gradient-norm curves
are a moving average (in log space) over ~1 % of the visible history: mini-batch noise otherwise
turns ten curves into one band.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGraphicsItem, QSizePolicy, QVBoxLayout, QWidget

from gradsim.engine.history import BoundedHistory
from gradsim.engine.metrics import LAYER_KEYS

from . import palette
from .colors import layer_colors
from .i18n import tr
from .naming import layer_names
from .numbers import value_label
from .pacing import TIMING, Timing

TEST_CAPACITY = 2048
TEST_MARKERS = 120    # test-loss markers drawn at most (every k-th point of a longer series)
POINTS_PER_PX = 2     # curve points handed to pyqtgraph per pixel of plot width (at least 200)
BACKGROUND, FOREGROUND, MUTED = QColor(palette.BACKGROUND), QColor(palette.FOREGROUND), QColor(palette.MUTED)
NONFINITE_COLOR = QColor(palette.NONFINITE)
VANISH_COLOR, OK_COLOR, EXPLODE_COLOR = QColor(palette.VANISH), QColor(palette.HEALTHY), QColor(palette.EXPLODE)
TRAIN_COLOR, TEST_COLOR = QColor(palette.TRAIN), QColor(palette.TEST)


def smooth(y: np.ndarray, window: int, at: np.ndarray | None = None) -> np.ndarray:
    """Centred moving average that skips NaNs (vectorised with cumulative sums).

    ``y`` may be 2-D (each column smoothed along axis 0). ``at``: only these row indices of the
    result (cheaper than smoothing every row and sampling afterwards).
    """
    y = np.asarray(y, dtype=float)
    if window <= 1 or len(y) < 3:
        return y if at is None else y[at]
    ok = np.isfinite(y)
    zero = np.zeros((1,) + y.shape[1:])
    c = np.concatenate([zero, np.cumsum(np.where(ok, y, 0.0), axis=0)])
    n = np.concatenate([zero, np.cumsum(ok, axis=0)])
    half = window // 2
    idx = np.arange(len(y)) if at is None else np.asarray(at)
    lo = np.clip(idx - half, 0, len(y))
    hi = np.clip(idx + half + 1, 0, len(y))
    cnt = n[hi] - n[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (c[hi] - c[lo]) / cnt
    out[~ok[idx]] = np.nan  # keep gaps where the value itself is missing (zero or non-finite)
    return out


def sample_rows(n: int, stride: int) -> np.ndarray:
    """Every ``stride``-th row index of ``n``, always ending with the last row."""
    idx = np.arange(0, n, max(1, stride))
    if n and idx[-1] != n - 1:
        idx = np.append(idx, n - 1)
    return idx


def peak_decimate(x: np.ndarray, y: np.ndarray, stride: int) -> tuple[np.ndarray, np.ndarray]:
    """Minimum and maximum of each block of ``stride`` points, at the block's first x (the band a
    noisy curve fills at this resolution); NaNs are skipped, an all-NaN block stays a gap."""
    n = len(y)
    if stride <= 1 or n < 2 * stride:
        return x, y
    edges = np.arange(0, n, stride)
    lo = np.fmin.reduceat(y, edges)
    hi = np.fmax.reduceat(y, edges)
    xs = np.repeat(x[edges], 2)
    ys = np.column_stack([lo, hi]).ravel()
    return np.append(xs, x[-1]), np.append(ys, y[-1])


def log10_clean(values: np.ndarray) -> np.ndarray:
    """log10 of positive finite values; NaN elsewhere (drawn as gaps)."""
    v = np.asarray(values, dtype=float)
    out = np.full(v.shape, np.nan)
    ok = np.isfinite(v) & (v > 0)
    out[ok] = np.log10(v[ok])
    return out


_NO_LAYERS = {key: np.zeros(0) for key in LAYER_KEYS}


class LossSeries:
    """The test losses of a run, one per frame that brings one (a step it has not seen yet).

    Kept in the engine's :class:`~gradsim.engine.history.BoundedHistory` (its ``step`` and
    ``test_loss`` columns), so a long run's series stays bounded and thinned evenly like the run's
    history; the newest point is remembered beside it, so the plot always reaches the latest step.
    At most ``capacity`` points are drawn.
    """

    def __init__(self, capacity: int = TEST_CAPACITY):
        self._kept = BoundedHistory(0, capacity - 1)
        self.last: tuple[float, float] | None = None

    def append(self, step: float, value: float) -> None:
        if self.last is not None and self.last[0] == step:
            return
        self._kept.append({"step": step, "test_loss": value}, _NO_LAYERS)
        self.last = (step, value)

    def points(self) -> tuple[np.ndarray, np.ndarray]:
        """(steps, test losses) to draw: the kept ones, then the newest if thinning dropped it."""
        x, y = self._kept.column("step"), self._kept.column("test_loss")
        if self.last is not None and (not len(x) or x[-1] != self.last[0]):
            x, y = np.append(x, self.last[0]), np.append(y, self.last[1])
        return x, y

    def __len__(self) -> int:
        return len(self.points()[0])


_NICE_CEIL = (1, 1.5, 2, 3, 4, 5, 6, 8, 10)


def nice_ceil(x: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 × 10^k that is ≥ x.

    The step axis grows in these jumps, so it changes (and re-renders) only a few times a decade
    while the data still fill most of the plot.
    """
    if x <= 1:
        return 1.0
    e = math.floor(math.log10(x))
    for m in _NICE_CEIL:
        if m * 10 ** e >= x * (1 - 1e-12):
            return float(m * 10 ** e)
    return float(10 ** (e + 1))


def nice_floor(x: float) -> float:
    """The largest of 1, 2, 5 × 10^k that is ≤ x (tick spacing)."""
    if x <= 0:
        return 1.0
    e = math.floor(math.log10(x))
    for m in (5, 2, 1):
        if m * 10 ** e <= x * (1 + 1e-12):
            return float(m * 10 ** e)
    return float(10 ** e)


class StickyRange:
    """A y range (in log10 units) that only moves when the data leave it or shrink a lot.

    Every range change re-renders an axis (text) and, through pyqtgraph's lazy auto-range, often
    a second paint; ranges that stay put for most updates keep the plots cheap to repaint.
    """

    def __init__(self, step: float = 0.5, slack: float = 1.5, min_span: float = 1.0):
        self.step, self.slack, self.min_span = step, slack, min_span
        self.lo = self.hi = None

    def update(self, values: np.ndarray) -> tuple[float, float] | None:
        """New (lo, hi) when the range must change, else None."""
        v = np.asarray(values, dtype=float)
        v = v[np.isfinite(v)]
        if v.size == 0:
            return None
        dlo, dhi = float(v.min()), float(v.max())
        if self.lo is not None and self.lo <= dlo and dhi <= self.hi \
                and dlo - self.lo <= self.slack and self.hi - dhi <= self.slack:
            return None
        lo = math.floor(dlo / self.step) * self.step
        hi = math.ceil(dhi / self.step) * self.step
        if hi - lo < self.min_span:
            mid = (hi + lo) / 2
            lo, hi = mid - self.min_span / 2, mid + self.min_span / 2
        self.lo, self.hi = lo, hi
        return lo, hi

    def reset(self):
        self.lo = self.hi = None


class LogAxis(pg.AxisItem):
    """An axis for log10-transformed data: labels whole decades, plus 2 and 5 on short ranges.

    pyqtgraph's own log mode labels every minor tick when the range spans less than a decade, and
    the labels pile up on a 150-pixel plot.
    """

    def tickValues(self, minVal, maxVal, size):  # noqa: N802 - pyqtgraph API
        lo, hi = sorted((float(minVal), float(maxVal)))
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi - lo <= 0:
            return []
        span = hi - lo
        max_labels = max(2, int(size / 26))
        step = max(1, math.ceil(span / max_labels))
        major = [float(d) for d in range(math.ceil(lo / step) * step, math.floor(hi) + 1, step)]
        minor = []
        if step == 1 and span < 5:
            for d in range(math.floor(lo), math.ceil(hi) + 1):
                for m in range(2, 10):
                    v = d + math.log10(m)
                    if lo <= v <= hi:
                        minor.append(v)
        if len(major) < 3 and span < 2.5:
            mids = [v for v in minor if round(10 ** (v - math.floor(v + 1e-9))) in ((2, 5) if span > 0.8 else (2, 3, 5, 7))]
            major = sorted(major + mids)
            minor = [v for v in minor if v not in mids]
        return [(float(step), major), (0.05, minor)]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph API
        if spacing < 0.1:
            return [""] * len(values)
        return [value_label(v) for v in values]


class _ShortSample(pg.graphicsItems.LegendItem.ItemSample):
    """A 12-px line sample (the default is 20 px) so the legend column stays narrow."""

    def __init__(self, item):
        super().__init__(item)
        self.setFixedWidth(12)

    def boundingRect(self):
        from PySide6.QtCore import QRectF

        return QRectF(0, 0, 12, 20)

    def paint(self, p, *args):
        pen = self.item.opts.get("pen")
        if pen is not None:
            p.setPen(pg.mkPen(pen))
            p.drawLine(0, 11, 12, 11)


def _relax_min_width(label: pg.LabelItem, width: float = 40.0) -> None:
    """Let a LabelItem be narrower than its text (it resets its minimum on every resize)."""
    original = label.updateMin

    def update_min():
        original()
        label.setMinimumWidth(width)
        height = label._sizeHint[Qt.SizeHint.MinimumSize][1]
        label._sizeHint[Qt.SizeHint.MinimumSize] = (width, height)
        label.updateGeometry()

    label.updateMin = update_min
    update_min()


def _style_plot(plot: pg.PlotItem, title: str, ylabel: str, xlabel: str) -> None:
    plot.setTitle(f"<span style='color:{FOREGROUND.name()}; font-size:9.5pt'>{title}</span>")
    font = QFont()
    font.setPointSizeF(8)
    for name in ("left", "bottom"):
        ax = plot.getAxis(name)
        ax.setPen(pg.mkPen(MUTED))
        ax.setTextPen(pg.mkPen(MUTED))
        ax.setStyle(tickFont=font, tickTextOffset=3, hideOverlappingLabels=True)
    plot.setLabel("left", f"<span style='font-size:8pt'>{ylabel}</span>")
    plot.setLabel("bottom", f"<span style='font-size:8pt'>{xlabel}</span>")
    plot.getAxis("left").setWidth(42)
    for name in ("left", "bottom"):
        plot.getAxis(name).enableAutoSIPrefix(False)
        # axes replay a QPicture of text on every paint (~1 ms each); cache them as pixmaps
        plot.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    plot.titleLabel.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    plot.showGrid(x=True, y=True, alpha=0.12)
    # a title wider than a narrow plot may be clipped, but must not force the plot's inner layout
    # wider than the cell it gets (it would then overflow into the neighbouring plot)
    _relax_min_width(plot.titleLabel)
    plot.setMinimumWidth(110)
    plot.setPreferredWidth(110)  # equal preferred widths: the column stretch factors share the rest
    plot.setMenuEnabled(False)
    plot.hideButtons()


class PlotsPanel(QWidget):
    """Four plots in one pyqtgraph layout; one row when wide, a 2×2 grid otherwise.

    One of the session's layout views: :meth:`set_spec` starts over for a network, :meth:`show_frame`
    draws the session's history and a frame. While training runs the window's frame pipeline asks
    :meth:`plan_redraw` once per frame -- the plots redraw at most every ``Timing.plot_every``
    frames and ``Timing.plot_interval`` seconds, on an event-loop turn of their own -- and then
    calls ``show_frame(frame, paced=True)``.
    """

    def __init__(self, session, parent: QWidget | None = None, timing: Timing = TIMING):
        super().__init__(parent)
        self.session = session
        self.timing = timing
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground(BACKGROUND)
        self.view.ci.setContentsMargins(4, 2, 12, 2)
        self.view.ci.setSpacing(6)
        layout.addWidget(self.view)
        self.setMinimumHeight(170)

        self.norm_plot = pg.PlotItem(axisItems={"left": LogAxis("left")})
        _style_plot(self.norm_plot, tr("Gradient norms"), tr("‖∂L/∂W‖ per layer"), tr("step"))
        # the legend sits beside the plot (in the layout) so it never hides a curve
        self.norm_legend = pg.LegendItem(labelTextSize="7pt", colCount=1, labelTextColor=FOREGROUND,
                                         verSpacing=-9, horSpacing=0, sampleType=_ShortSample)

        self.flow_plot = pg.PlotItem(axisItems={"left": LogAxis("left")})
        _style_plot(self.flow_plot, tr("Gradient flow (now)"), "‖∂L/∂W‖", tr("layer: input → output"))
        self.flow_plot.setMouseEnabled(x=False, y=False)
        self.flow_bars = pg.BarGraphItem(x=[], height=[], width=0.7, y0=0)
        self.flow_plot.addItem(self.flow_bars)

        self.loss_plot = pg.PlotItem(axisItems={"left": LogAxis("left")})
        _style_plot(self.loss_plot, tr("Loss"), tr("loss"), tr("step"))
        loss_legend = pg.LegendItem(offset=(-4, 4), labelTextSize="7pt", brush=pg.mkBrush(*palette.LEGEND_FILL),
                                    pen=pg.mkPen(*palette.LEGEND_BORDER), labelTextColor=FOREGROUND, verSpacing=-8)
        loss_legend.setParentItem(self.loss_plot.vb)
        raw = QColor(TRAIN_COLOR)
        raw.setAlpha(70)
        self.train_raw_curve = pg.PlotCurveItem(pen=pg.mkPen(raw, width=1), connect="finite")
        self.train_curve = pg.PlotCurveItem(pen=pg.mkPen(TRAIN_COLOR, width=1), connect="finite")
        self.loss_plot.addItem(self.train_raw_curve)
        self.test_curve = pg.PlotDataItem(pen=pg.mkPen(TEST_COLOR, width=1), symbol="o", symbolSize=4,
                                          symbolPen=None, symbolBrush=TEST_COLOR, connect="finite")
        self.loss_plot.addItem(self.train_curve)
        self.loss_plot.addItem(self.test_curve)
        loss_legend.addItem(self.train_curve, tr("train"))
        loss_legend.addItem(self.test_curve, tr("test"))
        self.loss_legend = loss_legend

        self.gain_plot = pg.PlotItem(axisItems={"left": LogAxis("left")})
        _style_plot(self.gain_plot, tr("Backward gain"), "‖∂L/∂a<sub>l−1</sub>‖ / ‖∂L/∂a<sub>l</sub>‖",
                    tr("layer: input → output"))
        self.gain_plot.setMouseEnabled(x=False, y=False)
        self.gain_bars = pg.BarGraphItem(x=[], height=[], width=0.7, y0=0)
        self.gain_plot.addItem(self.gain_bars)
        self.gain_bars.setZValue(-1)
        for value, text, color in ((1.0, "1", OK_COLOR), (0.25, tr("0.25 = max σ′"), VANISH_COLOR)):
            line = pg.InfiniteLine(pos=math.log10(value), angle=0, movable=False,
                                   pen=pg.mkPen(color, width=1.2, style=Qt.PenStyle.DashLine),
                                   label=text, labelOpts={"position": 0.99, "color": color,
                                                          "fill": pg.mkBrush(*palette.LABEL_FILL),
                                                          "anchors": [(1, 1), (1, 1)]})
            line.setZValue(10)
            self.gain_plot.addItem(line)

        self._plots = [self.norm_plot, self.flow_plot, self.loss_plot, self.gain_plot]
        self._cols = 0
        self._arrange(4)
        self.norm_curves: list[pg.PlotCurveItem] = []
        self.names: list[str] = []
        self.test_series = LossSeries()
        self.updates = 0
        self.line_updates = 0
        self._last_lines = 0.0
        self._frames_since_plots = 0
        self._redraw = True
        self._norm_range = StickyRange(step=1.0, slack=2.0, min_span=2.0)
        self._loss_range = StickyRange(step=0.5, slack=1.5, min_span=1.0)
        self._flow_range = StickyRange(step=1.0, slack=2.0, min_span=2.0)
        self._gain_range = StickyRange(step=0.5, slack=1.0, min_span=2.2)
        self.set_layers([tr("Out")])

    def plot_items(self) -> list[pg.PlotItem]:
        """The four plots, left to right."""
        return list(self._plots)

    # -- layout -------------------------------------------------------------------------------
    def _arrange(self, cols: int) -> None:
        """Lay the plots out in ``cols`` columns; the layer legend gets a narrow column of its own."""
        if cols == self._cols:
            return
        ci = self.view.ci
        for p in self._plots + [self.norm_legend]:
            if p in ci.items:
                ci.removeItem(p)
        grid = ci.layout
        # cells: norm plot, legend, then the others
        cells = [(0, 0), (0, 2), (0, 3), (0, 4)] if cols == 4 else [(0, 0), (0, 2), (1, 0), (1, 2)]
        for p, (r, c) in zip(self._plots, cells):
            ci.addItem(p, row=r, col=c)
        ci.addItem(self.norm_legend, row=0, col=1)
        # keep the legend at its natural height at the top of its cell (rows would spread out)
        self.norm_legend.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        grid.setAlignment(self.norm_legend, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        for c in range(6):
            grid.setColumnStretchFactor(c, 0)
        for _p, (r, c) in zip(self._plots, cells):
            grid.setColumnStretchFactor(c, 10)
        grid.setColumnStretchFactor(1, 0)
        self._cols = cols

    def resizeEvent(self, event):  # noqa: N802 - Qt API
        super().resizeEvent(event)
        w, h = event.size().width(), event.size().height()
        self._arrange(4 if w >= 2.4 * h or h < 330 else 2)

    # -- data ---------------------------------------------------------------------------------
    def set_layers(self, names: list[str]) -> None:
        """Start over for a network whose weight matrices are called ``names`` (first → output)."""
        for c in self.norm_curves:
            self.norm_plot.removeItem(c)
        self.norm_legend.clear()
        self.names = list(names)
        self.loss_legend.setVisible(True)
        colors = layer_colors(len(names))
        self.colors = colors
        self.norm_curves = []
        rows = 11
        self.norm_legend.setColumnCount(max(1, math.ceil(len(names) / rows)))
        for name, color in zip(names, colors):
            # 1-px opaque pens take Qt's fast line path: wider ones cost ~10× per segment
            curve = pg.PlotCurveItem(pen=pg.mkPen(color, width=1), connect="finite")
            self.norm_plot.addItem(curve)
            self.norm_legend.addItem(curve, name)
            self.norm_curves.append(curve)
        self.test_series = LossSeries()
        self._test_drawn = None
        self.train_curve.setData([], [])
        self.train_raw_curve.setData([], [])
        self.test_curve.setData([], [])
        n = len(names)
        # numbers (layer 1 = first weight matrix, as in the diagnosis) stay legible when bars are narrow
        every = max(1, math.ceil(n / 8))
        ticks = [[(i + 1, tr("out") if i == n - 1 else str(i + 1)) for i in range(n) if i % every == 0 or i == n - 1]]
        for plot in (self.flow_plot, self.gain_plot):
            plot.getAxis("bottom").setTicks(ticks)
            # ticks are thinned above; without an x grid pyqtgraph lets "out" spill past the edge
            plot.showGrid(x=False, y=True, alpha=0.12)
            plot.getAxis("bottom").setStyle(hideOverlappingLabels=False)
            plot.setXRange(0.4, n + 0.6, padding=0)
        self.flow_bars.setOpts(x=[], height=[], y0=0)
        self.gain_bars.setOpts(x=[], height=[], y0=0)
        self.gain_plot.setYRange(-1.6, 0.6, padding=0.02)
        self.updates = 0
        self._last_lines = 0.0
        self._x_hi = None
        self._norm_range.reset()
        self._loss_range.reset()
        self._flow_range.reset()
        self._gain_range.reset()

    def set_spec(self, spec) -> None:
        """Start over for ``spec``'s network: one curve per weight matrix, a test loss when its data
        set has a test split (the seed has none)."""
        self.set_layers(layer_names(spec))
        self.set_has_test(spec.data.name != "seed" and spec.data.test_fraction > 0)

    def show_frame(self, frame, paced: bool = False) -> None:
        """Draw the session's history and ``frame``: at once, or (``paced``, training runs) as
        :meth:`plan_redraw` decided for this frame."""
        if paced:
            self.update_from(self.session.history, frame.snapshot, force=not frame.playing, redraw=self._redraw)
        else:
            self.update_from(self.session.history, frame.snapshot)

    def plan_redraw(self, _frame=None) -> bool:
        """Called once per frame while it is planned: will this frame redraw the plots? At most
        every ``plot_every``-th frame (a slow frame rate is not slowed further by redrawing them
        every frame) and when :meth:`lines_due`."""
        self._frames_since_plots += 1
        self._redraw = self._frames_since_plots >= self.timing.plot_every and self.lines_due()
        if self._redraw:
            self._frames_since_plots = 0
        return self._redraw

    def set_has_test(self, has_test: bool) -> None:
        """Show the test-loss entry only for datasets with a test split (the seed has none)."""
        self.loss_legend.removeItem(self.test_curve)
        if has_test:
            self.loss_legend.addItem(self.test_curve, tr("test"))
        self.test_curve.setVisible(has_test)

    def lines_due(self) -> bool:
        """Would :meth:`update_from` redraw the plots now while training runs?"""
        return time.perf_counter() - self._last_lines >= self.timing.plot_interval

    def update_from(self, history, snap, force: bool = True, redraw: bool = True) -> None:
        """Refresh the plots from ``history`` (rows so far) and the latest snapshot.

        While training runs (``force=False``) the plots redraw at most every ``plot_interval``
        seconds (and only when ``redraw``): between two redraws a run adds a sliver of a bounded
        history, and repainting four plots 30 times a second costs GUI time (and, through the GIL,
        training time) for nothing the eye can follow; the canvas keeps the full frame rate.
        ``force`` (paused, stepping) redraws at once. Test-loss points are collected from every
        snapshot.
        """
        self.updates += 1
        if snap is not None and snap.test_loss is not None and math.isfinite(snap.test_loss) and snap.step > 0:
            self.test_series.append(snap.step, snap.test_loss)
        if force or (redraw and self.lines_due()):
            self._last_lines = time.perf_counter()
            self._update_lines(history)
            if snap is not None:
                self._update_bars(snap)

    def _stride(self, n: int) -> int:
        """Rows per curve point so that a curve gets about POINTS_PER_PX points per pixel."""
        width = max(self.norm_plot.vb.width(), self.loss_plot.vb.width(), 100.0)
        return max(1, math.ceil(n / (POINTS_PER_PX * width)))

    def _update_lines(self, history) -> None:
        self.line_updates += 1
        steps = history.column("step")
        gn = history.column("grad_norm")
        n = len(steps)
        window = int(np.clip(n // 120, 1, 40))
        stride = self._stride(n)
        rows = sample_rows(n, stride)
        xs = steps[rows]
        norm_ys = np.zeros(0)
        if gn.shape[1] == len(self.norm_curves):
            norm_ys = smooth(log10_clean(gn), window, at=rows)
            for k, curve in enumerate(self.norm_curves):
                curve.setData(xs, np.ascontiguousarray(norm_ys[:, k]))
        loss = log10_clean(history.column("loss"))
        self.train_raw_curve.setData(*peak_decimate(steps, loss, stride))
        self.train_curve.setData(xs, smooth(loss, window, at=rows))
        sx, sy = self.test_series.points()
        test = log10_clean(sy)
        key = (len(sx), self.test_series.last)
        if key != self._test_drawn:  # the markers are rebuilt on every setData: only when new
            self._test_drawn = key
            rows = sample_rows(len(sx), math.ceil(len(sx) / TEST_MARKERS))
            self.test_curve.setData(sx[rows], test[rows])
        # explicit, sticky ranges instead of pyqtgraph's per-update auto-range
        if n:
            x_hi = nice_ceil(float(steps[-1]))
            if x_hi != self._x_hi:
                self._x_hi = x_hi
                for plot in (self.norm_plot, self.loss_plot):
                    plot.setXRange(0, x_hi, padding=0.02)
                    # 2–4 labels inside the range fit even a narrow plot (pyqtgraph's own choice
                    # runs long step numbers together, and drops labels at the very ends)
                    major = nice_floor(x_hi / 3)
                    plot.getAxis("bottom").setTickSpacing(major, major / 2)
            r = self._norm_range.update(norm_ys)
            if r:
                self.norm_plot.setYRange(*r, padding=0.02)
            r = self._loss_range.update(np.concatenate([loss, test]))
            if r:
                self.loss_plot.setYRange(*r, padding=0.02)

    def _update_bars(self, snap) -> None:
        metrics = snap.metrics
        g = np.asarray(metrics.get("grad_norm", []), dtype=float)
        n = len(g)
        if n != len(self.names):
            return
        if np.isnan(g).all():  # nothing measured yet (step 0): no bars rather than "non-finite" ones
            self.flow_bars.setOpts(x=[], height=[], y0=0)
            self.gain_bars.setOpts(x=[], height=[], y0=0)
            return
        x = np.arange(1, n + 1)
        lg = log10_clean(g)
        finite = lg[np.isfinite(lg)]
        base = math.floor(finite.min()) - 1 if finite.size else -3
        top = math.ceil(finite.max()) + 0.3 if finite.size else 0
        bad = ~np.isfinite(g)
        heights = np.where(np.isfinite(lg), lg - base, 0.0)
        heights[bad] = top - base
        brushes = [pg.mkBrush(NONFINITE_COLOR if bad[k] else self.colors[k]) for k in range(n)]
        self.flow_bars.setOpts(x=x, height=heights, y0=np.full(n, base), brushes=brushes, pens=[None] * n)
        r = self._flow_range.update(np.array([base, max(top, base + 2.2)]))
        if r:
            self.flow_plot.setYRange(*r, padding=0.02)

        gain = np.asarray(metrics.get("backward_gain", []), dtype=float)
        lgain = log10_clean(gain)
        fin = np.isfinite(lgain)
        h = np.where(fin, lgain, 0.0)
        brushes = []
        for k in range(n):
            if not np.isfinite(gain[k]):
                brushes.append(pg.mkBrush(NONFINITE_COLOR))
            elif gain[k] > 1:
                brushes.append(pg.mkBrush(EXPLODE_COLOR))
            elif gain[k] < 0.25:
                brushes.append(pg.mkBrush(VANISH_COLOR))
            else:
                brushes.append(pg.mkBrush(OK_COLOR))
        self.gain_bars.setOpts(x=x, height=h, y0=np.zeros(n), brushes=brushes, pens=[None] * n)
        lo = min(-1.6, float(np.min(h[fin])) - 0.3) if fin.any() else -1.6
        hi = max(0.6, float(np.max(h[fin])) + 0.3) if fin.any() else 0.6
        r = self._gain_range.update(np.array([lo, hi]))
        if r:
            self.gain_plot.setYRange(*r, padding=0.02)
