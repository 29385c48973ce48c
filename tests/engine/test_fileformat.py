"""Save/load of .gradsim documents: round trips and one clear, field-naming error per bad file."""

import json
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradsim.engine import fileformat
from gradsim.engine.fileformat import FormatError
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer


def _doc(name="seed-2-2-2"):
    return json.loads(fileformat.dumps(load_preset(name)))


def test_trained_weights_round_trip(tmp_path):
    tr = Trainer(load_preset("deep-batchnorm"))
    tr.run(7)
    path = tmp_path / "run.gradsim"
    fileformat.save(path, tr.spec, tr.network.state(), tr.step_count)
    spec = fileformat.load(path)
    assert spec.saved_step == 7
    again = Trainer(spec)
    for a, b in zip(tr.network.state(), again.network.state()):
        assert a.keys() == b.keys()
        assert all(np.array_equal(a[k], b[k]) for k in a)


def test_masks_and_residuals_round_trip():
    spec = load_preset("deep-residual")
    spec.topology.masks[1] = np.eye(8, dtype=bool)
    again = fileformat.loads(fileformat.dumps(spec))
    assert np.array_equal(again.topology.masks[1], np.eye(8, dtype=bool))
    assert [l.residual_from for l in again.topology.layers] == [l.residual_from for l in spec.topology.layers]


def test_save_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "keep.gradsim"
    fileformat.save(path, load_preset("xor"))
    before = path.read_text()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        fileformat.save(path, load_preset("spiral"))
    assert path.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.gradsim"]  # no temp file left


def _mutate(path, value):
    doc = _doc()
    *parents, last = path
    obj = doc
    for key in parents:
        obj = obj[key]
    if value is KeyError:
        del obj[last]
    else:
        obj[last] = value
    return json.dumps(doc, allow_nan=True)


BAD = [
    (("network", "layers", 0, "activation"), "swish", r"network\.layers\[0\]\.activation: .*'swish'"),
    (("network", "layers", 1, "size"), -3, r"network\.layers\[1\]\.size: must be at least 1"),
    (("network", "layers", 1, "size"), 3, r"network\.layers\[1\]\.size: dataset 'seed' needs an output layer of size 2"),
    (("network", "input_size"), 5, r"network\.input_size: dataset 'seed' has 2 input"),
    (("network", "input_size"), "two", r"network\.input_size: must be a whole number"),
    (("network", "masks"), {"0": [[1, 0, 1]]}, r"network\.masks\[0\]: shape \(1, 3\) does not match W1 \(2, 2\)"),
    (("network", "masks"), {"0": [[1, 2], [1, 1]]}, r"network\.masks\.0: entries must be 0 or 1"),
    (("network", "layers", 0, "residual_from"), 4, r"network\.layers\[0\]\.residual_from: must name an earlier layer"),
    (("parameters", "layers", 0, "weights"), [[0.1, float("nan")], [0.2, 0.3]], r"parameters\.layers\[0\]\.weights: contains NaN"),
    (("parameters", "layers", 1, "weights"), [[0.1, 0.2, 0.3], [0.2, 0.3, 0.4]], r"parameters\.layers\[1\]\.weights: shape \(2, 3\) does not match"),
    (("parameters", "layers", 0, "biases"), KeyError, r"parameters\.layers\[0\]\.biases: missing"),
    (("training", "lr"), "fast", r"training\.lr: must be a number"),
    (("training", "lr"), float("inf"), r"training\.lr: must be finite"),
    (("training", "loss"), "hinge", r"training\.loss: unknown loss 'hinge'"),
    (("training", "optimizer"), "rmsprop", r"training\.optimizer: unknown 'rmsprop'"),
    (("training", "batch_size"), 0, r"training\.batch_size: must be a whole number between 1 and 100000, got 0"),
    (("training", "colour"), "red", r"training\.colour: unknown field"),
    (("data", "name"), "mnist", r"data\.name: unknown dataset 'mnist'"),
    (("init", "weights", "name"), "lecun_fancy", r"init\.weights\.unknown initialiser 'lecun_fancy'|init\.weights\..*lecun_fancy"),
    (("init", "biases", "name"), "lsuv", r"init\.biases\.name: LSUV rescales weight matrices"),
    (("version",), 99, r"version: written by a newer gradsim \(version 99\)"),
    (("format",), "keras", r"format: expected 'gradsim'"),
    (("network",), KeyError, r"network: missing"),
]


@pytest.mark.parametrize("path, value, message", BAD, ids=[".".join(map(str, b[0])) + f"={b[1]!r}"[:30] for b in BAD])
def test_malformed_documents_give_one_clear_error(path, value, message):
    with pytest.raises(FormatError, match=message):
        fileformat.loads(_mutate(path, value))


def test_truncated_and_non_json_files(tmp_path):
    text = fileformat.dumps(load_preset("seed-2-2-2"))
    with pytest.raises(FormatError, match="not valid JSON .* truncated"):
        fileformat.loads(text[: len(text) // 2])
    with pytest.raises(FormatError, match="document: must be a JSON object"):
        fileformat.loads("[1, 2, 3]")
    binary = tmp_path / "x.gradsim"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(FormatError, match="not a text file"):
        fileformat.load(binary)
    with pytest.raises(FormatError, match="no such file"):
        fileformat.load(tmp_path / "missing.gradsim")


def test_batch_norm_with_single_sample_data_is_inconsistent():
    doc = _doc()
    doc["network"]["layers"][0]["batch_norm"] = True
    with pytest.raises(FormatError, match="batch normalization needs batches of at least 2"):
        fileformat.loads(json.dumps(doc))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["network", "training", "data", "init", "parameters", "state", "weight_names", "version"]),
       json_values)
def test_fuzzed_fields_are_errors_not_tracebacks(field, value):
    doc = _doc()
    doc[field] = value
    try:
        fileformat.loads(json.dumps(doc))
    except FormatError as exc:
        assert str(exc) and "\n" not in str(exc)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_fuzzed_text_is_an_error_not_a_traceback(text):
    with pytest.raises(FormatError):
        fileformat.loads(text)


def test_a_small_file_cannot_ask_for_an_enormous_network():
    """255 layers of 4096 units fit in 40 kB of JSON but would need 32 GiB of weights."""
    doc = _doc("xor")
    doc["network"]["layers"] = [{"size": 4096, "activation": "tanh"}] * 255 + [{"size": 1, "activation": "sigmoid"}]
    doc["parameters"] = None
    with pytest.raises(FormatError, match=r"network\.layers: 4,261,425,152 weights is more than gradsim trains"):
        fileformat.loads(json.dumps(doc))
