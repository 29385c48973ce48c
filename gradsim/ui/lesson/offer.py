"""The lesson offered once, on the first start: a quiet bar above the canvas, never a dialog.

It asks nothing and blocks nothing (a test or a self test that never looks at it runs as before);
that it has been offered is remembered in the settings, so it appears only once. Help → Lesson
opens the lesson at any time.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton

from .. import palette, settings
from ..i18n import tr

OFFERED_KEY = "lesson/offered"


class LessonOffer(QFrame):
    def __init__(self, open_lesson, parent=None):
        super().__init__(parent)
        self.setObjectName("lessonOffer")
        self.setStyleSheet(f"QFrame#lessonOffer {{ border-bottom: 2px solid {palette.MARK_BORDER}; }}")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 6, 4)
        text = QLabel(tr("New to gradsim? A guided lesson walks you through vanishing and exploding gradients, "
                         "step by step (also under Help → Lesson)."))
        text.setWordWrap(True)
        row.addWidget(text, 1)
        self.start = QPushButton(tr("Start the lesson"))
        self.later = QPushButton(tr("Not now"))
        row.addWidget(self.start)
        row.addWidget(self.later)
        self.start.clicked.connect(lambda: (self.close(), open_lesson()))
        self.later.clicked.connect(self.close)


def offer(main: QMainWindow, open_lesson) -> LessonOffer | None:
    """Show the offer above ``main``'s canvas if it was never shown (its Start button calls
    ``open_lesson()``); remember that it was."""
    if settings.get(OFFERED_KEY, False):
        return None
    settings.put(OFFERED_KEY, True)
    bar = LessonOffer(open_lesson)
    main.centralWidget().layout().insertWidget(0, bar)
    bar.show()
    return bar
