"""Memory of long headless runs.

* The engine: RSS growth over 1,000,000 steps with a BoundedHistory. The run happens in a child
  process (``python bench_memory.py --child STEPS``) so that nothing else the benchmark loaded
  (PyTorch, earlier networks) shares its heap. RSS is sampled after a warm-up (the history has
  filled and halved once, every cache exists) and then throughout the run.
* The command line: peak RSS (the kernel's max RSS of the child, as ``/usr/bin/time -v`` reports
  it) of ``gradsim run --preset deep-sigmoid --steps 1000000``, with the text summary only and
  with ``--out FILE.csv`` (every row written), against the same command at 10,000 steps: the CLI
  streams rows and keeps only recent ones, so the peak must not grow with the step count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
for _p in (HERE, os.path.dirname(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from harness import Context, Result, benchmark, rss_bytes  # noqa: E402

PRESET = "xor"
WARMUP = 10_000
TARGET_MB = 20


def child(steps: int) -> dict:
    from gradsim.engine.history import BoundedHistory
    from gradsim.engine.presets import load_preset
    from gradsim.engine.trainer import Trainer

    spec = load_preset(PRESET)
    tr = Trainer(spec, history=BoundedHistory(spec.topology.depth))
    tr.run(WARMUP)
    base = rss_bytes()
    peak = base
    chunk = max(1, steps // 100)
    done = 0
    t0 = time.perf_counter()
    while done < steps:
        n = min(chunk, steps - done)
        if tr.run(n) != n:
            raise RuntimeError(f"run stopped early: {tr.nonfinite.message}")
        done += n
        peak = max(peak, rss_bytes())
    elapsed = time.perf_counter() - t0
    end = rss_bytes()
    return {"steps": done, "seconds": elapsed, "base_mb": base / 2**20, "end_mb": end / 2**20,
            "peak_mb": peak / 2**20, "history_rows": len(tr.history), "capacity": tr.history.capacity}


def _run_child(steps: int) -> dict:
    out = subprocess.run([sys.executable, os.path.join(HERE, "bench_memory.py"), "--child", str(steps)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@benchmark("headless long run memory", group="engine")
def headless_memory(ctx: Context):
    steps = 50_000 if ctx.quick else 1_000_000
    ctx.log(f"{steps:,} headless steps of preset {PRESET!r} with a BoundedHistory (child process)")
    r = _run_child(steps)
    label = f"{steps // 1000}k" if steps < 1_000_000 else f"{steps // 1_000_000}M"
    yield Result(f"memory.headless_{label}.rss_growth", r["end_mb"] - r["base_mb"], "MB", f"< {TARGET_MB}",
                 note=f"RSS {r['base_mb']:.1f} -> {r['end_mb']:.1f} MB; history {r['history_rows']}/"
                      f"{r['capacity']} rows")
    yield Result(f"memory.headless_{label}.rss_peak_growth", r["peak_mb"] - r["base_mb"], "MB", f"< {TARGET_MB}")
    yield Result(f"throughput.headless.{PRESET}", r["steps"] / r["seconds"], "steps/s",
                 note="plain loop of Trainer.step, during the memory run")


CLI_PRESET = "deep-sigmoid"
CLI_BASE_STEPS = 10_000
ROOT = os.path.dirname(HERE)


def cli_peak(steps: int, out: str | None = None) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of one ``gradsim run`` child process."""
    cmd = [sys.executable, "-m", "gradsim", "run", "--preset", CLI_PRESET, "--steps", str(steps)]
    if out:
        cmd += ["--out", out]
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage (ru_maxrss in kB on Linux)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd[2:])} exited with {proc.returncode}")
    return usage.ru_maxrss / 1024, time.perf_counter() - t0


@benchmark("CLI long run peak memory", group="engine")
def cli_memory(ctx: Context):
    if not hasattr(os, "wait4"):
        from harness import skipped

        yield skipped("memory.cli_1M.peak_rss", "MB", None, "os.wait4 (per-child max RSS) needs a Unix")
        return
    steps = 50_000 if ctx.quick else 1_000_000
    label = f"{steps // 1000}k" if steps < 1_000_000 else f"{steps // 1_000_000}M"
    with tempfile.TemporaryDirectory() as tmp:
        for mode, out in (("summary", None), ("out_csv", os.path.join(tmp, "history.csv"))):
            ctx.log(f"gradsim run --preset {CLI_PRESET} --steps {CLI_BASE_STEPS:,} and {steps:,}"
                    + (" --out FILE.csv" if out else "") + " (child processes)")
            base, _ = cli_peak(CLI_BASE_STEPS, out)
            peak, seconds = cli_peak(steps, out)
            size = os.path.getsize(out) / 2**20 if out else None
            if out:
                os.unlink(out)
            yield Result(f"memory.cli_{label}.{mode}.peak_rss", peak, "MB", None,
                         note=f"{seconds:.0f} s" + (f", {size:,.0f} MB of CSV written" if size else ""))
            yield Result(f"memory.cli_{label}.{mode}.peak_growth", peak - base, "MB", f"< {TARGET_MB}",
                         note=f"peak RSS at {CLI_BASE_STEPS:,} steps: {base:.1f} MB")


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--child":
    print(json.dumps(child(int(sys.argv[2]))))
