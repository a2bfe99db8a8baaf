"""Realistic benchmark stores, built once from BBC News sentences and cached outside the repo.

A store of N documents: each document is 12-36 sentences sampled from ../shared/data/bbc-news
(paragraphs of 2-4 sentences) under a BBC headline, with an outlet and a date. Densities are
those of an analysed news store: the capitalised names of each sentence are entities (about
30 a document, canonical names as written), sentences with a speech verb are claims with their
speaker and cue (a fifth of them in cross-document clusters), a third of the documents belong
to a story, a fifth were read, and a few percent carry tags and notes and review verdicts.
Every document is marked analysed by this gloss, so the reader starts no background job.

Stores are kept in the cache folder (``GLOSS_BENCH_CACHE``, else the user cache dir
``gloss-bench``), named by size and the builder's, schema's, analysis's and links' versions,
so a change of builder rebuilds them; a store of an older schema, analysis or links version
is copied and upgraded (the schema migrated as a user's would be, the versions restamped).
Measurements that write work on a copy.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from gloss.store import Store, open_store
from gloss.store.analysis.base import ANALYSIS_VERSION
from gloss.store.analysis.clusters import LINKS_VERSION
from gloss.store.migrations import SCHEMA_VERSION

REPO = Path(__file__).resolve().parents[2]
BBC = REPO.parent / "shared" / "data" / "bbc-news"
BUILDER_VERSION = "2"  # bump when the generated content changes

OUTLETS = ("BBC News", "Reuters", "The Guardian", "AP", "The Times", "Sky News", "FT", None)
TAGS = (
    "check", "context", "needs source", "follow up", "disputed", "budget", "election",
    "quote, unverified", "🔥 hot", "economy", "health", "sport", "tech", "europe", "nhs",
    "tax", "polls", "markets", "music", "film",
)  # fmt: skip
NOTES = (
    "Check the figure against the ONS release.",
    "Same quote as the Reuters piece; who said it first?",
    "Context: the *previous* budget said otherwise.",
    "",
)
SPEECH = re.compile(r"\b(said|says|told|added|warned|claimed|argued|insisted)\b")
NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3}")
SENTENCE_END = re.compile(r'(?:(?<=[.!?])|(?<=[.!?]["”]))\s+(?=["“A-Z])')
MONTHS = set(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)
STOP = set("The A An But And In On At It He She They We I This That Mr Ms Mrs If As".split())


class DataMissing(Exception):
    """The BBC corpus is not there (a user's clone without ../shared/data)."""


@dataclass(frozen=True)
class Sentence:
    """One corpus sentence with its name spans and, for reported speech, its cue."""

    text: str
    names: tuple[tuple[int, int, str], ...]  # start, end, label
    cue: tuple[int, int] | None


def cache_dir() -> Path:
    """Where built stores are kept (never inside the repository)."""
    path = Path(os.environ.get("GLOSS_BENCH_CACHE") or platformdirs.user_cache_dir("gloss-bench"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _label(name: str) -> str:
    if name in MONTHS:
        return "DATE"
    words = name.split()
    if len(words) == 2:
        return "PERSON"
    return "ORG" if len(words) > 2 else "GPE"


def _sentence(text: str) -> Sentence:
    names = []
    for m in NAME.finditer(text):
        word = m.group(0)
        if word in STOP or (m.start() == 0 and " " not in word):
            continue
        names.append((m.start(), m.end(), _label(word)))
    cue = SPEECH.search(text)
    return Sentence(text, tuple(names), (cue.start(), cue.end()) if cue else None)


def load_corpus(folder: Path = BBC) -> tuple[list[str], list[Sentence]]:
    """The BBC headlines and sentences (DataMissing when the corpus is absent)."""
    files = sorted(folder.rglob("*.txt")) if folder.is_dir() else []
    if not files:
        raise DataMissing(f"{folder}: not found (the benchmark needs ../shared/data/bbc-news)")
    titles: list[str] = []
    sentences: list[Sentence] = []
    for path in files:
        lines = path.read_text(encoding="utf-8", errors="replace").strip().split("\n")
        titles.append(lines[0].strip())
        for para in lines[1:]:
            for text in SENTENCE_END.split(para.strip()):
                if 20 <= len(text) <= 400:
                    sentences.append(_sentence(text))
    return titles, sentences


def store_path(docs: int) -> Path:
    """The cached store of `docs` documents (it may not exist yet)."""
    # The analysis and links versions too: a store stamped by an older one would make the
    # reader relink or report outdated documents at start, which the rows do not measure.
    name = f"bench-{docs}-b{BUILDER_VERSION}-s{SCHEMA_VERSION}-a{ANALYSIS_VERSION}-l{LINKS_VERSION}"
    return cache_dir() / f"{name}.db"


def bench_store(docs: int, log=print) -> Path:  # type: ignore[no-untyped-def]
    """The path of a built store of `docs` documents, building it when not cached."""
    path = store_path(docs)
    if path.exists():
        return path
    if _migrate_older(docs, path, log):
        return path
    titles, sentences = load_corpus()
    log(f"building a {docs:,}-document store in {path} (once; later runs reuse it)")
    started = time.perf_counter()
    partial = path.with_suffix(".building")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    store = open_store(partial)
    try:
        _fill(store, docs, titles, sentences)
    finally:
        store.close()
    os.replace(partial, path)
    log(f"built in {time.perf_counter() - started:.1f} s")
    return path


def _migrate_older(docs: int, path: Path, log=print) -> bool:  # type: ignore[no-untyped-def]
    """Bring a copy of a cached store of the same builder but an older schema, analysis or
    links version up to this gloss rather than building it again (the 100k store takes ~7
    minutes to build, a copy seconds): the schema is migrated as a user's store is, and the
    analysis and links versions are stamps only (the builder runs neither), so they are
    rewritten. The older store stays for a checkout of the older gloss. False when there is
    none."""
    pattern = re.compile(rf"bench-{docs}-b{BUILDER_VERSION}-s(\d+)-a(\w+)-l(\w+)\.db")
    older = []
    for found in cache_dir().glob(f"bench-{docs}-*.db"):
        matched = pattern.fullmatch(found.name)
        if matched and int(matched.group(1)) <= SCHEMA_VERSION and found != path:
            older.append((int(matched.group(1)), found.stat().st_mtime, found, matched))
    if not older:
        return False
    *_, source, matched = max(older)
    log(f"upgrading a copy of the cached store {source.name} to {path.name}")
    started = time.perf_counter()
    partial = path.with_suffix(".migrating")
    shutil.copyfile(source, partial)
    try:
        store = open_store(partial)
        with store.write() as conn:
            if matched.group(2) != ANALYSIS_VERSION:
                conn.execute(
                    "UPDATE documents SET engine_version = ? WHERE engine_version = ?",
                    (f"gloss{ANALYSIS_VERSION}", f"gloss{matched.group(2)}"),
                )
            conn.execute("UPDATE meta SET value = ? WHERE key = 'links_version'", (LINKS_VERSION,))
        with store.lock:
            store.conn.execute("ANALYZE")
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
    finally:
        for backup in cache_dir().glob(f"{partial.name}.bak-v*"):
            backup.unlink()  # the migration's safety copy: the source is still there
    os.replace(partial, path)
    log(f"upgraded in {time.perf_counter() - started:.1f} s")
    return True


def working_copy(path: Path, folder: Path) -> Store:
    """A copy of a cached store in `folder`, for measurements that write."""
    target = folder / path.name
    shutil.copyfile(path, target)
    return open_store(target)


def _fill(store: Store, docs: int, titles: list[str], sentences: list[Sentence]) -> None:
    rng = random.Random(docs)
    stamp = "2026-01-01T00:00:00Z"
    engine_version = f"gloss{ANALYSIS_VERSION}"
    with store.write() as conn:
        fts_sql = _drop_fts_triggers(conn)
        doc_rows, entity_rows, claim_rows = [], [], []
        for n in range(1, docs + 1):
            parts: list[str] = []
            length = 0
            for _ in range(rng.randint(4, 10)):  # paragraphs
                para_at = length
                para: list[str] = []
                for sent in rng.sample(sentences, rng.randint(2, 4)):
                    at = para_at + sum(len(s) + 1 for s in para)
                    para.append(sent.text)
                    for start, end, label in sent.names:
                        name = sent.text[start:end]
                        entity_rows.append((n, at + start, at + end, label, name, name))
                    if sent.cue is not None:
                        speaker = next((s for s in sent.names if s[2] == "PERSON"), None)
                        claim_rows.append(
                            (
                                n,
                                at,
                                at + len(sent.text),
                                "reported" if '"' not in sent.text else "quote",
                                sent.text[speaker[0] : speaker[1]] if speaker else None,
                                at + speaker[0] if speaker else None,
                                at + speaker[1] if speaker else None,
                                sent.text[sent.cue[0] : sent.cue[1]],
                                at + sent.cue[0],
                                at + sent.cue[1],
                                at + sent.cue[1] + 1,
                                at + len(sent.text),
                                round(rng.random(), 3),
                                f"c{rng.randrange(docs // 5 + 1)}" if rng.random() < 0.2 else None,
                            )
                        )
                text = " ".join(para)
                parts.append(text)
                length += len(text) + 2
            body = "\n\n".join(parts)
            day = f"{2015 + n % 11}-{1 + n % 12:02d}-{1 + (n * 7) % 28:02d}"
            doc_rows.append(
                (
                    n,
                    hashlib.sha256(f"bench {n}".encode()).hexdigest(),
                    f"bench/{n}.txt",
                    rng.choice(titles),
                    rng.choice(OUTLETS),
                    day,
                    body,
                    len(body.split()),
                    stamp,
                    stamp,
                    "rules",
                    engine_version,
                    stamp if rng.random() < 0.2 else None,
                )
            )
            if len(doc_rows) >= 2000:
                _flush(conn, doc_rows, entity_rows, claim_rows)
        _flush(conn, doc_rows, entity_rows, claim_rows)
        _stories(conn, docs, rng)
        _annotations(conn, docs, rng)
        _verdicts(conn, rng)
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('links_version', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (LINKS_VERSION,),
        )
        for sql in fts_sql:
            conn.execute(sql)
        conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
    with store.lock:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("ANALYZE")


def _drop_fts_triggers(conn: sqlite3.Connection) -> list[str]:
    """Drop the documents index's insert trigger for the bulk insert (rebuilt at the end)."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name = 'documents_fts_ai'"
    ).fetchall()
    for name, _ in rows:
        conn.execute(f"DROP TRIGGER {name}")
    return [sql for _, sql in rows]


def _flush(conn: sqlite3.Connection, docs: list, entities: list, claims: list) -> None:  # type: ignore[type-arg]
    conn.executemany(
        "INSERT INTO documents (id, sha256, path, title, outlet, published, text, words, "
        "imported, updated, engine, engine_version, read_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        docs,
    )
    conn.executemany(
        "INSERT INTO entities (document_id, start, end, label, text, canonical) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        entities,
    )
    conn.executemany(
        "INSERT INTO claims (document_id, start, end, kind, speaker, speaker_start, "
        "speaker_end, cue, cue_start, cue_end, content_start, content_end, score, cluster) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        claims,
    )
    docs.clear()
    entities.clear()
    claims.clear()


def _stories(conn: sqlite3.Connection, docs: int, rng: random.Random) -> None:
    """A third of the documents in stories of 2-5 documents."""
    ids = rng.sample(range(1, docs + 1), docs // 3)
    rows = []
    while ids:
        group = [ids.pop() for _ in range(min(len(ids), rng.randint(2, 5)))]
        rows.extend((doc, min(group)) for doc in group)
    conn.executemany("INSERT INTO document_stories (document_id, story) VALUES (?, ?)", rows)


def _annotations(conn: sqlite3.Connection, docs: int, rng: random.Random) -> None:
    """Tags and notes on 4% of the documents (1-3 annotations each)."""
    stamp = "2026-01-02T00:00:00Z"
    conn.executemany("INSERT INTO tags (name) VALUES (?)", [(t,) for t in TAGS])
    tag_ids = [r[0] for r in conn.execute("SELECT id FROM tags")]
    annotations, links = [], []
    for doc in rng.sample(range(1, docs + 1), max(1, docs // 25)):
        text = conn.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()[0]
        for _ in range(rng.randint(1, 3)):
            ann = str(uuid.UUID(int=rng.getrandbits(128)))
            start = rng.randrange(0, max(1, len(text) - 80))
            end = start + rng.randint(5, 80)
            annotations.append(
                (ann, doc, start, end, text[start:end], rng.choice(NOTES), "bench", stamp, stamp)
            )
            links.extend((ann, t) for t in rng.sample(tag_ids, rng.randint(1, 2)))
    conn.executemany(
        "INSERT INTO annotations (id, document_id, start, end, quote, note, author, created, "
        "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        annotations,
    )
    conn.executemany("INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)", links)


def _verdicts(conn: sqlite3.Connection, rng: random.Random) -> None:
    """One review session with verdicts on 2% of the claims."""
    stamp = "2026-01-03T00:00:00Z"
    conn.execute(
        "INSERT INTO review_sessions (name, queue, labels, author, created) "
        "VALUES ('bench', 'claims', '{\"a\": \"accept\", \"x\": \"reject\"}', 'bench', ?)",
        (stamp,),
    )
    claims = [r[0] for r in conn.execute("SELECT id FROM claims")]
    rows = [
        (1, "claim", str(c), rng.choice(("accept", "reject")), "bench", stamp)
        for c in rng.sample(claims, len(claims) // 50)
    ]
    conn.executemany(
        "INSERT INTO verdicts (session_id, item_kind, item_id, verdict, author, created) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
