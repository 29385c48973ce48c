"""Cyclic garbage collection happens only in the GUI thread once a training controller exists."""

import gc
import threading


def test_automatic_gc_is_off_and_the_gui_thread_collects(qtbot, controller):
    assert not gc.isenabled()  # a worker thread can no longer trigger a collection

    class Cycle:
        pass

    collected_in = []

    class Probe:
        def __del__(self):
            collected_in.append(threading.current_thread() is threading.main_thread())

    for _ in range(2000):  # well past generation 0's threshold
        a, b = Cycle(), Cycle()
        a.other, b.other = b, a
    p = Probe()
    p.self = p
    del p, a, b
    qtbot.waitUntil(lambda: len(collected_in) > 0, timeout=10000)
    assert collected_in == [True]
