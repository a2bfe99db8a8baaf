"""Which documents wait for analysis.

A document's ``engine``/``engine_version`` say which analysis ran on it; NULL means it is
waiting: imported with ``--no-analysis``, or by an import or first run that was stopped or
interrupted before its analysis. Waiting documents are what ``gloss analyze`` (no argument),
re-importing the same files and the reader's "analyse waiting documents" catch up on. An
index on those columns (schema 5) keeps these queries off the documents' text.
"""

from __future__ import annotations

from collections.abc import Iterable

from gloss.store.db import Store

CHUNK = 500  # ids per IN (...) list


def waiting_count(store: Store) -> int:
    """How many documents wait for analysis."""
    return int(store.scalar("SELECT count(*) FROM documents WHERE engine IS NULL") or 0)


def waiting_ids(store: Store) -> list[int]:
    """The ids of every document waiting for analysis, oldest first."""
    rows = store.rows("SELECT id FROM documents WHERE engine IS NULL ORDER BY id")
    return [int(row["id"]) for row in rows]


def waiting_among(store: Store, ids: Iterable[int]) -> list[int]:
    """Those of ``ids`` that wait for analysis (e.g. unchanged files of a re-import), each
    once, in the order given."""
    found: list[int] = []
    todo = list(dict.fromkeys(ids))
    for i in range(0, len(todo), CHUNK):
        chunk = todo[i : i + CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = store.rows(
            f"SELECT id FROM documents WHERE engine IS NULL AND id IN ({marks})",
            chunk,
        )
        waiting = {int(row["id"]) for row in rows}
        found.extend(i for i in chunk if i in waiting)
    return found
