"""The control panel: presets, data, training settings, initialisation and the layer table.

The panel owns no state of its own: it is one of the session's layout views, and
:meth:`ControlPanel.set_spec` fills every widget from the session's spec (signals blocked). Each
user change goes to the session as

* an :class:`~gradsim.ui.commands.EditRequest` for structural edits (sizes, activations, BN,
  residuals, dataset) — the same path as canvas edits, so they are validated and undoable alike;
* an edited spec (:meth:`Session.try_edit`) for other settings (optimizer, batch size, init,
  clipping, noise…), also undoable;
* :meth:`Session.set_lr` for the learning rate, which applies to the running trainer without a
  reset (the one setting that is meant to be turned mid-run).

Choosing a preset starts a new experiment, which may first ask to save the current one: the panel
only says so (``presetChosen``), as it says "About this preset…" was clicked (``aboutPresetRequested``).

Spin boxes use ``keyboardTracking=False`` so typing "0.05" is one edit, not four.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractSpinBox, QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSpinBox, QVBoxLayout,
                               QWidget)

from gradsim.engine.activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS
from gradsim.engine.clipping import CLIP_MODES
from gradsim.engine.datasets import DATASET_NAMES
from gradsim.engine.initializers import INIT_NAMES
from gradsim.engine.losses import LOSS_NAMES
from gradsim.engine.optimizers import OPTIMIZER_NAMES
from gradsim.engine.presets import ALL_PRESETS, preset_names, recurrent_preset_names
from gradsim.engine.spec import RunSpec

from .commands import EditRequest
from .engine_text import dataset_description
from .i18n import tr
from .init_text import init_label
from .naming import layer_title
from .preset_text import notes as preset_notes
from .preset_text import summary as preset_summary


def _combo(items, tooltips=None) -> QComboBox:
    c = QComboBox()
    for idx, item in enumerate(items):
        c.addItem(item, item)
        if tooltips:
            c.setItemData(idx, tooltips.get(item, ""), Qt.ItemDataRole.ToolTipRole)
    c.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    c.setMinimumContentsLength(4)
    c.setMinimumWidth(64)
    return c


def _dspin(lo, hi, decimals=3, step=None, adaptive=False) -> QDoubleSpinBox:
    s = QDoubleSpinBox()
    s.setRange(lo, hi)
    s.setDecimals(decimals)
    if adaptive:
        s.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
    if step:
        s.setSingleStep(step)
    s.setKeyboardTracking(False)
    s.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    s.setMinimumWidth(64)  # the range-based size hint is wider than any value we show
    return s


def _ispin(lo, hi) -> QSpinBox:
    s = QSpinBox()
    s.setRange(lo, hi)
    s.setKeyboardTracking(False)
    s.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return s


def _set(widget, value) -> None:
    """Set a widget's value without emitting. A number the widget's type cannot hold (an integer
    beyond 32 bits, an infinite or NaN float) is a ValueError, before Qt is asked."""
    if isinstance(widget, QSpinBox) and not -2**31 <= value < 2**31 or \
            isinstance(widget, QDoubleSpinBox) and not math.isfinite(value):
        text = str(value)
        raise ValueError(tr("{} cannot be shown in the controls").format(text if len(text) <= 16 else text[:12] + "…"))
    widget.blockSignals(True)
    try:
        if isinstance(widget, QComboBox):
            idx = widget.findData(value)
            widget.setCurrentIndex(idx)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        else:
            widget.setValue(value)
    finally:
        widget.blockSignals(False)


class ControlPanel(QWidget):
    presetChosen = Signal(str)
    aboutPresetRequested = Signal()

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.spec: RunSpec | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        col = QVBoxLayout(body)
        col.setContentsMargins(6, 4, 6, 6)
        col.setSpacing(6)
        for build in (self._build_experiment, self._build_data, self._build_training, self._build_initialisation,
                      self._build_layers):
            col.addWidget(build())
        col.addStretch(1)
        self._rows: list[dict] = []
        self.setMinimumWidth(250)
        session.lrChanged.connect(self._show_lr)
        session.editRefused.connect(lambda: self.set_spec(session.spec))

    # -- building ------------------------------------------------------------------------------
    def _build_experiment(self) -> QGroupBox:
        box = QGroupBox(tr("Experiment"))
        lay = QVBoxLayout(box)
        self.preset = _combo(preset_names() + recurrent_preset_names(), {n: preset_summary(n) for n in ALL_PRESETS})
        self.preset.setToolTip(tr("Presets: the seed example first, then the deep network and its remedies"))
        self.preset.activated.connect(lambda _i: self.presetChosen.emit(self.preset.currentData()))
        lay.addWidget(self.preset)
        self.preset_summary = QLabel()
        self.preset_summary.setWordWrap(True)
        self.preset_summary.setObjectName("muted")
        lay.addWidget(self.preset_summary)
        self.about_button = QPushButton(tr("About this preset…"))
        self.about_button.setToolTip(tr("What this preset shows and what to look for"))
        self.about_button.clicked.connect(self.aboutPresetRequested)
        lay.addWidget(self.about_button)
        return box

    def _build_data(self) -> QGroupBox:
        box = self.data_box = QGroupBox(tr("Data"))
        form = QFormLayout(box)
        self.dataset = _combo(DATASET_NAMES, {n: dataset_description(n) for n in DATASET_NAMES})
        self.dataset.activated.connect(self._dataset_changed)
        form.addRow(tr("Dataset"), self.dataset)
        self.noise = _dspin(0.0, 2.0, 2, 0.05)
        self.noise.valueChanged.connect(lambda v: self._set_field("data", "noise", float(v), tr("Noise {:g}").format(v)))
        form.addRow(tr("Noise"), self.noise)
        self.samples = _ispin(4, 100_000)
        self.samples.setSingleStep(50)
        self.samples.valueChanged.connect(lambda v: self._set_field("data", "n_samples", int(v), tr("Samples {}").format(v)))
        form.addRow(tr("Samples"), self.samples)
        return box

    def _build_training(self) -> QGroupBox:
        box = QGroupBox(tr("Training"))
        form = QFormLayout(box)
        self.lr = _dspin(1e-5, 10.0, 5, adaptive=True)
        self.lr.setToolTip(tr("Learning rate η; changes apply to the running training at once"))
        self.lr.valueChanged.connect(lambda v: self.session.set_lr(float(v)))
        form.addRow(tr("Learning rate"), self.lr)
        self.optimizer = _combo(OPTIMIZER_NAMES)
        self.optimizer.activated.connect(
            lambda _i: self._set_field("train", "optimizer", self.optimizer.currentData(),
                                       tr("Optimizer {}").format(self.optimizer.currentData())))
        form.addRow(tr("Optimizer"), self.optimizer)
        self.momentum = _dspin(0.0, 0.999, 3, 0.05)
        self.momentum.valueChanged.connect(lambda v: self._set_field("train", "momentum", float(v), tr("Momentum {:g}").format(v)))
        self.momentum_label = QLabel(tr("Momentum"))
        form.addRow(self.momentum_label, self.momentum)
        self.batch = _ispin(0, 100_000)
        self.batch.setSpecialValueText(tr("full batch"))
        self.batch.setToolTip(tr("Samples per step; 0 = the whole training set"))
        self.batch.valueChanged.connect(
            lambda v: self._set_field("train", "batch_size", None if v == 0 else int(v),
                                      tr("Batch size full") if v == 0 else tr("Batch size {}").format(v)))
        form.addRow(tr("Batch size"), self.batch)
        self.loss = _combo(LOSS_NAMES)
        self.loss.activated.connect(
            lambda _i: self._set_field("train", "loss", self.loss.currentData(), tr("Loss {}").format(self.loss.currentData())))
        form.addRow(tr("Loss"), self.loss)
        form.addRow(tr("Clipping"), self._build_clipping())
        self.seed = _ispin(0, 999_999)
        self.seed.setToolTip(tr("Random seed: Reset restarts with the same one, so runs compare like for like"))
        self.seed.valueChanged.connect(lambda v: self._set_field("train", "seed", int(v), tr("Seed {}").format(v)))
        form.addRow(tr("Seed"), self.seed)
        return box

    def _build_clipping(self) -> QWidget:
        clip_row = QWidget()
        h = QHBoxLayout(clip_row)
        h.setContentsMargins(0, 0, 0, 0)
        self.clip_mode = _combo(CLIP_MODES)
        self.clip_mode.setToolTip(tr("Gradient clipping: rescale the global norm, or clamp each value"))
        self.clip_mode.activated.connect(
            lambda _i: self._set_field("train", "clip_mode", self.clip_mode.currentData(),
                                       tr("Clipping {}").format(self.clip_mode.currentData())))
        self.clip_value = _dspin(1e-3, 1e4, 3, adaptive=True)
        self.clip_value.valueChanged.connect(
            lambda v: self._set_field("train", "clip_value", float(v), tr("Clip threshold {:g}").format(v)))
        h.addWidget(self.clip_mode, 1)
        h.addWidget(self.clip_value, 1)
        return clip_row

    def _build_initialisation(self) -> QGroupBox:
        box = self.init_box = QGroupBox(tr("Initialisation"))
        form = QFormLayout(box)
        self.init = _combo(INIT_NAMES)
        for idx, name in enumerate(INIT_NAMES):
            self.init.setItemText(idx, init_label(name))
        self.init.activated.connect(
            lambda _i: self._set_field("weight_init", "name", self.init.currentData(),
                                       tr("Initialiser {}").format(init_label(self.init.currentData()))))
        form.addRow(tr("Weights"), self.init)
        self.gain = _dspin(0.0, 100.0, 3, adaptive=True)
        self.gain.setToolTip(tr("Scale: multiplies every initial weight (>1 pushes towards exploding)"))
        self.gain.valueChanged.connect(lambda v: self._set_field("weight_init", "gain", float(v), tr("Init scale ×{:g}").format(v)))
        form.addRow(tr("Scale ×"), self.gain)
        self.param_a = _dspin(-100.0, 100.0, 3, adaptive=True)
        self.param_b = _dspin(-100.0, 100.0, 3, adaptive=True)
        self.param_a_label, self.param_b_label = QLabel(tr("a")), QLabel(tr("b"))
        self.param_a.valueChanged.connect(lambda v: self._init_param("a", v))
        self.param_b.valueChanged.connect(lambda v: self._init_param("b", v))
        form.addRow(self.param_a_label, self.param_a)
        form.addRow(self.param_b_label, self.param_b)
        return box

    def _build_layers(self) -> QGroupBox:
        box = self.layers_group = QGroupBox(tr("Layers"))
        self.layers_box = QVBoxLayout(box)
        self.layers_box.setContentsMargins(6, 6, 6, 6)
        self.layer_grid_host = None
        row = QHBoxLayout()
        self.add_layer_btn = QPushButton(tr("Add layer"))
        self.add_layer_btn.setToolTip(tr("Insert a hidden layer before the output"))
        self.add_layer_btn.clicked.connect(self._add_layer)
        self.remove_layer_btn = QPushButton(tr("Remove layer"))
        self.remove_layer_btn.setToolTip(tr("Remove the last hidden layer"))
        self.remove_layer_btn.clicked.connect(self._remove_layer)
        row.addWidget(self.add_layer_btn)
        row.addWidget(self.remove_layer_btn)
        self.layers_box.addLayout(row)
        return box

    # -- filling ------------------------------------------------------------------------------
    def set_spec(self, spec: RunSpec) -> None:
        self.spec = spec.copy()
        s = self.spec
        if s.name in ALL_PRESETS:
            _set(self.preset, s.name)
        p = ALL_PRESETS.get(s.name)
        # a recurrent network's cell, data and initialisation are its preset's (or the command line's):
        # the feed-forward data, initialisation and layer controls do not apply to it
        feed_forward = getattr(s, "recurrent", None) is None
        for box in (self.data_box, self.init_box, self.layers_group):
            box.setVisible(feed_forward)
        self.preset_summary.setText(preset_summary(s.name) if p else s.description)
        self.preset_summary.setToolTip(preset_notes(s.name) if p else s.notes)
        _set(self.dataset, s.data.name)
        seed_data = s.data.name == "seed"
        _set(self.noise, s.data.noise)
        _set(self.samples, s.data.n_samples)
        self.noise.setEnabled(not seed_data)
        self.samples.setEnabled(not seed_data)
        t = s.train
        _set(self.lr, t.lr)
        _set(self.optimizer, t.optimizer)
        _set(self.momentum, t.momentum)
        self.momentum.setVisible(t.optimizer == "momentum")
        self.momentum_label.setVisible(t.optimizer == "momentum")
        _set(self.batch, 0 if t.batch_size is None else t.batch_size)
        _set(self.loss, t.loss)
        _set(self.clip_mode, t.clip_mode)
        _set(self.clip_value, t.clip_value)
        self.clip_value.setEnabled(t.clip_mode != "none")
        _set(self.seed, t.seed)
        w = s.weight_init
        _set(self.init, w.name)
        _set(self.gain, w.gain)
        labels = {"uniform": ("a (low)", "b (high)"), "normal": ("σ", None), "constant": ("value", None)}
        a_label, b_label = labels.get(w.name, (None, None))
        for widget, label, text in ((self.param_a, self.param_a_label, a_label),
                                    (self.param_b, self.param_b_label, b_label)):
            widget.setVisible(text is not None)
            label.setVisible(text is not None)
            if text:
                label.setText(text)
        if w.name == "uniform":
            _set(self.param_a, w.a)
            _set(self.param_b, w.b)
        elif w.name == "normal":
            _set(self.param_a, w.sigma)
        elif w.name == "constant":
            _set(self.param_a, w.value)
        self._fill_layers()

    def show_frame(self, frame) -> None:
        """The controls show settings, not training: nothing changes with a frame."""

    def _show_lr(self, lr: float) -> None:
        if abs(self.lr.value() - lr) > 1e-12:
            _set(self.lr, lr)

    def _fill_layers(self) -> None:
        topo = self.spec.topology
        L = topo.depth
        if len(self._rows) != L:
            if self.layer_grid_host is not None:
                self.layers_box.removeWidget(self.layer_grid_host)
                self.layer_grid_host.hide()
                self.layer_grid_host.deleteLater()
            self.layer_grid_host = QWidget()
            grid = QGridLayout(self.layer_grid_host)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setHorizontalSpacing(3)
            grid.setVerticalSpacing(2)
            for c, text in enumerate(("", tr("size"), tr("activation"), tr("BN"), tr("skip from"))):
                lab = QLabel(text)
                lab.setObjectName("muted")
                grid.addWidget(lab, 0, c)
            self._rows = []
            for l in range(1, L + 1):
                self._rows.append(self._make_row(grid, l, l == L))
            self.layers_box.insertWidget(0, self.layer_grid_host)
        for l, row in enumerate(self._rows, start=1):
            layer = topo.layers[l - 1]
            _set(row["size"], layer.size)
            _set(row["act"], layer.activation)
            _set(row["bn"], layer.batch_norm)
            if row["res"] is not None:
                _set(row["res"], -1 if layer.residual_from is None else layer.residual_from)
        self.remove_layer_btn.setEnabled(L > 1)

    def _make_row(self, grid: QGridLayout, l: int, is_output: bool) -> dict:
        title_text = layer_title(self.spec, l)
        name = QLabel(tr("Out") if is_output else title_text)  # short: the row must fit a 1024-px screen
        name.setToolTip(title_text)
        grid.addWidget(name, l, 0)
        size = _ispin(1, 4096)
        size.setMaximumWidth(52)
        size.setEnabled(not is_output)
        size.setToolTip(tr("Output size follows the dataset") if is_output else tr("Neurons in H{}").format(l))
        size.valueChanged.connect(lambda v, l=l: self.session.request_edit(
            EditRequest("set_layer_size", (l, int(v)), tr("H{}: size {}").format(l, v))))
        grid.addWidget(size, l, 1)
        act = _combo(OUTPUT_ACTIVATIONS if is_output else HIDDEN_ACTIVATIONS)
        act.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        act.setMinimumWidth(act.sizeHint().width())  # the longest name in full: "sigmoid", never "sigmo"
        title = tr("Output") if is_output else f"H{l}"
        act.activated.connect(lambda _i, l=l, c=act, t=title: self.session.request_edit(
            EditRequest("set_activation", (l, c.currentData()), tr("{}: activation {}").format(t, c.currentData()))))
        grid.addWidget(act, l, 2)
        bn = QCheckBox()
        bn.setToolTip(tr("Batch normalization on {}").format(title))
        bn.toggled.connect(lambda on, l=l, t=title: self.session.request_edit(
            EditRequest("set_batch_norm", (l, bool(on)),
                        (tr("{}: batch norm on") if on else tr("{}: batch norm off")).format(t))))
        grid.addWidget(bn, l, 3, alignment=Qt.AlignmentFlag.AlignCenter)
        res = None
        if not is_output:
            res = _combo([])
            res.setMinimumContentsLength(3)
            res.setMinimumWidth(56)
            res.addItem("—", -1)
            for s in range(l):
                res.addItem(tr("inputs") if s == 0 else f"H{s}", s)
            res.activated.connect(lambda _i, l=l, c=res: self.session.request_edit(
                EditRequest("set_residual", (l, None if c.currentData() == -1 else int(c.currentData())),
                            tr("H{}: residual from {}").format(l, c.currentText()))))
            grid.addWidget(res, l, 4)
        return {"size": size, "act": act, "bn": bn, "res": res}

    # -- edits --------------------------------------------------------------------------------
    def _set_field(self, part: str, field: str, value, text: str) -> None:
        if self.spec is None:
            return
        new = self.spec.copy()
        setattr(getattr(new, part), field, value)
        self.session.try_edit(new, text)

    def _init_param(self, which: str, value: float) -> None:
        name = self.spec.weight_init.name
        field = {"uniform": which, "normal": "sigma", "constant": "value"}.get(name)
        if field is None or (which == "b" and name != "uniform"):
            return
        self._set_field("weight_init", field, float(value), tr("Initialiser {} {:g}").format(field, value))

    def _dataset_changed(self, _index: int) -> None:
        name = self.dataset.currentData()
        self.session.request_edit(EditRequest("fit_dataset", (name,), tr("Dataset {}").format(name)))

    def _add_layer(self) -> None:
        L = self.spec.topology.depth
        self.session.request_edit(EditRequest("insert_layer", (L,), tr("Add hidden layer")))

    def _remove_layer(self) -> None:
        L = self.spec.topology.depth
        self.session.request_edit(EditRequest("remove_layer", (L - 1,), tr("Remove H{}").format(L - 1)))
