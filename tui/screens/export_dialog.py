"""Export from the TUI: choose what, format and file; the export runs in a worker with a
progress bar and writes atomically (a failed export leaves no partial file)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, ProgressBar, Select, Static

from gloss.store import GlossError, Store
from gloss.store.export import export_file
from gloss.tui.screens.base_dialog import BaseDialog
from gloss.tui.widgets.marked_checkbox import MarkedCheckbox
from gloss.tui.widgets.path_suggester import PathSuggester
from gloss.tui.widgets.typing_input import TypingInput

WHAT = ("annotations", "entities", "claims", "documents", "verdicts")
FORMATS = ("csv", "jsonl", "w3c")


@dataclass(frozen=True)
class ExportDone:
    """How an export ended: rows written to path, or an error message."""

    path: Path
    rows: int = 0
    error: str | None = None
    filter_text: str = ""  # the documents the export was limited to ("": all)


class ExportDialog(BaseDialog[ExportDone | None]):
    """Pick what to export and where; runs it and dismisses with the outcome."""

    DEFAULT_CSS = """
    ExportDialog Select { width: 1fr; }
    ExportDialog ProgressBar { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "run_export", "Export", id="export.run"),
    ]

    def __init__(
        self,
        store: Store,
        what: str = "annotations",
        filter_text: str = "",
        *,
        folder: Path | None = None,
    ) -> None:
        """`folder`: where the file is suggested (the settings' export folder; default: the
        current directory)."""
        super().__init__()
        self.folder = folder or Path.cwd()
        self.store = store
        self.what = what
        self.filter_text = filter_text
        self._overwrite: Path | None = None

    def compose(self) -> ComposeResult:
        """What, format, filter, file, Excel BOM; progress while running."""
        with Vertical():
            yield Static("Export", id="export-title", classes="dialog-title")
            yield Label("What")
            yield Select(
                [(w, w) for w in WHAT], value=self.what, allow_blank=False, id="what", compact=True
            )
            yield Label("Format (w3c: annotations only)")
            yield Select(
                [(f, f) for f in FORMATS], value="csv", allow_blank=False, id="format", compact=True
            )
            yield Label("Only documents matching (library filter, empty = all)")
            yield TypingInput(self.filter_text, id="export-filter", compact=True)
            yield Label("File")
            yield TypingInput(
                str(self.folder / f"gloss-{self.what}.csv"),
                id="export-path",
                compact=True,
                suggester=PathSuggester(),
            )
            yield MarkedCheckbox(
                "Excel: start the CSV with a byte order mark", id="excel", compact=True
            )
            yield ProgressBar(total=None, show_eta=False, id="export-progress")
            yield Static("", id="export-error", classes="dialog-error")
            yield Static(
                "→ completes a path · ctrl+s or enter exports · escape cancels",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        """Progress bar hidden until the export starts; focus what to export, the first
        choice (with the file name focused, the enter meant to open that list exported
        annotations at once: a new-user test)."""
        self.query_one(ProgressBar).display = False
        self.query_one("#what", Select).focus()

    @on(Select.Changed)
    def _suggest_name(self) -> None:
        """Keep the file name's stem and extension in step with what and format."""
        what = str(self.query_one("#what", Select).value)
        fmt = str(self.query_one("#format", Select).value)
        suffix = {"csv": ".csv", "jsonl": ".jsonl", "w3c": ".jsonld"}[fmt]
        box = self.query_one("#export-path", Input)
        current = Path(box.value)
        if current.name.startswith("gloss-"):
            box.value = str(current.with_name(f"gloss-{what}{suffix}"))

    @on(Input.Changed, "#export-path")
    @on(Select.Changed)
    def _forget_warning(self) -> None:
        """Another file name or kind: a warning about the old file (it exists, or the export
        failed) no longer holds, and replacing it needs asking again."""
        self._overwrite = None
        self.query_one("#export-error", Static).update("")

    @on(Input.Submitted, "#export-path")
    def action_run_export(self) -> None:
        """Start the export in a worker."""
        path = Path(self.query_one("#export-path", Input).value).expanduser()
        error = self.query_one("#export-error", Static)
        if not path.name:
            error.update(Text("give a file name"))
            return
        if path.exists() and path != self._overwrite:
            self._overwrite = path  # asked once: the same path again overwrites it
            error.update(Text(f"{path.name} exists: ctrl+s or enter again replaces it"))
            return
        error.update("")
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.run_export(
            path,
            str(self.query_one("#what", Select).value),
            str(self.query_one("#format", Select).value),
            self.query_one("#export-filter", Input).value.strip(),
            self.query_one("#excel", Checkbox).value,
        )

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, path: Path, what: str, fmt: str, flt: str, excel: bool) -> None:
        """Write the file; progress and the outcome go back to the UI thread."""

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(
                self.query_one(ProgressBar).update, total=total, progress=done
            )

        try:
            rows = export_file(self.store, path, what, fmt, flt=flt, excel=excel, progress=progress)
        except GlossError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        done = ExportDone(path=path, rows=rows, filter_text=flt)
        self.app.call_from_thread(self.dismiss, done)

    def _failed(self, message: str) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#export-error", Static).update(Text(message))
