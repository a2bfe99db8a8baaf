"""Other sources for a claim: each outlet's version with its wording differences marked.

Words the other version adds are green, words it drops are red and struck through; an
identical version says so; a version whose numbers, amounts or dates differ is marked ≠ with
a "numbers differ: ..." line. ``s`` splits the highlighted version (all of its document's
claims in the cluster) off the cluster and ``m`` merges the cluster with another (picked from
a list): corrections the store keeps. Enter opens that document at the claim.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from gloss.store import GlossError, Store
from gloss.store.analysis.corrections import (
    cluster_candidates,
    document_siblings,
    merge_clusters,
    split_claim,
)
from gloss.store.analysis.suggestions import likely_same
from gloss.store.sources import Variant, another_outlet, claim_variants
from gloss.store.wording import counted
from gloss.tui.safe import clean
from gloss.tui.screens.base_dialog import BaseDialog
from gloss.tui.screens.pick_dialog import PickDialog


def candidate_text(row: dict[str, Any]) -> Text:
    """One cluster to merge with: how many other documents (and "+ this document" when it
    already holds a claim of the one being read), speaker, outlet (the document's title when
    its outlet is unknown, so claims of different documents tell apart), wording; "likely"
    for a suggestion (a claim that may report the same statement)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if "likeness" in row:
        text.append("likely ", "bold italic")
    text.append(f"{row['documents']} doc{'s' if row['documents'] != 1 else ''} ", "bold")
    if row.get("in_this_document"):
        text.append("+ this document ", "bold yellow")
    text.append(clean(row["speaker"] or "no speaker"), "bold")
    source = row["outlet"] or (f"“{row['title']}”" if row.get("title") else "unknown outlet")
    text.append(f" · {clean(source)}: ", "dim")
    text.append(" ".join(clean(row["content"]).split()))
    return text


def variant_text(variant: Variant, base_speaker: str | None = None) -> Text:
    """One option: source line (outlet, date, title, who this version says spoke: marked
    when another than in this document, as outlets may disagree on who said it), then the
    wording with differences from the base marked."""
    text = Text()
    if variant.numbers:
        text.append("≠ ", "bold reverse yellow")
    text.append(clean(variant.outlet or "unknown outlet"), "bold")
    text.append(f" · {variant.published or 'undated'} · ")
    text.append(clean(variant.title or "(untitled)"), "italic")
    other_speaker = not variant.is_base and variant.speaker != base_speaker
    if variant.speaker:
        text.append(" · said by ")
        text.append(clean(variant.speaker), "bold yellow" if other_speaker else "bold")
        if other_speaker:
            # "said by nobody named (another speaker)" was hard to read (a new-user test)
            here = clean(base_speaker) if base_speaker else "nobody named"
            text.append(f" (this document: {here})", "yellow")
    else:
        text.append(" · no speaker named", "yellow" if other_speaker else "dim")
    if variant.is_base:
        text.append("  (this document)", "dim")
    text.append("\n")
    if variant.is_base:
        text.append(clean(variant.text))
        return text
    if variant.identical:
        text.append(clean(variant.text))
        text.append("  = same wording", "dim")
        return text
    _append_diff(text, variant)
    if variant.numbers:
        text.append("\n")
        text.append(clean(variant.numbers_note), "bold yellow")
    return text


def _append_diff(text: Text, variant: Variant) -> None:
    """The wording with the base's words it drops struck through and the ones it adds green."""
    for op in variant.diff:
        if op["op"] == "equal":
            text.append(clean(op["a"]) + " ")
            continue
        if op["a"]:
            text.append(clean(op["a"]), "strike red")
            text.append(" ")
        if op["b"]:
            text.append(clean(op["b"]), "bold green")
            text.append(" ")


class SourcesDialog(BaseDialog[Variant | None]):
    """The claim's cluster; dismisses with the variant to open, or None."""

    DEFAULT_CSS = """
    SourcesDialog > Vertical { width: 95%; max-height: 90%; }
    SourcesDialog OptionList { height: auto; max-height: 30; }  /* see on_resize */
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="sources.close"),
        Binding("s", "split", "Split this version off", id="sources.split"),
        Binding("m", "merge", "Merge with another cluster", id="sources.merge"),
    ]

    def __init__(
        self,
        variants: list[Variant],
        store: Store | None = None,
        author: str = "",
        on_change: Callable[[], None] | None = None,
    ) -> None:
        """``store``: where corrections go (s, m); without one the dialog only compares;
        ``on_change``: called after each correction (the reader reloads its counts)."""
        super().__init__()
        self.on_change = on_change
        self.variants = variants
        self.store = store
        self.author = author
        self.changed = False  # a correction changed the cluster: the opener reloads

    def compose(self) -> ComposeResult:
        """Title, one option per variant, hint."""
        with Vertical():
            yield Static(self._title(), id="sources-title", classes="dialog-title")
            # Above the list, so a short terminal shows it too.
            yield Static(self._hint(), id="sources-hint", classes="dialog-hint")
            yield OptionList(*self._options(), id="sources")

    def on_resize(self) -> None:
        """Up to thirty rows of versions, fewer on a short screen (the list scrolls)."""
        self.fit_list(self.query_one("#sources", OptionList), 30)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`s` only while another source's version is listed, `s` and `m` only with a
        store: the footer offered "Split this version off" with none listed (a new-user
        test)."""
        if action in ("split", "merge") and self.store is None:
            return False
        if action == "split":
            return any(not v.is_base for v in self.variants)
        return True

    def _hint(self) -> str:
        """The keys that work: splitting only while another source's version is listed."""
        hint = "enter opens that document at the claim · escape closes"
        if self.store is not None:
            if any(not v.is_base for v in self.variants):
                hint += " · s splits this version off"
            hint += " · m merges with another cluster"
        return hint

    def _title(self) -> str:
        others = sum(1 for v in self.variants if not v.is_base)
        if not others:
            linking = " · m links it to a claim of another source" if self.store else ""
            return f"No other source reports this claim (as gloss matched them){linking}"
        # "sources" when other outlets report it; files without one, and the same outlet's
        # other documents, are documents
        base = next((v.outlet for v in self.variants if v.is_base), None)
        outlets = (v.outlet for v in self.variants if not v.is_base)
        noun = "source" if another_outlet(base, outlets) else "document"
        return (
            f"The same claim in {counted(others, 'other ' + noun)}: "
            "green = added, red = missing compared with this document, ≠ = numbers differ"
        )

    def _options(self) -> list[Option | None]:
        options: list[Option | None] = []
        base = next((v.speaker for v in self.variants if v.is_base), None)
        for index, variant in enumerate(self.variants):
            options.append(Option(variant_text(variant, base), id=str(index)))
            options.append(None)  # a separator line between variants
        return options[:-1]

    @property
    def highlighted(self) -> Variant | None:
        """The version under the cursor."""
        index = self.query_one(OptionList).highlighted
        if index is None:
            return None
        key = self.query_one(OptionList).get_option_at_index(index).id
        return None if key is None else self.variants[int(key)]

    def _corrected(self, message: str) -> None:
        """Show the cluster as it is now: the claim alone when its last other version went
        (the dialog stays, so `m` can link it elsewhere and escape goes back to the reader),
        closed only when the claim itself is gone."""
        assert self.store is not None
        self.changed = True
        if self.on_change is not None:
            self.on_change()  # the screen below updates its counts now, not on close
        self.notify(message, markup=False)
        self.variants = claim_variants(self.store, self.variants[0].claim_id, alone=True)
        if not self.variants:
            self.dismiss(None)
            return
        self.query_one("#sources-title", Static).update(self._title())
        self.query_one("#sources-hint", Static).update(self._hint())
        self.refresh_bindings()
        options = self.query_one(OptionList)
        was = options.highlighted
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = self._other_row_near(was)

    def _other_row_near(self, index: int | None) -> int | None:
        """The option index of another document's version at or after ``index`` (else the
        last one), so a second `s` splits the next version: with nothing highlighted after
        a split, a new-user test's `down` landed on "this document" and `s` split the claim
        being read."""
        rows = [i for i, v in enumerate(self.variants) if not v.is_base]
        if not rows:
            return 0
        later = [row for row in rows if index is not None and row >= index]
        return later[0] if later else rows[-1]

    def action_split(self) -> None:
        """This version does not report the same statement: take it out of the cluster. A
        row stands for its document's closest version; when the document holds another
        claim in the cluster, that one takes the row and the notice says so (`s` again
        splits it too): it may be the right one (a new-user test lost a document's right
        version by splitting the wrong one shown)."""
        variant = self.highlighted
        if self.store is None or variant is None:
            return
        if len(self.variants) < 2:
            self.notify("no other source to split this claim from")
            return
        if variant.is_base:
            self.notify(
                "this is the claim you are reading: highlight another version to split it "
                "off (splitting every other one leaves this claim alone)",
                markup=False,
            )
            return
        try:
            others = document_siblings(self.store, variant.claim_id)
            split_claim(self.store, variant.claim_id, author=self.author)
        except GlossError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        what = "split off this cluster"
        if others:
            what = (
                f"this version split off; {counted(others, 'other claim')} of that document "
                "still in this cluster now shows (s splits it too)"
            )
        self._corrected(f"{variant.outlet or 'that version'}: {what}")

    def action_merge(self) -> None:
        """Pick another cluster (or lone claim) reporting the same statement: the likely
        ones are looked up in a worker (a full-text query over the corpus), then the list
        opens on them."""
        if self.store is not None:
            self._find_likely(self.store, self.variants[0].claim_id)

    @work(thread=True, exclusive=True, group="likely")
    def _find_likely(self, store: Store, base: int) -> None:
        likely = likely_same(store, base)
        self.app.call_from_thread(self._open_merge_picker, store, base, likely)

    def _open_merge_picker(self, store: Store, base: int, likely: list[dict[str, Any]]) -> None:
        if not self.is_attached or self.app.screen is not self:
            return  # closed meanwhile

        def choices(text: str) -> list[tuple[str, Text]]:
            return [
                (str(row["id"]), candidate_text(row))
                for row in cluster_candidates(store, base, text, likely=likely)
            ]

        self.app.push_screen(
            PickDialog("Merge this claim's cluster with:", choices), self._merge_picked
        )

    def _merge_picked(self, picked: str | None) -> None:
        if picked is None or self.store is None:
            return
        try:
            merge_clusters(self.store, self.variants[0].claim_id, int(picked), author=self.author)
        except GlossError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._corrected("clusters merged")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen variant."""
        self.dismiss(self.variants[int(event.option.id or 0)])
