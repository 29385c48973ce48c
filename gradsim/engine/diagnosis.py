"""What the measurements mean: one verdict on a run, and on one weight's path, in words.

The definition is the lecture's. Backprop carries the error from the output down to the first
layer, multiplying by f′(u)·w at every hidden layer it crosses. If that product shrinks the
gradient on the way **down through the hidden layers**, the weights near the input update far more
slowly than those near the output: the gradient *vanishes*. If it grows it, or the numbers
overflow, the gradient *explodes*. So the verdict compares the gradient reaching the first hidden
layer's output, ‖∂L/∂a₁‖, with the one reaching the last hidden layer's, ‖∂L/∂a_H‖ (the *hidden
flow*, the product of the hidden layers' backward gains). Factors outside the hidden stack are
not part of it: the output error δ and the output layer's own slope multiply the gradient of every
weight alike (a saturated output sigmoid makes them all small once the loss is small), which is no
reason for early layers to learn more slowly than late ones.

Levels (:data:`LEVELS`), first match wins for a run (:func:`diagnose`):

``nonfinite``  the run produced NaN or ∞ and stopped: it exploded past what float64 can hold.
``exploding``  the total gradient norm grew ≥ ``GROWTH_FACTOR``× within ``GROWTH_WINDOW`` steps.
``converged``  the training loss is at most ``CONVERGED_FRACTION`` of a constant guess's loss
               (:func:`chance_loss`): the network has learned its training data, and small errors
               make small gradients — nothing is vanishing.
``dead``       ≥ ``DEAD_FRACTION`` of a hidden layer's units have f′ = 0 for every sample (they
               pass no gradient); when a recent update was as large as the weights themselves
               (``EXPLOSIVE_UPDATE``) the text says that explosion switched them off.
``vanishing``  hidden flow ≤ ``VANISHING_FLOW`` (10⁻³).
``exploding``  hidden flow ≥ ``EXPLODING_FLOW`` (10²).
``saturated``  ≥ ``SATURATED_FRACTION`` of a hidden layer's (sample, unit) pairs have |f′| below
               1 % of its maximum.
``healthy``    none of the above (``idle`` before the first step).

Ratios and fractions are medians of the last ``WINDOW_ROWS`` rows of the history, so one odd
mini-batch does not flip the verdict, and only those rows are read: any History-like object with
``column(key)`` and ``len()`` works, including a :class:`~gradsim.engine.history.BoundedHistory`
of a million-step run.

**Through time.** A recurrent network unrolled over T steps is a T-layer network that shares one
weight matrix: backpropagation through time multiplies the gradient by the step's Jacobian
diag(f′)·W_hh at every step it goes back. So a recurrent run (its :class:`Context` has ``time``) is
judged the same way with time steps for layers: the *time flow* is the gradient of the last loss
term at the memory state of the earliest step BPTT lets it reach (t₀: step 1, or T − K + 1 with a
truncation window K) over its gradient at step T (see :mod:`gradsim.engine.recurrent`; the memory
state is h, or an LSTM's cell state c). The levels, first match wins: ``nonfinite``; ``exploding``
by growth (the weights' total gradient norm); ``converged``; ``dead`` (rnn-relu: ≥ ``DEAD_FRACTION``
of the hidden units have f′ = 0 for every sample at every step, or at some step after t₀ every
unit has, which no gradient passes back through); ``vanishing`` (time flow ≤
``VANISHING_FLOW``); ``exploding`` (time flow ≥ ``EXPLODING_FLOW``; with clipping on, the text
says that clipping keeps the updates bounded — the gradient through time explodes all the same);
``healthy``.

A weight's path (:func:`path_verdict`, used by the chain-rule derivation) is judged by the same
thresholds on the derivation's batch: the hidden flow from the top hidden layer down to the
weight's layer, a dead or saturated unit the weight feeds or reads from, a dead layer above it.

Every text is a :class:`~gradsim.engine.text.Text`, so the CLI prints it and the UI translates it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .events import NonFinite
from .text import Text, ratio_text

LEVELS = ("idle", "healthy", "converged", "vanishing", "exploding", "nonfinite", "dead", "saturated")

# ‖∂L/∂a₁‖ / ‖∂L/∂a_H‖ at or below VANISHING_FLOW: vanishing; at or above EXPLODING_FLOW: exploding.
# Not symmetric on purpose: early layers that get 1/100 of the gradient still learn, only 100×
# more slowly, while steps 100× too large overshoot, which makes the weights, and with them the
# gradient, larger still.
VANISHING_FLOW = 1e-3
EXPLODING_FLOW = 1e2
GROWTH_FACTOR = 100.0     # the total gradient norm grows this much ...
GROWTH_WINDOW = 20        # ... within this many steps: exploding
CONVERGED_FRACTION = 1e-2  # training loss at or below this share of a constant guess's: converged
DEAD_FRACTION = 0.5       # share of a hidden layer's units with f′ = 0 for every sample
SATURATED_FRACTION = 0.9  # share of a hidden layer's (sample, unit) pairs with |f′| < 1 % of max
EXPLOSIVE_UPDATE = 1.0    # ‖ΔW‖ / ‖W‖ of one update at or above this: an exploding step
WINDOW_ROWS = 10          # recent history rows the medians use


@dataclass(frozen=True)
class Diagnosis:
    level: str   # one of LEVELS
    text: str    # a Text: English here, translated by the UI

    def to_dict(self) -> dict:
        return {"level": self.level, "text": str(self.text)}


@dataclass(frozen=True)
class Context:
    """What a verdict needs besides the measurements; fixed for a run (see :func:`context_for`).

    ``chance_loss`` is the loss of the best constant guess on the training data, the yardstick for
    ``converged`` (0 or NaN: never converged by that test).
    """

    depth: int              # weight matrices; layers 1..depth-1 are hidden
    chance_loss: float
    time: "TimeContext | None" = None  # a recurrent run's: judged through time


@dataclass(frozen=True)
class TimeContext:
    """What judging a recurrent run through time needs (see the module)."""

    seq_len: int            # T
    first: int              # t₀, the earliest step the last loss term's gradient reaches
    cell_state: bool        # the memory state is an LSTM's cell state c (else the hidden state h)
    many_to_many: bool      # a loss term at every step (the flow follows the last one's)
    clip_mode: str = "none"
    clip_value: float = 0.0


def context_for(trainer) -> Context:
    """The :class:`Context` of a :class:`~gradsim.engine.trainer.Trainer`'s run."""
    spec = trainer.spec
    targets = trainer.t_train
    time = None
    if spec.recurrent is not None:
        from .sequences import MANY_TO_MANY

        r = spec.recurrent
        targets = targets.reshape(-1, targets.shape[-1])
        time = TimeContext(r.seq_len, r.first_reached, r.cell == "lstm", spec.data.name in MANY_TO_MANY,
                           spec.train.clip_mode, float(spec.train.clip_value))
        return Context(2, chance_loss(spec.train.loss, targets), time)
    return Context(spec.topology.depth, chance_loss(spec.train.loss, targets))


def chance_loss(loss: str, targets: np.ndarray) -> float:
    """The loss of predicting the training targets' mean for every sample (the best constant
    guess). With fewer than two distinct targets that guess is perfect, so the midpoint of the
    output's range stands in (0.5 for a sigmoid, uniform for softmax, 0 otherwise)."""
    t = np.asarray(targets, dtype=float)
    if t.ndim != 2 or len(t) == 0:
        return math.nan
    p = t.mean(axis=0, keepdims=True)
    if not np.any(t.std(axis=0) > 0):
        p = np.full_like(p, 1.0 / t.shape[1] if loss == "cross-entropy" else
                         0.5 if loss in ("bce", "half-sse", "mse") and np.all((t >= 0) & (t <= 1)) else 0.0)
    with np.errstate(all="ignore"):
        if loss == "bce":
            q = np.clip(p, 1e-12, 1 - 1e-12)
            return float(-np.mean(t * np.log(q) + (1 - t) * np.log(1 - q)))
        if loss == "cross-entropy":
            q = np.clip(p, 1e-12, 1.0)
            return float(-np.mean(np.sum(np.where(t > 0, t * np.log(q), 0.0), axis=1)))
        d = t - p
        if loss == "half-sse":
            return float(0.5 * np.sum(d * d) / len(t))
        return float(np.mean(d * d))


def percent_text(fraction: float) -> str:
    return f"{fraction:.0%}"


# -- the shared sentences (one template each, whether a run or a path is judged) ---------------

def _flow_text(level: str, layer: int, top: int, flow: float) -> Text:
    if level == "vanishing":
        return Text("Vanishing: the gradient reaching layer {layer} is {ratio} of the gradient reaching layer "
                    "{top} — it shrinks on its way down through the hidden layers", layer=layer, top=top,
                    ratio=ratio_text(flow))
    if level == "exploding":
        return Text("Exploding: the gradient reaching layer {layer} is {ratio}× the gradient reaching layer "
                    "{top} — it grows on its way down through the hidden layers", layer=layer, top=top,
                    ratio=ratio_text(flow))
    return Text("Healthy: the gradient reaching layer {layer} is {ratio}× the gradient reaching layer {top}",
                layer=layer, top=top, ratio=ratio_text(flow))


def _converged_text(loss: float, chance: float) -> Text:
    return Text("Converged: training loss {loss}, under 1% of a constant guess's {chance} — the network has "
                "learned its training data; its gradients are small because its errors are",
                loss=ratio_text(loss), chance=ratio_text(chance))


def _flow_level(flow: float) -> str:
    if flow <= VANISHING_FLOW:
        return "vanishing"
    if flow >= EXPLODING_FLOW:
        return "exploding"
    return "healthy"


# -- a run -------------------------------------------------------------------------------------

def _nonfinite_message(nonfinite) -> str:
    if isinstance(nonfinite, dict):
        try:
            return NonFinite(int(nonfinite["step"]), nonfinite.get("layer"), str(nonfinite["quantity"]),
                             nonfinite.get("time")).message
        except (KeyError, TypeError, ValueError):
            return str(nonfinite.get("message", ""))
    return nonfinite.message


def _explosions(events, kind: str = "dead_layer") -> dict[int, dict]:
    """Weight-matrix index → the exploding update right before that layer died (from the events)."""
    found = {}
    for e in events or ():
        get = e.get if isinstance(e, dict) else lambda key, e=e: getattr(e, key, None)
        cause = get("explosion")
        if cause and get("kind") == kind:
            found.setdefault(int(get("layer")), cause)
    return found


def _median(values: np.ndarray) -> float:
    values = values[np.isfinite(values)]
    return float(np.median(values)) if values.size else math.nan


def hidden_flow(history, depth: int) -> float:
    """‖∂L/∂a₁‖ / ‖∂L/∂a_H‖ as the verdict reads it: the median over the last :data:`WINDOW_ROWS`
    rows of ``history`` (NaN without two hidden layers or a finite row)."""
    if depth < 3 or len(history) == 0:
        return math.nan
    og = np.asarray(history.column("out_grad_norm")[-WINDOW_ROWS:], dtype=float)
    with np.errstate(all="ignore"):
        return _median(og[:, 0] / og[:, depth - 2])


def diagnose(history, context: Context | None = None, nonfinite=None, events=()) -> Diagnosis:
    """The run's verdict from the last rows of ``history`` (see the module for the rules).

    ``context``: the run's :class:`Context` (without one, the depth comes from the history and
    nothing is called converged: there is no yardstick). ``nonfinite``: the trainer's
    :class:`NonFinite` (or its ``to_dict()``) if the run stopped on one; ``events``: its
    :class:`RunEvent` list (or dicts), which remember an explosion that killed units even after its
    rows have left the window.
    """
    if nonfinite:
        return Diagnosis("nonfinite", Text("Overflow: {message}. The gradient exploded and training stopped.",
                                           message=_nonfinite_message(nonfinite)))
    n = len(history)
    if n == 0:
        return Diagnosis("idle", Text("No training step yet"))
    if context is None:
        context = Context(history.column("grad_norm").shape[1], 0.0)
    if context.time is not None:
        return _diagnose_time(history, context, events)
    depth = context.depth

    # 1. explosive growth of the whole gradient over the last GROWTH_WINDOW steps;
    # 2. learned: small loss, hence small errors and small gradients
    early = _exploding_or_converged(history, history.column("grad_norm")[-GROWTH_WINDOW - 1:], context)
    if early is not None:
        return early
    rows = slice(-WINDOW_ROWS, None)
    if depth < 2:
        return Diagnosis("healthy", Text("Healthy: no hidden layer, so nothing for the gradient to vanish in"))

    # 3. units that pass no gradient at all
    dead = np.median(history.column("dead")[rows][:, :-1], axis=0)
    k = int(np.argmax(dead))
    if dead[k] >= DEAD_FRACTION:
        killed = {j: c for j, c in _explosions(events).items() if j < depth - 1 and dead[j] >= DEAD_FRACTION}
        if killed:
            k = max(killed, key=lambda j: (dead[j], -j))
            cause = killed[k]
            return Diagnosis("dead", Text(
                "Dead units: the exploding update at step {step} (it changed weights by {ratio}× their own size) "
                "switched off {fraction} of layer {layer}'s units — they have f′ = 0 for every sample and get "
                "no gradient to recover; lower the learning rate or clip the gradient",
                step=int(cause["step"]), ratio=ratio_text(float(cause["update_ratio"])),
                fraction=percent_text(dead[k]), layer=k + 1))
        if dead[k] >= 1.0:
            return Diagnosis("dead", Text("Dead layer: every unit of layer {layer} has f′ = 0 for every sample, "
                                          "so no gradient reaches the layers below it — try LeakyReLU, a smaller "
                                          "learning rate or He initialisation", layer=k + 1))
        return Diagnosis("dead", Text("Dead units: {fraction} of layer {layer}'s units have f′ = 0 for every "
                                      "sample, so no gradient passes through them — try LeakyReLU or a smaller "
                                      "learning rate", fraction=percent_text(dead[k]), layer=k + 1))

    # 4. the hidden flow: what reaches layer 1 against what reaches the last hidden layer
    flow = hidden_flow(history, depth)
    if math.isfinite(flow) and _flow_level(flow) != "healthy":
        return Diagnosis(_flow_level(flow), _flow_text(_flow_level(flow), 1, depth - 1, flow))

    # 5. saturated units: a slope near 0 for almost every sample
    sat = np.median(history.column("saturated")[rows][:, :-1], axis=0)
    k = int(np.argmax(sat))
    if sat[k] >= SATURATED_FRACTION:
        return Diagnosis("saturated", Text("Saturated: {fraction} of layer {layer}'s activations sit where f′ is "
                                           "below 1% of its maximum — gradients stall there",
                                           fraction=percent_text(sat[k]), layer=k + 1))
    if math.isfinite(flow):
        return Diagnosis("healthy", _flow_text("healthy", 1, depth - 1, flow))
    return Diagnosis("healthy", Text("Healthy: one hidden layer, so the gradient crosses no stack of hidden "
                                     "layers where it could vanish or explode"))


def _exploding_or_converged(history, norms: np.ndarray, context: Context, clipped: bool = False) -> Diagnosis | None:
    """The first two rules for any run: ``norms`` (the last GROWTH_WINDOW + 1 rows × parts of the
    weights' gradient norms) grew ≥ GROWTH_FACTOR×, or the loss is ≤ CONVERGED_FRACTION of chance."""
    growth = _growth(history.column("step")[-GROWTH_WINDOW - 1:], norms)
    if growth is not None:
        ratio, span = growth
        if clipped:
            return Diagnosis("exploding", Text("Exploding: the gradient norm grew {ratio}× in {steps} step(s) — "
                                               "clipping keeps the updates bounded; lower the learning rate if it "
                                               "keeps growing", ratio=ratio_text(ratio), steps=span))
        return Diagnosis("exploding", Text("Exploding: the gradient norm grew {ratio}× in {steps} step(s) — "
                                           "lower the learning rate or enable clipping",
                                           ratio=ratio_text(ratio), steps=span))
    loss = _median(np.asarray(history.column("loss")[-WINDOW_ROWS:], dtype=float))
    chance = context.chance_loss
    if chance > 0 and loss <= CONVERGED_FRACTION * chance:
        return Diagnosis("converged", _converged_text(loss, chance))
    return None


def _growth(steps: np.ndarray, norms: np.ndarray) -> tuple[float, int] | None:
    """(growth, steps) when the total of ``norms`` (rows × parts) grew ≥ GROWTH_FACTOR× over the
    last GROWTH_WINDOW steps: medians of the window's first and last few rows, so one lucky or
    unlucky mini-batch is not an explosion."""
    recent = steps >= steps[-1] - GROWTH_WINDOW
    with np.errstate(all="ignore"):
        total = np.sqrt(np.sum(norms[recent] ** 2, axis=1))
    m = len(total)
    if m >= 2 and np.all(np.isfinite(total)):
        head = max(1, min(5, m // 2))
        tail = max(1, min(3, m - head))
        before, after = float(np.median(total[:head])), float(np.median(total[-tail:]))
        span = int(steps[-1] - steps[recent][(head - 1) // 2])
        if before > 0 and after / before >= GROWTH_FACTOR and span > 0:
            return after / before, span
    return None


# -- a recurrent run, through time ---------------------------------------------------------------

def _time_flow_text(level: str, tc: "TimeContext", flow: float) -> Text:
    state = Text("cell state") if tc.cell_state else Text("hidden state")
    reach = Text("the gradient of step {last}'s error", last=tc.seq_len) if tc.many_to_many else Text("the gradient")
    fields = dict(reach=reach, state=state, first=tc.first, last=tc.seq_len, ratio=ratio_text(flow))
    if level == "vanishing":
        return Text("Vanishing through time: {reach} reaching the {state} at time step {first} is {ratio} of the one "
                    "reaching it at step {last} — it shrinks on its way back through the time steps", **fields)
    if level == "exploding" and tc.clip_mode == "norm":
        return Text("Exploding through time: {reach} reaching the {state} at time step {first} is {ratio}× the one "
                    "reaching it at step {last}; clipping scales each step's gradient down to norm {clip:g} at most, "
                    "so the updates stay bounded", clip=tc.clip_value, **fields)
    if level == "exploding" and tc.clip_mode == "value":
        return Text("Exploding through time: {reach} reaching the {state} at time step {first} is {ratio}× the one "
                    "reaching it at step {last}; clipping holds each gradient component within ±{clip:g}, so the "
                    "updates stay bounded", clip=tc.clip_value, **fields)
    if level == "exploding":
        return Text("Exploding through time: {reach} reaching the {state} at time step {first} is {ratio}× the one "
                    "reaching it at step {last} — it grows on its way back through the time steps", **fields)
    return Text("Healthy through time: {reach} reaching the {state} at time step {first} is {ratio}× the one "
                "reaching it at step {last}", **fields)


def _diagnose_time(history, context: Context, events) -> Diagnosis:
    """:func:`diagnose` for a recurrent run (see the module)."""
    tc = context.time
    rec = np.asarray(history.column("recurrent_grad_norm")[-GROWTH_WINDOW - 1:], dtype=float)
    weights = np.concatenate((rec[:, :2], np.asarray(history.column("grad_norm")[-GROWTH_WINDOW - 1:])), axis=1)
    early = _exploding_or_converged(history, weights, context, clipped=tc.clip_mode != "none")
    if early is not None:
        return early
    rows = slice(-WINDOW_ROWS, None)
    if _has(history, "hidden_dead"):
        cause = _explosions(events, "dead_recurrent").get(0)
        dead = _median(np.asarray(history.column("hidden_dead")[rows], dtype=float))
        if dead >= DEAD_FRACTION:
            if cause:
                return Diagnosis("dead", Text(
                    "Dead units: the exploding update at step {step} (it changed weights by {ratio}× their own size) "
                    "switched off {fraction} of the recurrent layer's units — they have f′ = 0 for every sample at "
                    "every time step and get no gradient to recover; lower the learning rate or clip the gradient",
                    step=int(cause["step"]), ratio=ratio_text(float(cause["update_ratio"])),
                    fraction=percent_text(dead)))
            return Diagnosis("dead", Text("Dead units: {fraction} of the recurrent layer's units have f′ = 0 for every "
                                          "sample at every time step, so no gradient passes through them — start "
                                          "from the identity (IRNN) or lower the learning rate",
                                          fraction=percent_text(dead)))
        # most of the window's steps have a time step after t₀ where every unit is off: name the latest
        ds = np.asarray(history.column("dead_step")[rows], dtype=float)
        hits = ds[ds > tc.first]
        if 2 * len(hits) > len(ds):
            blocked = int(hits[-1])
            if cause:
                return Diagnosis("dead", Text(
                    "Dead time step: the exploding update at step {step} (it changed weights by {ratio}× their own "
                    "size) switched off every unit of the recurrent layer at time step {time} — no gradient flows "
                    "back past it to the earlier steps; lower the learning rate or clip the gradient",
                    step=int(cause["step"]), ratio=ratio_text(float(cause["update_ratio"])), time=blocked))
            return Diagnosis("dead", Text("Dead time step: at time step {time} every unit of the recurrent layer has "
                                          "f′ = 0 for every sample, so no gradient flows back past it to the earlier "
                                          "steps — start from the identity (IRNN) or lower the learning rate",
                                          time=blocked))
    if tc.first >= tc.seq_len:
        return Diagnosis("healthy", Text("Healthy: backpropagation through time spans a single step, so the gradient "
                                         "crosses no step where it could vanish or explode"))
    flows = np.asarray(history.column("time_flow")[rows], dtype=float)
    flows = flows[~np.isnan(flows)]  # NaN: no gradient at step T (0/0); ∞ (overflowed at step t₀) counts
    flow = float(np.median(flows)) if flows.size else math.nan
    if math.isnan(flow):
        return Diagnosis("healthy", Text("No gradient reached step {last}, so there is none to follow back through "
                                         "time", last=tc.seq_len))
    return Diagnosis(_flow_level(flow), _time_flow_text(_flow_level(flow), tc, flow))


def _has(history, key: str) -> bool:
    try:
        history.column(key)
    except KeyError:
        return False
    return True


# -- one weight's path ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PathSignals:
    """What :func:`path_verdict` reads, taken from a derivation's forward and backward pass."""

    weight: str                 # the weight's label (w1, W7[7,0])
    layer: int                  # the layer the weight feeds (1..depth)
    depth: int
    unit: str                   # the unit the weight feeds (h7_8)
    source: str                 # the unit whose output it multiplies (h6_1, or an input)
    source_hidden: bool
    unit_dead: bool             # f′ = 0 for every sample of the batch
    source_dead: bool           # a hidden source unit that outputs 0 for every sample
    unit_saturated: float       # share of the batch's samples with |f′| < 1 % of max at the unit
    dead_layer_above: int | None  # a hidden layer above the weight's with f′ = 0 everywhere
    flow: float                 # ‖∂E/∂a_layer‖ / ‖∂E/∂a_H‖ on the batch (NaN if no layer between)
    loss: float
    chance_loss: float
    finite: bool


def path_verdict(s: PathSignals) -> Diagnosis:
    """This weight's verdict by the same thresholds as :func:`diagnose` (see the module)."""
    if not s.finite:
        return Diagnosis("nonfinite", Text("Overflow: the gradient of {weight} is not a finite number — the "
                                           "values along its path overflowed", weight=s.weight))
    if s.unit_dead:
        return Diagnosis("dead", Text("Dead unit: {unit} has f′ = 0 for every sample of the batch, so {weight} "
                                      "gets no gradient", unit=s.unit, weight=s.weight))
    if s.source_hidden and s.source_dead:
        return Diagnosis("dead", Text("Dead input: {unit} outputs 0 for every sample of the batch, so {weight}, "
                                      "which multiplies that output, gets no gradient", unit=s.source,
                                      weight=s.weight))
    if s.dead_layer_above is not None:
        return Diagnosis("dead", Text("Dead layer: every unit of layer {layer} has f′ = 0 for every sample, so no "
                                      "gradient reaches {weight}", layer=s.dead_layer_above, weight=s.weight))
    if s.chance_loss > 0 and s.loss <= CONVERGED_FRACTION * s.chance_loss:
        return Diagnosis("converged", _converged_text(s.loss, s.chance_loss))
    level = _flow_level(s.flow) if math.isfinite(s.flow) else "healthy"
    if level != "healthy":
        return Diagnosis(level, _flow_text(level, s.layer, s.depth - 1, s.flow))
    if s.unit_saturated >= SATURATED_FRACTION:
        return Diagnosis("saturated", Text("Saturated: {unit}'s f′ is below 1% of its maximum for {fraction} of the "
                                           "samples — the gradient of {weight} stalls there", unit=s.unit,
                                           fraction=percent_text(s.unit_saturated), weight=s.weight))
    if math.isfinite(s.flow):
        return Diagnosis("healthy", _flow_text("healthy", s.layer, s.depth - 1, s.flow))
    return Diagnosis("healthy", Text("Healthy: no hidden layer lies between {weight} and the output layer, so "
                                     "its gradient crosses none on the way down", weight=s.weight))


__all__ = ["LEVELS", "Diagnosis", "Context", "TimeContext", "context_for", "chance_loss", "diagnose", "hidden_flow",
           "PathSignals",
           "path_verdict", "ratio_text", "VANISHING_FLOW", "EXPLODING_FLOW", "GROWTH_FACTOR", "GROWTH_WINDOW",
           "CONVERGED_FRACTION", "DEAD_FRACTION", "SATURATED_FRACTION", "EXPLOSIVE_UPDATE", "WINDOW_ROWS"]
