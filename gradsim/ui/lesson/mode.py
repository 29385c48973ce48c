"""Lesson mode: the lesson's side panel, and the window set up, watched and judged step by step.

The window that opens a lesson gives the mode the session and a :class:`LessonHost`: exactly the
collaborators a lesson works with (the docks, the document, the menus' controls, the plots, the
chain-rule panel), never the window itself.

:class:`LessonMode` owns the lesson (:class:`~gradsim.engine.lesson.Lesson`), where the learner is
(:class:`~gradsim.engine.lesson_progress.Progress`, kept in the settings) and the panel's dock.
Entering a step applies its setup -- its preset (a new experiment: the lesson asked about unsaved
work once, when it opened), its speed, its selected weight, the views it shows (others are put
away), the steps it trains first -- and points at what to look at: edges, units and layers on the
canvas (the session's highlight), a plot (framed), a control (framed, scrolled into view) or
factors of the chain-rule panel (marked).

Whenever the app changes (a frame, a selection, a view shown or hidden, a factor or an option
clicked) the mode fills a :class:`~gradsim.engine.lesson_checks.LessonState` from the session and
lets the engine judge the step: the same conditions :mod:`gradsim.engine.lesson_walk` checks on
many seeds decide here whether Next is offered. Its numbers are a :mod:`.reading` of the state on
screen. The step is judged only once its setup has settled (its preset applied and its training
steps shown), so a check can never pass on the state the previous step left behind.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QScrollArea

from gradsim.engine.chain_rule import neuron_name
from gradsim.engine.lesson import LessonError, load, load_builtin, pick_language
from gradsim.engine.lesson_checks import FactorClick, LessonState
from gradsim.engine.lesson_numbers import number_text, render
from gradsim.engine.lesson_progress import Progress

from .. import i18n, palette, settings
from ..engine_text import error_text, translated
from ..i18n import tr
from ..pacing import SPEEDS
from . import reading
from .marker import Marker
from .panel import LessonPanel, Page

if TYPE_CHECKING:
    from ..document import Document
    from ..menus import Menus
    from ..panel import ControlPanel
    from ..plots import PlotsPanel
    from ..session import Session
    from ..teach.chain_rule_panel import ChainRulePanel
    from ..views.docks import Docks

PROGRESS_KEY = "lesson/progress_{id}"
LESSON_SHARE = 0.58   # of the left column's height, when the controls share it
# the lesson's names for the views (gradsim.engine.lesson_checks.VIEWS) -> the window's dock keys
DOCKS = {"controls": "controls", "plots": "plots", "chain_rule": "chain-rule", "step_through": "step-through",
         "activations": "activations", "boundary": "boundary", "through_time": "through-time"}
PLOTS = {"plots.layer_norms": "norm_plot", "plots.gradient_flow": "flow_plot", "plots.loss": "loss_plot",
         "plots.backward_gain": "gain_plot"}


def dock_key(view: str) -> str | None:
    """The dock showing lesson view ``view`` (None for the canvas, which is always shown)."""
    return "plots" if view.startswith("plots") else DOCKS.get(view)


def get_lesson_path(parent) -> str:
    """Ask for a lesson file (replaced in tests)."""
    path, _ = QFileDialog.getOpenFileName(parent, tr("Open a lesson file"), "", tr("Lessons (*.json);;All files (*)"))
    return path


def read_lesson(path, document: Document):
    """The built-in lesson, or the lesson file ``path``; None when it cannot be used, after one message
    (through ``document``) naming the step and field."""
    try:
        return load(path) if path else load_builtin()
    except LessonError as exc:
        document.error(tr("Could not open the lesson"), error_text(exc))
        return None


@dataclass(frozen=True)
class LessonHost:
    """What a lesson works with besides the session, handed over by the window that opens it."""

    main: QMainWindow             # to dock the panel in, parent its dialogs and photograph the canvas
    document: Document            # each step a new experiment; messages that need an answer
    docks: Docks                  # the views, shown, put away and pointed at
    menus: Menus                  # the toolbar's controls: the speed set, buttons pointed at
    controls: ControlPanel        # its controls pointed at (framed, scrolled into view)
    plots: PlotsPanel             # a plot pointed at (framed), photographed
    chain_panel: ChainRulePanel   # the factors a learner clicks, and those a step marks


class LessonMode(QObject):
    pageShown = Signal(object)   # the Page the panel shows now (tests and the self test read it)

    def __init__(self, session: Session, host: LessonHost, lesson):
        super().__init__(host.main)
        self.main = main = host.main
        self.session = session
        self.document = host.document
        self.docks = host.docks
        self.menus = host.menus
        self.controls = host.controls
        self.plots = host.plots
        self.chain_panel = host.chain_panel
        self.active = False
        self.settled = False
        self.page: Page | None = None
        self._factor: FactorClick | None = None
        self._answer: str | None = None
        self._reading: reading.Reading | None = None
        self._markers: list[Marker] = []
        self._marked_plots: list = []
        self._generation = -1
        self._target = 0
        self._last_refresh = 0.0
        self._saved = None
        self.panel = LessonPanel()
        self.dock = QDockWidget(tr("Lesson"), main)
        self.dock.setObjectName("lessonDock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                              | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        main.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        controls = self.docks.dock("controls")
        if main.dockWidgetArea(controls) == Qt.DockWidgetArea.LeftDockWidgetArea and not controls.isFloating():
            main.splitDockWidget(self.dock, controls, Qt.Orientation.Vertical)
        self.dock.hide()
        self.set_lesson(lesson)
        p = self.panel
        p.nextClicked.connect(self.next)
        p.backClicked.connect(self.back)
        p.skipClicked.connect(self.skip)
        p.restartClicked.connect(self.restart)
        p.stepChosen.connect(self.go)
        p.answerChosen.connect(self.answer)
        p.exportRequested.connect(self._export)
        p.openFileRequested.connect(self._open_file)
        self.dock.visibilityChanged.connect(self._on_dock_visibility)
        session.frameShown.connect(self._on_frame)
        session.selection.weightChanged.connect(lambda _w: self.refresh())
        session.specApplied.connect(self._on_spec)
        self.chain_panel.factorClicked.connect(self._on_factor)
        for dock in self.docks.docks.values():
            dock.visibilityChanged.connect(lambda _v: self.refresh())

    # -- the lesson -----------------------------------------------------------------------------
    def set_lesson(self, lesson) -> None:
        self.lesson = lesson
        self.language = pick_language(lesson.languages, i18n.current)
        self.progress = Progress.from_dict(lesson, _stored(lesson))
        self.panel.set_steps([s.title(self.language) for s in lesson.steps])
        self._saved = None

    def open(self, ask: bool = True, lesson=None) -> bool:
        """Show the panel and enter the step the learner was at (unsaved work is offered for saving
        first, unless ``ask`` is False: every step starts a new experiment). ``lesson``: another
        lesson to show instead, where its learner was. False if they cancelled."""
        if lesson is not None and lesson is not self.lesson:
            self.set_lesson(lesson)
        if not self.active and ask and not self.document.maybe_save():
            return False
        self.active = True
        self.dock.show()
        self.dock.raise_()
        if self.progress.finished:
            self.refresh()
        else:
            self.enter()
        return True

    def close(self) -> None:
        """Leave lesson mode: the panel goes away and nothing stays pointed at."""
        self.active = False
        self._clear_marks()
        if self.dock.isVisible():
            self.dock.hide()

    def _on_dock_visibility(self, visible: bool) -> None:
        if not visible and self.active and self.dock.isHidden():  # closed by the learner
            self.close()

    # -- moving --------------------------------------------------------------------------------
    def next(self) -> None:
        if self.progress.next():
            self._moved()

    def skip(self) -> None:
        if not self.progress.finished:
            self.progress.skip()
            self._moved()

    def back(self) -> None:
        if self.progress.finished:
            self.progress.go(self.progress.index)
            self._moved()
        elif self.progress.back():
            self._moved()

    def restart(self) -> None:
        self.progress.restart()
        self._moved()

    def go(self, index: int) -> None:
        """Open step ``index`` directly (the teacher's menu)."""
        self.progress.go(index)
        if not self.active:
            self.open()
        else:
            self._moved()

    def _moved(self) -> None:
        if self.progress.finished:
            self._clear_marks()
            self._save()
            self.refresh()
        else:
            self.enter()

    # -- a step's setup --------------------------------------------------------------------------
    def enter(self) -> None:
        """Set the app up as the current step says, point at what it names, and show it."""
        step = self.progress.step
        setup = step.setup
        session = self.session
        self._factor = self._answer = self._reading = None
        self.settled = False
        self._clear_marks()
        session.pause()
        session.selection.clear_weight()
        self.document.new_from_preset(setup.preset, ask=False)
        self._generation = session.controller.generation
        if setup.speed is not None:
            self._set_speed(setup.speed)
        if setup.select is not None:
            session.selection.select_weight(*session.spec.parse_weight(setup.select))
        if setup.views:
            self._show_only(setup.views)
        self._target = setup.train
        if setup.train:
            session.controller.step(setup.train)
        self._point(step)
        self._save()
        self.refresh()

    def _set_speed(self, speed) -> None:
        combo = self.menus.speed
        value = None if speed == "max" else speed
        if value is None:
            index = SPEEDS.index(None)
        else:
            index = min((n for n, s in enumerate(SPEEDS) if s is not None), key=lambda n: abs(SPEEDS[n] - value))
        combo.setCurrentIndex(index)

    def _show_only(self, views) -> None:
        """Show the docks of ``views`` and put the others away; of tabbed views the first is in front."""
        wanted = [k for k in (dock_key(v) for v in views) if k is not None]
        for key, dock in self.docks.docks.items():
            if key not in wanted:
                dock.hide()
        for key in reversed(list(dict.fromkeys(wanted))):
            self.docks.show(key)
        controls = self.docks.dock("controls")
        if "controls" in wanted and self.main.dockWidgetArea(controls) == self.main.dockWidgetArea(self.dock):
            # the step's text above the controls it talks about, the text with the larger share
            height = self.main.height()
            self.main.resizeDocks([self.dock, controls], [int(LESSON_SHARE * height), int((1 - LESSON_SHARE) * height)],
                                  Qt.Orientation.Vertical)
        self.docks.fit_column_later()

    def show_view(self, view: str) -> None:
        """Bring lesson view ``view`` on screen (a learner's action)."""
        key = dock_key(view)
        if key is not None:
            self.docks.show(key)

    # -- pointing ------------------------------------------------------------------------------
    def _point(self, step) -> None:
        self._point_canvas(step)
        scroll = self.controls.findChild(QScrollArea)
        factors = []
        for h in step.highlight:
            if h.kind == "view" and h.target in PLOTS:
                plot = getattr(self.plots, PLOTS[h.target])
                plot.getViewBox().setBorder(pg.mkPen(palette.MARK_BORDER, width=3))
                self._marked_plots.append(plot)
            elif h.kind == "view":
                self.show_view(h.target)
            elif h.kind == "control":
                widget = self._control(h.target)
                if widget is not None:
                    self._markers.append(Marker(widget))
                    if scroll is not None and scroll.isAncestorOf(widget):  # once the docks have their new sizes
                        QTimer.singleShot(0, lambda s=scroll, w=widget: _scroll_to(s, w))
            elif h.kind in ("factor", "factor_kind"):
                factors.append(h)
        if factors:
            self.chain_panel.set_marked(lambda node: any(self._is_factor(h, node) for h in factors))

    def _is_factor(self, h, node) -> bool:
        d = self.chain_panel.derivation
        if h.weight is not None and (d is None or d.weight != h.weight):
            return False
        return node.name == h.target if h.kind == "factor" else node.kind == h.target

    def _point_canvas(self, step) -> None:
        spec = self.session.spec
        sizes = spec.topology.sizes
        neurons, edges = [], []
        for h in step.highlight:
            if h.kind == "edge":
                try:
                    edges.append(spec.parse_weight(h.target))
                except ValueError:  # the learner's edit removed it
                    pass
            elif h.kind == "neuron":
                neurons += [(l, i) for l, n in enumerate(sizes) for i in range(n) if neuron_name(sizes, l, i) == h.target]
            elif h.kind == "layer" and h.target < len(sizes):
                neurons += [(h.target, i) for i in range(sizes[h.target])]
        if neurons or edges:
            self.session.set_highlight(neurons, edges)

    def _control(self, name: str):
        panel, menus = self.controls, self.menus
        tool = menus.toolbar.widgetForAction
        return {"presets": lambda: panel.preset, "step": lambda: tool(menus.step), "play": lambda: tool(menus.play),
                "reset": lambda: tool(menus.reset), "speed": lambda: menus.speed,
                "layers": lambda: panel.layers_box.parentWidget(), "clipping": lambda: panel.clip_mode.parentWidget(),
                "init": lambda: panel.init, "lr": lambda: panel.lr}[name]()

    def _clear_marks(self) -> None:
        for marker in self._markers:
            marker.remove()
        self._markers = []
        for plot in self._marked_plots:
            plot.getViewBox().setBorder(None)
        self._marked_plots = []
        self.chain_panel.set_marked(None)
        self.session.clear_highlight()

    def _on_spec(self, _spec) -> None:
        # a new network clears the canvas's highlight; the step still points at the same things
        if self.active and not self.progress.finished:
            self._point_canvas(self.progress.step)

    # -- what the learner does -------------------------------------------------------------------
    def _on_factor(self, derivation, node) -> None:
        if not self.active:
            return
        self._factor = FactorClick(node.name, node.kind, float(node.value), derivation.weight, derivation.k + 1,
                                   node.op == "leaf")
        self.refresh()

    def answer(self, option: str) -> None:
        self._answer = option
        self.refresh()

    def _on_frame(self, frame) -> None:
        if not self.active:
            return
        now = time.perf_counter()
        if frame.playing and now - self._last_refresh < self.session.timing.lesson_refresh:
            return
        self.refresh()

    # -- judging -------------------------------------------------------------------------------
    def _settled(self) -> bool:
        """The step's setup is on screen: its network's frame has arrived with its training done."""
        if not self.settled:
            frame, snap = self.session.last_frame, self.session.last_snapshot
            self.settled = (snap is not None and frame.generation == self._generation and not frame.playing
                            and (int(snap.step) >= self._target or bool(snap.nonfinite)))
        return self.settled

    def visible_views(self) -> frozenset:
        """The lesson's names of the views on screen."""
        shown = {"canvas"}
        if self.docks.dock("controls").isVisible():
            shown.add("controls")
        if self.docks.dock("plots").isVisible():
            shown |= {"plots", *PLOTS}
        shown |= {view for view, key in DOCKS.items() if key not in ("controls", "plots") and self.docks.is_shown(key)}
        return frozenset(shown)

    def state(self) -> LessonState:
        """The engine's view of the app as it is now (numbers: the latest reading)."""
        session = self.session
        snap = session.last_snapshot
        if self._settled() and not self.progress.finished:
            key = reading.state_key(session)
            if key is not None and (self._reading is None or self._reading.key != key):
                self._reading = reading.read(session, self.progress.step.numbers) or self._reading
        return LessonState(spec=session.spec, preset=session.preset or "", step=0 if snap is None else int(snap.step),
                           nonfinite=bool(snap is not None and snap.nonfinite), diagnosis=session.diagnosis.level,
                           selected=session.selection.weight, views=self.visible_views(), factor=self._factor,
                           answer=self._answer, numbers={} if self._reading is None else self._reading.numbers)

    def refresh(self) -> None:
        """Judge the current step on the app's state and show it."""
        if not self.active:
            return
        self._last_refresh = time.perf_counter()
        if self.progress.finished:
            page = Page(self.lesson.title(self.language), len(self.lesson.steps) - 1, len(self.lesson.steps), "", (),
                        "", False, can_back=True, finished=True, passed=self._passed())
        else:
            state = self.state()
            status = self.progress.update(state) if self.settled else self.progress.status()
            page = self._page(self.progress.step, state, status)
        self.page = page
        self.panel.show_page(page)
        self._save()
        self.pageShown.emit(page)

    def _passed(self) -> tuple:
        p = self.progress
        return tuple("done" if s.id in p.completed else "skipped" if s.id in p.skipped else "" for s in self.lesson.steps)

    def _page(self, step, state: LessonState, status) -> Page:
        lang, numbers = self.language, state.numbers

        def text(words) -> str:
            return render(words(lang), numbers, translated) if words is not None else ""

        q = step.question
        kind, question, options, clicked, verdict, explain = "", "", (), "", "", ""
        if q is not None:
            kind, question = q.kind, text(q.text)
            options = tuple((o.id, text(o.text)) for o in q.options)
            if state.factor is not None and q.kind == "factor":
                f = state.factor
                clicked = tr("You clicked {factor} = {value} (in the chain of {weight})").format(
                    factor=f.name, value=number_text(f.value), weight=f.weight)
            if status.task_done and status.answered:
                verdict, explain = "right", text(q.explain)
            elif status.wrong:
                verdict = "wrong"
            elif q.answered(state) and not status.task_done:
                verdict = "early"
        return Page(self.lesson.title(lang), self.progress.index, len(self.lesson.steps), step.title(lang),
                    tuple(text(step.text).split("\n\n")), text(step.task.text), status.task_done,
                    done=text(step.task.done) if status.task_done and step.task.done else "",
                    question=question, kind=kind, options=options, answer=state.answer, clicked=clicked,
                    verdict=verdict, explain=explain, numbers_note=self._numbers_note(step),
                    can_back=self.progress.can_back(), can_next=self.progress.can_next(), passed=self._passed())

    def _numbers_note(self, step) -> str:
        if not step.numbers:
            return ""
        r, snap = self._reading, self.session.last_snapshot
        if r is None:
            return tr("The numbers appear once the step is set up.")
        if snap is not None and (self.session.playing or int(snap.step) != r.step):
            return tr("Numbers as of step {step}; they are brought up to date when training pauses.").format(
                step=f"{r.step:,}")
        return tr("Numbers at step {step}, as on screen.").format(step=f"{r.step:,}")

    # -- remembering -----------------------------------------------------------------------------
    def _save(self) -> None:
        data = self.progress.to_dict()
        if data != self._saved:
            self._saved = data
            settings.put(PROGRESS_KEY.format(id=self.lesson.id), json.dumps(data))

    # -- the teacher's menu ----------------------------------------------------------------------
    def _open_file(self) -> None:
        path = get_lesson_path(self.main)
        lesson = read_lesson(path, self.document) if path else None
        if lesson is not None:
            self.open(lesson=lesson)

    def _export(self) -> None:
        from .figures import export_figures

        export_figures(self)


def _scroll_to(scroll: QScrollArea, widget) -> None:
    """Scroll ``widget`` into view vertically (the controls' labels stay in view on the left)."""
    scroll.ensureWidgetVisible(widget, 0, 40)
    scroll.horizontalScrollBar().setValue(0)


def _stored(lesson):
    """The progress stored for ``lesson`` (anything unreadable counts as none)."""
    raw = settings.get(PROGRESS_KEY.format(id=lesson.id), "")
    try:
        return json.loads(raw) if raw else None
    except (ValueError, RecursionError):
        return None


__all__ = ["LessonHost", "LessonMode", "read_lesson", "dock_key"]
