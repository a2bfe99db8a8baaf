"""Documents waiting for analysis in the reader: marked in the library and on the reader's
status line, analysed in the background when the app starts, and on demand from the palette."""

from __future__ import annotations

from gloss.store import Store
from gloss.store.file_import import ensure_seeded
from gloss.tui.messages import OpenDocument
from gloss.tui.screens.reader import ReaderScreen
from tests.tui.pilot import app_pilot, screen_text, settle, until


def _waiting(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM documents WHERE engine IS NULL"))


async def test_the_app_analyses_waiting_documents_when_it_starts(empty_store: Store):
    ensure_seeded(empty_store)  # imported, never analysed (an import stopped by Ctrl-C)
    with empty_store.write() as conn:  # not only seeds: this is no first run
        conn.execute(
            "INSERT INTO documents (sha256, path, title, text, imported, updated) "
            "VALUES ('x', '/news/own.txt', 'Own', 'John Kirby said so.', '2026', '2026')"
        )
    assert _waiting(empty_store) == 6
    async with app_pilot(empty_store, engine="rules", size=(100, 24), settled=False) as pilot:
        app = pilot.app
        await until(pilot, lambda: "6 waiting documents analysed (rules)" in screen_text(app))
        await settle(pilot)
        rows = [app.screen.documents.row_at(i) for i in range(6)]
        assert not any(row["waiting"] for row in rows)
    assert _waiting(empty_store) == 0


async def test_waiting_documents_are_marked_and_analysed_from_the_palette(empty_store: Store, gate):
    ensure_seeded(empty_store)
    newest = int(empty_store.scalar("SELECT max(id) FROM documents"))
    async with app_pilot(empty_store, engine="rules", size=(100, 24), settled=False) as pilot:
        app = pilot.app
        library = app.screen
        # the start-up catch-up is held at the gate: every row shows … for its counts
        await until(pilot, lambda: app.analysis_running and library.documents.total == 5)
        await pilot.pause(0.1)
        rows = [line for line in screen_text(app).splitlines() if "seeds" not in line]
        listed = [line for line in rows if line.count("…") >= 2]
        assert len(listed) == 5
        app.post_message(OpenDocument(newest))
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.loaded)
        reader = app.screen
        assert "analysing…" in screen_text(app)
        # stop the job: one document is analysed (the one held), the rest keep waiting
        await pilot.press("ctrl+g")
        gate.set()
        await until(pilot, lambda: not app.jobs.busy)
        await settle(pilot)
        assert _waiting(empty_store) == 4 and reader.unanalysed
        text = screen_text(app)
        assert "waiting for analysis" in text and "analyse waiting documents" in text
        assert "stopped, the rest waits for analysis" in text
        # the palette analyses them; the open reader shows its entities when they land
        await pilot.press("ctrl+p", *"analyse waiting")
        await until(pilot, lambda: "analysis: analyse waiting documents" in screen_text(app))
        await pilot.press("enter")
        await until(pilot, lambda: not reader.unanalysed and bool(reader.data.entities))
        await settle(pilot)
        assert "waiting for analysis" not in screen_text(app)
        assert "4 waiting documents analysed (rules)" in screen_text(app)
    assert _waiting(empty_store) == 0
