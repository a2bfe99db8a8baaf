"""The store failing while the reader runs: one message, never a traceback, unsaved input kept."""

from __future__ import annotations

from textual.widgets import TextArea

from gloss.store import Store
from gloss.store.annotations import list_annotations
from gloss.tui.screens.note_dialog import NoteDialog
from gloss.tui.screens.reader import ReaderScreen
from tests.tui.pilot import app_pilot, open_reader, settle, until

SIZE = (120, 34)
NOTE = "A long note that must survive a failed save. " * 400  # needs new pages


def fill_the_disk(store: Store) -> None:
    """The store may not grow by one page more: SQLite's own "database or disk is full"."""
    pages = store.scalar("PRAGMA page_count")
    store.scalar(f"PRAGMA max_page_count = {pages}")


def damage(store: Store, table: str) -> None:
    """Overwrite a table's root page on disk with garbage and drop the connection's cache,
    as a failing disk (or another program) would leave the file."""
    page_size = store.scalar("PRAGMA page_size")
    root = store.scalar("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
    store.scalar("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(store.path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xa5" * page_size)
    store.scalar("PRAGMA shrink_memory")


def messages(app) -> list[str]:
    """The notifications the app is showing (their toasts wrap long paths on screen)."""
    return [n.message for n in app._notifications]  # noqa: SLF001


async def write_note(pilot, text: str) -> NoteDialog:
    await pilot.press("m")
    dialog = pilot.app.screen
    assert isinstance(dialog, NoteDialog)
    dialog.query_one(TextArea).load_text(text)
    return dialog


async def test_a_full_disk_while_saving_a_note_says_so_and_gives_the_note_back(
    seeded_store: Store,
):
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        before = list_annotations(seeded_store, reader.document_id)
        await write_note(pilot, NOTE)
        fill_the_disk(seeded_store)
        await pilot.press("ctrl+s")
        await settle(pilot)
        again = pilot.app.screen
        assert isinstance(again, NoteDialog)  # the typed note is back, nothing lost
        assert again.query_one(TextArea).text == NOTE
        await until(pilot, lambda: any("the disk is full" in m for m in messages(pilot.app)))
        assert len(messages(pilot.app)) == 1
        assert list_annotations(seeded_store, reader.document_id) == before
        # Space again: saving the same note from the reopened editor works.
        seeded_store.scalar("PRAGMA max_page_count = 1073741823")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReaderScreen)
        notes = [a.note for a in list_annotations(seeded_store, reader.document_id)]
        assert NOTE in notes
    assert pilot.app.return_code in (0, None)


async def test_a_store_damaged_under_the_reader_is_one_message_and_keeps_the_note(
    seeded_store: Store,
):
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        await open_reader(pilot, "outlet:reuters")
        await write_note(pilot, "Typed before the disk failed.")
        damage(seeded_store, "annotations")
        await pilot.press("ctrl+s")
        await settle(pilot)
        again = pilot.app.screen
        assert isinstance(again, NoteDialog)
        assert again.query_one(TextArea).text == "Typed before the disk failed."
        await until(pilot, lambda: any("the store is damaged" in m for m in messages(pilot.app)))
        assert len(messages(pilot.app)) == 1
        assert pilot.app.is_running


async def test_a_worker_writing_to_a_read_only_store_is_one_message_and_the_app_goes_on(
    seeded_store: Store,
):
    """Opening a document marks it read, in the reader's worker: a store that has become
    read-only fails there, outside any dialog; the app says so once and goes on."""
    async with app_pilot(seeded_store, size=SIZE) as pilot:
        seeded_store.scalar("PRAGMA query_only = ON")  # as a remounted read-only disk would
        reader = await open_reader(pilot, "outlet:reuters")
        await until(pilot, lambda: any("read-only" in m for m in messages(pilot.app)), 1500)
        assert len(messages(pilot.app)) == 1
        assert pilot.app.is_running and reader.loaded  # the document is shown all the same
        await pilot.press("question_mark")  # still answering keys
        await settle(pilot)
        assert pilot.app.screen is not reader
    assert pilot.app.return_code in (0, None)
