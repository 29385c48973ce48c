"""Files a user (or an attacker) may hand gradsim: damaged run state, errors without a field,
special files, huge files, and what a save does to modes, symbolic links and hard links."""

import json
import os
import stat
import threading

import numpy as np
import pytest

from gradsim.engine import fileformat, files, limits
from gradsim.engine.fileformat import FormatError
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer


def _saved(preset="deep-relu", optimizer="adam", steps=5) -> dict:
    spec = load_preset(preset)
    spec.train.optimizer = optimizer
    tr = Trainer(spec)
    tr.run(steps)
    return json.loads(fileformat.dumps(spec, tr.network.state(), tr.step_count, tr.resume_state()))


def _set(doc, dotted, value):
    node = doc
    *parents, last = dotted.split(".")
    for p in parents:
        node = node[int(p)] if p.isdigit() else node[p]
    node[last] = value
    return doc


def _nested(levels):
    v = 0
    for _ in range(levels):
        v = [v]
    return v


# -- a damaged run state is refused with one error naming the field --------------------------------
DAMAGED_STATE = [
    ("state.batches.rng.state.state", -1, "must be a whole number between 0 and 3402823669"),
    ("state.batches.rng.state.state", 2**128, "must be a whole number between 0 and 3402823669"),
    ("state.batches.rng.state.inc", 1.5, "must be a whole number, got 1.5"),
    ("state.batches.rng.state.inc", "7", 'must be a whole number, got "7"'),
    ("state.batches.rng.state", _nested(500), "must be an object"),
    ("state.batches.rng.has_uint32", 2, "must be a whole number between 0 and 1, got 2"),
    ("state.batches.rng.uinteger", 2**32, "must be a whole number between 0 and 4294967295"),
    ("state.batches.rng.bit_generator", "MT19937", "must be 'PCG64', got 'MT19937'"),
    ("state.batches.rng.extra", 1, "unknown field"),
    ("state.batches.cursor", 10**6, "must be a whole number between 0 and 320"),
    ("state.batches.cursor", -1, "must be a whole number between 0 and 320"),
    ("state.batches.order", list(range(319)), "must be a permutation of 0 … 319 (the training set's 320 samples)"),
    ("state.batches.order", [True] + list(range(1, 320)), "must be a permutation"),
    ("state.batches.order", [float(i) for i in range(320)], "must be a permutation"),
    ("state.optimizer.t", 10**13, "must be a whole number between 0 and 1000000000000"),
    ("state.optimizer.t", 1e308, "must be a whole number between 0 and 1000000000000"),
    ("state.optimizer.m", [0.0] * 5, "must hold 681 numbers (one per trainable parameter), got 5"),
    ("state.optimizer.v", [-1.0] * 681, "must be >= 0 (squared gradients)"),
    ("state.optimizer.v", [1e400] * 681, "must be a list of numbers|contains NaN or infinity"),
    ("state.optimizer.m", _nested(500), "must be a list of numbers"),
    ("state.step", -1, "must be a whole number between 0 and 1000000000000, got -1"),
    ("state.step", 10**400, "must be a whole number between 0 and 1000000000000, got 1000"),
]


@pytest.mark.parametrize("field, value, message", DAMAGED_STATE,
                         ids=[f"{f}={json.dumps(v)[:20]}" for f, v, _ in DAMAGED_STATE])
def test_damaged_run_state_names_the_field(field, value, message):
    doc = _set(_saved(), field, value)
    try:
        text = json.dumps(doc)
    except ValueError:  # 1e400 is not JSON: write it as the number literal a file would hold
        text = json.dumps(doc).replace("Infinity", "1e400")
    with pytest.raises(FormatError) as exc:
        fileformat.loads(text)
    msg = str(exc.value)
    where = field.rsplit(".", 1)[0] + "." if field.endswith((".extra",)) else field
    assert msg.startswith(where), msg
    assert any(m in msg for m in message.split("|")), msg
    assert "\n" not in msg and len(msg) < 200


def test_every_accepted_state_restores_and_steps():
    """What the loader lets through, Trainer.restore and the next steps take without an exception
    (the app's worker used to die on an OverflowError here)."""
    for preset, optimizer in [("deep-relu", "adam"), ("deep-batchnorm", "momentum"), ("spiral", "sgd"),
                              ("seed-2-2-2", "sgd")]:
        doc = _saved(preset, optimizer)
        state = doc["state"]
        state["batches"]["rng"]["state"].update(state=2**128 - 1, inc=0)
        state["batches"]["rng"].update(has_uint32=1, uinteger=2**32 - 1)
        state["step"] = state["optimizer"]["t"] = limits.MAX_STEP
        state["batches"]["cursor"] = len(state["batches"]["order"])
        spec = fileformat.loads(json.dumps(doc))
        tr = Trainer(spec)
        assert tr.restore(spec.resume, spec.saved_step)
        assert tr.run(3) == 3 and tr.step_count == limits.MAX_STEP + 3


def test_a_save_writes_only_the_state_that_fits_so_it_reads_back():
    spec = load_preset("deep-relu")
    spec.train.optimizer = "momentum"
    tr = Trainer(spec)
    tr.run(3)
    resume = tr.resume_state()
    other = load_preset("deep-relu")
    other.data.n_samples = 100  # another data set: the saved order no longer fits
    other.topology.layers[0].size = 5  # another network: the moments no longer fit
    other.parameters = None
    doc = json.loads(fileformat.dumps(other, None, 3, resume))
    assert "batches" not in doc["state"] and "optimizer" not in doc["state"]
    assert fileformat.loads(json.dumps(doc)).saved_step == 3


def test_non_finite_parameters_are_not_saved_as_a_file_that_cannot_be_read():
    spec = load_preset("xor")
    params = Trainer(spec).network.state()
    params[1]["biases"][0] = np.inf
    with pytest.raises(ValueError, match=r"^parameters\.layers\[1\]\.biases: holds NaN or infinity"):
        fileformat.dumps(spec, params, 3)


# -- every refusal names the field -----------------------------------------------------------------
UNNAMED_BEFORE = [  # messages that used to name no field
    ("training.lr", 10**400, r"^training\.lr: must be finite"),
    ("training.loss", '"', r"^training\.loss: unknown loss '\"'"),
    ("training.loss", "bce", r"^training\.loss: loss 'bce' needs a sigmoid output layer, not 'linear'"),
    ("init.weights.name", "glorot", r"^init\.weights\.name: unknown initialiser 'glorot'"),
    ("network.layers.0.activation", "x" * 10_000, r"^network\.layers\[0\]\.activation: 'xxxxxxx.*\.\.\.' is not"),
    ("version", 10**300, r"^version: written by a newer gradsim"),
    ("notes", _nested(5000), r"^document: nested too deeply to read"),
]


@pytest.mark.parametrize("field, value, pattern", UNNAMED_BEFORE, ids=[u[0] for u in UNNAMED_BEFORE])
def test_refusals_that_named_no_field_now_do(field, value, pattern):
    doc = json.loads(fileformat.dumps(load_preset("xor")))
    if field == "training.loss" and value == "bce":
        doc["network"]["layers"][-1]["activation"] = "linear"
    try:
        text = json.dumps(_set(doc, field, value))
    except RecursionError:
        text = json.dumps(_set(doc, field, 0)).replace('"notes": 0', '"notes": ' + "[" * 5000 + "]" * 5000)
    with pytest.raises(FormatError, match=pattern) as exc:
        fileformat.loads(text)
    assert len(str(exc.value)) < 300


def test_integers_too_long_to_print_are_refused_naming_the_document():
    text = fileformat.dumps(load_preset("xor")).replace('"seed": 0', '"seed": ' + "9" * 5000)
    with pytest.raises(FormatError, match=r"^document: not readable as JSON \(Exceeds the limit"):
        fileformat.loads(text)


# -- only regular files, of bounded size ------------------------------------------------------------
def test_special_files_are_refused_without_reading_or_waiting(tmp_path):
    fifo = tmp_path / "pipe.gradsim"
    os.mkfifo(fifo)
    for path in ("/dev/zero", "/dev/urandom", str(fifo), str(tmp_path), "/dev/null"):
        done = []
        t = threading.Thread(target=lambda p=path: done.append(_refusal(p)), daemon=True)
        t.start()
        t.join(10)
        assert done, f"{path}: the loader blocked"
        assert done[0].startswith(f"{path}: not a regular file (gradsim reads only regular files, of at most 256 MB)")


def _refusal(path) -> str:
    with pytest.raises(FormatError) as exc:
        fileformat.load(path)
    return str(exc.value)


def test_files_larger_than_a_quarter_of_the_budget_are_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "big.gradsim"
    path.write_text(fileformat.dumps(load_preset("deep-sigmoid")) + " " * 1_000_000)  # still valid JSON
    size = path.stat().st_size
    monkeypatch.setenv("GRADSIM_MEMORY_BUDGET", str(4 * (size - 1)))
    with pytest.raises(FormatError, match=rf"^{path}: {size:,} bytes is more than a gradsim file may have \({size - 1:,} bytes, a "
                                          r"quarter of the memory budget; the environment variable "
                                          r"GRADSIM_MEMORY_BUDGET sets it\)$"):
        fileformat.load(path)
    monkeypatch.setenv("GRADSIM_MEMORY_BUDGET", str(4 * size))
    assert fileformat.load(path).name == "deep-sigmoid"


def test_read_regular_notices_a_file_that_grows_past_the_limit(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"x" * 100)
    assert files.read_regular(path, 100) == b"x" * 100
    with pytest.raises(files.TooLarge):
        files.read_regular(path, 99)


# -- saving: modes, symbolic links, hard links ------------------------------------------------------
def test_a_save_keeps_the_files_mode(tmp_path):
    path = tmp_path / "shared.gradsim"
    fileformat.save(path, load_preset("xor"))
    os.chmod(path, 0o664)
    fileformat.save(path, load_preset("spiral"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    assert fileformat.load(path).name == "spiral"
    os.chmod(path, 0o640)
    fileformat.save(path, load_preset("xor"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_a_new_file_follows_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        path = tmp_path / "new.gradsim"
        fileformat.save(path, load_preset("xor"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_a_save_through_a_symbolic_link_replaces_its_target(tmp_path):
    target_dir = tmp_path / "real"
    target_dir.mkdir()
    target = target_dir / "net.gradsim"
    fileformat.save(target, load_preset("xor"))
    link = tmp_path / "link.gradsim"
    link.symlink_to(target)
    fileformat.save(link, load_preset("spiral"))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert fileformat.load(target).name == "spiral"
    assert sorted(p.name for p in target_dir.iterdir()) == ["net.gradsim"]  # no temp file left behind
    dangling = tmp_path / "dangling.gradsim"
    dangling.symlink_to(target_dir / "later.gradsim")
    fileformat.save(dangling, load_preset("xor"))
    assert dangling.is_symlink() and fileformat.load(target_dir / "later.gradsim").name == "xor"


def test_a_file_with_other_hard_links_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "a.gradsim"
    fileformat.save(path, load_preset("xor"))
    os.link(path, tmp_path / "b.gradsim")
    before = path.read_bytes()
    with pytest.raises(files.SaveError, match=r"a\.gradsim: the file has 2 hard links; saving would give this name a "
                                              r"new file and leave the other names with the old contents"):
        fileformat.save(path, load_preset("spiral"))
    assert path.read_bytes() == before and os.stat(path).st_nlink == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.gradsim", "b.gradsim"]


def test_a_save_over_a_folder_or_device_is_refused(tmp_path):
    with pytest.raises(files.SaveError, match="not a regular file; gradsim saves only to regular files"):
        fileformat.save(tmp_path, load_preset("xor"))
    with pytest.raises(files.SaveError, match="not a regular file"):
        fileformat.save("/dev/null", load_preset("xor"))
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")
