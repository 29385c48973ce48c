"""A guided lesson as data: steps that set the app up, point at something, ask the learner to do one
thing, check that it happened and ask a question whose answer the app can check.

A lesson is one UTF-8 JSON file (``resources/lessons/gradients.json`` is the built-in one) that a
teacher edits by hand: adding, removing or reordering steps, or rewording them, needs no Python.
Every text is given in each of the lesson's languages, so every language has the same steps.
:func:`load` reads and checks a file; anything wrong is one :class:`LessonError` naming the step
and the field, e.g. ``steps[3] (w1).task.check.selected: unknown weight 'w9' on preset seed-2-2-2``.

The schema (``?`` marks an optional key; no other keys are allowed)::

    {
      "format": "gradsim-lesson",  "version": 1,
      "id": "gradients",                         # names the lesson's saved progress
      "languages": ["en", "zh"],                 # every text below gives each of these
      "title": TEXT,
      "note"?: "anything for teachers; never shown",
      "steps": [STEP, ...]
    }

    STEP = {
      "id": "w5",                                # unique; letters, digits, "-" and "_"
      "note"?: "...",
      "title": TEXT,
      "text": TEXT,                              # shown from the setup on
      "setup": {
        "preset": "seed-2-2-2",                  # a preset name (gradsim presets)
        "train"?: 0,                             # steps to train before the step starts
        "select"?: "w5",                         # a weight: w1…w8 on the lecture's net, W3[1,2] on any
        "views"?: ["canvas", "chain_rule"],      # VIEWS to show; of tabbed views, the first is raised
        "speed"?: 30                             # steps per second for Play, 1..1000, or "max"
      },
      "highlight"?: [HIGHLIGHT, ...],            # what to look at
      "claims"?: [CONDITION, ...],               # what "text" asserts about the setup's state
      "task": {
        "text": TEXT,                            # the one thing to do
        "check": CONDITION,                      # true once it is done (see lesson_checks)
        "done"?: TEXT,                           # shown once the check passed
        "claims"?: [CONDITION, ...]              # what "done" asserts about the state the task reaches
      },
      "question"?: QUESTION
    }

    QUESTION = {"kind": "choice", "text": TEXT,
                "options": [{"id": "o1", "text": TEXT, "correct": true | "correct_if": CONDITION}, ...],
                "explain"?: TEXT}                # an option with neither is a wrong answer
             | {"kind": "factor", "text": TEXT,  # answered by clicking a factor of the chain-rule panel
                "correct_if": CONDITION, "explain"?: TEXT}

    HIGHLIGHT = {"edge": "w5"} | {"neuron": "o1"} | {"layer": 3} | {"view": "plots.backward_gain"}
              | {"control": "clipping"} | {"factor": "∂out_o1/∂net_o1", "weight": "w5"}
              | {"factor_kind": "fprime", "weight"?: "w5"}

    TEXT = {"en": "one paragraph" | ["a paragraph", "another"], "zh": ...}

Texts may quote live numbers as ``{placeholder}`` (:mod:`gradsim.engine.lesson_numbers` lists them;
``{{`` and ``}}`` are literal braces); every language of a text must use the same placeholders.
Conditions (checks, claims, answers) are the vocabulary of :mod:`gradsim.engine.lesson_checks`.
Claims are how a text's words stay true: :mod:`gradsim.engine.lesson_walk` sets every step up on
many seeds and checks them (and every quoted number) there, so "every hidden layer's gain is below
1" is written next to ``{"compare": ["gain_max", "<", 1]}`` rather than trusted.
Names are checked against the step's own preset: a weight, layer, unit or factor it does not have
is an error, as is a placeholder measured by training in a step whose setup trains no step.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import files
from .chain_rule import NODE_KINDS, Deriver, neuron_name
from .lesson_checks import (CONTROLS, VIEWS, Condition, Context, LessonError, as_bool, as_choice, as_list, as_object,
                            as_string, as_whole, fail, kind_error, parse, presets, weight)
from .lesson_numbers import check_name, placeholders
from .text import Text, brief, clip

FORMAT = "gradsim-lesson"
VERSION = 1
MAX_BYTES = 1 << 20        # a lesson is text: a megabyte is hundreds of steps
MAX_TRAIN = 100_000        # setup.train: what the window can train before a step starts without a long wait
BUILTIN = ("lessons", "gradients.json")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2})?")


@dataclass(frozen=True)
class Words:
    """One text in every language of the lesson: paragraphs per language code."""

    paragraphs: dict[str, tuple[str, ...]]

    def __call__(self, language: str) -> str:
        """The text in ``language`` (see :func:`pick_language`), paragraphs separated by a blank
        line; placeholders still in braces (see :func:`lesson_numbers.render`)."""
        return "\n\n".join(self.paragraphs[pick_language(self.paragraphs, language)])

    @property
    def names(self) -> set[str]:
        """The placeholders it uses (the same in every language)."""
        return {n for paras in self.paragraphs.values() for p in paras for n in placeholders(p)}


def pick_language(available, wanted: str) -> str:
    """The lesson language for a UI language: ``wanted`` itself, else its base language (``zh`` for
    ``zh_CN``), else the lesson's first."""
    available = list(available)
    for candidate in (wanted, wanted.split("_")[0]):
        if candidate in available:
            return candidate
    return available[0]


@dataclass(frozen=True)
class Setup:
    preset: str
    train: int = 0
    select: str | None = None
    views: tuple[str, ...] = ()
    speed: int | str | None = None


@dataclass(frozen=True)
class Highlight:
    """What to draw attention to: ``kind`` is edge, neuron, layer, view, control, factor or
    factor_kind; ``target`` the weight, unit, layer number, view, control, node name or node kind;
    ``weight`` the derivation a factor belongs to."""

    kind: str
    target: object
    weight: str | None = None


@dataclass(frozen=True)
class Task:
    text: Words
    check: Condition
    done: Words | None = None
    claims: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Option:
    id: str
    text: Words
    correct: Condition | bool = False

    def is_correct(self, state) -> bool:
        return self.correct if isinstance(self.correct, bool) else self.correct.holds(state)


@dataclass(frozen=True)
class Question:
    kind: str                              # "choice" | "factor"
    text: Words
    options: tuple[Option, ...] = ()
    correct_if: Condition | None = None    # a factor question's
    explain: Words | None = None

    def is_correct(self, state) -> bool:
        """The learner's answer in ``state`` (``answer`` for a choice, ``factor`` for a factor
        question) is right, judged on the state's own numbers."""
        if self.kind == "factor":
            return state.factor is not None and self.correct_if.holds(state)
        option = next((o for o in self.options if o.id == state.answer), None)
        return option is not None and option.is_correct(state)

    def answered(self, state) -> bool:
        return (state.factor if self.kind == "factor" else state.answer) is not None


@dataclass(frozen=True)
class Step:
    id: str
    title: Words
    text: Words
    setup: Setup
    task: Task
    highlight: tuple[Highlight, ...] = ()
    claims: tuple[Condition, ...] = ()
    question: Question | None = None
    note: str = ""

    def texts(self) -> list[Words]:
        out = [self.title, self.text, self.task.text]
        if self.task.done:
            out.append(self.task.done)
        q = self.question
        if q is not None:
            out += [q.text, *(o.text for o in q.options)] + ([q.explain] if q.explain else [])
        return out

    @cached_property
    def numbers(self) -> frozenset[str]:
        """Every placeholder the step's texts and conditions read: what the window must resolve
        into :attr:`LessonState.numbers` while the step is shown."""
        names = set().union(*(w.names for w in self.texts()))
        conditions = [self.task.check, *self.task.claims, *self.claims]
        if self.question is not None:
            conditions += [o.correct for o in self.question.options if isinstance(o.correct, Condition)]
            conditions += [self.question.correct_if] if self.question.correct_if else []
        for c in conditions:
            names |= c.numbers()
        return frozenset(names)


@dataclass(frozen=True)
class Lesson:
    id: str
    title: Words
    languages: tuple[str, ...]
    steps: tuple[Step, ...]

    def index(self, step_id: str) -> int | None:
        return next((n for n, s in enumerate(self.steps) if s.id == step_id), None)


# -- reading ---------------------------------------------------------------------------------------

def builtin_path() -> Path:
    """The lesson that ships with gradsim (resources/lessons/gradients.json)."""
    from gradsim.paths import resource

    return resource(*BUILTIN)


def load_builtin() -> Lesson:
    return load(builtin_path())


def load(path) -> Lesson:
    """Read and check a lesson file; every problem is one :class:`LessonError`."""
    p = Path(path)
    try:
        data = files.read_regular(p, MAX_BYTES)
    except FileNotFoundError:
        raise LessonError(Text("{path}: no such file", path=str(p))) from None
    except files.NotRegularFile:
        raise LessonError(Text("{path}: not a regular file (a lesson is a JSON file of at most {limit:,} bytes)",
                               path=str(p), limit=MAX_BYTES)) from None
    except files.TooLarge as exc:
        raise LessonError(Text("{path}: {size:,} bytes is more than a lesson file may have ({limit:,} bytes)",
                               path=str(p), size=exc.size, limit=MAX_BYTES)) from None
    except OSError as exc:
        raise LessonError(Text("{path}: cannot read ({detail})", path=str(p),
                               detail=str(exc.strerror or exc))) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise LessonError(Text("{path}: not a text file (a lesson is UTF-8 JSON)", path=str(p))) from None
    return loads(text, str(p))


def loads(text: str, source: str = "lesson") -> Lesson:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LessonError(Text("{path}: not valid JSON (line {line}, column {column}: {detail})", path=source,
                               line=exc.lineno, column=exc.colno, detail=exc.msg)) from None
    except RecursionError:
        raise LessonError(Text("{path}: nested too deeply to read", path=source)) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise LessonError(Text("{path}: not readable as JSON ({detail})", path=source,
                               detail=clip(str(exc), 80))) from None
    return from_dict(doc)


def from_dict(doc) -> Lesson:
    """A :class:`Lesson` from a parsed document; :class:`LessonError` naming the field otherwise."""
    try:
        return _Reader().lesson(doc)
    except LessonError:
        raise
    except RecursionError:
        raise LessonError(Text("{field}: {error}", field="lesson", error=Text("nested too deeply to read"))) from None


class _Reader:
    def __init__(self):
        self.languages: tuple[str, ...] = ()
        self._specs: dict[str, object] = {}
        self._trees: dict[tuple, set[str]] = {}

    # the document ------------------------------------------------------------------------------------
    def lesson(self, doc) -> Lesson:
        obj = as_object(doc, "lesson", {"format", "version", "id", "languages", "title", "note", "steps"},
                      {"format", "version", "id", "languages", "title", "steps"})
        fmt = obj["format"]
        if fmt != FORMAT:
            raise LessonError(Text("format: expected {expected!r}, got {found!r} (is this a gradsim lesson?)",
                                   expected=FORMAT, found=clip(str(fmt))))
        version = as_whole(obj["version"], "version", 1)
        if version > VERSION:
            raise LessonError(Text("version: written by a newer gradsim (version {version}); this one reads version "
                                   "{supported}", version=version, supported=VERSION))
        lesson_id = self.ident(obj["id"], "id")
        langs = as_list(obj["languages"], "languages")
        self.languages = tuple(self.language(v, f"languages[{n}]") for n, v in enumerate(langs))
        if len(set(self.languages)) != len(self.languages):
            raise fail("languages", Text("lists a language twice"))
        if "note" in obj:
            as_string(obj["note"], "note")
        title = self.words(obj["title"], "title")
        steps, seen = [], {}
        for n, raw in enumerate(as_list(obj["steps"], "steps")):
            step = self.step(raw, n)
            if step.id in seen:
                raise fail(f"steps[{n}] ({step.id}).id", Text("duplicate step id {id!r} (also steps[{index}])",
                                                              id=step.id, index=seen[step.id]))
            seen[step.id] = n
            steps.append(step)
        return Lesson(lesson_id, title, self.languages, tuple(steps))

    @staticmethod
    def ident(value, where: str) -> str:
        text = as_string(value, where)
        if not _ID.fullmatch(text):
            raise fail(where, Text("must be 1–64 letters, digits, '-' or '_' (starting with a letter or digit), "
                                   "got {value}", value=brief(text)))
        return text

    @staticmethod
    def language(value, where: str) -> str:
        text = as_string(value, where)
        if not _LANGUAGE.fullmatch(text):
            raise fail(where, Text("must be a language code such as en, zh or pt_BR, got {value}", value=brief(text)))
        return text

    def words(self, value, where: str, spec=None, trained: bool = False, selected: bool = False) -> Words:
        """A text in every language; its placeholders checked against ``spec`` (a title, with no
        ``spec``, quotes none: it names the step in lists where no numbers are resolved)."""
        obj = as_object(value, where, set(self.languages), set(self.languages))
        paragraphs, first = {}, None
        for lang in self.languages:
            at = f"{where}.{lang}"
            raw = obj[lang]
            items = [raw] if isinstance(raw, str) else raw
            if not isinstance(items, list) or not all(isinstance(p, str) for p in items):
                raise kind_error(at, Text("a string or a list of strings"), raw)
            items = [p.strip() for p in items]
            if not items or not all(items):
                raise fail(at, Text("must not be empty"))
            names = set()
            for n, p in enumerate(items):
                try:
                    found = placeholders(p)
                except ValueError as exc:
                    raise fail(at if isinstance(raw, str) else f"{at}[{n}]", exc.args[0]) from None
                for name in found:
                    if spec is None:
                        raise fail(at, Text("cannot quote live numbers (found {name})", name="{" + name + "}"))
                    try:
                        check_name(name, spec, trained=trained, selected=selected)
                    except ValueError as exc:
                        raise fail(at, exc.args[0]) from None
                names.update(found)
            if first is None:
                first = (lang, names)
            elif names != first[1]:  # every language quotes the same numbers
                missing, extra = sorted(first[1] - names), sorted(names - first[1])
                if missing:
                    raise fail(at, Text("does not quote {name}, which {language} quotes", name="{" + missing[0] + "}",
                                        language=first[0]))
                raise fail(at, Text("quotes {name}, which {language} does not", name="{" + extra[0] + "}",
                                    language=first[0]))
            paragraphs[lang] = tuple(items)
        return Words(paragraphs)

    # a step --------------------------------------------------------------------------------------------
    def spec(self, preset: str):
        if preset not in self._specs:
            from .presets import load_preset

            self._specs[preset] = load_preset(preset)
        return self._specs[preset]

    def factor_names(self, preset: str):
        def names(index) -> set[str]:
            key = (preset, index)
            if key not in self._trees:
                from .trainer import Trainer

                tree = Deriver(Trainer(self.spec(preset))).derive(*index).tree
                self._trees[key] = {n.name for n in tree.walk()}
            return self._trees[key]
        return names

    def step(self, raw, n: int) -> Step:
        where = f"steps[{n}]"
        if isinstance(raw, dict) and isinstance(raw.get("id"), str) and _ID.fullmatch(raw["id"]):
            where = f"steps[{n}] ({raw['id']})"
        obj = as_object(raw, where, {"id", "note", "title", "text", "setup", "highlight", "claims", "task", "question"},
                      {"id", "title", "text", "setup", "task"})
        step_id = self.ident(obj["id"], f"{where}.id")
        if "note" in obj:
            as_string(obj["note"], f"{where}.note")
        setup = self.setup(obj["setup"], f"{where}.setup")
        spec = self.spec(setup.preset)
        trained, selected = setup.train > 0, setup.select is not None
        at_setup = Context(spec, trained, selected, self.factor_names(setup.preset))
        after = Context(spec, True, True, self.factor_names(setup.preset))  # the learner has acted
        title = self.words(obj["title"], f"{where}.title")
        text = self.words(obj["text"], f"{where}.text", spec, trained, selected)
        highlight = tuple(self.highlight(h, f"{where}.highlight[{k}]", spec, setup)
                          for k, h in enumerate(as_list(obj.get("highlight", []), f"{where}.highlight", 0)))
        claims = tuple(parse(c, f"{where}.claims[{k}]", at_setup)
                       for k, c in enumerate(as_list(obj.get("claims", []), f"{where}.claims", 0)))
        task = self.task(obj["task"], f"{where}.task", spec, trained, selected, after)
        question = self.question(obj["question"], f"{where}.question", spec, trained, selected, after) \
            if "question" in obj else None
        return Step(step_id, title, text, setup, task, highlight, claims, question, obj.get("note", ""))

    def setup(self, value, where: str) -> Setup:
        obj = as_object(value, where, {"preset", "train", "select", "views", "speed"}, {"preset"})
        preset = as_string(obj["preset"], f"{where}.preset")
        if preset not in presets():
            raise fail(f"{where}.preset", Text("unknown preset {name!r} (known: {known})", name=clip(preset),
                                               known=", ".join(presets())))
        train = as_whole(obj.get("train", 0), f"{where}.train", 0, MAX_TRAIN)
        select = None
        if "select" in obj:
            weight(obj["select"], f"{where}.select", self.spec(preset))
            select = obj["select"]
        views = tuple(as_choice(v, f"{where}.views[{k}]", VIEWS)
                      for k, v in enumerate(as_list(obj.get("views", []), f"{where}.views", 0)))
        speed = obj.get("speed")
        if speed is not None and speed != "max" and (
                isinstance(speed, bool) or not isinstance(speed, int) or not 1 <= speed <= 1000):
            raise LessonError(Text("{field}: must be one of {allowed}, got {value}", field=f"{where}.speed",
                                   allowed="1…1000, max", value=brief(speed)))
        return Setup(preset, train, select, views, speed)

    def highlight(self, value, where: str, spec, setup: Setup) -> Highlight:
        kinds = ("edge", "neuron", "layer", "view", "control", "factor", "factor_kind")
        obj = as_object(value, where, {*kinds, "weight"})
        given = [k for k in kinds if k in obj]
        if len(given) != 1:
            raise fail(where, Text("needs exactly one of {allowed}", allowed=", ".join(kinds)))
        kind = given[0]
        at = f"{where}.{kind}"
        target = obj[kind]
        if "weight" in obj and kind not in ("factor", "factor_kind"):
            raise fail(f"{where}.weight", Text("only a factor's highlight names a weight"))
        w = None
        if "weight" in obj:
            w = spec.weight_label(*weight(obj["weight"], f"{where}.weight", spec))
        if kind == "edge":
            target = spec.weight_label(*weight(target, at, spec))
        elif kind == "neuron":
            sizes = spec.topology.sizes
            names = {neuron_name(sizes, layer, i, spec.weight_names == "seed")
                     for layer, size in enumerate(sizes) for i in range(size)}
            if as_string(target, at) not in names:
                raise fail(at, Text("no unit {name!r} on preset {preset}", name=clip(target), preset=spec.name))
        elif kind == "layer":
            if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target <= spec.topology.depth:
                raise fail(at, Text("must be a layer of preset {preset} ({first}..{last}), got {value}",
                                    preset=spec.name, first=0, last=spec.topology.depth, value=brief(target)))
        elif kind == "view":
            as_choice(target, at, VIEWS)
        elif kind == "control":
            as_choice(target, at, CONTROLS)
        elif kind == "factor_kind":
            as_choice(target, at, NODE_KINDS)
        else:  # a factor by its node name, in one weight's derivation
            name = as_string(target, at)
            if w is None and setup.select is None:
                raise fail(f"{where}.weight", Text("a factor's highlight needs the weight it belongs to"))
            index = spec.parse_weight(w or setup.select)
            w = w or spec.weight_label(*index)
            if name not in self.factor_names(setup.preset)(index):
                raise fail(at, Text("no factor {name!r} in the derivation of {weight} on preset {preset}",
                                    name=clip(name, 60), weight=w, preset=spec.name))
        return Highlight(kind, target, w)

    def task(self, value, where: str, spec, trained, selected, after: Context) -> Task:
        obj = as_object(value, where, {"text", "check", "done", "claims"}, {"text", "check"})
        text = self.words(obj["text"], f"{where}.text", spec, trained, selected)
        check = parse(obj["check"], f"{where}.check", after)
        done = self.words(obj["done"], f"{where}.done", spec, True, True) if "done" in obj else None
        claims = tuple(parse(c, f"{where}.claims[{k}]", after)
                       for k, c in enumerate(as_list(obj.get("claims", []), f"{where}.claims", 0)))
        return Task(text, check, done, claims)

    def question(self, value, where: str, spec, trained, selected, after: Context) -> Question:
        if not isinstance(value, dict):
            raise kind_error(where, Text("an object"), value)
        kind = as_choice(value.get("kind"), f"{where}.kind", ("choice", "factor"))
        if kind == "factor":
            obj = as_object(value, where, {"kind", "text", "correct_if", "explain"}, {"text", "correct_if"})
            correct = parse(obj["correct_if"], f"{where}.correct_if", after)
            options = ()
        else:
            obj = as_object(value, where, {"kind", "text", "options", "explain"}, {"text", "options"})
            correct = None
            options = self.options(obj["options"], f"{where}.options", spec, trained, selected, after)
        text = self.words(obj["text"], f"{where}.text", spec, trained, selected)
        explain = self.words(obj["explain"], f"{where}.explain", spec, True, True) if "explain" in obj else None
        return Question(kind, text, options, correct, explain)

    def options(self, value, where: str, spec, trained, selected, after: Context) -> tuple[Option, ...]:
        items = as_list(value, where, minimum=2)
        out, seen = [], set()
        for k, raw in enumerate(items):
            at = f"{where}[{k}]"
            obj = as_object(raw, at, {"id", "text", "correct", "correct_if"}, {"id", "text"})
            option_id = self.ident(obj["id"], f"{at}.id")
            if option_id in seen:
                raise fail(f"{at}.id", Text("duplicate option id {id!r}", id=option_id))
            seen.add(option_id)
            if "correct" in obj and "correct_if" in obj:
                raise fail(at, Text("needs at most one of {first} and {second}", first="correct", second="correct_if"))
            correct = (parse(obj["correct_if"], f"{at}.correct_if", after) if "correct_if" in obj
                       else as_bool(obj.get("correct", False), f"{at}.correct"))
            out.append(Option(option_id, self.words(obj["text"], f"{at}.text", spec, trained, selected), correct))
        if not any(o.correct is not False for o in out):
            raise fail(where, Text("no option can be right: give one \"correct\": true or a \"correct_if\""))
        return tuple(out)


__all__ = ["Lesson", "Step", "Setup", "Task", "Question", "Option", "Highlight", "Words", "LessonError", "load",
           "loads", "load_builtin", "builtin_path", "from_dict", "pick_language", "FORMAT", "VERSION"]
