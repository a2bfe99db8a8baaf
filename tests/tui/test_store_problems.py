"""A store damaged, deleted or moved while the reader runs: one clear message, what was typed
stays on screen, and never a traceback (the app keeps running until the user quits)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from gloss.store import Store
from gloss.tui.app import GlossApp
from gloss.tui.screens.library import LibraryScreen
from gloss.tui.screens.note_dialog import NoteDialog
from gloss.tui.screens.reader import ReaderScreen
from tests.conftest import damage_table
from tests.tui.pilot import app_pilot, open_reader, screen_text, settle, until

TYPED = "A long note I typed\nand must not lose."


def _messages(app: GlossApp) -> list[str]:
    return [n.message for n in app._notifications]  # noqa: SLF001


def _titles(app: GlossApp) -> list[str]:
    """The titles of the error notices on screen."""
    return [n.title for n in app._notifications if n.severity == "error"]  # noqa: SLF001


async def test_a_deleted_store_keeps_an_open_note_and_says_so_once(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "Reuters")
        await pilot.press("right_square_bracket", "m")  # a note on the first claim
        await until(pilot, lambda: isinstance(app.screen, NoteDialog))
        app.screen.query_one(TextArea).insert(TYPED)
        Path(seeded_store.path).unlink()  # the store goes away while the note is open
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, NoteDialog) and app.screen.error)
        dialog = app.screen
        assert dialog.query_one(TextArea).text.endswith(TYPED)  # the typed text is there
        text = screen_text(app)
        assert "not saved:" in text and "deleted or moved" in text
        # the periodic check meets the same problem: still one message
        await pilot.pause(2.5)
        problems = [m for m in _messages(app) if "deleted or moved" in m]
        assert len(problems) == 1
        assert "unsaved text stays in its editor" in problems[0]
        assert _titles(app) == ["the store cannot be used"]
        # escape asks first (the text was never saved), then the reader is still there
        await pilot.press("escape")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is reader)
        assert app.is_running and "nothing more can be saved to it" in app.store_problem
    assert seeded_store.scalar("SELECT count(*) FROM annotations") == 1  # only the fixture's


async def test_a_moved_store_is_noticed_before_anything_is_typed(seeded_store: Store, tmp_path):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        Path(seeded_store.path).rename(tmp_path / "elsewhere.db")
        await until(pilot, lambda: bool(app.store_problem), tries=300)
        assert "deleted or moved while gloss was running" in app.store_problem
        assert "move the store back beside it" in app.store_problem
        # reading still works from what is open; keys still work
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert len([m for m in _messages(app) if "deleted or moved" in m]) == 1


async def test_damaged_pages_met_by_a_reader_are_one_message(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        with seeded_store.lock:
            seeded_store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            damage_table(seeded_store.path, "entities")
            seeded_store.conn.execute("PRAGMA shrink_memory")  # no page in the cache
        library = app.screen
        await pilot.press("enter")  # the reader reads the entities: malformed pages
        await until(pilot, lambda: bool(app.store_problem))
        await settle(pilot)
        assert "the store is damaged (database disk image is malformed)" in app.store_problem
        assert "gloss check" in app.store_problem and "gloss restore" in app.store_problem
        assert app.is_running and app.screen is library  # the reader closed, the app did not
        assert _titles(app) == ["the store cannot be used"]
        # other keys keep working; the same problem again is not a second message
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert len([m for m in _messages(app) if "damaged" in m]) == 1


async def test_the_reader_makes_the_daily_automatic_backup_when_it_opens(seeded_store: Store):
    from gloss.store.backups import list_backups

    assert list_backups(seeded_store.path) == []
    async with app_pilot(seeded_store, size=(100, 30), backups=True) as pilot:
        await until(pilot, lambda: bool(list_backups(seeded_store.path)))
        await settle(pilot)
        (backup,) = list_backups(seeded_store.path)
        assert backup.kind == "auto"
        assert any(m == f"automatic backup: {backup.path}" for m in _messages(pilot.app))
    # the same day, the next start makes none
    async with app_pilot(seeded_store, size=(100, 30), backups=True) as pilot:
        await settle(pilot)
    assert len(list_backups(seeded_store.path)) == 1


async def test_the_library_shows_what_another_program_imported(
    seeded_store: Store, monkeypatch
) -> None:
    """`gloss import` in another terminal while the reader is open: the library lists the new
    document within the store check's interval (it used to keep the old count until a
    restart)."""
    import gloss.tui.app as app_module
    from gloss.store import open_store
    from gloss.store.documents import DocumentMeta, save_document

    monkeypatch.setattr(app_module, "STORE_CHECK", 0.1)
    async with app_pilot(seeded_store, (100, 30)) as pilot:
        before = screen_text(pilot.app)
        assert "Written elsewhere" not in before
        other = open_store(seeded_store.path)  # another process's connection
        try:
            with other.write() as conn:
                save_document(
                    conn,
                    "Written elsewhere\n\nA document imported by another gloss.",
                    "elsewhere.txt",
                    DocumentMeta(title="Written elsewhere", published="2030-01-01"),
                )
        finally:
            other.close()
        await until(pilot, lambda: "Written elsewhere" in screen_text(pilot.app))


async def test_the_reader_shows_what_another_program_changed(
    seeded_store: Store, monkeypatch
) -> None:
    """A correction made from the CLI while the document is open (a claim's speaker): the
    reader loads the document again, keeping its place; a change elsewhere in the store does
    not reload it."""
    import gloss.tui.app as app_module
    from gloss.store import open_store
    from gloss.store.documents import DocumentMeta, save_document

    monkeypatch.setattr(app_module, "STORE_CHECK", 0.1)
    async with app_pilot(seeded_store, (100, 30)) as pilot:
        reader = await open_reader(pilot, "Reuters")
        loads: list[int] = []
        original = reader.reload
        monkeypatch.setattr(reader, "reload", lambda: (loads.append(1), original()))
        await pilot.pause(0.3)
        other = open_store(seeded_store.path)  # another process's connection
        try:
            with other.write() as conn:  # elsewhere: not this document
                save_document(conn, "Elsewhere\n\nOther text.", "e.txt", DocumentMeta())
            await pilot.pause(0.5)
            assert loads == []
            claim = other.scalar(
                "SELECT min(id) FROM claims WHERE document_id = ?", (reader.document_id,)
            )
            assert claim is not None
            with other.write() as conn:  # as `gloss correct speaker` does
                conn.execute("UPDATE claims SET speaker = 'Someone Else' WHERE id = ?", (claim,))
        finally:
            other.close()
        await until(pilot, lambda: loads == [1])
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReaderScreen) and pilot.app.screen.loaded


def test_the_store_check_does_nothing_with_no_screen(seeded_store) -> None:
    """The few-second store check can fire while the app shuts down, with no screen left: a
    CI run failed with "No screens on stack"."""
    app = GlossApp(seeded_store)
    app._check_reader(True)  # noqa: SLF001 (no screen yet: nothing to reload, no error)
    assert app._reader_print is None  # noqa: SLF001
