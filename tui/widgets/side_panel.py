"""The reader's side panel: the other documents of the same story (choosing opens one), then
entities grouped by canonical name and claims (choosing jumps)."""

from __future__ import annotations

from collections import defaultdict

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from gloss.store.document_layers import ReadingData
from gloss.tui.safe import clean


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(clean(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Rows listed per section: a list lays out every row, and a 17 MB document's 119,000 claims
# froze the reader for 25 s; past these, the keys move through the rest.
PANEL_ROWS = 500


def _more(count: int, what: str, keys: str) -> Option:
    return Option(Text(f"  … {count:,} more {what}: {keys}", style="dim"), disabled=True)


class SidePanel(OptionList):
    """Same story, entities (by canonical name, with counts), claims (speaker, cue, content;
    "+2" when two other documents report the claim)."""

    DEFAULT_CSS = """
    SidePanel { width: 38; max-width: 33%; border-left: vkey $primary 50%; background: $panel; }
    """

    class Jump(Message):
        """The user chose an entity group or a claim: select item `index` of `kind`."""

        def __init__(self, kind: str, index: int) -> None:
            super().__init__()
            self.kind = kind
            self.index = index

    class OpenDocument(Message):
        """The user chose another document of the same story: open `document_id`."""

        def __init__(self, document_id: int) -> None:
            super().__init__()
            self.document_id = document_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._groups: dict[str, list[int]] = {}
        self._turn: dict[str, int] = {}
        self.shown: ReadingData | None = None

    def show(self, data: ReadingData) -> None:
        """Fill the panel from a document's entities and claims."""
        self.shown = data
        self.clear_options()
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, entity in enumerate(data.entities):
            groups[(entity["canonical"] or entity["text"], entity["label"])].append(index)
        options: list[Option | None] = []
        if data.same_story:
            n = len(data.same_story)
            heading = f"Same story: {n} other document{'s' if n != 1 else ''}"
            options.append(Option(Text(heading, style="bold"), disabled=True))
            for doc in data.same_story:
                prompt = Text.assemble(
                    (_short(doc.get("outlet") or "—", 16), "italic"),
                    " ",
                    _short(doc.get("title") or "(untitled)", 44),
                )
                options.append(Option(prompt, id=f"doc-{doc['id']}"))
            options.append(None)
        options.append(Option(Text(f"Entities ({len(groups)})", style="bold"), disabled=True))
        self._groups = {}
        if not groups:
            options.append(Option(Text("  none", style="dim"), disabled=True))
        ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0][0].lower()))
        for number, ((canonical, label), indexes) in enumerate(ranked[:PANEL_ROWS]):
            key = f"entity-{number}"
            self._groups[key] = indexes
            prompt = Text.assemble(
                (f"{len(indexes):>3} ", "bold"), _short(canonical, 24), (f" {label}", "dim")
            )
            options.append(Option(prompt, id=key))
        if len(ranked) > PANEL_ROWS:
            options.append(_more(len(ranked) - PANEL_ROWS, "names", "} { move through them"))
        options.append(None)
        options.append(Option(Text(f"Claims ({len(data.claims)})", style="bold"), disabled=True))
        if not data.claims:
            options.append(Option(Text("  none", style="dim"), disabled=True))
        text = data.text
        for index, claim in enumerate(data.claims[:PANEL_ROWS]):
            speaker = claim.get("speaker") or "—"
            cue = claim.get("cue") or claim.get("kind") or ""
            content = text[claim["content_start"] : claim["content_end"]]
            others = data.other_sources.get(int(claim["id"]), 0)
            # A label's colon is the cue ("Harry Reid: Never, ever ..."): one colon, not
            # "Harry Reid :: Never" (a new-user test).
            cue_part = ("", "") if cue.strip() in (":", "") else (" " + _short(cue, 16), "italic")
            prompt = Text.assemble(
                (f"+{others} " if others else "", "bold reverse"),
                (_short(speaker, 24), "bold"),
                cue_part,
                ": ",
                _short(content),
            )
            options.append(Option(prompt, id=f"claim-{index}"))
        if len(data.claims) > PANEL_ROWS:
            options.append(_more(len(data.claims) - PANEL_ROWS, "claims", "] [ move through them"))
        self.add_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn a chosen row into a Jump (entity groups cycle through their mentions)."""
        event.stop()
        key = event.option.id or ""
        if key.startswith("doc-"):
            self.post_message(self.OpenDocument(int(key.removeprefix("doc-"))))
        elif key.startswith("claim-"):
            self.post_message(self.Jump("claim", int(key.removeprefix("claim-"))))
        elif key in self._groups:
            indexes = self._groups[key]
            turn = self._turn.get(key, -1) + 1
            self._turn[key] = turn
            self.post_message(self.Jump("entity", indexes[turn % len(indexes)]))
