"""Follow a speaker: every claim by one canonical speaker, by story and outlet, oldest first;
enter opens the claim in its document; R starts a review queue over them."""

from __future__ import annotations

import re

from textual.widgets import Input

from gloss.store import Store
from gloss.store.analysis import analyze_documents
from gloss.store.analysis.corrections import set_speaker
from gloss.store.speaker_claims import speaker_claims, speaker_queue
from gloss.tui.app import GlossApp
from gloss.tui.screens.pick_dialog import PickDialog
from gloss.tui.screens.reader import ReaderScreen
from gloss.tui.screens.review_start import ReviewStartDialog
from gloss.tui.screens.speaker import SpeakerScreen
from gloss.tui.widgets.document_view import DocumentView
from gloss.tui.widgets.speaker_claim_list import SpeakerClaimList
from tests.tui.pilot import (
    app_pilot,
    open_reader,
    run_palette_command,
    screen_text,
    settle,
    until,
)
from tests.tui.test_corpus_screen import open_corpus

THEME = "textual-dark"


def test_speaker_claims_are_grouped_by_story_and_outlet_in_date_order(analysed):
    stories = speaker_claims(analysed, "John Kirby")
    total = analysed.scalar("SELECT count(*) FROM claims WHERE speaker = 'John Kirby'")
    assert sum(s.count for s in stories) == total > 0
    assert [s.first for s in stories] == sorted(s.first for s in stories)  # Aug 30, Oct 13
    assert [s.story for s in stories] == ["s3", "s1"]
    for story in stories:
        outlets = [o.outlet for o in story.outlets]
        assert len(outlets) == len(set(outlets))  # one group per outlet
        story_of = {
            r["document_id"]: r["story"] for r in analysed.rows("SELECT * FROM document_stories")
        }
        for outlet in story.outlets:
            assert len({story_of[c["document_id"]] for c in outlet.claims}) == 1
            keys = [(c["published"] is None, c["published"] or "") for c in outlet.claims]
            assert keys == sorted(keys)
    assert speaker_claims(analysed, "Nobody at all") == []


def test_a_corrected_speaker_is_followed(analysed):
    claim = analysed.scalar("SELECT id FROM claims WHERE speaker = 'John Kirby' LIMIT 1")
    set_speaker(analysed, claim, "Karine Jean-Pierre")
    (story,) = speaker_claims(analysed, "Karine Jean-Pierre")
    assert [c["id"] for o in story.outlets for c in o.claims] == [claim]


def test_speaker_queue_reads_back():
    from gloss.store.review import parse_queue

    for name in ("John Kirby", 'The "Hill" desk', "O'Brien"):
        assert parse_queue(speaker_queue(name))[1] == {"speaker": name}
    assert speaker_queue("John Kirby") == 'claims speaker:"John Kirby" order:date'


def test_a_speaker_s_review_runs_in_date_order(analysed):
    """A new-user test: a review started on a speaker screen ran in document-id order
    (2016-07, then 2016-02, then 2015-12), not the screen's. The speaker's queue is ordered
    by publication date, oldest first, then text order."""
    from gloss.store.review import build_queue

    items = build_queue(analysed, speaker_queue("John Kirby"))
    dated = [
        (analysed.scalar("SELECT published FROM documents WHERE id = ?", (i.document_id,)), i)
        for i in items
    ]
    assert len(dated) >= 3 and len({d for d, _ in dated}) >= 2
    keys = [(d is None, d or "", i.document_id, i.start) for d, i in dated]
    assert keys == sorted(keys)
    by_id = build_queue(analysed, 'claims speaker:"John Kirby"')
    assert sorted(i.id for i in by_id) == sorted(i.id for i in items)


async def open_speaker_from_reader(pilot) -> SpeakerScreen:
    reader = await open_reader(pilot, "outlet:reuters")
    view = reader.query_one(DocumentView)
    for _ in range(40):
        await pilot.press("]")
        await pilot.pause()
        if reader.data.claims[view.selection.index].get("speaker") == "John Kirby":
            break
    pressed_on = reader.data.claims[view.selection.index]["id"]
    await pilot.press("w")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SpeakerScreen) and screen.loaded
    # it starts on the claim `w` was pressed on, not the speaker's oldest (a new-user test)
    assert screen.query_one(SpeakerClaimList).highlighted_claim["id"] == pressed_on
    return screen


async def test_from_the_reader_enter_opens_the_claim_and_escape_comes_back(analysed):
    async with app_pilot(analysed, size=(120, 36)) as pilot:
        screen = await open_speaker_from_reader(pilot)
        assert screen.speaker == "John Kirby"
        screen.query_one(SpeakerClaimList).scroll_home(animate=False)
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "Claims by John Kirby" in text
        assert "s3 2023-08-30" in text  # the earlier story first
        listing = screen.query_one(SpeakerClaimList)
        # a claim whose content starts with a name: enter must still select the claim
        starts_with_name = analysed.scalar(
            "SELECT c.id FROM claims c JOIN entities e ON e.document_id = c.document_id "
            "AND e.start = c.content_start WHERE c.speaker = 'John Kirby' LIMIT 1"
        )
        assert starts_with_name is not None
        headings = [
            str(listing.get_option_at_index(i).prompt)
            for i in range(listing.option_count)
            if str(listing.get_option_at_index(i).prompt).startswith("s")
        ]
        assert [h[:13] for h in headings] == ["s3 2023-08-30", "s1 2023-10-13"]
        await pilot.press("home")
        while (listing.highlighted_claim or {}).get("id") != starts_with_name:
            await pilot.press("down")
        claim = listing.highlighted_claim
        await pilot.press("enter")
        await settle(pilot)
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.document_id == claim["document_id"]
        selected = reader.query_one(DocumentView).selection
        assert selected is not None and selected.kind == "claim"
        assert reader.data.claims[selected.index]["id"] == claim["id"]
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen


async def test_review_queue_starts_from_the_speaker(analysed):
    async with app_pilot(analysed, size=(120, 36)) as pilot:
        await open_speaker_from_reader(pilot)
        await pilot.press("R")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ReviewStartDialog)
        assert 'claims speaker:"John Kirby" order:date' in [i.value for i in dialog.query(Input)]


async def test_from_the_corpus_table_and_the_palette(analysed):
    async with app_pilot(analysed, size=(120, 36), settled=False) as pilot:
        corpus = await open_corpus(pilot)
        await pilot.press(*"Kirby")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SpeakerScreen) and screen.speaker == "John Kirby"
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is corpus
        await run_palette_command(pilot, "speaker: claims by ...")
        assert isinstance(pilot.app.screen, PickDialog)
        await pilot.press(*"white house", "enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SpeakerScreen) and screen.speaker == "White House"
        assert "Claims by White House" in screen_text(pilot.app)


def test_speaker_screen_snapshot(snap_compare, analysed: Store):
    async def run_before(pilot) -> None:
        pilot.app.theme = THEME
        await settle(pilot)
        pilot.app.push_screen(SpeakerScreen(analysed, "John Kirby"))
        await settle(pilot)
        await settle(pilot)

    assert snap_compare(GlossApp(analysed), terminal_size=(110, 30), run_before=run_before)


async def test_the_heading_counts_real_stories_and_known_outlets(analysed):
    """A document in no story is listed on its own but is no story, and an unknown outlet is
    no outlet (a new-user test read "25 stories" and "4 outlets" on a store of 5 stories and
    3 outlets)."""
    from gloss.store.documents import DocumentMeta, save_document

    with analysed.write() as conn:
        save_document(
            conn,
            "Weather note\n\nJohn Kirby said the weather over the Ohio river was mild.",
            "weather.txt",
            DocumentMeta(title="Weather note"),
        )
    analyze_documents(analysed, engine="rules")
    stories = speaker_claims(analysed, "John Kirby")
    assert any(not s.story for s in stories)  # the weather note stands alone
    real = sum(1 for s in stories if s.story)
    outlets = {o.outlet for s in stories for o in s.outlets}
    assert "unknown outlet" in outlets
    known = len(outlets) - 1
    async with app_pilot(analysed, size=(160, 36)) as pilot:
        await open_speaker_from_reader(pilot)
        text = screen_text(pilot.app)
        assert f"{known} outlets, {real} stories" in text, text[:400]
        assert real < len(stories)


async def test_two_documents_of_one_outlet_in_a_story_are_named_on_their_lines():
    """A second new-user test: two BBC articles of one story showed two identical lines
    under one title, and the second opened the other article."""
    from textual.app import App, ComposeResult

    from gloss.store.speaker_claims import OutletClaims, StoryClaims
    from gloss.tui.widgets.speaker_claim_list import SpeakerClaimList
    from tests.tui.pilot import screen_text

    def claim(i: int, doc: int, title: str) -> dict:
        return {
            "id": i,
            "document_id": doc,
            "content_start": 0,
            "kind": "quote",
            "cluster": "k1",
            "published": None,
            "title": title,
            "content": "The site may see no reason to block",
        }

    class Harness(App[None]):
        def compose(self) -> ComposeResult:
            yield SpeakerClaimList(id="claims")

    app = Harness()
    async with app.run_test(size=(140, 20)) as pilot:
        stories = [
            StoryClaims(
                "s37",
                None,
                "Bush website blocked outside US",
                [
                    OutletClaims(
                        "unknown outlet",
                        [
                            claim(1, 37, "Bush website blocked outside US"),
                            claim(2, 45, "Attack prompts Bush site block"),
                        ],
                    )
                ],
            ),
            StoryClaims("s9", None, "Other", [OutletClaims("BBC", [claim(3, 9, "Other story")])]),
        ]
        app.query_one(SpeakerClaimList).show(stories)
        await pilot.pause()
        text = screen_text(app)
        assert "“Attack prompts Bush site block”" in text
        assert "“Bush website blocked outside US”" in text
        assert "“Other story”" not in text  # one document: its line needs no title


async def test_a_speaker_with_no_claims_says_so_not_to_analyse(analysed):
    """A new-user test opened the speaker screen of a person never quoted and read "(none:
    analyse the documents, or check the name)" on a store where all were analysed."""
    async with app_pilot(analysed, size=(120, 30)) as pilot:
        pilot.app.push_screen(SpeakerScreen(analysed, "Nobody at all"))
        await settle(pilot)
        assert "gloss found no claim with this speaker" in screen_text(pilot.app)
        # while documents wait for analysis (the app analyses them at once: shown directly)
        pilot.app.screen._show([], 5)  # noqa: SLF001
        await pilot.pause()
        assert "none yet: 5 documents still to analyse" in screen_text(pilot.app)


async def test_up_stops_at_the_first_claim_and_shows_its_heading(analysed):
    """A new-user test: home put the first claim at the top with its story's heading cut
    off, and up from it wrapped to the last claim."""
    async with app_pilot(analysed, size=(120, 16)) as pilot:
        pilot.app.push_screen(SpeakerScreen(analysed, "John Kirby"))
        await settle(pilot)
        claims = pilot.app.screen.query_one(SpeakerClaimList)
        first = claims.highlighted
        await pilot.press("end")
        await pilot.pause()
        assert claims.highlighted > first
        await pilot.press("home")
        await pilot.pause()
        assert claims.highlighted == first and claims.scroll_offset.y == 0
        await pilot.press("down", "up", "up")
        await pilot.pause()
        assert claims.highlighted == first and claims.scroll_offset.y == 0
        assert "s3" in screen_text(pilot.app)  # the first story's heading


async def test_a_corpus_without_dates_or_outlets_is_not_told_so_on_every_line(analysed):
    """BBC files have no date and no outlet: a new-user test read "no story undated" on every
    group, "unknown outlet" under each and "undated" on every claim."""
    with analysed.write() as conn:
        conn.execute("UPDATE documents SET outlet = NULL, published = NULL")
    async with app_pilot(analysed, size=(120, 36)) as pilot:
        pilot.app.push_screen(SpeakerScreen(analysed, "John Kirby"))
        await settle(pilot)
        await until(pilot, lambda: "claim" in screen_text(pilot.app))
        text = screen_text(pilot.app)
        assert "undated" not in text and "unknown outlet" not in text.split("\n", 3)[-1]
        assert "no story" not in text
        # the count comes before the title, with the story's documents
        assert re.search(r"\d+ claims?(?: in \d+ documents)? · ", text)
        assert re.search(r"\d+ claims in \d+ documents · ", text)
        # a document of no story is no "document 7 claims" (read as "document 7")
        assert not re.search(r"document \d+ claims", text)


async def test_back_on_the_speaker_and_corpus_screens_after_a_change_they_list_it(analysed):
    """A new-user test fixed a claim's speaker in a review started from the speaker screen
    and, back there, still read the claim listed under the old speaker; another undid an
    entity merge from the corrections list and the corpus table still showed it merged.
    Back on top, both screens list the store as it is now."""
    from gloss.store.analysis.corrections import rename_entity

    async with app_pilot(analysed, size=(120, 36)) as pilot:
        corpus = await open_corpus(pilot)
        app = pilot.app
        app.push_screen(SpeakerScreen(analysed, "John Kirby"))
        await until(pilot, lambda: getattr(app.screen, "loaded", False))
        speaker = app.screen
        before = sum(s.count for s in speaker.stories)
        first = speaker.query_one(SpeakerClaimList).highlighted_claim
        # A claim moves to another speaker while another screen is on top.
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        set_speaker(analysed, int(first["id"]), "Someone Else")
        rename_entity(analysed, "Pyongyang", "Pyongyang City", "GPE")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is speaker)
        await until(pilot, lambda: sum(s.count for s in speaker.stories) == before - 1)
        assert f"{before - 1} claims" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is corpus)
        await until(
            pilot,
            lambda: any(r["canonical"] == "Pyongyang City" for r in corpus.entities.all_rows),
        )


async def test_at_80_columns_a_row_naming_its_document_keeps_room_for_the_claim(analysed):
    """A new-user test at 80 columns: rows of a story with two documents of one outlet
    began with a 40-character title and kept five characters of the claim."""
    with analysed.write() as conn:
        conn.execute("UPDATE documents SET outlet = 'AP'")
    async with app_pilot(analysed, size=(80, 24)) as pilot:
        pilot.app.push_screen(SpeakerScreen(analysed, "John Kirby"))
        await until(pilot, lambda: getattr(pilot.app.screen, "loaded", False))
        await settle(pilot)
        rows = [line for line in screen_text(pilot.app).splitlines() if "“" in line]
        assert rows, "rows name their documents"
        for row in rows:
            after = row.split("” ", 1)[1].strip(" │▏▎")
            assert len(after) >= 20, row
