"""The command line on recurrent networks: the JSON document's additions, CSV columns, derive's tree,
options that belong to one kind of network, and one-line refusals."""

import csv
import json

import numpy as np
import pytest

from gradsim.cli import main
from gradsim.engine import fileformat
from gradsim.engine.chain_rule import combine
from gradsim.engine.metrics import LAYER_KEYS
from gradsim.engine.presets import RECURRENT_PRESETS


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_presets_lists_the_recurrent_ones(capsys):
    code, out, _ = run(capsys, "presets")
    names = [line.split()[0] for line in out.splitlines()]
    assert code == 0 and names[-len(RECURRENT_PRESETS):] == list(RECURRENT_PRESETS)


def test_run_json_adds_the_recurrent_fields(capsys):
    code, out, _ = run(capsys, "run", "--preset", "rnn-lstm", "--steps", "3", "--seq-len", "5", "--hidden", "4",
                       "--json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["config", "data", "initial", "history", "final", "steps_completed", "nonfinite", "test_loss",
                         "diagnosis"]
    cfg = doc["config"]
    assert (cfg["cell"], cfg["seq_len"], cfg["hidden_size"], cfg["bptt"], cfg["sizes"]) == ("lstm", 5, 4, None,
                                                                                            [1, 4, 1])
    inputs = np.array(doc["data"]["inputs"])
    assert inputs.shape == (410, 5, 1) and set(inputs[:, 0, 0]) == {-1.0, 1.0}   # [sample][t][feature]
    assert np.array(doc["data"]["targets"]).shape == (410, 1)
    for part in ("initial", "final"):
        rec = doc[part]["recurrent"]
        assert rec["cell"] == "lstm" and np.shape(rec["weight_ih"]) == (16, 1) and np.shape(rec["weight_hh"]) == (16, 4)
        assert np.shape(rec["bias_ih"]) == np.shape(rec["bias_hh"]) == (16,)
        assert np.shape(doc[part]["layers"][0]["weights"]) == (1, 4)               # the readout, out × in
    assert doc["initial"]["recurrent"]["weight_hh"] != doc["final"]["recurrent"]["weight_hh"]
    row = doc["history"][0]
    assert list(row) == ["step", "loss", *LAYER_KEYS, "clip_norm_before", "clip_norm_after", "time_grad_norm",
                         "time_gain", "cell_grad_norm", "gate_mean", "recurrent_grad_norm", "time_flow", "nonfinite"]
    assert len(row["time_grad_norm"]) == 5 and len(row["time_gain"]) == 4 and len(row["gate_mean"]) == 5
    assert list(row["recurrent_grad_norm"]) == ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]
    g = row["time_grad_norm"]
    assert row["time_gain"] == pytest.approx([g[t - 1] / g[t] for t in range(1, 5)], rel=1e-12)
    assert doc["diagnosis"]["level"] in ("healthy", "converged")


def test_an_overflow_row_and_the_diagnosis_name_the_time_step(capsys):
    code, out, _ = run(capsys, "run", "--preset", "rnn-exploding", "--steps", "10", "--seed", "1", "--json")
    doc = json.loads(out)
    last = doc["history"][-1]
    assert code == 0 and last["nonfinite"] == doc["nonfinite"] and doc["nonfinite"]["time"] == 3
    assert last["time_grad_norm"] is None and last["recurrent_grad_norm"] is None
    assert doc["diagnosis"]["level"] == "nonfinite" and "at time step 3 of step 3" in doc["diagnosis"]["text"]


def test_csv_has_a_column_per_time_step(tmp_path, capsys):
    out = tmp_path / "h.csv"
    code, _, _ = run(capsys, "run", "--preset", "rnn-irnn", "--steps", "4", "--seq-len", "3", "--out", str(out))
    rows = list(csv.reader(out.open()))
    head = rows[0]
    assert code == 0 and len(rows) == 5
    assert head[head.index("clip_norm_after") + 1:] == [
        "time_grad_norm_1", "time_grad_norm_2", "time_grad_norm_3", "time_gain_2", "time_gain_3",
        "recurrent_grad_norm_weight_ih", "recurrent_grad_norm_weight_hh", "recurrent_grad_norm_bias_ih",
        "recurrent_grad_norm_bias_hh", "time_flow", "hidden_dead", "dead_step", "nonfinite"]
    assert all(len(r) == len(head) for r in rows)


def test_the_human_summary_lists_the_gradient_reaching_each_time_step(capsys):
    code, out, _ = run(capsys, "run", "--preset", "rnn-vanishing", "--steps", "5")
    assert code == 0
    assert "diagnosis: vanishing — Vanishing through time: the gradient reaching the hidden state at time step 1" in out
    assert "  t=1 " in out and "  t=30 " in out


def test_options_change_the_recurrent_network(tmp_path, capsys):
    code, out, _ = run(capsys, "run", "--preset", "rnn-vanishing", "--steps", "2", "--json", "--cell", "gru",
                       "--bptt", "4", "--task", "sine-next", "--init", "identity", "--init-scale", "0.9",
                       "--optimizer", "adam", "--lr", "0.01", "--clip", "2", "--seed", "3")
    cfg = json.loads(out)["config"]
    assert code == 0
    assert (cfg["cell"], cfg["bptt"], cfg["dataset"], cfg["loss"], cfg["output_activation"]) == \
        ("gru", 4, "sine-next", "mse", "linear")
    assert cfg["recurrent_init"] == {"name": "identity", "gain": 0.9}
    assert (cfg["optimizer"], cfg["lr"], cfg["clip_value"], cfg["seed"]) == ("adam", 0.01, 2.0, 3)
    assert np.array(json.loads(out)["data"]["targets"]).shape == (410, 30, 1)


def test_save_then_continue_from_the_file(tmp_path, capsys):
    path = tmp_path / "lstm.gradsim"
    assert run(capsys, "run", "--preset", "rnn-gru", "--steps", "6", "--save", str(path))[0] == 0
    spec = fileformat.load(path)
    assert spec.recurrent.cell == "gru" and spec.saved_step == 6
    code, out, _ = run(capsys, "run", "--topology", str(path), "--steps", "2", "--json")
    assert code == 0 and [e["step"] for e in json.loads(out)["history"]] == [7, 8]


def test_derive_writes_a_sum_over_the_time_steps(capsys):
    code, out, _ = run(capsys, "derive", "--preset", "rnn-lstm", "--weight", "weight_hh[20,3]", "--steps", "2",
                       "--sample", "2", "--json")
    d = json.loads(out)
    assert code == 0 and (d["matrix"], d["row"], d["column"], d["gate"], d["unit"]) == ("weight_hh", 20, 3, "f", 4)
    assert d["gradient"] == pytest.approx(d["backprop"], rel=1e-9) and d["sample"] == 2 and d["step"] == 2

    def holds(node):
        if node["children"]:
            assert combine(node["op"], [c["value"] for c in node["children"]]) == pytest.approx(node["value"], rel=1e-9)
            for c in node["children"]:
                holds(c)

    holds(d["tree"])
    holds(d["gain_tree"])
    sample = next(c for c in d["tree"]["children"] if c["children"])
    assert sample["op"] == "sum" and len(sample["children"]) == 30
    assert [c["t"] for c in d["time_chain"]] == list(range(30, 0, -1))
    code, out, _ = run(capsys, "derive", "--preset", "rnn-vanishing", "--weight", "weight_hh[0,0]")
    assert code == 0 and "verdict: vanishing — Vanishing through time" in out and "‖∂E/∂h_1‖ = ‖∂E/∂h_30‖" in out


@pytest.mark.parametrize("argv, message", [
    (["run", "--preset", "deep-sigmoid", "--cell", "lstm"], "--cell: only for a recurrent network"),
    (["run", "--preset", "xor", "--seq-len", "5"], "--seq-len: only for a recurrent network"),
    (["run", "--preset", "xor", "--init", "identity"], "--init identity: only for a recurrent network's weight_hh"),
    (["run", "--preset", "rnn-lstm", "--seq-len", "0"], "--seq-len: must be a whole number between 1 and 1000, got 0"),
    (["run", "--preset", "rnn-lstm", "--hidden", "5000"], "--hidden: must be a whole number between 1 and 1024"),
    (["run", "--preset", "rnn-lstm", "--bptt", "0"], "argument --bptt: must be at least 1 (or 'full')"),
    (["run", "--preset", "rnn-lstm", "--seq-len", "1000", "--hidden", "1024"], "--seq-len: this run would need about"),
    (["run", "--preset", "rnn-lstm", "--spectral-radius", "1000"], "--spectral-radius: must be a number between 0"),
    (["run", "--preset", "rnn-lstm", "--width", "4"], "--width: a recurrent network's hidden layer is set by --hidden"),
    (["run", "--preset", "rnn-lstm", "--activation", "relu"], "--activation: a recurrent network's units are set by"),
    (["run", "--preset", "rnn-lstm", "--init", "lsuv"], "--init lsuv: fits feed-forward layers"),
    (["run", "--preset", "rnn-lstm", "--loss", "cross-entropy"], "training.loss: cross-entropy with softmax needs"),
    (["derive", "--preset", "rnn-gru", "--weight", "weight_hh[48,0]"], "weight 'weight_hh[48,0]': weight_hh has shape"),
    (["derive", "--preset", "rnn-gru", "--weight", "W1[0,0]"], "weight 'W1[0,0]': expected weight_ih[j,i], weight_hh[j,i] or readout"),
    (["derive", "--preset", "rnn-gru", "--weight", "readout[0,0]", "--sample", "40"], "--sample: the batch has 32"),
    (["stats", "--preset", "rnn-gru"], "stats: the per-layer statistics are for feed-forward networks"),
])
def test_bad_arguments_give_one_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith("gradsim: error: " + message), err
