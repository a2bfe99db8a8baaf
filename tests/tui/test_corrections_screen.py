"""The corrections screen: every correction a reader made, newest first; enter opens one in
its document, u undoes one (after a yes) in a background job that analyses its documents
again. Before it, corrections were undone from the command line only (a new-user test)."""

from __future__ import annotations

from gloss.store.analysis.corrections import list_corrections, not_a_claim, set_speaker
from gloss.tui.screens.confirm_dialog import ConfirmDialog
from gloss.tui.screens.corrections import CorrectionsScreen
from gloss.tui.screens.reader import ReaderScreen
from tests.tui.pilot import app_pilot, open_reader, run_palette_command, screen_text, settle, until


def claim_saying(store, outlet: str, words: str) -> dict:
    return store.row(
        "SELECT c.* FROM claims c JOIN documents d ON d.id = c.document_id WHERE d.outlet = ? "
        "AND instr(substr(d.text, c.content_start + 1, c.content_end - c.content_start), ?) > 0 "
        "ORDER BY c.start LIMIT 1",
        (outlet, words),
    )


def at_place(store, claim: dict) -> dict | None:
    return store.row(
        "SELECT * FROM claims WHERE document_id = ? AND content_start = ? AND content_end = ?",
        (claim["document_id"], claim["content_start"], claim["content_end"]),
    )


async def open_corrections(pilot) -> CorrectionsScreen:
    await run_palette_command(pilot, "correct: list and undo corrections")
    screen = pilot.app.screen
    assert isinstance(screen, CorrectionsScreen)
    await until(pilot, lambda: screen.loaded)
    await pilot.pause()
    return screen


async def test_corrections_are_listed_and_one_is_undone_after_a_yes(analysed):
    kirby = claim_saying(analysed, "Reuters", "We condemn the DPRK")
    speaker = kirby["speaker"]
    fixed = set_speaker(analysed, kirby["id"], "Karine Jean-Pierre", author="ana")
    other = analysed.row(
        "SELECT * FROM claims WHERE document_id != ? AND content_end - content_start > 20 "
        "ORDER BY id LIMIT 1",
        (kirby["document_id"],),
    )
    removed = not_a_claim(analysed, other["id"], author="ana")
    async with app_pilot(analysed, size=(140, 30), engine="rules") as pilot:
        screen = await open_corrections(pilot)
        text = screen_text(pilot.app)
        assert "2 corrections, newest first" in text
        lines = text.splitlines()
        rows = [i for i, line in enumerate(lines) if line.rstrip().endswith(" ana")]
        assert len(rows) == 2
        assert f"{removed} not a claim" in lines[rows[0]]  # newest first
        assert f"{fixed} speaker" in lines[rows[1]]
        # what the speaker was and became (a new-user test saw only "by 'Ted Cruz'")
        assert f"'{speaker}' -> 'Karine Jean-Pierre'" in lines[rows[1]]
        assert "We condemn" in lines[rows[1] + 1]  # the claim's words, where it is

        await pilot.press("down", "u")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert f"Undo correction {fixed} (speaker" in screen_text(pilot.app)
        await pilot.press("n")  # no: nothing changes
        await pilot.pause()
        assert pilot.app.screen is screen
        assert len(list_corrections(analysed)) == 2

        await pilot.press("u")
        await pilot.pause()
        await pilot.press("y")
        # forgotten at once (quitting with the analysis still queued loses nothing), and
        # the row cannot be undone twice
        assert [row["id"] for row in list_corrections(analysed)] == [removed]
        await until(pilot, lambda: "1 correction," in screen_text(pilot.app), tries=1500)
        # the job bar says how the undo ended, on this screen
        await until(pilot, lambda: f"correction {fixed} undone" in screen_text(pilot.app))
        assert [row["id"] for row in list_corrections(analysed)] == [removed]
        assert at_place(analysed, kirby)["speaker"] == speaker  # the analysis decides again
        assert at_place(analysed, other) is None  # the other correction stays
        assert "Karine" not in screen_text(pilot.app)


async def test_enter_opens_a_correction_in_its_document_and_the_reader_says_how_to_undo(
    analysed,
):
    async with app_pilot(analysed, size=(140, 30), engine="rules", author="ana") as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        await pilot.press("]")
        await pilot.pause()
        claim = reader.data.claims[reader.view.selection.index]
        await pilot.press("D")
        await settle(pilot)
        messages = [n.message for n in pilot.app._notifications]  # noqa: SLF001
        assert any('"list and undo corrections" brings it back' in m for m in messages)
        screen = await open_corrections(pilot)
        assert "1 correction, newest first" in screen_text(pilot.app)
        await pilot.press("enter")
        await settle(pilot)
        opened = pilot.app.screen
        assert isinstance(opened, ReaderScreen) and opened is not reader
        assert opened.document_id == reader.document_id
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: "0 corrections" in screen_text(pilot.app), tries=1500)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is reader
        # the reader reloaded as the analysis landed: the claim is back
        await until(
            pilot,
            lambda: any(c["content_start"] == claim["content_start"] for c in reader.data.claims),
        )


async def test_an_undo_cut_short_finishes_at_the_next_start(analysed):
    """A new-user test quit one second into an undo: the correction was gone but its
    documents kept its effect, counted as "analysed by an older gloss". The documents an
    undo leaves marked are analysed again when the reader next starts."""
    from gloss.store.analysis.corrections import delete_correction, undone_documents
    from gloss.store.analysis.run import outdated_documents

    kirby = claim_saying(analysed, "Reuters", "We condemn the DPRK")
    speaker = kirby["speaker"]
    fixed = set_speaker(analysed, kirby["id"], "Karine Jean-Pierre")
    assert delete_correction(analysed, fixed) == [kirby["document_id"]]  # then killed
    assert undone_documents(analysed) == [kirby["document_id"]]
    assert at_place(analysed, kirby)["speaker"] == "Karine Jean-Pierre"
    async with app_pilot(analysed, size=(120, 30), engine="rules") as pilot:
        await until(pilot, lambda: not undone_documents(analysed), tries=1500)
        await settle(pilot)
        messages = [n.message for n in pilot.app._notifications]  # noqa: SLF001
        assert not any("older gloss" in m for m in messages)
    assert at_place(analysed, kirby)["speaker"] == speaker
    assert outdated_documents(analysed) == 0


async def test_the_corpus_below_lists_an_undone_merge_when_the_undo_ends(analysed):
    """A new-user test merged an entity from the corpus screen by mistake, undid it from
    the corrections list and went back: the corpus still listed the merge."""
    from gloss.store.analysis.corrections import rename_entity
    from tests.tui.test_corpus_screen import open_corpus

    merged = rename_entity(analysed, "Pyongyang", "North Korea", "GPE", author="ana")
    async with app_pilot(analysed, size=(140, 30), engine="rules") as pilot:
        corpus = await open_corpus(pilot)
        names = lambda: {r["canonical"] for r in corpus.entities.all_rows}  # noqa: E731
        assert "Pyongyang" not in names()
        await open_corrections(pilot)
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: f"correction {merged} undone" in screen_text(pilot.app))
        # the corpus below lists it again before it is back on top ...
        await until(pilot, lambda: "Pyongyang" in names())
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen is corpus)
        assert "Pyongyang" in names()


async def test_undoing_a_correction_says_which_earlier_one_applies_again(analysed):
    """A new-user test split a claim off (2), merged it back (3), undid 3 and found 2 in
    force again with nothing said: the dialog names it."""
    from gloss.store.analysis.corrections import merge_clusters, split_claim

    claim = claim_saying(analysed, "Reuters", "We condemn the DPRK")
    other = analysed.row(
        "SELECT * FROM claims WHERE cluster = ? AND document_id != ? LIMIT 1",
        (claim["cluster"], claim["document_id"]),
    )
    split = split_claim(analysed, claim["id"], author="ana")
    merged = merge_clusters(analysed, at_place(analysed, claim)["id"], other["id"], author="ana")
    async with app_pilot(analysed, size=(140, 30), engine="rules") as pilot:
        await open_corrections(pilot)
        assert f"(undone by {merged})" in screen_text(pilot.app)
        await pilot.press("u")  # the newest first: the merge
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert f"Correction {split}, which it undid, will apply again." in dialog.detail
        assert "will apply" in screen_text(pilot.app)
        await pilot.press("n")
