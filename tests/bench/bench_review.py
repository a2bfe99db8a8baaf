"""Review benchmark: per-key latency in a 1,000-item session (target < 50 ms per key).

    PYTHONPATH=. python tests/bench/bench_review.py [--items 1000] [--keys 300]

Generates a store with one long document holding `--items` claims, opens a review session on
them in the real ReviewScreen (headless, via run_test) and gives verdicts, timing the key's
handler (commit + next item drawn), a full repaint, and the pilot round trip less the pilot's
own idle wait (a no-op key's median). Prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from textual import events
from textual.app import App

from gloss.store import Store, open_store
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.review import open_session
from gloss.tui.screens.review import ReviewScreen

SENTENCE = "Officials said on Friday that {n} containers of munitions had been moved by rail. "


def generate(store: Store, items: int) -> None:
    """One document with `items` paragraphs, one reported claim each."""
    paragraphs = [SENTENCE.format(n=n) for n in range(items)]
    text = "\n\n".join(paragraphs)
    with store.write() as conn:
        _, doc = save_document(conn, text, "bench.txt", DocumentMeta(title="Bench"))
        at = 0
        rows = []
        for para in paragraphs:
            end = at + len(para.rstrip())
            rows.append((doc, at, end, at, at + 9, at + 10, at + 14, at + 15, end - 1))
            at += len(para) + 2
        conn.executemany(
            "INSERT INTO claims (document_id, start, end, kind, speaker, speaker_start, "
            "speaker_end, cue, cue_start, cue_end, content_start, content_end, score) "
            "VALUES (?, ?, ?, 'reported', 'Officials', ?, ?, 'said', ?, ?, ?, ?, 0.5)",
            rows,
        )


class Harness(App[None]):
    def __init__(self, store: Store, session) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.store, self.session = store, session

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.store, self.session, "bench"))


async def measure(store: Store, keys: int) -> dict[str, list[float]]:
    """Time each verdict three ways (milliseconds).

    handler: the verdict key's work (commit the verdict, load and draw the next item);
    render: a full repaint of the screen afterwards (what the terminal gets);
    round trip: pilot press-to-idle, minus the median of a no-op key (the pilot's own wait).
    """
    session = open_session(store, "bench", "claims", author="bench")
    app = Harness(store, session)
    times: dict[str, list[float]] = {"handler": [], "render": [], "round trip": []}
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and len(screen.items) > keys
        noop = []
        for _ in range(30):
            started = time.perf_counter()
            await pilot.press("z")
            await pilot.pause()
            noop.append((time.perf_counter() - started) * 1000)
        baseline = statistics.median(noop)
        for n in range(keys):
            before = screen.index
            if n % 2:  # through the real key path
                started = time.perf_counter()
                await pilot.press("a")
                await pilot.pause()
                times["round trip"].append((time.perf_counter() - started) * 1000 - baseline)
            else:  # the handler's own work, timed directly
                item = screen.current
                started = time.perf_counter()
                screen.on_key(events.Key("a", "a"))
                times["handler"].append((time.perf_counter() - started) * 1000)
                assert item is not None
                started = time.perf_counter()
                screen._compositor.render_strips()  # noqa: SLF001 - a full repaint
                times["render"].append((time.perf_counter() - started) * 1000)
                await pilot.pause()
            assert screen.index == before + 1
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--keys", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        generate(store, args.items)
        times = asyncio.run(measure(store, args.keys))
        store.close()
    print(f"review session of {args.items} items, {args.keys} verdicts (ms per key)")
    print(f"{'measure':<11} {'n':>5} {'median':>8} {'p95':>8} {'max':>8}  target")
    for kind, values in times.items():
        values = sorted(values)
        p95 = values[int(0.95 * (len(values) - 1))]
        print(
            f"{kind:<11} {len(values):>5} {statistics.median(values):>8.1f} {p95:>8.1f} "
            f"{values[-1]:>8.1f}  < 50"
        )


if __name__ == "__main__":
    main()
