"""Is a store healthy? ``gloss check``: SQLite's own checks plus the full-text indexes.

:func:`check_store` runs ``PRAGMA integrity_check`` (every page, index and constraint),
``PRAGMA foreign_key_check`` (rows pointing at rows that do not exist) and the FTS5
``integrity-check`` of ``documents_fts`` and ``annotations_fts`` against their content
tables. It opens the file itself (never migrating or creating it; another program's file is
refused before it is opened for writing, as store.identity decides), may run while the reader
is open, and writes nothing: the FTS5 check is an INSERT command, run inside a transaction
that is rolled back.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from gloss.store.errors import StoreError
from gloss.store.identity import recognise

FTS_TABLES = ("documents_fts", "annotations_fts")
MAX_LISTED = 20  # problems listed one by one (integrity_check can report thousands)


@dataclass
class CheckReport:
    """What a check found: one line per problem (none: the store is healthy)."""

    path: str
    problems: list[str] = field(default_factory=list)
    documents: int | None = None
    annotations: int | None = None
    skipped: str = ""  # a check that could not run, and why (not a problem)

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return not self.problems

    def verdict(self) -> str:
        """One line: healthy (with counts) or damaged (with what to do)."""
        if self.ok:
            passed = (
                "integrity_check and foreign_key_check"
                if self.skipped
                else ("integrity_check, foreign_key_check and the full-text index checks")
            )
            line = (
                f"ok: {self.path} passed {passed} "
                f"({self.documents} documents, {self.annotations} annotations)"
            )
            return line + (f"; {self.skipped}" if self.skipped else "")
        return (
            f"damaged: {self.path} failed {len(self.problems)} check(s); "
            "`gloss restore` lists the backups and brings one back"
        )


def _recognised(path: str, report: CheckReport) -> bool:
    """Is there a gloss store at ``path`` to check? Another program's file is refused (and
    never opened for writing); a store too damaged to read its schema is the verdict."""
    if not Path(path).is_file():
        raise StoreError(f"{path}: no store file here", "missing")
    try:
        found = recognise(path)
    except StoreError as exc:
        if exc.kind != "damaged":
            raise
        report.problems.append(f"header: {exc}")
        return False
    if found.kind == "new":
        raise StoreError(f"{path}: an empty file, no gloss store to check", "missing")
    return True


def _connect(path: str) -> sqlite3.Connection:
    if not os.access(path, os.R_OK):
        raise StoreError(f"{path}: permission denied")
    uri = Path(path).resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=rw", uri=True, isolation_level=None)
    except sqlite3.Error:  # a read-only file or folder: the FTS checks are skipped
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def _listed(lines: list[str], what: str) -> list[str]:
    shown = [f"{what}: {line}" for line in lines[:MAX_LISTED]]
    if len(lines) > MAX_LISTED:
        shown.append(f"{what}: … and {len(lines) - MAX_LISTED} more")
    return shown


def check_store(path: str | os.PathLike[str]) -> CheckReport:
    """Run every check on the store file at ``path`` (see the module docstring)."""
    text_path = str(path)
    report = CheckReport(text_path)
    if not _recognised(text_path, report):
        return report
    conn = _connect(text_path)
    try:
        try:
            found = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as exc:
            report.problems.append(f"integrity_check: cannot run ({exc})")
            return report
        if found != ["ok"]:
            report.problems += _listed(found, "integrity_check")
        try:
            dangling = [
                f"{table} row {rowid} points to a missing {parent} row"
                for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
            ]
        except sqlite3.DatabaseError as exc:
            dangling = [f"cannot run ({exc})"]
        report.problems += _listed(dangling, "foreign_key_check")
        _check_fts(conn, report)
        try:
            report.documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            report.annotations = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            report.problems.append(f"counting documents: {exc}")
    finally:
        conn.close()
    return report


def _check_fts(conn: sqlite3.Connection, report: CheckReport) -> None:
    """The FTS5 integrity-check of each full-text index against its content table."""
    for table in FTS_TABLES:
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            if "readonly" in str(exc):  # a read-only file: the other checks still count
                report.skipped = "the full-text checks need write access (a read-only file)"
                return
            report.problems.append(f"{table}: {exc}")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
