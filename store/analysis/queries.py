"""Reading what the analysis stored: entities, claims, clusters and stories for the CLI,
the corpus screen and exports. Never imports an engine."""

from __future__ import annotations

from typing import Any

from gloss.store.analysis.clusters import word_diff
from gloss.store.analysis.similarity import similarity
from gloss.store.analysis.story_table import read_stories
from gloss.store.db import Store
from gloss.store.document_detail import document_claims


# -- reading -------------------------------------------------------------------------------
def list_entities(store: Store) -> list[dict[str, Any]]:
    """Canonical entities with label, mention and document counts, most widespread first."""
    return store.rows(
        "SELECT canonical, label, count(*) AS mentions, count(DISTINCT document_id) AS documents "
        "FROM entities GROUP BY canonical, label "
        "ORDER BY documents DESC, mentions DESC, canonical"
    )


def list_claims(store: Store) -> list[dict[str, Any]]:
    """Every claim of every document in document and text order, with its document id and
    its content's text (``gloss claims``)."""
    rows: list[dict[str, Any]] = []
    for doc in store.rows("SELECT id, text FROM documents ORDER BY id"):
        doc_id, text = doc["id"], doc["text"]
        for claim in document_claims(store, doc_id):
            claim["document_id"] = doc_id
            claim["content"] = text[claim["content_start"] : claim["content_end"]]
            rows.append(claim)
    return rows


def list_clusters(store: Store) -> list[dict[str, Any]]:
    """Claim clusters: each with its variants (document, claim, speaker, text, diff ops
    against the first variant). The first variant is the one most like the others (a
    wording every other variant is diffed against with the fewest changes); the rest follow
    in document order."""
    rows = store.rows(
        "SELECT c.cluster, c.id AS claim_id, c.document_id, c.kind, c.speaker, c.score, "
        "substr(d.text, c.content_start + 1, c.content_end - c.content_start) AS text, "
        "d.title FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE c.cluster IS NOT NULL ORDER BY c.cluster, c.document_id, c.start"
    )
    clusters: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        clusters.setdefault(r["cluster"], []).append(r)
    out: list[dict[str, Any]] = []
    for cid, variants in clusters.items():
        variants = _central_first(variants)
        base = variants[0]["text"]
        out.append(
            {
                "cluster": cid,
                "documents": len({v["document_id"] for v in variants}),
                "variants": [
                    {
                        "document_id": v["document_id"],
                        "claim_id": v["claim_id"],
                        "kind": v["kind"],
                        "speaker": v["speaker"],
                        "title": v["title"],
                        "text": v["text"],
                        "diff": word_diff(base, v["text"]),
                    }
                    for v in variants
                ],
            }
        )
    out.sort(key=lambda c: (-int(c["documents"]), -len(c["variants"]), str(c["cluster"])))
    return out


def _central_first(variants: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The variant with the highest summed similarity to the others first (ties: the
    earliest), then the rest in their order."""
    if len(variants) < 3:
        return variants
    scores = [
        sum(similarity(v["text"], w["text"]) for j, w in enumerate(variants) if j != i)
        for i, v in enumerate(variants)
    ]
    best = max(range(len(variants)), key=lambda i: (scores[i], -i))
    return [variants[best], *variants[:best], *variants[best + 1 :]]


def list_stories(store: Store) -> list[dict[str, Any]]:
    """Groups of documents about the same event (shared clusters, entities and dates), as
    stored by the last analysis (story_table)."""
    with store.lock:
        return read_stories(store.conn)
