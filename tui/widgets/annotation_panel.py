"""The reader's annotation panel: the document's annotations in text order, and one note.

Rows show the quote, the tags (in their colours), author and time, and the note's first line;
document-level annotations come first and orphans (whose text is gone) last, marked. The
highlighted annotation's note is rendered as markdown below the list.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Markdown, OptionList
from textual.widgets.option_list import Option

from gloss.tui.safe import clean

NOTE_SHOWN = 4_000  # characters of a note rendered in the panel (notes may be megabytes)


def _one_line(text: str, limit: int) -> str:
    text = " ".join(clean(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tag_style(color: str | None) -> Style:
    """A tag as a chip (reversed, in its colour): tags may hold spaces and commas, and "fact
    check x, y" read as any number of tags (a new-user test)."""
    if not color:
        return Style(bold=True, reverse=True)
    try:
        return Style(color=color, bold=True, reverse=True)
    except Exception:  # a colour rich does not know: draw the tag plainly
        return Style(bold=True, reverse=True)


def ordered(annotations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Document-level annotations first, then spans in text order, then orphans."""

    def key(note: dict[str, Any]) -> tuple[int, int, int]:
        if note.get("start") is None:
            return (0, 0, 0)
        return (2 if note.get("orphan") else 1, note["start"], note["end"])

    return sorted(annotations, key=key)


def row_text(note: dict[str, Any], colors: dict[str, str], width: int = 40) -> Text:
    """An annotation as up to three lines: quote; tags, author, time; the note's first line."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if note.get("orphan"):
        text.append("⚠ orphan ", "bold reverse")
    if note.get("start") is None:
        text.append("(whole document)", "italic")
    else:
        text.append("“" + _one_line(note.get("quote") or "", width) + "”")
    text.append("\n")
    for tag in note.get("tags") or []:
        text.append(f" {clean(tag)} ", _tag_style(colors.get(tag)))
        text.append(" ")
    when = (note.get("updated") or "")[:16].replace("T", " ")
    meta = " · ".join(part for part in (clean(note.get("author") or ""), when) if part)
    text.append(("· " if note.get("tags") else "") + meta, "dim")
    first = next((line for line in (note.get("note") or "").splitlines() if line.strip()), "")
    if first:
        text.append("\n")
        text.append(_one_line(first, width), "italic dim")
    return text


class AnnotationPanel(Vertical):
    """The document's annotations; enter jumps, `e` edits the note, `d` deletes (undoable)."""

    DEFAULT_CSS = """
    AnnotationPanel { width: 44; max-width: 50%; border-left: vkey $primary 50%;
        background: $panel; }
    AnnotationPanel:focus-within { border-left: vkey $primary; }
    AnnotationPanel > OptionList, AnnotationPanel > OptionList:focus {
        height: 1fr; background: $panel; border: none;
        text-wrap: nowrap; text-overflow: ellipsis; }
    AnnotationPanel > VerticalScroll { height: auto; max-height: 45%;
        border-top: hkey $primary 50%; }
    AnnotationPanel Markdown { margin: 0; padding: 0 1; background: $panel; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit the note", id="annotations.edit"),
        Binding("d,delete", "delete", "Delete (u undoes)", id="annotations.delete"),
        Binding(
            "x",
            "app.export('annotations')",
            "Export annotations",
            id="annotations.export",
            show=False,
        ),
    ]

    class Chosen(Message):
        """An annotation row was acted on: `action` is "jump", "edit" or "delete"."""

        def __init__(self, action: str, annotation_id: str) -> None:
            super().__init__()
            self.action = action
            self.annotation_id = annotation_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.annotations: dict[str, dict[str, Any]] = {}
        # Row content by annotation id, with the values it was built from: a Content keeps
        # its measured height, so a refill after one change re-measures only that row.
        self._rows: dict[str, tuple[tuple[Any, ...], Content]] = {}

    def compose(self) -> ComposeResult:
        """The list and the rendered note."""
        yield OptionList(id="annotation-list")
        with VerticalScroll(id="annotation-note-box"):
            yield Markdown("", id="annotation-note")

    @property
    def options(self) -> OptionList:
        """The list of annotations."""
        return self.query_one("#annotation-list", OptionList)

    def focus(self, scroll_visible: bool = True) -> AnnotationPanel:
        """Focus the list."""
        self.options.focus(scroll_visible)
        return self

    def show(self, annotations: list[dict[str, Any]], colors: dict[str, str]) -> None:
        """Fill the list (keeping the highlighted annotation when it is still there)."""
        options = self.options
        before = self.highlighted_id
        rows = ordered(annotations)
        self.annotations = {note["id"]: note for note in rows}
        header = Text(f"Annotations ({len(rows)})", style="bold")
        items: list[Option | None] = [Option(header, disabled=True)]
        if not rows:
            hint = "  none yet: t tags, m notes the selection"
            items.append(Option(Text(hint, style="dim"), disabled=True))
        items.extend(Option(self._row(note, colors), id=note["id"]) for note in rows)
        options.set_options(items)
        self._rows = {key: row for key, row in self._rows.items() if key in self.annotations}
        if before in self.annotations:
            options.highlighted = options.get_option_index(before)
        elif rows:
            options.highlighted = 1
        self._show_note(self.highlighted_id)

    def _row(self, note: dict[str, Any], colors: dict[str, str]) -> Content:
        key = (
            note.get("quote"),
            note.get("start") is None,
            tuple(note.get("tags") or ()),
            tuple(colors.get(t) for t in note.get("tags") or ()),
            note.get("author"),
            note.get("updated"),
            note.get("orphan"),
            (note.get("note") or "")[:500],
        )
        cached = self._rows.get(note["id"])
        if cached is None or cached[0] != key:
            cached = (key, Content.from_rich_text(row_text(note, colors)))
            self._rows[note["id"]] = cached
        return cached[1]

    def select(self, annotation_id: str) -> None:
        """Highlight an annotation's row."""
        if annotation_id in self.annotations:
            self.options.highlighted = self.options.get_option_index(annotation_id)

    @property
    def highlighted_id(self) -> str | None:
        """The highlighted annotation's id, if any."""
        options = self.options
        if options.highlighted is None or options.option_count == 0:
            return None
        key = options.get_option_at_index(options.highlighted).id
        return key if key in self.annotations else None

    def _show_note(self, annotation_id: str | None) -> None:
        note = self.annotations.get(annotation_id or "", {}).get("note") or ""
        if len(note) > NOTE_SHOWN:
            note = note[:NOTE_SHOWN] + "\n\n… (the note goes on; e opens all of it)"
        box = self.query_one("#annotation-note-box")
        box.display = bool(note.strip())
        self.query_one("#annotation-note", Markdown).update(clean(note))

    @on(OptionList.OptionHighlighted, "#annotation-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_note(event.option.id)

    @on(OptionList.OptionSelected, "#annotation-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id in self.annotations:
            self.post_message(self.Chosen("jump", event.option.id))

    def action_edit(self) -> None:
        """Edit the highlighted annotation's note."""
        if self.highlighted_id is not None:
            self.post_message(self.Chosen("edit", self.highlighted_id))

    def action_delete(self) -> None:
        """Delete the highlighted annotation (undo brings it back)."""
        if self.highlighted_id is not None:
            self.post_message(self.Chosen("delete", self.highlighted_id))
