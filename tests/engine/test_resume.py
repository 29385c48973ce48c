"""A saved run continues bit for bit: parameters, step, optimiser moments and mini-batch order go
through the .gradsim file (state.optimizer / state.batches, optional and additive)."""

import json

import numpy as np
import pytest

from gradsim.engine import fileformat
from gradsim.engine.fileformat import FormatError
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer


def saved_and_reopened(spec, steps):
    tr = Trainer(spec)
    tr.run(steps)
    text = fileformat.dumps(spec, tr.network.state(), tr.step_count, tr.resume_state())
    loaded = fileformat.loads(text)
    again = Trainer(loaded)
    assert again.restore(loaded.resume, loaded.saved_step)
    return tr, again, text


@pytest.mark.parametrize("preset,optimizer", [("deep-relu", "sgd"), ("deep-batchnorm", "momentum"),
                                              ("spiral", "adam"), ("seed-2-2-2", "sgd")])
def test_reopened_run_continues_exactly(preset, optimizer):
    spec = load_preset(preset)
    spec.train.optimizer = optimizer
    original, reopened, _ = saved_and_reopened(spec, 13)
    assert reopened.step_count == 13
    original.run(9)
    reopened.run(9)
    assert reopened.step_count == original.step_count == 22
    for a, b in zip(original.network.state(), reopened.network.state()):
        for key in a:
            np.testing.assert_array_equal(a[key], b[key])
    np.testing.assert_array_equal(original.history.column("loss")[-9:], reopened.history.column("loss")[-9:])


def test_files_without_resume_state_still_load_and_continue_from_the_weights():
    spec = load_preset("deep-relu")
    tr = Trainer(spec)
    tr.run(3)
    loaded = fileformat.loads(fileformat.dumps(spec, tr.network.state(), 3))
    assert loaded.resume is None and loaded.saved_step == 3
    again = Trainer(loaded)
    assert not again.restore(loaded.resume, loaded.saved_step) and again.step_count == 3


def test_bad_resume_state_names_the_field():
    spec = load_preset("deep-relu")
    _, _, text = saved_and_reopened(spec, 2)
    doc = json.loads(text)
    doc["state"]["batches"]["order"][0] = doc["state"]["batches"]["order"][1]
    with pytest.raises(FormatError, match=r"state\.batches\.order: must be a permutation"):
        fileformat.from_dict(doc)
    doc = json.loads(text)
    doc["state"]["optimizer"]["t"] = -1
    with pytest.raises(FormatError, match=r"state\.optimizer\.t"):
        fileformat.from_dict(doc)
    doc = json.loads(text)
    doc["state"]["bogus"] = 1
    with pytest.raises(FormatError, match=r"state\.bogus: unknown field"):
        fileformat.from_dict(doc)


def test_resume_state_that_no_longer_fits_is_skipped():
    spec = load_preset("deep-relu")
    spec.train.optimizer = "adam"
    tr = Trainer(spec)
    tr.run(3)
    resume = tr.resume_state()
    other = load_preset("deep-relu")
    other.data.n_samples = 100  # another dataset size: the saved batch order does not apply
    t2 = Trainer(other)
    assert not t2.restore(resume, 3)
    t2.run(2)  # still trains
    assert t2.step_count == 5
