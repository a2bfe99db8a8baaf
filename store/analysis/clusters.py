"""Claim clusters: the same statement reported by several documents, and word diffs of
its variants."""

from __future__ import annotations

import difflib
import math
import re
import sqlite3
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from typing import Any

from gloss.store.analysis.similarity import (
    _STOP,
    features,
    relative_head,
    same_statement,
    speaker_group,
)

__all__ = ["apply_clusters", "plan_clusters", "recompute_clusters", "word_diff"]

_WORD = re.compile(r"\S+")
# Bump when cross-document linking (clusters, corpus-wide names, stories) changes: a store
# whose links are older is relinked by the next `gloss analyze`, even with nothing to analyse.
LINKS_VERSION = "1"


def recompute_clusters(conn: sqlite3.Connection) -> int:
    """Cluster every claim in the store; returns the number of multi-document clusters."""
    return apply_clusters(conn, plan_clusters(conn))


def apply_clusters(conn: sqlite3.Connection, groups: list[list[int]]) -> int:
    """Store clusters from :func:`plan_clusters` (claim ids; each cluster is named after its
    smallest id), clearing every other claim's; returns the number of clusters. Ids of claims
    deleted since the plan are skipped."""
    conn.execute("UPDATE claims SET cluster = NULL WHERE cluster IS NOT NULL")
    for members in groups:
        cid = f"k{min(members)}"
        conn.executemany("UPDATE claims SET cluster = ? WHERE id = ?", [(cid, i) for i in members])
    return len(groups)


def plan_clusters(conn: sqlite3.Connection) -> list[list[int]]:
    """The claim ids of each cluster of claims from two or more documents (reads only, so
    it can run on a snapshot while the store stays free for others)."""
    # The texts are sliced here, one document at a time: substr() in SQL reads a document's
    # UTF-8 text from its start for every claim, quadratic in a long document.
    cur = conn.execute(
        "SELECT c.id, c.document_id, c.start, c.end, c.speaker, c.content_start, "
        "c.content_end, c.kind, c.speaker_start, c.speaker_end, "
        "EXISTS (SELECT 1 FROM entities e WHERE e.canonical = c.speaker AND e.label = 'PERSON') "
        "AS speaker_is_person "
        "FROM claims c JOIN documents d ON d.id = c.document_id "
        "ORDER BY c.document_id, c.start, c.id"
    )
    names = [d[0] for d in cur.description]
    claims = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    _add_texts(conn, claims)
    parent = list(range(len(claims)))
    ents: dict[int, _Spans] = defaultdict(_Spans)
    people: dict[int, _Spans] = defaultdict(_Spans)
    others: dict[int, _Spans] = defaultdict(_Spans)
    dates: dict[int, _Spans] = defaultdict(_Spans)
    for doc_id, s, e, label, canonical in conn.execute(
        "SELECT document_id, start, end, label, canonical FROM entities ORDER BY document_id, start"
    ):
        if label in _NAMES:
            ents[doc_id].add(s, e, canonical)
            if label == "PERSON":
                people[doc_id].add(s, e, canonical)
        else:
            others[doc_id].add(s, e, None)
            if label == "DATE" and canonical:
                dates[doc_id].add(s, e, canonical)
    affiliations = person_affiliations(conn)
    feats = []
    for c in claims:
        doc = c["document_id"]
        # Each claim reads only the entities around it (a long document has thousands).
        lo, hi = c["content_start"], c["content_start"] + len(c["content"] or "")
        feats.append(
            features(
                c["content"] or "",
                ents[doc].near(lo, hi),
                c["content_start"],
                c["speaker"],
                bool(c["speaker_is_person"]),
                people=people[doc].near(lo, hi),
                others=[(s, e) for s, e, _x in others[doc].near(lo, hi)],
                dates=[
                    d
                    for s, e, d in dates[doc].near(c["start"], c["end"])
                    if c["start"] <= s and e <= c["end"]
                ],
                affiliations=affiliations.get(c["speaker"] or "", frozenset()),
                kind=c["kind"],
                subject=relative_head(c["lead"], c["speaker_text"], c["gap"], c["content"] or "")
                if c["lead"] is not None
                else None,
            )
        )
    df: Counter[str] = Counter(x for f in feats for x in f.concepts)
    n = max(1, len(claims))
    idf = {x: math.log((n + 1) / (k + 0.5)) for x, k in df.items()}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    usable = [len(f.normed) >= 25 for f in feats]
    for i, j in _candidate_pairs([f.concepts for f in feats], usable, [f.normed for f in feats]):
        if claims[j]["document_id"] == claims[i]["document_id"]:
            continue
        if same_statement(feats[i], feats[j], idf):
            parent[find(j)] = find(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(claims)):
        groups[find(i)].append(i)
    return [
        [claims[i]["id"] for i in members]
        for members in groups.values()
        if len({claims[i]["document_id"] for i in members}) >= 2
    ]


def _substr(text: str, start: int | None, length: int | None) -> str | None:
    """SQLite's ``substr(text, start + 1, length)`` on a Python string (None for NULL; a
    negative length takes the characters before ``start``)."""
    if start is None or length is None:
        return None
    if length < 0:
        return text[max(0, start + length) : start]
    return text[start : start + length]


def _add_texts(conn: sqlite3.Connection, claims: list[dict[str, Any]]) -> None:
    """Each claim's content, its sentence's lead before the speaker and the gap between
    speaker and content (when the speaker comes first), and the speaker's text; claims come
    grouped by document, whose text is read once."""
    doc_id, text = None, ""
    for c in claims:
        if c["document_id"] != doc_id:
            doc_id = c["document_id"]
            row = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            text = row[0] or ""
        start, cs, ce = c["start"], c["content_start"], c["content_end"]
        ss, se = c["speaker_start"], c["speaker_end"]
        c["content"] = _substr(text, cs, ce - cs)
        speaker_first = ss is not None and se is not None and ss >= start and se <= cs
        c["lead"] = _substr(text, start, ss - start) if speaker_first else None
        c["gap"] = _substr(text, se, cs - se) if speaker_first else None
        known = ss is not None and se is not None
        c["speaker_text"] = _substr(text, ss, se - ss) if known else None


class _Spans:
    """One document's entity spans (start, end, value) in start order, with the ones near a
    region found by bisection instead of a scan of the whole document."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int, Any]] = []
        self.starts: list[int] = []
        self.longest = 0

    def add(self, start: int, end: int, value: Any) -> None:
        """Append a span (spans arrive in start order)."""
        self.spans.append((start, end, value))
        self.starts.append(start)
        self.longest = max(self.longest, end - start)

    def near(self, lo: int, hi: int) -> list[tuple[int, int, Any]]:
        """The spans that may overlap [lo, hi], in start order: every span overlapping it
        or inside it, and perhaps a few that end right before it."""
        a = bisect_left(self.starts, lo - self.longest)
        return self.spans[a : bisect_right(self.starts, hi)]


_NAMES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"})
_BOUNDARY = re.compile(r"[.,;:!?“”\"()\[\]\n–—]")


def person_affiliations(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    """The groups each person speaker is introduced with: an organisation, place or
    nationality in the run of modifiers right before the speaker's name in an attribution
    ("White House spokesman John Kirby said", "Russian President Vladimir Putin told"). The
    name is the subject of the cue there, so the run is a noun phrase's modifiers, not a verb
    phrase ("Deutsche Bank sued Yukos"); a run holds at most six words and no function words
    ("In Moscow, Kirby said", "talks with BBC's John Smith")."""
    out: dict[str, set[str]] = defaultdict(set)
    rows = conn.execute(
        "SELECT c.document_id, c.start, c.speaker_start, c.speaker "
        "FROM claims c WHERE c.speaker_start IS NOT NULL AND c.speaker_start >= c.start "
        "AND EXISTS (SELECT 1 FROM entities e WHERE e.canonical = c.speaker "
        "AND e.label = 'PERSON') ORDER BY c.document_id"
    ).fetchall()
    doc_id = None
    text = ""
    ents: list[tuple[int, int, str, str]] = []
    starts: list[int] = []
    for doc, sent_start, s, speaker in rows:
        if doc != doc_id:
            doc_id = doc
            text = conn.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()[0]
            ents = conn.execute(
                "SELECT start, end, label, canonical FROM entities WHERE document_id = ? "
                "ORDER BY start",
                (doc,),
            ).fetchall()
            starts = [x[0] for x in ents]
        window = text[sent_start:s]
        run_start = sent_start + max((m.end() for m in _BOUNDARY.finditer(window)), default=0)
        near = ents[bisect_left(starts, run_start) : bisect_right(starts, s)]
        inside = [x for x in near if x[1] <= s]
        if not inside or any(x[2] == "PERSON" for x in inside):
            continue
        masked = list(text[run_start:s])
        for a, b, _l, _c in inside:
            masked[a - run_start : b - run_start] = [" "] * (b - a)
        words = re.findall(r"[A-Za-z][\w'’-]*", "".join(masked))
        if len(words) > 6 or any(w.lower() in _STOP for w in words):
            continue
        for _a, _b, label, name in inside:
            if label in ("ORG", "GPE", "NORP"):
                out[speaker].add(speaker_group(name) or name)
    return {k: frozenset(v) for k, v in out.items()}


def _candidate_pairs(
    sets: list[set[str]], usable: list[bool], texts: list[str] | None = None
) -> list[tuple[int, int]]:
    """Pairs sharing at least two concepts that are not in most claims (blocking, so a large
    corpus is not compared pair by pair), and pairs with the same normalised text: a
    reprinted sentence whose words all grew common is still a candidate."""
    limit = 60
    shared: Counter[tuple[int, int]] = Counter()
    for ids in _postings(sets, usable).values():
        if len(ids) < 2 or len(ids) > limit:
            continue
        for a_i, a in enumerate(ids):
            for b in ids[a_i + 1 :]:
                shared[(a, b)] += 1
    pairs = {pair for pair, n in shared.items() if n >= 2}
    for ids in _postings([{t} for t in texts or []], usable).values():
        if 2 <= len(ids) <= limit:
            pairs.update((a, b) for a_i, a in enumerate(ids) for b in ids[a_i + 1 :])
    return sorted(pairs)


def _postings(sets: list[set[Any]], usable: list[bool]) -> dict[Any, list[int]]:
    postings: dict[Any, list[int]] = defaultdict(list)
    for i, keys in enumerate(sets):
        if usable[i]:
            for k in keys:
                postings[k].append(i)
    return postings


def word_diff(base: str, other: str) -> list[dict[str, str]]:
    """Word-level diff of ``other`` against ``base``: ops equal/replace/delete/insert."""
    a = _WORD.findall(base)
    b = _WORD.findall(other)
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        ops.append({"op": tag, "a": " ".join(a[i1:i2]), "b": " ".join(b[j1:j2])})
    return ops
