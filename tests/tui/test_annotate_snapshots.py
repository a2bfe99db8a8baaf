"""SVG snapshots of annotating: the tag dialog, the note editor and the annotation panel.

Update after a deliberate UI change with
``pytest tests/tui/test_annotate_snapshots.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

from gloss.store import Store
from gloss.store.annotations import create_annotation, find_quote, pin_tag, set_tag_color
from gloss.tui.app import GlossApp
from tests.tui.test_snapshots import _open_reuters, _steady

FIXED = "2026-01-02T09:30:00Z"


def add_annotations(store: Store) -> None:
    """Pinned coloured tags and three annotations with fixed times on the Reuters seed."""
    doc = store.row("SELECT id, text FROM documents WHERE outlet = 'Reuters'")
    assert doc is not None
    pin_tag(store, "check", "1")
    set_tag_color(store, "check", "#e05050")
    pin_tag(store, "context", "2")
    set_tag_color(store, "context", "teal")
    start, end = find_quote(doc["text"], "recently provided Russia with a shipment of weapons")
    create_annotation(
        store,
        doc["id"],
        start,
        end,
        tags=["check", "[bold]x[/]"],
        note="**Source?** The *satellite images* only.\n\n- ask the Pentagon\n- [red]literal[/]",
        author="ana",
    )
    start, end = find_quote(doc["text"], "John Kirby")
    create_annotation(store, doc["id"], start, end, tags=["context"], author="ana")
    create_annotation(store, doc["id"], tags=["weapons"], note="Whole piece: follow up.")
    with store.write() as conn:
        conn.execute("UPDATE annotations SET created = ?, updated = ?", (FIXED, FIXED))


def test_tag_dialog_snapshot(snap_compare, seeded_store: Store):
    add_annotations(seeded_store)
    open_reader = _open_reuters(with_claim=True, panel=False)

    async def run_before(pilot) -> None:
        await open_reader(pilot)
        await pilot.press("t", *"needs source", "enter", *"🔥 hot, cold", "enter", *"che")
        await _steady(pilot)

    assert snap_compare(GlossApp(seeded_store), terminal_size=(100, 30), run_before=run_before)


def test_note_editor_snapshot(snap_compare, seeded_store: Store):
    open_reader = _open_reuters(with_claim=True, panel=False)

    async def run_before(pilot) -> None:
        await open_reader(pilot)
        await pilot.press("m", *"**Check** the date [red]x[/]", "enter", *"- one source")
        pilot.app.screen.query_one("TextArea").cursor_blink = False
        await _steady(pilot)

    assert snap_compare(GlossApp(seeded_store), terminal_size=(100, 30), run_before=run_before)


def test_annotation_panel_snapshot(snap_compare, seeded_store: Store):
    add_annotations(seeded_store)
    open_reader = _open_reuters(with_claim=False, panel=False)

    async def run_before(pilot) -> None:
        await open_reader(pilot)
        await pilot.press("A", "down")  # the annotation with a markdown note
        await _steady(pilot)

    assert snap_compare(GlossApp(seeded_store), terminal_size=(120, 34), run_before=run_before)
