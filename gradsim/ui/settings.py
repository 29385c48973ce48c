"""Persistent preferences (``QSettings``) and the folders gradsim writes to.

Everything lives in one INI file, ``<config>/gradsim.ini``, where ``<config>`` is
``$GRADSIM_CONFIG_DIR`` when set (tests and ``--selftest`` point it at a temporary folder) or
Qt's per-user configuration folder (``~/.config/gradsim`` on Linux, ``%LOCALAPPDATA%/gradsim`` on
Windows, ``~/Library/Preferences/gradsim`` on macOS). Keys:

``window/geometry``, ``window/state`` (dock layout), ``last_preset``, ``theme``
(``system``/``light``/``dark``), ``language`` (``system``/``en``/``zh_CN``), ``recent_files``.

Reading is typed and defensive, here and nowhere else: the file may have been edited by hand,
written by another version or damaged, and nothing in it may stop the app. Every key has a type
(a choice among fixed values, a string list, window-layout bytes, or the type of the caller's
default); a value of another type, or outside its choices, is ignored — the default applies — and
recorded as a :class:`Problem`. So is a configuration folder that cannot be used (it is a file, or
cannot be created): settings then last for this session only. The window reports the problems
once, in the status bar (:func:`report`). Nothing here raises on what it finds on disk.

Autosaves go to ``<data>/autosave`` (``$GRADSIM_AUTOSAVE_DIR`` overrides it), ``<data>`` being
Qt's per-user data folder (``~/.local/share/gradsim`` on Linux).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings, QStandardPaths
from PySide6.QtGui import QGuiApplication

from gradsim.engine.presets import preset_names

from .i18n import LANGUAGES, tr
from .theme import MODES

MAX_RECENT = 8
INT_RANGE = (-2**31, 2**31 - 1)  # what a Qt widget can hold
_SHOWN_CHARS = 40                # of a bad value, in the report


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


# -- problems --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """Something in the settings that could not be used.

    ``kind``: ``"value"`` (``key`` holds ``value``, which is ignored), ``"folder"`` (the
    configuration folder ``where`` cannot be used; ``value`` says why), ``"file"`` (the settings
    file ``where`` could not be read) or ``"write"`` (nor written).
    """

    kind: str
    where: str
    key: str = ""
    value: str = ""

    def short(self) -> str:
        """What the status bar says of a problem that is not a value (values are listed by key)."""
        if self.kind == "folder":
            return tr("not kept (the folder cannot be used)")
        if self.kind == "file":
            return tr("the file cannot be read")
        return tr("not saved")

    def text(self) -> str:
        """The problem in full, with the value or folder, in the UI language (the report's tooltip)."""
        if self.kind == "value":
            return tr("ignored {key} = {value}").format(key=self.key, value=self.value)
        if self.kind == "folder":
            return tr("the folder {folder} cannot be used ({reason}), so settings are not kept").format(
                folder=self.where, reason=self.value)
        if self.kind == "file":
            return tr("{file} could not be read").format(file=self.where)
        return tr("could not write {file}").format(file=self.where)


_pending: list[Problem] = []
_recorded: set[Problem] = set()  # each problem is reported once per session


def _record(problem: Problem) -> None:
    if problem not in _recorded:
        _recorded.add(problem)
        _pending.append(problem)


def take_problems() -> list[Problem]:
    """The problems met since the last call (each problem only ever once)."""
    out = list(_pending)
    _pending.clear()
    return out


def report(show_message) -> bool:
    """Tell the user of the problems met so far through ``show_message(text, error=, detail=)`` (the
    session's: the status bar) -- short (the keys ignored), the values and folders in its tooltip;
    True if there were any."""
    problems = take_problems()
    if not problems:
        return False
    keys = list(dict.fromkeys(p.key for p in problems if p.kind == "value"))
    parts = [tr("ignored {}").format(", ".join(keys))] if keys else []
    parts += list(dict.fromkeys(p.short() for p in problems if p.kind != "value"))
    show_message(tr("Settings: {}").format("; ".join(parts)), error=True,
                 detail="\n".join(p.text() for p in problems))
    return True


def _shown(value) -> str:
    """A bad value as the report quotes it: short, one line."""
    if isinstance(value, (list, tuple)):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, str):
        text = value
    else:
        text = repr(value).replace("PySide6.QtCore.", "")
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


# -- the file ------------------------------------------------------------------------------------
def settings() -> QSettings:
    """The settings file. A folder that cannot be used is recorded, not raised: the QSettings then
    keeps values in memory for this session."""
    d = config_dir()
    try:
        d.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as exc:
        _record(Problem("folder", str(d), value=str(getattr(exc, "strerror", None) or exc)))
    s = QSettings(str(d / "gradsim.ini"), QSettings.Format.IniFormat)
    if s.status() != QSettings.Status.NoError:
        _record(Problem("file", s.fileName()))
    return s


def _raw(s: QSettings, key: str):
    try:
        return s.value(key)
    except Exception:  # noqa: BLE001 - a value Qt cannot hand to Python counts as unusable
        return _Unreadable


class _Unreadable:
    """Stands for a value that could not even be read."""


def _choices(key: str) -> tuple[str, ...] | None:
    if key == "theme":
        return MODES
    if key == "language":
        return ("system", *LANGUAGES)
    if key == "last_preset":
        return tuple(preset_names())
    return None


_BAD = object()


def _typed(key: str, raw, default):
    """``raw`` as the type ``key`` has (see the module), or ``_BAD``."""
    choices = _choices(key)
    if choices is not None:
        return raw if isinstance(raw, str) and raw in choices else _BAD
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
            return raw.strip().lower() == "true"
        return _BAD
    if isinstance(default, (int, float)):
        try:
            value = type(default)(raw) if isinstance(raw, (str, int, float)) and not isinstance(raw, bool) else _BAD
        except (TypeError, ValueError, OverflowError):
            return _BAD
        if isinstance(value, float) and not math.isfinite(value):
            return _BAD
        if isinstance(value, int) and not INT_RANGE[0] <= value <= INT_RANGE[1]:
            return _BAD
        return value
    if default is None or isinstance(default, str):
        return raw if isinstance(raw, str) else _BAD
    return raw if isinstance(raw, type(default)) else _BAD


def get(key: str, default=None):
    """The value of ``key``, or ``default`` when it is unset or unusable (a recorded problem).

    ``theme``, ``language`` and ``last_preset`` are one of their known values; any other key has
    the type of ``default`` (a string when ``default`` is None; whole numbers within 32 bits)."""
    s = settings()
    raw = _raw(s, key)
    if raw is None:
        return default
    value = _BAD if raw is _Unreadable else _typed(key, raw, default)
    if value is _BAD:
        _record(Problem("value", s.fileName(), key, "?" if raw is _Unreadable else _shown(raw)))
        return default
    return value


def put(key: str, value) -> bool:
    """Store ``value``; False (and a recorded problem) when the file could not be written."""
    s = settings()
    s.setValue(key, value)
    s.sync()
    if s.status() != QSettings.Status.NoError:
        _record(Problem("write", s.fileName()))
        return False
    return True


# -- recent files ----------------------------------------------------------------------------------
def recent_files() -> list[str]:
    s = settings()
    v = _raw(s, "recent_files")
    if v is None:
        return []
    if isinstance(v, str):  # QSettings returns a one-element list as a plain string
        v = [v] if v else []
    if not isinstance(v, list) or not all(isinstance(p, str) for p in v):
        _record(Problem("value", s.fileName(), "recent_files", "?" if v is _Unreadable else _shown(v)))
        v = [p for p in v if isinstance(p, str)] if isinstance(v, list) else []
    return [p for p in v if p][:MAX_RECENT]


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
def save_window(window, preset: str | None = None) -> None:
    """The window's geometry and dock layout, and the preset it shows (if it shows one)."""
    s = settings()
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())
    if preset:
        s.setValue("last_preset", preset)
    s.sync()
    if s.status() != QSettings.Status.NoError:
        _record(Problem("write", s.fileName()))


# how Qt's saveGeometry / saveState data begins (magic number; version marker)
_LAYOUT_HEADER = {"window/geometry": b"\x01\xd9\xd0\xcb", "window/state": b"\x00\x00\x00\xff"}


def restore_window(window) -> bool:
    """Saved geometry and dock layout, then the window fitted to its screen (saved or not: a
    window made for a larger screen must not open past the edge). True when both were restored.

    Qt itself declines some data it wrote (a geometry saved on a screen of quite another width, a
    layout of another version): that is not reported; data of the wrong type or not written by
    Qt is."""
    s = settings()
    ok = True
    for key, restore in (("window/geometry", window.restoreGeometry), ("window/state", window.restoreState)):
        raw = _raw(s, key)
        if raw is None:
            ok = False
            continue
        data = QByteArray(raw) if isinstance(raw, (bytes, bytearray)) else raw
        if isinstance(data, QByteArray) and restore(data):
            continue
        ok = False
        if not (isinstance(data, QByteArray) and bytes(data[:4]) == _LAYOUT_HEADER[key]):
            _record(Problem("value", s.fileName(), key, "?" if raw is _Unreadable else _shown(raw)))
    fit_to_screen(window)
    return ok


def fit_to_screen(window, available: QRect | None = None) -> QRect:
    """Shrink and move ``window`` (frame included) into ``available``, by default the available
    area of the screen it is on (or the primary screen). Returns the area used."""
    if available is None:
        screen = QGuiApplication.screenAt(window.geometry().center()) or window.screen() \
            or QGuiApplication.primaryScreen()
        if screen is None:
            return QRect()
        available = screen.availableGeometry()
    if window.isMaximized() or window.isFullScreen() or available.isEmpty():
        return available
    inner, frame = window.geometry(), window.frameGeometry()
    extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
    width = max(1, min(inner.width(), available.width() - extra_w))
    height = max(1, min(inner.height(), available.height() - extra_h))
    if (width, height) != (inner.width(), inner.height()):
        window.resize(width, height)
    frame = window.frameGeometry()
    x = min(max(frame.x(), available.left()), available.left() + available.width() - frame.width())
    y = min(max(frame.y(), available.top()), available.top() + available.height() - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, available.left()), max(y, available.top()))
    return available
