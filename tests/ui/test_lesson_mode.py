"""The guided lesson in the window, driven by real clicks: Next waits for the task and the question,
Back / Skip / Restart move, progress survives in the settings (and garbage there is ignored), every
number the panel quotes is the state on screen, a malformed lesson file is one message."""

import json
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from gradsim.engine.lesson import builtin_path, load_builtin
from gradsim.engine.lesson_numbers import Quantity, number_text, render
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer
from gradsim.ui import palette, settings
from gradsim.ui.lesson import figures, walk
from gradsim.ui.lesson.marker import Marker
from gradsim.ui.lesson.mode import PROGRESS_KEY
from gradsim.ui.lesson.offer import offer

from .test_teaching import click_edge

LESSON = load_builtin()
INDEX = {s.id: n for n, s in enumerate(LESSON.steps)}


def open_lesson(qtbot, w):
    assert w.open_lesson()
    mode = w.lesson
    qtbot.waitUntil(lambda: mode.settled and mode.page is not None, timeout=15000)
    return mode


def click(qtbot, button):
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def settled(qtbot, mode, step_id):
    qtbot.waitUntil(lambda: mode.progress.step.id == step_id and mode.settled
                    and mode.page.index == INDEX[step_id], timeout=15000)


def right_and_wrong(mode):
    q = mode.progress.step.question
    state = mode.state()
    right = [o.id for o in q.options if q.is_correct(replace(state, answer=o.id))]
    return right[0], next(o.id for o in q.options if o.id not in right)


def click_factor(qtbot, chain, n: int) -> None:
    """A real click on the number of factor link ``n`` in the chain-rule panel."""
    href = f"factor:{n}"
    doc = chain.view.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.charFormat().anchorHref() == href:
                cursor = QTextCursor(doc)
                cursor.setPosition(frag.position() + frag.length() // 2)
                chain.view.setTextCursor(cursor)
                chain.view.ensureCursorVisible()
                rect = chain.view.cursorRect(cursor)
                qtbot.mouseClick(chain.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
                return
            it += 1
        block = block.next()
    raise AssertionError(f"no link {href} in the chain-rule panel")


def test_next_waits_for_the_task_and_the_question(qtbot, make_window):
    w = make_window(size=(1440, 900))
    mode = open_lesson(qtbot, w)
    panel = mode.panel
    assert mode.progress.step.id == "preparation"
    assert not panel.next_button.isEnabled() and not panel.back_button.isEnabled()
    # the question is judged only once the task is done, on what the task shows
    right, wrong = right_and_wrong(mode)
    qtbot.mouseClick(panel.option_buttons[wrong].parentWidget().label, Qt.MouseButton.LeftButton)  # its text
    qtbot.waitUntil(lambda: mode.page.verdict == "early", timeout=5000)
    assert not panel.next_button.isEnabled()
    click(qtbot, w.menus.toolbar.widgetForAction(w.menus.step))  # the task: press Step
    qtbot.waitUntil(lambda: mode.page.task_done, timeout=10000)
    assert right_and_wrong(mode) == (right, wrong)
    qtbot.waitUntil(lambda: mode.page.verdict == "wrong", timeout=5000)
    assert not panel.next_button.isEnabled()
    qtbot.mouseClick(panel.option_buttons[right], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.next_button.isEnabled(), timeout=5000)
    assert mode.page.verdict == "right" and mode.page.explain
    click(qtbot, panel.next_button)
    settled(qtbot, mode, "w5")
    assert not panel.next_button.isEnabled() and not mode.page.task_done
    assert w.session.highlight.edges == ((1, 0, 0),)   # the canvas points at w5
    # the task: click w5 on the canvas
    click_edge(qtbot, w.canvas, 1, 0, 0)
    qtbot.waitUntil(lambda: mode.page.task_done, timeout=5000)
    assert w.session.selection.weight == (1, 0, 0)
    assert not panel.next_button.isEnabled()  # the question is still open
    chain = mode.chain_panel
    qtbot.waitUntil(lambda: chain.derivation is not None and bool(chain.factor_links()), timeout=10000)
    links = chain.factor_links()
    wrong_n = next(n for n, node in enumerate(links) if abs(node.value) > 0.25)
    click_factor(qtbot, chain, wrong_n)
    qtbot.waitUntil(lambda: mode.page.verdict == "wrong", timeout=5000)
    assert not panel.next_button.isEnabled()
    right_n = next(n for n, node in enumerate(links) if node.kind == "fprime")
    click_factor(qtbot, chain, right_n)
    qtbot.waitUntil(lambda: panel.next_button.isEnabled(), timeout=5000)
    assert "∂out_o1/∂net_o1" in mode.page.clicked


def test_back_skip_restart_and_the_teachers_step_menu(qtbot, make_window):
    w = make_window()
    mode = open_lesson(qtbot, w)
    panel = mode.panel
    click(qtbot, panel.skip_button)
    settled(qtbot, mode, "w5")
    click(qtbot, panel.skip_button)
    settled(qtbot, mode, "w1")
    assert mode.progress.skipped == {"preparation", "w5"}
    click(qtbot, panel.back_button)
    settled(qtbot, mode, "w5")
    assert w.session.selection.weight is None and not mode.page.task_done  # the step starts afresh
    click(qtbot, panel.restart_button)
    settled(qtbot, mode, "preparation")
    assert mode.progress.skipped == set() and not panel.back_button.isEnabled()
    # the teacher opens any step directly
    action = panel.steps_menu.actions()[INDEX["clipping"]]
    action.trigger()
    settled(qtbot, mode, "clipping")
    assert w.session.spec.name == "deep-exploding" and w.docks.dock("controls").isVisible()
    markers = [m for m in w.findChildren(Marker) if m.isVisible()]
    assert [m.target for m in markers] == [w.panel.clip_mode.parentWidget()]
    # the last step: Skip ends the lesson, Back returns to it
    panel.steps_menu.actions()[-1].trigger()
    settled(qtbot, mode, LESSON.steps[-1].id)
    click(qtbot, panel.skip_button)
    qtbot.waitUntil(lambda: mode.page.finished, timeout=5000)
    assert not panel.skip_button.isEnabled() and not panel.next_button.isEnabled()
    click(qtbot, panel.back_button)
    settled(qtbot, mode, LESSON.steps[-1].id)


def test_progress_is_kept_in_the_settings(qtbot, make_window):
    w = make_window()
    mode = open_lesson(qtbot, w)
    click(qtbot, mode.panel.skip_button)
    settled(qtbot, mode, "w5")
    click(qtbot, mode.panel.skip_button)
    settled(qtbot, mode, "w1")
    w.close()
    w2 = make_window()
    mode2 = open_lesson(qtbot, w2)
    settled(qtbot, mode2, "w1")
    assert mode2.progress.skipped == {"preparation", "w5"}
    assert w2.session.spec.name == "seed-2-2-2" and w2.docks.is_shown("chain-rule")


@pytest.mark.parametrize("stored", ["{not json", "[1, 2, 3]", json.dumps({"lesson": "gradients", "step": "nope",
                                                                          "completed": "w5", "skipped": [7]}),
                                    json.dumps({"lesson": "other", "step": "w1"}), "9" * 5000])
def test_garbage_progress_in_the_settings_is_ignored(qtbot, make_window, stored):
    settings.put(PROGRESS_KEY.format(id=LESSON.id), stored)
    w = make_window()
    mode = open_lesson(qtbot, w)
    settled(qtbot, mode, "preparation")
    assert mode.progress.completed == set() and mode.progress.skipped == set()
    assert not mode.panel.next_button.isEnabled()


def test_numbers_are_the_state_on_screen_after_each_step(qtbot, make_window):
    w = make_window()
    mode = open_lesson(qtbot, w)
    tr = Trainer(load_preset("seed-2-2-2"))
    from gradsim.engine.chain_rule import Deriver

    for steps in (0, 1, 2):
        if steps:
            click(qtbot, w.menus.toolbar.widgetForAction(w.menus.step))
            tr.step()
        qtbot.waitUntil(lambda: mode.page.numbers_note.startswith(f"Numbers at step {steps},"), timeout=10000)
        total = number_text(Deriver(tr).loss)
        assert f"E_total = {total}." in mode.page.paragraphs[-1], (steps, mode.page.paragraphs[-1])
    assert f"After 2 step(s) E_total = {number_text(Deriver(tr).loss)}" in mode.page.done


def test_a_step_points_at_plots_and_factors(qtbot, make_window):
    w = make_window(size=(1440, 900))
    mode = open_lesson(qtbot, w)
    mode.go(INDEX["why"])
    settled(qtbot, mode, "why")
    assert w.plots.gain_plot.getViewBox().border.color().name() == palette.MARK_BORDER.lower()
    assert w.plots.norm_plot.getViewBox().border.style() == Qt.PenStyle.NoPen
    mode.go(INDEX["w1"])
    settled(qtbot, mode, "w1")
    assert w.plots.gain_plot.getViewBox().border.style() == Qt.PenStyle.NoPen  # the previous step's mark is gone
    click_edge(qtbot, w.canvas, 0, 0, 0)
    chain = mode.chain_panel
    qtbot.waitUntil(lambda: chain.derivation is not None and chain.derivation.weight == "w1", timeout=10000)
    # ∂E/∂out_h1, the sum of the two paths, is marked: its two terms
    assert chain._html.count(palette.MARK_BG) == 2


def test_the_through_time_step_shows_the_view_and_quotes_the_run(qtbot, make_window):
    w = make_window(size=(1440, 900))
    mode = open_lesson(qtbot, w)
    mode.go(INDEX["through-time"])
    settled(qtbot, mode, "through-time")
    assert w.session.preset == "rnn-vanishing" and "through_time" in mode.visible_views()
    assert w.docks.is_shown("through-time")
    qtbot.waitUntil(lambda: mode.page.numbers_note.startswith("Numbers at step 20,"), timeout=15000)
    g = w.session.history.column("time_grad_norm")[-1]
    reach = render("{time_reach}", {"time_reach": Quantity(float(g[0] / g[-1]), "ratio")})
    assert f"‖∂L/∂h_1‖ / ‖∂L/∂h_30‖ = {reach}:" in mode.page.paragraphs[-1], mode.page.paragraphs[-1]
    # an option's quotes and apostrophes are shown as typed, not as HTML entities
    labels = {o: b.parentWidget().label for o, b in mode.panel.option_buttons.items()}
    assert labels["tanh"].text() == "The LSTM's tanh′ is larger than the plain RNN's"
    assert labels["tanh"].textFormat() == Qt.TextFormat.PlainText and '"+1"' in labels["additive"].text()


def test_a_malformed_lesson_file_is_one_message_and_the_app_keeps_working(qtbot, make_window, tmp_path,
                                                                         _isolated_desktop, monkeypatch):
    doc = json.loads(builtin_path().read_text(encoding="utf-8"))
    doc["steps"][2]["task"]["check"] = {"selected": "w9"}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    w = make_window()
    assert not w.open_lesson(str(bad))
    assert len(_isolated_desktop) == 1
    title, text = _isolated_desktop[0]
    assert text.startswith("steps[2] (w1).task.check.selected: unknown weight 'w9' on preset seed-2-2-2")
    assert "steps[2] (w1).task.check.selected" in w.session.status_message
    assert w.lesson is None
    # the app keeps working, and the built-in lesson still opens
    click(qtbot, w.menus.toolbar.widgetForAction(w.menus.step))
    qtbot.waitUntil(lambda: w.session.last_snapshot.step == 1, timeout=10000)
    mode = open_lesson(qtbot, w)
    # the teacher's "Open a lesson file…" with the bad file: one more message, the lesson stays
    from gradsim.ui.lesson import mode as mode_module

    monkeypatch.setattr(mode_module, "get_lesson_path", lambda parent: str(bad))
    mode.panel.open_file_action.trigger()
    assert len(_isolated_desktop) == 2 and "steps[2] (w1).task.check.selected" in _isolated_desktop[1][1]
    assert not w.open_lesson(str(tmp_path / "missing.json"))
    assert w.lesson is mode and mode.active and mode.lesson is not None and len(_isolated_desktop) == 3
    assert "missing.json: no such file" in _isolated_desktop[2][1]


def test_help_menu_and_the_first_start_offer(qtbot, make_window):
    w = make_window()
    assert w.menus.lesson in w.menus.help.actions()
    bar = offer(w, w.open_lesson)
    assert bar is not None and bar.isVisible()
    w2 = make_window()
    assert offer(w2, w2.open_lesson) is None  # remembered: offered once
    click(qtbot, bar.start)
    qtbot.waitUntil(lambda: w.lesson is not None and w.lesson.dock.isVisible(), timeout=10000)
    assert not bar.isVisible()


def test_teacher_exports_the_figures_of_every_step(qtbot, make_window, tmp_path, monkeypatch):
    w = make_window()
    mode = open_lesson(qtbot, w)
    mode.go(INDEX["w1"])
    settled(qtbot, mode, "w1")
    monkeypatch.setattr(figures, "get_folder", lambda parent: str(tmp_path / "slides"))
    mode.panel.export_action.trigger()
    names = sorted(p.name for p in (tmp_path / "slides").iterdir())
    for n, step in enumerate(LESSON.steps):
        assert f"{n + 1:02d}-{step.id}-canvas.png" in names
    assert "05-vanishing-plots.png" in names and "02-w5-chain-rule.png" in names
    assert all((tmp_path / "slides" / name).stat().st_size > 1000 for name in names)
    settled(qtbot, mode, "w1")  # back where the teacher was


def test_the_self_test_walk_fails_when_a_task_is_not_done(qtbot, make_window, monkeypatch):
    """The walk behind ``--selftest --lesson`` really checks: a learner who does nothing fails."""
    w = make_window()
    mode = open_lesson(qtbot, w)
    monkeypatch.setattr(walk, "perform", lambda *a: None)
    with pytest.raises(walk.WalkError, match="check does not hold"):
        walk.walk_step(mode, INDEX["w5"])


def test_selftest_lesson_walks_every_step_of_both_languages(qapp):
    from gradsim.ui.app import lesson_window

    ok, line = walk.run(qapp, lesson_window)
    assert ok, line
    n = len(LESSON.steps)
    assert line.startswith(f"lesson: {2 * n} steps ok (en {n}, zh {n})")


def test_the_lesson_goes_on_in_another_language(qtbot, make_window):
    from PySide6.QtWidgets import QApplication

    from gradsim.ui import app, i18n

    w = make_window()
    mode = open_lesson(qtbot, w)
    mode.go(INDEX["w1"])
    settled(qtbot, mode, "w1")
    zh = app.switch_language(w, "zh_CN")
    try:
        qtbot.addWidget(zh)
        assert zh.lesson is not None and zh.lesson.active and zh.lesson.language == "zh"
        settled(qtbot, zh.lesson, "w1")
        assert zh.lesson.page.title == LESSON.steps[INDEX["w1"]].title("zh")
        assert zh.lesson.panel.next_button.text() == "下一步"
        zh.document.interactive = False
        zh.close()
    finally:
        i18n.install(QApplication.instance(), "en")
