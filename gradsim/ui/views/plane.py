"""The decision-boundary view: for 2-D classification data, the network's output over the input
plane with the 0.5 line and the train/test points, and -- while a hidden neuron is hovered on the
canvas -- that unit's own activation map as an inset.

The training thread computes the grids when it sends a frame, at most ``Timing.boundary_fps`` times
a second while training runs (``extras.boundary``, ``extras.points`` once per network,
``extras.neuron_grids`` while a hidden unit is hovered).
"""

from __future__ import annotations

from ..naming import neuron_name
from ..teach.boundary_view import BoundaryView
from .base import View

PLANE_DATASETS = ("xor", "circles", "gaussians", "spiral")  # 2-D classification: a boundary to draw


def plane_data(spec) -> bool:
    return spec is not None and spec.data.name in PLANE_DATASETS


class PlaneView(View):
    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.boundary = BoundaryView()
        self.neuron_grids = None   # latest per-hidden-layer maps from the training thread
        self._stack(None, self.boundary)
        session.selection.hoverChanged.connect(self._on_hover)
        session.specApplied.connect(self._on_spec)
        session.frameShown.connect(self._on_frame)

    def wants(self) -> dict[str, bool]:
        spec = self.session.spec
        plane = plane_data(spec)
        layer = self.session.selection.hover[0]
        return {"boundary": plane, "neurons": plane and 0 < layer < spec.topology.depth}

    def _on_spec(self, spec) -> None:
        self.boundary.set_grid(None)
        self.boundary.show_neuron_map(None)
        self.neuron_grids = None
        if plane_data(spec) and self.session.selection.weight is None:
            self.raiseRequested.emit()
        self.wantsChanged.emit()

    def _on_hover(self, _layer: int, _index: int) -> None:
        self._show_neuron_map()
        self.wantsChanged.emit()

    def _on_frame(self, frame) -> None:
        extras = frame.extras
        if extras.points is not None:
            self.boundary.set_points(*extras.points)
        if extras.boundary is not None:
            self.boundary.set_grid(extras.boundary)
        if extras.neuron_grids is not None:
            self.neuron_grids = extras.neuron_grids
            self._show_neuron_map()

    def _show_neuron_map(self) -> None:
        l, n = self.session.selection.hover
        grids = self.neuron_grids
        if grids is None or not 1 <= l <= len(grids) or n >= grids[l - 1].shape[2]:
            self.boundary.show_neuron_map(None)
            return
        self.boundary.show_neuron_map(grids[l - 1][:, :, n], neuron_name(self.session.spec, l, n))
