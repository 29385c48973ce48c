"""The teaching views inside the main window, driven like a user: select weights, check, step
through the seed, compare with a remedy, explore activations, watch the decision boundary.

Every number the window shows comes from the worker thread (a frame's ``extras``); these tests
compare it with the engine computed independently on a fresh trainer.
"""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gradsim.engine.chain_rule import derive
from gradsim.engine.gradcheck import check_weight
from gradsim.engine.presets import load_preset
from gradsim.engine.stepthrough import build_stages
from gradsim.engine.trainer import Trainer
from gradsim.ui.numbers import number_text

from .helpers import wait_step


def chain(w):
    return w.docks.widget("chain-rule")


def steps(w):
    return w.docks.widget("step-through")


def acts(w):
    return w.docks.widget("activations")


def plane(w):
    return w.docks.widget("boundary")


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
    panel = chain(w).chain_panel

    def ok():
        d = panel.derivation
        return d is not None and (d.k, d.j, d.i) == (k, j, i) and f"at step {step}" in panel.title.text()

    qtbot.waitUntil(ok, timeout=5000)
    return panel.derivation


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
    text = shown(chain(w).chain_panel)
    for f in d.tree.children:
        assert displayed(f.value, 7) in text
    assert "0.0821670" in chain(w).chain_panel.title.text()
    assert chain(w).weight_combo.currentText() == "w5"  # the picker follows the canvas


def test_picking_w1_shows_the_paths_via_o1_and_o2_summed(qtbot, make_window):
    w = make_window()
    combo = chain(w).weight_combo
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
    text = shown(chain(w).chain_panel)
    for p in paths.children:
        assert displayed(p.value) in text
    assert "0.000438568" in text and "where each path is" in text


def test_emitting_weight_selected_and_stepping_updates_the_derivation_live(qtbot, make_window):
    w = make_window()
    w.session.selection.select_weight(1, 1, 0)  # w7, as the canvas emits it on a click
    wait_derivation(qtbot, w, 1, 1, 0, step=0)
    w.session.step()
    d = wait_derivation(qtbot, w, 1, 1, 0, step=1)
    trainer = Trainer(load_preset("seed-2-2-2"))
    trainer.step()
    assert_same_derivation(d, derive(trainer, k=1, j=1, i=0))


def test_check_button_shows_backprop_and_finite_difference(qtbot, make_window):
    w = make_window()
    w.session.selection.select_weight(0, 0, 0)
    wait_derivation(qtbot, w, 0, 0, 0)
    qtbot.mouseClick(chain(w).chain_panel.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "finite difference" in chain(w).chain_panel.check_result.text(), timeout=5000)
    text = chain(w).chain_panel.check_result.text()
    ref = check_weight(Trainer(load_preset("seed-2-2-2")), 0, 0, 0)
    assert number_text(ref.backprop, 9) in text and number_text(ref.finite_difference, 9) in text
    assert "agree" in text


def test_deep_weight_shows_the_layer_by_layer_product(qtbot, make_window):
    w = make_window("deep-sigmoid")
    w.session.selection.select_weight(0, 2, 1)
    d = wait_derivation(qtbot, w, 0, 2, 1)
    engine = derive(Trainer(load_preset("deep-sigmoid")), k=0, j=2, i=1)
    assert_same_derivation(d, engine)
    assert len(d.layer_chain) == w.session.spec.topology.depth - 1
    text = shown(chain(w).chain_panel)
    assert "Layer by layer" in text and "Vanishing: the gradient reaching layer 1" in text
    assert not chain(w).weight_combo.isVisible()  # the w1…w8 picker is for the seed only


def test_no_derivation_is_computed_while_the_chain_rule_is_hidden(qtbot, make_window):
    w = make_window()
    w.session.selection.select_weight(1, 0, 0)
    wait_derivation(qtbot, w, 1, 0, 0)
    w.docks.dock("boundary").raise_()  # the chain rule tab is now behind another one
    qtbot.waitUntil(lambda: not w.docks.is_shown("chain-rule"), timeout=10000)
    w.session.step()
    snap = wait_step(qtbot, w, 1)
    assert w.session.last_frame.extras.derivation is None
    w.docks.dock("chain-rule").raise_()
    qtbot.waitUntil(lambda: w.session.last_frame.extras.derivation is not None, timeout=10000)
    wait_derivation(qtbot, w, 1, 0, 0, step=1)


# -- step-through -------------------------------------------------------------------------------
def test_step_through_stages_match_the_hand_computation_and_highlight_the_canvas(qtbot, make_window):
    w = make_window()
    w.docks.dock("step-through").raise_()
    qtbot.waitUntil(lambda: len(steps(w).step_panel.stages) > 0, timeout=5000)
    ref = build_stages(Trainer(load_preset("seed-2-2-2")))
    panel = steps(w).step_panel
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
    w.session.step()
    qtbot.waitUntil(lambda: steps(w).stages_step == 1, timeout=5000)
    assert panel.current.key == key
    trainer = Trainer(load_preset("seed-2-2-2"))
    trainer.step()
    assert panel.current.value("w5⁺") == pytest.approx(build_stages(trainer)[-1].value("w5⁺"))
    # hiding the step-through removes the highlight
    w.docks.dock("chain-rule").raise_()
    qtbot.waitUntil(lambda: w.canvas.highlighted == ([], []), timeout=10000)


def test_step_through_is_disabled_off_the_seed(qtbot, make_window):
    w = make_window("circles")
    w.docks.dock("step-through").raise_()
    qtbot.waitUntil(lambda: w.docks.is_shown("step-through"), timeout=10000)
    assert not steps(w).step_panel.isEnabled() and steps(w).step_panel.stages == []


# -- comparison ----------------------------------------------------------------------------------
def test_compare_with_a_remedy_runs_two_workers_and_both_stop_when_the_main_window_closes(qtbot, make_window):
    w = make_window("deep-sigmoid")
    act = w.menus.compare_actions["relu"]
    assert act in w.menus.compare.actions() and w.menus.compare.menuAction() in w.menus.run.actions()
    act.trigger()
    assert len(w.side.compare_windows) == 1
    cw = w.side.compare_windows[0]
    assert cw.isVisible() and [r.name for r in cw.runs][0] == "deep-sigmoid"
    assert all(r.controller.running for r in cw.runs)
    cw.play()
    qtbot.waitUntil(lambda: all(r.step >= 3 for r in cw.runs), timeout=10000)
    assert len({id(r.controller.worker) for r in cw.runs}) == 2
    controllers = [r.controller for r in cw.runs]
    w.close()
    assert not any(c.running for c in controllers)
    assert w.side.compare_windows == []


def test_compare_reports_a_remedy_that_does_not_apply(qtbot, make_window):
    w = make_window("seed-2-2-2")
    w.session.spec.topology.layers = w.session.spec.topology.layers[-1:]  # no hidden layer: nothing to remedy
    w.menus.compare_actions["relu"].trigger()
    assert w.side.compare_windows == []
    assert "Can't compare" in w.session.status_message


# -- activation explorer ------------------------------------------------------------------------
def test_activation_explorer_follows_the_selected_layer(qtbot, make_window):
    w = make_window("circles")  # tanh hidden layers, sigmoid output
    w.docks.dock("activations").raise_()
    qtbot.waitUntil(lambda: w.docks.is_shown("activations"), timeout=10000)
    ex = acts(w).explorer
    w.session.step()  # a fresh network has had no forward pass yet: no pre-activations to show
    wait_step(qtbot, w, 1)
    qtbot.waitUntil(lambda: ex._u is not None and len(ex._u) > 0, timeout=10000)
    assert ex.activation_name == "tanh" and w.session.selection.layer == 1
    np.testing.assert_allclose(ex._u, w.session.last_snapshot.preactivations[0].ravel())
    click_neuron(qtbot, w.canvas, w.session.spec.topology.depth, 0)  # the output unit
    assert w.session.selection.layer == w.session.spec.topology.depth and ex.activation_name == "sigmoid"
    np.testing.assert_allclose(ex._u, w.session.last_snapshot.preactivations[-1].ravel())
    assert "Output" in ex.stats.text()
    acts(w).layer_combo.setCurrentIndex(1)
    acts(w).layer_combo.activated.emit(1)
    assert w.session.selection.layer == 2 and ex.activation_name == "tanh"
    w.session.selection.select_weight(2, 0, 3)  # a weight into the output: its layer is shown
    assert w.session.selection.layer == 3 and ex.activation_name == "sigmoid"
    # the learner picks another function to compare: training refreshes the histogram, not the choice
    w.docks.dock("activations").raise_()
    ex.combo.setCurrentIndex(ex.combo.findData("relu"))
    assert ex.activation_name == "relu"
    w.session.step()
    wait_step(qtbot, w, 2)
    qtbot.waitUntil(lambda: acts(w)._last_explorer > 0 and w.session.last_snapshot.step == 2, timeout=10000)
    acts(w).refresh(w.session.last_frame, force=True)
    assert ex.activation_name == "relu"
    np.testing.assert_allclose(ex._u, w.session.last_snapshot.preactivations[-1].ravel())
    click_neuron(qtbot, w.canvas, 1, 0)  # choosing a layer shows its own function again
    assert w.session.selection.layer == 1 and ex.activation_name == "tanh"


# -- decision boundary ------------------------------------------------------------------------------
def test_boundary_heat_map_updates_after_training(qtbot, make_window):
    w = make_window("circles")
    assert w.docks.is_shown("boundary") or qtbot.waitUntil(lambda: w.docks.is_shown("boundary"), timeout=10000) is None
    qtbot.waitUntil(lambda: plane(w).boundary.Z is not None, timeout=5000)
    z0 = plane(w).boundary.Z.copy()
    assert z0.shape == (60, 60)
    n_train = int(round(w.session.spec.data.n_samples * (1 - w.session.spec.data.test_fraction)))
    assert len(plane(w).boundary.train_points.data) == n_train
    w.session.play()
    wait_step(qtbot, w, 100, timeout=15000)
    w.session.pause()
    qtbot.waitUntil(lambda: not w.session.last_frame.playing, timeout=10000)
    qtbot.waitUntil(lambda: plane(w).boundary.Z is not None and not np.allclose(plane(w).boundary.Z, z0), timeout=5000)
    assert np.abs(plane(w).boundary.Z - z0).max() > 1e-3


def test_hovering_a_hidden_neuron_shows_its_map(qtbot, make_window):
    w = make_window("circles")
    qtbot.waitUntil(lambda: plane(w).boundary.Z is not None, timeout=5000)
    w.session.selection.hover_neuron(1, 2)
    qtbot.waitUntil(lambda: plane(w).boundary.inset.isVisible(), timeout=5000)
    assert plane(w).neuron_grids is not None and plane(w).neuron_grids[0].shape[2] == w.session.spec.topology.sizes[1]
    assert plane(w).boundary.inset_title.textItem.toPlainText() == "h1[3]"
    w.session.selection.hover_neuron(-1, -1)
    assert not plane(w).boundary.inset.isVisible()


def test_no_boundary_for_the_seed(qtbot, make_window):
    w = make_window()
    w.docks.dock("boundary").raise_()
    w.session.step()
    snap = wait_step(qtbot, w, 1)
    assert w.session.last_frame.extras.boundary is None and plane(w).boundary.Z is None


# -- notes --------------------------------------------------------------------------------------
def test_about_this_preset_and_help_topics_open_the_notes(qtbot, make_window):
    w = make_window("deep-sigmoid")
    assert w.menus.about_preset in w.menus.presets.actions()
    w.menus.about_preset.trigger()
    dialog = w.side.notes_dialog
    assert dialog.isVisible() and dialog.current_key == "preset:deep-sigmoid"
    assert "deep-sigmoid" in dialog.browser.toPlainText()
    qtbot.mouseClick(w.panel.about_button, Qt.MouseButton.LeftButton)  # the button beside the preset combo
    assert dialog.current_key == "preset:deep-sigmoid"
    assert w.menus.topics.menuAction() in w.menus.help.actions()
    for key in ("topic:vanishing", "topic:exploding", "topic:chain-rule", "remedy:batchnorm", "remedy:clip"):
        w.menus.topic_actions[key].trigger()
        assert w.side.notes_dialog is dialog and dialog.current_key == key
    assert "0.25" in dialog.browser.toPlainText() or key == "remedy:clip"


# -- layout ---------------------------------------------------------------------------------------
def test_teaching_docks_fit_beside_the_canvas_at_1024x640(qtbot, make_window):
    w = make_window("seed-2-2-2", size=(1024, 640))
    w.session.selection.select_weight(0, 0, 0)
    wait_derivation(qtbot, w, 0, 0, 0)
    qtbot.waitUntil(lambda: w.canvas.width() >= 400, timeout=10000)
    assert w.docks.dock("chain-rule").width() >= 260 and w.panel.width() >= 240
    assert set(w.tabifiedDockWidgets(w.docks.dock("chain-rule"))) == set(w.docks.teaching_docks()[1:])  # one column of tabs
    for dock in w.docks.teaching_docks():
        assert dock.toggleViewAction() in w.menus.view.actions()
    w.docks.dock("chain-rule").close()  # a closed dock stops its worker extras
    qtbot.waitUntil(lambda: w.session._views_sent is not None and not w.session._views_sent["derivation"], timeout=10000)


@pytest.mark.parametrize("size, stacked", [((1024, 640), True), ((1400, 860), False)])
def test_the_w1_equation_never_scrolls_sideways(qtbot, make_window, size, stacked):
    from gradsim.ui.teach.chain_rule_panel import derivation_html

    w = make_window("seed-2-2-2", size=size)
    w.session.selection.select_weight(0, 0, 0)
    d = wait_derivation(qtbot, w, 0, 0, 0)
    panel = chain(w).chain_panel
    # a narrow dock writes the sum of paths and the factors down the panel, a wide one across it
    qtbot.waitUntil(lambda: panel._html == derivation_html(d, stacked=stacked), timeout=10000)
    assert panel.view.horizontalScrollBar().maximum() == 0
    assert "0.000438568" in panel.view.toPlainText() and "0.0553994" in panel.view.toPlainText()


def test_a_view_is_shown_by_its_key_and_the_highlight_is_the_sessions(qtbot, make_window):
    """What a lesson relies on: any view brought forward by its key, the canvas drawing the
    session's highlight, and a new network clearing it."""
    w = make_window()
    w.docks.show("step-through")
    qtbot.waitUntil(lambda: w.docks.is_shown("step-through") and w.canvas.highlighted != ([], []), timeout=10000)
    stage = steps(w).step_panel.current
    assert w.session.highlight.edges == tuple(stage.edges)
    assert w.canvas.highlighted == (list(stage.neurons), list(stage.edges))
    w.session.load_preset("xor")
    assert w.session.highlight.neurons == () and w.canvas.highlighted == ([], [])
    w.docks.show("activations")
    qtbot.waitUntil(lambda: w.docks.is_shown("activations") and not w.docks.is_shown("step-through"), timeout=10000)
