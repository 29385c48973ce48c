"""Run-history export shared by the CLI (``--json``/``--out``) and the app's File → Export.

One entry per step: ``step``, ``loss``, the per-layer lists of :data:`metrics.LAYER_KEYS`,
``clip_norm_before``, ``clip_norm_after`` and ``nonfinite``. Non-finite numbers (NaN, ±∞) are
written as ``null`` wherever they occur, so the JSON is always valid (JSON has no NaN); what went
non-finite, where and when, is in ``nonfinite``. A run that stopped on a non-finite value ends with
one more entry for the failing step whose ``nonfinite`` says where and when.

A recurrent run's entries add, after ``clip_norm_after``, its per-time-step columns
(:data:`TIME_KEYS`, those the run has: ``time_grad_norm`` over t = 1..T, ``time_gain`` over
t = 2..T, ``cell_grad_norm``, ``gate_mean``, ``recurrent_grad_norm`` as
``{"weight_ih", "weight_hh", "bias_ih", "bias_hh"}``, ``time_flow``, ``hidden_dead``, ``dead_step``); in the CSV
one column per number (``time_grad_norm_1`` …, ``time_gain_2`` …, ``recurrent_grad_norm_weight_hh``).

Entries can be made one at a time (:func:`entry`, :func:`csv_row`), so the command line streams a
run of any length to its output without keeping the rows.
"""

from __future__ import annotations

import csv
import io
import math

import numpy as np

from .metrics import LAYER_KEYS

# a recurrent run's columns (see gradsim.engine.recurrent), in the order entries list them
TIME_KEYS = ("time_grad_norm", "time_gain", "cell_grad_norm", "gate_mean", "recurrent_grad_norm", "time_flow",
             "hidden_dead", "dead_step")
RECURRENT_GRAD_KEYS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def clean(v):
    """JSON-safe float: NaN and infinity become None."""
    v = float(v)
    return v if math.isfinite(v) else None


def clean_list(values) -> list:
    """Nested lists (or an array) of numbers with NaN and infinity as None."""
    arr = np.asarray(values, dtype=np.float64)
    if np.all(np.isfinite(arr)):
        return arr.tolist()
    return np.where(np.isfinite(arr), arr, None).tolist()


def entry(row: dict) -> dict:
    """The export entry of one step: ``row`` as :meth:`History.rows` makes it, or the trainer's
    scalars and per-layer measurements of that step merged into one dict (arrays are fine)."""
    out = {"step": int(row["step"]), "loss": clean(row["loss"])}
    if "test_loss" in row and not math.isnan(row["test_loss"]):
        out["test_loss"] = clean(row["test_loss"])
    for key in LAYER_KEYS:
        out[key] = [clean(v) for v in row[key]]
    out["clip_norm_before"] = clean(row["clip_norm_before"])
    out["clip_norm_after"] = clean(row["clip_norm_after"])
    for key in TIME_KEYS:
        if key in row:
            v = row[key]
            if key == "recurrent_grad_norm":
                out[key] = dict(zip(RECURRENT_GRAD_KEYS, (clean(x) for x in v)))
            elif np.ndim(v) == 0:
                out[key] = clean(v)
            else:
                out[key] = [clean(x) for x in v]
    out["nonfinite"] = None
    return out


def failing_entry(nonfinite: dict, failing_loss: float | None = None, extra: dict | None = None) -> dict:
    """The entry of the step that stopped the run (no measurements; ``nonfinite`` says why).
    ``extra``: a recurrent run's added columns (name → width), written as None too."""
    failing = {"step": nonfinite["step"], "loss": None if failing_loss is None else clean(failing_loss)}
    failing.update({key: None for key in LAYER_KEYS})
    failing.update(clip_norm_before=None, clip_norm_after=None)
    failing.update({key: None for key in TIME_KEYS if extra and key in extra})
    failing["nonfinite"] = nonfinite
    return failing


def history_entries(rows: list[dict], nonfinite: dict | None = None, failing_loss: float | None = None) -> list[dict]:
    """Entries from :meth:`History.rows` (plus the failing step when ``nonfinite`` is given)."""
    out = [entry(row) for row in rows]
    if nonfinite:
        out.append(failing_entry(nonfinite, failing_loss))
    return out


def _time_labels(key: str, width: int | None) -> list[str]:
    if width is None:
        return [key]
    if key == "recurrent_grad_norm":
        return [f"{key}_{name}" for name in RECURRENT_GRAD_KEYS]
    first = 2 if key == "time_gain" else 1  # a gain belongs to the step it leads back from
    return [f"{key}_{t}" for t in range(first, first + width)]


def csv_header(n_layers: int, extra: dict | None = None) -> list[str]:
    """Column names; per-layer columns are ``<key>_<layer>`` with layers numbered from 1; a
    recurrent run's (``extra``: name → width) ``<key>_<t>`` per time step."""
    times = [label for key in TIME_KEYS if extra and key in extra for label in _time_labels(key, extra[key])]
    return ["step", "loss"] + [f"{k}_{l + 1}" for k in LAYER_KEYS for l in range(n_layers)] + \
        ["clip_norm_before", "clip_norm_after"] + times + ["nonfinite"]


def csv_row(r: dict, n_layers: int, extra: dict | None = None) -> list:
    """One entry as CSV cells (a missing or non-finite number is an empty cell)."""
    line = [r["step"], r["loss"]]
    for k in LAYER_KEYS:
        line += r[k] if r[k] is not None else [None] * n_layers
    line += [r["clip_norm_before"], r["clip_norm_after"]]
    for key in TIME_KEYS:
        if extra and key in extra:
            v = r.get(key)
            n = len(_time_labels(key, extra[key]))
            line += [v] if n == 1 and not isinstance(v, (list, dict)) else \
                (list(v.values()) if isinstance(v, dict) else v if v is not None else [None] * n)
    line.append(r["nonfinite"]["message"] if r["nonfinite"] else "")
    return ["" if v is None else v for v in line]


def csv_text(entries: list[dict], n_layers: int, extra: dict | None = None) -> str:
    """One CSV row per step (see :func:`csv_header`)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(csv_header(n_layers, extra))
    for r in entries:
        w.writerow(csv_row(r, n_layers, extra))
    return buf.getvalue()
