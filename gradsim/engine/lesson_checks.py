"""What a lesson step checks: conditions over a :class:`LessonState`, and how a learner meets them.

A step's task ("click w5", "turn clipping on and train 100 steps") is checked by a *condition*, a
small JSON object a teacher writes by hand — never code. The user interface fills a :class:`LessonState`
from its session (the spec, the step count, the selection, the visible views, the last clicked
factor of the chain-rule panel, the diagnosis, the numbers the step's text quotes) and asks
:meth:`Condition.holds`. The same conditions judge a question's answer and state the claims a
step's text makes (which the tests check on many seeds).

Every condition also knows how a learner would make it true (:meth:`Condition.plan`, a list of
:class:`Action`), so the headless walk (and a self test of the window) can perform each step's task
without being told twice; conditions a learner cannot make true directly (a verdict, a comparison
of numbers) plan nothing and are simply evaluated after the others' actions.

The vocabulary (one key per object; ``layer`` is a layer number, a list of them, or
``"all_hidden"`` / ``"any_hidden"``; numbers in ``compare`` are a number, a placeholder name of
:mod:`gradsim.engine.lesson_numbers`, or ``"|name|"`` for its absolute value):

=======================================================  ==============================================
condition                                                true when
=======================================================  ==============================================
``{"all": [c, …]}`` / ``{"any": [c, …]}`` / ``{"not": c}``  every / some / not
``{"preset": "deep-relu"}``, ``{"preset_in": [...]}``    the session started from that preset
``{"steps_at_least": 100}``                              the run has trained at least that many steps
``{"nonfinite": true}``                                  the run stopped on an overflow (false: it did not)
``{"selected": "w5"}``                                   that weight is selected (``"W3[1,2]"`` on any net)
``{"selected_in_layer": 1}``                             the selected weight feeds layer 1
``{"activation": {"layer": 3, "is": "relu"}}``           those hidden layers use it (or ``"in": [...]``)
``{"batch_norm": {"layer": "all_hidden", "is": true}}``  those hidden layers normalise (or do not)
``{"residual": {"layer": [2, 3], "is": true}}``          those hidden layers have a skip connection
``{"clipping": "on"}``                                   ``on`` / ``off`` / ``norm`` / ``value``
``{"init": "he_normal"}``                                the weights' initialiser
``{"lr_at_most": 0.01}``, ``{"lr_at_least": x}``         the learning rate
``{"diagnosis_in": ["healthy", "converged"]}``           the run's verdict is one of these levels
``{"views_visible": ["chain_rule"]}``                    those views are shown
``{"factor": {...}}``                                    the last clicked chain-rule factor matches every
                                                         key given: ``name``, ``kind`` / ``kind_in``
                                                         (:data:`~gradsim.engine.chain_rule.NODE_KINDS`),
                                                         ``weight``, ``layer`` (of its weight), ``leaf``,
                                                         ``min``, ``max``, ``min_abs``, ``max_abs``
``{"compare": ["E_o1", ">", "E_o2"]}``                   the numbers compare so (``<``, ``<=``, ``>``, ``>=``)
``{"smallest": ["update_ratio_1", "update_ratio_10"]}``  the first is at most each of the others
``{"largest": [...]}``                                   the first is at least each of the others
=======================================================  ==============================================

A number that has no value in the state (``—`` in the text) makes a comparison false.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Mapping

from .activations import HIDDEN_ACTIVATIONS
from .chain_rule import NODE_KINDS
from .clipping import CLIP_MODES
from .diagnosis import LEVELS
from .initializers import INIT_NAMES
from .lesson_numbers import Quantity, check_name
from .text import Text, brief, clip

# What a step may show (setup.views, highlights, views_visible) — the window's names for its views.
VIEWS = ("canvas", "controls", "plots", "plots.layer_norms", "plots.gradient_flow", "plots.loss",
         "plots.backward_gain", "chain_rule", "step_through", "activations", "boundary", "through_time")
# Controls a highlight may point at.
CONTROLS = ("presets", "step", "play", "reset", "speed", "layers", "clipping", "init", "lr")
CLIPPING = ("on", "off") + tuple(m for m in CLIP_MODES if m != "none")
OPERATORS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
             ">=": lambda a, b: a >= b}


class LessonError(ValueError):
    """A lesson file that cannot be used; the message (a :class:`Text`) names the step and field."""


def fail(where: str, error) -> LessonError:
    return LessonError(Text("{field}: {error}", field=where, error=error))


# -- the state a condition reads ----------------------------------------------------------------------

@dataclass(frozen=True)
class FactorClick:
    """A factor the learner clicked in the chain-rule panel: the derivation tree's node."""

    name: str        # Node.name, e.g. "∂out_o1/∂net_o1"
    kind: str        # Node.kind
    value: float     # Node.value
    weight: str      # the derivation's weight, e.g. "w5"
    layer: int       # the layer that weight feeds (k + 1)
    leaf: bool = True


@dataclass
class LessonState:
    """What a lesson can see of the session; the user interface fills it, the headless walk too.

    ``preset``: the preset the session started from. ``step``: the run's step count. ``selected``:
    the selected weight as (k, j, i). ``views``: names of :data:`VIEWS` currently shown.
    ``factor``: the last factor clicked since the step was entered. ``answer``: the option the
    learner chose for the step's question. ``numbers``: the step's placeholders, resolved
    (:func:`gradsim.engine.lesson_numbers.resolve`; the window merges ``run_numbers`` and the
    training thread's ``network_numbers``). ``diagnosis``: the run's verdict level.
    """

    spec: object
    preset: str = ""
    step: int = 0
    nonfinite: bool = False
    diagnosis: str = "idle"
    selected: tuple[int, int, int] | None = None
    views: frozenset = frozenset()
    factor: FactorClick | None = None
    answer: str | None = None
    numbers: Mapping[str, Quantity | None] = field(default_factory=dict)

    @property
    def selected_name(self) -> str | None:
        return None if self.selected is None else self.spec.weight_label(*self.selected)

    def number(self, name: str) -> float | None:
        q = self.numbers.get(name)
        return None if q is None else q.number


# -- what a learner does ------------------------------------------------------------------------------

ACTION_KINDS = ("load_preset", "set_activation", "set_batch_norm", "set_residual", "set_clipping", "set_init",
                "set_lr", "show_view", "select", "train_to", "train_until_stopped")
# Order within a plan: a new preset or a structural edit restarts the run, so they come first and
# training last.
_PHASE = {"load_preset": 0, "set_activation": 1, "set_batch_norm": 1, "set_residual": 1, "set_clipping": 1,
          "set_init": 1, "set_lr": 2, "show_view": 3, "select": 4, "train_to": 5, "train_until_stopped": 6}


@dataclass(frozen=True)
class Action:
    """One thing a learner does: ``Action("set_activation", (3, "relu"))``, ``Action("select",
    ("w5",))``, ``Action("train_to", (100,))`` (see :data:`ACTION_KINDS`)."""

    kind: str
    args: tuple = ()


def order(actions: list[Action]) -> list[Action]:
    """Actions in the order a learner would take them; of several trainings the longest."""
    seen, out = set(), []
    for a in sorted(actions, key=lambda a: _PHASE[a.kind]):
        if a not in seen:
            seen.add(a)
            out.append(a)
    trains = [a for a in out if a.kind == "train_to"]
    if len(trains) > 1:
        longest = max(trains, key=lambda a: a.args[0])
        out = [a for a in out if a.kind != "train_to" or a is longest]
    return out


# -- validation context -------------------------------------------------------------------------------

@dataclass
class Context:
    """What a condition is checked against when a lesson loads: the network the step starts from.

    ``trained``/``selected``: whether placeholders that need a training step or a selected weight
    are defined where the condition is evaluated. ``factor_names(weight)``: the derivation tree's
    node names of a weight at the step's start (for ``factor.name``).
    """

    spec: object
    trained: bool = True
    selected: bool = True
    factor_names: Callable[[tuple[int, int, int]], set[str]] | None = None


# -- conditions -------------------------------------------------------------------------------------

class Condition:
    key = ""

    def holds(self, state: LessonState) -> bool:
        raise NotImplementedError

    def plan(self, state: LessonState) -> list[Action]:
        """What a learner does to make this true from ``state`` (nothing if it holds, or if no
        action makes it true directly)."""
        return []

    def numbers(self) -> set[str]:
        """Placeholders this condition reads."""
        return set()


_REGISTRY: dict[str, type] = {}


def _condition(cls):
    _REGISTRY[cls.key] = cls
    return cls


def parse(obj, where: str, ctx: Context) -> Condition:
    """A condition from its JSON form; :class:`LessonError` naming ``where`` if it is malformed."""
    if not isinstance(obj, dict):
        raise fail(where, Text("must be a condition (an object such as {example}), got {value}",
                               example='{"selected": "w5"}', value=brief(obj)))
    if len(obj) != 1:
        raise fail(where, Text("must have exactly one key, the condition's name (known: {known}); got {count}",
                               known=", ".join(_REGISTRY), count=len(obj)))
    (key, value), = obj.items()
    cls = _REGISTRY.get(key)
    if cls is None:
        raise fail(where, Text("unknown condition {name!r} (known: {known})", name=clip(str(key)),
                               known=", ".join(_REGISTRY)))
    return cls.parse(value, f"{where}.{key}", ctx)


def kind_error(where: str, kind: Text, value) -> LessonError:
    return LessonError(Text("{field}: must be {kind}, got {value}", field=where, kind=kind, value=brief(value)))


A_STRING, A_LIST, AN_OBJECT, TRUE_OR_FALSE = Text("a string"), Text("a list"), Text("an object"), Text("true or false")


def as_string(value, where: str) -> str:
    if not isinstance(value, str):
        raise kind_error(where, A_STRING, value)
    return value


def as_whole(value, where: str, low: int = 0, high: int = 10 ** 12) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise LessonError(Text("{field}: must be a whole number between {minimum} and {maximum}, got {value}",
                               field=where, minimum=low, maximum=high, value=brief(value)))
    return value


def as_number(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise LessonError(Text("{field}: must be a number, got {value}", field=where, value=brief(value)))
    return float(value)


def as_bool(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise kind_error(where, TRUE_OR_FALSE, value)
    return value


def as_choice(value, where: str, allowed) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise LessonError(Text("{field}: must be one of {allowed}, got {value}", field=where,
                               allowed=", ".join(allowed), value=brief(value)))
    return value


def as_list(value, where: str, minimum: int = 1) -> list:
    if not isinstance(value, list):
        raise kind_error(where, A_LIST, value)
    if len(value) < minimum:
        raise fail(where, Text("must hold at least {count} item(s)", count=minimum))
    return value


def as_choices(value, where: str, allowed) -> tuple[str, ...]:
    """A non-empty list of names from ``allowed``."""
    return tuple(as_choice(v, f"{where}[{n}]", allowed) for n, v in enumerate(as_list(value, where)))


def as_object(value, where: str, allowed: set, required: set = frozenset()) -> dict:
    if not isinstance(value, dict):
        raise kind_error(where, AN_OBJECT, value)
    extra = sorted(set(value) - allowed, key=str)
    if extra:
        raise LessonError(Text("{field}: unknown field (allowed: {allowed})", field=f"{where}.{clip(str(extra[0]))}",
                               allowed=", ".join(sorted(allowed))))
    for key in sorted(required):
        if key not in value:
            raise LessonError(Text("{field}: missing", field=f"{where}.{key}"))
    return value


def weight(value, where: str, spec) -> tuple[int, int, int]:
    """A weight's (k, j, i) on ``spec`` from its name (``w5``, ``W3[1,2]``)."""
    name = as_string(value, where)
    try:
        return spec.parse_weight(name)
    except ValueError:
        raise fail(where, Text("unknown weight {weight!r} on preset {preset}", weight=clip(name),
                               preset=spec.name)) from None


def _layer(value, where: str, spec, hidden: bool) -> int:
    L = spec.topology.depth
    last = L - 1 if hidden else L
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= last:
        if hidden:
            raise fail(where, Text("must be a hidden layer of preset {preset} (1..{last}), got {value}",
                                   preset=spec.name, last=last, value=brief(value)))
        raise fail(where, Text("must be a layer of preset {preset} ({first}..{last}), got {value}",
                               preset=spec.name, first=1, last=last, value=brief(value)))
    return value


# layer selectors -------------------------------------------------------------------------------------

SELECTORS = ("all_hidden", "any_hidden")


def _layers(value, where: str, spec):
    if isinstance(value, str):
        return as_choice(value, where, SELECTORS)
    if isinstance(value, list):
        return tuple(_layer(v, f"{where}[{n}]", spec, hidden=True) for n, v in enumerate(as_list(value, where)))
    return (_layer(value, where, spec, hidden=True),)


def _hidden(spec) -> list[int]:
    return list(range(1, spec.topology.depth))


class _LayerProperty(Condition):
    """A property of some hidden layers (see the module's table)."""

    allowed: set = {"layer", "is"}

    def __init__(self, layers, want):
        self.layers, self.want = layers, want

    @classmethod
    def parse(cls, value, where, ctx):
        obj = as_object(value, where, cls.allowed, {"layer"})
        return cls(_layers(obj["layer"], f"{where}.layer", ctx.spec), cls.parse_want(obj, where))

    def _selected(self, spec) -> list[int] | None:
        hidden = _hidden(spec)
        if isinstance(self.layers, str):
            return hidden or None
        return list(self.layers) if all(l in hidden for l in self.layers) else None

    def holds(self, state):
        layers = self._selected(state.spec)
        if layers is None:
            return False
        ok = [self.has(state.spec.topology.layers[l - 1]) for l in layers]
        return any(ok) if self.layers == "any_hidden" else all(ok)

    def plan(self, state):
        layers = self._selected(state.spec)
        if layers is None or self.holds(state):
            return []
        if self.layers == "any_hidden":
            layers = layers[:1]
        return [self.action(l) for l in layers if not self.has(state.spec.topology.layers[l - 1])]


@_condition
class Activation(_LayerProperty):
    key = "activation"
    allowed = {"layer", "is", "in"}

    @staticmethod
    def parse_want(obj, where):
        if ("is" in obj) == ("in" in obj):
            raise fail(where, Text("needs exactly one of {first} and {second}", first="is", second="in"))
        if "is" in obj:
            return (as_choice(obj["is"], f"{where}.is", HIDDEN_ACTIVATIONS),)
        return as_choices(obj["in"], f"{where}.in", HIDDEN_ACTIVATIONS)

    def has(self, layer):
        return layer.activation in self.want

    def action(self, l):
        return Action("set_activation", (l, self.want[0]))


class _Switch(_LayerProperty):
    """On or off per layer (``"is"`` defaults to true)."""

    @staticmethod
    def parse_want(obj, where):
        return as_bool(obj.get("is", True), f"{where}.is")


@_condition
class BatchNorm(_Switch):
    key = "batch_norm"

    def has(self, layer):
        return bool(layer.batch_norm) == self.want

    def action(self, l):
        return Action("set_batch_norm", (l, self.want))


@_condition
class Residual(_Switch):
    key = "residual"

    def has(self, layer):
        return (layer.residual_from is not None) == self.want

    def action(self, l):
        return Action("set_residual", (l, l - 1 if self.want else None))


# combinators --------------------------------------------------------------------------------------------

@_condition
class All(Condition):
    key = "all"

    def __init__(self, items):
        self.items = items

    @classmethod
    def parse(cls, value, where, ctx):
        return cls([parse(c, f"{where}[{n}]", ctx) for n, c in enumerate(as_list(value, where))])

    def holds(self, state):
        return all(c.holds(state) for c in self.items)

    def plan(self, state):
        return order([a for c in self.items for a in c.plan(state)])

    def numbers(self):
        return set().union(*(c.numbers() for c in self.items))


@_condition
class Any(All):
    key = "any"

    def holds(self, state):
        return any(c.holds(state) for c in self.items)

    def plan(self, state):
        if self.holds(state):
            return []
        return next((p for c in self.items if (p := c.plan(state))), [])


@_condition
class Not(Condition):
    key = "not"

    def __init__(self, item):
        self.item = item

    @classmethod
    def parse(cls, value, where, ctx):
        return cls(parse(value, where, ctx))

    def holds(self, state):
        return not self.item.holds(state)

    def numbers(self):
        return self.item.numbers()


# the session -------------------------------------------------------------------------------------------

def presets() -> tuple[str, ...]:
    """The presets a lesson may load: the feed-forward ones and the recurrent ``rnn-*`` ones."""
    from .presets import ALL_PRESETS

    return tuple(ALL_PRESETS)


class _Valued(Condition):
    """A condition with one value, read by :meth:`read`."""

    def __init__(self, value):
        self.value = value

    @classmethod
    def parse(cls, value, where, ctx):
        return cls(cls.read(value, where, ctx))


@_condition
class Preset(_Valued):
    key = "preset"

    @staticmethod
    def read(value, where, ctx):
        return (as_choice(value, where, presets()),)

    def holds(self, state):
        return state.preset in self.value

    def plan(self, state):
        return [] if self.holds(state) else [Action("load_preset", (self.value[0],))]


@_condition
class PresetIn(Preset):
    key = "preset_in"

    @staticmethod
    def read(value, where, ctx):
        return as_choices(value, where, presets())


@_condition
class StepsAtLeast(_Valued):
    key = "steps_at_least"

    @staticmethod
    def read(value, where, ctx):
        return as_whole(value, where, 0, 1_000_000)

    def holds(self, state):
        return state.step >= self.value

    def plan(self, state):
        return [] if self.holds(state) else [Action("train_to", (self.value,))]


@_condition
class Nonfinite(_Valued):
    key = "nonfinite"

    @staticmethod
    def read(value, where, ctx):
        return as_bool(value, where)

    def holds(self, state):
        return bool(state.nonfinite) == self.value

    def plan(self, state):
        return [Action("train_until_stopped")] if self.value and not self.holds(state) else []


@_condition
class Selected(_Valued):
    key = "selected"

    @staticmethod
    def read(value, where, ctx):
        weight(value, where, ctx.spec)
        return value

    def _index(self, spec):
        try:
            return spec.parse_weight(self.value)
        except ValueError:
            return None

    def holds(self, state):
        index = self._index(state.spec)
        return index is not None and state.selected == index

    def plan(self, state):
        return [] if self.holds(state) or self._index(state.spec) is None else [Action("select", (self.value,))]


@_condition
class SelectedInLayer(_Valued):
    key = "selected_in_layer"

    @staticmethod
    def read(value, where, ctx):
        return _layer(value, where, ctx.spec, hidden=False)

    def holds(self, state):
        return state.selected is not None and state.selected[0] + 1 == self.value

    def plan(self, state):
        spec = state.spec
        if self.holds(state) or self.value > spec.topology.depth:
            return []
        k = self.value - 1
        mask = spec.topology.masks.get(k)
        sizes = spec.topology.sizes
        for j in range(sizes[k + 1]):
            for i in range(sizes[k]):
                if mask is None or mask[j, i]:
                    return [Action("select", (spec.weight_label(k, j, i),))]
        return []


@_condition
class Clipping(_Valued):
    key = "clipping"

    @staticmethod
    def read(value, where, ctx):
        return as_choice(value, where, CLIPPING)

    def holds(self, state):
        mode = state.spec.train.clip_mode
        if self.value == "on":
            return mode != "none"
        if self.value == "off":
            return mode == "none"
        return mode == self.value

    def plan(self, state):
        if self.holds(state):
            return []
        return [Action("set_clipping", ({"on": "norm", "off": "none"}.get(self.value, self.value),))]


@_condition
class InitIs(_Valued):
    key = "init"

    @staticmethod
    def read(value, where, ctx):
        return as_choice(value, where, INIT_NAMES)

    def holds(self, state):
        return state.spec.weight_init.name == self.value

    def plan(self, state):
        return [] if self.holds(state) else [Action("set_init", (self.value,))]


@_condition
class LrAtMost(_Valued):
    key = "lr_at_most"

    @staticmethod
    def read(value, where, ctx):
        return as_number(value, where)

    def holds(self, state):
        return state.spec.train.lr <= self.value

    def plan(self, state):
        return [] if self.holds(state) else [Action("set_lr", (self.value,))]


@_condition
class LrAtLeast(LrAtMost):
    key = "lr_at_least"

    def holds(self, state):
        return state.spec.train.lr >= self.value


@_condition
class DiagnosisIn(_Valued):
    key = "diagnosis_in"

    @staticmethod
    def read(value, where, ctx):
        return as_choices(value, where, LEVELS)

    def holds(self, state):
        return state.diagnosis in self.value


@_condition
class ViewsVisible(_Valued):
    key = "views_visible"

    @staticmethod
    def read(value, where, ctx):
        return as_choices(value, where, VIEWS)

    def holds(self, state):
        return all(v in state.views for v in self.value)

    def plan(self, state):
        return [Action("show_view", (v,)) for v in self.value if v not in state.views]


@_condition
class Factor(Condition):
    key = "factor"
    FIELDS = {"name", "kind", "kind_in", "weight", "layer", "leaf", "min", "max", "min_abs", "max_abs"}

    def __init__(self, **want):
        self.want = want

    @classmethod
    def parse(cls, value, where, ctx):
        obj = as_object(value, where, cls.FIELDS)
        if not obj:
            raise fail(where, Text("must name at least one of {allowed}", allowed=", ".join(sorted(cls.FIELDS))))
        want = {}
        spec = ctx.spec
        index = None
        if "weight" in obj:
            index = weight(obj["weight"], f"{where}.weight", spec)
            want["weight"] = spec.weight_label(*index)
        if "layer" in obj:
            want["layer"] = _layer(obj["layer"], f"{where}.layer", spec, hidden=False)
        if "kind" in obj:
            want["kind_in"] = (as_choice(obj["kind"], f"{where}.kind", NODE_KINDS),)
        if "kind_in" in obj:
            want["kind_in"] = as_choices(obj["kind_in"], f"{where}.kind_in", NODE_KINDS)
        if "leaf" in obj:
            want["leaf"] = as_bool(obj["leaf"], f"{where}.leaf")
        for key in ("min", "max", "min_abs", "max_abs"):
            if key in obj:
                want[key] = as_number(obj[key], f"{where}.{key}")
        if "name" in obj:
            name = as_string(obj["name"], f"{where}.name")
            if index is None:
                raise fail(f"{where}.name", Text("a factor named in a check needs its weight (add \"weight\")"))
            if ctx.factor_names is not None and name not in ctx.factor_names(index):
                raise fail(f"{where}.name", Text("no factor {name!r} in the derivation of {weight} on preset {preset}",
                                                 name=clip(name, 60), weight=want["weight"], preset=spec.name))
            want["name"] = name
        return cls(**want)

    def holds(self, state):
        f = state.factor
        if f is None:
            return False
        w = self.want
        v = f.value
        finite = isinstance(v, (int, float)) and math.isfinite(v)
        checks = [
            "name" not in w or f.name == w["name"],
            "kind_in" not in w or f.kind in w["kind_in"],
            "weight" not in w or f.weight == w["weight"],
            "layer" not in w or f.layer == w["layer"],
            "leaf" not in w or f.leaf == w["leaf"],
            "min" not in w or (finite and v >= w["min"]),
            "max" not in w or (finite and v <= w["max"]),
            "min_abs" not in w or (finite and abs(v) >= w["min_abs"]),
            "max_abs" not in w or (finite and abs(v) <= w["max_abs"]),
        ]
        return all(checks)

    @property
    def weight_name(self) -> str | None:
        return self.want.get("weight")

    @property
    def layer(self) -> int | None:
        return self.want.get("layer")


def _operand(value, where: str, ctx: Context):
    """A number, a placeholder name, or "|name|" (its absolute value): (name or None, number, abs)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise fail(where, Text("must be a number or a placeholder name, got {value}", value=brief(value)))
    if not isinstance(value, str):
        return (None, as_number(value, where), False)
    absolute = len(value) > 2 and value.startswith("|") and value.endswith("|")
    name = value[1:-1] if absolute else value
    try:
        check_name(name, ctx.spec, trained=ctx.trained, selected=ctx.selected)
    except ValueError as exc:
        raise fail(where, exc.args[0]) from None
    return (name, None, absolute)


def _value(operand, state: LessonState) -> float | None:
    name, number, absolute = operand
    if name is None:
        return number
    v = state.number(name)
    return None if v is None else (abs(v) if absolute else v)


@_condition
class Compare(Condition):
    key = "compare"

    def __init__(self, left, op, right):
        self.left, self.op, self.right = left, op, right

    @classmethod
    def parse(cls, value, where, ctx):
        if not isinstance(value, list) or len(value) != 3:
            raise fail(where, Text("must be [left, operator, right] with an operator of {operators}, got {value}",
                                   operators=" ".join(OPERATORS), value=brief(value)))
        op = as_choice(value[1], f"{where}[1]", tuple(OPERATORS))
        return cls(_operand(value[0], f"{where}[0]", ctx), op, _operand(value[2], f"{where}[2]", ctx))

    def holds(self, state):
        a, b = _value(self.left, state), _value(self.right, state)
        return a is not None and b is not None and OPERATORS[self.op](a, b)

    def numbers(self):
        return {o[0] for o in (self.left, self.right) if o[0] is not None}


@_condition
class Smallest(Condition):
    key = "smallest"
    op = "<="

    def __init__(self, operands):
        self.operands = operands

    @classmethod
    def parse(cls, value, where, ctx):
        items = as_list(value, where, minimum=2)
        return cls([_operand(v, f"{where}[{n}]", ctx) for n, v in enumerate(items)])

    def holds(self, state):
        values = [_value(o, state) for o in self.operands]
        if any(v is None for v in values):
            return False
        return all(OPERATORS[self.op](values[0], v) for v in values[1:])

    def numbers(self):
        return {o[0] for o in self.operands if o[0] is not None}


@_condition
class Largest(Smallest):
    key = "largest"
    op = ">="


CONDITIONS = tuple(_REGISTRY)

__all__ = ["LessonState", "FactorClick", "Action", "ACTION_KINDS", "Condition", "Context", "LessonError", "parse",
           "order", "weight", "fail", "VIEWS", "CONTROLS", "CONDITIONS"]
