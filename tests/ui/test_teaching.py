"""The teaching views inside the main window, driven like a user: select weights, check, step
through the seed, compare with a remedy, explore activations, watch the decision boundary.

Every number the window shows comes from the worker thread (``snap.extra``); these tests compare
it with the engine computed independently on a fresh trainer.
"""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gradsim.engine.chain_rule import derive
from gradsim.engine.gradcheck import check_weight
from gradsim.engine.presets import load_preset
from gradsim.engine.stepthrough import build_stages
from gradsim.engine.trainer import Trainer
from gradsim.ui.teach.mathtext import number_text

from .helpers import wait_step


def shown(panel) -> str:
    return panel.plain_text().replace("\u2028", "\n")


def displayed(v: float, digits: int = 6) -> str:
    return number_text(v, digits).replace("^", "")


def click_edge(qtbot, canvas, k, j, i):
    """A real left click on the middle of edge W{k+1}[j, i]."""
    scene = canvas.edge_scene_pos(k, j, i, 0.5)
    pos = canvas.mapFromScene(scene)
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def click_neuron(qtbot, canvas, layer, index):
    pos = canvas.mapFromScene(canvas.neuron_scene_pos(layer, index))
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def wait_derivation(qtbot, w, k, j, i, step=0):
    t = w.teaching

    def ok():
        d = t.chain_panel.derivation
        return d is not None and (d.k, d.j, d.i) == (k, j, i) and f"at step {step}" in t.chain_panel.title.text()

    qtbot.waitUntil(ok, timeout=5000)
    return t.chain_panel.derivation


def assert_same_derivation(shown_d, engine_d):
    assert shown_d.weight == engine_d.weight and shown_d.kind == engine_d.kind
    assert shown_d.total == pytest.approx(engine_d.total, rel=1e-12, abs=1e-300)
    a, b = list(shown_d.tree.walk()), list(engine_d.tree.walk())
    assert [n.name for n in a] == [n.name for n in b] and [n.op for n in a] == [n.op for n in b]
    assert [n.value for n in a] == pytest.approx([n.value for n in b], rel=1e-12, abs=1e-300)
    assert [c.gain for c in shown_d.layer_chain] == pytest.approx([c.gain for c in engine_d.layer_chain], rel=1e-9)
    assert shown_d.verdict == engine_d.verdict


# -- chain rule ----------------------------------------------------------------------------------
def test_clicking_w5_shows_its_three_factors_with_the_engines_numbers(qtbot, make_window):
    w = make_window()
    click_edge(qtbot, w.canvas, 1, 0, 0)  # w5: h1 → o1
    assert w.canvas.selected == (1, 0, 0)
    d = wait_derivation(qtbot, w, 1, 0, 0)
    engine = derive(Trainer(load_preset("seed-2-2-2")), k=1, j=0, i=0)
    assert_same_derivation(d, engine)
    assert d.weight == "w5" and len(d.tree.children) == 3
    assert d.total == pytest.approx(0.082167041, abs=1e-9)
    text = shown(w.teaching.chain_panel)
    for f in d.tree.children:
        assert displayed(f.value, 7) in text
    assert "0.0821670" in w.teaching.chain_panel.title.text()
    assert w.teaching.weight_combo.currentText() == "w5"  # the picker follows the canvas


def test_picking_w1_shows_the_paths_via_o1_and_o2_summed(qtbot, make_window):
    w = make_window()
    t = w.teaching
    combo = t.weight_combo
    assert [combo.itemText(n) for n in range(combo.count())] == [f"w{n}" for n in range(1, 9)]
    combo.setCurrentIndex(0)
    combo.activated.emit(0)  # what QComboBox emits when the user picks an item
    assert w.canvas.selected == (0, 0, 0)
    d = wait_derivation(qtbot, w, 0, 0, 0)
    engine = derive(Trainer(load_preset("seed-2-2-2")), k=0, j=0, i=0)
    assert_same_derivation(d, engine)
    paths, fprime, a_in = d.tree.children
    assert [p.name for p in paths.children] == ["∂E_o1/∂out_h1", "∂E_o2/∂out_h1"]
    assert sum(p.value for p in paths.children) * fprime.value * a_in.value == pytest.approx(d.total)
    assert d.total == pytest.approx(0.000438568, abs=1e-9)
    text = shown(t.chain_panel)
    for p in paths.children:
        assert displayed(p.value) in text
    assert "0.000438568" in text and "where each path is" in text


def test_emitting_weight_selected_and_stepping_updates_the_derivation_live(qtbot, make_window):
    w = make_window()
    w.canvas.select_weight(1, 1, 0)  # w7, as the canvas emits it on a click
    wait_derivation(qtbot, w, 1, 1, 0, step=0)
    w.step()
    d = wait_derivation(qtbot, w, 1, 1, 0, step=1)
    trainer = Trainer(load_preset("seed-2-2-2"))
    trainer.step()
    assert_same_derivation(d, derive(trainer, k=1, j=1, i=0))


def test_check_button_shows_backprop_and_finite_difference(qtbot, make_window):
    w = make_window()
    t = w.teaching
    t.select(0, 0, 0)
    wait_derivation(qtbot, w, 0, 0, 0)
    qtbot.mouseClick(t.chain_panel.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "finite difference" in t.chain_panel.check_result.text(), timeout=5000)
    text = t.chain_panel.check_result.text()
    ref = check_weight(Trainer(load_preset("seed-2-2-2")), 0, 0, 0)
    assert number_text(ref.backprop, 9) in text and number_text(ref.finite_difference, 9) in text
    assert "agree" in text


def test_deep_weight_shows_the_layer_by_layer_product(qtbot, make_window):
    w = make_window("deep-sigmoid")
    w.canvas.select_weight(0, 2, 1)
    d = wait_derivation(qtbot, w, 0, 2, 1)
    engine = derive(Trainer(load_preset("deep-sigmoid")), k=0, j=2, i=1)
    assert_same_derivation(d, engine)
    assert len(d.layer_chain) == w.spec.topology.depth - 1
    text = shown(w.teaching.chain_panel)
    assert "Layer by layer" in text and "Vanishing: the gradient reaching layer 1" in text
    assert not w.teaching.weight_combo.isVisible()  # the w1…w8 picker is for the seed only


def test_no_derivation_is_computed_while_the_chain_rule_is_hidden(qtbot, make_window):
    w = make_window()
    t = w.teaching
    t.select(1, 0, 0)
    wait_derivation(qtbot, w, 1, 0, 0)
    t.boundary_dock.raise_()  # the chain rule tab is now behind another one
    qtbot.waitUntil(lambda: not t._shown(t.chain_dock), timeout=10000)
    w.step()
    snap = wait_step(qtbot, w, 1)
    assert "derivation" not in snap.extra
    t.chain_dock.raise_()
    qtbot.waitUntil(lambda: "derivation" in w.last_snapshot.extra, timeout=10000)
    wait_derivation(qtbot, w, 1, 0, 0, step=1)


# -- step-through -------------------------------------------------------------------------------
def test_step_through_stages_match_the_hand_computation_and_highlight_the_canvas(qtbot, make_window):
    w = make_window()
    t = w.teaching
    t.step_dock.raise_()
    qtbot.waitUntil(lambda: len(t.step_panel.stages) > 0, timeout=5000)
    ref = build_stages(Trainer(load_preset("seed-2-2-2")))
    panel = t.step_panel
    assert [s.key for s in panel.stages] == [s.key for s in ref]
    phases = []
    for n, stage in enumerate(ref):
        assert panel.current.key == stage.key
        assert [line.value for line in panel.current.lines] == pytest.approx([line.value for line in stage.lines])
        assert w.canvas.highlighted == (list(stage.neurons), list(stage.edges))
        phases.append(stage.phase)
        if n < len(ref) - 1:
            qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert phases[0] == "forward" and phases[-1] == "update"
    assert {"forward", "loss", "backward", "update"} <= set(phases)
    # the lecture's numbers: out_o1 = 0.75136507, E_total = 0.298371109, w5⁺ = 0.35891648
    forward = [s for s in panel.stages if s.phase == "forward"][-1]
    assert forward.value("out_o1") == pytest.approx(0.75136507, abs=1e-8)
    assert panel.stages[[s.phase for s in panel.stages].index("loss")].value("E_total") == pytest.approx(
        0.298371109, abs=1e-9)
    assert panel.current.value("w5⁺") == pytest.approx(0.35891648, abs=1e-8)
    # after a real training step the stages follow the new weights, on the same stage
    key = panel.current.key
    w.step()
    qtbot.waitUntil(lambda: t.stages_step == 1, timeout=5000)
    assert panel.current.key == key
    trainer = Trainer(load_preset("seed-2-2-2"))
    trainer.step()
    assert panel.current.value("w5⁺") == pytest.approx(build_stages(trainer)[-1].value("w5⁺"))
    # hiding the step-through removes the highlight
    t.chain_dock.raise_()
    qtbot.waitUntil(lambda: w.canvas.highlighted == ([], []), timeout=10000)


def test_step_through_is_disabled_off_the_seed(qtbot, make_window):
    w = make_window("circles")
    t = w.teaching
    t.step_dock.raise_()
    qtbot.waitUntil(lambda: t._shown(t.step_dock), timeout=10000)
    assert not t.step_panel.isEnabled() and t.step_panel.stages == []


# -- comparison ----------------------------------------------------------------------------------
def test_compare_with_a_remedy_runs_two_workers_and_both_stop_when_the_main_window_closes(qtbot, make_window):
    w = make_window("deep-sigmoid")
    t = w.teaching
    act = t.compare_actions["relu"]
    assert act in t.compare_menu.actions() and t.compare_menu.menuAction() in w.run_menu.actions()
    act.trigger()
    assert len(t.compare_windows) == 1
    cw = t.compare_windows[0]
    assert cw.isVisible() and [r.name for r in cw.runs][0] == "deep-sigmoid"
    assert all(r.controller.running for r in cw.runs)
    cw.play()
    qtbot.waitUntil(lambda: all(r.step >= 3 for r in cw.runs), timeout=10000)
    assert len({id(r.controller.worker) for r in cw.runs}) == 2
    controllers = [r.controller for r in cw.runs]
    w.close()
    assert not any(c.running for c in controllers)
    assert t.compare_windows == []


def test_compare_reports_a_remedy_that_does_not_apply(qtbot, make_window):
    w = make_window("seed-2-2-2")
    w.spec.topology.layers = w.spec.topology.layers[-1:]  # no hidden layer: nothing to remedy
    w.teaching.compare_actions["relu"].trigger()
    assert w.teaching.compare_windows == []
    assert "Can't compare" in w.status_message


# -- activation explorer ------------------------------------------------------------------------
def test_activation_explorer_follows_the_selected_layer(qtbot, make_window):
    w = make_window("circles")  # tanh hidden layers, sigmoid output
    t = w.teaching
    t.explorer_dock.raise_()
    qtbot.waitUntil(lambda: t._shown(t.explorer_dock), timeout=10000)
    ex = t.explorer
    w.step()  # a fresh network has had no forward pass yet: no pre-activations to show
    wait_step(qtbot, w, 1)
    qtbot.waitUntil(lambda: ex._u is not None and len(ex._u) > 0, timeout=10000)
    assert ex.activation_name == "tanh" and t.layer == 1
    np.testing.assert_allclose(ex._u, w.last_snapshot.preactivations[0].ravel())
    click_neuron(qtbot, w.canvas, w.spec.topology.depth, 0)  # the output unit
    assert t.layer == w.spec.topology.depth and ex.activation_name == "sigmoid"
    np.testing.assert_allclose(ex._u, w.last_snapshot.preactivations[-1].ravel())
    assert "Output" in ex.stats.text()
    t.layer_combo.setCurrentIndex(1)
    t.layer_combo.activated.emit(1)
    assert t.layer == 2 and ex.activation_name == "tanh"
    w.canvas.select_weight(2, 0, 3)  # a weight into the output: its layer is shown
    assert t.layer == 3 and ex.activation_name == "sigmoid"
    # the learner picks another function to compare: training refreshes the histogram, not the choice
    t.explorer_dock.raise_()
    ex.combo.setCurrentIndex(ex.combo.findData("relu"))
    assert ex.activation_name == "relu"
    w.step()
    wait_step(qtbot, w, 2)
    qtbot.waitUntil(lambda: t._last_explorer > 0 and w.last_snapshot.step == 2, timeout=10000)
    t._refresh_local(w.last_snapshot, force=True)
    assert ex.activation_name == "relu"
    np.testing.assert_allclose(ex._u, w.last_snapshot.preactivations[-1].ravel())
    click_neuron(qtbot, w.canvas, 1, 0)  # choosing a layer shows its own function again
    assert t.layer == 1 and ex.activation_name == "tanh"


# -- decision boundary ------------------------------------------------------------------------------
def test_boundary_heat_map_updates_after_training(qtbot, make_window):
    w = make_window("circles")
    t = w.teaching
    assert t._shown(t.boundary_dock) or qtbot.waitUntil(lambda: t._shown(t.boundary_dock), timeout=10000) is None
    qtbot.waitUntil(lambda: t.boundary.Z is not None, timeout=5000)
    z0 = t.boundary.Z.copy()
    assert z0.shape == (60, 60)
    n_train = int(round(w.spec.data.n_samples * (1 - w.spec.data.test_fraction)))
    assert len(t.boundary.train_points.data) == n_train
    w.play()
    wait_step(qtbot, w, 100, timeout=15000)
    w.pause()
    qtbot.waitUntil(lambda: not w.last_snapshot.extra["playing"], timeout=10000)
    qtbot.waitUntil(lambda: t.boundary.Z is not None and not np.allclose(t.boundary.Z, z0), timeout=5000)
    assert np.abs(t.boundary.Z - z0).max() > 1e-3


def test_hovering_a_hidden_neuron_shows_its_map(qtbot, make_window):
    w = make_window("circles")
    t = w.teaching
    qtbot.waitUntil(lambda: t.boundary.Z is not None, timeout=5000)
    w.canvas.neuronHovered.emit(1, 2)
    qtbot.waitUntil(lambda: t.boundary.inset.isVisible(), timeout=5000)
    assert t.neuron_grids is not None and t.neuron_grids[0].shape[2] == w.spec.topology.sizes[1]
    assert t.boundary.inset_title.textItem.toPlainText() == "h1[3]"
    w.canvas.neuronHovered.emit(-1, -1)
    assert not t.boundary.inset.isVisible()


def test_no_boundary_for_the_seed(qtbot, make_window):
    w = make_window()
    t = w.teaching
    t.boundary_dock.raise_()
    w.step()
    snap = wait_step(qtbot, w, 1)
    assert "boundary" not in snap.extra and t.boundary.Z is None


# -- notes --------------------------------------------------------------------------------------
def test_about_this_preset_and_help_topics_open_the_notes(qtbot, make_window):
    w = make_window("deep-sigmoid")
    t = w.teaching
    assert t.about_preset_action in w.presets_menu.actions()
    t.about_preset_action.trigger()
    dialog = t.notes_dialog
    assert dialog.isVisible() and dialog.current_key == "preset:deep-sigmoid"
    assert "deep-sigmoid" in dialog.browser.toPlainText()
    qtbot.mouseClick(t.about_button, Qt.MouseButton.LeftButton)  # the button beside the preset combo
    assert dialog.current_key == "preset:deep-sigmoid"
    assert t.topics_menu.menuAction() in w.help_menu().actions()
    for key in ("topic:vanishing", "topic:exploding", "topic:chain-rule", "remedy:batchnorm", "remedy:clip"):
        t.topic_actions[key].trigger()
        assert t.notes_dialog is dialog and dialog.current_key == key
    assert "0.25" in dialog.browser.toPlainText() or key == "remedy:clip"


# -- layout ---------------------------------------------------------------------------------------
def test_teaching_docks_fit_beside_the_canvas_at_1024x640(qtbot, make_window):
    w = make_window("seed-2-2-2", size=(1024, 640))
    t = w.teaching
    t.select(0, 0, 0)
    wait_derivation(qtbot, w, 0, 0, 0)
    qtbot.waitUntil(lambda: w.canvas.width() >= 400, timeout=10000)
    assert t.chain_dock.width() >= 260 and w.panel.width() >= 240
    assert set(w.tabifiedDockWidgets(t.chain_dock)) == set(t.docks[1:])  # one column of tabs
    for dock in t.docks:
        assert dock.toggleViewAction() in w.view_menu.actions()
    t.chain_dock.close()  # a closed dock stops its worker extras
    qtbot.waitUntil(lambda: t._views_sent is not None and not t._views_sent["derivation"], timeout=10000)


@pytest.mark.parametrize("size, stacked", [((1024, 640), True), ((1400, 860), False)])
def test_the_w1_equation_never_scrolls_sideways(qtbot, make_window, size, stacked):
    from gradsim.ui.teach.chain_rule_panel import derivation_html

    w = make_window("seed-2-2-2", size=size)
    t = w.teaching
    t.select(0, 0, 0)
    d = wait_derivation(qtbot, w, 0, 0, 0)
    panel = t.chain_panel
    # a narrow dock writes the sum of paths and the factors down the panel, a wide one across it
    qtbot.waitUntil(lambda: panel._html == derivation_html(d, stacked=stacked), timeout=10000)
    assert panel.view.horizontalScrollBar().maximum() == 0
    assert "0.000438568" in panel.view.toPlainText() and "0.0553994" in panel.view.toPlainText()
