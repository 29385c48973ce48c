"""The engine and the command line never load Qt or the user interface."""

import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "gradsim"

# Loaded by nothing but the user interface: importing one of these from the engine or the CLI
# would make every headless command need Qt (and a display's libraries) to start.
UI_ONLY = ("PySide6", "shiboken6", "pyqtgraph", "gradsim.ui")

_PROBE = """
import importlib, json, pkgutil, sys
import gradsim.engine
names = ["gradsim.engine." + m.name for m in pkgutil.iter_modules(gradsim.engine.__path__)]
for name in names + ["gradsim.cli"]:
    importlib.import_module(name)
print(json.dumps({"imported": names + ["gradsim.cli"], "loaded": sorted(sys.modules)}))
"""


def test_the_engine_and_the_command_line_load_neither_qt_nor_the_ui():
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120,
                         cwd=PACKAGE.parent)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.splitlines()[-1])
    assert len(result["imported"]) > 20  # every engine module, not an empty package
    leaked = [m for m in result["loaded"] if any(m == p or m.startswith(p + ".") for p in UI_ONLY)]
    packages = sorted({m if m.startswith("gradsim.") else m.split(".")[0] for m in leaked})
    assert leaked == [], f"importing the engine and gradsim.cli loaded {packages}"
