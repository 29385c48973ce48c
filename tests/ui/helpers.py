"""Small helpers shared by the UI tests."""


def wait_step(qtbot, window, at_least: int, timeout: int = 10000):
    """Wait until the window has shown a snapshot at or past step ``at_least`` (or a stopped run)."""
    qtbot.waitUntil(lambda: window.session.last_snapshot is not None
                    and (window.session.last_snapshot.step >= at_least or bool(window.session.last_snapshot.nonfinite)),
                    timeout=timeout)
    return window.session.last_snapshot
