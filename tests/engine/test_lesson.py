"""The lesson file: the built-in one loads; every malformed variant is one error naming step and field."""

import copy
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradsim.engine import lesson as lesson_format
from gradsim.engine.chain_rule import NODE_KINDS, derive
from gradsim.engine.lesson import LessonError, builtin_path, from_dict, load, load_builtin, loads
from gradsim.engine.lesson_checks import VIEWS
from gradsim.engine.presets import ALL_PRESETS, load_preset
from gradsim.engine.text import Text
from gradsim.engine.trainer import Trainer

DOC = json.loads(builtin_path().read_text(encoding="utf-8"))


def doc():
    return copy.deepcopy(DOC)


def test_the_builtin_lesson_follows_the_lecture():
    lesson = load_builtin()
    ids = [s.id for s in lesson.steps]
    assert ids == ["preparation", "w5", "w1", "why", "vanishing", "exploding", "clipping", "relu", "batchnorm",
                   "residual", "through-time"]
    assert lesson.languages == ("en", "zh") and lesson.title("zh") == "梯度消失和梯度爆炸"
    for step in lesson.steps:
        for words in step.texts():
            assert set(words.paragraphs) == {"en", "zh"}
            assert len(words.paragraphs["en"]) == len(words.paragraphs["zh"]), (step.id, words)
    presets = [s.setup.preset for s in lesson.steps]
    assert presets[:3] == ["seed-2-2-2"] * 3 and presets[4] == "deep-sigmoid" and presets[5] == "deep-exploding"
    assert presets[10] == "rnn-vanishing" and "through_time" in lesson.steps[10].setup.views
    zh = "".join(w("zh") for s in lesson.steps for w in s.texts())
    for term in ("梯度消失", "梯度爆炸", "反向传播", "链式法则", "激活函数", "批归一化", "残差", "损失函数", "连乘",
                 "循环神经网络", "随时间反向传播"):
        assert term in zh, term
    # the numbers are quoted, not typed: the lecture's values appear nowhere in the file
    raw = builtin_path().read_text(encoding="utf-8")
    for typed in ("0.298371", "0.0821670", "0.000438568", "0.741365", "0.186816", "0.593270", "0.358916"):
        assert typed not in raw


def test_steps_expose_what_the_window_needs():
    lesson = load_builtin()
    w5 = lesson.steps[lesson.index("w5")]
    assert {"dE_dw5", "fprime_o1", "dE_dout_o1", "out_h1"} <= w5.numbers
    assert w5.highlight[0].kind == "edge" and w5.highlight[0].target == "w5"
    w1 = lesson.steps[lesson.index("w1")]
    assert ("factor", "∂E/∂out_h1", "w1") in [(h.kind, h.target, h.weight) for h in w1.highlight]
    assert {"path_o1_h1", "path_o2_h1"} <= w1.numbers  # read by the question's conditions too
    why = lesson.steps[lesson.index("why")]
    assert why.setup.train == 20 and "plots.backward_gain" in why.setup.views
    assert lesson.index("nope") is None


def expect(mutate, message):
    d = doc()
    mutate(d)
    with pytest.raises(LessonError) as exc:
        from_dict(d)
    text = str(exc.value)
    assert text.startswith(message) or message in text, text
    assert isinstance(exc.value.args[0], Text)  # translatable
    return text


def step(d, n):
    return d["steps"][n]


def setitem(path, value):
    def mutate(d):
        obj = d
        for key in path[:-1]:
            obj = obj[key]
        obj[path[-1]] = value
    return mutate


def delitem(path):
    def mutate(d):
        obj = d
        for key in path[:-1]:
            obj = obj[key]
        del obj[path[-1]]
    return mutate


MALFORMED = [
    (setitem(["format"], "gradsim"), "format: expected 'gradsim-lesson', got 'gradsim'"),
    (setitem(["version"], 2), "version: written by a newer gradsim (version 2)"),
    (setitem(["version"], "1"), "version: must be a whole number between 1 and"),
    (delitem(["steps"]), "lesson.steps: missing"),
    (setitem(["steps"], []), "steps: must hold at least 1 item(s)"),
    (setitem(["steps"], {"a": 1}), "steps: must be a list, got"),
    (setitem(["colour"], "red"), "lesson.colour: unknown field (allowed: format, id, languages, note, steps, title"),
    (setitem(["languages"], ["en", "zh", "en"]), "languages: lists a language twice"),
    (setitem(["languages"], ["english"]), "languages[0]: must be a language code"),
    (setitem(["languages"], ["en", "zh", "fr"]), "title.fr: missing"),
    (setitem(["id"], "my lesson"), "id: must be 1–64 letters"),
    (delitem(["title", "zh"]), "title.zh: missing"),
    (setitem(["title", "de"], "x"), "title.de: unknown field (allowed: en, zh)"),
    (setitem(["title", "en"], "Gradients {flow}"), "title.en: cannot quote live numbers (found {flow})"),
    (delitem(["steps", 2, "text", "zh"]), "steps[2] (w1).text.zh: missing"),
    (setitem(["steps", 1, "colour"], 1), "steps[1] (w5).colour: unknown field"),
    (delitem(["steps", 1, "task"]), "steps[1] (w5).task: missing"),
    (setitem(["steps", 1, "id"], "preparation"),
     "steps[1] (preparation).id: duplicate step id 'preparation' (also steps[0])"),
    (setitem(["steps", 1, "id"], "w 5"), "steps[1].id: must be 1–64 letters"),
    (setitem(["steps", 1, "id"], 5), "steps[1].id: must be a string, got 5"),
    (setitem(["steps", 0, "setup", "preset"], "deep-magic"),
     "steps[0] (preparation).setup.preset: unknown preset 'deep-magic' (known: seed-2-2-2"),
    (setitem(["steps", 2, "setup", "select"], "w9"),
     "steps[2] (w1).setup.select: unknown weight 'w9' on preset seed-2-2-2"),
    (setitem(["steps", 2, "task", "check"], {"selected": "w9"}),
     "steps[2] (w1).task.check.selected: unknown weight 'w9' on preset seed-2-2-2"),
    (setitem(["steps", 5, "setup", "select"], "W1[9,0]"),
     "steps[5] (exploding).setup.select: unknown weight 'W1[9,0]' on preset deep-exploding"),
    (setitem(["steps", 1, "setup", "views"], ["canvas", "plots.magic"]),
     "steps[1] (w5).setup.views[1]: must be one of canvas, controls, plots"),
    (setitem(["steps", 1, "setup", "train"], "five"), "steps[1] (w5).setup.train: must be a whole number between 0"),
    (setitem(["steps", 1, "setup", "train"], 10 ** 9), "steps[1] (w5).setup.train: must be a whole number between 0"),
    (setitem(["steps", 1, "setup", "speed"], 0), "steps[1] (w5).setup.speed: must be one of 1…1000, max, got 0"),
    (setitem(["steps", 1, "task", "check"], {"clicked": "w5"}),
     "steps[1] (w5).task.check: unknown condition 'clicked' (known: activation"),
    (setitem(["steps", 1, "task", "check"], {"selected": "w5", "steps_at_least": 1}),
     "steps[1] (w5).task.check: must have exactly one key"),
    (setitem(["steps", 1, "task", "check"], "w5"), "steps[1] (w5).task.check: must be a condition"),
    (setitem(["steps", 1, "task", "check"], {"all": [{"selected": "w5"}, {"nonfinite": "yes"}]}),
     "steps[1] (w5).task.check.all[1].nonfinite: must be true or false"),
    (setitem(["steps", 1, "task", "check"], {"all": []}), "steps[1] (w5).task.check.all: must hold at least 1"),
    (setitem(["steps", 4, "text", "en"], ["Flow {flow2}", "x"]),
     "steps[4] (vanishing).text.en: unknown placeholder {flow2}"),
    (setitem(["steps", 1, "text", "zh"], ["只有 {fprime_o1}", "没有别的"]),
     "steps[1] (w5).text.zh: does not quote {dE_dout_o1}, which en quotes"),
    (setitem(["steps", 1, "task", "text", "zh"], "点击 w5 {dE_dw5}"),
     "steps[1] (w5).task.text.zh: quotes {dE_dw5}, which en does not"),
    (setitem(["steps", 1, "task", "text"], {"en": "{flow}", "zh": "{flow}"}),
     "steps[1] (w5).task.text.en: {flow} is measured by training: the step's setup must train at least one step"),
    (setitem(["steps", 4, "text"], {"en": "{gain_product}", "zh": "{gain_product}"}),
     "steps[4] (vanishing).text.en: {gain_product} is about the selected weight"),
    (setitem(["steps", 4, "text"], {"en": "{grad_norm_12}", "zh": "{grad_norm_12}"}),
     "steps[4] (vanishing).text.en: {grad_norm_12} does not exist on preset deep-sigmoid"),
    (setitem(["steps", 1, "text"], {"en": "a { b", "zh": "x"}), "steps[1] (w5).text.en: a { at character 3"),
    (setitem(["steps", 1, "text"], {"en": ["ok", "a } b"], "zh": "x"}), "steps[1] (w5).text.en[1]: a lone } at"),
    (setitem(["steps", 1, "text"], {"en": 5, "zh": "x"}),
     "steps[1] (w5).text.en: must be a string or a list of strings, got 5"),
    (setitem(["steps", 1, "text"], {"en": ["ok", "  "], "zh": "x"}), "steps[1] (w5).text.en: must not be empty"),
    (setitem(["steps", 1, "text"], {"en": [], "zh": "x"}), "steps[1] (w5).text.en: must not be empty"),
    (setitem(["steps", 2, "highlight"], [{"factor": "∂E/∂foo", "weight": "w1"}]),
     "steps[2] (w1).highlight[0].factor: no factor '∂E/∂foo' in the derivation of w1 on preset seed-2-2-2"),
    (setitem(["steps", 2, "highlight"], [{"factor": "∂E/∂out_h1"}]),
     "steps[2] (w1).highlight[0].weight: a factor's highlight needs the weight it belongs to"),
    (setitem(["steps", 2, "highlight"], [{"factor_kind": "gamma"}]),
     "steps[2] (w1).highlight[0].factor_kind: must be one of sample"),
    (setitem(["steps", 2, "highlight"], [{"edge": "w1", "view": "canvas"}]),
     "steps[2] (w1).highlight[0]: needs exactly one of edge, neuron, layer, view, control, factor, factor_kind"),
    (setitem(["steps", 2, "highlight"], [{"edge": "w1", "weight": "w1"}]),
     "steps[2] (w1).highlight[0].weight: only a factor's highlight names a weight"),
    (setitem(["steps", 2, "highlight"], [{"neuron": "h3"}]),
     "steps[2] (w1).highlight[0].neuron: no unit 'h3' on preset seed-2-2-2"),
    (setitem(["steps", 2, "highlight"], [{"layer": 3}]),
     "steps[2] (w1).highlight[0].layer: must be a layer of preset seed-2-2-2 (0..2), got 3"),
    (setitem(["steps", 2, "highlight"], [{"control": "volume"}]), "steps[2] (w1).highlight[0].control: must be one of"),
    (setitem(["steps", 2, "highlight"], {"edge": "w1"}), "steps[2] (w1).highlight: must be a list"),
    (setitem(["steps", 1, "question", "kind"], "essay"), "steps[1] (w5).question.kind: must be one of choice, factor"),
    (delitem(["steps", 1, "question", "correct_if"]), "steps[1] (w5).question.correct_if: missing"),
    (setitem(["steps", 2, "question", "options"], [{"id": "a", "text": {"en": "a", "zh": "a"}, "correct": True}]),
     "steps[2] (w1).question.options: must hold at least 2 item(s)"),
    (setitem(["steps", 6, "question", "options", 0, "correct"], False),
     "steps[6] (clipping).question.options: no option can be right"),
    (setitem(["steps", 6, "question", "options", 1, "id"], "update"),
     "steps[6] (clipping).question.options[1].id: duplicate option id 'update'"),
    (setitem(["steps", 6, "question", "options", 0, "correct_if"], {"nonfinite": False}),
     "steps[6] (clipping).question.options[0]: needs at most one of correct and correct_if"),
    (setitem(["steps", 0, "question", "options", 0, "correct_if"], {"compare": ["E_o1", "=>", "E_o2"]}),
     "steps[0] (preparation).question.options[0].correct_if.compare[1]: must be one of <, <=, >, >="),
    (setitem(["steps", 0, "question", "options", 0, "correct_if"], {"compare": ["E_o3", ">", "E_o2"]}),
     "steps[0] (preparation).question.options[0].correct_if.compare[0]: {E_o3} does not exist on preset seed-2-2-2"),
    (setitem(["steps", 0, "question", "options", 0, "correct_if"], {"compare": ["E_o1", ">"]}),
     "steps[0] (preparation).question.options[0].correct_if.compare: must be [left, operator, right]"),
    (setitem(["steps", 0, "question", "options", 0, "correct_if"], {"compare": [True, ">", 1]}),
     "compare[0]: must be a number or a placeholder name, got true"),
    (setitem(["steps", 4, "question", "options", 0, "correct_if"], {"smallest": ["update_ratio_1"]}),
     "steps[4] (vanishing).question.options[0].correct_if.smallest: must hold at least 2 item(s)"),
    (setitem(["steps", 7, "task", "check"], {"activation": {"layer": 0, "is": "relu"}}),
     "steps[7] (relu).task.check.activation.layer: must be a hidden layer of preset deep-sigmoid (1..10), got 0"),
    (setitem(["steps", 7, "task", "check"], {"activation": {"layer": 11, "is": "relu"}}),
     "must be a hidden layer of preset deep-sigmoid (1..10), got 11"),
    (setitem(["steps", 7, "task", "check"], {"activation": {"layer": "every", "is": "relu"}}),
     "steps[7] (relu).task.check.activation.layer: must be one of all_hidden, any_hidden"),
    (setitem(["steps", 7, "task", "check"], {"activation": {"layer": 3, "is": "swish"}}),
     "steps[7] (relu).task.check.activation.is: must be one of sigmoid, tanh, relu"),
    (setitem(["steps", 7, "task", "check"], {"activation": {"layer": 3, "is": "relu", "in": ["elu"]}}),
     "steps[7] (relu).task.check.activation: needs exactly one of is and in"),
    (setitem(["steps", 7, "task", "check"], {"activation": {"is": "relu"}}),
     "steps[7] (relu).task.check.activation.layer: missing"),
    (setitem(["steps", 7, "task", "check"], {"batch_norm": {"layer": [2, "3"]}}),
     "steps[7] (relu).task.check.batch_norm.layer[1]: must be a hidden layer"),
    (setitem(["steps", 7, "task", "check"], {"clipping": "yes"}),
     "steps[7] (relu).task.check.clipping: must be one of on, off, norm, value"),
    (setitem(["steps", 7, "task", "check"], {"diagnosis_in": ["fine"]}),
     "steps[7] (relu).task.check.diagnosis_in[0]: must be one of idle, healthy"),
    (setitem(["steps", 7, "task", "check"], {"views_visible": ["magic"]}),
     "steps[7] (relu).task.check.views_visible[0]: must be one of canvas"),
    (setitem(["steps", 7, "task", "check"], {"init": "magic"}), "steps[7] (relu).task.check.init: must be one of"),
    (setitem(["steps", 7, "task", "check"], {"lr_at_most": "small"}),
     "steps[7] (relu).task.check.lr_at_most: must be a number"),
    (setitem(["steps", 7, "task", "check"], {"preset": "deep-magic"}),
     "steps[7] (relu).task.check.preset: must be one of"),
    (setitem(["steps", 7, "task", "check"], {"steps_at_least": -1}),
     "steps[7] (relu).task.check.steps_at_least: must be a whole number between 0"),
    (setitem(["steps", 7, "task", "check"], {"selected_in_layer": 12}),
     "steps[7] (relu).task.check.selected_in_layer: must be a layer of preset deep-sigmoid (1..11), got 12"),
    (setitem(["steps", 7, "claims"], {"nonfinite": False}), "steps[7] (relu).claims: must be a list"),
    (setitem(["steps", 8, "question", "correct_if"], {"factor": {}}),
     "steps[8] (batchnorm).question.correct_if.factor: must name at least one of"),
    (setitem(["steps", 8, "question", "correct_if"], {"factor": {"kind": "gamma"}}),
     "steps[8] (batchnorm).question.correct_if.factor.kind: must be one of"),
    (setitem(["steps", 8, "question", "correct_if"], {"factor": {"name": "γ_h1_1/σ_h1_1"}}),
     "steps[8] (batchnorm).question.correct_if.factor.name: a factor named in a check needs its weight"),
    (setitem(["steps", 1, "question", "correct_if"], {"factor": {"weight": "w5", "name": "∂E/∂out_o2"}}),
     "steps[1] (w5).question.correct_if.factor.name: no factor '∂E/∂out_o2' in the derivation of w5"),
    (setitem(["steps", 1, "question", "correct_if"], {"factor": {"weight": "w5", "colour": "red"}}),
     "steps[1] (w5).question.correct_if.factor.colour: unknown field"),
    (setitem(["steps", 1, "question", "correct_if"], {"factor": {"max": "0.25"}}),
     "steps[1] (w5).question.correct_if.factor.max: must be a number"),
    (setitem(["steps", 1, "question", "correct_if"], {"not": {"not": {"not": {"selected": 5}}}}),
     "steps[1] (w5).question.correct_if.not.not.not.selected: must be a string, got 5"),
    (setitem(["steps", 1], "w5"), "steps[1]: must be an object, got \"w5\""),
    (setitem(["steps", 1, "note"], 5), "steps[1] (w5).note: must be a string"),
]


@pytest.mark.parametrize("mutate, message", MALFORMED, ids=[m for _, m in MALFORMED])
def test_a_malformed_lesson_is_one_error_naming_the_step_and_field(mutate, message):
    expect(mutate, message)


def test_the_issue_example_message():
    d = doc()
    d["steps"][2]["id"] = "w1-paths"
    d["steps"][2]["task"]["check"] = {"selected": "w9"}
    with pytest.raises(LessonError) as exc:
        from_dict(d)
    assert str(exc.value) == "steps[2] (w1-paths).task.check.selected: unknown weight 'w9' on preset seed-2-2-2"


def test_not_a_lesson_document():
    for bad, message in [([1, 2], "lesson: must be an object"), (None, "lesson: must be an object"),
                         ("text", "lesson: must be an object")]:
        with pytest.raises(LessonError, match=message):
            from_dict(bad)
    with pytest.raises(LessonError, match=r"^here: not valid JSON \(line 1, column 12"):
        loads('{"format": ', "here")
    with pytest.raises(LessonError, match="nested too deeply"):
        loads("[" * 100_000 + "]" * 100_000)
    deep = {"selected": "w5"}
    for _ in range(5000):
        deep = {"not": deep}
    d = doc()
    d["steps"][1]["task"]["check"] = deep
    with pytest.raises(LessonError, match="nested too deeply"):
        from_dict(d)


def test_files_are_read_safely(tmp_path):
    with pytest.raises(LessonError, match="missing.json: no such file"):
        load(tmp_path / "missing.json")
    with pytest.raises(LessonError, match="not a regular file"):
        load(tmp_path)
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(LessonError, match="bin.json: not a text file"):
        load(tmp_path / "bin.json")
    (tmp_path / "big.json").write_bytes(b" " * (lesson_format.MAX_BYTES + 1))
    with pytest.raises(LessonError, match="bytes is more than a lesson file may have"):
        load(tmp_path / "big.json")
    good = tmp_path / "mine.json"
    d = doc()
    d["steps"] = d["steps"][4:5] + d["steps"][:1]  # a teacher reorders and drops steps
    good.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    assert [s.id for s in load(good).steps] == ["vanishing", "preparation"]


# a mutation: a path into the document and what to put there (or delete)
_json = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False)
                     | st.text(max_size=12), lambda c: st.lists(c, max_size=3)
                     | st.dictionaries(st.text(max_size=8), c, max_size=3), max_leaves=6)


def _paths(obj, path=()):
    yield path
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, path + (i,))


PATHS = [p for p in _paths(DOC) if p]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), st.one_of(st.just("delete"), _json)), min_size=1, max_size=3))
def test_any_mutation_loads_or_is_one_lesson_error(mutations):
    d = doc()
    for path, value in mutations:
        obj = d
        try:
            for key in path[:-1]:
                obj = obj[key]
            if value == "delete":
                del obj[path[-1]]
            else:
                obj[path[-1]] = value
        except (KeyError, IndexError, TypeError):  # an earlier mutation removed the way there
            continue
    try:
        from_dict(d)
    except LessonError as exc:
        text = str(exc)
        assert text and "\n" not in text and "Traceback" not in text
        assert isinstance(exc.args[0], Text)


def test_every_factor_kind_the_derivation_writes_is_known():
    kinds = set()
    for name in ("seed-2-2-2", "deep-batchnorm", "deep-residual", "xor"):
        t = Trainer(load_preset(name))
        t.step()
        depth = t.spec.topology.depth
        for k in range(depth):
            kinds |= {n.kind for n in derive(t, k=k, j=0, i=0).tree.walk()}
    assert kinds - {""} <= set(NODE_KINDS), kinds - set(NODE_KINDS)
    assert {"fprime", "skip", "bn-scale", "path", "output-grad", "input", "weight", "delta"} <= kinds


def test_views_and_presets_named_by_the_lesson_exist():
    lesson = load_builtin()
    assert all(v in VIEWS for s in lesson.steps for v in s.setup.views)
    assert all(s.setup.preset in ALL_PRESETS for s in lesson.steps)


def test_the_lesson_modules_import_no_qt():
    code = ("import sys; import gradsim.engine.lesson as l, gradsim.engine.lesson_walk, "
            "gradsim.engine.lesson_progress; l.load_builtin(); print('PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_readme_example_is_a_lesson_that_walks():
    from pathlib import Path

    from gradsim.engine.lesson_walk import walk

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Writing a lesson", 1)[1]
    example = section.split("```json\n", 1)[1].split("```", 1)[0]
    lesson = loads(example, "README")
    assert [s.id for s in lesson.steps] == ["w5"]
    runs = walk(lesson, seeds=range(3))
    assert not [p for r in runs for p in r.problems]
    # the README's error examples are the loader's own words
    for line in ("steps[2] (w1).task.check.selected: unknown weight 'w9' on preset seed-2-2-2",
                 "steps[1] (w5).text.zh: does not quote {dE_dout_o1}, which en quotes"):
        assert line in readme


def test_the_ui_language_picks_the_lesson_language():
    from gradsim.engine.lesson import pick_language

    lesson = load_builtin()
    title = lesson.steps[0].title
    assert title("zh_CN") == title("zh") == "准备工作：σ、σ′ 和损失函数"
    assert title("en") == title("fr") == "Preparation: σ, σ′ and the loss"
    assert pick_language(("en", "zh"), "zh_TW") == "zh" and pick_language(("zh", "en"), "de") == "zh"
