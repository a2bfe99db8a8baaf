"""Fixtures shared by every test layer: a fresh store, paths to the external data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gloss.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]

SHARED_DATA = (REPO.parent / "shared" / "data").resolve()
SEEDS = REPO / "seeds"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, skipping the test when it is not there (a user's clone)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"external data {path} is not available")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in a temporary file."""
    opened = open_store(tmp_path / "gloss.db")
    yield opened
    opened.close()


def damage_table(path: str | Path, table: str) -> None:
    """Overwrite the root page of ``table`` in the store file with garbage, as a disk or a
    stray program might: the schema still reads, the table does not. Call it once the store's
    writes are in the main file (its connections closed or its WAL checkpointed)."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
    conn.close()
    with open(path, "r+b") as raw:
        raw.seek((root - 1) * page_size)
        raw.write(b"\xff" * page_size)
