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
              args: list[str] = (), recover: str = "no", timeout: float = 120) -> dict:
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
    proc = subprocess.run([sys.executable, "-m", "tests.ui.appdriver", "--steps", str(STEPS), "--recover", recover,
                           "--", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
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
    status = result["status"]
    assert status.startswith("Settings: ") and f"ignored {key} = " in status, status
    assert status.count(key) == 1, status


def test_every_garbage_setting_at_once_reports_each_key_once(tmp_path):
    write_ini(tmp_path / "config", "[General]\nlanguage=a, b\nlast_preset=xor, spiral\ntheme=3\n"
                                   "recent_files=@Point(1 2)\n[window]\ngeometry=@Rect(0 0 10 10)\nstate=garbage\n")
    result = start_app(tmp_path)
    assert_started_and_trained(result)
    for key in ("language", "last_preset", "theme", "recent_files", "window/geometry", "window/state"):
        assert result["status"].count(f"ignored {key} = ") == 1, result["status"]
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
    assert result["status"].startswith("Settings: the folder ") and str(folder) in result["status"], result["status"]
    assert blocker.read_text() == "not a folder"


def test_a_bad_setting_is_reported_in_chinese(tmp_path):
    write_ini(tmp_path / "config", "[General]\nlanguage=zh_CN\ntheme=a, b\n")
    result = start_app(tmp_path)
    assert_started_and_trained(result)
    assert result["status"].startswith("设置：") and "theme = a, b" in result["status"], result["status"]


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
