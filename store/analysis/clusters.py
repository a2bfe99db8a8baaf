"""Across sources: claim clusters with word diffs, corpus-wide canonical names, and stories."""

from __future__ import annotations

import difflib
import math
import re
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from rapidfuzz import fuzz

from store.analysis.entities import norm_key
from store.analysis.lexicon import SPEAKER_METONYMS

# Content similarity (0..100) above which two claims from different documents match.
SAME_CLAIM = 72.0
# Paraphrases match when they share enough weighted concepts: (minimum shared concepts,
# minimum IDF-weighted cosine-style overlap), any rule suffices. Chosen on the seeds gold
# clusters (the only labelled cluster data) to avoid false merges.
CONCEPT_RULES = ((5, 0.6), (8, 0.55))
# Looser rules when both claims have the same named speaker.
SAME_SPEAKER_RULES: tuple[tuple[int, float], ...] = ((3, 0.5),)
_WORD = re.compile(r"\S+")
_STOP = frozenset(
    "a an the and or but of to in on at for with by from as is are was were be been being has "
    "have had will would shall should can could may might must it its this that these those "
    "which who whom whose what there their they them he she his her we our us you your i me "
    "my not no also than then so such into over under about after before between while if "
    "further other any all some more most very said says say told tell added according "
    "including include includes".split()
)
# A few synonyms news wording swaps across outlets (stem -> concept).
_SYNONYMS = {
    "weapo": "arms",
    "munit": "arms",
    "ammun": "arms",
    "armam": "arms",
    "arms": "arms",
    "deliv": "provi",
    "suppl": "provi",
    "sent": "provi",
    "send": "provi",
    "trans": "provi",
    "aidin": "provi",
    "aid": "provi",
    "assis": "provi",
    "suppo": "provi",
    "talks": "negot",
    "deal": "negot",
    "deals": "negot",
    "discu": "negot",
    "conce": "worry",
    "worri": "worry",
    "troub": "worry",
    "monit": "watch",
    "watch": "watch",
    "obser": "watch",
    "viola": "viola",
    "breac": "viola",
}


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[\[\]\"(),.;:!?]", " ", text.lower())
    return " ".join(text.split())


def similarity(a: str, b: str) -> float:
    """How alike two claim contents are, 0..100 (order-aware, tolerant of small edits)."""
    return _similarity_normed(_norm(a), _norm(b))


def _similarity_normed(na: str, nb: str) -> float:
    if not na or not nb:
        return 0.0
    best = max(fuzz.ratio(na, nb), fuzz.token_sort_ratio(na, nb))
    short, long_ = sorted((na, nb), key=len)
    if len(short) >= 60 and len(long_) <= 2.2 * len(short):
        # A shortened variant of the same quote: compare against the best window.
        best = max(best, fuzz.partial_ratio(short, long_) - 8)
    return float(best)


def _stem(word: str) -> str:
    stem = word[:5]
    return _SYNONYMS.get(word, _SYNONYMS.get(stem, stem))


def concepts(content: str, entities: list[tuple[int, int, str]], offset: int) -> set[str]:
    """Content words (stemmed, synonyms merged) and canonical entities of a claim's content.

    ``entities`` are (start, end, canonical) in document offsets; ``offset`` is where the
    content starts.
    """
    out: set[str] = set()
    chars = list(content)
    for s, e, canonical in entities:
        a, b = s - offset, e - offset
        if a < 0 or b > len(content):
            continue
        out.add("@" + norm_key(SPEAKER_METONYMS.get(canonical, canonical)))
        for k in range(a, b):
            chars[k] = " "
    for word in re.findall(r"[a-z]+", "".join(chars).lower()):
        if word not in _STOP and len(word) > 2:
            out.add(_stem(word))
    return out


def compatible_speakers(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Same speaker, an unknown one, or not two different named people."""
    sa, sb = a.get("speaker"), b.get("speaker")
    if not sa or not sb or sa == sb:
        return True
    return not (a.get("speaker_is_person") and b.get("speaker_is_person"))


def recompute_clusters(conn: sqlite3.Connection) -> int:
    """Cluster every claim in the store; returns the number of multi-document clusters."""
    cur = conn.execute(
        "SELECT c.id, c.document_id, c.speaker, c.content_start, c.content_end, c.kind, "
        "substr(d.text, c.content_start + 1, c.content_end - c.content_start) AS content, "
        "EXISTS (SELECT 1 FROM entities e WHERE e.canonical = c.speaker AND e.label = 'PERSON') "
        "AS speaker_is_person "
        "FROM claims c JOIN documents d ON d.id = c.document_id ORDER BY c.document_id, c.start"
    )
    names = [d[0] for d in cur.description]
    claims = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    parent = list(range(len(claims)))
    ents: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for doc_id, s, e, canonical in conn.execute(
        "SELECT document_id, start, end, canonical FROM entities "
        "WHERE label IN ('PERSON','ORG','GPE','NORP','LOC','FAC','EVENT')"
    ):
        ents[doc_id].append((s, e, canonical))
    sets = [
        concepts(c["content"] or "", ents[c["document_id"]], c["content_start"]) for c in claims
    ]
    df: Counter[str] = Counter(x for s in sets for x in s)
    n = max(1, len(claims))
    idf = {x: math.log((n + 1) / (k + 0.5)) for x, k in df.items()}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    normed = [_norm(c["content"] or "") for c in claims]
    for i, j in _candidate_pairs(sets, [len(x) >= 25 for x in normed]):
        if claims[j]["document_id"] == claims[i]["document_id"]:
            continue
        if not compatible_speakers(claims[i], claims[j]):
            continue
        same = bool(claims[i]["speaker"]) and claims[i]["speaker"] == claims[j]["speaker"]
        if _similarity_normed(normed[i], normed[j]) >= SAME_CLAIM or (
            _concepts_match(sets[i], sets[j], idf, SAME_SPEAKER_RULES if same else ())
        ):
            parent[find(j)] = find(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(claims)):
        groups[find(i)].append(i)
    conn.execute("UPDATE claims SET cluster = NULL WHERE cluster IS NOT NULL")
    count = 0
    for members in groups.values():
        docs = {claims[i]["document_id"] for i in members}
        if len(docs) < 2:
            continue
        count += 1
        cid = f"k{min(claims[i]['id'] for i in members)}"
        conn.executemany(
            "UPDATE claims SET cluster = ? WHERE id = ?", [(cid, claims[i]["id"]) for i in members]
        )
    return count


def concept_overlap(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    """IDF-weighted overlap of two concept sets: geometric mean of the share of each set's
    weight that the other covers (0..1)."""
    shared = a & b
    wa = sum(idf[x] for x in a)
    wb = sum(idf[x] for x in b)
    if not shared or not wa or not wb:
        return 0.0
    ws = sum(idf[x] for x in shared)
    return math.sqrt((ws / wa) * (ws / wb))


def _concepts_match(
    a: set[str], b: set[str], idf: dict[str, float], extra: tuple[tuple[int, float], ...] = ()
) -> bool:
    rules = CONCEPT_RULES + extra
    shared = len(a & b)
    if shared < min(n for n, _ in rules):
        return False
    value = concept_overlap(a, b, idf)
    return any(shared >= n and value >= t for n, t in rules)


def _candidate_pairs(sets: list[set[str]], usable: list[bool]) -> list[tuple[int, int]]:
    """Pairs sharing at least two concepts that are not in most claims (blocking, so a large
    corpus is not compared pair by pair)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, concepts_ in enumerate(sets):
        if usable[i]:
            for c in concepts_:
                postings[c].append(i)
    limit = 60
    shared: Counter[tuple[int, int]] = Counter()
    for ids in postings.values():
        if len(ids) < 2 or len(ids) > limit:
            continue
        for a_i, a in enumerate(ids):
            for b in ids[a_i + 1 :]:
                shared[(a, b)] += 1
    return sorted(pair for pair, n in shared.items() if n >= 2)


def word_diff(base: str, other: str) -> list[dict[str, str]]:
    """Word-level diff of ``other`` against ``base``: ops equal/replace/delete/insert."""
    a = _WORD.findall(base)
    b = _WORD.findall(other)
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        ops.append({"op": tag, "a": " ".join(a[i1:i2]), "b": " ".join(b[j1:j2])})
    return ops


def relink_corpus(conn: sqlite3.Connection) -> int:
    """Unify canonical names across documents; returns how many names changed.

    Variants with the same key ("Kim Jong-un"/"Kim Jong Un") take the most frequent form; a
    bare surname takes the one full name in the corpus that ends with it.
    """
    rows = conn.execute(
        "SELECT canonical, label, count(*) FROM entities GROUP BY canonical, label"
    ).fetchall()
    by_key: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for canonical, label, n in rows:
        by_key[(norm_key(canonical), label)][canonical] += n
    mapping: dict[tuple[str, str], str] = {}
    for (_key, label), variants in by_key.items():
        best = max(variants, key=lambda v: (variants[v], len(v), v))
        for v in variants:
            if v != best:
                mapping[(v, label)] = best
    persons = {
        mapping.get((canonical, label), canonical)
        for canonical, label, _n in rows
        if label == "PERSON"
    }
    for canonical, label, _n in rows:
        if label != "PERSON" or (canonical, label) in mapping:
            continue
        # "Kirby" or "Le Drian": the one longer name in the corpus that ends with it.
        longer = {p for p in persons if p != canonical and p.endswith(" " + canonical)}
        if len(longer) == 1:
            mapping[(canonical, label)] = next(iter(longer))
    for (old, label), new in mapping.items():
        conn.execute(
            "UPDATE entities SET canonical = ? WHERE canonical = ? AND label = ?", (new, old, label)
        )
        if label == "PERSON" or label in {"ORG", "GPE"}:
            conn.execute("UPDATE claims SET speaker = ? WHERE speaker = ?", (new, old))
    return len(mapping)


def stories(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Documents about the same event: linked by a shared claim cluster, or by mostly shared
    named entities with publication dates no more than three days apart (or unknown)."""
    docs = {
        row[0]: {"id": row[0], "title": row[1], "published": row[2]}
        for row in conn.execute("SELECT id, title, published FROM documents ORDER BY id")
    }
    names: dict[int, set[str]] = defaultdict(set)
    for doc_id, canonical in conn.execute(
        "SELECT document_id, canonical FROM entities "
        "WHERE label IN ('PERSON','ORG','GPE','NORP','EVENT','FAC','LOC')"
    ):
        names[doc_id].add(canonical)
    parent = {d: d for d in docs}

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for (a,) in conn.execute("SELECT DISTINCT cluster FROM claims WHERE cluster IS NOT NULL"):
        ids = [
            r[0]
            for r in conn.execute("SELECT DISTINCT document_id FROM claims WHERE cluster = ?", (a,))
        ]
        for other in ids[1:]:
            parent[find(other)] = find(ids[0])
    ids = sorted(docs)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            na, nb = names[a], names[b]
            if not na or not nb:
                continue
            jaccard = len(na & nb) / len(na | nb)
            if jaccard >= 0.5 and _close_dates(docs[a]["published"], docs[b]["published"]):
                parent[find(b)] = find(a)
    groups: dict[int, list[int]] = defaultdict(list)
    for d in ids:
        groups[find(d)].append(d)
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        shared = Counter(n for d in members for n in names[d])
        out.append(
            {
                "story": f"s{members[0]}",
                "documents": members,
                "entities": [n for n, c in shared.most_common(8) if c >= 2],
            }
        )
    return out


def _close_dates(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    from datetime import date

    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) <= 3
    except ValueError:
        return True
