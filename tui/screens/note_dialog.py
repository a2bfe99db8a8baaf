"""The note editor: a markdown note for a span or a document, in a TextArea.

Returns the new note text (ctrl+s) or None (escape; with unsaved changes, a second escape).
ctrl+e hands the note to $VISUAL or $EDITOR (the app is suspended meanwhile) and takes the
edited text back into the editor, still to be saved.
When a save fails (the store is damaged or gone), the editor is shown again with the text and
the reason, so nothing typed is lost from view.
Notes are plain text to the editor; they are rendered as markdown only in the annotation
panel.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from gloss.tui.safe import clean
from gloss.tui.screens.base_dialog import BaseDialog


class NoteDialog(BaseDialog[str | None]):
    """Edit a note; dismisses with the text or None."""

    DEFAULT_CSS = """
    NoteDialog > Vertical { width: 90%; height: 80%; }
    NoteDialog .dialog-title { padding-bottom: 0; height: auto; }
    NoteDialog TextArea { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: the TextArea would otherwise take escape to move the focus
        Binding("escape", "cancel", "Cancel", id="note.cancel", priority=True),
        Binding("ctrl+s", "save", "Save", id="note.save"),
        # priority: the TextArea takes ctrl+e for "end of line" (the end key does that too)
        Binding(
            "ctrl+e",
            "external_editor",
            "Edit in $EDITOR",
            id="note.external_editor",
            priority=True,
        ),
    ]

    def __init__(self, title: str, note: str, error: str = "", saved: str | None = None) -> None:
        """``error``: why the last save failed: the dialog is shown again with the unsaved
        ``note``; ``saved`` is the stored note (escape then asks before discarding)."""
        super().__init__()
        self.heading = title
        self.note = note
        self.saved = note if saved is None else saved
        self.error = error
        self._warned = False

    def compose(self) -> ComposeResult:
        """Title, the editor, help."""
        with Vertical():
            yield Static(Text(clean(self.heading)), id="note-title", classes="dialog-title")
            yield TextArea(self.note, soft_wrap=True, tab_behavior="indent", id="note-text")
            yield Static(
                Text(f"not saved: {self.error}") if self.error else "",
                id="note-error",
                classes="dialog-error",
            )
            yield Static(
                "markdown · ctrl+s saves · ctrl+e edits in $EDITOR · escape cancels",
                id="note-help",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        """Focus the editor, cursor at the end."""
        self.query_one("#note-error").display = bool(self.error)
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        """Close with the note text."""
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        """Close without changes (asking once when the note was edited)."""
        if self.query_one(TextArea).text != self.saved and not self._warned:
            self._warned = True
            self.query_one("#note-help", Static).update(
                Text("unsaved changes: escape again discards them, ctrl+s saves", style="bold")
            )
            return
        self.dismiss(None)

    def action_external_editor(self) -> None:
        """Edit the note in $VISUAL or $EDITOR (vi without either); the text comes back into
        the editor, unsaved, so escape still discards it."""
        area = self.query_one(TextArea)
        command = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
        with tempfile.TemporaryDirectory(prefix="gloss-") as folder:
            path = Path(folder) / "note.md"
            path.write_text(area.text, encoding="utf-8")
            try:
                try:
                    with self.app.suspend():
                        code = subprocess.call([*command, str(path)])
                except SuspendNotSupported:  # no terminal to hand over (tests, web)
                    code = subprocess.call([*command, str(path)], stdin=subprocess.DEVNULL)
            except OSError as exc:
                self.notify(f"cannot run {command[0]}: {exc.strerror}", severity="error")
                return
            if code != 0:
                self.notify(f"{command[0]} exited with {code}: the note is unchanged")
                return
            text = path.read_text(encoding="utf-8", errors="replace")
        area.load_text(text)
        area.move_cursor(area.document.end)
        area.focus()
