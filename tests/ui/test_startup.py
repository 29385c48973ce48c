"""Nothing left on disk stops the app from starting and training: garbage settings, an unusable
settings folder, junk in the autosave folder. Each case starts the real application in a
subprocess (``tests/ui/appdriver.py`` runs ``gradsim``'s own ``main``) with prepared folders, and
checks it started, said what it ignored, trained and exited cleanly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STEPS = 20


def start_app(tmp_path: Path, config: Path | None = None, autosave: Path | None = None, screen=None,
              args: list[str] = (), recover: str = "no", crash: bool = False, timeout: float = 120) -> dict:
    """Run the app with these settings/autosave folders (and an offscreen screen of ``screen`` =
    (width, height)); returns what the driver saw, with ``returncode`` and ``stderr``."""
    config = config if config is not None else tmp_path / "config"
    autosave = autosave if autosave is not None else tmp_path / "autosave"
    platform = "offscreen"
    if screen is not None:
        spec = tmp_path / "screen.json"
        spec.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": screen[0],
                                                 "height": screen[1], "logicalDpi": 96, "logicalBaseDpi": 96,
                                                 "dpr": 1}]}))
        platform = f"offscreen:configfile={spec}"
    env = dict(os.environ, QT_QPA_PLATFORM=platform, GRADSIM_CONFIG_DIR=str(config),
               GRADSIM_AUTOSAVE_DIR=str(autosave), PYTHONPATH=str(ROOT))
    driver = ["--steps", str(STEPS), "--recover", recover] + (["--crash"] if crash else [])
    proc = subprocess.run([sys.executable, "-m", "tests.ui.appdriver", *driver, "--", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    result = json.loads(lines[-1][len("RESULT "):]) if lines else {}
    result.update(returncode=proc.returncode, stderr=proc.stderr, stdout=proc.stdout)
    return result


def assert_started_and_trained(result: dict) -> None:
    context = result["stdout"] + result["stderr"]
    assert result["returncode"] == 0, context
    assert "Traceback" not in result["stderr"] and "QThread: Destroyed" not in result["stderr"], context
    assert not result.get("timeout"), context
    assert result.get("step", 0) >= STEPS and not result.get("error"), context


def write_ini(folder: Path, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "gradsim.ini").write_text(text, encoding="utf-8")


# -- settings ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("ini, key", [
    ("[General]\nlanguage=a, b\n", "language"),
    ("[General]\nlast_preset=xor, spiral\n", "last_preset"),
    ("[General]\ntheme=@Rect(0 0 10 10)\n", "theme"),
    ("[General]\nrecent_files=@Size(3 4)\n", "recent_files"),
    ("[window]\ngeometry=garbage\n", "window/geometry"),
    ("[window]\ngeometry=@Rect(0 0 10 10)\n", "window/geometry"),
    ("[window]\nstate=@ByteArray(not a dock layout)\n", "window/state"),
])
def test_a_garbage_setting_is_ignored_and_reported_once(tmp_path, ini, key):
    write_ini(tmp_path / "config", ini)
    result = start_app(tmp_path)
    assert_started_and_trained(result)
    status, detail = result["status"], result["status_tip"]
    assert status == f"Settings: ignored {key}", status  # short: the status bar is narrow at 1024 px
    assert detail.startswith(f"ignored {key} = ") and detail.count(key) == 1, detail  # the value too


def test_every_garbage_setting_at_once_reports_each_key_once(tmp_path):
    write_ini(tmp_path / "config", "[General]\nlanguage=a, b\nlast_preset=xor, spiral\ntheme=3\n"
                                   "recent_files=@Point(1 2)\n[window]\ngeometry=@Rect(0 0 10 10)\nstate=garbage\n")
    result = start_app(tmp_path)
    assert_started_and_trained(result)
    keys = ("theme", "language", "last_preset", "recent_files", "window/geometry", "window/state")
    assert result["status"] == "Settings: ignored " + ", ".join(keys), result["status"]
    for key in keys:
        assert result["status_tip"].count(f"ignored {key} = ") == 1, result["status_tip"]
    assert result["spec"] == "seed-2-2-2"  # the default preset, not a half-read list


def test_good_settings_are_used_and_nothing_is_reported(tmp_path):
    write_ini(tmp_path / "config", "[General]\nlanguage=en\nlast_preset=xor\ntheme=light\n")
    result = start_app(tmp_path)
    assert_started_and_trained(result)
    assert result["spec"] == "xor" and not result["status"].startswith("Settings"), result["status"]


@pytest.mark.parametrize("make", ["file", "under a file", "cannot be created"])
def test_an_unusable_settings_folder_is_reported_not_fatal(tmp_path, make):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    folder = {"file": blocker, "under a file": blocker / "config",
              "cannot be created": Path("/proc/gradsim-no-such-folder/config")}[make]
    result = start_app(tmp_path, config=folder)
    assert_started_and_trained(result)
    assert result["status"] == "Settings: not kept (the folder cannot be used)", result["status"]
    assert result["status_tip"].startswith(f"the folder {folder} cannot be used ("), result["status_tip"]
    assert blocker.read_text() == "not a folder"


def test_a_bad_setting_is_reported_in_chinese(tmp_path):
    write_ini(tmp_path / "config", "[General]\nlanguage=zh_CN\ntheme=a, b\n")
    result = start_app(tmp_path)
    assert_started_and_trained(result)
    assert result["status"] == "设置：已忽略 theme", result["status"]
    assert result["status_tip"] == "已忽略 theme = a, b", result["status_tip"]


# -- window geometry ---------------------------------------------------------------------------------

SAVE_GEOMETRY = r"""
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1280, 800)
w.move(200, 100)
w.show()
app.processEvents()
s = QSettings(sys.argv[1], QSettings.Format.IniFormat)
s.setValue("window/geometry", w.saveGeometry())
s.sync()
"""


def _inside(result) -> bool:
    x, y, w, h = result["geometry"]
    sx, sy, sw, sh = result["screen"]
    return sx <= x and sy <= y and x + w <= sx + sw and y + h <= sy + sh


@pytest.mark.parametrize("saved_on", [None, (1024, 640), (1440, 900)])
def test_the_window_fits_a_small_screen(tmp_path, saved_on):
    """No saved geometry (the window's own 1280 × 800), or 1280 × 800 saved on this screen or on a
    larger one: on a 1024 × 640 screen the whole window, frame included, is on the screen."""
    if saved_on is not None:
        (tmp_path / "config").mkdir()
        spec = tmp_path / "saved-screen.json"
        spec.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": saved_on[0],
                                                 "height": saved_on[1], "logicalDpi": 96, "logicalBaseDpi": 96,
                                                 "dpr": 1}]}))
        subprocess.run([sys.executable, "-c", SAVE_GEOMETRY, str(tmp_path / "config" / "gradsim.ini")], check=True,
                       env=dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={spec}"), timeout=60)
    result = start_app(tmp_path, screen=(1024, 640))
    assert_started_and_trained(result)
    assert result["screen"] == [0, 0, 1024, 640]
    assert _inside(result), result["geometry"]
    assert result["geometry"][2] >= 900  # shrunk to the screen, not to nothing
    assert not result["status"].startswith("Settings"), result["status"]  # Qt's own data is not "garbage"


# -- the autosave folder -----------------------------------------------------------------------------

def autosave_file(path: Path, preset: str = "deep-relu", steps: int = 7) -> None:
    """A real autosave: ``preset`` trained ``steps`` steps, with its run state."""
    from gradsim.engine import fileformat
    from gradsim.engine.presets import load_preset
    from gradsim.engine.trainer import Trainer

    trainer = Trainer(load_preset(preset))
    trainer.run(steps)
    path.parent.mkdir(parents=True, exist_ok=True)
    fileformat.save(path, trainer.spec, trainer.network.state(), trainer.step_count, trainer.resume_state())


@pytest.mark.parametrize("case, recover", [
    ("huge number in the name", "yes"), ("huge number in the name", "no"), ("sidecar is a list", "yes"),
    ("sidecar path is a number", "yes"), ("sidecar is not JSON", "yes"), ("sidecar is a FIFO", "yes"),
    ("sidecar is a folder", "no")])
def test_junk_beside_an_autosave_never_stops_start_up(tmp_path, case, recover):
    folder = tmp_path / "autosave"
    name = "autosave-99999999999999999999" if case == "huge number in the name" else "autosave-77"
    autosave_file(folder / f"{name}.gradsim")
    side = folder / f"{name}.json"
    if case == "sidecar is a list":
        side.write_text("[]")
    elif case == "sidecar path is a number":
        side.write_text(json.dumps({"path": 5, "name": ["x"], "time": None}))
    elif case == "sidecar is not JSON":
        side.write_bytes(b"\xff\xfe{{{")
    elif case == "sidecar is a FIFO":
        os.mkfifo(side)
    elif case == "sidecar is a folder":
        side.mkdir()
    result = start_app(tmp_path, recover=recover)
    assert_started_and_trained(result)
    assert len(result["asked"]) == 1 and f"{name}.gradsim" in result["asked"][0]  # offered by its file name
    if recover == "yes":
        assert result["spec"] == "deep-relu" and result["modified"] and result["path"] == ""
    else:
        assert result["spec"] == "seed-2-2-2"
    assert not (folder / f"{name}.gradsim").exists()  # recovered (and renamed) or declined (and removed)


@pytest.mark.parametrize("case", ["FIFO", "folder", "symlink to a FIFO", "lock is a FIFO", "empty file",
                                  "random bytes", "only a sidecar", "unreadable lock"])
def test_unusable_things_in_the_autosave_folder_are_skipped(tmp_path, case):
    folder = tmp_path / "autosave"
    folder.mkdir()
    target = folder / "autosave-5.gradsim"
    if case == "FIFO":
        os.mkfifo(target)
    elif case == "folder":
        target.mkdir()
    elif case == "symlink to a FIFO":
        os.mkfifo(tmp_path / "fifo")
        target.symlink_to(tmp_path / "fifo")
    elif case == "lock is a FIFO":
        autosave_file(target)
        os.mkfifo(folder / "autosave-5.lock")
    elif case == "empty file":
        target.write_bytes(b"")
    elif case == "random bytes":
        target.write_bytes(os.urandom(4096))
    elif case == "only a sidecar":
        (folder / "autosave-5.json").write_text(json.dumps({"name": "x", "time": "t"}))
    elif case == "unreadable lock":
        autosave_file(target)
        (folder / "autosave-5.lock").write_text("not a lock")
        os.utime(folder / "autosave-5.lock", (1, 1))  # old: nobody is writing it
    result = start_app(tmp_path, recover="yes")
    assert_started_and_trained(result)
    if case in ("empty file", "random bytes"):  # offered, refused with one message, removed
        assert len(result["asked"]) == 2 and "is not" not in result["asked"][0]
        assert not target.exists()
    elif case == "unreadable lock":  # junk, not a running gradsim's: the autosave comes back
        assert result["spec"] == "deep-relu"
    elif case == "lock is a FIFO":  # left alone: reading it would block
        assert result["asked"] == [] and target.exists()
    else:
        assert result["asked"] == [] and result["spec"] == "seed-2-2-2"
    if case in ("FIFO", "folder", "symlink to a FIFO"):
        assert os.path.lexists(target)  # never deleted: gradsim did not write it
    if case == "only a sidecar":
        assert not (folder / "autosave-5.json").exists()


def test_temporary_files_of_killed_autosaves_are_removed(tmp_path):
    folder = tmp_path / "autosave"
    folder.mkdir()
    leftovers = [folder / ".autosave-31-1.gradsim.k3j9x_q2.tmp", folder / ".autosave-99999999999999999999.gradsim.ab.tmp"]
    for f in leftovers:
        f.write_text('{"format": "gradsim", "vers')  # cut off by the kill
    someone_elses = folder / ".notes.txt.ab12.tmp"
    someone_elses.write_text("x")
    result = start_app(tmp_path)
    assert_started_and_trained(result)
    assert not any(f.exists() for f in leftovers) and someone_elses.exists()
    assert result["asked"] == []


def test_recovered_work_survives_a_second_crash(tmp_path):
    """Recover, then get killed at once (long before the next autosave is due): the next start
    still offers the work, at the same step."""
    folder = tmp_path / "autosave"
    autosave_file(folder / "autosave-12345.gradsim", steps=7)
    (folder / "autosave-12345.json").write_text(json.dumps({"name": "Untitled (deep-relu)", "time": "earlier"}))
    first = start_app(tmp_path, recover="yes", crash=True)
    assert first["returncode"] == -9, first["stdout"] + first["stderr"]
    assert first["spec"] == "deep-relu" and first["modified"]
    own = Path(first["autosave"]).name
    assert own in first["autosave_files"]  # the recovered file is this process's autosave already
    assert "autosave-12345.gradsim" not in first["autosave_files"]
    second = start_app(tmp_path, recover="yes")
    assert_started_and_trained(second)
    assert len(second["asked"]) == 1 and "Untitled (deep-relu)" in second["asked"][0]
    assert second["spec"] == "deep-relu" and second["modified"]


# -- closing ---------------------------------------------------------------------------------------

def big_network_file(path: Path, layers: int = 12, width: int = 48) -> Path:
    """spiral through ``layers`` ReLU layers of ``width``: 12 × 48 holds ~26,000 weights, enough for
    its passes to be cancellable (worker.CANCEL_WEIGHTS)."""
    from gradsim.engine import fileformat
    from gradsim.engine.presets import load_preset
    from gradsim.ui.worker import CANCEL_WEIGHTS

    doc = fileformat.to_dict(load_preset("spiral"))
    doc["network"]["layers"] = [{"size": width, "activation": "relu"} for _ in range(layers)] + \
        [doc["network"]["layers"][-1]]
    path.write_text(json.dumps(doc))
    assert fileformat.load(path).topology.n_edges() >= CANCEL_WEIGHTS
    return path


def test_closing_while_a_long_step_runs_is_prompt_and_never_aborts(tmp_path):
    """Each layer of a pass takes 1 s more here, so a step (or the boundary grid) takes over 12 s,
    longer than the close ever waited (10.5 s, then "QThread: Destroyed while thread is still
    running" and exit 134). The pass is cancelled between layers: the close waits for one layer at
    most. The bound is a generous correctness check, not a speed target."""
    big = big_network_file(tmp_path / "big.gradsim")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRADSIM_CONFIG_DIR=str(tmp_path / "config"),
               GRADSIM_AUTOSAVE_DIR=str(tmp_path / "autosave"), PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "tests.ui.appdriver", "--slow-layer", "1.0", "--close-in-step",
                           "--", str(big)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    context = proc.stdout + proc.stderr
    assert proc.returncode == 0, context
    assert "QThread: Destroyed" not in proc.stderr and "Traceback" not in proc.stderr, context
    result = json.loads([line for line in proc.stdout.splitlines() if line.startswith("RESULT ")][-1][7:])
    assert result["spec"] == "spiral" and result["path"].endswith("big.gradsim"), result
    assert not result["running_after_close"], result
    assert result["close_s"] < 5.0, result  # one 1-s layer at most, plus the close itself
    print("close took", result["close_s"], "s")
