"""Files: save → open round trip with trained weights, atomic save, autosave recovery, bad files,
recent files, unsaved-changes prompt, title bar, drag-and-drop, settings."""

import json
import os

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from gradsim.engine import fileformat
from gradsim.engine.edits import set_activation
from gradsim.ui import autosave, document, settings


def train(qtbot, w, steps):
    w.session.controller.step(steps)
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and w.session.last_snapshot.step >= steps, timeout=10000)


def test_save_open_round_trip_with_trained_weights(make_window, qtbot, tmp_path):
    w = make_window("deep-sigmoid")
    train(qtbot, w, 25)
    assert w.isWindowModified()  # trained since the (never) saved state
    path = tmp_path / "run.gradsim"
    assert w.document.save_as(path)
    assert not w.isWindowModified()
    assert "run.gradsim" in w.windowTitle()
    saved = fileformat.load(path)
    assert saved.saved_step == 25
    snap = w.session.last_snapshot
    for k, layer in enumerate(saved.parameters):
        np.testing.assert_array_equal(layer["weights"], snap.weights[k])
        np.testing.assert_array_equal(layer["biases"], snap.biases[k])

    w2 = make_window("seed-2-2-2")
    assert w2.document.open(path)
    qtbot.waitUntil(lambda: w2.session.last_snapshot is not None and w2.session.last_snapshot.step == 25, timeout=5000)
    assert w2.session.spec.name == "deep-sigmoid" and w2.document.path == path.resolve()
    assert not w2.isWindowModified()
    for a, b in zip(w2.session.last_snapshot.weights, snap.weights):
        np.testing.assert_array_equal(a, b)
    assert saved.resume is not None and saved.resume["batches"]["order"].size == 320
    # training resumes exactly as the original run goes on (mini-batches of 32: the shuffle order
    # and position were saved too)
    w.session.controller.step(5)
    w2.session.controller.step(5)
    qtbot.waitUntil(lambda: w.session.last_snapshot.step == 30 and w2.session.last_snapshot.step == 30, timeout=5000)
    for a, b in zip(w2.session.last_snapshot.weights, w.session.last_snapshot.weights):
        np.testing.assert_array_equal(a, b)
    assert w2.isWindowModified()


def test_seed_run_resumes_exactly(make_window, qtbot, tmp_path):
    """Full-batch SGD: weights and step are the whole state, so a reopened run continues bit for bit."""
    w = make_window("seed-2-2-2")
    train(qtbot, w, 3)
    path = tmp_path / "seed.gradsim"
    assert w.document.save_as(path)
    train(qtbot, w, 7)  # the original goes on to step 10
    w2 = make_window("xor")
    assert w2.document.open(path)
    qtbot.waitUntil(lambda: w2.session.last_snapshot is not None and w2.session.last_snapshot.step == 3, timeout=5000)
    w2.session.controller.step(7)
    qtbot.waitUntil(lambda: w2.session.last_snapshot.step == 10, timeout=5000)
    for a, b in zip(w2.session.last_snapshot.weights, w.session.last_snapshot.weights):
        np.testing.assert_array_equal(a, b)


def test_atomic_save_keeps_previous_file_on_failure(make_window, qtbot, tmp_path, monkeypatch, _isolated_desktop):
    w = make_window("seed-2-2-2")
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "net.gradsim"
    assert w.document.save_as(path)
    before = path.read_bytes()
    train(qtbot, w, 2)

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)  # the write fails after the temp file was filled
    assert not w.document.save()
    assert path.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["net.gradsim"]  # no temp file left behind
    assert w.isWindowModified()
    assert _isolated_desktop and "No space left" in _isolated_desktop[-1][1]


def test_bad_file_shows_one_dialog_and_keeps_work(make_window, qtbot, tmp_path, _isolated_desktop):
    w = make_window("seed-2-2-2")
    w.session.request_edit(__import__("gradsim.ui.commands", fromlist=["EditRequest"]).EditRequest(
        "insert_layer", (1,), "Add hidden layer"))
    spec_before = w.session.spec.copy()
    title_before = w.windowTitle()
    bad = tmp_path / "bad.gradsim"
    bad.write_text(json.dumps({"format": "gradsim", "version": 1,
                               "network": {"input_size": 2, "layers": [{"size": 2, "activation": "swish"}]}}))
    assert not w.document.open(bad)
    assert len(_isolated_desktop) == 1
    title, text = _isolated_desktop[0]
    assert "bad.gradsim" in text and "network.layers[0].activation" in text and "swish" in text
    assert w.session.spec.topology.sizes == spec_before.topology.sizes and w.session.undo_stack.count() == 1
    assert w.windowTitle() == title_before
    truncated = tmp_path / "cut.gradsim"
    truncated.write_text('{"format": "gradsim", "version": 1, "netw')
    assert not w.document.open(truncated)
    assert "truncated" in _isolated_desktop[-1][1]
    assert not w.document.open(tmp_path / "missing.gradsim")
    assert "no such file" in _isolated_desktop[-1][1]


def test_recent_files(make_window, qtbot, tmp_path):
    w = make_window("seed-2-2-2")
    paths = []
    for i in range(3):
        p = tmp_path / f"n{i}.gradsim"
        assert w.document.save_as(p)
        paths.append(str(p.resolve()))
    assert settings.recent_files()[:3] == paths[::-1]
    w.document.open(paths[0])
    assert settings.recent_files()[0] == paths[0]
    w.document._fill_recent()
    acts = [a for a in w.document.recent_menu.actions() if a.data()]
    assert [a.data() for a in acts] == settings.recent_files()
    os.unlink(paths[1])
    assert not w.document.open(paths[1])
    assert paths[1] not in settings.recent_files()
    for i in range(12):
        settings.add_recent(tmp_path / f"x{i}.gradsim")
    assert len(settings.recent_files()) == settings.MAX_RECENT


def test_title_and_unsaved_prompt(make_window, qtbot, tmp_path, monkeypatch):
    w = make_window("seed-2-2-2")
    assert w.windowTitle() == "Untitled (seed-2-2-2)[*] — gradsim" and not w.isWindowModified()
    w.session.try_edit(set_activation(w.session.spec, 1, "relu"), "ReLU output")
    assert w.isWindowModified()
    asked = []
    monkeypatch.setattr(document, "ask_save_changes", lambda parent, name: asked.append(name) or "cancel")
    w.close()
    assert asked and w.isVisible() and w.session.controller.running  # cancelled: still open and training
    target = tmp_path / "kept.gradsim"
    monkeypatch.setattr(document, "get_save_path", lambda parent, suggested: str(target))
    monkeypatch.setattr(document, "ask_save_changes", lambda parent, name: "save")
    w.close()
    assert not w.isVisible() and target.exists()
    assert "relu" in [layer.activation for layer in fileformat.load(target).topology.layers]


def test_autosave_and_recovery(make_window, qtbot, tmp_path, monkeypatch):
    w = make_window("deep-relu")
    assert not w.document.autosave()  # nothing unsaved: nothing written
    train(qtbot, w, 4)
    assert w.document.autosave()
    auto = w.document.autosave_path
    assert auto.exists() and auto.with_suffix(".json").exists()
    # pretend the process that wrote it was killed: rename it to a name no lock protects
    dead = auto.with_name("autosave-999999999.gradsim")
    auto.rename(dead)
    auto.with_suffix(".json").rename(dead.with_suffix(".json"))
    found = autosave.orphans()
    assert [o.path for o in found] == [dead]
    for o in found:
        o.ownership.release()

    w2 = make_window("seed-2-2-2")
    offered = []
    monkeypatch.setattr(document, "ask_recover", lambda parent, name, when: offered.append(name) or True)
    assert document.check_recovery(w2.document)
    assert offered and w2.session.spec.name == "deep-relu"
    qtbot.waitUntil(lambda: w2.session.last_snapshot is not None and w2.session.last_snapshot.step == 4, timeout=5000)
    assert w2.isWindowModified()  # recovered work is unsaved
    assert not dead.exists() and autosave.orphans() == []
    assert w2.document.autosave_path.exists()  # the recovered file became this window's autosave
    for a, b in zip(w2.session.last_snapshot.weights, w.session.last_snapshot.weights):
        np.testing.assert_array_equal(a, b)
    # a clean close removes this process's autosave
    w2.close()
    assert not w2.document.autosave_path.exists()


def test_declined_recovery_removes_the_file(make_window, tmp_path):
    w = make_window("seed-2-2-2")
    d = settings.autosave_dir()
    d.mkdir(parents=True, exist_ok=True)
    f = d / "autosave-999999998.gradsim"
    fileformat.save(f, w.session.spec)
    assert not document.check_recovery(w.document)  # conftest answers "no"
    assert not f.exists()


def test_drop_a_file_opens_it(make_window, qtbot, tmp_path):
    w = make_window("seed-2-2-2")
    src = make_window("xor")
    p = tmp_path / "dropped.gradsim"
    src.document.save_as(p)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p))])
    assert document.Document.dropped_file(mime) == str(p)
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    w.dropEvent(event)  # what Qt calls when the file is dropped on the window
    qtbot.waitUntil(lambda: w.session.spec.name == "xor", timeout=10000)
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    assert document.Document.dropped_file(other) is None


def test_new_starts_from_last_preset(make_window):
    w = make_window("xor")
    settings.put("last_preset", "deep-elu")
    assert w.document.new()
    assert w.session.spec.name == "deep-elu" and w.document.path is None and not w.isWindowModified()


def test_geometry_and_dock_layout_persist(make_window, qtbot):
    w = make_window("seed-2-2-2", size=(1100, 700))
    w.docks.dock("plots").hide()
    w.close()
    assert settings.get("last_preset") == "seed-2-2-2"
    w2 = make_window("xor")
    assert settings.restore_window(w2)
    assert w2.docks.dock("plots").isHidden()  # the dock layout came back (geometry is clamped to the screen)


@pytest.mark.parametrize("flag", ["--selftest"])
def test_command_line_opens_a_file(tmp_path, flag):
    """``gradsim FILE`` parses; the open itself is covered by Document.open above."""
    from gradsim.ui.app import _parse

    args = _parse([str(tmp_path / "a.gradsim")])
    assert args.file.endswith("a.gradsim") and not args.selftest
    assert _parse([flag, "--screenshot", "x.png"]).screenshot == "x.png"
    with pytest.raises(SystemExit):
        _parse(["--screenshot", "x.png"])


KILLED_APP = r"""
import os, signal, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gradsim.ui.main_window import MainWindow
w = MainWindow("deep-relu")
w.show()
w.session.controller.step(7)
def check():
    if w.document.autosave_path.exists() and w.document.autosave_path.with_suffix(".json").exists():
        print("autosaved", w.session.last_snapshot.step, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)   # a crash: no close, no clean-up
QTimer.singleShot(15000, lambda: sys.exit(3))
t = QTimer(); t.timeout.connect(check); t.start(50)
app.exec()
"""


def test_work_is_offered_back_after_the_process_is_killed(make_window, qtbot, tmp_path, monkeypatch):
    """A real kill -9 of a running app: its autosave survives and the next start recovers it."""
    import signal
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRADSIM_AUTOSAVE_MS="200")
    proc = subprocess.run([sys.executable, "-c", KILLED_APP], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    assert "autosaved 7" in proc.stdout
    left = autosave.orphans()
    assert len(left) == 1
    left[0].ownership.release()
    w = make_window("seed-2-2-2")
    monkeypatch.setattr(document, "ask_recover", lambda parent, name, when: True)
    assert document.check_recovery(w.document)
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and w.session.last_snapshot.step == 7, timeout=5000)
    assert w.session.spec.name == "deep-relu" and w.isWindowModified() and w.document.path is None
