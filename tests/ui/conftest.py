"""UI tests run headless: the offscreen platform must be chosen before Qt is imported."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture
def make_window(qtbot):
    """Open a MainWindow on a preset; teardown closes it and checks its training thread stopped."""
    from gradsim.ui.main_window import MainWindow

    windows = []

    def make(preset: str = "seed-2-2-2", size=(1280, 800)):
        w = MainWindow(preset)
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        windows.append(w)
        # the worker answers every reset with a snapshot of the fresh network
        qtbot.waitUntil(lambda: w.last_snapshot is not None, timeout=5000)
        return w

    yield make
    for w in windows:
        w.close()
        assert not w.controller.running, "training thread still running after close"
