"""The engine's limits are the control panel's ranges: every value a file may hold can be shown by
its widget without clamping (and without Qt's OverflowError on an int beyond 2³¹), and a file at
the far end of every range opens in the window unchanged."""

import json

from gradsim.engine import fileformat, limits
from gradsim.engine.presets import load_preset
from gradsim.engine.topology import MAX_LAYER_SIZE


def test_widget_ranges_are_the_engines_limits(qtbot, session):
    from gradsim.ui.panel import ControlPanel

    p = ControlPanel(session)
    qtbot.addWidget(p)
    p.set_spec(load_preset("deep-sigmoid"))
    assert (p.lr.minimum(), p.lr.maximum()) == limits.LR
    assert (p.momentum.minimum(), p.momentum.maximum()) == limits.MOMENTUM
    assert (p.clip_value.minimum(), p.clip_value.maximum()) == limits.CLIP_VALUE
    assert (p.seed.minimum(), p.seed.maximum()) == limits.SEED
    assert (p.batch.minimum() + 1, p.batch.maximum()) == limits.BATCH_SIZE  # 0 = full batch (null)
    assert (p.samples.minimum(), p.samples.maximum()) == limits.N_SAMPLES
    assert (p.noise.minimum(), p.noise.maximum()) == limits.NOISE
    assert (p.gain.minimum(), p.gain.maximum()) == limits.INIT_GAIN
    for spin in (p.param_a, p.param_b):  # uniform's a and b, normal's σ, constant's value
        assert spin.minimum() <= limits.INIT_VALUE[0] and spin.maximum() >= limits.INIT_VALUE[1]
        assert spin.minimum() <= limits.INIT_SIGMA[0] and spin.maximum() >= limits.INIT_SIGMA[1]
    assert all((row["size"].minimum(), row["size"].maximum()) == (1, MAX_LAYER_SIZE) for row in p._rows)


def test_a_file_at_the_ends_of_every_range_opens_with_the_values_shown(make_window, tmp_path):
    w = make_window("xor")
    for end in (0, 1):
        doc = json.loads(fileformat.dumps(load_preset("xor")))
        t = doc["training"]
        t.update(lr=limits.LR[end], momentum=limits.MOMENTUM[end], clip_value=limits.CLIP_VALUE[end],
                 seed=limits.SEED[end], batch_size=limits.BATCH_SIZE[end], optimizer="momentum")
        doc["data"].update(n_samples=limits.N_SAMPLES[end], noise=limits.NOISE[end])
        doc["init"]["weights"] = {"name": "uniform", "a": limits.INIT_VALUE[0], "b": limits.INIT_VALUE[end],
                                  "gain": limits.INIT_GAIN[end]}
        path = tmp_path / f"end{end}.gradsim"
        path.write_text(json.dumps(doc))
        assert w.document.open(path, ask=False), w.document.last_error
        p = w.panel
        assert p.lr.value() == limits.LR[end] and p.momentum.value() == limits.MOMENTUM[end]
        assert p.clip_value.value() == limits.CLIP_VALUE[end] and p.seed.value() == limits.SEED[end]
        assert p.batch.value() == limits.BATCH_SIZE[end] and p.samples.value() == limits.N_SAMPLES[end]
        assert p.noise.value() == limits.NOISE[end] and p.gain.value() == limits.INIT_GAIN[end]
        assert (p.param_a.value(), p.param_b.value()) == (limits.INIT_VALUE[0], limits.INIT_VALUE[end])
        assert w.session.spec.train.seed == limits.SEED[end]


def test_a_file_beyond_a_range_is_refused_and_changes_nothing(make_window, tmp_path, _isolated_desktop):
    w = make_window("xor")
    before = w.session.spec
    doc = json.loads(fileformat.dumps(load_preset("xor")))
    doc["training"]["batch_size"] = 2**31
    path = tmp_path / "huge-batch.gradsim"
    path.write_text(json.dumps(doc))
    assert not w.document.open(path, ask=False)
    assert "training.batch_size: must be a whole number between 1 and 100000" in w.document.last_error
    assert w.session.spec is before and w.panel.batch.value() == 16


def test_special_files_are_refused_at_once_and_change_nothing(make_window, tmp_path):
    """The window opens files through the engine's loader: a FIFO no one writes to, /dev/zero or a
    folder is refused without waiting or reading (they used to hang or read gigabytes)."""
    import os

    w = make_window("xor")
    before = w.session.spec
    fifo = tmp_path / "pipe.gradsim"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero", tmp_path):
        assert not w.document.open(path, ask=False)
        assert f"{path}: not a regular file" in w.document.last_error
        assert w.session.spec is before
