"""Pilot tests: naming the library's filter (N), recalling it (F, the palette), recent filters
with up/down in the filter box."""

from __future__ import annotations

from gloss.store import Store
from gloss.store.saved_filters import recent_filters, save_filter, saved_filter
from gloss.tui.screens.library import LibraryScreen
from gloss.tui.screens.pick_dialog import PickDialog
from gloss.tui.screens.prompt_dialog import PromptDialog
from tests.tui.pilot import app_pilot, run_palette_command, screen_text, settle, type_filter, until


def shown_titles(library: LibraryScreen) -> set[str]:
    documents = library.documents
    return {documents.row_at(i)["title"] for i in range(documents.row_count)}


async def test_name_the_filter_and_recall_it_with_a_key(seeded_store: Store):
    async with app_pilot(seeded_store, size=(80, 24)) as pilot:
        app = pilot.app
        library = app.screen
        await type_filter(pilot, "outlet:reuters")
        reuters = shown_titles(library)
        await pilot.press("escape", "N")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        assert "outlet:reuters" in screen_text(app)
        await pilot.press(*"Reuters only", "enter")
        await settle(pilot)
        await until(pilot, lambda: saved_filter(seeded_store, "Reuters only") is not None)
        assert saved_filter(seeded_store, "Reuters only") == "outlet:reuters"
        await pilot.press("slash", "ctrl+u", "escape")  # clear the filter: every document
        await settle(pilot)
        assert library.filter_text() == ""
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, PickDialog)
        assert "Reuters only" in screen_text(app) and "outlet:reuters" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is library
        assert library.filter_text() == "outlet:reuters"
        await until(pilot, lambda: shown_titles(library) == reuters)


async def test_naming_an_empty_filter_says_what_to_do(seeded_store: Store):
    async with app_pilot(seeded_store, size=(80, 24)) as pilot:
        await pilot.press("N")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LibraryScreen)
        notes = [n.message for n in pilot.app._notifications]  # noqa: SLF001
        assert notes == ["Type a filter first (/), then name it (N)"]


async def test_recall_a_saved_filter_from_the_palette(seeded_store: Store):
    save_filter(seeded_store, "Kirby in The Hill", 'outlet:"The Hill" kirby')
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        library = app.screen
        await run_palette_command(pilot, "filter: Kirby in The Hill")
        assert library.filter_text() == 'outlet:"The Hill" kirby'
        await until(pilot, lambda: library.documents.row_count == 1)
        # and the pick dialog from the palette
        await run_palette_command(pilot, "library: saved filters")
        assert isinstance(app.screen, PickDialog)


async def test_forget_a_saved_filter(seeded_store: Store):
    save_filter(seeded_store, "old", "outlet:reuters")
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        await run_palette_command(pilot, "library: forget a saved filter")
        assert isinstance(pilot.app.screen, PickDialog)
        await pilot.press("enter")
        await settle(pilot)
        await until(pilot, lambda: saved_filter(seeded_store, "old") is None)


async def test_up_and_down_walk_the_recent_filters(seeded_store: Store):
    async with app_pilot(seeded_store, size=(80, 24)) as pilot:
        library = pilot.app.screen
        await type_filter(pilot, "outlet:reuters")
        await pilot.press("enter")  # opens the first match; back to the library
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("slash", "ctrl+u", "escape")
        await type_filter(pilot, "kirby")
        await pilot.press("escape")
        await until(pilot, lambda: recent_filters(seeded_store) == ["outlet:reuters", "kirby"])
        await pilot.press("slash", "ctrl+u", *"draft")
        await pilot.press("up")
        assert library.filter_text() == "kirby"
        await pilot.press("up")
        assert library.filter_text() == "outlet:reuters"
        await pilot.press("up")  # the oldest stays
        assert library.filter_text() == "outlet:reuters"
        await pilot.press("down", "down")
        assert library.filter_text() == "draft"
        await pilot.press("up", "x")  # typing edits the recalled filter: a new draft
        assert library.filter_text() == "kirbyx"
        await pilot.press("down")  # no recalled filter: on to the rows (two new-user tests)
        assert library.filter_text() == "kirbyx"
        assert pilot.app.focused is library.documents and pilot.app.screen is library
        await settle(pilot)
        await until(pilot, lambda: library.documents.row_count == 0)  # the list follows
        assert "kirbyx" in library.filter_box.history


async def test_recent_filters_survive_a_restart(seeded_store: Store):
    async with app_pilot(seeded_store, size=(80, 24)) as pilot:
        await type_filter(pilot, "outlet:bloomberg")
        await pilot.press("escape")
        await until(pilot, lambda: recent_filters(seeded_store) == ["outlet:bloomberg"])
    async with app_pilot(seeded_store, size=(80, 24)) as pilot:
        library = pilot.app.screen
        await pilot.press("slash", "up")
        assert library.filter_text() == "outlet:bloomberg"


async def test_saved_filter_names_are_never_markup(seeded_store: Store):
    save_filter(seeded_store, "[bold]loud[/] \x1b[31mred", "[b]x[/b] kirby")
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"filter: ")
        await until(pilot, lambda: "[bold]loud[/]" in screen_text(pilot.app))
        text = screen_text(pilot.app)
        assert "␛[31mred" in text and "[b]x[/b] kirby" in text
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert "[bold]loud[/] ␛[31mred" in screen_text(pilot.app)
