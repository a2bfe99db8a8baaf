"""Path completion in the import and export dialogs: the rest of a path is suggested from the
file system as grey text, `right` accepts it."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Input

from gloss.store import Store
from gloss.tui.screens.export_dialog import ExportDialog
from gloss.tui.screens.import_dialog import IMPORT_SUFFIXES, ImportDialog
from gloss.tui.widgets.path_suggester import complete_path
from tests.tui.pilot import app_pilot, screen_text, settle, until


def tree(tmp_path: Path) -> Path:
    (tmp_path / "news" / "2023").mkdir(parents=True)
    (tmp_path / "news" / "kirby.txt").write_text("x")
    (tmp_path / "news" / "page.HTML").write_text("x")
    (tmp_path / "news" / "photo.jpg").write_text("x")
    (tmp_path / "news" / ".hidden.txt").write_text("x")
    (tmp_path / "notes.md").write_text("x")
    return tmp_path


def test_complete_path_from_the_file_system(tmp_path: Path, monkeypatch) -> None:
    root = str(tree(tmp_path))
    assert complete_path(f"{root}/ne") == f"{root}/news/"  # a folder ends with /
    assert complete_path(f"{root}/news") == f"{root}/news/"
    assert complete_path(f"{root}/news/k") == f"{root}/news/kirby.txt"
    assert complete_path(f"{root}/news/") == f"{root}/news/2023/"  # first by name
    assert complete_path(f"{root}/news/ph") == f"{root}/news/photo.jpg"
    assert complete_path(f"{root}/news/ph", IMPORT_SUFFIXES) is None  # not importable
    assert complete_path(f"{root}/news/pa", IMPORT_SUFFIXES) == f"{root}/news/page.HTML"
    assert complete_path(f"{root}/news/.h") == f"{root}/news/.hidden.txt"
    assert complete_path(f"{root}/news/x") is None
    assert complete_path(f"{root}/news/kirby.txt") is None  # nothing to add
    assert complete_path(f"{root}/missing/a") is None
    assert complete_path("") is None and complete_path("a\x00b") is None
    monkeypatch.setenv("HOME", root)
    assert complete_path("~/no") == "~/notes.md"  # ~ stays as typed
    monkeypatch.chdir(root)
    assert complete_path("no") == "notes.md"


async def test_import_dialog_completes_a_path(seeded_store: Store, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tree(tmp_path))  # a short relative path fits the box
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        await pilot.press("i")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ImportDialog)
        box = dialog.query_one("#import-path", Input)
        box.value = ""
        await pilot.press(*f"news{os.sep}ki")
        await until(pilot, lambda: box._suggestion == "news/kirby.txt")  # noqa: SLF001
        drawn = "".join(box.render_line(y).text for y in range(box.size.height))
        assert "news/kirby.txt" in drawn  # the rest shown after what was typed
        await pilot.press("right")
        assert box.value == "news/kirby.txt"


async def test_export_dialog_completes_a_folder(seeded_store: Store, tmp_path: Path):
    root = tree(tmp_path)
    async with app_pilot(seeded_store, size=(80, 24)) as pilot:
        await pilot.press("X")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        box = dialog.query_one("#export-path", Input)
        box.value = ""
        box.focus()
        await pilot.press(*f"{root}{os.sep}ne")
        await until(pilot, lambda: box._suggestion == f"{root}/news/")  # noqa: SLF001
        await pilot.press("right", *"out.csv")
        assert box.value == f"{root}/news/out.csv"


async def test_import_dialog_text_wraps_at_60_columns(seeded_store: Store):
    async with app_pilot(seeded_store, size=(60, 15)) as pilot:
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ImportDialog)
        text = screen_text(pilot.app)
        assert "(searched recursively)" in text and "esc cancels" in text
