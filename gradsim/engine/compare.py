"""Like-for-like comparisons: a remedy applied to a run, and a verdict on which run fared better.

:func:`apply_remedy` changes exactly one thing about a :class:`RunSpec` (topology, data and seed stay
the same), so any difference between the two runs is the remedy's doing. :func:`verdict` reads both
histories and says in one line which run keeps its early-layer gradients alive, judged by the ratio
of the first weight matrix's gradient norm to the last one's: near 1 is healthy, far below is
vanishing, far above is exploding.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

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
ALL_REMEDIES = {**REMEDIES, **INIT_REMEDIES}
RELU_LIKE = ("relu", "leaky_relu", "elu")

HEALTHY_DECADES = 2.0  # |log10(first/last)| below this: the gradient reaches the early layers


def apply_remedy(spec: RunSpec, remedy: str) -> RunSpec:
    """A validated copy of ``spec`` with one remedy applied; ValueError if it does not apply."""
    if remedy not in ALL_REMEDIES:
        raise ValueError(Text("unknown remedy {remedy!r} (known: {known})", remedy=remedy,
                              known=", ".join(ALL_REMEDIES)))
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


def comparison_pair(spec: RunSpec, remedy: str) -> tuple[RunSpec, RunSpec]:
    """``(baseline, remedied)``: same topology, data and seed, differing only by ``remedy``."""
    return spec.copy().validate(), apply_remedy(spec, remedy)


def _column(history, key: str) -> np.ndarray:
    """A column of a :class:`History` or of a dict of row arrays (``History.drain`` output)."""
    if isinstance(history, dict):
        return np.asarray(history.get(key, np.zeros(0)), dtype=float)
    return np.asarray(history.column(key), dtype=float) if len(history) else np.zeros(0)


def depth_ratio(history, last: int = 50) -> float:
    """Median over the last ``last`` steps of ‖∂L/∂W_1‖ / ‖∂L/∂W_L‖ (NaN if unknown)."""
    g = _column(history, "grad_norm")
    if g.ndim != 2 or g.shape[0] == 0 or g.shape[1] < 2:
        return math.nan
    g = g[-last:]
    with np.errstate(all="ignore"):
        r = g[:, 0] / g[:, -1]
    r = r[np.isfinite(r) & (r > 0)]
    return float(np.median(r)) if len(r) else math.nan


def recent_loss(history, last: int = 50) -> float:
    loss = _column(history, "loss")[-last:]
    loss = loss[np.isfinite(loss)]
    return float(np.median(loss)) if len(loss) else math.nan


def _state(r: float) -> str:
    if not math.isfinite(r):
        return "unknown"
    d = math.log10(r)
    return "healthy" if abs(d) < HEALTHY_DECADES else ("vanishing" if d < 0 else "exploding")


STATE_TEXT = {"vanishing": Text("vanishing"), "exploding": Text("exploding")}


def _fmt(v: float) -> str:
    if not math.isfinite(v):
        return Text("n/a")
    return f"{v:.2g}" if (abs(v) < 0.01 or abs(v) >= 1000) and v != 0 else f"{v:.3g}"


def verdict(history_a, history_b, name_a: str = "A", name_b: str = "B", last: int = 50,
            failed_a: bool = False, failed_b: bool = False) -> str:
    """One line saying which run keeps early-layer gradients alive, with the numbers behind it.

    ``failed_*`` mark runs that stopped on a non-finite value (they lose regardless of the ratio).
    The line is a :class:`~gradsim.engine.text.Text`: the UI translates its template.
    """
    ra, rb = depth_ratio(history_a, last), depth_ratio(history_b, last)
    la, lb = recent_loss(history_a, last), recent_loss(history_b, last)
    if failed_a and failed_b:
        return Text("Both runs blew up (non-finite values): neither {a} nor {b} keeps gradients in check.",
                    a=name_a, b=name_b)
    if failed_a or failed_b:
        good, bad = (name_b, name_a) if failed_a else (name_a, name_b)
        r = rb if failed_a else ra
        return Text("{good} keeps training while {bad} blew up (non-finite values); {good}'s first/last "
                    "layer gradient ratio is {ratio}.", good=good, bad=bad, ratio=_fmt(r))
    if not (math.isfinite(ra) and math.isfinite(rb)):
        return Text("Not enough steps yet to compare (run both for a few steps).")
    da, db = abs(math.log10(ra)), abs(math.log10(rb))
    if abs(da - db) < 0.3:  # within a factor of two of each other
        return Text("Both runs treat early layers alike: first/last-layer gradient ratio {ratio_a} ({a}) "
                    "vs {ratio_b} ({b}); loss {loss_a} vs {loss_b}.", a=name_a, b=name_b,
                    ratio_a=_fmt(ra), ratio_b=_fmt(rb), loss_a=_fmt(la), loss_b=_fmt(lb))
    a_wins = da < db
    better, worse = (name_a, name_b) if a_wins else (name_b, name_a)
    r_good, r_bad = (ra, rb) if a_wins else (rb, ra)
    l_good, l_bad = (la, lb) if a_wins else (lb, la)
    state = _state(r_bad)
    numbers = dict(better=better, worse=worse, ratio_good=_fmt(r_good), ratio_bad=_fmt(r_bad),
                   loss_good=_fmt(l_good), loss_bad=_fmt(l_bad))
    if state in STATE_TEXT:
        return Text("{better} keeps early-layer gradients alive: first/last-layer gradient ratio {ratio_good} vs "
                    "{ratio_bad} for {worse}, {state}; loss {loss_good} vs {loss_bad}.",
                    state=STATE_TEXT[state], **numbers)
    return Text("{better} keeps early-layer gradients alive: first/last-layer gradient ratio {ratio_good} vs "
                "{ratio_bad} for {worse}; loss {loss_good} vs {loss_bad}.", **numbers)


__all__ = ["REMEDIES", "INIT_REMEDIES", "ALL_REMEDIES", "apply_remedy", "comparison_pair", "verdict", "depth_ratio",
           "recent_loss"]
