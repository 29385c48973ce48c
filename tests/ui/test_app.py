"""The application entry point: arguments, and a real start-train-close in a subprocess."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gradsim.ui.app import _parse


def test_arguments():
    assert _parse([]).preset is None  # the last preset used, at first seed-2-2-2
    assert _parse(["net.gradsim"]).file == "net.gradsim"
    assert _parse(["--preset", "deep-relu"]).preset == "deep-relu"
    with pytest.raises(SystemExit):
        _parse(["--preset", "no-such-preset"])


def test_selftest_starts_trains_and_exits_cleanly():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "gradsim", "--selftest"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "selftest: ok — icon and zh_CN catalogue loaded" in proc.stdout
    assert "QThread: Destroyed" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.fixture
def window_icon(qapp):
    from PySide6.QtGui import QIcon

    from gradsim.paths import ICON, resource

    before = qapp.windowIcon()
    qapp.setWindowIcon(QIcon(str(resource(*ICON))))  # what run_app does
    yield qapp
    qapp.setWindowIcon(before)


def test_selftest_checks_the_icon_and_the_chinese_catalogue(window_icon, monkeypatch, tmp_path):
    from PySide6.QtGui import QIcon

    from gradsim import paths
    from gradsim.ui.selftest import check_resources

    app = window_icon
    assert paths.resources_dir() == Path(__file__).resolve().parents[2] / "resources"  # a checkout
    assert check_resources(app) is None

    # an install that lost its translations: the catalogue is named, with why
    partial = tmp_path / "resources"
    shutil.copytree(paths.resources_dir() / "icons", partial / "icons")
    monkeypatch.setattr(paths, "resources_dir", lambda: partial)
    qm = partial / "translations" / "gradsim_zh_CN.qm"
    assert check_resources(app) == f"the Chinese catalogue did not load from {qm} (no such file)"

    # a file that is there but not a catalogue
    qm.parent.mkdir()
    qm.write_bytes(b"not a catalogue")
    assert check_resources(app) == f"the Chinese catalogue did not load from {qm}"

    app.setWindowIcon(QIcon(str(tmp_path / "missing.svg")))
    assert check_resources(app) == f"the window icon did not load from {partial / 'icons' / 'gradsim.svg'}"
