"""Reading across sources: a clustered claim says so, `o` compares, enter opens the other."""

from __future__ import annotations

from gloss.tui.screens.reader import ReaderScreen
from gloss.tui.screens.sources_dialog import SourcesDialog
from gloss.tui.widgets.document_view import DocumentView
from tests.tui.pilot import app_pilot, open_reader, screen_text, settle


async def test_clustered_claim_compares_and_opens_another_source(analysed):
    async with app_pilot(analysed, size=(120, 36)) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        for _ in range(40):  # walk the claims until one is reported elsewhere too
            await pilot.press("]")
            await pilot.pause()
            if "also in" in screen_text(app):
                break
        assert "also in" in screen_text(app) and "(o compares)" in screen_text(app)
        claim = reader.data.claims[view.selection.index]
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, SourcesDialog)
        assert "(this document)" in screen_text(app)
        await pilot.press("down", "enter")
        await settle(pilot)
        other = app.screen
        assert isinstance(other, ReaderScreen) and other is not reader
        assert other.document_id != reader.document_id
        other_claim = analysed.row(
            "SELECT cluster FROM claims WHERE document_id = ? AND cluster = ?",
            (other.document_id, claim["cluster"]),
        )
        assert other_claim is not None  # it opened a document carrying the same claim
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is reader


async def test_o_on_a_claim_without_other_sources_says_so(analysed):
    async with app_pilot(analysed, size=(120, 36)) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        await pilot.press("o")  # nothing selected yet
        await pilot.pause()
        assert app.screen is reader
