"""The headless command line, run in-process (``gradsim.cli.main``) and once as a real process."""

import csv
import json
import subprocess
import sys

import numpy as np
import pytest

from gradsim.cli import main
from gradsim.engine import fileformat
from gradsim.engine.metrics import LAYER_KEYS
from gradsim.engine.presets import ALL_PRESETS, PRESETS, load_preset


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_presets_lists_one_line_each(capsys):
    code, out, _ = run(capsys, "presets")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == len(ALL_PRESETS) > len(PRESETS)
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


def test_module_entry_point_runs_headless():
    proc = subprocess.run([sys.executable, "-m", "gradsim", "derive", "--preset", "seed-2-2-2", "--weight", "w5"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "0.0821670406" in proc.stdout


# -- bounded memory: rows are streamed, only recent ones are kept ----------------------------------------
def _strict_json(text):
    """JSON as a strict parser reads it: NaN and Infinity are not JSON."""
    def refuse(token):
        raise ValueError(f"not JSON: {token}")
    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("output", ["json", "csv", "summary"])
def test_memory_does_not_grow_with_the_number_of_steps(tmp_path, output):
    import contextlib
    import io
    import tracemalloc

    def peak(steps):
        argv = ["run", "--preset", "xor", "--steps", str(steps)]
        if output != "summary":
            argv += ["--out", str(tmp_path / f"h{steps}.{output}")]
        tracemalloc.start()
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(argv) == 0
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    short, long = peak(1000), peak(4000)
    assert long - short < 200_000, (short, long)  # keeping every row cost 2.8-5 kB a step here (8-15 MB)
    if output == "csv":
        assert len((tmp_path / "h4000.csv").read_text().splitlines()) == 4001
    elif output == "json":
        doc = _strict_json((tmp_path / "h4000.json").read_text())
        assert [e["step"] for e in doc["history"]] == list(range(1, 4001))


def test_streamed_json_is_the_documented_document(capsys):
    code, out, _ = run(capsys, "run", "--preset", "deep-sigmoid", "--steps", "2500", "--json")
    doc = _strict_json(out)
    assert code == 0 and list(doc) == ["config", "data", "initial", "history", "final", "steps_completed",
                                       "nonfinite", "test_loss", "diagnosis"]
    assert doc["diagnosis"]["level"] == "vanishing" and doc["diagnosis"]["text"].startswith("Vanishing")
    assert len(doc["history"]) == 2500 and doc["steps_completed"] == 2500
    assert doc["history"][-1]["step"] == 2500 and doc["history"][0]["nonfinite"] is None


def test_the_trainer_keeps_only_recent_rows():
    from gradsim.cli import RECENT_ROWS, train

    seen = []

    class Sink:
        def begin(self, head): pass
        def row(self, e): seen.append(e["step"])
        def end(self, tail): pass

    trainer, result = train(load_preset("xor"), 3 * RECENT_ROWS, Sink())
    assert seen == list(range(1, 3 * RECENT_ROWS + 1))
    h = trainer.history
    assert RECENT_ROWS // 2 <= len(h) <= RECENT_ROWS and h.column("step")[-1] == 3 * RECENT_ROWS
    assert result["first"]["step"] == 1 and result["last"]["step"] == 3 * RECENT_ROWS


# -- no traceback on odd arguments or a failing output; JSON never fails on inf/NaN ---------------------
def test_empty_preset_name_is_one_line(capsys):
    code, _, err = run(capsys, "run", "--preset", "")
    assert code == 2 and err.startswith("gradsim: error: --preset: unknown preset '' (known: seed-2-2-2,")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("extra", [["--json"], [], ["--out", "/dev/full/x.csv"]])
def test_a_full_disk_is_one_line_not_a_traceback(extra):
    cmd = [sys.executable, "-m", "gradsim", "run", "--preset", "xor", "--steps", "3000"] + extra
    with open("/dev/full", "w") as full:
        proc = subprocess.run(cmd, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode in (1, 2) and "Traceback" not in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("gradsim: error: ")
    assert "No space left on device" in proc.stderr or "Not a directory" in proc.stderr


def test_a_closed_pipe_is_quiet():
    proc = subprocess.run(f"{sys.executable} -m gradsim run --preset xor --steps 20000 --json | head -c 10",
                          shell=True, capture_output=True, text=True, timeout=120)
    assert proc.stdout == '{"config":' and proc.stderr == ""


def test_init_scale_beyond_the_panels_range_is_refused_naming_the_option(capsys):
    code, out, err = run(capsys, "run", "--preset", "spiral", "--init", "xavier_normal", "--init-scale", "1e308",
                         "--json")
    assert code == 2 and out == ""
    assert err.strip() == "gradsim: error: --init-scale: must be a number between 0 and 100, got 1e+308"
    for argv, message in [(["--seed", "1000000"], "--seed: must be a whole number between 0 and 999999"),
                          (["--lr", "11"], "--lr: must be a number between 1e-05 and 10, got 11.0"),
                          (["--batch-size", "2147483648"], "--batch-size: must be a whole number between 1 and 100000"),
                          (["--clip", "0"], "--clip: must be a number between 0.001 and 10000")]:
        code, _, err = run(capsys, "run", "--preset", "xor", *argv)
        assert code == 2 and err.startswith("gradsim: error: " + message), err


def test_an_overflow_is_a_recorded_event_with_its_layer_and_the_json_stays_json(tmp_path, capsys):
    from gradsim.engine.datasets import DataSpec
    from gradsim.engine.spec import RunSpec, TrainConfig
    from gradsim.engine.topology import LayerSpec, Topology
    from gradsim.engine.trainer import Trainer

    spec = RunSpec(Topology(1, [LayerSpec(4, "tanh"), LayerSpec(1, "linear")]), train=TrainConfig(loss="mse"),
                   data=DataSpec("sine", 40))
    params = Trainer(spec).network.state()
    params[1]["weights"][:] = 1e200  # finite; the squared error of ~1e200 outputs is not
    path = tmp_path / "huge.gradsim"
    fileformat.save(path, spec, params)
    code, out, err = run(capsys, "run", "--topology", str(path), "--steps", "5", "--json")
    doc = _strict_json(out)
    assert code == 0 and err == ""
    nf = doc["nonfinite"]
    assert nf == {"step": 1, "layer": 1, "quantity": "loss",
                  "message": "Non-finite loss in layer 2 at step 1 — lower the learning rate or enable clipping"}
    assert doc["history"] == [dict(doc["history"][0], nonfinite=nf)] and doc["history"][0]["loss"] is None
    assert doc["steps_completed"] == 0
    code, out, err = run(capsys, "run", "--topology", str(path), "--steps", "5")  # no numpy warning either
    assert code == 0 and err == "" and "Non-finite loss in layer 2 at step 1" in out


# -- a file's run state: the CLI continues it as the app does; --save writes it ---------------------------
def _saved_mid_run(tmp_path, preset, optimizer, steps):
    from gradsim.engine.trainer import Trainer

    spec = load_preset(preset)
    spec.train.optimizer = optimizer
    tr = Trainer(spec)
    tr.run(steps)
    path = tmp_path / f"{preset}.gradsim"
    fileformat.save(path, spec, tr.network.state(), tr.step_count, tr.resume_state())
    return tr, path


@pytest.mark.parametrize("preset, optimizer", [("deep-relu", "adam"), ("deep-batchnorm", "momentum"),
                                               ("spiral", "adam"), ("xor", "sgd")])
def test_run_continues_a_files_state_bit_for_bit_as_the_app_does(tmp_path, capsys, preset, optimizer):
    from gradsim.engine.trainer import Trainer

    original, path = _saved_mid_run(tmp_path, preset, optimizer, 13)
    code, out, _ = run(capsys, "run", "--topology", str(path), "--steps", "9", "--json")
    doc = _strict_json(out)
    assert code == 0 and doc["config"]["start_step"] == 13 and doc["steps_completed"] == 22
    assert [e["step"] for e in doc["history"]] == list(range(14, 23))
    # the app's worker: Trainer(spec) then restore(spec.resume, spec.saved_step)
    spec = fileformat.load(path)
    app = Trainer(spec)
    app.restore(spec.resume, spec.saved_step)
    app.run(9)
    original.run(9)  # and a run that never stopped
    for trainer in (app, original):
        final = [{"weights": l["weights"].tolist(), "biases": l["biases"].tolist()} for l in trainer.network.state()]
        assert doc["final"]["layers"] == final
        assert [e["loss"] for e in doc["history"]] == trainer.history.column("loss")[-9:].tolist()


def test_save_writes_a_file_the_app_continues_exactly(tmp_path, capsys):
    from gradsim.engine.trainer import Trainer

    saved = tmp_path / "headless.gradsim"
    code, out, _ = run(capsys, "run", "--preset", "deep-relu", "--optimizer", "adam", "--steps", "10",
                       "--save", str(saved))
    assert code == 0 and f"saved {saved} (step 10)" in out
    spec = fileformat.load(saved)
    assert spec.saved_step == 10 and spec.resume["optimizer"]["t"] == 10 and "batches" in spec.resume
    # ten more steps from the file (CLI again) equal twenty uninterrupted ones
    code, out, _ = run(capsys, "run", "--topology", str(saved), "--steps", "10", "--json", "--save", str(saved))
    long = load_preset("deep-relu")
    long.train.optimizer = "adam"
    straight = Trainer(long)
    straight.run(20)
    assert _strict_json(out)["final"]["layers"][0]["weights"] == straight.network.state()[0]["weights"].tolist()
    again = fileformat.load(saved)
    assert again.saved_step == 20
    np.testing.assert_array_equal(again.parameters[3]["weights"], straight.network.W[3])


def test_new_initial_weights_start_the_file_afresh(tmp_path, capsys):
    _, path = _saved_mid_run(tmp_path, "deep-relu", "adam", 13)
    code, out, _ = run(capsys, "run", "--topology", str(path), "--init", "he_normal", "--steps", "2", "--json")
    doc = _strict_json(out)
    assert code == 0 and doc["config"]["start_step"] == 0 and [e["step"] for e in doc["history"]] == [1, 2]


def test_save_problems_are_found_before_training(tmp_path, capsys):
    import os

    code, _, err = run(capsys, "run", "--preset", "xor", "--save", str(tmp_path / "missing" / "x.gradsim"))
    assert code == 2 and "--save: no such folder" in err
    target = tmp_path / "a.gradsim"
    fileformat.save(target, load_preset("xor"))
    os.link(target, tmp_path / "b.gradsim")
    code, _, err = run(capsys, "run", "--preset", "xor", "--save", str(target))
    assert code == 2 and "--save: " in err and "has 2 hard links" in err
