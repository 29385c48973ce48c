"""``gradsim stats`` and ``--width`` (on run, derive and stats), run in-process."""

import json

import numpy as np
import pytest

from gradsim.cli import main
from gradsim.engine import distributions, fileformat, jacobian, theory
from gradsim.engine.presets import load_preset
from gradsim.engine.spec import RunSpec
from gradsim.engine.topology import LayerSpec, Topology
from gradsim.engine.trainer import Trainer

LAYER_KEYS = {"name", "act_mean", "act_std", "predicted_act_std", "grad_std", "predicted_gain", "measured_gain",
              "saturated", "dead", "histograms"}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("steps", ["0", "5"])
def test_stats_json_has_the_documented_shape(capsys, steps):
    code, out, err = run(capsys, "stats", "--preset", "deep-sigmoid", "--steps", steps, "--json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["step"] == int(steps) and doc["batch"] == 32 and doc["sizes"] == [2] + [8] * 10 + [1]
    layers = doc["layers"]
    assert [layer["name"] for layer in layers] == [f"layer {i}" for i in range(1, 11)] + ["output"]
    for layer, (n_in, n_out) in zip(layers, zip(doc["sizes"], doc["sizes"][1:])):
        assert LAYER_KEYS <= set(layer)
        assert set(layer["histograms"]) == {"preact", "act", "grad_act", "grad_w"}
        for q, h in layer["histograms"].items():
            assert set(h) >= {"edges", "counts", "below", "above"} and len(h["edges"]) == len(h["counts"]) + 1
            total = sum(h["counts"]) + h["below"] + h["above"] + h["nan"]
            assert total == (n_in * n_out if q == "grad_w" else 32 * n_out)
    hidden = layers[1:-1]
    assert all(isinstance(layer["predicted_act_std"], float) and isinstance(layer["predicted_gain"], float)
               for layer in hidden)
    assert layers[0]["predicted_gain"] is None and "fan-in 2" in layers[0]["no_prediction"]["gain"]
    assert layers[-1]["predicted_act_std"] is None and layers[-1]["no_prediction"]["act"]
    svs = doc["jacobian_singular_values"]
    assert len(svs) == 4 and all(len(sv) == 8 and sv == sorted(sv, reverse=True) for sv in svs)
    assert doc["jacobian"]["of"] == "∂a10/∂a1" and doc["jacobian"]["reason"] is None
    assert doc["assumptions"].startswith("Predicted at initialisation by the mean-field recursion")


def test_stats_json_is_the_engine_s_numbers(capsys):
    code, out, _ = run(capsys, "stats", "--preset", "deep-relu", "--width", "64", "--init", "he_normal", "--json")
    doc = json.loads(out)
    spec = load_preset("deep-relu")
    for layer in spec.topology.hidden:
        layer.size = 64
    spec.weight_init.name = "he_normal"
    tr = Trainer(spec)
    d = distributions.take(tr)
    pred = theory.predict(spec, d.inputs)
    for layer, dl, p in zip(doc["layers"], d.layers, pred):
        assert layer["act_std"] == pytest.approx(dl.std["act"], rel=1e-12)
        assert layer["measured_gain"] == pytest.approx(dl.gain, rel=1e-12)
        assert layer["predicted_act_std"] == (None if p.act_std is None else pytest.approx(p.act_std, rel=1e-12))
        assert layer["histograms"]["grad_w"]["counts"] == dl.histograms["grad_w"].counts.tolist()


def test_stats_after_training_reads_the_current_weights(capsys):
    code, out, _ = run(capsys, "stats", "--preset", "deep-residual", "--steps", "5", "--json")
    doc = json.loads(out)
    tr = Trainer(load_preset("deep-residual"))
    tr.run(5)
    net, source = distributions.current_pass(tr, fresh=True)
    assert source == distributions.FRESH_PASS and doc["step"] == 5
    assert np.array_equal(net.a[0], tr.peek_batch()[0])
    expected = jacobian.spectrum(net).singular_values
    assert doc["jacobian_singular_values"] == [pytest.approx(sv.tolist(), rel=1e-12) for sv in expected]
    assert doc["layers"][2]["act_std"] == pytest.approx(float(net.a[3].std()), rel=1e-12)


def test_stats_human_output_is_a_per_layer_table(capsys):
    code, out, _ = run(capsys, "stats", "--preset", "deep-sigmoid", "--width", "32")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == ("deep-sigmoid: sizes 2-32-32-32-32-32-32-32-32-32-32-1, the initial weights, on the batch "
                        "the next step would take (32 samples)")
    header = next(i for i, line in enumerate(lines) if line.split()[:3] == ["layer", "width", "act"])
    rows = lines[header + 1:header + 12]
    assert [r.split()[0] for r in rows] == [str(i) for i in range(1, 11)] + ["out"]
    assert all(r.split()[1] == "32" for r in rows[:-1])
    assert any(line.startswith("Jacobian ∂a10/∂a1 at 4 sample(s): singular values from") for line in lines)
    assert "no predicted gain for layer 1: fan-in 2 and 32 unit(s)" in out
    assert "Predicted at initialisation by the mean-field recursion" in out and "Traceback" not in out


def test_stats_without_a_jacobian_or_predictions_says_why(capsys):
    code, out, _ = run(capsys, "stats", "--preset", "seed-2-2-2", "--json")
    doc = json.loads(out)
    assert doc["jacobian_singular_values"] is None and "1 hidden layer(s)" in doc["jacobian"]["reason"]
    assert all(layer["predicted_act_std"] is None and "explicit values" in layer["no_prediction"]["act"]
               for layer in doc["layers"])
    code, out, _ = run(capsys, "stats", "--preset", "seed-2-2-2")
    assert "Jacobian: no Jacobian: it runs from the first hidden layer to the last" in out


def test_stats_after_a_run_that_blew_up(capsys):
    code, out, _ = run(capsys, "stats", "--preset", "deep-exploding", "--steps", "200", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["nonfinite"] is not None
    assert doc["step"] == doc["nonfinite"]["step"] - 1
    code, out, _ = run(capsys, "stats", "--preset", "deep-exploding", "--steps", "200")
    assert code == 0 and "Non-finite" in out.splitlines()[1]


@pytest.mark.parametrize("init", ["orthogonal", "lsuv"])
def test_new_initialisers_on_the_command_line(capsys, init):
    code, out, _ = run(capsys, "run", "--preset", "deep-sigmoid", "--init", init, "--steps", "2", "--json")
    assert code == 0 and json.loads(out)["config"]["init"] == {"name": init}
    code, out, _ = run(capsys, "stats", "--preset", "deep-relu", "--init", init, "--init-scale", "1.4", "--json")
    assert code == 0 and json.loads(out)["layers"][3]["predicted_gain"] is not None


def test_width_on_run_derive_and_stats(capsys):
    code, out, _ = run(capsys, "run", "--preset", "deep-residual", "--width", "5", "--steps", "1", "--json")
    cfg = json.loads(out)["config"]
    assert code == 0 and cfg["sizes"] == [2] + [5] * 10 + [1]
    assert cfg["residual_from"] == [None] + list(range(1, 10)) + [None]
    code, out, _ = run(capsys, "derive", "--preset", "deep-sigmoid", "--width", "3", "--weight", "W2[2,1]", "--json")
    assert code == 0 and json.loads(out)["weight"] == "W2[2,1]"
    code, out, err = run(capsys, "derive", "--preset", "deep-sigmoid", "--weight", "W2[2,5]", "--width", "3")
    assert code == 2 and "W2 has shape 3x3" in err
    code, out, _ = run(capsys, "stats", "--preset", "xor", "--width", "6", "--json")
    assert json.loads(out)["sizes"] == [2, 6, 1]
    # the seed's hand-set weights and their names were for 2 units: with --width they go
    code, out, err = run(capsys, "derive", "--preset", "seed-2-2-2", "--width", "3", "--weight", "w1")
    assert code == 2 and "expected a name like W2[0,1]" in err
    code, out, _ = run(capsys, "run", "--preset", "seed-2-2-2", "--width", "3", "--steps", "1", "--json")
    doc = json.loads(out)
    assert doc["config"]["sizes"] == [2, 3, 2] and doc["config"]["init"] == {"name": "uniform", "a": 0.0, "b": 1.0}


def test_width_drops_edge_masks_of_a_file(capsys, tmp_path):
    spec = load_preset("deep-sigmoid")
    spec.topology.masks = {1: np.eye(8, dtype=bool)}
    path = tmp_path / "masked.gradsim"
    fileformat.save(path, spec)
    code, out, _ = run(capsys, "stats", "--topology", str(path), "--json")
    assert sum(json.loads(out)["layers"][1]["histograms"]["grad_w"]["counts"]) == 8
    code, out, _ = run(capsys, "stats", "--topology", str(path), "--width", "4", "--json")
    assert code == 0 and sum(json.loads(out)["layers"][1]["histograms"]["grad_w"]["counts"]) == 16


@pytest.mark.parametrize("argv, message", [
    (["stats"], "one of the arguments --preset --topology is required"),
    (["stats", "--preset", "xor", "--width", "0"], "--width: must be between 1 and 4096, got 0"),
    (["stats", "--preset", "xor", "--width", "5000"], "--width: must be between 1 and 4096, got 5000"),
    (["run", "--preset", "xor", "--width", "wide"], "--width: expected a whole number, got 'wide'"),
    (["derive", "--preset", "xor", "--weight", "W1[0,0]", "--width", "-3"], "--width: must be >= 0"),
    (["stats", "--preset", "xor", "--steps", "-2"], "--steps: must be >= 0"),
    (["stats", "--preset", "xor", "--init", "glorot"], "invalid choice: 'glorot'"),
    (["stats", "--preset", "xor", "--out", "x.json"], "unrecognized arguments: --out x.json"),
    (["stats", "--preset", "deep-sigmoid", "--width", "4096"], "weights is more than gradsim trains"),
    (["stats", "--preset", "nope"], "unknown preset 'nope'"),
])
def test_bad_stats_and_width_arguments_give_one_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("gradsim: error:")


def test_width_on_a_network_without_hidden_layers(capsys, tmp_path):
    spec = RunSpec(Topology(2, [LayerSpec(1, "sigmoid")]))
    spec.data.name = "xor"
    spec.train.loss = "bce"
    path = tmp_path / "flat.gradsim"
    fileformat.save(path, spec)
    code, _, err = run(capsys, "run", "--topology", str(path), "--width", "4")
    assert code == 2 and err.strip() == "gradsim: error: --width: this network has no hidden layer"

