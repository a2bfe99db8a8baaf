"""A store that fails under a running program (damaged pages, the file deleted, moved or
replaced) raises StoreError with a clear reason, and nothing is written to a file that is no
longer the store; ``check_store`` finds damage and passes a healthy store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gloss.store import Store, StoreError, open_store
from gloss.store.annotations import create_annotation
from gloss.store.errors import store_failure
from gloss.store.file_import import ensure_seeded
from gloss.store.integrity import check_store
from tests.conftest import damage_table


def _seeded(path: Path) -> Store:
    store = open_store(path)
    ensure_seeded(store)
    with store.write() as conn:
        conn.execute(
            "INSERT INTO entities (document_id, start, end, label, text, canonical) "
            "VALUES (1, 0, 5, 'ORG', 'White', 'White')"
        )
    create_annotation(store, 1, 0, 5, tags=["t"], note="a note")
    return store


def test_damaged_pages_are_a_clear_store_error(tmp_path: Path):
    path = tmp_path / "s.db"
    _seeded(path).close()
    damage_table(path, "entities")
    store = open_store(path)  # the schema still reads
    try:
        assert store.scalar("SELECT count(*) FROM documents") == 5
        with pytest.raises(StoreError, match="the store is damaged .*malformed.*gloss check"):
            store.rows("SELECT * FROM entities")
        with pytest.raises(StoreError, match="damaged"), store.write() as conn:
            conn.execute("DELETE FROM entities")
        # the failed write rolled back cleanly: the store still takes other writes
        create_annotation(store, 2, None, None, note="still saved")
        assert store.scalar("SELECT count(*) FROM annotations") == 2
    finally:
        store.close()


@pytest.mark.parametrize("how", ["deleted", "moved", "folder removed", "replaced"])
def test_no_write_goes_to_a_store_file_that_vanished(tmp_path: Path, how: str):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "s.db"
    store = _seeded(path)
    if how == "deleted":
        path.unlink()
    elif how == "moved":
        path.rename(folder / "elsewhere.db")
    elif how == "folder removed":
        folder.rename(tmp_path / "gone")
    else:
        path.rename(folder / "old.db")
        sqlite3.connect(path).close()  # another (empty) file now has the store's name
    expected = "replaced by another file" if how == "replaced" else "deleted or moved"
    with pytest.raises(StoreError, match=f"{expected} while gloss was running"):
        create_annotation(store, 1, 0, 5, note="typed after the file went away")
    with pytest.raises(StoreError, match=expected), store.snapshot():
        pass
    store.close()
    if how == "moved":  # moved back beside its WAL file, the store has what was saved
        (folder / "elsewhere.db").rename(path)
        back = open_store(path)
        assert back.scalar("SELECT count(*) FROM annotations") == 1
        assert back.scalar("PRAGMA integrity_check") == "ok"
        back.close()


def test_only_store_problems_are_turned_into_store_errors(tmp_path: Path):
    store = open_store(tmp_path / "s.db")
    try:
        with pytest.raises(sqlite3.OperationalError, match="no such table"):
            store.rows("SELECT * FROM nothing_here")  # a bug, not a store problem
        with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
            conn.execute("INSERT INTO tags (name) VALUES ('x'), ('x')")
    finally:
        store.close()
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # type: ignore[attr-defined]
    assert "the disk is full" in str(store_failure(full, "s.db"))
    assert store_failure(ValueError("x"), "s.db") is None


def test_a_damaged_store_is_not_called_not_a_gloss_store(tmp_path: Path):
    path = tmp_path / "s.db"
    _seeded(path).close()
    damage_table(path, "documents")
    with pytest.raises(StoreError) as caught:
        store = open_store(path)
        store.rows("SELECT * FROM documents")
    assert "damaged" in str(caught.value) and "not a gloss store" not in str(caught.value)


# -- gloss check ---------------------------------------------------------------------------
def test_check_passes_a_healthy_store_and_changes_nothing(tmp_path: Path):
    path = tmp_path / "s.db"
    _seeded(path).close()
    before = path.read_bytes()
    report = check_store(path)
    assert report.ok and report.problems == []
    assert (report.documents, report.annotations) == (5, 1)
    assert report.verdict().startswith(f"ok: {path} passed integrity_check, foreign_key_check")
    assert "full-text index checks (5 documents, 1 annotations)" in report.verdict()
    assert path.read_bytes() == before


def test_check_while_the_store_is_open_and_written(tmp_path: Path):
    path = tmp_path / "s.db"
    store = _seeded(path)
    try:
        create_annotation(store, 2, None, None, note="in the WAL, not yet in the file")
        assert check_store(path).ok and check_store(path).annotations == 2
    finally:
        store.close()


def test_check_finds_damaged_pages(tmp_path: Path):
    path = tmp_path / "s.db"
    _seeded(path).close()
    damage_table(path, "entities")
    report = check_store(path)
    assert not report.ok
    assert report.problems[0].startswith("integrity_check:")
    assert report.verdict().startswith(f"damaged: {path} failed")
    assert "gloss restore" in report.verdict()


def test_check_finds_dangling_rows_and_a_stale_full_text_index(tmp_path: Path):
    path = tmp_path / "s.db"
    _seeded(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute(
        "INSERT INTO entities (document_id, start, end, label, text, canonical) "
        "VALUES (999, 0, 1, 'ORG', 'x', 'x')"
    )
    conn.execute("DROP TRIGGER annotations_fts_au")  # the note changes, its index does not
    conn.execute("UPDATE annotations SET note = 'a different note'")
    conn.commit()
    conn.close()
    report = check_store(path)
    assert not report.ok
    assert any(
        p.startswith("foreign_key_check: entities row") and "missing documents row" in p
        for p in report.problems
    )
    assert any(p.startswith("annotations_fts:") for p in report.problems)
    assert not any(p.startswith("documents_fts:") for p in report.problems)


def test_check_of_a_missing_or_foreign_file_is_one_clear_error(tmp_path: Path):
    with pytest.raises(StoreError, match="no store file here"):
        check_store(tmp_path / "none.db")
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, but long enough to have a header......" * 40)
    with pytest.raises(StoreError, match="not a gloss store"):
        check_store(text)
    other = tmp_path / "other.db"  # another program's database is never opened to write
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="not a gloss store"):
        check_store(other)
    assert other.read_bytes() == before and sorted(tmp_path.iterdir()) == sorted([text, other])


def test_check_of_a_cut_off_store_is_a_damaged_verdict(tmp_path: Path):
    path = tmp_path / "s.db"
    _seeded(path).close()
    path.write_bytes(path.read_bytes()[:10000])
    report = check_store(path)
    assert not report.ok and report.problems[0].startswith("header:")
    assert "damaged" in report.problems[0] and report.verdict().startswith("damaged:")
