"""A one-line, plain-language reading of the run's gradient measurements for the status bar.

Text from numbers only: it reads the per-layer measurements the engine recorded (history rows and
the latest snapshot's metrics, see :mod:`gradsim.engine.metrics`) and never computes a gradient.

Order of precedence: non-finite values (the run has stopped) > explosive growth of the gradient
norm > vanishing/exploding flow across the layers (how much of the output layer's ∂L/∂a reaches
layer 1's: below 1e-3 or above 1e3; within 1e-2..1e2 of each other it is healthy, in between a
warning) > dead or saturated hidden units > healthy. Ratios use the median of the last few
recorded steps so a single noisy batch does not make the message flicker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from .engine_text import nonfinite_text
from .i18n import tr

VANISHING_RATIO = 1e-3
EXPLODING_RATIO = 1e3
WEAK_RATIO = 1e-2       # between VANISHING_RATIO and this: "weak", a warning
STRONG_RATIO = 1e2
GROWTH_FACTOR = 100.0
GROWTH_WINDOW = 20       # steps
MEDIAN_ROWS = 10
DEAD_FRACTION = 0.5
SATURATED_FRACTION = 0.9


@dataclass(frozen=True)
class Diagnosis:
    level: str   # "idle" | "healthy" | "warning" | "vanishing" | "exploding" | "nonfinite"
    text: str


def ratio_text(r: float) -> str:
    """1e-6, 3e-4, 0.02, 40, 2e5: short, readable magnitudes."""
    if not math.isfinite(r):
        return "∞" if r > 0 else "NaN"
    if r == 0:
        return "0"
    if 0.01 <= r < 1e4:
        return f"{r:.2g}" if r < 10 else f"{r:,.0f}"
    e = math.floor(math.log10(r))
    m = r / 10 ** e
    m_round = round(m)
    if m_round == 10:
        m_round, e = 1, e + 1
    return f"1e{e}" if m_round == 1 else f"{m_round}e{e}"


def diagnose(history, snap, layer_names: list[str] | None = None) -> Diagnosis:
    """Diagnose from a History-like object (``column``, ``len``) and the latest snapshot."""
    if snap is not None and snap.nonfinite:
        return Diagnosis("nonfinite", tr("{}. Training paused.").format(nonfinite_text(snap.nonfinite)))
    n = len(history)
    if n == 0:
        return Diagnosis("idle", tr("Ready: press Play (Space) or Step to train"))
    steps = history.column("step")
    gn = history.column("grad_norm")
    depth = gn.shape[1]
    names = layer_names or [tr("layer {}").format(k + 1) for k in range(depth)]

    # 1. explosive growth of the whole gradient over the last GROWTH_WINDOW steps: medians of the
    #    window's first and last few rows, so one lucky or unlucky mini-batch is not an explosion
    last_step = steps[-1]
    recent = steps >= last_step - GROWTH_WINDOW
    with np.errstate(all="ignore"):
        total = np.sqrt(np.sum(gn[recent] ** 2, axis=1))
    m = len(total)
    if m >= 2 and np.all(np.isfinite(total)):
        head = max(1, min(5, m // 2))
        tail = max(1, min(3, m - head))
        before, after = float(np.median(total[:head])), float(np.median(total[-tail:]))
        span = int(last_step - steps[recent][(head - 1) // 2])
        if before > 0 and after / before >= GROWTH_FACTOR and span > 0:
            return Diagnosis("exploding",
                             (tr("Exploding: gradient norm grew {}× in {} steps — lower the learning rate or "
                                 "enable clipping") if span != 1 else
                              tr("Exploding: gradient norm grew {}× in {} step — lower the learning rate or "
                                 "enable clipping")).format(ratio_text(after / before), span))

    # 2. flow across layers: what reaches layer 1 compared with the output layer
    if depth >= 2:
        og = history.column("out_grad_norm")[-MEDIAN_ROWS:]
        with np.errstate(all="ignore"):
            ratios = og[:, 0] / og[:, -1]
        ratios = ratios[np.isfinite(ratios)]
        if ratios.size:
            r = float(np.median(ratios))
            if r < VANISHING_RATIO:
                return Diagnosis("vanishing",
                                 tr("Vanishing: layer 1 receives {} of the output layer's gradient").format(ratio_text(r)))
            if r > EXPLODING_RATIO:
                return Diagnosis("exploding",
                                 tr("Exploding: layer 1 receives {}× the output layer's gradient").format(ratio_text(r)))
            if r < WEAK_RATIO:
                return Diagnosis("warning", tr("Weakening: layer 1 receives only {} of the output "
                                               "layer's gradient").format(ratio_text(r)))
            if r > STRONG_RATIO:
                return Diagnosis("warning", tr("Growing: layer 1 receives {}× the output layer's "
                                               "gradient").format(ratio_text(r)))

    # 3. unit health in hidden layers
    if depth >= 2:
        dead = history.column("dead")[-1][:-1]
        sat = history.column("saturated")[-1][:-1]
        k = int(np.argmax(dead))
        if dead[k] >= DEAD_FRACTION:
            return Diagnosis("warning", tr("Dead units: {:.0%} of {}'s units output 0 for every "
                                           "sample (their gradient is 0) — try LeakyReLU or a smaller learning "
                                           "rate").format(dead[k], names[k]))
        k = int(np.argmax(sat))
        if sat[k] >= SATURATED_FRACTION:
            return Diagnosis("warning", tr("Saturated: {:.0%} of {}'s activations sit where f′ ≈ 0 "
                                           "— gradients stall there").format(sat[k], names[k]))

    if depth >= 2:
        og = history.column("out_grad_norm")[-1]
        with np.errstate(all="ignore"):
            r = og[0] / og[-1]
        if math.isfinite(r):
            return Diagnosis("healthy", tr("Healthy: layer 1 receives {}× the output layer's gradient").format(ratio_text(r)))
    return Diagnosis("healthy", tr("Healthy"))
