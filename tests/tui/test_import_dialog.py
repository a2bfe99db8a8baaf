"""Import inside the TUI: the dialog (key i, or the palette), its worker, errors, cancelling."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.widgets import Checkbox, Input, OptionList, Static

import gloss.store.file_import
from gloss.store import Store
from gloss.tui.app import GlossApp
from gloss.tui.screens.import_dialog import ImportDialog
from gloss.tui.screens.library import LibraryScreen
from tests.tui.pilot import app_pilot, run_palette_command, screen_text, settle, until

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _story(n: int) -> str:
    return (
        f"Story {n} about ships\n\nJohn Kirby said on Friday that Russia sent {n + 2} ships to "
        "Pyongyang, the White House confirmed.\n"
    )


def _folder(tmp_path: Path, stories: int, binary: bool = True) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(stories):
        (folder / f"story{n:02d}.txt").write_text(_story(n), encoding="utf-8")
    if binary:
        (folder / "scan.txt").write_bytes(PNG)  # a .txt name, but a PNG inside
    return folder


async def _open_dialog(pilot, path: str) -> ImportDialog:
    await settle(pilot)
    await pilot.press("i")
    await until(pilot, lambda: isinstance(pilot.app.screen, ImportDialog))
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportDialog)
    dialog.query_one("#import-path", Input).value = path
    return dialog


async def test_import_a_folder_with_a_binary_file(empty_store: Store, tmp_path: Path):
    folder = _folder(tmp_path, 3)
    async with app_pilot(empty_store, engine="rules", size=(100, 30), settled=False) as pilot:
        app = pilot.app
        dialog = await _open_dialog(pilot, str(folder))
        await pilot.press("enter")
        await until(pilot, lambda: dialog.report is not None)
        await settle(pilot)
        # the dialog stays open: one line of counts and the rejected file with its reason
        assert app.screen is dialog
        text = screen_text(app)
        assert "imported 3, unchanged 0, rejected 1, updated 0, analysed 3 (rules)" in text
        rejected = dialog.query_one("#import-rejected", OptionList)
        assert rejected.option_count == 1
        line = str(rejected.get_option_at_index(0).prompt)
        assert line.endswith("scan.txt: binary file (a PNG image)")
        assert "Traceback" not in text
        await pilot.press("escape")
        await settle(pilot)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        assert library.documents.total == 3 and "3 documents" in screen_text(app)
    analysed = empty_store.scalar("SELECT count(*) FROM documents WHERE engine = 'rules'")
    assert analysed == 3 and empty_store.scalar("SELECT count(*) FROM claims") > 0


async def test_import_from_the_palette_without_analysis_closes_with_a_summary(
    seeded_store: Store, tmp_path: Path, monkeypatch
):
    _folder(tmp_path, 2, binary=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # so ~/news is the folder just written
    app = GlossApp(seeded_store, engine="rules")
    notes: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await run_palette_command(pilot, "import: files or folder")
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#import-path", Input).value = "~/news"
        dialog.query_one("#import-analyse", Checkbox).value = False
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await settle(pilot)
        assert notes == ["imported 2, unchanged 0, rejected 0, updated 0"]
        assert app.screen.documents.total == 8  # 5 seeds + the markup document + 2
    fresh = seeded_store.scalar("SELECT count(*) FROM documents WHERE path LIKE '%story0%'")
    unanalysed = seeded_store.scalar(
        "SELECT count(*) FROM documents WHERE path LIKE '%story0%' AND engine IS NULL"
    )
    assert fresh == 2 == unanalysed


async def test_a_missing_path_is_one_line_naming_it(empty_store: Store, tmp_path: Path):
    async with app_pilot(empty_store, engine="rules", size=(100, 30), settled=False) as pilot:
        app = pilot.app
        dialog = await _open_dialog(pilot, "~/no-such-folder-for-gloss")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and not dialog.running and dialog.report is None
        error = str(dialog.query_one("#import-error", Static).content)
        assert error == "~/no-such-folder-for-gloss: no such file or folder"
        # fix the path and import
        folder = _folder(tmp_path, 1, binary=False)
        dialog.query_one("#import-path", Input).value = str(folder)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await settle(pilot)
        assert app.screen.documents.total == 1


async def test_escape_stops_an_import_and_keeps_a_consistent_store(
    empty_store: Store, tmp_path: Path, monkeypatch
):
    folder = _folder(tmp_path, 8, binary=False)
    reading = threading.Event()
    release = threading.Event()
    real_read = gloss.store.file_import._read
    calls = []

    def slow_read(path: str, max_bytes: int) -> bytes:
        calls.append(path)
        if len(calls) == 3:  # hold the third file until the test has pressed escape
            reading.set()
            assert release.wait(20)
        return real_read(path, max_bytes)

    monkeypatch.setattr(gloss.store.file_import, "_read", slow_read)
    app = GlossApp(empty_store, engine="rules")
    notes: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open_dialog(pilot, str(folder))
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("enter")
        await until(pilot, reading.is_set)
        assert dialog.running
        await pilot.press("escape")  # asks the worker to stop; the dialog says so
        await pilot.pause()
        assert app.screen is dialog
        assert "stopping" in str(dialog.query_one("#import-status", Static).content)
        release.set()
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await settle(pilot)
        assert app.screen.documents.total == 3
    assert len(calls) == 3  # no file was read after the stop request
    assert notes and notes[0].startswith("imported 3, unchanged 0, rejected 0")
    assert "stopped early" in notes[0]
    assert empty_store.scalar("SELECT count(*) FROM documents") == 3
    assert empty_store.scalar("PRAGMA integrity_check") == "ok"
    # the full-text index holds exactly the stored documents
    assert empty_store.scalar("SELECT count(*) FROM documents_fts") == 3
    # a later import brings the rest, nothing twice
    monkeypatch.setattr(gloss.store.file_import, "_read", real_read)
    again = gloss.store.file_import.import_paths(empty_store, [folder])
    assert (again.imported, again.unchanged) == (5, 3)


async def test_import_waits_for_the_first_run(empty_store: Store, gate):
    notes: list[str] = []
    async with app_pilot(
        empty_store, first_run=True, engine="rules", size=(100, 30), settled=False
    ) as pilot:
        app = pilot.app
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await until(pilot, lambda: app.screen.documents.total == 5)
        assert app.analysis_running
        await pilot.press("i")
        await pilot.pause()
        assert not isinstance(app.screen, ImportDialog)
        assert notes and "still being analysed" in notes[0]
        gate.set()
        await until(pilot, lambda: not app.analysis_running)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, ImportDialog))


async def test_a_large_import_analyses_inside_the_app(
    empty_store: Store, tmp_path: Path, monkeypatch
):
    """Even with enough text for a process pool, the TUI analyses in its worker thread: a
    pool could only spawn there, and spawning fails under Textual's captured stderr."""
    import gloss.store.analysis.run as run

    monkeypatch.setattr(run, "BULK_MIN_WORDS", {"fork": {"rules": 0}, "spawn": {"rules": 0}})
    monkeypatch.setattr(run, "cpu_count", lambda: 2)
    folder = _folder(tmp_path, 70, binary=False)
    async with app_pilot(empty_store, engine="rules", size=(100, 30), settled=False) as pilot:
        app = pilot.app
        await _open_dialog(pilot, str(folder))
        notes: list[str] = []
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen), tries=1500)
        await settle(pilot)
        assert notes == ["imported 70, unchanged 0, rejected 0, updated 0, analysed 70 (rules)"]
    assert empty_store.scalar("SELECT count(*) FROM documents WHERE engine = 'rules'") == 70
