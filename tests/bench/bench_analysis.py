"""Benchmark: analyse a folder of news texts into a fresh store and time each phase.

Usage: python tests/bench/bench_analysis.py [--engine rules|spacy] [--limit N]
[--processes N] [FOLDER] (default FOLDER: ../shared/data/bbc-news beside the repo; default
processes: as ``gloss analyze`` picks them, one per core when there is enough text). This is
the whole ``gloss analyze`` path with store writes; ``python -m tools.evaluate --bulk``
compares the engine alone with a plain spaCy pipeline. Prints a table; not a test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from gloss.store.analysis import analyze_documents, list_clusters, list_entities  # noqa: E402
from gloss.store.analysis.clusters import recompute_clusters  # noqa: E402
from gloss.store.documents import DocumentMeta, save_document  # noqa: E402
from gloss.store.migrations import open_store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "folder", nargs="?", default=str(REPO.parent / "shared" / "data" / "bbc-news")
    )
    parser.add_argument("--engine", default="rules", choices=["rules", "spacy"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--processes", type=int, default=None)
    args = parser.parse_args()
    files = sorted(Path(args.folder).rglob("*.txt"))[: args.limit]
    if not files:
        print(f"{args.folder}: no .txt files", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        with store.write() as conn:
            for path in files:
                text = path.read_bytes().decode("utf-8", errors="replace")
                save_document(conn, text, str(path), DocumentMeta())
        words = int(store.scalar("SELECT sum(words) FROM documents") or 0)
        t0 = time.perf_counter()
        report = analyze_documents(store, engine=args.engine, processes=args.processes)
        total = time.perf_counter() - t0
        t0 = time.perf_counter()
        with store.write() as conn:
            clusters = recompute_clusters(conn)
        cluster_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        entities = list_entities(store)
        groups = list_clusters(store)
        read_s = time.perf_counter() - t0
        rows = [
            ("documents", f"{len(files)}"),
            ("words", f"{words}"),
            ("engine", report.engine_version),
            ("processes", f"{report.processes}"),
            ("analyse (incl. clusters)", f"{total:.2f} s, {words / total:.0f} words/s"),
            ("entities / claims", f"{report.entities} / {report.claims}"),
            ("recompute clusters alone", f"{cluster_s:.2f} s, {clusters} clusters"),
            ("list entities + clusters", f"{read_s:.2f} s ({len(entities)}, {len(groups)})"),
        ]
        for name, value in rows:
            print(f"{name:<28} {value}")
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
