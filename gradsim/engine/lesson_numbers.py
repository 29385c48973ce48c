"""Live numbers for a lesson's text: ``{dE_dw5}``, ``{flow}``, ``{gain_product}`` … resolved from the run.

A lesson never types a number in: "∂E/∂w5 = {dE_dw5}" is filled in from the engine's own values of
the state on screen, so the text stays true on every seed, after any number of steps and after the
learner's own changes. Each placeholder names one quantity; :func:`resolve` computes the ones a
text uses and :func:`render` writes them into the text, formatted as the app formats numbers
(:func:`number_text`: six significant digits, as the chain-rule panel's equations; three for
gains, as its layer-by-layer table; ratios as the status bar's verdict writes them, ``1.8e-5``).
A placeholder that has no value in the current state (a layer's measurement before the first
step, a weight the learner's edit removed) is written ``—``, never a made-up number.

Two groups, by where the numbers live:

*run* placeholders come from the run's record (:class:`RunView`: the spec, the step count, the
history of measurements, the overflow and the diagnosis context) — the window has these in its
own thread;

*network* placeholders come from one forward and backward pass of the current weights on the
batch the chain-rule panel derives on (:func:`gradsim.engine.chain_rule.default_batch`; per-unit
values are those of its first sample, the sample the panel writes out) — the window asks the
training thread for these (:func:`network_numbers`) as it asks for a derivation.

The placeholders (``<l>`` a layer 1..L of the network, L the output layer; ``<n>`` a unit such as
``i1``, ``h1``, ``o2`` on the lecture's network, ``i0``, ``h3_2``, ``o0`` (indices from 0, as the
weights') elsewhere — :func:`gradsim.engine.chain_rule.neuron_name`; ``<w>`` a weight
as ``w5`` on the lecture's network or ``W3_1_2`` for ``W3[1,2]``):

================================  =======  ===========================================================
name                              group    value
================================  =======  ===========================================================
``step``                          run      steps trained so far
``loss``                          run      the last step's training loss (needs a step)
``loss_first``                    run      the first recorded step's loss (before its update)
``flow``                          run      the verdict's hidden flow ‖∂E/∂a₁‖ / ‖∂E/∂a_H‖ (median of the
                                           last 10 steps; needs two hidden layers)
``gain_min``, ``gain_max``        run      the smallest / largest hidden layer's backward gain, last step
``grad_norm_<l>``                 run      ‖∂E/∂W‖ of the matrix feeding layer l, last step
``out_grad_norm_<l>``             run      ‖∂E/∂a_l‖, last step
``gain_<l>``                      run      layer l's backward gain ‖∂E/∂a_(l−1)‖ / ‖∂E/∂a_l‖, last step
``update_ratio_<l>``              run      ‖ΔW‖ / ‖W‖ of the matrix feeding layer l, last step
``dead_<l>``, ``saturated_<l>``   run      layer l's dead / saturated share, last step (a percentage)
``clip_norm_before``,             run      the last step's gradient norm before / after clipping
``clip_norm_after``
``verdict``                       run      the run's diagnosis, in words (the status bar's)
``nonfinite_step``                run      the step that overflowed (only once the run stopped)
``lr``, ``clip_value``            run      the learning rate; the clipping threshold
``sigma_prime_max``               run      the largest value of σ′ (0.25), from the activation itself
``seq_len``                       run      a recurrent run's number of time steps T
``time_reach``                    run      (recurrent) ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖: how much of the gradient reaching
                                           the last time step's hidden state reaches the first's, last step
``cell_reach``                    run      (LSTM) ‖∂L/∂c_1‖ / ‖∂L/∂c_T‖, the same along the cell state, last step
``E_total``                       network  the loss at the current weights on the derivation's batch
``E_<o>``                         network  ½(target − out)² of output o (the lecture's loss only)
``out_<n>``, ``net_<n>``          network  unit n's output and net input (``out_i1`` is input 1)
``fprime_<n>``                    network  ∂out/∂net of unit n (σ′ for a sigmoid unit)
``dE_dout_<n>``, ``dE_dnet_<n>``  network  ∂E/∂out and ∂E/∂net (δ) of unit n
``target_<o>``                    network  output o's target
``path_<m>_<n>``                  network  ∂E_m/∂out_n: the route from unit n through unit m of the next
                                           layer (δ_m · w), one term of the sum the chain-rule panel adds
``<w>``, ``dE_d<w>``              network  a weight's current value; its gradient on the batch
``weight``                        network  the selected weight's name (w5, W1[0,0])
``weight_value``, ``dE_dweight``  network  the selected weight's value and gradient
``gain_product``                  network  the product of the hidden layers' gains above the selected
                                           weight (the chain-rule panel's "through the hidden layers")
================================  =======  ===========================================================

Placeholders are checked when a lesson loads (:func:`check_name`): an unknown name, a layer or
unit the step's network does not have, a run measurement in a step that trains no step, a
selected-weight quantity in a step that selects none — each is an error naming the field.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

import numpy as np

from .activations import make_activation
from .diagnosis import diagnose, hidden_flow, percent_text, ratio_text
from .text import Text

UNDEFINED = "—"  # how a placeholder without a value in this state is written

_NEURON = r"(?:i\d+|o\d+|h\d+(?:_\d+)?)"
_WEIGHT = r"(?:w\d+|W\d+_\d+_\d+)"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# style: how the number is written (see Quantity.text)
_RUN_FIXED = {"step": "count", "loss": "value", "loss_first": "value", "flow": "ratio", "gain_min": "gain",
              "gain_max": "gain", "clip_norm_before": "value", "clip_norm_after": "value", "verdict": "text",
              "nonfinite_step": "count", "lr": "value", "clip_value": "value", "sigma_prime_max": "value",
              "seq_len": "count", "time_reach": "ratio", "cell_reach": "ratio"}
_RUN_LAYER = {"grad_norm": "value", "out_grad_norm": "value", "gain": "gain", "update_ratio": "value",
              "dead": "percent", "saturated": "percent"}
_HISTORY_KEY = {"grad_norm": "grad_norm", "out_grad_norm": "out_grad_norm", "gain": "backward_gain",
                "update_ratio": "update_ratio", "dead": "dead", "saturated": "saturated"}
_NEEDS_HISTORY = {"loss", "loss_first", "flow", "gain_min", "gain_max", "clip_norm_before", "clip_norm_after",
                  "time_reach", "cell_reach"}
# (recurrent runs) placeholder -> the history's column of norms over the time steps t = 1..T
_TIME_COLUMN = {"time_reach": "time_grad_norm", "cell_reach": "cell_grad_norm"}
_NET_FIXED = {"E_total": "value", "weight": "name", "weight_value": "value", "dE_dweight": "value",
              "gain_product": "gain"}
_NEEDS_SELECTION = {"weight", "weight_value", "dE_dweight", "gain_product"}

_LAYER_RE = re.compile(rf"({'|'.join(sorted(_RUN_LAYER, key=len, reverse=True))})_(\d+)")
_UNIT_RE = re.compile(rf"(out|net|fprime|dE_dout|dE_dnet)_({_NEURON})")
_OUTPUT_RE = re.compile(r"(E|target)_(o\d+)")
_PATH_RE = re.compile(rf"path_({_NEURON})_({_NEURON})")
_WEIGHT_RE = re.compile(rf"(dE_d)?({_WEIGHT})")


@dataclass(frozen=True)
class Quantity:
    """One resolved placeholder: its value and how it is written.

    ``style``: ``value`` (six significant digits, as the chain-rule equations), ``gain`` (three, as
    the layer-by-layer gains), ``ratio`` (as the verdict writes ratios), ``count`` (a whole number),
    ``percent``, ``text`` (engine :class:`~gradsim.engine.text.Text`, translated by the UI) or
    ``name`` (a name such as ``W1[0,0]``, never translated).
    """

    value: object
    style: str = "value"

    @property
    def number(self) -> float | None:
        """The value as a finite float for comparisons, or None."""
        if self.style in ("text", "name") or isinstance(self.value, bool):
            return None
        try:
            v = float(self.value)
        except (TypeError, ValueError):
            return None
        return v if math.isfinite(v) else None

    def text(self, translate: Callable[[str], str] = str) -> str:
        v = self.value
        if self.style == "text":
            return translate(v)
        if self.style == "name":
            return str(v)
        if self.style == "count":
            return f"{int(v):,}"
        if self.style == "percent":
            return percent_text(float(v))
        if self.style == "ratio":
            return ratio_text(float(v))
        return number_text(float(v), 3 if self.style == "gain" else 6)


# -- writing numbers -----------------------------------------------------------------------------

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _plain(v: float, digits: int) -> str:
    e = math.floor(math.log10(abs(v)))
    if -4 <= e < 5:
        return f"{v:.{max(digits - 1 - e, 0)}f}"
    return f"{v / 10 ** e:.{digits - 1}f}e{e}"


def number_text(v: float, digits: int = 6) -> str:
    """``v`` as the chain-rule panel writes it — ``digits`` significant digits, fixed-point from
    10⁻⁴ to 10⁵ and ``4.38568×10⁻⁴`` outside, a true minus sign — with fewer digits when they
    already show ``v`` exactly (``0.05``, not ``0.0500000``). NaN is ``—``."""
    if v is None or math.isnan(v):
        return UNDEFINED
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"
    digits = next((k for k in range(1, digits) if float(_plain(v, k)) == v), digits)
    text = _plain(v, digits)
    if "e" in text:
        mant, exp = text.split("e")
        text = f"{mant}×10{exp.translate(_SUPERSCRIPT)}"
    return text.replace("-", "−")


# -- templates -------------------------------------------------------------------------------------

def placeholders(template: str) -> list[str]:
    """The placeholder names in ``template``, in order (``{{`` and ``}}`` are literal braces).

    Raises ValueError (a :class:`Text`) on an unbalanced brace or a name that is not an identifier.
    """
    return [name for kind, name in _scan(template) if kind == "name"]


def _scan(template: str):
    i, n = 0, len(template)
    literal = []
    while i < n:
        c = template[i]
        if c in "{}" and template[i:i + 2] in ("{{", "}}"):
            literal.append(c)
            i += 2
            continue
        if c == "}":
            raise ValueError(Text("a lone }} at character {position} (write }}}} for a literal brace)", position=i + 1))
        if c == "{":
            end = template.find("}", i)
            name = template[i + 1:end] if end > 0 else ""
            if end < 0 or not _NAME.fullmatch(name):
                raise ValueError(Text("a {{ at character {position} that does not open a placeholder such as "
                                      "{{dE_dw5}} (write {{{{ for a literal brace)", position=i + 1))
            if literal:
                yield "literal", "".join(literal)
                literal = []
            yield "name", name
            i = end + 1
            continue
        literal.append(c)
        i += 1
    if literal:
        yield "literal", "".join(literal)


def render(template: str, values: Mapping[str, "Quantity | None"],
           translate: Callable[[str], str] = str) -> str:
    """``template`` with every placeholder written from ``values`` (``—`` where it has none)."""
    out = []
    for kind, text in _scan(template):
        if kind == "literal":
            out.append(text)
        else:
            q = values.get(text)
            out.append(UNDEFINED if q is None else q.text(translate))
    return "".join(out)


# -- what a name means -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Meaning:
    """A parsed placeholder name: which quantity, of what, and what it needs."""

    name: str
    group: str                     # "run" | "network"
    quantity: str                  # the family (e.g. "grad_norm", "out", "path", "value" of a weight)
    style: str
    args: tuple = ()
    needs_history: bool = False
    needs_selection: bool = False


def meaning(name: str) -> Meaning | None:
    """What placeholder ``name`` stands for, or None if it is not a placeholder."""
    if name in _RUN_FIXED:
        return Meaning(name, "run", name, _RUN_FIXED[name], needs_history=name in _NEEDS_HISTORY)
    if name in _NET_FIXED:
        return Meaning(name, "network", name, _NET_FIXED[name], needs_selection=name in _NEEDS_SELECTION)
    m = _LAYER_RE.fullmatch(name)
    if m:
        return Meaning(name, "run", m.group(1), _RUN_LAYER[m.group(1)], (int(m.group(2)),), needs_history=True)
    m = _UNIT_RE.fullmatch(name)
    if m:
        return Meaning(name, "network", m.group(1), "value", (m.group(2),))
    m = _OUTPUT_RE.fullmatch(name)
    if m:
        return Meaning(name, "network", m.group(1), "value", (m.group(2),))
    m = _PATH_RE.fullmatch(name)
    if m:
        return Meaning(name, "network", "path", "value", (m.group(1), m.group(2)))
    m = _WEIGHT_RE.fullmatch(name)
    if m:
        return Meaning(name, "network", "gradient" if m.group(1) else "value", "value", (m.group(2),))
    return None


def _units(sizes: list[int], lecture: bool) -> dict[str, tuple[int, int]]:
    from .chain_rule import neuron_name

    return {neuron_name(sizes, layer, idx, lecture): (layer, idx) for layer, n in enumerate(sizes) for idx in range(n)}


def weight_index(spec, token: str) -> tuple[int, int, int] | None:
    """(k, j, i) of a placeholder's weight token (``w5``, ``W3_1_2``) on ``spec``, or None."""
    text = token
    m = re.fullmatch(r"W(\d+)_(\d+)_(\d+)", token)
    if m:
        text = f"W{m.group(1)}[{m.group(2)},{m.group(3)}]"
    try:
        return spec.parse_weight(text)
    except ValueError:
        return None


def check_name(name: str, spec, *, trained: bool, selected: bool) -> None:
    """Raise ValueError (a :class:`Text`) if placeholder ``name`` cannot have a value in a step that
    starts from ``spec`` (trained for at least one step if ``trained``; with a weight selected if
    ``selected``)."""
    m = meaning(name)
    if m is None:
        raise ValueError(Text("unknown placeholder {name} (the lesson format's documentation lists them)",
                              name="{" + name + "}"))
    preset = spec.name
    if m.needs_history and not trained:
        raise ValueError(Text("{name} is measured by training: the step's setup must train at least one step",
                              name="{" + name + "}"))
    if m.needs_selection and not selected:
        raise ValueError(Text("{name} is about the selected weight: the step's setup must select one",
                              name="{" + name + "}"))
    sizes = spec.topology.sizes
    L = spec.topology.depth
    units = _units(sizes, spec.weight_names == "seed")
    ok = True
    if m.quantity in _RUN_LAYER:
        ok = 1 <= m.args[0] <= L
    elif m.quantity in ("flow", "gain_min", "gain_max"):
        ok = L >= (3 if m.quantity == "flow" else 2)
    elif m.quantity in _TIME_COLUMN or m.quantity == "seq_len":
        ok = getattr(spec, "recurrent", None) is not None
    elif m.quantity in ("out", "net", "fprime", "dE_dout", "dE_dnet"):
        unit = units.get(m.args[0])
        ok = unit is not None and (unit[0] > 0 or m.quantity == "out")  # an input has only its value
    elif m.quantity in ("E", "target"):
        ok = m.args[0] in units and units[m.args[0]][0] == L and (m.quantity == "target"
                                                                  or spec.train.loss == "half-sse")
    elif m.quantity == "path":
        top, bottom = (units.get(a) for a in m.args)
        ok = top is not None and bottom is not None and bottom[0] >= 1 and top[0] == bottom[0] + 1
    elif m.quantity in ("value", "gradient"):
        ok = weight_index(spec, m.args[0]) is not None
    if not ok:
        raise ValueError(Text("{name} does not exist on preset {preset}", name="{" + name + "}", preset=preset))


# -- the run's numbers ------------------------------------------------------------------------------

@dataclass
class RunView:
    """What the run placeholders read: the window has all of it in its own thread.

    ``history`` is any History-like record (``column(key)``, ``len()``): the window's bounded one
    or a trainer's; ``nonfinite`` a :class:`~gradsim.engine.trainer.NonFinite` or its dict;
    ``events`` the run's events; ``context`` its :class:`~gradsim.engine.diagnosis.Context`.
    """

    spec: object
    step: int
    history: object
    nonfinite: object = None
    events: list = field(default_factory=list)
    context: object = None

    @classmethod
    def of(cls, trainer) -> "RunView":
        return cls(trainer.spec, trainer.step_count, trainer.history, trainer.nonfinite, list(trainer.events),
                   trainer.diagnosis_context)


def _last(history, key: str):
    return history.column(key)[-1] if len(history) else None


def run_numbers(names: Iterable[str], run: RunView) -> dict[str, Quantity | None]:
    """The run placeholders among ``names`` (others are left out), None where undefined."""
    out: dict[str, Quantity | None] = {}
    spec, history = run.spec, run.history
    L = spec.topology.depth
    for name in names:
        m = meaning(name)
        if m is None or m.group != "run":
            continue
        value = None
        q = m.quantity
        if q == "step":
            value = run.step
        elif q == "verdict":
            value = diagnose(history, run.context, run.nonfinite, run.events).text
        elif q == "nonfinite_step":
            nf = run.nonfinite
            value = None if not nf else (nf["step"] if isinstance(nf, dict) else nf.step)
        elif q == "lr":
            value = spec.train.lr
        elif q == "clip_value":
            value = spec.train.clip_value
        elif q == "sigma_prime_max":
            value = make_activation("sigmoid").max_derivative
        elif q == "seq_len":
            value = None if spec.recurrent is None else spec.recurrent.seq_len
        elif len(history) == 0:
            value = None
        elif q in ("loss", "clip_norm_before", "clip_norm_after"):
            value = _last(history, q)
        elif q == "loss_first":
            value = history.column("loss")[0]
        elif q == "flow":
            value = hidden_flow(history, L)
        elif q in _TIME_COLUMN:
            value = _reach(history, _TIME_COLUMN[q])
        elif q in ("gain_min", "gain_max"):
            gains = _last(history, "backward_gain")[: L - 1]
            value = (min if q == "gain_min" else max)(gains) if len(gains) else None
        elif q in _RUN_LAYER:
            layer = m.args[0]
            value = _last(history, _HISTORY_KEY[q])[layer - 1] if 1 <= layer <= L else None
        out[name] = _quantity(value, m.style)
    return out


def _reach(history, column: str) -> float | None:
    """The last step's norm at time step 1 over its norm at step T, from ``column`` of the history
    (None when the run records no such column, e.g. cell norms of a cell without a cell state, or
    when nothing reaches step T)."""
    if column not in getattr(history, "extra_columns", ()):
        return None
    norms = np.asarray(_last(history, column), dtype=float)
    if norms.size == 0 or not math.isfinite(float(norms[-1])) or norms[-1] <= 0:
        return None
    return float(norms[0] / norms[-1])


def _quantity(value, style: str) -> Quantity | None:
    if value is None:
        return None
    if style in ("text", "name"):
        return Quantity(value, style)
    v = float(value)
    return None if math.isnan(v) else Quantity(int(v) if style == "count" else v, style)


# -- the network's numbers ----------------------------------------------------------------------------

def network_numbers(trainer, names: Iterable[str], selected: tuple[int, int, int] | None = None
                    ) -> dict[str, Quantity | None]:
    """The network placeholders among ``names``, from one pass of ``trainer``'s current weights on
    the derivation's batch (call it where the trainer lives; nothing of the trainer changes).
    ``selected`` is the selected weight (k, j, i), if any."""
    wanted = [(n, m) for n in names if (m := meaning(n)) is not None and m.group == "network"]
    if not wanted:
        return {}
    if getattr(trainer.spec, "recurrent", None) is not None:
        # the feed-forward chain rule's quantities: a recurrent run (the learner's, on another
        # step's page, or the window's before the step's own preset is loaded) has none of them
        return {n: None for n, _ in wanted}
    from .chain_rule import Deriver, default_batch

    spec = trainer.spec
    deriver = Deriver(trainer)
    net = deriver.net
    units = _units(net.sizes, spec.weight_names == "seed")
    _, targets = default_batch(trainer)
    derived = {}

    def derivation(index):
        if index not in derived:
            try:
                derived[index] = deriver.derive(*index)
            except ValueError:  # a removed edge, or a weight the network no longer has
                derived[index] = None
        return derived[index]

    out: dict[str, Quantity | None] = {}
    with np.errstate(all="ignore"):
        for name, m in wanted:
            value = None
            q = m.quantity
            if q == "E_total":
                value = deriver.loss
            elif m.needs_selection:
                d = derivation(selected) if selected is not None else None
                if d is not None:
                    k, j, i = selected
                    value = {"weight": d.weight, "weight_value": float(net.W[k][j, i]), "dE_dweight": d.total,
                             "gain_product": d.hidden_flow}[q]
            elif q in ("out", "net", "fprime", "dE_dout", "dE_dnet", "E", "target"):
                unit = units.get(m.args[0])
                if unit is not None:
                    value = _unit_value(deriver, targets, q, *unit)
            elif q == "path":
                top, bottom = (units.get(a) for a in m.args)
                if top is not None and bottom is not None and bottom[0] >= 1 and top[0] == bottom[0] + 1:
                    k = top[0] - 1
                    value = float(deriver.dz[k][0, top[1]] * net.W[k][top[1], bottom[1]])
            elif q in ("value", "gradient"):
                index = weight_index(spec, m.args[0])
                if index is not None:
                    k, j, i = index
                    value = float((net.W if q == "value" else net.dW)[k][j, i])
            out[name] = _quantity(value, m.style)
    return out


def _unit_value(deriver, targets, q: str, layer: int, idx: int) -> float | None:
    net = deriver.net
    L = net.depth
    if q == "out":
        return float(net.a[layer][0, idx])
    if q == "dE_dout":
        return float(deriver.da[layer][0, idx]) if layer >= 1 else None
    if layer == 0:
        return None
    if q == "net":
        return float(net.z[layer - 1][0, idx])
    if q == "fprime":
        return float(net.fprime[layer - 1][0, idx])
    if q == "dE_dnet":
        return float(deriver.dz[layer - 1][0, idx])
    if layer != L:
        return None
    if q == "target":
        return float(targets[0, idx])
    if deriver.loss_name != "half-sse":
        return None
    return float(0.5 * (targets[0, idx] - net.a[layer][0, idx]) ** 2)  # q == "E"


def resolve(names: Iterable[str], trainer, selected: tuple[int, int, int] | None = None,
            run: RunView | None = None) -> dict[str, Quantity | None]:
    """Every placeholder among ``names`` for a trainer (headless use: the lesson walk, tests).
    ``run`` defaults to the trainer's own record."""
    names = list(names)
    out = run_numbers(names, run if run is not None else RunView.of(trainer))
    out.update(network_numbers(trainer, names, selected))
    return out


def split(names: Iterable[str]) -> tuple[set[str], set[str]]:
    """(run names, network names) among ``names``: what the window computes itself and what it
    asks the training thread for."""
    run, network = set(), set()
    for name in names:
        m = meaning(name)
        if m is not None:
            (run if m.group == "run" else network).add(name)
    return run, network


__all__ = ["Quantity", "RunView", "Meaning", "meaning", "check_name", "placeholders", "render", "resolve",
           "run_numbers", "network_numbers", "split", "number_text", "weight_index", "UNDEFINED"]
