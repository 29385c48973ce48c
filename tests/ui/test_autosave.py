"""Autosave ownership by lock file: a running gradsim's autosave is never taken, a dead one's is
(stale-lock detection by Qt, no process probing); leftovers of killed saves go; unsaved work keeps
an autosave through a language switch."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from gradsim.engine import fileformat
from gradsim.engine.presets import load_preset
from gradsim.ui import app, autosave, document, i18n, settings

HOLD_LOCK = r"""
import sys, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication
app = QCoreApplication(["gradsim"])
from gradsim.ui.autosave import Ownership
own = Ownership(Path(sys.argv[1]))
print("locked" if own.acquire() else "refused", flush=True)
time.sleep(120)
"""


def _holder(path: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2])))
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_running_owner_keeps_its_autosave_and_a_killed_ones_is_orphaned(qapp):
    folder = settings.autosave_dir()
    path = folder / "autosave-4242-1.gradsim"
    folder.mkdir(parents=True)
    fileformat.save(path, load_preset("xor"))
    proc = _holder(path)
    try:
        assert autosave.orphans() == []  # its owner runs: not offered, not touched
        assert path.exists()
    finally:
        proc.kill()
        proc.wait()
    assert path.with_suffix(".lock").exists()  # a kill leaves the lock file behind: stale now
    found = autosave.orphans()
    assert [o.path for o in found] == [path]
    assert autosave.orphans() == []  # this process holds it now
    found[0].discard()
    assert not path.exists() and not path.with_suffix(".lock").exists()


def test_an_open_window_owns_its_autosave(make_window, qtbot):
    w = make_window("deep-relu")
    w.session.controller.step(3)
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and w.session.last_snapshot.step == 3, timeout=5000)
    assert w.document.autosave()
    assert autosave.orphans() == []  # this window's: not an orphan
    other = make_window("xor")
    assert other.document.autosave_path != w.document.autosave_path  # one autosave per window
    w.close()
    assert not w.document.autosave_path.exists() and not w.document.autosave_path.with_suffix(".lock").exists()


def test_temporaries_of_killed_saves_beside_a_file_are_removed_after_a_save(make_window, tmp_path):
    w = make_window("xor")
    target = tmp_path / "files" / "net.gradsim"
    target.parent.mkdir()
    old = target.parent / ".net.gradsim.x1y2z3.tmp"
    fresh = target.parent / ".net.gradsim.a9b8c7.tmp"  # could be a save in progress elsewhere
    unrelated = target.parent / ".other.gradsim.x1y2z3.tmp"
    for f in (old, fresh, unrelated):
        f.write_text("{")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    os.utime(unrelated, (time.time() - 3600, time.time() - 3600))
    assert w.document.save_as(target)
    assert not old.exists() and fresh.exists() and unrelated.exists()


def test_a_language_switch_carries_the_autosave_over(make_window, qtbot):
    from PySide6.QtWidgets import QApplication

    w = make_window("deep-relu")
    w.session.controller.step(4)
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and w.session.last_snapshot.step == 4, timeout=5000)
    assert w.document.autosave()
    old_path = w.document.autosave_path
    try:
        zh = app.switch_language(w, "zh_CN")
        qtbot.addWidget(zh)
        assert not old_path.exists()
        assert zh.document.autosave_path.exists() and zh.isWindowModified()
        assert fileformat.load(zh.document.autosave_path).saved_step == 4
        zh.document.interactive = False
        zh.close()
    finally:
        i18n.install(QApplication.instance(), "en")
