"""A whole review session on the seeds, driven by keys: verdicts, skip, undo, tag, note, resume."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input

from gloss.store.annotations import list_annotations
from gloss.store.review import open_session, parse_labels, session_items, stats
from gloss.tui.screens.review import ReviewScreen
from tests.tui.pilot import screen_text


class ReviewHarness(App[None]):
    """The review screen alone, as `gloss review` shows it."""

    def __init__(self, store, session, author: str) -> None:
        super().__init__()
        self.store, self.session, self.author = store, session, author

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.store, self.session, self.author))


async def wait_loaded(pilot) -> ReviewScreen:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def verdict_rows(store, session):
    return store.rows(
        "SELECT item_id, verdict, author FROM verdicts WHERE session_id = ? ORDER BY id",
        (session.id,),
    )


async def test_whole_session_with_undo_skip_tag_note_and_resume(seeded_store):
    store = seeded_store
    session = open_session(store, "kirby", 'claims speaker:"John Kirby"', author="ana")
    items = session_items(store, session)
    assert len(items) >= 5

    app = ReviewHarness(store, session, "ana")
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await wait_loaded(pilot)
        assert screen.index == 0
        shot = screen_text(app)
        assert f"0/{len(items)}" in shot and "accept" in shot and "CLAIM" in shot

        await pilot.press("a")  # accept item 0
        await pilot.press("x")  # reject item 1
        await pilot.press("space")  # skip item 2
        await pilot.press("f")  # flag item 3
        await pilot.pause()
        assert [r["verdict"] for r in verdict_rows(store, session)] == ["accept", "reject", "flag"]
        assert [r["item_id"] for r in verdict_rows(store, session)] == [
            items[0].id,
            items[1].id,
            items[3].id,
        ]
        assert screen.index == 4
        assert f"3/{len(items)}" in screen_text(app)

        await pilot.press("u")  # undo the flag: back on item 3
        await pilot.press("backspace")  # undo the reject: back on item 1
        await pilot.pause()
        assert [r["verdict"] for r in verdict_rows(store, session)] == ["accept"]
        assert screen.index == 1

        # tag and note the current item without leaving the session
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"needs source")
        await pilot.press("enter")  # add the tag
        await pilot.press("enter")  # empty line: save
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"check **this**")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and screen.index == 1
        anns = [
            a
            for a in list_annotations(store, items[1].document_id)
            if (a.start, a.end) == (items[1].start, items[1].end)
        ]
        assert len(anns) == 1
        assert anns[0].tags == ("needs source",) and anns[0].note == "check **this**"
        assert anns[0].author == "ana"
        assert "needs source" in screen_text(app)

        await pilot.press("x")  # reject item 1 again, then quit
        await pilot.press("escape")
        await pilot.pause()

    # Restart: resumes at the first item without a verdict (item 2, skipped before).
    again = open_session(store, "kirby")
    app = ReviewHarness(store, again, "ana")
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await wait_loaded(pilot)
        assert screen.index == 2
        for _ in range(len(items)):
            await pilot.press("a")
        await pilot.pause()
        assert "Session complete" in screen_text(app)

    result = stats(store, "kirby")
    assert result["reviewers"]["ana"]["items"] == len(items)


async def test_fact_check_labels_on_number_keys(seeded_store):
    store = seeded_store
    session = open_session(
        store, "fc", "claims order:score", labels=parse_labels("factcheck"), author="ben"
    )
    app = ReviewHarness(store, session, "ben")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_loaded(pilot)
        assert "misleading" in screen_text(app)
        await pilot.press("1", "2", "3", "4", "a")  # 'a' is not a label in this session
        await pilot.pause()
    assert [r["verdict"] for r in verdict_rows(store, session)] == [
        "true",
        "misleading",
        "false",
        "unverifiable",
    ]


async def test_two_quick_enters_in_the_tag_dialog_add_and_save(seeded_store):
    """A tag typed and then enter, enter in one burst (as a paste would) is added and saved."""
    from gloss.tui.screens.tag_dialog import TagDialog

    class Harness(App[None]):
        result: list[str] | None = None

        def on_mount(self) -> None:
            self.push_screen(TagDialog("Tags", [], ["known"]), self._done)

        def _done(self, tags: list[str] | None) -> None:
            self.result = tags

    app = Harness()
    async with app.run_test() as pilot:
        await pilot.pause()
        box = app.screen.query_one("#tag-input", Input)
        box.value = "check, later"
        # Both enters are read before the first is handled: two messages, the same value.
        box.post_message(Input.Submitted(box, "check, later"))
        box.post_message(Input.Submitted(box, "check, later"))
        await pilot.pause()
        await pilot.pause()
    assert app.result == ["check, later"]


async def test_s_fixes_the_claim_s_speaker_without_leaving_the_session(seeded_store):
    """A new-user test pressed S on a claim whose speaker was plainly wrong: nothing
    happened. S corrects it as in the reader (a correction kept across re-analysis); the
    item stays on screen with the new speaker and no verdict is given."""
    from gloss.store.analysis.corrections import list_corrections
    from gloss.tui.screens.prompt_dialog import PromptDialog

    store = seeded_store
    session = open_session(store, "kirby", 'claims speaker:"John Kirby"', author="ana")
    first = session_items(store, session)[0]
    app = ReviewHarness(store, session, "ana")
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await wait_loaded(pilot)
        await pilot.press("S")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptDialog)
        prompt.query_one(Input).value = ""
        await pilot.press(*"Karine Jean-Pierre", "enter")
        await pilot.pause()
        assert app.screen is screen and screen.current == first
        assert "Karine Jean-Pierre" in screen_text(app)
        assert verdict_rows(store, session) == []
    speaker = store.scalar("SELECT speaker FROM claims WHERE id = ?", (int(first.id),))
    assert speaker == "Karine Jean-Pierre"
    (correction,) = list_corrections(store)
    assert (correction["kind"], correction["author"]) == ("set_speaker", "ana")
