"""UI latency while long work runs in a worker: the first run, and an import from the dialog.

First run: posts a key (down/up alternately) to the running app every ~50 ms and times how long
until the document list's cursor has moved (the key was handled). Pilot.press is not used: it
waits for the whole process (worker included) to go idle.

Import (``--folder PATH``, e.g. ../shared/data/bbc-news/tech): imports and analyses the folder
through the import dialog (the import runs in the background job queue) and records the event
loop's lag (how late a 10 ms sleep wakes up), which bounds how long any key waits before it is
handled.

    PYTHONPATH=. python tests/bench/bench_first_run.py [--engine spacy|rules] [--runs 3]
        [--folder PATH]

Each run is a fresh process, so the engine loads as it does on a real first run.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textual import events

from gloss.store import open_store
from gloss.store.analysis import analyze_documents
from gloss.store.file_import import ensure_seeded
from gloss.tui.app import GlossApp


def _row(label: str, values: list[float]) -> str:
    if not values:
        return f"{label:34s} {'-':>5s}"
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
    return (
        f"{label:34s} {len(values):5d} {statistics.median(values):8.1f} {p90:8.1f} "
        f"{values[-1]:8.1f}"
    )


async def _measure(first_run: bool, engine: str, seconds: float) -> dict[str, list[float]]:
    store = open_store(Path(tempfile.mkdtemp()) / "bench.db")
    if not first_run:  # analysed, so the app has nothing to catch up on
        ensure_seeded(store)
        analyze_documents(store, engine="rules")
    app = GlossApp(store, first_run=first_run, engine=engine)
    phases: dict[str, list[float]] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        library = app.screen
        while library.documents.total < 5:
            await asyncio.sleep(0.005)
        started = time.perf_counter()
        step = 0
        while True:
            running = app.analysis_running
            if (
                first_run
                and not running
                or not first_run
                and time.perf_counter() - started > seconds
            ):
                break
            bar = str(library.query_one("#job-text").content) if first_run else ""
            phase = (
                "no job"
                if not first_run
                else ("loading engine" if "loading" in bar else "analysing")
            )
            before = library.documents.cursor
            key = "down" if step % 2 == 0 else "up"
            sent = time.perf_counter()
            app.post_message(events.Key(key, None))
            while library.documents.cursor == before:
                await asyncio.sleep(0.001)
                if time.perf_counter() - sent > 10:
                    raise SystemExit(f"key {key} not handled; focus on {app.focused}")
            phases.setdefault(phase, []).append((time.perf_counter() - sent) * 1000)
            step += 1
            await asyncio.sleep(0.05)
        phases["total seconds"] = [time.perf_counter() - started]
        await pilot.pause()
    store.close()
    return phases


async def _import_lag(folder: str, engine: str) -> tuple[list[float], list[float], float]:
    """Loop lag (ms) with no job and during an import of `folder` through the dialog."""
    from textual.widgets import Input

    from gloss.tui.screens.import_dialog import ImportDialog

    store = open_store(Path(tempfile.mkdtemp()) / "bench.db")
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    app = GlossApp(store, engine=engine)

    async def lags(until) -> list[float]:
        found = []
        while not until():
            began = time.perf_counter()
            await asyncio.sleep(0.01)
            found.append((time.perf_counter() - began - 0.01) * 1000)
        return found

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.5)
        stop_at = time.perf_counter() + 2
        idle = await lags(lambda: time.perf_counter() > stop_at)
        await pilot.press("i")
        await pilot.pause(0.2)
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#import-path", Input).value = folder
        started = time.perf_counter()
        dialog.action_run_import()  # closes the dialog; the import runs in the job queue
        await pilot.pause()
        busy = await lags(lambda: not app.jobs.busy)
        took = time.perf_counter() - started
        await pilot.pause()
    store.close()
    return idle, busy, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="spacy", choices=["spacy", "rules"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one run in this process
    parser.add_argument("--folder", help="also time an import of this folder via the dialog")
    args = parser.parse_args()
    if args.folder and args.one is None:
        idle, busy, took = asyncio.run(_import_lag(args.folder, args.engine))
        print(f"{'event loop lag (ms)':34s} {'naps':>5s} {'median':>8s} {'p90':>8s} {'max':>8s}")
        print(_row("no job", idle))
        print(_row("importing + analysing", busy))
        print(f"the import took {took:.1f} s")
        return
    if args.one is not None:  # a fresh process, so the engine loads as on a real first run
        run = args.one
        busy = asyncio.run(_measure(True, args.engine, 0))
        idle = asyncio.run(_measure(False, args.engine, 2.0))
        print(_row(f"run {run}: no job", idle["no job"]))
        for phase in ("loading engine", "analysing"):
            print(_row(f"run {run}: first run, {phase}", busy.get(phase, [])))
        print(f"run {run}: the first run took {busy['total seconds'][0]:.1f} s")
        return
    print(f"{'key latency (ms)':34s} {'keys':>5s} {'median':>8s} {'p90':>8s} {'max':>8s}")
    for run in range(1, args.runs + 1):
        subprocess.run(
            [sys.executable, __file__, "--engine", args.engine, "--one", str(run)], check=True
        )


if __name__ == "__main__":
    main()
