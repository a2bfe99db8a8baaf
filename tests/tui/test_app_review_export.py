"""Review sessions and exports started from the app: library key, palette, `gloss review`."""

from __future__ import annotations

import csv

from textual.widgets import Input

from gloss.store.annotations import create_annotation
from gloss.store.review import open_session
from gloss.tui.screens.export_dialog import ExportDialog
from gloss.tui.screens.library import LibraryScreen
from gloss.tui.screens.review import ReviewScreen
from gloss.tui.screens.review_start import ReviewStartDialog
from tests.tui.pilot import (
    app_pilot,
    open_reader,
    run_palette_command,
    screen_text,
    settle,
    type_filter,
)


async def test_gloss_review_opens_straight_into_the_session_and_escape_quits(seeded_store):
    session = open_session(seeded_store, "all claims", "claims", author="ana")
    async with app_pilot(seeded_store, author="ana", review=session, size=(100, 30)) as pilot:
        app = pilot.app
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("a")
        await pilot.press("escape")
        await settle(pilot)
        assert app._exit  # noqa: SLF001  (back to the shell, not the library)
    rows = seeded_store.rows("SELECT verdict, author FROM verdicts")
    assert rows == [{"verdict": "accept", "author": "ana"}]


async def test_review_from_a_filtered_library_list(seeded_store):
    reuters = seeded_store.scalar("SELECT id FROM documents WHERE outlet = 'Reuters'")
    expected = seeded_store.scalar("SELECT count(*) FROM claims WHERE document_id = ?", (reuters,))
    # the quoted outlet must survive into the queue (not become the free-text word Reuters)
    async with app_pilot(seeded_store, author="ben", size=(100, 30)) as pilot:
        app = pilot.app
        await type_filter(pilot, 'outlet:"Reuters" Kirby')
        await pilot.press("escape")  # back to the list
        await pilot.press("R")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReviewStartDialog)
        queue = dialog.query_one("#review-queue", Input).value
        assert queue == "claims filter:'outlet:\"Reuters\" Kirby' order:score"
        await pilot.press("enter")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert len(review.items) == expected > 0
        assert {item.document_id for item in review.items} == {reuters}
        assert f"0/{expected}" in screen_text(app)


async def test_bad_queue_stays_in_the_dialog_with_a_message(seeded_store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("R")
        await settle(pilot)
        box = app.screen.query_one("#review-queue", Input)
        box.value = "everything"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewStartDialog)
        assert "a queue starts with one of" in screen_text(app)


async def test_export_annotations_from_the_palette(seeded_store, tmp_path):
    doc = seeded_store.scalar("SELECT id FROM documents ORDER BY id LIMIT 1")
    ann = create_annotation(seeded_store, doc, 0, 5, tags=["a, b", "=cmd"], note="line 1\nline 2")
    target = tmp_path / "out.csv"
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        await run_palette_command(pilot, "export: annotations")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    mine = [row for row in rows if row["id"] == ann.id]
    assert len(mine) == 1
    assert mine[0]["note"] == "line 1\nline 2"
    assert mine[0]["tags"] == "'=cmd; a, b"  # formula-escaped, tags joined by "; "


async def test_export_key_on_the_annotation_panel_exports_this_document(seeded_store, tmp_path):
    target = tmp_path / "panel.jsonl"
    async with app_pilot(seeded_store, size=(120, 36)) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        create_annotation(seeded_store, reader.document_id, 0, 5, note="mine")
        other = seeded_store.scalar(
            "SELECT id FROM documents WHERE id != ? LIMIT 1", (reader.document_id,)
        )
        create_annotation(seeded_store, other, 0, 5, note="elsewhere")
        await pilot.press("A")  # the annotation panel
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#export-filter", Input).value == f"id:{reader.document_id}"
        dialog.query_one("#format").value = "jsonl"
        await pilot.pause()
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is reader
        # the notice says the export was limited (a new-user test's held 2 of 6 rows silently)
        messages = [n.message for n in app._notifications]  # noqa: SLF001
        assert messages[-1].endswith(f"(only documents matching id:{reader.document_id})")
    import json

    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert rows and {row["document_id"] for row in rows} == {reader.document_id}
    assert "mine" in {row["note"] for row in rows}


async def test_review_from_a_tag_filter_reviews_the_tagged_items(seeded_store):
    """A new-user test tagged three claims "needs check", filtered the library on the tag
    and pressed R: the session held the 94 claims of the two documents, not the three."""
    docs = [r["id"] for r in seeded_store.rows("SELECT id FROM documents LIMIT 2")]
    for doc in docs:
        create_annotation(seeded_store, doc, 0, 5, tags=["needs check"], note="check")
    create_annotation(seeded_store, docs[0], 10, 20, tags=["other"])
    async with app_pilot(seeded_store, author="ben", size=(100, 30)) as pilot:
        app = pilot.app
        await type_filter(pilot, 'tag:"needs check"')
        await pilot.press("escape")
        await pilot.press("R")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReviewStartDialog)
        assert dialog.query_one("#review-queue", Input).value == 'annotations tag:"needs check"'
        await pilot.press("enter")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert len(review.items) == 2
        assert {item.kind for item in review.items} == {"annotation"}


async def test_the_next_export_starts_in_the_folder_of_the_last(seeded_store, tmp_path):
    """A new-user test exported to out/ and was offered the start folder again each time."""
    out = tmp_path / "out"
    out.mkdir()
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        await run_palette_command(pilot, "export: annotations")
        app.screen.query_one("#export-path", Input).value = str(out / "notes.csv")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await run_palette_command(pilot, "export: entities")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#export-path", Input).value.startswith(str(out) + "/")
