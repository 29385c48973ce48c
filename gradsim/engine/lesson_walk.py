"""A lesson walked without a window: every step set up, its task done, its question answered.

:class:`HeadlessSession` does for a lesson what a window showing it has to do — load the step's
preset, train its setup steps, select its weight, show its views, carry out a learner's
:class:`Action` (an edit restarts the run, as it does in the window) and fill a
:class:`LessonState` — on a plain :class:`~gradsim.engine.trainer.Trainer`. :func:`walk_step` uses
it to check that a step teaches something true:

* at the setup, every placeholder of the texts shown then has a value, the step's claims hold and
  its check does **not** hold yet (a check that is already true teaches nothing);
* the actions the check plans (:meth:`Condition.plan`) make it hold, and then the task's claims
  hold and the texts shown after it have every value;
* the question has a right answer and a wrong one in that state, on its live numbers: for a choice,
  the options are judged; for a factor question, every factor of the selected weight's chain is
  clicked in turn;
* :class:`~gradsim.engine.lesson_progress.Progress` refuses Next before and offers it after.

A self test of the window can perform the same actions through the real widgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from . import edits
from .chain_rule import Deriver
from .diagnosis import diagnose
from .initializers import Init
from .lesson_checks import Action, Factor, FactorClick, LessonState
from .lesson_numbers import placeholders, render, resolve
from .lesson_progress import Progress
from .presets import load_preset
from .trainer import Trainer

STOP_CAP = 1000  # train_until_stopped gives up after this many steps


class HeadlessSession:
    """One lesson session on a trainer; ``seed`` replaces the presets' seed (tests walk many)."""

    def __init__(self, seed: int | None = None):
        self.seed = seed
        self.preset = ""
        self.trainer: Trainer | None = None
        self.selected: tuple[int, int, int] | None = None
        self.views: set[str] = set()

    @property
    def spec(self):
        return self.trainer.spec

    def _start(self, spec) -> None:
        self.trainer = Trainer(spec)
        if self.selected is not None:  # the selection stays while that weight exists
            k, j, i = self.selected
            sizes = spec.topology.sizes
            if not (k < spec.topology.depth and j < sizes[k + 1] and i < sizes[k]):
                self.selected = None

    def _preset(self, name: str):
        spec = load_preset(name)
        if self.seed is not None:
            spec.train.seed = self.seed
        self.preset = name
        return spec

    def enter(self, step) -> None:
        """Apply ``step``'s setup to a fresh run."""
        setup = step.setup
        self.selected = None
        self._start(self._preset(setup.preset))
        self.trainer.run(setup.train)
        self.selected = None if setup.select is None else self.spec.parse_weight(setup.select)
        self.views = set(setup.views)

    def perform(self, action: Action) -> None:
        kind, args = action.kind, action.args
        spec = self.spec
        if kind == "load_preset":
            self._start(self._preset(args[0]))
        elif kind == "set_activation":
            self._start(edits.set_activation(spec, *args))
        elif kind == "set_batch_norm":
            self._start(edits.set_batch_norm(spec, *args))
        elif kind == "set_residual":
            self._start(edits.set_residual(spec, *args))
        elif kind == "set_clipping":
            new = spec.copy()
            new.train = replace(new.train, clip_mode=args[0])
            self._start(new.validate())
        elif kind == "set_init":
            new = spec.copy()
            new.weight_init, new.parameters, new.weight_names = Init(args[0]), None, None
            self._start(new.validate())
        elif kind == "set_lr":
            self.trainer.lr = args[0]
        elif kind == "show_view":
            self.views.add(args[0])
        elif kind == "select":
            self.selected = spec.parse_weight(args[0])
        elif kind == "train_to":
            self.trainer.run(max(0, args[0] - self.trainer.step_count))
        elif kind == "train_until_stopped":
            self.trainer.run(STOP_CAP)
        else:
            raise ValueError(f"unknown action {kind!r}")

    def state(self, step, factor: FactorClick | None = None, answer: str | None = None) -> LessonState:
        tr = self.trainer
        level = diagnose(tr.history, tr.diagnosis_context, tr.nonfinite, tr.events).level
        return LessonState(spec=tr.spec, preset=self.preset, step=tr.step_count, nonfinite=tr.stopped,
                           diagnosis=level, selected=self.selected, views=frozenset(self.views), factor=factor,
                           answer=answer, numbers=resolve(step.numbers, tr, self.selected))

    def factors(self) -> list[FactorClick]:
        """Every factor of the selected weight's chain as a click would report it."""
        if self.selected is None:
            return []
        d = Deriver(self.trainer).derive(*self.selected)
        layer = self.selected[0] + 1
        return [FactorClick(n.name, n.kind, n.value, d.weight, layer, n.op == "leaf") for n in d.sample_tree.walk()]


@dataclass
class StepRun:
    """What walking one step did and found; ``problems`` is empty when the step is sound."""

    step: str
    seed: int | None
    actions: list[Action] = field(default_factory=list)
    answer: object = None                   # the option id or FactorClick that was accepted
    texts: dict = field(default_factory=dict)  # language → the step's texts, rendered after the task
    problems: list[str] = field(default_factory=list)


def _shown(step, after: bool):
    """(label, Words) of the texts on screen at the setup (``after`` False) or once the task is done."""
    out = [("text", step.text), ("task.text", step.task.text)]
    q = step.question
    if q is not None:
        out += [("question.text", q.text)] + [(f"question.options[{o.id}]", o.text) for o in q.options]
    if after:
        out += [("task.done", step.task.done)] if step.task.done else []
        out += [("question.explain", q.explain)] if q is not None and q.explain else []
    return out


def _undefined(words, state: LessonState, languages) -> list[str]:
    names = {n for lang in languages for p in words.paragraphs.get(lang, ()) for n in placeholders(p)}
    return sorted(n for n in names if state.numbers.get(n) is None)


def walk_step(lesson, step, seed: int | None = None, languages=None) -> StepRun:
    """Set ``step`` up, do its task and answer its question headlessly; see the module."""
    languages = languages or lesson.languages
    run = StepRun(step.id, seed)
    session = HeadlessSession(seed)
    session.enter(step)
    state = session.state(step)
    progress = Progress(lesson)
    progress.go(step.id)

    for label, words in _shown(step, after=False):
        missing = _undefined(words, state, languages)
        if missing:
            run.problems.append(f"{label}: no value at the setup for {missing}")
    for n, claim in enumerate(step.claims):
        if not claim.holds(state):
            run.problems.append(f"claims[{n}] is false at the setup")
    if step.task.check.holds(state):
        run.problems.append("task.check already holds at the setup: the task teaches nothing")
    if progress.update(state).passed:
        run.problems.append("Next is offered before the task is done")

    for _ in range(4):  # an edit may reveal more to do (a fresh run to train)
        if step.task.check.holds(state):
            break
        actions = step.task.check.plan(state)
        if not actions:
            break
        for action in actions:
            session.perform(action)
            run.actions.append(action)
        state = session.state(step)
    if not step.task.check.holds(state):
        run.problems.append(f"task.check does not hold after {run.actions}")
        return run
    for n, claim in enumerate(step.task.claims):
        if not claim.holds(state):
            run.problems.append(f"task.claims[{n}] is false once the task is done")

    answered = _answer(step, session, state, run)
    state = session.state(step, **answered)
    for label, words in _shown(step, after=True):
        missing = _undefined(words, state, languages)
        if missing:
            run.problems.append(f"{label}: no value once the task is done for {missing}")
    status = progress.update(state)
    if not status.passed or not progress.can_next():
        run.problems.append(f"Next is not offered once the task is done and answered ({status})")
    run.texts = {lang: {label: render(words(lang), state.numbers) for label, words in _shown(step, after=True)}
                 for lang in languages}
    return run


def _answer(step, session: HeadlessSession, state: LessonState, run: StepRun) -> dict:
    """The state fields of a right answer to ``step``'s question (after checking a wrong one is
    refused), or {} when it has none."""
    q = step.question
    if q is None:
        return {}
    if q.kind == "choice":
        right = [o.id for o in q.options if q.is_correct(replace(state, answer=o.id))]
        if not right:
            run.problems.append("question: no option is right once the task is done")
        if len(right) == len(q.options):
            run.problems.append("question: every option is right: the question teaches nothing")
        run.answer = right[0] if right else None
        return {"answer": run.answer}
    cond = q.correct_if
    if isinstance(cond, Factor) and cond.weight_name is not None:
        session.perform(Action("select", (cond.weight_name,)))
    elif isinstance(cond, Factor) and cond.layer is not None and (
            session.selected is None or session.selected[0] + 1 != cond.layer):
        session.perform(Action("select", (session.spec.weight_label(cond.layer - 1, 0, 0),)))
    clicks = session.factors()
    right = [f for f in clicks if q.is_correct(replace(state, factor=f, selected=session.selected))]
    if not right:
        chain = session.spec.weight_label(*session.selected) + "'s chain" if session.selected else "any chain"
        run.problems.append(f"question: no factor of {chain} is right")
    if len(right) == len(clicks):
        run.problems.append("question: every factor is right: the question teaches nothing")
    run.answer = right[0] if right else None
    return {"factor": run.answer}


def walk(lesson, seeds=(None,), languages=None) -> list[StepRun]:
    """:func:`walk_step` for every step on every seed (None: the presets' own)."""
    return [walk_step(lesson, step, seed, languages) for seed in seeds for step in lesson.steps]


def main(argv=None) -> int:
    """``python -m gradsim.engine.lesson_walk [LESSON.json] [--seeds N]``: check a lesson file and walk
    every step on seeds 0..N−1 (default 10), without a window; one line per problem, then a summary."""
    import argparse

    from .lesson import LessonError, builtin_path, load
    from .text import reason

    parser = argparse.ArgumentParser(prog="python -m gradsim.engine.lesson_walk",
                                     description="Check a gradsim lesson and walk every step headlessly.")
    parser.add_argument("lesson", nargs="?", default=None, help="a lesson file (default: the built-in lesson)")
    parser.add_argument("--seeds", type=int, default=10, choices=range(1, 101), metavar="N",
                        help="walk every step on seeds 0..N-1 (1..100, default 10)")
    args = parser.parse_args(argv)
    path = args.lesson or builtin_path()
    try:
        lesson = load(path)
    except LessonError as exc:
        print(f"lesson: {reason(exc)}")
        return 1
    runs = walk(lesson, seeds=range(args.seeds))
    bad = [r for r in runs if r.problems]
    for r in bad:
        for p in r.problems:
            print(f"lesson: step {r.step!r}, seed {r.seed}: {p}")
    n = len(lesson.steps)
    if bad:
        print(f"lesson: {len({r.step for r in bad})} of {n} steps have problems")
        return 1
    print(f"lesson: {n} steps ok on seeds 0–{args.seeds - 1} ({', '.join(lesson.languages)})")
    return 0


__all__ = ["HeadlessSession", "StepRun", "walk", "walk_step", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
