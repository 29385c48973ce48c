"""The `gradsim` command line as a user meets it: --version, --help and the dispatch between the
desktop app and the headless commands."""

import subprocess
import sys

import gradsim
from gradsim.cli import COMMANDS


def gradsim_cmd(*args):
    # a fresh interpreter, so that what it imports is what `gradsim --help` imports
    code = ("import sys\nfrom gradsim.__main__ import main\ntry:\n    code = main(sys.argv[1:])\n"
            "except SystemExit as exc:\n    code = exc.code\nprint('Qt loaded:', 'PySide6' in sys.modules)\n"
            "sys.exit(code)")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)


def test_version_prints_the_package_version():
    out = gradsim_cmd("--version")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == f"gradsim {gradsim.__version__}"
    assert out.stdout.splitlines()[-1] == "Qt loaded: False"  # no window, no Qt: works without a display


def test_help_lists_the_app_options_and_every_command():
    out = gradsim_cmd("--help")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    for option in ("--preset NAME", "--selftest", "--screenshot FILE", "--version", "file"):
        assert option in text, option
    for name, summary in COMMANDS.items():
        assert f"gradsim {name}" in text and summary in text, name
    assert set(COMMANDS) == {"presets", "run", "derive", "stats"}
    assert text.splitlines()[-1] == "Qt loaded: False"


def test_a_command_runs_headless():
    out = gradsim_cmd("presets")
    assert out.returncode == 0, out.stderr
    assert "deep-sigmoid" in out.stdout and "Qt loaded: False" in out.stdout


def test_commands_have_their_own_help():
    for name in COMMANDS:
        out = gradsim_cmd(name, "--help")
        assert out.returncode == 0 and f"usage: gradsim {name}" in out.stdout, name
