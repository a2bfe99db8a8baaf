"""A one-line text prompt (a new name, a speaker): enter returns the text, escape None."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from gloss.tui.screens.base_dialog import BaseDialog
from gloss.tui.widgets.typing_input import TypingInput


class PromptDialog(BaseDialog[str | None]):
    """Ask for one line of text, prefilled with ``value``; empty text is refused unless
    ``allow_empty`` (then it returns ""). ``suggestions`` complete what is typed (shown
    dimmed; right arrow takes one): the names a speaker may be."""

    DEFAULT_CSS = """
    PromptDialog > Vertical { width: 72; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]

    def __init__(
        self,
        title: str,
        value: str = "",
        hint: str = "",
        *,
        allow_empty: bool = False,
        suggestions: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.suggestions = list(suggestions)
        self.title_text = title
        self.value = value
        self.hint = hint or "enter saves · escape cancels"
        self.allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        """Title, the input, an error line, the hint."""
        with Vertical():
            yield Static(self.title_text, classes="dialog-title", markup=False)
            suggester = (
                SuggestFromList(self.suggestions, case_sensitive=False)
                if self.suggestions
                else None
            )
            yield TypingInput(self.value, id="prompt-input", suggester=suggester)
            yield Static("", classes="dialog-error", id="prompt-error")
            yield Static(self.hint, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        """Typing goes to the input."""
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = " ".join(event.value.split())
        if not text and not self.allow_empty:
            self.query_one("#prompt-error", Static).update("type a name (escape cancels)")
            return
        self.dismiss(text)
