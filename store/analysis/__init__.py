"""Analysis: entities, claims with speakers, and the same claim across sources.

Public API (the CLI and the importer call these):

- :func:`analyze_documents` analyses documents with an engine and stores the results;
- :func:`default_engine_name` is "spacy" when spaCy and its model load, else "rules";
- :func:`list_entities`, :func:`list_clusters`, :func:`list_stories`,
  :func:`document_entities`, :func:`document_claims` read what is stored;
- :func:`link_store` links across documents (names, clusters, stories); :func:`links_stale`
  says when a newer gloss should relink.

Reading never imports spaCy; only running the spaCy engine does.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import time
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from gloss.store.analysis.base import (
    ANALYSIS_VERSION,
    Analysis,
    Claim,
    Engine,
    Entity,
    Parsed,
    Token,
)
from gloss.store.analysis.claims import extract_claims, hedges_in
from gloss.store.analysis.clusters import (
    LINKS_VERSION,
    apply_clusters,
    plan_clusters,
    relink_corpus,
    similarity,
    word_diff,
)
from gloss.store.analysis.dates import normalize_date, parse_reference, resolve_dates
from gloss.store.analysis.entities import NAME_LABELS, capital_metonyms, fix_entities, link_document
from gloss.store.analysis.lexicon import CUE_VERBS
from gloss.store.analysis.pool import AnalysisPool, Job, can_spawn, cpu_count, start_method_for_now
from gloss.store.analysis.reported import cue_hits
from gloss.store.analysis.rules_engine import RulesEngine
from gloss.store.analysis.score import score
from gloss.store.analysis.story_table import read_stories, save_stories
from gloss.store.db import Store
from gloss.store.document_detail import document_claims, document_entities
from gloss.store.errors import GlossError

__all__ = [
    "ANALYSIS_VERSION",
    "AnalysisReport",
    "analyze_chunk",
    "analyze_documents",
    "analyze_text",
    "analyze_texts",
    "default_engine_name",
    "document_claims",
    "document_entities",
    "get_engine",
    "link_store",
    "links_stale",
    "outdated_documents",
    "list_claims",
    "list_clusters",
    "list_entities",
    "list_stories",
]

ENGINE_NAMES = ("spacy", "rules")
# Unattributed sentences scoring at least this are stored as assertions.
ASSERTION_THRESHOLD = 0.5
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
_FACT_LABELS = NAME_LABELS | {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}

_engines: dict[str, Engine] = {}
_spacy_error: str | None = None


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


def _load_spacy() -> Engine:
    global _spacy_error
    if "spacy" not in _engines:
        from gloss.store.analysis.spacy_engine import SpacyEngine

        try:
            _engines["spacy"] = SpacyEngine()
        except GlossError as exc:
            _spacy_error = str(exc)
            raise
        except Exception as exc:  # a broken install: report it as one line
            _spacy_error = f"spaCy could not load its model ({type(exc).__name__}: {exc})"
            raise GlossError(_spacy_error) from None
    return _engines["spacy"]


def get_engine(name: str | None = None) -> Engine:
    """The engine called ``name``; None picks spaCy, falling back to rules if it can't load."""
    if name not in (None, *ENGINE_NAMES):
        raise GlossError(f"unknown analysis engine {name!r} (use spacy or rules)")
    if name in (None, "spacy"):
        try:
            return _load_spacy()
        except GlossError:
            if name == "spacy":
                raise
    if "rules" not in _engines:
        _engines["rules"] = RulesEngine()
    return _engines["rules"]


def default_engine_name() -> str:
    """ "spacy" when spaCy and en_core_web_sm can be imported, else "rules" (no model load)."""
    import importlib.util

    if importlib.util.find_spec("spacy") is None:
        return "rules"
    from gloss.store.analysis.spacy_engine import MODEL_NAMES

    if any(importlib.util.find_spec(n) is not None for n in MODEL_NAMES):
        return "spacy"
    return "rules"


def _entities(text: str, parsed: Parsed) -> list[Entity]:
    ents = fix_entities(text, parsed.entities)
    link_document(ents)
    capital_metonyms(text, ents)
    return ents


def build_analysis(
    text: str,
    parsed: Parsed,
    ents: list[Entity] | None = None,
    claims: list[Claim] | None = None,
) -> Analysis:
    """Entities, claims, scores and hedges for one document from an engine's output
    (``claims``: the attributed claims, when already extracted)."""
    if ents is None:
        ents = _entities(text, parsed)
    if claims is None:
        claims = extract_claims(text, parsed.sentences, ents, parsed.parses, parsed.parser)
    covered = bytearray(len(text) + 1)
    for c in claims:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    fact_starts = sorted(x.start for x in ents if x.label in _FACT_LABELS)
    claims.extend(_main_clause_assertions(text, claims, fact_starts))
    for s, e in parsed.sentences:
        if any(covered[s:e]):
            continue
        sentence = text[s:e]
        if len(sentence.split()) < 6 or sentence.lstrip().startswith(("(", "By ", "Powered by")):
            continue
        i = bisect_left(fact_starts, s)
        if i >= len(fact_starts) or fact_starts[i] >= e:
            continue
        value = score(sentence)
        if value >= ASSERTION_THRESHOLD:
            cs, ce = s, e
            while ce > cs and text[ce - 1] in ".!? ":
                ce -= 1
            claims.append(Claim(s, e, "assertion", cs, ce, score=value))
    for c in claims:
        content = text[c.content_start : c.content_end]
        if c.kind != "assertion":
            c.score = score(content)
        c.hedges = hedges_in(text[c.start : c.end] if c.kind == "assertion" else content)
    claims.sort(key=lambda c: (c.start, c.content_start))
    return Analysis(ents, claims)


# The attribution sits in a relative or subordinate clause hanging off a main clause: "Kim and
# Putin met in September, but which US officials said ...", "... met for a summit at which they
# discussed ...": a closed-class connector, then the embedded subject (one to four words, no
# punctuation) right before the first cue.
_SUBORDINATE_TAIL_RE = re.compile(
    r"[\s,;:–—-]*(?:\b(?:at|in|on|for|from|during|by|with|of|after|before)\s+)?"
    r"(?:\b(?:but|and|yet)\s+)?\b(?:which|who|whom|whose|where|when|while|whereas|although|though)"
    r"(?:\s+[\w.'’-]+){1,4}\s*$",
    re.IGNORECASE,
)


def _main_clause_assertions(text: str, claims: list[Claim], fact_starts: list[int]) -> list[Claim]:
    """Assertions for the main clause of sentences whose attribution is subordinate.

    "Kim and Putin held a meeting in September, but which US officials said was focused on
    arms deals" asserts the meeting (unattributed) and reports the officials' claim; the
    reported claim alone would hide the assertion other outlets also make. "Straw, who
    visited Paris, said" is no such sentence: punctuation between the connector and the cue
    means the speaker before the connector is the main clause's subject.
    """
    by_sentence: dict[int, list[Claim]] = {}
    for c in claims:
        if c.kind != "assertion":
            by_sentence.setdefault(c.start, []).append(c)
    out = []
    for start, group in by_sentence.items():
        first = min(c.content_start if c.cue_start is None else c.cue_start for c in group)
        tail = _SUBORDINATE_TAIL_RE.search(text, start, first)
        if tail is None or tail.start() <= start:
            continue
        cs, ce = start, tail.start()
        while ce > cs and text[ce - 1] in " ,;:":
            ce -= 1
        content = text[cs:ce]
        if len(content.split()) < 6 or cue_hits(text, cs, ce, CUE_VERBS):
            continue  # too short, or itself a reporting frame ("Hodgson told BBC Sport that")
        i = bisect_left(fact_starts, cs)
        if i >= len(fact_starts) or fact_starts[i] >= ce:
            continue
        # Scored on the whole sentence, as other assertions are.
        end = max(c.end for c in group)
        value = score(text[start:end])
        if value >= ASSERTION_THRESHOLD:
            out.append(Claim(start, end, "assertion", cs, ce, score=value))
    return out


def analyze_text(text: str, engine: str | Engine | None = None) -> Analysis:
    """Analyse one text without storing it (for evaluation and tests)."""
    eng = engine if not isinstance(engine, str | None) else get_engine(engine)
    parsed = next(iter(eng.parse([text])))
    return build_analysis(text, parsed)


def analyze_texts(texts: Sequence[str], engine: str | Engine | None = None) -> list[Analysis]:
    """Analyse several texts in one batch without storing them.

    With an engine that parses in batches (spaCy), a first pass over the claim patterns
    finds the sentences that need a parse, so they are parsed together with ``nlp.pipe``.
    """
    eng = engine if not isinstance(engine, str | None) else get_engine(engine)
    parsed = list(eng.parse(texts))
    ents = [_entities(t, p) for t, p in zip(texts, parsed, strict=True)]
    parse_many = getattr(eng, "parse_many", None)
    # Claims of a document whose first pass needed no parse are final as they are.
    done: list[list[Claim] | None] = [None] * len(texts)
    if parse_many is not None:
        wanted: list[tuple[Parsed, int, int]] = []
        for k, (text, p, e) in enumerate(zip(texts, parsed, ents, strict=True)):
            if p.parser is None:
                continue
            before = len(wanted)

            def record(start: int, end: int, p: Parsed = p) -> list[Token]:
                wanted.append((p, start, end))
                return []

            first = extract_claims(text, p.sentences, e, {}, record)
            if len(wanted) == before:
                done[k] = first
        if wanted:
            parse_many(wanted)
    return [
        build_analysis(t, p, e, c) for t, p, e, c in zip(texts, parsed, ents, done, strict=True)
    ]


def clip_boilerplate(claims: list[Claim], text: str, spans: list[list[int]]) -> None:
    """Move a claim's start past a boilerplate span it begins in (a metadata prefix such as
    "date 2023-10-13" on a title line is not part of what was claimed).

    Claims wholly inside boilerplate (captions) are kept as they are.
    """
    for claim in claims:
        for span_start, span_end in spans:
            for field in ("start", "content_start"):
                at = getattr(claim, field)
                if span_start <= at < span_end < claim.end:
                    after = span_end
                    while after < claim.end and text[after].isspace():
                        after += 1
                    setattr(claim, field, after)
        claim.content_start = max(claim.content_start, claim.start)


def analyze_chunk(jobs: Sequence[Job], engine: Engine) -> list[Analysis]:
    """Analyse a chunk of (text, boilerplate spans) jobs as stored: the unit of work in the
    parent (single process) and in each worker of a pool alike."""
    results = analyze_texts([text for text, _ in jobs], engine)
    for (text, spans), result in zip(jobs, results, strict=True):
        clip_boilerplate(result.claims, text, spans)
    return results


def _save(store: Store, doc_id: int, eng: Engine, result: Analysis) -> None:
    with store.write() as conn:
        conn.execute("DELETE FROM entities WHERE document_id = ?", (doc_id,))
        conn.execute("DELETE FROM claims WHERE document_id = ?", (doc_id,))
        conn.executemany(
            "INSERT INTO entities (document_id, start, end, label, text, canonical) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (doc_id, e.start, e.end, e.label, e.text, e.canonical or e.text)
                for e in result.entities
            ],
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


def analyze_documents(
    store: Store,
    doc_ids: list[int] | None = None,
    *,
    engine: str | None = None,
    force: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    processes: int | None = None,
) -> AnalysisReport:
    """Analyse documents and store entities and claims, then recompute links and clusters.

    ``doc_ids=None`` means every document. A document already analysed by the same engine
    and version is skipped unless ``force``. ``engine=None`` uses spaCy when it loads, else
    the rules engine. ``on_progress(done, total)`` is called after each batch.

    ``processes``: worker processes for the analysis; None picks one per core when there is
    enough text (:data:`BULK_MIN_WORDS`) to pay for starting them, else 1 (no pool). The
    parent writes each document in its own transaction, so an interrupt (Ctrl-C) keeps the
    documents already written and none half-written.
    """
    began = time.perf_counter()
    fallback = None
    eng = get_engine(engine)
    if engine is None and eng.name == "rules":
        fallback = _spacy_error
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
    if processes is None:
        words = sum(r["words"] or 0 for r in todo_rows)
        enough = BULK_MIN_WORDS[method].get(eng.name, 60_000)
        processes = cpu_count() if words >= enough else 1
    if method == "spawn" and not can_spawn():
        processes = 1
    processes = max(1, min(processes, math.ceil(total / BATCH)))
    n_ents = n_claims = 0
    done = 0
    # (document ids, their dates, chunk size) of the chunks handed out and not yet saved.
    pending: deque[tuple[list[int], list[Any], int]] = deque()

    def chunks() -> Iterator[list[Job]]:
        for i in range(0, total, BATCH):
            chunk = todo[i : i + BATCH]
            marks = ",".join("?" * len(chunk))
            found = {
                r["id"]: r
                for r in store.rows(
                    f"SELECT id, text, boilerplate, published FROM documents WHERE id IN ({marks})",
                    chunk,
                )
            }
            ids = [d for d in chunk if d in found]
            dates = [parse_reference(found[d]["published"]) for d in ids]
            pending.append((ids, dates, len(chunk)))
            yield [(found[d]["text"], json.loads(found[d]["boilerplate"] or "[]")) for d in ids]

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
    if processes > 1:
        with AnalysisPool(eng, processes, method) as pool:
            for results in pool.imap(chunks()):
                save(results)
    else:
        for jobs in chunks():
            save(analyze_chunk(jobs, eng))
    clusters = 0
    if total or links_stale(store):
        clusters = link_store(store)
    else:
        clusters = int(
            store.scalar("SELECT count(DISTINCT cluster) FROM claims WHERE cluster IS NOT NULL")
            or 0
        )
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


def link_store(store: Store) -> int:
    """Everything across documents: corpus-wide canonical names, claim clusters, dates of
    undated documents and stories, then :data:`LINKS_VERSION`; returns the number of
    multi-document clusters. Three transactions, so readers (a reader screen loading a
    document) wait for short writes only: names are relinked, clusters are planned on a
    read-only snapshot (the long part: seconds on thousands of documents), then stored with
    the dates and stories. The links version is recorded last, so an interrupted link is
    done again."""
    with store.write() as conn:
        relink_corpus(conn)
    with store.snapshot() as conn:
        groups = plan_clusters(conn)
    with store.write() as conn:
        clusters = apply_clusters(conn, groups)
        date_undated(conn)
        save_stories(conn)
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


def outdated_documents(store: Store) -> int:
    """How many documents an older version of gloss's analysis analysed (their entities and
    claims may differ from what this version finds; `gloss analyze --all` redoes them)."""
    current = f"gloss{ANALYSIS_VERSION}"
    return int(
        store.scalar(
            "SELECT count(*) FROM documents WHERE engine IS NOT NULL "
            "AND engine_version != ? AND engine_version NOT LIKE ?",
            (current, f"%/{current}"),
        )
        or 0
    )


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
