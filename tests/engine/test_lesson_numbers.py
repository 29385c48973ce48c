"""Placeholders quote the engine's own numbers: the chain-rule tree, the history, the verdict."""

import math
import random

import numpy as np
import pytest

from gradsim.engine import edits
from gradsim.engine.chain_rule import derive
from gradsim.engine.diagnosis import diagnose
from gradsim.engine.lesson_numbers import (Quantity, RunView, check_name, meaning, number_text, placeholders, render,
                                           resolve, split)
from gradsim.engine.presets import load_preset
from gradsim.engine.text import Text
from gradsim.engine.trainer import Trainer


def values(trainer, *names, selected=None):
    got = resolve(names, trainer, selected)
    return {n: None if got[n] is None else got[n].value for n in names}


def test_the_lecture_numbers_come_from_the_network():
    t = Trainer(load_preset("seed-2-2-2"))
    v = values(t, "E_total", "E_o1", "E_o2", "out_i1", "out_h1", "out_o1", "net_h1", "target_o1", "w5", "dE_dw5",
               "dE_dw1", "fprime_o1", "dE_dout_o1", "dE_dnet_o1", "path_o1_h1", "path_o2_h1", "dE_dout_h1")
    assert v["E_total"] == pytest.approx(0.298371109, abs=1e-9)  # the lecture's hand computation
    assert v["E_o1"] + v["E_o2"] == pytest.approx(v["E_total"], rel=1e-12)
    assert (v["out_i1"], v["target_o1"], v["w5"]) == (0.05, 0.01, 0.4)
    assert v["net_h1"] == pytest.approx(0.15 * 0.05 + 0.20 * 0.10 + 0.35)
    assert v["dE_dout_o1"] == pytest.approx(v["out_o1"] - 0.01)
    assert v["fprime_o1"] == pytest.approx(v["out_o1"] * (1 - v["out_o1"]))
    assert v["dE_dnet_o1"] == pytest.approx(v["dE_dout_o1"] * v["fprime_o1"])
    # the same numbers as the chain-rule panel's tree, node for node
    w5 = {n.name: n.value for n in derive(t, k=1, j=0, i=0).tree.walk()}
    assert v["dE_dw5"] == pytest.approx(w5["∂E/∂w5"], rel=1e-12) == pytest.approx(0.082167041, abs=1e-9)
    assert (v["dE_dout_o1"], v["fprime_o1"], v["out_h1"]) == (w5["∂E/∂out_o1"], w5["∂out_o1/∂net_o1"],
                                                                w5["∂net_o1/∂w5"])
    w1 = {n.name: n.value for n in derive(t, k=0, j=0, i=0).tree.walk()}
    assert v["path_o1_h1"] == pytest.approx(w1["∂E_o1/∂out_h1"], rel=1e-12)
    assert v["path_o2_h1"] == pytest.approx(w1["∂E_o2/∂out_h1"], rel=1e-12)
    assert v["dE_dout_h1"] == pytest.approx(w1["∂E/∂out_h1"], rel=1e-12)
    assert v["dE_dw1"] == pytest.approx(0.000438568, abs=1e-9)
    t.step()
    assert values(t, "w5")["w5"] == pytest.approx(0.35891648, abs=1e-8)  # the lecture's w5⁺
    assert values(t, "E_total")["E_total"] == pytest.approx(t.evaluate(t.x_train, t.t_train), rel=1e-12)
    assert values(t, "E_total")["E_total"] < 0.298371109


def test_the_selected_weight_and_the_product_of_gains():
    t = Trainer(load_preset("deep-sigmoid"))
    t.run(5)
    d = derive(t, k=0, j=1, i=0)
    v = values(t, "weight", "weight_value", "dE_dweight", "gain_product", "W1_1_0", "dE_dW1_1_0", selected=(0, 1, 0))
    assert v["weight"] == "W1[1,0]" and v["weight_value"] == t.network.W[0][1, 0] == v["W1_1_0"]
    assert v["dE_dweight"] == pytest.approx(d.total, rel=1e-9) and v["dE_dW1_1_0"] == pytest.approx(d.backprop)
    assert v["gain_product"] == pytest.approx(d.hidden_flow, rel=1e-12)
    assert values(t, "weight", "gain_product") == {"weight": None, "gain_product": None}  # nothing selected


def test_run_numbers_are_the_history_and_the_verdict():
    t = Trainer(load_preset("deep-sigmoid"))
    assert values(t, "flow", "grad_norm_1", "loss", "gain_min") == dict.fromkeys(
        ["flow", "grad_norm_1", "loss", "gain_min"])  # no step yet: no measurement
    t.run(30)
    h = t.history
    v = values(t, "step", "loss", "loss_first", "flow", "gain_min", "gain_max", "grad_norm_1", "gain_3",
               "update_ratio_10", "dead_2", "out_grad_norm_11", "clip_norm_before", "lr", "sigma_prime_max", "verdict")
    assert v["step"] == 30 and v["loss"] == h.column("loss")[-1] and v["loss_first"] == h.column("loss")[0]
    assert v["grad_norm_1"] == h.column("grad_norm")[-1, 0] and v["gain_3"] == h.column("backward_gain")[-1, 2]
    assert v["update_ratio_10"] == h.column("update_ratio")[-1, 9]
    assert v["out_grad_norm_11"] == h.column("out_grad_norm")[-1, 10]
    gains = h.column("backward_gain")[-1, :10]
    assert (v["gain_min"], v["gain_max"]) == (gains.min(), gains.max())
    assert v["lr"] == 0.1 and v["sigma_prime_max"] == 0.25
    verdict = diagnose(h, t.diagnosis_context)
    assert v["verdict"] == verdict.text and isinstance(v["verdict"], Text)
    # {flow} as written is the ratio the verdict quotes
    assert render("{flow}", resolve(["flow"], t)) in verdict.text
    og = h.column("out_grad_norm")[-10:]
    assert v["flow"] == pytest.approx(float(np.median(og[:, 0] / og[:, 9])), rel=1e-12)


def test_numbers_through_time_are_the_recurrent_runs_norms_over_the_time_steps():
    rnn, lstm = Trainer(load_preset("rnn-vanishing")), Trainer(load_preset("rnn-lstm"))
    assert values(rnn, "seq_len", "time_reach") == {"seq_len": 30, "time_reach": None}  # no step yet
    for t in (rnn, lstm):
        t.run(3)
    v = values(rnn, "time_reach", "cell_reach")
    g = rnn.history.column("time_grad_norm")[-1]
    assert v["time_reach"] == g[0] / g[-1] and v["time_reach"] < 1e-6
    assert v["cell_reach"] is None  # a plain RNN has no cell state: written as a dash
    w = values(lstm, "time_reach", "cell_reach")
    c, h = lstm.history.column("cell_grad_norm")[-1], lstm.history.column("time_grad_norm")[-1]
    assert w == {"time_reach": h[0] / h[-1], "cell_reach": c[0] / c[-1]} and w["cell_reach"] > w["time_reach"]
    assert render("{time_reach}", resolve(["time_reach"], rnn)) in diagnose(rnn.history, rnn.diagnosis_context).text
    # the feed-forward chain rule's numbers do not exist on a recurrent run: a dash, not a crash
    assert values(rnn, "E_total", "gain_product", selected=(0, 0, 0)) == {"E_total": None, "gain_product": None}
    for name in ("seq_len", "time_reach", "cell_reach"):
        check_name(name, rnn.spec, trained=True, selected=False)
        with pytest.raises(ValueError, match="does not exist on preset deep-sigmoid"):
            check_name(name, load_preset("deep-sigmoid"), trained=True, selected=False)
    with pytest.raises(ValueError, match="must train at least one step"):
        check_name("time_reach", rnn.spec, trained=False, selected=False)


def test_the_overflow_step_is_known_only_once_the_run_stopped():
    t = Trainer(load_preset("deep-exploding"))
    assert values(t, "nonfinite_step")["nonfinite_step"] is None
    t.run(50)
    assert t.stopped and values(t, "nonfinite_step")["nonfinite_step"] == t.nonfinite.step
    assert render("{nonfinite_step}", resolve(["nonfinite_step"], t)) == str(t.nonfinite.step)


def test_a_placeholder_the_edited_network_lacks_is_written_as_a_dash():
    spec = edits.remove_layer(load_preset("deep-sigmoid"), 10)
    t = Trainer(spec)
    t.run(2)
    got = resolve(["grad_norm_11", "grad_norm_10", "gain_product"], t, selected=(10, 0, 0))
    assert got["grad_norm_11"] is None and got["grad_norm_10"] is not None
    assert got["gain_product"] is None  # a weight that no longer exists
    assert render("‖∂L/∂W11‖ = {grad_norm_11}", got) == "‖∂L/∂W11‖ = —"


def test_a_run_view_reads_any_history_like_record():
    t = Trainer(load_preset("deep-sigmoid"))
    t.run(12)
    view = RunView(t.spec, t.step_count, t.history, None, [], t.diagnosis_context)
    assert render("{flow} {step}", resolve(["flow", "step"], t, run=view)) == render("{flow} {step}",
                                                                                    resolve(["flow", "step"], t))


@pytest.mark.parametrize("value, six, three", [
    (0.0821670405, "0.0821670", "0.0822"), (4.385677e-4, "0.000438568", "0.000439"), (0.05, "0.05", "0.05"),
    (0.4, "0.4", "0.4"), (-0.019049118, "−0.0190491", "−0.0190"), (1.24031e-7, "1.24031×10⁻⁷", "1.24×10⁻⁷"),
    (1.2403e-7, "1.2403×10⁻⁷", "1.24×10⁻⁷"),
    (1e-7, "1×10⁻⁷", "1×10⁻⁷"), (123456.7, "1.23457×10⁵", "1.23×10⁵"), (0.0, "0", "0"),
    (math.inf, "∞", "∞"), (-math.inf, "−∞", "−∞"), (math.nan, "—", "—"), (367.00123, "367.001", "367")])
def test_numbers_are_written_as_the_chain_rule_panel_writes_them(value, six, three):
    assert number_text(value) == six and number_text(value, 3) == three


def test_styles():
    assert Quantity(1234567, "count").text() == "1,234,567"
    assert Quantity(0.5, "percent").text() == "50%"
    assert Quantity(1.84e-5, "ratio").text() == "1.8e-5" and Quantity(294.2, "ratio").text() == "294"
    assert Quantity(0.3901, "gain").text() == "0.390"
    assert Quantity("W1[0,0]", "name").text(lambda s: "X") == "W1[0,0]"
    assert Quantity(Text("No training step yet"), "text").text(lambda s: "还没有训练") == "还没有训练"
    assert Quantity(Text("x"), "text").number is None and Quantity(math.inf).number is None
    assert Quantity(2, "count").number == 2.0


def test_templates_braces_and_names():
    assert placeholders("∂E/∂w5 = {dE_dw5}, {{literal}} and {flow}") == ["dE_dw5", "flow"]
    assert render("{{x}} = {x}", {"x": Quantity(0.5)}) == "{x} = 0.5"
    assert render("{missing}", {}) == "—"
    for bad in ("a { b", "a } b", "{not a name}", "{}", "{1x}", "open {flow"):
        with pytest.raises(ValueError) as exc:
            placeholders(bad)
        assert isinstance(exc.value.args[0], Text)


def test_names_are_checked_against_the_steps_network():
    seed, deep = load_preset("seed-2-2-2"), load_preset("deep-sigmoid")
    for name in ("dE_dw5", "w8", "out_i2", "E_o2", "path_o2_h1", "fprime_h2", "verdict", "step"):
        check_name(name, seed, trained=False, selected=False)
    for name in ("grad_norm_11", "gain_10", "flow", "W11_0_7", "dE_dW1_7_1", "path_h2_3_h1_1", "out_h10_7"):
        check_name(name, deep, trained=True, selected=False)
    bad = [("nope", seed, "unknown placeholder {nope}"), ("dE_dw9", seed, "{dE_dw9} does not exist on preset"),
           ("out_h3", seed, "does not exist"), ("E_o1", deep, "does not exist"),  # bce, not the lecture's loss
           ("path_o1_i1", seed, "does not exist"), ("path_h1_o1", seed, "does not exist"),
           ("fprime_i1", seed, "does not exist"), ("dE_dout_i1", seed, "does not exist"),
           ("grad_norm_12", deep, "does not exist"), ("W12_0_0", deep, "does not exist"),
           ("flow", seed, "does not exist"), ("w5", deep, "does not exist")]
    for name, spec, message in bad:
        with pytest.raises(ValueError) as exc:
            check_name(name, spec, trained=True, selected=True)
        assert message in str(exc.value), (name, str(exc.value))
    with pytest.raises(ValueError, match="must train at least one step"):
        check_name("flow", deep, trained=False, selected=True)
    with pytest.raises(ValueError, match="must select one"):
        check_name("gain_product", deep, trained=True, selected=False)


def test_every_family_parses_and_splits_by_where_it_is_computed():
    assert meaning("gain_3").quantity == "gain" and meaning("out_grad_norm_2").quantity == "out_grad_norm"
    assert meaning("path_h3_2_h2_1").args == ("h3_2", "h2_1")
    assert meaning("dE_dweight").needs_selection and meaning("flow").needs_history
    assert meaning("w") is None and meaning("grad_norm") is None
    run, network = split(["flow", "dE_dw5", "verdict", "E_total", "nope"])
    assert run == {"flow", "verdict"} and network == {"dE_dw5", "E_total"}


def test_random_names_never_crash_the_checker():
    rng = random.Random(4)
    spec = load_preset("seed-2-2-2")
    t = Trainer(spec)
    t.step()
    parts = ["out", "net", "dE", "d", "w", "W", "path", "h", "o", "i", "_", "1", "2", "12", "0", "gain", "E", "total"]
    for _ in range(2000):
        name = "".join(rng.choice(parts) for _ in range(rng.randint(1, 6)))
        try:
            check_name(name, spec, trained=True, selected=True)
        except ValueError as exc:
            assert isinstance(exc.args[0], Text)
        else:  # a name that checks out has a value on the lecture's network
            assert resolve([name], t, selected=(1, 0, 0))[name] is not None, name
