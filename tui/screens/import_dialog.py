"""Import from the TUI: a file or folder path, analyse or not; the import and the analysis run
in a worker with a progress bar. Escape stops the job between two files (or two analysis
steps): every document stored so far stays, and the store stays consistent.

The dialog closes with the :class:`~store.import_jobs.IngestReport` when the job ends, or stays open
listing the rejected files with their reasons when there were any.
"""

from __future__ import annotations

import os
import threading
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from gloss.store import Store
from gloss.store.file_import import printable_path
from gloss.store.import_jobs import IngestReport, Step, import_and_analyse
from gloss.tui.safe import clean
from gloss.tui.screens.base_dialog import BaseDialog
from gloss.tui.widgets.job_bar import StepThrottle, step_text

IDLE_HINT = "enter imports · tab then space: analyse on/off · escape cancels"
RUNNING_HINT = "escape stops after the current file; what is stored stays"
DONE_HINT = "enter or escape closes"


def check_path(typed: str) -> tuple[str, str]:
    """The path to import (``~`` expanded) and an error line ("" when it can be imported)."""
    typed = typed.strip()
    if not typed:
        return "", "type the path of a file or a folder to import"
    path = os.path.expanduser(typed)
    shown = printable_path(typed)
    if not os.path.lexists(path):
        return path, f"{shown}: no such file or folder"
    if not os.path.exists(path):
        return path, f"{shown}: a broken symbolic link"
    if not os.access(path, os.R_OK):
        return path, f"{shown}: permission denied"
    return path, ""


class ImportDialog(BaseDialog[IngestReport | None]):
    """Ask for a path, import (and analyse) it in a worker, show the outcome."""

    DEFAULT_CSS = """
    ImportDialog #import-progress { margin-top: 1; }
    ImportDialog #import-rejected { height: auto; max-height: 10; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel / stop", id="import.cancel"),
        Binding("ctrl+s", "run_import", "Import", id="import.run"),
    ]

    class Stored(Message):
        """Documents were stored: the library behind the dialog can list them."""

    class Progress(Message, bubble=False):
        """The worker reached a step."""

        def __init__(self, step: Step) -> None:
            super().__init__()
            self.step = step

    class Finished(Message, bubble=False):
        """The worker ended: its report, or an error message."""

        def __init__(self, report: IngestReport | None, error: str = "") -> None:
            super().__init__()
            self.report = report
            self.error = error

    def __init__(self, store: Store, *, engine: str | None = None, path: str = "") -> None:
        super().__init__()
        self.store = store
        self.engine = engine
        self.start_path = path
        self.running = False
        self.report: IngestReport | None = None
        self._stop = threading.Event()

    def compose(self) -> ComposeResult:
        """Path, analyse choice, progress, errors, rejected files, hint."""
        with Vertical():
            yield Static("Import files or a folder", classes="dialog-title")
            yield Label("A .txt, .md or .markdown file, or a folder (searched recursively)")
            yield Input(self.start_path, placeholder="~/news/", id="import-path")
            yield Checkbox("Analyse after import (entities, claims)", True, id="import-analyse")
            yield ProgressBar(total=None, show_eta=False, id="import-progress")
            yield Static("", id="import-status")
            yield Static("", id="import-error", classes="dialog-error")
            yield OptionList(id="import-rejected")
            yield Static(IDLE_HINT, id="import-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        """Progress and results hidden until there are some; focus the path."""
        self.query_one(ProgressBar).display = False
        self.query_one("#import-status").display = False
        self.query_one("#import-rejected").display = False
        self.query_one("#import-path", Input).focus()

    def _hint(self, text: str) -> None:
        self.query_one("#import-hint", Static).update(text)

    def _error(self, text: str) -> None:
        self.query_one("#import-error", Static).update(Text(text))

    # -- running ---------------------------------------------------------------------
    @on(Input.Submitted, "#import-path")
    def _submitted(self) -> None:
        if self.report is not None:
            self.dismiss(self.report)
        else:
            self.action_run_import()

    def action_run_import(self) -> None:
        """Check the path and start the import in a worker."""
        if self.running or self.report is not None:
            return
        path, error = check_path(self.query_one("#import-path", Input).value)
        self._error(error)
        if error:
            return
        self.running = True
        self.query_one("#import-path", Input).disabled = True
        self.query_one("#import-analyse", Checkbox).disabled = True
        self.query_one(ProgressBar).display = True
        status = self.query_one("#import-status", Static)
        status.display = True
        status.update(Text("listing files…"))
        self._hint(RUNNING_HINT)
        self._import(path, self.query_one("#import-analyse", Checkbox).value)

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: str, analyse: bool) -> None:
        """Import and analyse; steps and the outcome come back as messages."""
        worker = get_current_worker()
        try:
            report = import_and_analyse(
                self.store,
                [path],
                analyse=analyse,
                engine=self.engine,
                on_step=StepThrottle(lambda step: self.post_message(self.Progress(step))),
                stop=lambda: self._stop.is_set() or worker.is_cancelled,
            )
        except Exception as exc:  # one line in the dialog, never a traceback
            self.post_message(self.Finished(None, f"import failed: {exc}"))
            return
        self.post_message(self.Finished(report))

    def on_import_dialog_progress(self, message: Progress) -> None:
        """Show the step; when the analysis starts, the library can list the new documents."""
        step = message.step
        if step.phase != "import" and step.done == 0:
            self.post_message(self.Stored())
        bar = self.query_one(ProgressBar)
        bar.update(total=max(step.total, 1), progress=step.done)
        if not self._stop.is_set():
            self.query_one("#import-status", Static).update(step_text(step))

    def on_import_dialog_finished(self, message: Finished) -> None:
        """Close with the report, or show the rejected files (and errors) first."""
        self.running = False
        self.post_message(self.Stored())
        report = message.report
        self.query_one(ProgressBar).display = False
        status = self.query_one("#import-status", Static)
        if report is None:  # let the user fix the path or close
            status.display = False
            self._error(message.error)
            self.query_one("#import-path", Input).disabled = False
            self.query_one("#import-analyse", Checkbox).disabled = False
            self.query_one("#import-path", Input).focus()
            self._hint(IDLE_HINT)
            return
        self.report = report
        if not report.imported.rejected:
            self.dismiss(report)
            return
        status.update(Text(report.summary()))
        rejected = self.query_one("#import-rejected", OptionList)
        rejected.add_options(
            [
                Option(Text(clean(f"{path}: {reason}"), no_wrap=True, overflow="ellipsis"))
                for path, reason in report.imported.rejected
            ]
        )
        rejected.display = True
        rejected.focus()
        count = len(report.imported.rejected)
        self._hint(f"{count} file(s) not imported, reasons above · {DONE_HINT}")

    def on_option_list_option_selected(self) -> None:
        """Enter in the rejected list closes."""
        self.dismiss(self.report)

    def action_cancel(self) -> None:
        """Before: close. While running: stop after the current step. After: close."""
        if self.running:
            self._stop.set()
            self.query_one("#import-status", Static).update(
                Text("stopping… everything stored so far is kept", style="bold")
            )
            return
        self.dismiss(self.report)
