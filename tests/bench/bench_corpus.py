"""Corpus screen benchmark: how long the entities and stories take to show on a real store.

    PYTHONPATH=. python tests/bench/bench_corpus.py /tmp/corpus_bbc.db [--runs 3]

Times, on an analysed store (e.g. the BBC corpus imported with ``gloss --db X import``):
the two store reads on their own (``list_entities``, ``list_stories``), then the real app
(headless, 120x40): ``E`` from the library until the screen is filled (worker included),
one filter keystroke on the entity table, and switching to the Stories tab. Prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

from gloss.store import open_store
from gloss.store.analysis import list_entities, list_stories
from gloss.tui.app import GlossApp
from gloss.tui.screens.corpus import CorpusScreen


async def _app_run(path: Path) -> dict[str, float]:
    store = open_store(path)
    app = GlossApp(store)
    timings: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        began = time.perf_counter()
        await pilot.press("E")
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        while not screen.loaded:
            await pilot.pause(0.005)
        await pilot.pause()
        timings["open (E to filled)"] = time.perf_counter() - began
        for text in ("a", "kirby"):
            began = time.perf_counter()
            screen.entities.set_filter(text)
            await pilot.pause()
            timings[f"filter {text!r}"] = time.perf_counter() - began
        screen.entities.set_filter("")
        began = time.perf_counter()
        await pilot.press("tab")
        await pilot.pause()
        timings["switch to stories"] = time.perf_counter() - began
        timings["entities"] = len(screen.entities.all_rows)
        timings["stories"] = len(screen.stories.all_stories)
    store.close()
    return timings


def main() -> None:
    """Run the reads and the app a few times, print medians and ranges."""
    parser = argparse.ArgumentParser()
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[float]] = {}
    for _ in range(args.runs):
        store = open_store(args.store)
        began = time.perf_counter()
        list_entities(store)
        results.setdefault("list_entities (store)", []).append(time.perf_counter() - began)
        began = time.perf_counter()
        list_stories(store)
        results.setdefault("list_stories (store)", []).append(time.perf_counter() - began)
        store.close()
        for key, value in asyncio.run(_app_run(args.store)).items():
            results.setdefault(key, []).append(value)
    print(f"{'step':<26} {'median':>10} {'min':>10} {'max':>10}")
    for key, values in results.items():
        if key in ("entities", "stories"):
            print(f"{key:<26} {int(values[0]):>10,}")
            continue
        med, low, high = statistics.median(values), min(values), max(values)
        print(f"{key:<26} {med * 1000:>8.0f}ms {low * 1000:>8.0f}ms {high * 1000:>8.0f}ms")


if __name__ == "__main__":
    main()
