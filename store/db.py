"""Open the gloss SQLite store: one file, safe pragmas, explicit write transactions.

The store is shared by the UI thread and Textual worker threads, so the connection is opened
with ``check_same_thread=False`` and every use of it is serialised by one re-entrant lock.
Writes run inside ``BEGIN IMMEDIATE`` transactions (``Store.write()``), so a kill at any
moment leaves either the old or the new state on disk (WAL journal).

A store can fail under a running program: its file damaged, deleted or moved, its disk full.
``Store`` turns those SQLite errors into :class:`StoreError` with a clear reason
(:func:`gloss.store.errors.store_error`), and refuses to write once the file it opened is no
longer at its path (an open file that was deleted still takes writes, which would be lost).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlite_utils

from gloss.store.errors import StoreError, store_error

BUSY_TIMEOUT_MS = 5000


class Store:
    """A gloss store: a sqlite-utils ``Database`` plus a lock and transaction helpers.

    Use :func:`open_store` to get one; it applies migrations first.
    """

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self.lock = threading.RLock()
        self._identity = _file_identity(path)

    # -- store problems ----------------------------------------------------------
    @contextmanager
    def problems(self) -> Iterator[None]:
        """Turn SQLite errors that mean the store cannot be used (damaged, unreachable,
        full...) into StoreError with a clear reason; other errors pass unchanged."""
        try:
            yield
        except sqlite3.Error as exc:
            problem = store_error(exc, self.path)
            if problem is None:
                raise
            raise problem from exc

    def check_present(self) -> None:
        """Raise StoreError when the store file was deleted, moved or replaced since it was
        opened: writes would go to a file nobody will open again."""
        if self._identity is None:
            return
        try:
            now = _file_identity(self.path, strict=True)
        except FileNotFoundError:
            raise StoreError(
                f"{self.path}: the store file was deleted or moved while gloss was running; "
                "nothing more can be saved to it (a moved store keeps its latest changes "
                "in the -wal file left here: move the store back beside it)"
            ) from None
        except OSError as exc:
            raise StoreError(f"{self.path}: the store file cannot be reached ({exc})") from None
        if now != self._identity:
            raise StoreError(
                f"{self.path}: the store file was replaced by another file while gloss was "
                "running; nothing more can be saved to it"
            )

    # -- reading -----------------------------------------------------------------
    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Run a read query and return every row as a dict."""
        with self.lock, self.problems():
            cur = self.conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def row(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> dict[str, Any] | None:
        """Run a read query and return its first row as a dict, or None."""
        with self.lock, self.problems():
            cur = self.conn.execute(sql, params)
            found = cur.fetchone()
            if found is None:
                return None
            return dict(zip([d[0] for d in cur.description], found, strict=True))

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        """Run a read query and return the first column of its first row (or None)."""
        with self.lock, self.problems():
            found = self.conn.execute(sql, params).fetchone()
            return None if found is None else found[0]

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read-only view for long computations that must not hold up other threads: a
        second connection inside one read transaction (a consistent snapshot under WAL) for
        a store file; the shared connection under the lock for an in-memory store."""
        if self.path == ":memory:":
            with self.lock:
                yield self.conn
            return
        self.check_present()  # a new connection would open whatever is at the path now
        uri = Path(self.path).expanduser().resolve().as_uri() + "?mode=ro"
        with self.problems():
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            try:
                conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                conn.execute("BEGIN")
                yield conn
            finally:
                conn.close()

    # -- writing -----------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: ``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error.

        Nested calls join the outer transaction. When the block returns, the data is committed.
        Raises StoreError (nothing written) when the store file is gone or cannot be written.
        """
        with self.lock:
            if self.conn.in_transaction:
                yield self.conn
                return
            self.check_present()
            with self.problems():
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self.conn
                except BaseException:
                    # SQLite may have rolled back already (disk full, I/O error).
                    if self.conn.in_transaction:
                        with suppress(sqlite3.Error):
                            self.conn.execute("ROLLBACK")
                    raise
                else:
                    self.conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        with self.lock:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _file_identity(path: str, strict: bool = False) -> tuple[int, int] | None:
    """(device, inode) of a store file, None for ``:memory:`` (or, unless ``strict``, a file
    that cannot be stat'ed)."""
    if path == ":memory:":
        return None
    try:
        info = os.stat(Path(path).expanduser())
    except OSError:
        if strict:
            raise
        return None
    return info.st_dev, info.st_ino


def connect(path: str | Path) -> sqlite3.Connection:
    """Open a raw connection with gloss's pragmas; raise StoreError with a clear reason."""
    text_path = str(path)
    if text_path != ":memory:":
        parent = Path(text_path).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(f"{text_path}: the store's directory {parent} does not exist")
    try:
        # isolation_level=None: no implicit transactions; Store.write() issues BEGIN itself.
        conn = sqlite3.connect(text_path, check_same_thread=False, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        if text_path != ":memory:":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        # Touch the schema so "file is not a database" shows up here, not later.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        problem = store_error(exc, text_path)  # damaged, unreachable... or not SQLite at all
        if problem is not None and "file is not a database" not in str(exc):
            raise problem from None
        raise StoreError(f"{text_path}: not a gloss store ({exc})") from None
    return conn
