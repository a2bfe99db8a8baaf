"""Benchmark: import ../shared/data/bbc-news into a fresh temporary store (no analysis).

Run from the repo: ``/work/venv/bin/python tests/bench/bench_import.py [FOLDER]``. Prints one
row per run: a first import, then a second run where every file is unchanged. Decode, metadata,
insert and the FTS5 index are all inside the timing; entity/claim analysis is not.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from gloss.store import open_store  # noqa: E402
from gloss.store.file_import import import_paths  # noqa: E402

DEFAULT_FOLDER = REPO / ".." / "shared" / "data" / "bbc-news"


def main() -> int:
    """Run the benchmark and print the table."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER
    if not folder.is_dir():
        print(f"{folder}: not found (the benchmark needs the shared data sets)")
        return 1
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    header = (
        f"{'run':<8}{'files':>7}{'imported':>10}{'unchanged':>11}{'rejected':>10}"
        f"{'seconds':>9}{'docs/s':>9}{'MB/s':>7}"
    )
    print(f"folder: {folder.resolve()} ({size / 1e6:.1f} MB)")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        for run in ("first", "second"):
            started = time.perf_counter()
            report = import_paths(store, [folder])
            seconds = time.perf_counter() - started
            files = report.imported + report.updated + report.unchanged + len(report.rejected)
            print(
                f"{run:<8}{files:>7}{report.imported + report.updated:>10}"
                f"{report.unchanged:>11}{len(report.rejected):>10}{seconds:>9.2f}"
                f"{files / seconds:>9.0f}{size / 1e6 / seconds:>7.1f}"
            )
        for path, reason in report.rejected:
            print(f"rejected: {path}: {reason}")
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
