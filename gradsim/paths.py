"""Where gradsim's bundled files live: the repository's ``resources/`` when run from source, or
the copy PyInstaller puts next to the frozen executable (``sys._MEIPASS``)."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
