"""UI tests run headless: the offscreen platform must be chosen before Qt is imported."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_desktop(tmp_path, monkeypatch):
    """Settings and autosaves in a temporary folder; no modal dialog ever blocks a test (the
    save-changes question answers "discard", errors are only recorded)."""
    monkeypatch.setenv("GRADSIM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("GRADSIM_AUTOSAVE_DIR", str(tmp_path / "autosave"))
    from gradsim.ui import document, settings

    settings.take_problems()  # problems another test's settings had are not this test's
    shown = []
    monkeypatch.setattr(document, "ask_save_changes", lambda parent, name: "discard")
    monkeypatch.setattr(document, "ask_recover", lambda parent, name, when: False)
    monkeypatch.setattr(document, "show_error", lambda parent, title, text: shown.append((title, text)))
    yield shown


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
        qtbot.waitUntil(lambda: w.session.last_snapshot is not None, timeout=5000)
        return w

    yield make
    for w in windows:
        w.close()
        assert not w.session.controller.running, "training thread still running after close"


@pytest.fixture
def controller(qapp):
    """A bare TrainingController whose frames are recorded (with "arrived in the GUI thread?") and
    acknowledged at once; teardown checks its thread stopped within 0.5 s."""
    from PySide6.QtCore import QThread

    from gradsim.ui.worker import TrainingController

    c = TrainingController()
    frames = []

    def on_frame(frame):
        frames.append((frame, QThread.currentThread() is qapp.thread()))
        c.ack()

    c.frameReceived.connect(on_frame)
    c.frames = frames
    yield c
    assert c.shutdown(500)
    assert not c.running


@pytest.fixture
def session(qapp):
    """A session without a window (for a view tested on its own); its training thread is stopped at
    teardown."""
    from gradsim.ui.session import Session

    s = Session()
    yield s
    s.shutdown()
    assert not s.controller.running
