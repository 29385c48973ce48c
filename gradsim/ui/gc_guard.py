"""Garbage collection only in the GUI thread.

Python's cyclic collector runs in whichever thread happens to cross an allocation threshold. When
that is the training thread and the garbage holds Qt widgets (menus of a window closed a moment
ago), their C++ destructors run off the GUI thread and can deadlock against it — seen on a fresh
CI machine: gc in the worker destroying a QMenu while the GUI thread held Qt's mutex. So automatic
collection is switched off and a GUI-thread timer collects instead (pyqtgraph's GarbageCollector,
made for exactly this).
"""

from __future__ import annotations

_collector = None


def collect_in_gui_thread(interval_s: float):
    """Install the GUI-thread collector (a look every ``interval_s`` seconds) once per process; call
    from the GUI thread."""
    global _collector
    if _collector is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _collector = GarbageCollector(interval=interval_s)
    return _collector
