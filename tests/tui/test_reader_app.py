"""Pilot tests: drive the real GlossApp on a temp store with the seeds and fixture analysis."""

from __future__ import annotations

from gloss.store import Store
from gloss.store.documents import DocumentMeta, save_document
from gloss.tui.messages import OpenDocument
from gloss.tui.screens.help import HelpScreen
from gloss.tui.screens.library import LibraryScreen
from gloss.tui.screens.reader import ReaderScreen
from gloss.tui.widgets.document_list import DocumentList
from gloss.tui.widgets.document_view import DocumentView
from gloss.tui.widgets.side_panel import SidePanel
from tests.tui.conftest import MARKUP_TITLE, mark_analysed
from tests.tui.pilot import (
    app_pilot,
    open_reader,
    screen_text,
    settle,
    styles_at,
    type_filter,
    until,
)


async def test_library_lists_seeds_newest_first(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        assert isinstance(app.screen, LibraryScreen)
        documents = app.screen.query_one(DocumentList)
        assert documents.total == 6
        dates = [documents.row_at(i)["published"] for i in range(6)]
        dated = [d for d in dates if d]
        assert dated == sorted(dated, reverse=True)
        text = screen_text(app)
        assert "6 documents" in text
        assert "Reuters" in text and "The Hill" in text


async def test_filter_narrows_as_you_type_and_enter_opens(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        documents = app.screen.query_one(DocumentList)
        await type_filter(pilot, "outlet:reuters")
        assert documents.total == 1
        assert documents.row_at(0)["outlet"] == "Reuters"
        assert "1 document matches" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert "Reuters" in screen_text(app)


async def test_enter_right_after_typing_opens_the_new_first_match(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("slash", *"outlet:reuters", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.data.document["outlet"] == "Reuters"


async def test_bad_filter_shows_an_error_line(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        await type_filter(pilot, "status:maybe")
        assert "status:maybe is not one of" in screen_text(app)
        assert app.screen.query_one(DocumentList).total == 6  # the old list stays


async def test_free_text_filter_shows_a_snippet(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        await type_filter(pilot, "shoigu")
        documents = app.screen.query_one(DocumentList)
        expected = seeded_store.scalar(
            "SELECT count(*) FROM documents WHERE text LIKE '%shoigu%' OR title LIKE '%shoigu%'"
        )
        assert expected >= 1
        assert documents.total == expected
        assert "Shoigu" in screen_text(app).splitlines()[-2]  # the snippet preview line


async def test_each_highlighted_row_shows_its_own_snippet(seeded_store: Store):
    """Only the highlighted row's snippet is fetched (a page's snippets cost more than the
    page): moving the cursor fetches and shows the next row's."""
    from gloss.store.library_pages import snippet_of

    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        await type_filter(pilot, "said")
        documents = app.screen.query_one(DocumentList)
        assert documents.total >= 2
        await pilot.press("escape")  # back to the list
        await settle(pilot)
        for index in range(2):
            if index:
                await pilot.press("down")
                await settle(pilot)
            row = documents.row_at(index)
            expected = snippet_of(seeded_store, documents.list_query, int(row["id"]))
            shown = screen_text(app).splitlines()[-2]
            assert row["snippet"] == expected
            assert "said" in shown.lower()
            assert " ".join(expected.replace("«", "").replace("»", "").split()[:3]) in shown


async def test_move_between_claims_and_entities(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        claims = reader.data.claims
        assert len(claims) >= 2
        await pilot.press("right_square_bracket")
        assert view.selection.kind == "claim" and view.selection.index == 0
        assert view.selection.start == claims[0]["start"]
        await pilot.press("right_square_bracket")
        assert view.selection.index == 1
        await pilot.press("left_square_bracket")
        assert view.selection.index == 0
        assert "claim 1/" in screen_text(app)
        await pilot.press("right_curly_bracket")
        entity = reader.data.entities[view.selection.index]
        assert view.selection.kind == "entity"
        assert entity["start"] > claims[0]["start"]
        assert f"entity {view.selection.index + 1}/" in screen_text(app)
        await pilot.press("right_parenthesis")
        assert view.selection.kind == "sentence"


async def test_toggle_layers_changes_the_legend_and_drawing(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        before = view.render_line(0)
        await pilot.press("e")
        assert view.shown["entities"] is False
        legend = view.legend()
        person = next(s for s in legend.spans if legend.plain[s.start : s.end] == "PERSON")
        assert person.style.strike
        after = view.render_line(0)
        assert before.text == after.text and before != after  # same words, other styles
        await pilot.press("e", "c", "b", "a", "h")
        assert view.shown == {
            "entities": True,
            "claims": False,
            "boilerplate": False,
            "annotations": False,
            "hits": False,
        }


async def test_side_panel_jumps_to_a_claim(seeded_store: Store):
    async with app_pilot(seeded_store, size=(120, 40)) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        panel = reader.query_one(SidePanel)
        assert panel.display  # wide enough: shown by default
        await pilot.pause(0.2)  # filled just after the text's first paint
        index = panel.get_option_index("claim-1")
        panel.focus()
        panel.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        view = reader.query_one(DocumentView)
        assert view.selection.kind == "claim" and view.selection.index == 1
        await pilot.press("p")
        assert not panel.display
        await pilot.press("p")
        assert panel.display and panel.option_count > 2


async def test_find_in_document(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        await pilot.press("slash", *"kirby", "enter")
        assert len(view.hits) == reader.data.text.lower().count("kirby")
        assert view.selection.kind == "hit" and view.selection.index == 0
        await pilot.press("n")
        assert view.selection.index == 1
        await pilot.press("N")
        assert view.selection.index == 0
        assert "match 1/" in screen_text(app)
        # Escape clears the marks of a find typed here first (a new user lost the document
        # to it), then goes back to the library.
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is reader and not view.hits and "match 1/" not in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_back_in_the_library_the_cursor_stays_and_the_row_is_read(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        documents = app.screen.query_one(DocumentList)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        opened = app.screen.document_id
        await pilot.press("escape")
        await settle(pilot)
        assert documents.cursor == 2
        assert documents.row_at(2)["id"] == opened
        assert documents.row_at(2)["status"] == "read"


async def test_escape_returns_to_library_and_marks_read(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        await open_reader(pilot, "outlet:reuters")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert seeded_store.scalar("SELECT count(*) FROM documents WHERE read_at IS NOT NULL") == 1


async def test_help_and_palette(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "The library filter" in text
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"sort by words")
        await pilot.pause(0.5)
        assert "library: sort by words" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(DocumentList).list_query.sort == "words"


async def test_palette_toggles_a_layer_in_the_reader(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"view: toggle entities")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert reader.query_one(DocumentView).shown["entities"] is False


async def test_markup_and_ansi_are_shown_literally(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        text = screen_text(app)
        assert "Odd [bold]x[/] title [/] ␛[31mred" in text
        assert "[i]Odd[/i]" in text
        assert "\x1b" not in text
        await open_reader(pilot, "outlet:[i]Odd[/i]")
        text = screen_text(app)
        assert MARKUP_TITLE.replace("\x1b", "␛") in text
        for piece in ("has [bold]markup[/] and", "␛[31mANSI", "escape␛[0m inside"):
            assert piece in text
        assert "\x1b" not in text


async def test_empty_store_shows_help(empty_store: Store):
    async with app_pilot(empty_store, size=(80, 24)) as pilot:
        app = pilot.app
        text = screen_text(app)
        assert "no documents yet" in text
        assert "gloss import" in text
        await pilot.press("enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_works_at_80x24(seeded_store: Store):
    async with app_pilot(seeded_store, size=(80, 24)) as pilot:
        app = pilot.app
        assert "Title" in screen_text(app)
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        assert all(
            len(line.text.rstrip()) <= view.size.width for line in map(view.render_line, range(5))
        )
        footer = screen_text(app).rstrip().splitlines()[-1]
        assert "] Next claim" in footer and "? Help" in footer and "^p Commands" in footer
        await pilot.press("pagedown", "end", "home")
        assert view.scroll_offset.y == 0


async def test_every_builtin_theme_renders(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        await pilot.press("right_square_bracket")
        view = reader.query_one(DocumentView)
        names = sorted(app.available_themes)
        assert len(names) > 5
        for name in names:
            app.theme = name
            await pilot.pause()
            strips = [view.render_line(y) for y in range(3)]
            assert any(strip.text.strip() for strip in strips), name
            fg = [
                seg.style.color
                for strip in strips
                for seg in strip
                if seg.style and seg.text.strip()
            ]
            bg = [
                seg.style.bgcolor
                for strip in strips
                for seg in strip
                if seg.style and seg.text.strip()
            ]
            # text is drawn in a colour that differs from its background
            pairs = [
                (f, b)
                for f, b in zip(fg, bg, strict=True)
                if f is not None and b is not None and not (f.is_default or b.is_default)
            ]
            assert all(f != b for f, b in pairs), name


async def test_annotation_and_boilerplate_layers(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        note = reader.data.annotations[0]
        plain = styles_at(view, note["start"] - 2)
        noted = styles_at(view, note["start"] + 1)
        assert noted.bgcolor != plain.bgcolor
        await pilot.press("a")
        assert styles_at(view, note["start"] + 1).bgcolor == plain.bgcolor
        boilerplate = reader.data.document["boilerplate"]
        if boilerplate:  # the importer found some: it is dimmed, and toggles
            start = boilerplate[0][0]
            dimmed = styles_at(view, start)
            await pilot.press("b")
            assert styles_at(view, start).color != dimmed.color


async def test_click_selects_the_entity_under_the_mouse(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        entity = reader.data.entities[0]
        index = max(i for i, line in enumerate(view.lines) if line.start <= entity["start"])
        assert index < view.size.height
        x = view.styles.padding.left + entity["start"] - view.lines[index].start + 1
        await pilot.click(DocumentView, offset=(x, index))
        assert view.selection is not None
        assert view.selection.kind == "entity" and view.selection.start == entity["start"]


async def test_clicking_a_column_header_sorts(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        documents = app.screen.query_one(DocumentList)
        header = documents.render_line(0).text
        column = header.index("Words")
        await pilot.click(DocumentList, offset=(column + 1, 0))
        await settle(pilot)
        assert documents.list_query.sort == "words" and documents.list_query.descending
        words = [documents.row_at(i)["words"] for i in range(documents.total)]
        assert words == sorted(words, reverse=True)
        assert "Words↓" in documents.render_line(0).text


async def test_list_fetches_only_the_pages_it_draws(empty_store: Store):
    with empty_store.write() as conn:
        for n in range(1000):
            save_document(
                conn,
                f"text number {n}",
                f"gen/{n}.txt",
                DocumentMeta(title=f"Doc {n:04d}", published=f"2020-01-{1 + n % 28:02d}"),
            )
    mark_analysed(empty_store)  # nothing for the app to catch up on
    async with app_pilot(empty_store, size=(80, 24)) as pilot:
        app = pilot.app
        documents = app.screen.query_one(DocumentList)
        assert documents.total == 1000
        assert list(documents._pages) == [0]  # noqa: SLF001
        await pilot.press("G")
        await settle(pilot)
        assert documents.cursor == 999
        assert documents.row_at(999) is not None
        assert len(documents._pages) == 2  # noqa: SLF001 - the first and the last page only
        assert documents.row_at(500) is None
        last = documents.row_at(999)["title"]
        assert last in screen_text(app)
        assert not documents.show_horizontal_scrollbar
        assert last in documents.render_line(documents.scrollable_content_region.height - 1).text


async def test_a_big_document_shows_its_beginning_first(empty_store: Store, monkeypatch):
    paragraph = "The ministry said the talks would continue next week. " * 8
    text = "# A long report\n\n" + "\n\n".join(f"{n}. {paragraph}" for n in range(900))
    assert len(text) > 300_000
    with empty_store.write() as conn:
        _, doc_id = save_document(conn, text, "big.txt", DocumentMeta(title="A long report"))
    mark_analysed(empty_store)  # nothing for the app to catch up on
    previews: list[int] = []
    original = ReaderScreen._show_preview

    def spy(self, data, structure, lines):
        previews.append(len(data.text))
        original(self, data, structure, lines)

    monkeypatch.setattr(ReaderScreen, "_show_preview", spy)
    async with app_pilot(empty_store, size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.loaded and not reader.preview
        assert previews and previews[0] < len(text) // 10
        view = reader.query_one(DocumentView)
        assert view.lines[-1].end == len(text)
        await pilot.press("end")
        assert view.scroll_offset.y == view.max_scroll_y > len(view.lines) - 40
        assert "899." in screen_text(app)


async def test_every_key_in_the_help_can_be_pressed(seeded_store: Store):
    """Smoke: each documented key, pressed where it applies, raises nothing."""
    from gloss.tui.screens.help import own_bindings

    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        for binding in own_bindings(DocumentList) + own_bindings(LibraryScreen):
            if binding.action in ("open", "focus_filter"):
                continue
            await pilot.press(binding.key)
            await settle(pilot)
            if binding.action.startswith("app."):  # opens a dialog: escape closes it
                assert not isinstance(app.screen, LibraryScreen), binding.key
                await pilot.press("escape")
                await settle(pilot)
            assert isinstance(app.screen, LibraryScreen), binding.key
        reader = await open_reader(pilot, "outlet:reuters")
        for binding in own_bindings(ReaderScreen):
            if binding.action == "close":
                continue
            await pilot.press(binding.key)
            if binding.action == "find":
                await pilot.press("k", "enter")
            await pilot.pause()
            if binding.action in ("tag", "note", "tag_document", "note_document", "pin_tag"):
                assert app.screen is not reader, binding.key  # a dialog: escape cancels it
                await pilot.press("escape")
                await pilot.pause()
            assert app.screen is reader, binding.key
        await pilot.press("escape")  # closes the annotations list opened with A
        await pilot.press("escape")  # clears the words selected with v
        await pilot.press("escape")  # clears the marks of the find typed with /
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_open_document_at_an_offset_selects_what_is_there(seeded_store: Store):
    claim = seeded_store.row("SELECT document_id, start, end FROM claims ORDER BY id LIMIT 1")
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        app.post_message(OpenDocument(claim["document_id"], at=claim["start"] + 1))
        await settle(pilot)
        view = app.screen.query_one(DocumentView)
        assert view.selection is not None
        assert view.selection.start <= claim["start"] + 1 < view.selection.end


async def test_search_words_are_marked_in_the_opened_document(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        reader = await open_reader(pilot, "shoigu")
        await settle(pilot)
        view = reader.query_one(DocumentView)
        assert view.find_text == "shoigu"
        assert len(view.hits) == reader.data.text.lower().count("shoigu") > 0
        await pilot.press("n")
        assert view.selection.kind == "hit"
        assert reader.data.text[view.selection.start : view.selection.end].lower() == "shoigu"


async def test_status_line_says_why_a_claim_is_check_worthy(seeded_store: Store):
    from gloss.store.analysis.score import claim_why

    async with app_pilot(seeded_store, size=(240, 30)) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        claim = reader.data.claims[0]
        line = claim_why(reader.data.text, claim)
        assert line.startswith(f"check-worthy {claim['score']:.2f}")
        assert ": " in line  # at least one named reason
        status = [row for row in screen_text(app).splitlines() if "claim 1/" in row]
        assert status and line in status[0]


async def test_opening_a_claim_selects_that_claim_and_scrolls_to_it(seeded_store: Store):
    """A new-user test: enter on the speaker screen opened Jones's claim with the status line
    on Smith's (a claim whose sentences hold Jones's words came first), and the text stayed
    at the top of a long document, the claim far below."""
    filler = "\n\n".join(f"Paragraph {i} is about the weather in town." for i in range(80))
    text = f"Talks\n\n{filler}\n\nSmith said the plan would fail. Jones said the plan would work.\n"
    smith, jones = text.index("Smith"), text.index("Jones")
    with seeded_store.write() as conn:
        _, doc = save_document(conn, text, "talks.txt", DocumentMeta(title="Talks"))
        for speaker, start, content in (
            ("Smith", smith, "the plan would fail"),
            ("Jones", jones, "the plan would work"),
        ):
            at = text.index(content, start)
            conn.execute(
                "INSERT INTO claims (document_id, start, end, kind, speaker, content_start, "
                "content_end) VALUES (?, ?, ?, 'reported', ?, ?, ?)",
                (doc, start, len(text) - 1, speaker, at, at + len(content)),
            )
    mark_analysed(seeded_store)
    target = text.index("the plan would work")
    async with app_pilot(seeded_store, size=(100, 24)) as pilot:
        pilot.app.post_message(OpenDocument(doc, at=target, select="claim"))
        await settle(pilot)
        reader = pilot.app.screen
        view = reader.query_one(DocumentView)
        claim = reader.data.claims[view.selection.index]
        assert view.selection.kind == "claim" and claim["speaker"] == "Jones"
        assert "Jones said the plan would work" in screen_text(pilot.app)


async def test_a_library_without_dates_says_it_lists_by_import_order(empty_store: Store):
    """A new-user test on the BBC files (no dates): the header said "sorted by date ↓" over
    a list with no date column."""
    with empty_store.write() as conn:
        for i in range(3):
            save_document(conn, f"Story {i}\n\nText {i} here.", f"s{i}.txt", DocumentMeta())
    mark_analysed(empty_store)
    async with app_pilot(empty_store, size=(100, 24)) as pilot:
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "undated, newest import first" in text and "sorted by date" not in text


async def test_the_palette_finds_the_corrections_by_that_word(seeded_store: Store):
    """A new-user test typed "correct", "split" and "merge" in the palette and found
    nothing: the corrections were named "claim: fix speaker", "entity: merge..."."""
    async with app_pilot(seeded_store, size=(120, 30)) as pilot:
        app = pilot.app
        await open_reader(pilot, "outlet:reuters")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"correct")
        await pilot.pause(0.5)
        text = screen_text(app)
        assert "correct: the claim's speaker" in text
        assert "correct: split the claim off its cluster, or merge clusters" in text
        assert "correct: list and undo corrections" in text
        await pilot.press("ctrl+u", *"undo corrections", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "CorrectionsScreen"  # listed in the reader's app
        await until(pilot, lambda: "0 corrections, newest first" in screen_text(app))


async def test_after_home_or_end_the_next_claim_is_the_first_on_screen(seeded_store: Store):
    """A new-user test: at claim 32, home then ] selected claim 33 (far below, the view
    jumped back); end then [ went to claim 2. Scrolled away from the selection, ] takes the
    first claim on screen and [ the last; with the selection in view they step from it."""
    async with app_pilot(seeded_store, size=(100, 16)) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        claims = len(reader.data.claims)
        assert claims >= 4
        for _ in range(claims):
            await pilot.press("]")
        await pilot.pause()
        assert view.selection.index == claims - 1
        assert view.scroll_offset.y > 0  # the last claim is below the first screen
        await pilot.press("home")
        await pilot.pause()
        await pilot.press("]")
        await pilot.pause()
        assert view.selection.index == 0
        await pilot.press("]")
        await pilot.pause()
        assert view.selection.index == 1  # in view: steps from it
        await pilot.press("end")
        await pilot.pause()
        shown = view.lines[view.scroll_offset.y].start
        assert view.selection.end <= shown  # claim 2 is off screen now
        await pilot.press("[")
        await pilot.pause()
        assert view.selection.index == claims - 1  # the last claim, on the last screen


async def test_a_document_opened_again_comes_back_where_reading_stopped(analysed):
    """A new-user test reopened a document and was at its top again: within a session the
    reader comes back to the item selected when it was left (from the library and with
    the next/previous document keys)."""
    from tests.tui.pilot import app_pilot, open_reader, settle

    async with app_pilot(analysed, size=(120, 34)) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await settle(pilot)
        left_at = reader.view.selection
        assert left_at is not None and left_at.kind == "claim" and left_at.index == 2
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # the library kept its filter and cursor
        await settle(pilot)
        again = pilot.app.screen
        assert (
            isinstance(again, ReaderScreen)
            and again is not reader
            and again.document_id == reader.document_id
        )
        assert again.view.selection is not None
        assert (again.view.selection.kind, again.view.selection.index) == ("claim", 2)
        assert "claim 3/" in " ".join(again.query_one("#where").render().plain.split())


async def test_o_after_a_find_compares_the_claim_holding_the_match(analysed):
    """A new-user test found a word, pressed `o` and read "select a claim first" though the
    match was inside a claim."""
    from gloss.tui.screens.sources_dialog import SourcesDialog

    async with app_pilot(analysed, size=(120, 34)) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        await pilot.press("slash", *"we condemn", "enter")
        await settle(pilot)
        assert view.selection is not None and view.selection.kind == "hit"
        holding = [
            c
            for c in reader.data.claims
            if c["content_start"] <= view.selection.start < c["content_end"]
        ]
        assert holding
        await pilot.press("o")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, SourcesDialog)
        assert dialog.variants[0].claim_id in {c["id"] for c in holding}
        await pilot.press("escape")
        await settle(pilot)
        # ... and `]` from the match takes that claim first, not the next one
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert view.selection.kind == "claim"
        assert reader.data.claims[view.selection.index]["id"] in {c["id"] for c in holding}


async def test_at_80_columns_the_library_still_marks_unread_documents(seeded_store: Store):
    """A new-user test at 80 columns could not tell which documents were read: the State
    column gave way. Below 90 columns it is one mark, "•" while unread."""
    async with app_pilot(seeded_store, size=(80, 24)) as pilot:
        app = pilot.app
        documents = app.screen.query_one(DocumentList)
        await settle(pilot)

        def line(i: int) -> str:
            return documents._row_strip(documents.row_at(i), 78, False).text  # noqa: SLF001

        assert line(0).rstrip().endswith("•")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert documents.row_at(0)["status"] == "read"
        assert not line(0).rstrip().endswith("•")
        assert line(1).rstrip().endswith("•")


async def test_find_wraps_to_the_first_match(seeded_store: Store):
    """A new-user test searched a word whose only match was above the cursor: enter did not
    move and n said "No more find matches after the cursor". Find wraps, and says so."""
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        await pilot.press("end")
        await settle(pilot)
        view.select_at(len(reader.data.text) - 2)
        await pilot.press("slash", *"kirby", "enter")
        await settle(pilot)
        assert view.selection is not None and view.selection.kind == "hit"
        assert view.selection.index == 0
        assert any("wrapped" in n.message for n in pilot.app._notifications)  # noqa: SLF001
        last = len(view.hits) - 1
        await pilot.press("N")
        await settle(pilot)
        assert view.selection.index == last  # back over the top to the last match


async def test_the_side_panel_shows_a_label_s_colon_once(empty_store: Store):
    """A new-user test read "Harry Reid :: Never, ever underestimate Trump" in the side
    panel: the cue of a "Name: words" line is its colon."""
    from gloss.store.analysis import analyze_documents

    with empty_store.write() as conn:
        save_document(
            conn,
            "Reid: Never, ever underestimate Trump.\n\nHarry Reid: Never, ever underestimate "
            "Donald Trump, he warned his party.\n",
            "reid.txt",
            DocumentMeta(title="Reid: Never, ever underestimate Trump"),
        )
    analyze_documents(empty_store, engine="rules")
    async with app_pilot(empty_store, size=(130, 40)) as pilot:
        reader = await open_reader(pilot, "")
        await pilot.pause(0.2)
        panel = reader.query_one(SidePanel)
        prompts = [panel.get_option_at_index(i).prompt.plain for i in range(panel.option_count)]
        said = [p for p in prompts if "Never, ever" in p]
        assert said and all("::" not in p for p in said), prompts
        assert any(p.startswith(("Harry Reid: Never", "Reid: Never")) for p in said), said


async def test_a_scrolled_document_repaints_the_lines_a_highlight_moves_to(seeded_store: Store):
    """A new-user test pressed ] through a long document: once it had scrolled, the status
    line named claim 38 while claim 36 stayed lit (the repaint went to rows counted twice
    from the scroll offset, above the screen). The rows repainted are the claim's rows as
    they stand on screen."""
    from textual.geometry import Region

    filler = "\n\n".join(f"Paragraph {i} is about the weather in town." for i in range(80))
    text = f"Talks\n\n{filler}\n\nJones said the plan would work.\n"
    with seeded_store.write() as conn:
        save_document(conn, text, "talks.txt", DocumentMeta(title="Talks"))
    mark_analysed(seeded_store)
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        reader = await open_reader(pilot, "Talks")
        view = reader.query_one(DocumentView)
        view.scroll_to(y=60, animate=False)
        await pilot.pause()
        top = view.scroll_offset.y
        assert top > 0
        at = text.index("Paragraph 40 ")
        line = max(i for i, start in enumerate(view._line_starts) if start <= at)  # noqa: SLF001
        assert top <= line < top + view.scrollable_content_region.height  # on screen
        repainted: list[Region] = []
        real = view.refresh

        def spy(*regions, **kwargs):  # type: ignore[no-untyped-def]
            repainted.extend(r for r in regions if isinstance(r, Region))
            return real(*regions, **kwargs)

        view.refresh = spy  # type: ignore[method-assign]
        view._refresh_range(at, at + 5)  # noqa: SLF001
        assert [r.y for r in repainted] == [line - top]
