"""Stories: groups of documents about the same event, from shared claim clusters, names and
close dates. gloss.store.analysis.story_table stores and reads them."""

from __future__ import annotations

import math
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from gloss.store.analysis.link_state import STORY, LinkStats
from gloss.store.analysis.story_table import ISO_DATE, STORY_LABELS

_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def document_concepts(
    conn: sqlite3.Connection, documents: Sequence[int] | None = None
) -> dict[int, set[str]]:
    """What ties documents into a story: the canonical names (:data:`STORY_LABELS`) and days
    ("date:YYYY-MM-DD") each document names; of ``documents`` only, given."""
    marks = ",".join("?" * len(STORY_LABELS))
    sql = f"SELECT document_id, label, canonical FROM entities WHERE label IN ({marks}, 'DATE')"
    if documents is None:
        rows: Iterable[tuple[Any, ...]] = conn.execute(sql, STORY_LABELS)
    else:
        ids = list(documents)
        rows = (
            row
            for i in range(0, len(ids), 500)
            for row in conn.execute(
                f"{sql} AND document_id IN ({','.join('?' * len(ids[i : i + 500]))})",
                [*STORY_LABELS, *ids[i : i + 500]],
            )
        )
    concepts: dict[int, set[str]] = defaultdict(set)
    for doc_id, label, canonical in rows:
        if label != "DATE":
            concepts[doc_id].add(canonical)
        elif _ISO_DAY.fullmatch(canonical):
            concepts[doc_id].add("date:" + canonical)
    return concepts


def story_stats(conn: sqlite3.Connection) -> LinkStats:
    """Statistics for grouping stories alone: which concepts are too common (counted now)."""
    from gloss.store.analysis.link_state import key_id, story_limit

    documents = int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    df: Counter[str] = Counter()
    for concepts in document_concepts(conn).values():
        df.update(concepts)
    limit = story_limit(documents)
    too_common = {key_id(STORY, x) for x, n in df.items() if n > limit}
    return LinkStats(0, documents, {}, too_common, set())


def story_concepts_sql(conn: sqlite3.Connection, concepts: set[str]) -> set[tuple[int, str]]:
    """The (document, concept) pairs of every document naming one of ``concepts``."""
    names = sorted(x for x in concepts if not x.startswith("date:"))
    days = sorted(x[5:] for x in concepts if x.startswith("date:"))
    marks = ",".join("?" * len(STORY_LABELS))
    out: set[tuple[int, str]] = set()
    for i in range(0, len(names), 500):
        chunk = names[i : i + 500]
        out.update(
            conn.execute(
                "SELECT DISTINCT document_id, canonical FROM entities "
                f"WHERE canonical IN ({','.join('?' * len(chunk))}) AND label IN ({marks})",
                [*chunk, *STORY_LABELS],
            )
        )
    for i in range(0, len(days), 500):
        chunk = days[i : i + 500]
        out.update(
            (doc, "date:" + day)
            for doc, day in conn.execute(
                "SELECT DISTINCT document_id, canonical FROM entities "
                f"WHERE canonical IN ({','.join('?' * len(chunk))}) AND label = 'DATE'",
                chunk,
            )
        )
    return out


def story_links(
    conn: sqlite3.Connection,
    stats: LinkStats,
    *,
    min_jaccard: float = 0.5,
    max_days: int = 3,
) -> dict[tuple[int, int], float]:
    """Every pair of linked documents (see :func:`stories`), with its strength."""
    dates = {
        row[0]: row[1] for row in conn.execute("SELECT id, published FROM documents ORDER BY id")
    }
    concepts = document_concepts(conn)
    clusters: dict[int, set[str]] = defaultdict(set)
    for doc_id, cluster in conn.execute(
        "SELECT DISTINCT document_id, cluster FROM claims WHERE cluster IS NOT NULL"
    ):
        clusters[doc_id].add(cluster)
    links: dict[tuple[int, int], float] = {}
    for pair in _story_candidates(concepts, stats, min_jaccard):
        a, b = pair
        if not _close_dates(dates[a], dates[b], max_days):
            continue
        link = concept_link(concepts[a], concepts[b], min_jaccard)
        if link is not None:
            links[pair] = link
    by_cluster: dict[str, list[int]] = defaultdict(list)
    for doc_id, ids in clusters.items():
        for cluster in ids:
            by_cluster[cluster].append(doc_id)
    for members in by_cluster.values():
        members.sort()
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                link = cluster_link(concepts[a], concepts[b], min_jaccard)
                if link is not None and _close_dates(dates[a], dates[b], max_days):
                    links[(a, b)] = link
    return links


def concept_link(a: set[str], b: set[str], min_jaccard: float = 0.5) -> float | None:
    """The strength of a link of two documents on the concepts they share (None: none)."""
    shared = len(a & b)
    if shared < 2:
        return None
    jaccard = shared / len(a | b)
    return jaccard if jaccard >= min_jaccard else None


# Two documents reporting the same statement are one story when this share of the names
# and days of the shorter one are the other's too: by Jaccard alone a long report and a short
# one of the same event fell apart (Comey's statement of 5 July 2016: 2 of 6 reports in its
# story). Chosen on the tune fold of the PolNeAR gold (doc pairs of one statement within 3
# days in one story 9 -> 13 of 27; held-out 11 -> 14 of 29).
CLUSTER_OVERLAP = 0.3


def cluster_link(a: set[str], b: set[str], min_jaccard: float = 0.5) -> float | None:
    """The strength of a link of two documents sharing a claim cluster (None: none): they
    share a fifth of their names together, or :data:`CLUSTER_OVERLAP` of the shorter's."""
    if not a or not b:
        return None
    shared = len(a & b)
    jaccard = shared / len(a | b)
    if jaccard >= min_jaccard / 2.5 or shared / min(len(a), len(b)) >= CLUSTER_OVERLAP:
        return 1.0 + jaccard
    return None


def stories(
    conn: sqlite3.Connection,
    stats: LinkStats | None = None,
    *,
    min_jaccard: float = 0.5,
    max_days: int = 3,
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
    one) is ignored when looking for candidate pairs (``stats``: counted then; afresh
    without).
    """
    links = story_links(
        conn, stats or story_stats(conn), min_jaccard=min_jaccard, max_days=max_days
    )
    return describe_stories(conn, _average_linkage(links))


def describe_stories(conn: sqlite3.Connection, groups: list[list[int]]) -> list[dict[str, Any]]:
    """Stories as :func:`stories` returns them, from groups of document ids."""
    docs = {
        row[0]: {"id": row[0], "title": row[1], "outlet": row[2], "date": row[3]}
        for row in conn.execute("SELECT id, title, outlet, published FROM documents ORDER BY id")
    }
    marks = ",".join("?" * len(STORY_LABELS))
    names: dict[int, set[str]] = defaultdict(set)
    dates: dict[int, set[str]] = defaultdict(set)
    for doc_id, label, canonical in conn.execute(
        f"SELECT document_id, label, canonical FROM entities WHERE label IN ({marks}, 'DATE')",
        STORY_LABELS,
    ):
        if label != "DATE":
            names[doc_id].add(canonical)
        elif ISO_DATE.fullmatch(canonical):
            dates[doc_id].add(canonical)
    clusters: dict[int, set[str]] = defaultdict(set)
    for doc_id, cluster in conn.execute(
        "SELECT DISTINCT document_id, cluster FROM claims WHERE cluster IS NOT NULL"
    ):
        clusters[doc_id].add(cluster)
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


def _story_candidates(
    concepts: dict[int, set[str]], stats: LinkStats, min_jaccard: float = 0.5
) -> set[tuple[int, int]]:
    """Document pairs that may be linked on their concepts: sharing at least one concept
    that is not in a tenth of the corpus (as counted in ``stats``), and enough of them for
    ``min_jaccard``. Prefix filtering keeps this from growing with the square of the
    corpus: a pair sharing at least ``o`` of a document's concepts shares one of its first
    ``n - o + 1`` in any fixed order, so each document is indexed under its rarest usable
    concepts only (``o`` discounted by its too-common concepts, which may be shared too)."""
    usable = {doc: sorted(x for x in cs if stats.usable(STORY, x)) for doc, cs in concepts.items()}
    df: Counter[str] = Counter(x for xs in usable.values() for x in xs)
    postings: dict[str, list[int]] = defaultdict(list)
    for doc_id in sorted(concepts):
        mine = sorted(usable[doc_id], key=lambda x: (df[x], x))
        if not mine:
            continue
        common = len(concepts[doc_id]) - len(mine)
        # A link needs shared >= min_jaccard * |a | b| >= min_jaccard * |a|, and 2.
        need = max(2, math.ceil(min_jaccard * len(concepts[doc_id])))
        usable_need = max(1, need - common)
        for x in mine[: len(mine) - usable_need + 1]:
            postings[x].append(doc_id)
    pairs: set[tuple[int, int]] = set()
    for ids in postings.values():
        if len(ids) >= 2:
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
