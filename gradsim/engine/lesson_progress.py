"""Where a learner is in a lesson: the current step, what is done, Back / Next / skip / restart.

A step is *passed* once its task's check has held and its question (if it has one) has been
answered correctly; both are remembered once they happen (a check that held stays passed when the
learner trains on and the numbers move). The question is judged only after the task is done: its
answer is about what the task shows. Next is offered only for a passed step; skip moves on without
passing it. Going to a step that is not passed starts it afresh (the window re-applies its setup);
a passed step stays passed.

:meth:`Progress.to_dict` is a small dict of step ids for the settings, and :meth:`Progress.from_dict`
takes back whatever it can of a stored one (unknown steps are dropped, anything malformed starts
afresh), so a teacher's reordering or a damaged settings file never stops a lesson from opening.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    """The current step as the side panel shows it."""

    task_done: bool
    answered: bool     # the question was answered correctly (True when the step has none)
    wrong: bool        # the learner's current answer is not right

    @property
    def passed(self) -> bool:
        return self.task_done and self.answered


class Progress:
    def __init__(self, lesson):
        self.lesson = lesson
        self.index = 0
        self.finished = False
        self.completed: set[str] = set()
        self.skipped: set[str] = set()
        self._task_done: set[str] = set()
        self._answered: set[str] = set()

    @property
    def step(self):
        return self.lesson.steps[self.index]

    # -- judging the current step ------------------------------------------------------------------
    def update(self, state) -> Status:
        """Judge the current step on ``state`` (a :class:`~gradsim.engine.lesson_checks.LessonState`)
        and remember what has happened; call it whenever the state changes."""
        step = self.step
        sid = step.id
        if sid not in self._task_done and step.task.check.holds(state):
            self._task_done.add(sid)
        q = step.question
        wrong = False
        if q is None:
            self._answered.add(sid)
        elif sid in self._task_done and sid not in self._answered and q.answered(state):
            if q.is_correct(state):
                self._answered.add(sid)
            else:
                wrong = True
        if sid in self._task_done and sid in self._answered:
            self.completed.add(sid)
            self.skipped.discard(sid)
        return self.status(wrong)

    def status(self, wrong: bool = False) -> Status:
        sid = self.step.id
        done = sid in self.completed
        return Status(done or sid in self._task_done, done or sid in self._answered, wrong)

    # -- moving ------------------------------------------------------------------------------------
    def can_next(self) -> bool:
        return self.step.id in self.completed

    def can_back(self) -> bool:
        return self.index > 0

    def next(self) -> bool:
        """To the next step (or, on the last, the end of the lesson) if this one is passed."""
        if not self.can_next():
            return False
        self._advance()
        return True

    def skip(self) -> None:
        """Move on without passing the current step."""
        if self.step.id not in self.completed:
            self.skipped.add(self.step.id)
        self._advance()

    def back(self) -> bool:
        if not self.can_back():
            return False
        self.go(self.index - 1)
        return True

    def go(self, target) -> None:
        """Open any step by index or id (the teacher view); it starts afresh unless passed."""
        index = self.lesson.index(target) if isinstance(target, str) else target
        if index is None or not 0 <= index < len(self.lesson.steps):
            raise ValueError(f"no step {target!r} in lesson {self.lesson.id!r}")
        self.index = index
        self.finished = False
        self._forget(self.step.id)

    def restart(self) -> None:
        self.__init__(self.lesson)

    def _advance(self) -> None:
        if self.index + 1 < len(self.lesson.steps):
            self.go(self.index + 1)
        else:
            self.finished = True

    def _forget(self, sid: str) -> None:
        if sid not in self.completed:
            self._task_done.discard(sid)
            self._answered.discard(sid)

    # -- settings ----------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        order = [s.id for s in self.lesson.steps]
        return {"lesson": self.lesson.id, "step": self.step.id, "finished": self.finished,
                "completed": [s for s in order if s in self.completed],
                "skipped": [s for s in order if s in self.skipped]}

    @classmethod
    def from_dict(cls, lesson, data) -> "Progress":
        """The progress stored in ``data`` as far as it fits ``lesson``; a fresh one otherwise."""
        progress = cls(lesson)
        if not isinstance(data, dict) or data.get("lesson") != lesson.id:
            return progress
        ids = {s.id for s in lesson.steps}

        def known(key) -> set[str]:
            value = data.get(key)
            return {s for s in value if isinstance(s, str) and s in ids} if isinstance(value, list) else set()

        progress.completed = known("completed")
        progress.skipped = known("skipped") - progress.completed
        step = data.get("step")
        index = lesson.index(step) if isinstance(step, str) else None
        progress.index = 0 if index is None else index
        progress.finished = data.get("finished") is True and index is not None
        return progress


__all__ = ["Progress", "Status"]
