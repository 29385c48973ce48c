"""The ``.gradsim`` file: a versioned, human-readable JSON document holding a :class:`RunSpec`.

Schema (version 1)::

    {
      "format": "gradsim", "version": 1,
      "name": str, "description": str, "notes": str,
      "network": {
        "input_size": int >= 1,
        "layers": [ {"size": int >= 1, "activation": str, "alpha": number|null,
                     "batch_norm": bool, "residual_from": int|null}, ... ],   # last = output
        "masks": { "<k>": [[0|1, ...], ...] }          # optional, shape (size[k+1], size[k])
      },
      "init": {"weights": {"name": str, ...params}, "biases": {"name": str, ...params}},
      "training": {"loss": str, "optimizer": str, "lr": number, "momentum": number,
                   "batch_size": int|null, "clip_mode": "none"|"norm"|"value", "clip_value": number,
                   "train_biases": bool, "seed": int},
      "data": {"name": str, "n_samples": int, "noise": number, "test_fraction": number},
      "weight_names": "seed"|null,
      "parameters": null | {"layers": [{"weights": [[...]], "biases": [...],
                                        "gamma"?, "beta"?, "running_mean"?, "running_var"?,
                                        "projection"?}, ...]},
      "recurrent": null | {"cell": "rnn-tanh"|"rnn-relu"|"lstm"|"gru", "hidden_size": int, "seq_len": int,
                           "bptt": int|null, "input_init": {init}, "recurrent_init": {init},
                           "spectral_radius": number|null, "gate_bias": number},
      "state": {"step": int,                          # optional: how far a saved run had trained
                "optimizer"?: {"t": int, "m"?: [...], "v"?: [...]},   # moments, flat (Network.flat)
                "batches"?: {"cursor": int, "order": [int],           # mini-batch shuffle state
                             "rng": {"bit_generator": "PCG64", "state": {"state": int, "inc": int},
                                     "has_uint32": 0|1, "uinteger": int}}}
    }

``state.optimizer`` and ``state.batches`` (added in the same version 1; older files simply lack
them) let a reopened run continue bit for bit (:meth:`Trainer.restore`).

A recurrent network (``recurrent`` present, see :mod:`gradsim.engine.recurrent`; also added in
version 1) stores its readout as ``network`` (``input_size`` = ``hidden_size``, one layer), names
a sequence task in ``data.name``, and its parameters as ``{"layers": [readout], "recurrent":
{"weight_ih": [[…]], "weight_hh": [[…]], "bias_ih": […], "bias_hh": […]}}`` in PyTorch's layout
(gates·H rows). Its fields are checked like every other, each error naming the field.

Only ``format``, ``version`` and ``network`` are required; everything else has the defaults of
:class:`RunSpec`. Loading never raises anything but :class:`FormatError`, whose one-line message
names the offending field (``network.layers[1].activation: unknown activation 'foo' …``,
``state.batches.rng.state.state: must be a whole number between 0 and …``). A file that loads is
one gradsim can build and train: every value is within the ranges of :mod:`limits` (the control
panel's), the run fits in the memory budget, and the run state fits the network and data set (a
step count and ``t`` up to 10¹², moments as long as the trainable parameters, ``v`` >= 0, the
batch order a permutation of the training set, numpy's random state with each number in range).

Only a regular file is read (not a device, FIFO or folder), of at most a quarter of the memory
budget (:func:`limits.max_file_bytes`). Saving is atomic and keeps the file's permissions and
symbolic links (:mod:`gradsim.engine.files`); a file with other hard links is refused.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np

from . import files, limits
from .datasets import DataSpec
from .initializers import Init
from .spec import RunSpec, TrainConfig
from .text import Text, brief, clip, reason
from .topology import MAX_LAYERS, LayerSpec, Topology

FORMAT = "gradsim"
VERSION = 1
EXTENSION = ".gradsim"
MAX_OBJECTS = 16 * MAX_LAYERS + 1024  # JSON objects: one or two per layer and a few more in a real file
RNG = "PCG64"  # the bit generator of the trainer's mini-batch shuffling (numpy's default_rng)


class FormatError(ValueError):
    """A file that is not a valid gradsim document; the message names the field."""


_MISSING = object()


def _field(obj: dict, key: str, where: str, kinds, default=_MISSING, allow_none=False):
    if key not in obj:
        if default is _MISSING:
            raise FormatError(Text("{field}: missing", field=where + key))
        return default
    v = obj[key]
    if v is None and allow_none:
        return None
    if kinds is float:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise FormatError(Text("{field}: must be a number, got {value}", field=where + key, value=brief(v)))
        try:
            f = float(v)
        except OverflowError:  # an integer beyond float's range
            f = math.inf
        if not math.isfinite(f):
            raise FormatError(Text("{field}: must be finite, got {value}", field=where + key, value=brief(v)))
        return f + 0.0  # -0.0 is 0 (numpy refuses a scale of -0.0)
    if kinds is int:
        if isinstance(v, bool) or not isinstance(v, int):
            if isinstance(v, float) and v.is_integer():
                return int(v)
            raise FormatError(Text("{field}: must be a whole number, got {value}", field=where + key, value=brief(v)))
        return v
    if not isinstance(v, kinds):
        name = _KINDS.get(kinds, str(kinds))
        raise FormatError(Text("{field}: must be {kind}, got {value}", field=where + key, kind=name, value=brief(v)))
    return v


_KINDS = {str: Text("a string"), bool: Text("true or false"), dict: Text("an object"), list: Text("a list")}


def _no_extra(obj: dict, allowed: set, where: str):
    extra = sorted(set(obj) - allowed)
    if extra:
        key = extra[0] if extra[0].isidentifier() else json.dumps(extra[0])
        raise FormatError(Text("{field}: unknown field (allowed: {allowed})", field=where + clip(key),
                               allowed=", ".join(sorted(allowed))))


def _matrix(v, where: str, ndim: int) -> np.ndarray:
    shape_error = (Text("{field}: must be a list of numbers", field=where) if ndim == 1 else
                   Text("{field}: must be a rectangular list of lists of numbers", field=where))
    if not isinstance(v, list):
        raise FormatError(shape_error)
    try:
        arr = np.array(v, dtype=np.float64)
    except (TypeError, ValueError, OverflowError, RecursionError):
        raise FormatError(shape_error) from None
    if arr.ndim != ndim or (ndim == 2 and arr.shape[1] == 0 and arr.shape[0] > 0):
        raise FormatError(shape_error)
    if not np.all(np.isfinite(arr)):
        raise FormatError(Text("{field}: contains NaN or infinity", field=where))
    return arr + 0.0  # no -0.0


def _whole(obj: dict, key: str, where: str, bounds, default=_MISSING) -> int:
    """A whole-number field within ``bounds``; FormatError naming it otherwise."""
    v = _field(obj, key, where, int, default)
    try:
        return limits.check_whole(where + key, v, bounds)
    except ValueError as exc:
        raise FormatError(reason(exc)) from None


# -- reading -------------------------------------------------------------------------------------
def loads(text: str | bytes) -> RunSpec:
    """Parse and validate a document; raise :class:`FormatError` naming the field.

    A document whose parse alone would exceed the memory budget (:func:`limits.parse_bytes`), or
    that holds more JSON objects than any gradsim file (a million layers, say), is refused
    unparsed: a Python object per layer would cost more than the check."""
    objects = text.count(b"{" if isinstance(text, (bytes, bytearray)) else "{")
    if objects > MAX_OBJECTS:
        raise FormatError(Text("document: {count:,} JSON objects (counting '{{'); a gradsim file has a few per layer, "
                               "at most {maximum:,} in all", count=objects, maximum=MAX_OBJECTS))
    need, budget = limits.parse_bytes(text), limits.memory_budget()
    if need > budget:
        raise FormatError(Text("document: reading it would need about {need} of memory, more than the budget of "
                               "{budget} (the environment variable {variable} sets it)", need=limits.human(need),
                               budget=limits.human(budget), variable=limits.BUDGET_ENV))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(Text("document: not valid JSON (line {line}, column {column}: {detail}) — "
                               "the file may be truncated", line=exc.lineno, column=exc.colno, detail=exc.msg)) from None
    except RecursionError:
        raise FormatError(Text("document: nested too deeply to read (a gradsim file nests a few levels)")) from None
    except (TypeError, ValueError) as exc:  # e.g. an integer of more than 4300 digits
        raise FormatError(Text("document: not readable as JSON ({detail})", detail=clip(str(exc), 80))) from None
    return from_dict(doc)


def from_dict(doc) -> RunSpec:
    try:
        return _from_dict(doc)
    except FormatError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError) as exc:
        text = reason(exc)
        raise FormatError(text if isinstance(text, Text) else (str(exc).strip("'\"") or type(exc).__name__)) from None


def _from_dict(doc) -> RunSpec:
    if not isinstance(doc, dict):
        raise FormatError(Text("document: must be a JSON object"))
    fmt = _field(doc, "format", "", str)
    if fmt != FORMAT:
        raise FormatError(Text("format: expected {expected!r}, got {found!r} (is this a gradsim file?)",
                               expected=FORMAT, found=clip(fmt)))
    version = _field(doc, "version", "", int)
    if version > VERSION:
        raise FormatError(Text("version: written by a newer gradsim (version {version}); this one reads version "
                               "{supported}", version=brief(version), supported=VERSION))
    if version < 1:
        raise FormatError(Text("version: must be >= 1, got {version}", version=brief(version)))
    _no_extra(doc, {"format", "version", "name", "description", "notes", "network", "init", "training",
                    "data", "weight_names", "parameters", "state", "recurrent"}, "")
    topology = _topology(_field(doc, "network", "", dict))
    raw_recurrent = _field(doc, "recurrent", "", dict, None, allow_none=True)
    recurrent = None if raw_recurrent is None else _recurrent(raw_recurrent)
    init = _field(doc, "init", "", dict, {})
    _no_extra(init, {"weights", "biases"}, "init.")
    weight_init = _init(_field(init, "weights", "init.", dict, {"name": "xavier_uniform"}), "init.weights.")
    bias_init = _init(_field(init, "biases", "init.", dict, {"name": "constant", "value": 0.0}), "init.biases.")
    train = _training(_field(doc, "training", "", dict, {}))
    data = _data(_field(doc, "data", "", dict, {}))
    names = _field(doc, "weight_names", "", str, None, allow_none=True)
    if names not in (None, "seed"):
        raise FormatError(Text("weight_names: must be \"seed\" or null, got {found!r}", found=clip(names)))
    spec = RunSpec(topology, weight_init, bias_init, train, data, None,
                   name=_field(doc, "name", "", str, "custom"),
                   description=_field(doc, "description", "", str, ""),
                   notes=_field(doc, "notes", "", str, ""), weight_names=names, recurrent=recurrent)
    if recurrent is not None and names is not None:
        raise FormatError(Text("weight_names: a recurrent network's weights have no lecture names (use null)"))
    try:
        spec.validate()  # ranges, consistency and the memory budget, before any array is built
    except ValueError as exc:
        raise FormatError(reason(exc)) from None
    params = _field(doc, "parameters", "", dict, None, allow_none=True)
    if params is not None:
        spec.parameters = _parameters(params, topology) if recurrent is None else _recurrent_parameters(params, spec)
    state = _field(doc, "state", "", dict, {})
    _no_extra(state, {"step", "optimizer", "batches"}, "state.")
    spec.saved_step = _whole(state, "step", "state.", (0, limits.MAX_STEP), 0)
    spec.resume = _resume(state, spec)
    return spec


def _resume(state: dict, spec: RunSpec) -> dict | None:
    """``state.optimizer`` / ``state.batches`` (optional): what continuing a run exactly needs,
    checked against ``spec`` (moments as long as its trainable parameters, a batch order over its
    training set, a random state numpy accepts), so that :meth:`Trainer.restore` and the steps
    after it cannot fail on them."""
    out = {}
    opt = _field(state, "optimizer", "state.", dict, None, allow_none=True)
    if opt is not None:
        out["optimizer"] = _optimizer_state(opt, spec)
    batches = _field(state, "batches", "state.", dict, None, allow_none=True)
    if batches is not None:
        out["batches"] = _batch_state(batches, spec)
    return out or None


def _optimizer_state(opt: dict, spec: RunSpec) -> dict:
    w = "state.optimizer."
    _no_extra(opt, {"t", "m", "v"}, w)
    out = {"t": _whole(opt, "t", w, (0, limits.MAX_STEP), 0)}
    n = spec.n_trainable()
    for key in ("m", "v"):
        if key in opt:
            arr = _matrix(opt[key], w + key, 1)
            if arr.shape != (n,):
                raise FormatError(Text("{field}: must hold {expected} numbers (one per trainable parameter), got "
                                       "{found}", field=w + key, expected=n, found=arr.size))
            if key == "v" and np.any(arr < 0):
                raise FormatError(Text("{field}: must be >= 0 (squared gradients)", field=w + key))
            out[key] = arr
    return out


def _batch_state(batches: dict, spec: RunSpec) -> dict:
    w = "state.batches."
    _no_extra(batches, {"cursor", "order", "rng"}, w)
    n_train = spec.data.split()[0]
    order = _field(batches, "order", w, list)
    if len(order) != n_train or not all(type(i) is int for i in order) or sorted(order) != list(range(n_train)):
        raise FormatError(Text("{field}: must be a permutation of 0 … {last} (the training set's {count} samples)",
                               field=w + "order", last=n_train - 1, count=n_train))
    cursor = _whole(batches, "cursor", w, (0, n_train), n_train)
    return {"order": np.array(order, dtype=np.int64), "cursor": cursor, "rng": _rng_state(batches)}


def _rng_state(batches: dict) -> dict:
    """numpy's ``PCG64.state``: exactly its keys, each within its range."""
    w = "state.batches.rng."
    rng = _field(batches, "rng", "state.batches.", dict)
    _no_extra(rng, {"bit_generator", "state", "has_uint32", "uinteger"}, w)
    name = _field(rng, "bit_generator", w, str)
    if name != RNG:
        raise FormatError(Text("{field}: must be {expected!r}, got {found!r}", field=w + "bit_generator",
                               expected=RNG, found=clip(name)))
    inner = _field(rng, "state", w, dict)
    _no_extra(inner, {"state", "inc"}, w + "state.")
    out = {"bit_generator": RNG,
           "state": {key: _whole(inner, key, w + "state.", (0, 2**128 - 1)) for key in ("state", "inc")},
           "has_uint32": _whole(rng, "has_uint32", w, (0, 1)),
           "uinteger": _whole(rng, "uinteger", w, (0, 2**32 - 1))}
    try:
        np.random.PCG64().state = out
    except (TypeError, ValueError, OverflowError) as exc:  # pragma: no cover - the checks above are numpy's
        raise FormatError(Text("{field}: numpy refuses it ({detail})", field="state.batches.rng",
                               detail=clip(str(exc), 80))) from None
    return out


def _topology(net: dict) -> Topology:
    _no_extra(net, {"input_size", "layers", "masks"}, "network.")
    input_size = _field(net, "input_size", "network.", int)
    raw_layers = _field(net, "layers", "network.", list)
    if len(raw_layers) > MAX_LAYERS:  # count first: no objects per layer for a file asking for a million
        raise FormatError(Text("network.layers: at most {maximum} layers, got {count}", maximum=MAX_LAYERS,
                               count=len(raw_layers)))
    layers = []
    for idx, raw in enumerate(raw_layers):
        where = f"network.layers[{idx}]."
        if not isinstance(raw, dict):
            raise FormatError(Text("{field}: must be an object", field=f"network.layers[{idx}]"))
        _no_extra(raw, {"size", "activation", "alpha", "batch_norm", "residual_from"}, where)
        size = _field(raw, "size", where, int)
        if size < 1:
            raise FormatError(Text("{field}: must be at least 1, got {value}", field=where + "size", value=brief(size)))
        layers.append(LayerSpec(
            size=size,
            activation=_field(raw, "activation", where, str, "sigmoid"),
            alpha=_field(raw, "alpha", where, float, None, allow_none=True),
            batch_norm=_field(raw, "batch_norm", where, bool, False),
            residual_from=_field(raw, "residual_from", where, int, None, allow_none=True),
        ))
    masks = {}
    raw_masks = _field(net, "masks", "network.", dict, {})
    if len(raw_masks) > len(layers):
        raise FormatError(Text("network.masks: more masks ({count}) than weight matrices ({matrices})",
                               count=len(raw_masks), matrices=len(layers)))
    topo = Topology(input_size, layers, {})
    try:
        topo.validate()  # sizes first: a mask is only read once the network's shape is known to fit
    except ValueError as exc:
        raise FormatError(Text("network.{error}", error=reason(exc))) from None
    for key, m in raw_masks.items():
        try:
            k = int(key)
        except ValueError:
            raise FormatError(Text("{field}: keys must be weight-matrix numbers (0, 1, …)",
                                   field=f"network.masks.{clip(json.dumps(key))}")) from None
        arr = _matrix(m, f"network.masks.{key}", 2)
        if not np.all((arr == 0) | (arr == 1)):
            raise FormatError(Text("{field}: entries must be 0 or 1", field=f"network.masks.{key}"))
        masks[k] = arr.astype(bool)
    topo.masks = masks
    try:
        topo.validate()
    except ValueError as exc:
        raise FormatError(Text("network.{error}", error=reason(exc))) from None
    return topo


def _init(raw: dict, where: str, names=None) -> Init:
    _no_extra(raw, {"name", "a", "b", "sigma", "value", "gain"}, where)
    init = Init(name=_field(raw, "name", where, str),
                a=_field(raw, "a", where, float, 0.0), b=_field(raw, "b", where, float, 1.0),
                sigma=_field(raw, "sigma", where, float, 0.1), value=_field(raw, "value", where, float, 0.0),
                gain=_field(raw, "gain", where, float, 1.0))
    try:
        init.validate(where) if names is None else init.validate(where, names)
    except ValueError as exc:
        raise FormatError(reason(exc)) from None
    return init


def _recurrent(raw: dict):
    """The ``recurrent`` section: a :class:`~gradsim.engine.recurrent.RecurrentSpec`, every field
    checked against its range."""
    from .initializers import RECURRENT_INIT_NAMES
    from .recurrent import INPUT_INIT_NAMES, RecurrentSpec

    w = "recurrent."
    d = RecurrentSpec()
    _no_extra(raw, {"cell", "hidden_size", "seq_len", "bptt", "input_init", "recurrent_init", "spectral_radius",
                    "gate_bias"}, w)
    spec = RecurrentSpec(
        cell=_field(raw, "cell", w, str, d.cell),
        hidden_size=_whole(raw, "hidden_size", w, limits.HIDDEN_SIZE, d.hidden_size),
        seq_len=_whole(raw, "seq_len", w, limits.SEQ_LEN, d.seq_len),
        bptt=None if raw.get("bptt") is None else _whole(raw, "bptt", w, limits.SEQ_LEN),
        input_init=_init(_field(raw, "input_init", w, dict, d.input_init.to_dict()), w + "input_init.",
                         INPUT_INIT_NAMES),
        recurrent_init=_init(_field(raw, "recurrent_init", w, dict, d.recurrent_init.to_dict()),
                             w + "recurrent_init.", RECURRENT_INIT_NAMES),
        spectral_radius=_field(raw, "spectral_radius", w, float, None, allow_none=True),
        gate_bias=_field(raw, "gate_bias", w, float, d.gate_bias))
    try:
        return spec.validate()
    except ValueError as exc:
        raise FormatError(reason(exc)) from None


def _recurrent_parameters(raw: dict, spec: RunSpec) -> dict:
    """A recurrent network's ``parameters``: the readout (as a feed-forward layer) and the cell's
    four arrays, each of the shape the network has."""
    from .sequences import INPUT_SIZES

    _no_extra(raw, {"layers", "recurrent"}, "parameters.")
    layers = _parameters({"layers": _field(raw, "layers", "parameters.", list)}, spec.topology)
    cell = _field(raw, "recurrent", "parameters.", dict)
    w = "parameters.recurrent."
    _no_extra(cell, {"weight_ih", "weight_hh", "bias_ih", "bias_hh"}, w)
    r = spec.recurrent
    G, H, n_in = r.gates * r.hidden_size, r.hidden_size, INPUT_SIZES[spec.data.name]
    out = {}
    for key, ndim, shape in (("weight_ih", 2, (G, n_in)), ("weight_hh", 2, (G, H)), ("bias_ih", 1, (G,)),
                             ("bias_hh", 1, (G,))):
        arr = _matrix(_field(cell, key, w, list), w + key, ndim)
        if arr.shape != shape:
            raise FormatError(Text("{field}: shape {shape} does not match the network's {expected}",
                                   field=w + key, shape=arr.shape, expected=shape))
        out[key] = arr
    return {"layers": layers, "recurrent": out}


def _training(raw: dict) -> TrainConfig:
    w = "training."
    d = TrainConfig()
    _no_extra(raw, set(d.__dict__), w)
    return TrainConfig(
        loss=_field(raw, "loss", w, str, d.loss), optimizer=_field(raw, "optimizer", w, str, d.optimizer),
        lr=_field(raw, "lr", w, float, d.lr), momentum=_field(raw, "momentum", w, float, d.momentum),
        batch_size=_field(raw, "batch_size", w, int, d.batch_size, allow_none=True),
        clip_mode=_field(raw, "clip_mode", w, str, d.clip_mode),
        clip_value=_field(raw, "clip_value", w, float, d.clip_value),
        train_biases=_field(raw, "train_biases", w, bool, d.train_biases),
        seed=_field(raw, "seed", w, int, d.seed))


def _data(raw: dict) -> DataSpec:
    w = "data."
    d = DataSpec()
    _no_extra(raw, set(d.__dict__), w)
    return DataSpec(name=_field(raw, "name", w, str, d.name), n_samples=_field(raw, "n_samples", w, int, d.n_samples),
                    noise=_field(raw, "noise", w, float, d.noise),
                    test_fraction=_field(raw, "test_fraction", w, float, d.test_fraction))


def _parameters(raw: dict, topology: Topology) -> list[dict]:
    _no_extra(raw, {"layers"}, "parameters.")
    layers = _field(raw, "layers", "parameters.", list)
    if len(layers) != topology.depth:
        raise FormatError(Text("parameters.layers: expected {expected} entries (one per weight matrix), got {found}",
                               expected=topology.depth, found=len(layers)))
    sizes = topology.sizes
    out = []
    for k, layer in enumerate(layers):
        where = f"parameters.layers[{k}]"
        if not isinstance(layer, dict):
            raise FormatError(Text("{field}: must be an object", field=where))
        _no_extra(layer, {"weights", "biases", "gamma", "beta", "running_mean", "running_var", "projection"}, where + ".")
        n_out, n_in = sizes[k + 1], sizes[k]
        entry = {}
        for key, ndim, shape in (("weights", 2, (n_out, n_in)), ("biases", 1, (n_out,)),
                                 ("gamma", 1, (n_out,)), ("beta", 1, (n_out,)),
                                 ("running_mean", 1, (n_out,)), ("running_var", 1, (n_out,))):
            if key not in layer:
                if key in ("weights", "biases"):
                    raise FormatError(Text("{field}: missing", field=f"{where}.{key}"))
                continue
            arr = _matrix(layer[key], f"{where}.{key}", ndim)
            if arr.shape != shape:
                raise FormatError(Text("{field}: shape {shape} does not match the network's {expected}",
                                       field=f"{where}.{key}", shape=arr.shape, expected=shape))
            entry[key] = arr
        if "projection" in layer:
            s = topology.layers[k].residual_from
            if s is None or sizes[s] == n_out:
                raise FormatError(Text("{field}: this layer has no projection shortcut", field=f"{where}.projection"))
            arr = _matrix(layer["projection"], f"{where}.projection", 2)
            if arr.shape != (n_out, sizes[s]):
                raise FormatError(Text("{field}: shape {shape} does not match {expected}", field=f"{where}.projection",
                                       shape=arr.shape, expected=(n_out, sizes[s])))
            entry["projection"] = arr
        if "running_var" in entry and np.any(entry["running_var"] < 0):
            raise FormatError(Text("{field}: variances must be >= 0", field=f"{where}.running_var"))
        out.append(entry)
    return out


def load(path) -> RunSpec:
    """Read a ``.gradsim`` file; every problem (missing, unreadable, malformed) is a FormatError.

    Only a regular file of at most :func:`limits.max_file_bytes` is read (a device, a FIFO or a
    folder is refused without reading or waiting)."""
    p = Path(path)
    limit = limits.max_file_bytes()
    try:
        data = files.read_regular(p, limit)
    except FileNotFoundError:
        raise FormatError(Text("{path}: no such file", path=str(p))) from None
    except files.NotRegularFile:
        raise FormatError(Text("{path}: not a regular file (gradsim reads only regular files, of at most {limit})",
                               path=str(p), limit=limits.human(limit))) from None
    except files.TooLarge as exc:
        raise FormatError(Text("{path}: {size:,} bytes is more than a gradsim file may have ({limit:,} bytes, a "
                               "quarter of the memory budget; the environment variable {variable} sets it)",
                               path=str(p), size=exc.size, limit=limit, variable=limits.BUDGET_ENV)) from None
    except OSError as exc:
        raise FormatError(Text("{path}: cannot read ({detail})", path=str(p), detail=str(exc.strerror or exc))) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FormatError(Text("{path}: not a text file (a gradsim file is UTF-8 JSON)", path=str(p))) from None
    del data
    return loads(text)


# -- writing -------------------------------------------------------------------------------------
def _list(a) -> list:
    return np.asarray(a, dtype=np.float64).tolist()


def to_dict(spec: RunSpec, parameters: list[dict] | None = None, step: int | None = None,
            resume: dict | None = None) -> dict:
    """The document for ``spec``; ``parameters`` (``Network.state()``) overrides ``spec.parameters``;
    ``resume`` (``Trainer.resume_state()``) is written to ``state`` so the run continues exactly."""
    topo = spec.topology
    doc = {
        "format": FORMAT, "version": VERSION,
        "name": spec.name, "description": spec.description, "notes": spec.notes,
        "network": {
            "input_size": int(topo.input_size),
            "layers": [{"size": int(l.size), "activation": l.activation, "alpha": l.alpha,
                        "batch_norm": bool(l.batch_norm), "residual_from": l.residual_from}
                       for l in topo.layers],
        },
        "init": {"weights": spec.weight_init.to_dict(), "biases": spec.bias_init.to_dict()},
        "training": dict(spec.train.__dict__),
        "data": dict(spec.data.__dict__),
        "weight_names": spec.weight_names,
        "parameters": None,
    }
    r = spec.recurrent
    if r is not None:  # right after the network it drives (the readout)
        section = {"cell": r.cell, "hidden_size": int(r.hidden_size), "seq_len": int(r.seq_len),
                   "bptt": None if r.bptt is None else int(r.bptt), "input_init": r.input_init.to_dict(),
                   "recurrent_init": r.recurrent_init.to_dict(), "spectral_radius": r.spectral_radius,
                   "gate_bias": r.gate_bias}
        items = list(doc.items())
        at = [k for k, _ in items].index("network") + 1
        doc = dict(items[:at] + [("recurrent", section)] + items[at:])
    if topo.masks:
        doc["network"]["masks"] = {str(k): m.astype(int).tolist() for k, m in sorted(topo.masks.items())}
    params = parameters if parameters is not None else spec.parameters
    if params is not None:
        cell = params.get("recurrent") if isinstance(params, dict) else None
        layers = params["layers"] if isinstance(params, dict) else params
        arrays = [(f"parameters.layers[{k}].{key}", v) for k, layer in enumerate(layers) for key, v in layer.items()]
        arrays += [(f"parameters.recurrent.{key}", v) for key, v in (cell or {}).items()]
        for field, v in arrays:
            if not np.all(np.isfinite(v)):  # a run that overflowed: the loader would refuse it
                raise ValueError(Text("{field}: holds NaN or infinity (the run overflowed), so it cannot be "
                                      "saved; reset the run or save it before it overflows", field=field))
        doc["parameters"] = {"layers": [{key: _list(v) for key, v in layer.items()} for layer in layers]}
        if cell is not None:
            doc["parameters"]["recurrent"] = {key: _list(v) for key, v in cell.items()}
    if step:
        doc["state"] = {"step": int(step)}
    if resume:
        state = doc.setdefault("state", {"step": int(step or 0)})
        opt = resume.get("optimizer")
        if opt is not None:
            part = {"t": int(opt.get("t", 0))}
            for key in ("m", "v"):
                if key in opt:
                    part[key] = _list(opt[key])
            state["optimizer"] = part
        batches = resume.get("batches")
        if batches is not None:
            state["batches"] = {"cursor": int(batches["cursor"]),
                                "order": [int(i) for i in np.asarray(batches["order"]).tolist()],
                                "rng": batches["rng"]}
        _drop_unfit_state(state, spec)
    return doc


def _drop_unfit_state(state: dict, spec: RunSpec) -> None:
    """Leave out a part of the run state that does not fit ``spec`` (moments of another network,
    the batch order of another data set: what :meth:`Trainer.restore` would skip anyway), so every
    file gradsim writes is one it reads back."""
    for key, check in (("optimizer", _optimizer_state), ("batches", _batch_state)):
        if key in state:
            try:
                check(state[key], spec)
            except FormatError:
                del state[key]


_NUMBER_LIST = re.compile(r"\[\s*(-?[0-9][-+0-9.eE]*(?:,\s*-?[0-9][-+0-9.eE]*)*)\s*\]")


def dumps(spec: RunSpec, parameters: list[dict] | None = None, step: int | None = None,
          resume: dict | None = None) -> str:
    """Indented JSON with each row of numbers on one line, so weight matrices read as matrices."""
    text = json.dumps(to_dict(spec, parameters, step, resume), indent=2, ensure_ascii=False, allow_nan=False)
    return _NUMBER_LIST.sub(lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",")) + "]", text) + "\n"


def save(path, spec: RunSpec, parameters: list[dict] | None = None, step: int | None = None,
         resume: dict | None = None) -> None:
    """Write atomically (temporary file in the same folder, fsync, rename over ``path``), keeping
    the file's permissions and symbolic links; a file with other hard links is refused
    (:class:`files.SaveError`, an ``OSError``), see :mod:`gradsim.engine.files`."""
    files.check_replaceable(path)  # before the text is built
    text = dumps(spec, parameters, step, resume)
    with files.replacing(path) as fh:
        fh.write(text)
