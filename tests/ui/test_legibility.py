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
