"""The corrections screen: every correction the readers made (a speaker fixed, a claim
removed or split off, clusters merged, entities renamed), newest first, with who made it and
when. Enter opens the claim or mention in its document; u undoes a correction (its documents
are analysed again in the background, so the analysis decides)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from gloss.store import Store
from gloss.store.analysis.corrections import (
    correction_place,
    correction_summary,
    list_corrections,
)
from gloss.store.wording import counted
from gloss.tui.messages import OpenDocument, UndoCorrection
from gloss.tui.safe import clean
from gloss.tui.widgets.job_bar import JobBar

# How each kind reads in the list (the stored kinds are identifiers).
KIND_NAMES = {
    "split_claim": "split off",
    "merge_clusters": "merged",
    "rename_entity": "renamed",
    "split_mention": "mention",
    "set_speaker": "speaker",
    "not_a_claim": "not a claim",
}


class CorrectionsScreen(Screen[None]):
    """The stored corrections; posts OpenDocument (enter) and UndoCorrection (u, confirmed)."""

    CSS_PATH = "corrections.tcss"
    PALETTE_SCOPE: ClassVar[str] = "corrections"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open in document", id="corrections.open"),
        Binding("u,delete", "undo", "Undo", id="corrections.undo"),
        Binding("escape,q", "close", "Back", id="corrections.close"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.rows: list[dict[str, Any]] | None = None  # newest first, once loaded

    def compose(self) -> ComposeResult:
        """Heading, the list, footer."""
        yield Static(Text("loading…"), id="corrections-heading")
        yield OptionList(id="corrections-list")
        yield JobBar(id="job")  # an undo's progress, and how it ended
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Load the corrections in a worker."""
        self.query_one(OptionList).focus()
        self.reload()

    @property
    def loaded(self) -> bool:
        """True once the corrections are listed."""
        return self.rows is not None

    def reload(self) -> None:
        """List the corrections again (an undo ended)."""
        self._load()

    @work(thread=True, exclusive=True, group="corrections-load")
    def _load(self) -> None:
        rows = list_corrections(self.store)
        self.app.call_from_thread(self._show, rows[::-1])

    def _show(self, rows: list[dict[str, Any]]) -> None:
        listing = self.query_one(OptionList)
        kept = listing.highlighted_option.id if listing.highlighted_option else None
        at = listing.highlighted or 0
        self.rows = rows
        undone = sum(1 for row in rows if row["undone_by"])
        heading = Text()
        heading.append("Corrections", "bold")
        heading.append(f"  {counted(len(rows), 'correction')}, newest first")
        if undone:
            heading.append(f" ({undone} undone by a later one)")
        if not rows:
            heading.append(
                "  (none yet: S fixes a claim's speaker, D removes a claim, o compares and "
                "splits or merges, ctrl+r renames an entity)",
                "dim",
            )
        heading.append(
            "\nenter opens · u undoes one (its documents are analysed again) · escape back",
            "dim",
        )
        self.query_one("#corrections-heading", Static).update(heading)
        listing.clear_options()
        listing.add_options([Option(self._line(row), id=str(row["id"])) for row in rows])
        ids = [str(row["id"]) for row in rows]
        if rows:  # the same correction, else the one that took its row (an undo)
            listing.highlighted = ids.index(kept) if kept in ids else min(at, len(rows) - 1)

    @staticmethod
    def _line(row: dict[str, Any]) -> Text:
        """One correction on two lines: number, kind, what, when and who; then where (its
        document and words: at 80 columns one line cut them off, a new-user test). User text
        is never markup."""
        dim = "dim" if row["undone_by"] else ""
        line = Text(no_wrap=True, overflow="ellipsis", style=dim)
        line.append(f"{row['id']:>4} ", "bold")
        line.append(f"{KIND_NAMES.get(row['kind'], row['kind']):<12} ", "bold")
        line.append(clean(correction_summary(row)))
        if row["undone_by"]:
            line.append(f" (undone by {row['undone_by']})", "italic")
        who = clean(row["author"] or "")
        when = (row["created"] or "")[:16].replace("T", " ")
        line.append(f"  {when}{' ' + who if who else ''}", "dim")
        place = correction_place(row, title=30, text=60)
        line.append("\n" + " " * 18)
        line.append(clean(place) if place else "every mention of the name", "dim")
        return line

    @property
    def highlighted(self) -> dict[str, Any] | None:
        """The highlighted correction's row."""
        listing = self.query_one(OptionList)
        if not self.rows or listing.highlighted is None:
            return None
        return self.rows[listing.highlighted]

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        """Enter on a row opens it."""
        message.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted correction's claim or mention in its document."""
        row = self.highlighted
        if row is None:
            return
        if row["document_id"] is None:
            self.notify(
                "a rename is about every mention of the name: the corpus screen lists it",
                timeout=5,
            )
            return
        select = "entity" if row["kind"] == "split_mention" else "claim"
        self.post_message(OpenDocument(int(row["document_id"]), at=row["start"], select=select))

    def action_undo(self) -> None:
        """Undo the highlighted correction, once confirmed."""
        from gloss.tui.screens.confirm_dialog import ConfirmDialog

        row = self.highlighted
        if row is None:
            self.notify("no correction to undo", timeout=3)
            return
        number = int(row["id"])
        kind = KIND_NAMES.get(row["kind"], row["kind"])
        detail = (
            "Every document naming the new name is analysed again"
            if row["kind"] == "rename_entity"
            else "Its document is analysed again"
        )
        detail += " in the background, so the analysis decides; the other corrections stay."
        # What it undid holds again (a new-user test undid a merge and saw the split it had
        # undone come back unannounced).
        revived = [int(r["id"]) for r in self.rows or [] if r.get("undone_by") == number]
        if revived:
            which = ", ".join(str(n) for n in sorted(revived))
            noun = "Correction" if len(revived) == 1 else "Corrections"
            detail += f" {noun} {which}, which it undid, will apply again."

        def answered(yes: bool | None) -> None:
            if yes:
                self.post_message(UndoCorrection(number))

        self.app.push_screen(
            ConfirmDialog(
                f"Undo correction {number} ({kind}: {clean(correction_summary(row))})?", detail
            ),
            answered,
        )

    def action_close(self) -> None:
        """Back to where the screen was opened from."""
        self.dismiss()
