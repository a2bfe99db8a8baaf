"""Messages that screens send up to the app (screens never call app methods directly).

A screen posts one with ``self.post_message(...)``; it bubbles from the screen to
:class:`~gloss.tui.app.GlossApp`, whose handler owns the screen stack.
"""

from __future__ import annotations

from textual.message import Message


class OpenDocument(Message):
    """Open document ``document_id`` in the reader, selecting what is at text offset ``at``
    (an item of kind ``select`` first, e.g. "claim") and marking the occurrences of
    ``find``."""

    def __init__(
        self, document_id: int, at: int | None = None, find: str = "", select: str = ""
    ) -> None:
        super().__init__()
        self.document_id = document_id
        self.at = at
        self.find = find
        self.select = select


class OpenSpeaker(Message):
    """Show every claim by the canonical speaker ``speaker`` across the corpus."""

    def __init__(self, speaker: str, claim_id: int | None = None) -> None:
        """``claim_id``: the claim to start on (the one `w` was pressed on)."""
        super().__init__()
        self.speaker = speaker
        self.claim_id = claim_id


class StartReview(Message):
    """Ask for a review session over ``queue`` (the start dialog, prefilled)."""

    def __init__(self, queue: str) -> None:
        super().__init__()
        self.queue = queue


class StepDocument(Message):
    """Open the next (``step`` 1) or previous (-1) document of the library's list in place of
    document ``document_id``."""

    def __init__(self, document_id: int, step: int) -> None:
        super().__init__()
        self.document_id = document_id
        self.step = step


class StoreProblem(Message):
    """The store failed (damaged, deleted, full): ``error`` says how, in one sentence. The
    app shows it once; the screen that met it keeps what the user typed."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class UndoCorrection(Message):
    """Forget correction ``correction_id`` and analyse its documents again (a job)."""

    def __init__(self, correction_id: int) -> None:
        super().__init__()
        self.correction_id = correction_id
