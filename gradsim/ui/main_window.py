"""The main window: canvas in the centre, controls docked left, plots docked below.

The window holds the one current :class:`RunSpec`. Every change to it goes through
:meth:`MainWindow.request_edit` / :meth:`MainWindow.try_edit`, which validate (an invalid edit is
explained in the status bar and not applied) and push a :class:`SpecEditCommand` on the undo stack;
applying a spec resets training with a new generation number, so snapshots still in flight from
the previous network are recognised and dropped. The learning rate is the exception: it goes
straight to the running trainer.

Data flow: worker thread → ``TrainingController.snapshotReceived`` (GUI thread) →
:meth:`MainWindow._on_snapshot`, which extends the bounded history with the snapshot's rows,
recolours the canvas, refreshes the plots and the diagnosis, then acknowledges the snapshot so
the worker may send the next one. While training runs, that work is split into stages run on
successive event-loop turns (canvas and counters, then the plots, then the diagnosis and the
teaching views), so no single event holds the GUI thread for long; a paused run's snapshot is
shown in one go. ``last_snapshot`` and ``snapshotApplied`` follow the last stage, so whoever reads
them sees a consistent window. The acknowledgement carries a delay from :class:`FrameCost`, which
keeps the cost of showing the run to a small share of the time.
"""

from __future__ import annotations

import math
import time

import pyqtgraph as pg
import numpy as np
import shiboken6

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QApplication, QComboBox, QDockWidget, QLabel, QMainWindow, QSizePolicy, QStyle, QVBoxLayout,
                               QWidget)

from gradsim.engine import edits
from gradsim.engine.presets import PRESETS, load_preset, preset_names
from gradsim.engine.spec import RunSpec

from .canvas import EditRequest, NetworkCanvas, layer_title, weight_lines
from .colors import ColorLegend, sci
from .commands import SpecEditCommand
from .diagnosis import LEVEL_COLORS, Diagnosis, diagnose, idle
from .panel import ControlPanel
from .plots import PlotsPanel
from .teaching import install_teaching
from .worker import SPEEDS, TrainingController, WindowHistory
from .i18n import tr
from .engine_text import error_text, paused_text
from .preset_text import notes as preset_notes
from .preset_text import summary as preset_summary
from .theme import message_color

HISTORY_ROWS = 4096
# Showing snapshots (worker's copies + GUI thread's handling, painting and whatever else the GUI
# thread runs meanwhile) may take about this share of the CPU time; training gets the rest.
GUI_SHARE = 0.06         # of the time, for showing snapshots while training runs flat out ("max")
GUI_SHARE_PACED = 0.3    # ... at a chosen pace (steps/s): training leaves the CPU idle, animate smoothly
MESSAGE_MS = 12_000
PLOT_EVERY = 3             # frames between two redraws of the plots while training runs, at least
DIAGNOSIS_INTERVAL = 0.25  # seconds between two diagnoses while training runs (it reads the last steps)
# snapshot extras whose views take a while to update: shown on an event-loop turn of their own
HEAVY_EXTRAS = ("derivation", "boundary", "neuron_grids", "check", "points")


class FrameCost:
    """Paces snapshots so that showing them takes about ``share`` of the time.

    Python threads share one GIL, and PySide keeps it while Qt paints, so every millisecond of CPU
    the GUI thread uses is a millisecond the worker cannot train. The cost of a frame is measured
    as CPU time, not wall time (which, with two threads taking turns on the GIL, mostly measures
    waiting): the GUI thread's CPU since the previous frame was shown -- the snapshot's handlers,
    the paints they cause, timers and input in between -- plus the worker's CPU for preparing the
    snapshot (``extra["cost_s"]``).

    The pacing is a budget (a token bucket): it earns ``share`` seconds per second, keeps at most
    ``BURST`` of unspent budget and owes at most ``MAX_DEBT``; each frame spends its cost, and the
    next snapshot is asked for once the budget is out of debt. So the share holds on average
    whatever a frame costs -- cheap frames come up to the worker's 30 a second, a frame that also
    redraws the plots just delays the next one -- and a one-off cost (the first paint, a dialog)
    causes one short pause rather than a slow frame rate for a while.
    """

    BURST = 0.01      # seconds of unspent budget kept (a paused run does not save up for a burst)
    MAX_DEBT = 0.03   # seconds of budget a frame may overspend (bounds the pause after a spike)

    def __init__(self, share: float = GUI_SHARE):
        self.share = share
        self.estimate = 0.0   # smoothed CPU seconds per frame (for display and tests)
        self.frames = 0
        self.restart()

    def restart(self) -> None:
        """Start a fresh budget (a new network was built: that is not the cost of a frame)."""
        self._cpu, self._t = time.thread_time(), time.perf_counter()
        self.balance = 0.0

    def frame(self, worker_cost: float = 0.0) -> float:
        """A frame has been shown: the delay in seconds before the next snapshot should be sent."""
        cpu, now = time.thread_time(), time.perf_counter()
        cost = max(0.0, cpu - self._cpu) + max(0.0, worker_cost)
        earned = self.share * max(0.0, now - self._t)
        self._cpu, self._t = cpu, now
        self.balance = max(-self.MAX_DEBT, min(self.BURST, self.balance + earned) - cost)
        self.frames += 1
        self.estimate = cost if self.estimate == 0 else 0.8 * self.estimate + 0.2 * cost
        return max(0.0, -self.balance / self.share)


class StatLabel(QLabel):
    """A status-bar figure that changes with every snapshot without relayouting the window.

    ``QLabel.setText`` invalidates the layout unless the label's size is fixed, and relayouting
    the main window (status bar, docks and their animations) cost ~0.5 ms of the GUI thread per
    snapshot. This label has a fixed size that only grows, when a text needs more room.
    """

    def __init__(self, min_width: int):
        super().__init__()
        self.setFixedSize(min_width, super().sizeHint().height())

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        if text == self.text():
            return
        super().setText(text)
        self._fit()

    def _fit(self) -> None:
        hint = super().sizeHint()  # the text plus margins and the style sheet's padding
        width, height = max(self.minimumWidth(), hint.width()), hint.height()
        if (width, height) != (self.minimumWidth(), self.minimumHeight()):
            self.setFixedSize(width, height)

    def changeEvent(self, event):  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()


class LabelHost(QWidget):
    """Holds a label outside any layout, so that changing its text does not relayout the window.

    A label whose size is not fixed invalidates its parent's layout on every ``setText``; in the
    status bar that relayouts the whole main window (docks, their animations). The host takes the
    label's place in the status bar and simply gives it all of its own area.
    """

    def __init__(self, label: QLabel):
        super().__init__()
        self.label = label
        label.setParent(self)
        self.setSizePolicy(label.sizePolicy())
        self.setMinimumWidth(label.minimumWidth())

    def sizeHint(self):  # noqa: N802 - Qt API
        return QSize(self.minimumWidth(), self.label.sizeHint().height())

    def minimumSizeHint(self):  # noqa: N802 - Qt API
        return self.sizeHint()

    def resizeEvent(self, event):  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.label.setGeometry(self.rect())


class DrawingHold(QObject):
    """Pauses the training worker while the GUI thread paints the views that change with snapshots.

    The worker would otherwise take the GIL back at every numpy call of the GUI thread that releases
    it, and each such hand-over costs both threads CPU (measured: the same canvas update took 1.5-3×
    the CPU while the worker competed). Held from a paint event of a watched viewport until the event
    loop next runs its timers (the paints of one update all happen in between); the worker pauses only
    between two steps and for at most ``worker.MAX_HOLD`` at a time.
    """

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self._controller = controller
        self._hold = None
        self._release = QTimer(self)
        self._release.setSingleShot(True)
        self._release.setInterval(0)
        self._release.timeout.connect(self.release)

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and self._hold is None:
            self._hold = self._controller.hold()
            self._hold.__enter__()
            self._release.start()
        return False

    def release(self) -> None:
        if self._hold is not None:
            hold, self._hold = self._hold, None
            hold.__exit__(None, None, None)


class MainWindow(QMainWindow):
    weightSelected = Signal(int, int, int)
    snapshotApplied = Signal(object)   # after the views were updated from a snapshot
    specApplied = Signal(object)       # after a new spec was applied (training reset)

    def __init__(self, preset: str = "seed-2-2-2", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("gradsimMainWindow")
        self.spec: RunSpec | None = None
        self.history = WindowHistory(1, HISTORY_ROWS)
        self.last_snapshot = None
        self.playing = False
        self.diagnosis = Diagnosis("idle", "")
        self._selection_message = ""   # the status line naming the selected weight's numbers
        self.last_error = ""
        self.status_message = ""
        self.snapshots_received = 0
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._update_title)
        # centre: canvas over its colour legend
        self.canvas = NetworkCanvas()
        self.legend = ColorLegend(self.canvas.scale)
        self.canvas.scaleChanged.connect(self.legend.update)
        self.canvas.editRequested.connect(self.request_edit)
        self.canvas.weightSelected.connect(self._on_weight_selected)
        centre = QWidget()
        lay = QVBoxLayout(centre)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.canvas, 1)
        lay.addWidget(self.legend)
        self.setCentralWidget(centre)

        # docks
        self.panel = ControlPanel()
        self.panel.presetChosen.connect(self.choose_preset)
        self.panel.editRequested.connect(self.request_edit)
        self.panel.specEdited.connect(self.try_edit)
        self.panel.lrChanged.connect(self.set_lr)
        self.panel_dock = QDockWidget(tr("Controls"), self)
        self.panel_dock.setObjectName("controlsDock")
        self.panel_dock.setWidget(self.panel)
        self.panel_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                    | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.panel_dock)
        self.plots = PlotsPanel()
        self.plots_dock = QDockWidget(tr("Plots"), self)
        self.plots_dock.setObjectName("plotsDock")
        self.plots_dock.setWidget(self.plots)
        self.plots_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                    | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.plots_dock)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)

        self._build_actions()
        self._build_status_bar()
        self.teaching = install_teaching(self)  # issue 4: chain rule, step-through, explorer, boundary, notes
        self.frame_cost = FrameCost()
        self._frame = None          # the snapshot being shown (stages still to run), or None
        self._stages: list = []
        self._stage_timer = QTimer(self)
        self._stage_timer.setSingleShot(True)
        self._stage_timer.setInterval(0)
        self._stage_timer.timeout.connect(self._run_stage)
        self._ack_pending = None    # a shown snapshot whose acknowledgement is on its way
        self._last_diagnosis = 0.0
        self._frames_since_plots = 0
        self._redraw_plots = True
        self._ack_timer = QTimer(self)
        self._ack_timer.setSingleShot(True)
        self._ack_timer.setInterval(0)
        self._ack_timer.timeout.connect(self._send_ack)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(lambda: self.show_message(""))

        self.resize(1280, 800)
        self.resizeDocks([self.panel_dock], [330], Qt.Orientation.Horizontal)
        self.resizeDocks([self.plots_dock], [250], Qt.Orientation.Vertical)

        # the training thread starts last, and is stopped again if anything below fails, so a
        # half-built window never leaves a running QThread behind
        self.controller = TrainingController(self)
        self.controller.snapshotReceived.connect(self._on_snapshot)
        self.controller.runningChanged.connect(self._on_running_changed)
        self.controller.errorOccurred.connect(self._on_worker_error)
        self.drawing_hold = DrawingHold(self.controller, self)
        for view in self.findChildren(pg.GraphicsView):  # canvas, plots and the teaching views
            self.drawing_hold.watch(view.viewport())
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.controller.shutdown)
        try:
            self.load_preset(preset if preset in PRESETS else preset_names()[0])
        except BaseException:
            self.controller.shutdown()
            raise
        self.canvas.setFocus()
        from .desktop import install_desktop  # issue 5: File menu, settings, exports, themes, help
        install_desktop(self)

    # -- construction --------------------------------------------------------------------------
    def _build_actions(self) -> None:
        style = self.style()
        tb = self.addToolBar(tr("Run"))
        tb.setObjectName("runToolbar")
        tb.setMovable(False)
        tb.setIconSize(QSize(18, 18))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._play_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        self._pause_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPause)
        self.play_action = QAction(self._play_icon, tr("Play"), self)
        self.play_action.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.play_action.setToolTip(tr("Play / pause training (Space)"))
        self.play_action.triggered.connect(self.toggle_play)
        self.step_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward), tr("Step"), self)
        self.step_action.setShortcuts([QKeySequence("S"), QKeySequence(Qt.Key.Key_Right)])
        self.step_action.setToolTip(tr("One optimiser step (S)"))
        self.step_action.triggered.connect(self.step)
        self.reset_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload), tr("Reset"), self)
        self.reset_action.setShortcuts([QKeySequence("Ctrl+R"), QKeySequence("R")])
        self.reset_action.setToolTip(tr("Re-initialise with the same seed (R)"))
        self.reset_action.triggered.connect(self.reset)
        for a in (self.play_action, self.step_action, self.reset_action):
            tb.addAction(a)
        tb.addSeparator()
        tb.addWidget(QLabel(tr(" Speed ")))
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(tr("max") if s is None else tr("{} steps/s").format(s), s)
        self.speed.setCurrentIndex(len(SPEEDS) - 1)
        self.speed.setToolTip(tr("Training speed (steps per second); 'max' trains as fast as the CPU allows"))
        self.speed.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.speed.currentIndexChanged.connect(self._speed_changed)
        tb.addWidget(self.speed)
        tb.addSeparator()
        self.undo_action = self.undo_stack.createUndoAction(self, tr("Undo"))
        self.undo_action.setShortcuts([QKeySequence.StandardKey.Undo])
        self.undo_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.redo_action = self.undo_stack.createRedoAction(self, tr("Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        tb.addAction(self.undo_action)
        tb.addAction(self.redo_action)
        for a in (self.undo_action, self.redo_action):  # their text names the edit: keep it in the tooltip
            tb.widgetForAction(a).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        tb.addSeparator()
        self.add_layer_action = QAction(tr("+ Layer"), self)
        self.add_layer_action.setToolTip(tr("Add a hidden layer before the output"))
        self.add_layer_action.triggered.connect(
            lambda: self.request_edit(EditRequest("insert_layer", (self.spec.topology.depth,), tr("Add hidden layer"))))
        self.remove_layer_action = QAction(tr("− Layer"), self)
        self.remove_layer_action.setToolTip(tr("Remove the last hidden layer"))
        self.remove_layer_action.triggered.connect(
            lambda: self.request_edit(EditRequest("remove_layer", (self.spec.topology.depth - 1,),
                                                  tr("Remove H{}").format(self.spec.topology.depth - 1))))
        self.fit_action = QAction(tr("Fit view"), self)
        self.fit_action.setShortcut(QKeySequence("F"))
        self.fit_action.setToolTip(tr("Fit the whole network in the view (F); wheel zooms, drag pans"))
        self.fit_action.triggered.connect(self.canvas.fit)
        for a in (self.add_layer_action, self.remove_layer_action, self.fit_action):
            tb.addAction(a)

        mb = self.menuBar()
        m = mb.addMenu(tr("&File"))
        quit_action = QAction(tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        m.addAction(quit_action)
        m = mb.addMenu(tr("&Edit"))
        m.addAction(self.undo_action)
        m.addAction(self.redo_action)
        m.addSeparator()
        m.addAction(self.add_layer_action)
        m.addAction(self.remove_layer_action)
        restore = QAction(tr("Restore all removed edges"), self)
        restore.triggered.connect(lambda: self.request_edit(EditRequest("restore_all_edges", (), tr("Restore all edges"))))
        m.addAction(restore)
        m = self.run_menu = mb.addMenu(tr("&Run"))
        for a in (self.play_action, self.step_action, self.reset_action):
            m.addAction(a)
        self.presets_menu = mb.addMenu(tr("&Presets"))
        for name in preset_names():
            act = QAction(f"{name}  —  {preset_summary(name)}", self)
            act.setStatusTip(preset_summary(name))
            act.setToolTip(preset_notes(name))
            act.triggered.connect(lambda _=False, n=name: self.choose_preset(n))
            self.presets_menu.addAction(act)
        self.presets_menu.setToolTipsVisible(True)
        m = self.view_menu = mb.addMenu(tr("&View"))
        m.addAction(self.fit_action)
        m.addAction(self.panel_dock.toggleViewAction())
        m.addAction(self.plots_dock.toggleViewAction())

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        sb.setSizeGripEnabled(False)
        self.message_label = QLabel()
        self.message_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.message_label.setMinimumWidth(40)
        sb.addWidget(LabelHost(self.message_label), 2)
        self.diagnosis_label = QLabel()
        self.diagnosis_label.setObjectName("diagnosis")
        self.diagnosis_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.diagnosis_label.setMinimumWidth(200)
        sb.addPermanentWidget(LabelHost(self.diagnosis_label), 5)
        self.step_label = StatLabel(92)
        self.loss_label = StatLabel(150)
        self.rate_label = StatLabel(96)
        for w in (self.step_label, self.loss_label, self.rate_label):
            sb.addPermanentWidget(w)

    # -- spec and edits ------------------------------------------------------------------------
    def choose_preset(self, name: str) -> bool:
        """The user picked preset ``name``: a new experiment, so unsaved edits or training are offered
        for saving first, as File → New does (see :meth:`Document.new_from_preset`). False if they
        cancelled (the preset list then shows the current network again)."""
        doc = getattr(self, "document", None)
        if doc is None:
            self.load_preset(name)
            return True
        if doc.new_from_preset(name):
            return True
        self.panel.set_spec(self.spec)
        return False

    def load_preset(self, name: str) -> None:
        """Start over with preset ``name`` (clears the undo history: a new experiment)."""
        spec = load_preset(name)
        self.current_preset = name
        self.undo_stack.clear()
        self.apply_spec(spec)
        self.show_message(tr("Loaded preset {}").format(name))

    def apply_spec(self, spec: RunSpec) -> None:
        """Make ``spec`` (already valid) current and restart training from its initial state.

        All or nothing: the views that could refuse ``spec`` (a value a control cannot hold, a
        network too large to draw) take it first; if one raises, those already changed are given
        the current spec (and snapshot) back and the exception propagates, with the network,
        its training and the undo history untouched."""
        new = spec.copy()
        self._show_spec(new)
        self.spec = new
        depth = self.spec.topology.depth
        self._drop_frame()
        self.history = WindowHistory(depth, HISTORY_ROWS)
        self.last_snapshot = None
        self._set_playing(False)
        self.controller.reset(self.spec)
        self.add_layer_action.setEnabled(True)
        self.remove_layer_action.setEnabled(depth > 1)
        self._show_diagnosis(idle())
        self._update_stats(None)
        self._update_title()
        self.specApplied.emit(self.spec)
        self.frame_cost.restart()

    def _show_spec(self, spec: RunSpec) -> None:
        """Lay ``spec`` out in the panel, the canvas and the plots, or leave them as they were."""
        changed, selected = [], self.canvas.selected
        try:
            for view in (self.panel, self.canvas):
                changed.append(view)
                view.set_spec(spec)
            changed.append(self.plots)
            self.plots.set_layers(self.layer_names(spec))
            self.plots.set_has_test(spec.data.name != "seed" and spec.data.test_fraction > 0)
        except BaseException:
            old, snap = self.spec, self.last_snapshot
            if old is not None:
                for view in changed:
                    if view is self.plots:
                        self.plots.set_layers(self.layer_names())
                        self.plots.set_has_test(old.data.name != "seed" and old.data.test_fraction > 0)
                        self.plots.update_from(self.history, snap)
                    else:
                        view.set_spec(old)
                        if view is self.canvas:
                            if snap is not None:
                                self.canvas.set_snapshot(snap)
                            if selected is not None:
                                self.canvas.select_weight(*selected, emit=False)
            raise

    def layer_names(self, spec: RunSpec | None = None) -> list[str]:
        spec = self.spec if spec is None else spec
        return [layer_title(spec, k + 1) for k in range(spec.topology.depth)]

    def request_edit(self, request: EditRequest) -> bool:
        """Run an :mod:`gradsim.engine.edits` operation on the current spec, then :meth:`try_edit`."""
        fn = getattr(edits, request.op, None)
        if fn is None:
            self.show_message(tr("Unknown edit {!r}").format(request.op), error=True)
            return False
        try:
            new = fn(self.spec, *request.args)
        except edits.EditError as exc:
            self.show_message(error_text(exc), error=True)
            self.panel.set_spec(self.spec)
            return False
        return self.try_edit(new, request.text)

    def try_edit(self, new: RunSpec, text: str) -> bool:
        """Apply ``new`` as an undoable edit if it is valid; otherwise say why and change nothing."""
        new = new.copy()
        new.train.lr = self.spec.train.lr
        try:
            new.validate()
        except ValueError as exc:
            self.show_message(tr("Can't apply “{}”: {}").format(text, error_text(exc)), error=True)
            self.panel.set_spec(self.spec)
            return False
        self.undo_stack.push(SpecEditCommand(self._apply_from_undo, self.spec, new, text))
        self.show_message(tr("{} — training reset").format(text))
        return True

    def _apply_from_undo(self, spec: RunSpec) -> None:
        # the learning rate is live, not part of the edit history: keep the current one
        if self.spec is not None:
            spec.train.lr = self.spec.train.lr
        self.apply_spec(spec)

    def set_lr(self, lr: float) -> None:
        """Change the learning rate of the running training (no reset)."""
        if not (math.isfinite(lr) and lr > 0):
            self.show_message(tr("Learning rate must be above 0, got {!r}").format(lr), error=True)
            return
        self.spec.train.lr = float(lr)
        self.controller.set_lr(float(lr))
        if abs(self.panel.lr.value() - lr) > 1e-12:
            self.panel.lr.blockSignals(True)
            self.panel.lr.setValue(lr)
            self.panel.lr.blockSignals(False)
        self.show_message(tr("Learning rate {:g} (applies from the next step)").format(lr))

    # -- run control ---------------------------------------------------------------------------
    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        if self.last_snapshot is not None and self.last_snapshot.nonfinite:
            self.show_message(tr("This run hit non-finite values: press Reset (R) to start again, after lowering "
                              "the learning rate or enabling clipping"), error=True)
            return
        self._set_playing(True)
        self.controller.play()

    def pause(self) -> None:
        self._set_playing(False)
        self.controller.pause()

    def step(self) -> None:
        if self.last_snapshot is not None and self.last_snapshot.nonfinite:
            self.show_message(tr("This run hit non-finite values: press Reset (R) to start again"), error=True)
            return
        self._set_playing(False)
        self.controller.step(1)

    def reset(self) -> None:
        """Re-initialise with the same spec and seed (the edit history is kept)."""
        self.apply_spec(self.spec)
        self.show_message(tr("Reset: same network, seed {}").format(self.spec.train.seed))

    def _speed_changed(self, _index: int) -> None:
        speed = self.speed.currentData()
        self.frame_cost.share = GUI_SHARE if speed is None else GUI_SHARE_PACED
        self.controller.set_speed(speed)

    def _set_playing(self, playing: bool) -> None:
        self.playing = playing
        self.play_action.setText(tr("Pause") if playing else tr("Play"))
        self.play_action.setIcon(self._pause_icon if playing else self._play_icon)

    def _on_running_changed(self, playing: bool) -> None:
        self._set_playing(playing)

    # -- snapshots -----------------------------------------------------------------------------
    def _on_snapshot(self, snap) -> None:
        if snap.extra.get("generation") != self.controller.generation:
            self.controller.ack()  # from a network already replaced: drop it, ask for the next one
            return
        if self._frame is not None:  # cannot happen (one snapshot per acknowledgement), but be safe
            self._drop_frame(ack=False)
        self.snapshots_received += 1
        self._frame = snap
        self._stages = self._plan_stages(snap)
        if snap.extra.get("playing", False):
            self._run_stage()  # the first turn now, the others on the next turns of the event loop
        else:
            while self._frame is snap:  # paused, stepping, reset: nothing competes, show it at once
                self._run_stage()

    def _plan_stages(self, snap) -> list[list]:
        """The work of showing ``snap``, one list of steps per event-loop turn.

        Canvas and counters first; the plots (when due, a few times a second, and at most every
        ``PLOT_EVERY``-th frame, so that a slow frame rate is not slowed further by redrawing them
        every frame) on a turn of their own, then the diagnosis and the teaching views (a turn of
        their own when the snapshot brings something heavier to show than numbers). Each turn then
        holds the GUI thread for a few milliseconds at most, and a frame with nothing heavy is a
        single turn.
        """
        self._frames_since_plots += 1
        self._redraw_plots = self._frames_since_plots >= PLOT_EVERY and self.plots.lines_due()
        turns = [[self._show_canvas]]
        if self._redraw_plots:
            self._frames_since_plots = 0
            turns.append([])
        turns[-1].append(self._show_plots)
        if any(key in snap.extra for key in HEAVY_EXTRAS):
            turns.append([])
        turns[-1].append(self._show_rest)
        return turns

    def _run_stage(self) -> None:
        snap = self._frame
        if snap is None or not self._stages:
            return
        turn = self._stages.pop(0)
        try:
            with self.controller.hold():
                for step in turn:
                    step(snap)
                    if self._frame is not snap:
                        return  # a step replaced the network (e.g. a handler applied a new spec)
        except BaseException:
            if self._frame is snap:
                self._finish_frame(snap)
            raise
        if self._stages:
            if snap.extra.get("playing", False):
                self._stage_timer.start()
        else:
            self._finish_frame(snap)

    def _finish_frame(self, snap) -> None:
        self._frame, self._stages = None, []
        self._stage_timer.stop()
        self._ack_pending = snap
        if snap.extra.get("playing", False):
            # acknowledged on the next turn of the event loop, after the paints the frame caused:
            # the worker pauses until then (see TrainingWorker._train_slice), so they run
            # without the worker competing for the GIL, and their cost counts for this frame
            self._ack_timer.start()
        else:
            self._send_ack()

    def _send_ack(self) -> None:
        snap, self._ack_pending = self._ack_pending, None
        if snap is None:
            return
        delay = self.frame_cost.frame(snap.extra.get("cost_s", 0.0))
        self.controller.ack(delay if snap.extra.get("playing", False) else 0.0,
                            keep_every=self.history.stride, generation=snap.extra.get("generation"))

    def _drop_frame(self, ack: bool = True) -> None:
        """Abandon the snapshot being shown (its network is being replaced)."""
        self._ack_timer.stop()
        if self._frame is None and self._ack_pending is None:
            return
        self._frame, self._stages, self._ack_pending = None, [], None
        self._stage_timer.stop()
        if ack:
            self.controller.ack()

    def _show_canvas(self, snap) -> None:
        offered = snap.extra.get("rows_offered")
        if offered is not None:  # the worker left out rows this history would drop
            index = snap.rows["step"].astype(np.int64) - snap.extra.get("rows_base", 0) - 1
            self.history.extend_offered(snap.rows, index, offered)
        elif len(snap.rows.get("step", ())):
            self.history.extend(snap.rows)
        self.canvas.set_snapshot(snap)
        self._update_stats(snap)

    def _show_plots(self, snap) -> None:
        self.plots.update_from(self.history, snap, force=not snap.extra.get("playing", False),
                               redraw=self._redraw_plots)

    def _show_rest(self, snap) -> None:
        now = time.perf_counter()
        if not snap.extra.get("playing", False) or snap.nonfinite or now - self._last_diagnosis >= DIAGNOSIS_INTERVAL:
            self._last_diagnosis = now
            self._show_diagnosis(diagnose(self.history, snap))
        self.last_snapshot = snap
        self._refresh_selection_message(snap)
        if snap.nonfinite:
            message = paused_text(snap.step, snap.nonfinite)
            if self.playing or self.status_message != message:
                self.show_message(message, error=True)
            self._set_playing(False)
        self.snapshotApplied.emit(snap)

    def _update_stats(self, snap) -> None:
        if snap is None:
            self.step_label.setText(tr("step {:,}").format(0))
            self.loss_label.setText(tr("loss {}").format("–"))
            self.rate_label.setText(tr("{:,.0f} steps/s").format(0))
            return
        self.step_label.setText(tr("step {:,}").format(snap.step))
        loss = "–" if snap.loss is None else sci(snap.loss, 3)
        test = "" if snap.test_loss is None or not math.isfinite(snap.test_loss) else tr("  test {}").format(sci(snap.test_loss, 3))
        self.loss_label.setText(tr("loss {}").format(loss) + test)
        rate = snap.extra.get("steps_per_s", 0.0)
        if not snap.extra.get("playing", False):
            self.rate_label.setText(tr("paused") if snap.step else tr("{:,.0f} steps/s").format(0))
        else:
            self.rate_label.setText(tr("{:,.0f} steps/s").format(rate))

    def _show_diagnosis(self, d: Diagnosis) -> None:
        self.diagnosis = d
        color = LEVEL_COLORS.get(d.level, "#d8dbe2")
        self.diagnosis_label.setText(f"<span style='color:{color}'>●</span>&nbsp; {d.text}")
        self.diagnosis_label.setToolTip(d.text)

    def diagnosis_text(self) -> str:
        return self.diagnosis.text

    # -- messages --------------------------------------------------------------------------------
    def show_message(self, text: str, error: bool = False, detail: str | None = None) -> None:
        """``text`` in the status bar; its tooltip shows ``detail`` (default: ``text`` itself)."""
        self.status_message = text
        color = message_color(error)  # readable on the light and the dark theme
        self.message_label.setText(f"<span style='color:{color}'>{text}</span>" if text else "")
        self.message_label.setToolTip(text if detail is None else detail)
        if text:
            self._message_timer.start(MESSAGE_MS)

    def _on_worker_error(self, message: str) -> None:
        self.last_error = message
        self._set_playing(False)
        self.show_message(tr("Training error: {}").format(message), error=True)

    def _on_weight_selected(self, k: int, j: int, i: int) -> None:
        self._selection_message = self._selection_text(k, j, i, self.last_snapshot)
        self.show_message(self._selection_message)
        self.weightSelected.emit(k, j, i)

    def _selection_text(self, k: int, j: int, i: int, snap) -> str:
        """"Selected w5: …" with the weight and its gradient, each saying which step it belongs to."""
        label = self.spec.weight_label(k, j, i)
        if snap is None or k >= len(snap.weights) or j >= snap.weights[k].shape[0] or i >= snap.weights[k].shape[1]:
            return tr("Selected {}").format(label)
        return tr("Selected {}: {}").format(label, "; ".join(weight_lines(snap, k, j, i)))

    def _refresh_selection_message(self, snap) -> None:
        """While the status bar shows the selected weight's numbers, they follow every new snapshot
        (a number must not outlive the step it names)."""
        sel = self.canvas.selected
        if sel is None or not self._selection_message or self.status_message != self._selection_message:
            return
        text = self._selection_text(*sel, snap)
        if text != self.status_message:
            self._selection_message = self.status_message = text
            self.message_label.setText(f"<span style='color:{message_color(False)}'>{text}</span>")
            self.message_label.setToolTip(text)

    def _update_title(self, *_args) -> None:
        if self.spec is None or not shiboken6.isValid(self.undo_stack):  # also called while closing down
            return
        if getattr(self, "document", None) is not None:  # file name and unsaved mark
            self.document.update_title()
            return
        edited = "" if self.undo_stack.isClean() else " " + tr("(edited)")
        self.setWindowTitle(f"gradsim — {self.spec.name}{edited}")

    # -- lifecycle ---------------------------------------------------------------------------------
    def resizeEvent(self, event):  # noqa: N802 - Qt API
        """Keep the docks from crowding out the canvas on small windows (they only ever shrink)."""
        super().resizeEvent(event)
        w, h = event.size().width(), event.size().height()
        max_panel = max(305, int(0.27 * w))
        if self.panel_dock.width() > max_panel:
            self.resizeDocks([self.panel_dock], [max_panel], Qt.Orientation.Horizontal)
        max_plots = max(170, int(0.36 * h))
        if self.plots_dock.height() > max_plots:
            self.resizeDocks([self.plots_dock], [max_plots], Qt.Orientation.Vertical)

    def help_menu(self):
        """The Help menu (created on first use), shared by everything that adds help topics."""
        menu = getattr(self, "_help_menu", None)
        if menu is None:
            menu = self._help_menu = self.menuBar().addMenu(self.tr("&Help"))
        return menu

    def closeEvent(self, event):  # noqa: N802 - Qt API
        doc = getattr(self, "document", None)
        if doc is not None and not doc.close_requested():  # unsaved changes: the user cancelled
            event.ignore()
            return
        self.teaching.shutdown()  # compare windows and their workers
        self._stage_timer.stop()
        self._ack_timer.stop()
        self.drawing_hold.release()
        if not self.controller.shutdown(500):
            # a big network's step or boundary grid is cancelled between layers, but building
            # one or copying its snapshot is not: wait for that, as long as it takes -- a QThread
            # destroyed while running would abort the process
            self.controller.shutdown(None)
        super().closeEvent(event)
