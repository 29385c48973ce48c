"""The chain-rule view: the selected weight's gradient written out with live numbers.

Selecting a weight (a canvas click, the w1…w8 picker on the seed network, a lesson) is the
session's selection; while this view is on screen the training thread derives that weight's
gradient whenever it sends a frame (``extras.derivation``). "Check with finite differences" asks
it for one gradient check (``extras.check``). The GUI never computes a gradient itself.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from gradsim.engine.recurrent_chain_rule import matrix_named

from ..i18n import tr
from ..teach.chain_rule_panel import ChainRulePanel
from ..teach.recurrent_chain import recurrent_derivation_html
from ..widgets.recurrent_weight_picker import RecurrentWeightPicker
from .base import View
from .plane import plane_data


def _recurrent(spec) -> bool:
    return spec is not None and getattr(spec, "recurrent", None) is not None


def weight_label(spec, k: int, j: int, i: int) -> str:
    """How the panel names weight (k, j, i) of ``spec``'s network."""
    if _recurrent(spec):
        return f"{matrix_named(k)}[{j},{i}]"
    return spec.weight_label(k, j, i)


class ChainRuleView(View):
    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self._had_names = False
        self.chain_panel = ChainRulePanel()
        self.chain_panel.checkRequested.connect(self._on_check_requested)
        self.weight_combo = QComboBox()
        self.weight_combo.setToolTip(tr("Pick one of the seed's weights w1…w8 (or click an edge)"))
        self.weight_combo.activated.connect(self._on_weight_picked)
        self.weight_label = QLabel(tr("Weight"))
        self.chain_hint = QLabel()
        self.chain_hint.setObjectName("muted")
        self.recurrent_picker = RecurrentWeightPicker()
        self.recurrent_picker.weightPicked.connect(self.session.selection.select_weight)
        self.recurrent_picker.hide()
        self._quiet_selection = False   # a weight chosen for the learner, not by them: no raise
        row = QHBoxLayout()
        row.setContentsMargins(6, 4, 6, 0)
        row.addWidget(self.weight_label)
        row.addWidget(self.weight_combo)
        row.addWidget(self.recurrent_picker)
        row.addWidget(self.chain_hint, 1)
        self._stack(row, self.chain_panel)
        session.selection.weightChanged.connect(self._on_weight)
        session.specApplied.connect(self._on_spec)
        session.frameShown.connect(self._on_frame)

    def wants(self) -> dict[str, bool]:
        return {"derivation": self.session.selection.weight is not None}

    # -- selection -----------------------------------------------------------------------------
    def _on_weight(self, weight) -> None:
        if weight is None:
            self.chain_panel.clear()
            self.weight_combo.setCurrentIndex(-1)
            self.wantsChanged.emit()
            return
        k, j, i = weight
        idx = self.weight_combo.findData(f"{k},{j},{i}")
        if idx >= 0:
            self.weight_combo.setCurrentIndex(idx)
        recurrent = _recurrent(self.session.spec)
        if recurrent:
            self.recurrent_picker.show_weight(k, j, i)
        d = self.chain_panel.derivation
        if d is None or (d.k, d.j, d.i) != (k, j, i):
            self.chain_panel.check_result.setText(tr("deriving {0}…").format(weight_label(self.session.spec, k, j, i)))
        if not self.weight_combo.count() and not recurrent:
            self.chain_hint.setText(tr("Click another edge to change the weight"))
        if not self._quiet_selection:
            self.raiseRequested.emit()
        self.wantsChanged.emit()

    def _on_weight_picked(self, index: int) -> None:
        data = self.weight_combo.itemData(index)
        if data:
            self.session.selection.select_weight(*(int(v) for v in data.split(",")))

    def _on_check_requested(self, k: int, j: int, i: int) -> None:
        self.chain_panel.check_result.setText(tr("checking…"))
        self.session.request_check(k, j, i)

    # -- spec and frames -----------------------------------------------------------------------
    def _on_spec(self, spec) -> None:
        topo = spec.topology
        self.weight_combo.clear()
        if spec.weight_names == "seed":  # the lecture's w1…w8
            for k in range(topo.depth):
                for j in range(topo.sizes[k + 1]):
                    for i in range(topo.sizes[k]):
                        self.weight_combo.addItem(spec.weight_label(k, j, i), f"{k},{j},{i}")
        seed = self.weight_combo.count() > 0
        recurrent = _recurrent(spec)
        self.weight_combo.setVisible(seed)
        self.weight_label.setVisible(seed)
        self.recurrent_picker.setVisible(recurrent)
        self.chain_hint.setText("" if seed or recurrent else tr("Click an edge to select its weight"))
        if recurrent:
            self.recurrent_picker.set_spec(spec)
            if self.session.selection.weight is None:  # a weight to start with: W_hh[0, 0]
                self.chain_panel.clear()
                self._quiet_selection = True
                try:
                    self.session.selection.select_weight(*self.recurrent_picker.weight())
                finally:
                    self._quiet_selection = False
        if self.session.selection.weight is None:  # a reshaped network dropped it
            self.chain_panel.clear()
            if seed:
                self.weight_combo.setCurrentIndex(-1)
        # to the front when the lecture's network follows another (not on a Reset or New of it)
        if seed and not self._had_names and not (plane_data(spec) and self.session.selection.weight is None):
            self.raiseRequested.emit()
        self._had_names = seed
        self.wantsChanged.emit()

    def _on_frame(self, frame) -> None:
        selected = self.session.selection.weight
        d = frame.extras.derivation
        if d is not None and selected == (d.k, d.j, d.i):
            write = recurrent_derivation_html if hasattr(d, "matrix") else None
            self.chain_panel.set_derivation(d, step=frame.snapshot.step, write=write)
        check = frame.extras.check
        if check is not None and selected == check.weight:
            r = check.result
            self.chain_panel.set_check_result(r.backprop, r.finite_difference, step=check.step)
