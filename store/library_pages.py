"""Pages of the library list: count the matches of a filter, fetch one window of rows.

The reader's document list asks only for the rows it is about to draw (``page``), so it stays
instant on a store of a million documents. Every order walks an index (newest first:
``documents_published``; the others: migration _library_sort_keys), from whichever end of the
list the page is nearer to.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace
from typing import Any

from gloss.store.db import Store
from gloss.store.search import (
    Filter,
    FilterError,
    filter_where,
    parse_filter,
)
from gloss.store.search import snippets as search_snippets

# Sort keys and the terms each orders by: (SQL, direction), where None follows the chosen
# direction and ties break on the id. The keys are stored columns (``documents.reviewed`` and
# ``document_counts``, kept current by triggers) with an index for each direction (migration
# _library_sort_keys), so a page is read from an index in order, never sorted.
ORDER_TERMS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "date": (("d.published", None), ("d.id", None)),
    "title": (("d.title COLLATE NOCASE", None), ("d.id", "ASC")),
    "outlet": (("d.outlet COLLATE NOCASE", None), ("d.published", "DESC"), ("d.id", "ASC")),
    "words": (("d.words", None), ("d.id", "ASC")),
    "entities": (("k.entities", None), ("k.document_id", "ASC")),
    "claims": (("k.claims", None), ("k.document_id", "ASC")),
    "annotations": (("k.annotations", None), ("k.document_id", "ASC")),
    "status": (
        ("d.reviewed", None),
        ("(d.read_at IS NOT NULL)", None),
        ("d.published", "DESC"),
        ("d.id", "ASC"),
    ),
}
# The direction each column sorts in first (newest, biggest and most-reviewed first).
DEFAULT_DESCENDING = {
    "date": True,
    "words": True,
    "entities": True,
    "claims": True,
    "annotations": True,
    "status": True,
}
# Past this offset a page near the end is read backwards from the end (the order reversed,
# then the rows turned round): an index walk is as long as the distance to the nearer end.
REVERSE_AFTER = 1000

_COLUMNS = (
    "d.id, d.title, d.outlet, d.published, d.words, d.read_at, d.engine IS NULL AS waiting, "
    "coalesce(k.entities, 0) AS entities, coalesce(k.claims, 0) AS claims, "
    "coalesce(k.annotations, 0) AS annotations, d.reviewed AS reviewed"
)


def order_sql(sort: str, descending: bool, *, reverse: bool = False) -> str:
    """The ORDER BY terms of a sort (the date for an unknown one), optionally reversed."""
    terms = ORDER_TERMS.get(sort, ORDER_TERMS["date"])
    chosen = "DESC" if descending else "ASC"
    out = []
    for sql, direction in terms:
        way = direction or chosen
        if reverse:
            way = "ASC" if way == "DESC" else "DESC"
        out.append(f"{sql} {way}")
    return ", ".join(out)


@dataclass(frozen=True)
class ListQuery:
    """What the library shows: a parsed filter plus a sort column and direction."""

    filter: Filter = Filter()
    sort: str = "date"
    descending: bool = True

    @classmethod
    def from_text(cls, text: str, sort: str = "date", descending: bool = True) -> ListQuery:
        """Parse filter text (FilterError when bad); a ``sort:`` in the text wins."""
        flt = parse_filter(text)
        if flt.sort == "rank" and not flt.fts:
            raise FilterError("sort:rank needs some free text to rank by")
        if flt.sort is not None:
            sort = flt.sort
            descending = DEFAULT_DESCENDING.get(sort, False)
        return cls(filter=flt, sort=sort, descending=descending)

    def sorted_by(self, sort: str) -> ListQuery:
        """The same filter sorted by `sort`; choosing the current column flips the direction."""
        if sort == self.sort:
            return replace(self, descending=not self.descending)
        return replace(self, sort=sort, descending=DEFAULT_DESCENDING.get(sort, False))


# Free text that matches much of the store (a letter or two typed in the filter): the newest
# page is found by walking the date index and asking the full-text index about each document,
# rather than collecting every match first (~1 us a match, ~40 us a probe; at 100k documents
# "g" takes 3 ms instead of 100 ms). PROBE_COST is that ratio.
PROBE_COST = 40


# The word being typed, past the prefix indexes (4 characters or more): FTS5 would merge the
# doclists of every word it starts, for each query ("brow"* at 100k documents: ~150 ms with
# snippets). Looked up in the index's term list instead, it becomes an OR of those words
# (exact-word lookups), when there are at most EXPAND_MAX of them.
EXPAND_MAX = 64
_LAST_PREFIX = re.compile(r'"(\w{4,})"\*$')
_TERMS = "temp.documents_fts_terms"  # an fts5vocab table over the index, per connection


def expand_typed_word(store: Store, flt: Filter) -> Filter:
    """`flt` with its last prefix term (4+ characters) replaced by the words it completes to
    in the index, so each is an exact lookup; unchanged when there are too many or the term
    list cannot be read (a read-only connection cannot create its temp table)."""
    found = _LAST_PREFIX.search(flt.fts)
    if found is None:
        return flt
    stem = found.group(1).lower()
    try:
        with store.lock:
            store.conn.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {_TERMS} "
                "USING fts5vocab(main, documents_fts, row)"
            )
            words = [
                row[0]
                for row in store.conn.execute(
                    f"SELECT term FROM {_TERMS} WHERE term >= ? AND term < ? LIMIT ?",
                    (stem, stem + "\U0010ffff", EXPAND_MAX + 1),
                )
            ]
    except sqlite3.OperationalError:
        return flt
    if not words or len(words) > EXPAND_MAX:
        return flt  # none: the prefix finds none either, at once; too many: keep it
    rest = flt.fts[: found.start()].strip()
    either = "(" + " OR ".join('"' + word.replace('"', '""') + '"' for word in words) + ")"
    return replace(flt, fts=f"{rest} AND {either}" if rest else either)


# Reading an entry of the outlet index costs about a third of looking a document up by its
# rowid (at 100k documents, `outlet:Reuters blair`: 12.5k entries 5 ms, 26k lookups 27 ms).
OUTLET_ENTRY_COST = 3


def text_is_probed(store: Store, flt: Filter) -> bool:
    """Whether an ``outlet:`` filter's index should find the documents and the free text
    only be checked against them: when the outlet holds fewer documents (weighted by
    OUTLET_ENTRY_COST) than the free text matches. Otherwise each full-text match is looked
    up, which is what SQLite does by itself."""
    if not (flt.fts and flt.outlets):
        return False
    matches = _text_count(store, flt.fts)
    limit = matches * OUTLET_ENTRY_COST
    in_outlet = store.scalar(
        "SELECT count(*) FROM (SELECT 1 FROM documents WHERE outlet = ? COLLATE NOCASE LIMIT ?)",
        [flt.outlets[0], limit],
    )
    return int(in_outlet or 0) < limit


def count(store: Store, query: ListQuery) -> int:
    """How many documents the query selects."""
    query = replace(query, filter=expand_typed_word(store, query.filter))
    if query.filter.text_only:  # straight from the index: no join with the documents
        return _text_count(store, query.filter.fts)
    where = filter_where(query.filter, fts_probed=text_is_probed(store, query.filter))
    return int(store.scalar("SELECT count(*) FROM documents d" + where.sql, where.params) or 0)


def _text_count(store: Store, fts: str) -> int:
    return int(
        store.scalar("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", [fts]) or 0
    )


def _probe_by_date(store: Store, query: ListQuery, offset: int, limit: int) -> bool:
    """Whether the page is cheaper to find by probing documents in date order (free text that
    matches a large share of the store, near the top of the list) than by collecting every
    match and then ordering."""
    if query.sort != "date" or not query.filter.text_only:
        return False
    matches = _text_count(store, query.filter.fts)
    if not matches:
        return False
    documents = int(store.scalar("SELECT max(id) FROM documents") or 0)  # ~count, O(log n)
    walked = (offset + limit) * documents / matches  # rows read to fill the page
    return walked * PROBE_COST < matches


def page(
    store: Store, query: ListQuery, offset: int, limit: int, *, snippets: bool = True
) -> list[dict[str, Any]]:
    """Rows ``offset .. offset+limit`` of the query: id, title, outlet, published, words,
    read_at, waiting (1: waits for analysis), entities, claims, annotations, reviewed (0/1)
    and snippet ("" without free text).

    Two steps: the ids of the window (read in index order, from the nearer end of the list),
    then the displayed columns for those ids alone. Without `snippets` the snippet of each
    row is None when the query has free text (``snippet_of`` gives it): the library shows
    one, the highlighted row's, and a page's snippets cost more than the page itself.
    """
    query = replace(query, filter=expand_typed_word(store, query.filter))
    flt = query.filter
    if query.sort == "rank" and flt.fts:
        where = filter_where(flt, with_fts=False)
        where.conditions.insert(0, "f.documents_fts MATCH ?")
        sql = (
            "SELECT d.id FROM documents_fts f JOIN documents d ON d.id = f.rowid"
            + where.sql
            + f" ORDER BY f.rank {'DESC' if query.descending else 'ASC'}, d.id LIMIT ? OFFSET ?"
        )
        params = [flt.fts, *where.params, limit, offset]
        reverse = False
    else:
        offset, limit, reverse = _nearer_end(store, query, offset, limit)
        if limit <= 0:
            return []
        sql, params = _window_sql(store, query, offset, limit, reverse)
    with store.lock:
        ids = [int(found[0]) for found in store.conn.execute(sql, params)]
    if reverse:
        ids.reverse()
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    by_id = {
        int(row["id"]): row
        for row in store.rows(
            f"SELECT {_COLUMNS} FROM documents d LEFT JOIN document_counts k "
            f"ON k.document_id = d.id WHERE d.id IN ({marks})",
            ids,
        )
    }
    rows = [by_id[i] for i in ids if i in by_id]
    found = search_snippets(store, flt, ids) if snippets else {}
    for row in rows:
        row["snippet"] = found.get(int(row["id"]), "") if snippets or not flt.fts else None
        row["status"] = status_of(row)
    return rows


def snippet_of(store: Store, query: ListQuery, document_id: int) -> str:
    """The search snippet of one document of the query ("" without free text)."""
    flt = expand_typed_word(store, query.filter)
    return search_snippets(store, flt, [document_id]).get(document_id, "")


def _nearer_end(store: Store, query: ListQuery, offset: int, limit: int) -> tuple[int, int, bool]:
    """The window counted from the nearer end of the list: (offset, limit, reversed)."""
    if offset < REVERSE_AFTER:
        return offset, limit, False
    total = count(store, query)
    if offset + limit // 2 <= total // 2:
        return offset, limit, False
    back = total - offset - limit  # rows after the window
    return max(back, 0), limit + min(back, 0), True


def _window_sql(
    store: Store, query: ListQuery, offset: int, limit: int, reverse: bool
) -> tuple[str, list[Any]]:
    """The SQL and parameters of the window's ids in the query's order (or its reverse)."""
    flt = query.filter
    where = filter_where(flt, fts_probed=text_is_probed(store, flt))
    if _probe_by_date(store, query, offset, limit):
        where = filter_where(flt, with_fts=False)
        where.conditions.append(
            "EXISTS (SELECT 1 FROM documents_fts f WHERE f.documents_fts MATCH ? "
            "AND f.rowid = d.id)"
        )
        where.params.append(flt.fts)
    order = order_sql(query.sort, query.descending, reverse=reverse)
    if "k." not in order:
        source, key = "documents d", "d.id"
    elif where.conditions:
        source, key = "documents d JOIN document_counts k ON k.document_id = d.id", "d.id"
    else:  # a count's order over every document: the counts' index alone
        source, key = "document_counts k", "k.document_id"
    sql = f"SELECT {key} FROM {source}{where.sql} ORDER BY {order} LIMIT ? OFFSET ?"
    return sql, [*where.params, limit, offset]


def status_of(row: dict[str, Any]) -> str:
    """The review state shown in the list: reviewed, read or unread."""
    if row.get("reviewed"):
        return "reviewed"
    return "read" if row.get("read_at") else "unread"
