"""Reading what the analysis stored: entities, claims, clusters and stories for the CLI,
the corpus screen and exports. Never imports an engine."""

from __future__ import annotations

from typing import Any

from gloss.store import sources
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
    """Claim clusters reported by several documents: each with one variant per document
    (document, claim, speaker, text, diff ops and differing numbers against the first). The
    first variant is the one most like the others (the wording every other is diffed against
    with the fewest changes); then one per other document, as :func:`sources.other_sources`
    picks them (that document's claim worded most like the first), oldest first. ``documents``
    counts them all; ``claims`` counts every member, repeats in one document included."""
    rows = store.rows(
        "SELECT c.cluster, c.id AS claim_id, c.document_id, c.kind, "
        "substr(d.text, c.content_start + 1, c.content_end - c.content_start) AS text "
        "FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE c.cluster IS NOT NULL ORDER BY c.cluster, c.document_id, c.start"
    )
    clusters: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        clusters.setdefault(r["cluster"], []).append(r)
    kinds = {int(r["claim_id"]): r["kind"] for r in rows}
    out: list[dict[str, Any]] = []
    for cid, members in clusters.items():
        if len({m["document_id"] for m in members}) < 2:
            continue
        base = _central_first(members)[0]
        variants = sources.claim_variants(store, int(base["claim_id"]))
        out.append(
            {
                "cluster": cid,
                "documents": len(variants),
                "claims": len(members),
                "variants": [
                    {
                        "document_id": v.document_id,
                        "claim_id": v.claim_id,
                        "kind": kinds[v.claim_id],
                        "speaker": v.speaker,
                        "title": v.title,
                        "text": v.text,
                        "diff": v.diff,
                        "numbers_differ": [list(pair) for pair in v.numbers],
                    }
                    for v in variants
                ],
            }
        )
    out.sort(key=lambda c: (-int(c["documents"]), -int(c["claims"]), str(c["cluster"])))
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
