"""The benchmark harness stays runnable: result semantics, the JSON it writes, and (when PyTorch is
installed) that every benchmark network's PyTorch twin computes what gradsim computes. No timing."""

import json
import os
import sys

import numpy as np
import pytest

BENCH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benchmarks")
sys.path.insert(0, BENCH)

import harness  # noqa: E402
import run  # noqa: E402


def test_targets_are_checked_both_ways_and_missing_values_are_not_judged():
    R = harness.Result
    assert R("a", 3.2, "x", ">= 3").met and not R("a", 2.9, "x", ">= 3").met
    assert R("b", 15.0, "ms", "<= 16").met and not R("b", 20.0, "MB", "< 20").met
    assert R("c", None, "ms", "<= 16").met is None and R("d", 1.0, "ms").met is None
    d = harness.skipped("e", "ms", "<= 30", "UI not available").to_dict()
    assert d == {"name": "e", "value": None, "unit": "ms", "target": "<= 30", "met": None,
                 "note": "skipped: UI not available"}


def test_run_writes_every_result_as_json(tmp_path, monkeypatch):
    for var in run.THREAD_VARS:
        monkeypatch.setenv(var, os.environ.get(var, "1"))  # restored after the test

    @harness.benchmark("fake for the test", group="zz-test")
    def fake(ctx):
        yield harness.Result("zz.value", 1.5, "ms", "<= 2", note="n")
        yield harness.skipped("zz.skipped", "%", None, "why")

    try:
        out = tmp_path / "r.json"
        assert run.main(["--quick", "--only", "zz-test", "--json", str(out), "--markdown", str(tmp_path / "r.md")]) == 0
    finally:
        harness.REGISTRY[:] = [b for b in harness.REGISTRY if b.group != "zz-test"]
    doc = json.loads(out.read_text())
    assert doc["quick"] is True and doc["machine"]["numpy"] == np.__version__
    assert [r["name"] for r in doc["results"]] == ["zz.value", "zz.skipped"]
    assert all({"name", "value", "unit", "target"} <= set(r) for r in doc["results"])
    assert doc["results"][0]["met"] is True and doc["results"][1]["value"] is None
    assert "`zz.value`" in (tmp_path / "r.md").read_text()


def test_every_benchmark_net_has_a_pytorch_twin_that_agrees():
    pytest.importorskip("torch")
    from nets import CASES, verify

    from gradsim.engine.trainer import Trainer

    for case in CASES:
        for dtype, rtol in ((np.float64, 1e-9), (np.float32, 2e-4)):
            with np.errstate(all="ignore"):
                assert verify(Trainer(case.build(), dtype=dtype), rtol) <= rtol
