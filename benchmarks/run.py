"""Run gradsim's benchmarks: ``python benchmarks/run.py [--quick] [--json FILE] [--markdown FILE]``.

Prints one table row per result and, with ``--json``, writes
``{"machine": {...}, "quick": bool, "results": [{"name", "value", "unit", "target", ...}, ...]}``.
``--quick`` (under a minute) shortens every measurement; figures are then noisier.
``--markdown FILE`` writes the tables of ``RESULTS.md`` (machine, engine vs PyTorch, the rest).
Benchmark modules are listed in :data:`MODULES`; each registers functions with
``harness.benchmark``. Exit status 1 if a benchmark crashed (a missed target is not an error).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
for _p in (HERE, ROOT):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import harness  # noqa: E402  (stdlib only: numpy is imported after the thread settings)

THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _threads_from_argv(argv) -> int:
    """``--threads N`` must act before numpy (and its BLAS pool) is imported."""
    for i, a in enumerate(argv):
        if a == "--threads" and i + 1 < len(argv):
            return int(argv[i + 1])
        if a.startswith("--threads="):
            return int(a.split("=", 1)[1])
    return 1


MODULES = ("bench_engine", "bench_recurrent", "bench_layers", "bench_memory", "bench_ui")


def machine_info() -> dict:
    import numpy as np

    info = {"python": platform.python_version(), "numpy": np.__version__, "cpus": os.cpu_count()}
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout
        for line in out.splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("Model name", "Core(s) per socket", "Thread(s) per core", "Hypervisor vendor"):
                info[key.strip()] = value.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        from threadpoolctl import threadpool_info

        info["blas"] = "; ".join(
            f"{d.get('internal_api')} {d.get('version') or ''} kernel={d.get('architecture')} "
            f"threads={d.get('num_threads')}" for d in threadpool_info() if d.get("user_api") == "blas")
    except ImportError:
        cfg = np.show_config(mode="dicts") if hasattr(np, "show_config") else {}
        blas = cfg.get("Build Dependencies", {}).get("blas", {}) if isinstance(cfg, dict) else {}
        info["blas"] = f"{blas.get('name', '?')} {blas.get('version', '')} (install threadpoolctl for the kernel)"
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") + THREAD_VARS:
        if os.environ.get(var):
            info[var] = os.environ[var]
    info["nice"] = os.nice(0)
    try:
        info["commit"] = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                        capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def fmt(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        a = abs(v)
        if a == 0:
            return "0"
        if a >= 1000:
            return f"{v:,.0f}"
        if a >= 100:
            return f"{v:.1f}"
        if a >= 0.01:
            return f"{v:.3g}" if a < 10 else f"{v:.2f}"
        return f"{v:.2e}"
    return str(v)


def mark(r) -> str:
    return {True: "met", False: "MISSED", None: ""}[r.met]


def print_table(results) -> None:
    w = max([len(r.name) for r in results] + [4])
    print(f"\n{'name':<{w}}  {'value':>10}  {'unit':<8} {'target':<10} {'':<6} note")
    print("-" * (w + 50))
    for r in results:
        print(f"{r.name:<{w}}  {fmt(r.value):>10}  {r.unit:<8} {r.target or '':<10} {mark(r):<6} {r.note}")


def markdown(results, info: dict, quick: bool) -> str:
    by = {r.name: r for r in results}
    lines = ["| machine | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in info.items()]
    lines += ["", f"Run: `{'--quick' if quick else 'full'}`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.", ""]
    from nets import CASES

    lines += ["| net | dtype | gradsim µs/step | gradsim µs, no measurements | torch µs/step + norms | "
              "torch µs/step | torch / gradsim (target) | GFLOP/s gradsim / torch / numpy matmul |",
              "|---|---|---|---|---|---|---|---|"]
    used = set()
    for case in CASES:
        for dt in ("float64", "float32"):
            p = f"engine.{case.key}.{dt}."
            get = lambda k: by.get(p + k)  # noqa: E731
            if get("gradsim_step") is None:
                continue
            ratio = get("ratio_torch_over_gradsim")
            ratio_s = "—" if ratio is None or ratio.value is None else \
                f"**{ratio.value:.2f}×** ({ratio.target}, {mark(ratio)})"
            gf = " / ".join(fmt(get(k).value) if get(k) else "—"
                            for k in ("gflops_gradsim", "gflops_torch", "gflops_numpy_matmul"))
            lines.append(f"| {case.label} | {dt} | " + " | ".join(
                fmt(get(k).value) if get(k) else "—"
                for k in ("gradsim_step", "gradsim_step_nomeasure", "torch_step_norms", "torch_step"))
                + f" | {ratio_s} | {gf} |")
            used.update(r.name for r in results if r.name.startswith(p))
    rest = [r for r in results if r.name not in used]
    if rest:
        lines += ["", "| result | value | unit | target | | note |", "|---|---|---|---|---|---|"]
        lines += [f"| `{r.name}` | {fmt(r.value)} | {r.unit} | {r.target or ''} | {mark(r)} | {r.note} |" for r in rest]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    threads = _threads_from_argv(argv)
    for var in THREAD_VARS:
        os.environ[var] = str(threads)

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="short measurements (under a minute in all)")
    ap.add_argument("--json", metavar="FILE", help="write every result to FILE as JSON")
    ap.add_argument("--markdown", metavar="FILE", help="write the result tables as Markdown to FILE")
    ap.add_argument("--threads", type=int, default=1,
                    help="BLAS/OpenMP threads for numpy and torch alike (default 1: see README)")
    ap.add_argument("--only", metavar="TEXT", help="run only benchmarks whose name or group contains TEXT")
    args = ap.parse_args(argv)
    for name in MODULES:
        importlib.import_module(name)
    ctx = harness.Context(quick=args.quick, threads=args.threads)
    info = machine_info()
    print("gradsim benchmarks" + (" (--quick)" if args.quick else ""))
    for k, v in info.items():
        print(f"  {k}: {v}")
    results = []
    failed = False
    t_start = time.perf_counter()
    for bench in harness.REGISTRY:
        if args.only and args.only not in bench.name and args.only not in bench.group:
            continue
        print(f"[{bench.group}] {bench.name}", flush=True)
        try:
            for r in bench.fn(ctx):
                results.append(r)
        except Exception as exc:  # report and go on with the others
            failed = True
            traceback.print_exc()
            results.append(harness.Result(f"error.{bench.name}", None, "", None, note=f"crashed: {exc}"))
    info.update(ctx.info)
    info["wall time"] = f"{time.perf_counter() - t_start:.0f} s"
    print_table(results)
    print(f"\n{len(results)} results in {info['wall time']}; "
          f"targets met {sum(r.met is True for r in results)}, missed {sum(r.met is False for r in results)}, "
          f"skipped {sum(r.value is None for r in results)}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": info, "quick": args.quick, "results": [r.to_dict() for r in results]}, f, indent=1)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(markdown(results, info, args.quick))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
