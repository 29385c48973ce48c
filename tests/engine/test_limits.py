"""Limits every run shares: settings within the control panel's ranges, and a memory budget that
refuses a run before anything is allocated. A file that passes them can be built and trained."""

import json

import numpy as np
import pytest

from gradsim.engine import fileformat, limits
from gradsim.engine.fileformat import FormatError
from gradsim.engine.presets import PRESETS, load_preset
from gradsim.engine.trainer import Trainer


def _doc(name="xor"):
    return json.loads(fileformat.dumps(load_preset(name)))


def _loads(doc):
    return fileformat.loads(json.dumps(doc))


def _trains(spec, steps=1):
    tr = Trainer(spec)
    tr.restore(spec.resume, spec.saved_step)
    assert tr.run(steps) == steps or tr.stopped
    return tr


# -- files that used to validate and then fail when built or stepped -------------------------------
@pytest.mark.parametrize("section, key", [("data", "noise"), ("init.weights", "sigma"), ("init.weights", "b"),
                                          ("init.weights", "a"), ("init.weights", "value"),
                                          ("init.weights", "gain")])
def test_negative_zero_is_zero(section, key):
    doc = _doc("xor")
    part = doc
    for p in section.split("."):
        part = part[p]
    if section == "init.weights":
        part["name"] = {"sigma": "normal", "value": "constant"}.get(key, "uniform")
        if key == "a":
            part["b"] = 0.0
    part[key] = -0.0
    spec = _loads(doc)
    _trains(spec, 2)  # numpy's "scale < 0" / "high - low < 0" no longer reachable


def test_uniform_bounds_are_limited_so_the_range_cannot_overflow():
    doc = _doc("xor")
    doc["init"]["weights"] = {"name": "uniform", "a": -1e308, "b": 1e308}
    with pytest.raises(FormatError, match=r"^init\.weights\.a: must be a number between -100 and 100, got -1e\+308$"):
        _loads(doc)
    doc["init"]["weights"] = {"name": "uniform", "a": -100, "b": 100}
    _trains(_loads(doc))


def test_batch_norm_split_is_counted_as_the_data_set_splits_it():
    # 3 samples, test fraction 0.5: round(1.5) = 2 test samples, so 1 training sample — batch norm
    # over one sample cannot train, and the loader must know it (it used to count 2).
    doc = _doc("deep-batchnorm")
    doc["data"].update(n_samples=4, test_fraction=0.6)  # round(2.4) = 2 test → 2 training: fine
    _trains(_loads(doc))
    doc["data"].update(n_samples=5, test_fraction=0.7)  # round(3.5) = 4 test → 1 training
    with pytest.raises(FormatError, match=r"^training\.batch_size: batch normalization needs batches of at least 2 "
                                          r"samples \(this run's batches hold 1\)"):
        _loads(doc)
    doc["data"].update(n_samples=3, test_fraction=0.5)
    with pytest.raises(FormatError, match=r"^data\.n_samples: must be a whole number between 4 and 100000, got 3$"):
        _loads(doc)


@pytest.mark.parametrize("field, value, message", [
    ("training.batch_size", 2**31, r"training\.batch_size: must be a whole number between 1 and 100000, got 2147483648"),
    ("training.seed", 1e308, r"training\.seed: must be a whole number between 0 and 999999, got 1000000000"),
    ("training.seed", 10**6, r"training\.seed: must be a whole number between 0 and 999999, got 1000000$"),
    ("training.lr", 0, r"training\.lr: must be a number between 1e-05 and 10, got 0"),
    ("training.lr", 10**400, r"training\.lr: must be finite"),
    ("training.momentum", 0.9995, r"training\.momentum: must be a number between 0 and 0\.999"),
    ("training.clip_value", 0.0005, r"training\.clip_value: must be a number between 0\.001 and 10000"),
    ("data.n_samples", 100_001, r"data\.n_samples: must be a whole number between 4 and 100000"),
    ("data.noise", 2.5, r"data\.noise: must be a number between 0 and 2, got 2\.5"),
    ("init.weights.gain", 1e308, r"init\.weights\.gain: must be a number between 0 and 100"),
    ("init.biases.value", -101, r"init\.biases\.value: must be a number between -100 and 100"),
    ("network.layers[0].alpha", 6, r"network\.layers\[0\]\.alpha: must be a number between 0 and 5"),
])
def test_values_beyond_the_panels_ranges_are_refused_naming_the_field(field, value, message):
    doc = _doc("xor")
    *parents, last = field.replace("[0]", ".0").split(".")
    node = doc
    for p in parents:
        node = node[int(p)] if p.isdigit() else node[p]
    if field.startswith("init.biases"):
        node["name"] = "constant"
    node[last] = value
    with pytest.raises(FormatError, match="^" + message):
        _loads(doc)


def test_every_value_at_the_ends_of_the_ranges_loads_and_trains():
    for field, (lo, hi) in [("lr", limits.LR), ("momentum", limits.MOMENTUM), ("clip_value", limits.CLIP_VALUE),
                            ("seed", limits.SEED)]:
        for v in (lo, hi):
            doc = _doc("xor")
            doc["training"][field] = v
            doc["training"]["optimizer"] = "momentum"
            _trains(_loads(doc), 3)
    for n in limits.N_SAMPLES:
        doc = _doc("circles")
        doc["data"]["n_samples"] = n
        _trains(_loads(doc), 2)


def test_presets_are_within_the_limits():
    for name in PRESETS:
        spec = load_preset(name).validate()
        assert sum(limits.estimate(spec).values()) < limits.memory_budget() / 100


# -- the memory budget -------------------------------------------------------------------------------
def test_estimate_matches_the_trainers_real_arrays():
    """The per-parameter and per-batch-neuron figures are upper bounds of what a step allocates."""
    import tracemalloc

    from gradsim.engine.datasets import DataSpec
    from gradsim.engine.spec import RunSpec, TrainConfig
    from gradsim.engine.topology import LayerSpec, Topology

    layers = [LayerSpec(512, "relu", batch_norm=True), LayerSpec(512, "relu", residual_from=0),
              LayerSpec(1, "sigmoid")]
    spec = RunSpec(Topology(2, layers), train=TrainConfig(loss="bce", optimizer="adam", lr=0.01, batch_size=256),
                   data=DataSpec("circles", n_samples=2000, test_fraction=0.25))
    tracemalloc.start()
    try:
        tr = Trainer(spec)
        tr.run(2)
        tr.test_loss()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < sum(limits.estimate(spec).values())


def test_huge_network_is_refused_before_anything_is_allocated(monkeypatch):
    doc = _doc("xor")
    doc["network"]["layers"] = [{"size": 4096, "activation": "tanh"}] * 2 + [{"size": 1, "activation": "sigmoid"}]
    with pytest.raises(FormatError, match=r"^network\.layers: this run would need about 6\.\d+ GB of memory "
                                          r"\(6\.\d+ GB of it here\), more than the budget of 1 GB \(the environment "
                                          r"variable GRADSIM_MEMORY_BUDGET sets it\)$"):
        _loads(doc)
    monkeypatch.setenv("GRADSIM_MEMORY_BUDGET", "8G")  # documented override
    assert limits.memory_budget() == 8 << 30
    assert _loads(doc).topology.sizes == [2, 4096, 4096, 1]


def test_a_full_batch_of_many_samples_through_a_wide_layer_is_refused_naming_the_batch():
    doc = _doc("xor")
    doc["data"]["n_samples"] = 100_000
    doc["training"]["batch_size"] = None
    doc["network"]["layers"] = [{"size": 4096, "activation": "tanh"}, {"size": 1, "activation": "sigmoid"}]
    with pytest.raises(FormatError, match=r"^training\.batch_size: this run would need about 2\d\.\d GB"):
        _loads(doc)
    doc["training"]["batch_size"] = 32  # mini-batches: the test set's evaluation is what remains
    with pytest.raises(FormatError, match=r"^data\.test_fraction: this run would need about"):
        _loads(doc)
    doc["data"]["test_fraction"] = 0.0
    doc["data"]["n_samples"] = 20_000
    assert _loads(doc).train.batch_size == 32


@pytest.mark.parametrize("text, expected", [("", 1 << 30), ("512M", 512 << 20), ("2g", 2 << 30),
                                            ("1073741824", 1 << 30), ("1.5G", 3 << 29), ("512MiB", 512 << 20),
                                            ("lots", 1 << 30), ("0", 1 << 30), ("-5G", 1 << 30)])
def test_budget_from_the_environment(monkeypatch, text, expected):
    monkeypatch.setenv("GRADSIM_MEMORY_BUDGET", text)
    assert limits.memory_budget() == expected
    assert limits.max_file_bytes() == expected // 4


def test_a_million_layers_is_refused_on_the_count_before_parsing_them():
    import time
    import tracemalloc

    doc = _doc("xor")
    doc["network"]["layers"] = [{"size": 8}] * 10**6 + [{"size": 1}]
    text = json.dumps(doc)
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        with pytest.raises(FormatError, match=r"^document: 1,000,0\d\d JSON objects"):
            fileformat.loads(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20  # nothing per layer was built
    # 257 layers (just over the limit) parse, and are refused on the count, naming the field
    doc["network"]["layers"] = [{"size": 8}] * 257
    with pytest.raises(FormatError, match=r"^network\.layers: at most 256 layers, got 257$"):
        _loads(doc)
    assert time.perf_counter() - t0 < 30  # generous: a guard against parsing per layer, not a benchmark


def test_small_text_that_would_parse_into_gigabytes_is_refused_unparsed():
    text = '{"format": "gradsim", "version": 1, "notes": [' + "[]," * 20_000_000 + "[]]}"
    with pytest.raises(FormatError, match=r"^document: reading it would need about \d\.\d+ GB of memory"):
        fileformat.loads(text)


def test_estimate_counts_parameters_as_the_network_stores_them():
    projected = load_preset("deep-residual")
    projected.topology.layers[3].size = 5  # layer 5's shortcut from layer 4 now needs a projection
    projected.topology.layers[4].residual_from = 4
    for spec in [load_preset(name) for name in PRESETS] + [projected]:
        tr = Trainer(spec)
        assert any(p is not None for p in tr.network.P) or spec is not projected
        stored = tr.network.flat.size + sum(2 * m.size for m in tr.network.running_mean if m is not None)
        assert spec.topology.n_parameters() == stored
        for train_biases in (True, False):
            assert spec.topology.n_trainable(train_biases) == tr.network.flat_parameters(train_biases).size
    assert np.isfinite(limits.parse_bytes(b"[1, 2]"))


@pytest.mark.parametrize("hidden, batch_norm", [(1, False), (3, True), (40, False)])
def test_the_largest_network_within_the_budget_saves_to_a_file_that_loads_back(monkeypatch, hidden, batch_norm):
    """Saving never writes what loading would refuse: the file size limit (a quarter of the
    budget) and the parse estimate leave room for every parameter with Adam's two moments."""
    from gradsim.engine.datasets import DataSpec
    from gradsim.engine.spec import RunSpec, TrainConfig
    from gradsim.engine.topology import LayerSpec, Topology

    monkeypatch.setenv("GRADSIM_MEMORY_BUDGET", "48M")

    def spec_of(width):
        layers = [LayerSpec(width, "tanh", batch_norm=batch_norm) for _ in range(hidden)]
        return RunSpec(Topology(2, layers + [LayerSpec(1, "sigmoid")]),
                       train=TrainConfig(loss="bce", optimizer="adam", lr=0.01, batch_size=16),
                       data=DataSpec("circles", 100))

    lo, hi = 1, 4096
    while lo < hi:  # the widest layers that still fit
        mid = (lo + hi + 1) // 2
        try:
            spec_of(mid).validate()
            lo = mid
        except ValueError:
            hi = mid - 1
    spec = spec_of(lo)
    with pytest.raises(ValueError, match="this run would need"):
        spec_of(lo + 1).validate()
    tr = Trainer(spec)
    tr.run(2)
    tr.network.W[0][:] = -1.2345678901234567e-300  # the longest numbers a file holds
    tr.optimizer.moment("v")[:] = 1.2345678901234567e-308
    text = fileformat.dumps(spec, tr.network.state(), tr.step_count, tr.resume_state())
    assert len(text.encode()) <= limits.max_file_bytes()
    again = fileformat.loads(text)
    assert again.saved_step == 2 and again.resume["optimizer"]["v"].size == spec.topology.n_trainable()
