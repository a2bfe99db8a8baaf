"""Claim clusters: the same statement reported by several documents, and word diffs of
its variants."""

from __future__ import annotations

import difflib
import math
import re
import sqlite3
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from gloss.store.analysis.base import find_quotes
from gloss.store.analysis.similarity import (
    _STOP,
    SHARED_RUN,
    SHORT_QUOTE,
    ClaimFeatures,
    _other_figures,
    compatible_speakers,
    features,
    relative_head,
    same_statement,
    similarity_normed,
    speaker_group,
)

__all__ = ["apply_clusters", "plan_clusters", "recompute_clusters", "word_diff"]

_WORD = re.compile(r"\S+")
# Bump when cross-document linking (clusters, corpus-wide names, stories) changes: a store
# whose links are older is relinked by the next `gloss analyze`, even with nothing to analyse.
LINKS_VERSION = "4"


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
        "AS speaker_is_person, d.outlet "
        "FROM claims c JOIN documents d ON d.id = c.document_id "
        "ORDER BY c.document_id, c.start, c.id"
    )
    names = [d[0] for d in cur.description]
    claims = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    _add_texts(conn, claims)
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
                quoted=_carried_quotes(c),
            )
        )
    df: Counter[str] = Counter(x for f in feats for x in f.concepts)
    n = max(1, len(claims))
    idf = {x: math.log((n + 1) / (k + 0.5)) for x, k in df.items()}

    usable = [len(f.normed) >= 25 for f in feats]
    quoted = [bool(f.quotes) for f in feats]
    pairs = set(_candidate_pairs([f.concepts for f in feats], usable, [f.normed for f in feats]))
    pairs.update(_candidate_pairs([_quote_keys(f) for f in feats], quoted, min_shared=1))
    rare = _rare_words(feats)
    pairs.update(_quoted_elsewhere(feats))
    edges = {
        (i, j): similarity_normed(feats[i].normed, feats[j].normed)
        for i, j in sorted(pairs)
        if claims[j]["document_id"] != claims[i]["document_id"]
        and same_statement(feats[i], feats[j], idf, rare)
    }
    boiler = _outlet_boilerplate(claims, feats)
    edges = {p: w for p, w in edges.items() if not (boiler[p[0]] or boiler[p[1]])}
    groups = _close_clusters(len(claims), edges, lambda i, j: _conflict(feats[i], feats[j]))
    return [
        [claims[i]["id"] for i in members]
        for members in groups
        if len({claims[i]["document_id"] for i in members}) >= 2
    ]


# Two clusters join only when their members are on average this close: a third of the
# pairs across them matched directly (average linkage), so a chain of single links does not
# join claims that only resemble their neighbours.
MEMBER_LINKS = 0.34


def _close_clusters(
    n: int, edges: dict[tuple[int, int], float], conflict: Callable[[int, int], bool]
) -> list[list[int]]:
    """Clusters from matched pairs, strongest first: two clusters join when no pair across
    them conflicts (different people, different months) and enough pairs across them matched
    directly (:data:`MEMBER_LINKS`)."""
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    root = list(range(n))
    linked = {frozenset(pair) for pair in edges}
    for (i, j), _strength in sorted(edges.items(), key=lambda e: (-e[1], e[0])):
        ri, rj = root[i], root[j]
        if ri == rj:
            continue
        a, b = members[ri], members[rj]
        if any(conflict(x, y) for x in a for y in b):
            continue
        direct = sum(frozenset((x, y)) in linked for x in a for y in b)
        if direct < MEMBER_LINKS * len(a) * len(b):
            continue
        if len(a) < len(b):
            ri, rj, a, b = rj, ri, b, a
        a.extend(b)
        for x in b:
            root[x] = ri
        del members[rj]
    return [sorted(m) for m in members.values()]


def _conflict(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Two claims that may never share a cluster: different people or bodies, dated to
    different months, or giving figures none of which is the same (as for a pair: a cluster
    joined through a third claim must not hold "millions" and "50")."""
    if not compatible_speakers(a, b) or _other_figures(a, b):
        return True
    return bool(a.months and b.months and not a.months & b.months)


_QUOTE_MARKS = ('"', "“", "”", "«", "''")


def _carried_quotes(claim: dict[str, Any]) -> list[str]:
    """The quotations of a claim's sentence that overlap its content (its own words)."""
    sentence = claim["sentence"] or ""
    if not any(mark in sentence for mark in _QUOTE_MARKS):
        return []
    start = claim["content_start"] - claim["start"]
    end = claim["content_end"] - claim["start"]
    return [sentence[a:b] for a, b in find_quotes(sentence) if a < end and start < b]


# A word is rare when at most this share of the claims use it (and at most RARE_MAX of them).
RARE_SHARE, RARE_MAX = 0.002, 50


# Outlet boilerplate: the same wording (numbers aside) in this many documents of one outlet
# (an editor's note, a newsletter pitch, a poll's method) is the outlet's, not a statement.
BOILERPLATE_DOCS = 3


def _outlet_boilerplate(claims: list[dict[str, Any]], feats: list[ClaimFeatures]) -> list[bool]:
    """Which claims repeat their outlet's boilerplate (:data:`BOILERPLATE_DOCS`)."""
    keys = [
        (c["outlet"], re.sub(r"\d+", "0", f.normed)[:80]) if c["outlet"] else None
        for c, f in zip(claims, feats, strict=True)
    ]
    docs: dict[Any, set[int]] = defaultdict(set)
    for c, key in zip(claims, keys, strict=True):
        if key is not None:
            docs[key].add(c["document_id"])
    return [key is not None and len(docs[key]) >= BOILERPLATE_DOCS for key in keys]


def _rare_words(feats: list[ClaimFeatures]) -> set[str]:
    """Normalised words that few claims use."""
    df: Counter[str] = Counter()
    for f in feats:
        df.update(set(f.normed.replace("'", "").split()))
    limit = min(RARE_MAX, max(2, int(RARE_SHARE * len(feats))))
    return {w for w, k in df.items() if k <= limit and w not in _STOP and len(w) > 2}


def _quoted_elsewhere(feats: list[ClaimFeatures]) -> set[tuple[int, int]]:
    """Pairs where a short quotation of one claim stands in the other's words."""
    short: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        if f.speaker:  # quoted_in_words needs a speaker on both sides
            for q in f.quotes:
                if 2 <= len(q) <= SHORT_QUOTE:
                    short[q].append(i)
    if not short:
        return set()
    lengths: dict[str, set[int]] = defaultdict(set)  # first word -> quote lengths
    for q in short:
        lengths[q[0]].add(len(q))
    pairs: set[tuple[int, int]] = set()
    for j, f in enumerate(feats):
        if not f.speaker:
            continue
        words = tuple(f.normed.replace("'", "").split())
        for k, word in enumerate(words):
            for n in lengths.get(word, ()):
                for i in short.get(words[k : k + n], ()):
                    if i != j:
                        pairs.add((min(i, j), max(i, j)))
    return pairs


def _quote_keys(f: ClaimFeatures) -> set[Any]:
    """Blocking keys for shared quotations: each short quote whole and each run of words."""
    keys: set[Any] = set()
    for q in f.quotes:
        if len(q) <= SHORT_QUOTE:
            keys.update(q[i:] for i in range(len(q)) if len(q) - i >= 2)
            keys.update(q[:k] for k in range(2, len(q)))
            keys.update(q[i : i + k] for k in range(2, len(q)) for i in range(len(q) - k + 1))
        keys.update(q[i : i + SHARED_RUN] for i in range(len(q) - SHARED_RUN + 1))
    return keys


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
        c["sentence"] = _substr(text, start, c["end"] - start)
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
    sets: list[set[Any]],
    usable: list[bool],
    texts: list[str] | None = None,
    min_shared: int = 2,
) -> list[tuple[int, int]]:
    """Pairs sharing at least two concepts that are not in most claims (blocking, so a large
    corpus is not compared pair by pair), and pairs with the same normalised text: a
    reprinted sentence whose words all grew common is still a candidate."""
    limit = 60
    postings = {k: ids for k, ids in _postings(sets, usable).items() if 2 <= len(ids) <= limit}
    pairs: set[tuple[int, int]] = set()
    for i, keys in enumerate(sets):
        if not usable[i]:
            continue
        # The claims after this one sharing its keys, counted in C (Counter.update).
        later: Counter[int] = Counter()
        for k in keys:
            ids = postings.get(k)
            if ids is not None:
                later.update(ids[bisect_right(ids, i) :])
        pairs.update((i, j) for j, n in later.items() if n >= min_shared)
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
