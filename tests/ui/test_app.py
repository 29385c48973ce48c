"""The application entry point: arguments, and a real start-train-close in a subprocess."""

import os
import subprocess
import sys

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
    assert "selftest: ok" in proc.stdout
    assert "QThread: Destroyed" not in proc.stderr and "Traceback" not in proc.stderr
