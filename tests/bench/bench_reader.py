"""Reader benchmark: library first paint at 1M documents, opening 200 KB and 1 MB documents.

    PYTHONPATH=. python tests/bench/bench_reader.py [--docs 1000000] [--store /tmp/b.db]

The generated store is kept (pass the same --store to reuse it). Documents are inserted with
executemany in one transaction; the FTS insert trigger is dropped during the bulk insert and
restored afterwards (so the big store has no full-text index: this bench measures the list
and the document view, not search). Prints a table of timings, document opens as the median
of 5 (targets: list first paint <= 100 ms, 200 KB document with ~1,300 spans <= 150 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from pathlib import Path

from gloss.store import Store, open_store
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.library_pages import ListQuery, count, page
from gloss.tui.app import GlossApp
from gloss.tui.messages import OpenDocument
from gloss.tui.screens.library import LibraryScreen
from gloss.tui.widgets.document_list import DocumentList
from gloss.tui.widgets.document_view import DocumentView

WORDS = (
    "the White House said on Friday that North Korea had provided Russia with arms and "
    "munitions for use in Ukraine according to officials who spoke to reporters"
).split()
OUTLETS = ("Reuters", "Bloomberg", "The Hill", "The National", "AP", None)
TRIGGER = "documents_fts_ai"
REPEAT = 5  # document opens are repeated; the table shows the median
NAMES = [f"Name {n}" for n in range(80)]  # canonical names: a long article names ~80 things


def generate(store: Store, total: int) -> None:
    """Insert `total` short documents in one transaction (skips when already there)."""
    have = int(store.scalar("SELECT count(*) FROM documents") or 0)
    if have >= total:
        return
    trigger_sql = store.scalar("SELECT sql FROM sqlite_master WHERE name = ?", (TRIGGER,))
    rng = random.Random(7)
    stamp = "2026-01-01T00:00:00Z"
    with store.write() as conn:
        conn.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")

        def rows():
            for n in range(have, total):
                text = " ".join(rng.choices(WORDS, k=30))
                day = f"20{10 + n % 15:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
                yield (
                    f"{n:064x}",
                    f"bench/{n}.txt",
                    f"Document {n}: {' '.join(WORDS[n % 9 :][:6])}",
                    OUTLETS[n % len(OUTLETS)],
                    day,
                    text,
                    30,
                    stamp,
                    stamp,
                )

        conn.executemany(
            "INSERT INTO documents (sha256, path, title, outlet, published, text, words, "
            "imported, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows(),
        )
        if trigger_sql:
            conn.execute(trigger_sql)


def big_document(store: Store, size: int, spans: int) -> int:
    """Add a markdown-ish document of about `size` characters with `spans` entities/claims."""
    rng = random.Random(size)
    paragraphs = []
    length = 0
    while length < size:
        sentence_count = rng.randint(2, 6)
        para = " ".join(
            " ".join(rng.choices(WORDS, k=rng.randint(8, 20))).capitalize() + "."
            for _ in range(sentence_count)
        )
        if rng.random() < 0.05:
            para = "## " + para[:60]
        elif rng.random() < 0.1:
            para = "- " + para
        paragraphs.append(para)
        length += len(para) + 2
    text = "\n\n".join(paragraphs)
    with store.write() as conn:
        _, doc_id = save_document(
            conn, text, f"bench/big-{size}.txt", DocumentMeta(title=f"A {size // 1000} KB document")
        )
        conn.execute("DELETE FROM entities WHERE document_id = ?", (doc_id,))
        conn.execute("DELETE FROM claims WHERE document_id = ?", (doc_id,))
        step = max(len(text) // spans, 40)
        entity_rows, claim_rows = [], []
        for index, start in enumerate(range(0, len(text) - 40, step)):
            if index % 5 == 4:
                claim_rows.append(
                    (
                        doc_id,
                        start,
                        start + 35,
                        "reported",
                        "Someone",
                        start,
                        start + 5,
                        "said",
                        start + 6,
                        start + 10,
                        start + 11,
                        start + 35,
                    )
                )
            else:
                name = NAMES[index % len(NAMES)]
                entity_rows.append(
                    (
                        doc_id,
                        start,
                        start + 8,
                        ("PERSON", "ORG", "GPE")[index % 3],
                        text[start : start + 8],
                        name,
                    )
                )
        conn.executemany(
            "INSERT INTO entities (document_id, start, end, label, text, canonical) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            entity_rows,
        )
        conn.executemany(
            "INSERT INTO claims (document_id, start, end, kind, speaker, speaker_start, "
            "speaker_end, cue, cue_start, cue_end, content_start, content_end) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            claim_rows,
        )
    return doc_id


async def wait_until(pilot, check, limit: float = 30.0) -> float:
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > limit:
            raise TimeoutError("benchmark step did not finish")
        await asyncio.sleep(0.002)  # not pilot.pause: its idle checks compete for the GIL
    return time.perf_counter()


class _Painted:
    """Records when the document view first draws a line of text (wraps render_line)."""

    at: float | None = None

    @classmethod
    def install(cls) -> None:
        original = DocumentView.render_line

        def render_line(view: DocumentView, y: int):  # type: ignore[no-untyped-def]
            if cls.at is None and view.lines:
                cls.at = time.perf_counter()
            return original(view, y)

        DocumentView.render_line = render_line  # type: ignore[method-assign]


async def measure_app(store: Store, doc_ids: list[int]) -> dict[str, float]:
    results: dict[str, float] = {}
    app = GlossApp(store)
    began = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        documents = app.screen.query_one(DocumentList)
        painted = await wait_until(pilot, lambda: documents.loaded)
        await pilot.pause()
        results["app start to list painted"] = painted - began
        _Painted.install()
        for doc_id in doc_ids:
            painted, ready, paging = [], [], []
            for _ in range(REPEAT):
                _Painted.at = None
                start = time.perf_counter()
                app.post_message(OpenDocument(doc_id))
                await wait_until(pilot, lambda: _Painted.at is not None)
                painted.append(_Painted.at - start)
                screen = app.screen
                await wait_until(pilot, lambda s=screen: s.loaded and not s.preview)
                ready.append(time.perf_counter() - start)
                await pilot.pause(0.2)  # let the side panel fill
                view = screen.view
                line_count = len(view.lines)
                # Jump to the end and draw a whole screen there (fresh lines, no cache).
                start = time.perf_counter()
                view.scroll_end(animate=False, immediate=True)
                for y in range(view.scrollable_content_region.height):
                    view.render_line(y)
                paging.append(time.perf_counter() - start)
                await pilot.press("escape")
                await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
                await pilot.pause(0.2)
            name = (
                f"open {len(screen.data.text) // 1000} KB document, "
                f"{len(screen.data.entities) + len(screen.data.claims)} spans"
            )
            results[f"{name}: text painted"] = statistics.median(painted)
            results[f"  {name}: whole text ready"] = statistics.median(ready)
            results[f"  jump to the end, draw a screen ({line_count} lines)"] = statistics.median(
                paging
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--store", default="/tmp/gloss-bench-reader.db")
    args = parser.parse_args()
    store = open_store(Path(args.store))
    start = time.perf_counter()
    generate(store, args.docs)
    print(f"store ready: {args.docs:,} documents in {time.perf_counter() - start:.1f} s")
    ids = [
        big_document(store, 5_000, 40),
        big_document(store, 200_000, 1_300),
        big_document(store, 1_000_000, 1_300),
    ]
    timings: dict[str, float] = {}
    query = ListQuery()
    total = count(store, query)
    steps = {
        f"store: count ({total:,} docs)": lambda: count(store, query),
        "store: first page (100 rows, by date)": lambda: page(store, query, 0, 100),
        "store: page at the middle (OFFSET)": lambda: page(store, query, total // 2, 100),
        "store: first page sorted by title": lambda: page(store, query.sorted_by("title"), 0, 100),
    }
    for name, step in steps.items():
        runs = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            step()
            runs.append(time.perf_counter() - start)
        timings[name] = statistics.median(runs)
    timings.update(asyncio.run(measure_app(store, ids)))
    store.close()
    width = max(len(name) for name in timings)
    print(f"{'step'.ljust(width)}  ms")
    for name, seconds in timings.items():
        print(f"{name.ljust(width)}  {seconds * 1000:8.1f}")


if __name__ == "__main__":
    main()
