"""Start (or resume) a review session: a queue expression, verdict labels and a name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from gloss.store import GlossError
from gloss.store.review import parse_labels, parse_queue
from gloss.tui.screens.base_dialog import BaseDialog


@dataclass(frozen=True)
class ReviewRequest:
    """What the user asked to review."""

    name: str
    queue: str
    labels: dict[str, str]


QUEUE_HELP = (
    'claims · claims speaker:"John Kirby" · claims cluster:ID · entities label:PERSON · '
    "documents tag:T · documents status:unread · annotations tag:T · "
    'filter:"library filter" · order:document|score|random'
)


class ReviewStartDialog(BaseDialog[ReviewRequest | None]):
    """Ask for a queue, labels and a session name; dismisses with a ReviewRequest or None."""

    DEFAULT_CSS = """
    ReviewStartDialog > Vertical { width: 90; }
    ReviewStartDialog .dialog-hint { padding-bottom: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="review_start.cancel"),
    ]

    def __init__(self, queue: str = "claims order:score") -> None:
        super().__init__()
        self.queue = queue

    def compose(self) -> ComposeResult:
        """Three inputs with hints; enter in any of them starts the session."""
        with Vertical():
            yield Static(
                "Start or resume a review session", id="review-start-title", classes="dialog-title"
            )
            yield Label("Queue")
            yield Input(self.queue, id="review-queue")
            yield Static(QUEUE_HELP, classes="dialog-hint")
            yield Label("Verdict keys")
            yield Input(placeholder="a=accept,x=reject,f=flag (or: factcheck)", id="review-labels")
            yield Label("Session name (the same name resumes)")
            yield Input(placeholder="default: the queue", id="review-name")
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
