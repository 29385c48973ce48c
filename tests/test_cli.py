"""The headless command line, run in-process (``gradsim.cli.main``) and once as a real process."""

import csv
import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradsim.cli import main
from gradsim.engine import fileformat
from gradsim.engine.metrics import LAYER_KEYS
from gradsim.engine.presets import PRESETS, load_preset


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_presets_lists_one_line_each(capsys):
    code, out, _ = run(capsys, "presets")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == len(PRESETS)
    assert lines[0].startswith("seed-2-2-2 ")


def test_run_json_has_the_documented_shape(capsys):
    code, out, _ = run(capsys, "run", "--preset", "seed-2-2-2", "--steps", "3", "--json")
    assert code == 0
    doc = json.loads(out)
    cfg = doc["config"]
    for key in ("hidden_activations", "output_activation", "loss", "lr", "batch_size", "optimizer", "init", "seed"):
        assert key in cfg
    assert cfg["hidden_activations"] == ["sigmoid"] and cfg["loss"] == "half-sse"
    assert doc["data"] == {"inputs": [[0.05, 0.1]], "targets": [[0.01, 0.99]]}
    assert doc["initial"]["layers"][1]["weights"] == [[0.4, 0.45], [0.5, 0.55]]  # out × in, like torch
    assert doc["final"]["layers"][1]["weights"][0][0] != 0.4
    h = doc["history"]
    assert [e["step"] for e in h] == [1, 2, 3]
    assert h[0]["loss"] == pytest.approx(0.298371109, abs=1e-9)
    for key in LAYER_KEYS + ("clip_norm_before", "clip_norm_after", "nonfinite"):
        assert key in h[0]
    assert len(h[0]["grad_norm"]) == 2 and h[0]["nonfinite"] is None


def test_run_overrides(capsys):
    code, out, _ = run(capsys, "run", "--preset", "deep-sigmoid", "--steps", "2", "--json", "--activation", "relu",
                       "--init", "he_normal", "--lr", "0.05", "--batch-size", "8", "--optimizer", "adam",
                       "--clip", "1.5", "--seed", "3", "--loss", "mse")
    cfg = json.loads(out)["config"]
    assert code == 0
    assert set(cfg["hidden_activations"]) == {"relu"} and cfg["init"]["name"] == "he_normal"
    assert (cfg["lr"], cfg["batch_size"], cfg["optimizer"], cfg["seed"], cfg["loss"]) == (0.05, 8, "adam", 3, "mse")
    assert (cfg["clip_mode"], cfg["clip_value"]) == ("norm", 1.5)


def test_run_nonfinite_is_reported_not_raised(capsys):
    code, out, _ = run(capsys, "run", "--preset", "deep-exploding", "--steps", "100", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["nonfinite"]["message"].startswith("Non-finite")
    assert doc["history"][-1]["nonfinite"] == doc["nonfinite"]
    assert doc["steps_completed"] == doc["nonfinite"]["step"] - 1


def test_run_writes_csv_and_json(tmp_path, capsys):
    out_csv = tmp_path / "h.csv"
    code, out, _ = run(capsys, "run", "--preset", "xor", "--steps", "5", "--out", str(out_csv))
    assert code == 0 and "wrote" in out
    rows = list(csv.DictReader(out_csv.open()))
    assert len(rows) == 5 and {"step", "loss", "grad_norm_1", "backward_gain_2", "nonfinite"} <= set(rows[0])
    out_json = tmp_path / "h.json"
    assert run(capsys, "run", "--preset", "xor", "--steps", "5", "--out", str(out_json))[0] == 0
    assert len(json.loads(out_json.read_text())["history"]) == 5


def test_run_from_a_topology_file(tmp_path, capsys):
    path = tmp_path / "n.gradsim"
    fileformat.save(path, load_preset("circles"))
    code, out, _ = run(capsys, "run", "--topology", str(path), "--steps", "4")
    assert code == 0 and "steps 4" in out and "layer" in out


def test_human_summary_shows_vanishing(capsys):
    code, out, _ = run(capsys, "run", "--preset", "deep-sigmoid", "--steps", "10")
    assert code == 0
    ratio = float(out.strip().splitlines()[-1].split()[-1])
    assert ratio < 1e-4


def _tree_holds(node):
    from gradsim.engine.chain_rule import combine

    if node["children"]:
        want = combine(node["op"], [c["value"] for c in node["children"]])
        assert want == node["value"] or abs(want - node["value"]) <= 1e-9 * abs(node["value"]), node["name"]
        for c in node["children"]:
            _tree_holds(c)
    else:
        assert node["op"] == "leaf"


def test_derive_w5_and_w1_json(capsys):
    code, out, _ = run(capsys, "derive", "--preset", "seed-2-2-2", "--weight", "w5", "--json")
    d = json.loads(out)
    assert code == 0 and d["weight"] == "w5" and d["step"] == 0 and d["batch_size"] == 1 and d["sample"] == 1
    assert d["gradient"] == pytest.approx(0.082167041, abs=1e-9) and d["tree"]["value"] == d["gradient"]
    assert d["tree"]["op"] == "product"
    assert [c["name"] for c in d["tree"]["children"]] == ["∂E/∂out_o1", "∂out_o1/∂net_o1", "∂net_o1/∂w5"]
    assert d["verdict"]["level"] == "healthy" and d["verdict"]["text"]
    code, out, _ = run(capsys, "derive", "--preset", "seed-2-2-2", "--weight", "w1", "--json")
    d = json.loads(out)
    assert d["gradient"] == pytest.approx(0.000438568, abs=1e-9)
    paths = d["tree"]["children"][0]
    assert paths["op"] == "sum" and [p["name"] for p in paths["children"]] == ["∂E_o1/∂out_h1", "∂E_o2/∂out_h1"]
    _tree_holds(d["tree"])


def test_derive_steps_and_sample_on_a_batch_norm_net(capsys):
    code, out, _ = run(capsys, "derive", "--preset", "deep-batchnorm", "--weight", "W7[7,0]", "--steps", "10",
                       "--sample", "3", "--json")
    d = json.loads(out)
    assert code == 0 and d["step"] == 10 and d["batch_size"] == 32 and d["sample"] == 3
    root = d["tree"]
    assert root["op"] == "mean" and len(root["children"]) == 32 and root["value"] == d["gradient"]
    written = [c for c in root["children"] if c["children"]]
    assert len(written) == 1 and written[0]["sample"] == 3 and root["children"][2] is not None
    assert written[0]["children"][0]["kind"] == "bn"  # δ after batch norm's coupling, this sample's own
    assert d["gradient"] == pytest.approx(d["backprop"], rel=1e-9)
    assert d["verdict"]["level"] in ("healthy", "saturated", "converged")
    _tree_holds(root)
    code, _, err = run(capsys, "derive", "--preset", "deep-batchnorm", "--weight", "W7[7,0]", "--sample", "33")
    assert code == 2 and "--sample: the batch has 32 sample(s), 1..32" in err


def test_derive_general_weight_id_text(capsys):
    code, out, _ = run(capsys, "derive", "--preset", "deep-residual", "--weight", "W3[1,2]")
    assert code == 0 and "skip to layer 4" in out and "backprop's ∂E/∂W3[1,2]" in out
    assert "verdict: healthy" in out and "sample 1: ∂E/∂W3[1,2]" in out


def test_run_reports_the_diagnosis(capsys):
    code, out, _ = run(capsys, "run", "--preset", "deep-sigmoid", "--steps", "20", "--json")
    diag = json.loads(out)["diagnosis"]
    assert code == 0 and diag["level"] == "vanishing" and diag["text"].startswith("Vanishing: the gradient reaching")
    code, out, _ = run(capsys, "run", "--preset", "deep-exploding", "--steps", "20")
    assert "diagnosis: nonfinite — Overflow: Non-finite" in out
    code, out, _ = run(capsys, "run", "--preset", "xor", "--steps", "0", "--json")
    assert json.loads(out)["diagnosis"]["level"] == "idle"


@pytest.mark.parametrize("argv, message", [
    ([], "choose a command"),
    (["run"], "one of the arguments --preset --topology is required"),
    (["run", "--preset", "nope"], "unknown preset 'nope'"),
    (["run", "--preset", "xor", "--lr", "abc"], "--lr: expected a number"),
    (["run", "--preset", "xor", "--lr", "nan"], "--lr: must be finite"),
    (["run", "--preset", "xor", "--steps", "-1"], "--steps: must be >= 0"),
    (["run", "--preset", "xor", "--activation", "swish"], "invalid choice: 'swish'"),
    (["run", "--preset", "deep-batchnorm", "--batch-size", "1"], "batch normalization needs batches of at least 2"),
    (["run", "--preset", "xor", "--out", "x.txt"], "--out: the file name must end in .json or .csv"),
    (["run", "--topology", "/nonexistent.gradsim"], "no such file"),
    (["derive", "--preset", "seed-2-2-2", "--weight", "w9"], "this network has weights w1..w8"),
    (["derive", "--preset", "xor", "--weight", "W7[0,0]"], "there is no W7"),
    (["bogus"], "invalid choice: 'bogus'"),
])
def test_bad_arguments_give_one_line_and_nonzero_exit(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code != 0 and message in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("gradsim: error:")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["run", "derive", "presets", "--preset", "xor", "seed-2-2-2", "--steps", "-5",
                                 "3", "--lr", "1e400", "--weight", "w1", "W1[0,0]", "--json", "--batch-size",
                                 "full", "0", "--clip", "x", "--topology", "/dev/null", "--init", "constant",
                                 "stats", "--width", "lsuv", "orthogonal"]),
                max_size=8))
def test_fuzzed_arguments_never_traceback(argv):
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # --help
            code = exc.code
    assert isinstance(code, int)
    if code:
        assert "Traceback" not in err.getvalue() and err.getvalue().count("\n") <= 1


def test_module_entry_point_runs_headless():
    proc = subprocess.run([sys.executable, "-m", "gradsim", "derive", "--preset", "seed-2-2-2", "--weight", "w5"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "0.0821670406" in proc.stdout
