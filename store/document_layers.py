"""What the reader needs to show one document: text, metadata and every span layer.

Offsets are Python str indices into the document's text (end exclusive).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from gloss.store import sources
from gloss.store.db import Store
from gloss.store.document_detail import document_claims, document_entities
from gloss.store.documents import get_document, now_iso


@dataclass
class ReadingData:
    """One document and its layers, as plain rows (dicts) in text order."""

    document: dict[str, Any]
    entities: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    annotations: list[dict[str, Any]] = field(default_factory=list)
    # claim id -> how many other documents report that claim (sources.other_sources)
    other_sources: dict[int, int] = field(default_factory=dict)
    # the other documents of this document's story (id, title, outlet, published), by date
    same_story: list[dict[str, Any]] = field(default_factory=list)
    # claims some other report of names its outlet: "other sources"; else "other documents"
    # (a store of one outlet's articles, or files without one: a new-user test)
    outlet_sources: set[int] = field(default_factory=set)

    def others_noun(self, claim_id: int) -> str:
        """ "source" when another report of the claim is by another outlet, else "document"."""
        return "source" if claim_id in self.outlet_sources else "document"

    @property
    def text(self) -> str:
        """The document text."""
        return str(self.document["text"])


def load_reading(store: Store, doc_id: int) -> ReadingData:
    """Load a document with its entities, claims and annotations (NotFoundError if absent)."""
    document = get_document(store, doc_id)
    entities = document_entities(store, doc_id)
    claims = document_claims(store, doc_id)
    annotations = store.rows(
        "SELECT a.id, a.start, a.end, a.quote, a.note, a.author, a.orphan, "
        "(SELECT json_group_array(t.name) FROM annotation_tags at JOIN tags t "
        "ON t.id = at.tag_id WHERE at.annotation_id = a.id) AS tags "
        "FROM annotations a WHERE a.document_id = ? ORDER BY a.start IS NOT NULL, a.start",
        (doc_id,),
    )
    for note in annotations:
        note["tags"] = [t for t in json.loads(note["tags"] or "[]") if t]
    clustered = [int(c["id"]) for c in claims if c.get("cluster")]
    found = sources.other_sources(store, clustered)
    other_sources = {claim: len(others) for claim, others in found.items()}
    # Another outlet's report: "source"; the same outlet's repeats (AP's rolling updates, one
    # article imported twice) are other documents (a new-user test read "also in 1 other
    # source" for an article's own earlier version).
    outlet = document.get("outlet")
    outlet_sources = {
        claim
        for claim, others in found.items()
        if sources.another_outlet(outlet, (o["outlet"] for o in others))
    }
    same_story = store.rows(
        "SELECT d.id, d.title, d.outlet, d.published FROM document_stories s "
        "JOIN document_stories o ON o.story = s.story AND o.document_id != s.document_id "
        "JOIN documents d ON d.id = o.document_id WHERE s.document_id = ? "
        "ORDER BY d.published IS NULL, d.published, d.id",
        (doc_id,),
    )
    return ReadingData(
        document, entities, claims, annotations, other_sources, same_story, outlet_sources
    )


def mark_read(store: Store, doc_id: int) -> None:
    """Record the first time a document was opened in the reader (read_at)."""
    with store.write() as conn:
        conn.execute(
            "UPDATE documents SET read_at = ? WHERE id = ? AND read_at IS NULL",
            (now_iso(), doc_id),
        )
