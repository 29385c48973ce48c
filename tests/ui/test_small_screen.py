"""A 1024×640 screen and a teacher's routine: readable tabs, a column that keeps its width, the
boundary's neuron inset gone with the mouse, and Reset/New/a language switch keeping what was chosen."""

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QTabBar

from tests.ui.helpers import wait_step


def teaching_tab_bar(w):
    titles = {w.docks.dock(k).windowTitle() for k in ("chain-rule", "boundary")}
    return next(bar for bar in w.findChildren(QTabBar)
                if titles <= {bar.tabText(i) for i in range(bar.count())})


def test_tabs_show_whole_names_and_selecting_keeps_the_column_width(make_window, qtbot):
    w = make_window("deep-sigmoid", size=(1024, 640))
    qtbot.waitUntil(lambda: w.docks.dock("boundary").width() <= 0.43 * 1024)
    bar = teaching_tab_bar(w)
    assert bar.elideMode() == Qt.TextElideMode.ElideNone
    fm = QFontMetrics(bar.font())
    for i in range(bar.count()):
        assert bar.tabRect(i).width() >= fm.horizontalAdvance(bar.tabText(i)), bar.tabText(i)
    column = w.docks.dock("chain-rule")
    w.docks.show("chain-rule")
    qtbot.wait(20)
    before = column.width(), w.canvas.width()
    w.session.controller.step(3)
    wait_step(qtbot, w, 3)
    w.session.selection.select_weight(0, 0, 0)   # a long "∂E/∂W1[…] = … at step 3 · mean over 32 samples"
    qtbot.waitUntil(lambda: w.docks.widget("chain-rule").chain_panel.derivation is not None, timeout=5000)
    qtbot.wait(50)
    assert (column.width(), w.canvas.width()) == before


def test_neuron_inset_goes_when_the_mouse_leaves_and_with_a_new_network(make_window, qtbot):
    w = make_window("circles", size=(1440, 900))
    plane = w.docks.widget("boundary")
    w.docks.show("boundary")
    inset = plane.boundary.inset
    w.session.controller.step(2)
    wait_step(qtbot, w, 2)
    canvas = w.canvas
    for leave in ("mouse", "preset", "new"):
        pos = canvas.mapFromScene(canvas.neuron_scene_pos(1, 0))
        canvas._on_mouse_moved(canvas.mapToScene(pos))   # what a mouse move over the neuron does
        assert w.session.selection.hover == (1, 0)
        w.session.controller.step(1)
        qtbot.waitUntil(inset.isVisible, timeout=5000)
        if leave == "mouse":
            QApplication.sendEvent(canvas, QEvent(QEvent.Type.Leave))
        elif leave == "preset":
            w.session.load_preset("xor")
        else:
            w.document.new()
        assert w.session.selection.hover == (-1, -1), leave
        assert not inset.isVisible(), leave
        w.session.controller.step(1)
        qtbot.wait(100)
        assert not inset.isVisible(), leave
        if leave != "mouse":
            w.session.load_preset("circles")
            w.session.controller.step(2)
            wait_step(qtbot, w, 2)


@pytest.mark.parametrize("weight", [None, (1, 2, 3)], ids=["no-weight", "weight"])
@pytest.mark.parametrize("how", ["reset", "new", "language"])
def test_reset_new_and_language_keep_the_tab_and_the_weight(make_window, qtbot, how, weight):
    from gradsim.ui import app, i18n, settings

    w = make_window("circles", size=(1440, 900))
    settings.put("last_preset", "circles")
    if weight is not None:
        w.session.selection.select_weight(*weight)
    w.docks.show("activations")
    qtbot.waitUntil(lambda: w.docks.front() == "activations")
    if how == "reset":
        w.menus.reset.trigger()
    elif how == "new":
        w.document.new()
    else:
        w = app.switch_language(w, "zh_CN")
        qtbot.addWidget(w)
    try:
        qtbot.wait(50)
        assert w.session.selection.weight == weight
        assert w.docks.front() == "activations"
    finally:
        if how == "language":
            i18n.install(QApplication.instance(), "en")
            w.document.interactive = False
            w.close()


def test_status_texts_elide_with_the_whole_text_in_the_tooltip(make_window, qtbot):
    from gradsim.engine.diagnosis import Diagnosis

    w = make_window("deep-sigmoid", size=(1024, 640))
    long_text = "Vanishing: the gradient reaching layer 1 is 1.6e-5 of the gradient reaching layer 10 — " \
                "try ReLU, batch norm or residual links, or LeakyReLU or a better initialisation"
    w.session._set_diagnosis(Diagnosis("vanishing", long_text))
    w.session.show_message("Training paused at step 12,345 because the run produced a non-finite value; "
                           "press Reset (R) to start again")
    for label in (w.status.diagnosis_label, w.status.message_label):
        fm = label.fontMetrics()
        shown = label.shown_text()
        assert shown.endswith("…"), shown
        assert fm.horizontalAdvance(shown) <= label.contentsRect().width(), (shown, label.width())
        assert label.toolTip() == label.full_text
    assert w.status.diagnosis_label.full_text == long_text
    before = len(w.status.diagnosis_label.shown_text())
    w.resize(1440, 900)   # more room: more of the text
    qtbot.waitUntil(lambda: len(w.status.diagnosis_label.shown_text()) > before)


def test_layer_table_shows_whole_activation_names(make_window, qtbot):
    from PySide6.QtWidgets import QScrollArea

    w = make_window("deep-residual", size=(1024, 640))
    qtbot.wait(20)
    for row in w.panel._rows:
        combo = row["act"]
        fm = combo.fontMetrics()
        longest = max(fm.horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
        assert combo.width() >= longest + 16, (combo.currentText(), combo.width(), longest)
    for area in w.panel.findChildren(QScrollArea):   # and the table fits: no sideways scrolling
        assert area.horizontalScrollBar().maximum() == 0
