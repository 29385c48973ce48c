"""Every step of the lesson, in both languages and on seeds 0–9: set up, done, answered — and true.

For each step the walk applies its setup to a fresh run, checks that every number its texts quote
has a value and that its claims hold, checks that its task is NOT already done, performs the task
the way a learner would (the actions its check plans: select w5, press Step, switch the hidden
layers to ReLU, turn clipping on, train), checks that the check now holds with the task's claims,
answers the question on the live numbers (a wrong answer is refused) and that Next is offered.
"""

import copy
import json

import pytest

from gradsim.engine.lesson import builtin_path, from_dict, load_builtin
from gradsim.engine.lesson_checks import Action
from gradsim.engine.lesson_walk import HeadlessSession, walk, walk_step

LESSON = load_builtin()
SEEDS = range(10)


@pytest.fixture(scope="module")
def runs():
    return walk(LESSON, seeds=SEEDS)


def test_every_step_teaches_something_true_on_every_seed(runs):
    assert len(runs) == len(LESSON.steps) * len(SEEDS)
    problems = [f"{r.step} (seed {r.seed}): {p}" for r in runs for p in r.problems]
    assert not problems, "\n".join(problems)


def test_the_walk_performs_the_tasks_a_learner_would(runs):
    first = {r.step: r for r in runs if r.seed == 0}
    assert first["preparation"].actions == [Action("train_to", (1,))]
    assert first["w5"].actions == [Action("select", ("w5",))]
    assert first["w1"].actions == [Action("select", ("w1",))]
    assert first["why"].actions == [Action("select", ("W1[0,0]",))]
    assert first["exploding"].actions == [Action("train_until_stopped")]
    assert first["clipping"].actions == [Action("set_clipping", ("norm",)), Action("train_to", (100,))]
    assert [a.kind for a in first["relu"].actions] == ["set_activation"] * 10 + ["train_to"]
    assert [a.kind for a in first["batchnorm"].actions] == ["set_batch_norm"] * 10 + ["train_to"]
    assert [a.args for a in first["residual"].actions][:9] == [(l, l - 1) for l in range(2, 11)]
    # the factor answers were found by clicking through the live chain
    assert first["w5"].answer.kind == "fprime" and first["w5"].answer.value <= 0.25
    assert first["why"].answer.kind == "fprime"
    assert first["batchnorm"].answer.kind == "bn-scale" and first["residual"].answer.value == 1.0
    assert first["w1"].answer == "via-o1" and first["vanishing"].answer == "layer-1"


def test_both_languages_render_every_number(runs):
    for r in runs:
        for lang in ("en", "zh"):
            for label, text in r.texts[lang].items():
                assert "{" not in text and "None" not in text, (r.step, r.seed, lang, label, text)
    zh = {r.step: r.texts["zh"] for r in runs if r.seed == 0}
    assert zh["w5"]["text"].count("0.") >= 4 and "∂E/∂w5 = 0.0821670" in zh["w5"]["text"]
    assert "−0.0190491" in zh["w1"]["text"]


def _doc():
    return json.loads(builtin_path().read_text(encoding="utf-8"))


def test_the_walk_catches_a_check_that_is_already_true():
    d = _doc()
    d["steps"][1]["setup"]["select"] = "w5"  # the task "click w5" is then done before it starts
    lesson = from_dict(d)
    problems = walk_step(lesson, lesson.steps[1]).problems
    assert any("already holds at the setup" in p for p in problems), problems


def test_the_walk_catches_a_false_claim_and_a_question_without_a_wrong_answer():
    d = _doc()
    d["steps"][4]["claims"] = [{"diagnosis_in": ["healthy"]}]          # deep-sigmoid is not healthy
    d["steps"][7]["task"]["claims"] = [{"diagnosis_in": ["vanishing"]}]  # ReLU does not vanish
    d["steps"][0]["question"]["options"][1] = {"id": "o2", "text": {"en": "o2", "zh": "o2"}, "correct": True}
    d["steps"][0]["question"]["options"][0]["correct"] = True
    d["steps"][0]["question"]["options"][0].pop("correct_if")
    lesson = from_dict(d)
    by_id = {s.id: s for s in lesson.steps}
    assert any("claims[0] is false at the setup" in p for p in walk_step(lesson, by_id["vanishing"]).problems)
    assert any("task.claims[0] is false" in p for p in walk_step(lesson, by_id["relu"]).problems)
    assert any("every option is right" in p for p in walk_step(lesson, by_id["preparation"]).problems)


def test_the_walk_catches_a_number_without_a_value_and_an_impossible_task():
    d = _doc()
    d["steps"][5]["task"]["done"] = {"en": "stopped at {nonfinite_step}", "zh": "{nonfinite_step}"}
    d["steps"][6]["text"]["en"][1] += " {nonfinite_step}"  # clipping never overflows: no such step
    d["steps"][6]["text"]["zh"][1] += " {nonfinite_step}"
    d["steps"][4]["task"]["check"] = {"diagnosis_in": ["healthy"]}  # no action makes deep-sigmoid healthy
    lesson = from_dict(copy.deepcopy(d))
    by_id = {s.id: s for s in lesson.steps}
    assert not walk_step(lesson, by_id["exploding"]).problems
    clipping = walk_step(lesson, by_id["clipping"]).problems
    assert any("no value at the setup for ['nonfinite_step']" in p for p in clipping)
    assert any("task.check does not hold" in p for p in walk_step(lesson, by_id["vanishing"]).problems)


def test_a_session_applies_a_setup_as_the_window_does():
    s = HeadlessSession(seed=3)
    step = LESSON.steps[LESSON.index("exploding")]
    s.enter(step)
    assert (s.preset, s.trainer.step_count, s.selected) == ("deep-exploding", 1, (0, 0, 0))
    assert s.spec.train.seed == 3 and s.views == {"canvas", "chain_rule", "plots.layer_norms"}
    s.perform(Action("set_activation", (2, "relu")))
    assert s.trainer.step_count == 0 and s.selected == (0, 0, 0)  # an edit restarts the run, keeps the selection
    s.perform(Action("set_lr", (0.01,)))
    assert s.trainer.lr == 0.01
    s.perform(Action("load_preset", ("seed-2-2-2",)))
    assert s.preset == "seed-2-2-2" and s.selected == (0, 0, 0)
    s.perform(Action("select", ("w8",)))
    s.perform(Action("set_init", ("he_normal",)))
    assert s.spec.weight_init.name == "he_normal" and s.spec.parameters is None
    with pytest.raises(ValueError):
        s.perform(Action("dance"))


def test_the_command_walks_a_lesson_file(tmp_path, capsys):
    from gradsim.engine.lesson_walk import main

    assert main(["--seeds", "1"]) == 0
    assert capsys.readouterr().out == "lesson: 11 steps ok on seeds 0–0 (en, zh)\n"
    d = _doc()
    d["steps"][1]["setup"]["select"] = "w5"
    (tmp_path / "mine.json").write_text(json.dumps(d), encoding="utf-8")
    assert main([str(tmp_path / "mine.json"), "--seeds", "1"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("lesson: step 'w5', seed 0: task.check already holds") and out[-1] == (
        "lesson: 1 of 11 steps have problems")
    d["steps"][1]["setup"]["select"] = "w9"
    (tmp_path / "mine.json").write_text(json.dumps(d), encoding="utf-8")
    assert main([str(tmp_path / "mine.json")]) == 1
    assert capsys.readouterr().out == "lesson: steps[1] (w5).setup.select: unknown weight 'w9' on preset seed-2-2-2\n"
