"""The benchmark registry, result type and timing helpers shared by every ``bench_*`` module.

A benchmark module registers functions with :func:`benchmark`; each takes a :class:`Context` and
returns (or yields) :class:`Result` objects. ``run.py`` imports the modules listed in its
``MODULES``, runs every registered function in registration order and prints/saves the results.
A benchmark that cannot run here yields :func:`skipped` results (``value`` None) -- never a made-up
number.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable


@dataclass
class Result:
    """One figure. ``target`` is a string such as ``">= 3"`` or ``"< 20"`` (or None)."""

    name: str
    value: float | None
    unit: str
    target: str | None = None
    note: str = ""

    @property
    def met(self) -> bool | None:
        """Whether ``value`` meets ``target``; None when there is no target or no value."""
        if self.target is None or self.value is None:
            return None
        op, _, rhs = self.target.partition(" ")
        bound = float(rhs)
        return {">=": self.value >= bound, ">": self.value > bound,
                "<=": self.value <= bound, "<": self.value < bound}[op]

    def to_dict(self) -> dict:
        d = {"name": self.name, "value": self.value, "unit": self.unit, "target": self.target}
        if self.target is not None:
            d["met"] = self.met
        if self.note:
            d["note"] = self.note
        return d


def skipped(name: str, unit: str, target: str | None, reason: str) -> Result:
    return Result(name, None, unit, target, note=f"skipped: {reason}")


@dataclass
class Context:
    quick: bool = False
    threads: int = 1  # BLAS/OpenMP threads for numpy and torch
    info: dict = field(default_factory=dict)  # machine/library facts collected by benchmarks

    def log(self, message: str) -> None:
        print(f"  … {message}", flush=True)


@dataclass
class Benchmark:
    name: str
    group: str
    fn: Callable[[Context], Iterable[Result]]


REGISTRY: list[Benchmark] = []


def benchmark(name: str, group: str):
    """Decorator: register ``fn(ctx) -> iterable of Result`` under ``group`` ("engine", "ui", …)."""

    def wrap(fn):
        REGISTRY.append(Benchmark(name, group, fn))
        return fn

    return wrap


# -- timing --------------------------------------------------------------------------------------
def calibrate(step: Callable[[], object], seconds: float) -> int:
    """How many calls of ``step`` take about ``seconds`` (at least 1)."""
    n, spent = 1, 0.0
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            step()
        spent = time.perf_counter() - t0
        if spent >= 0.02 or n >= 1 << 20:
            break
        n *= 4
    return max(1, int(n * seconds / max(spent, 1e-9)))


def time_per_call(step: Callable[[], object], n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        step()
    return (time.perf_counter() - t0) / n


def interleaved(steps: dict[str, Callable[[], object]], block_seconds: float, blocks: int) -> dict[str, float]:
    """Median seconds per call of each step, measured in alternating blocks.

    Alternating the candidates block by block spreads the noise of a shared machine (another
    process taking a core for a while) over all of them instead of penalising whichever ran then.
    """
    counts = {k: calibrate(f, block_seconds) for k, f in steps.items()}
    samples: dict[str, list[float]] = {k: [] for k in steps}
    for _ in range(blocks):
        for k, f in steps.items():
            samples[k].append(time_per_call(f, counts[k]))
    return {k: statistics.median(v) for k, v in samples.items()}


def rss_bytes() -> int:
    """Resident set size of this process now (Linux /proc; falls back to peak RSS)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
