"""The lecture's 2-2-2 network reproduces the classic hand computation (its textbook values)."""

import numpy as np
import pytest

from gradsim.engine.chain_rule import derive
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer


@pytest.fixture
def trainer():
    return Trainer(load_preset("seed-2-2-2"))


def test_forward_pass_matches_hand_computation(trainer):
    net = trainer.network
    net.forward(trainer.x_train)
    assert net.z[0][0, 0] == pytest.approx(0.3775, abs=1e-12)                   # net_h1
    assert net.a[1][0] == pytest.approx([0.593269992, 0.596884378], abs=1e-9)   # out_h1, out_h2
    assert net.a[2][0] == pytest.approx([0.75136507, 0.772928465], abs=1e-8)    # out_o1, out_o2
    assert net.loss_value(trainer.t_train, "half-sse") == pytest.approx(0.298371109, abs=1e-9)


def test_backward_pass_and_update_match_hand_computation(trainer):
    trainer.step()
    dW = trainer.network.dW
    assert dW[1][0, 0] == pytest.approx(0.082167041, abs=1e-9)   # ∂E/∂w5
    assert dW[0][0, 0] == pytest.approx(0.000438568, abs=1e-9)   # ∂E/∂w1
    W1, W2 = trainer.network.W
    # updated weights w1..w8 (learning rate 0.5, gradients at the old weights)
    assert W2.ravel() == pytest.approx([0.35891648, 0.408666186, 0.511301270, 0.561370121], abs=1e-8)
    assert W1.ravel() == pytest.approx([0.149780716, 0.19956143, 0.24975114, 0.29950229], abs=1e-8)
    assert trainer.network.b[0] == pytest.approx([0.35, 0.35])  # biases are not trained
    assert trainer.network.b[1] == pytest.approx([0.60, 0.60])


def test_loss_falls_with_training(trainer):
    trainer.run(1000)
    loss = trainer.history.column("loss")
    assert loss[0] == pytest.approx(0.298371109, abs=1e-9)
    assert loss[-1] < 0.01 * loss[0]
    assert np.all(np.diff(loss) < 0)


def test_weight_names_follow_the_lecture(trainer):
    spec = trainer.spec
    assert [spec.weight_label(0, 0, 0), spec.weight_label(0, 0, 1), spec.weight_label(0, 1, 0),
            spec.weight_label(1, 0, 0), spec.weight_label(1, 1, 1)] == ["w1", "w2", "w3", "w5", "w8"]
    assert spec.parse_weight("w6") == (1, 0, 1)
    assert spec.parse_weight("W2[1,0]") == (1, 1, 0)
    with pytest.raises(ValueError, match="w1..w8"):
        spec.parse_weight("w9")


def test_derivation_of_w5_has_three_factors(trainer):
    d = derive(trainer, k=1, j=0, i=0)
    factors = d.tree.children
    assert d.tree.op == "product" and d.batch_size == 1
    assert [f.name for f in factors] == ["∂E/∂out_o1", "∂out_o1/∂net_o1", "∂net_o1/∂w5"]
    assert [f.value for f in factors] == pytest.approx([0.74136507, 0.186815602, 0.593269992], abs=1e-8)
    assert d.total == pytest.approx(0.082167041, abs=1e-9)


def test_derivation_of_w1_adds_the_paths_through_o1_and_o2(trainer):
    d = derive(trainer, k=0, j=0, i=0)
    paths, fprime, a_in = d.tree.children
    assert [p.name for p in paths.children] == ["∂E_o1/∂out_h1", "∂E_o2/∂out_h1"]
    assert paths.children[0].value == pytest.approx(0.055399425, abs=1e-9)   # ∂E_o1/∂out_h1
    assert paths.children[1].value == pytest.approx(-0.019049119, abs=1e-9)  # ∂E_o2/∂out_h1
    assert [fprime.value, a_in.value] == pytest.approx([0.241300709, 0.05], abs=1e-9)
    assert d.total == pytest.approx(0.000438568, abs=1e-9)
    assert d.total == pytest.approx(d.backprop, rel=1e-12)
