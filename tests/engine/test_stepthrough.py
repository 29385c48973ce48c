"""Step-through stages on the seed preset reproduce the lecture's hand computation."""

import math

import numpy as np
import pytest

from gradsim.engine.presets import load_preset
from gradsim.engine.stepthrough import StepThrough, build_stages
from gradsim.engine.trainer import Trainer


def sig(x):
    return 1 / (1 + math.exp(-x))


def hand(w, lr=0.5):
    """The seed example computed independently, straight from the lecture's formulas."""
    i1, i2, b1, b2, t1, t2 = 0.05, 0.10, 0.35, 0.60, 0.01, 0.99
    nh1 = w[0] * i1 + w[1] * i2 + b1
    nh2 = w[2] * i1 + w[3] * i2 + b1
    oh1, oh2 = sig(nh1), sig(nh2)
    oo1 = sig(w[4] * oh1 + w[5] * oh2 + b2)
    oo2 = sig(w[6] * oh1 + w[7] * oh2 + b2)
    E = 0.5 * (t1 - oo1) ** 2 + 0.5 * (t2 - oo2) ** 2
    d1, d2 = (oo1 - t1) * oo1 * (1 - oo1), (oo2 - t2) * oo2 * (1 - oo2)
    dh1 = (d1 * w[4] + d2 * w[6]) * oh1 * (1 - oh1)
    dh2 = (d1 * w[5] + d2 * w[7]) * oh2 * (1 - oh2)
    g = [dh1 * i1, dh1 * i2, dh2 * i1, dh2 * i2, d1 * oh1, d1 * oh2, d2 * oh1, d2 * oh2]
    return dict(net_h1=nh1, out_h1=oh1, out_o1=oo1, out_o2=oo2, E=E, g=g,
                new=[wi - lr * gi for wi, gi in zip(w, g)])


W0 = [0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55]


@pytest.fixture
def seed_trainer():
    return Trainer(load_preset("seed-2-2-2"))


def by_key(stages):
    return {s.key: s for s in stages}


def test_published_numbers(seed_trainer):
    s = by_key(build_stages(seed_trainer))
    assert s["forward-1"].value("net_h1") == pytest.approx(0.3775, abs=1e-12)
    assert s["forward-1"].value("out_h1") == pytest.approx(0.593269992, abs=1e-9)
    assert s["forward-2"].value("out_o1") == pytest.approx(0.75136507, abs=1e-8)
    assert s["forward-2"].value("out_o2") == pytest.approx(0.772928465, abs=1e-9)
    assert s["loss"].value("E_total") == pytest.approx(0.298371109, abs=1e-9)
    assert s["grad-2"].value("∂E/∂w5") == pytest.approx(0.082167041, abs=1e-9)
    assert s["grad-1"].value("∂E/∂w1") == pytest.approx(0.000438568, abs=1e-9)
    assert s["update"].value("w5⁺") == pytest.approx(0.35891648, abs=1e-8)
    assert s["update"].value("w1⁺") == pytest.approx(0.149780716, abs=1e-9)


def test_every_line_matches_independent_hand_computation(seed_trainer):
    h = hand(W0)
    s = by_key(build_stages(seed_trainer))
    for n in range(8):
        assert s["grad-1" if n < 4 else "grad-2"].value(f"∂E/∂w{n + 1}") == pytest.approx(h["g"][n], rel=1e-12)
        assert s["update"].value(f"w{n + 1}⁺") == pytest.approx(h["new"][n], rel=1e-12)
    # w1's two paths via o1 and o2 add up to ∂E/∂out_h1
    d = s["delta-1"]
    assert d.value("∂E_o1/∂out_h1") + d.value("∂E_o2/∂out_h1") == pytest.approx(d.value("∂E/∂out_h1"))
    assert d.value("∂out_h1/∂net_h1") <= 0.25


def test_stage_order_and_highlights(seed_trainer):
    stages = build_stages(seed_trainer)
    assert [s.key for s in stages] == ["forward-1", "forward-2", "loss", "delta-2", "grad-2", "delta-1",
                                       "grad-1", "update"]
    assert [s.phase for s in stages] == ["forward"] * 2 + ["loss"] + ["backward"] * 4 + ["update"]
    s = by_key(stages)
    assert s["forward-1"].edges == [(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1)]
    assert (2, 0) in s["loss"].neurons and (0, 0) not in s["loss"].neurons
    assert set(s["grad-2"].edges) == {(1, j, i) for j in range(2) for i in range(2)}
    assert len(s["update"].edges) == 8
    for st in stages:
        assert st.title and st.lines
        for line in st.lines:
            assert line.symbol and line.formula and np.isfinite(line.value)
    # the formulas show the substituted numbers
    assert "0.15·0.05" in s["forward-1"].lines[0].formula


def test_stays_correct_as_training_proceeds_without_stepping(seed_trainer):
    before = [w.copy() for w in seed_trainer.network.W]
    walker = StepThrough(seed_trainer)
    assert seed_trainer.step_count == 0
    assert all(np.array_equal(a, b) for a, b in zip(before, seed_trainer.network.W))
    walker.next(); walker.next()
    assert walker.current.key == "loss"
    seed_trainer.run(3)
    w = [float(v) for m in seed_trainer.network.W for v in m.ravel()]
    walker.refresh(seed_trainer)
    assert walker.current.key == "loss"
    assert walker.current.value("E_total") == pytest.approx(hand(w)["E"], rel=1e-12)
    assert walker.current.value("E_total") < 0.298371109
    # the trainer's next real step applies exactly the update stage's numbers
    upd = by_key(walker.stages)["update"]
    seed_trainer.step()
    assert float(seed_trainer.network.W[1][0, 0]) == pytest.approx(upd.value("w5⁺"), rel=1e-12)


def test_cursor_bounds(seed_trainer):
    walker = StepThrough(seed_trainer)
    assert walker.prev().key == "forward-1"
    for _ in range(20):
        walker.next()
    assert walker.at_end and walker.current.key == "update"
    assert walker.reset().key == "forward-1"


def test_refuses_batchnorm_and_big_nets():
    with pytest.raises(ValueError, match="batch norm"):
        build_stages(Trainer(load_preset("deep-batchnorm")))
    with pytest.raises(ValueError, match="at most"):
        build_stages(Trainer(load_preset("spiral")))


def test_other_small_net_and_loss():
    t = Trainer(load_preset("xor"))  # 2-4-1 tanh + bce
    stages = by_key(build_stages(t))
    assert set(stages) >= {"forward-1", "forward-2", "loss", "delta-2", "grad-2", "delta-1", "grad-1", "update"}
    # gradients match the engine's own single-sample backward pass
    net = t.network
    net.forward(t.x_train[:1]); net.loss_value(t.t_train[:1], "bce"); net.backward(t.t_train[:1], "bce")
    assert stages["grad-1"].value("∂E/∂W1[2,1]") == pytest.approx(float(net.dW[0][2, 1]), rel=1e-12)
    assert "optimiser" not in stages["update"].note and "batch" in stages["update"].note


def test_stages_for_snapshot_parameters_match_live_trainer(seed_trainer):
    from gradsim.engine.stepthrough import stages_for

    seed_trainer.run(4)
    live = by_key(build_stages(seed_trainer))
    copied = by_key(stages_for(seed_trainer.spec, seed_trainer.network.W, seed_trainer.network.b))
    for key, stage in live.items():
        assert [l.value for l in stage.lines] == [l.value for l in copied[key].lines]
