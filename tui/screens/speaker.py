"""The speaker screen: every claim by one canonical speaker across the corpus, grouped by
story and outlet, oldest first. Enter opens a claim in its document; R starts a review
session over the speaker's claims."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from gloss.store import Store
from gloss.store.speaker_claims import (
    UNKNOWN_OUTLET,
    StoryClaims,
    speaker_claims,
    speaker_queue,
)
from gloss.store.wording import counted
from gloss.tui.messages import OpenDocument, StartReview
from gloss.tui.safe import clean
from gloss.tui.widgets.speaker_claim_list import SpeakerClaimList


class SpeakerScreen(Screen[None]):
    """One speaker's claims; posts OpenDocument (enter) and StartReview (R)."""

    CSS_PATH = "speaker.tcss"
    PALETTE_SCOPE: ClassVar[str] = "speaker"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open in document", id="speaker.open"),
        Binding("R", "review", "Review these", id="speaker.review"),
        Binding("escape,q", "close", "Back", id="speaker.close"),
    ]

    def __init__(self, store: Store, speaker: str, claim_id: int | None = None) -> None:
        """``claim_id``: the claim to highlight first (the one `w` was pressed on; a new-user
        test landed on the speaker's oldest claim instead)."""
        super().__init__()
        self.store = store
        self.speaker = speaker
        self.claim_id = claim_id
        self.stories: list[StoryClaims] | None = None
        self._stamp: tuple[int, int] | None = None  # the store's when the claims were read

    def compose(self) -> ComposeResult:
        """Heading, the list, footer."""
        yield Static(Text("loading…"), id="speaker-heading")
        yield SpeakerClaimList(id="speaker-claims")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Load the claims in a worker."""
        self.query_one(SpeakerClaimList).focus()
        self._load()

    @property
    def loaded(self) -> bool:
        """True once the claims are listed."""
        return self.stories is not None

    def on_screen_resume(self) -> None:
        """Back on top: list the claims again when the store changed meanwhile (a speaker
        fixed in a review started here; a new-user test still saw the claim listed)."""
        self.refresh_if_changed()

    def refresh_if_changed(self) -> None:
        """List again when the store changed since the lists were read (also called when a
        job ends: an undo job re-analyses after its screen closed)."""
        if self._stamp is not None and self.store.change_stamp() != self._stamp:
            current = self.query_one(SpeakerClaimList).highlighted_claim
            if current is not None:
                self.claim_id = int(current["id"])  # the cursor stays where it was
            self._load()

    @work(thread=True, exclusive=True, group="speaker-load")
    def _load(self) -> None:
        from gloss.store.analysis.status import waiting_count

        self._stamp = self.store.change_stamp()
        stories = speaker_claims(self.store, self.speaker)
        waiting = waiting_count(self.store) if not stories else 0
        self.app.call_from_thread(self._show, stories, waiting)

    def _show(self, stories: list[StoryClaims], waiting: int = 0) -> None:
        self.stories = stories
        claims = sum(s.count for s in stories)
        documents = len({c["document_id"] for s in stories for o in s.outlets for c in o.claims})
        # Known outlets and real stories only: a document of no story is grouped alone but
        # is no story, and "unknown outlet" is no outlet (a new-user test read "25 stories"
        # on a store of 5).
        outlets = len({o.outlet for s in stories for o in s.outlets if o.outlet != UNKNOWN_OUTLET})
        real = sum(1 for s in stories if s.story)
        heading = Text()
        heading.append("Claims by ", "bold")
        heading.append(clean(self.speaker), "bold reverse")
        heading.append(
            f"  {counted(claims, 'claim')} in {counted(documents, 'document')}, "
            f"{counted(outlets, 'outlet') if outlets else 'no known outlet'}, "
            f"{counted(real, 'story')}"
        )
        if not claims and waiting:
            heading.append(f"  (none yet: {counted(waiting, 'document')} still to analyse)", "dim")
        elif not claims:
            # A person named but never quoted (a new-user test read "analyse the documents"
            # on a store where every one was analysed).
            heading.append("  (gloss found no claim with this speaker)", "dim")
        # The keys on a line of their own: after a long name they wrapped mid-hint ("R" /
        # "reviews", a new-user test at 130 columns).
        heading.append("\n≡ reported elsewhere too · enter opens · R reviews", "dim")
        self.query_one("#speaker-heading", Static).update(heading)
        claims = self.query_one(SpeakerClaimList)
        claims.show(stories)
        if self.claim_id is not None:
            claims.highlight_claim(self.claim_id)

    def on_speaker_claim_list_chosen(self, message: SpeakerClaimList.Chosen) -> None:
        """Open the claim in its document (escape comes back here)."""
        self.post_message(OpenDocument(message.document_id, at=message.at, select="claim"))

    def action_open(self) -> None:
        """Open the highlighted claim."""
        claim = self.query_one(SpeakerClaimList).highlighted_claim
        if claim is not None:
            self.post_message(
                OpenDocument(int(claim["document_id"]), at=claim["content_start"], select="claim")
            )

    def action_review(self) -> None:
        """Review the speaker's claims one at a time."""
        self.post_message(StartReview(speaker_queue(self.speaker)))

    def action_close(self) -> None:
        """Back to where the screen was opened from."""
        self.dismiss()
