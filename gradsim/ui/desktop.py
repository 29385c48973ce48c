"""What makes the main window a desktop application (issue 5), hooked in by one call at the end of
``MainWindow.__init__``: the document (File menu, autosave, drag-and-drop), File → Export,
View → Theme / Language, keyboard shortcuts for every toolbar action, Help → Keyboard Shortcuts and
Help → About.
"""

from __future__ import annotations

import html
import re
import platform

import shiboken6

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QHeaderView, QMessageBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from . import i18n, settings, theme
from .document import Document
from .exports import build_export_menu

# shortcuts for toolbar actions that had none (the others are set where they are made)
EXTRA_SHORTCUTS = {"add_layer_action": "Ctrl+L", "remove_layer_action": "Ctrl+Shift+L"}


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files bare tr() calls under the empty context


def install_desktop(window) -> None:
    window.document = Document(window)
    doc = window.document
    # File → Export, before Quit
    file_menu = doc.file_menu
    export_menu = file_menu.__class__(tr("&Export"), file_menu)
    build_export_menu(window, export_menu)
    file_menu.insertMenu(doc._menu_before, export_menu)
    file_menu.insertSeparator(doc._menu_before)
    window.export_menu = export_menu
    quit_action = doc._menu_before
    if quit_action is not None and quit_action.shortcut().isEmpty():  # some platforms define no Quit key
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))

    # shortcuts for every toolbar action; speed up / down for the speed box
    for name, keys in EXTRA_SHORTCUTS.items():
        a = getattr(window, name, None)
        if a is not None and a.shortcut().isEmpty():
            a.setShortcut(QKeySequence(keys))
            a.setToolTip(f"{a.toolTip()} ({QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)})")
    faster = QAction(tr("Faster"), window)
    faster.setShortcut(QKeySequence("]"))
    faster.triggered.connect(lambda: _bump_speed(window, +1))
    slower = QAction(tr("Slower"), window)
    slower.setShortcut(QKeySequence("["))
    slower.triggered.connect(lambda: _bump_speed(window, -1))
    window.faster_action, window.slower_action = faster, slower
    run_menu = getattr(window, "run_menu", None) or _top_menu(window, 2)
    if run_menu is not None:
        run_menu.addSeparator()
        run_menu.addAction(faster)
        run_menu.addAction(slower)
    window.speed.setToolTip(window.speed.toolTip() + " — " + tr("[ slower, ] faster"))

    # View → Theme, View → Language
    view = getattr(window, "view_menu", None) or _top_menu(window, 4)
    if view is not None:
        view.addSeparator()
        window.theme_actions = _choice_menu(
            window, view.addMenu(tr("&Theme")), settings.get("theme", "system"),
            (("system", tr("Follow the system")), ("light", tr("Light")), ("dark", tr("Dark"))),
            lambda mode: set_theme(window, mode))
        window.language_actions = _choice_menu(
            window, view.addMenu(tr("&Language")), settings.get("language", "system"),
            (("system", tr("Follow the system")), ("en", "English"), ("zh_CN", "简体中文")),
            lambda code: set_language(window, code))

    # Help
    help_menu = window.help_menu()
    shortcuts = help_menu.addAction(tr("&Keyboard Shortcuts"))
    shortcuts.setShortcut(QKeySequence("F1"))
    shortcuts.triggered.connect(lambda: ShortcutsDialog(window).exec())
    help_menu.addSeparator()
    about = help_menu.addAction(tr("&About gradsim"))
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda: show_about(window))


def _top_menu(window, index: int):
    acts = [a for a in window.menuBar().actions() if a.menu() is not None]
    return acts[index].menu() if index < len(acts) else None


def _bump_speed(window, delta: int) -> None:
    box = window.speed
    box.setCurrentIndex(max(0, min(box.count() - 1, box.currentIndex() + delta)))
    window.show_message(tr("Speed: {}").format(box.currentText()))


def set_theme(window, mode: str) -> str:
    settings.put("theme", mode)
    name = theme.apply(QApplication.instance(), mode)
    window.show_message(tr("Theme: {}").format({"light": tr("Light"), "dark": tr("Dark")}[name]))
    settings.report(window)  # the choice could not be stored
    return name


_reopened: list = []  # windows opened by a language switch (kept alive here)


def set_language(window, code: str, reopen: bool | None = None):
    """Remember the language and switch to it now: the window is reopened in the new language with
    the same network, trained state, file, layout and unsaved mark (the undo history starts
    afresh). ``reopen=False`` only stores the choice (it then applies from the next start).
    Returns the window now showing (the new one, or ``window``)."""
    settings.put("language", code)
    lang = i18n.resolve(code)
    if reopen is None:
        reopen = window.document.interactive
    if not reopen or lang == i18n.current:
        window.show_message(tr("Language: {}").format(i18n.LANGUAGES[lang]))
        settings.report(window)  # the choice could not be stored
        return window
    i18n.install(QApplication.instance(), code)
    return reopen_window(window)


def reopen_window(window):
    """A fresh main window (built with the current translators) continuing ``window``'s work."""
    from .main_window import MainWindow

    doc = window.document
    params, step, resume = doc.current_state()
    spec = window.spec.copy()
    spec.parameters, spec.saved_step, spec.resume = params, step, resume
    modified, path, preset = doc.is_modified(), doc.path, getattr(window, "current_preset", None)
    new = MainWindow(preset or "seed-2-2-2")
    new.restoreGeometry(window.saveGeometry())
    new.restoreState(window.saveState())
    new.document.interactive = doc.interactive
    new.document.load_spec(spec, path, modified=modified)
    if modified and doc.autosave_path.exists():
        new.document.take_autosave(doc.autosave_path)  # unsaved work keeps an autosave throughout
    new.current_preset = preset
    new.show()
    doc.interactive = False  # nothing is lost: the new window has it all
    window.close()
    _reopened[:] = [w for w in _reopened if shiboken6.isValid(w) and w.isVisible()] + [new]
    new.show_message(tr("Language: {}").format(i18n.LANGUAGES[i18n.current]))
    settings.report(new)  # the choice could not be stored
    return new


def shortcut_rows(window) -> list[tuple[str, str]]:
    """(action, keys) for every action of the window that has a shortcut, sorted by name."""
    seen, rows = set(), []
    for a in window.findChildren(QAction):
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in a.shortcuts())
        name = re.sub(r"\(&\w\)", "", a.text()).replace("&", "").rstrip(".…").strip()
        if not keys or not name or (name, keys) in seen:
            continue
        seen.add((name, keys))
        rows.append((name, keys))
    return sorted(rows, key=lambda r: r[0].lower())


class ShortcutsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle(tr("Keyboard Shortcuts"))
        rows = shortcut_rows(window)
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels([tr("Action"), tr("Keys")])
        for r, (name, keys) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(name))
            table.setItem(r, 1, QTableWidgetItem(keys))
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(table)
        lay.addWidget(buttons)
        self.resize(460, 520)


def about_text() -> str:
    import gradsim
    from PySide6 import __version__ as pyside_version

    return (f"<h3>gradsim {html.escape(gradsim.__version__)}</h3>"
            + "<p>" + tr("See vanishing and exploding gradients: backpropagation, the chain rule and "
                         "their remedies, live.") + "</p>"
            + f"<p>Python {platform.python_version()} · PySide6 {pyside_version} · Qt {_qt_version()}</p>"
            + "<p>" + tr("MIT licence.") + "</p>")


def _qt_version() -> str:
    from PySide6.QtCore import qVersion

    return qVersion()


def show_about(window) -> None:
    box = QMessageBox(window)
    box.setWindowTitle(tr("About gradsim"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text())
    box.setIconPixmap(window.windowIcon().pixmap(64, 64))
    box.exec()


def _choice_menu(window, menu, current: str, options, choose) -> dict:
    """Exclusive, checkable actions in ``menu``, one per ``(key, text)``; returns key → action."""
    group = QActionGroup(window)
    actions = {}
    for key, text in options:
        a = menu.addAction(text)
        a.setCheckable(True)
        a.setChecked(key == current)
        group.addAction(a)
        a.triggered.connect(lambda _=False, k=key: choose(k))
        actions[key] = a
    return actions
