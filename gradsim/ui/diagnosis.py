"""The status bar's one-line verdict: the engine's diagnosis, in the UI language.

What the measurements mean is decided once, in :mod:`gradsim.engine.diagnosis` (the CLI's
``diagnosis`` and the chain-rule panel's verdict come from the same place); this module only hands
it the session's history and the latest snapshot's facts, and translates the answer (the status
bar colours it by level, :data:`gradsim.ui.palette.LEVELS`).
"""

from __future__ import annotations

from gradsim.engine.diagnosis import Diagnosis
from gradsim.engine.diagnosis import diagnose as engine_diagnose

from .engine_text import translated
from .i18n import tr

def idle() -> Diagnosis:
    return Diagnosis("idle", tr("Ready: press Play (Space) or Step to train"))


def diagnose(history, snap) -> Diagnosis:
    """The verdict on the run the window shows: ``history`` (any History-like object; only its
    last rows are read) and the latest snapshot (its non-finite event, run events and context)."""
    nonfinite = getattr(snap, "nonfinite", None)
    if not nonfinite and len(history) == 0:
        return idle()
    d = engine_diagnose(history, getattr(snap, "context", None), nonfinite, getattr(snap, "events", ()))
    return Diagnosis(d.level, translated(d.text))


__all__ = ["Diagnosis", "diagnose", "idle"]
