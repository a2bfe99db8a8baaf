"""The benchmark suite: ``python -m tests.bench [--quick] [--sizes 10000,100000]``.

Builds (once, in a cache folder outside the repo) or reuses stores of BBC News sentences with
entities, claims, stories, tags, notes and verdicts (tests/bench/corpus.py), measures each
metric of the performance targets, and prints one table: metric, value, the reference measured
in the same run, the ratio, the target and pass/FAIL. Each run is saved as JSON under
tests/bench/results/ and the table shows the last run's values beside this one's.

``--quick`` (what CI runs) measures the 10k store only and takes under a minute. Timing rows
print FAIL on a slow machine but do not change the exit status (pass ``--strict`` for that);
a failed correctness row (``kind=check``) exits 1. Without ../shared/data/bbc-news the suite
says so and exits 0.

The older single-purpose scripts run through the same entry point:
``python -m tests.bench reader --docs 1000000`` runs tests/bench/bench_reader.py, and so on
for import, annotate, review, corpus, export, analysis, first_run, long_text and link.
"""

from __future__ import annotations

import argparse
import runpy
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import table
from tests.bench.corpus import DataMissing, bench_store, load_corpus, working_copy
from tests.bench.table import Row

SCRIPTS = Path(__file__).resolve().parent


def _run_script(name: str, args: list[str]) -> int:
    script = SCRIPTS / f"bench_{name}.py"
    if not script.exists():
        names = sorted(p.stem.removeprefix("bench_") for p in SCRIPTS.glob("bench_*.py"))
        print(f"no benchmark {name!r} (one of: {', '.join(names)})", file=sys.stderr)
        return 2
    sys.argv = [str(script), *args]
    runpy.run_path(str(script), run_name="__main__")
    return 0


def measure(sizes: list[int], quick: bool) -> list[Row]:
    """Every row of the table, for each store size."""
    from tests.bench import app_timings, memory, startup, store_timings

    rows: list[Row] = []
    for n, docs in enumerate(sizes):
        path = bench_store(docs)
        with tempfile.TemporaryDirectory(prefix="gloss-bench-") as tmp:
            store = working_copy(path, Path(tmp))
            try:
                found, counts = store_timings.filter_rows(store, docs)
                rows += found
                rows += _prefix_checks(counts, docs)
                rows += store_timings.sort_rows(store, docs)
                if n == 0:  # once: these do not depend on the store's size
                    rows += store_timings.save_rows(store)
                    rows += store_timings.export_rows(store, Path(store.path))
                    rows += app_timings.document_rows(store)
                rows += app_timings.first_paint_rows(store, docs)
                rows += app_timings.navigation_rows(store, docs)
                rows += app_timings.dialog_rows(store, docs)
                rows += startup.start_rows(Path(store.path), docs)
                rows += memory.rss_rows(store, docs)  # last: its document becomes the newest
            finally:
                store.close()
    return rows


def _prefix_checks(counts: dict[str, int], docs: int) -> list[Row]:
    """Correctness: each prefix of a word typed in the filter matches at least the documents
    the whole word matches (today's library: `gor` found nothing)."""
    word = "gordon"
    whole = counts.get(word, 0)
    ok = whole > 0 and all(counts.get(word[:n], 0) >= whole for n in range(1, len(word)))
    detail = ", ".join(f"{word[:n]} {counts.get(word[:n], 0):,}" for n in range(1, len(word) + 1))
    return [
        Row(
            f"filter prefixes match as typed, {docs // 1000}k",
            "yes" if ok else "no",
            kind="check",
            note=f"documents matched: {detail}",
        )
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the suite (or one of the older scripts) and print the table."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and not argv[0].startswith("-"):
        return _run_script(argv[0], argv[1:])
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the 10k store only (CI)")
    parser.add_argument("--sizes", default="10000,100000", help="store sizes, comma-separated")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a timing row fails")
    args = parser.parse_args(argv)
    sizes = [10_000] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    mode = "quick" if args.quick else "full"
    try:
        load_corpus()
    except DataMissing as exc:
        print(f"benchmarks skipped: {exc}")
        return 0
    began = time.perf_counter()
    rows = measure(sizes, args.quick)
    seconds = time.perf_counter() - began
    previous = table.last_results(mode)
    print(table.render(rows, previous))
    for row in rows:
        if row.note:
            print(f"  {row.metric}: {row.note}")
    saved = table.save(rows, mode, seconds)
    print(f"{mode} run in {seconds:.0f} s; saved {saved.relative_to(Path.cwd())}")
    failed_checks = [r.metric for r in rows if r.kind == "check" and not r.passed]
    failed_timings = [r.metric for r in rows if r.kind != "check" and r.passed is False]
    if failed_checks:
        print(f"correctness failed: {'; '.join(failed_checks)}", file=sys.stderr)
        return 1
    if failed_timings:
        print(f"{len(failed_timings)} timing rows over target (see the table)")
        return 1 if args.strict else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
