"""A one-line progress bar for long work running in a worker (first run, import, analysis)."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import ProgressBar, Static

from gloss.store.import_jobs import Step
from gloss.tui.safe import clean


def step_text(step: Step, importing: str = "importing") -> Text:
    """What a job step is doing, as one line (``importing`` names the import phase)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if step.phase == "import":
        text.append(f"{importing} {step.done}/{step.total}", "bold")
        if step.label:
            text.append(" · ")
            text.append(clean(step.label), "dim")
    elif step.phase == "analyse":
        text.append(f"analysing {step.done}/{step.total}", "bold")
        if step.done == 0:
            text.append(" · loading the analysis engine…", "dim")
    else:
        text.append("linking claims across sources…", "bold")
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


class JobBar(Horizontal):
    """What a background job is doing and how far it got; hidden when no job runs."""

    DEFAULT_CSS = """
    JobBar { height: 1; padding: 0 1; background: $panel; display: none; }
    JobBar > #job-text { width: 1fr; height: 1; }
    JobBar > ProgressBar { width: auto; height: 1; padding-left: 1; }
    """

    _hide_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        """A line of text and the bar."""
        yield Static(id="job-text")
        yield ProgressBar(total=None, show_eta=False, id="job-progress")

    def show_step(self, step: Step, importing: str = "importing") -> None:
        """Show a step (the bar restarts at each phase)."""
        self._stop_timer()
        self.display = True
        self.query_one("#job-text", Static).update(step_text(step, importing))
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(step.total, 1), progress=step.done)

    def finish(self, message: str, linger: float = 6.0) -> None:
        """Show how the job ended, then hide after `linger` seconds."""
        self.display = True
        self.query_one("#job-text", Static).update(Text(message, no_wrap=True, overflow="ellipsis"))
        self.query_one(ProgressBar).display = False
        self._stop_timer()
        self._hide_timer = self.set_timer(linger, self._hide)

    def _stop_timer(self) -> None:
        if self._hide_timer is not None:
            self._hide_timer.stop()
            self._hide_timer = None

    def _hide(self) -> None:
        self.display = False
