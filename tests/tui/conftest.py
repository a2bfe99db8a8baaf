"""Fixtures for the reader tests: a temp store with the five seeds plus fixture analysis rows.

Entities and claims are inserted here (matching the schema columns) so the reader is tested
independently of the analysis engine. One extra document carries literal markup and an ANSI
escape in its title and text.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.worker import get_current_worker

import gloss.store.analysis
from gloss.store import Store, open_store
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.file_import import ensure_seeded
from tests.conftest import mark_analysed

ENTITY_NAMES = (
    ("John Kirby", "PERSON", "John Kirby"),
    ("Kirby", "PERSON", "John Kirby"),
    ("White House", "ORG", "White House"),
    ("North Korea", "GPE", "North Korea"),
    ("Russia", "GPE", "Russia"),
    ("Pyongyang", "GPE", "Pyongyang"),
    ("Friday", "DATE", "Friday"),
)
MARKUP_TITLE = "Odd [bold]x[/] title [/] \x1b[31mred"
MARKUP_TEXT = (
    "Odd [bold]x[/] title [/] \x1b[31mred\n\n"
    "This text has [bold]markup[/] and [/] stray tags and an \x1b[31mANSI escape\x1b[0m inside.\n"
)
_CUE = re.compile(r"(?:Mr )?(Kirby) (said|told reporters|warned)")


def add_fixture_analysis(store: Store) -> None:
    """Insert entity rows for known names and claim rows for "Kirby said" sentences."""
    docs = store.rows("SELECT id, text FROM documents ORDER BY id")
    with store.write() as conn:
        for doc in docs:
            text = doc["text"]
            taken: list[tuple[int, int]] = []
            for name, label, canonical in ENTITY_NAMES:
                for m in re.finditer(rf"\b{re.escape(name)}\b", text):
                    if any(s <= m.start() < e for s, e in taken):
                        continue
                    taken.append(m.span())
                    conn.execute(
                        "INSERT INTO entities (document_id, start, end, label, text, canonical)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (doc["id"], m.start(), m.end(), label, name, canonical),
                    )
            for m in _CUE.finditer(text):
                start = max(text.rfind("\n", 0, m.start()) + 1, 0)
                end = text.find("\n", m.end())
                end = len(text) if end == -1 else end
                conn.execute(
                    "INSERT INTO claims (document_id, start, end, kind, speaker, speaker_start,"
                    " speaker_end, cue, cue_start, cue_end, content_start, content_end, score)"
                    " VALUES (?, ?, ?, 'reported', 'John Kirby', ?, ?, ?, ?, ?, ?, ?, 0.7)",
                    (
                        doc["id"],
                        start,
                        end,
                        m.start(1),
                        m.end(1),
                        m.group(2),
                        m.start(2),
                        m.end(2),
                        start,
                        end,
                    ),
                )


NOTE_QUOTE = "troubling development"


def add_fixture_note(store: Store) -> None:
    """One annotation (with a markup-like note) on the first document quoting NOTE_QUOTE."""
    row = store.row(
        "SELECT id, text FROM documents WHERE instr(text, ?) > 0 LIMIT 1", (NOTE_QUOTE,)
    )
    assert row is not None
    start = row["text"].index(NOTE_QUOTE)
    with store.write() as conn:
        conn.execute(
            "INSERT INTO annotations (id, document_id, start, end, quote, note, author, created,"
            " updated) VALUES ('note-1', ?, ?, ?, ?, '[b]check[/b] this', 'tester',"
            " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            (row["id"], start, start + len(NOTE_QUOTE), NOTE_QUOTE),
        )


def add_markup_document(store: Store) -> int:
    """A document whose title and text hold markup-like text and an ANSI escape."""
    with store.write() as conn:
        _, doc_id = save_document(
            conn,
            MARKUP_TEXT,
            "odd/markup.txt",
            DocumentMeta(title=MARKUP_TITLE, outlet="[i]Odd[/i]", published="1999-01-01"),
        )
    return doc_id


@pytest.fixture
def analysed(tmp_path: Path) -> Iterator[Store]:
    """A temp store with the five seeds analysed by the rules engine (claims, clusters and
    stories as the analysis finds them)."""
    store = open_store(tmp_path / "analysed.db")
    ensure_seeded(store)
    gloss.store.analysis.analyze_documents(store, engine="rules")
    yield store
    store.close()


@pytest.fixture
def seeded_store(tmp_path: Path) -> Iterator[Store]:
    """A temp store with the five seeds, fixture entities/claims and the markup document,
    all recorded as analysed."""
    opened = open_store(tmp_path / "reader.db")
    ensure_seeded(opened)
    add_fixture_analysis(opened)
    add_fixture_note(opened)
    add_markup_document(opened)
    mark_analysed(opened)
    yield opened
    opened.close()


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    """A temp store with no documents."""
    opened = open_store(tmp_path / "empty.db")
    yield opened
    opened.close()


@pytest.fixture
def gate(monkeypatch) -> threading.Event:
    """Hold every analysis call until the test sets this event or the app quits (the analysis
    itself is real): lets a test act while a worker is analysing."""
    opened = threading.Event()
    real = gloss.store.analysis.analyze_documents

    def gated(*args, **kwargs):
        worker = get_current_worker()  # the app's worker; a quitting app cancels it
        for _ in range(1000):
            if opened.wait(0.02) or worker.is_cancelled:
                return real(*args, **kwargs)
        raise AssertionError("the test never opened the gate")

    monkeypatch.setattr(gloss.store.analysis, "analyze_documents", gated)
    return opened
