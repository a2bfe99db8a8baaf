"""Recognising a gloss store before any write, and store failures as clear StoreErrors.

Issue 14, items 3 (other programs' SQLite files are never changed), 5 (read-only opening never
creates a store), 7 (disk full, read-only, damaged: one StoreError, store consistent) and 8
(a truncated store is "damaged", not "not a gloss store").
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from gloss.store import SCHEMA_VERSION, StoreError, open_store
from gloss.store.annotations import create_annotation, list_annotations
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.errors import store_failure
from gloss.store.identity import APPLICATION_ID, recognise
from gloss.store.migrations import MIGRATIONS


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def neighbours(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def sqlite_file(path: Path, *statements: str, wal: bool = False) -> Path:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


def old_gloss_store(path: Path, version: int) -> Path:
    """A store as a gloss from before the application id wrote it, at schema `version`."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    for step in MIGRATIONS[:version]:
        conn.execute("BEGIN")
        step(conn)
        conn.execute("COMMIT")
    conn.execute(f"PRAGMA user_version={version}")
    conn.execute(
        "INSERT INTO documents (sha256, text, imported, updated, path) "
        "VALUES ('ab', 'Kept text.', 'now', 'now', 'a.txt')"
    )
    conn.close()
    return path


FOREIGN = {
    "no schema version, a table": ("CREATE TABLE customers (name)",),
    "version 1, a documents table": (
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, body TEXT)",
        "INSERT INTO documents (body) VALUES ('theirs')",
        "PRAGMA user_version=1",
    ),
    "version 3, a documents table": (
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, sha256, text)",
        "PRAGMA user_version=3",
    ),
    "version 4, anything": ("CREATE TABLE t (a)", "PRAGMA user_version=4"),
    "another application id": (
        "CREATE TABLE t (a)",
        "PRAGMA application_id=1196444237",
        "PRAGMA user_version=1",
    ),
    "an empty table list but a version": ("PRAGMA user_version=2",),
}


@pytest.mark.parametrize("wal", [False, True], ids=["rollback", "wal"])
@pytest.mark.parametrize("case", FOREIGN)
def test_other_programs_sqlite_files_are_refused_and_left_byte_for_byte(tmp_path, case, wal):
    path = sqlite_file(tmp_path / "theirs.db", *FOREIGN[case], wal=wal)
    before, files = digest(path), neighbours(path)
    for read_only in (False, True):
        with pytest.raises(StoreError, match="not a gloss store") as raised:
            open_store(path, read_only=read_only)
        assert raised.value.kind == "foreign"
    assert digest(path) == before
    assert neighbours(path) == files  # no .bak, -wal or -shm file either
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == ("wal" if wal else "delete")
    conn.close()


def test_a_text_file_is_not_a_gloss_store_and_is_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("my notes\n" * 50)
    with pytest.raises(StoreError, match="not an SQLite database"):
        open_store(path)
    assert path.read_text() == "my notes\n" * 50


def test_a_new_store_carries_the_application_id(tmp_path):
    store = open_store(tmp_path / "new.db")
    assert store.scalar("PRAGMA application_id") == APPLICATION_ID == 0x676C6F73
    store.close()
    assert recognise(str(tmp_path / "new.db")).kind == "gloss"


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_a_store_from_before_the_id_is_recognised_migrated_and_stamped(tmp_path, version):
    path = old_gloss_store(tmp_path / "old.db", version)
    assert recognise(str(path)).kind == "legacy"
    store = open_store(path)
    assert store.scalar("PRAGMA application_id") == APPLICATION_ID
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    assert store.scalar("SELECT text FROM documents") == "Kept text."
    store.close()
    assert recognise(str(path)).kind == "gloss"


def test_read_only_opening_never_creates_a_store(tmp_path):
    path = tmp_path / "missing.db"
    with pytest.raises(StoreError, match="no gloss store there yet") as raised:
        open_store(path, read_only=True)
    assert raised.value.kind == "missing"
    assert not path.exists() and list(tmp_path.iterdir()) == []
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "folder" / "s.db", read_only=True)
    assert list(tmp_path.iterdir()) == []


def test_read_only_opening_cannot_write(tmp_path):
    open_store(tmp_path / "s.db").close()
    store = open_store(tmp_path / "s.db", read_only=True)
    with pytest.raises(StoreError) as raised, store.write() as conn:
        conn.execute("INSERT INTO tags (name) VALUES ('x')")
    assert raised.value.kind == "read-only"
    store.close()


def seeded(path: Path) -> Path:
    store = open_store(path)
    with store.write() as conn:
        for i in range(40):
            save_document(conn, f"Document {i}. " + "words " * 2000, f"d{i}.txt", DocumentMeta())
    store.close()
    return path


def test_a_truncated_store_is_damaged_not_foreign(tmp_path):
    path = seeded(tmp_path / "s.db")
    data = path.read_bytes()
    for size in (10, 60, len(data) // 3):
        cut = tmp_path / f"cut{size}.db"
        cut.write_bytes(data[:size])
        with pytest.raises(StoreError, match="damaged") as raised:
            open_store(cut)
        assert raised.value.kind == "damaged"
        assert "not a gloss store" not in str(raised.value)
        assert cut.read_bytes() == data[:size]


def test_a_corrupted_page_is_damaged_when_read(tmp_path):
    path = seeded(tmp_path / "s.db")
    store = open_store(path, read_only=True)
    page_size = store.scalar("PRAGMA page_size")
    root = store.scalar("SELECT rootpage FROM sqlite_master WHERE name = 'documents'")
    store.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xa5" * page_size)
    with pytest.raises(StoreError, match="the store is damaged") as raised:
        store = open_store(path, read_only=True)
        store.rows("SELECT id, text FROM documents")
    assert raised.value.kind == "damaged"


def test_a_full_disk_rolls_back_and_says_so_not_cannot_rollback(tmp_path):
    path = seeded(tmp_path / "s.db")
    store = open_store(path)
    doc = store.scalar("SELECT min(id) FROM documents")
    store.scalar(f"PRAGMA max_page_count = {store.scalar('PRAGMA page_count')}")
    # Pages the full-text index's merges freed are reused first: the note must not fit in them.
    free = int(store.scalar("PRAGMA freelist_count")) * int(store.scalar("PRAGMA page_size"))
    for attempt in range(2):  # a failed write leaves the connection usable
        with pytest.raises(StoreError, match="the disk is full") as raised:
            create_annotation(store, doc, note="n" * (free + 50_000) * (attempt + 1))
        assert raised.value.kind == "full"
        assert "rollback" not in str(raised.value)
        assert not store.conn.in_transaction
    with pytest.raises(StoreError, match="the disk is full"), store.write() as conn:
        save_document(conn, "new words " * 20_000, "new.txt", DocumentMeta())
    assert store.scalar("SELECT count(*) FROM documents") == 40
    assert list_annotations(store) == []
    store.scalar("PRAGMA max_page_count = 1073741823")
    create_annotation(store, doc, note="fits now")
    assert [a.note for a in list_annotations(store)] == ["fits now"]
    store.close()
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize(
    "error, kind, words",
    [
        (sqlite3.OperationalError("database or disk is full"), "full", "the disk is full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only", "read"),
        (sqlite3.DatabaseError("database disk image is malformed"), "damaged", "damaged"),
        (sqlite3.OperationalError("database is locked"), "locked", "locked"),
        (sqlite3.OperationalError("disk I/O error"), "io", "disk reported an error"),
    ],
)
def test_store_failures_have_a_kind_and_a_reason(error, kind, words):
    failure = store_failure(error, "s.db")
    assert failure is not None and failure.kind == kind
    assert str(failure).startswith("s.db: ") and words in str(failure)
    assert store_failure(sqlite3.OperationalError("no such column: x"), "s.db") is None
    assert store_failure(ValueError("x")) is None


def test_the_id_is_written_with_the_first_migration_not_before(tmp_path, monkeypatch):
    """A store killed while being created is an empty file next time, not a stamped one
    without tables."""
    from gloss.store import migrations

    def broken(conn):
        raise RuntimeError("killed")

    monkeypatch.setattr(migrations, "MIGRATIONS", [broken, *migrations.MIGRATIONS[1:]])
    with pytest.raises(RuntimeError):
        migrations.open_store(tmp_path / "s.db")
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0
    conn.close()
    monkeypatch.undo()
    assert open_store(tmp_path / "s.db").scalar("PRAGMA user_version") == SCHEMA_VERSION


def test_a_symlink_loop_is_a_store_error(tmp_path):
    os.symlink(tmp_path / "loop", tmp_path / "loop")
    with pytest.raises(StoreError, match="symbolic link loop"):
        open_store(tmp_path / "loop")
