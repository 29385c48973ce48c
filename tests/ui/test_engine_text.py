"""Text the engine writes (chain-rule meanings, step-through titles, the compare verdict, preset notes,
fault messages, dataset descriptions, error messages) appears in Chinese when the UI is Chinese.

The engine builds such text as :class:`gradsim.engine.text.Text`; the UI's catalogue
(:mod:`gradsim.ui.engine_text`) must list every template so lupdate extracts it. If the first test
fails after you added or changed engine text: add the template to ``TEMPLATES`` in
gradsim/ui/engine_text.py, run ``python packaging/translations.py``, translate it in
resources/translations/gradsim_zh_CN.ts, run it again.
"""

import ast
import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from gradsim.engine import edits, fileformat
from gradsim.engine.chain_rule import derive
from gradsim.engine.compare import verdict
from gradsim.engine.history import History
from gradsim.engine.presets import ALL_PRESETS, PRESETS, load_preset
from gradsim.engine.stepthrough import build_stages
from gradsim.engine.text import Text
from gradsim.engine.trainer import NonFinite, RunEvent, Trainer
from gradsim.ui import engine_text, i18n
from gradsim.ui.diagnosis import diagnose
from gradsim.ui.engine_text import (TEMPLATES, error_text, event_text, nonfinite_text, paused_text,
                                    translated)
from tests.engine.test_text import _history  # a 3-layer history with a chosen first/last gradient ratio

ENGINE = Path(__file__).resolve().parents[2] / "gradsim" / "engine"


def engine_templates() -> dict[str, str]:
    """Every ``Text("…")`` literal in the engine's source, with where it is."""
    found, bad = {}, []
    for path in sorted(ENGINE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Text"):
                continue
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, f"{path.name}:{node.lineno}")
            elif not (isinstance(arg, ast.Attribute) and arg.attr == "template"
                      or isinstance(arg, ast.Name) and arg.id == "template"):  # re-using a Text's own template
                bad.append(f"{path.name}:{node.lineno}")
    assert not bad, f"Text(…) needs a string literal template (an f-string cannot be translated): {bad}"
    return found


def test_every_engine_template_is_in_the_ui_catalogue():
    found = engine_templates()
    assert len(found) > 100
    missing = {t: where for t, where in found.items() if t not in TEMPLATES}
    assert not missing, "engine text missing from gradsim/ui/engine_text.py TEMPLATES:\n" + "\n".join(
        f"  {where}: {t!r}" for t, where in missing.items())
    unused = TEMPLATES - set(found)
    assert not unused, f"TEMPLATES lists text the engine no longer writes: {sorted(unused)}"


def test_preset_notes_and_dataset_descriptions_are_marked_for_translation():
    from gradsim.engine.datasets import DESCRIPTIONS
    from gradsim.ui.preset_text import NOTES

    assert {n: p.notes for n, p in ALL_PRESETS.items()} == NOTES, "a preset's notes changed: update gradsim/ui/preset_text.py"
    assert DESCRIPTIONS == engine_text.DATASET_DESCRIPTIONS, "update DATASET_DESCRIPTIONS in gradsim/ui/engine_text.py"


def test_english_ui_shows_the_engine_text_unchanged():
    m = NonFinite(5, 1, "update").message
    assert translated(m) == m and nonfinite_text(NonFinite(5, 1, "update").to_dict()) == m
    assert translated("plain") == "plain" and translated(None) == ""
    assert translated(Text("a template no catalogue has: {x}", x=1)) == "a template no catalogue has: 1"
    assert paused_text(5, NonFinite(5, 1, "update").to_dict()) == f"Paused at step 5: {m}"


@pytest.fixture
def chinese(qapp):
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.install(QApplication.instance(), "en")


def test_chain_rule_panel_in_chinese(chinese, qtbot):
    from gradsim.ui.teach.chain_rule_panel import ChainRulePanel

    panel = ChainRulePanel()
    qtbot.addWidget(panel)
    panel.set_derivation(derive(Trainer(load_preset("seed-2-2-2")), k=1, j=0, i=0))  # w5
    text = panel.plain_text()
    assert "误差随该输出的变化率" in text and "处的值" in text and "即 w5 所乘的输入" in text
    assert "how the error changes" not in text and "the input that" not in text and " at net" not in text
    assert "0.0821670" in text  # numbers as before
    assert "健康：w5 与输出层之间没有隐藏层" in text and "Healthy" not in text  # the engine's verdict

    panel.set_derivation(derive(Trainer(load_preset("deep-residual")), k=8, j=1, i=2))  # paths include a skip
    text = panel.plain_text()
    assert "跳跃连接至第 10 层" in text and "skip to layer" not in text

    panel.set_derivation(derive(Trainer(load_preset("deep-batchnorm")), k=8, j=0, i=0))
    text = panel.plain_text()
    assert "其中批归一化把这个样本与整批样本耦合在一起" in text and "couples" not in text and "一批 32 个样本" in text
    assert "批归一化的缩放 γ 除以这一批的标准差 σ" in text and "其余 31 个样本" in text


def test_step_through_in_chinese(chinese, qtbot):
    from gradsim.ui.teach.stepthrough_panel import StepThroughPanel

    panel = StepThroughPanel()
    qtbot.addWidget(panel)
    spec = load_preset("seed-2-2-2")
    spec.train.optimizer = "adam"
    panel.set_stages(build_stages(Trainer(spec)))
    assert "前向传播：隐藏层" in panel.title.text() and "Forward pass" not in panel.title.text()
    titles = []
    while True:
        titles.append(panel.title.text())
        if not panel.next_button.isEnabled():
            break
        panel.next()
    assert any("反向传播：到达每个隐藏单元的误差" in t for t in titles)
    assert "参数更新：w⁺ = w − η·∂E/∂w（η = 0.5）" in titles[-1]
    note = panel.view.toPlainText()
    assert "所有梯度都是在旧权重处计算的" in note and "本次训练使用了优化器 adam" in note
    assert "Every gradient" not in note and "optimiser" not in note
    assert not any("Backward pass" in t or "Loss" in t for t in titles)

    panel.set_stages(build_stages(Trainer(load_preset("xor"))))  # bce: worded formulas
    panel.restart()  # set_stages stayed on the update stage
    texts = []
    for _ in range(len(panel.stages)):
        texts.append(panel.view.toPlainText())
        panel.next()
    joined = "\n".join(texts)
    assert "bce 的导数" in joined and "out 与目标值之间的 bce" in joined and "直接有 δ = out − target" in joined
    assert "derivative of" not in joined and "against the target" not in joined




def test_compare_verdict_and_fault_in_chinese(chinese, qtbot):
    from gradsim.ui.teach.compare_window import CompareWindow

    zh = translated(verdict(_history(1e-6), _history(1.0), "deep-sigmoid", "deep-sigmoid + relu"))
    assert zh == ("deep-sigmoid + relu 表现更好——deep-sigmoid：梯度消失：到达第 1 层的梯度只有到达第 2 层梯度的 "
                  "1e-6——它在向下穿过各隐藏层时不断缩小 · deep-sigmoid + relu：健康：到达第 1 层的梯度是到达第 2 层"
                  "梯度的 1 倍")

    w = CompareWindow()  # no runs started: the histories are filled by hand
    qtbot.addWidget(w)
    a, b = w.runs
    a.spec, b.spec = load_preset("deep-exploding"), load_preset("deep-exploding")
    a.name, b.name = "deep-exploding", "deep-exploding + clip"
    a.history, b.history = _history(1e4), _history(1.0)
    a.failed = NonFinite(7, 8, "gradients").to_dict()
    w._update_texts()
    verdict_shown = w.verdict_label.text()
    assert "结论：" in verdict_shown and "deep-exploding + clip 表现更好" in verdict_shown
    assert "溢出：第 7 步第 9 层的梯度出现非有限值" in verdict_shown and "fares better" not in verdict_shown
    status = w.status[0].text()
    assert "第 7 步第 9 层的梯度出现非有限值——请降低学习率或启用梯度裁剪" in status and "Non-finite" not in status

    a.failed = None
    a.history = History(3)
    w._update_texts()
    assert "步数还不够，无法比较" in w.verdict_label.text()
    w.compare_remedy(load_preset("deep-sigmoid"), "relu")  # real runs, reset: the window's own verdict
    assert "步数还不够，无法比较" in w.verdict_label.text() and "Not enough steps" not in w.verdict_label.text()
    assert w.shutdown()


def test_remedy_that_does_not_apply_says_why_in_chinese(chinese, qtbot):
    from gradsim.ui.teach.compare_window import CompareWindow

    w = CompareWindow.for_remedy(load_preset("xor"), "relu")
    qtbot.addWidget(w)
    w.baseline = load_preset("seed-2-2-2").copy()
    w.baseline.topology.layers[0].size = 3  # no second hidden layer, not as wide as the input
    w.remedy_combo.setCurrentIndex(w.remedy_combo.findData("residual"))
    w._on_remedy_picked(0)
    shown = w.verdict_label.text()
    assert "这种补救方法在此不适用：补救方法 'residual' 需要两个隐藏层" in shown and "needs two hidden" not in shown
    assert w.shutdown()


def test_preset_notes_in_chinese(chinese, qtbot, session):
    from gradsim.ui.panel import ControlPanel
    from gradsim.ui.preset_text import notes
    from gradsim.ui.teach.notes import preset_note_html

    page = preset_note_html("deep-sigmoid")
    assert "观察各隐藏层的反向增益远低于 1" in page and "Watch the hidden" not in page
    assert "梯度消失：10 个 sigmoid 层" in page
    assert all(notes(n) != p.notes for n, p in PRESETS.items())  # every note has its translation
    panel = ControlPanel(session)
    qtbot.addWidget(panel)
    panel.set_spec(load_preset("deep-exploding"))
    assert "启用梯度裁剪" in panel.preset_summary.toolTip() and "tame it" not in panel.preset_summary.toolTip()
    from PySide6.QtCore import Qt
    tip = panel.dataset.itemData(panel.dataset.findData("spiral"), Qt.ItemDataRole.ToolTipRole)
    assert tip == "两条交错的螺旋线（需要较深的网络）"


def test_fault_messages_in_chinese(chinese):
    d = NonFinite(12, None, "loss").to_dict()
    assert nonfinite_text(d) == "第 12 步的损失出现非有限值——请降低学习率或启用梯度裁剪"
    assert nonfinite_text(NonFinite(3, 0, "activations")) == "第 3 步第 1 层的激活值出现非有限值——请降低学习率或启用梯度裁剪"
    assert paused_text(12, d) == "已在第 12 步暂停：第 12 步的损失出现非有限值——请降低学习率或启用梯度裁剪"
    assert event_text(RunEvent(40, 2, "dead_layer")).startswith("第 40 步时第 3 层的所有单元都已死亡")
    assert event_text(RunEvent(40, 2, "zero_variance").to_dict()).startswith("第 40 步时第 3 层的批归一化")

    class Snap:
        nonfinite = NonFinite(9, 4, "update").to_dict()

    text = diagnose(History(3), Snap()).text
    assert text.startswith("溢出：第 9 步第 5 层的更新量出现非有限值") and "Non-finite" not in text
    assert text.endswith("梯度爆炸，训练已停止。")
    boom = RunEvent(5, 2, "dead_layer", {"step": 4, "update_ratio": 171.0})
    assert event_text(boom.to_dict()).startswith("第 5 步时第 3 层的所有单元都已死亡") and "第 4 步的爆炸性更新" in \
        event_text(boom.to_dict())


def test_error_messages_in_chinese(chinese, make_window, tmp_path, _isolated_desktop):
    seed = load_preset("seed-2-2-2")
    with pytest.raises(edits.EditError) as exc:
        edits.remove_layer(seed, 0)
    assert error_text(exc.value) == "输入层不能删除：它的大小由数据集决定（'seed' 有 2 个输入）"
    with pytest.raises(edits.EditError) as exc:
        edits.set_activation(seed, 2, "relu")
    assert error_text(exc.value).startswith("'relu' 不能用于输出层（可选：sigmoid")
    bn = load_preset("seed-2-2-2")
    bn.topology.layers[0].batch_norm = True
    with pytest.raises(ValueError) as exc:
        bn.validate()
    assert error_text(exc.value).startswith("training.batch_size：批归一化要求每批至少有 2 个样本（本次训练每批只有 1 个）")

    w = make_window("seed-2-2-2")
    bad = tmp_path / "bad.gradsim"
    bad.write_text(json.dumps({"format": "gradsim", "version": 1,
                               "network": {"input_size": 2, "layers": [{"size": 2, "activation": "swish"}]}}))
    assert not w.document.open(bad)
    title, text = _isolated_desktop[-1]
    assert title == "无法打开文件"
    assert "network.layers[0].activation：'swish' 不能用于输出层（可选：" in text and "is not available" not in text
    truncated = tmp_path / "cut.gradsim"
    truncated.write_text('{"format": "gradsim", "version": 1, "netw')
    assert not w.document.open(truncated)
    assert "不是有效的 JSON（第 1 行第 37 列：" in _isolated_desktop[-1][1] and "文件可能不完整" in _isolated_desktop[-1][1]
    assert not w.document.open(tmp_path / "missing.gradsim")
    assert "missing.gradsim：文件不存在" in _isolated_desktop[-1][1]
    for doc, expected in [({"format": "zip", "version": 1}, "format：应为 'gradsim'，实际为 'zip'（这是 gradsim 文件吗？）"),
                          ({"format": "gradsim", "version": 9, "network": {}}, "version：该文件由更新版本的 gradsim 写入"),
                          ({"format": "gradsim", "version": 1}, "network：缺失"),
                          ({"format": "gradsim", "version": 1, "network": {"input_size": 2, "layers": []},
                            "colour": 1}, "colour：未知字段（允许的字段：")]:
        with pytest.raises(fileformat.FormatError) as exc:
            fileformat.from_dict(doc)
        assert error_text(exc.value).startswith(expected), error_text(exc.value)


def test_a_broken_translation_falls_back_to_english(monkeypatch):
    from PySide6.QtCore import QCoreApplication

    monkeypatch.setattr(QCoreApplication, "translate", staticmethod(lambda ctx, text, *a: "坏的 {nope}"))
    m = NonFinite(2, None, "loss").message
    assert translated(m) == str(m)
