"""The repository's own fuzz test of files and command-line arguments (bounded: ~20 s).

Files come from ``tests/mutants.py``: every preset saved mid-run, then fields deleted, retyped or
set to extremes, the run state damaged, the text truncated or corrupted. The property is the one
the loader promises: a file is either refused with one line naming the field, or it builds,
restores its run state, trains, saves and reads back without an exception. The large campaign
(``python benchmarks/fuzz_files.py``) runs the same check on many thousands of files.
"""

import contextlib
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradsim.cli import main
from tests.mutants import mutant, outcome


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**9))
def test_every_file_is_refused_naming_a_field_or_runs(number):
    what, text = mutant(number)
    kind, detail = outcome(text, steps=3)
    assert kind in ("refused", "ran"), f"mutant {number} ({what}): {detail}"


def test_a_fixed_sample_covers_both_outcomes():
    kinds = [outcome(mutant(i)[1], steps=2)[0] for i in range(300)]
    assert "bad" not in kinds
    assert kinds.count("ran") >= 20 and kinds.count("refused") >= 200  # the sample exercises both paths


OPTIONS = ["run", "derive", "presets", "--preset", "xor", "seed-2-2-2", "", "deep-batchnorm", "--steps", "-5", "3",
           "0", "100000001", "--lr", "1e400", "1e-6", "10", "nan", "--weight", "w1", "W1[0,0]", "W99[0,0]", "--json",
           "--batch-size", "full", "0", "2147483648", "--clip", "x", "1e308", "--topology", "/dev/null", "/dev/zero",
           "/", "--init", "constant", "--init-scale", "1e308", "100", "-0", "--seed", "999999", "1000000",
           "--optimizer", "adam", "--loss", "bce", "cross-entropy", "--activation", "relu", "--out", "/dev/full",
           "x.csv", "--save", "/dev/null", "--clip-mode", "value", "--help",
           "stats", "--width", "lsuv", "orthogonal", "--sample", "2", "rnn-lstm", "rnn-exploding", "--cell", "gru",
           "--seq-len", "--hidden", "--bptt", "full", "--task", "sine-next", "identity", "weight_hh[3,2]",
           "--spectral-radius"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(OPTIONS), max_size=9))
def test_fuzzed_arguments_give_one_line_or_run(tmp_path_factory, argv):
    folder = tmp_path_factory.mktemp("cli")
    argv = [str(folder / a) if a in ("x.csv",) else a for a in argv]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # --help
            code = exc.code
    assert isinstance(code, int)
    if code:
        text = err.getvalue()
        assert "Traceback" not in text and text.count("\n") <= 1 and text.startswith("gradsim: error: "), text
