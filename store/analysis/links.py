"""Links across documents: corpus-wide canonical names, claim clusters, dates of undated
documents and stories, recomputed after an analysis and versioned by LINKS_VERSION."""

from __future__ import annotations

import sqlite3

from gloss.store.analysis.clusters import LINKS_VERSION, apply_clusters, plan_clusters
from gloss.store.analysis.corpus_names import relink_corpus
from gloss.store.analysis.corrections import apply_corrections
from gloss.store.analysis.dates import normalize_date, parse_reference
from gloss.store.analysis.story_table import save_stories
from gloss.store.db import Store


def link_store(store: Store) -> int:
    """Everything across documents: corpus-wide canonical names, claim clusters, dates of
    undated documents and stories, then :data:`LINKS_VERSION`; returns the number of
    multi-document clusters. Three transactions, so readers (a reader screen loading a
    document) wait for short writes only: names are relinked, clusters are planned on a
    read-only snapshot (the long part: seconds on thousands of documents), then stored with
    the dates and stories, and the reader's corrections are applied again. The links version
    is recorded last, so an interrupted link is done again."""
    with store.write() as conn:
        relink_corpus(conn)
    with store.snapshot() as conn:
        groups = plan_clusters(conn)
    with store.write() as conn:
        clusters = apply_clusters(conn, groups)
        date_undated(conn)
        save_stories(conn)
        apply_corrections(conn)
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('links_version', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (LINKS_VERSION,),
        )
    return clusters


def links_stale(store: Store) -> bool:
    """True when analysed documents are linked by an older gloss (see :data:`LINKS_VERSION`)."""
    if store.scalar("SELECT 1 FROM documents WHERE engine IS NOT NULL LIMIT 1") is None:
        return False
    stored = store.scalar("SELECT value FROM meta WHERE key = 'links_version'")
    return stored != LINKS_VERSION


def date_undated(conn: sqlite3.Connection) -> int:
    """Resolve relative DATE mentions of documents without a date against the date of the
    dated documents that share a claim cluster with them (the same briefing reported
    elsewhere; the most common such date, the latest on a tie). Returns how many documents got
    one. Claim clusters are precise (no false merge on the seeds), so this is a safe guess;
    a document sharing no cluster keeps its relative dates as text."""
    rows = conn.execute(
        "SELECT u.document_id, d.published, count(DISTINCT o.document_id) FROM claims u "
        "JOIN documents ud ON ud.id = u.document_id AND ud.published IS NULL "
        "JOIN claims o ON o.cluster = u.cluster AND o.document_id != u.document_id "
        "JOIN documents d ON d.id = o.document_id AND d.published IS NOT NULL "
        "WHERE u.cluster IS NOT NULL GROUP BY u.document_id, d.published"
    ).fetchall()
    best: dict[int, tuple[int, str]] = {}
    for doc_id, published, n in rows:
        if parse_reference(published) and (n, published) > best.get(doc_id, (0, "")):
            best[doc_id] = (n, published)
    for doc_id, (_n, published) in best.items():
        ref = parse_reference(published)
        updates = [
            (value, ent_id)
            for ent_id, text in conn.execute(
                "SELECT id, text FROM entities WHERE document_id = ? AND label = 'DATE'", (doc_id,)
            )
            if (value := normalize_date(text, ref))
        ]
        conn.executemany("UPDATE entities SET canonical = ? WHERE id = ?", updates)
    return len(best)
