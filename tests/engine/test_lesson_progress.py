"""Back, Next, skip and restart; progress kept as a small dict and taken back from anything."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from gradsim.engine.lesson import load_builtin
from gradsim.engine.lesson_checks import FactorClick, LessonState
from gradsim.engine.lesson_numbers import Quantity
from gradsim.engine.lesson_progress import Progress
from gradsim.engine.presets import load_preset

LESSON = load_builtin()
SEED = load_preset("seed-2-2-2")


def test_next_only_once_the_task_and_the_question_are_done():
    p = Progress(LESSON)
    assert p.step.id == "preparation" and not p.can_next() and not p.next() and not p.can_back()
    fresh = LessonState(SEED, "seed-2-2-2")
    assert not p.update(fresh).task_done
    stepped = LessonState(SEED, "seed-2-2-2", step=1)
    status = p.update(stepped)
    assert status.task_done and not status.answered and not p.can_next()  # the question is still open
    numbers = {"E_o1": Quantity(0.27), "E_o2": Quantity(0.02)}
    wrong = p.update(LessonState(SEED, "seed-2-2-2", step=1, answer="o2", numbers=numbers))
    assert wrong.wrong and not p.can_next()
    right = p.update(LessonState(SEED, "seed-2-2-2", step=1, answer="o1", numbers=numbers))
    assert right.passed and not right.wrong and p.can_next()
    # once passed, it stays passed however the numbers move
    assert p.update(LessonState(SEED, "seed-2-2-2", step=0)).passed
    assert p.next() and p.step.id == "w5" and p.can_back()


def test_a_question_is_judged_only_after_the_task():
    p = Progress(LESSON)
    p.go("w5")
    sigma = FactorClick("∂out_o1/∂net_o1", "fprime", 0.1868, "w5", 2)
    early = p.update(LessonState(SEED, "seed-2-2-2", factor=sigma))  # w5 not selected yet
    assert not early.task_done and not early.answered and not early.wrong
    done = p.update(LessonState(SEED, "seed-2-2-2", selected=(1, 0, 0), factor=sigma))
    assert done.passed


def test_skip_back_go_and_restart():
    p = Progress(LESSON)
    p.skip()
    assert p.step.id == "w5" and p.skipped == {"preparation"} and p.completed == set()
    p.update(LessonState(SEED, "seed-2-2-2", selected=(1, 0, 0)))  # task done, question open
    assert p.status().task_done
    assert p.back() and p.step.id == "preparation"
    p.go(1)
    assert not p.status().task_done  # a step that was not passed starts afresh
    p.go("through-time")
    assert p.step.id == "through-time"
    p.skip()
    assert p.finished and p.step.id == "through-time"  # skipping the last step ends the lesson
    assert p.back() and not p.finished and p.step.id == LESSON.steps[-2].id
    p.restart()
    assert (p.index, p.finished, p.completed, p.skipped) == (0, False, set(), set())


def test_passing_a_skipped_step_unskips_it_and_the_end_comes_after_the_last():
    p = Progress(LESSON)
    p.go("w1")
    p.skip()
    p.go("w1")
    numbers = {"path_o1_h1": Quantity(0.055), "path_o2_h1": Quantity(-0.019)}
    assert p.update(LessonState(SEED, "seed-2-2-2", selected=(0, 0, 0), answer="via-o1", numbers=numbers)).passed
    assert "w1" in p.completed and "w1" not in p.skipped
    p.go(len(LESSON.steps) - 1)
    p.completed.add(p.step.id)
    assert p.next() and p.finished


def test_progress_is_a_small_dict_for_the_settings():
    p = Progress(LESSON)
    p.skip()
    p.completed.add("w5")
    p.go("why")
    d = p.to_dict()
    assert d == {"lesson": "gradients", "step": "why", "finished": False, "completed": ["w5"],
                 "skipped": ["preparation"]}
    assert json.loads(json.dumps(d)) == d
    back = Progress.from_dict(LESSON, d)
    assert back.to_dict() == d and back.can_next() is False
    # a teacher's edit removed a step, and the settings hold it: dropped, the rest kept
    d2 = dict(d, completed=["w5", "gone"], step="gone")
    back = Progress.from_dict(LESSON, d2)
    assert back.completed == {"w5"} and back.index == 0
    assert Progress.from_dict(LESSON, dict(d, lesson="another")).to_dict()["step"] == "preparation"


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), st.integers(), st.text(), st.lists(st.text()),
                 st.dictionaries(st.sampled_from(["lesson", "step", "finished", "completed", "skipped", "x"]),
                                 st.one_of(st.none(), st.booleans(), st.integers(), st.text(),
                                           st.lists(st.one_of(st.text(), st.integers(),
                                                              st.sampled_from([s.id for s in LESSON.steps])))))))
def test_any_stored_value_gives_a_usable_progress(data):
    if isinstance(data, dict) and "lesson" in data and data["lesson"] is None:
        data["lesson"] = "gradients"
    p = Progress.from_dict(LESSON, data)
    assert 0 <= p.index < len(LESSON.steps)
    assert p.completed <= {s.id for s in LESSON.steps} and not (p.completed & p.skipped)
    assert Progress.from_dict(LESSON, p.to_dict()).to_dict() == p.to_dict()
