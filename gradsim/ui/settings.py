"""Persistent preferences (``QSettings``) and the folders gradsim writes to.

Everything lives in one INI file, ``<config>/gradsim.ini``, where ``<config>`` is
``$GRADSIM_CONFIG_DIR`` when set (tests and ``--selftest`` point it at a temporary folder) or
Qt's per-user configuration folder (``~/.config/gradsim`` on Linux, ``%LOCALAPPDATA%/gradsim`` on
Windows, ``~/Library/Preferences/gradsim`` on macOS). Keys:

``window/geometry``, ``window/state`` (dock layout), ``last_preset``, ``theme``
(``system``/``light``/``dark``), ``language`` (``system``/``en``/``zh_CN``), ``recent_files``.

Autosaves go to ``<data>/autosave`` (``$GRADSIM_AUTOSAVE_DIR`` overrides it), ``<data>`` being
Qt's per-user data folder (``~/.local/share/gradsim`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

MAX_RECENT = 8


def _qt_dir(kind) -> Path:
    base = QStandardPaths.writableLocation(kind)
    path = Path(base) if base else Path.home() / ".gradsim"
    # without an application object Qt leaves the app name out of the path
    return path if path.name == "gradsim" else path / "gradsim"


def config_dir() -> Path:
    env = os.environ.get("GRADSIM_CONFIG_DIR")
    return Path(env) if env else _qt_dir(QStandardPaths.StandardLocation.GenericConfigLocation)


def autosave_dir() -> Path:
    env = os.environ.get("GRADSIM_AUTOSAVE_DIR")
    if env:
        return Path(env)
    return _qt_dir(QStandardPaths.StandardLocation.GenericDataLocation) / "autosave"


def settings() -> QSettings:
    d = config_dir()
    d.mkdir(parents=True, exist_ok=True)
    return QSettings(str(d / "gradsim.ini"), QSettings.Format.IniFormat)


def get(key: str, default=None):
    v = settings().value(key, default)
    return default if v is None else v


def put(key: str, value) -> None:
    s = settings()
    s.setValue(key, value)
    s.sync()


# -- recent files ----------------------------------------------------------------------------------
def recent_files() -> list[str]:
    v = settings().value("recent_files", [])
    if isinstance(v, str):  # QSettings returns a one-element list as a plain string
        v = [v] if v else []
    return [str(p) for p in (v or [])][:MAX_RECENT]


def add_recent(path) -> list[str]:
    p = str(Path(path).resolve())
    files = [p] + [f for f in recent_files() if f != p]
    put("recent_files", files[:MAX_RECENT])
    return files[:MAX_RECENT]


def remove_recent(path) -> None:
    put("recent_files", [f for f in recent_files() if f != str(path)])


def clear_recent() -> None:
    put("recent_files", [])


# -- window layout -------------------------------------------------------------------------------
def save_window(window) -> None:
    s = settings()
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())
    preset = getattr(window, "current_preset", None)
    if preset:
        s.setValue("last_preset", preset)
    s.sync()


def restore_window(window) -> bool:
    s = settings()
    ok = False
    geometry = s.value("window/geometry")
    if geometry is not None:
        ok = bool(window.restoreGeometry(geometry))
    state = s.value("window/state")
    if state is not None:
        ok = bool(window.restoreState(state)) and ok
    return ok
