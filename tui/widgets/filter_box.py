"""The library's filter box: an Input with a shell-like history of recent filters.

`up` recalls the previous filter, `down` the next one, and past the newest one comes back to
what was being typed; `down` with no recalled filter goes to the filtered rows (two new-user
tests expected it there). The screen gives the history (read from the store in a worker) and
adds to it; the widget never opens the store.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from gloss.tui.widgets.typing_input import TypingInput


class FilterBox(TypingInput):
    """A filter input whose up/down walk through the recent filters."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history(-1)", "Previous filter", show=False, id="filter.previous"),
        Binding("down", "history(1)", "Next filter", show=False, id="filter.next"),
    ]

    class ToResults(Message):
        """`down` with no recalled filter: the reader goes on to the filtered rows."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []  # oldest first
        self._position: int | None = None  # index into history while walking it
        self._draft = ""  # what was typed before walking the history
        self._shown = ""  # the history entry last shown (a Changed for it is no typing)

    def set_history(self, history: list[str]) -> None:
        """Replace the recent filters (oldest first); a walk in progress starts over."""
        self.history = list(history)
        self._position = None

    def remember(self, text: str) -> None:
        """Add a filter as the newest (moved there if it was already in the history)."""
        text = text.strip()
        if text:
            self.history = [h for h in self.history if h != text] + [text]
        self._position = None

    def action_history(self, step: int) -> None:
        """Show the previous (-1) or next (+1) recent filter; past the newest, the draft;
        `down` before any recalled filter goes to the rows."""
        if self._position is None and step > 0:
            self.post_message(self.ToResults())
            return
        if not self.history:
            return
        if self._position is None:
            self._draft = self.value
            position = len(self.history) - 1
            if self.history[position] == self.value and position > 0:
                position -= 1  # the newest is what the box shows already
        else:
            position = self._position + step
        if position < 0:
            position = 0
        if position >= len(self.history):
            self._position = None
            self._show(self._draft)
            return
        self._position = position
        self._show(self.history[position])

    def _show(self, text: str) -> None:
        self._shown = text
        self.value = text
        self.cursor_position = len(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing ends a walk through the history (the typed text becomes the draft)."""
        if event.input is self and event.value != self._shown:
            self._position = None
