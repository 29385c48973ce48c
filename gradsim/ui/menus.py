"""The window's actions, toolbar and menu bar, built once, in one place, and returned as one object.

Every action of the window is created here and connected to what it does (the session, the document,
the exports, the docks, the side windows, or a callable of the window); :class:`Menus` names each
one, so nothing looks a menu up by its position. The menus, in order: File (New, Open, Open Recent,
Save, Save As, Export, Quit), Edit (Undo, Redo, + Layer, − Layer, Restore all removed edges, Select weight, Next /
Previous weight), Run
(Play, Step, Reset, Compare with a remedy, Faster, Slower), Presets (About this preset, then every
preset), View (Fit view, Presentation mode, each dock, Theme, Language), Help (Lesson, Explanations, Keyboard
Shortcuts, About).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QMenu, QStyle, QToolBar

from gradsim.engine.compare import ALL_REMEDIES, RECURRENT_REMEDIES
from gradsim.engine.presets import preset_names, recurrent_preset_names

from . import keys, settings
from .about import ShortcutsDialog, show_about
from .commands import EditRequest
from .i18n import tr
from .pacing import SPEEDS
from .preset_text import notes as preset_notes
from .preset_text import summary as preset_summary
from .teach.compare_window import remedies_for, remedy_label
from .teach.notes import TOPICS

IDEA_TOPICS = ("chain-rule", "vanishing", "exploding", "verdict", "remedies", "theory", "inside", "through-time")


@dataclass
class Menus:
    toolbar: QToolBar
    speed: QComboBox
    play: QAction
    step: QAction
    reset: QAction
    undo: QAction
    redo: QAction
    add_layer: QAction
    remove_layer: QAction
    fit: QAction
    restore_edges: QAction
    faster: QAction
    slower: QAction
    quit: QAction
    about_preset: QAction
    shortcuts: QAction
    about: QAction
    lesson: QAction = None
    presentation: QAction = None
    select_weight: QAction = None
    next_weight: QAction = None
    previous_weight: QAction = None
    file: QMenu = None
    export: QMenu = None
    edit: QMenu = None
    run: QMenu = None
    compare: QMenu = None
    presets: QMenu = None
    view: QMenu = None
    theme: QMenu = None
    language: QMenu = None
    help: QMenu = None
    topics: QMenu = None
    preset_actions: dict = field(default_factory=dict)
    compare_actions: dict = field(default_factory=dict)
    topic_actions: dict = field(default_factory=dict)
    theme_actions: dict = field(default_factory=dict)
    language_actions: dict = field(default_factory=dict)


def build(window: QMainWindow, session, *, canvas, document, exports, docks, side,
          choose_preset: Callable[[str], object], set_theme: Callable[[str], object],
          choose_language: Callable[[str], object], set_presenting: Callable[[bool], object],
          open_lesson: Callable[[], object] | None = None) -> Menus:
    """Every action, the toolbar and the menu bar of ``window``."""
    m = _actions(window, session, canvas, side)
    _toolbar(window, session, m)
    bar = window.menuBar()
    m.file = _file_menu(bar, document, exports, m)
    m.edit = bar.addMenu(tr("&Edit"))
    m.select_weight = _action(window, tr("Select &weight…"), lambda: keys.choose_weight(session, window),
                              ["Ctrl+G"], tr("Select any weight by its name, e.g. W2[0,1] (Ctrl+G)"))
    m.next_weight = _action(window, tr("Next weight"), lambda: keys.step_weight(session, +1), ["."])
    m.previous_weight = _action(window, tr("Previous weight"), lambda: keys.step_weight(session, -1), [","])
    for a in (m.undo, m.redo, None, m.add_layer, m.remove_layer, m.restore_edges, None,
              m.select_weight, m.next_weight, m.previous_weight):
        m.edit.addSeparator() if a is None else m.edit.addAction(a)
    m.run = bar.addMenu(tr("&Run"))
    for a in (m.play, m.step, m.reset):
        m.run.addAction(a)
    m.run.addSeparator()
    m.compare = _compare_menu(window, side, m)
    m.run.addMenu(m.compare)
    m.run.addSeparator()
    m.run.addAction(m.faster)
    m.run.addAction(m.slower)
    m.presets = _presets_menu(bar, window, choose_preset, m)
    m.view = bar.addMenu(tr("&View"))
    m.view.addAction(m.fit)
    m.presentation = _action(window, tr("&Presentation mode"), None, ["Ctrl+Shift+P"],
                             tr("Larger text, thicker lines and fewer ticks, for a projector (Ctrl+Shift+P)"))
    m.presentation.setCheckable(True)
    m.presentation.setChecked(settings.get("view/presentation", False))
    m.presentation.toggled.connect(set_presenting)
    m.view.addAction(m.presentation)
    m.view.addSeparator()
    for dock in (docks.dock("controls"), docks.dock("plots")):
        m.view.addAction(dock.toggleViewAction())
    m.view.addSeparator()
    for dock in docks.teaching_docks():
        m.view.addAction(dock.toggleViewAction())
    m.view.addSeparator()
    m.theme = m.view.addMenu(tr("&Theme"))
    m.theme_actions = _choices(window, m.theme, settings.get("theme", "system"),
                               (("system", tr("Follow the system")), ("light", tr("Light")), ("dark", tr("Dark"))),
                               set_theme)
    m.language = m.view.addMenu(tr("&Language"))
    m.language_actions = _choices(window, m.language, settings.get("language", "system"),
                                  (("system", tr("Follow the system")), ("en", "English"), ("zh_CN", "简体中文")),
                                  choose_language)
    m.help = bar.addMenu(tr("&Help"))
    if open_lesson is not None:
        m.lesson = _action(window, tr("&Lesson"), lambda: open_lesson(), (),
                           tr("A guided lesson: the lecture on vanishing and exploding gradients, step by step"))
        m.help.addAction(m.lesson)
    m.topics = _topics_menu(window, side, m)
    m.help.addMenu(m.topics)
    m.help.addAction(m.shortcuts)
    m.help.addSeparator()
    m.help.addAction(m.about)
    return m


def _action(window, text: str, slot, keys=(), tip: str | None = None, icon=None) -> QAction:
    a = QAction(text, window) if icon is None else QAction(icon, text, window)
    if keys:
        a.setShortcuts([QKeySequence(k) for k in keys])
    if tip is not None:
        a.setToolTip(tip)
    if slot is not None:
        a.triggered.connect(slot)
    return a


def _actions(window, session, canvas, side) -> Menus:
    style = window.style()
    icon = lambda name: style.standardIcon(getattr(QStyle.StandardPixmap, name))  # noqa: E731
    play_icon, pause_icon = icon("SP_MediaPlay"), icon("SP_MediaPause")
    depth = lambda: session.spec.topology.depth  # noqa: E731
    play = _action(window, tr("Play"), session.toggle_play, [Qt.Key.Key_Space], tr("Play / pause training (Space)"),
                   play_icon)
    session.playingChanged.connect(lambda playing: (play.setText(tr("Pause") if playing else tr("Play")),
                                                    play.setIcon(pause_icon if playing else play_icon)))
    undo = session.undo_stack.createUndoAction(window, tr("Undo"))
    undo.setShortcuts([QKeySequence.StandardKey.Undo])
    undo.setIcon(icon("SP_ArrowBack"))
    redo = session.undo_stack.createRedoAction(window, tr("Redo"))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    redo.setIcon(icon("SP_ArrowForward"))
    add_layer = _action(window, tr("+ Layer"), lambda: session.request_edit(
        EditRequest("insert_layer", (depth(),), tr("Add hidden layer"))), ["Ctrl+L"],
        tr("Add a hidden layer before the output"))
    remove_layer = _action(window, tr("− Layer"), lambda: session.request_edit(
        EditRequest("remove_layer", (depth() - 1,), tr("Remove H{}").format(depth() - 1))), ["Ctrl+Shift+L"],
        tr("Remove the last hidden layer"))
    for a in (add_layer, remove_layer):  # the shortcut is not in the tooltip by itself
        a.setToolTip(f"{a.toolTip()} ({a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
    session.specApplied.connect(lambda spec: (add_layer.setEnabled(True),
                                              remove_layer.setEnabled(spec.topology.depth > 1)))
    quit_action = _action(window, tr("&Quit"), window.close, [QKeySequence.StandardKey.Quit])
    if quit_action.shortcut().isEmpty():  # some platforms define no Quit key
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    about = _action(window, tr("&About gradsim"), lambda: show_about(window))
    about.setMenuRole(QAction.MenuRole.AboutRole)
    return Menus(
        toolbar=None, speed=None, play=play,
        step=_action(window, tr("Step"), session.step, ["S", Qt.Key.Key_Right], tr("One optimiser step (S)"),
                     icon("SP_MediaSkipForward")),
        reset=_action(window, tr("Reset"), session.reset, ["Ctrl+R", "R"], tr("Re-initialise with the same seed (R)"),
                      icon("SP_BrowserReload")),
        undo=undo, redo=redo, add_layer=add_layer, remove_layer=remove_layer,
        fit=_action(window, tr("Fit view"), canvas.fit, ["F"],
                    tr("Fit the whole network in the view (F); wheel zooms, drag pans")),
        restore_edges=_action(window, tr("Restore all removed edges"), lambda: session.request_edit(
            EditRequest("restore_all_edges", (), tr("Restore all edges")))),
        faster=_action(window, tr("Faster"), None, ["]"]), slower=_action(window, tr("Slower"), None, ["["]),
        quit=quit_action,
        about_preset=_action(window, tr("About this preset…"), side.show_preset_notes, (),
                             tr("What this preset shows and what to look for")),
        shortcuts=_action(window, tr("&Keyboard Shortcuts"), lambda: ShortcutsDialog(window).exec(), ["F1"]),
        about=about)


def _toolbar(window, session, m: Menus) -> None:
    tb = window.addToolBar(tr("Run"))
    tb.setObjectName("runToolbar")
    tb.setMovable(False)
    tb.setIconSize(QSize(18, 18))
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for a in (m.play, m.step, m.reset):
        tb.addAction(a)
    tb.addSeparator()
    tb.addWidget(QLabel(tr(" Speed ")))
    speed = QComboBox()
    for s in SPEEDS:
        speed.addItem(tr("max") if s is None else tr("{} steps/s").format(s), s)
    speed.setCurrentIndex(len(SPEEDS) - 1)
    speed.setToolTip(tr("Training speed (steps per second); 'max' trains as fast as the CPU allows")
                     + " — " + tr("[ slower, ] faster"))
    speed.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    speed.currentIndexChanged.connect(lambda _i: session.set_speed(speed.currentData()))
    tb.addWidget(speed)

    def bump(delta: int) -> None:
        speed.setCurrentIndex(max(0, min(speed.count() - 1, speed.currentIndex() + delta)))
        session.show_message(tr("Speed: {}").format(speed.currentText()))

    m.faster.triggered.connect(lambda: bump(+1))
    m.slower.triggered.connect(lambda: bump(-1))
    tb.addSeparator()
    tb.addAction(m.undo)
    tb.addAction(m.redo)
    for a in (m.undo, m.redo):  # their text names the edit: keep it in the tooltip
        tb.widgetForAction(a).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    tb.addSeparator()
    for a in (m.add_layer, m.remove_layer, m.fit):
        tb.addAction(a)
    m.toolbar, m.speed = tb, speed


def _file_menu(bar, document, exports, m: Menus) -> QMenu:
    menu = bar.addMenu(tr("&File"))
    for a in (document.new_action, document.open_action):
        menu.addAction(a)
    menu.addMenu(document.recent_menu)
    menu.addSeparator()
    for a in (document.save_action, document.save_as_action):
        menu.addAction(a)
    menu.addSeparator()
    m.export = menu.addMenu(tr("&Export"))
    exports.fill(m.export)
    menu.addSeparator()
    menu.addAction(m.quit)
    return menu


def _compare_menu(window, side, m: Menus) -> QMenu:
    menu = QMenu(tr("Compare with a remedy"), window)
    menu.setObjectName("compareMenu")
    menu.setToolTipsVisible(True)
    for key in [*ALL_REMEDIES, None, *(k for k in RECURRENT_REMEDIES if k not in ALL_REMEDIES)]:
        if key is None:  # a recurrent network's own remedies (clipping is shared)
            menu.addSeparator()
            continue
        act = QAction(remedy_label(key), menu)
        act.setToolTip(tr("Train the current network and the same one with this remedy side by side"))
        act.triggered.connect(lambda _=False, k=key: side.open_compare(k))
        menu.addAction(act)
        m.compare_actions[key] = act

    def offer(spec) -> None:  # only the remedies that apply to the current network
        offered = remedies_for(spec)
        for key, act in m.compare_actions.items():
            act.setEnabled(key in offered)

    side.session.specApplied.connect(offer)
    return menu


def _presets_menu(bar, window, choose_preset, m: Menus) -> QMenu:
    menu = bar.addMenu(tr("&Presets"))
    menu.addAction(m.about_preset)
    menu.addSeparator()
    for name in preset_names() + recurrent_preset_names():
        if name == recurrent_preset_names()[0]:
            menu.addSeparator()
        act = QAction(f"{name}  —  {preset_summary(name)}", window)
        act.setStatusTip(preset_summary(name))
        act.setToolTip(preset_notes(name))
        act.triggered.connect(lambda _=False, n=name: choose_preset(n))
        menu.addAction(act)
        m.preset_actions[name] = act
    menu.setToolTipsVisible(True)
    return menu


def _topics_menu(window, side, m: Menus) -> QMenu:
    menu = QMenu(tr("Explanations"), window)
    menu.setObjectName("topicsMenu")
    titles = {"chain-rule": tr("The chain rule"), "vanishing": tr("Vanishing gradients"),
              "exploding": tr("Exploding gradients"), "verdict": tr("How gradsim judges a run"),
              "remedies": tr("The remedies at a glance"),
              "theory": tr("What initialisation theory predicts"), "inside": tr("Looking inside the layers"),
              "through-time": tr("Through time: why gates help")}
    entries = [(f"topic:{name}", titles[name]) for name in IDEA_TOPICS if name in TOPICS]
    entries.append(None)
    entries += [(f"remedy:{key}", tr("Remedy: {0}").format(remedy_label(key))) for key in ALL_REMEDIES]
    for entry in entries:
        if entry is None:
            menu.addSeparator()
            continue
        key, text = entry
        act = QAction(text, menu)
        act.triggered.connect(lambda _=False, k=key: side.show_notes(k))
        menu.addAction(act)
        m.topic_actions[key] = act
    return menu


def _choices(window, menu: QMenu, current: str, options, choose) -> dict:
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
