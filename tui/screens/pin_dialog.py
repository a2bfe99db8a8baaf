"""The pin dialog: pin a tag to a quick key (1-9) and give it a colour.

Returns a :class:`TagPin` (tag, key or None to unpin, colour or None for none) or None when
cancelled. The reader saves it with ``pin_tag`` and ``set_tag_color``.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from gloss.store import GlossError
from gloss.store.annotations import PIN_KEYS, clean_tag
from gloss.tui.safe import clean
from gloss.tui.screens.base_dialog import BaseDialog
from gloss.tui.widgets.typing_input import TypingInput


@dataclass(frozen=True)
class TagPin:
    """What the pin dialog decided for one tag."""

    tag: str
    key: str | None
    color: str | None


def pins_text(tags: list[dict[str, Any]]) -> Text:
    """The pinned tags as one line, `1 tag  2 tag`, each tag in its colour."""
    line = Text(no_wrap=True, overflow="ellipsis")
    for tag in sorted((t for t in tags if t.get("pin_key")), key=lambda t: t["pin_key"]):
        line.append(f"{tag['pin_key']} ", "bold reverse")
        style = Style(bold=True)
        if tag.get("color"):
            with contextlib.suppress(ColorParseError):
                style = Style(bold=True, color=Color.parse(tag["color"]).rich_color)
        line.append(clean(tag["name"]), style)
        line.append("  ")
    return line


class PinDialog(BaseDialog[TagPin | None]):
    """Choose a tag, its key (empty: unpin) and its colour (empty: none)."""

    DEFAULT_CSS = """
    PinDialog > Vertical { width: 64; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pin.cancel"),
        Binding("ctrl+s", "save", "Save", id="pin.save"),
    ]

    def __init__(self, tags: list[dict[str, Any]], tag: str = "") -> None:
        super().__init__()
        self.tags = {t["name"]: t for t in tags}
        self.start_tag = tag

    def compose(self) -> ComposeResult:
        """Current pins, the three fields, help."""
        with Vertical():
            yield Static("Pin a tag to a key", id="pin-title", classes="dialog-title")
            yield Static(
                pins_text(list(self.tags.values())), id="pin-current", classes="dialog-hint"
            )
            yield TypingInput(
                self.start_tag,
                placeholder="tag",
                suggester=SuggestFromList(list(self.tags), case_sensitive=False),
                id="pin-tag",
            )
            yield TypingInput(placeholder="key 1-9 (empty: unpin)", max_length=1, id="pin-key")
            yield TypingInput(placeholder="colour: red, #ff8800… (empty: none)", id="pin-color")
            yield Static("", id="pin-error", classes="dialog-error")
            yield Static(
                "enter: next field / save · escape cancels", id="pin-help", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        """Focus the tag field."""
        self.query_one("#pin-tag", Input).focus()

    def _error(self, message: str) -> None:
        self.query_one("#pin-error", Static).update(Text(message))

    @on(Input.Submitted, "#pin-tag")
    def _tag_done(self, event: Input.Submitted) -> None:
        known = self.tags.get(event.value.strip())
        if known is not None:  # show what the tag has now
            self.query_one("#pin-key", Input).value = known.get("pin_key") or ""
            self.query_one("#pin-color", Input).value = known.get("color") or ""
        self.query_one("#pin-key", Input).focus()

    @on(Input.Submitted, "#pin-key")
    def _key_done(self) -> None:
        self.query_one("#pin-color", Input).focus()

    @on(Input.Submitted, "#pin-color")
    def _color_done(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Close with the tag, key and colour (after checking them)."""
        try:
            tag = clean_tag(self.query_one("#pin-tag", Input).value)
        except GlossError as exc:
            self._error(str(exc))
            return
        key = self.query_one("#pin-key", Input).value.strip() or None
        if key is not None and key not in PIN_KEYS:
            self._error(f"the key is one of 1-9, not {key!r}")
            return
        color = self.query_one("#pin-color", Input).value.strip().lower() or None
        if color is not None:
            try:
                Color.parse(color)
            except ColorParseError:
                self._error(f"{color!r} is not a colour (try red, teal or #ff8800)")
                return
        self.dismiss(TagPin(tag, key, color))
