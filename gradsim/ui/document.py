"""The open document: the File menu's actions (New, Open…, Save, Save As…, Open Recent), the title,
unsaved changes, autosave and crash recovery, and opening a dropped file.

A document is the session's current :class:`RunSpec` plus, when saved, the trained parameters and
step count. The parameters come from the training thread through :meth:`Session.current_state` (a
copy taken between two steps), never from the live trainer. Saving is atomic
(:func:`gradsim.engine.fileformat.save`). The window shows the title the document announces
(``titleChanged``) and hands it files dropped on it.

*Modified* means: edits since the last save (the undo stack is not at its clean index) or
training moved the step count away from the saved one.

Autosave: every ``AUTOSAVE_MS`` a modified document is written to its own file in the autosave
folder with a small ``.json`` beside it naming the original file, owned through a lock file (see
:mod:`gradsim.ui.autosave`). A clean exit deletes them; after a crash or kill they stay, and the
next start offers them back (:func:`check_recovery`). Recovered work is never without an autosave:
the recovered file becomes the new document's autosave (renamed, not copied), so a second crash
before the next autosave still finds it.

Opening a file (or recovering one) is all or nothing: a file is applied only if a trainer can be
built from it and its saved run continued, and the session applies it atomically; otherwise one
message says why and the window, its controls and the trained network stay as they were.

Dialogs go through the module-level functions ``ask_save_changes``, ``ask_recover``,
``show_error``, ``get_open_path`` and ``get_save_path`` so tests can replace them.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from gradsim.engine import fileformat
from gradsim.engine.fileformat import EXTENSION
from gradsim.engine.trainer import Trainer

from . import autosave as autosaves
from . import settings
from .engine_text import error_text
from .i18n import tr

AUTOSAVE_MS = int(os.environ.get("GRADSIM_AUTOSAVE_MS", "60000"))  # env: tests and impatient users


def file_filter() -> str:
    return tr("gradsim files (*.gradsim);;JSON (*.json);;All files (*)")


# -- dialogs (replaced in tests) ---------------------------------------------------------------
def ask_save_changes(parent, name: str) -> str:
    """'save', 'discard' or 'cancel'."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Unsaved changes"),
                      tr("Save the changes to “{}” before closing?").format(name),
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(tr("Your changes will be lost if you don't save them."))
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")


def ask_recover(parent, name: str, when: str) -> bool:
    answer = QMessageBox.question(
        parent, tr("Recover unsaved work?"),
        tr("gradsim did not close normally. Unsaved work on “{}” was autosaved at {}.\n\n"
           "Recover it?").format(name, when))
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


def get_open_path(parent, start: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, tr("Open network"), start, file_filter())
    return path


def get_save_path(parent, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, tr("Save network as"), suggested, file_filter())
    if path and not Path(path).suffix:
        path += EXTENSION
    return path


# -- the document ----------------------------------------------------------------------------------
class Document(QObject):
    titleChanged = Signal(str, bool)   # the window title (with Qt's [*] placeholder), unsaved changes?

    def __init__(self, session, parent: QWidget, autosave_ms: int | None = None):
        autosave_ms = AUTOSAVE_MS if autosave_ms is None else autosave_ms
        super().__init__(parent)
        self.session = session
        self.dialog_parent = parent   # the dialogs' parent
        self.path: Path | None = None
        self.saved_step = 0
        self.interactive = True   # False: no dialogs (``--selftest``); errors go to the status bar
        self.unsaved = False      # recovered (or carried-over) work never saved to a file
        self.modified = False     # as last announced
        self.autosave_path = autosaves.new_path()
        self._ownership = autosaves.Ownership(self.autosave_path)
        self.last_error = ""
        self._build_actions()
        session.specApplied.connect(self.update_title)
        session.frameShown.connect(self._on_frame)
        session.undo_stack.cleanChanged.connect(self.update_title)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.timeout.connect(self.autosave)
        if autosave_ms > 0:
            self.autosave_timer.start(autosave_ms)
        self.update_title()

    # -- actions -------------------------------------------------------------------------------------
    def _action(self, text: str, shortcut, slot) -> QAction:
        a = QAction(text, self.dialog_parent)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(slot)
        return a

    def _build_actions(self) -> None:
        """New, Open, Open Recent, Save and Save As, for the File menu (:mod:`gradsim.ui.menus`)."""
        self.new_action = self._action(tr("&New"), QKeySequence.StandardKey.New, self.new)
        self.open_action = self._action(tr("&Open…"), QKeySequence.StandardKey.Open, lambda: self.open())
        self.save_action = self._action(tr("&Save"), QKeySequence.StandardKey.Save, lambda: self.save())
        self.save_as_action = self._action(tr("Save &As…"), QKeySequence("Ctrl+Shift+S"), lambda: self.save_as())
        self.recent_menu = QMenu(tr("Open &Recent"), self.dialog_parent)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()

    def _fill_recent(self) -> None:
        m = self.recent_menu
        m.clear()
        files = settings.recent_files()
        for i, f in enumerate(files):
            a = m.addAction(f"&{i + 1}  {Path(f).name}")
            a.setToolTip(f)
            a.setStatusTip(f)
            a.setData(f)
            a.triggered.connect(lambda _=False, p=f: self.open(p))
        if files:
            m.addSeparator()
        clear = m.addAction(tr("Clear recent files"))
        clear.setEnabled(bool(files))
        clear.triggered.connect(settings.clear_recent)
        m.setToolTipsVisible(True)

    # -- state ---------------------------------------------------------------------------------------
    @property
    def current_step(self) -> int:
        snap = self.session.last_snapshot
        return int(snap.step) if snap is not None else self.saved_step

    def is_modified(self) -> bool:
        return self.unsaved or (not self.session.undo_stack.isClean()) or self.current_step != self.saved_step

    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        spec = self.session.spec
        return tr("Untitled ({})").format(spec.name) if spec is not None else tr("Untitled")

    def title(self) -> str:
        return f"{self.display_name()}[*] — gradsim"

    def update_title(self, *_args) -> None:
        if self.session.spec is None or not shiboken6.isValid(self.session.undo_stack):  # also while closing down
            return
        self.modified = self.is_modified()
        self.titleChanged.emit(self.title(), self.modified)

    def _on_frame(self, _frame) -> None:
        if self.is_modified() != self.modified:
            self.update_title()

    def current_state(self) -> tuple[list[dict] | None, int, dict | None]:
        """(parameters, step, resume state) of the run as it is now, asked from the training thread."""
        return self.session.current_state()

    # -- commands ----------------------------------------------------------------------------------
    def new(self) -> bool:
        preset = settings.get("last_preset", None) or self.session.preset or "seed-2-2-2"
        return self.new_from_preset(preset)

    def new_from_preset(self, name: str, ask: bool = True) -> bool:
        """Start a new, untitled experiment from preset ``name`` — New, and picking a preset, do this.
        Unsaved edits or training steps are offered for saving first (unless ``ask`` is False: a
        lesson step sets the app up after the lesson itself has offered that); False if the user
        cancelled."""
        from gradsim.engine.presets import ALL_PRESETS

        if ask and not self.maybe_save():
            return False
        self.path = None
        self.saved_step = 0
        self.unsaved = False
        self.session.load_preset(name if name in ALL_PRESETS else "seed-2-2-2")
        self.session.undo_stack.setClean()
        self.update_title()
        return True

    def open(self, path=None, ask: bool = True) -> bool:
        """Open ``path`` (or ask for one). A bad file leaves the current work as it was."""
        if ask and not self.maybe_save():
            return False
        if path is None:
            start = str(self.path.parent) if self.path else str(Path.home())
            path = get_open_path(self.dialog_parent, start)
            if not path:
                return False
        path = Path(path)
        try:
            spec = fileformat.load(path)
            check_trainable(spec)
        except Exception as exc:  # noqa: BLE001 - whatever the file did, the current work stays
            self._refuse(path.name, exc)
            if not path.exists():
                settings.remove_recent(path)
            return False
        if not self.load_spec(spec, path):
            return False
        settings.add_recent(path)
        self.session.show_message(tr("Opened {}").format(path.name))
        return True

    def _refuse(self, name: str, exc: BaseException) -> None:
        self.error(tr("Could not open file"), tr("“{}” is not a usable gradsim file:\n\n{}").format(name, explain(exc)))

    def load_spec(self, spec, path: Path | None, modified: bool = False) -> bool:
        """Make ``spec`` (from ``path``) the document; ``modified``: it is unsaved work. False (and
        one message) when the window cannot show it; nothing has changed then."""
        session = self.session
        try:
            resolved = Path(path).resolve() if path is not None else None
            session.apply_spec(spec)  # all or nothing
        except Exception as exc:  # noqa: BLE001
            self._refuse(Path(path).name if path is not None else spec.name, exc)
            return False
        session.undo_stack.clear()
        self.path = resolved
        self.saved_step = int(spec.saved_step)
        self.unsaved = modified
        session.preset = None
        session.undo_stack.setClean()
        self.update_title()
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self, path=None) -> bool:
        if path is None:
            suggested = str(self.path) if self.path else str(Path.home() / f"{self.session.spec.name}{EXTENSION}")
            path = get_save_path(self.dialog_parent, suggested)
            if not path:
                return False
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        params, step, resume = self.current_state()
        try:
            fileformat.save(path, self.session.spec, params, step, resume)
        except (OSError, ValueError) as exc:
            self.error(tr("Could not save"), tr("Saving “{}” failed; the previous file is unchanged.\n\n{}")
                       .format(Path(path).name, exc))
            return False
        self.path = Path(path).resolve()
        self.saved_step = step
        self.unsaved = False
        self.session.undo_stack.setClean()
        settings.add_recent(self.path)
        autosaves.remove_stale_temporaries(self.path)  # of saves killed before their rename
        self.update_title()
        self.session.show_message(tr("Saved {} (step {})").format(self.path.name, step))
        return True

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current work (saved, discarded, or not modified)."""
        if not self.is_modified() or not self.interactive:
            return True
        answer = ask_save_changes(self.dialog_parent, self.display_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def error(self, title: str, text: str) -> None:
        self.last_error = text
        self.session.show_message(text.replace("\n\n", " "), error=True)
        if self.interactive:
            show_error(self.dialog_parent, title, text)

    # -- autosave and recovery ---------------------------------------------------------------------
    def autosave(self) -> bool:
        """Write the current work to the autosave file if it has unsaved changes."""
        if not self.is_modified():
            self.discard_autosave()
            return False
        if not self._ownership.acquire():
            self.session.show_message(tr("Autosave failed: {}").format(
                tr("the autosave folder {} cannot be used").format(self.autosave_path.parent)), error=True)
            return False
        params, step, resume = self.current_state()
        try:
            fileformat.save(self.autosave_path, self.session.spec, params, step, resume)
            self._write_sidecar()
        except (OSError, ValueError) as exc:
            self.session.show_message(tr("Autosave failed: {}").format(exc), error=True)
            return False
        return True

    def _write_sidecar(self, when: str | None = None) -> None:
        info = {"path": str(self.path) if self.path else None, "name": self.display_name(),
                "time": when or time.strftime("%Y-%m-%d %H:%M:%S"), "pid": os.getpid()}
        autosaves.sidecar(self.autosave_path).write_text(json.dumps(info), encoding="utf-8")

    def discard_autosave(self) -> None:
        for p in (self.autosave_path, autosaves.sidecar(self.autosave_path)):
            try:
                p.unlink()
            except OSError:
                pass
        self._ownership.release()

    def recover(self, orphan: "autosaves.Orphan") -> bool:
        """Open an orphaned autosave as unsaved work and make it this document's autosave; False
        (with one message) when it cannot be used."""
        try:
            spec = fileformat.load(orphan.path)
            check_trainable(spec)
        except Exception as exc:  # noqa: BLE001 - a damaged autosave is one message, not a crash
            self.error(tr("Could not recover"), explain(exc))
            return False
        original = orphan.info.get("path")
        if not self.load_spec(spec, Path(original) if original else None, modified=True):
            return False
        when = orphan.info.get("time", "")
        self.session.show_message(tr("Recovered unsaved work from {}").format(when))
        if self.take_autosave(orphan.path, when):
            orphan.discard()  # its sidecar and lock (the file itself has moved)
        else:
            orphan.ownership.release()  # keep it where it is: still the only copy on disk
        return True

    def take_autosave(self, source: Path, when: str | None = None) -> bool:
        """Make the autosave ``source`` (recovered, or another window's) this document's own by
        renaming it: at every moment one of the two exists, so a crash before the next autosave
        still leaves the work on disk."""
        if not self._ownership.acquire():
            return False
        try:
            os.replace(source, self.autosave_path)
        except OSError:
            return False
        try:
            self._write_sidecar(when)
        except OSError:
            pass  # the autosave is there; only its description is missing
        return True

    def close_requested(self) -> bool:
        """Called from the window's closeEvent: False keeps the window open."""
        if not self.maybe_save():
            return False
        self.autosave_timer.stop()
        self.discard_autosave()
        return True

    # -- drag and drop -------------------------------------------------------------------------------
    @staticmethod
    def dropped_file(mime) -> str | None:
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith((EXTENSION, ".json")):
                return url.toLocalFile()
        return None


def explain(exc: BaseException) -> str:
    """Why a file was refused: the loader's own words for a ValueError (they name the field),
    otherwise the exception's type too."""
    return error_text(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {error_text(exc)}"


def check_trainable(spec) -> None:
    """Raise what building ``spec``'s network and continuing its saved run would raise, so that a
    file the worker could not train is refused before anything changes."""
    trainer = Trainer(spec)
    trainer.restore(spec.resume, int(spec.saved_step or 0))


def check_recovery(document: Document) -> bool:
    """Offer the newest orphaned autosave back; True when one was recovered. The others, and a
    declined one, are removed."""
    recovered = False
    for orphan in autosaves.orphans():
        info = orphan.info
        if not recovered and ask_recover(document.dialog_parent, info.get("name") or orphan.path.name,
                                         info.get("time") or time.strftime("%Y-%m-%d %H:%M:%S",
                                                                           time.localtime(orphan.mtime))):
            recovered = document.recover(orphan)
            if recovered:
                continue
        orphan.discard()
    return recovered
