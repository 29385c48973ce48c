"""UI benchmarks, each in a child process on Qt's offscreen platform.

* ``ui.throughput_fraction``             training steps/s with the main window open and animating
                                         (the real worker thread, 30 snapshots/s, canvas + plots
                                         redrawn), as % of headless steps/s of the same preset in the
                                         same process. Target >= 90 %.
* ``ui.event_loop_latency_ms.{p50,p99}`` lateness of a 10 ms GUI-thread timer during that run.
                                         Target p99 <= 30 ms.
* ``memory.animated_*.rss_growth``       RSS growth over the animated run (10 minutes in a full
                                         run, 10 s with ``--quick``), after a warm-up. Target < 20 MB.
* ``ui.frames_per_s.<preset>``           frames shown per second with the window at *max* speed, for
                                         every preset, beside the windowed throughput (% of headless)
                                         and what a frame's CPU milliseconds go to: the worker's
                                         snapshot, each stage of the frame pipeline, the paints of the
                                         views, and the rest of the GUI thread
                                         (``--child frames PRESET S W [SHARE]``).
* ``ui.frames_per_s.deep-sigmoid.share_*`` the same with a larger frame budget (``Timing.gui_share``):
                                         how far the budget bounds the frame rate, and at what cost
                                         in throughput.
* ``ui.canvas_frame_ms.{1k,10k,100k}``   one recolour (``set_snapshot``) + render (``grab``) of a
                                         bare 1000×800 canvas for networks of ~1k/10k/100k edges
                                         (the canvas itself thins wide matrices; the note says how
                                         many edges it drew). Target <= 16 ms at 10k.
* ``ui.startup_s.{source,frozen}``       process start to the main window's first paint (Qt's own
                                         paint log), ``python -m gradsim`` and ``dist/gradsim/gradsim``.
* ``ui.close_mid_run_s``                 closing the window while a 255 × 280 ReLU network (20M
                                         weights; 64 × 280 with ``--quick``) trains: the close
                                         call's duration. Its passes are cancelled between layers.
                                         Target <= 1 s (it used to wait for the step, up to 10.6 s).

Child processes keep Qt out of the benchmark runner and give each measurement a fresh heap. The
children print one JSON line; ``python bench_ui.py --child NAME ARGS`` runs one by hand.
"""

from __future__ import annotations

import dataclasses
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
for _p in (HERE, ROOT):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from harness import Context, Result, benchmark, rss_bytes, skipped  # noqa: E402

UI_MODULES = ("gradsim.ui.worker", "gradsim.ui.main_window")
WINDOW_PRESET = "deep-sigmoid"
CANVAS_NETS = {"1k": [30, 30], "10k": [100, 100], "100k": [316, 316]}  # hidden widths, 2 inputs, 1 output
FROZEN = os.path.join(ROOT, "dist", "gradsim", "gradsim")


def ui_missing() -> str | None:
    """Why the UI benchmarks cannot run here, or None when they can."""
    import importlib.util

    missing = []
    for name in UI_MODULES + ("PySide6", "pyqtgraph"):
        try:
            found = importlib.util.find_spec(name) is not None
        except (ModuleNotFoundError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return f"UI not available ({', '.join(missing)} missing)" if missing else None


def _child(*args: str, timeout: float) -> dict:
    import tempfile

    # The app keeps settings and autosaves: point both at a scratch folder, as --selftest does, so
    # a benchmark neither reads nor leaves anything in the user's files (nor meets a recovery dialog).
    with tempfile.TemporaryDirectory(prefix="gradsim-bench-") as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRADSIM_CONFIG_DIR=os.path.join(tmp, "config"),
                   GRADSIM_AUTOSAVE_DIR=os.path.join(tmp, "autosave"))
        out = subprocess.run([sys.executable, os.path.join(HERE, "bench_ui.py"), "--child", *args],
                             capture_output=True, text=True, timeout=timeout, env=env)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"UI child {args} failed ({out.returncode}): {out.stderr.strip()[-600:]}")
    return json.loads(lines[-1])


# -- children (run with QT_QPA_PLATFORM=offscreen) ----------------------------------------------------
def _no_dialogs() -> None:
    """Answer the app's modal questions (unsaved changes, recover autosave) without a dialog."""
    try:
        from gradsim.ui import document
    except ImportError:
        return
    if hasattr(document, "ask_save_changes"):
        document.ask_save_changes = lambda *a, **k: "discard"
    if hasattr(document, "ask_recover"):
        document.ask_recover = lambda *a, **k: False


def _app():
    from PySide6.QtWidgets import QApplication

    import pyqtgraph as pg

    from gradsim.ui.app import apply_theme

    app = QApplication.instance() or QApplication(["gradsim-bench"])
    apply_theme(app)
    pg.setConfigOptions(antialias=False, foreground="#d8dbe2", background="#15171c")
    return app


def _headless_rate(preset: str, seconds: float) -> float:
    from gradsim.engine.history import BoundedHistory
    from gradsim.engine.presets import load_preset
    from gradsim.engine.trainer import Trainer

    spec = load_preset(preset)
    tr = Trainer(spec, history=BoundedHistory(spec.topology.depth, 8192))
    tr.run(200)
    t0, n0 = time.perf_counter(), tr.step_count
    while time.perf_counter() - t0 < seconds:
        tr.run(50)
    return (tr.step_count - n0) / (time.perf_counter() - t0)


def child_window(seconds: float, warmup: float, preset: str) -> dict:
    """Headless steps/s, then the window animating for ``warmup + seconds``."""
    headless = _headless_rate(preset, min(5.0, max(2.0, seconds / 4)))

    from PySide6.QtCore import Qt, QTimer

    from gradsim.ui.main_window import MainWindow

    _no_dialogs()
    app = _app()
    win = MainWindow(preset)
    win.show()
    win.session.controller.set_speed(None)
    win.session.play()
    ticks: list[float] = []
    rss: list[tuple[float, int]] = []
    state = {"t0": None, "n0": 0, "end": None}

    def trainer():
        w = win.session.controller.worker
        return None if w is None else w.trainer

    def tick():
        ticks.append(time.perf_counter())

    def sample():
        rss.append((time.perf_counter(), rss_bytes()))

    def start_measuring():
        t = trainer()
        state["t0"], state["n0"] = time.perf_counter(), (t.step_count if t else 0)
        ticks.clear()
        rss.clear()
        sample()

    def finish():
        t = trainer()
        state["end"] = (time.perf_counter(), t.step_count if t else 0, bool(t and t.stopped))
        sample()
        win.close()
        app.quit()

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    sampler = QTimer()
    sampler.setInterval(1000)
    sampler.timeout.connect(sample)
    sampler.start()
    QTimer.singleShot(int(warmup * 1000), start_measuring)
    QTimer.singleShot(int((warmup + seconds) * 1000), finish)
    app.exec()
    t_end, n_end, stopped = state["end"]
    windowed = (n_end - state["n0"]) / (t_end - state["t0"])
    late = [max(0.0, (b - a) - 0.010) * 1000 for a, b in zip(ticks, ticks[1:])]
    late.sort()
    p = (lambda q: late[min(len(late) - 1, int(q * len(late)))]) if late else (lambda q: float("nan"))
    return {"preset": preset, "headless": headless, "windowed": windowed, "stopped": stopped,
            "snapshots": win.frames.received, "p50": p(0.50), "p99": p(0.99), "ticks": len(late),
            "rss_base_mb": rss[0][1] / 2**20, "rss_end_mb": rss[-1][1] / 2**20,
            "rss_peak_mb": max(r for _, r in rss) / 2**20, "seconds": t_end - state["t0"]}


def child_frames(preset: str, seconds: float, warmup: float, share: float | None = None) -> dict:
    """The window at *max* speed on ``preset``: frames shown per second, throughput against headless,
    and each frame's CPU milliseconds by where they go (GUI thread per stage, the paints of the views,
    the rest of the GUI thread -- the window's other widgets, composing and flushing the window,
    timers, input -- and the worker's snapshot).

    Headless steps/s are measured before the window opens and again after it closed (the same
    process, the same length of time), and averaged: on a shared machine the load drifts. ``share``
    replaces the frame budget's share of the time at max speed (``Timing.gui_share``), to measure
    what the budget bounds."""
    headless_s = min(4.0, max(2.0, seconds / 4))
    headless_before = _headless_rate(preset, headless_s)
    from PySide6.QtCore import QTimer

    from gradsim.ui.main_window import MainWindow
    from gradsim.ui.pacing import Stage
    from gradsim.ui.status_bar import StatusBar
    from gradsim.ui.widgets.color_legend import ColorLegend

    _no_dialogs()
    app = _app()
    win = MainWindow(preset)
    win.resize(1280, 800)
    win.show()
    session, frames = win.session, win.frames
    if share is not None:
        frames.timing = dataclasses.replace(frames.timing, gui_share=share)
    names = ("rows+canvas+counters", "plots", "verdict+teaching views")
    spent = dict.fromkeys(names, 0.0)
    state = {"on": False, "worker": 0.0, "frames": 0, "delays": []}

    def timed(name, run):
        def wrapped(frame):
            t = time.thread_time()
            try:
                run(frame)
            finally:
                if state["on"]:
                    spent[name] += time.thread_time() - t
        return wrapped

    assert len(frames.stages) == len(names), "the window's frame stages changed: name them here"
    frames.stages = [Stage(timed(n, st.run), st.own_turn) for n, st in zip(names, frames.stages)]
    # the paints, each timed in its paintEvent: the canvas, the plots, the teaching views' plots, the
    # labels (status bar counters, panels), the window's own and the status bar's background, the key
    import pyqtgraph as pg
    from PySide6.QtWidgets import QLabel

    painted = dict.fromkeys(("paint: canvas", "paint: plots", "paint: teaching views", "paint: labels",
                             "paint: window and status bar", "paint: colour key"), 0.0)

    def graphics(view):
        if view is win.canvas:
            return "paint: canvas"
        return "paint: plots" if view is win.plots.view else "paint: teaching views"

    def timed_paint(cls, which):
        original = cls.paintEvent

        def paint(self, event):
            t = time.thread_time()
            try:
                return original(self, event)
            finally:
                if state["on"]:
                    painted[which(self)] += time.thread_time() - t
        cls.paintEvent = paint

    timed_paint(pg.GraphicsView, graphics)
    timed_paint(QLabel, lambda _label: "paint: labels")
    timed_paint(MainWindow, lambda _w: "paint: window and status bar")
    timed_paint(StatusBar, lambda _w: "paint: window and status bar")
    timed_paint(ColorLegend, lambda _w: "paint: colour key")
    original_receive, original_frame_cost = frames.receive, frames.cost.frame

    def receive(frame):
        if state["on"]:
            state["frames"] += 1
            state["worker"] += frame.cost_s
        original_receive(frame)

    def frame_cost(worker_cost=0.0):
        delay = original_frame_cost(worker_cost)
        if state["on"]:
            state["delays"].append(delay)
        return delay

    session.controller.frameReceived.disconnect(frames.receive)
    session.controller.frameReceived.connect(receive)
    frames.cost.frame = frame_cost
    session.set_speed(None)
    session.play()

    def trainer():
        w = session.controller.worker
        return None if w is None else w.trainer

    def start():
        t = trainer()
        state.update(on=True, t0=time.perf_counter(), n0=t.step_count if t else 0, cpu0=time.thread_time())

    def finish():
        t = trainer()
        state.update(on=False, t1=time.perf_counter(), n1=t.step_count if t else 0, cpu1=time.thread_time(),
                     stopped=bool(t and t.stopped))
        win.close()
        app.quit()

    QTimer.singleShot(int(warmup * 1000), start)
    QTimer.singleShot(int((warmup + seconds) * 1000), finish)
    app.exec()
    headless_after = _headless_rate(preset, headless_s)
    wall = state["t1"] - state["t0"]
    n = max(1, state["frames"])
    gui = state["cpu1"] - state["cpu0"]
    per_frame = {k: 1000 * v / n for k, v in spent.items()}
    per_frame.update({k: 1000 * v / n for k, v in painted.items()})
    per_frame["rest of the GUI thread"] = 1000 * (gui - sum(spent.values()) - sum(painted.values())) / n
    per_frame["worker: snapshot and extras"] = 1000 * state["worker"] / n
    delays = sorted(state["delays"]) or [0.0]
    return {"preset": preset, "fps": state["frames"] / wall, "headless": (headless_before + headless_after) / 2,
            "headless_before": headless_before, "headless_after": headless_after,
            "windowed": (state["n1"] - state["n0"]) / wall, "stopped": state["stopped"], "last_step": state["n1"],
            "ms_per_frame": per_frame, "gui_share": 100 * (gui + state["worker"]) / wall,
            "budget_share": 100 * frames.cost.share,
            "median_delay_ms": 1000 * delays[len(delays) // 2], "seconds": wall}


def child_canvas(label: str, frames: int) -> dict:
    from gradsim.engine.datasets import DataSpec
    from gradsim.engine.snapshot import take_snapshot
    from gradsim.engine.spec import RunSpec, TrainConfig
    from gradsim.engine.topology import LayerSpec, Topology
    from gradsim.engine.trainer import Trainer
    from gradsim.ui.canvas.view import NetworkCanvas
    from gradsim.ui.session import Session

    app = _app()
    layers = [LayerSpec(n, "tanh") for n in CANVAS_NETS[label]] + [LayerSpec(1, "sigmoid")]
    spec = RunSpec(Topology(2, layers), train=TrainConfig(loss="bce", lr=0.05, batch_size=32),
                   data=DataSpec("circles", 200, 0.05))
    tr = Trainer(spec)
    snaps = []
    for _ in range(4):  # different gradients each frame, so every frame really recolours
        tr.run(3)
        snaps.append(take_snapshot(tr, {}))
    canvas = NetworkCanvas(Session())  # a bare canvas (its session's training thread idles)
    canvas.resize(1000, 800)
    canvas.show()
    canvas.set_spec(spec)
    app.processEvents()
    for s in snaps:  # warm-up: pens, items, caches
        canvas.set_snapshot(s)
        canvas.grab()
    times = []
    for f in range(frames):
        t0 = time.perf_counter()
        canvas.set_snapshot(snaps[f % len(snaps)])
        canvas.grab()
        times.append(time.perf_counter() - t0)
    drawn = len(canvas.visible[0]) if canvas.visible is not None else -1
    return {"edges": spec.topology.n_edges(), "drawn": drawn, "median_ms": statistics.median(times) * 1000,
            "p90_ms": sorted(times)[int(0.9 * (len(times) - 1))] * 1000}


FIRST_PAINT = "Painting and flushing dirty top level"  # Qt's qt.widgets.painting log, first full paint


def first_paint_seconds(cmd: list[str], timeout: float = 60.0) -> float:
    """Seconds from spawning ``cmd`` (the real app) to its main window's first paint.

    The app is not instrumented: Qt itself logs each top-level paint when ``qt.widgets.painting`` is
    enabled, so the same measurement works from source and for a frozen bundle. The process is
    killed once it has painted; settings and autosaves go to a scratch folder.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="gradsim-bench-") as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.widgets.painting=true",
                   GRADSIM_CONFIG_DIR=os.path.join(tmp, "config"), GRADSIM_AUTOSAVE_DIR=os.path.join(tmp, "autosave"))
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, errors="replace")
        try:
            for line in proc.stderr:
                if FIRST_PAINT in line and "gradsimMainWindow" in line:
                    return time.perf_counter() - t0
                if time.perf_counter() - t0 > timeout:
                    break
            raise RuntimeError(f"{cmd[0]}: no first paint of the main window within {timeout:.0f} s")
        finally:
            proc.kill()
            proc.wait()


def child_close(layers: int, width: int) -> dict:
    """Open a ``layers`` × ``width`` network, train it, close the window mid-step; time the close."""
    import json as _json

    from PySide6.QtCore import QEventLoop, QTimer

    from gradsim.engine import fileformat
    from gradsim.engine.presets import load_preset

    app = _app()
    _no_dialogs()
    from gradsim.ui.main_window import MainWindow

    doc = fileformat.to_dict(load_preset("spiral"))
    doc["network"]["layers"] = [{"size": width, "activation": "relu"} for _ in range(layers)] + \
        [doc["network"]["layers"][-1]]
    spec = fileformat.loads(_json.dumps(doc))
    w = MainWindow("seed-2-2-2")
    w.show()
    w.document.interactive = False
    w.session.apply_spec(spec)

    def pump(seconds):
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    w.session.play()
    pump(3.0)  # the worker is in a step or a boundary grid (each takes seconds on this network)
    t0 = time.perf_counter()
    w.close()
    closed = time.perf_counter() - t0
    return {"close_s": closed, "weights": spec.topology.n_edges(), "running": w.session.controller.running,
            "step": w.session.last_snapshot.step if w.session.last_snapshot is not None else None}


# -- registered benchmarks ----------------------------------------------------------------------------
@benchmark("window: throughput, event-loop latency, animated memory", group="ui")
def window_run(ctx: Context):
    rows = (("ui.throughput_fraction", "%", ">= 90"), ("ui.event_loop_latency_ms.p50", "ms", None),
            ("ui.event_loop_latency_ms.p99", "ms", "<= 30"))
    seconds, warmup = (8.0, 2.0) if ctx.quick else (600.0, 10.0)
    mem_name = f"memory.animated_{int(seconds)}s.rss_growth" if ctx.quick else "memory.animated_10min.rss_growth"
    why = ui_missing()
    if why:
        for name, unit, target in rows + ((mem_name, "MB", "< 20"),):
            yield skipped(name, unit, target, why)
        return
    ctx.log(f"main window animating {WINDOW_PRESET!r} at full speed for {seconds:.0f} s (+{warmup:.0f} s warm-up)")
    r = _child("window", str(seconds), str(warmup), WINDOW_PRESET, timeout=seconds + warmup + 120)
    note = (f"{r['windowed']:,.0f} vs {r['headless']:,.0f} steps/s headless, {r['snapshots']} snapshots"
            + (" (run stopped: non-finite)" if r["stopped"] else ""))
    yield Result("ui.throughput_fraction", 100.0 * r["windowed"] / r["headless"], "%", ">= 90", note=note)
    yield Result("ui.event_loop_latency_ms.p50", r["p50"], "ms", note=f"10 ms timer, {r['ticks']} ticks")
    yield Result("ui.event_loop_latency_ms.p99", r["p99"], "ms", "<= 30")
    yield Result(mem_name, r["rss_end_mb"] - r["rss_base_mb"], "MB", "< 20",
                 note=f"RSS {r['rss_base_mb']:.0f} -> {r['rss_end_mb']:.0f} MB (peak {r['rss_peak_mb']:.0f})")


@benchmark("frames shown per second at max speed, every preset", group="ui")
def frames_per_second(ctx: Context):
    from gradsim.engine.presets import preset_names

    seconds, warmup = (5.0, 2.0) if ctx.quick else (20.0, 4.0)
    why = ui_missing()
    for preset in preset_names():
        name = f"ui.frames_per_s.{preset}"
        if why:
            yield skipped(name, "frames/s", ">= 24", why)
            continue
        r = _child("frames", preset, str(seconds), str(warmup), timeout=seconds + warmup + 120)
        if r["stopped"]:  # the preset's point: it overflows within a few steps, and a stopped run shows nothing new
            yield Result(name, None, "frames/s", ">= 24",
                         note=(f"no steady run to measure: training stops after {r['last_step']} steps "
                               f"(non-finite values in step {r['last_step'] + 1})"))
            continue
        parts = ", ".join(f"{k} {v:.2f}" for k, v in r["ms_per_frame"].items())
        fraction = 100.0 * r["windowed"] / r["headless"] if r["headless"] else float("nan")
        total = sum(r["ms_per_frame"].values())
        bound = 10 * r["budget_share"] / total if total else float("inf")  # share (%) / cost (ms), per second
        yield Result(name, r["fps"], "frames/s", ">= 24",
                     note=(f"throughput {fraction:.0f} % of headless ({r['windowed']:,.0f} of {r['headless']:,.0f} "
                           f"steps/s; headless {r['headless_before']:,.0f} before the window, "
                           f"{r['headless_after']:,.0f} after); ms per frame: {parts}; total {total:.1f} ms; "
                           f"GUI + worker {r['gui_share']:.1f} % of the time (budget {r['budget_share']:.0f} %: "
                           f"at most {bound:.1f} frames/s at this cost), median wait {r['median_delay_ms']:.0f} ms"))


@benchmark("frames shown per second at max speed against the frame budget", group="ui")
def frames_per_second_by_share(ctx: Context):
    """What the budget bounds: the same run of deep-sigmoid with a larger share of the time for frames."""
    seconds, warmup = (5.0, 2.0) if ctx.quick else (20.0, 4.0)
    why = ui_missing()
    for share in (0.12, 0.24):
        name = f"ui.frames_per_s.{WINDOW_PRESET}.share_{round(100 * share)}"
        if why:
            yield skipped(name, "frames/s", None, why)
            continue
        r = _child("frames", WINDOW_PRESET, str(seconds), str(warmup), str(share), timeout=seconds + warmup + 120)
        total = sum(r["ms_per_frame"].values())
        yield Result(name, r["fps"], "frames/s", None,
                     note=(f"budget {100 * share:.0f} % instead of the window's; throughput "
                           f"{100.0 * r['windowed'] / r['headless']:.0f} % of headless ({r['windowed']:,.0f} of "
                           f"{r['headless']:,.0f} steps/s); {total:.1f} ms a frame; GUI + worker "
                           f"{r['gui_share']:.1f} % of the time"))


@benchmark("canvas frame time", group="ui")
def canvas_frame_time(ctx: Context):
    why = ui_missing()
    for label in CANVAS_NETS:
        name, target = f"ui.canvas_frame_ms.{label}", ("<= 16" if label == "10k" else None)
        if why:
            yield skipped(name, "ms", target, why)
            continue
        r = _child("canvas", label, "15" if ctx.quick else "60", timeout=300)
        yield Result(name, r["median_ms"], "ms", target,
                     note=f"{r['edges']:,} edges, {r['drawn']:,} drawn; p90 {r['p90_ms']:.1f} ms")


@benchmark("start-up time to first painted window", group="ui")
def startup_time(ctx: Context):
    why = ui_missing()
    runs = 1 if ctx.quick else 3
    for name, cmd, missing in (
            ("ui.startup_s.source", [sys.executable, "-m", "gradsim", "--preset", "seed-2-2-2"], why),
            ("ui.startup_s.frozen", [FROZEN, "--preset", "seed-2-2-2"],
             None if os.path.exists(FROZEN) else "no frozen bundle at dist/gradsim (build it first)")):
        if missing:
            yield skipped(name, "s", None, missing)
            continue
        times = [first_paint_seconds(cmd) for _ in range(runs)]
        yield Result(name, min(times), "s", note=f"process start -> first paint, best of {runs} (warm file cache)")


@benchmark("closing mid-run on a huge network", group="ui")
def close_mid_run(ctx: Context):
    why = ui_missing()
    if why:
        yield skipped("ui.close_mid_run_s", "s", "<= 1", why)
        return
    layers = 64 if ctx.quick else 255
    ctx.log(f"closing the window while a {layers} x 280 network trains")
    r = _child("close", str(layers), "280", timeout=900)
    yield Result("ui.close_mid_run_s", r["close_s"], "s", "<= 1",
                 note=f"{r['weights']:,} weights, at step {r['step']}; thread stopped: {not r['running']}")


if __name__ == "__main__" and len(sys.argv) >= 3 and sys.argv[1] == "--child":
    kind, args = sys.argv[2], sys.argv[3:]
    if kind == "window":
        result = child_window(float(args[0]), float(args[1]), args[2])
    elif kind == "frames":
        result = child_frames(args[0], float(args[1]), float(args[2]), *(float(a) for a in args[3:4]))
    elif kind == "canvas":
        result = child_canvas(args[0], int(args[1]))
    elif kind == "close":
        result = child_close(int(args[0]), int(args[1]))
    else:
        raise SystemExit(f"unknown child {kind!r}")
    print(json.dumps(result), flush=True)
    os._exit(0)  # skip interpreter teardown: destroying Qt objects at exit can crash, and adds nothing
