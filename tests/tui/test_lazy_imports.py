"""The reader's first screen loads Textual and the store, nothing more: the analysis package,
the other screens and dialogs are imported when first used (so `gloss` starts about as fast as
a bare Textual app; tests/bench/startup.py measures it)."""

from __future__ import annotations

import subprocess
import sys

from gloss.store import open_store
from gloss.store.analysis import analyze_documents
from gloss.store.file_import import ensure_seeded
from tests.conftest import REPO

SCRIPT = """
import asyncio, sys
imported = []  # every module imported from here on, in order

class Spy:
    def find_spec(self, name, path=None, target=None):
        imported.append(name)
        return None

sys.meta_path.insert(0, Spy())
import gloss.cli
from gloss.store import open_store
from gloss.tui.app import GlossApp
from gloss.tui.widgets.document_list import DocumentList

painted = []  # how many modules had been imported when the first row was drawn
draw = DocumentList.render_line

def render_line(self, y):
    if not painted and self.row_at(0) is not None:
        painted.append(len(imported))
    return draw(self, y)

DocumentList.render_line = render_line

async def main():
    app = GlossApp(open_store({db!r}))
    async with app.run_test(size=(100, 30)) as pilot:
        while not painted:
            await asyncio.sleep(0.01)
        await app.workers.wait_for_complete()
        await pilot.pause()
        before = set(imported[: painted[0]]) | set(sys.modules) - set(imported)
        heavy = ("gloss.store.analysis", "gloss.tui.screens.", "spacy", "pandas", "sqlite_utils",
                 "markdown_it", "gloss.store.file_import", "gloss.store.document_layers",
                 "rapidfuzz", "gloss.cli.analysis", "gloss.cli.documents", "gloss.cli.export")
        print(" ".join(sorted(name for name in before if name.startswith(heavy))))
        await pilot.press("question_mark")  # help imports every screen for its key sheet
        await pilot.pause()
        print(app.screen.__class__.__name__, "gloss.tui.screens.reader" in sys.modules)

asyncio.run(main())
"""


def test_first_screen_imports_only_the_library(tmp_path):
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
    loaded, after_help = out.stdout.strip().splitlines()[-2:]
    assert loaded.split() == ["gloss.tui.screens.library"]
    assert after_help == "HelpScreen True"
