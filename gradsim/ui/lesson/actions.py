"""What a learner does, done through the session: the :class:`~gradsim.engine.lesson_checks.Action`
a step's check plans (:meth:`Condition.plan`), carried out the way the window's own controls do
it -- an edit through the session (validated, undoable, restarting the run), a weight selected in
the session's selection, steps trained by the training thread.

``gradsim --selftest --lesson`` and the tests use it to do each step's task without being told
twice what the task is.
"""

from __future__ import annotations

from gradsim.engine.initializers import Init
from gradsim.engine.lesson_walk import STOP_CAP

from ..commands import EditRequest
from ..i18n import tr


def perform(mode, action) -> None:
    """Carry out ``action`` through lesson mode ``mode``'s session and document."""
    session = mode.session
    kind, args = action.kind, action.args
    if kind == "load_preset":
        mode.document.new_from_preset(args[0], ask=False)
    elif kind == "set_activation":
        layer, name = args
        session.request_edit(EditRequest("set_activation", (layer, name),
                                         tr("{}: activation {}").format(f"H{layer}", name)))
    elif kind == "set_batch_norm":
        layer, on = args
        text = tr("{}: batch norm on") if on else tr("{}: batch norm off")
        session.request_edit(EditRequest("set_batch_norm", (layer, bool(on)), text.format(f"H{layer}")))
    elif kind == "set_residual":
        layer, source = args
        session.request_edit(EditRequest("set_residual", (layer, source), tr("H{}: residual from {}").format(
            layer, "—" if source is None else tr("inputs") if source == 0 else f"H{source}")))
    elif kind == "set_clipping":
        new = session.spec.copy()
        new.train.clip_mode = args[0]
        session.try_edit(new, tr("Clipping {}").format(args[0]))
    elif kind == "set_init":
        new = session.spec.copy()
        new.weight_init, new.parameters = Init(args[0]), None
        session.try_edit(new, tr("Initialiser {}").format(args[0]))
    elif kind == "set_lr":
        session.set_lr(float(args[0]))
    elif kind == "show_view":
        mode.show_view(args[0])
    elif kind == "select":
        session.selection.select_weight(*session.spec.parse_weight(args[0]))
    elif kind == "train_to":
        frame = session.last_frame
        current = frame is not None and frame.generation == session.controller.generation
        missing = args[0] - (int(frame.snapshot.step) if current else 0)  # an edit has just restarted the run
        if missing > 0:
            session.controller.step(missing)
    elif kind == "train_until_stopped":
        session.controller.step(STOP_CAP)  # the thread stops stepping at the overflow
    else:
        raise ValueError(f"unknown action {kind!r}")
