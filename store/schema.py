"""The store's schema as data: which tables and columns a gloss store of this version has.

Read through sqlite-utils' introspection (``Database.tables``, ``Table.columns_dict``) on a
fresh in-memory store, so the expected schema is whatever the migrations build, never a second
hand-kept copy. Used to check that a migrated store matches a new one, and by `gloss check`.
"""

from __future__ import annotations

from functools import cache

from gloss.store.db import Store


def table_columns(store: Store) -> dict[str, dict[str, str]]:
    """Every table's columns and their declared types (FTS shadow tables left out)."""
    with store.lock:
        db = store.db
        out: dict[str, dict[str, str]] = {}
        for table in db.tables:
            if any(table.name.endswith(s) for s in ("_data", "_idx", "_docsize", "_config")):
                continue  # FTS5's own storage; their shape is SQLite's business
            out[table.name] = {name: str(kind) for name, kind in _declared(store, table.name)}
        return out


def _declared(store: Store, table: str) -> list[tuple[str, str]]:
    return [(c.name, c.type) for c in store.db[table].columns]


@cache
def expected_columns() -> dict[str, dict[str, str]]:
    """The tables and columns that this gloss's migrations build."""
    from gloss.store.migrations import open_store

    fresh = open_store(":memory:")
    try:
        return table_columns(fresh)
    finally:
        fresh.close()


def schema_problems(store: Store) -> list[str]:
    """What differs from this gloss's schema, one line each ("missing table x", "missing
    column x.y"); empty for a healthy store. Extra tables and columns are allowed (a user's
    own additions, e.g. via sqlite-utils or Datasette)."""
    found = table_columns(store)
    problems = []
    for table, columns in expected_columns().items():
        if table not in found:
            problems.append(f"missing table {table}")
            continue
        for name in columns:
            if name not in found[table]:
                problems.append(f"missing column {table}.{name}")
    return problems
