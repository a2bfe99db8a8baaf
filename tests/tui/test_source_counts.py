"""Every count and list of other sources on screen agrees: distinct OTHER documents, one
entry each (the status line, ``o``, the side panel, a review session)."""

from __future__ import annotations

import re

import pytest

from gloss.store import open_store
from gloss.store.review import open_session
from gloss.tui.screens.sources_dialog import SourcesDialog
from gloss.tui.widgets.document_view import DocumentView
from gloss.tui.widgets.side_panel import SidePanel
from tests.conftest import mark_analysed
from tests.store.test_sources import two_variant_store
from tests.tui.pilot import app_pilot, open_reader, screen_text, settle
from tests.tui.test_review_screen import ReviewHarness, wait_loaded


def status_count(text: str) -> int:
    found = re.search(r"also in (\d+) other source", text)
    assert found, "the status line names the other sources"
    return int(found.group(1))


async def test_the_national_is_listed_once_in_its_own_comparison(analysed):
    """Open "North Korea provided arms..." (The National), `]`, `o`: the dialog used to list
    The National twice and count it among the other sources."""
    async with app_pilot(analysed, size=(130, 40)) as pilot:
        reader = await open_reader(pilot, "provided arms")
        assert reader.data.document["outlet"] == "The National"
        await pilot.press("]")
        await pilot.pause()
        claim = reader.data.claims[reader.query_one(DocumentView).selection.index]
        assert claim["cluster"]  # the title claim is reported elsewhere
        shown = status_count(screen_text(pilot.app))
        await pilot.press("o")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, SourcesDialog)
        text = screen_text(pilot.app)
        assert f"The same claim in {shown} other source" in text
        assert text.count("(this document)") == 1
        documents = [v.document_id for v in dialog.variants]
        assert documents.count(reader.document_id) == 1
        assert len(documents) == len(set(documents)) == shown + 1


async def test_counts_agree_when_a_document_holds_two_variants(tmp_path):
    store = open_store(tmp_path / "two.db")
    ids = two_variant_store(store)
    mark_analysed(store)  # hand-made claims: nothing for the app to analyse or relink
    async with app_pilot(store, size=(130, 40)) as pilot:
        reader = await open_reader(pilot, "Floods A")
        await pilot.press("]")
        await pilot.pause()
        assert status_count(screen_text(pilot.app)) == 2
        panel = reader.query_one(SidePanel)
        claims = [
            str(panel.get_option_at_index(i).prompt)
            for i in range(panel.option_count)
            if (panel.get_option_at_index(i).id or "").startswith("claim-")
        ]
        assert len(claims) == 2 and all(c.startswith("+2 ") for c in claims)
        await pilot.press("o")
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "The same claim in 2 other sources" in text
        assert text.count("(this document)") == 1
        assert [v.document_id for v in pilot.app.screen.variants] == [1, 2, 3]
        assert "numbers differ: 1,000 vs more than 1,000" in text
    session = open_session(store, "counts", "claims", author="ana")
    app = ReviewHarness(store, session, "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_loaded(pilot)
        assert int(screen.context.item.id) in ids["A"]
        text = screen_text(app)
        assert "Also reported by 2 other documents" in text
        assert "Outlet A (" not in text
        # Each source by outlet, date and title (one outlet's two documents tell apart).
        assert "Outlet B (2024-03-02) “Floods B”, said by the minister:" in text
    store.close()


async def test_a_review_shows_every_other_report_and_scrolls_to_them(tmp_path):
    """A new-user test: reviewing a claim of a cluster reported by eleven other documents
    said "Also reported by 11 other documents:" and showed four, and PageDown did not
    scroll. The paragraph and every report scroll together."""
    from gloss.store.documents import DocumentMeta, save_document
    from gloss.tui.screens.review import ReviewScreen

    store = open_store(tmp_path / "many.db")
    text = "The minister said the river would flood the valley again this spring."
    with store.write() as conn:
        for day in range(1, 13):
            _, doc = save_document(
                conn,
                text + f" ({day})",
                f"{day}.txt",
                DocumentMeta(
                    title=f"Floods report {day}",
                    outlet=f"Outlet {day}",
                    published=f"2024-03-{day:02}",
                ),
            )
            conn.execute(
                "INSERT INTO claims (document_id, start, end, kind, speaker, content_start,"
                " content_end, score, cluster) VALUES (?, 0, ?, 'reported', 'the minister',"
                " 18, ?, 0.5, 'k1-18')",
                (doc, len(text), len(text) - 1),
            )
    mark_analysed(store)
    session = open_session(store, "many", "claims doc:1", author="ana")
    app = ReviewHarness(store, session, "ana")
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await wait_loaded(pilot)
        assert isinstance(screen, ReviewScreen)
        assert "Also reported by 11 other documents" in screen_text(app)
        assert "“Floods report 12”" not in screen_text(app)  # below the fold at first
        for _ in range(4):
            await pilot.press("pagedown")
        await pilot.pause()
        assert "“Floods report 12”" in screen_text(app)
        assert screen.query_one("#review-context-box").scroll_y > 0
    store.close()


@pytest.mark.parametrize("outlet", [None, "AP"])
async def test_reports_of_no_other_outlet_are_other_documents_not_sources(tmp_path, outlet):
    """New-user tests: on BBC articles (no outlet in the files) "also in 6 other sources"
    read as six outlets; on a PolNeAR store most clusters were one outlet's rolling
    updates, read as independent confirmation. Reports that name no outlet, or this one,
    are other documents; one by another outlet makes them sources."""
    store = open_store(tmp_path / "plain.db")
    two_variant_store(store)
    with store.write() as conn:
        conn.execute("UPDATE documents SET outlet = ?", (outlet,))
    mark_analysed(store)
    async with app_pilot(store, size=(130, 40)) as pilot:
        await open_reader(pilot, "Floods B")
        await pilot.press("]")
        await pilot.pause()
        text = screen_text(pilot.app)
        assert "also in 2 other documents" in text and "other source" not in text
        await pilot.press("o")
        await settle(pilot)
        assert "The same claim in 2 other documents" in screen_text(pilot.app)
    with store.write() as conn:
        conn.execute("UPDATE documents SET outlet = 'Reuters' WHERE title = 'Floods C'")
    async with app_pilot(store, size=(130, 40)) as pilot:
        await open_reader(pilot, "Floods B")
        await pilot.press("]")
        await pilot.pause()
        assert "also in 2 other sources" in screen_text(pilot.app)
    store.close()
