"""Is this file a gloss store? Decided before anything writes to it.

A path given with ``--db`` may name anybody's file: another program's SQLite database, a
text file, a device. gloss must not change such a file in any way (no journal-mode switch, no
migration, no backup file), so this module looks first, through a read-only connection:

* a gloss store carries ``PRAGMA application_id`` = :data:`APPLICATION_ID` (set when the store
  is created; the README's "Store schema" section documents it);
* a store made by a gloss from before the id existed is recognised by its schema version
  (``user_version`` >= 1) and gloss's own tables and columns; it is stamped with the id the
  next time it is opened for writing;
* a file that is empty (0 bytes, or SQLite with no schema at all) becomes a new store;
* a file that starts like SQLite but cannot be read (truncated, a malformed page) is a
  *damaged* store, not a foreign file: the message says so.

Everything else is refused as "not a gloss store", and left byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
from dataclasses import dataclass
from typing import Literal

from gloss.store.db import read_uri, store_folder
from gloss.store.errors import StoreError, failure_kind, store_failure

# "glos" in ASCII: the SQLite header's application id of every gloss store (bytes 68-71).
APPLICATION_ID = 0x676C6F73
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100

# What schema version 1 created: a file with all of these (and no application id) was
# written by an older gloss. Enough columns to tell it from another program's "documents".
GLOSS_COLUMNS: dict[str, set[str]] = {
    "documents": {"id", "sha256", "path", "title", "text", "words", "boilerplate", "engine"},
    "entities": {"id", "document_id", "start", "end", "label", "text", "canonical"},
    "claims": {"id", "document_id", "kind", "speaker", "content_start", "content_end"},
    "annotations": {"id", "document_id", "start", "end", "quote", "prefix", "note", "orphan"},
    "tags": {"id", "name", "color", "pin_key"},
    "annotation_tags": {"annotation_id", "tag_id"},
    "review_sessions": {"id", "name", "queue", "labels"},
    "verdicts": {"id", "session_id", "item_kind", "item_id", "verdict"},
}

Kind = Literal["new", "gloss", "legacy"]


@dataclass(frozen=True)
class Found:
    """What is at a store path: ``new`` (nothing, or an empty file: a store may be created
    there), ``gloss`` (a store with gloss's application id) or ``legacy`` (a store from
    before the id); ``version`` is its schema version."""

    kind: Kind
    version: int = 0


def _refuse(path: str, reason: str, kind: str = "foreign") -> StoreError:
    return StoreError(f"{path}: {reason}", kind)


def _damaged(path: str, detail: str) -> StoreError:
    return _refuse(path, f"the store is damaged ({detail}); restore it from a backup", "damaged")


def _stat(path: str) -> os.stat_result | None:
    """The file's status (symbolic links followed), None when there is nothing there."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refuse(path, "a symbolic link loop", "cannot-open") from None
        if exc.errno == errno.ENOTDIR:
            raise _refuse(path, "a part of the path is not a folder", "missing") from None
        reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror
        raise _refuse(path, f"cannot open the store ({reason})", "cannot-open") from None


def _check_header(path: str, header: bytes, size: int) -> None:
    """Refuse a file that is not SQLite; call a cut-off SQLite file damaged."""
    if not header.startswith(SQLITE_MAGIC):
        if SQLITE_MAGIC.startswith(header):  # the header itself is cut off
            raise _damaged(path, f"only {size} bytes")
        raise _refuse(path, "not a gloss store (not an SQLite database)")
    if len(header) < HEADER_BYTES:
        raise _damaged(path, f"only {size} bytes")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counts_valid = header[24:28] == header[92:96]  # the header's page count is current
    try:
        wal = os.path.getsize(path + "-wal")
    except OSError:
        wal = 0
    # With WAL content the main file may lag behind its header (an unfinished checkpoint).
    if counts_valid and pages and not wal and size < page_size * pages:
        raise _damaged(path, f"cut off: {size} of {page_size * pages} bytes")


def _look(path: str) -> tuple[int, int, dict[str, set[str]]]:
    """(application id, user_version, {table: columns}) through a read-only connection."""
    last: sqlite3.Error | None = None
    # Without a -wal file the main file holds everything: read it as immutable, which makes
    # no -shm or -wal file beside someone else's database. With one, read it as SQLite
    # would (its side files exist already), then as immutable in a folder we cannot write.
    has_wal = os.path.exists(path + "-wal")
    for immutable in (False, True) if has_wal else (True,):
        conn = None
        try:
            conn = sqlite3.connect(read_uri(path, immutable=immutable), uri=True)
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            names = [
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            tables = {
                name: {
                    row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", (name,))
                }
                for name in names
            }
            return app_id, version, tables
        except sqlite3.Error as exc:
            last = exc
            if failure_kind(exc) != "cannot-open":
                break
        finally:
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
    assert last is not None
    if failure_kind(last) == "damaged":
        raise _damaged(path, str(last)) from None
    raise store_failure(last, path) or _refuse(path, f"cannot read the store ({last})") from None


def recognise(path: str) -> Found:
    """Say what is at ``path`` without writing anything; StoreError when gloss must not use
    it (another program's file, a folder, a device, a damaged store, a missing folder)."""
    info = _stat(path)
    if info is None:
        store_folder(path)  # a missing folder or a link loop is said before anything else
        return Found("new")
    if stat.S_ISDIR(info.st_mode):
        raise _refuse(path, "is a directory, not a gloss store file")
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, "not a regular file (a device, FIFO or socket), not a gloss store")
    if info.st_size == 0:
        return Found("new")
    try:
        with open(path, "rb") as handle:
            header = handle.read(HEADER_BYTES)
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror
        raise _refuse(path, f"cannot read the store ({reason})", "cannot-open") from None
    _check_header(path, header, info.st_size)
    app_id, version, tables = _look(path)
    if app_id == APPLICATION_ID:
        return Found("gloss", version)
    if app_id != 0:
        raise _refuse(path, f"not a gloss store (another program's database, id {app_id:#x})")
    if not tables and version == 0:
        return Found("new")
    looks_like_gloss = all(
        columns <= tables.get(table, set()) for table, columns in GLOSS_COLUMNS.items()
    )
    if version >= 1 and looks_like_gloss:
        return Found("legacy", version)
    raise _refuse(path, "not a gloss store (another program's SQLite database)")
