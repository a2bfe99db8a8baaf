"""Messages that screens send up to the app (screens never call app methods directly).

A screen posts one with ``self.post_message(...)``; it bubbles from the screen to
:class:`~gloss.tui.app.GlossApp`, whose handler owns the screen stack.
"""

from __future__ import annotations

from textual.message import Message


class OpenDocument(Message):
    """Open document ``document_id`` in the reader, selecting what is at text offset ``at``
    and marking the occurrences of ``find``."""

    def __init__(self, document_id: int, at: int | None = None, find: str = "") -> None:
        super().__init__()
        self.document_id = document_id
        self.at = at
        self.find = find


class StepDocument(Message):
    """Open the next (``step`` 1) or previous (-1) document of the library's list in place of
    document ``document_id``."""

    def __init__(self, document_id: int, step: int) -> None:
        super().__init__()
        self.document_id = document_id
        self.step = step
