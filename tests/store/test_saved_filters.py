"""Saved filters (a name for the library's filter, recalled from a key or the palette) and the
filter box's recent filters (up/down), kept in the store."""

from __future__ import annotations

import pytest

from gloss.store import GlossError, Store
from gloss.store.saved_filters import (
    HISTORY_SIZE,
    delete_filter,
    mark_used,
    recent_filters,
    remember_filter,
    save_filter,
    saved_filter,
    saved_filters,
)


def test_save_replace_and_delete(store: Store) -> None:
    assert save_filter(store, "  Kirby  quotes ", 'entity:"John Kirby" tag:quote') is True
    assert saved_filter(store, "Kirby quotes") == 'entity:"John Kirby" tag:quote'
    assert save_filter(store, "Kirby quotes", "outlet:Reuters") is False  # replaced
    assert [(r["name"], r["filter"]) for r in saved_filters(store)] == [
        ("Kirby quotes", "outlet:Reuters")
    ]
    assert delete_filter(store, "Kirby quotes") is True
    assert delete_filter(store, "Kirby quotes") is False
    assert saved_filters(store) == []


def test_empty_name_or_filter_is_refused(store: Store) -> None:
    with pytest.raises(GlossError, match="needs a name"):
        save_filter(store, "  ", "outlet:Reuters")
    with pytest.raises(GlossError, match="nothing to save"):
        save_filter(store, "all", "   ")
    assert saved_filters(store) == []


def test_recalled_filters_sort_first(store: Store) -> None:
    save_filter(store, "a", "outlet:a")
    save_filter(store, "b", "outlet:b")
    with store.write() as conn:  # both saved at the same second: make a older
        conn.execute("UPDATE saved_filters SET created = '2020-01-01T00:00:00Z'")
    mark_used(store, "a")
    assert [r["name"] for r in saved_filters(store)] == ["a", "b"]


def test_recent_filters_move_to_the_end_and_are_capped(store: Store) -> None:
    for text in ("one", "two", " one ", "", "three"):
        remember_filter(store, text)
    assert recent_filters(store) == ["two", "one", "three"]
    for n in range(HISTORY_SIZE + 5):
        remember_filter(store, f"f{n}")
    kept = recent_filters(store)
    assert len(kept) == HISTORY_SIZE and kept[-1] == f"f{HISTORY_SIZE + 4}"
    assert "three" not in kept
