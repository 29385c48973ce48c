"""Every dockable view of the main window, in one list: what it is called, how to build it, where it
docks. The docks' object names are what saved layouts (``window/state``) refer to: keep them.

A lesson shows one by its key (:meth:`gradsim.ui.views.docks.Docks.show`); a new view is a module
in this package and one line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt

from ..i18n import tr
from ..panel import ControlPanel
from ..plots import PlotsPanel
from .activations import ActivationsView
from .chain_rule import ChainRuleView
from .distributions import DistributionsView
from .plane import PlaneView
from .step_through import StepThroughView
from .through_time import ThroughTimeView

LEFT, BOTTOM, RIGHT = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea,
                       Qt.DockWidgetArea.RightDockWidgetArea)


@dataclass(frozen=True)
class ViewSpec:
    key: str
    title: Callable[[], str]          # in the UI language, asked when the dock is built
    object_name: str
    build: Callable                   # session -> widget
    area: Qt.DockWidgetArea
    teaching: bool = True             # a tab of the teaching column (closable, on paper)


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("controls", lambda: tr("Controls"), "controlsDock", ControlPanel, LEFT, teaching=False),
    ViewSpec("plots", lambda: tr("Plots"), "plotsDock", PlotsPanel, BOTTOM, teaching=False),
    ViewSpec("chain-rule", lambda: tr("Chain rule"), "chainRuleDock", ChainRuleView, RIGHT),
    ViewSpec("step-through", lambda: tr("Step-through"), "stepThroughDock", StepThroughView, RIGHT),
    ViewSpec("activations", lambda: tr("Activations"), "activationsDock", ActivationsView, RIGHT),
    ViewSpec("boundary", lambda: tr("Boundary"), "boundaryDock", PlaneView, RIGHT),
    ViewSpec("distributions", lambda: tr("Distributions"), "distributionsDock", DistributionsView, RIGHT),
    ViewSpec("through-time", lambda: tr("Through time"), "throughTimeDock", ThroughTimeView, RIGHT),
)
