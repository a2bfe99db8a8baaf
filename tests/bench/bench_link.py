"""Incremental linking at scale (issue #13): on an analysed N-document store, analysing and
linking one new document (target <= 1 s at 100k) and a batch of k, against the full relink.

``python -m tests.bench link --docs 100000 [--new 5] [--batch 10]``

The store is the benchmark store of BBC News sentences (tests/bench/corpus.py), linked in
full once (timed: the full relink row) and cached beside it; each run works on a copy. New
documents are BBC articles, analysed with the rules engine the store was made with.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from gloss.store import open_store
from gloss.store.analysis import analyze_documents
from gloss.store.analysis import run as analysis_run
from gloss.store.analysis.clusters import LINKS_VERSION
from gloss.store.analysis.links import link_store
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.migrations import SCHEMA_VERSION
from tests.bench.corpus import BBC, bench_store, cache_dir
from tests.bench.table import Row, render


def linked_store(docs: int, log=print) -> tuple[Path, float]:  # type: ignore[no-untyped-def]
    """The cached benchmark store of ``docs`` documents after a full link, and how many
    seconds that full link took (when it was made)."""
    source = bench_store(docs, log=log)
    path = cache_dir() / f"{source.stem}-linked-s{SCHEMA_VERSION}-l{LINKS_VERSION}.db"
    info = path.with_suffix(".json")
    if path.exists() and info.exists():
        return path, float(json.loads(info.read_text())["full_link_s"])
    partial = path.with_suffix(".partial")
    shutil.copyfile(source, partial)
    store = open_store(partial)
    try:
        log(f"linking {docs:,} documents in full (once; cached as {path.name})")
        began = time.perf_counter()
        link_store(store, mode="full")
        seconds = time.perf_counter() - began
        with store.lock:
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    partial.rename(path)
    info.write_text(json.dumps({"full_link_s": seconds}))
    return path, seconds


def _articles(count: int) -> list[tuple[str, str]]:
    """(name, text) of ``count`` BBC articles, title as the first line."""
    files = sorted(BBC.glob("*/*.txt"))[::97][:count]
    return [(f"new/{p.parent.name}-{p.stem}.txt", p.read_text(errors="replace")) for p in files]


def measure(docs: int, new: int, batch: int) -> list[Row]:
    """Rows: one new document analysed and linked (median and worst of ``new``), its link
    alone, a batch of ``batch`` documents, and the full relink."""
    path, full_s = linked_store(docs)
    link_times: list[float] = []
    original = analysis_run.link_store

    def timed_link(store, *args, **kwargs):  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        try:
            return original(store, *args, **kwargs)
        finally:
            link_times.append(time.perf_counter() - began)

    analysis_run.link_store = timed_link  # type: ignore[assignment]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="gloss-bench-link-") as tmp:
        copy = Path(tmp) / "linked.db"
        shutil.copyfile(path, copy)
        store = open_store(copy)
        try:
            articles = _articles(new + batch + 1)
            ids = []
            with store.write() as conn:
                for name, text in articles:
                    title = text.splitlines()[0] if text else name
                    _, doc_id = save_document(conn, text, name, DocumentMeta(title=title))
                    ids.append(doc_id)
            analyze_documents(store, [ids[0]], engine="rules")  # loads the engine; settles
            link_times.clear()
            one = []
            for doc_id in ids[1 : new + 1]:
                began = time.perf_counter()
                analyze_documents(store, [doc_id], engine="rules")
                one.append(time.perf_counter() - began)
            links_one = list(link_times)
            link_times.clear()
            began = time.perf_counter()
            analyze_documents(store, ids[new + 1 :], engine="rules")
            batch_s = time.perf_counter() - began
            claims = store.scalar("SELECT count(*) FROM claims")
        finally:
            store.close()
            analysis_run.link_store = original  # type: ignore[assignment]
    k = f"{docs // 1000}k"
    rows.append(
        Row(
            f"analyse + link 1 new document, {k} store (median of {new})",
            statistics.median(one),
            unit="s",
            at_most=1.0,
            note=f"worst {max(one):.2f} s; {claims:,} claims in the store",
        )
    )
    rows.append(
        Row(f"  of which the incremental link, {k}", statistics.median(links_one), unit="s")
    )
    rows.append(Row(f"analyse + link {batch} new documents at once, {k}", batch_s, unit="s"))
    rows.append(Row(f"full relink of the {k} store (when cached)", full_s, unit="s"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=5)
    parser.add_argument("--batch", type=int, default=10)
    args = parser.parse_args()
    rows = measure(args.docs, args.new, args.batch)
    print(render(rows))
    for row in rows:
        if row.note:
            print(f"  {row.metric}: {row.note}")


if __name__ == "__main__":
    main()
