"""Pilot helpers shared by the TUI tests: read the screen, wait for workers, open a document."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from gloss.store import Store
from gloss.tui.app import GlossApp
from gloss.tui.screens.reader import ReaderScreen
from gloss.tui.widgets.document_view import DocumentView


@asynccontextmanager
async def app_pilot(
    store: Store, size: tuple[int, int] = (100, 30), *, settled: bool = True, **options: Any
) -> AsyncIterator[Pilot]:
    """Run ``GlossApp(store, **options)`` headless at ``size`` and yield its pilot, after its
    first workers are done unless ``settled=False`` (the app is ``pilot.app``)."""
    app = GlossApp(store, **options)
    async with app.run_test(size=size) as pilot:
        if settled:
            await settle(pilot)
        yield pilot


def screen_text(app: App) -> str:
    """The current screen as plain text, one line per row."""
    strips = app.screen._compositor.render_strips()  # noqa: SLF001
    return "\n".join(strip.text for strip in strips)


async def settle(pilot) -> None:
    """Wait until workers are done and the screen has caught up (twice: workers start workers).

    A worker cancelled meanwhile (an exclusive list query replaced by a newer one, as background
    jobs refresh the library) counts as done.
    """
    for _ in range(2):
        for _ in range(50):
            try:
                await pilot.app.workers.wait_for_complete()
            except WorkerCancelled:
                continue
            break
        await pilot.pause()


async def type_filter(pilot, text: str) -> None:
    """Type a library filter and wait until the list has applied it (the filter is debounced,
    so a fixed sleep is not enough on a busy machine)."""
    await pilot.press("slash", *text)
    await filter_applied(pilot)


async def filter_applied(pilot) -> None:
    """Wait until the library has applied what was typed in its filter box (debounced)."""
    screen = pilot.app.screen
    for _ in range(200):
        await pilot.pause(0.02)
        if not getattr(screen, "_debounce_pending", False):
            break
    await settle(pilot)


async def until(pilot, condition, tries: int = 400) -> None:
    """Wait (in small steps) until `condition()` holds; fail after a few seconds."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("timed out waiting")


async def open_reader(pilot, title_word: str) -> ReaderScreen:
    """Filter the library by a word and open the first match."""
    await type_filter(pilot, title_word)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    await settle(pilot)
    assert screen.loaded
    return screen


def styles_at(view: DocumentView, offset: int):
    """The rich styles drawn for the character at text offset `offset` (it must be on screen)."""
    index = max(i for i, line in enumerate(view.lines) if line.start <= offset)
    line = view.lines[index]
    view.scroll_to(y=index, animate=False)
    strip = view._render_text_line(index)  # noqa: SLF001
    column = line.indent + offset - line.start
    cells = 0
    for segment in strip:
        if cells <= column < cells + len(segment.text):
            return segment.style
        cells += len(segment.text)
    raise AssertionError("offset not drawn")


async def run_palette_command(pilot, name: str) -> None:
    """Open the command palette, type a command's name, wait for it to be listed, run it."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*name)
    for _ in range(200):
        await pilot.pause(0.02)
        if name in screen_text(pilot.app):
            break
    await pilot.press("enter")
    await settle(pilot)
