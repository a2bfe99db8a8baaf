"""The store file: pragmas, migrations, transactions, crash safety and FTS sync."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from gloss.store import SCHEMA_VERSION, StoreError, migrations, open_store
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.identity import APPLICATION_ID
from tests.conftest import REPO


def add(store, text: str, path: str | None = None, title: str = "t") -> int:
    with store.write() as conn:
        return save_document(conn, text, path, DocumentMeta(title=title))[1]


def test_new_store_has_pragmas_and_current_schema(store):
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1
    assert store.scalar("PRAGMA synchronous") == 1  # NORMAL
    assert store.scalar("PRAGMA busy_timeout") >= 1000


def test_store_from_newer_gloss_is_refused(tmp_path):
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (a)")
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")  # a newer gloss stamps its stores
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer gloss"):
        open_store(path)


def test_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError, match="not a gloss store"):
        open_store(path)
    assert path.read_text().startswith("this is not a database")  # untouched


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (name)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a gloss store"):
        open_store(path)


def test_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nowhere" / "gloss.db")


def test_migration_backs_up_and_keeps_data(tmp_path, monkeypatch):
    path = tmp_path / "gloss.db"
    first = open_store(path)
    doc_id = add(first, "Kept across the migration.", "a.txt")
    first.close()

    def v_next(conn):
        conn.execute("ALTER TABLE documents ADD COLUMN extra TEXT DEFAULT 'x'")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, v_next])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    second = migrations.open_store(path)
    assert second.scalar("PRAGMA user_version") == SCHEMA_VERSION + 1
    assert second.row("SELECT text, extra FROM documents WHERE id = ?", (doc_id,)) == {
        "text": "Kept across the migration.",
        "extra": "x",
    }
    backup = Path(f"{path}.bak-v{SCHEMA_VERSION}")
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert old.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    old.close()
    second.close()


def test_failed_migration_leaves_store_at_old_version(tmp_path, monkeypatch):
    path = tmp_path / "gloss.db"
    open_store(path).close()

    def broken(conn):
        conn.execute("CREATE TABLE half_done (a)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        migrations.open_store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in names
    conn.close()


def test_write_rolls_back_on_error(store):
    add(store, "first", "a.txt")
    with pytest.raises(ValueError), store.write() as conn:
        save_document(conn, "second", "b.txt", DocumentMeta(title="b"))
        raise ValueError("abort")
    assert store.scalar("SELECT count(*) FROM documents") == 1
    assert not store.conn.in_transaction


def test_writes_from_a_worker_thread(store):
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for i in range(20):
                add(store, f"document number {i}", f"{i}.txt")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    for _ in range(20):
        store.scalar("SELECT count(*) FROM documents")
    thread.join()
    assert errors == []
    assert store.scalar("SELECT count(*) FROM documents") == 20


def test_a_snapshot_reads_while_another_thread_writes(tmp_path):
    """Long computations read a snapshot on their own connection: they neither wait for the
    store's lock nor see a write that is not committed yet (the path has a space)."""
    store = open_store(tmp_path / "my store.db")
    add(store, "committed first", "a.txt")
    counts: list[int] = []

    def read() -> None:
        with store.snapshot() as conn:
            counts.append(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
            with pytest.raises(sqlite3.OperationalError):  # read-only
                conn.execute("DELETE FROM documents")

    with store.write() as conn:  # holds the lock and an open transaction
        save_document(conn, "not committed yet", "b.txt", DocumentMeta(title="b"))
        thread = threading.Thread(target=read)
        thread.start()
        thread.join(5)
        assert not thread.is_alive()
    assert counts == [1]
    assert store.scalar("SELECT count(*) FROM documents") == 2
    store.close()


def test_a_memory_store_snapshot_is_the_shared_connection():
    store = open_store(":memory:")
    add(store, "one document", "a.txt")
    with store.snapshot() as conn:
        assert conn is store.conn
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    store.close()


KILL_SCRIPT = """
import os, sys
sys.path.insert(0, {repo!r})
from gloss.store import open_store
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.identity import APPLICATION_ID
store = open_store({path!r})
with store.write() as conn:
    save_document(conn, "committed before the kill", "a.txt", DocumentMeta(title="a"))
conn = store.conn
conn.execute("BEGIN IMMEDIATE")
save_document(conn, "never committed", "b.txt", DocumentMeta(title="b"))
os.kill(os.getpid(), 9)
"""


def test_store_survives_a_kill_mid_transaction(tmp_path):
    path = tmp_path / "gloss.db"
    script = KILL_SCRIPT.format(repo=str(REPO), path=str(path))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == -9
    reopened = open_store(path)
    assert reopened.scalar("PRAGMA integrity_check") == "ok"
    texts = [r["text"] for r in reopened.rows("SELECT text FROM documents")]
    assert texts == ["committed before the kill"]
    hits = reopened.rows("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'committed'")
    assert len(hits) == 1
    reopened.close()


def fts_ids(store, query: str) -> list[int]:
    return [
        r["rowid"]
        for r in store.rows(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid", (query,)
        )
    ]


def test_fts_follows_insert_update_delete(store):
    a = add(store, "Kirby spoke about artillery.", "a.txt", title="Artillery talk")
    b = add(store, "Nothing to see here.", "b.txt", title="Quiet day")
    assert fts_ids(store, "artillery") == [a]
    assert fts_ids(store, "quiet") == [b]
    # re-import of a.txt with new text updates the same row and its index
    with store.write() as conn:
        outcome, same = save_document(conn, "Kirby spoke about drones.", "a.txt", DocumentMeta())
    assert (outcome, same) == ("updated", a)
    assert fts_ids(store, "artillery") == []
    assert fts_ids(store, "drones") == [a]
    with store.write() as conn:
        conn.execute("DELETE FROM documents WHERE id = ?", (b,))
    assert fts_ids(store, "quiet") == []
    assert store.scalar("SELECT count(*) FROM documents_fts") == 1


def test_fts_indexes_annotation_notes(store):
    doc = add(store, "Some text.", "a.txt")
    with store.write() as conn:
        conn.execute(
            "INSERT INTO annotations (id, document_id, note, created, updated) "
            "VALUES ('n1', ?, 'check the tonnage claim', 'x', 'x')",
            (doc,),
        )
    hits = store.rows("SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH 'tonnage'")
    assert len(hits) == 1
    with store.write() as conn:
        conn.execute("UPDATE annotations SET note = 'about shells' WHERE id = 'n1'")
    assert (
        store.rows("SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH 'tonnage'") == []
    )
    assert (
        len(store.rows("SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH 'shells'"))
        == 1
    )


def test_same_text_is_stored_once(store):
    first = add(store, "Identical words.", "a.txt")
    with store.write() as conn:
        outcome, second = save_document(conn, "Identical words.", "copy/b.txt", DocumentMeta())
    assert (outcome, second) == ("unchanged", first)
    assert store.scalar("SELECT count(*) FROM documents") == 1


def test_deleting_a_document_cascades(store):
    doc = add(store, "Text with an entity.", "a.txt")
    with store.write() as conn:
        conn.execute(
            "INSERT INTO entities (document_id, start, end, label, text, canonical) "
            "VALUES (?, 0, 4, 'ORG', 'Text', 'Text')",
            (doc,),
        )
        conn.execute("DELETE FROM documents WHERE id = ?", (doc,))
    assert store.scalar("SELECT count(*) FROM entities") == 0


def test_a_store_migrated_from_schema_1_has_the_schema_of_a_new_one(tmp_path: Path) -> None:
    """Every migration applied to an old store gives exactly what a fresh store has."""
    from gloss.store.migrations import MIGRATIONS
    from gloss.store.schema import expected_columns, schema_problems, table_columns

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    MIGRATIONS[0](conn)  # what gloss 0.1 created
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    migrated = open_store(path)
    try:
        assert schema_problems(migrated) == []
        assert table_columns(migrated) == expected_columns()
        with migrated.write() as c:
            c.execute("ALTER TABLE claims RENAME COLUMN cue TO cue_text")
        assert schema_problems(migrated) == ["missing column claims.cue"]
    finally:
        migrated.close()


def test_other_tools_find_the_full_text_indexes(store) -> None:
    """sqlite-utils and Datasette detect the FTS tables (content="documents"), so their
    search works on a gloss store; triggers keep the index in sync."""
    add(store, "The minister said artillery shells were sent.", "a.txt")
    with store.lock:
        assert store.db["documents"].detect_fts() == "documents_fts"
        assert store.db["annotations"].detect_fts() == "annotations_fts"
        hits = list(store.db["documents"].search("artillery", columns=["id"]))
    assert len(hits) == 1
