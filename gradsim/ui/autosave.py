"""The autosave folder: which autosave belongs to a running gradsim, what a crash left behind, and
clearing up after it.

Each open document autosaves to ``autosave-<pid>-<n>.gradsim`` with a ``.json`` sidecar (original
file, display name, time) and owns it through a ``QLockFile``, ``autosave-<pid>-<n>.lock``, held
while the process runs. Qt decides whether a lock's owner still runs, portably (process id, host
and application name; on Windows too, where probing a process id with ``os.kill(pid, 0)`` would
send it Ctrl+C). An autosave whose lock this process can take belongs to no running gradsim: it
is *orphaned*, left by a crash or a kill, and is offered back at the next start.

The folder may hold anything — another version's files, damaged sidecars, special files, names no
gradsim wrote — and none of it may stop start-up: only regular files are read (a FIFO would block
the read forever), a sidecar is a small JSON object or is ignored, and whatever does not fit is
skipped. Temporary files of saves that were killed before their rename (``.<name>.<random>.tmp``,
see :func:`gradsim.engine.fileformat.save`) are removed once their owner is known to be gone.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QLockFile

from gradsim.engine.fileformat import EXTENSION

from . import settings

PREFIX = "autosave-"
_AUTOSAVE = re.compile(re.escape(PREFIX) + r"[^/\\]+" + re.escape(EXTENSION))
_SIDECAR = re.compile(r"(" + re.escape(PREFIX) + r"[^/\\]+)\.json")
_TEMPORARY = re.compile(r"\.(" + re.escape(PREFIX) + r"[^/\\]+?" + re.escape(EXTENSION) + r")\.[^/\\]+\.tmp")
SIDECAR_LIMIT = 64 * 1024   # bytes; ours hold a path, a name and a time
JUNK_LOCK_AGE = 60.0        # seconds: an unreadable lock file this old was not being written just now
STALE_TEMPORARY_AGE = 600.0  # seconds: a save's temporary file this old belongs to no save in progress
_numbers = itertools.count(1)


def new_path() -> Path:
    """A fresh autosave path for a document of this process."""
    return settings.autosave_dir() / f"{PREFIX}{os.getpid()}-{next(_numbers)}{EXTENSION}"


def sidecar(path: Path) -> Path:
    return path.with_suffix(".json")


def _regular(path: Path) -> os.stat_result | None:
    """``path``'s status if it is a regular file (not a link, FIFO, device or folder), else None."""
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def _unlink_regular(path: Path) -> None:
    if _regular(path) is not None:
        try:
            path.unlink()
        except OSError:
            pass


class Ownership:
    """This process's claim on one autosave: a ``QLockFile`` beside it (``<name>.lock``)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = QLockFile(str(self.path.with_suffix(".lock")))
        self._lock.setStaleLockTime(0)  # stale only when its owner is gone, however old

    @property
    def held(self) -> bool:
        return self._lock.isLocked()

    def acquire(self) -> bool:
        """Take the lock unless a running process holds it; True when this process holds it now."""
        if self._lock.isLocked():
            return True
        lock = self.path.with_suffix(".lock")
        if os.path.lexists(lock) and _regular(lock) is None:
            return False  # a FIFO, link or folder by that name: reading it could block; leave it
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except (OSError, ValueError):
            return False
        if self._lock.tryLock(0):
            return True
        if self._junk():  # not a lock Qt can read, and old: nobody is writing it
            self._lock.removeStaleLockFile()
            return self._lock.tryLock(0)
        return False

    def _junk(self) -> bool:
        info = self._lock.getLockInfo()
        pid = info[0] if isinstance(info, tuple) and info else 0
        st = _regular(self.path.with_suffix(".lock"))
        return not pid and st is not None and time.time() - st.st_mtime > JUNK_LOCK_AGE

    def release(self) -> None:
        """Give the claim up (the lock file goes with it)."""
        if self._lock.isLocked():
            self._lock.unlock()


@dataclass
class Orphan:
    """An autosave no running gradsim owns; this process holds its lock until :meth:`discard` or
    until a document adopts it."""

    path: Path
    mtime: float
    ownership: Ownership
    info: dict = field(default_factory=dict)  # "name", "time", "path": each a str, or absent

    def discard(self) -> None:
        """Delete the autosave and its sidecar, then release the lock."""
        _unlink_regular(self.path)
        _unlink_regular(sidecar(self.path))
        self.ownership.release()


def read_sidecar(path: Path) -> dict:
    """The sidecar's ``name``, ``time`` and ``path`` that are strings; {} when it is unusable."""
    side = sidecar(path)
    st = _regular(side)
    if st is None or st.st_size > SIDECAR_LIMIT:
        return {}
    try:
        info = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(info, dict):
        return {}
    return {key: info[key] for key in ("name", "time", "path")
            if isinstance(info.get(key), str) and info[key] and "\x00" not in info[key]}


def orphans(folder: Path | None = None) -> list[Orphan]:
    """Orphaned autosaves in ``folder`` (the autosave folder), newest first, each locked by this
    process now. Temporary files of their gone owners are removed on the way, and so are lone
    sidecars; whatever is not a regular autosave file is skipped."""
    folder = settings.autosave_dir() if folder is None else Path(folder)
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except (OSError, ValueError):
        return []
    owners: dict[str, list[str]] = {}  # autosave name -> its temporary files
    for name in names:
        side = _SIDECAR.fullmatch(name)
        if _AUTOSAVE.fullmatch(name):
            owners.setdefault(name, [])
        elif side:  # a sidecar whose autosave may be gone
            owners.setdefault(side.group(1) + EXTENSION, [])
        else:
            m = _TEMPORARY.fullmatch(name)
            if m:
                owners.setdefault(m.group(1), []).append(name)
    found = []
    for name, temporaries in sorted(owners.items()):
        path = folder / name
        ownership = Ownership(path)
        if not ownership.acquire():
            continue  # a running gradsim's (or a lock nobody can read yet)
        for tmp in temporaries:
            _unlink_regular(folder / tmp)
        st = _regular(path)
        if st is None:  # only temporaries (killed during a first autosave), or not a file at all
            if not path.exists():
                _unlink_regular(sidecar(path))
            ownership.release()
            continue
        found.append(Orphan(path, st.st_mtime, ownership, read_sidecar(path)))
    found.sort(key=lambda o: o.mtime, reverse=True)
    return found


def remove_stale_temporaries(path: Path, age: float = STALE_TEMPORARY_AGE) -> int:
    """Remove temporary files that killed saves of ``path`` left beside it (older than ``age``
    seconds, so a save in progress elsewhere keeps its own); returns how many."""
    path = Path(path)
    pattern = re.compile(re.escape(f".{path.name}.") + r"[^/\\]+\.tmp")
    removed = 0
    try:
        names = [entry.name for entry in os.scandir(path.parent)]
    except (OSError, ValueError):
        return 0
    now = time.time()
    for name in names:
        if pattern.fullmatch(name):
            st = _regular(path.parent / name)
            if st is not None and now - st.st_mtime > age:
                _unlink_regular(path.parent / name)
                removed += 1
    return removed
