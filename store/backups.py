"""Copies of a store: ``gloss backup``, the reader's automatic backups, ``gloss restore``.

:func:`backup_store` copies a store with SQLite's backup API in one step, so the copy is one
consistent snapshot even while the reader runs and writes (under WAL a reader never blocks
the writer). The copy is written beside its target and renamed into place, so a half-written
file never carries a backup's name, and it is a single file (rollback journal, no ``-wal``).

Automatic backups, as Anki makes them: when the reader opens or closes a store that changed
since its newest automatic backup, and that backup is at least :data:`AUTO_EVERY` old (or there
is none), a copy named ``<stem>-auto-YYYYMMDD-HHMMSS<suffix>`` goes next to the store; only the
newest :data:`AUTO_KEEP` are kept. A copy that fails SQLite's quick_check (the store is
damaged) is removed at once, so it never pushes a good backup out. Manual backups
(``<stem>-backup-...``) are never removed.

:func:`restore_store` checks a backup (``gloss check``'s checks and a gloss schema), moves the
current store aside as ``<stem>-replaced-<stamp><suffix>`` (with its ``-wal`` file, so nothing
it held is lost) and puts a copy of the backup in its place.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from gloss.store.db import read_uri
from gloss.store.errors import DAMAGED_HINT, StoreError, store_failure
from gloss.store.identity import recognise
from gloss.store.integrity import check_store

AUTO_KEEP = 7  # automatic backups kept per store
AUTO_EVERY = 24 * 3600  # seconds: at most one automatic backup a day
KINDS = ("backup", "auto", "replaced")
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class Backup:
    """One backup file next to a store: its path, kind and when it was made."""

    path: Path
    kind: str  # "backup" (gloss backup), "auto" (the reader), "replaced" (gloss restore)
    made: float  # seconds since the epoch, from the name

    @property
    def size(self) -> int:
        """Bytes on disk."""
        return self.path.stat().st_size


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did."""

    store: Path
    backup: Path
    replaced: Path | None  # where the store that was replaced now is (None: there was none)
    documents: int
    annotations: int


def _stamp(now: float) -> str:
    return time.strftime(_STAMP, time.localtime(now))


def _named(store: Path, kind: str, now: float) -> Path:
    """``<stem>-<kind>-<stamp><suffix>`` next to the store, not taken yet."""
    base = f"{store.stem}-{kind}-{_stamp(now)}"
    target = store.with_name(base + store.suffix)
    n = 2
    while target.exists():
        target = store.with_name(f"{base}-{n}{store.suffix}")
        n += 1
    return target


def list_backups(store: str | os.PathLike[str]) -> list[Backup]:
    """The backups next to a store, newest first."""
    store = Path(store)
    pattern = re.compile(
        rf"{re.escape(store.stem)}-({'|'.join(KINDS)})-(\d{{8}}-\d{{6}})(?:-\d+)?"
        rf"{re.escape(store.suffix)}"
    )
    found = []
    if store.parent.is_dir():
        for path in store.parent.iterdir():
            match = pattern.fullmatch(path.name)
            if match and path.is_file():
                made = time.mktime(time.strptime(match.group(2), _STAMP))
                found.append(Backup(path, match.group(1), made))
    return sorted(found, key=lambda b: (b.made, b.path.stat().st_mtime), reverse=True)


def backup_store(
    store: str | os.PathLike[str], target: str | os.PathLike[str] | None = None
) -> Path:
    """Copy the store at ``store`` to ``target`` (default: ``<stem>-backup-<stamp><suffix>``
    next to it; a folder: that name inside it). Refuses to overwrite a file."""
    source = Path(store)
    if not source.is_file():
        raise StoreError(f"{source}: no store file here", "missing")
    _gloss_store(source, damaged_ok=True)  # a copy of a damaged store may still help
    if target is None:
        goal = _named(source, "backup", time.time())
    else:
        goal = Path(target).expanduser()
        if goal.is_dir():
            goal = _named(goal / source.name, "backup", time.time())
    if goal.exists():
        raise StoreError(f"{goal}: already exists; give another path")
    if not goal.parent.is_dir():
        raise StoreError(f"{goal}: the folder {goal.parent} does not exist")
    if goal.resolve() == source.resolve():
        raise StoreError(f"{goal}: is the store itself")
    _copy(source, goal)
    return goal


def _copy(source: Path, goal: Path) -> None:
    """A consistent copy of the SQLite file ``source`` at ``goal`` (via a temporary file)."""
    part = goal.with_name(f".{goal.name}.part")
    part.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(read_uri(source), uri=True, timeout=30)
        try:
            dest = sqlite3.connect(part)
            try:
                src.backup(dest)  # one step: a snapshot, whatever writes meanwhile
                dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                dest.close()
        finally:
            src.close()
        os.replace(part, goal)
    except sqlite3.Error as exc:
        part.unlink(missing_ok=True)
        raise (store_failure(exc, str(source)) or StoreError(f"{source}: {exc}")) from None
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise StoreError(f"{goal}: cannot write the backup ({exc.strerror})") from None


def _changed_at(store: Path) -> float:
    """When the store last changed on disk (its WAL file holds the latest writes). An empty
    WAL holds none: a read-only connection to a closed store creates one (the backup's own
    copy does), and its time made the next day's check see a change that never was."""
    times = [store.stat().st_mtime]
    wal = store.with_name(store.name + "-wal")
    with contextlib.suppress(OSError):
        found = wal.stat()
        if found.st_size:
            times.append(found.st_mtime)
    return max(times)


def _has_content(store: Path) -> bool:
    """False for a store with no documents and no annotations (nothing worth a backup)."""
    try:
        conn = sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error:
        return True  # let the backup itself say what is wrong
    try:
        found = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM documents) OR EXISTS (SELECT 1 FROM annotations)"
        ).fetchone()
        return bool(found[0])
    except sqlite3.Error:
        return True
    finally:
        conn.close()


def auto_backup(
    store: str | os.PathLike[str],
    *,
    now: float | None = None,
    keep: int = AUTO_KEEP,
    every: float = AUTO_EVERY,
) -> Path | None:
    """Back the store up when it is due (see the module docstring); the new backup's path,
    or None when none was due. Older automatic backups beyond ``keep`` are removed."""
    path = Path(store)
    if str(store) == ":memory:" or not path.is_file() or keep < 1:
        return None
    now = time.time() if now is None else now
    autos = [b for b in list_backups(path) if b.kind == "auto"]
    if autos:
        newest = autos[0]
        if now - newest.made < every or _changed_at(path) <= newest.path.stat().st_mtime:
            return None
    if not _has_content(path):
        return None
    made = _named(path, "auto", now)
    _copy(path, made)
    os.utime(made, (now, now))  # what "changed since" compares with
    if not _quick_check(made):  # never let a copy of damage push out the good backups
        made.unlink(missing_ok=True)
        raise StoreError(
            f"{path}: the store is damaged, so no automatic backup was made (the earlier "
            f"ones are kept); {DAMAGED_HINT}"
        )
    for old in [b for b in list_backups(path) if b.kind == "auto"][keep:]:
        old.path.unlink(missing_ok=True)
    return made


def _quick_check(path: Path) -> bool:
    """SQLite's quick_check of a copy (pages and records, without the index cross-check)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("PRAGMA quick_check")] == ["ok"]
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def _gloss_store(path: Path, *, damaged_ok: bool = False) -> None:
    """Refuse another program's file (store.identity): gloss never copies over, moves or
    replaces it; a damaged gloss store passes when ``damaged_ok``."""
    try:
        recognise(str(path))
    except StoreError as exc:
        if not (damaged_ok and exc.kind == "damaged"):
            raise


def _schema(path: Path) -> int:
    """The gloss schema version of a backup; StoreError when it is no gloss store."""
    from gloss.store.migrations import SCHEMA_VERSION

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: not a gloss store ({exc})") from None
    finally:
        conn.close()
    if version < 1 or "documents" not in tables or "annotations" not in tables:
        raise StoreError(f"{path}: not a gloss store backup")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: written by a newer gloss (schema {version}); upgrade gloss")
    return version


def restore_store(
    backup: str | os.PathLike[str], store: str | os.PathLike[str], *, now: float | None = None
) -> RestoreReport:
    """Replace the store with a copy of ``backup`` (checked first); the store it replaces is
    moved aside, never deleted. The reader should not be running (if it is, it stops saving:
    its file is no longer at the store's path)."""
    source, target = Path(backup).expanduser(), Path(store)
    if not source.is_file():
        raise StoreError(f"{source}: no such backup file")
    if target.exists() and source.resolve() == target.resolve():
        raise StoreError(f"{source}: is the store itself")
    _schema(source)
    checked = check_store(source)
    if not checked.ok:
        raise StoreError(f"{source}: this backup is damaged too ({checked.problems[0]})")
    if not target.parent.is_dir():
        raise StoreError(f"{target}: the folder {target.parent} does not exist")
    if target.exists():
        _gloss_store(target, damaged_ok=True)  # never move another program's file aside
    now = time.time() if now is None else now
    replaced = None
    if target.exists():
        replaced = _named(target, "replaced", now)
        os.replace(target, replaced)  # with its WAL file, so the pair stays consistent
        for ending in ("-wal", "-shm"):
            extra = target.with_name(target.name + ending)
            if extra.exists():
                if ending == "-wal":
                    os.replace(extra, replaced.with_name(replaced.name + ending))
                else:
                    extra.unlink()
    _copy(source, target)
    return RestoreReport(target, source, replaced, checked.documents or 0, checked.annotations or 0)
