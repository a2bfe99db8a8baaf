"""In-process app rows of the suite (headless ``run_test``, 120x40): the library's first frame
with rows against a bare Textual app with a Footer, opening a 200 KB document with ~1,300
highlights, and `?` and `R` from the key to the first frame showing them. A frame is timed
where the app hands it to the terminal driver (``App._display``).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

from gloss.store import Store
from gloss.store.analysis.base import ANALYSIS_VERSION
from tests.bench.table import Row

SIZE = (120, 40)
RUNS = 3


class BareApp(App[None]):
    """The reference: a bare Textual app with a line of text and a Footer."""

    BINDINGS = [("q", "quit", "Quit"), ("question_mark", "help", "Help")]

    def compose(self) -> ComposeResult:
        yield Static("bare Textual app")
        yield Footer()


async def until(check: Callable[[], bool], limit: float = 30.0) -> float:
    """Wait (polling, not pilot.pause: its idle checks compete for the GIL) until `check`."""
    began = time.perf_counter()
    while not check():
        if time.perf_counter() - began > limit:
            raise TimeoutError("benchmark step did not finish")
        await asyncio.sleep(0.002)
    return time.perf_counter()


def _on_first_frame(app: App, ready: Callable[[], bool]) -> dict[str, float]:
    """Record (in the returned dict, key "at") when the app produces its first frame for the
    terminal (App._display) once `ready()` holds: what a user sees first."""
    seen: dict[str, float] = {}
    display = app._display  # noqa: SLF001 - the frame written to the terminal

    def record(screen, renderable):  # type: ignore[no-untyped-def]
        if renderable is not None and "at" not in seen and ready():
            seen["at"] = time.perf_counter()
        return display(screen, renderable)

    app._display = record  # type: ignore[method-assign]
    return seen


async def _bare_first_paint() -> float:
    began = time.perf_counter()
    app = BareApp()
    seen = _on_first_frame(app, lambda: True)
    async with app.run_test(size=SIZE):
        await until(lambda: "at" in seen)
        return seen["at"] - began


async def _gloss_first_paint(store: Store) -> float:
    from gloss.tui.app import GlossApp
    from gloss.tui.widgets.document_list import DocumentList

    began = time.perf_counter()
    app = GlossApp(store)

    def rows_shown() -> bool:  # the library's first rows are in
        found = app.screen.query(DocumentList)
        return bool(found) and found.first().loaded

    seen = _on_first_frame(app, rows_shown)
    async with app.run_test(size=SIZE):
        await until(lambda: "at" in seen)
        return seen["at"] - began


def first_paint_rows(store: Store, docs: int) -> list[Row]:
    """GlossApp to the list painted vs the bare app, medians of RUNS, interleaved."""
    ours, bare = [], []
    for _ in range(RUNS):
        bare.append(asyncio.run(_bare_first_paint()))
        ours.append(asyncio.run(_gloss_first_paint(store)))
    return [
        Row(
            f"app to library rows painted (in process), {docs // 1000}k",
            statistics.median(ours) * 1000,
            reference=statistics.median(bare) * 1000,
            at_most=100.0,
            note="to the first frame with the list's rows (target: the issue's library first "
            "paint); reference: a bare App with a Footer to its first frame (run_test)",
        )
    ]


async def _open_document(store: Store, doc_id: int) -> list[float]:
    from gloss.tui.app import GlossApp
    from gloss.tui.messages import OpenDocument
    from gloss.tui.screens.library import LibraryScreen
    from gloss.tui.widgets.document_view import DocumentView

    painted: dict[str, float] = {}
    original = DocumentView.render_line

    def render_line(view: DocumentView, y: int):  # type: ignore[no-untyped-def]
        if "at" not in painted and view.lines:
            painted["at"] = time.perf_counter()
        return original(view, y)

    DocumentView.render_line = render_line  # type: ignore[method-assign]
    times = []
    try:
        app = GlossApp(store)
        async with app.run_test(size=SIZE) as pilot:
            await until(lambda: isinstance(app.screen, LibraryScreen))
            await pilot.pause()
            for _ in range(RUNS):
                painted.clear()
                began = time.perf_counter()
                app.post_message(OpenDocument(doc_id))
                await until(lambda: "at" in painted)
                times.append(painted["at"] - began)
                screen = app.screen
                await until(lambda s=screen: s.loaded and not s.preview)
                await pilot.pause(0.1)
                await pilot.press("escape")
                await until(lambda: isinstance(app.screen, LibraryScreen))
                await pilot.pause(0.1)
    finally:
        DocumentView.render_line = original  # type: ignore[method-assign]
    return times


def document_rows(store: Store) -> list[Row]:
    """Open a 200 KB document with ~1,300 entities and claims (added to the working copy)."""
    from tests.bench.bench_reader import big_document

    doc_id = big_document(store, 200_000, 1_300)
    with store.write() as conn:  # analysed, as the rest: the app starts no analysis job
        conn.execute(
            "UPDATE documents SET engine = 'rules', engine_version = ? WHERE id = ?",
            (f"gloss{ANALYSIS_VERSION}", doc_id),
        )
    times = asyncio.run(_open_document(store, doc_id))
    return [
        Row(
            "open 200 KB document, 1,300 highlights",
            statistics.median(times) * 1000,
            at_most=150.0,
        )
    ]


async def _key_to_paint(store: Store, keys: list[tuple[str, str]]) -> dict[str, list[float]]:
    """For each (key, screen class name): seconds from pressing the key until the first frame
    showing that screen is produced (App._display), pressed twice (first time, again)."""
    from gloss.tui.app import GlossApp
    from gloss.tui.screens.library import LibraryScreen
    from gloss.tui.widgets.document_list import DocumentList

    app = GlossApp(store)
    painted: dict[str, float] = {}
    display = app._display  # noqa: SLF001 - the frame written to the terminal

    def record(screen, renderable):  # type: ignore[no-untyped-def]
        name = type(screen).__name__
        if renderable is not None and name not in painted:
            painted[name] = time.perf_counter()
        return display(screen, renderable)

    app._display = record  # type: ignore[method-assign]
    times: dict[str, list[float]] = {key: [] for key, _ in keys}
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: isinstance(app.screen, LibraryScreen))
        documents = app.screen.query_one(DocumentList)
        await until(lambda: documents.loaded)
        # The warm-up (other screens imported, help sections collected) starts once the rows
        # are painted; a user pressing a key within its first second or so waits for it.
        await until(lambda: app._help_sections is not None)  # noqa: SLF001
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        for _ in range(2):
            for key, name in keys:
                painted.pop(name, None)
                began = time.perf_counter()
                await pilot.press(key)
                await until(lambda n=name: n in painted)
                times[key].append(painted[name] - began)
                await pilot.pause(0.1)
                await pilot.press("escape")
                await until(lambda: isinstance(app.screen, LibraryScreen))
                await pilot.pause(0.1)
    return times


def dialog_rows(store: Store, docs: int) -> list[Row]:
    """`?` help and `R` review dialog, from the key to the first frame that shows them."""
    keys = [("question_mark", "HelpScreen"), ("R", "ReviewStartDialog")]
    runs = [asyncio.run(_key_to_paint(store, keys)) for _ in range(RUNS)]  # fresh apps
    names = {"question_mark": "? help", "R": "R review dialog"}
    return [
        Row(
            f"{names[key]} to first paint, {docs // 1000}k",
            statistics.median(run[key][0] for run in runs) * 1000,
            at_most=100.0,
            note=f"first press in a fresh app once warmed up, median of {RUNS}; again: "
            f"{statistics.median(run[key][1] for run in runs) * 1000:.0f} ms",
        )
        for key, _ in keys
    ]


NAVIGATION = ["down"] * 12 + ["pagedown"] * 4 + ["up"] * 6 + ["pageup"] * 2 + ["end", "home"]


async def _navigation(store: Store) -> list[float]:
    """Seconds from each navigation key to the first frame after it (a page not yet fetched
    is read in a worker: the frame that counts is the one showing its rows)."""
    from gloss.tui.app import GlossApp
    from gloss.tui.widgets.document_list import DocumentList

    app = GlossApp(store)
    frames: list[float] = []
    display = app._display  # noqa: SLF001 - the frame written to the terminal

    def record(screen, renderable):  # type: ignore[no-untyped-def]
        if renderable is not None:
            frames.append(time.perf_counter())
        return display(screen, renderable)

    app._display = record  # type: ignore[method-assign]
    times = []
    async with app.run_test(size=SIZE) as pilot:
        documents = app.library.query_one(DocumentList)
        await until(lambda: documents.loaded)
        await until(lambda: app._help_sections is not None)  # noqa: SLF001 - warmed up
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        for key in NAVIGATION:
            began = time.perf_counter()
            await pilot.press(key)

            def shown(began: float = began) -> bool:  # a frame since, with the row drawn
                row = documents.row_at(documents.cursor)
                return bool(frames) and frames[-1] > began and row is not None

            await until(shown)
            times.append(next(t for t in frames if t > began) - began)
            await pilot.pause(0.05)
    return times


def navigation_rows(store: Store, docs: int) -> list[Row]:
    """Library per-key navigation: p95 over up/down, page up/down, home and end."""
    times = sorted(asyncio.run(_navigation(store)))
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return [
        Row(
            f"library per-key navigation, p95, {docs // 1000}k",
            p95 * 1000,
            at_most=16.0,
            note=f"key to the next frame showing the cursor's row, {len(times)} keys "
            f"(up/down, page up/down, end, home); median {statistics.median(times) * 1000:.1f} ms",
        )
    ]
