"""Backups: consistent while another connection writes, automatic ones bounded and at most one
a day for a store that changed, and a restore that brings a backup back and keeps the store
it replaces."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from gloss.store import Store, StoreError, open_store
from gloss.store.annotations import create_annotation
from gloss.store.backups import (
    AUTO_EVERY,
    auto_backup,
    backup_store,
    list_backups,
    restore_store,
)
from gloss.store.file_import import ensure_seeded
from gloss.store.integrity import check_store
from tests.conftest import damage_table


def _notes(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    finally:
        conn.close()


def _seeded(path: Path) -> Store:
    store = open_store(path)
    ensure_seeded(store)
    return store


def test_a_backup_is_consistent_while_another_connection_writes(tmp_path: Path):
    """A writer adds notes two per transaction; every backup taken meanwhile holds an even
    number of them and passes every check."""
    path = tmp_path / "s.db"
    _seeded(path).close()
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        store = open_store(path)
        try:
            while not stop.is_set():
                with store.write():
                    for _ in range(2):
                        create_annotation(store, 1, 0, 5, note="x" * 2000)
                written[0] += 2
        finally:
            store.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while written[0] < 20:
            time.sleep(0.01)
        started = written[0]
        copies = []
        for n in range(5):
            before = written[0]
            copies.append(backup_store(path, tmp_path / f"copy{n}.db"))
            assert written[0] >= before  # the writer was never blocked for long
        progress = written[0]
    finally:
        stop.set()
        thread.join(30)
    assert progress > started  # the writes went on while the backups were taken
    counts = [_notes(copy) for copy in copies]
    assert all(count % 2 == 0 and count >= 20 for count in counts)
    assert counts == sorted(counts)
    for copy in copies:
        report = check_store(copy)
        assert report.ok, report.problems
        assert not copy.with_name(copy.name + "-wal").exists()  # one self-contained file


def test_backup_names_and_refusals(tmp_path: Path):
    path = tmp_path / "news.db"
    _seeded(path).close()
    made = backup_store(path)
    assert made.parent == tmp_path and made.name.startswith("news-backup-")
    assert made.suffix == ".db" and check_store(made).documents == 5
    second = backup_store(path)  # the same second: a distinct name, nothing overwritten
    assert second != made and second.exists() and made.exists()
    folder = tmp_path / "backups"
    folder.mkdir()
    inside = backup_store(path, folder)
    assert inside.parent == folder and inside.name.startswith("news-backup-")
    with pytest.raises(StoreError, match="already exists"):
        backup_store(path, made)
    with pytest.raises(StoreError, match="does not exist"):
        backup_store(path, tmp_path / "no" / "where.db")
    with pytest.raises(StoreError, match="no store file here"):
        backup_store(tmp_path / "missing.db")
    assert not list(tmp_path.glob(".*.part"))
    assert [b.kind for b in list_backups(path)] == ["backup", "backup"]  # next to it only


def test_a_damaged_store_never_replaces_good_automatic_backups(tmp_path: Path):
    path = tmp_path / "s.db"
    _seeded(path).close()
    start = time.time()
    good = auto_backup(path, now=start, keep=1)
    assert good is not None
    damage_table(path, "documents")
    _touch(path, start + 2 * AUTO_EVERY)
    with pytest.raises(StoreError, match="damaged, so no automatic backup was made"):
        auto_backup(path, now=start + 3 * AUTO_EVERY, keep=1)
    assert [b.path for b in list_backups(path)] == [good] and check_store(good).ok
    assert not list(tmp_path.glob(".*.part"))


def _touch(path: Path, when: float) -> None:
    os.utime(path, (when, when))


def test_automatic_backups_are_daily_for_a_changed_store_and_bounded(tmp_path: Path):
    path = tmp_path / "s.db"
    empty = open_store(path)
    empty.close()
    assert auto_backup(path) is None  # nothing in the store worth keeping
    store = _seeded(path)
    store.close()
    start = time.time()
    first = auto_backup(path, now=start)
    assert first is not None and first.name.startswith("s-auto-")
    assert auto_backup(path, now=start + 3600) is None  # less than a day later
    assert auto_backup(path, now=start + AUTO_EVERY + 60) is None  # a day, but no change
    made = [first]
    for day in range(1, 11):  # ten more days, a change each day
        now = start + day * AUTO_EVERY + 60
        store = open_store(path)
        create_annotation(store, 1, 0, 5, note=f"day {day}")
        store.close()
        _touch(path, now - 30)  # the change happened that day
        backup = auto_backup(path, now=now, keep=3)
        assert backup is not None
        made.append(backup)
    autos = [b for b in list_backups(path) if b.kind == "auto"]
    assert [b.path for b in autos] == list(reversed(made))[:3]  # the newest three
    assert [_notes(b.path) for b in autos] == [10, 9, 8]
    manual = backup_store(path)
    assert auto_backup(path, now=start + 30 * AUTO_EVERY, keep=1) is None  # no change since
    _touch(path, start + 30 * AUTO_EVERY)
    assert auto_backup(path, now=start + 31 * AUTO_EVERY, keep=1) is not None
    kinds = [b.kind for b in list_backups(path)]
    assert kinds.count("auto") == 1 and manual.exists()  # manual backups are never pruned


def test_an_empty_wal_a_reader_left_is_no_change(tmp_path: Path):
    """A read-only connection to a closed store (the backup's own copy, a reader) creates
    an empty WAL file. Its time had counted as a change, so a store nobody wrote to got a
    new automatic backup the next day (and the daily test failed when the file's time
    landed after the backup's); a WAL with writes in it still counts."""
    path = tmp_path / "s.db"
    _seeded(path).close()
    start = time.time()
    assert auto_backup(path, now=start) is not None
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(b"")
    _touch(wal, start + 10)
    assert auto_backup(path, now=start + AUTO_EVERY + 60) is None
    store = open_store(path)
    create_annotation(store, 1, 0, 5, note="a change")
    assert wal.stat().st_size > 0  # still open: the write is in the WAL only
    _touch(path, start - 10)
    _touch(wal, start + 20)
    assert auto_backup(path, now=start + AUTO_EVERY + 60) is not None
    store.close()


def test_restore_brings_a_backup_back_and_keeps_the_store_it_replaces(tmp_path: Path):
    path = tmp_path / "s.db"
    store = _seeded(path)
    create_annotation(store, 1, 0, 5, note="before the backup")
    store.close()
    backup = backup_store(path)
    store = open_store(path)
    create_annotation(store, 2, 0, 5, note="after the backup")
    with store.write() as conn:
        conn.execute("DELETE FROM documents WHERE id = 3")
    store.close()
    report = restore_store(backup, path)
    assert (report.documents, report.annotations) == (5, 1)
    assert report.replaced is not None and report.replaced.name.startswith("s-replaced-")
    restored = open_store(path)
    try:
        assert restored.scalar("SELECT count(*) FROM documents") == 5
        notes = [r["note"] for r in restored.rows("SELECT note FROM annotations")]
        assert notes == ["before the backup"]
        create_annotation(restored, 3, 0, 5, note="the restored store takes writes")
    finally:
        restored.close()
    assert check_store(path).ok
    kept = open_store(report.replaced)  # nothing of the replaced store is lost
    try:
        assert kept.scalar("SELECT count(*) FROM documents") == 4
        assert kept.scalar("SELECT count(*) FROM annotations") == 2
    finally:
        kept.close()


def test_restore_replaces_a_damaged_store_while_its_wal_is_kept_with_it(tmp_path: Path):
    path = tmp_path / "s.db"
    _seeded(path).close()
    backup = backup_store(path, tmp_path / "good.db")
    damage_table(path, "documents")
    assert not check_store(path).ok
    report = restore_store(backup, path)
    assert check_store(path).ok and report.documents == 5
    assert report.replaced is not None and not check_store(report.replaced).ok


def test_restore_refuses_what_is_not_a_healthy_gloss_backup(tmp_path: Path):
    path = tmp_path / "s.db"
    _seeded(path).close()
    before = path.read_bytes()
    damaged = backup_store(path, tmp_path / "damaged.db")
    damage_table(damaged, "documents")
    with pytest.raises(StoreError, match="this backup is damaged too"):
        restore_store(damaged, path)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a gloss store"):
        restore_store(other, path)
    with pytest.raises(StoreError, match="no such backup"):
        restore_store(tmp_path / "none.db", path)
    with pytest.raises(StoreError, match="is the store itself"):
        restore_store(path, path)
    with pytest.raises(StoreError, match="not a gloss store"):  # another program's file
        backup_store(other, tmp_path / "copy.db")
    with pytest.raises(StoreError, match="not a gloss store"):  # never moved aside
        restore_store(backup_store(path, tmp_path / "good.db"), other)
    assert not (tmp_path / "copy.db").exists() and other.exists()
    assert path.read_bytes() == before  # nothing was touched
    assert not [b for b in list_backups(path) if b.kind == "replaced"]
