"""Opening the reader on an analysed store never imports spaCy (it is slow and heavy), nor
sqlite-utils, which imports pandas when it is installed."""

from __future__ import annotations

import subprocess
import sys

from gloss.store import open_store
from gloss.store.analysis import analyze_documents
from gloss.store.file_import import ensure_seeded
from tests.conftest import REPO

SCRIPT = """
import asyncio, sys
from gloss.store import open_store
from gloss.tui.app import GlossApp
from tests.tui.pilot import app_pilot

async def main():
    async with app_pilot(open_store({db!r}), settled=False) as pilot:
        app = pilot.app
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")  # open the newest document
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("right_square_bracket", "o", "escape", "escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "LibraryScreen", app.screen
    heavy = ("spacy", "thinc", "sqlite_utils", "pandas")
    print(*(name in sys.modules for name in heavy))

asyncio.run(main())
"""


def test_reader_on_an_analysed_store_does_not_import_spacy(tmp_path):
    db = tmp_path / "analysed.db"
    store = open_store(db)
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    store.close()
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(db=str(db))],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "False False False False"
