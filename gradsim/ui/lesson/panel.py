"""The lesson's side panel: one step at a time -- its text with live numbers, the one thing to do and
whether it is done, the question, and Back / Skip / Restart / Next.

The panel only shows what it is given (:class:`Page`, prepared by :mod:`.mode`) and says what the
learner clicked through its signals; it knows nothing of the session. The teacher's menu (the
"Teacher" button) opens any step directly and exports the lesson's figures.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QButtonGroup, QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QRadioButton,
                               QScrollArea, QSizePolicy, QToolButton, QVBoxLayout, QWidget)

from .. import palette
from ..i18n import tr


@dataclass(frozen=True)
class Page:
    """What the panel shows for the current step (texts already in the lesson's language, numbers
    filled in)."""

    lesson_title: str
    index: int
    count: int
    title: str
    paragraphs: tuple[str, ...]
    task: str
    task_done: bool
    done: str = ""
    question: str = ""
    kind: str = ""                                  # "choice" | "factor" | ""
    options: tuple = ()                             # ((id, text), ...)
    answer: str | None = None                       # the chosen option
    clicked: str = ""                               # the factor clicked, as text
    verdict: str = ""                               # "right" | "wrong" | "early" (before the task) | ""
    explain: str = ""
    numbers_note: str = ""
    can_back: bool = False
    can_next: bool = False
    finished: bool = False
    passed: tuple = field(default_factory=tuple)    # per step: "done", "skipped" or ""


def _label(text: str = "", muted: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    if muted:
        label.setObjectName("muted")
    return label


def _paragraphs(texts) -> str:
    return "".join(f"<p style='margin: 0px 0px 8px 0px;'>{html.escape(t)}</p>" for t in texts)


class _Option(QWidget):
    """A radio button whose text wraps (a QRadioButton's own text would widen the panel)."""

    def __init__(self, text: str):
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.button = QRadioButton()
        self.button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.button.setAccessibleName(text)
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # escaped entities would be shown as typed
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def mouseReleaseEvent(self, event):  # noqa: N802 - Qt API: a click on the text chooses it too
        if self.button.isEnabled() and event.button() == Qt.MouseButton.LeftButton:
            self.button.click()


class LessonPanel(QWidget):
    backClicked = Signal()
    nextClicked = Signal()
    skipClicked = Signal()
    restartClicked = Signal()
    answerChosen = Signal(str)     # an option id of the step's question
    stepChosen = Signal(int)       # the teacher opened a step directly
    exportRequested = Signal()     # the teacher asked for the lesson's figures
    openFileRequested = Signal()   # the teacher wants another lesson file

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.page: Page | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 6)
        outer.setSpacing(4)
        head = QHBoxLayout()
        self.progress = _label(muted=True)
        head.addWidget(self.progress, 1)
        self.teacher = QToolButton()
        self.teacher.setText(tr("Teacher"))
        self.teacher.setToolTip(tr("Open any step directly, or export the lesson's figures for slides"))
        self.teacher.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.teacher_menu = QMenu(self.teacher)
        self.steps_menu = self.teacher_menu.addMenu(tr("Open step"))
        self.export_action = self.teacher_menu.addAction(tr("Export the lesson's figures…"))
        self.export_action.triggered.connect(self.exportRequested)
        self.open_file_action = self.teacher_menu.addAction(tr("Open a lesson file…"))
        self.open_file_action.triggered.connect(self.openFileRequested)
        self.teacher.setMenu(self.teacher_menu)
        head.addWidget(self.teacher)
        outer.addLayout(head)
        self.title = _label()
        self.title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        outer.addWidget(self.title)

        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 4, 0)
        col.setSpacing(6)
        self.text = _label()
        col.addWidget(self.text)
        self.task_box = QFrame()
        self.task_box.setObjectName("lessonTask")
        self.task_box.setStyleSheet(f"QFrame#lessonTask {{ border-left: 3px solid {palette.MARK_BORDER}; }}")
        task_col = QVBoxLayout(self.task_box)
        task_col.setContentsMargins(8, 2, 2, 2)
        self.task = _label()
        self.task_state = _label()
        self.done = _label()
        for w in (self.task, self.task_state, self.done):
            task_col.addWidget(w)
        col.addWidget(self.task_box)
        self.question = _label()
        col.addWidget(self.question)
        self.options_host = QWidget()
        self.options_col = QVBoxLayout(self.options_host)
        self.options_col.setContentsMargins(8, 0, 0, 0)
        self.options_group = QButtonGroup(self)
        self.options_group.idClicked.connect(self._on_option)
        self.option_buttons: dict[str, QRadioButton] = {}
        col.addWidget(self.options_host)
        self.clicked = _label(muted=True)
        col.addWidget(self.clicked)
        self.verdict = _label()
        col.addWidget(self.verdict)
        self.explain = _label()
        col.addWidget(self.explain)
        col.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)
        self.numbers_note = _label(muted=True)
        outer.addWidget(self.numbers_note)

        buttons = QHBoxLayout()
        self.back_button = QPushButton(tr("Back"))
        self.skip_button = QPushButton(tr("Skip"))
        self.skip_button.setToolTip(tr("Go on to the next step without doing this one"))
        self.restart_button = QPushButton(tr("Restart"))
        self.restart_button.setToolTip(tr("Start the lesson again from the first step"))
        self.next_button = QPushButton(tr("Next"))
        self.next_button.setDefault(True)
        for b, signal in ((self.back_button, self.backClicked), (self.skip_button, self.skipClicked),
                          (self.restart_button, self.restartClicked), (self.next_button, self.nextClicked)):
            b.clicked.connect(signal)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Space stays Play/Pause
            buttons.addWidget(b)
        outer.addLayout(buttons)
        self.setMinimumWidth(260)

    # -- the teacher's list of steps ----------------------------------------------------------
    def set_steps(self, titles: list[str]) -> None:
        self.steps_menu.clear()
        for n, title in enumerate(titles):
            action = QAction(f"{n + 1}. {title}", self.steps_menu)
            action.triggered.connect(lambda _=False, n=n: self.stepChosen.emit(n))
            self.steps_menu.addAction(action)

    # -- showing a step -----------------------------------------------------------------------
    def show_page(self, page: Page) -> None:
        old, self.page = self.page, page
        done_steps = sum(1 for p in page.passed if p == "done")
        if page.finished:
            self.progress.setText(tr("{lesson} — finished ({done} of {count} steps done)").format(
                lesson=html.escape(page.lesson_title), done=done_steps, count=page.count))
            self.title.setText(html.escape(tr("You have reached the end of the lesson")))
            self.text.setText(_paragraphs([tr("Press Restart to go through it again, Back to return to the last "
                                              "step, or open any step from the Teacher menu.")]))
            for w in (self.task_box, self.question, self.options_host, self.clicked, self.verdict, self.explain,
                      self.numbers_note):
                w.hide()
        else:
            self._show_step(page, old)
        self.back_button.setEnabled(page.can_back)
        self.next_button.setEnabled(page.can_next)
        self.skip_button.setEnabled(not page.finished)
        self.next_button.setText(tr("Finish") if page.index == page.count - 1 else tr("Next"))
        self.next_button.setToolTip("" if page.can_next or page.finished else
                                    tr("Do the task (and answer the question) first, or Skip"))

    def _show_step(self, page: Page, old: Page | None) -> None:
        self.progress.setText(tr("{lesson} — step {n} of {count}").format(
            lesson=html.escape(page.lesson_title), n=page.index + 1, count=page.count))
        self.title.setText(html.escape(page.title))
        self.text.setText(_paragraphs(page.paragraphs))
        self.task_box.show()
        do_this = tr("Do this:")
        self.task.setText(f"<b>{html.escape(do_this)}</b> {html.escape(page.task)}")
        if page.task_done:
            done = tr("Done")
            self.task_state.setText(f"<span style='color: {palette.AGREE_FG};'><b>✓ {html.escape(done)}</b></span>")
        else:
            waiting = tr("Not done yet")
            self.task_state.setText(f"<i>{html.escape(waiting)}</i>")
        self.done.setVisible(bool(page.done))
        self.done.setText(_paragraphs([page.done]) if page.done else "")
        has_question = bool(page.question)
        self.question.setVisible(has_question)
        label = tr("Question:")
        self.question.setText(f"<b>{html.escape(label)}</b> {html.escape(page.question)}" if has_question else "")
        if old is None or old.index != page.index or old.options != page.options:
            self._set_options(page.options)
        self.options_host.setVisible(page.kind == "choice")
        for oid, button in self.option_buttons.items():
            button.setChecked(oid == page.answer)
            button.setEnabled(page.verdict != "right")
            button.parentWidget().label.setEnabled(page.verdict != "right")
        self.clicked.setVisible(bool(page.clicked))
        self.clicked.setText(html.escape(page.clicked))
        self.verdict.setVisible(bool(page.verdict))
        if page.verdict == "right":
            right = tr("Right.")
            self.verdict.setText(f"<span style='color: {palette.AGREE_FG};'><b>✓ {html.escape(right)}</b></span>")
        elif page.verdict == "wrong":
            wrong = tr("Not this one — look at the numbers again and try another answer.")
            self.verdict.setText(f"<span style='color: {palette.VANISH_FG};'><b>✗</b> {html.escape(wrong)}</span>")
        elif page.verdict == "early":
            self.verdict.setText(html.escape(tr("Do the task first: the answer is judged on what it shows.")))
        self.explain.setVisible(bool(page.explain))
        self.explain.setText(_paragraphs([page.explain]) if page.explain else "")
        self.numbers_note.setVisible(bool(page.numbers_note))
        self.numbers_note.setText(html.escape(page.numbers_note))

    def _set_options(self, options) -> None:
        for button in self.option_buttons.values():
            self.options_group.removeButton(button)
            button.deleteLater()
        self.option_buttons = {}
        while self.options_col.count():
            item = self.options_col.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for n, (oid, text) in enumerate(options):
            row = _Option(text)
            self.options_group.addButton(row.button, n)
            self.options_col.addWidget(row)
            self.option_buttons[oid] = row.button

    def _on_option(self, n: int) -> None:
        if self.page is not None and 0 <= n < len(self.page.options):
            self.answerChosen.emit(self.page.options[n][0])
