"""Legibility at a projector and on a small screen: what is drawn never overlaps.

Layout checks assert geometry: label rectangles in scene (pixel) coordinates, on every preset, at
the two screen sizes a classroom meets, after loading a preset and after Fit view.
"""

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetrics

from gradsim.engine import presets

SIZES = [(1024, 640), (1440, 900)]


def label_rects(canvas) -> list[tuple[str, QRectF]]:
    return [(item.textItem.toPlainText(), item.mapRectToScene(item.boundingRect()))
            for item in canvas.decorations.visible_text_items()]


def assert_apart(rects):
    for n, (a, ra) in enumerate(rects):
        for b, rb in rects[n + 1:]:
            assert not ra.intersects(rb), f"{a!r} {ra} overlaps {b!r} {rb}"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_canvas_labels_never_collide(make_window, qtbot, size):
    w = make_window(size=size)
    canvas = w.canvas
    for name in presets.preset_names():
        w.session.load_preset(name)
        qtbot.wait(5)
        for when in ("loaded", "fit"):
            if when == "fit":
                canvas.fit()
                qtbot.wait(5)
            rects = label_rects(canvas)
            titles = [t for t, _ in rects if t.startswith("H") or t in ("Inputs", "In", "Output", "Out")]
            assert len(titles) >= 2, (name, rects)  # at least the first and the last layer are named
            assert_apart(rects)
            view = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
            for text, r in rects:  # and every label is inside the canvas, not cut off at its edge
                assert view.contains(r), (name, when, text, r, view)


@pytest.mark.parametrize("width", [420, 600, 1000])
@pytest.mark.parametrize("lo,hi", [(-6, 0), (-23, 11), (-11, 1), (-3, 1), (0, 1)])
def test_colour_key_ticks_apart(qtbot, width, lo, hi):
    from gradsim.ui.colors import LogColorScale
    from gradsim.ui.widgets.color_legend import TICK_GAP_PX, ColorLegend

    scale = LogColorScale(lo, hi)
    legend = ColorLegend(scale)
    qtbot.addWidget(legend)
    legend.resize(width, 36)
    legend.grab()  # paints, which lays the ticks out
    rects = legend.tick_rects
    assert rects[-1][0] == ("1" if hi == 0 else f"1e{hi}")  # the bright end is always named
    assert len(rects) >= 2
    for (a, ra), (b, rb) in zip(rects, rects[1:]):
        assert ra.right() + TICK_GAP_PX <= rb.left(), (a, ra, b, rb)
        fm = QFontMetrics(legend.font())
        assert ra.width() >= fm.horizontalAdvance(a) * 0.8  # room for the text it holds


def axis_texts(axis) -> list[tuple[str, QRectF]]:
    """The tick labels an axis draws, with their rectangles in the axis's coordinates."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(text, rect) for rect, _flags, text in (specs[2] if specs else [])]


@pytest.mark.parametrize("lo,hi", [(0, 1), (37027, 37028), (-6000, 306000), (0, 1_200_000), (0, 15)])
@pytest.mark.parametrize("width", [90, 160, 400])
def test_step_axis_whole_steps_apart(qtbot, lo, hi, width):
    """Step labels are whole numbers, never run together, and stay inside the plot on the right."""
    import pyqtgraph as pg

    from gradsim.ui.plots import StepAxis

    widget = pg.PlotWidget(axisItems={"bottom": StepAxis("bottom")})
    qtbot.addWidget(widget)
    widget.resize(width + 60, 140)
    widget.show()
    widget.plotItem.setXRange(lo, hi, padding=0.02)
    qtbot.waitUntil(lambda: widget.plotItem.vb.width() > 0)
    axis = widget.plotItem.getAxis("bottom")
    texts = axis_texts(axis)
    assert texts, (lo, hi, width)
    for text, _ in texts:
        assert text.lstrip("-").isdigit(), text
    for (a, ra), (b, rb) in zip(texts, texts[1:]):
        assert ra.right() + 8 <= rb.left(), (a, ra, b, rb)
    assert texts[-1][1].right() <= axis.width() + 1


def test_plot_titles_clear_of_ticks_and_ranges_reset(make_window, qtbot):
    """Axis titles never overlap tick labels; a new network starts the axes and the colour key over."""
    from tests.ui.helpers import wait_step

    w = make_window("deep-exploding", size=(1024, 640))
    w.session.play()
    snap = wait_step(qtbot, w, 50)
    w.session.pause()
    assert snap.nonfinite or snap.step >= 50
    qtbot.waitUntil(lambda: w.canvas.scale.hi > 3)   # exploded gradients widened the key
    w.plots.update_from(w.session.history, w.session.last_snapshot)
    for plot in w.plots.plot_items():
        axis = plot.getAxis("left")
        title = axis.label.mapRectToParent(axis.label.boundingRect())
        for text, rect in axis_texts(axis):
            assert not rect.intersects(title), (text, rect, title)
    exploded = w.plots.norm_plot.vb.viewRange()[1]
    assert exploded[1] > 3
    w.session.load_preset("seed-2-2-2")
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and w.session.last_snapshot.step == 0)
    assert (w.canvas.scale.lo, w.canvas.scale.hi) == (-6, 0)
    assert w.legend.labels()[-1] == "1"
    for plot in (w.plots.norm_plot, w.plots.loss_plot):
        x0, x1 = plot.vb.viewRange()[0]
        assert x1 <= 1.1, (plot, x0, x1)
    assert w.plots.norm_plot.vb.viewRange()[1][1] <= 0.5


@pytest.mark.parametrize("presenting", [False, True], ids=["desk", "presentation"])
def test_plots_at_1024x640_tall_titles_and_ticks_apart(make_window, qtbot, presenting):
    from tests.ui.helpers import wait_step

    w = make_window("deep-residual", size=(1024, 640))
    if presenting:
        w.menus.presentation.trigger()
    w.session.controller.step(120)
    wait_step(qtbot, w, 120)
    qtbot.waitUntil(lambda: w.docks.dock("plots").height() >= int(0.33 * 640) - 1)
    w.plots.update_from(w.session.history, w.session.last_snapshot)
    titles = []
    for plot in w.plots.plot_items():
        assert plot.vb.height() >= 110, (plot.titleLabel.text, plot.vb.height())
        item = plot.titleLabel.item
        titles.append((item.toPlainText(), item.mapRectToScene(item.boundingRect())))
        for name in ("bottom", "left"):
            texts = axis_texts(plot.getAxis(name))
            assert texts, (name, plot.titleLabel.text)
            rects = sorted((r for _, r in texts), key=lambda r: (r.left(), r.top()))
            for a, b in zip(rects, rects[1:]):
                assert not a.adjusted(-2, -1, 2, 1).intersects(b), (name, texts)
    assert_apart(titles)
    view = QRectF(w.plots.view.rect())
    for text, rect in titles:
        assert view.contains(rect), (text, rect)
