"""Links across documents: corpus-wide canonical names, claim clusters, dates of undated
documents and stories, recomputed after an analysis and versioned by LINKS_VERSION."""

from __future__ import annotations

import sqlite3

from gloss.store.analysis.clusters import LINKS_VERSION, LinkPlan, apply_clusters, plan_links
from gloss.store.analysis.corpus_names import relink_corpus, save_name_index
from gloss.store.analysis.corrections import apply_corrections
from gloss.store.analysis.dates import normalize_date, parse_reference
from gloss.store.analysis.link_state import FULL_BELOW, REFRESH_GROWTH, save_stats, stored_stats
from gloss.store.analysis.story_table import save_stories
from gloss.store.db import Store

# How a link runs: "auto" (incremental when the stored state allows it, else full), "full"
# (statistics counted afresh), "replan" (everything decided again with the stored
# statistics: what the incremental path must equal) or "incremental".
MODES = ("auto", "full", "replan", "incremental")
# More documents waiting to be linked than this share of the store (and PENDING_MIN): a
# full link instead.
PENDING_SHARE, PENDING_MIN = 0.2, 100


def link_store(store: Store, mode: str = "auto") -> int:
    """Everything across documents: corpus-wide canonical names, claim clusters, dates of
    undated documents and stories, then :data:`LINKS_VERSION`; returns the number of
    multi-document clusters.

    Incremental (:func:`incremental.link_incremental`) when the store was fully linked by
    this gloss and has not grown by a quarter since: only the documents changed since and
    the parts of the graph they touch are linked, in one short transaction. Else a full
    link in three transactions, so readers (a reader screen loading a document) wait for
    short writes only: names are relinked, clusters are planned on a read-only snapshot (the
    long part: seconds on thousands of documents), then stored with the dates, stories and
    the state the next incremental link starts from, and the reader's corrections applied
    again. The links version is recorded last, so an interrupted link is done again."""
    if mode not in MODES:
        raise ValueError(f"unknown link mode {mode!r}")
    if mode == "auto":
        mode = link_mode(store)
    if mode == "incremental":
        from gloss.store.analysis.incremental import link_incremental

        with store.write() as conn:
            stats = stored_stats(conn)
            if stats is None:
                raise ValueError("no stored link statistics: link the store fully first")
            link_incremental(conn, stats)
            _finish(conn)
        return _cluster_count(store)
    if mode == "full":
        with store.write() as conn:
            relink_corpus(conn)
    with store.snapshot() as conn:
        seen = _pending_mark(conn)
        plan = plan_links(conn, stored_stats(conn, eager=True) if mode == "replan" else None)
    with store.write() as conn:
        apply_clusters(conn, plan.groups)
        _save_state(conn, plan, seen, counted=mode == "full")
        save_name_index(conn)
        save_stories(conn, plan.stats)
        _finish(conn)
    return _cluster_count(store)  # after the corrections (a merge makes two clusters one)


def _finish(conn: sqlite3.Connection) -> None:
    """What every link ends with: dates of undated documents, the reader's corrections, the
    links version. (Their writes mark documents for the next link, as any write does.)"""
    date_undated(conn)
    apply_corrections(conn)
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('links_version', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (LINKS_VERSION,),
    )


def _cluster_count(store: Store) -> int:
    """Clusters across documents, as `gloss claims --cluster` lists them: a cluster left in
    one document (a correction merged two of its claims) is none."""
    return int(
        store.scalar(
            "SELECT count(*) FROM (SELECT cluster FROM claims WHERE cluster IS NOT NULL "
            "GROUP BY cluster HAVING count(DISTINCT document_id) >= 2)"
        )
        or 0
    )


def _pending_mark(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """How far the pending work goes when a full link reads the store: work recorded later
    (a document analysed meanwhile) stays pending."""
    return tuple(  # type: ignore[return-value]
        int(conn.execute(sql).fetchone()[0] or 0)
        for sql in (
            "SELECT max(seq) FROM link_pending",
            "SELECT max(seq) FROM link_dirty",
            "SELECT max(seq) FROM link_dirty_documents",
        )
    )


def _save_state(
    conn: sqlite3.Connection, plan: LinkPlan, seen: tuple[int, int, int], *, counted: bool
) -> None:
    """Store what the next incremental link starts from (claims deleted since the plan
    was read are left out)."""
    current = {r[0] for r in conn.execute("SELECT id FROM claims")}
    if counted:
        save_stats(conn, plan.stats, plan.counts)
    conn.execute("DELETE FROM link_keys")
    conn.executemany(
        "INSERT OR IGNORE INTO link_keys (key, claim) VALUES (?, ?)",
        (
            (plan.keys[i], plan.keys[i + 1])
            for i in range(0, len(plan.keys), 2)
            if plan.keys[i + 1] in current
        ),
    )
    conn.execute("DELETE FROM link_edges")
    conn.executemany(
        "INSERT INTO link_edges (a, b, weight) VALUES (?, ?, ?)",
        ((a, b, w) for (a, b), w in plan.edges.items() if a in current and b in current),
    )
    conn.execute("DELETE FROM link_speakers")
    conn.executemany(
        "INSERT INTO link_speakers (speaker, person, groups) VALUES (?, ?, ?)",
        ((s, *info.stored()) for s, info in plan.speakers.items()),
    )
    conn.execute("DELETE FROM link_pending WHERE seq <= ?", (seen[0],))
    conn.execute("DELETE FROM link_dirty WHERE seq <= ?", (seen[1],))
    conn.execute("DELETE FROM link_dirty_documents WHERE seq <= ?", (seen[2],))


def link_mode(store: Store) -> str:
    """How the next automatic link will run: "incremental" (only what changed) or "full"
    (every claim again; on a large store, minutes, and the corpus statistics are counted
    again, so clusters of older documents may change)."""
    return "incremental" if _incremental_ok(store) else "full"


def _incremental_ok(store: Store) -> bool:
    """Whether the stored state allows an incremental link: this gloss's links, stored
    statistics, a store not too small, not grown by a quarter since they were counted, and
    not mostly changed since the last link."""
    if links_stale(store):
        return False
    with store.snapshot() as conn:
        stats = stored_stats(conn)
        if stats is None or stats.claims < FULL_BELOW:
            return False
        claims = int(conn.execute("SELECT count(*) FROM claims").fetchone()[0])
        pending = int(conn.execute("SELECT count(*) FROM link_pending").fetchone()[0])
        # Most of the store changed (`gloss analyze --all --force`): one full pass is faster.
        return claims <= REFRESH_GROWTH * stats.claims and pending <= max(
            PENDING_MIN, PENDING_SHARE * stats.documents
        )


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
