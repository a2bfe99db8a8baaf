"""Stories: groups of documents about the same event, from shared claim clusters, names and
close dates. gloss.store.analysis.story_table stores and reads them."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from gloss.store.analysis.story_table import ISO_DATE, STORY_LABELS

_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def stories(
    conn: sqlite3.Connection, *, min_jaccard: float = 0.5, max_days: int = 3
) -> list[dict[str, Any]]:
    """Documents about the same event, most documents first.

    Two documents are linked when they share a claim cluster and a fifth of their names
    (``min_jaccard`` / 2.5; a columnist's repeated byline sentence is a claim cluster across
    unrelated columns), or when at least two named
    entities and days (DATE canonicals "YYYY-MM-DD") are shared and they make up at least
    ``min_jaccard`` of the two documents' names and days together; never when both have a
    publication date and these lie more than ``max_days`` apart. Links are merged strongest
    first, and two groups join only when at least half of their document pairs are linked
    (average linkage), so a chain of follow-ups on neighbouring topics does not snowball into
    one story. A name in more than a tenth of a large corpus ("United Kingdom" in a British
    one) is ignored when looking for candidate pairs.
    """
    docs = {
        row[0]: {"id": row[0], "title": row[1], "outlet": row[2], "date": row[3]}
        for row in conn.execute("SELECT id, title, outlet, published FROM documents ORDER BY id")
    }
    marks = ",".join("?" * len(STORY_LABELS))
    concepts: dict[int, set[str]] = defaultdict(set)
    names: dict[int, set[str]] = defaultdict(set)
    dates: dict[int, set[str]] = defaultdict(set)
    for doc_id, label, canonical in conn.execute(
        f"SELECT document_id, label, canonical FROM entities WHERE label IN ({marks}, 'DATE')",
        STORY_LABELS,
    ):
        if label != "DATE":
            names[doc_id].add(canonical)
            concepts[doc_id].add(canonical)
        elif ISO_DATE.fullmatch(canonical):
            dates[doc_id].add(canonical)
            if _ISO_DAY.fullmatch(canonical):
                concepts[doc_id].add("date:" + canonical)
    clusters: dict[int, set[str]] = defaultdict(set)
    for doc_id, cluster in conn.execute(
        "SELECT DISTINCT document_id, cluster FROM claims WHERE cluster IS NOT NULL"
    ):
        clusters[doc_id].add(cluster)
    links: dict[tuple[int, int], float] = {}
    for pair in _story_candidates(concepts, len(docs)):
        a, b = pair
        if not _close_dates(docs[a]["date"], docs[b]["date"], max_days):
            continue
        ca, cb = concepts[a], concepts[b]
        shared = len(ca & cb)
        jaccard = shared / len(ca | cb)
        if shared >= 2 and jaccard >= min_jaccard:
            links[pair] = jaccard
    by_cluster: dict[str, list[int]] = defaultdict(list)
    for doc_id, ids in clusters.items():
        for cluster in ids:
            by_cluster[cluster].append(doc_id)
    for members in by_cluster.values():
        members.sort()
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                ca, cb = concepts[a], concepts[b]
                jaccard = len(ca & cb) / len(ca | cb) if ca or cb else 0.0
                if jaccard >= min_jaccard / 2.5 and _close_dates(
                    docs[a]["date"], docs[b]["date"], max_days
                ):
                    links[(a, b)] = 1.0 + jaccard
    groups = _average_linkage(links)
    out = []
    for members in groups:
        shared_names = Counter(n for d in members for n in names[d])
        shared_dates = Counter(x for d in members for x in dates[d])
        cluster_docs = Counter(c for d in members for c in clusters[d])
        out.append(
            {
                "story": f"s{members[0]}",
                "documents": [docs[d] for d in members],
                "entities": [
                    n
                    for n, c in sorted(shared_names.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
                    if c >= 2
                ],
                "dates": sorted(x for x, c in shared_dates.items() if c >= 2),
                "claim_clusters": sum(1 for c in cluster_docs.values() if c >= 2),
            }
        )
    out.sort(key=lambda s: (-len(s["documents"]), s["documents"][0]["id"]))
    return out


def _story_candidates(concepts: dict[int, set[str]], n_docs: int) -> set[tuple[int, int]]:
    """Document pairs sharing at least one concept that is not in a tenth of the corpus."""
    postings: dict[str, list[int]] = defaultdict(list)
    for doc_id in sorted(concepts):
        for c in concepts[doc_id]:
            postings[c].append(doc_id)
    limit = max(10, n_docs // 10)
    pairs: set[tuple[int, int]] = set()
    for ids in postings.values():
        if 2 <= len(ids) <= limit:
            for i, a in enumerate(ids):
                pairs.update((a, b) for b in ids[i + 1 :])
    return pairs


def _average_linkage(links: dict[tuple[int, int], float]) -> list[list[int]]:
    """Groups of two or more documents: links taken strongest first; two groups merge only if
    at least half of the pairs between them are linked."""
    adjacent: dict[int, set[int]] = defaultdict(set)
    for a, b in links:
        adjacent[a].add(b)
        adjacent[b].add(a)
    group_of: dict[int, int] = {d: d for d in adjacent}
    members: dict[int, list[int]] = {d: [d] for d in adjacent}
    for (a, b), _weight in sorted(links.items(), key=lambda kv: (-kv[1], kv[0])):
        ga, gb = group_of[a], group_of[b]
        if ga == gb:
            continue
        ma, mb = members[ga], members[gb]
        linked = sum(len(adjacent[x].intersection(mb)) for x in ma)
        if 2 * linked < len(ma) * len(mb):
            continue
        if len(ma) < len(mb):
            ga, gb, ma, mb = gb, ga, mb, ma
        ma.extend(mb)
        for d in mb:
            group_of[d] = ga
        del members[gb]
    return [sorted(m) for m in members.values() if len(m) >= 2]


def _close_dates(a: str | None, b: str | None, max_days: int = 3) -> bool:
    if not a or not b:
        return True
    from datetime import date

    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) <= max_days
    except ValueError:
        return True
