"""Like-for-like comparisons: a remedy applied to a run, and a verdict on which run fared better.

A recurrent run takes the remedies of :data:`RECURRENT_REMEDIES` (a gated cell, the IRNN, clipping):
``rnn-vanishing`` with ``lstm``, ``gru`` or ``irnn`` is exactly the ``rnn-lstm``, ``rnn-gru`` or
``rnn-irnn`` preset, ``rnn-exploding`` with ``clip`` exactly ``rnn-clipped`` (same data and seed);
the verdict judges them through time by the same diagnosis.

:func:`apply_remedy` changes exactly one thing about a :class:`RunSpec` (topology, data and seed stay
the same), so any difference between the two runs is the remedy's doing. :func:`verdict` diagnoses
each run by :func:`gradsim.engine.diagnosis.diagnose` — the one definition of vanishing, exploding,
dead, saturated and converged the status bar and the CLI use — and says in one line which fares
better.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from .diagnosis import Context, Diagnosis, diagnose
from .initializers import Init
from .spec import RunSpec
from .text import Text

REMEDIES: dict[str, str] = {
    "relu": "ReLU hidden units",
    "leaky_relu": "LeakyReLU hidden units",
    "elu": "ELU hidden units",
    "batchnorm": "batch norm on hidden layers",
    "residual": "residual links",
    "clip": "gradient clipping",
    "he_init": "He initialisation",
}

# More initialisers as remedies. apply_remedy takes them like the others; the compare window lists
# REMEDIES (each needs a translated label and a note there).
INIT_REMEDIES: dict[str, str] = {
    "orthogonal_init": "orthogonal initialisation",
    "lsuv_init": "LSUV initialisation",
}
# A recurrent network's remedies (gradsim.engine.recurrent): what replaces the vanishing tanh cell,
# and clipping for the exploding one.
RECURRENT_REMEDIES: dict[str, str] = {
    "lstm": "an LSTM cell",
    "gru": "a GRU cell",
    "irnn": "a ReLU cell started from the identity (IRNN)",
    "clip": "gradient clipping",
}
ALL_REMEDIES = {**REMEDIES, **INIT_REMEDIES}  # a feed-forward network's
RELU_LIKE = ("relu", "leaky_relu", "elu")

def apply_remedy(spec: RunSpec, remedy: str) -> RunSpec:
    """A validated copy of ``spec`` with one remedy applied; ValueError if it does not apply."""
    if remedy not in ALL_REMEDIES and remedy not in RECURRENT_REMEDIES:
        raise ValueError(Text("unknown remedy {remedy!r} (known: {known})", remedy=remedy,
                              known=", ".join({**ALL_REMEDIES, **RECURRENT_REMEDIES})))
    if spec.recurrent is not None or remedy in ("lstm", "gru", "irnn"):
        return _apply_recurrent_remedy(spec, remedy)
    out = spec.copy()
    hidden = out.topology.layers[:-1]
    if not hidden and remedy not in ("clip", "he_init", *INIT_REMEDIES):
        raise ValueError(Text("remedy {remedy!r} needs at least one hidden layer", remedy=remedy))
    if remedy in ("relu", "leaky_relu", "elu"):
        for layer in hidden:
            layer.activation, layer.alpha = remedy, None
    elif remedy == "batchnorm":
        for layer in hidden:
            layer.batch_norm = True
    elif remedy == "residual":
        sizes = out.topology.sizes
        changed = False
        for idx, layer in enumerate(hidden):
            l = idx + 1                      # network layer index
            if l >= 2 or sizes[0] == sizes[1]:
                layer.residual_from = l - 1  # identity (same size) or learned projection
                changed = True
        if not changed:
            raise ValueError(Text("remedy 'residual' needs two hidden layers, or a first hidden layer "
                                  "as wide as the input"))
    elif remedy == "clip":
        out.train = replace(out.train, clip_mode="norm", clip_value=out.train.clip_value or 1.0)
    elif remedy == "he_init":
        out.weight_init = Init("he_normal")
        out.parameters = None  # explicit weights would override the initialiser
    elif remedy == "orthogonal_init":
        # √2 makes up for ReLU-like units zeroing about half their inputs, as in He's variance
        relu_like = any(layer.activation in RELU_LIKE for layer in hidden)
        out.weight_init = Init("orthogonal", gain=math.sqrt(2.0) if relu_like else 1.0)
        out.parameters = None
    elif remedy == "lsuv_init":
        out.weight_init = Init("lsuv")
        out.parameters = None
    out.name = f"{spec.name} + {remedy}"
    out.description = f"{spec.description} — with {ALL_REMEDIES[remedy]}".strip(" —")
    return out.validate()


def _apply_recurrent_remedy(spec: RunSpec, remedy: str) -> RunSpec:
    if spec.recurrent is None:
        raise ValueError(Text("remedy {remedy!r} is for recurrent networks", remedy=remedy))
    if remedy not in RECURRENT_REMEDIES:
        raise ValueError(Text("remedy {remedy!r} is for feed-forward networks; a recurrent network takes {known}",
                              remedy=remedy, known=", ".join(RECURRENT_REMEDIES)))
    from .recurrent import REMEDY_GATE_BIAS

    out = spec.copy()
    r = out.recurrent
    if remedy in ("lstm", "gru"):
        r.cell, r.gate_bias = remedy, REMEDY_GATE_BIAS
    elif remedy == "irnn":
        r.cell, r.gate_bias = "rnn-relu", 0.0
        r.recurrent_init, r.spectral_radius = Init("identity"), None
    else:
        out.train = replace(out.train, clip_mode="norm", clip_value=out.train.clip_value or 1.0)
    if remedy != "clip":
        out.parameters = None  # another cell: other parameters, drawn afresh
        out.resume, out.saved_step = None, 0
    out.name = f"{spec.name} + {remedy}"
    out.description = f"{spec.description} — with {RECURRENT_REMEDIES[remedy]}".strip(" —")
    return out.validate()


def comparison_pair(spec: RunSpec, remedy: str) -> tuple[RunSpec, RunSpec]:
    """``(baseline, remedied)``: same topology, data and seed, differing only by ``remedy``."""
    return spec.copy().validate(), apply_remedy(spec, remedy)


class _Rows:
    """A dict of row arrays (``History.drain`` output) seen as a History (``column``, ``len``)."""

    def __init__(self, rows: dict):
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows.get("step", ()))

    def column(self, key: str) -> np.ndarray:
        return np.asarray(self.rows[key], dtype=float)


def _history(history):
    return _Rows(history) if isinstance(history, dict) else history


# how well a run keeps its gradient usable, worst first (``idle``: not judged yet)
RANK = {"nonfinite": 0, "exploding": 1, "vanishing": 2, "dead": 3, "saturated": 4, "healthy": 5, "converged": 6}


def run_diagnosis(history, context: Context | None = None, nonfinite=None, events=()) -> Diagnosis:
    """One run's verdict by :func:`gradsim.engine.diagnosis.diagnose` (the status bar's and the CLI's)."""
    return diagnose(_history(history), context, nonfinite, events)


def verdict(history_a, history_b, name_a: str = "A", name_b: str = "B", context_a: Context | None = None,
            context_b: Context | None = None, nonfinite_a=None, nonfinite_b=None, events_a=(),
            events_b=()) -> str:
    """One line: which run fares better, and each run's own diagnosis (the same definition and
    words as the status bar and ``gradsim run``). ``nonfinite_*``: a run's :class:`NonFinite` (or
    its dict) if it blew up. The line is a :class:`~gradsim.engine.text.Text` (the UI translates it).
    """
    da = run_diagnosis(history_a, context_a, nonfinite_a, events_a)
    db = run_diagnosis(history_b, context_b, nonfinite_b, events_b)
    if da.level == "nonfinite" and db.level == "nonfinite":
        return Text("Both runs blew up (non-finite values): neither {a} nor {b} keeps gradients in check.",
                    a=name_a, b=name_b)
    if "idle" in (da.level, db.level):
        return Text("Not enough steps yet to compare (run both for a few steps).")
    fields = dict(a=name_a, b=name_b, text_a=da.text, text_b=db.text)
    if RANK[da.level] == RANK[db.level]:
        return Text("Both runs fare alike — {a}: {text_a} · {b}: {text_b}", **fields)
    better = name_a if RANK[da.level] > RANK[db.level] else name_b
    return Text("{better} fares better — {a}: {text_a} · {b}: {text_b}", better=better, **fields)


__all__ = ["REMEDIES", "INIT_REMEDIES", "RECURRENT_REMEDIES", "ALL_REMEDIES", "apply_remedy", "comparison_pair", "verdict",
           "run_diagnosis", "RANK"]
