"""Recurrent runs as the rest of gradsim handles runs: files saved and read back field by field,
runs continued bit for bit, the memory budget, history columns kept by every history kind, the
diagnosis through time on synthetic histories, overflow recorded with its time step, snapshots."""

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradsim.engine import fileformat, limits
from gradsim.engine.diagnosis import (EXPLODING_FLOW, VANISHING_FLOW, Context, TimeContext, context_for,
                                      diagnose)
from gradsim.engine.fileformat import FormatError
from gradsim.engine.history import BoundedHistory, History, RecentHistory
from gradsim.engine.presets import RECURRENT_PRESETS, load_preset
from gradsim.engine.recurrent_trainer import RecurrentTrainer
from gradsim.engine.snapshot import take_snapshot
from gradsim.engine.trainer import NonFinite, RunEvent, Trainer
from tests.engine.recurrent_reference import small_spec


# -- files -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("preset", list(RECURRENT_PRESETS))
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_saved_recurrent_run_continues_bit_for_bit(preset, optimizer):
    spec = load_preset(preset)
    spec.train.optimizer = optimizer
    tr = Trainer(spec)
    assert isinstance(tr, RecurrentTrainer)
    tr.run(7)
    again = fileformat.loads(fileformat.dumps(spec, tr.network.state(), tr.step_count, tr.resume_state()))
    assert again.recurrent == spec.recurrent and again.data == spec.data
    resumed = Trainer(again)
    assert resumed.restore(again.resume, again.saved_step) is True or tr.nonfinite is not None
    tr.run(4)
    resumed.run(4)
    assert np.array_equal(tr.network.flat, resumed.network.flat)
    assert tr.step_count == resumed.step_count


def test_the_file_holds_the_cell_in_pytorchs_layout():
    spec = load_preset("rnn-lstm")
    tr = Trainer(spec)
    doc = json.loads(fileformat.dumps(spec, tr.network.state(), 0))
    assert list(doc)[:8] == ["format", "version", "name", "description", "notes", "network", "recurrent", "init"]
    assert doc["recurrent"] == {"cell": "lstm", "hidden_size": 16, "seq_len": 30, "bptt": None,
                                "input_init": {"name": "xavier_uniform"}, "recurrent_init": {"name": "orthogonal"},
                                "spectral_radius": 0.5, "gate_bias": 2.0}
    cell = doc["parameters"]["recurrent"]
    assert np.shape(cell["weight_ih"]) == (64, 1) and np.shape(cell["weight_hh"]) == (64, 16)
    assert np.shape(cell["bias_ih"]) == (64,) and doc["network"]["input_size"] == 16
    assert cell["bias_ih"][16:32] == [2.0] * 16  # the forget gate's block, gate order i, f, g, o


def _recurrent_doc():
    spec = load_preset("rnn-gru")
    tr = Trainer(spec)
    tr.run(2)
    return json.loads(fileformat.dumps(spec, tr.network.state(), tr.step_count, tr.resume_state()))


BAD = [
    (("recurrent", "cell"), "lstm2", "recurrent.cell: unknown cell 'lstm2'"),
    (("recurrent", "hidden_size"), 0, "recurrent.hidden_size: must be a whole number between 1 and 1024"),
    (("recurrent", "seq_len"), 5000, "recurrent.seq_len: must be a whole number between 1 and 1000"),
    (("recurrent", "bptt"), 0, "recurrent.bptt: must be a whole number between 1 and 1000"),
    (("recurrent", "bptt"), 2.5, "recurrent.bptt: must be a whole number"),
    (("recurrent", "spectral_radius"), -1, "recurrent.spectral_radius: must be a number between 0 and 100"),
    (("recurrent", "gate_bias"), "x", "recurrent.gate_bias: must be a number"),
    (("recurrent", "recurrent_init", "name"), "lsuv", "recurrent.recurrent_init.name: unknown initialiser 'lsuv'"),
    (("recurrent", "input_init", "name"), "identity", "recurrent.input_init.name: unknown initialiser 'identity'"),
    (("recurrent", "extra"), 1, "recurrent.extra: unknown field"),
    (("network", "input_size"), 8, "network.input_size: the readout reads the hidden state, so it must equal "
                                   "recurrent.hidden_size (16), got 8"),
    (("data", "name"), "circles", "data.name: unknown dataset 'circles' (known: memory, adding, parity, sine-next)"),
    (("parameters", "recurrent", "weight_hh"), [[0.0] * 16] * 47, "parameters.recurrent.weight_hh: shape (47, 16) "
                                                                  "does not match the network's (48, 16)"),
    (("parameters", "recurrent", "bias_ih"), [1e400] * 48, "parameters.recurrent.bias_ih: contains NaN or infinity"),
    (("parameters", "recurrent", "bias_ih"), [[1.0]], "parameters.recurrent.bias_ih: must be a list of numbers"),
    (("parameters", "recurrent", "gamma"), [1.0], "parameters.recurrent.gamma: unknown field"),
    (("state", "optimizer", "m"), [0.0] * 3, "state.optimizer.m: must hold"),
    (("weight_names",), "seed", "weight_names: a recurrent network's weights have no lecture names"),
]


@pytest.mark.parametrize("path, value, message", BAD)
def test_a_bad_recurrent_field_is_one_error_naming_it(path, value, message):
    doc = _recurrent_doc()
    obj = doc
    for key in path[:-1]:
        obj = obj.setdefault(key, {})
    obj[path[-1]] = value
    with pytest.raises(FormatError) as info:
        fileformat.from_dict(doc)
    assert str(info.value).startswith(message), str(info.value)


def test_a_feed_forward_file_is_unchanged_by_the_recurrent_section():
    doc = json.loads(fileformat.dumps(load_preset("deep-sigmoid")))
    assert "recurrent" not in doc and "recurrent" not in (doc["parameters"] or {})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(["cell", "hidden_size", "seq_len", "bptt", "input_init", "recurrent_init",
                            "spectral_radius", "gate_bias"]),
       value=st.one_of(st.none(), st.booleans(), st.integers(-5, 3000), st.floats(allow_nan=False), st.text(max_size=5),
                       st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)))
def test_fuzzed_recurrent_fields_load_or_fail_naming_the_field(key, value):
    doc = _recurrent_doc()
    doc["recurrent"][key] = value
    try:
        spec = fileformat.from_dict(doc)
    except FormatError as exc:
        assert str(exc).startswith(("recurrent.", "parameters.", "state.", "network.")), str(exc)
        return
    Trainer(spec).run(1)


def test_a_recurrent_run_beyond_the_memory_budget_is_refused_before_anything_is_built(monkeypatch):
    monkeypatch.setenv(limits.BUDGET_ENV, "64M")
    spec = load_preset("rnn-lstm")
    spec.recurrent.seq_len, spec.recurrent.hidden_size = 1000, 256
    spec.topology.input_size = 256
    with pytest.raises(ValueError, match=r"^recurrent\.seq_len: this run would need about"):
        spec.validate()


# -- history, snapshot, overflow -------------------------------------------------------------------

@pytest.mark.parametrize("kind", [History, BoundedHistory, RecentHistory])
def test_every_history_kind_keeps_the_time_columns(kind):
    history = kind(1, 8) if kind is not History else kind(1, 4)
    tr = Trainer(load_preset("rnn-irnn"), history=history)
    tr.run(20)
    assert history.extra_columns == {"time_grad_norm": 30, "time_gain": 29, "recurrent_grad_norm": 4,
                                     "time_flow": None, "hidden_dead": None, "dead_step": None}
    steps = history.column("step")
    assert history.column("time_grad_norm").shape == (len(steps), 30)
    assert history.column("time_flow").shape == (len(steps),)
    rows = history.drain()
    assert rows["time_gain"].shape == (len(steps), 29) and len(history) == 0
    again = kind(1, 64)
    again.add_columns(tr.columns)
    again.extend(rows)
    assert np.array_equal(again.column("time_grad_norm"), rows["time_grad_norm"])


def test_rows_measure_what_the_module_says():
    tr = Trainer(load_preset("rnn-lstm"))
    tr.run(3)
    h, ws = tr.history, tr.network.workspace
    g = h.column("time_grad_norm")[-1]
    assert np.allclose(g, np.sqrt((ws.dh[1:] ** 2).sum(axis=(1, 2))), rtol=1e-12)
    assert np.allclose(h.column("time_gain")[-1], g[:-1] / g[1:], rtol=1e-12)
    c = h.column("cell_grad_norm")[-1]
    assert math.isclose(h.column("time_flow")[-1], c[0] / c[-1], rel_tol=1e-12)   # an LSTM: the cell state
    assert np.allclose(h.column("gate_mean")[-1], ws.cache["gates"][:, :, 16:32].mean(axis=(1, 2)))
    rec = h.column("recurrent_grad_norm")[-1]
    assert math.isclose(rec[1], float(np.linalg.norm(tr.network.grads["weight_hh"])), rel_tol=1e-12)


def test_a_many_to_many_flow_follows_the_last_steps_error():
    tr = Trainer(small_spec("rnn-tanh", "sine-next", T=6, H=3))
    W = tr.network.weight_hh.copy()  # the step measures at the weights before its update
    tr.step()
    net = tr.network
    # the last loss term alone, backwards by hand through tanh cells
    ws = net.workspace
    B = ws.B
    dh = net.d_readout_in.reshape(6, B, 3)[-1].copy()
    last = np.linalg.norm(dh)
    for k in range(5, 0, -1):
        dh = (dh * (1 - ws.h[k + 1] ** 2)) @ W
    assert math.isclose(tr.history.column("time_flow")[-1], np.linalg.norm(dh) / last, rel_tol=1e-9)


def test_an_overflow_names_the_layer_and_the_time_step():
    spec = load_preset("rnn-exploding")
    spec.train.seed = 1
    tr = Trainer(spec)
    tr.run(10)
    nf = tr.nonfinite
    assert (nf.step, nf.layer, nf.quantity, nf.time) == (3, 0, "activations", 3)
    assert nf.message.startswith("Non-finite activations in layer 1 at time step 3 of step 3")
    assert nf.to_dict()["time"] == 3 and "time" not in NonFinite(3, 0, "loss").to_dict()
    assert diagnose(tr.history, context_for(tr), nf.to_dict()).text.startswith("Overflow: " + nf.message)


def test_a_dead_time_step_is_an_event_with_the_explosion_that_caused_it():
    spec = load_preset("rnn-exploding")
    spec.train.seed = 4
    tr = Trainer(spec)
    tr.run(5)
    (event,) = tr.events
    assert (event.kind, event.layer, event.time, event.step) == ("dead_recurrent", 0, 30, 2)
    assert event.explosion["step"] == 1 and event.explosion["update_ratio"] > 1e9
    assert RunEvent(**{k: v for k, v in event.to_dict().items() if k != "message"}).message == event.message


def test_the_snapshot_carries_the_unrolled_state():
    tr = Trainer(load_preset("rnn-lstm"), history=BoundedHistory(1))
    tr.run(2)
    snap = take_snapshot(tr, tr.history.drain())
    v, ws = snap.recurrent, tr.network.workspace
    assert (v.cell, v.seq_len, v.hidden_size) == ("lstm", 30, 16)
    assert np.allclose(v.state_grad, np.sqrt((ws.dh ** 2).sum(axis=1)))
    contributions = np.einsum("tbg,tbi->tgi", ws.dgh, ws.h[:-1])
    assert np.allclose(contributions.sum(axis=0), tr.network.grads["weight_hh"])
    assert np.allclose(v.step_grad_hh, np.sqrt((contributions ** 2).sum(axis=(1, 2))))
    assert v.gate_mean.shape == (30, 64) and snap.weights[0].shape == (1, 16)
    assert snap.rows["time_grad_norm"].shape == (2, 30) and snap.context.time.cell_state


def test_evaluating_in_chunks_gives_the_whole_sets_loss():
    tr = Trainer(small_spec("gru", "sine-next", T=4, H=3, n=40))
    tr.run(3)
    loss = tr.test_loss()
    ev = tr.network
    with np.errstate(all="ignore"):
        ev.forward(tr.x_test)
        whole = ev.loss_value(tr.t_test, "mse")
    assert math.isclose(loss, whole, rel_tol=1e-12)
    assert tr.predict(tr.x_test).shape == tr.t_test.shape


# -- the diagnosis through time, on synthetic rows -------------------------------------------------

def rows_with(n, flow, T=30, loss=0.6, dead=None, dead_step=None, grad=1.0):
    from gradsim.engine.compare import _Rows

    rows = {"step": np.arange(1, n + 1, dtype=float), "loss": np.full(n, loss), "grad_norm": np.full((n, 1), grad),
            "recurrent_grad_norm": np.full((n, 4), grad), "time_flow": np.full(n, flow)}
    if dead is not None:
        rows["hidden_dead"] = np.full(n, dead)
        rows["dead_step"] = np.full(n, dead_step or 0.0)
    return _Rows(rows)


def ctx(first=1, T=30, cell_state=False, many=False, clip="none"):
    return Context(2, 0.69, TimeContext(T, first, cell_state, many, clip, 1.0))


def test_time_levels_and_their_thresholds():
    assert diagnose(rows_with(20, VANISHING_FLOW), ctx()).level == "vanishing"
    assert diagnose(rows_with(20, 2 * VANISHING_FLOW), ctx()).level == "healthy"
    assert diagnose(rows_with(20, EXPLODING_FLOW), ctx()).level == "exploding"
    assert diagnose(rows_with(20, EXPLODING_FLOW / 2), ctx()).level == "healthy"
    assert diagnose(rows_with(20, math.inf), ctx()).level == "exploding"
    assert diagnose(rows_with(20, 1e-9, loss=1e-4), ctx()).level == "converged"


def test_time_texts_say_which_state_which_steps_and_which_error():
    assert diagnose(rows_with(20, 1.8e-9), ctx()).text == (
        "Vanishing through time: the gradient reaching the hidden state at time step 1 is 1.8e-9 of the one reaching "
        "it at step 30 — it shrinks on its way back through the time steps")
    assert diagnose(rows_with(20, 0.5), ctx(first=21, cell_state=True)).text == (
        "Healthy through time: the gradient reaching the cell state at time step 21 is 0.5× the one reaching it at "
        "step 30")
    assert diagnose(rows_with(20, 1e-5), ctx(many=True)).text.startswith(
        "Vanishing through time: the gradient of step 30's error reaching the hidden state at time step 1 is 1e-5")
    assert diagnose(rows_with(20, 3e4), ctx(clip="norm")).text.endswith(
        "clipping scales each step's gradient down to norm 1 at most, so the updates stay bounded")
    assert diagnose(rows_with(20, 1.0), ctx(first=30)).text.startswith("Healthy: backpropagation through time spans "
                                                                     "a single step")
    assert diagnose(rows_with(20, math.nan), ctx()).text == ("No gradient reached step 30, so there is none to follow "
                                                              "back through time")


def test_dead_units_and_dead_time_steps():
    d = diagnose(rows_with(20, 0.0, dead=0.75), ctx())
    assert d.level == "dead" and d.text.startswith("Dead units: 75% of the recurrent layer's units")
    d = diagnose(rows_with(20, 0.0, dead=0.0, dead_step=17), ctx())
    assert d.level == "dead" and d.text.startswith("Dead time step: at time step 17 every unit")
    # a dead step at or before t₀ blocks nothing BPTT is asked to carry
    assert diagnose(rows_with(20, 0.5, dead=0.0, dead_step=21), ctx(first=21)).level == "healthy"
    boom = RunEvent(2, 0, "dead_recurrent", {"step": 1, "update_ratio": 3.3e10}, 30)
    d = diagnose(rows_with(20, 0.0, dead=0.0, dead_step=30), ctx(), events=[boom.to_dict()])
    assert d.text.startswith("Dead time step: the exploding update at step 1 (it changed weights by 3.3e10× their own "
                             "size) switched off every unit of the recurrent layer at time step 30")


def test_growth_with_clipping_on_does_not_tell_to_enable_it():
    flows = rows_with(40, 1.0)
    flows.rows["recurrent_grad_norm"][-10:] *= 1000
    assert diagnose(flows, ctx()).text.endswith("lower the learning rate or enable clipping")
    assert diagnose(flows, ctx(clip="norm")).text.endswith("clipping keeps the updates bounded; lower the learning "
                                                            "rate if it keeps growing")
