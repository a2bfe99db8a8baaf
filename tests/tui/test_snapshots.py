"""SVG snapshots (pytest-textual-snapshot): library, document view, side panel, help.

Fixed terminal size and theme, no cursor blink. Update after a deliberate UI change with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

from textual.widgets import Input

from gloss.store import Store
from gloss.tui.app import GlossApp
from gloss.tui.widgets.side_panel import SidePanel
from tests.tui.pilot import until

THEME = "textual-dark"


async def _steady(pilot) -> None:
    pilot.app.theme = THEME
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _open_reuters(with_claim: bool, panel: bool):
    async def run_before(pilot) -> None:
        await _steady(pilot)
        await pilot.press("slash", *"outlet:reuters")
        await pilot.pause(0.3)
        await _steady(pilot)
        await pilot.press("enter")
        await _steady(pilot)
        await _steady(pilot)
        pilot.app.screen.query_one(SidePanel).display = panel
        await pilot.pause(0.2)  # the panel fills just after the text's first paint
        if with_claim:
            await pilot.press("right_square_bracket")
        await _steady(pilot)

    return run_before


async def _rows_drawn(pilot) -> None:
    """Steady, with the library's rows drawn (a busy machine may not have drawn them yet
    when the workers are done: the list paints after its page arrives)."""
    await _steady(pilot)
    documents = pilot.app.screen.documents
    await until(pilot, lambda: documents.total > 0 and documents.row_at(0) is not None)
    await _steady(pilot)


def test_library_snapshot(snap_compare, seeded_store: Store):
    assert snap_compare(GlossApp(seeded_store), terminal_size=(100, 24), run_before=_rows_drawn)


def test_document_view_snapshot(snap_compare, seeded_store: Store):
    assert snap_compare(
        GlossApp(seeded_store),
        terminal_size=(100, 30),
        run_before=_open_reuters(with_claim=True, panel=False),
    )


def test_side_panel_snapshot(snap_compare, seeded_store: Store):
    assert snap_compare(
        GlossApp(seeded_store),
        terminal_size=(120, 30),
        run_before=_open_reuters(with_claim=False, panel=True),
    )


def test_help_snapshot(snap_compare, seeded_store: Store):
    async def run_before(pilot) -> None:
        await _steady(pilot)
        # The library behind the help box has drawn its rows (a busy machine may not yet).
        documents = pilot.app.screen.documents
        await until(pilot, lambda: documents.total > 0 and documents.row_at(0) is not None)
        await _steady(pilot)
        await pilot.press("question_mark")
        await _steady(pilot)

    assert snap_compare(GlossApp(seeded_store), terminal_size=(100, 30), run_before=run_before)


def test_import_dialog_snapshot(snap_compare, seeded_store: Store):
    async def run_before(pilot) -> None:
        await _steady(pilot)
        await pilot.press("i")
        await _steady(pilot)
        await pilot.press(*"~/news/")
        await _steady(pilot)

    assert snap_compare(GlossApp(seeded_store), terminal_size=(100, 24), run_before=run_before)


def test_first_run_progress_snapshot(snap_compare, empty_store: Store, gate):
    """The library during the first run: the seeds are listed, their analysis is running."""

    async def run_before(pilot) -> None:
        for _ in range(400):  # until the five seeds are listed (the analysis waits at the gate)
            await pilot.pause(0.02)
            if pilot.app.screen.documents.total == 5:
                break
        pilot.app.theme = THEME
        await pilot.pause(0.2)

    app = GlossApp(empty_store, first_run=True, engine="rules")
    try:
        assert snap_compare(app, terminal_size=(100, 24), run_before=run_before)
    finally:
        gate.set()
