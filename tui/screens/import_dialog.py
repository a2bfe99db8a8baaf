"""Import from the TUI: a file or folder path, analyse or not. The dialog checks the path and
closes with an :class:`ImportRequest`; the app runs the import in the background (its job
bar shows the progress, ctrl+x stops it) while the reader stays usable.

The dialog also lists what the last import of this session could not import, with the
reasons, so they can be read after the job has ended.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, OptionList, Static
from textual.widgets.option_list import Option

from gloss.store.file_import import HTML_SUFFIXES, TEXT_SUFFIXES, printable_path
from gloss.store.import_jobs import IngestReport
from gloss.tui.safe import clean
from gloss.tui.screens.base_dialog import BaseDialog
from gloss.tui.widgets.marked_checkbox import MarkedCheckbox
from gloss.tui.widgets.path_suggester import PathSuggester, complete_path
from gloss.tui.widgets.typing_input import TypingInput

IMPORT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES  # the files the completion offers

IDLE_HINT = "→ completes the path · enter imports in the background · esc cancels"


@dataclass(frozen=True)
class ImportRequest:
    """What to import (a path with ``~`` expanded) and whether to analyse it."""

    path: str
    analyse: bool = True


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


class ImportDialog(BaseDialog[ImportRequest | None]):
    """Ask for a path and whether to analyse; close with the request (or None)."""

    DEFAULT_CSS = """
    ImportDialog #import-last { margin-top: 1; }
    ImportDialog #import-rejected { height: auto; max-height: 10; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="import.cancel"),
        Binding("ctrl+s", "run_import", "Import", id="import.run"),
    ]

    def __init__(
        self, *, path: str = "", last: IngestReport | None = None, running: str = ""
    ) -> None:
        """``last``: the previous import's report (its rejected files are listed);
        ``running``: the job now running, which this import will wait behind."""
        super().__init__()
        self.start_path = path
        self.last = last
        self.running = running

    def compose(self) -> ComposeResult:
        """Path, analyse choice, errors, the last import's rejected files, hint."""
        with Vertical():
            yield Static("Import files or a folder", classes="dialog-title")
            yield Static("A text, markdown or saved .html file, or a folder (searched recursively)")
            yield TypingInput(
                self.start_path,
                placeholder="~/news/",
                id="import-path",
                suggester=PathSuggester(IMPORT_SUFFIXES),
            )
            yield MarkedCheckbox(
                "Analyse after import (entities, claims)", True, id="import-analyse"
            )
            yield Static("", id="import-error", classes="dialog-error")
            yield Static("", id="import-last")
            yield OptionList(id="import-rejected")
            yield Static(IDLE_HINT, id="import-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        """The last import's outcome when it rejected files; focus the path."""
        last, rejected = self.query_one("#import-last", Static), self.query_one(OptionList)
        report = self.last
        if report is not None and report.imported.rejected:
            count = len(report.imported.rejected)
            last.update(Text(f"The last import did not import {count} file(s):", style="bold"))
            rejected.add_options(
                [
                    Option(Text(clean(f"{path}: {reason}"), no_wrap=True, overflow="ellipsis"))
                    for path, reason in report.imported.rejected
                ]
            )
        else:
            last.display = rejected.display = False
        if self.running:
            self.query_one("#import-hint", Static).update(
                Text(f"{self.running} running: this import starts when it is done · {IDLE_HINT}")
            )
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted, "#import-path")
    def _submitted(self) -> None:
        self.action_run_import()

    def action_run_import(self) -> None:
        """Check the path and close with the request (the app runs it in the background)."""
        box = self.query_one("#import-path", Input)
        path, error = check_path(box.value)
        if error and box.value.strip() and not os.path.lexists(path):
            # What the grey completion shows, when what was typed is no path yet (a new-user
            # test typed ".../data/t", saw "ui/" offered, pressed enter: "no such file").
            completed = complete_path(box.value.strip(), IMPORT_SUFFIXES)
            if completed is not None and not check_path(completed)[1]:
                box.value = completed
                path, error = check_path(completed)
        self.query_one("#import-error", Static).update(Text(error))
        if not error:
            self.dismiss(ImportRequest(path, self.query_one("#import-analyse", Checkbox).value))
