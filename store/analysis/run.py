"""Analyse stored documents and save the results: the one writer of entities and claims.

:func:`analyze_documents` reads documents in chunks, analyses them in this process or in a
pool of worker processes (gloss.store.analysis.pool), saves each document in its own
transaction, then links across documents (gloss.store.analysis.links). The Dask path
(gloss.store.analysis.dask_run) reads, writes and links with the same functions.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from gloss.store.analysis.base import ANALYSIS_VERSION, Analysis, Engine, Job
from gloss.store.analysis.dates import parse_reference, resolve_dates
from gloss.store.analysis.engines import get_engine, spacy_error
from gloss.store.analysis.links import link_mode, link_store, links_stale
from gloss.store.analysis.pipeline import analyze_chunk
from gloss.store.analysis.pool import (
    AnalysisPool,
    EngineIdentity,
    can_spawn,
    cpu_count,
    start_method_for_now,
)
from gloss.store.db import Store

# Documents per batch (and per job of a worker process: the same chunks either way).
BATCH = 32


# Below this many words a pool of processes costs more to start than it saves. Measured with
# two workers: forked ones start at once (~0.03 s) with the parent's loaded engine; spawned
# ones import and load it (spaCy ~1.3-3.4 s, rules ~0.5 s), against ~10k (spaCy) and ~80k
# (rules) words/s per process.
BULK_MIN_WORDS = {
    "fork": {"spacy": 20_000, "rules": 50_000},
    "spawn": {"spacy": 60_000, "rules": 200_000},
}


@dataclass
class AnalysisReport:
    """What one analyze_documents call did."""

    engine: str
    engine_version: str
    analysed: int
    skipped: int
    entities: int
    claims: int
    clusters: int
    seconds: float
    fallback_reason: str | None = None
    processes: int = 1  # worker processes used (1: no pool)


@dataclass
class Batch:
    """One chunk of documents read for analysis: the ids still stored, their dates (to
    resolve relative dates against) and their jobs (text, boilerplate spans)."""

    ids: list[int]
    dates: list[Any]
    jobs: list[Job]
    words: int


def read_batch(store: Store, chunk: list[int]) -> Batch:
    """Read the documents ``chunk`` names (those deleted meanwhile are left out), in order."""
    marks = ",".join("?" * len(chunk))
    found = {
        r["id"]: r
        for r in store.rows(
            f"SELECT id, text, boilerplate, published, words FROM documents WHERE id IN ({marks})",
            chunk,
        )
    }
    ids = [d for d in chunk if d in found]
    return Batch(
        ids,
        [parse_reference(found[d]["published"]) for d in ids],
        [(found[d]["text"], json.loads(found[d]["boilerplate"] or "[]")) for d in ids],
        sum(found[d]["words"] or 0 for d in ids),
    )


def link_after(store: Store, analysed: int, pool: AnalysisPool | None = None) -> int:
    """Link across documents after an analysis of ``analysed`` documents (also when none was
    analysed but the links are stale), in ``pool``'s worker when there is one
    (:func:`link_in`); returns the number of multi-document clusters."""
    if analysed or links_stale(store):
        return link_in(store, pool)
    return int(
        store.scalar("SELECT count(DISTINCT cluster) FROM claims WHERE cluster IS NOT NULL") or 0
    )


def _save(store: Store, doc_id: int, eng: Engine | EngineIdentity, result: Analysis) -> None:
    with store.write() as conn:
        write_analysis(conn, doc_id, eng, result)


def write_analysis(
    conn: sqlite3.Connection, doc_id: int, eng: Engine | EngineIdentity, result: Analysis
) -> None:
    """Replace a document's entities and claims by ``result`` and record the engine, inside
    the caller's transaction (the one way results reach the store, pool or cluster alike).
    Review verdicts on the old rows move to the new rows at the same place
    (:func:`_carry_verdicts`)."""
    judged = {kind: _judged(conn, kind, doc_id) for kind in _VERDICT_KEYS}
    conn.execute("DELETE FROM entities WHERE document_id = ?", (doc_id,))
    conn.execute("DELETE FROM claims WHERE document_id = ?", (doc_id,))
    conn.executemany(
        "INSERT INTO entities (document_id, start, end, label, text, canonical) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(doc_id, e.start, e.end, e.label, e.text, e.canonical or e.text) for e in result.entities],
    )
    conn.executemany(
        "INSERT INTO claims (document_id, start, end, kind, speaker, speaker_start, "
        "speaker_end, cue, cue_start, cue_end, content_start, content_end, score, hedges) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                doc_id,
                c.start,
                c.end,
                c.kind,
                c.speaker,
                c.speaker_start,
                c.speaker_end,
                c.cue,
                c.cue_start,
                c.cue_end,
                c.content_start,
                c.content_end,
                c.score,
                json.dumps(c.hedges),
            )
            for c in result.claims
        ],
    )
    conn.execute(
        "UPDATE documents SET engine = ?, engine_version = ? WHERE id = ?",
        (eng.name, eng.version, doc_id),
    )
    for kind, old in judged.items():
        if old:
            _carry_verdicts(conn, kind, doc_id, old)


# Review verdicts name a claim or entity by its row id, which a re-analysis replaces. What
# says "the same item" across analyses: the table, and the spans compared, best first.
_VERDICT_KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "claim": ("claims", ("content_start, content_end", "start, end")),
    "entity": ("entities", ("start, end, label", "start, end")),
}


def _judged(conn: sqlite3.Connection, kind: str, doc_id: int) -> dict[int, tuple[Any, ...]]:
    """The document's rows of ``kind`` that carry a verdict: id -> their span keys."""
    table, keys = _VERDICT_KEYS[kind]
    rows = conn.execute(
        f"SELECT x.id, {', '.join(keys)} FROM {table} x WHERE x.document_id = ? AND EXISTS "
        "(SELECT 1 FROM verdicts v WHERE v.item_kind = ? AND v.item_id = CAST(x.id AS TEXT))",
        (doc_id, kind),
    ).fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


def _carry_verdicts(
    conn: sqlite3.Connection, kind: str, doc_id: int, old: dict[int, tuple[Any, ...]]
) -> None:
    """Point the verdicts on the replaced rows ``old`` at the new row with the same span
    (claims: the same content, else the same sentence; entities: the same span and label,
    else the same span). A verdict whose item the new analysis no longer has is kept, named
    ``gone:<old id>``: row ids are reused, so the old id could name another item now."""
    table, keys = _VERDICT_KEYS[kind]
    widths = [len(k.split(", ")) for k in keys]
    new: list[dict[tuple[Any, ...], int]] = [{} for _ in keys]
    for row in conn.execute(
        f"SELECT id, {', '.join(keys)} FROM {table} WHERE document_id = ? ORDER BY id", (doc_id,)
    ):
        at = 1
        for index, width in zip(new, widths, strict=True):
            index.setdefault(tuple(row[at : at + width]), row[0])
            at += width
    moves = []
    for old_id, values in old.items():
        target, at = None, 0
        for index, width in zip(new, widths, strict=True):
            target = index.get(tuple(values[at : at + width]))
            at += width
            if target is not None:
                break
        moves.append((f"gone:{old_id}" if target is None else str(target), str(old_id)))
    # In two steps: an old id may be another item's new id.
    conn.executemany(
        "UPDATE verdicts SET item_id = 'moving:' || ? WHERE item_kind = ? AND item_id = ?",
        [(to, kind, frm) for to, frm in moves],
    )
    conn.execute(
        "UPDATE verdicts SET item_id = substr(item_id, 8) WHERE item_kind = ? "
        "AND item_id LIKE 'moving:%'",
        (kind,),
    )


def analyze_documents(
    store: Store,
    doc_ids: list[int] | None = None,
    *,
    engine: str | None = None,
    force: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    processes: int | None = None,
    pool: AnalysisPool | None = None,
    on_link: Callable[[str], None] | None = None,
) -> AnalysisReport:
    """Analyse documents and store entities and claims, then recompute links and clusters.

    ``doc_ids=None`` means every document. A document already analysed by the same engine
    and version is skipped unless ``force``. ``engine=None`` uses spaCy when it loads, else
    the rules engine. ``on_progress(done, total)`` is called after each batch, and
    ``on_link(mode)`` before linking across documents ("incremental" or "full", see
    :func:`links.link_mode`).

    ``processes``: worker processes for the analysis; None picks one per core when there is
    enough text (:data:`BULK_MIN_WORDS`) to pay for starting them, else 1 (no pool). The
    parent writes each document in its own transaction, so an interrupt (Ctrl-C) keeps the
    documents already written and none half-written.

    ``pool``: an open pool to analyse in (the reader's :meth:`AnalysisPool.apart`, kept for
    a whole job); its workers' engine is used and ``engine`` and ``processes`` are ignored.
    """
    began = time.perf_counter()
    fallback = None
    eng: Engine | EngineIdentity
    if pool is not None:
        eng = pool.identity()
        fallback = eng.fallback_reason
    else:
        eng = get_engine(engine)
        if engine is None and eng.name == "rules":
            fallback = spacy_error()
    cols = "id, engine, engine_version, words"
    if doc_ids is None:
        rows = store.rows(f"SELECT {cols} FROM documents ORDER BY id")
    else:
        marks = ",".join("?" * len(doc_ids))
        rows = (
            store.rows(
                f"SELECT {cols} FROM documents WHERE id IN ({marks}) ORDER BY id", list(doc_ids)
            )
            if doc_ids
            else []
        )
    todo_rows = [
        r
        for r in rows
        if force or not (r["engine"] == eng.name and r["engine_version"] == eng.version)
    ]
    todo = [r["id"] for r in todo_rows]
    total = len(todo)
    method = start_method_for_now()
    if pool is not None:
        processes = pool.processes
    elif processes is None:
        words = sum(r["words"] or 0 for r in todo_rows)
        enough = BULK_MIN_WORDS[method].get(eng.name, 60_000)
        processes = cpu_count() if words >= enough else 1
    if pool is None and method == "spawn" and not can_spawn():
        processes = 1
    processes = max(1, min(processes, math.ceil(total / BATCH)))
    n_ents = n_claims = 0
    done = 0
    # (document ids, their dates, chunk size) of the chunks handed out and not yet saved.
    pending: deque[tuple[list[int], list[Any], int]] = deque()

    def chunks() -> Iterator[list[Job]]:
        for i in range(0, total, BATCH):
            chunk = todo[i : i + BATCH]
            batch = read_batch(store, chunk)
            pending.append((batch.ids, batch.dates, len(chunk)))
            yield batch.jobs

    def save(results: list[Analysis]) -> None:
        nonlocal n_ents, n_claims, done
        ids, dates, size = pending.popleft()
        for doc_id, published, result in zip(ids, dates, results, strict=True):
            resolve_dates(result.entities, published)
            _save(store, doc_id, eng, result)
            n_ents += len(result.entities)
            n_claims += len(result.claims)
        done += size
        if on_progress:
            on_progress(done, total)

    if on_progress:
        on_progress(0, total)
    if pool is not None:
        for results in pool.imap(chunks()):
            save(results)
    elif processes > 1:
        assert not isinstance(eng, EngineIdentity)
        with AnalysisPool(eng, processes, method) as bulk:
            for results in bulk.imap(chunks()):
                save(results)
    else:
        assert not isinstance(eng, EngineIdentity)
        for jobs in chunks():
            save(analyze_chunk(jobs, eng))
    if on_link and (total or links_stale(store)):
        on_link(link_mode(store))
    clusters = link_after(store, total, pool)
    return AnalysisReport(
        eng.name,
        eng.version,
        total,
        len(rows) - total,
        n_ents,
        n_claims,
        clusters,
        round(time.perf_counter() - began, 3),
        fallback,
        processes,
    )


def link_in(store: Store, pool: AnalysisPool | None = None) -> int:
    """Link across documents, in ``pool``'s worker when there is one (the reader's way:
    linking holds every claim's features, which would stay in the reader's memory) and the
    store is a file; else here."""
    if pool is not None and store.path != ":memory:":
        return pool.link(store.path)
    return link_store(store)


_OUTDATED = (
    "FROM documents WHERE engine IS NOT NULL AND engine_version != ? AND engine_version NOT LIKE ?"
)


def outdated_documents(store: Store) -> int:
    """How many documents an older version of gloss's analysis analysed (their entities and
    claims may differ from what this version finds; `gloss analyze --all` redoes them)."""
    current = f"gloss{ANALYSIS_VERSION}"
    return int(store.scalar(f"SELECT count(*) {_OUTDATED}", (current, f"%/{current}")) or 0)


def outdated_ids(store: Store) -> list[int]:
    """The ids of the documents :func:`outdated_documents` counts, oldest first."""
    current = f"gloss{ANALYSIS_VERSION}"
    rows = store.rows(f"SELECT id {_OUTDATED} ORDER BY id", (current, f"%/{current}"))
    return [int(row["id"]) for row in rows]
