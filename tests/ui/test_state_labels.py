"""Every number names the state it belongs to, and a new step updates or clears it: the status bar's
selected weight, the edge tooltip, the chain-rule panel and the finite-difference result. And picking
a preset asks before it throws away edits or training, as File → New does."""

from PySide6.QtCore import Qt

from gradsim.engine.chain_rule import derive
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer
from gradsim.ui import document
from gradsim.ui.canvas.hit import Hit

from .helpers import wait_step
from .test_teaching import click_edge, wait_derivation


def test_numbers_name_their_step_and_follow_every_step(qtbot, make_window):
    w = make_window()
    panel = w.docks.widget("chain-rule").chain_panel
    click_edge(qtbot, w.canvas, 1, 0, 0)  # w5, a real click
    wait_derivation(qtbot, w, 1, 0, 0, step=0)
    # step 0: the panel derives ∂E/∂w5 at the initial weights; no training step has made a gradient
    assert "0.0821670" in panel.title.text() and "at step 0" in panel.title.text()
    status = w.session.status_message
    assert status.startswith("Selected w5: w = 0.4 (initial); ∂L/∂w: none yet") and "∂L/∂w = 0" not in status
    tip = w.canvas.describe(Hit("edge", edge=(1, 0, 0)))
    assert "w = 0.4 (initial)" in tip and "∂L/∂w: none yet" in tip and "∂L/∂w = 0" not in tip

    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "finite difference" in panel.check_result.text(), timeout=5000)
    assert panel.check_result.text().startswith("At step 0:")

    w.menus.step.trigger()                # the toolbar's Step
    wait_step(qtbot, w, 1)
    wait_derivation(qtbot, w, 1, 0, 0, step=1)
    # the status bar follows the step: the gradient step 1 applied is the one derived at step 0
    qtbot.waitUntil(lambda: "after step 1" in w.session.status_message, timeout=5000)
    assert w.session.status_message.startswith("Selected w5: w = 0.3589") and "∂L/∂w = 0.082167 in step 1" in w.session.status_message
    tip = w.canvas.describe(Hit("edge", edge=(1, 0, 0)))
    assert "after step 1" in tip and "in step 1 (its batch, at the weights before its update)" in tip
    # the finite-difference result of step 0 is gone; the panel shows step 1's derivation
    assert panel.check_result.text() == ""
    trainer = Trainer(load_preset("seed-2-2-2"))
    trainer.step()
    assert panel.derivation.total == derive(trainer, k=1, j=0, i=0).total


def test_an_open_tooltip_follows_the_step(qtbot, make_window):
    w = make_window()
    canvas = w.canvas
    scene = canvas.edge_scene_pos(1, 0, 0, 0.5)
    canvas._on_mouse_moved(scene)          # what the view's mouse-move signal calls
    assert "(initial)" in canvas.hover_text
    w.session.step()
    wait_step(qtbot, w, 1)
    qtbot.waitUntil(lambda: "after step 1" in canvas.hover_text, timeout=5000)  # without moving the mouse
    assert "in step 1" in canvas.hover_text


def test_picking_a_preset_asks_before_dropping_edits_or_training(qtbot, make_window, monkeypatch):
    w = make_window("seed-2-2-2")
    w.session.step()
    wait_step(qtbot, w, 1)
    assert w.isWindowModified()   # a training step is unsaved work
    asked = []
    monkeypatch.setattr(document, "ask_save_changes", lambda parent, name: asked.append(name) or "cancel")
    combo = w.panel.preset
    index = combo.findData("deep-sigmoid")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)   # what the combo emits when the user picks an item
    assert asked == ["Untitled (seed-2-2-2)"]
    assert w.session.spec.name == "seed-2-2-2" and w.session.last_snapshot.step == 1   # cancelled: nothing lost
    assert combo.currentData() == "seed-2-2-2"                         # the list shows the network again
    menu_action = next(a for a in w.menus.presets.actions() if a.text().startswith("xor  —"))
    menu_action.trigger()         # the Presets menu asks too
    assert len(asked) == 2 and w.session.spec.name == "seed-2-2-2"

    monkeypatch.setattr(document, "ask_save_changes", lambda parent, name: asked.append(name) or "discard")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    assert len(asked) == 3 and w.session.spec.name == "deep-sigmoid" and not w.isWindowModified()
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and w.session.last_snapshot.step == 0, timeout=5000)
    # nothing to lose: no question
    w.choose_preset("xor")
    assert len(asked) == 3 and w.session.spec.name == "xor"
