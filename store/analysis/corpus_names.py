"""Canonical names across the corpus: "Kim Jong-un" and "Kim Jong Un", "James B. Comey" and
"James Comey", or a bare "Kirby" and the one "John Kirby" in the store, become one name on
entities and claim speakers; a person's canonical name is never a sentence opening such as
"Crooked Hillary Clinton"."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict

from gloss.store.analysis.entities import norm_key
from gloss.store.analysis.person_names import cleaned, initials_free_key, is_initial


def relink_corpus(conn: sqlite3.Connection) -> int:
    """Unify canonical names across documents; returns how many names changed.

    - Variants with the same key ("Kim Jong-un"/"Kim Jong Un"; for people also without
      middle initials: "James B. Comey"/"James Comey") take the most frequent form.
    - A person's name loses leading words that are not names ("Crooked Hillary Clinton",
      "Bashing Trump": person_names.cleaned), and a longer name whose last words are a name
      found in more documents becomes that name ("Billionaire Donald Trump" -> "Donald
      Trump"): a canonical name is never a sentence opening.
    - A bare surname takes the one full name in the corpus that ends with it, or the full
      name that most documents use when one clearly dominates ("Trump" -> "Donald Trump").
    """
    rows = conn.execute(
        "SELECT canonical, label, count(*), count(DISTINCT document_id) FROM entities "
        "GROUP BY canonical, label"
    ).fetchall()
    mentions: Counter[tuple[str, str]] = Counter()
    documents: Counter[tuple[str, str]] = Counter()
    for canonical, label, n, d in rows:
        mentions[(canonical, label)] += n
        documents[(canonical, label)] += d
    mapping: dict[tuple[str, str], str] = {}
    # 1. People: words around the name dropped.
    for canonical, label in list(mentions):
        if label == "PERSON":
            clean = cleaned(canonical)
            if clean != canonical:
                mapping[(canonical, label)] = clean
    # 2. One form per key.
    by_key: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (canonical, label), n in mentions.items():
        name = mapping.get((canonical, label), canonical)
        by_key[(_key(name, label), label)][name] += n
    for (_k, label), variants in by_key.items():
        if label == "PERSON" and _conflicting_initials(variants):
            continue  # "George W. Bush" and "George H. W. Bush": two people
        best = max(variants, key=lambda v: (variants[v], -len(v.split()), -len(v), v))
        for v in variants:
            if v != best:
                mapping[(v, label)] = best
    resolved = _resolve(mapping)
    docs: Counter[str] = Counter()
    for (canonical, label), d in documents.items():
        if label == "PERSON":
            docs[resolved.get((canonical, label), canonical)] += d
    # 3. A longer name ending with a better-known name of two or more words.
    for name in list(docs):
        parts = name.split()
        for i in range(1, len(parts) - 1):
            suffix = " ".join(parts[i:])
            if docs.get(suffix, 0) > docs[name]:
                mapping[(name, "PERSON")] = suffix
                break
    resolved = _resolve(mapping)
    people: Counter[str] = Counter()
    for name, d in docs.items():
        people[resolved.get((name, "PERSON"), name)] += d
    # 4. "Kirby" or "Le Drian": the longer name in the corpus that ends with it. Names by
    # each of their word-boundary tails (linear, not every pair of names).
    by_tail: dict[str, set[str]] = defaultdict(set)
    for p in people:
        for i, ch in enumerate(p):
            if ch == " ":
                by_tail[p[i + 1 :]].add(p)
    for name in people:
        longer = by_tail.get(name, set()) - {name}
        if len(longer) == 1:
            mapping[(name, "PERSON")] = next(iter(longer))
        elif longer and " " not in name:
            best = max(longer, key=lambda p: (people[p], p))
            if people[best] >= DOMINANT_SHARE * sum(people[p] for p in longer):
                mapping[(name, "PERSON")] = best
    resolved = _resolve(mapping)
    changed = 0
    for (old, label), new in resolved.items():
        if old == new:
            continue
        changed += 1
        conn.execute(
            "UPDATE entities SET canonical = ? WHERE canonical = ? AND label = ?", (new, old, label)
        )
        if label in {"PERSON", "ORG", "GPE"}:
            conn.execute("UPDATE claims SET speaker = ? WHERE speaker = ?", (new, old))
    return changed


# A bare surname shared by several full names goes to the one used by at least this share of
# the documents naming any of them ("Trump": Donald, not Melania or Ivanka).
DOMINANT_SHARE = 0.8


def _key(name: str, label: str) -> str:
    return initials_free_key(name) if label == "PERSON" else norm_key(name)


def _conflicting_initials(variants: Counter[str]) -> bool:
    """Two variants with different middle initials (not merged through the initial-free
    key)."""
    found = {
        tuple(t for t in v.split()[1:-1] if is_initial(t)) for v in variants if len(v.split()) > 2
    }
    return len(found - {()}) > 1


def _resolve(mapping: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """Follow chains (a -> b -> c gives a -> c), stopping at cycles."""
    out: dict[tuple[str, str], str] = {}
    for (name, label), target in mapping.items():
        seen = {name}
        while (target, label) in mapping and target not in seen:
            seen.add(target)
            target = mapping[(target, label)]
        out[(name, label)] = target
    return out
