"""Start the real application (``gradsim.__main__.main``, the path a user's start takes: settings,
theme, language, window, saved geometry, crash recovery) in this process and drive it: wait for
its window, note what it shows, train until ``--steps`` steps, close it. Prints one line
``RESULT {json}`` and exits with the app's exit status.

Run as ``python -m tests.ui.appdriver [--steps N] [--recover yes|no] [--crash] [-- gradsim
arguments]`` from the repository root (tests/ui/test_startup.py does, with prepared settings and
autosaves). A question box (recover unsaved work?) is answered with ``--recover``; other message
boxes are dismissed and their text noted. ``--crash`` kills the process (SIGKILL) right after
the first look at the window, as a crash would. ``--slow-layer S`` makes every layer of every
forward pass take S seconds more (a stand-in for a huge network), and ``--close-in-step`` closes
the window while the training thread is inside such a pass, noting how long the close took.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--recover", choices=("yes", "no"), default="no")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--crash", action="store_true")
    parser.add_argument("--slow-layer", type=float, default=0.0)
    parser.add_argument("--close-in-step", action="store_true")
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    gradsim_args = args.rest[1:] if args.rest[:1] == ["--"] else args.rest

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication(["gradsim"])
    from gradsim.ui.main_window import MainWindow

    result: dict = {"asked": []}
    t0 = time.perf_counter()
    in_pass = _slow_down(args.slow_layer) if args.slow_layer else None

    def window():
        found = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        return found[0] if found else None

    def tick():
        box = app.activeModalWidget()
        if isinstance(box, QMessageBox):
            result["asked"].append(box.text())
            answer = QMessageBox.StandardButton.Yes if args.recover == "yes" else QMessageBox.StandardButton.No
            button = box.button(answer)
            box.done(answer) if button is None else button.click()
            return
        w = window()
        if w is None:
            return
        if "status" not in result:  # the first look at the window, before anything else ran
            geometry, frame = w.geometry(), w.frameGeometry()
            area = w.screen().availableGeometry()
            result.update(status=w.session.status_message, status_tip=w.status.message_label.toolTip(), spec=w.session.spec.name, path=str(w.document.path or ""),
                          modified=w.isWindowModified(), geometry=[frame.x(), frame.y(), frame.width(), frame.height()],
                          inner=[geometry.width(), geometry.height()],
                          screen=[area.x(), area.y(), area.width(), area.height()],
                          autosave=str(w.document.autosave_path),
                          autosave_files=sorted(os.listdir(w.document.autosave_path.parent))
                          if w.document.autosave_path.parent.is_dir() else [])
            if args.crash:
                print("RESULT " + json.dumps(result), flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
            w.document.interactive = False
            w.menus.speed.setCurrentIndex(w.menus.speed.count() - 1)
            w.session.play()
            return
        if args.close_in_step:
            if in_pass.is_set():
                start = time.perf_counter()
                w.close()
                result.update(close_s=round(time.perf_counter() - start, 3), running_after_close=w.session.controller.running)
            return
        snap = w.session.last_snapshot
        if snap is not None and snap.step >= args.steps:
            result.update(step=snap.step, error=w.session.last_error, nonfinite=bool(snap.nonfinite))
            w.session.pause()
            w.close()
        elif snap is not None and snap.step == 0 and not w.session.playing and "replayed" not in result:
            result["replayed"] = True  # recovery reset the network after Play: play it again
            w.session.play()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(50)

    def give_up():
        result["timeout"] = True
        for w in app.topLevelWidgets():
            w.close()
        app.exit(3)

    QTimer.singleShot(int(args.timeout * 1000), give_up)
    from gradsim.__main__ import main as gradsim_main

    status = gradsim_main(gradsim_args)
    result["seconds"] = round(time.perf_counter() - t0, 2)
    print("RESULT " + json.dumps(result), flush=True)
    return status


def _slow_down(seconds: float):
    """Every activation's forward pass sleeps ``seconds`` first; the returned event is set once the
    training thread is inside one."""
    import threading

    from gradsim.engine import activations

    inside = threading.Event()
    main = threading.main_thread()

    def slowed(original):
        def forward_unguarded(self, u):
            if threading.current_thread() is not main:
                inside.set()
            time.sleep(seconds)
            return original(self, u)
        return forward_unguarded

    classes = [activations.Activation]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if "forward_unguarded" in vars(cls):
            cls.forward_unguarded = slowed(vars(cls)["forward_unguarded"])
    return inside


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
