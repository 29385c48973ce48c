"""Run-history export shared by the CLI (``--json``/``--out``) and the app's File → Export.

One entry per step: ``step``, ``loss``, the per-layer lists of :data:`metrics.LAYER_KEYS`,
``clip_norm_before``, ``clip_norm_after`` and ``nonfinite``. Non-finite numbers become ``null``
(JSON has no NaN). A run that stopped on a non-finite value ends with one more entry for the failing
step whose ``nonfinite`` says where and when.
"""

from __future__ import annotations

import csv
import io
import math

from .metrics import LAYER_KEYS


def clean(v):
    """JSON-safe float: NaN and infinity become None."""
    v = float(v)
    return v if math.isfinite(v) else None


def history_entries(rows: list[dict], nonfinite: dict | None = None, failing_loss: float | None = None) -> list[dict]:
    """Entries from :meth:`History.rows` (plus the failing step when ``nonfinite`` is given)."""
    out = []
    for row in rows:
        entry = {"step": row["step"], "loss": clean(row["loss"])}
        if "test_loss" in row:
            entry["test_loss"] = clean(row["test_loss"])
        for key in LAYER_KEYS:
            entry[key] = [clean(v) for v in row[key]]
        entry["clip_norm_before"] = clean(row["clip_norm_before"])
        entry["clip_norm_after"] = clean(row["clip_norm_after"])
        entry["nonfinite"] = None
        out.append(entry)
    if nonfinite:
        failing = {"step": nonfinite["step"], "loss": None if failing_loss is None else clean(failing_loss)}
        failing.update({key: None for key in LAYER_KEYS})
        failing.update(clip_norm_before=None, clip_norm_after=None, nonfinite=nonfinite)
        out.append(failing)
    return out


def csv_text(entries: list[dict], n_layers: int) -> str:
    """One CSV row per step; per-layer columns are ``<key>_<layer>`` with layers numbered from 1."""
    buf = io.StringIO()
    head = ["step", "loss"] + [f"{k}_{l + 1}" for k in LAYER_KEYS for l in range(n_layers)] + \
        ["clip_norm_before", "clip_norm_after", "nonfinite"]
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
    for r in entries:
        line = [r["step"], r["loss"]]
        for k in LAYER_KEYS:
            line += r[k] if r[k] is not None else [None] * n_layers
        line += [r["clip_norm_before"], r["clip_norm_after"], r["nonfinite"]["message"] if r["nonfinite"] else ""]
        w.writerow(["" if v is None else v for v in line])
    return buf.getvalue()
