"""Counts in the library's and the corpus's columns: rounded to fit (218k), never cut (8184)."""

from __future__ import annotations

from rich.cells import cell_len

from gloss.store import Store
from gloss.store.wording import fitted
from gloss.tui.screens.corpus import CorpusScreen
from tests.tui.pilot import app_pilot, screen_text, settle


def test_a_count_is_exact_when_it_fits_and_rounded_with_a_unit_when_not():
    assert [fitted(n, 4) for n in (7, 1234, 12_345, 57_511, 218_184, 999_999)] == [
        "7",
        "1234",
        "12k",
        "58k",
        "218k",
        "1M",
    ]
    assert fitted(57_511, 5) == "57511"
    assert fitted(157_511, 5) == "158k"
    assert fitted(57_511, 4, grouped=True) == "58k"
    assert fitted(1_250_000, 4) == "1.2M"
    assert fitted(1_234_567, 8, grouped=True) == "1.2M"
    assert fitted(123_456, 8, grouped=True) == "123,456"


def _bulk_analysis(store: Store, entities: int, claims: int) -> int:
    """Give the first document `entities` entity rows and `claims` claim rows."""
    doc = store.row("SELECT id FROM documents ORDER BY id LIMIT 1")
    assert doc is not None
    with store.write() as conn:
        conn.executemany(
            "INSERT INTO entities (document_id, start, end, label, text, canonical)"
            " VALUES (?, 0, 4, 'PERSON', 'Bulk', 'Bulk')",
            ((doc["id"],) for _ in range(entities)),
        )
        conn.executemany(
            "INSERT INTO claims (document_id, start, end, kind, content_start, content_end)"
            " VALUES (?, 0, 4, 'assertion', 0, 4)",
            ((doc["id"],) for _ in range(claims)),
        )
    return int(doc["id"])


async def test_library_rows_round_big_counts_instead_of_cutting_digits(seeded_store: Store):
    _bulk_analysis(seeded_store, 218_184, 57_511)
    async with app_pilot(seeded_store, (110, 30)) as pilot:
        await settle(pilot)
        rows = [line for line in screen_text(pilot.app).splitlines() if " 218k " in line]
        assert len(rows) == 1, screen_text(pilot.app)
        assert " 218k  58k " in rows[0]
        assert "8184" not in screen_text(pilot.app)
        header = next(line for line in screen_text(pilot.app).splitlines() if "Ent" in line)
        # the columns stay where the header puts them
        assert rows[0].index("218k") + 4 == header.index("Ent") + 3


async def test_corpus_entity_rows_round_counts_that_overflow_their_column(seeded_store: Store):
    async with app_pilot(seeded_store, (80, 24)) as pilot:
        await pilot.press("E")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CorpusScreen)
        table = screen.entities
        row = {"canonical": "Bulk", "label": "PERSON", "mentions": 12_345_678, "documents": 1_234}
        line = table._row_strip(row, 60, False).text  # noqa: SLF001
        assert line.rstrip().endswith(" 12.3M  1,234")
        assert len(line) == 60


async def test_library_titles_are_cut_to_their_column_with_an_ellipsis(seeded_store: Store):
    """A title wider than its column ends in "…" and the columns after it stay in place,
    wide (CJK) characters counted as two cells."""
    with seeded_store.write() as conn:
        conn.execute(
            "UPDATE documents SET title = ? WHERE id = 1",
            ("東京 " * 30 + "the end",),
        )
    async with app_pilot(seeded_store, (100, 24)) as pilot:
        await settle(pilot)
        text = screen_text(pilot.app)
        header = next(line for line in text.splitlines() if "Outlet" in line)
        row = next(line for line in text.splitlines() if "東京" in line)
        assert "the end" not in row
        before_outlet = row[: row.index("…") + 1]
        assert cell_len(before_outlet) == cell_len(header[: header.index("Outlet")]) - 1
        assert cell_len(row) == cell_len(header)
