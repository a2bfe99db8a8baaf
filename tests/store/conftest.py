"""Fixtures shared by the store tests."""

from __future__ import annotations

import pytest

from gloss.store.annotations import create_annotation
from tests.store.annotated_source import NOTES, TAGS, TEXTS, make_store


@pytest.fixture
def source(tmp_path):
    """Two documents with six annotations (one orphan) whose notes and tags test escaping."""
    store = make_store(tmp_path / "a.db")
    text = TEXTS[0][0]
    spans = [(0, 5), (text.index("troubling"), text.index("troubling") + 9), (None, None)]
    for i, (note, tags) in enumerate(zip(NOTES, TAGS, strict=True)):
        start, end = spans[i % len(spans)]
        create_annotation(
            store,
            1 + i % 2 if start is None else 1,
            start,
            end,
            tags=tags,
            note=note,
            author="=ana" if i == 0 else "bo",
        )
    create_annotation(store, 2, 2, 8, tags=["x"], note="second doc")
    with store.write() as conn:  # one orphan, as a re-import that lost its quote leaves it
        conn.execute("UPDATE annotations SET orphan = 1 WHERE note = ?", ("second doc",))
    yield store
    store.close()
