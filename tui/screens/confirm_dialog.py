"""A yes/no question before something that cannot be taken back in one key (undoing a
correction analyses its documents again): y returns True, n or escape False."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from gloss.tui.screens.base_dialog import BaseDialog


class ConfirmDialog(BaseDialog[bool]):
    """Ask ``question`` (plain text, never markup), with ``detail`` below it."""

    DEFAULT_CSS = """
    ConfirmDialog > Vertical { width: 72; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        """The question, what it does, the keys."""
        with Vertical():
            yield Static(self.question, classes="dialog-title", markup=False)
            if self.detail:
                yield Static(self.detail, markup=False)
            yield Static("y yes · n or escape no", classes="dialog-hint", markup=False)

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)

    def action_cancel(self) -> None:
        """Escape is no."""
        self.dismiss(False)
