"""The recurrent presets show what they promise on every seed, and the remedies are one change away.

The verdicts come from the one engine diagnosis (through time for a recurrent run), read after
20, 300 and 1000 training steps on seeds 0–9, as the feed-forward presets' are.
"""

import numpy as np
import pytest

from gradsim.engine.compare import RANK, apply_remedy, comparison_pair, run_diagnosis, verdict
from gradsim.engine.diagnosis import context_for, diagnose
from gradsim.engine.fileformat import to_dict
from gradsim.engine.presets import RECURRENT_PRESETS, load_preset
from gradsim.engine.trainer import Trainer

LENGTHS = (20, 300, 1000)


def preset_run(preset: str, seed: int) -> dict:
    """``{steps: (level, text)}`` of one run, trained once up to the longest length, and how it ended."""
    spec = load_preset(preset)
    spec.train.seed = seed
    tr = Trainer(spec)
    ctx, out = context_for(tr), {}
    for n in LENGTHS:
        tr.run(n - tr.step_count)
        d = diagnose(tr.history, ctx, tr.nonfinite, tr.events)
        out[n] = (d.level, str(d.text))
    out["first_flow"] = float(tr.history.column("time_flow")[0])
    out["events"] = [e.to_dict() for e in tr.events]
    return out


@pytest.fixture(scope="module")
def table():
    """(preset, seed) → preset_run for the six recurrent presets, seeds 0–9, on every core."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    keys = [(p, s) for p in RECURRENT_PRESETS for s in range(10)]
    workers = max(1, min(4, os.cpu_count() or 1))
    if workers == 1:
        return {k: preset_run(*k) for k in keys}
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return dict(zip(keys, pool.map(preset_run, *zip(*keys))))


def levels(table, preset):
    return {s: {table[preset, s][n][0] for n in LENGTHS} for s in range(10)}


def test_rnn_vanishing_vanishes_through_time_on_every_seed(table):
    assert levels(table, "rnn-vanishing") == {s: {"vanishing"} for s in range(10)}
    for s in range(10):
        assert table["rnn-vanishing", s]["first_flow"] < 1e-8   # "about 1e-9" in the notes
        assert table["rnn-vanishing", s][1000][1].startswith(
            "Vanishing through time: the gradient reaching the hidden state at time step 1 is")


def test_rnn_exploding_explodes_on_every_seed(table):
    """It overflows within three steps, or its first update switches every unit off at a time step
    — and the verdict says the explosion did it."""
    for s in range(10):
        run = table["rnn-exploding", s]
        assert 1e5 <= run["first_flow"] <= 1e12, (s, run["first_flow"])   # the notes' 10⁵ to 10¹²
        for n in LENGTHS:
            level, text = run[n]
            assert level in ("exploding", "nonfinite", "dead"), (s, n, level)
            if level == "dead":
                assert "the exploding update at step 1" in text, text
            if level == "nonfinite":
                assert " of step 2 " in text or " of step 3 " in text, text


@pytest.mark.parametrize("preset", ["rnn-clipped", "rnn-lstm", "rnn-gru", "rnn-irnn"])
def test_remedies_never_vanish_overflow_or_die_on_any_seed(table, preset):
    bad = {s: lv for s, lv in levels(table, preset).items() if lv & {"vanishing", "nonfinite", "dead"}}
    assert not bad, bad
    if preset != "rnn-clipped":  # clipping bounds the updates; the gradient through time still explodes
        assert not {s: lv for s, lv in levels(table, preset).items() if "exploding" in lv}


def test_clipping_lets_the_exploding_net_learn(table):
    """rnn-clipped starts with the same exploding gradient (the verdict may say so at first), and
    has learned the task by step 300 on every seed."""
    for s in range(10):
        assert table["rnn-clipped", s]["first_flow"] == table["rnn-exploding", s]["first_flow"]
        assert table["rnn-clipped", s][300][0] == table["rnn-clipped", s][1000][0] == "converged"


def test_the_gated_cells_and_the_irnn_reach_the_first_step(table):
    for s in range(10):
        assert table["rnn-lstm", s]["first_flow"] > 0.1
        assert table["rnn-gru", s]["first_flow"] > 1e-2
        assert table["rnn-irnn", s]["first_flow"] > 0.5


def test_lstm_learns_the_memory_task_that_the_tanh_rnn_cannot():
    """T = 30, the same data, seed, optimiser, learning rate and number of steps (1000): the LSTM's
    test loss falls below 2 % of chance and it recalls every test sequence's first input; the tanh
    RNN's stays at chance (log 2), every prediction within 1e-6 of 0.5 — what is left of the
    first input at step 30 is too faint to use (a threshold at 0.5 would read noise)."""
    for seed in (0, 1):
        results = {}
        for preset in ("rnn-vanishing", "rnn-lstm"):
            spec = load_preset(preset)
            spec.train.seed = seed
            tr = Trainer(spec)
            tr.run(1000)
            prob = tr.predict(tr.x_test)[:, 0]
            accuracy = float(np.mean((prob > 0.5) == (tr.t_test[:, 0] > 0.5)))
            results[preset] = (tr.test_loss(), accuracy, float(np.max(np.abs(prob - 0.5))))
        assert results["rnn-lstm"][0] < 0.02 * np.log(2) and results["rnn-lstm"][1] == 1.0, results
        assert results["rnn-vanishing"][0] > 0.999 * np.log(2) and results["rnn-vanishing"][2] < 1e-6, results


@pytest.mark.parametrize("base, remedy, preset", [("rnn-vanishing", "lstm", "rnn-lstm"),
                                                  ("rnn-vanishing", "gru", "rnn-gru"),
                                                  ("rnn-vanishing", "irnn", "rnn-irnn"),
                                                  ("rnn-exploding", "clip", "rnn-clipped")])
def test_a_remedy_turns_the_problem_preset_into_the_remedy_preset(base, remedy, preset):
    """Same data, seed, optimiser and learning rate: the remedy changes only what it names."""
    a, b = comparison_pair(load_preset(base), remedy)
    assert a.name == base and b.name == f"{base} + {remedy}"
    want, got = to_dict(load_preset(preset)), to_dict(b)
    for key in ("name", "description", "notes"):
        want.pop(key), got.pop(key)
    assert got == want


def test_compare_verdicts_for_the_recurrent_pairs():
    runs = {}
    for name in ("rnn-vanishing", "rnn-lstm", "rnn-exploding", "rnn-clipped"):
        tr = Trainer(load_preset(name))
        tr.run(300)
        runs[name] = tr
    for a, b in (("rnn-vanishing", "rnn-lstm"), ("rnn-exploding", "rnn-clipped")):
        ta, tb = runs[a], runs[b]
        da = run_diagnosis(ta.history, context_for(ta), ta.nonfinite, ta.events)
        db = run_diagnosis(tb.history, context_for(tb), tb.nonfinite, tb.events)
        assert RANK[db.level] > RANK[da.level]
        line = verdict(ta.history, tb.history, a, b, context_for(ta), context_for(tb), ta.nonfinite, tb.nonfinite,
                       ta.events, tb.events)
        assert line.startswith(f"{b} fares better — {a}: {da.text} · {b}: {db.text}")


def test_remedies_refuse_the_other_kind_of_network():
    with pytest.raises(ValueError, match="'relu' is for feed-forward networks"):
        apply_remedy(load_preset("rnn-vanishing"), "relu")
    with pytest.raises(ValueError, match="'lstm' is for recurrent networks"):
        apply_remedy(load_preset("deep-sigmoid"), "lstm")
