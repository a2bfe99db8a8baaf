"""The same claim across sources: a claim's cluster, each variant diffed word by word.

This is what the reader shows when a claim is reported by several outlets: who carried it,
when, and where their wording differs from the claim being read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gloss.store.analysis.clusters import word_diff
from gloss.store.db import Store


@dataclass(frozen=True)
class Variant:
    """One document's version of a clustered claim, diffed against the claim being read."""

    claim_id: int
    document_id: int
    title: str
    outlet: str | None
    published: str | None
    speaker: str | None
    text: str
    content_start: int
    is_base: bool
    diff: list[dict[str, str]] = field(default_factory=list)  # ops: equal/replace/delete/insert

    @property
    def identical(self) -> bool:
        """True when the wording is the same as the base claim's."""
        return all(op["op"] == "equal" for op in self.diff)


def claim_variants(store: Store, claim_id: int) -> list[Variant]:
    """Every claim in the same cluster as ``claim_id`` (itself first), oldest source first.

    Empty when the claim is in no cluster.
    """
    rows = store.rows(
        "SELECT c.id, c.document_id, c.speaker, c.content_start, d.title, d.outlet, d.published, "
        "substr(d.text, c.content_start + 1, c.content_end - c.content_start) AS text "
        "FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE c.cluster IS NOT NULL AND c.cluster = (SELECT cluster FROM claims WHERE id = ?) "
        "ORDER BY c.id = ? DESC, d.published IS NULL, d.published, d.id, c.start",
        (claim_id, claim_id),
    )
    if not rows:
        return []
    base = rows[0]["text"]
    return [
        Variant(
            claim_id=int(r["id"]),
            document_id=int(r["document_id"]),
            title=r["title"],
            outlet=r["outlet"],
            published=r["published"],
            speaker=r["speaker"],
            text=r["text"],
            content_start=int(r["content_start"]),
            is_base=index == 0,
            diff=word_diff(base, r["text"]),
        )
        for index, r in enumerate(rows)
    ]


def source_count(store: Store, claim_id: int) -> int:
    """How many other documents report the same claim (0 when it is in no cluster)."""
    return int(
        store.scalar(
            "SELECT count(DISTINCT c.document_id) FROM claims c JOIN claims me ON me.id = ? "
            "WHERE c.cluster = me.cluster AND c.document_id != me.document_id",
            (claim_id,),
        )
        or 0
    )
