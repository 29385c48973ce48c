"""Which weight of a recurrent network the chain-rule view derives: its matrix (W_hh, W_ih or the
readout), row and column. A recurrent network's cell is not drawn edge by edge, so the weight is
picked here rather than clicked; the choice is the session's selection, named as
:data:`gradsim.engine.recurrent_chain_rule.MATRIX_INDEX` says."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from gradsim.engine.recurrent_chain_rule import MATRIX_INDEX, matrix_named, weight_shape

from ..i18n import tr

LABELS = {"weight_hh": "W_hh", "weight_ih": "W_ih", "readout": "W_out"}


class RecurrentWeightPicker(QWidget):
    weightPicked = Signal(int, int, int)   # (k, j, i) as MATRIX_INDEX names the matrix

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = None
        self.matrix = QComboBox()
        self.matrix.setObjectName("recurrentMatrix")
        for name in ("weight_hh", "weight_ih", "readout"):
            self.matrix.addItem(LABELS[name], MATRIX_INDEX[name])
        self.matrix.setToolTip(tr("W_hh: hidden state to hidden state, shared by every step; W_ih: input to "
                                  "hidden state; W_out: the readout"))
        self.row = QSpinBox()
        self.row.setObjectName("recurrentRow")
        self.row.setToolTip(tr("row"))
        self.column = QSpinBox()
        self.column.setObjectName("recurrentColumn")
        self.column.setToolTip(tr("column"))
        lay = QHBoxLayout(self)   # W_hh [ j , i ]: as compact as the matrix entry it names
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.matrix)
        for widget in (QLabel("["), self.row, QLabel(","), self.column, QLabel("]")):
            lay.addWidget(widget)
        self.matrix.activated.connect(lambda _i: self._fit_ranges() or self._emit())
        self.row.valueChanged.connect(lambda _v: self._emit())
        self.column.valueChanged.connect(lambda _v: self._emit())
        self._quiet = False

    def weight(self) -> tuple[int, int, int]:
        return int(self.matrix.currentData()), self.row.value(), self.column.value()

    def set_spec(self, spec) -> None:
        self.spec = spec
        self._fit_ranges()

    def show_weight(self, k: int, j: int, i: int) -> None:
        """Show (k, j, i) without announcing it (it is already the selection)."""
        self._quiet = True
        try:
            self.matrix.setCurrentIndex(max(0, self.matrix.findData(k)))
            self._fit_ranges()
            self.row.setValue(j)
            self.column.setValue(i)
        finally:
            self._quiet = False

    def _fit_ranges(self) -> None:
        if self.spec is None:
            return
        rows, cols = weight_shape(self.spec, matrix_named(int(self.matrix.currentData())))
        self._quiet, quiet = True, self._quiet
        try:
            self.row.setRange(0, rows - 1)
            self.column.setRange(0, cols - 1)
        finally:
            self._quiet = quiet

    def _emit(self) -> None:
        if not self._quiet and self.spec is not None:
            self.weightPicked.emit(*self.weight())
