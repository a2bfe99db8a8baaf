"""Stories, stored: each document's story in ``document_stories``, so readers (the CLI, the
library's ``story:`` filter, the corpus screen) never recompute the grouping.

Grouping documents into stories (:func:`store.analysis.clusters.stories`) looks at every pair
of related documents, 1-2 s on a few thousand articles; it runs once after each analysis batch
(and when a store is migrated to the schema that added the table). A story's id is the
smallest id among its documents, so it stays put while documents are added to the story.
What ties a story together (shared names, dates, claim clusters) is cheap and read on demand.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gloss.store.analysis.link_state import LinkStats

__all__ = ["document_story", "read_stories", "save_stories", "story_id", "story_label"]

# Entity labels and DATE canonical shapes that tie documents into a story (used by the
# grouping in store.analysis.clusters too; kept here so the filter's import stays light).
STORY_LABELS = (
    "PERSON",
    "ORG",
    "GPE",
    "NORP",
    "EVENT",
    "FAC",
    "LOC",
    "PRODUCT",
    "WORK_OF_ART",
    "LAW",
)
ISO_DATE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?|-W\d\d)?")
_STORY_ID = re.compile(r"[sS]?(\d+)")


def story_label(story: int) -> str:
    """The story id as the CLI prints it and the filter accepts it ("s12")."""
    return f"s{story}"


def story_id(text: str) -> int | None:
    """The story id in ``"s12"`` or ``"12"`` (None when it is neither)."""
    m = _STORY_ID.fullmatch(text.strip())
    return int(m.group(1)) if m else None


def save_stories(conn: sqlite3.Connection, stats: LinkStats | None = None) -> int:
    """Group the corpus into stories and store each document's story and the linked pairs
    (inside the caller's transaction; ``stats``: the link statistics, counted afresh
    without). Returns the number of stories."""
    from gloss.store.analysis.stories import _average_linkage, story_links, story_stats

    links = story_links(conn, stats or story_stats(conn))
    groups = _average_linkage(links)
    conn.execute("DELETE FROM story_edges")
    conn.executemany(
        "INSERT INTO story_edges (a, b, weight) VALUES (?, ?, ?)",
        [(a, b, w) for (a, b), w in links.items()],
    )
    conn.execute("DELETE FROM document_stories")
    conn.executemany(
        "INSERT INTO document_stories (document_id, story) VALUES (?, ?)",
        [(doc, group[0]) for group in groups for doc in group],
    )
    return len(groups)


def document_story(conn: sqlite3.Connection, document_id: int) -> int | None:
    """The story a document belongs to (None: it shares its event with no other document)."""
    row = conn.execute(
        "SELECT story FROM document_stories WHERE document_id = ?", (document_id,)
    ).fetchone()
    return None if row is None else int(row[0])


def read_stories(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The stored stories, most documents first, in the shape of ``clusters.stories``: story
    ("s12"), documents (id, title, outlet, date), entities (up to 8 names in two or more of
    its documents), dates (ISO dates in two or more) and claim_clusters (shared by two or more).
    A story left with one document (the others deleted) is not a story."""
    members: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for doc_id, story, title, outlet, published in conn.execute(
        "SELECT s.document_id, s.story, d.title, d.outlet, d.published FROM document_stories s "
        "JOIN documents d ON d.id = s.document_id ORDER BY s.story, s.document_id"
    ):
        members[story].append({"id": doc_id, "title": title, "outlet": outlet, "date": published})
    members = {k: v for k, v in members.items() if len(v) >= 2}
    if not members:
        return []
    story_of = {d["id"]: story for story, docs in members.items() for d in docs}
    names: dict[int, Counter[str]] = defaultdict(Counter)
    dates: dict[int, Counter[str]] = defaultdict(Counter)
    marks = ",".join("?" * len(STORY_LABELS))
    # One row per document and canonical (a name under two labels counts once): counts are
    # documents, not mentions.
    for doc_id, is_date, canonical in conn.execute(
        "SELECT DISTINCT e.document_id, e.label = 'DATE', e.canonical FROM entities e "
        "JOIN document_stories s ON s.document_id = e.document_id "
        f"WHERE e.label IN ({marks}, 'DATE')",
        STORY_LABELS,
    ):
        story = story_of.get(doc_id)
        if story is None:
            continue
        if not is_date:
            names[story][canonical] += 1
        elif ISO_DATE.fullmatch(canonical):
            dates[story][canonical] += 1
    clusters: dict[int, Counter[str]] = defaultdict(Counter)
    for doc_id, cluster in conn.execute(
        "SELECT DISTINCT c.document_id, c.cluster FROM claims c "
        "JOIN document_stories s ON s.document_id = c.document_id WHERE c.cluster IS NOT NULL"
    ):
        if doc_id in story_of:
            clusters[story_of[doc_id]][cluster] += 1
    out = [
        {
            "story": story_label(story),
            "documents": docs,
            "entities": [
                n
                for n, c in sorted(names[story].items(), key=lambda kv: (-kv[1], kv[0]))[:8]
                if c >= 2
            ],
            "dates": sorted(x for x, c in dates[story].items() if c >= 2),
            "claim_clusters": sum(1 for c in clusters[story].values() if c >= 2),
        }
        for story, docs in members.items()
    ]
    out.sort(key=lambda s: (-len(s["documents"]), s["documents"][0]["id"]))
    return out
