"""The teacher's export: the lesson's figures, step by step, as PNG files for slides.

Every step is entered as a learner would meet it (its setup applied and settled) and photographed:
the canvas with its colour key, the plots when the step shows them, and the teaching view in front
when there is one -- ``03-w1-canvas.png``, ``03-w1-chain-rule.png``, … The lesson then returns to
the step it was at.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from ..i18n import tr
from .walk import pump

SETTLE_S = 30.0


def get_folder(parent) -> str:
    """Ask for the folder (replaced in tests)."""
    return QFileDialog.getExistingDirectory(parent, tr("Export the lesson's figures to"))


def export_figures(mode, folder=None) -> list[Path]:
    """Photograph every step of ``mode``'s lesson into ``folder`` (asked for when None); the files
    written. One message says how many, or what could not be written."""
    main, session, document = mode.main, mode.session, mode.document
    if folder is None:
        folder = get_folder(main)
        if not folder:
            return []
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        document.error(tr("Could not export the figures"), str(exc))
        return []
    was, finished = mode.progress.index, mode.progress.finished
    written: list[Path] = []
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        for n, step in enumerate(mode.lesson.steps):
            mode.go(n)
            pump(lambda: mode._settled() and not session.playing, SETTLE_S)
            pump(lambda: False, 0.3)  # the plots and the chain-rule panel draw the settled frame
            mode.refresh()
            shots = [("canvas", main.centralWidget())]
            if mode.docks.dock("plots").isVisible():
                shots.append(("plots", mode.plots))
            shots += [(key, mode.docks.widget(key)) for key, dock in mode.docks.docks.items()
                      if mode.docks.specs[key].teaching and dock.isVisible() and mode.docks.is_shown(key)]
            for name, widget in shots:
                path = folder / f"{n + 1:02d}-{step.id}-{name}.png"
                if not widget.grab().save(str(path)):
                    document.error(tr("Could not export the figures"), tr("Could not write {}").format(str(path)))
                    return written
                written.append(path)
    finally:
        QApplication.restoreOverrideCursor()
        mode.go(was)
        if finished:
            mode.progress.finished = True
            mode.refresh()
    session.show_message(tr("Exported {n} figures of {steps} lesson steps to {folder}").format(
        n=len(written), steps=len(mode.lesson.steps), folder=str(folder)))
    return written
