"""``gradsim --selftest --lesson``: every step of the guided lesson, in every language, in the real window.

For each language of the lesson a main window is opened in it (offscreen or on a display) with the
lesson open -- start-up opens it; this module is handed only the lesson mode -- and every step is
walked as a learner would: the step is entered (its setup applied), Next must be refused, the
task's check must not hold yet; the actions the check plans are carried out as the window's
controls do them (:mod:`.actions`); the check must then hold on the state the window reports; the
question is answered -- a choice by picking the option that is right on the live numbers, a factor
question by clicking the right factor's number in the chain-rule panel -- and Next must be offered,
and is clicked. Every number the step quotes must have a value on screen.

Prints one line, ``lesson: N steps ok (en 10, zh 10)`` with N the steps of all languages, or the
first failure; returns the exit status.
"""

from __future__ import annotations

import time
from dataclasses import replace

from gradsim.engine.lesson import load_builtin
from gradsim.engine.lesson_checks import Factor, FactorClick

from .actions import perform

TIMEOUT_S = 60.0


class WalkError(Exception):
    pass


def pump(until, limit: float = TIMEOUT_S) -> bool:
    """Run the event loop until ``until()`` or ``limit`` seconds."""
    from PySide6.QtCore import QEventLoop, QTimer

    end = time.perf_counter() + limit
    while not until() and time.perf_counter() < end:
        loop = QEventLoop()
        QTimer.singleShot(10, loop.quit)
        loop.exec()
    return bool(until())


def ui_language(lesson_language: str) -> str:
    """The UI language that shows lesson language ``lesson_language`` (``zh`` → ``zh_CN``)."""
    from .. import i18n

    return next((code for code in i18n.LANGUAGES if code.split("_")[0] == lesson_language), "en")


def settle(mode) -> None:
    """Wait until the state on screen is the one the learner's last action made: the run's latest
    network shown, training stopped."""
    session = mode.session

    def quiet():
        frame = session.last_frame
        return (frame is not None and frame.generation == session.controller.generation and not frame.playing
                and not session.playing and mode._settled())
    if not pump(quiet):
        raise WalkError("the window did not settle")
    mode.refresh()


def walk_step(mode, index: int) -> None:
    """Walk step ``index`` (see the module); raises :class:`WalkError` naming what went wrong."""
    step = mode.lesson.steps[index]
    mode.go(index)
    settle(mode)
    panel = mode.panel
    if panel.next_button.isEnabled():
        raise WalkError("Next is offered before the task is done")
    if step.task.check.holds(mode.state()):
        raise WalkError("the task's check holds at the setup")
    for _ in range(4):  # an edit may reveal more to do
        state = mode.state()
        if step.task.check.holds(state):
            break
        actions = step.task.check.plan(state)
        if not actions:
            break
        for action in actions:
            perform(mode, action)
        settle(mode)
        # the run may need one more turn to arrive at the step trained to
        pump(lambda: step.task.check.holds(mode.state()), 5)
    if not step.task.check.holds(mode.state()):
        raise WalkError(f"the task's check does not hold after {[a.kind for a in step.task.check.plan(mode.state())]}")
    answer(mode, step)
    if not pump(lambda: (mode.refresh(), panel.next_button.isEnabled())[1], 10):
        raise WalkError(f"Next is not offered once the task is done and answered ({mode.page.verdict or 'unanswered'})")
    numbers = mode.state().numbers
    blank = sorted(name for words in step.texts() for name in words.names if numbers.get(name) is None)
    if blank:
        raise WalkError(f"the panel has no value for {{{blank[0]}}}")
    panel.next_button.click()


def answer(mode, step) -> None:
    """Answer the step's question right, as a learner would."""
    q = step.question
    if q is None:
        return
    state = mode.state()
    if q.kind == "choice":
        right = [o.id for o in q.options if q.is_correct(replace(state, answer=o.id))]
        if not right:
            raise WalkError("no option of the question is right on the numbers shown")
        mode.panel.option_buttons[right[0]].click()
        return
    cond, session = q.correct_if, mode.session
    if isinstance(cond, Factor) and cond.weight_name is not None:
        perform(mode, _select(cond.weight_name))
    elif isinstance(cond, Factor) and cond.layer is not None and (
            session.selection.weight is None or session.selection.weight[0] + 1 != cond.layer):
        perform(mode, _select(session.spec.weight_label(cond.layer - 1, 0, 0)))
    mode.show_view("chain_rule")
    chain = mode.chain_panel
    weight = session.selection.weight
    snap = session.last_snapshot
    if not pump(lambda: chain.derivation is not None and (chain.derivation.k, chain.derivation.j, chain.derivation.i)
                == weight and chain.step == snap.step and chain.factor_links()):
        raise WalkError("the chain-rule panel did not show the selected weight's derivation")
    from PySide6.QtCore import QUrl

    d = chain.derivation
    for n, node in enumerate(chain.factor_links()):
        click = FactorClick(node.name, node.kind, float(node.value), d.weight, d.k + 1, node.op == "leaf")
        if q.is_correct(replace(mode.state(), factor=click)):
            chain.view.anchorClicked.emit(QUrl(f"factor:{n}"))  # as a click on that number does
            return
    raise WalkError("no factor shown in the chain-rule panel is right")


def _select(name: str):
    from gradsim.engine.lesson_checks import Action

    return Action("select", (name,))


def run(app, open_lesson, size=(1440, 900)) -> tuple[bool, str]:
    """Walk the built-in lesson in every language, each in a window ``open_lesson(size)`` opens in the
    language installed, dialogs off, shown at ``size``, the lesson open (start-up hands it over:
    :func:`gradsim.ui.app.lesson_window`): it returns (the lesson mode, "") or (None, why the lesson
    did not open). (ok, the line to print)."""
    from .. import i18n

    t0 = time.perf_counter()
    lesson = load_builtin()
    counts = []
    shown = i18n.current
    try:
        for language in lesson.languages:
            ok, line = _walk_language(app, open_lesson, lesson, language, size)
            if not ok:
                return False, line
            counts.append((language, len(lesson.steps)))
    finally:
        i18n.install(app, shown)
    total = sum(n for _l, n in counts)
    parts = ", ".join(f"{lang} {n}" for lang, n in counts)
    return True, f"lesson: {total} steps ok ({parts}), {app.platformName()} platform, {time.perf_counter() - t0:.1f} s"


def _walk_language(app, open_lesson, lesson, language: str, size) -> tuple[bool, str]:
    """Every step in a window opened in the UI language that shows lesson language ``language``."""
    from .. import i18n

    i18n.install(app, ui_language(language))
    mode, error = open_lesson(size)
    if mode is None:
        return False, f"lesson: FAILED: the lesson did not open ({error})"
    try:
        mode.restart()  # what another language's walk passed stays passed: start afresh
        if mode.language != language:
            return False, f"lesson: FAILED: a {i18n.current} window shows the lesson in {mode.language}"
        for n, step in enumerate(lesson.steps):
            try:
                walk_step(mode, n)
            except WalkError as exc:
                return False, f"lesson: FAILED: {language}, step {n + 1} ({step.id}): {exc}"
        if not pump(lambda: mode.progress.finished, 5):
            return False, f"lesson: FAILED: {language}: the lesson did not finish after the last step"
    finally:
        mode.main.close()
    return True, ""
