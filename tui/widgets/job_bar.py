"""A one-line progress bar for the long job running in the background (first run, import,
analysis, relinking), shown on every screen that has one."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from gloss.store.import_jobs import Step

if TYPE_CHECKING:
    from textual.widgets import ProgressBar
from gloss.tui.fit import cut_at_word
from gloss.tui.safe import clean


def step_text(step: Step, importing: str = "importing", news: Text | None = None) -> Text:
    """What a job step is doing, as one line (``importing`` names the import phase); ``news``
    (e.g. what is queued, how to stop) goes before the file name, which may be long."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if step.phase == "import":
        text.append(f"{importing} {step.done}/{step.total}", "bold")
    elif step.phase == "analyse":
        text.append(f"analysing {step.done}/{step.total}", "bold")
    else:
        text.append("linking claims across sources…", "bold")
    if news is not None:
        text.append_text(news)
    if step.phase == "import" and step.label:
        text.append(" · ")
        text.append(clean(step.label), "dim")
    elif step.phase == "analyse" and step.done == 0:
        text.append(" · loading the analysis engine…", "dim")
    return text


class StepThrottle:
    """Passes a worker's steps on at most every `every` seconds (an import of many small files
    makes thousands a second), never dropping one that starts or ends a phase or carries
    newly analysed documents."""

    def __init__(self, post: Callable[[Step], object], every: float = 0.05) -> None:
        self.post = post
        self.every = every
        self._phase = ""
        self._last = 0.0

    def __call__(self, step: Step) -> None:
        """Called by the worker for every step."""
        now = time.monotonic()
        edge = step.phase != self._phase or step.done in (0, step.total) or step.analysed
        if edge or now - self._last >= self.every:
            self._phase, self._last = step.phase, now
            self.post(step)


@dataclass(frozen=True)
class JobStatus:
    """What the job bars show: a line of text, and a progress bar when ``step`` is given."""

    text: Text
    step: Step | None = None


class JobBar(Horizontal):
    """What the background job is doing and how far it got; hidden when no job runs.

    Every screen that has one shows the same status: the bar follows the app's ``job_status``
    reactive (set by the app's job handlers), so a screen opened mid-job shows it at once.
    """

    DEFAULT_CSS = """
    JobBar { height: 1; padding: 0 1; background: $panel; display: none; }
    JobBar > #job-text { width: 1fr; height: 1; }
    JobBar > ProgressBar { width: auto; height: 1; padding-left: 1; }
    """

    _text = Text()

    def compose(self) -> ComposeResult:
        """A line of text; the progress bar is added by the first step shown (most screens
        open with no job running, and the library's first frame comes sooner without it)."""
        yield Static(id="job-text")

    def _bar(self) -> ProgressBar | None:
        """The progress bar, once a step has been shown."""
        found = self.query("#job-progress")
        return cast("ProgressBar", found.first()) if found else None

    def on_mount(self) -> None:
        """Follow the app's job status (an app without one leaves the bar hidden)."""
        if hasattr(type(self.app), "job_status"):
            self.watch(self.app, "job_status", self.show_status, init=True)

    def show_status(self, status: JobStatus | None) -> None:
        """Show a status (None hides the bar)."""
        self.display = status is not None
        if status is None:
            return
        self._text = status.text.copy()
        self._text.no_wrap, self._text.overflow = True, "ellipsis"
        bar = self._bar()
        if status.step is not None and bar is None:
            from textual.widgets import ProgressBar

            bar = ProgressBar(total=None, show_eta=False, id="job-progress")
            self.mount(bar)
        if bar is not None:
            bar.display = status.step is not None
        if bar is not None and status.step is not None:
            bar.update(total=max(status.step.total, 1), progress=status.step.done)
        self._fit()

    def _fit(self) -> None:
        """A line without a bar (how a job ended) is cut at a word to the whole width, and
        its whole text is the tooltip (an import's summary is also a notice); a progress
        line ends with the file being read, cut short by the ellipsis."""
        line = self.query_one("#job-text", Static)
        shown = self._text
        bar = self._bar()
        if bar is None or not bar.display:
            shown = cut_at_word(self._text, self.content_region.width)
        line.update(shown)
        line.tooltip = self._text.plain if shown is not self._text else None

    def on_resize(self) -> None:
        """Fit the line to the new width."""
        if self.display:
            self._fit()
