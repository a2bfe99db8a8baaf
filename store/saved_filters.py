"""Saved library filters (a name for a filter, recalled later) and the recent filters.

Both live in the store (migration ``_saved_filters``): a filter names this store's tags,
outlets, entities and story ids, so it travels with the store, its backups and ``--db``.
"""

from __future__ import annotations

from typing import Any

from gloss.store.db import Store
from gloss.store.documents import now_iso
from gloss.store.errors import GlossError

HISTORY_SIZE = 100  # recent filters kept (older ones are forgotten)


def _clean(text: str) -> str:
    return " ".join(text.split())


def save_filter(store: Store, name: str, text: str) -> bool:
    """Name a filter; a filter saved under that name before is replaced. True when the name
    was new. Raises GlossError for an empty name or filter."""
    name, text = _clean(name), text.strip()
    if not name:
        raise GlossError("a saved filter needs a name")
    if not text:
        raise GlossError("an empty filter lists every document: nothing to save")
    with store.write() as conn:
        existed = conn.execute("SELECT 1 FROM saved_filters WHERE name = ?", (name,)).fetchone()
        conn.execute(
            "INSERT INTO saved_filters (name, filter, created) VALUES (?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET filter = excluded.filter, created = excluded.created",
            (name, text, now_iso()),
        )
    return existed is None


def saved_filters(store: Store) -> list[dict[str, Any]]:
    """Every saved filter (name, filter, created, used), most recently used or saved first."""
    return store.rows(
        "SELECT name, filter, created, used FROM saved_filters "
        "ORDER BY max(coalesce(used, ''), created) DESC, name"
    )


def saved_filter(store: Store, name: str) -> str | None:
    """The filter saved under ``name`` (None: no such name)."""
    return store.scalar("SELECT filter FROM saved_filters WHERE name = ?", (name,))


def mark_used(store: Store, name: str) -> None:
    """Remember that a saved filter was recalled (it sorts first next time)."""
    with store.write() as conn:
        conn.execute("UPDATE saved_filters SET used = ? WHERE name = ?", (now_iso(), name))


def delete_filter(store: Store, name: str) -> bool:
    """Forget a saved filter; False when there was none by that name."""
    with store.write() as conn:
        return conn.execute("DELETE FROM saved_filters WHERE name = ?", (name,)).rowcount > 0


def remember_filter(store: Store, text: str) -> None:
    """Add a filter to the recent filters (typed again: it moves to the newest); an empty
    filter is not remembered. Keeps the newest ``HISTORY_SIZE``."""
    text = text.strip()
    if not text:
        return
    with store.write() as conn:
        conn.execute("DELETE FROM filter_history WHERE filter = ?", (text,))
        conn.execute("INSERT INTO filter_history (filter) VALUES (?)", (text,))
        conn.execute(
            "DELETE FROM filter_history WHERE id NOT IN "
            "(SELECT id FROM filter_history ORDER BY id DESC LIMIT ?)",
            (HISTORY_SIZE,),
        )


def recent_filters(store: Store, limit: int = HISTORY_SIZE) -> list[str]:
    """The recent filters, oldest first (as a shell's history: up goes back in time)."""
    rows = store.rows("SELECT filter FROM filter_history ORDER BY id DESC LIMIT ?", (limit,))
    return [row["filter"] for row in reversed(rows)]
