"""Annotation save benchmark: latency of each committed save (target p99 <= 10 ms).

    PYTHONPATH=. python tests/bench/bench_annotate.py [--saves 1000] [--existing 10000]

A store on a temporary file (WAL, as the app uses it) with the seed articles. Times
create_annotation (a span with tags and a note, returned after COMMIT), then the same with
`--existing` annotations already in the store, plus edits, deletes, undo and a 1 MB note.
Finally the reader's whole pinned-tag key (save, reload the document's annotations, redraw
the layer and the panel) in the real app, headless. Prints a table in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gloss.store import Store, open_store
from gloss.store.annotations import (
    create_annotation,
    delete_annotation,
    pin_tag,
    undo,
    update_annotation,
)
from gloss.store.file_import import ensure_seeded

TAGS = ("check", "context", "needs source", "🔥 hot", "quote, unverified", "follow up")


def _spans(store: Store) -> list[tuple[int, int]]:
    """(document id, text length) of every seed document."""
    return [(r["id"], r["n"]) for r in store.rows("SELECT id, length(text) AS n FROM documents")]


def _timed(run: Callable[[], Any], times: list[float]) -> Any:
    started = time.perf_counter()
    result = run()
    times.append((time.perf_counter() - started) * 1000)
    return result


def _create(store: Store, docs: list[tuple[int, int]], rng: random.Random) -> Callable[[], Any]:
    doc, length = rng.choice(docs)
    start = rng.randrange(0, length - 80)
    tags = rng.sample(TAGS, rng.randint(1, 3))
    return lambda: create_annotation(
        store,
        doc,
        start,
        start + rng.randint(5, 80),
        tags=tags,
        note="A *short* note.",
        author="bench",
    )


def measure_store(
    store: Store, saves: int, existing: int, rng: random.Random, ui_keys: int
) -> dict:
    """Per-operation latencies (ms) before and after `existing` annotations are added."""
    docs = _spans(store)
    rows: dict[str, list[float]] = {}
    rows["create (seeds only)"] = times = []
    for _ in range(saves):
        _timed(_create(store, docs, rng), times)
    _measure_ui(store, ui_keys, rows)
    for _ in range(existing):
        _create(store, docs, rng)()
    total = store.scalar("SELECT count(*) FROM annotations")
    label = f"({total:,} in store)"
    rows[f"create {label}"] = times = []
    made = [_timed(_create(store, docs, rng), times) for _ in range(saves)]
    rows[f"edit tags {label}"] = times = []
    for ann in made:
        _timed(lambda a=ann: update_annotation(store, a.id, add_tags=["edited"]), times)
    rows[f"edit note {label}"] = times = []
    for ann in made:
        _timed(lambda a=ann: update_annotation(store, a.id, note="Changed **note**."), times)
    rows[f"delete {label}"] = times = []
    for ann in made[: saves // 2]:
        _timed(lambda a=ann: delete_annotation(store, a.id), times)
    rows[f"undo {label}"] = times = []
    for doc, _ in docs * (saves // (2 * len(docs))):
        _timed(lambda d=doc: undo(store, d), times)
    rows["create, 1 MB note"] = times = []
    big = ("A long note line with *markdown*.\n" * 32_000)[: 1024 * 1024]
    for _ in range(20):
        doc, _ = docs[0]
        _timed(lambda d=doc: create_annotation(store, d, note=big, author="bench"), times)
    _measure_ui(store, ui_keys, rows)
    return rows


def _measure_ui(store: Store, keys: int, rows: dict[str, list[float]]) -> None:
    on_doc = store.scalar(
        "SELECT max(n) FROM (SELECT count(*) AS n FROM annotations GROUP BY document_id)"
    )
    rows[f"reader key 1 ({on_doc:,} on the doc)*"] = asyncio.run(measure_ui(store, keys))


async def measure_ui(store: Store, keys: int) -> list[float]:
    """The reader's pinned-tag key on the annotated document: save + reload + redraw (ms)."""
    from gloss.tui.app import GlossApp
    from gloss.tui.messages import OpenDocument

    doc = store.row(
        "SELECT document_id AS id, count(*) AS n FROM annotations "
        "GROUP BY document_id ORDER BY n DESC LIMIT 1"
    )
    pin_tag(store, "check", "1")
    app = GlossApp(store, author="bench")
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        app.post_message(OpenDocument(doc["id"]))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        screen = app.screen
        await pilot.press("A")  # the panel is redrawn on every save too
        for n in range(keys):
            screen.view.move("sentence", 1 if n % 40 < 20 else -1)
            started = time.perf_counter()
            screen.action_pin("1")
            screen._compositor.render_strips()  # noqa: SLF001 - the repaint that follows
            times.append((time.perf_counter() - started) * 1000)
            await pilot.pause()
    return times


def _row(name: str, values: list[float]) -> str:
    values = sorted(values)

    def pct(p: float) -> float:
        return values[min(int(p * len(values)), len(values) - 1)]

    return (
        f"{name:<34} {len(values):>6} {statistics.median(values):>7.2f} {pct(0.95):>7.2f} "
        f"{pct(0.99):>7.2f} {values[-1]:>7.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--existing", type=int, default=10_000)
    parser.add_argument("--ui-keys", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        ensure_seeded(store)
        rows = measure_store(store, args.saves, args.existing, rng, args.ui_keys)
        store.close()
    print("annotation saves, committed (ms); target p99 <= 10 ms for a save")
    print(f"{'operation':<34} {'n':>6} {'median':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    for name, values in rows.items():
        print(_row(name, values))
    print("* the whole key in the reader: save, re-read that annotation, redraw text and panel")


if __name__ == "__main__":
    main()
