"""The library's first frame: rows in it at once, the library the app's only screen, and the
garbage collector `gloss` turns off for the start turned back on (tests/bench/startup.py
measures the start itself)."""

from __future__ import annotations

import gc

from gloss.store import Store
from gloss.tui.app import GlossApp
from gloss.tui.screens.library import LibraryScreen
from gloss.tui.widgets.document_list import DocumentList
from tests.tui.pilot import screen_text, settle, until


async def test_the_list_is_first_drawn_with_its_rows(seeded_store: Store, monkeypatch):
    """The document list is never drawn empty at start: its rows are read while the library
    mounts, so the first frame that shows the list shows them (they came two or three frames
    later from a worker, ~100 ms of a start)."""
    drawn: list[bool] = []  # for each line drawn: were the rows in?
    draw = DocumentList.render_line

    def render_line(self, y):  # type: ignore[no-untyped-def]
        drawn.append(self.loaded and self.row_at(0) is not None)
        return draw(self, y)

    monkeypatch.setattr(DocumentList, "render_line", render_line)
    app = GlossApp(seeded_store)
    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, lambda: bool(drawn))
        await settle(pilot)
        assert drawn and all(drawn)
        total = seeded_store.scalar("SELECT count(*) FROM documents")
        assert f"{total} documents" in screen_text(app)
        assert app.screen_stack == [app.library]  # the bottom screen, nothing under it


async def test_the_app_hears_the_first_load_and_the_library_has_its_own_style(
    seeded_store: Store,
):
    """The first rows are read while the library mounts; their Loaded message still reaches
    the app (which warms up and catches up on it), and the library's stylesheet applies
    though the screen is never pushed (a one-line filter box, no border)."""
    app = GlossApp(seeded_store)
    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, lambda: app._help_sections is not None)  # noqa: SLF001 - warmed up
        assert isinstance(app.screen, LibraryScreen)
        box = app.screen.query_one("#filter")
        assert box.region.height == 1
        assert screen_text(app).splitlines()[0].lstrip().startswith("filter:")


async def test_the_collector_turned_off_for_the_start_is_turned_back_on(seeded_store: Store):
    """`gloss` turns the garbage collector off until the first screen is painted; the app turns
    it on again (and an app started with it on leaves it alone)."""
    gc.disable()
    try:
        app = GlossApp(seeded_store)
        async with app.run_test(size=(100, 24)) as pilot:
            await until(pilot, gc.isenabled)
            assert app.screen.documents.loaded
    finally:
        gc.enable()
        gc.unfreeze()
