"""Presentation mode: larger text, thicker lines, fewer ticks; remembered across restarts."""

from PySide6.QtWidgets import QApplication

from gradsim.ui import look


def sizes(w) -> dict:
    plots = w.plots
    canvas = w.canvas
    title, _sub, _text = canvas.decorations.labels[0]
    edge_pens = [pen.widthF() for pen in canvas.edge_layer.pens]
    return {
        "tick_pt": plots.norm_plot.getAxis("left").style["tickFont"].pointSizeF(),
        "legend_pt": float(plots.norm_legend.opts["labelTextSize"].rstrip("pt")),
        "curve_px": plots.norm_curves[0].opts["pen"].widthF(),
        "label_pt": title.textItem.font().pointSizeF(),
        "edge_px": max(edge_pens),
        "select_px": canvas._select_item.opts["pen"].widthF(),
        "widget_pt": w.panel.lr.font().pointSizeF(),
        "key_h": w.legend.minimumHeight(),
    }


def ticks(w) -> int:
    """Step and log-axis labels the plots would place over a few ranges and widths."""
    step_axis = w.plots.norm_plot.getAxis("bottom")
    log_axis = w.plots.norm_plot.getAxis("left")
    return sum(len(step_axis.tickValues(0, hi, px)[0][1]) + len(log_axis.tickValues(-9, 1, px)[0][1])
               for hi in (300, 100000) for px in (150, 300, 600))


def test_presentation_mode_enlarges_and_survives_restart(make_window, qtbot):
    w = make_window("deep-sigmoid", size=(1440, 900))
    desk = sizes(w)
    desk_ticks = ticks(w)
    assert not w.menus.presentation.isChecked()
    w.menus.presentation.trigger()
    assert look.presenting()
    shown = sizes(w)
    for key, value in desk.items():
        assert shown[key] > value, (key, value, shown[key])
    assert ticks(w) < desk_ticks   # fewer ticks at the same widths
    w.close()
    again = make_window("deep-sigmoid", size=(1440, 900))
    assert again.menus.presentation.isChecked() and look.presenting()
    assert sizes(again) == shown
    again.menus.presentation.trigger()   # and off again: back to the desk sizes
    assert not look.presenting()
    assert sizes(again) == desk
    QApplication.instance().setStyleSheet("")   # as the other tests' windows expect it
