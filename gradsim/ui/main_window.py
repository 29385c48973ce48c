"""The main window: where the pieces are put together, and nothing else.

It makes one :class:`~gradsim.ui.session.Session` (the run and everything a view shows of it) and
gives it to every view: the canvas and its colour key in the centre, the docks of
:mod:`gradsim.ui.views` around it (controls left, plots below, teaching views right), the status bar.
It creates the :class:`~gradsim.ui.document.Document` (files, autosave), the
:class:`~gradsim.ui.exports.Exports`, the side windows, and then the actions, toolbar and menus
(:func:`gradsim.ui.menus.build`), and wires the frame pipeline of :mod:`gradsim.ui.pacing`: the
training thread's frames reach the views in stages -- the history, the canvas and the counters;
the plots, when due, on an event-loop turn of their own; then the session's verdict and the
teaching views (their own turn when the frame brings something heavier than numbers).

Choosing another language asks for a new window (``languageChosen``): whoever creates windows
(:mod:`gradsim.ui.app`) reopens the work in one built with the new translators.
"""

from __future__ import annotations

import pyqtgraph as pg
import shiboken6

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from gradsim.engine.presets import ALL_PRESETS, preset_names

from . import i18n, look, settings, theme
from .canvas.unrolled import UnrolledCanvas
from .canvas.view import NetworkCanvas
from .document import Document
from .exports import Exports
from .i18n import tr
from .keys import SpaceForControls
from .menus import build as build_menus
from .pacing import DrawingHold, FramePipeline, Stage
from .session import Session
from .side_windows import SideWindows
from .status_bar import StatusBar
from .views.docks import Docks
from .widgets.color_legend import ColorLegend


class MainWindow(QMainWindow):
    languageChosen = Signal(str)   # a language to reopen the window in (see gradsim.ui.app)

    def __init__(self, preset: str = "seed-2-2-2", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("gradsimMainWindow")
        self.session = session = Session(self)
        self.lesson = None   # the lesson mode, once Help → Lesson opened it (gradsim.ui.lesson.mode)
        try:
            self._build(session)
            session.load_preset(preset if preset in ALL_PRESETS else preset_names()[0])
        except BaseException:
            session.shutdown()  # a half-built window never leaves a running training thread behind
            raise
        self.canvas.setFocus()

    def _build(self, session: Session) -> None:
        # centre: the canvas over its colour key
        self.canvas = NetworkCanvas(session)
        self.legend = ColorLegend(self.canvas.scale)
        self.canvas.scaleChanged.connect(self.legend.update)
        network = QWidget()
        lay = QVBoxLayout(network)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.canvas, 1)
        lay.addWidget(self.legend)
        # a recurrent network is drawn unrolled through time instead (the canvas keeps its readout)
        self.unrolled = UnrolledCanvas(session)
        self.centre = QStackedWidget()
        self.centre.addWidget(network)
        self.centre.addWidget(self.unrolled)
        central = QWidget()  # a column, so that a bar (the lesson's first-start offer) can sit above the picture
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.centre, 1)
        self.setCentralWidget(central)
        # around it
        self.docks = Docks(self, session)
        self.panel = self.docks.widget("controls")
        self.plots = self.docks.widget("plots")
        self.panel.presetChosen.connect(self.choose_preset)
        for view in (self.panel, self.canvas, self.plots):  # they lay each spec out, all or nothing
            session.add_layout(view)
        self.status = StatusBar(session)
        self.setStatusBar(self.status)
        self.document = Document(session, self)
        self.document.titleChanged.connect(self._show_title)
        self.exports = Exports(session, self.canvas, self.plots, self.document, self,
                               [w for w in self.docks.widgets.values() if hasattr(w, "export_items")])
        self.side = SideWindows(session, self)
        self.panel.aboutPresetRequested.connect(self.side.show_preset_notes)
        self.menus = build_menus(self, session, canvas=self.canvas, document=self.document, exports=self.exports,
                                 docks=self.docks, side=self.side, choose_preset=self.choose_preset,
                                 set_theme=self.set_theme, choose_language=self.choose_language,
                                 open_lesson=self.open_lesson, set_presenting=self.set_presenting)
        self.setAcceptDrops(True)
        self._apply_look(settings.get("view/presentation", False))
        self.resize(1280, 800)
        self.resizeDocks([self.docks.dock("controls")], [330], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks.dock("plots")], [250], Qt.Orientation.Vertical)
        # frames: the training thread's snapshots, shown in stages (see gradsim.ui.pacing)
        self.frames = FramePipeline(session.controller, lambda: session.history.stride, session.timing, self)
        self.frames.stages = [
            Stage(self._show_counters),
            Stage(lambda frame: self.plots.show_frame(frame, paced=True), own_turn=self.plots.plan_redraw),
            Stage(session.commit, own_turn=lambda frame: frame.extras.heavy),
        ]
        session.controller.frameReceived.connect(self.frames.receive)
        session.specApplied.connect(self._on_spec_applied)
        session.speedChanged.connect(self.frames.set_speed)
        self.drawing_hold = DrawingHold(session.controller, self)
        for view in self.findChildren(pg.GraphicsView):  # canvas, plots and the teaching views
            self.drawing_hold.watch(view.viewport())
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(session.controller.shutdown)
            self._space_guard = SpaceForControls(self)
            app.installEventFilter(self._space_guard)
        self._name_for_assistive_tools()

    def _name_for_assistive_tools(self) -> None:
        """Accessible names and descriptions of the custom-drawn widgets (a screen reader sees
        nothing of what they paint)."""
        for widget, name, description in (
                (self.canvas, tr("Network canvas"),
                 tr("The network: edges coloured by |∂E/∂w|. Select a weight with Ctrl+G, or . and , to step "
                    "through the weights")),
                (self.legend, tr("Colour key"), tr("Colour scale of the gradients, from its smallest to its "
                                                   "largest power of ten")),
                (self.plots, tr("Training plots"), tr("Gradient norms, gradient flow, loss and backward gain")),
                (self.plots.view, tr("Training plots"), tr("Gradient norms, gradient flow, loss and backward gain"))):
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)

    def _show_counters(self, frame) -> None:
        self.session.take_rows(frame)
        self.canvas.show_frame(frame)
        self.status.show_counters(frame)

    def _on_spec_applied(self, spec) -> None:
        self.centre.setCurrentIndex(1 if getattr(spec, "recurrent", None) is not None else 0)
        self.frames.drop()  # a frame of the network just replaced is no longer shown
        self.frames.cost.restart()  # building the network is not the cost of a frame

    def _show_title(self, title: str, modified: bool) -> None:
        if shiboken6.isValid(self):
            self.setWindowTitle(title)
            self.setWindowModified(modified)

    # -- what the menus and the controls ask of the window ----------------------------------------
    def choose_preset(self, name: str) -> bool:
        """The user picked preset ``name``: a new experiment, so unsaved edits or training are offered
        for saving first, as File → New does. False if they cancelled (the preset list then shows
        the current network again)."""
        if self.document.new_from_preset(name):
            return True
        self.panel.set_spec(self.session.spec)
        return False

    def open_lesson(self, path=None, ask: bool = True) -> bool:
        """Help → Lesson: the built-in lesson, or the lesson file ``path``, in its side panel (see
        :mod:`gradsim.ui.lesson.mode`). A file that cannot be used is one message, and the window
        and a lesson already open stay as they were. ``ask`` False: the work on screen is the
        lesson's own (a window reopened in another language), so it is not offered for saving."""
        from .lesson.mode import LessonHost, LessonMode, read_lesson

        lesson = read_lesson(path, self.document)
        if lesson is None:
            return False
        if self.lesson is None:
            host = LessonHost(self, self.document, self.docks, self.menus, controls=self.panel, plots=self.plots,
                              chain_panel=self.docks.widget("chain-rule").chain_panel)
            self.lesson = LessonMode(self.session, host, lesson)
        return self.lesson.open(ask, lesson)

    def set_theme(self, mode: str) -> str:
        """View → Theme: remember ``mode`` and apply it now; returns the theme used."""
        settings.put("theme", mode)
        name = theme.apply(QApplication.instance(), mode)
        self.session.show_message(tr("Theme: {}").format({"light": tr("Light"), "dark": tr("Dark")}[name]))
        settings.report(self.session.show_message)  # the choice could not be stored
        return name

    def set_presenting(self, on: bool) -> None:
        """View → Presentation mode: remember it and restyle every view now."""
        settings.put("view/presentation", bool(on))
        self._apply_look(on)
        self.session.show_message(tr("Presentation mode on") if on else tr("Presentation mode off"))
        settings.report(self.session.show_message)  # the choice could not be stored

    def _apply_look(self, on: bool) -> None:
        look.set_presenting(on)
        app = QApplication.instance()
        # the widgets' text size is the theme's style sheet's (an unthemed app, as in tests, stays so
        # until presentation mode is asked for)
        if app is not None and (app.styleSheet() or on) and app.styleSheet() != theme.stylesheet(theme.current):
            app.setStyleSheet(theme.stylesheet(theme.current))
        self.canvas.restyle()
        self.legend.restyle()
        self.plots.restyle()

    def choose_language(self, code: str) -> None:
        """View → Language: remember ``code``. The window is reopened in it by whoever made the window
        (``languageChosen``), unless it is the language shown or dialogs are off (``--selftest``):
        then the choice applies from the next start."""
        settings.put("language", code)
        if i18n.resolve(code) == i18n.current or not self.document.interactive:
            self.session.show_message(tr("Language: {}").format(i18n.LANGUAGES[i18n.resolve(code)]))
            settings.report(self.session.show_message)  # the choice could not be stored
            return
        self.languageChosen.emit(code)

    # -- Qt events ---------------------------------------------------------------------------------
    def resizeEvent(self, event):  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.docks.fit_sides(event.size().width(), event.size().height())
        self.docks.fit_column_later()

    def showEvent(self, event):  # noqa: N802 - Qt API
        super().showEvent(event)
        self.docks.fit_column_later()

    def dragEnterEvent(self, event):  # noqa: N802 - Qt API
        if Document.dropped_file(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event):  # noqa: N802 - Qt API
        if Document.dropped_file(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802 - Qt API
        path = Document.dropped_file(event.mimeData())
        if path:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.document.open(path))

    def closeEvent(self, event):  # noqa: N802 - Qt API
        if not self.document.close_requested():  # unsaved changes: the user cancelled
            event.ignore()
            return
        settings.save_window(self, self.session.preset)
        self.side.shutdown()  # compare windows and their threads
        self.frames.stop()
        self.drawing_hold.release()
        self.session.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._space_guard)
        super().closeEvent(event)
