"""What a reviewer sees of one queue item: its paragraph, metadata and other sources.

Plain data only (the UI renders it). Offsets are Python str indices into the document text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from gloss.store.annotations import Annotation, get_annotation
from gloss.store.db import Store
from gloss.store.review import Item
from gloss.store.sources import other_sources


@dataclass
class ItemContext:
    """One item with the text around it."""

    item: Item
    document: dict[str, Any]  # id, title, outlet, published
    paragraph: str
    paragraph_start: int  # offset of `paragraph` in the document text
    details: dict[str, Any] = field(default_factory=dict)  # the claim/entity row
    # one row per other document reporting the claim (sources.other_sources)
    sources: list[dict[str, Any]] = field(default_factory=list)
    annotation: Annotation | None = None  # the annotation holding tags/notes for this item

    def label(self) -> str:
        """A short name for the item, for dialog titles."""
        if self.item.kind == "document":
            return f"document {self.document['title']!r}"
        text = self.details.get("text") or self.paragraph[:40]
        return f"{self.item.kind} {text[:60]!r}"


def _paragraph(text: str, start: int | None, end: int | None) -> tuple[int, int]:
    """The blank-line-separated paragraph(s) holding [start, end) (the opening for documents)."""
    if start is None or end is None:
        return 0, min(len(text), 1200)
    left = text.rfind("\n\n", 0, start)
    right = text.find("\n\n", end)
    return (0 if left == -1 else left + 2), (len(text) if right == -1 else right)


def item_context(store: Store, item: Item) -> ItemContext:
    """Gather everything the review screen shows for one item."""
    doc = store.row(
        "SELECT id, title, outlet, published, text FROM documents WHERE id = ?",
        (item.document_id,),
    )
    assert doc is not None, f"document {item.document_id} vanished"
    text = doc.pop("text")
    para_start, para_end = _paragraph(text, item.start, item.end)
    context = ItemContext(item, doc, text[para_start:para_end], para_start)
    if item.kind == "claim":
        row = store.row("SELECT * FROM claims WHERE id = ?", (int(item.id),))
        if row:
            row["hedges"] = json.loads(row["hedges"] or "[]")
            row["text"] = text[row["content_start"] : row["content_end"]]
            context.details = row
            context.sources = [
                {**other, "content": other["text"]}
                for other in other_sources(store, [row["id"]])[int(row["id"])]
            ]
    elif item.kind == "entity":
        row = store.row("SELECT * FROM entities WHERE id = ?", (int(item.id),))
        context.details = row or {}
    if item.kind == "annotation":
        context.annotation = get_annotation(store, item.id)
        context.details = {"text": context.annotation.quote}
    else:  # the annotation on exactly this span (or the document), if the reviewer made one
        span = "start IS NULL AND end IS NULL" if item.start is None else "start = ? AND end = ?"
        spans = () if item.start is None else (item.start, item.end)
        found = store.scalar(
            f"SELECT id FROM annotations WHERE document_id = ? AND {span} AND orphan = 0 "
            "ORDER BY created LIMIT 1",
            (item.document_id, *spans),
        )
        if found is not None:
            context.annotation = get_annotation(store, found)
    return context
