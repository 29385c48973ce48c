"""Undoable edits: each command stores the complete spec before and after.

Whole-spec snapshots (a few KB even for big nets) make undo trivially correct for every kind of
edit, including ones that renumber layers and masks, instead of writing an inverse for each
operation. Applying a spec always resets training, so undo and redo also start a clean run.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand

from gradsim.engine.spec import RunSpec


class SpecEditCommand(QUndoCommand):
    """Switch between two valid specs; ``apply`` is the window's ``apply_spec``."""

    def __init__(self, apply: Callable[[RunSpec], None], before: RunSpec, after: RunSpec, text: str):
        super().__init__(text)
        self._apply = apply
        self.before = before.copy()
        self.after = after.copy()

    def redo(self):
        self._apply(self.after.copy())

    def undo(self):
        self._apply(self.before.copy())
