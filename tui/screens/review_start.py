"""Start (or resume) a review session: a queue expression, verdict labels and a name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from gloss.store import GlossError
from gloss.store.review import parse_labels, parse_queue
from gloss.store.wording import counted
from gloss.tui.safe import clean
from gloss.tui.screens.base_dialog import BaseDialog
from gloss.tui.widgets.typing_input import TypingInput


@dataclass(frozen=True)
class ReviewRequest:
    """What the user asked to review."""

    name: str
    queue: str
    labels: dict[str, str]


QUEUE_HELP = (
    'claims · claims speaker:"John Kirby" · claims cluster:ID · entities label:PERSON · '
    "documents tag:T · documents status:unread · annotations tag:T · "
    'filter:"library filter" · order:document|date|score|random'
)


class ReviewStartDialog(BaseDialog[ReviewRequest | None]):
    """Ask for a queue, labels and a session name; dismisses with a ReviewRequest or None."""

    DEFAULT_CSS = """
    ReviewStartDialog > Vertical { width: 90; }
    ReviewStartDialog .dialog-hint { padding-bottom: 1; }
    ReviewStartDialog #review-sessions { height: auto; max-height: 6; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="review_start.cancel"),
    ]

    def __init__(
        self, queue: str = "claims order:score", sessions: Sequence[dict[str, Any]] = ()
    ) -> None:
        super().__init__()
        self.queue = queue
        self.sessions = list(sessions)

    def compose(self) -> ComposeResult:
        """Three inputs with hints; enter in any of them starts the session."""
        with Vertical():
            yield Static(
                "Start or resume a review session", id="review-start-title", classes="dialog-title"
            )
            if self.sessions:
                yield Label("Resume a session (shift+tab, then enter)")
                yield OptionList(
                    *(session_option(s) for s in self.sessions), id="review-sessions", compact=True
                )
                yield Label("Or start one: queue")
            else:
                yield Label("Queue")
            yield TypingInput(self.queue, id="review-queue", compact=True)
            yield Static(QUEUE_HELP, classes="dialog-hint")
            yield Label("Verdict keys")
            yield TypingInput(
                placeholder="a=accept,x=reject,f=flag (or: factcheck)",
                id="review-labels",
                compact=True,
            )
            yield Label("Session name (the same name resumes)")
            yield TypingInput(placeholder="default: the queue", id="review-name", compact=True)
            yield Static("", id="review-start-error", classes="dialog-error")
            yield Static("enter starts · escape cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        """Focus the queue."""
        self.query_one("#review-queue", Input).focus()

    @on(Input.Submitted)
    def start(self) -> None:
        """Validate and close with the request (errors stay in the dialog)."""
        queue = self.query_one("#review-queue", Input).value.strip()
        labels_spec = self.query_one("#review-labels", Input).value.strip()
        name = self.query_one("#review-name", Input).value.strip() or queue
        try:
            parse_queue(queue)
            labels = parse_labels(labels_spec or None)
        except GlossError as exc:
            self.query_one("#review-start-error", Static).update(Text(str(exc)))
            return
        self.dismiss(ReviewRequest(name=name, queue=queue, labels=labels))

    @on(OptionList.OptionSelected, "#review-sessions")
    def resume(self, event: OptionList.OptionSelected) -> None:
        """Resume the chosen session as it was started (its queue and labels are stored)."""
        session = self.sessions[event.option_index]
        self.dismiss(ReviewRequest(name=session["name"], queue=session["queue"], labels={}))


def session_option(session: dict[str, Any]) -> Option:
    """One session as a line of plain text: name, queue, verdicts so far (never markup)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(clean(session["name"]), "bold")
    if session["queue"] != session["name"]:
        text.append(f" · {clean(session['queue'])}")
    text.append(f" · {counted(int(session['verdicts'] or 0), 'verdict')}", "dim")
    return Option(text)
