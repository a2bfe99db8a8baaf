"""Store-level rows of the suite: filter as you type, sorts and status filters, saves, export.

Each function takes a store (a working copy when it writes) and returns table rows.
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gloss.store import Store
from gloss.store.annotations import create_annotation
from gloss.store.export import SPECS, TEXT, _sql_safe, export_file
from gloss.store.library_pages import ORDER_TERMS, ListQuery, count, page, snippet_of
from tests.bench.table import Row

PAGE = 100  # the document list's page (tui.widgets.document_list.PAGE_SIZE)
TYPED = "gordon brown"
PHRASES = ('"prime minister"', '"gordon brown" tax', "tag:election budget", "outlet:Reuters blair")


def _ms(run: Callable[[], Any]) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(int(p * len(ordered)), len(ordered) - 1)]


def keystroke(store: Store, text: str) -> tuple[float, int]:
    """What the library does on each keystroke in the filter before it shows the list
    (tui.widgets.document_list, DocumentList._run_query): parse, count, the first page, the
    highlighted (first) row's snippet. The other rows' snippets are fetched when highlighted."""
    started = time.perf_counter()
    query = ListQuery.from_text(text)
    total = count(store, query)
    rows = page(store, query, 0, PAGE, snippets=False)
    if rows and rows[0]["snippet"] is None:
        snippet_of(store, query, int(rows[0]["id"]))
    return (time.perf_counter() - started) * 1000, total


def typed_texts() -> list[str]:
    """Every prefix of TYPED, as typed, then the phrases."""
    return [TYPED[:n] for n in range(1, len(TYPED) + 1) if not TYPED[:n].endswith(" ")] + list(
        PHRASES
    )


def filter_rows(store: Store, docs: int, repeat: int = 3) -> tuple[list[Row], dict[str, int]]:
    """p95 per keystroke over the prefixes of 'gordon brown' and a few phrases; the counts."""
    times: list[float] = []
    counts: dict[str, int] = {}
    for _ in range(repeat):
        for text in typed_texts():
            ms, total = keystroke(store, text)
            times.append(ms)
            counts[text] = total
    target = 50.0 if docs <= 100_000 else 150.0
    size = f"{docs // 1000}k"
    return [
        Row(f"filter as you type, p95 per key, {size}", pct(times, 0.95), at_most=target),
    ], counts


def sort_rows(store: Store, docs: int) -> list[Row]:
    """The slowest first, middle or last page over every sort (both directions) and every
    status: filter."""
    total = count(store, ListQuery())
    worst, worst_name = 0.0, ""
    queries = [ListQuery().sorted_by(sort) for sort in ORDER_TERMS]
    queries += [query.sorted_by(query.sort) for query in queries]  # the other direction
    queries += [
        ListQuery.from_text(f"status:{s}") for s in ("unread", "read", "reviewed", "unreviewed")
    ]
    for query in queries:
        matching = count(store, query) if query.filter.status else total
        last = max(0, matching - PAGE)
        for offset, where in ((0, "first"), (last // 2, "middle"), (last, "last")):
            ms = _ms(lambda q=query, o=offset: page(store, q, o, PAGE))
            if ms > worst:
                worst = ms
                what = query.filter.status and f"status:{query.filter.status}" or query.sort
                way = "" if query.filter.status else (" desc" if query.descending else " asc")
                worst_name = f"{what}{way}, {where} page"
    return [
        Row(
            f"slowest library sort/status page, {docs // 1000}k",
            worst,
            at_most=50.0,
            note=worst_name,
        )
    ]


def save_rows(store: Store, saves: int = 200) -> list[Row]:
    """p99 of a committed tag-and-note save."""
    rng = random.Random(5)
    docs = [(r["id"], r["n"]) for r in store.rows("SELECT id, length(text) AS n FROM documents")]
    times = []
    for _ in range(saves):
        doc, length = rng.choice(docs)
        start = rng.randrange(0, max(1, length - 80))
        times.append(
            _ms(
                lambda d=doc, s=start: create_annotation(
                    store, d, s, s + 40, tags=["check"], note="A *short* note.", author="bench"
                )
            )
        )
    return [Row("save a tag and note, p99", pct(times, 0.99), at_most=10.0)]


def export_rows(store: Store, db: Path, repeat: int = 3) -> list[Row]:
    """CSV export of every entity: rows/s, and time against `sqlite3 -csv` on the same rows
    (the median of `repeat` runs of each, taken in turns, as the machine is shared)."""
    shell = shutil.which("sqlite3")
    spec, source, order = SPECS["entities"]
    # The export's cells (formula escaping included) as plain SQL, without what the export
    # adds to help its own CSV writer (NULL as '', integers as text).
    cells = [_sql_safe(expr) if kind == TEXT else expr for _, expr, kind in spec]
    sql = f"SELECT {', '.join(cells)} FROM {source} ORDER BY {order};"
    times: list[float] = []
    shell_times: list[float] = []
    rows = 0
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            started = time.perf_counter()
            rows = export_file(store, Path(tmp) / "entities.csv", "entities", "csv")
            times.append(time.perf_counter() - started)
            if shell is not None:
                with (Path(tmp) / "shell.csv").open("wb") as handle:
                    started = time.perf_counter()
                    subprocess.run(
                        [shell, "-csv", "-header", str(db), sql], stdout=handle, check=True
                    )
                    shell_times.append(time.perf_counter() - started)
    seconds = statistics.median(times)
    return [
        Row(f"CSV export, {rows:,} entities", rows / seconds, unit="rows/s", at_least=50_000),
        Row(
            "CSV export time vs sqlite3 -csv",
            seconds * 1000,
            reference=statistics.median(shell_times) * 1000 if shell_times else None,
            at_most=2.0,
            ratio=True,
            note="" if shell is not None else "sqlite3 shell not installed",
        ),
    ]


def median(values: list[float]) -> float:
    """The median (a name for the app rows to share)."""
    return statistics.median(values)
