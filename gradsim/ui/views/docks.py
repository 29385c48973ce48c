"""The docks of the registered views, placed around the canvas and kept from crowding it.

The controls dock on the left, the plots below, the teaching views as one column of tabs on the
right. The window gives :class:`Docks` its ``QMainWindow`` to place them in and asks it to fit them
whenever it is resized: the side docks only ever shrink (the controls to 27 % of the width, the
plots to 36 % of the height), and the teaching column to 43 % of the width while leaving the canvas
430 pixels (so 1024 × 640 stays usable).

It also tells the session which extras the views on screen need from the training thread (the union
of :meth:`View.wants <gradsim.ui.views.base.View.wants>` over the shown ones), whenever a dock is
shown or hidden or a view says its needs changed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabWidget, QWidget

from gradsim.engine.extras import VIEWS as EXTRAS

from .registry import VIEWS, ViewSpec

RIGHT_SHARE = 0.43    # the teaching column takes at most this share of the window's width ...
CANVAS_ROOM = 430     # ... and leaves the canvas at least this many pixels (1024 × 640 stays usable) ...
MIN_RIGHT = 260       # ... but is never squeezed below this
PANEL_ROOM = 300      # the controls on the left keep this much
PANEL_SHARE, MIN_PANEL = 0.27, 305    # the controls never get more than this share of the width
PLOTS_SHARE, MIN_PLOTS = 0.36, 170    # the plots never get more than this share of the height
SIDE = QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
TEACHING = SIDE | QDockWidget.DockWidgetFeature.DockWidgetClosable


class Docks(QObject):
    def __init__(self, main: QMainWindow, session, specs: tuple[ViewSpec, ...] = VIEWS):
        super().__init__(main)
        self.main = main
        self.session = session
        self.specs = {spec.key: spec for spec in specs}
        self.widgets: dict[str, QWidget] = {}
        self.docks: dict[str, QDockWidget] = {}
        for spec in specs:
            self._build(spec)
        self._place()

    # -- building ------------------------------------------------------------------------------
    def _build(self, spec: ViewSpec) -> None:
        widget = spec.build(self.session)
        dock = QDockWidget(spec.title(), self.main)
        dock.setObjectName(spec.object_name)
        dock.setWidget(widget)
        dock.setFeatures(TEACHING if spec.teaching else SIDE)
        self.widgets[spec.key], self.docks[spec.key] = widget, dock
        if spec.teaching:
            dock.visibilityChanged.connect(lambda visible, key=spec.key: self._on_visibility(key, visible))
            widget.wantsChanged.connect(self.send_wants)
            widget.raiseRequested.connect(dock.raise_)

    def _place(self) -> None:
        main = self.main
        teaching = self.teaching_docks()
        for key, dock in self.docks.items():
            if not self.specs[key].teaching:
                main.addDockWidget(self.specs[key].area, dock)
        main.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        if teaching:
            main.setTabPosition(Qt.DockWidgetArea.RightDockWidgetArea, QTabWidget.TabPosition.North)
            main.addDockWidget(self.specs[self._key(teaching[0])].area, teaching[0])
            for dock in teaching[1:]:
                main.tabifyDockWidget(teaching[0], dock)
            teaching[0].raise_()

    def _key(self, dock: QDockWidget) -> str:
        return next(k for k, d in self.docks.items() if d is dock)

    # -- what the window and a lesson use -------------------------------------------------------
    def widget(self, key: str) -> QWidget:
        return self.widgets[key]

    def dock(self, key: str) -> QDockWidget:
        return self.docks[key]

    def teaching_docks(self) -> list[QDockWidget]:
        return [d for k, d in self.docks.items() if self.specs[k].teaching]

    def show(self, key: str) -> None:
        """Bring view ``key`` on screen (opened again if it was closed, its tab in front)."""
        dock = self.docks[key]
        dock.show()
        dock.raise_()

    def is_shown(self, key: str) -> bool:
        widget = self.widgets[key]
        return bool(getattr(widget, "shown", widget.isVisible()))

    # -- extras for the views on screen ----------------------------------------------------------
    def _on_visibility(self, key: str, visible: bool) -> None:
        self.widgets[key].set_shown(bool(visible))
        self.send_wants()

    def send_wants(self) -> None:
        if self.session.spec is None:
            return
        wanted = dict.fromkeys(EXTRAS, False)
        for key, widget in self.widgets.items():
            if self.specs[key].teaching and widget.shown:
                for name, on in widget.wants().items():
                    wanted[name] = wanted[name] or bool(on)
        self.session.want_extras(**wanted)

    # -- keeping the canvas in view ---------------------------------------------------------------
    def fit_sides(self, width: int, height: int) -> None:
        """The controls and the plots only ever shrink, so the canvas keeps its room."""
        main, panel, plots = self.main, self.docks.get("controls"), self.docks.get("plots")
        max_panel = max(MIN_PANEL, int(PANEL_SHARE * width))
        if panel is not None and panel.width() > max_panel:
            main.resizeDocks([panel], [max_panel], Qt.Orientation.Horizontal)
        max_plots = max(MIN_PLOTS, int(PLOTS_SHARE * height))
        if plots is not None and plots.height() > max_plots:
            main.resizeDocks([plots], [max_plots], Qt.Orientation.Vertical)

    def fit_column_later(self) -> None:
        """Fit the teaching column once the layout has placed the docks (next event-loop turn)."""
        QTimer.singleShot(0, self.fit_column)

    def fit_column(self) -> None:
        """Keep the teaching column from crowding out the canvas (it only ever shrinks it)."""
        main = self.main
        docked = [d for d in self.teaching_docks() if not d.isFloating() and d.isVisible()]
        if not docked:
            return
        shown = [d for d in docked if self.is_shown(self._key(d))] or docked  # tabs behind keep stale geometry
        panel = self.docks.get("controls")
        left = 0
        if panel is not None and panel.isVisible() and not panel.isFloating():
            left = max(panel.width(), PANEL_ROOM)
        limit = max(MIN_RIGHT, min(int(RIGHT_SHARE * main.width()), main.width() - left - CANVAS_ROOM))
        if max(d.width() for d in shown) > limit:
            main.resizeDocks(docked, [limit] * len(docked), Qt.Orientation.Horizontal)
            if panel is not None and left and panel.width() < PANEL_ROOM:  # it was squeezed by this column
                main.resizeDocks([panel], [PANEL_ROOM], Qt.Orientation.Horizontal)
