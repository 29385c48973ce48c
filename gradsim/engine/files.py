"""Reading and replacing files safely: what the ``.gradsim`` loader and the command line's outputs share.

Reading (:func:`read_regular`) accepts only a regular file of at most a given size. The file is
opened without blocking (a FIFO with no writer would otherwise hang the caller) and checked on
the opened descriptor, so ``/dev/zero``, ``/dev/urandom``, a FIFO, a socket or a folder is refused
at once instead of being read until memory runs out.

Replacing (:func:`replacing`) writes a temporary file in the target's folder, flushes it to disk
and renames it over the target, so a crash or a full disk mid-write leaves the previous file as it
was. Around that rename it keeps what a user expects of "saving over" a file:

* the file's permission bits (a 0664 file stays 0664); a new file gets the usual
  ``0666 & ~umask``, as any editor would create it;
* a symbolic link stays a link: the file it points to is replaced (a dangling link's target is
  created);
* a file with more than one hard link is refused (:class:`SaveError`): renaming would give this
  name a new file and silently leave the other names with the old contents; save under another
  name, or remove the other links, instead;
* anything but a regular file (a device, a FIFO, a folder) is refused rather than replaced.
"""

from __future__ import annotations

import os
import secrets
import stat
from contextlib import contextmanager
from pathlib import Path

from .text import Text


class NotRegularFile(OSError):
    """The path names a device, FIFO, socket or folder."""


class TooLarge(OSError):
    """The file is bigger than the caller allows; ``size`` says how big it is (or at least)."""

    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


class SaveError(OSError):
    """A save that gradsim refuses to do; the message (a :class:`Text`) says why."""


def read_regular(path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Raises :class:`NotRegularFile`, :class:`TooLarge` or the ``OSError`` of opening it.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path)
        if st.st_size > limit:
            raise TooLarge(st.st_size)
        chunks, total = [], 0
        want = st.st_size + 1  # one more than the size: a file that grew since is noticed
        while True:
            chunk = os.read(fd, min(want, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise TooLarge(total)
            want = 1 << 20
        return b"".join(chunks)
    finally:
        os.close(fd)


def _existing(target: Path) -> os.stat_result | None:
    try:
        return os.stat(target)
    except FileNotFoundError:
        return None


def check_replaceable(path) -> Path:
    """The file a save of ``path`` would replace (symbolic links followed); :class:`SaveError` if
    it is not a regular file or has other hard links."""
    target = Path(os.path.realpath(path))
    st = _existing(target)
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise SaveError(Text("{path}: not a regular file; gradsim saves only to regular files", path=str(path)))
        if st.st_nlink > 1:
            raise SaveError(Text(
                "{path}: the file has {links} hard links; saving would give this name a new file and leave the "
                "other names with the old contents. Save under another name, or remove the other links first",
                path=str(path), links=st.st_nlink))
    return target


@contextmanager
def replacing(path, newline: str | None = None):
    """``with replacing(path) as fh: fh.write(text)`` — atomic, keeps mode and links (see the module)."""
    target = check_replaceable(path)
    st = _existing(target)
    folder = target.parent
    while True:
        tmp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            # a new file gets 0666 minus the umask (the kernel applies it); an existing file's mode
            # is copied below, on a file only this process can read until then
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         0o600 if st is not None else 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            if st is not None:
                _copy_mode(fh.fileno(), tmp, st)
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _sync_folder(folder)


def _copy_mode(fd: int, tmp: Path, st: os.stat_result) -> None:
    if hasattr(os, "fchown") and st.st_gid != os.fstat(fd).st_gid:
        try:  # keep a shared file's group where the user may (a member of it)
            os.fchown(fd, -1, st.st_gid)
        except OSError:
            pass
    mode = stat.S_IMODE(st.st_mode)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows before Python 3.13
        os.chmod(tmp, mode)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows opening a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
