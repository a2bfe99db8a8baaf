"""Canonical names across the corpus: "Kim Jong-un" and "Kim Jong Un", or a bare "Kirby" and
the one "John Kirby" in the store, become one name on entities and claim speakers."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict

from gloss.store.analysis.entities import norm_key


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
    # "Kirby" or "Le Drian": the one longer name in the corpus that ends with it. Names by
    # each of their word-boundary tails (linear, not every pair of names).
    by_tail: dict[str, set[str]] = defaultdict(set)
    for p in persons:
        for i, ch in enumerate(p):
            if ch == " ":
                by_tail[p[i + 1 :]].add(p)
    for canonical, label, _n in rows:
        if label != "PERSON" or (canonical, label) in mapping:
            continue
        longer = by_tail.get(canonical, set()) - {canonical}
        if len(longer) == 1:
            mapping[(canonical, label)] = next(iter(longer))
    for (old, label), new in mapping.items():
        conn.execute(
            "UPDATE entities SET canonical = ? WHERE canonical = ? AND label = ?", (new, old, label)
        )
        if label == "PERSON" or label in {"ORG", "GPE"}:
            conn.execute("UPDATE claims SET speaker = ? WHERE speaker = ?", (new, old))
    return len(mapping)
