"""The same claim across sources: a claim's cluster, one version per other document.

This is what the reader shows when a claim is reported by several outlets: who carried it,
when, and where their wording differs from the claim being read. Every count and list of
"other sources" (the reader's status line and side panel, ``o``, review sessions,
``gloss claims --cluster``) comes from :func:`other_sources`, so they always agree: distinct
OTHER documents, never the claim's own, one entry per document (its claim worded most like
the one being read, when a document repeats the statement).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from gloss.store.db import Store
from gloss.store.quantities import differing_quantities


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
    # quantities (numbers, amounts, dates) worded differently from the base: (base, this)
    numbers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        """True when the wording is the same as the base claim's."""
        return all(op["op"] == "equal" for op in self.diff)

    @property
    def numbers_note(self) -> str:
        """One line, "numbers differ: 1,000 vs more than 1,000", or "" when they agree."""
        return numbers_note(self.numbers)


def numbers_note(pairs: list[tuple[str, str]]) -> str:
    """The one-line note for differing quantities ("" when there are none)."""
    if not pairs:
        return ""
    return "numbers differ: " + "; ".join(f"{a} vs {b}" for a, b in pairs)


# The claim's words are sliced in Python from its document's text, read once per document:
# SQL substr() reads a document's UTF-8 text from its start for every claim, so a long
# document's thousands of clustered claims made the reader wait minutes.
_COLUMNS = (
    "c.id, c.document_id, c.cluster, c.speaker, c.content_start, c.content_end, d.title, "
    "d.outlet, d.published"
)
_ORDER = "ORDER BY d.published IS NULL, d.published, d.id, c.start"


def another_outlet(outlet: str | None, others: Iterable[str | None]) -> bool:
    """Whether another outlet than ``outlet`` reports the claim among ``others`` (the
    outlets of its other documents): they are then "other sources"; files without an outlet
    and the same outlet's other articles are "other documents" (the status line and the
    comparison name them alike)."""
    return any(o and o != outlet for o in others)


def _row_variant(row: dict[str, Any], base_text: str, is_base: bool) -> Variant:
    # Imported here: the reader imports this module before its first screen, and the
    # analysis package (rapidfuzz, the engines) is only needed once variants are compared.
    from gloss.store.analysis.clusters import word_diff

    return Variant(
        claim_id=int(row["id"]),
        document_id=int(row["document_id"]),
        title=row["title"],
        outlet=row["outlet"],
        published=row["published"],
        speaker=row["speaker"],
        text=row["text"],
        content_start=int(row["content_start"]),
        is_base=is_base,
        diff=word_diff(base_text, row["text"]),
        numbers=differing_quantities(base_text, row["text"]),
    )


def _others_rows(base: dict[str, Any], members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per other document: its member worded most like ``base``; by date."""
    by_document: dict[int, list[dict[str, Any]]] = {}
    for row in members:
        if row["document_id"] != base["document_id"]:
            by_document.setdefault(int(row["document_id"]), []).append(row)
    chosen = []
    for rows in by_document.values():
        if len(rows) == 1:
            chosen.append(rows[0])
        else:  # the first of the best, so ties keep text order
            chosen.append(max(rows, key=lambda r: fuzz.ratio(base["text"], r["text"])))
    return chosen  # members come ordered by date, document and position; so does this


def other_sources(store: Store, claim_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """For each claim, the other documents reporting it: one row per distinct OTHER document
    in its cluster (never the claim's own document), that document's claim worded most like
    this one, oldest source first. Rows carry the claim ``id``, ``document_id``, ``cluster``,
    ``speaker``, ``content_start``, ``text`` and the document's ``title``, ``outlet`` and
    ``published``. A claim in no cluster (or alone in it) maps to []. The one function behind
    every count and list of other sources."""
    ids = sorted({int(i) for i in claim_ids})
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    if not ids:
        return out
    bases = _rows_in(store, "c.id", ids, "AND c.cluster IS NOT NULL")
    members: dict[str, list[dict[str, Any]]] = {}
    for row in _rows_in(store, "c.cluster", sorted({b["cluster"] for b in bases}), _ORDER):
        members.setdefault(row["cluster"], []).append(row)
    _add_texts(store, bases + [r for rows in members.values() for r in rows])
    for base in bases:
        out[int(base["id"])] = _others_rows(base, members[base["cluster"]])
    return out


def _rows_in(store: Store, column: str, values: list[Any], tail: str) -> list[dict[str, Any]]:
    """Claim rows whose ``column`` is one of ``values`` (asked 500 at a time)."""
    rows: list[dict[str, Any]] = []
    for chunk in range(0, len(values), 500):
        part = values[chunk : chunk + 500]
        rows += store.rows(
            f"SELECT {_COLUMNS} FROM claims c JOIN documents d ON d.id = c.document_id "
            f"WHERE {column} IN ({','.join('?' * len(part))}) {tail}",
            tuple(part),
        )
    return rows  # a cluster's members all come from one chunk, in its order


def _add_texts(store: Store, rows: list[dict[str, Any]]) -> None:
    """Each row's ``text``: its claim's words, sliced from its document's text."""
    texts: dict[int, str] = {}
    for row in rows:
        doc = int(row["document_id"])
        if doc not in texts:
            texts[doc] = store.scalar("SELECT text FROM documents WHERE id = ?", (doc,)) or ""
        row["text"] = texts[doc][row["content_start"] : row["content_end"]]


def claim_variants(store: Store, claim_id: int, *, alone: bool = False) -> list[Variant]:
    """The claim itself first, then one variant per other document reporting it (see
    :func:`other_sources`), each diffed against it. Empty when no other document reports it,
    unless ``alone``: then the claim by itself (a comparison that can link it to another);
    empty when the claim is gone."""
    others = other_sources(store, [claim_id])[int(claim_id)]
    if not others and not alone:
        return []
    found = _rows_in(store, "c.id", [int(claim_id)], "")
    if not found:
        return []
    base = found[0]
    _add_texts(store, [base])
    text = base["text"]
    return [_row_variant(base, text, True), *(_row_variant(r, text, False) for r in others)]


def source_count(store: Store, claim_id: int) -> int:
    """How many other documents report the same claim (0 when it is in no cluster)."""
    return len(other_sources(store, [claim_id])[int(claim_id)])
