"""``gradsim --selftest [--screenshot FILE]``: the real application, end to end, in ~2-5 seconds.

Checks that the window icon and the Chinese catalogue load (an install that lost its package data
would otherwise run silently without them), opens the main window on ``deep-sigmoid``, records the
canvas's edge colours and the per-layer gradient-norm plot, trains at least ``MIN_STEPS`` steps in
the worker thread at full speed, checks that both changed, optionally saves a screenshot of the
window, closes the window and checks the training thread stopped. Prints one line (``selftest: ok …`` or ``selftest: FAILED: reason``) and
returns the exit status (0 = ok). Works offscreen and on a real display.

It never touches the user's settings or autosaves (a temporary folder stands in for both) and
shows no dialog.
"""

from __future__ import annotations

import os
import tempfile
import time

import numpy as np

PRESET = "deep-sigmoid"
MIN_STEPS = 200
TIMEOUT_S = 60.0


def isolate_user_files() -> tempfile.TemporaryDirectory:
    tmp = tempfile.TemporaryDirectory(prefix="gradsim-selftest-")
    os.environ["GRADSIM_CONFIG_DIR"] = os.path.join(tmp.name, "config")
    os.environ["GRADSIM_AUTOSAVE_DIR"] = os.path.join(tmp.name, "autosave")
    return tmp


def check_resources(app) -> str | None:
    """Why the installed files the app reads are unusable, or None: the window icon ``run_app`` set
    must render, and the Chinese catalogue must load as a non-empty zh_CN translation."""
    from PySide6.QtCore import QTranslator

    from gradsim.paths import ICON, resource

    from . import i18n

    icon = resource(*ICON)
    if app.windowIcon().pixmap(64, 64).isNull():
        return f"the window icon did not load from {icon}" + ("" if icon.is_file() else " (no such file)")
    qm = i18n.catalogue("zh_CN")
    translator = QTranslator()
    if not translator.load(str(qm)) or translator.isEmpty() or translator.language() != "zh_CN":
        return f"the Chinese catalogue did not load from {qm}" + ("" if qm.is_file() else " (no such file)")
    return None


def edge_colors(canvas) -> np.ndarray:
    """One RGB value per drawn edge of the canvas."""
    classes = getattr(canvas, "edge_classes", None)
    if classes is None:
        return np.zeros(0, dtype=np.int64)
    cls = classes[3]
    palette = np.array([c.rgb() for c in canvas.scale.class_colors], dtype=np.int64)
    return palette[np.asarray(cls, dtype=np.int64)]


def layer_plot(plots) -> list[tuple]:
    """(number of points, last value) of each per-layer gradient-norm curve."""
    out = []
    for curve in plots.norm_curves:
        _x, y = curve.getData()
        n = 0 if y is None else len(y)
        out.append((n, float(y[-1]) if n else None))
    return out


def run(app, session, *, canvas, plots, speed, document, window, screenshot: str | None = None,
        min_steps: int = MIN_STEPS, timeout: float = TIMEOUT_S) -> tuple[bool, str]:
    """Drive the run of ``session`` (its window already shown): ``canvas`` and ``plots`` must change
    while it trains at ``speed``'s fastest setting, ``document`` asks nothing; ``window`` is
    photographed and closed. Returns (ok, summary line)."""
    from PySide6.QtCore import QEventLoop, QTimer

    t0 = time.perf_counter()
    missing = check_resources(app)
    if missing:
        return False, missing

    def pump(until, limit):
        end = time.perf_counter() + limit
        while not until() and time.perf_counter() < end:
            loop = QEventLoop()
            QTimer.singleShot(20, loop.quit)
            loop.exec()
        return until()

    document.interactive = False
    if session.spec is None or session.spec.name != PRESET:
        session.load_preset(PRESET)
    if not pump(lambda: session.last_snapshot is not None and session.last_snapshot.step == 0, 15):
        return False, "no snapshot of the fresh network arrived from the worker"
    colors0, plot0 = edge_colors(canvas), layer_plot(plots)
    speed.setCurrentIndex(speed.count() - 1)  # max
    session.play()
    trained = pump(lambda: session.last_snapshot is not None and session.last_snapshot.step >= min_steps
                   and session.history.last("step") is not None, timeout)
    session.pause()
    pump(lambda: not session.playing and not session.last_frame.playing, 5)
    step = session.last_snapshot.step if session.last_snapshot is not None else 0
    if not trained:
        reason = f"only {step} of {min_steps} steps in {timeout:.0f} s"
        if session.last_error:
            reason += f" (worker error: {session.last_error.strip().splitlines()[-1]})"
        return False, reason
    app.processEvents()
    colors1, plot1 = edge_colors(canvas), layer_plot(plots)
    if colors1.size == 0:
        return False, "the canvas drew no edges"
    changed_edges = int(np.sum(colors0 != colors1)) if colors0.shape == colors1.shape else colors1.size
    if changed_edges == 0:
        return False, "edge colours did not change while training"
    if not plot1 or plot1 == plot0 or all(n == 0 for n, _ in plot1):
        return False, "the per-layer gradient plot did not change"
    if screenshot:
        if not window.grab().save(screenshot):
            return False, f"could not save the screenshot to {screenshot}"
    controller = session.controller
    worker_thread_ran = controller.running
    window.close()
    pump(lambda: not controller.running, 10)
    if window.isVisible():
        return False, "the window did not close"
    if controller.running:
        return False, "the training thread is still running after close"
    if not worker_thread_ran:
        return False, "the training thread was not running"
    points = sum(n for n, _ in plot1)
    shot = f", screenshot {screenshot}" if screenshot else ""
    return True, (f"selftest: ok — icon and zh_CN catalogue loaded, {PRESET}, {step} steps in the worker, "
                  f"{changed_edges}/{colors1.size} edge colours changed, {len(plot1)} layer curves ({points} "
                  f"points), window closed, worker stopped, {app.platformName()} platform, "
                  f"{time.perf_counter() - t0:.1f} s{shot}")
