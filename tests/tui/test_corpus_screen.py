"""The corpus screen: entities and stories across the store, reached from the library."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from gloss.store import Store, open_store
from gloss.store.analysis import analyze_documents
from gloss.store.file_import import ensure_seeded
from gloss.tui.app import GlossApp
from gloss.tui.screens.corpus import CorpusScreen
from gloss.tui.screens.library import LibraryScreen
from gloss.tui.widgets.entity_table import NAME_TYPES
from tests.tui.pilot import app_pilot, run_palette_command, screen_text, settle, until

THEME = "textual-dark"


@pytest.fixture
def analysed_store(tmp_path: Path) -> Iterator[Store]:
    """The five seeds analysed with the rules engine (stories stored by the analysis)."""
    opened = open_store(tmp_path / "corpus.db")
    ensure_seeded(opened)
    analyze_documents(opened, engine="rules")
    yield opened
    opened.close()


async def open_corpus(pilot, key: str = "E") -> CorpusScreen:
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CorpusScreen)
    assert screen.loaded
    return screen


def library_ids(app: GlossApp) -> list[int]:
    """The ids of the documents the library lists (all on the first page here)."""
    documents = app.screen.documents
    return sorted(int(documents.row_at(i)["id"]) for i in range(documents.total))


async def test_entities_are_listed_most_widespread_first_and_filter_as_typed(analysed_store):
    async with app_pilot(analysed_store, size=(100, 30), settled=False) as pilot:
        app = pilot.app
        screen = await open_corpus(pilot)
        table = screen.entities
        every = analysed_store.rows("SELECT DISTINCT canonical, label FROM entities")
        names = [r for r in every if r["label"] in NAME_TYPES]
        assert 0 < len(names) < len(every)  # the seeds have numbers and dates too
        assert len(table.rows) == len(names) and len(table.all_rows) == len(every)
        counts = [r["documents"] for r in table.rows]
        assert counts == sorted(counts, reverse=True)
        text = screen_text(app)
        assert "John Kirby" in text and "North Korea" in text and "PERSON" in text
        assert f"{len(names)} names (of {len(every)} entities)" in text
        await pilot.press(*"kirb")
        await settle(pilot)
        assert table.rows and all("kirb" in r["canonical"].lower() for r in table.rows)
        text = screen_text(app)
        assert "John Kirby" in text and "Russia" not in text
        # One name: "1 name matches" (a new-user test read "1 names matches").
        assert len(table.rows) == 1 and "1 name matches" in text, text[:300]
        # Enter shows the documents naming John Kirby, in the library.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.filter_text() == 'entity:"John Kirby"'
        named = analysed_store.rows(
            "SELECT DISTINCT document_id FROM entities WHERE canonical = 'John Kirby'"
        )
        assert library_ids(app) == sorted(r["document_id"] for r in named)


async def test_entity_types_cycle_from_names_to_everything(analysed_store):
    async with app_pilot(analysed_store, size=(100, 30), settled=False) as pilot:
        app = pilot.app
        screen = await open_corpus(pilot)
        table = screen.entities
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert table.types == "people" and table.rows
        assert {r["label"] for r in table.rows} == {"PERSON"}
        assert "people (of" in screen_text(app)
        for _ in range(3):  # organisations, places, dates
            await pilot.press("ctrl+t")
        await pilot.pause()
        assert table.types == "dates" and {r["label"] for r in table.rows} <= {"DATE", "TIME"}
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert table.types == "all types" and len(table.rows) == len(table.all_rows)
        assert f"{len(table.rows)} entities ·" in screen_text(app)


async def test_entities_sort_by_the_next_column(analysed_store):
    async with app_pilot(analysed_store, size=(100, 30), settled=False) as pilot:
        screen = await open_corpus(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        names = [r["canonical"].casefold() for r in screen.entities.rows]
        assert screen.entities.sort == "canonical" and names == sorted(names)
        await pilot.press("ctrl+s")
        await pilot.pause()
        labels = [r["label"] for r in screen.entities.rows]
        assert screen.entities.sort == "label" and labels == sorted(labels)


async def test_entity_keys_do_nothing_and_are_not_offered_on_the_stories_tab(analysed_store):
    """A new-user test: ctrl+r on Stories jumped to Entities and opened "Rename the PERSON
    entity to: ..." for an entity the user could not see; the footer offered it."""
    async with app_pilot(analysed_store, size=(120, 30), settled=False) as pilot:
        app = pilot.app
        screen = await open_corpus(pilot)
        assert "Rename" in screen_text(app)
        await pilot.press("tab")
        await settle(pilot)
        assert screen.active_tab == "stories"
        for key in ("ctrl+r", "ctrl+g", "ctrl+o", "ctrl+s", "ctrl+t"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen and screen.active_tab == "stories", key
        footer = screen_text(app).splitlines()[-1]
        assert "Rename" not in footer and "Their claims" not in footer and "Tabs" in footer
        await pilot.press("tab")
        await settle(pilot)
        assert "Rename" in screen_text(app).splitlines()[-1]


async def test_the_two_seed_stories_and_enter_shows_exactly_one(analysed_store):
    async with app_pilot(analysed_store, size=(100, 30), settled=False) as pilot:
        app = pilot.app
        screen = await open_corpus(pilot)
        await pilot.press("tab")
        await settle(pilot)
        assert screen.active_tab == "stories"
        groups = [sorted(d["id"] for d in s["documents"]) for s in screen.stories.shown]
        assert groups == [[1, 2, 4], [3, 5]]  # 2023-10-13 briefing, then 2023-08-30
        text = screen_text(app)
        assert "3 documents · 2023-10-13" in text and "2 documents" in text
        assert "The Hill" in text and "Bloomberg" in text and "John Kirby" in text
        # Type-to-filter: only the story The Hill carried is left.
        await pilot.press(*"the hill")
        await settle(pilot)
        assert [s["story"] for s in screen.stories.shown] == ["s3"]
        await pilot.press(*["backspace"] * 8, "down")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.filter_text() == "story:s3"
        assert library_ids(app) == [3, 5]


@pytest.mark.parametrize("width", [60, 110])
async def test_story_lines_end_in_an_ellipsis_and_never_wrap(analysed_store, width):
    """With more stories than fit (a scroll bar) the lines were cut for a wider list: each
    wrapped under the wrong indent, some leaving a lone "…" on a line of its own."""
    names = ["Gordon Brown", "Tony Blair", "Labour Party", "Michael Howard", "Charles Kennedy"]
    names += [f"Shadow Minister Number {n}" for n in range(6)]
    stories = [
        {
            "story": f"s{n}",
            "entities": names,
            "documents": [
                {"title": f"Blair and Brown clash over the campaign {n} " * 4, "outlet": "BBC"}
            ]
            * 2,
        }
        for n in range(30)
    ]
    async with app_pilot(analysed_store, size=(width, 30), settled=False) as pilot:
        screen = await open_corpus(pilot)
        await pilot.press("tab")
        await settle(pilot)
        screen.stories.set_stories(stories)
        await settle(pilot)
        region = screen.stories.region
        lines = screen_text(pilot.app).splitlines()[region.y : region.bottom]
        cells = [line[region.x : region.right].rstrip() for line in lines]
        entity_lines = [c for c in cells if "Gordon Brown" in c]
        assert len(entity_lines) >= 3
        assert all(c.startswith("    Gordon Brown; Tony Blair") for c in entity_lines)
        assert all(c.endswith("…") for c in entity_lines)
        for cell in cells:  # a story line, an entity or title line, a rule or a blank
            assert cell.strip()[:1] in ("", "s", "─", "·", "G", "▁", "▔"), cell


async def test_escape_returns_to_the_library_as_it_was(analysed_store):
    async with app_pilot(analysed_store, size=(100, 30)) as pilot:
        app = pilot.app
        library = app.screen
        await pilot.press("slash", *"outlet:reuters", "enter")
        await settle(pilot)
        await pilot.press("escape")  # back to the list from the filter box... and open
        await open_corpus(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is library
        assert library.filter_text() == "outlet:reuters"
        assert library_ids(app) == [1]


async def test_palette_opens_the_stories_tab_from_the_reader(analysed_store):
    async with app_pilot(analysed_store, size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("enter")  # the newest document, in the reader
        await settle(pilot)
        assert not isinstance(app.screen, LibraryScreen)
        await run_palette_command(pilot, "corpus: stories")
        screen = app.screen
        assert isinstance(screen, CorpusScreen) and screen.active_tab == "stories"
        await pilot.press("enter")  # the first story; the reader closes on the way
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert library_ids(app) == [1, 2, 4]


async def test_an_unanalysed_store_says_what_to_do(empty_store, gate):
    ensure_seeded(empty_store)  # imported, not analysed (the app's catch-up waits at the gate)
    async with app_pilot(empty_store, engine="rules", size=(100, 30), settled=False) as pilot:
        app = pilot.app
        await until(pilot, lambda: app.analysis_running)
        await pilot.press("E")  # settle() would wait for the gated job
        await until(pilot, lambda: isinstance(app.screen, CorpusScreen) and app.screen.loaded)
        await pilot.pause(0.1)
        assert "0 names (of 0 entities) · none yet" in screen_text(app)
        gate.set()


# -- snapshots: hand-placed entities and stories, independent of the analysis engines ------
def _with_stories(store: Store) -> Store:
    with store.write() as conn:
        conn.executemany(
            "INSERT INTO document_stories (document_id, story) VALUES (?, ?)",
            [(1, 1), (2, 1), (4, 1), (3, 3), (5, 3)],
        )
    return store


def _corpus(tab: str):
    async def run_before(pilot) -> None:
        pilot.app.theme = THEME
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        if tab == "stories":
            await pilot.press("tab")
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        await settle(pilot)
        await pilot.pause(0.5)  # the tab underline's animation

    return run_before


def test_corpus_entities_snapshot(snap_compare, seeded_store: Store):
    app = GlossApp(_with_stories(seeded_store))
    assert snap_compare(app, terminal_size=(100, 24), run_before=_corpus("entities"))


def test_corpus_stories_snapshot(snap_compare, seeded_store: Store):
    app = GlossApp(_with_stories(seeded_store))
    assert snap_compare(app, terminal_size=(100, 24), run_before=_corpus("stories"))


async def test_side_panel_lists_the_same_story_and_opens_one(analysed_store):
    from gloss.tui.screens.reader import ReaderScreen
    from gloss.tui.widgets.side_panel import SidePanel

    async with app_pilot(analysed_store, size=(130, 30)) as pilot:
        app = pilot.app
        await pilot.press("slash", *"story:s3", "enter")  # opens the newest of 3 and 5
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.document_id == 3
        await pilot.pause(0.3)  # the panel fills just after the text
        await settle(pilot)
        panel = reader.query_one(SidePanel)
        assert [d["id"] for d in reader.data.same_story] == [5]
        text = screen_text(app)
        assert "Same story: 1 other document" in text and "The Hill" in text
        panel.focus()
        panel.highlighted = next(
            i for i in range(panel.option_count) if panel.get_option_at_index(i).id == "doc-5"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.document_id == 5
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is reader


async def test_the_status_line_names_the_entity_the_keys_act_on(analysed_store: Store):
    """A new-user test pressed down once too often after typing a filter and merged the
    wrong entity: the cursor was only a colour. The status line names the row enter,
    ctrl+r, ctrl+g and ctrl+o act on, and follows the cursor."""
    async with app_pilot(analysed_store, size=(120, 30)) as pilot:
        screen = await open_corpus(pilot)
        await pilot.press(*"korea")
        await settle(pilot)
        rows = [r["canonical"] for r in screen.entities.rows]
        assert len(rows) >= 2
        status = screen.query_one("#corpus-status").render()
        assert str(status).startswith(f"▸ {rows[0]} · ")
        # The first down after typing goes on to the first match, as in the library (a
        # second new-user test typed "cruz", pressed down and merged "Rafael Cruz").
        await pilot.press("down")
        await pilot.pause()
        assert str(screen.query_one("#corpus-status").render()).startswith(f"▸ {rows[0]} · ")
        await pilot.press("down")
        await pilot.pause()
        assert str(screen.query_one("#corpus-status").render()).startswith(f"▸ {rows[1]} · ")
        await pilot.press("up", "down")
        await pilot.pause()
        assert str(screen.query_one("#corpus-status").render()).startswith(f"▸ {rows[1]} · ")
        await pilot.press("backspace")  # typing again: down goes on to the first match again
        await settle(pilot)
        rows = [r["canonical"] for r in screen.entities.rows]
        await pilot.press("down")
        await pilot.pause()
        assert str(screen.query_one("#corpus-status").render()).startswith(f"▸ {rows[0]} · ")
