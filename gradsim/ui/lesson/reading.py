"""The live numbers a lesson step quotes, read from the state on screen.

A step's texts and conditions name placeholders (:attr:`Step.numbers
<gradsim.engine.lesson.Step.numbers>`). *Run* numbers come from the session's own record -- its
history, the latest snapshot's step, overflow, events and diagnosis context -- exactly what the
plots and the status bar show. *Network* numbers need one forward and backward pass of the current
weights: the weights are asked from the training thread (:meth:`Session.current_state`, a copy taken
between two steps) and the pass is made here on a trainer of our own, which never trains.

A reading belongs to one state: it is taken only while training is stopped, when the weights the
thread hands over are those of the snapshot on screen, and it records that step. While training
runs the panel keeps the last reading and says at which step it was taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gradsim.engine.lesson_numbers import RunView, network_numbers, run_numbers, split
from gradsim.engine.trainer import Trainer


@dataclass(frozen=True)
class Reading:
    """The numbers of one state: ``key`` says which (network generation, step, selected weight)."""

    key: tuple
    step: int
    numbers: dict = field(default_factory=dict)


def state_key(session) -> tuple | None:
    """What identifies the state on screen, or None while there is none to read (no snapshot yet,
    or training is running)."""
    frame, snap = session.last_frame, session.last_snapshot
    if snap is None or session.playing or frame.playing:
        return None
    return (frame.generation, int(snap.step), session.selection.weight)


def read(session, names) -> Reading | None:
    """The placeholders ``names`` resolved for the state on screen (None while training runs)."""
    key = state_key(session)
    if key is None:
        return None
    snap = session.last_snapshot
    run_names, network_names = split(names)
    view = RunView(session.spec, int(snap.step), session.history, snap.nonfinite, list(snap.events), snap.context)
    numbers = run_numbers(run_names, view)
    if network_names:
        trainer = _trainer(session, int(snap.step))
        if trainer is None:  # the thread has moved on: the next frame brings its state
            return None
        numbers.update(network_numbers(trainer, network_names, session.selection.weight))
    return Reading(key, int(snap.step), numbers)


def _trainer(session, step: int) -> Trainer | None:
    """A trainer holding the training thread's weights at ``step`` (for one pass; it is never
    trained), or None when the thread's weights are no longer those of that step."""
    params, at, _resume = session.current_state()
    if int(at) != step or params is None:
        return None
    spec = session.spec.copy()
    spec.parameters = params
    trainer = Trainer(spec)
    trainer.step_count = step
    return trainer
