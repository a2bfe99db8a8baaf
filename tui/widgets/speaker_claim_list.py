"""A speaker's claims across the corpus as one list: a heading per story, a line per outlet,
then its claims by date (an OptionList: only the visible lines are drawn)."""

from __future__ import annotations

import contextlib

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from gloss.store.speaker_claims import UNKNOWN_OUTLET, StoryClaims
from gloss.tui.safe import clean


def _short(text: str, limit: int) -> str:
    text = " ".join(clean(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SpeakerClaimList(OptionList):
    """Stories, outlets and claims; choosing a claim posts :class:`Chosen`."""

    DEFAULT_CSS = """
    SpeakerClaimList { height: 1fr; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    class Chosen(Message):
        """The user chose a claim: open ``document_id`` at text offset ``at``."""

        def __init__(self, document_id: int, at: int) -> None:
            super().__init__()
            self.document_id = document_id
            self.at = at

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.claims: dict[str, dict] = {}  # option id -> claim row

    def show(self, stories: list[StoryClaims]) -> None:
        """Fill the list (headings are not selectable); the first claim is highlighted."""
        self.clear_options()
        self.claims = {}
        options: list[Option | None] = []
        # A corpus without dates or outlets (BBC files) says so once, not on every line: a
        # new-user test read "no story undated" and "unknown outlet" on every group.
        dated = any(c["published"] for st in stories for o in st.outlets for c in o.claims)
        for story in stories:
            heading = Text(no_wrap=True, overflow="ellipsis")
            # A story's id; a document of no story has none ("document 7 claims" read as
            # "document 7", a new-user test).
            if story.story:
                heading.append(story.story, "bold reverse")
                heading.append(" ")
            if story.first:
                heading.append(f"{story.first} ", "bold")
            # the count before the title: a long title cut the count to "1…"
            documents = len({c["document_id"] for o in story.outlets for c in o.claims})
            where = f" in {documents} documents" if documents > 1 else ""
            heading.append(f"{story.count} claim{'s' if story.count != 1 else ''}{where} · ", "dim")
            heading.append(_short(story.title or "(untitled)", 70), "italic")
            if options:
                options.append(None)
            options.append(Option(heading, disabled=True))
            for outlet in story.outlets:
                if not (outlet.outlet == UNKNOWN_OUTLET and len(story.outlets) == 1):
                    options.append(Option(Text(f"  {clean(outlet.outlet)}", "bold"), disabled=True))
                # Two documents of one outlet (or of none) in a story: each line names its
                # document, or their lines look alike and open different documents.
                several = len({c["document_id"] for c in outlet.claims}) > 1
                for claim in outlet.claims:
                    key = f"claim-{claim['id']}"
                    self.claims[key] = claim
                    line = Text(no_wrap=True, overflow="ellipsis")
                    line.append("    ")
                    if dated:
                        line.append(f"{claim['published'] or 'undated':<10} ", "dim")
                    line.append(f"{claim['kind']:<9} ", "italic")
                    if several:
                        # a third of the width at most: at 80 columns a 40-character title
                        # left five for the claim (a new-user test)
                        room = max(20, min(40, (self.size.width or 120) // 3))
                        line.append(f"“{_short(claim.get('title') or '(untitled)', room)}” ", "dim")
                    if claim.get("cluster"):
                        line.append("≡ ", "bold")  # reported by other documents too
                    line.append(_short(claim["content"], 200))
                    options.append(Option(line, id=key))
        self.add_options(options)
        first = next(
            (i for i in range(self.option_count) if not self.get_option_at_index(i).disabled),
            None,
        )
        self.highlighted = first

    def action_cursor_up(self) -> None:
        """Up, stopping at the first claim (Textual's list wraps to the last: a new-user
        test lost its place); at the first claim the list shows its heading."""
        self._step(-1)

    def action_cursor_down(self) -> None:
        """Down, stopping at the last claim."""
        self._step(1)

    def action_first(self) -> None:
        """The first claim, with the headings above it in view (home hid them)."""
        super().action_first()
        self.scroll_home(animate=False)

    def _step(self, direction: int) -> None:
        if self.highlighted is None:
            return
        enabled = [i for i in range(self.option_count) if not self.get_option_at_index(i).disabled]
        ahead = [i for i in enabled if (i - self.highlighted) * direction > 0]
        if ahead:
            self.highlighted = ahead[0] if direction > 0 else ahead[-1]
        if direction < 0 and self.highlighted == enabled[0]:
            self.scroll_home(animate=False)  # the first claim: its story's heading shows

    def highlight_claim(self, claim_id: int) -> None:
        """Put the cursor on a claim (and scroll to it), if it is listed."""
        with contextlib.suppress(OptionDoesNotExist):
            self.highlighted = self.get_option_index(f"claim-{claim_id}")
            self.scroll_to_highlight(top=True)

    @property
    def highlighted_claim(self) -> dict | None:
        """The claim row under the cursor, if a claim is highlighted."""
        if self.highlighted is None:
            return None
        return self.claims.get(self.get_option_at_index(self.highlighted).id or "")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a claim: ask to open it in its document."""
        event.stop()
        claim = self.claims.get(event.option.id or "")
        if claim is not None:
            self.post_message(self.Chosen(int(claim["document_id"]), int(claim["content_start"])))
