"""The teaching views inside the main window: chain rule, step-through, activations, boundary.

:func:`install_teaching` adds four docks (tabified on the right), a "Compare with a remedy" submenu
under Run, "About this preset" under Presets (and beside the preset combo), and explanation topics
under Help. Everything here runs in the GUI thread and reads only snapshots:

* **Chain rule.** Selecting a weight (canvas click, or the w1…w8 picker on the seed preset) sends
  ``select_weight`` to the worker; while the dock is shown, the worker derives that weight's
  gradient at snapshot time (``extra["derivation"]``). "Check" sends ``request_check``; the
  answer comes back as ``extra["check"]``. The GUI never computes a gradient itself.
* **Step-through** (seed preset). Built here, in the GUI thread, with
  :func:`gradsim.engine.stepthrough.stages_for` from the snapshot's *copied* weights and biases:
  pure arithmetic on a 2-2-2 network (well under a millisecond), no access to the live trainer,
  and done only when the dock is shown and the step changed, at most ``GUI_REFRESH_S`` apart while
  training runs. Doing it in the worker would add a per-snapshot cost for a view few people open.
* **Activations.** The explorer plots the chosen layer's function and ``snap.preactivations`` of
  that layer (a copy already in every snapshot); selecting a weight or clicking a neuron picks its
  layer.
* **Decision boundary.** For 2-D classification data the worker sends ``extra["boundary"]`` at most
  5 times a second while the dock is shown; hovering a hidden neuron asks it for
  ``extra["neuron_grids"]`` too and the hovered unit's map appears as an inset.

Compare windows opened from the Run menu are owned here; :meth:`TeachingDocks.shutdown` (called
from the main window's close) closes them and stops their workers.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QDockWidget, QHBoxLayout, QLabel, QMainWindow, QMenu, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from gradsim.engine.compare import REMEDIES
from gradsim.engine.stepthrough import stages_for

from .canvas import layer_title
from .engine_text import error_text
from .teach.activation_explorer import CHOICES as EXPLORER_FUNCTIONS
from .teach.activation_explorer import ActivationExplorer
from .teach.boundary_view import BoundaryView
from .teach.chain_rule_panel import ChainRulePanel
from .teach.compare_window import CompareWindow, remedy_label
from .teach.notes import TOPICS, NotesDialog
from .teach.stepthrough_panel import StepThroughPanel
from .teach.style import paper

PLANE_DATASETS = ("xor", "circles", "gaussians", "spiral")  # 2-D classification: a boundary to draw
RIGHT_SHARE = 0.43    # the teaching column takes at most this share of the window's width ...
CANVAS_ROOM = 430     # ... and leaves the canvas at least this many pixels (1024 × 640 stays usable) ...
MIN_RIGHT = 260       # ... but is never squeezed below this
PANEL_ROOM = 300      # the controls on the left keep this much
GUI_REFRESH_S = 0.2   # explorer and step-through redraw at most 5×/s while training runs
DOCK_FEATURES = (QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                 | QDockWidget.DockWidgetFeature.DockWidgetClosable)
IDEA_TOPICS = ("chain-rule", "vanishing", "exploding", "verdict", "remedies")


def step_through_applies(spec) -> bool:
    """The step-through spells out per-neuron scalars: the seed and other small plain nets."""
    topo = spec.topology
    return (spec.weight_names == "seed" and topo.n_edges() <= 200
            and not any(layer.batch_norm or layer.residual_from is not None for layer in topo.layers))


def help_menu(window: QMainWindow) -> QMenu:
    """The window's Help menu: ``window.help_menu()`` when it has one (shared with the File/Help
    work of issue 5), else one created last in the menu bar the first time it is asked for."""
    if hasattr(window, "help_menu"):
        return window.help_menu()
    menu = window.findChild(QMenu, "helpMenu")
    if menu is None:
        menu = window.menuBar().addMenu(QCoreApplication.translate("TeachingDocks", "&Help"))
        menu.setObjectName("helpMenu")
    return menu


class TeachingDocks(QObject):
    """The teaching docks, menus and compare windows of one :class:`MainWindow`."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.selected: tuple[int, int, int] | None = None
        self.layer = 1                        # the explorer's network layer (1..L)
        self.hover: tuple[int, int] = (-1, -1)
        self.neuron_grids = None              # latest per-hidden-layer maps from the worker
        self.compare_windows: list[CompareWindow] = []
        self.notes_dialog: NotesDialog | None = None
        self.stages_step: int | None = None   # snapshot step the step-through stages were built at
        self._last_explorer = 0.0
        self._last_stages = 0.0
        self._views_sent: dict | None = None
        self._visible: dict[str, bool] = {}
        self._build_docks()
        self._build_menus()
        canvas = window.canvas
        window.weightSelected.connect(self.on_weight_selected)
        canvas.neuronClicked.connect(self.on_neuron_clicked)
        canvas.neuronHovered.connect(self.on_neuron_hovered)
        window.specApplied.connect(self.on_spec_applied)
        window.snapshotApplied.connect(self.on_snapshot)
        window.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        """Keep the teaching column from crowding out the canvas (it only ever shrinks it)."""
        if obj is self.window and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            QTimer.singleShot(0, self._fit_width)  # after the layout has placed the docks
        return False

    def _fit_width(self) -> None:
        w = self.window
        docked = [d for d in self.docks if not d.isFloating() and d.isVisible()]
        if not docked:
            return
        shown = [d for d in docked if self._shown(d)] or docked  # tabs behind keep stale geometry
        panel = getattr(w, "panel_dock", None)
        left = 0
        if panel is not None and panel.isVisible() and not panel.isFloating():
            left = max(panel.width(), PANEL_ROOM)
        limit = max(MIN_RIGHT, min(int(RIGHT_SHARE * w.width()), w.width() - left - CANVAS_ROOM))
        if max(d.width() for d in shown) > limit:
            w.resizeDocks(docked, [limit] * len(docked), Qt.Orientation.Horizontal)
            if panel is not None and left and panel.width() < PANEL_ROOM:  # it was squeezed by this column
                w.resizeDocks([panel], [PANEL_ROOM], Qt.Orientation.Horizontal)

    # -- construction --------------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        paper(widget)  # a light worksheet in either theme: the views are drawn for white paper
        dock.setWidget(widget)
        dock.setFeatures(DOCK_FEATURES)
        dock.visibilityChanged.connect(self._on_dock_visibility)
        return dock

    def _build_docks(self) -> None:
        w = self.window
        # chain rule: weight picker (seed) over the panel
        self.chain_panel = ChainRulePanel()
        self.chain_panel.checkRequested.connect(self.on_check_requested)
        self.weight_combo = QComboBox()
        self.weight_combo.setToolTip(self.tr("Pick one of the seed's weights w1…w8 (or click an edge)"))
        self.weight_combo.activated.connect(self._on_weight_picked)
        self.weight_label = QLabel(self.tr("Weight"))
        self.chain_hint = QLabel()
        self.chain_hint.setObjectName("muted")
        row = QHBoxLayout()
        row.setContentsMargins(6, 4, 6, 0)
        row.addWidget(self.weight_label)
        row.addWidget(self.weight_combo)
        row.addWidget(self.chain_hint, 1)
        self.chain_dock = self._dock(self.tr("Chain rule"), "chainRuleDock", _below(row, self.chain_panel))

        self.step_panel = StepThroughPanel()
        self.step_panel.highlightRequested.connect(self._on_highlight)
        self.step_dock = self._dock(self.tr("Step-through"), "stepThroughDock", self.step_panel)

        self.explorer = ActivationExplorer()
        self.explorer.activationChanged.connect(self._on_user_function)
        self.user_function = False  # the learner picked a function to compare: keep it until the layer changes
        self.layer_combo = QComboBox()
        self.layer_combo.setToolTip(self.tr("Whose pre-activations to overlay (or click a neuron)"))
        self.layer_combo.activated.connect(self._on_layer_picked)
        row = QHBoxLayout()
        row.setContentsMargins(6, 4, 6, 0)
        row.addWidget(QLabel(self.tr("Layer")))
        row.addWidget(self.layer_combo)
        row.addStretch(1)
        self.explorer_dock = self._dock(self.tr("Activations"), "activationsDock", _below(row, self.explorer))

        self.boundary = BoundaryView()
        self.boundary_dock = self._dock(self.tr("Boundary"), "boundaryDock", self.boundary)

        self.docks = [self.chain_dock, self.step_dock, self.explorer_dock, self.boundary_dock]
        w.setTabPosition(Qt.DockWidgetArea.RightDockWidgetArea, QTabWidget.TabPosition.North)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.chain_dock)
        for dock in self.docks[1:]:
            w.tabifyDockWidget(self.chain_dock, dock)
        self.chain_dock.raise_()

    def _build_menus(self) -> None:
        w = self.window
        # Run → Compare with a remedy
        run_menu = getattr(w, "run_menu", None)
        self.compare_menu = QMenu(self.tr("Compare with a remedy"), w)
        self.compare_menu.setObjectName("compareMenu")
        self.compare_menu.setToolTipsVisible(True)
        self.compare_actions: dict[str, QAction] = {}
        for key in REMEDIES:
            act = QAction(remedy_label(key), self.compare_menu)
            act.setToolTip(self.tr("Train the current network and the same one with this remedy side by side"))
            act.triggered.connect(lambda _=False, k=key: self.open_compare(k))
            self.compare_menu.addAction(act)
            self.compare_actions[key] = act
        if run_menu is not None:
            run_menu.addSeparator()
            run_menu.addMenu(self.compare_menu)
        # Presets → About this preset (and a button beside the preset combo)
        self.about_preset_action = QAction(self.tr("About this preset…"), w)
        self.about_preset_action.setToolTip(self.tr("What this preset shows and what to look for"))
        self.about_preset_action.triggered.connect(self.show_preset_notes)
        presets_menu = getattr(w, "presets_menu", None)
        if presets_menu is not None:
            first = presets_menu.actions()[0] if presets_menu.actions() else None
            presets_menu.insertAction(first, self.about_preset_action)
            presets_menu.insertSeparator(first)
        self.about_button = QPushButton(self.tr("About this preset…"))
        self.about_button.setToolTip(self.about_preset_action.toolTip())
        self.about_button.clicked.connect(self.show_preset_notes)
        combo = getattr(getattr(w, "panel", None), "preset", None)
        box = combo.parentWidget() if combo is not None else None
        if box is not None and box.layout() is not None:
            box.layout().addWidget(self.about_button)
        # View → the docks
        view_menu = getattr(w, "view_menu", None)
        if view_menu is not None:
            view_menu.addSeparator()
            for dock in self.docks:
                view_menu.addAction(dock.toggleViewAction())
        # Help → Explanations
        menu = help_menu(w)
        self.topics_menu = QMenu(self.tr("Explanations"), w)
        self.topics_menu.setObjectName("topicsMenu")
        self.topic_actions: dict[str, QAction] = {}
        titles = {"chain-rule": self.tr("The chain rule"), "vanishing": self.tr("Vanishing gradients"),
                  "exploding": self.tr("Exploding gradients"), "verdict": self.tr("How gradsim judges a run"),
                  "remedies": self.tr("The remedies at a glance")}
        for name in IDEA_TOPICS:
            if name in TOPICS:
                self._topic_action(f"topic:{name}", titles[name])
        self.topics_menu.addSeparator()
        for key in REMEDIES:
            self._topic_action(f"remedy:{key}", self.tr("Remedy: {0}").format(remedy_label(key)))
        menu.insertMenu(menu.actions()[0] if menu.actions() else None, self.topics_menu)

    def _topic_action(self, key: str, text: str) -> None:
        act = QAction(text, self.topics_menu)
        act.triggered.connect(lambda _=False, k=key: self.show_notes(k))
        self.topics_menu.addAction(act)
        self.topic_actions[key] = act

    # -- notes ---------------------------------------------------------------------------------
    def show_notes(self, key: str) -> NotesDialog:
        """Open (or bring forward) the notes browser on ``key``."""
        dialog = self.notes_dialog
        if dialog is None:
            dialog = self.notes_dialog = NotesDialog(self.window, key)
        else:
            try:
                dialog.show_topic(key)
            except KeyError:
                dialog.show_topic("topic:vanishing")
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def show_preset_notes(self) -> NotesDialog:
        name = getattr(self.window, "current_preset", None) or self.window.spec.name
        key = f"preset:{name}"
        try:
            return self.show_notes(key) if self.notes_dialog is not None else self._new_notes(key)
        except KeyError:  # an edited network named after no preset
            return self.show_notes("topic:vanishing")

    def _new_notes(self, key: str) -> NotesDialog:
        self.notes_dialog = NotesDialog(self.window, key)
        return self.show_notes(key)

    # -- comparison ----------------------------------------------------------------------------
    def open_compare(self, remedy: str) -> CompareWindow | None:
        """A comparison window: the current spec against it with ``remedy`` applied."""
        try:
            win = CompareWindow.for_remedy(self.window.spec.copy(), remedy)
        except ValueError as exc:
            self.window.show_message(self.tr("Can't compare: {0}").format(error_text(exc)), error=True)
            return None
        win.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        win.destroyed.connect(self._forget_compare_windows)
        self.compare_windows.append(win)
        win.show()
        return win

    def _forget_compare_windows(self, *_):
        import shiboken6

        self.compare_windows = [w for w in self.compare_windows if shiboken6.isValid(w)]

    def shutdown(self) -> None:
        """Close every compare window (stopping their workers) and the notes dialog."""
        import shiboken6

        for win in list(self.compare_windows):
            if shiboken6.isValid(win):
                win.shutdown()
                win.close()
        self.compare_windows = []
        if self.notes_dialog is not None and shiboken6.isValid(self.notes_dialog):
            self.notes_dialog.close()

    # -- worker views --------------------------------------------------------------------------
    def _shown(self, dock: QDockWidget) -> bool:
        """On screen: a dock behind another tab, closed or in a hidden window is not (as its last
        ``visibilityChanged`` said; the widget's own flag lags behind tab switches)."""
        return self._visible.get(dock.objectName(), False)

    def update_views(self) -> None:
        """Tell the worker which extras to compute (only for docks actually on screen)."""
        controller = getattr(self.window, "controller", None)
        if controller is None:
            return
        spec = self.window.spec
        plane = spec is not None and spec.data.name in PLANE_DATASETS
        boundary = plane and self._shown(self.boundary_dock)
        views = {"derivation": self.selected is not None and self._shown(self.chain_dock),
                 "boundary": boundary,
                 "neurons": boundary and self.hover[0] > 0 and spec is not None
                 and self.hover[0] < spec.topology.depth}
        if views != self._views_sent:
            self._views_sent = views
            controller.set_views(**views)

    def _on_dock_visibility(self, visible: bool) -> None:
        dock = self.sender()
        if isinstance(dock, QDockWidget):
            self._visible[dock.objectName()] = bool(visible)
        self.update_views()
        snap = self.window.last_snapshot
        if snap is not None:
            self._refresh_local(snap, force=True)
        if not self._shown(self.step_dock):
            self.window.canvas.clear_highlight()
        elif self.step_panel.current is not None:
            self._on_highlight(list(self.step_panel.current.neurons), list(self.step_panel.current.edges))

    # -- selection -----------------------------------------------------------------------------
    def on_weight_selected(self, k: int, j: int, i: int) -> None:
        self.selected = (k, j, i)
        controller = self.window.controller
        controller.select_weight(k, j, i)
        idx = self.weight_combo.findData(f"{k},{j},{i}")
        if idx >= 0:
            self.weight_combo.setCurrentIndex(idx)
        if self.chain_panel.derivation is None or (self.chain_panel.derivation.k, self.chain_panel.derivation.j,
                                                   self.chain_panel.derivation.i) != (k, j, i):
            self.chain_panel.check_result.setText(self.tr("deriving {0}…").format(self.window.spec.weight_label(k, j, i)))
        if not self.weight_combo.count():
            self.chain_hint.setText(self.tr("Click another edge to change the weight"))
        self.chain_dock.raise_()
        self.set_layer(k + 1)
        self.update_views()

    def select(self, k: int, j: int, i: int) -> None:
        """Select ``W{k+1}[j, i]`` as a click on its edge would."""
        self.window.canvas.select_weight(k, j, i)

    def _on_weight_picked(self, index: int) -> None:
        data = self.weight_combo.itemData(index)
        if data:
            self.select(*(int(v) for v in data.split(",")))

    def on_check_requested(self, k: int, j: int, i: int) -> None:
        self.chain_panel.check_result.setText(self.tr("checking…"))
        self.window.controller.request_check(k, j, i)

    def on_neuron_clicked(self, layer: int, index: int) -> None:
        if layer > 0:
            self.set_layer(layer)

    def on_neuron_hovered(self, layer: int, index: int) -> None:
        self.hover = (layer, index)
        self._show_neuron_map()
        self.update_views()

    def set_layer(self, layer: int) -> None:
        """Show network layer ``layer``'s function and pre-activations in the explorer."""
        spec = self.window.spec
        if spec is None or not 1 <= layer <= spec.topology.depth:
            return
        self.layer = layer
        self.user_function = False
        idx = self.layer_combo.findData(layer)
        if idx >= 0:
            self.layer_combo.setCurrentIndex(idx)
        snap = self.window.last_snapshot
        self._update_explorer(snap)

    def _on_user_function(self, _name: str, _alpha: float) -> None:
        self.user_function = True

    def _on_layer_picked(self, index: int) -> None:
        layer = self.layer_combo.itemData(index)
        if layer is not None:
            self.set_layer(int(layer))

    def _on_highlight(self, neurons, edges) -> None:
        if self._shown(self.step_dock):
            self.window.canvas.set_highlight(neurons, edges)

    # -- spec and snapshots --------------------------------------------------------------------
    def on_spec_applied(self, spec) -> None:
        topo = spec.topology
        # the seed's picker
        self.weight_combo.clear()
        if spec.weight_names == "seed":
            for k in range(topo.depth):
                for j in range(topo.sizes[k + 1]):
                    for i in range(topo.sizes[k]):
                        self.weight_combo.addItem(spec.weight_label(k, j, i), f"{k},{j},{i}")
        seed = self.weight_combo.count() > 0
        self.weight_combo.setVisible(seed)
        self.weight_label.setVisible(seed)
        self.chain_hint.setText("" if seed else self.tr("Click an edge to select its weight"))
        # selection survives a reset of the same shape (the canvas keeps it); otherwise cleared
        selected = self.window.canvas.selected
        if selected is None:
            self.selected = None
            self.chain_panel.clear()
            self.window.controller.clear_selection()
            if seed:
                self.weight_combo.setCurrentIndex(-1)
        else:
            self.selected = selected
            self.window.controller.select_weight(*selected)
        # layers for the explorer
        self.layer_combo.clear()
        for l in range(1, topo.depth + 1):
            layer = topo.layers[l - 1]
            self.layer_combo.addItem(f"{layer_title(spec, l)} · {layer.activation}", l)
        self.layer = min(max(self.layer, 1), topo.depth) if selected is not None else 1
        self.layer_combo.setCurrentIndex(self.layer - 1)
        self.explorer.clear_preactivations()
        # step-through and boundary start over
        self.stages_step = None
        self.step_panel.set_stages([])
        self.step_panel.setEnabled(step_through_applies(spec))
        self.window.canvas.clear_highlight()
        self.boundary.set_grid(None)
        self.boundary.show_neuron_map(None)
        self.neuron_grids = None
        if spec.data.name in PLANE_DATASETS and selected is None:
            self.boundary_dock.raise_()
        elif spec.weight_names == "seed":
            self.chain_dock.raise_()
        self._views_sent = None
        self.update_views()

    def on_snapshot(self, snap) -> None:
        d = snap.extra.get("derivation")
        if d is not None and self.selected == (d.k, d.j, d.i):
            self.chain_panel.set_derivation(d, step=snap.step)
        check = snap.extra.get("check")
        if check is not None and self.selected == tuple(check["weight"]):
            r = check["result"]
            self.chain_panel.set_check_result(r.backprop, r.finite_difference, step=check.get("step"))
        points = snap.extra.get("points")
        if points is not None:
            self.boundary.set_points(*points)
        grid = snap.extra.get("boundary")
        if grid is not None:
            self.boundary.set_grid(grid)
        grids = snap.extra.get("neuron_grids")
        if grids is not None:
            self.neuron_grids = grids
            self._show_neuron_map()
        self._refresh_local(snap, force=not snap.extra.get("playing", False))

    def _refresh_local(self, snap, force: bool) -> None:
        """Views computed in the GUI thread from the snapshot's copies (throttled while running)."""
        now = time.perf_counter()
        if self._shown(self.explorer_dock) and (force or now - self._last_explorer >= GUI_REFRESH_S):
            self._update_explorer(snap)
        spec = self.window.spec
        if (self._shown(self.step_dock) and spec is not None and step_through_applies(spec)
                and snap.step != self.stages_step and (force or now - self._last_stages >= GUI_REFRESH_S)):
            self._last_stages = now
            self.stages_step = snap.step
            try:
                stages = stages_for(spec, snap.weights, snap.biases, snap.lr)
            except Exception as exc:  # pragma: no cover - an odd network: say so, keep training
                self.window.show_message(self.tr("Step-through unavailable: {0}").format(error_text(exc)), error=True)
                return
            self.step_panel.set_stages(stages)

    def _update_explorer(self, snap) -> None:
        spec = self.window.spec
        if snap is None or spec is None or self.layer > len(snap.preactivations):
            return
        self._last_explorer = time.perf_counter()
        layer = spec.topology.layers[self.layer - 1]
        name = layer.activation if any(layer.activation == k for k, _ in EXPLORER_FUNCTIONS) else None
        if self.user_function:
            name = None  # keep the function the learner chose; only the histogram follows training
        label = layer_title(spec, self.layer)
        self.explorer.set_preactivations(snap.preactivations[self.layer - 1], name, layer.alpha, label)

    def _show_neuron_map(self) -> None:
        l, n = self.hover
        grids = self.neuron_grids
        if grids is None or not 1 <= l <= len(grids) or n >= grids[l - 1].shape[2]:
            self.boundary.show_neuron_map(None)
            return
        spec = self.window.spec
        from .canvas import neuron_name

        self.boundary.show_neuron_map(grids[l - 1][:, :, n], neuron_name(spec, l, n))


def install_teaching(window) -> TeachingDocks:
    """Add the teaching docks and menus to ``window`` (a :class:`MainWindow`)."""
    return TeachingDocks(window)


__all__ = ["TeachingDocks", "install_teaching", "help_menu", "step_through_applies", "PLANE_DATASETS"]


def _below(row, widget) -> QWidget:
    """A widget holding a row of controls above ``widget`` (which takes the remaining height)."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(0)
    lay.addLayout(row)
    lay.addWidget(widget, 1)
    return box
