"""The large fuzz campaign of ``.gradsim`` files: ``python benchmarks/fuzz_files.py [--count 5000]``.

Each file is ``tests/mutants.py``'s ``mutant(i)`` for ``i`` in ``[start, start + count)``: a preset
saved mid-run with fields deleted, retyped or set to extremes, its run state damaged, or its text
truncated or corrupted. Every file is written to a temporary folder and opened with the loader the
app and the command line use (``fileformat.load``); a file that loads is built, its run state
restored, trained ``--steps`` steps, saved and read back (``tests.mutants.outcome``).

The files are checked in a worker process with a memory limit (``--memory-limit``, address space)
so that a blow-up shows as a failure instead of taking the machine down, and a per-file timeout
(``--timeout``): a file the worker does not answer in time is a hang (the worker is restarted).

Counts printed: refused with a one-line error naming the field; loaded and trained (how many of
those stopped on a recorded non-finite value); anything else, which must be 0 — an exception, a
refusal that is not one line naming a field, a refusal slower than ``--slow`` seconds, a hang, or
a worker whose peak memory passed ``--memory-limit``. Nothing is written to the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import subprocess
import sys
import tempfile
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
for _p in (ROOT,):
    if _p not in sys.path:
        sys.path.insert(0, _p)


def worker(steps: int, memory_limit_mb: int) -> None:
    """Read file numbers on stdin, answer one JSON line each."""
    import resource

    limit = memory_limit_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from tests.mutants import mutant, outcome

    folder = tempfile.mkdtemp(prefix="gradsim-fuzz-")
    path = os.path.join(folder, "mutant.gradsim")
    for line in sys.stdin:
        i = int(line)
        try:
            what, text = mutant(i)
        except Exception as exc:  # noqa: BLE001 - a bug of the generator, not of gradsim: say so
            print(json.dumps({"i": i, "what": "", "kind": "generator", "detail": repr(exc)[:300], "seconds": 0,
                              "rss_mb": 0}), flush=True)
            continue
        with open(path, "w", encoding="utf-8", errors="surrogatepass") as fh:
            fh.write(text)
        t0 = time.perf_counter()
        try:
            kind, detail = outcome(text, steps, path=path)
        except MemoryError:
            kind, detail = "bad", "MemoryError"
        seconds = time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"i": i, "what": what, "kind": kind, "detail": detail[:500], "seconds": seconds,
                          "rss_mb": rss}), flush=True)


class Worker:
    def __init__(self, args):
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", "--steps", str(args.steps),
               "--memory-limit", str(args.memory_limit)]
        env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True, env=env, cwd=ROOT)

    def ask(self, i: int, timeout: float) -> dict | None:
        self.proc.stdin.write(f"{i}\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.proc.stdout.readline()
        return json.loads(line) if line else None

    def kill(self):
        self.proc.kill()
        self.proc.wait()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=5000)
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--steps", type=int, default=20, help="training steps for a file that loads")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds before a file counts as a hang")
    p.add_argument("--slow", type=float, default=1.0, help="a refusal slower than this is a failure")
    p.add_argument("--memory-limit", type=int, default=3072, help="the worker's address-space limit, MB")
    p.add_argument("--json", metavar="FILE", help="write every failure (and the counts) to FILE")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        worker(args.steps, args.memory_limit)
        return 0

    counts, failures, refusal_times, ran_stopped = Counter(), [], [], 0
    w = Worker(args)
    t0 = time.perf_counter()
    try:
        for i in range(args.start, args.start + args.count):
            r = w.ask(i, args.timeout)
            if r is None:
                w.kill()
                failures.append({"i": i, "kind": "hang or crash", "detail": f"no answer in {args.timeout:g} s"})
                counts["other"] += 1
                w = Worker(args)
                continue
            if r["kind"] == "refused":
                refusal_times.append(r["seconds"])
                if r["seconds"] > args.slow:
                    counts["other"] += 1
                    failures.append(dict(r, kind="slow refusal"))
                else:
                    counts["refused"] += 1
            elif r["kind"] == "generator":
                counts["generator"] += 1
                failures.append(r)
            elif r["kind"] == "ran":
                counts["ran"] += 1
                ran_stopped += "stopped:" in r["detail"]
            else:
                counts["other"] += 1
                failures.append(r)
            done = i - args.start + 1
            if done % 500 == 0:
                print(f"  … {done:,} files, {dict(counts)}", flush=True)
    finally:
        w.kill()
    elapsed = time.perf_counter() - t0
    refusal_times.sort()
    slowest = refusal_times[-1] if refusal_times else 0.0
    print(f"{args.count:,} files (mutants {args.start}..{args.start + args.count - 1}) in {elapsed:.0f} s:")
    print(f"  refused with a one-line error naming the field: {counts['refused']:,}"
          f" (slowest refusal {slowest * 1000:.0f} ms)")
    print(f"  loaded and trained {args.steps} steps, saved and read back: {counts['ran']:,}"
          f" ({ran_stopped:,} of them stopped on a recorded non-finite value)")
    print(f"  anything else (exception, unnamed field, slow refusal, hang, memory): {counts['other']:,}")
    if counts["generator"]:
        print(f"  not generated (a bug of tests/mutants.py, not of gradsim): {counts['generator']:,}")
    for f in failures[:20]:
        print(f"    mutant {f['i']}: {f['kind']}: {f.get('what', '')}: {f['detail'][:300]}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"counts": dict(counts), "ran_stopped": ran_stopped, "failures": failures,
                       "slowest_refusal_s": slowest, "seconds": elapsed}, fh, indent=1)
    return 1 if counts["other"] or counts["generator"] else 0


if __name__ == "__main__":
    sys.exit(main())
