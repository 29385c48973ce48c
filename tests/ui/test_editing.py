"""Editing the network on the canvas and in the panel; every edit undoable and resetting training."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QToolBar

from .helpers import wait_step


def undo(qtbot, w):
    qtbot.keyClick(w.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def redo(qtbot, w):
    qtbot.keyClick(w.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def view_point(canvas, scene_pos) -> QPoint:
    return canvas.mapFromScene(scene_pos)


def menu_action(menu, text):
    """Find an action by its text in a menu and its submenus."""
    for act in menu.actions():
        if act.menu() is not None:
            found = menu_action(act.menu(), text)
            if found is not None:
                return found
        elif act.text() == text:
            return act
    return None


def trained(qtbot, w, steps=5):
    w.session.play()
    wait_step(qtbot, w, steps)
    w.session.pause()
    qtbot.waitUntil(lambda: not w.session.last_frame.playing, timeout=10000)


def assert_fresh_run(qtbot, w):
    """An edit resets training: a new generation whose first snapshot is step 0."""
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and w.session.last_snapshot.step == 0, timeout=10000)
    assert len(w.session.history) == 0 and not w.session.playing


def test_shortcuts_are_the_standard_ones(make_window):
    w = make_window()
    assert QKeySequence("Ctrl+Z") in w.menus.undo.shortcuts()
    assert QKeySequence("Ctrl+Shift+Z") in w.menus.redo.shortcuts()
    assert w.menus.play.shortcut() == QKeySequence(Qt.Key.Key_Space)


def test_add_and_remove_layer_with_undo(qtbot, make_window):
    w = make_window("xor")
    trained(qtbot, w)
    toolbar = w.findChild(QToolBar, "runToolbar")
    qtbot.mouseClick(toolbar.widgetForAction(w.menus.add_layer), Qt.MouseButton.LeftButton)
    assert w.session.spec.topology.sizes == [2, 4, 4, 1]
    assert_fresh_run(qtbot, w)
    assert w.plots.names == ["H1", "H2", "Output"] and len(w.canvas.snapshot.weights) == 3
    undo(qtbot, w)
    assert w.session.spec.topology.sizes == [2, 4, 1]
    redo(qtbot, w)
    assert w.session.spec.topology.sizes == [2, 4, 4, 1]
    # remove a specific layer from its context menu
    menu = w.canvas.context_menu(w.canvas.hit_test(w.canvas.neuron_scene_pos(1, 0)))
    menu_action(menu, "Remove H1").trigger()
    assert w.session.spec.topology.sizes == [2, 4, 1]
    undo(qtbot, w)
    assert w.session.spec.topology.sizes == [2, 4, 4, 1]
    assert w.session.undo_stack.undoText() == "Add hidden layer"


def test_add_neuron_by_clicking_the_plus_glyph_and_undo(qtbot, make_window):
    w = make_window("seed-2-2-2")
    c = w.canvas
    plus = [g for g, req in c.glyph_requests() if req.op == "add_neuron"][0]
    pos = view_point(c, plus.sceneBoundingRect().center())
    qtbot.mouseClick(c.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert w.session.spec.topology.sizes == [2, 3, 2]
    assert w.session.spec.parameters is None  # the lecture's weights no longer fit
    assert_fresh_run(qtbot, w)
    assert c.snapshot.weights[0].shape == (3, 2)
    undo(qtbot, w)
    assert w.session.spec.topology.sizes == [2, 2, 2] and w.session.spec.parameters is not None
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and w.session.last_snapshot.weights[1][0, 0] == pytest.approx(0.40))


def test_remove_neuron_from_context_menu_and_invalid_last_neuron(qtbot, make_window):
    w = make_window("xor")
    c = w.canvas
    menu = c.context_menu(c.hit_test(c.neuron_scene_pos(1, 2)))
    menu_action(menu, "Remove neuron h1[3]").trigger()
    assert w.session.spec.topology.sizes == [2, 3, 1]
    undo(qtbot, w)
    assert w.session.spec.topology.sizes == [2, 4, 1]
    # the panel can shrink H1 to one neuron; removing that one is refused with a reason
    w.panel._rows[0]["size"].setValue(1)
    assert w.session.spec.topology.sizes == [2, 1, 1]
    depth = w.session.undo_stack.count()
    menu = c.context_menu(c.hit_test(c.neuron_scene_pos(1, 0)))
    menu_action(menu, "Remove neuron h1[1]").trigger()
    assert w.session.spec.topology.sizes == [2, 1, 1] and w.session.undo_stack.count() == depth
    assert "at least one neuron" in w.session.status_message


def test_remove_and_restore_an_edge(qtbot, make_window):
    w = make_window("seed-2-2-2")
    c = w.canvas
    trained(qtbot, w, 3)
    hit = c.hit_test(c.edge_scene_pos(1, 0, 0, t=0.3))
    assert hit.kind == "edge" and hit.edge == (1, 0, 0)
    menu_action(c.context_menu(hit), "Remove edge w5").trigger()
    assert not w.session.spec.topology.masks[1][0, 0]
    assert_fresh_run(qtbot, w)
    assert w.session.last_snapshot.weights[1][0, 0] == 0.0
    # the removed edge is still drawn (dashed) and can be restored from its own menu
    hit = c.hit_test(c.edge_scene_pos(1, 0, 0, t=0.3))
    assert hit.kind == "removed-edge"
    menu_action(c.context_menu(hit), "Restore edge w5").trigger()
    assert w.session.spec.topology.masks == {}
    undo(qtbot, w)
    assert not w.session.spec.topology.masks[1][0, 0]
    undo(qtbot, w)
    assert w.session.spec.topology.masks == {}
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and w.session.last_snapshot.weights[1][0, 0] == pytest.approx(0.40))


def test_add_and_remove_residual_connection(qtbot, make_window):
    w = make_window("circles")
    c = w.canvas
    menu = c.context_menu(c.hit_test(c.neuron_scene_pos(2, 0)))
    menu_action(menu, "from H1 (identity)").trigger()
    assert w.session.spec.topology.layers[1].residual_from == 1
    assert len(c.decorations.arcs) == 1
    assert_fresh_run(qtbot, w)
    # the arc itself offers removal
    l, xs, ys = c.decorations.arcs[0]
    apex = c.vb.mapViewToScene(__import__("PySide6.QtCore", fromlist=["QPointF"]).QPointF(xs[24], ys[24]))
    hit = c.hit_test(apex)
    assert hit.kind == "residual" and hit.layer == 2
    menu_action(c.context_menu(hit), "Remove residual connection into H2").trigger()
    assert w.session.spec.topology.layers[1].residual_from is None and not c.decorations.arcs
    undo(qtbot, w)
    assert w.session.spec.topology.layers[1].residual_from == 1
    undo(qtbot, w)
    assert w.session.spec.topology.layers[1].residual_from is None


def test_activation_and_batch_norm_from_context_menu_and_panel(qtbot, make_window):
    w = make_window("circles")
    c = w.canvas
    menu = c.context_menu(c.hit_test(c.neuron_scene_pos(1, 0)))
    menu_action(menu, "relu").trigger()
    assert w.session.spec.topology.layers[0].activation == "relu"
    assert w.panel._rows[0]["act"].currentData() == "relu"
    menu = c.context_menu(c.hit_test(c.neuron_scene_pos(2, 0)))
    menu_action(menu, "Batch norm on H2").trigger()
    assert w.session.spec.topology.layers[1].batch_norm
    assert "BN" in c.layer_label_html(2) and "BN" not in c.layer_label_html(1)
    # the panel's checkbox does the same, and the panel follows undo
    qtbot.mouseClick(w.panel._rows[0]["bn"], Qt.MouseButton.LeftButton)
    assert w.session.spec.topology.layers[0].batch_norm
    undo(qtbot, w)
    assert not w.session.spec.topology.layers[0].batch_norm and not w.panel._rows[0]["bn"].isChecked()
    undo(qtbot, w)
    undo(qtbot, w)
    assert w.session.spec.topology.layers[0].activation == "tanh"


def test_invalid_edit_is_explained_and_not_applied(qtbot, make_window):
    w = make_window("seed-2-2-2")
    before = w.session.undo_stack.count()
    qtbot.mouseClick(w.panel._rows[0]["bn"], Qt.MouseButton.LeftButton)  # BN on a single sample
    assert not w.session.spec.topology.layers[0].batch_norm
    assert not w.panel._rows[0]["bn"].isChecked()  # the checkbox snaps back
    assert w.session.undo_stack.count() == before
    assert "batch normalization needs batches of at least 2 samples" in w.session.status_message
    assert "batch normalization" in w.status.message_label.text()
    # an output activation that the loss cannot use
    w.panel._rows[1]["act"].setCurrentIndex(w.panel._rows[1]["act"].findData("softmax"))
    w.panel._rows[1]["act"].activated.emit(w.panel._rows[1]["act"].currentIndex())
    assert w.session.spec.topology.output.activation == "sigmoid"
    assert "loss" in w.session.status_message


def test_dataset_change_resizes_inputs_and_outputs(qtbot, make_window):
    w = make_window("xor")
    combo = w.panel.dataset
    combo.setCurrentIndex(combo.findData("sine"))
    combo.activated.emit(combo.currentIndex())
    assert w.session.spec.data.name == "sine" and w.session.spec.topology.sizes == [1, 4, 1]
    assert w.session.spec.topology.output.activation == "linear" and w.session.spec.train.loss == "mse"
    assert_fresh_run(qtbot, w)
    w.session.play()
    wait_step(qtbot, w, 5)
    w.session.pause()
    undo(qtbot, w)
    assert w.session.spec.data.name == "xor" and w.session.spec.topology.sizes == [2, 4, 1]
    assert w.panel.dataset.currentData() == "xor"


def test_training_settings_from_panel_are_undoable(qtbot, make_window):
    w = make_window("xor")
    w.panel.batch.setValue(0)
    assert w.session.spec.train.batch_size is None
    w.panel.clip_mode.setCurrentIndex(w.panel.clip_mode.findData("norm"))
    w.panel.clip_mode.activated.emit(w.panel.clip_mode.currentIndex())
    assert w.session.spec.train.clip_mode == "norm" and w.panel.clip_value.isEnabled()
    w.panel.gain.setValue(3.0)
    assert w.session.spec.weight_init.gain == 3.0
    w.panel.init.setCurrentIndex(w.panel.init.findData("normal"))
    w.panel.init.activated.emit(w.panel.init.currentIndex())
    assert w.session.spec.weight_init.name == "normal" and w.panel.param_a_label.text() == "σ"
    w.panel.noise.setValue(0.3)
    assert w.session.spec.data.noise == pytest.approx(0.3)
    for _ in range(5):
        undo(qtbot, w)
    assert w.session.spec.train.batch_size == 16 and w.session.spec.train.clip_mode == "none"
    assert w.session.spec.weight_init.name == "xavier_uniform" and w.session.spec.data.noise == pytest.approx(0.05)
    assert w.panel.batch.value() == 16


def test_click_on_edge_selects_weight_and_emits(qtbot, make_window):
    w = make_window("seed-2-2-2")
    c = w.canvas
    pos = view_point(c, c.edge_scene_pos(1, 0, 1, t=0.35))
    with qtbot.waitSignal(w.session.selection.weightChanged, timeout=2000) as blocker:
        qtbot.mouseClick(c.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [(1, 0, 1)]
    assert c.selected == (1, 0, 1) and c._select_item.isVisible()
    assert "w6" in w.session.status_message


def hover(qtbot, canvas, scene_pos, expect: str):
    """Move the mouse onto ``scene_pos`` until the tooltip text contains ``expect``.

    pyqtgraph drops mouse moves that come within 10 ms of the previous one (mouseRateLimit) and
    Qt drops moves to the current position, so the move alternates by one pixel while waiting.
    """
    pos = view_point(canvas, scene_pos)
    jiggle = [0]

    def arrived():
        jiggle[0] ^= 1
        qtbot.mouseMove(canvas.viewport(), pos + QPoint(jiggle[0], 0))
        return expect in canvas.hover_text

    qtbot.waitUntil(arrived, timeout=10000)
    return canvas.hover_text


def test_hover_tooltips_for_edges_and_neurons(qtbot, make_window):
    w = make_window("seed-2-2-2")
    c = w.canvas
    text = hover(qtbot, c, c.edge_scene_pos(1, 0, 0, t=0.4), "w5")
    assert "w = 0.4 (initial)" in text and "∂L/∂w: none yet" in text and "h1 → o1" in text
    text = hover(qtbot, c, c.neuron_scene_pos(1, 1), "h2")
    assert "activation (batch mean): none yet" in text and "bias = 0.35 (initial)" in text
    # after a step the edge tooltip shows the gradient of that step, and says so
    w.session.step()
    wait_step(qtbot, w, 1)
    text = hover(qtbot, c, c.edge_scene_pos(1, 0, 0, t=0.4), "w5")
    # the lecture: ∂E_total/∂w5 = 0.082167, and w5 becomes 0.358916 after the first update
    assert "∂L/∂w = 0.082167 in step 1" in text and "w = 0.358916 after step 1" in text
    text = hover(qtbot, c, c.neuron_scene_pos(1, 1), "h2")
    assert "activation (batch mean) = " in text and "in step 1" in text and "‖∂L/∂a‖ = " in text


def test_zoom_and_fit(qtbot, make_window):
    w = make_window("deep-sigmoid")
    vb = w.canvas.vb
    r0 = vb.viewRect()
    vb.scaleBy((0.5, 0.5))
    assert vb.viewRect().width() < r0.width() * 0.6
    w.menus.fit.trigger()
    assert vb.viewRect().width() == pytest.approx(r0.width(), rel=1e-3)


def test_wide_deep_network_stays_legible(qtbot, make_window):
    from gradsim.engine import edits

    w = make_window("xor")
    spec = w.session.spec
    for _ in range(19):
        spec = edits.insert_layer(spec, spec.topology.depth, size=64, activation="relu")
    spec = edits.remove_layer(spec, 1)
    assert w.session.try_edit(spec, "20 × 64")
    assert w.session.spec.topology.depth == 20 and max(w.session.spec.topology.sizes) == 64
    w.session.play()
    wait_step(qtbot, w, 3)
    w.session.pause()
    c = w.canvas
    k = c.edge_classes[0]
    # wide matrices are thinned to the strongest edges instead of drawing 4096 lines each
    per_matrix = np.bincount(k)
    assert per_matrix[0] == 64 * 2 and per_matrix[-1] == 64  # narrow ends: every edge
    assert per_matrix[1:-1].max() <= 96 < 64 * 64
    assert c.neuron_px >= 5
    assert len(c.edge_layer.pens) <= 18 * 4
    assert c.edge_layer.segment_count == len(k)
