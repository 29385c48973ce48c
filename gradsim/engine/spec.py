"""Everything that defines a run: topology, initialisation, training settings, data, parameters.

A :class:`RunSpec` is what presets return, what ``.gradsim`` files store (see
:mod:`gradsim.engine.fileformat`) and what :class:`gradsim.engine.trainer.Trainer` is built from.
"""

from __future__ import annotations

import copy

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from . import limits, losses
from .clipping import CLIP_MODES
from .datasets import DataSpec
from .initializers import Init
from .optimizers import OPTIMIZER_NAMES
from .text import Text, alternatives, brief, clip, reason
from .topology import Topology

if TYPE_CHECKING:
    from .recurrent import RecurrentSpec


def _copy_parameters(parameters):
    """A deep copy of explicit parameters: a feed-forward list of layer dicts, or a recurrent
    network's {"layers": [...], "recurrent": {...}}."""
    if parameters is None:
        return None
    if isinstance(parameters, dict):
        return {"layers": _copy_parameters(parameters["layers"]),
                "recurrent": {k: np.array(v, copy=True) for k, v in parameters["recurrent"].items()}}
    return [{k: np.array(v, copy=True) for k, v in layer.items()} for layer in parameters]


@dataclass
class TrainConfig:
    """Training settings. ``batch_size=None`` means full batch; 1 means single-sample SGD."""

    loss: str = "half-sse"
    optimizer: str = "sgd"
    lr: float = 0.5
    momentum: float = 0.9
    batch_size: int | None = None
    clip_mode: str = "none"
    clip_value: float = 1.0
    train_biases: bool = True
    seed: int = 0

    def validate(self, output_activation: str) -> "TrainConfig":
        """Check every setting against :mod:`limits` (the control panel's ranges); errors name the field."""
        try:
            losses.check_pairing(self.loss, output_activation)
        except ValueError as exc:
            raise ValueError(Text("{field}: {error}", field="training.loss", error=reason(exc))) from None
        if self.optimizer not in OPTIMIZER_NAMES:
            raise ValueError(Text("{field}: unknown {value!r} (known: {known})", field="training.optimizer",
                                  value=clip(str(self.optimizer)), known=", ".join(OPTIMIZER_NAMES)))
        limits.check_number("training.lr", self.lr, limits.LR)
        limits.check_number("training.momentum", self.momentum, limits.MOMENTUM)
        if self.batch_size is not None:
            limits.check_whole("training.batch_size", self.batch_size, limits.BATCH_SIZE)
        if self.clip_mode not in CLIP_MODES:
            raise ValueError(Text("{field}: unknown {value!r} (known: {known})", field="training.clip_mode",
                                  value=clip(str(self.clip_mode)), known=", ".join(CLIP_MODES)))
        limits.check_number("training.clip_value", self.clip_value, limits.CLIP_VALUE)
        if not isinstance(self.train_biases, bool):
            raise ValueError(Text("{field}: must be {kind}, got {value}", field="training.train_biases",
                                  kind=Text("true or false"), value=brief(self.train_biases)))
        limits.check_whole("training.seed", self.seed, limits.SEED)
        return self


@dataclass
class RunSpec:
    """A complete, reproducible experiment.

    ``parameters`` optionally holds explicit values (``Network.state()`` layout) that replace the
    initialiser -- the seed example's hand-picked weights, or a saved trained network.
    ``weight_names="seed"`` names the weights w1, w2, … in the lecture's order (row-major over
    each out × in matrix, matrix by matrix).
    """

    topology: Topology
    weight_init: Init = field(default_factory=Init)
    bias_init: Init = field(default_factory=lambda: Init("constant", value=0.0))
    train: TrainConfig = field(default_factory=TrainConfig)
    data: DataSpec = field(default_factory=DataSpec)
    parameters: list[dict] | None = None
    name: str = "custom"
    description: str = ""
    notes: str = ""
    weight_names: str | None = None
    saved_step: int = 0  # how far a saved run had trained (informational)
    resume: dict | None = None  # optimiser moments and batch order of a saved run (Trainer.resume_state)
    # a recurrent network (gradsim.engine.recurrent): then ``topology`` is its readout (input_size =
    # the hidden size, one layer), ``data`` names a sequence task, and ``parameters`` is
    # {"layers": [readout], "recurrent": {weight_ih, weight_hh, bias_ih, bias_hh}}
    recurrent: "RecurrentSpec | None" = None

    def copy(self) -> "RunSpec":
        return replace(
            self,
            topology=self.topology.copy(),
            weight_init=replace(self.weight_init),
            bias_init=replace(self.bias_init),
            train=replace(self.train),
            data=replace(self.data),
            parameters=_copy_parameters(self.parameters),
            resume=None if self.resume is None else copy.deepcopy(self.resume),
            recurrent=None if self.recurrent is None else self.recurrent.copy(),
        )

    def validate(self) -> "RunSpec":
        """Check every part and their consistency; raise ValueError naming the field."""
        from .datasets import INPUT_SIZES, OUTPUT_SIZES
        from .topology import TopologyError

        if self.recurrent is not None:
            self.recurrent.validate()  # first: the readout's size comes from the hidden size
        try:
            self.topology.validate()
        except TopologyError as exc:
            raise ValueError(Text("network.{error}", error=reason(exc))) from None
        self.weight_init.validate("init.weights.")
        self.bias_init.validate("init.biases.")
        if self.bias_init.name == "lsuv":
            raise ValueError(Text("init.biases.name: LSUV rescales weight matrices to fit the data; choose "
                                  "another initialiser for the biases"))
        self.train.validate(self.topology.output.activation)
        if self.recurrent is not None:
            self._validate_recurrent()
            self.check_memory()
            return self
        self.data.validate()
        n_in = INPUT_SIZES[self.data.name]
        if self.topology.input_size != n_in:
            raise ValueError(Text(
                "network.input_size: dataset {dataset!r} has {inputs} input(s), the network takes {size}",
                dataset=self.data.name, inputs=n_in, size=self.topology.input_size))
        n_out = self.topology.output.size
        allowed = OUTPUT_SIZES[self.data.name]
        if n_out not in allowed:
            raise ValueError(Text(
                "{field}: dataset {dataset!r} needs an output layer of size {allowed}, got {size}",
                field=f"network.layers[{self.topology.depth - 1}].size", dataset=self.data.name,
                allowed=alternatives(allowed), size=n_out))
        if self.train.loss == "cross-entropy" and n_out < 2:
            raise ValueError(Text("training.loss: cross-entropy with softmax needs at least 2 outputs"))
        uses_bn = any(layer.batch_norm for layer in self.topology.layers)
        if uses_bn:
            n_train = self.data.split()[0]
            batch = n_train if self.train.batch_size is None else min(self.train.batch_size, n_train)
            if batch < 2:
                raise ValueError(Text(
                    "training.batch_size: batch normalization needs batches of at least 2 samples "
                    "(this run's batches hold {batch}); raise the batch size or turn batch norm off", batch=batch))
        self.check_memory()
        return self

    def _validate_recurrent(self) -> None:
        """A recurrent network's parts fit each other: the readout reads the hidden state, the data
        is a sequence task whose outputs the readout gives (see :mod:`gradsim.engine.recurrent`)."""
        from .sequences import OUTPUT_SIZES, TASK_NAMES

        r = self.recurrent
        self.data.validate(TASK_NAMES)
        topo = self.topology
        if topo.depth != 1:
            raise ValueError(Text("{field}: a recurrent network's readout is one layer (the output), got {count}",
                                  field="network.layers", count=topo.depth))
        if topo.input_size != r.hidden_size:
            raise ValueError(Text("{field}: the readout reads the hidden state, so it must equal {other} ({size}), "
                                  "got {value}", field="network.input_size", other="recurrent.hidden_size",
                                  size=r.hidden_size, value=topo.input_size))
        out = topo.output
        if out.batch_norm or out.residual_from is not None or topo.masks:
            raise ValueError(Text("{field}: a recurrent network's readout has no batch norm, residual link or "
                                  "edge mask", field="network.layers[0]"))
        allowed = OUTPUT_SIZES[self.data.name]
        if out.size not in allowed:
            raise ValueError(Text(
                "{field}: dataset {dataset!r} needs an output layer of size {allowed}, got {size}",
                field="network.layers[0].size", dataset=self.data.name, allowed=alternatives(allowed),
                size=out.size))
        if self.train.loss == "cross-entropy" and out.size < 2:
            raise ValueError(Text("training.loss: cross-entropy with softmax needs at least 2 outputs"))
        if self.weight_init.name == "lsuv":
            raise ValueError(Text("{field}: LSUV fits feed-forward layers to the data; choose another initialiser "
                                  "for the readout", field="init.weights.name"))

    def n_trainable(self) -> int:
        """Length of the trainer's flat parameter vector (what optimiser moments must match)."""
        if self.recurrent is not None:
            from .sequences import INPUT_SIZES

            return self.recurrent.n_trainable(INPUT_SIZES[self.data.name], self.topology.output.size,
                                              self.train.train_biases)
        return self.topology.n_trainable(self.train.train_biases)

    def check_memory(self) -> None:
        """Refuse, before anything is allocated, a run that would not fit in the memory budget
        (:mod:`limits`); the error names the field whose part is largest."""
        parts = limits.estimate(self)
        need, budget = sum(parts.values()), limits.memory_budget()
        if need > budget:
            field = max(parts, key=parts.get)
            raise ValueError(Text(
                "{field}: this run would need about {need} of memory ({part} of it here), more than the budget "
                "of {budget} (the environment variable {variable} sets it)", field=field,
                need=limits.human(need), part=limits.human(parts[field]), budget=limits.human(budget),
                variable=limits.BUDGET_ENV))

    def weight_label(self, k: int, j: int, i: int) -> str:
        """The user-facing name of weight ``W{k+1}[j, i]``."""
        if self.weight_names == "seed":
            sizes = self.topology.sizes
            offset = sum(sizes[m] * sizes[m + 1] for m in range(k))
            return f"w{offset + j * sizes[k] + i + 1}"
        return f"W{k + 1}[{j},{i}]"

    def parse_weight(self, text: str) -> tuple[int, int, int]:
        """Inverse of :meth:`weight_label`; also accepts ``W2[0,1]`` on any network."""
        import re

        t = text.strip()
        sizes = self.topology.sizes
        m = re.fullmatch(r"[wW](\d+)\[\s*(\d+)\s*,\s*(\d+)\s*\]", t)
        if m:
            k, j, i = int(m.group(1)) - 1, int(m.group(2)), int(m.group(3))
            if not 0 <= k < self.topology.depth:
                raise ValueError(f"weight {text!r}: there is no W{k + 1} (W1..W{self.topology.depth})")
            if not (0 <= j < sizes[k + 1] and 0 <= i < sizes[k]):
                raise ValueError(f"weight {text!r}: W{k + 1} has shape {sizes[k + 1]}x{sizes[k]}")
            return k, j, i
        m = re.fullmatch(r"w(\d+)", t)
        if m and self.weight_names == "seed":
            n = int(m.group(1)) - 1
            for k in range(self.topology.depth):
                size = sizes[k] * sizes[k + 1]
                if 0 <= n < size:
                    return k, n // sizes[k], n % sizes[k]
                n -= size
            raise ValueError(f"weight {text!r}: this network has weights w1..w{self.topology.n_edges()}")
        raise ValueError(f"weight {text!r}: expected a name like W2[0,1]"
                         + (" or w1..w8" if self.weight_names == "seed" else ""))
