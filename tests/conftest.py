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


# A long text for the long-document tests: FIRST names "John Kirby" in full once, then news
# paragraphs with names, quotes and reported speech repeat.
FIRST = (
    "White House spokesman John Kirby said on Friday that North Korea had delivered more "
    "than 1,000 containers of military equipment to Russia."
)
PARAGRAPHS = [
    "“We condemn this transfer, and we will respond,” Kirby told reporters in Washington, "
    "adding that the United States would raise the issue at the United Nations.",
    "Officials in Seoul said the shipments began in August, according to South Korea's "
    "defence ministry.",
    "Kirby said the Pentagon was watching closely. “It is a serious concern. We will not "
    "look away,” he said.",
    "Analysts at the Institute for Defence Studies said the trade was worth $300 million.",
]


def long_text(size: int, separator: str = "\n\n") -> str:
    """FIRST, then the paragraphs repeated to about ``size`` characters: "John Kirby" is
    named in full only at the start."""
    parts = [FIRST]
    total = len(FIRST)
    i = 0
    while total < size:
        parts.append(PARAGRAPHS[i % len(PARAGRAPHS)])
        total += len(parts[-1]) + len(separator)
        i += 1
    return separator.join(parts)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in a temporary file."""
    opened = open_store(tmp_path / "gloss.db")
    yield opened
    opened.close()


@pytest.fixture
def no_dask_left() -> Iterator[None]:
    """Fails the test when a process it started (a Dask worker) is still running after it,
    or a thread: a thread left behind makes this process look threaded to later tests (the
    analysis pool then spawns instead of forking). Dask keeps one thread of its own for good
    (its offload executor's); it is replaced by a fresh executor that has none yet.
    multiprocessing's resource tracker, one per test process, stays by design."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    import psutil

    yield
    me = psutil.Process()

    def workers() -> list[list[str]]:
        found = [p.cmdline() for p in me.children(recursive=True)]
        return [c for c in found if not any("resource_tracker" in part for part in c)]

    deadline = time.monotonic() + 10
    while (left := workers()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left
    import distributed.utils

    used = distributed.utils._offload_executor
    distributed.utils._offload_executor = ThreadPoolExecutor(1, thread_name_prefix="Dask-Offload")
    used.shutdown(wait=True)
    deadline = time.monotonic() + 5
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [t.name for t in threading.enumerate()] == [threading.current_thread().name]


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


def mark_analysed(store: Store) -> None:
    """Record every document as analysed by this version and the store as linked (as after a
    real analysis), so the app finds nothing waiting and nothing to relink on start."""
    from gloss.store.analysis import ANALYSIS_VERSION
    from gloss.store.analysis.clusters import LINKS_VERSION

    with store.write() as conn:
        conn.execute(
            "UPDATE documents SET engine = 'fixture', engine_version = ?",
            (f"fixture/gloss{ANALYSIS_VERSION}",),
        )
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('links_version', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (LINKS_VERSION,),
        )
