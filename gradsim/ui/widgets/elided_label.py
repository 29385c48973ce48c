"""A one-line label that shortens its text with "…" to the width it has, the whole text in its tooltip."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


class ElidedLabel(QLabel):
    """One line of plain text, optionally coloured and after a rich-text prefix (a coloured dot),
    elided to the label's width; the tooltip holds the whole text (or a given detail).

    The status bar is narrow on a small screen, and a verdict cut off mid-word ("try LeakyReLU or
    a…" without the rest anywhere) is worse than one that says it goes on.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.full_text = ""
        self._color: str | None = None
        self._prefix = ("", "")   # (rich text, its plain text for measuring)
        self._detail: str | None = None

    def set_content(self, text: str, color: str | None = None, prefix: tuple[str, str] = ("", ""),
                    detail: str | None = None) -> None:
        self.full_text, self._color, self._prefix, self._detail = str(text), color, prefix, detail
        self._show()

    def shown_text(self) -> str:
        """The plain text on screen (the prefix's included), for tests."""
        return self._prefix[1] + getattr(self, "_shown", "")

    def resizeEvent(self, event):  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._show()

    def _show(self) -> None:
        fm = self.fontMetrics()
        room = self.contentsRect().width() - fm.horizontalAdvance(self._prefix[1]) - 4
        shown = fm.elidedText(self.full_text, Qt.TextElideMode.ElideRight, max(0, room)) if self.full_text else ""
        self._shown = shown
        body = html.escape(shown)
        if self._color and body:
            body = f"<span style='color:{self._color}'>{body}</span>"
        self.setText(self._prefix[0] + body if (body or self._prefix[0]) else "")
        tip = self._detail if self._detail is not None else (self.full_text if shown != self.full_text else "")
        self.setToolTip(tip or self.full_text)
