"""Open the gloss SQLite store: one file, safe pragmas, explicit write transactions.

The store is shared by the UI thread and Textual worker threads, so the connection is opened
with ``check_same_thread=False`` and every use of it is serialised by one re-entrant lock.
Writes run inside ``BEGIN IMMEDIATE`` transactions (``Store.write()``), so a kill at any
moment leaves either the old or the new state on disk (WAL journal).

A store can fail under a running program: SQLite errors about the file become StoreError
(``Store.failures``, gloss.store.errors), and a store whose file was deleted, moved or
replaced since it was opened refuses to write (``Store.check_present``): SQLite would go on
writing to the orphaned file, and everything written would be lost.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from gloss.store.errors import StoreError, failure_kind, store_failure

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000


class Store:
    """A gloss store: one SQLite connection, a lock and transaction helpers.

    Use :func:`open_store` to get one; it applies migrations first.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: str,
        *,
        read_only: bool = False,
        reader_uri: str | None = None,
    ) -> None:
        """``read_only``: the connection cannot write (read commands); ``reader_uri``: how
        extra read-only connections (snapshots, exports) open the file."""
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self.reader_uri = reader_uri or (read_uri(path) if path != ":memory:" else None)
        self.lock = threading.RLock()
        self._db: sqlite_utils.Database | None = None
        self._identity = _file_identity(path)
        self.commits = 0  # write transactions committed through this store

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

    @contextmanager
    def failures(self, *, writing: bool = False) -> Iterator[None]:
        """Turn SQLite errors about the file (full, read-only, damaged...) into StoreError."""
        try:
            yield
        except sqlite3.Error as exc:
            failure = store_failure(exc, self.path, writing=writing)
            if failure is None:
                raise
            raise failure from None

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
                "in the -wal file left here: move the store back beside it)",
                "vanished",
            ) from None
        except OSError as exc:
            raise StoreError(
                f"{self.path}: the store file cannot be reached ({exc})", "cannot-open"
            ) from None
        if now != self._identity:
            raise StoreError(
                f"{self.path}: the store file was replaced by another file while gloss was "
                "running; nothing more can be saved to it",
                "vanished",
            )

    # -- reading -----------------------------------------------------------------
    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Run a read query and return every row as a dict."""
        with self.lock, self.failures():
            cur = self.conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def row(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> dict[str, Any] | None:
        """Run a read query and return its first row as a dict, or None."""
        with self.lock, self.failures():
            cur = self.conn.execute(sql, params)
            found = cur.fetchone()
            if found is None:
                return None
            return dict(zip([d[0] for d in cur.description], found, strict=True))

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        """Run a read query and return the first column of its first row (or None)."""
        with self.lock, self.failures():
            found = self.conn.execute(sql, params).fetchone()
            return None if found is None else found[0]

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read-only view for long computations that must not hold up other threads: a
        second connection inside one read transaction (a consistent snapshot under WAL) for
        a store file; the shared connection under the lock for an in-memory store."""
        if self.reader_uri is None:
            with self.lock:
                yield self.conn
            return
        self.check_present()  # a new connection would open whatever is at the path now
        with self.failures():
            conn = sqlite3.connect(
                self.reader_uri, uri=True, isolation_level=None, check_same_thread=False
            )
        try:
            with self.failures():
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
        An SQLite error about the file (disk full, read-only, damaged, locked) comes out as a
        StoreError saying so; the transaction is rolled back whatever SQLite already undid.
        """
        with self.lock:
            if self.conn.in_transaction:
                yield self.conn
                return
            self.check_present()
            with self.failures(writing=True):
                self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except sqlite3.Error as exc:
                self._rollback()
                failure = store_failure(exc, self.path, writing=True)
                if failure is None:
                    raise
                raise failure from None
            except BaseException:
                self._rollback()
                raise
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:  # e.g. the disk filled up while committing
                self._rollback()
                failure = store_failure(exc, self.path, writing=True)
                if failure is None:
                    raise
                raise failure from None
            self.commits += 1

    def change_stamp(self) -> tuple[int, int]:
        """Changes whenever the data may have: a commit through this store, or through any
        other connection to the file (SQLite's ``data_version``). A screen showing a list
        compares stamps to know it must reload (a correction undone elsewhere)."""
        with self.lock:
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        return self.commits, int(version)

    def _rollback(self) -> None:
        """Roll back if a transaction is still open: SQLite ends it by itself after some
        errors (disk full, I/O), and ROLLBACK would then fail and hide the real error."""
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

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


def in_chunks(ids: Sequence[Any], size: int = 500) -> Iterator[tuple[list[Any], str]]:
    """``ids`` in chunks small enough for one ``IN (...)`` (SQLite limits the parameters of
    a statement), each with its ``?,?,...`` marks."""
    for i in range(0, len(ids), size):
        chunk = list(ids[i : i + size])
        yield chunk, ",".join("?" * len(chunk))


def read_uri(path: str | Path, *, immutable: bool = False) -> str:
    """The URI of a read-only connection to ``path`` (``immutable``: no locks, no -shm, for a
    store in a folder gloss cannot write to)."""
    absolute = os.path.abspath(os.path.expanduser(str(path)))
    uri = "file:" + quote(os.fsencode(absolute)) + "?mode=ro"  # bytes: any file name
    return uri + "&immutable=1" if immutable else uri


def store_folder(path: str) -> Path:
    """The folder a store file is (or would be) in, symbolic links followed; StoreError when
    there is none."""
    try:
        parent = Path(path).expanduser().resolve().parent
    except (RuntimeError, OSError) as exc:  # RuntimeError: Python 3.11's "Symlink loop"
        loop = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP
        reason = "a symbolic link loop" if loop else (exc.strerror or str(exc)).lower()
        raise StoreError(f"{path}: {reason}", "cannot-open") from None
    if not parent.is_dir():
        raise StoreError(f"{path}: the store's directory {parent} does not exist", "missing")
    return parent


def connect(path: str | Path) -> sqlite3.Connection:
    """Open a read-write connection with gloss's pragmas; StoreError with a clear reason.

    Only for a file already recognised as a gloss store, or a new one (store.identity):
    switching to WAL writes to the file.
    """
    text_path = str(path)
    if text_path != ":memory:":
        store_folder(text_path)
    try:
        # isolation_level=None: no implicit transactions; Store.write() issues BEGIN itself.
        conn = sqlite3.connect(text_path, check_same_thread=False, isolation_level=None)
    except sqlite3.Error as exc:
        raise store_failure(exc, text_path) or StoreError(f"{text_path}: {exc}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        if text_path != ":memory:":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        conn.close()
        raise store_failure(exc, text_path) or StoreError(f"{text_path}: {exc}") from None
    return conn


def connect_read_only(path: str) -> tuple[sqlite3.Connection, str]:
    """A connection that cannot write (``PRAGMA query_only``), and the URI for more readers.

    Where gloss may write (its own file and folder), it is a normal connection, so closing it
    tidies the WAL files as usual. Elsewhere (a read-only file or folder) it is a read-only
    connection; in a folder where no -shm file can be made, the file is opened as immutable,
    which is what a store nobody can write to is.
    """
    folder = os.path.dirname(os.path.abspath(path)) or "."
    writable = os.access(path, os.W_OK) and os.access(folder, os.W_OK)
    attempts = [(path, False)] if writable else []
    attempts += [(read_uri(path), True), (read_uri(path, immutable=True), True)]
    last: sqlite3.Error | None = None
    for target, uri in attempts:
        if "immutable=1" in target and failure_kind(last) not in ("cannot-open", "read-only"):
            break  # immutable only stands in for a folder where no -shm file can be made
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(target, uri=uri, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA query_only=ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            last = exc
            if conn is not None:
                conn.close()
            continue
        return conn, target if uri else read_uri(path)
    assert last is not None
    raise store_failure(last, path) or StoreError(f"{path}: {last}") from None
