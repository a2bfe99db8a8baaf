"""One document with everything attached to it: the `gloss show --json` shape.

Field names are stable (scripts use them). Offsets are Python str indices into `text`.
"""

from __future__ import annotations

import json
from typing import Any

from gloss.store.db import Store
from gloss.store.documents import get_document

ENTITY_FIELDS = ("id", "start", "end", "label", "text", "canonical")
CLAIM_FIELDS = (
    "id",
    "start",
    "end",
    "kind",
    "speaker",
    "speaker_start",
    "speaker_end",
    "cue",
    "cue_start",
    "cue_end",
    "content_start",
    "content_end",
    "score",
    "hedges",
    "cluster",
)


def document_annotations(store: Store, doc_id: int) -> list[dict[str, Any]]:
    """The document's annotations in text order (document-level ones first), with tag names."""
    rows = store.rows(
        """
        SELECT a.id, a.document_id, a.start, a.end, a.quote, a.prefix, a.suffix, a.note,
               a.author, a.created, a.updated, a.orphan,
               (SELECT json_group_array(t.name) FROM
                   (SELECT t.name FROM annotation_tags at JOIN tags t ON t.id = at.tag_id
                    WHERE at.annotation_id = a.id ORDER BY t.name) t) AS tags
        FROM annotations a WHERE a.document_id = ?
        ORDER BY a.start IS NOT NULL, a.start, a.end, a.created
        """,
        (doc_id,),
    )
    for row in rows:
        row["tags"] = json.loads(row["tags"] or "[]")
        row["orphan"] = bool(row["orphan"])
    return rows


def document_entities(store: Store, doc_id: int) -> list[dict[str, Any]]:
    """A document's entity mentions in text order (ENTITY_FIELDS)."""
    return store.rows(
        f"SELECT {', '.join(ENTITY_FIELDS)} FROM entities WHERE document_id = ? "
        "ORDER BY start, end",
        (doc_id,),
    )


def document_claims(store: Store, doc_id: int) -> list[dict[str, Any]]:
    """A document's claims in text order (CLAIM_FIELDS, hedges as a list)."""
    claims = store.rows(
        f"SELECT {', '.join(CLAIM_FIELDS)} FROM claims WHERE document_id = ? "
        "ORDER BY start, content_start",
        (doc_id,),
    )
    for claim in claims:
        claim["hedges"] = json.loads(claim["hedges"] or "[]")
    return claims


def document_detail(store: Store, doc_id: int) -> dict[str, Any]:
    """Metadata, text, entities, claims and annotations of one document."""
    doc = get_document(store, doc_id)
    entities = document_entities(store, doc_id)
    claims = document_claims(store, doc_id)
    return {
        "id": doc["id"],
        "sha256": doc["sha256"],
        "title": doc["title"],
        "outlet": doc["outlet"],
        "byline": doc["byline"],
        "published": doc["published"],
        "path": doc["path"],
        "words": doc["words"],
        "imported": doc["imported"],
        "updated": doc["updated"],
        "engine": doc["engine"],
        "engine_version": doc["engine_version"],
        "title_span": (
            [doc["title_start"], doc["title_end"]] if doc["title_start"] is not None else None
        ),
        "boilerplate": [list(span) for span in doc["boilerplate"]],
        "text": doc["text"],
        "entities": entities,
        "claims": claims,
        "annotations": document_annotations(store, doc_id),
    }
