"""Benchmark: export 1M generated annotations (CSV, JSONL, W3C) and compare with `sqlite3 -csv`.

Run from the repo: ``/work/venv/bin/python tests/bench/bench_export.py [ROWS]``. A temporary
store gets 1,000 documents and ROWS annotations (default 1,000,000; about 1.5 tags each, notes
with commas, quotes, newlines and formula characters), inserted with executemany. Each export
goes through store.export.export_file (the function behind `gloss export -o FILE`: streaming,
atomic temp file, fsync). The `sqlite3 -csv` row runs the very same SELECT in the SQLite shell
(skipped when the shell is not installed), so the ratio measures gloss's Python overhead.
"""

from __future__ import annotations

import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from gloss.store import open_store  # noqa: E402
from gloss.store.anchoring import selector  # noqa: E402
from gloss.store.export import SPECS, _select, export_file  # noqa: E402

DOCS = 1000
TAGS = [f"tag {i}" for i in range(18)] + ["needs, source", "=formula; tag"]
NOTES = ["", "", "plain note", 'says "who", where, when', "line one\nline two", "=SUM(A1:A9)"]
STAMP = "2026-11-23T10:00:00Z"


def generate(db: Path, rows: int) -> float:
    """Fill a new store; returns the seconds it took."""
    started = time.perf_counter()
    store = open_store(db)
    rng = random.Random(7)
    words = "the minister said on friday that talks had stalled over the border".split()
    texts = [" ".join(rng.choice(words) for _ in range(600)) for _ in range(DOCS)]
    with store.write() as conn:
        # The note FTS index is irrelevant to exporting; without its trigger 1M rows load 3x
        # faster. This store is thrown away.
        conn.execute("DROP TRIGGER annotations_fts_ai")
        conn.executemany(
            "INSERT INTO documents (id, sha256, title, outlet, published, text, words, imported, "
            "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    i,
                    f"{i:064x}",
                    f"Title {i}, with a comma",
                    rng.choice(["Reuters", "The Hill", "BBC"]),
                    f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    texts[i - 1],
                    600,
                    STAMP,
                    STAMP,
                )
                for i in range(1, DOCS + 1)
            ),
        )
        conn.executemany("INSERT INTO tags (id, name) VALUES (?, ?)", enumerate(TAGS, 1))
        conn.executemany(
            "INSERT INTO annotations (id, document_id, start, end, quote, prefix, suffix, note, "
            "author, created, updated, text_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _annotations(rows, rng, texts),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
            ((f"a{n:07d}", rng.randint(1, len(TAGS))) for n in range(rows) for _ in range(n % 3)),
        )
    store.close()
    return time.perf_counter() - started


def _annotations(rows: int, rng: random.Random, texts: list[str]) -> Iterator[tuple[object, ...]]:
    """Annotations whose quote selectors really match their document's text."""
    for n in range(rows):
        doc = 1 + n % DOCS
        text = texts[doc - 1]
        start = rng.randint(0, len(text) - 40)
        yield (
            f"a{n:07d}",
            doc,
            start,
            start + 12,
            *selector(text, start, start + 12),
            NOTES[n % len(NOTES)],
            "ana" if n % 2 else "bo",
            STAMP,
            STAMP,
            f"{doc:064x}",
        )


def timed_export(store: object, out: Path, fmt: str, raw: bool = False) -> float:
    started = time.perf_counter()
    export_file(store, out, "annotations", fmt, raw=raw)  # type: ignore[arg-type]
    return time.perf_counter() - started


def sqlite_shell(db: Path, out: Path) -> float | None:
    """The same SELECT through `sqlite3 -csv`; None when the shell is not installed."""
    shell = shutil.which("sqlite3")
    if shell is None:
        return None
    _, source, order = SPECS["annotations"]
    sql = (
        f"SELECT {', '.join(_select('annotations', 'csv', False))} FROM {source} ORDER BY {order};"
    )
    started = time.perf_counter()
    with out.open("wb") as handle:
        subprocess.run([shell, "-csv", "-header", str(db), sql], stdout=handle, check=True)
    return time.perf_counter() - started


def main() -> int:
    """Generate, export in every format, print the table."""
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        print(f"generating {rows:,} annotations on {DOCS:,} documents ...", flush=True)
        print(f"generated in {generate(db, rows):.1f} s")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        store = open_store(db)
        results: list[tuple[str, float | None, Path]] = []
        for label, fmt, raw in [
            ("gloss csv", "csv", False),
            ("gloss csv --raw", "csv", True),
            ("gloss jsonl", "jsonl", False),
            ("gloss w3c", "w3c", False),
        ]:
            out = Path(tmp) / f"out-{fmt}-{raw}"
            results.append((label, timed_export(store, out, fmt, raw), out))
            print(f"  {label}: done", flush=True)
        store.close()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        shell_out = Path(tmp) / "shell.csv"
        shell = sqlite_shell(db, shell_out)
        results.append(("sqlite3 -csv (same SELECT)", shell, shell_out))
        base = results[0][1] or 1.0
        header = f"{'export':<28}{'seconds':>9}{'rows/s':>12}{'MB':>8}{'vs gloss csv':>14}"
        print()
        print(header)
        print("-" * len(header))
        for label, seconds, out in results:
            if seconds is None:
                print(f"{label:<28}{'skipped: sqlite3 shell not installed':>43}")
                continue
            size = out.stat().st_size / 1e6
            print(
                f"{label:<28}{seconds:>9.2f}{rows / seconds:>12,.0f}{size:>8.1f}"
                f"{seconds / base:>13.2f}x"
            )
        print(
            f"\npeak RSS before exports {rss_before / 1024:.0f} MB, after {rss_after / 1024:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
