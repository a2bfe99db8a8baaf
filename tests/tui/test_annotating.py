"""Annotating in the reader, driven by keys and the mouse: rows in the store and the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from gloss.store import Store, open_store
from gloss.store.annotations import list_annotations, list_tags, pin_tag, set_tag_color
from gloss.tui.screens.library import LibraryScreen
from gloss.tui.screens.note_dialog import NoteDialog
from gloss.tui.screens.pin_dialog import PinDialog
from gloss.tui.screens.reader import ReaderScreen
from gloss.tui.screens.tag_dialog import TagDialog
from gloss.tui.widgets.annotation_panel import AnnotationPanel
from gloss.tui.widgets.document_view import DocumentView
from tests.tui.conftest import NOTE_QUOTE
from tests.tui.pilot import app_pilot, open_reader, screen_text, styles_at

SIZE = (120, 34)


def spans(store: Store, doc_id: int) -> list[tuple]:
    """(start, end, tags, note) of a document's annotations, fixture note left out."""
    return [
        (a.start, a.end, a.tags, a.note)
        for a in list_annotations(store, doc_id)
        if a.id != "note-1"
    ]


async def tag_with(pilot, *tags: str) -> None:
    """In an open tag dialog: add each tag, then save with enter on the empty line."""
    assert isinstance(pilot.app.screen, TagDialog)
    for tag in tags:
        await pilot.press(*tag, "enter")
    await pilot.press("enter")
    await pilot.pause()


async def test_keyboard_selection_extends_by_word_and_sentence_and_escape_clears(
    seeded_store: Store,
):
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.view
        text = reader.data.text
        await pilot.press("v")
        assert view.selection.kind == "range"
        assert text[view.selection.start : view.selection.end] == "White"
        await pilot.press("shift+right", "shift+right")
        assert text[view.selection.start : view.selection.end] == "White House accuses"
        await pilot.press("shift+left")
        assert text[view.selection.start : view.selection.end] == "White House"
        # drawn as a highlight: "House" (in the range) differs from "accuses" (outside it)
        assert styles_at(view, 6).bgcolor != styles_at(view, 13).bgcolor
        assert "selected White House" in screen_text(app)
        await pilot.press("shift+down")  # to the end of the first sentence (the title line)
        end = view.selection.end
        assert text[view.selection.start : end].startswith("White House accuses North Korea")
        assert text[end - 1].isalnum() and "\n" in text[end : end + 2]
        await pilot.press("shift+down")  # the next sentence's end
        assert view.selection.end > end
        await pilot.press("shift+up")  # back to that sentence's first word
        assert len(text[end : view.selection.end].split()) == 1
        await pilot.press("escape")
        assert view.selection is None
        assert styles_at(view, 6).bgcolor == styles_at(view, 13).bgcolor  # highlight gone
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


@pytest.mark.parametrize("backwards", [False, True])
async def test_mouse_drag_selects_words_and_tag_saves_that_span(seeded_store: Store, backwards):
    async with app_pilot(seeded_store, author="ana", size=SIZE) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        text = reader.data.text
        row = next(
            i for i, line in enumerate(view.lines) if "WASHINGTON" in text[line.start : line.end]
        )
        line = view.lines[row]
        pad = view.styles.padding.left + line.indent
        first = text.index("WASHINGTON", line.start) - line.start
        last = text.index("Friday", line.start) - line.start + 2
        ends = [(pad + first + 1, row), (pad + last, row)]
        if backwards:
            ends.reverse()
        await pilot.mouse_down(DocumentView, offset=ends[0])
        await pilot.mouse_up(DocumentView, offset=ends[1])
        await pilot.pause()
        assert view.selection.kind == "range"
        quote = text[view.selection.start : view.selection.end]
        assert quote.startswith("WASHINGTON") and quote.endswith("Friday")
        await pilot.press("t")
        await tag_with(pilot, "dateline")
        assert spans(seeded_store, reader.document_id) == [
            (view.selection.start, view.selection.end, ("dateline",), "")
        ]
        ann = next(a for a in list_annotations(seeded_store, reader.document_id) if a.tags)
        assert ann.author == "ana" and ann.quote == quote
        assert "Saved:" in screen_text(app) and "dateline" in screen_text(app)


async def test_tag_and_note_a_claim_then_edit_both(seeded_store: Store):
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        doc = reader.document_id
        await pilot.press("right_square_bracket")
        claim = reader.view.selection
        assert claim.kind == "claim"
        await pilot.press("t")
        await tag_with(pilot, "needs source", "🔥 hot, cold")
        # each tag in quotes: "🔥 hot, cold" is one tag (a new-user test read "x, y" as two)
        assert any(
            "'needs source', '🔥 hot, cold'" in n.message
            for n in app._notifications  # noqa: SLF001
        ) or "'needs source', '🔥 hot, cold'" in screen_text(app)
        await pilot.press("m")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"Check the *date*.", "ctrl+s")
        await pilot.pause()
        assert spans(seeded_store, doc) == [
            (claim.start, claim.end, ("needs source", "🔥 hot, cold"), "Check the *date*.")
        ]
        assert "Saved: note on" in screen_text(app)
        # the same claim again edits the same annotation: remove a tag with delete
        await pilot.press("t")
        dialog = app.screen
        assert isinstance(dialog, TagDialog) and dialog.tags == ["needs source", "🔥 hot, cold"]
        await pilot.press("shift+tab")  # focus the list of tags (first one highlighted)
        await pilot.press("delete", "ctrl+s")
        await pilot.pause()
        assert spans(seeded_store, doc) == [
            (claim.start, claim.end, ("🔥 hot, cold",), "Check the *date*.")
        ]


async def test_default_target_is_the_sentence_in_view(seeded_store: Store):
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        assert reader.view.selection is None
        await pilot.press("t")
        await tag_with(pilot, "headline")
        selection = reader.view.selection
        assert selection.kind == "sentence" and selection.start == 0
        assert spans(seeded_store, reader.document_id) == [(0, selection.end, ("headline",), "")]


async def test_panel_lists_jumps_edits_deletes_and_undo_brings_back(seeded_store: Store):
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        doc = reader.document_id
        await pilot.press("A")
        panel = reader.query_one(AnnotationPanel)
        assert panel.display and panel.options.has_focus
        shot = screen_text(app)
        assert "Annotations (1)" in shot and NOTE_QUOTE in shot and "[b]check[/b] this" in shot
        await pilot.press("enter")  # jump to it
        assert reader.view.selection.kind == "annotation"
        assert reader.data.text[reader.view.selection.start :].startswith(NOTE_QUOTE)
        await pilot.press("t")  # with the panel focused, t edits the highlighted annotation
        await tag_with(pilot, "panel tag")
        assert list_annotations(seeded_store, doc)[0].tags == ("panel tag",)
        await pilot.press("e")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("ctrl+end", "enter", "enter", *"**more**", "ctrl+s")
        await pilot.pause()
        note = list_annotations(seeded_store, doc)[0].note
        assert note == "[b]check[/b] this\n\n**more**"
        await pilot.press("d")
        await pilot.pause()
        assert list_annotations(seeded_store, doc) == []
        assert "Deleted the annotation" in screen_text(app) and "u undoes" in screen_text(app)
        assert "Annotations (0)" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert [a.note for a in list_annotations(seeded_store, doc)] == [note]
        assert "Undo: restored the annotation" in screen_text(app)
        assert "Annotations (1)" in screen_text(app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert list_annotations(seeded_store, doc) == []
        assert "Redo: removed the annotation" in screen_text(app)


async def test_escape_closes_the_annotations_list_before_the_reader(seeded_store: Store):
    """A new-user test: escape in the list (opened with A) left the whole reader."""
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        await pilot.press("A")
        panel = reader.query_one(AnnotationPanel)
        assert panel.display
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is reader and not panel.display and reader.view.has_focus
        await pilot.press("escape")  # the next escape goes back to the library as before
        await pilot.pause()
        assert app.screen is not reader


async def test_orphans_are_listed_and_marked(seeded_store: Store):
    seeded_store.conn.execute("UPDATE annotations SET orphan = 1 WHERE id = 'note-1'")
    seeded_store.conn.commit()
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        assert reader.view.count("annotation") == 0  # not drawn on the text
        await pilot.press("A", "enter")
        shot = screen_text(app)
        assert "⚠ orphan" in shot and "Orphan:" in shot


async def test_undo_after_restarting_the_app(tmp_path: Path, seeded_store: Store):
    path = Path(seeded_store.conn.execute("PRAGMA database_list").fetchone()[2])
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        doc = reader.document_id
        await pilot.press("right_square_bracket", "t")
        await tag_with(pilot, "keep")
        await pilot.press("m", *"first", "ctrl+s")
        await pilot.pause()
    assert spans(seeded_store, doc)[0][2:] == (("keep",), "first")
    again = open_store(path)
    try:
        async with app_pilot(again, size=SIZE) as pilot:
            app = pilot.app
            await open_reader(pilot, "outlet:reuters")
            await pilot.press("u")
            await pilot.pause()
            assert spans(again, doc)[0][2:] == (("keep",), "")
            assert "Undo: " in screen_text(app) and ": note removed · ctrl+r redoes" in (
                screen_text(app)
            )
            await pilot.press("u")
            await pilot.pause()
            assert spans(again, doc) == []
            assert "Undo: removed the annotation" in screen_text(app)
            await pilot.press("u")
            await pilot.pause()
            assert "Nothing to undo" in screen_text(app)
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert spans(again, doc)[0][2:] == (("keep",), "")
            await pilot.press("ctrl+r")  # the note comes back, and the line says so
            await pilot.pause()
            assert spans(again, doc)[0][2:] == (("keep",), "first")
            assert "Redo: " in screen_text(app) and ": note back · u undoes" in screen_text(app)
    finally:
        again.close()


async def test_document_level_tags_and_note(seeded_store: Store):
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        await pilot.press("right_square_bracket")  # a selection must not matter
        await pilot.press("T")
        await tag_with(pilot, "weapons", "Korea")
        await pilot.press("M", *"Whole piece.", "ctrl+s")
        await pilot.pause()
        assert spans(seeded_store, reader.document_id) == [
            (None, None, ("Korea", "weapons"), "Whole piece.")
        ]
        assert "Saved: note on the document" in screen_text(app)


async def test_pinned_keys_toggle_tags_and_show_on_the_pins_line(seeded_store: Store):
    pin_tag(seeded_store, "important", "1")
    set_tag_color(seeded_store, "important", "#ff0000")
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        doc = reader.document_id
        assert "1 important" in screen_text(app)
        await pilot.press("right_square_bracket", "1")
        await pilot.pause()
        claim = reader.view.selection
        assert spans(seeded_store, doc) == [(claim.start, claim.end, ("important",), "")]
        # the annotation is drawn in the tag's colour (a red tint, not the plain note style)
        reader.view.toggle_layer("claims")
        await pilot.press("right_square_bracket", "left_square_bracket")  # repaint
        style = reader.view._style("tag:#ff0000")  # noqa: SLF001
        assert style.bgcolor is not None and style != reader.view._style("annotation")  # noqa: SLF001
        assert any(s.style == "tag:#ff0000" for s in reader.view._spans)  # noqa: SLF001
        await pilot.press("2")
        assert "No tag is pinned to 2" in screen_text(app)
        await pilot.press("1")  # toggles it off: nothing left, so the annotation goes
        await pilot.pause()
        assert spans(seeded_store, doc) == []
        assert "u undoes" in screen_text(app)
        # pin another tag with the dialog
        await pilot.press("P")
        assert isinstance(app.screen, PinDialog)
        await pilot.press(*"to check", "enter", "2", "enter", *"teal", "enter")
        await pilot.pause()
        pins = {t["name"]: (t["pin_key"], t["color"]) for t in list_tags(seeded_store)}
        assert pins["to check"] == ("2", "teal")
        assert "2 to check" in screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        assert spans(seeded_store, doc) == [(claim.start, claim.end, ("to check",), "")]


async def test_markup_in_tags_and_notes_shows_literally(seeded_store: Store):
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        await pilot.press("right_square_bracket", "t")
        await tag_with(pilot, "[bold]x[/]")
        await pilot.press("m", *"[red]alarm[/] and ", "ctrl+s")
        await pilot.pause()
        ann = next(a for a in list_annotations(seeded_store, reader.document_id) if a.tags)
        # an ANSI escape cannot be typed: store it directly, as an import could
        from gloss.store.annotations import update_annotation

        update_annotation(seeded_store, ann.id, note="[red]alarm[/] and \x1b[31mred")
        reader.annotations_changed()
        await pilot.press("A")
        await pilot.pause()
        reader.query_one(AnnotationPanel).select(ann.id)
        await pilot.pause()
        shot = screen_text(app)
        assert "[bold]x[/]" in shot
        assert "[red]alarm[/] and ␛[31mred" in shot  # the row's first line and the rendered note
        assert shot.count("[red]alarm[/]") >= 2


async def test_dragging_past_the_bottom_edge_scrolls_and_extends(seeded_store: Store):
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.view
        height = view.scrollable_content_region.height
        last_visible = view.lines[height - 1]
        await pilot.mouse_down(DocumentView, offset=(2, 0))
        await pilot.mouse_up(DocumentView, offset=(5, height))  # the status line
        await pilot.pause()
        assert view.scroll_offset.y == 1
        assert view.selection.kind == "range" and view.selection.start == 0
        assert view.selection.end > last_visible.end  # reaches the line scrolled into view


async def test_long_tag_saves_and_blank_tag_is_refused_with_a_message(seeded_store: Store):
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        long_tag = "quote, 🔥 " + "x" * 191
        assert len(long_tag) == 200
        await pilot.press("right_square_bracket", "t", "space", "space", "enter")
        assert isinstance(app.screen, TagDialog)
        assert "a tag cannot be empty" in screen_text(app)
        app.screen.query_one("#tag-input", Input).value = long_tag  # as if typed
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert [a.tags for a in list_annotations(seeded_store, reader.document_id) if a.tags] == [
            (long_tag,)
        ]
