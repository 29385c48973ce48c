"""Keyboard-only use: Space stays with a focused control, any weight can be selected, the run can be
played, stepped and reset; custom widgets have accessible names."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QPushButton, QSpinBox

from gradsim.ui import keys
from tests.ui.helpers import wait_step


def _focus(qtbot, widget):
    widget.activateWindow()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=2000)


@pytest.mark.parametrize("kind", ["button", "checkbox", "spinbox"])
def test_space_goes_to_the_focused_control_not_to_play(make_window, qtbot, kind):
    w = make_window("deep-sigmoid")
    w.activateWindow()
    pressed = []
    if kind == "button":
        widget = w.panel.findChildren(QPushButton)[0]
        widget.clicked.connect(lambda: pressed.append(True))
    elif kind == "checkbox":
        widget = w.panel._rows[0]["bn"]
        widget.toggled.connect(lambda on: pressed.append(on))
    else:
        widget = next(s for s in w.panel.findChildren(QSpinBox) if s.isEnabled() and s.isVisible())
        widget.lineEdit().textEdited.connect(lambda t: pressed.append(t))
    if kind == "button":   # the first push button may open a dialog: keep it from blocking
        widget.clicked.disconnect()
        widget.clicked.connect(lambda: pressed.append(True))
    _focus(qtbot, widget)
    QTest.keyClick(widget, Qt.Key.Key_Space)
    qtbot.wait(50)
    assert not w.session.playing, "Space started training instead of reaching the focused control"
    if kind != "spinbox":
        assert pressed, kind
    # and with the canvas focused Space plays, as before
    _focus(qtbot, w.canvas)
    QTest.keyClick(w.canvas, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: w.session.playing, timeout=2000)
    w.session.pause()


def test_keyboard_selects_any_weight_and_plays_steps_resets(make_window, qtbot, monkeypatch):
    w = make_window("deep-sigmoid")
    _focus(qtbot, w.canvas)
    monkeypatch.setattr(keys, "ask_weight", lambda parent, current: "W7[5,3]")
    QTest.keyClick(w.canvas, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert w.session.selection.weight == (6, 5, 3)
    QTest.keyClick(w.canvas, Qt.Key.Key_Period)
    assert w.session.selection.weight == (6, 5, 4)
    QTest.keyClick(w.canvas, Qt.Key.Key_Comma)
    QTest.keyClick(w.canvas, Qt.Key.Key_Comma)
    assert w.session.selection.weight == (6, 5, 2)
    monkeypatch.setattr(keys, "ask_weight", lambda parent, current: "W99[0,0]")
    QTest.keyClick(w.canvas, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert w.session.selection.weight == (6, 5, 2) and "W99[0,0]" in w.session.status_message
    # the last edge wraps round to the first
    last = keys.all_edges(w.session.spec)[-1]
    w.session.selection.select_weight(*last)
    QTest.keyClick(w.canvas, Qt.Key.Key_Period)
    assert w.session.selection.weight == (0, 0, 0)
    # step, play, pause and reset from the keyboard
    QTest.keyClick(w.canvas, Qt.Key.Key_S)
    wait_step(qtbot, w, 1)
    QTest.keyClick(w.canvas, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: w.session.playing, timeout=2000)
    QTest.keyClick(w.canvas, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not w.session.playing, timeout=2000)
    QTest.keyClick(w.canvas, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and w.session.last_snapshot.step == 0, timeout=5000)


def test_custom_widgets_have_accessible_names(make_window):
    w = make_window("deep-sigmoid")
    for widget in (w.canvas, w.legend, w.plots, w.plots.view):
        assert widget.accessibleName() and widget.accessibleDescription(), widget
    for key in ("chain-rule", "step-through", "activations", "boundary"):
        assert w.docks.widget(key).accessibleName() == w.docks.dock(key).windowTitle()
