"""The tag dialog: add and remove several tags at once, with completion from existing tags.

Tags may contain spaces, commas and emoji, so they are entered one at a time (enter adds the
typed tag; enter on an empty line saves). The dialog returns the full new set of tags, or None
when cancelled.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from gloss.store import GlossError
from gloss.store.annotations import clean_tag
from gloss.tui.safe import clean
from gloss.tui.screens.base_dialog import BaseDialog
from gloss.tui.widgets.typing_input import TypingInput


class TagDialog(BaseDialog[list[str] | None]):
    """Edit a set of tags; dismisses with the new list (sorted) or None."""

    DEFAULT_CSS = """
    TagDialog > Vertical { width: 70; max-height: 90%; }
    TagDialog OptionList { height: auto; max-height: 12; margin-bottom: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="tags.cancel"),
        Binding("ctrl+s", "save", "Save", id="tags.save"),
        Binding("delete", "remove", "Remove tag", id="tags.remove"),
    ]

    def __init__(self, title: str, tags: list[str], known: list[str], error: str = "") -> None:
        """``error``: why the last save failed (the dialog is shown again with the tags)."""
        super().__init__()
        self.heading = title
        self.tags: list[str] = sorted(set(tags))
        self.known = known
        self.error = error

    def compose(self) -> ComposeResult:
        """Title, the chosen tags, the input with completion, help."""
        with Vertical():
            yield Static(Text(clean(self.heading)), id="tag-title", classes="dialog-title")
            yield OptionList(id="tag-list")
            yield TypingInput(
                placeholder="type a tag, enter to add (enter on empty line saves)",
                suggester=SuggestFromList(self.known, case_sensitive=False),
                id="tag-input",
            )
            yield Static("", id="tag-error", classes="dialog-error")
            yield Static(
                "→ accepts the suggestion · shift+tab then delete removes a tag · "
                "ctrl+s saves · escape cancels",
                id="tag-help",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        """Show the current tags (and why the last save failed); focus the input."""
        self._refresh_list()
        if self.error:
            self._error(f"not saved: {self.error}")
        self.query_one("#tag-input", Input).focus()

    def _refresh_list(self) -> None:
        options = self.query_one("#tag-list", OptionList)
        options.clear_options()
        options.add_options(
            [Option(Text(clean(tag)), id=str(i)) for i, tag in enumerate(self.tags)]
        )
        options.display = bool(self.tags)
        if self.tags:  # so delete works as soon as the list has focus
            options.highlighted = 0

    def _error(self, message: str) -> None:
        self.query_one("#tag-error", Static).update(Text(message))

    @on(Input.Submitted, "#tag-input")
    def add_tag(self, event: Input.Submitted) -> None:
        """Enter: add the typed tag (or save when the line is empty)."""
        # Two quick enters (or a paste ending in two newlines) both carry the typed value; the
        # second finds its tag added and the box cleared: it is the "empty line" enter.
        already_added = event.value.strip() in self.tags and event.input.value == ""
        if event.value == "" or already_added:
            self.action_save()
            return
        try:
            tag = clean_tag(event.value)
        except GlossError as exc:
            self._error(str(exc))
            return
        self._error("")
        if tag not in self.tags:
            self.tags = sorted({*self.tags, tag})
            self._refresh_list()
        event.input.value = ""

    def action_remove(self) -> None:
        """Remove the highlighted tag from the list."""
        options = self.query_one("#tag-list", OptionList)
        if options.highlighted is None or not self.tags:
            return
        del self.tags[options.highlighted]
        self._refresh_list()

    def action_save(self) -> None:
        """Close with the tags (a typed but not yet added tag is added first)."""
        pending = self.query_one("#tag-input", Input).value
        if pending.strip():
            try:
                self.tags = sorted({*self.tags, clean_tag(pending)})
            except GlossError as exc:
                self._error(str(exc))
                return
        self.dismiss(list(self.tags))
