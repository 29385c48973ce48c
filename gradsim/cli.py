"""Headless command line: list presets, run a training, derive one weight's gradient, look inside
the layers.

``gradsim presets`` · ``gradsim run …`` · ``gradsim derive …`` · ``gradsim stats …`` (see
``gradsim run --help``). Every failure is one line on stderr and a non-zero exit code (2 for bad
input, 1 when the output cannot be written); no tracebacks.

A recurrent network (an ``rnn-…`` preset, or a file with a ``recurrent`` section) runs through the
same commands: ``run`` takes ``--cell``, ``--seq-len``, ``--hidden``, ``--bptt``, ``--task`` and
``--spectral-radius`` besides the usual options, its rows carry the per-time-step measurements,
and ``derive`` writes a recurrent weight's gradient as a sum over the time steps.

``run`` keeps only what its output needs: ``--json`` and ``--out`` write each step's row as it is
made, the summary uses the first row and a window of recent ones (:class:`RecentHistory`), so any
number of steps runs in the same memory. A run from a file continues from the file's saved state
(step, weights, optimiser moments, batch order), exactly as the app does; ``--save`` writes the
trained network and that state back, for the app to open.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import textwrap
from pathlib import Path

import numpy as np

from .engine import fileformat, files, layer_report
from .engine.activations import HIDDEN_ACTIVATIONS
from .engine.chain_rule import Deriver
from .engine.clipping import CLIP_MODES
from .engine.cells import CELL_NAMES
from .engine.diagnosis import context_for, diagnose
from .engine.export import TIME_KEYS, clean, clean_list, csv_header, csv_row, entry, failing_entry
from .engine.history import SCALAR_KEYS, RecentHistory
from .engine.initializers import INIT_NAMES, RECURRENT_INIT_NAMES, Init
from .engine.losses import LOSS_NAMES
from .engine.metrics import LAYER_KEYS
from .engine.optimizers import OPTIMIZER_NAMES
from .engine.presets import ALL_PRESETS, load_preset
from .engine.sequences import CLASSIFICATION, OUTPUT_SIZES, TASK_NAMES
from .engine.spec import RunSpec
from .engine.topology import MAX_LAYER_SIZE
from .engine.trainer import Trainer

# The headless commands with their one-line help (the app's `gradsim --help` lists them too).
COMMANDS = {
    "presets": "list presets, one line each",
    "run": "train headless and report per-layer gradients",
    "derive": "the chain rule for one weight, with numbers",
    "stats": "per-layer distributions, the initialisation theory and the Jacobian",
}
SUBCOMMANDS = tuple(COMMANDS)
MAX_STEPS = 100_000_000
RECENT_ROWS = 1024  # rows of the run kept in memory (the summary; a diagnosis of the last steps)
_UNCHANGED = object()  # a non-string default, which argparse does not pass through `type`
# the option that sets each field, so a refused override names what the user typed
OPTION_FOR = {"training.seed": "--seed", "training.lr": "--lr", "init.weights.gain": "--init-scale",
              "training.batch_size": "--batch-size", "training.clip_value": "--clip",
              "recurrent.seq_len": "--seq-len", "recurrent.hidden_size": "--hidden", "recurrent.bptt": "--bptt",
              "recurrent.recurrent_init.gain": "--init-scale", "recurrent.spectral_radius": "--spectral-radius"}
# options only a recurrent network takes, and (for the message) what each sets
RECURRENT_OPTIONS = ("cell", "seq_len", "hidden", "bptt", "task", "spectral_radius")


class CliError(Exception):
    """A user error: printed as one line, exit status 2."""


class OutputError(Exception):
    """The output could not be written (a full disk, a closed pipe): one line, exit status 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, not usage + message
        raise CliError(message)


def _positive_int(text):
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {v}")
    return v


def _finite(text):
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(f"must be finite, got {text}")
    return v


def _batch(text):
    if text in ("full", "all"):
        return None
    v = _positive_int(text)
    if v < 1:
        raise argparse.ArgumentTypeError("must be at least 1 (or 'full')")
    return v


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gradsim", description="Watch vanishing and exploding gradients (headless commands).")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("presets", help=COMMANDS["presets"])

    def source(sp):
        g = sp.add_mutually_exclusive_group(required=True)
        g.add_argument("--preset", metavar="NAME", help="a preset name (see `gradsim presets`)")
        g.add_argument("--topology", metavar="FILE", help="a .gradsim / JSON file")

    r = sub.add_parser("run", help=COMMANDS["run"])
    source(r)
    r.add_argument("--steps", type=_positive_int, default=100)
    r.add_argument("--seed", type=_positive_int)
    r.add_argument("--lr", type=_finite)
    r.add_argument("--activation", choices=HIDDEN_ACTIVATIONS, help="set every hidden layer's activation")
    r.add_argument("--init", choices=list(dict.fromkeys(INIT_NAMES + RECURRENT_INIT_NAMES)),
                   help="weight initialiser (replaces explicit weights; on a recurrent network, weight_hh's)")
    r.add_argument("--init-scale", type=_finite, help="multiply the initial weights by this gain")
    r.add_argument("--batch-size", type=_batch, default=_UNCHANGED, help="samples per step, or 'full'")
    r.add_argument("--optimizer", choices=OPTIMIZER_NAMES)
    r.add_argument("--loss", choices=LOSS_NAMES)
    r.add_argument("--clip", type=_finite, metavar="X", help="clip gradients to norm X")
    r.add_argument("--clip-mode", choices=[m for m in CLIP_MODES if m != "none"], default="norm")
    out = r.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print one JSON object")
    out.add_argument("--out", metavar="FILE", help="write FILE.json or FILE.csv")
    r.add_argument("--save", metavar="FILE", help="write the trained network and run state to FILE.gradsim")
    _width_option(r)
    rec = r.add_argument_group("recurrent networks (rnn-… presets)")
    rec.add_argument("--cell", choices=CELL_NAMES, help="the recurrent cell")
    rec.add_argument("--seq-len", type=_positive_int, metavar="T", help="time steps of every sequence")
    rec.add_argument("--hidden", type=_positive_int, metavar="H", help="hidden units of the recurrent layer")
    rec.add_argument("--bptt", type=_window, metavar="K", help="truncate backprop through time to K steps, or 'full'")
    rec.add_argument("--task", choices=TASK_NAMES, help="the sequence task")
    rec.add_argument("--spectral-radius", type=_finite, metavar="X",
                     help="rescale each gate's block of weight_hh to this largest |eigenvalue|")

    d = sub.add_parser("derive", help=COMMANDS["derive"])
    source(d)
    d.add_argument("--weight", required=True, metavar="ID", help="w1…w8 on the seed preset, or W2[0,1]")
    d.add_argument("--steps", type=_positive_int, default=0, help="derive after N training steps of the same run")
    d.add_argument("--sample", type=_positive_int, default=1, metavar="K",
                   help="which sample of the batch to write out (1 = the first)")
    d.add_argument("--json", action="store_true")
    _width_option(d)

    s = sub.add_parser("stats", help=COMMANDS["stats"])
    source(s)
    _stats_options(s, r)
    return p


def _window(text):
    if text == "full":
        return "full"
    v = _positive_int(text)
    if v < 1:
        raise argparse.ArgumentTypeError("must be at least 1 (or 'full')")
    return v


def _width(text):
    v = _positive_int(text)
    if not 1 <= v <= MAX_LAYER_SIZE:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_LAYER_SIZE}, got {v}")
    return v


def _width_option(parser) -> None:
    parser.add_argument("--width", type=_width, metavar="N", help="make every hidden layer N units wide")


# `stats` takes every one of `run`'s settings; the parsers share the very same argument definitions.
_SHARED_WITH_RUN = ("seed", "lr", "activation", "init", "init_scale", "batch_size", "optimizer", "loss",
                    "clip", "clip_mode", "width")


def _stats_options(parser, run_parser) -> None:
    parser.add_argument("--steps", type=_positive_int, default=0, help="train this many steps first (default 0)")
    for action in run_parser._actions:
        if action.dest in _SHARED_WITH_RUN:
            parser._add_action(action)
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _apply_width(spec: RunSpec, args) -> RunSpec:
    """``--width N``: every hidden layer N wide. Explicit weights, weight names and edge masks were
    for the old sizes, so they go (the initialiser draws new weights); shortcuts between layers
    that no longer match in size become learned projections."""
    n = getattr(args, "width", None)
    if n is None:
        return spec
    if not spec.topology.hidden:
        raise CliError("--width: this network has no hidden layer")
    for layer in spec.topology.hidden:
        layer.size = n
    spec.topology.masks = {}
    spec.parameters = None
    spec.weight_names = None
    spec.resume = None
    spec.saved_step = 0
    return spec


def _load_spec(args) -> RunSpec:
    if args.preset is not None:
        try:
            return load_preset(args.preset)
        except ValueError as exc:
            raise CliError(f"--preset: {exc}") from None
    try:
        return fileformat.load(args.topology)
    except fileformat.FormatError as exc:
        text, path = str(exc), str(Path(args.topology))
        raise CliError(text if text.startswith(path + ": ") else f"{args.topology}: {text}") from None


def _check_kind(spec: RunSpec, args) -> None:
    """Options that belong to the other kind of network are refused, naming the option."""
    if spec.recurrent is None:
        given = [name for name in RECURRENT_OPTIONS if getattr(args, name, None) is not None]
        if given:
            raise CliError(f"--{given[0].replace('_', '-')}: only for a recurrent network (an rnn-… preset or a "
                           "file with a recurrent section)")
        if getattr(args, "init", None) == "identity":
            raise CliError("--init identity: only for a recurrent network's weight_hh")
        return
    if getattr(args, "width", None) is not None:
        raise CliError("--width: a recurrent network's hidden layer is set by --hidden")
    if getattr(args, "activation", None):
        raise CliError("--activation: a recurrent network's units are set by --cell")
    if getattr(args, "init", None) == "lsuv":
        raise CliError("--init lsuv: fits feed-forward layers; a recurrent network's weight_hh takes "
                       + ", ".join(RECURRENT_INIT_NAMES))


def _apply_recurrent(spec: RunSpec, args) -> None:
    """``--cell``, ``--seq-len``, ``--hidden``, ``--bptt``, ``--task``, ``--spectral-radius`` and,
    on a recurrent network, ``--init``/``--init-scale`` (weight_hh's). A new cell, size or task is a
    new network: explicit weights and the saved run state go."""
    r = spec.recurrent
    fresh = False
    if args.cell is not None and args.cell != r.cell:
        r.cell, fresh = args.cell, True
    if args.hidden is not None and args.hidden != r.hidden_size:
        r.hidden_size, fresh = args.hidden, True
        spec.topology.input_size = args.hidden
    if args.seq_len is not None:
        r.seq_len = args.seq_len
    if args.bptt is not None:
        r.bptt = None if args.bptt == "full" else args.bptt
    if args.spectral_radius is not None:
        r.spectral_radius, fresh = args.spectral_radius, True
    if args.task is not None and args.task != spec.data.name:
        spec.data.name, fresh = args.task, True
        out = spec.topology.output
        out.size = OUTPUT_SIZES[args.task][0]
        classification = args.task in CLASSIFICATION
        out.activation = "sigmoid" if classification else "linear"
        spec.train.loss = "bce" if classification else "mse"
    if args.init or args.init_scale is not None:
        old = r.recurrent_init
        r.recurrent_init = Init(args.init or old.name, a=old.a, b=old.b, sigma=old.sigma, value=old.value,
                                gain=args.init_scale if args.init_scale is not None else old.gain)
        fresh = True
    if fresh:
        spec.parameters, spec.resume, spec.saved_step = None, None, 0


def _apply_overrides(spec: RunSpec, args) -> RunSpec:
    _check_kind(spec, args)
    if spec.recurrent is not None:
        _apply_recurrent(spec, args)
    spec = _apply_width(spec, args)
    t = spec.train
    if args.seed is not None:
        t.seed = args.seed
    if args.lr is not None:
        t.lr = args.lr
    if args.batch_size is not _UNCHANGED:
        t.batch_size = args.batch_size
    if args.optimizer:
        t.optimizer = args.optimizer
    if args.loss:
        t.loss = args.loss
        out = spec.topology.output
        if args.loss == "cross-entropy" and out.activation != "softmax":
            out.activation = "softmax"
        elif args.loss == "bce" and out.activation != "sigmoid":
            out.activation = "sigmoid"
        elif args.loss in ("half-sse", "mse") and out.activation == "softmax":
            out.activation = "sigmoid"
    if args.clip is not None:
        t.clip_mode, t.clip_value = args.clip_mode, args.clip
    if args.activation:
        for layer in spec.topology.hidden:
            layer.activation, layer.alpha = args.activation, None
    if spec.recurrent is None and (args.init or args.init_scale is not None):
        init = Init(args.init or spec.weight_init.name, a=spec.weight_init.a, b=spec.weight_init.b,
                    sigma=spec.weight_init.sigma, value=spec.weight_init.value,
                    gain=args.init_scale if args.init_scale is not None else spec.weight_init.gain)
        spec.weight_init = init
        # the initialiser replaces explicit values: a new network, trained from step 0
        spec.parameters, spec.resume, spec.saved_step = None, None, 0
    try:
        return spec.validate()
    except ValueError as exc:
        raise CliError(_named_for_cli(exc, args)) from None


def _named_for_cli(exc: ValueError, args) -> str:
    """The message of a refused setting, naming the option when the user set it on the line."""
    text = str(exc)
    field = getattr(exc.args[0], "fields", {}).get("field") if exc.args else None
    option = OPTION_FOR.get(field)
    if option and getattr(args, option[2:].replace("-", "_"), None) not in (None, _UNCHANGED):
        return option + text[len(field):]
    if args.topology:
        return f"{args.topology}: {text}"
    return text


def _params_json(state, cell: str | None = None) -> dict:
    """``initial``/``final``: the layers (out × in), and a recurrent network's cell beside them."""
    layers = state["layers"] if isinstance(state, dict) else state
    out = {"layers": [{"weights": clean_list(l["weights"]), "biases": clean_list(l["biases"])} for l in layers]}
    if isinstance(state, dict):
        out["recurrent"] = {"cell": cell, **{k: clean_list(v) for k, v in state["recurrent"].items()}}
    return out


class _Rows(RecentHistory):
    """The CLI's run history: each step's row goes to ``emit`` as the trainer records it; memory
    keeps only the first entry and the recent rows, whatever the number of steps."""

    def __init__(self, n_layers: int, emit=None):
        super().__init__(n_layers, RECENT_ROWS)
        self.first: dict | None = None
        self.emit = emit

    def append(self, scalars: dict, layers: dict) -> None:
        super().append(scalars, layers)
        if self.first is None or self.emit is not None:
            e = entry({**scalars, **layers})
            if self.first is None:
                self.first = e
            if self.emit is not None:
                self.emit(e)

    @property
    def last(self) -> dict | None:
        """The newest step's entry."""
        if not len(self):
            return None
        keys = SCALAR_KEYS + LAYER_KEYS + tuple(k for k in TIME_KEYS if k in self.extra_columns)
        return entry({key: self.column(key)[-1] for key in keys})


def _config(spec: RunSpec, steps: int, start: int) -> dict:
    topo = spec.topology
    r = spec.recurrent
    if r is not None:
        from .engine.sequences import INPUT_SIZES

        sizes, hidden = [INPUT_SIZES[spec.data.name], r.hidden_size, topo.output.size], [r.cell]
    else:
        sizes, hidden = topo.sizes, [l.activation for l in topo.hidden]
    config = {
        "preset": spec.name,
        "sizes": sizes,
        "hidden_activations": hidden,
        "output_activation": topo.output.activation,
        "batch_norm": [bool(l.batch_norm) for l in topo.layers],
        "residual_from": [l.residual_from for l in topo.layers],
        "loss": spec.train.loss, "lr": spec.train.lr, "batch_size": spec.train.batch_size,
        "optimizer": spec.train.optimizer, "momentum": spec.train.momentum,
        "init": spec.weight_init.to_dict() if spec.parameters is None else {"name": "explicit"},
        "bias_init": spec.bias_init.to_dict(), "train_biases": spec.train.train_biases,
        "clip_mode": spec.train.clip_mode, "clip_value": spec.train.clip_value,
        "seed": spec.train.seed, "dataset": spec.data.name, "steps": steps, "start_step": start,
    }
    if r is not None:
        config.update(cell=r.cell, seq_len=r.seq_len, hidden_size=r.hidden_size, bptt=r.bptt,
                      recurrent_init=r.recurrent_init.to_dict(), input_init=r.input_init.to_dict(),
                      spectral_radius=r.spectral_radius, gate_bias=r.gate_bias)
    return config


class _Output:
    """Where ``run`` writes: JSON (stdout or a file) or CSV, one history row at a time.

    The JSON document is ``config``, ``data``, ``initial``, ``history`` (one entry per step, written
    as the step is made), then ``final``, ``steps_completed``, ``nonfinite``, ``test_loss`` and
    ``diagnosis``.
    """

    def __init__(self, fh, kind: str, n_layers: int, extra: dict | None = None):
        self.fh, self.kind, self.n_layers, self.extra = fh, kind, n_layers, extra
        self._rows = 0
        self._csv = csv.writer(fh, lineterminator="\n") if kind == "csv" else None

    def _write(self, text: str) -> None:
        try:
            self.fh.write(text)
        except OSError as exc:
            raise OutputError(exc) from None

    def begin(self, head: dict) -> None:
        if self.kind == "csv":
            self._write_csv(csv_header(self.n_layers, self.extra))
        else:
            self._write(json.dumps(head, allow_nan=False)[:-1] + ', "history": [')

    def row(self, e: dict) -> None:
        if self.kind == "csv":
            self._write_csv(csv_row(e, self.n_layers, self.extra))
        else:
            self._write(("\n" if self._rows == 0 else ",\n") + json.dumps(e, allow_nan=False))
        self._rows += 1

    def end(self, tail: dict) -> None:
        if self.kind != "csv":
            self._write("\n], " + json.dumps(tail, allow_nan=False)[1:] + "\n")
        try:
            self.fh.flush()
        except OSError as exc:
            raise OutputError(exc) from None

    def _write_csv(self, cells) -> None:
        try:
            self._csv.writerow(cells)
        except OSError as exc:
            raise OutputError(exc) from None


def continued(spec: RunSpec, **kwargs) -> Trainer:
    """A trainer at ``spec``'s saved state (step, optimiser moments, batch order), as the app's
    worker continues a file; a preset or a file without a run starts at step 0."""
    trainer = Trainer(spec, **kwargs)
    trainer.restore(spec.resume, spec.saved_step)
    return trainer


def train(spec: RunSpec, steps: int, output: _Output | None = None) -> tuple[Trainer, dict]:
    """Train ``spec`` for ``steps`` steps from its saved state (as the app continues a file),
    streaming rows to ``output``; return the trainer and what the summary needs."""
    rows = _Rows(spec.topology.depth, output.row if output is not None else None)
    trainer = continued(spec, history=rows)
    start = trainer.step_count
    config = _config(spec, steps, start)
    cell = None if spec.recurrent is None else spec.recurrent.cell
    extra = rows.extra_columns or None
    if output is not None:
        output.extra = extra
        output.begin({"config": config,
                      "data": {"inputs": clean_list(trainer.x_train), "targets": clean_list(trainer.t_train)},
                      "initial": _params_json(trainer.network.state(), cell)})
    trainer.run(steps)
    nf = trainer.nonfinite.to_dict() if trainer.nonfinite else None
    if nf is not None and output is not None:
        output.row(failing_entry(nf, trainer.network.loss, extra))
    test_loss = clean(trainer.test_loss()) if len(trainer.x_test) else None
    diagnosis = diagnose(trainer.history, context_for(trainer), trainer.nonfinite, trainer.events).to_dict()
    if output is not None:
        output.end({"final": _params_json(trainer.network.state(), cell), "steps_completed": trainer.step_count,
                    "nonfinite": nf, "test_loss": test_loss, "diagnosis": diagnosis})
    return trainer, {"config": config, "first": rows.first, "last": rows.last, "nonfinite": nf,
                     "steps_completed": trainer.step_count, "test_loss": test_loss, "diagnosis": diagnosis}


def _recurrent_summary(result: dict) -> str:
    """The human summary of a recurrent run: settings, loss, diagnosis, then the gradient reaching
    each time step (at most about 12 of them) at the first and the last step."""
    cfg, first, last = result["config"], result["first"], result["last"]
    window = "full BPTT" if cfg["bptt"] is None else f"BPTT truncated to {cfg['bptt']} steps"
    lines = _summary_head(result, f"{cfg['preset']}: {cfg['cell']} cell, {cfg['hidden_size']} hidden units, "
                                  f"{cfg['dataset']} task over {cfg['seq_len']} steps ({window}), output "
                                  f"{cfg['output_activation']}, loss {cfg['loss']}, {cfg['optimizer']} lr {cfg['lr']:g}, "
                                  f"seed {cfg['seed']}")
    if first:
        f = lambda v: "—" if v is None else f"{v:.3g}"  # noqa: E731
        T = cfg["seq_len"]
        cell = last.get("cell_grad_norm") is not None
        lines.append(f"gradient reaching each time step, ‖∂L/∂h_t‖ at step {first['step']} and at step {last['step']}"
                     + (", ‖∂L/∂c_t‖ at the last" if cell else "")
                     + (", mean memory gate at the last" if last.get("gate_mean") is not None else ""))
        shown = sorted({1, T, *range(1, T + 1, max(1, T // 10))})
        for t in shown:
            row = f"  t={t:<4} {f(first['time_grad_norm'][t - 1]):>10} {f(last['time_grad_norm'][t - 1]):>10}"
            if cell:
                row += f" {f(last['cell_grad_norm'][t - 1]):>10}"
            if last.get("gate_mean") is not None:
                row += f" {f(last['gate_mean'][t - 1]):>8}"
            lines.append(row)
        rec = last["recurrent_grad_norm"]
        lines.append("‖∂L/∂W‖ at the last step: " + ", ".join(f"{k} {f(v)}" for k, v in rec.items())
                     + f", readout {f(last['grad_norm'][0])}")
    return "\n".join(lines)


def _summary_head(result: dict, title: str) -> list[str]:
    """The summary's first lines, for either kind of network: the title, the steps and the loss,
    the overflow if any, the diagnosis."""
    cfg, first, last = result["config"], result["first"], result["last"]
    lines = [title]
    if first:
        span = (f"steps {cfg['start_step'] + 1}–{result['steps_completed']} (continued from step {cfg['start_step']})"
                if cfg["start_step"] else f"steps {result['steps_completed']}")
        lines.append(f"{span}: loss {first['loss']:.6g} → {last['loss']:.6g}"
                     + (f", test loss {result['test_loss']:.6g}" if result["test_loss"] is not None else ""))
    if result["nonfinite"]:
        lines.append(result["nonfinite"]["message"])
    lines.append(f"diagnosis: {result['diagnosis']['level']} — {result['diagnosis']['text']}")
    return lines


def _summary(result: dict) -> str:
    if "cell" in result["config"]:
        return _recurrent_summary(result)
    cfg, first, last = result["config"], result["first"], result["last"]
    lines = _summary_head(result, f"{cfg['preset']}: sizes {'-'.join(map(str, cfg['sizes']))}, hidden "
                                  f"{','.join(sorted(set(cfg['hidden_activations']))) or '-'}, output "
                                  f"{cfg['output_activation']}, loss {cfg['loss']}, {cfg['optimizer']} lr {cfg['lr']:g}, "
                                  f"seed {cfg['seed']}")
    if first:
        lines.append(f"{'layer':>6} {'‖∂E/∂W‖ first':>14} {'‖∂E/∂W‖ last':>13} {'gain':>8} {'update':>9} {'sat.':>6} {'dead':>6}")
        for k in range(len(cfg["sizes"]) - 1):
            name = "out" if k == len(cfg["sizes"]) - 2 else str(k + 1)
            f = lambda v: "—" if v is None else f"{v:.3g}"  # noqa: E731
            lines.append(f"{name:>6} {f(first['grad_norm'][k]):>14} {f(last['grad_norm'][k]):>13} "
                         f"{f(last['backward_gain'][k]):>8} {f(last['update_ratio'][k]):>9} "
                         f"{last['saturated'][k]:>6.0%} {last['dead'][k]:>6.0%}")
        g = first["grad_norm"]
        if g[0] and g[-1]:
            lines.append(f"first/last layer gradient ratio at step {first['step']}: {g[0] / g[-1]:.3g}")
    return "\n".join(lines)


def _cmd_presets(args) -> int:
    width = max(map(len, ALL_PRESETS))
    for name, preset in ALL_PRESETS.items():
        print(f"{name:<{width}}  {preset.summary}")
    return 0


def _check_save_path(path: str) -> None:
    """Refuse a ``--save`` target before training rather than lose the run after it."""
    try:
        target = files.check_replaceable(path)
    except files.SaveError as exc:
        raise CliError(f"--save: {exc}") from None
    folder = target.parent
    if not folder.is_dir():
        raise CliError(f"--save: no such folder: {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CliError(f"--save: cannot write in {folder}")


def _cmd_run(args) -> int:
    if args.steps > MAX_STEPS:
        raise CliError(f"--steps: at most {MAX_STEPS}")
    kind = None
    if args.out:
        kind = "csv" if args.out.endswith(".csv") else "json" if args.out.endswith(".json") else None
        if kind is None:
            raise CliError("--out: the file name must end in .json or .csv")
    if args.save:
        _check_save_path(args.save)
    spec = _apply_overrides(_load_spec(args), args)
    depth = spec.topology.depth
    if args.json:
        trainer, result = train(spec, args.steps, _Output(sys.stdout, "json", depth))
    elif args.out:
        try:
            with files.replacing(args.out, newline="") as fh:
                trainer, result = train(spec, args.steps, _Output(fh, kind, depth))
        except (OutputError, OSError) as exc:
            cause = exc.args[0] if isinstance(exc, OutputError) else exc
            detail = getattr(cause, "strerror", None) or cause
            raise CliError(f"--out: cannot write {args.out}: {detail}") from None
    else:
        trainer, result = train(spec, args.steps)
    if args.save:
        try:
            fileformat.save(args.save, spec, trainer.network.state(), trainer.step_count, trainer.resume_state())
        except (OSError, ValueError) as exc:
            raise CliError(f"--save: cannot write {args.save}: {getattr(exc, 'strerror', None) or exc}") from None
    if not args.json:
        print(_summary(result))
        if args.out:
            print(f"wrote {args.out}")
        if args.save:
            print(f"saved {args.save} (step {trainer.step_count})")
    return 0


def _cmd_derive(args) -> int:
    if args.steps > MAX_STEPS:
        raise CliError(f"--steps: at most {MAX_STEPS}")
    spec = _load_spec(args)
    if spec.recurrent is not None:
        return _derive_recurrent(spec, args)
    spec = _apply_width(spec, args)
    try:
        spec.validate()
    except ValueError as exc:
        raise CliError(str(exc)) from None
    try:
        k, j, i = spec.parse_weight(args.weight)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    trainer = continued(spec)
    trainer.run(args.steps)
    deriver = Deriver(trainer)
    if not 1 <= args.sample <= deriver.B:
        raise CliError(f"--sample: the batch has {deriver.B} sample(s), 1..{deriver.B}")
    try:
        d = deriver.derive(k, j, i, sample=args.sample - 1)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    return _print_derivation(d, trainer, args, derivation_lines)


def _print_derivation(d, trainer, args, lines) -> int:
    """``derive``'s output: the derivation as JSON, or as ``lines`` of text."""
    if args.json:
        out = d.to_dict()
        if trainer.nonfinite:
            out["nonfinite"] = trainer.nonfinite.to_dict()
        print(json.dumps(_json_safe(out), ensure_ascii=False, allow_nan=False))
        return 0
    for line in lines(d, trainer.nonfinite):
        print(line)
    return 0


def _derive_recurrent(spec: RunSpec, args) -> int:
    """``derive`` for a recurrent network: weight_ih[j,i], weight_hh[j,i] or readout[j,i]."""
    from .engine.recurrent_chain_rule import RecurrentDeriver, parse_weight

    if args.width is not None:
        raise CliError("--width: a recurrent network's hidden layer is set by the file or preset")
    try:
        matrix, j, i = parse_weight(spec, args.weight)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    trainer = continued(spec)
    trainer.run(args.steps)
    deriver = RecurrentDeriver(trainer)
    if not 1 <= args.sample <= deriver.B:
        raise CliError(f"--sample: the batch has {deriver.B} sample(s), 1..{deriver.B}")
    return _print_derivation(deriver.derive(matrix, j, i, sample=args.sample - 1), trainer, args,
                             recurrent_derivation_lines)


def _cmd_stats(args) -> int:
    if args.steps > MAX_STEPS:
        raise CliError(f"--steps: at most {MAX_STEPS}")
    spec = _load_spec(args)
    if spec.recurrent is not None:
        raise CliError("stats: the per-layer statistics are for feed-forward networks; for a recurrent one, "
                       "`gradsim run --json` has the measurements of every time step")
    trainer = continued(_apply_overrides(spec, args))
    trainer.run(args.steps)
    doc = layer_report.report(trainer)
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, allow_nan=False))
    else:
        print(stats_table(doc))
    return 0


_SPARKS = " ▁▂▃▄▅▆▇█"


def _sparkline(hist: dict, width: int = 20) -> str:
    """A histogram's counts as block characters (``width`` columns, bins summed in pairs)."""
    counts = np.asarray(hist["counts"], dtype=float)
    counts = counts.reshape(width, -1).sum(axis=1) if counts.size % width == 0 else counts
    top = counts.max()
    if not top > 0:
        return " " * len(counts)
    levels = np.ceil(counts / top * (len(_SPARKS) - 1)).astype(int)
    return "".join(_SPARKS[i] for i in levels)


def stats_table(doc: dict) -> str:
    """The human form of ``gradsim stats``: one row per layer, then the Jacobian and the notes."""
    def f(v, fmt=".3g"):
        return "—" if v is None else format(v, fmt)

    first = doc["layers"][0]["histograms"]["act"]["edges"]
    n = doc["batch"]
    weights = f"the weights after step {doc['step']}" if doc["step"] else "the initial weights"
    lines = [f"{doc['preset']}: sizes {'-'.join(map(str, doc['sizes']))}, {weights}, on the batch the next step "
             f"would take ({n} sample{'s' if n != 1 else ''})"]
    if doc["nonfinite"]:
        lines.append(doc["nonfinite"]["message"])
    lines.append("measured now, beside the mean-field prediction at initialisation (pred.); "
                 f"the activations' histograms share one range, {first[0]:.3g} to {first[-1]:.3g}")
    lines.append(f"{'layer':>6} {'width':>5} {'act mean':>9} {'act std':>8} {'pred.':>8} {'∂E/∂a std':>10} "
                 f"{'gain':>8} {'pred.':>8} {'sat.':>5} {'dead':>5}  activations")
    for layer in doc["layers"]:
        name = "out" if layer["name"] == "output" else layer["name"].split()[-1]
        lines.append(f"{name:>6} {layer['width']:>5} {f(layer['act_mean']):>9} {f(layer['act_std']):>8} "
                     f"{f(layer['predicted_act_std']):>8} {f(layer['grad_std']):>10} {f(layer['measured_gain']):>8} "
                     f"{f(layer['predicted_gain']):>8} {f(layer['saturated'], '.0%'):>5} {f(layer['dead'], '.0%'):>5}  "
                     f"{_sparkline(layer['histograms']['act'])}")
    jac = doc["jacobian"]
    if doc["jacobian_singular_values"] is not None:
        svs = doc["jacobian_singular_values"]
        conds = [c for c in jac["condition_numbers"] if c is not None]
        cond = f"condition number {np.median(conds):.3g} (median)" if len(conds) == len(svs) else \
            "singular (a singular value is 0)"
        lines.append(f"Jacobian {jac['of']} at {len(svs)} sample(s): singular values from "
                     f"{max(s[0] for s in svs if s[0] is not None):.3g} down to "
                     f"{min(s[-1] for s in svs if s[-1] is not None):.3g}; {cond}")
    else:
        lines.append(f"Jacobian: {jac['reason']}")
    notes: dict[str, list[str]] = {}
    for layer in doc["layers"]:
        name = "out" if layer["name"] == "output" else layer["name"].split()[-1]
        for what, reason in layer["no_prediction"].items():
            if reason:
                notes.setdefault((what, reason), []).append(name)
    for (what, reason), names in notes.items():
        lines.append(f"no predicted {'std' if what == 'act' else 'gain'} for layer {', '.join(names)}: {reason}")
    lines.append("")
    lines += textwrap.wrap(doc["assumptions"], width=100)
    return "\n".join(lines)


def _json_safe(value):
    """NaN and infinity (a derivation of an overflowing net) become null, as in ``run --json``."""
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, float):
        return clean(value)
    return value


def _tree_lines(d, nonfinite=None) -> list[str]:
    """The formula, the state line and the tree of equations (every line = its children)."""
    state = f"at step {d.step}" + (f" (the run stopped: {nonfinite.message})" if nonfinite else "")
    batch = "sample 1 (a batch of one)" if d.batch_size == 1 else \
        f"the first {d.batch_size} training samples; sample {d.sample + 1} written out"
    lines = [d.formula, f"  {state}; {batch}; loss E = {d.loss:.9g}"]

    def walk(node, depth):
        pad = "  " * depth
        tag = f"sample {node.sample}: " if node.sample is not None and d.batch_size > 1 else ""
        what = f"   [{node.op} of the {len(node.children)} below]" if node.children else ""
        meaning = f"   {node.meaning}" if node.meaning else ""
        lines.append(f"{pad}{tag}{node.name} = {node.value:+.9g}{what}{meaning}")
        if node.op == "mean":
            shown = [c for c in node.children if c.children]
            rest = [c for c in node.children if not c.children]
            for c in shown:
                walk(c, depth + 1)
            if rest:
                lines.append(f"{pad}  the other {len(rest)} samples' ∂E/∂{d.weight}: "
                             + ", ".join(f"{c.value:+.3g}" for c in rest[:8]) + (", …" if len(rest) > 8 else ""))
            return
        for c in node.children:
            walk(c, depth + 1)

    walk(d.tree, 1)
    lines.append(f"  backprop's ∂E/∂{d.weight} = {d.backprop:+.9g}")
    return lines


def derivation_lines(d, nonfinite=None) -> list[str]:
    """The derivation as text: the formula, then the tree of equations (every line = its children)."""
    lines = _tree_lines(d, nonfinite)
    if d.layer_chain:
        gains = " × ".join(f"{c.gain:.3g}" for c in d.layer_chain)
        lines.append(f"  backward gains from the output's δ down to layer {d.k + 1}: {gains}; "
                     f"their product {d.layer_chain[-1].cumulative:.3g}")
    lines.append(f"  verdict: {d.verdict.level} — {d.verdict.text}")
    return lines


def recurrent_derivation_lines(d, nonfinite=None) -> list[str]:
    """A recurrent weight's derivation as text: the tree (a sum over the time steps), then the
    memory state's gains from the last step back to the first and their product."""
    lines = _tree_lines(d, nonfinite)
    if d.gain_tree is not None:
        g = d.gain_tree
        gains = " × ".join(f"{c.value:.3g}" for c in g.children[1:])
        lines.append(f"  {g.name} = {g.children[0].name} × the gains one step back at a time: "
                     f"{g.value:.3g} = {g.children[0].value:.3g} × {gains}")
    lines.append(f"  verdict: {d.verdict.level} — {d.verdict.text}")
    return lines


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            raise CliError(f"choose a command: {', '.join(SUBCOMMANDS)}")
        code = {"presets": _cmd_presets, "run": _cmd_run, "derive": _cmd_derive, "stats": _cmd_stats}[args.command](args)
        sys.stdout.flush()
        return code
    except CliError as exc:
        print(f"gradsim: error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # e.g. a weight id that does not exist
        print(f"gradsim: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl+C: an --out or --save file is left as it was
        print("gradsim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (| head): nothing to say
        _drop_stdout()
        return 1
    except (OutputError, OSError) as exc:  # stdout itself failed (a full disk, /dev/full)
        cause = exc.args[0] if isinstance(exc, OutputError) and exc.args else exc
        if isinstance(cause, BrokenPipeError):
            _drop_stdout()
            return 1
        _drop_stdout()
        print(f"gradsim: error: cannot write the output: {getattr(cause, 'strerror', None) or cause}",
              file=sys.stderr)
        return 1


def _drop_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush of what could not be
    written does not fail again (with a traceback) at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (tests capture it)
        pass


if __name__ == "__main__":
    sys.exit(main())
