"""Edits: what the user asked for (:class:`EditRequest`), and the undoable command that applies it.

Each command stores the complete spec before and after.

Whole-spec snapshots (a few KB even for big nets) make undo trivially correct for every kind of
edit, including ones that renumber layers and masks, instead of writing an inverse for each
operation. Applying a spec always resets training, so undo and redo also start a clean run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtGui import QUndoCommand

from gradsim.engine.spec import RunSpec


@dataclass(frozen=True)
class EditRequest:
    """An edit the user asked for: ``gradsim.engine.edits.<op>(spec, *args)``, named ``text``.

    Views never change the spec themselves: the canvas's glyphs and context menu and the control
    panel hand requests to the session, which validates them and pushes a :class:`SpecEditCommand`.
    """

    op: str
    args: tuple
    text: str


class SpecEditCommand(QUndoCommand):
    """Switch between two valid specs; ``apply`` is the session's ``apply_spec``."""

    def __init__(self, apply: Callable[[RunSpec], None], before: RunSpec, after: RunSpec, text: str):
        super().__init__(text)
        self._apply = apply
        self.before = before.copy()
        self.after = after.copy()

    def redo(self):
        self._apply(self.after.copy())

    def undo(self):
        self._apply(self.before.copy())
