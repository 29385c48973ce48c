"""A file the app cannot use changes nothing: not the window, not the controls, not the trained
network. The loader is made permissive here (monkeypatched) so that the values reach the parts
of the app behind it: a control that cannot hold them, a canvas that fails, a saved run state
the trainer cannot continue."""

from __future__ import annotations

import numpy as np
import pytest

from gradsim.engine import fileformat, limits
from gradsim.engine.presets import load_preset
from gradsim.ui import document
from gradsim.ui.commands import EditRequest

from .helpers import wait_step


def _state(w) -> dict:
    """Everything a refused open must leave as it was."""
    p = w.panel
    return {"spec": w.session.spec.to_dict() if hasattr(w.session.spec, "to_dict") else repr(w.session.spec.__dict__),
            "title": w.windowTitle(), "modified": w.isWindowModified(), "path": w.document.path,
            "undo": (w.session.undo_stack.count(), w.session.undo_stack.index()), "preset": w.session.preset,
            "panel": (p.batch.value(), p.seed.value(), p.lr.value(), p.optimizer.currentData(),
                      p.dataset.currentData(), len(p._rows)),
            "canvas": (w.canvas.spec.topology.sizes, w.canvas.selected, w.canvas.snapshot is not None),
            "plots": list(w.plots.names), "step": w.session.last_snapshot.step, "generation": w.session.controller.generation}


@pytest.fixture
def trained(make_window, qtbot):
    """deep-relu with an edit on the undo stack, 5 steps trained and a weight selected."""
    w = make_window("deep-relu")
    assert w.session.request_edit(EditRequest("set_edge", (0, 0, 1, False), "Remove edge"))
    w.session.controller.step(5)
    wait_step(qtbot, w, 5)
    w.session.selection.select_weight(1, 2, 3)
    qtbot.waitUntil(lambda: w.canvas.selected == (1, 2, 3))
    return w


def _file_loading_as(monkeypatch, tmp_path, change) -> str:
    """A file whose loaded spec is xor with ``change`` applied (past a permissive loader)."""
    path = tmp_path / "odd.gradsim"
    fileformat.save(path, load_preset("xor"))
    real = fileformat.load

    def permissive(p):
        spec = real(p)
        change(spec)
        return spec

    monkeypatch.setattr(document.fileformat, "load", permissive)
    # an engine whose limits reach beyond the controls' ranges (the controls' own guard is tested)
    monkeypatch.setattr(limits, "SEED", (0, 10**400))
    monkeypatch.setattr(limits, "BATCH_SIZE", (1, 2**40))
    return str(path)


def _set(obj, name, value):
    setattr(obj, name, value)


@pytest.mark.parametrize("field, value", [("batch_size", 2**31), ("seed", int(1e308))])
def test_a_value_no_control_can_hold_changes_nothing(trained, qtbot, tmp_path, monkeypatch, _isolated_desktop,
                                                      field, value):
    w = trained
    before = _state(w)
    weights = [a.copy() for a in w.session.last_snapshot.weights]
    path = _file_loading_as(monkeypatch, tmp_path, lambda s: _set(s.train, field, value))
    assert not w.document.open(path, ask=False)
    assert _state(w) == before
    assert len(_isolated_desktop) == 1 and "odd.gradsim" in _isolated_desktop[0][1]
    assert "cannot be shown in the controls" in _isolated_desktop[0][1]
    # the trained network is still the worker's: one more step continues from step 5
    w.session.controller.step(1)
    snap = wait_step(qtbot, w, 6)
    assert snap.step == 6 and w.session.last_frame.generation == before["generation"]
    assert any(not np.array_equal(a, b) for a, b in zip(snap.weights, weights))


def test_a_view_failing_halfway_puts_the_others_back(trained, qtbot, tmp_path, monkeypatch, _isolated_desktop):
    w = trained
    before = _state(w)
    real = type(w.canvas).set_spec

    def failing(canvas, spec):
        if spec.name == "xor":
            raise MemoryError("too many edges to draw")
        return real(canvas, spec)

    monkeypatch.setattr(type(w.canvas), "set_spec", failing)
    path = tmp_path / "x.gradsim"
    fileformat.save(path, load_preset("xor"))
    assert not w.document.open(str(path), ask=False)  # the panel took it, then the canvas refused
    assert _state(w) == before
    assert "MemoryError" in _isolated_desktop[-1][1]


def test_a_run_state_the_trainer_cannot_continue_changes_nothing(trained, qtbot, tmp_path, monkeypatch,
                                                                 _isolated_desktop):
    """The damaged random state of the mini-batch shuffle (as in a fuzzed file)."""
    from gradsim.engine.trainer import Trainer

    w = trained
    before = _state(w)
    source = Trainer(load_preset("xor"))
    source.run(3)
    resume = source.resume_state()
    resume["batches"]["rng"]["state"]["state"] = -1

    def damage(spec):
        spec.saved_step, spec.resume = 3, resume

    path = _file_loading_as(monkeypatch, tmp_path, damage)
    assert not w.document.open(path, ask=False)
    assert _state(w) == before
    assert "odd.gradsim" in _isolated_desktop[-1][1]


def test_a_usable_file_still_opens(trained, qtbot, tmp_path):
    path = tmp_path / "fine.gradsim"
    fileformat.save(path, load_preset("xor"))
    assert trained.document.open(str(path), ask=False)
    assert trained.session.spec.name == "xor" and trained.session.undo_stack.count() == 0 and trained.document.path == path.resolve()
