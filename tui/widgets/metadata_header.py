"""The reader's metadata header: title, then outlet, byline, date and path on one line."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from gloss.store.wording import counted
from gloss.tui.safe import clean

FACTS = ("outlet", "byline", "published", "path")


def header_text(document: dict[str, Any]) -> Text:
    """The header as Text built from plain strings (never markup)."""
    title = " ".join(clean(document.get("title") or "(untitled)").split())
    # A blank byline left a dangling "·" (a new-user test).
    found = (" ".join(clean(str(document.get(key) or "")).split()) for key in FACTS)
    facts = [fact for fact in found if fact]
    # A document waiting for analysis has no entities or claims yet, not none.
    waiting = "engine" in document and document["engine"] is None
    counts = " · ".join(
        "not analysed yet"
        if waiting and key == "entities"
        else counted(int(document.get(key) or 0), noun)
        for key, noun in (
            ("words", "word"),
            ("entities", "entity"),
            ("claims", "claim"),
            ("annotations", "annotation"),
        )
        if not (waiting and key == "claims")
    )
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(title, "bold")
    text.append("\n")
    text.append(" · ".join(facts) if facts else "no outlet, byline or date found", "italic")
    text.append("\n")
    text.append(counts, "dim")
    return text


class MetadataHeader(Static):
    """Three lines about the open document."""

    DEFAULT_CSS = """
    MetadataHeader {
        height: 3; padding: 0 1; background: $boost; color: $foreground;
        /* each line on one line: a long path wrapped and pushed the counts out of sight,
           leaving "west-journal · 2016-10-05 ·" (a new-user test) */
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def show(self, document: dict[str, Any]) -> None:
        """Display a document's metadata."""
        self.update(header_text(document))
