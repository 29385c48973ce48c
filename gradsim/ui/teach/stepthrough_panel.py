"""Step-through panel: the seed's hand computation one stage per click.

Shows one :class:`gradsim.engine.stepthrough.Stage` at a time — its lines as symbol, formula with
the numbers substituted, and value — with Back / Next / Restart. Every stage change emits
``highlightRequested(neurons, edges)`` so the network canvas can light up the units ``(layer,
index)`` and weights ``(k, j, i)`` involved. The stages come from
:func:`gradsim.engine.stepthrough.build_stages` (or ``stages_for`` with a snapshot's parameters);
:meth:`set_stages` after training keeps the learner on the same stage with the new numbers.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from gradsim.ui.engine_text import translated

from .. import palette
from ..numbers import number_html
from .mathtext import name_html

_NAMED = re.compile(r"\b((?:net|out|E|b|δ)_[A-Za-z0-9_]+|target_[A-Za-z0-9_]+)")


def _math(text: str) -> str:
    """Formula text (its words in the UI language) with net_h1 → net<sub>h1</sub> and w1⁺ kept as is."""
    return _NAMED.sub(lambda m: name_html(m.group(1)), html.escape(translated(text)))


def stage_html(stage) -> str:
    rows = []
    for line in stage.lines:
        rows.append(
            "<tr>"
            f'<td style="padding: 3px 10px 3px 0px; white-space: nowrap;"><b>{_math(line.symbol)}</b></td>'
            f'<td style="padding: 3px 10px 3px 0px;">= {_math(line.formula)}</td>'
            f'<td align="right" style="padding: 3px 0px; white-space: nowrap; color: {palette.TOTAL_FG};">'
            f"<b>= {number_html(line.value, 9)}</b></td></tr>")
    note = (f'<p style="color: {palette.PAPER_MUTED}; margin-top: 8px;">{html.escape(translated(stage.note))}</p>'
            if stage.note else "")
    return f'<table cellspacing="0" cellpadding="0" width="100%">{"".join(rows)}</table>{note}'


class StepThroughPanel(QWidget):
    """Entry points: :meth:`set_stages`, :meth:`next`, :meth:`back`, :meth:`restart`; signals
    ``highlightRequested(list, list)`` and ``stageChanged(str)`` (the stage key)."""

    highlightRequested = Signal(list, list)
    stageChanged = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.stages: list = []
        self.index = 0
        self.title = QLabel()
        self.title.setTextFormat(Qt.RichText)
        self.title.setStyleSheet(f"font-size: 12pt; color: {palette.PAPER_FOREGROUND};")
        self.title.setWordWrap(True)
        self.view = QTextBrowser()
        self.view.setStyleSheet(f"QTextBrowser {{ background: {palette.PAPER_BACKGROUND}; color: {palette.PAPER_FOREGROUND};"
                                f" border: 1px solid {palette.RULE}; font-size: 11pt; }}")
        self.back_button = QPushButton(self.tr("◀ Back"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.restart_button = QPushButton(self.tr("Restart"))
        self.next_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restart_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.restart_button.clicked.connect(self.restart)
        self._show()

    @property
    def current(self):
        return self.stages[self.index] if self.stages else None

    def set_stages(self, stages: list) -> None:
        """New numbers (or a new network); stay on the stage with the same key if there is one."""
        key = self.current.key if self.current else None
        self.stages = list(stages)
        keys = [s.key for s in self.stages]
        self.index = keys.index(key) if key in keys else 0
        self._show()

    def next(self) -> None:
        if self.stages and self.index < len(self.stages) - 1:
            self.index += 1
            self._show()

    def back(self) -> None:
        if self.index > 0:
            self.index -= 1
            self._show()

    def restart(self) -> None:
        if self.stages:
            self.index = 0
            self._show()

    def _show(self) -> None:
        stage = self.current
        self.back_button.setEnabled(stage is not None and self.index > 0)
        self.next_button.setEnabled(stage is not None and self.index < len(self.stages) - 1)
        self.restart_button.setEnabled(stage is not None)
        if stage is None:
            title = self.tr("Step-through")
            hint = self.tr("Load the seed preset to follow its forward pass, loss, backward pass and update one "
                           "stage at a time.")
            self.title.setText(f"<span style='color:{palette.PAPER_MUTED}'>{title}</span>")
            self.view.setHtml(f"<p style='color:{palette.PAPER_MUTED}'>{hint}</p>")
            self.highlightRequested.emit([], [])
            return
        colour = palette.PHASE_COLOURS.get(stage.phase, palette.PAPER_FOREGROUND)
        dots = " ".join(f"<span style='color:{palette.PHASE_COLOURS.get(s.phase, palette.PAPER_MUTED) if n <= self.index else palette.RULE}'>●</span>"
                        for n, s in enumerate(self.stages))
        self.title.setText(f"<span style='color:{colour}'><b>{html.escape(translated(stage.title))}</b></span> &nbsp; "
                           f"<span style='font-size:9pt'>{dots}</span> "
                           f"<span style='color:{palette.PAPER_MUTED}; font-size:10pt'>{self.index + 1}/{len(self.stages)}</span>")
        self.view.setHtml(stage_html(stage))
        self.highlightRequested.emit(list(stage.neurons), list(stage.edges))
        self.stageChanged.emit(stage.key)


__all__ = ["StepThroughPanel", "stage_html"]
