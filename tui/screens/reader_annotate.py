"""The reader's annotating keys: select a range, tag, note, pinned tags, undo/redo, the panel.

A mixin for :class:`~tui.screens.reader.ReaderScreen` (kept apart so the reader stays one
question per module). Every save goes through ``store.annotations``, whose functions return
only after the transaction is committed; the status line says what was saved only then.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Static

from gloss.store import GlossError, NotFoundError, StoreError
from gloss.store.annotations import (
    create_annotation,
    delete_annotation,
    get_annotation,
    list_annotations,
    list_tags,
    pin_tag,
    redo,
    set_tag_color,
    undo,
    update_annotation,
)
from gloss.tui.messages import StoreProblem
from gloss.tui.safe import clean
from gloss.tui.screens.note_dialog import NoteDialog
from gloss.tui.screens.pin_dialog import PinDialog, TagPin, pins_text
from gloss.tui.screens.tag_dialog import TagDialog
from gloss.tui.widgets.annotation_panel import AnnotationPanel
from gloss.tui.widgets.layers import placed
from gloss.tui.widgets.metadata_header import MetadataHeader
from gloss.tui.widgets.side_panel import SidePanel

if TYPE_CHECKING:
    from gloss.store import Store
    from gloss.store.document_layers import ReadingData
    from gloss.tui.widgets.document_view import DocumentView

ANNOTATE_BINDINGS: list[BindingType] = [
    Binding("v", "start_range", "Select words", id="reader.select", show=False),
    Binding(
        "shift+right",
        "extend('word', 1)",
        "Select one word more",
        id="reader.word_more",
        show=False,
    ),
    Binding(
        "shift+left",
        "extend('word', -1)",
        "Select one word less",
        id="reader.word_less",
        show=False,
    ),
    Binding(
        "shift+down",
        "extend('sentence', 1)",
        "Select to the sentence end",
        id="reader.sent_more",
        show=False,
    ),
    Binding(
        "shift+up",
        "extend('sentence', -1)",
        "Select to the sentence start",
        id="reader.sent_less",
        show=False,
    ),
    Binding("t", "tag", "Tag", id="reader.tag"),
    Binding("m", "note", "Note", id="reader.note"),
    Binding("T", "tag_document", "Tag the document", id="reader.tag_document", show=False),
    Binding("M", "note_document", "Note on the document", id="reader.note_document", show=False),
    *(
        Binding(
            key,
            f"pin('{key}')",
            f"Toggle the tag pinned to {key}",
            id=f"reader.pin_{key}",
            show=False,
        )
        for key in "123456789"
    ),
    Binding("P", "pin_tag", "Pin a tag to a key, colour it", id="reader.pin_tag", show=False),
    Binding("u", "undo", "Undo an annotation change", id="reader.undo", show=False),
    Binding("ctrl+r", "redo", "Redo", id="reader.redo", show=False),
    Binding("A", "toggle_annotations", "Annotations", id="reader.annotations"),
]


def _tag_list(tags: object) -> str:
    """Tags as the undo line shows them: "(keep, check)", "(none)"."""
    names = [clean(str(t)) for t in tags] if isinstance(tags, list | tuple) else []
    return "(" + (", ".join(names) or "none") + ")"


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(clean(text).split()).strip('“”"')
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


def _text_order(note: dict[str, Any]) -> tuple[bool, int, int, str]:
    """list_annotations' order: document-level first, then by span, then by creation."""
    start = note.get("start")
    return (start is not None, start or 0, note.get("end") or 0, note.get("created") or "")


@dataclass(frozen=True)
class Target:
    """What a tag or note goes on: an existing annotation row, or a new span (or document)."""

    note: dict[str, Any] | None
    start: int | None
    end: int | None
    label: str


class AnnotateMixin:
    """Annotating actions for the reader screen."""

    if TYPE_CHECKING:  # provided by ReaderScreen
        store: Store
        document_id: int
        data: ReadingData | None

        @property
        def view(self) -> DocumentView: ...

        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def post_message(self, message: Any) -> bool: ...
        @property
        def app(self) -> Any: ...

    tags: list[dict[str, Any]]

    # -- state -----------------------------------------------------------------------
    def tag_colors(self) -> dict[str, str]:
        """Tag name -> colour, for the tags that have one."""
        return {t["name"]: t["color"] for t in getattr(self, "tags", []) if t.get("color")}

    def load_annotations(self) -> list[dict[str, Any]]:
        """The document's annotations and the tags, fresh from the store (any thread)."""
        self.tags = list_tags(self.store)
        return [a.as_dict() for a in list_annotations(self.store, self.document_id)]

    def annotations_changed(
        self, message: str | Text | None = None, changed: str | None = None
    ) -> None:
        """Redraw the layer, panel and pins after a change; say `message`.

        With `changed` (an annotation id) only that annotation is read again; without it,
        the document's annotations and the tags are all reloaded.
        """
        data = self.data
        if data is None:
            return
        if changed is None:
            rows = self.load_annotations()
        else:
            rows = [a for a in data.annotations if a["id"] != changed]
            with contextlib.suppress(NotFoundError):  # not found: it was deleted
                rows.append(get_annotation(self.store, changed).as_dict())
            rows.sort(key=_text_order)
        self.view.set_annotations(rows, self.tag_colors())
        data.document["annotations"] = len(rows)
        self.query_one(MetadataHeader).show(data.document)
        panel = self.query_one(AnnotationPanel)
        if panel.display:
            panel.show(rows, self.tag_colors())
        self.show_pins()
        if message is not None:
            self.say(message)

    def show_pins(self) -> None:
        """The pinned tags line (hidden while no tag is pinned)."""
        line = pins_text(getattr(self, "tags", []))
        pins = self.query_one("#pins", Static)
        pins.display = bool(line.plain)
        if line.plain:
            line.append("P pins · t tags · m notes", "dim")
        pins.update(line)

    def say(self, message: str | Text) -> None:
        """Put a message on the status line."""
        self.query_one("#where", Static).update(
            message if isinstance(message, Text) else Text(message, style="bold")
        )

    # -- targets ---------------------------------------------------------------------
    def target(self, document: bool = False) -> Target | None:
        """The highlighted panel row, else the selection (default: the sentence in view)."""
        data = self.data
        if data is None:
            return None
        if document:
            rows = [a for a in data.annotations if a.get("start") is None]
            return Target(rows[0] if rows else None, None, None, "the document")
        panel = self.query_one(AnnotationPanel)
        if panel.display and panel.options.has_focus:
            row = panel.annotations.get(panel.highlighted_id or "")
            if row is None:
                return None
            label = "the document" if row["start"] is None else _quote(row["quote"])
            return Target(row, row["start"], row["end"], label)
        view = self.view
        if view.selection is None and not view.move("sentence", 1):
            return None
        selection = view.selection
        assert selection is not None
        notes = placed(data.annotations)
        if selection.kind == "annotation":
            row = notes[selection.index]
        else:
            same = (selection.start, selection.end)
            row = next((a for a in notes if (a["start"], a["end"]) == same), None)
        label = _quote(data.text[selection.start : selection.end])
        return Target(row, selection.start, selection.end, label)

    @property
    def author(self) -> str:
        """Who annotations are recorded as (the app's --author, else nobody)."""
        return getattr(self.app, "author", None) or ""

    # -- saving ----------------------------------------------------------------------
    def save_tags(self, target: Target, tags: list[str] | None) -> None:
        """Save a target's new tag set (None: cancelled)."""
        if tags is not None:
            # each in quotes: a tag may hold a comma ("x, y" read as two tags, a new-user test)
            listed = ", ".join(f"'{clean(t)}'" for t in tags) or "none"
            self._save(target, tags, None, f"Saved: tags of {target.label}: {listed}")

    def save_note(self, target: Target, note: str | None) -> None:
        """Save a target's note (None: cancelled)."""
        if note is not None:
            self._save(target, None, note, f"Saved: note on {target.label}")

    def _save(self, target: Target, tags: list[str] | None, note: str | None, message: str) -> None:
        """Create, update, or delete (when no tag and no note is left) the annotation."""
        row = target.note
        new_tags = tags if tags is not None else (row["tags"] if row else [])
        new_note = note if note is not None else (row["note"] if row else "")
        empty = not new_tags and not new_note.strip()
        try:
            if row is None:
                if empty:
                    return
                changed = create_annotation(
                    self.store,
                    self.document_id,
                    target.start,
                    target.end,
                    tags=new_tags,
                    note=new_note,
                    author=self.author,
                ).id
            elif empty:
                changed = delete_annotation(self.store, row["id"]).id
                message = f"Removed the annotation on {target.label} (nothing left) · u undoes"
            else:
                changed = update_annotation(self.store, row["id"], tags=tags, note=note).id
        except GlossError as exc:
            self._not_saved(target, tags, note, exc)
            return
        self.annotations_changed(message, changed)

    def _not_saved(
        self, target: Target, tags: list[str] | None, note: str | None, error: GlossError
    ) -> None:
        """A save failed: show the dialog again with what was typed and why, so nothing is
        lost from view (a store problem is also reported by the app, once)."""
        if isinstance(error, StoreError):
            self.post_message(StoreProblem(str(error)))
        else:
            self.notify(str(error), severity="error", markup=False)
        if note is not None:
            saved = target.note["note"] if target.note else ""
            dialog: Any = NoteDialog(f"Note on {target.label}", note, str(error), saved)
            self.app.push_screen(dialog, lambda text: self.save_note(target, text))
        elif tags is not None:
            known = [t["name"] for t in self.tags]
            dialog = TagDialog(f"Tags for {target.label}", tags, known, str(error))
            self.app.push_screen(dialog, lambda chosen: self.save_tags(target, chosen))

    # -- actions ---------------------------------------------------------------------
    def action_start_range(self) -> None:
        """Start selecting words at the cursor."""
        if self.data is not None and self.view.start_range():
            self.view.focus()

    def action_extend(self, unit: str, step: int) -> None:
        """Grow or shrink the selection by a word or a sentence."""
        if self.data is not None:
            self.view.extend_range(unit, step)

    def _ask_tags(self, target: Target | None) -> None:
        if target is None:
            return
        self.tags = list_tags(self.store)  # for completion: tags made elsewhere too
        known = [t["name"] for t in self.tags]
        current = list(target.note["tags"]) if target.note else []
        self.app.push_screen(
            TagDialog(f"Tags for {target.label}", current, known),
            lambda tags: self.save_tags(target, tags),
        )

    def _ask_note(self, target: Target | None) -> None:
        if target is None:
            return
        current = target.note["note"] if target.note else ""
        self.app.push_screen(
            NoteDialog(f"Note on {target.label}", current),
            lambda note: self.save_note(target, note),
        )

    def action_tag(self) -> None:
        """Tag the selection (or the highlighted annotation)."""
        self._ask_tags(self.target())

    def action_note(self) -> None:
        """Write a note on the selection (or the highlighted annotation)."""
        self._ask_note(self.target())

    def action_tag_document(self) -> None:
        """Tag the whole document."""
        self._ask_tags(self.target(document=True))

    def action_note_document(self) -> None:
        """Write a note on the whole document."""
        self._ask_note(self.target(document=True))

    def action_pin(self, key: str) -> None:
        """Toggle the tag pinned to `key` on the selection."""
        tag = next((t["name"] for t in self.tags if t["pin_key"] == key), None)
        if tag is None:
            self.say(f"No tag is pinned to {key} · P pins one")
            return
        target = self.target()
        if target is None:
            return
        current = list(target.note["tags"]) if target.note else []
        tags = [t for t in current if t != tag] if tag in current else sorted({*current, tag})
        self.save_tags(target, tags)

    def action_pin_tag(self) -> None:
        """Pin a tag to a key and give it a colour."""
        self.app.push_screen(PinDialog(self.tags), self._save_pin)

    def _save_pin(self, pin: TagPin | None) -> None:
        if pin is None:
            return
        try:
            pin_tag(self.store, pin.tag, pin.key)
            set_tag_color(self.store, pin.tag, pin.color)
        except GlossError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        where = f"pinned to {pin.key}" if pin.key else "not pinned"
        self.annotations_changed(
            f"Saved: tag {clean(pin.tag)} {where}, colour {pin.color or 'none'}"
        )

    def _undo_redo(self, verb: str) -> None:
        if self.data is None:
            return
        before = {a["id"]: a for a in self.data.annotations}
        step = undo if verb == "Undo" else redo
        ann_id = step(self.store, self.document_id)
        if ann_id is None:
            self.say(f"Nothing to {verb.lower()} in this document")
            return
        self.annotations_changed(None, ann_id)
        after = {a["id"]: a for a in self.data.annotations}
        row = after.get(ann_id) or before.get(ann_id) or {}
        label = "the document" if row.get("start") is None else _quote(row.get("quote") or "")
        if ann_id in before and ann_id not in after:
            what = f"removed the annotation on {label}"
        elif ann_id in after and ann_id not in before:
            what = f"restored the annotation on {label}"
        else:
            # What changed, each way: a redo said the same "back to" as the undo and never
            # that the note came back (a new-user test).
            old, new = before[ann_id], after[ann_id]
            changes = []
            if tuple(old["tags"]) != tuple(new["tags"]):
                changes.append(f"tags {_tag_list(old['tags'])} → {_tag_list(new['tags'])}")
            old_note, new_note = old.get("note") or "", new.get("note") or ""
            if old_note != new_note:
                changes.append(
                    "note removed"
                    if not new_note
                    else ("note back" if not old_note else "note changed back")
                )
            what = f"{label}: " + ("; ".join(changes) or "no change")
        other = "ctrl+r redoes" if verb == "Undo" else "u undoes"
        self.say(f"{verb}: {what} · {other}")

    def action_undo(self) -> None:
        """Undo the last annotation change in this document (kept across restarts)."""
        self._undo_redo("Undo")

    def action_redo(self) -> None:
        """Redo the last undone annotation change."""
        self._undo_redo("Redo")

    def action_toggle_annotations(self) -> None:
        """Show or hide the annotation panel (it takes the side panel's place)."""
        panel = self.query_one(AnnotationPanel)
        panel.display = not panel.display
        if panel.display and self.data is not None:
            self.query_one(SidePanel).display = False
            panel.show(self.data.annotations, self.tag_colors())
            panel.focus()
        else:
            self.view.focus()

    def on_annotation_panel_chosen(self, message: AnnotationPanel.Chosen) -> None:
        """Jump to, edit or delete an annotation chosen in the panel."""
        panel = self.query_one(AnnotationPanel)
        row = panel.annotations.get(message.annotation_id)
        if row is None or self.data is None:
            return
        label = "the document" if row["start"] is None else _quote(row["quote"])
        if message.action == "edit":
            self._ask_note(Target(row, row["start"], row["end"], label))
        elif message.action == "delete":
            try:
                delete_annotation(self.store, row["id"])
            except GlossError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.annotations_changed(f"Deleted the annotation on {label} · u undoes", row["id"])
        elif row["start"] is None:
            self.say("A document annotation: it has no place in the text")
        elif row["orphan"]:
            self.say(f"Orphan: {label} is no longer in the text")
        else:
            spans = [(a["start"], a["end"]) for a in placed(self.data.annotations)]
            self.view.select_item("annotation", spans.index((row["start"], row["end"])))
