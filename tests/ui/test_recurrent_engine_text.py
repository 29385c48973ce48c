"""A recurrent run's engine text in Chinese: the verdict through time (with its translated fields),
the overflow naming the time step, the dead-step event, a derivation's meanings and the tasks."""

import pytest
from PySide6.QtWidgets import QApplication

from gradsim.engine.diagnosis import context_for, diagnose
from gradsim.engine.presets import load_preset
from gradsim.engine.recurrent_chain_rule import RecurrentDeriver
from gradsim.engine.trainer import Trainer
from gradsim.ui import i18n
from gradsim.ui.engine_text import dataset_description, event_text, nonfinite_text, translated


@pytest.fixture
def chinese(qapp):
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.install(QApplication.instance(), "en")


def test_recurrent_verdicts_and_messages_in_chinese(chinese):
    tr = Trainer(load_preset("rnn-vanishing"))
    tr.run(3)
    text = translated(diagnose(tr.history, context_for(tr)).text)
    assert text.startswith("跨时间梯度消失：梯度在第 1 个时间步到达隐藏状态时，只有在第 30 个时间步时的 1.8e-9")
    tr = Trainer(load_preset("rnn-lstm"))
    tr.run(3)
    assert "细胞状态" in translated(diagnose(tr.history, context_for(tr)).text)

    spec = load_preset("rnn-exploding")
    spec.train.seed = 1
    tr = Trainer(spec)
    tr.run(5)
    assert nonfinite_text(tr.nonfinite.to_dict()).startswith("第 3 步第 1 层在第 3 个时间步的激活值出现非有限值")
    spec.train.seed = 4
    tr = Trainer(spec)
    tr.run(5)
    assert event_text(tr.events[0].to_dict()).startswith("第 2 步时，循环层的每个单元在第 30 个时间步都已死亡")
    assert "Dead" not in translated(diagnose(tr.history, context_for(tr), None, tr.events).text)


def test_a_recurrent_derivation_and_the_tasks_in_chinese(chinese):
    d = RecurrentDeriver(Trainer(load_preset("rnn-lstm"))).derive("weight_hh", 19, 3)
    meanings = [translated(n.meaning) for n in d.tree.walk() if n.meaning]
    assert any(m.startswith("该权重由全部 30 个时间步共享") for m in meanings)
    assert any("遗忘门：细胞状态的加性路径" in m for m in meanings)
    assert not any("the " in m for m in meanings)
    assert dataset_description("memory") == "在 T 个时间步的最后一步回忆第一个输入（±1）"
