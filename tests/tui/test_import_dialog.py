"""Import inside the TUI: the dialog (key i, or the palette) closes at once and the import runs
in the background job queue, with its progress in the job bar, while the reader stays usable;
ctrl+x (or the palette) stops it; jobs queue behind each other."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from textual.widgets import Checkbox, Input, OptionList, Static

import gloss.store.analysis.run as run
import gloss.store.file_import
import gloss.store.import_jobs
from gloss.store import Store
from gloss.tui.app import GlossApp
from gloss.tui.screens.help import HelpScreen
from gloss.tui.screens.import_dialog import ImportDialog
from gloss.tui.screens.library import LibraryScreen
from gloss.tui.screens.reader import ReaderScreen
from gloss.tui.widgets.job_bar import JobBar
from tests.tui.pilot import (
    app_pilot,
    run_palette_command,
    screen_text,
    settle,
    type_filter,
    until,
)

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
        (folder / f"story{n:03d}.txt").write_text(_story(n), encoding="utf-8")
    if binary:
        (folder / "scan.txt").write_bytes(PNG)  # a .txt name, but a PNG inside
    return folder


class HeldRead:
    """Replaces the importer's file read: holds file number ``at`` until released, so a test
    can act while the import is provably still running."""

    def __init__(self, monkeypatch, at: int) -> None:
        self.at = at
        self.calls: list[str] = []
        self.reading = threading.Event()
        self.release = threading.Event()
        self.real = gloss.store.file_import._read
        monkeypatch.setattr(gloss.store.file_import, "_read", self)

    def __call__(self, path: str, max_bytes: int) -> bytes:
        self.calls.append(path)
        if len(self.calls) == self.at:
            self.reading.set()
            assert self.release.wait(30)
        return self.real(path, max_bytes)


class HeldChunk:
    """Replaces the analysis of one batch of documents: holds batch number ``at`` until
    released (the batches before it are stored)."""

    def __init__(self, monkeypatch, at: int) -> None:
        self.at = at
        self.calls = 0
        self.analysing = threading.Event()
        self.release = threading.Event()
        self.real = run.analyze_chunk
        monkeypatch.setattr(run, "analyze_chunk", self)

    def __call__(self, jobs, engine):
        self.calls += 1
        if self.calls == self.at:
            self.analysing.set()
            assert self.release.wait(30)
        return self.real(jobs, engine)


async def _import(pilot, path: str, analyse: bool = True) -> None:
    """Open the dialog with i, type the path, press enter: the dialog closes at once."""
    app = pilot.app
    await pilot.press("i")
    await until(pilot, lambda: isinstance(app.screen, ImportDialog))
    dialog = app.screen
    dialog.query_one("#import-path", Input).value = path
    dialog.query_one("#import-analyse", Checkbox).value = analyse
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(app.screen, ImportDialog))


def _notes(app: GlossApp) -> list[str]:
    notes: list[str] = []
    app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
    return notes


async def test_keys_work_and_documents_open_while_300_files_import(
    empty_store: Store, tmp_path: Path, monkeypatch
):
    folder = _folder(tmp_path, 300, binary=False)
    held = HeldRead(monkeypatch, at=200)
    monkeypatch.setattr(gloss.store.import_jobs, "COMMIT_EVERY", 0.0)  # list them as read
    async with app_pilot(empty_store, engine="rules", size=(100, 30)) as pilot:
        app = pilot.app
        library = app.screen
        assert isinstance(library, LibraryScreen)
        notes = _notes(app)
        await _import(pilot, str(folder))
        assert app.screen is library  # the dialog closed once the import started
        # the library lists documents as they land, while the import holds file 200
        await until(pilot, held.reading.is_set)
        await until(pilot, lambda: library.documents.total >= 150)
        assert app.jobs.running is not None and app.jobs.running.kind == "import"
        bar = library.query_one(JobBar)
        assert bar.display and re.search(r"importing 1\d\d/300", screen_text(app))
        assert "ctrl+x stops" in screen_text(app)
        # keys work: move, sort, help
        await pilot.press("down", "down")
        assert library.documents.cursor == 2
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is library)
        # a document opens, shows its text and the job's progress, and says the import will
        # analyse it (not "waiting for analysis", as a new-user test saw)
        await pilot.press("home", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.loaded)
        reader = app.screen
        assert "John Kirby said on Friday" in reader.data.text
        text = screen_text(app)
        assert re.search(r"importing 1\d\d/300", text) and "analysing… entities" in text
        assert "waiting for analysis" not in text
        await pilot.press("right_square_bracket", "escape")
        await until(pilot, lambda: app.screen is library)
        assert not held.release.is_set() and app.jobs.running.kind == "import"  # still running
        # the analysis runs in batches: the rows of analysed documents fill in while it runs
        chunk = HeldChunk(monkeypatch, at=3)
        held.release.set()
        await until(pilot, chunk.analysing.is_set, tries=1500)
        await pilot.press("end")  # the oldest documents (the list is newest first)
        rows = library.documents

        def analysed(index: int) -> bool:
            row = rows.row_at(index)
            return row is not None and not row["waiting"] and row["claims"] > 0

        await until(pilot, lambda: analysed(299) and analysed(236))  # batches 1 and 2 (ids 1-64)
        assert rows.row_at(235)["waiting"]  # id 65: its batch is being analysed
        await until(pilot, lambda: "analysing 64/300" in screen_text(app))  # the latest step
        assert app.jobs.running.kind == "import"
        chunk.release.set()
        await until(pilot, lambda: app.jobs.running is None, tries=3000)
        await settle(pilot)
        assert library.documents.total == 300
        assert notes[0] == "No more claims after the cursor"  # ] in the unanalysed document
        assert notes[1:] == [
            "imported 300, unchanged 0, rejected 0, updated 0, analysed 300 (rules)"
        ]
        assert "300 imported, 300 analysed (rules)" in str(
            bar.query_one("#job-text", Static).content
        )
    assert empty_store.scalar("SELECT count(*) FROM documents WHERE engine = 'rules'") == 300


async def test_rejected_files_are_named_at_the_end_and_listed_by_the_dialog(
    empty_store: Store, tmp_path: Path
):
    folder = _folder(tmp_path, 3)
    async with app_pilot(empty_store, engine="rules", size=(100, 30)) as pilot:
        app = pilot.app
        notes = _notes(app)
        await _import(pilot, str(folder))
        await until(pilot, lambda: bool(notes))
        await settle(pilot)
        assert notes[0].splitlines()[0] == (
            "imported 3, unchanged 0, rejected 1, updated 0, analysed 3 (rules)"
        )
        assert notes[0].splitlines()[1].endswith("scan.txt: binary file (a PNG image)")
        assert app.screen.documents.total == 3 and "3 documents" in screen_text(app)
        # the dialog lists the last import's rejected files with their reasons
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, ImportDialog))
        rejected = app.screen.query_one("#import-rejected", OptionList)
        assert rejected.option_count == 1
        assert str(rejected.get_option_at_index(0).prompt).endswith(
            "scan.txt: binary file (a PNG image)"
        )
        assert "did not import 1 file(s)" in screen_text(app)
        assert "Traceback" not in screen_text(app)
    analysed = empty_store.scalar("SELECT count(*) FROM documents WHERE engine = 'rules'")
    assert analysed == 3 and empty_store.scalar("SELECT count(*) FROM claims") > 0


async def test_import_from_the_palette_without_analysis(
    seeded_store: Store, tmp_path: Path, monkeypatch
):
    _folder(tmp_path, 2, binary=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # so ~/news is the folder just written
    async with app_pilot(seeded_store, engine="rules", size=(100, 30)) as pilot:
        app = pilot.app
        await run_palette_command(pilot, "import: files or folder")
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#import-path", Input).value = "~/news"
        dialog.query_one("#import-analyse", Checkbox).value = False
        notes = _notes(app)
        await pilot.press("enter")
        await until(pilot, lambda: bool(notes))
        await settle(pilot)
        assert notes == ["imported 2, unchanged 0, rejected 0, updated 0"]
        assert app.screen.documents.total == 8  # 5 seeds + the markup document + 2
        # the two new documents wait for analysis: their rows say so (… for their counts)
        await type_filter(pilot, "status:waiting")
        documents = app.screen.documents
        assert documents.total == 2
        assert all(documents.row_at(i)["waiting"] for i in range(2))
        rows = [line for line in screen_text(app).splitlines() if "Story " in line]
        assert len(rows) == 2 and all(line.count("…") >= 2 for line in rows)
    waiting = seeded_store.scalar(
        "SELECT count(*) FROM documents WHERE path LIKE '%story0%' AND engine IS NULL"
    )
    assert waiting == 2


async def test_a_missing_path_is_one_line_naming_it(empty_store: Store, tmp_path: Path):
    async with app_pilot(empty_store, engine="rules", size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, ImportDialog))
        dialog = app.screen
        dialog.query_one("#import-path", Input).value = "~/no-such-folder-for-gloss"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and app.jobs.running is None
        error = str(dialog.query_one("#import-error", Static).content)
        assert error == "~/no-such-folder-for-gloss: no such file or folder"
        # fix the path and import
        folder = _folder(tmp_path, 1, binary=False)
        dialog.query_one("#import-path", Input).value = str(folder)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await until(pilot, lambda: app.jobs.running is None)
        await settle(pilot)
        assert app.screen.documents.total == 1


async def _stop_an_import(pilot, held: HeldRead, folder: Path, stop) -> list[str]:
    app = pilot.app
    notes = _notes(app)
    await _import(pilot, str(folder))
    await until(pilot, held.reading.is_set)
    await stop()  # asks the job to stop after the file being read; the bar says so
    await until(pilot, lambda: "stopping after this step" in screen_text(app))
    held.release.set()
    await until(pilot, lambda: bool(notes))
    await settle(pilot)
    assert app.screen.documents.total == 3
    return notes


async def test_ctrl_x_stops_an_import_and_keeps_a_consistent_store(
    empty_store: Store, tmp_path: Path, monkeypatch
):
    folder = _folder(tmp_path, 8, binary=False)
    held = HeldRead(monkeypatch, at=3)
    async with app_pilot(empty_store, engine="rules", size=(100, 30)) as pilot:
        notes = await _stop_an_import(pilot, held, folder, lambda: pilot.press("ctrl+x"))
    assert len(held.calls) == 3  # no file was read after the stop request
    assert notes[0].startswith("imported 3, unchanged 0, rejected 0")
    assert "stopped early" in notes[0]
    assert empty_store.scalar("SELECT count(*) FROM documents") == 3
    assert empty_store.scalar("PRAGMA integrity_check") == "ok"
    # the full-text index holds exactly the stored documents
    assert empty_store.scalar("SELECT count(*) FROM documents_fts") == 3
    # a later import brings the rest, nothing twice
    monkeypatch.setattr(gloss.store.file_import, "_read", held.real)
    again = gloss.store.file_import.import_paths(empty_store, [folder])
    assert (again.imported, again.unchanged) == (5, 3)


async def test_the_job_bar_says_how_a_stopped_import_ended_in_the_room_it_has(
    empty_store: Store, tmp_path: Path, monkeypatch
):
    """The summary is short enough for a wide bar; a narrow one cuts it at a word, with the
    whole line as the tooltip (it was cut mid-word: "everything done so")."""
    folder = _folder(tmp_path, 8, binary=False)
    held = HeldRead(monkeypatch, at=3)
    async with app_pilot(empty_store, engine="rules", size=(100, 30)) as pilot:
        await _stop_an_import(pilot, held, folder, lambda: pilot.press("ctrl+x"))
        line = screen_text(pilot.app).splitlines()[-2].strip()
        assert line == "3 imported; stopped, what it stored is kept"
        await pilot.resize_terminal(40, 30)
        await settle(pilot)
        line = screen_text(pilot.app).splitlines()[-2].strip()
        assert line == "3 imported; stopped, what it stored…"
        text = pilot.app.screen.query_one(JobBar).query_one("#job-text", Static)
        assert text.tooltip == "3 imported; stopped, what it stored is kept"


async def test_the_palette_stops_the_running_job(empty_store: Store, tmp_path: Path, monkeypatch):
    folder = _folder(tmp_path, 8, binary=False)
    held = HeldRead(monkeypatch, at=3)
    async with app_pilot(empty_store, engine="rules", size=(100, 30)) as pilot:

        async def stop() -> None:  # as run_palette_command, without waiting for the workers
            name = "job: stop the running job"
            await pilot.press("ctrl+p", *name)
            await until(pilot, lambda: name in screen_text(pilot.app))
            await pilot.press("enter")

        notes = await _stop_an_import(pilot, held, folder, stop)
    assert "stopped early" in notes[0] and len(held.calls) == 3


async def test_an_import_waits_behind_the_first_run(empty_store: Store, tmp_path: Path, gate):
    folder = _folder(tmp_path, 2, binary=False)
    async with app_pilot(
        empty_store, first_run=True, engine="rules", size=(100, 30), settled=False
    ) as pilot:
        app = pilot.app
        await until(pilot, lambda: app.screen.documents.total == 5)
        assert app.analysis_running
        await _import(pilot, str(folder))
        # queued, not started: one writer at a time
        assert [job.kind for job in app.jobs.queued] == ["import"]
        assert "import queued" in screen_text(app)
        assert empty_store.scalar("SELECT count(*) FROM documents") == 5
        gate.set()
        await until(pilot, lambda: not app.jobs.busy, tries=1500)
        await settle(pilot)
        assert app.screen.documents.total == 7
    assert empty_store.scalar("SELECT count(*) FROM documents WHERE engine IS NULL") == 0


async def test_a_large_import_analyses_inside_the_app(
    empty_store: Store, tmp_path: Path, monkeypatch
):
    """Even with enough text for a process pool, the TUI analyses in its worker thread: a
    pool could only spawn there, and spawning fails under Textual's captured stderr."""
    import gloss.store.analysis.run as run

    monkeypatch.setattr(run, "BULK_MIN_WORDS", {"fork": {"rules": 0}, "spawn": {"rules": 0}})
    monkeypatch.setattr(run, "cpu_count", lambda: 2)
    folder = _folder(tmp_path, 70, binary=False)
    async with app_pilot(empty_store, engine="rules", size=(100, 30)) as pilot:
        app = pilot.app
        notes = _notes(app)
        await _import(pilot, str(folder))
        await until(pilot, lambda: bool(notes), tries=1500)
        assert notes == ["imported 70, unchanged 0, rejected 0, updated 0, analysed 70 (rules)"]
    assert empty_store.scalar("SELECT count(*) FROM documents WHERE engine = 'rules'") == 70


async def test_a_folder_with_nothing_to_import_is_named(empty_store: Store, tmp_path: Path):
    """A new-user test imported an empty folder from the reader and read only "nothing
    imported"; the notice names the folder and what it looked for, as the CLI does."""
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    async with app_pilot(empty_store, engine="rules", size=(100, 30)) as pilot:
        app = pilot.app
        notes = _notes(app)
        await _import(pilot, str(folder))
        await until(pilot, lambda: any("no importable files" in n for n in notes))
    (note,) = [n for n in notes if "no importable files" in n]
    assert (
        f"{folder}: no importable files (.txt, .md, .markdown, .html, .htm) found "
        "(1 file of other types skipped)"
    ) in note


async def test_enter_on_a_partial_path_imports_what_the_completion_shows(
    empty_store: Store, tmp_path: Path
):
    """A new-user test typed ".../data/t", saw the grey completion "ui/" and pressed enter:
    "no such file or folder". Enter takes the completion when what was typed is no path."""
    folder = tmp_path / "data" / "tui"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("A short article about floods in the north.\n", "utf-8")
    async with app_pilot(empty_store, engine="rules", size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, ImportDialog))
        dialog = app.screen
        dialog.query_one("#import-path", Input).value = str(tmp_path / "data" / "t")
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, ImportDialog))
        await until(pilot, lambda: empty_store.scalar("SELECT count(*) FROM documents") == 1)
