"""Open the gloss SQLite store: one file, safe pragmas, explicit write transactions.

The store is shared by the UI thread and Textual worker threads, so the connection is opened
with ``check_same_thread=False`` and every use of it is serialised by one re-entrant lock.
Writes run inside ``BEGIN IMMEDIATE`` transactions (``Store.write()``), so a kill at any
moment leaves either the old or the new state on disk (WAL journal).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gloss.store.errors import StoreError

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000


class Store:
    """A gloss store: one SQLite connection, a lock and transaction helpers.

    Use :func:`open_store` to get one; it applies migrations first.
    """

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self.lock = threading.RLock()
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """A sqlite-utils ``Database`` on the same connection, for schema introspection and
        bulk work (gloss.store.schema). Imported on first use only: sqlite-utils imports pandas
        when it is installed (~0.4 s), which nothing on the reader's start-up path may pay.
        Use it under ``self.lock`` like the connection itself."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    # -- reading -----------------------------------------------------------------
    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Run a read query and return every row as a dict."""
        with self.lock:
            cur = self.conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def row(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> dict[str, Any] | None:
        """Run a read query and return its first row as a dict, or None."""
        with self.lock:
            cur = self.conn.execute(sql, params)
            found = cur.fetchone()
            if found is None:
                return None
            return dict(zip([d[0] for d in cur.description], found, strict=True))

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        """Run a read query and return the first column of its first row (or None)."""
        with self.lock:
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
        uri = Path(self.path).expanduser().resolve().as_uri() + "?mode=ro"
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
        """
        with self.lock:
            if self.conn.in_transaction:
                yield self.conn
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
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
        raise StoreError(f"{text_path}: not a gloss store ({exc})") from None
    return conn
