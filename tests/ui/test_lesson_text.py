"""A lesson's numbers are written as the chain-rule panel writes them, and a lesson file's errors
reach a Chinese UI in Chinese (the lesson's own words are in the file, in both languages)."""

import json
import math
import random

import pytest
from PySide6.QtWidgets import QApplication

from gradsim.engine.lesson import LessonError, builtin_path, from_dict
from gradsim.engine.lesson_numbers import number_text
from gradsim.ui import i18n
from gradsim.ui.engine_text import error_text
from gradsim.ui.numbers import number_text as panel_number_text

_SUPERSCRIPT = str.maketrans("−0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def panel(v: float, digits: int) -> str:
    """The panel's text (with the panel's own shortening of exact values), exponent as superscript."""
    text = next((panel_number_text(v, k) for k in range(1, digits)
                 if float(panel_number_text(v, k).replace("−", "-").replace("×10^", "e")) == v),
                panel_number_text(v, digits))
    if "×10^" in text:
        mant, exp = text.split("×10^")
        text = f"{mant}×10{exp.translate(_SUPERSCRIPT)}"
    return text


def test_lesson_numbers_match_the_chain_rule_panel():
    rng = random.Random(7)
    for _ in range(3000):
        v = rng.choice([1, -1]) * 10 ** rng.uniform(-12, 12)
        for digits in (3, 6):
            assert number_text(v, digits) == panel(v, digits), v
    for v in (0.05, 0.4, 0.25, 1.0, 100.0, 1e-7, -0.0190491, 0.0821670405):
        assert number_text(v) == panel(v, 6)
    assert number_text(math.inf) == panel_number_text(math.inf)


@pytest.fixture
def chinese(qapp):
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.install(QApplication.instance(), "en")


def _doc():
    return json.loads(builtin_path().read_text(encoding="utf-8"))


@pytest.mark.parametrize("path, value, zh", [
    (["steps", 2, "task", "check"], {"selected": "w9"},
     "steps[2] (w1).task.check.selected：预设 seed-2-2-2 中没有权重 'w9'"),
    (["steps", 4, "text", "en"], "{flow2}",
     "steps[4] (vanishing).text.en：未知的占位符 {flow2}（课程格式的文档中列出了所有占位符）"),
    (["steps", 1, "task", "text", "en"], "{flow}",
     "steps[1] (w5).task.text.en：{flow} 要通过训练才能测得：该步骤的 setup 至少要训练一步"),
    (["steps", 1, "setup", "preset"], "deep-magic", "steps[1] (w5).setup.preset：未知的预设 'deep-magic'（可选："),
    (["steps", 1, "task", "check"], {"clicked": 1}, "steps[1] (w5).task.check：未知的条件 'clicked'（可选："),
    (["steps", 1, "id"], "preparation", "steps[1] (preparation).id：步骤 id 'preparation' 重复（steps[0] 也用了它）"),
    (["steps", 1, "text", "zh"], "只有 {fprime_o1}",
     "steps[1] (w5).text.zh：没有引用 {dE_dout_o1}，而 en 版本引用了它"),
    (["steps", 1, "setup", "train"], "five", "steps[1] (w5).setup.train：必须是 0 到 100000 之间的整数，实际为 \"five\""),
    (["steps", 1, "text", "en"], "a { b", "steps[1] (w5).text.en：第 3 个字符处的 { 没有开始一个形如 {dE_dw5} 的占位符"),
    (["format"], "x", "format：应为 'gradsim-lesson'，实际为 'x'（这是 gradsim 课程吗？）"),
])
def test_lesson_errors_in_chinese(chinese, path, value, zh):
    d = _doc()
    obj = d
    for key in path[:-1]:
        obj = obj[key]
    obj[path[-1]] = value
    with pytest.raises(LessonError) as exc:
        from_dict(d)
    shown = error_text(exc.value)
    assert shown.startswith(zh), shown
    assert not any(word in shown for word in ("unknown", "must", "missing", "quote"))
