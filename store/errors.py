"""Errors that gloss reports to the user as one line (never a traceback).

:func:`store_failure` turns the SQLite errors that mean "the store file cannot be used right
now" (disk full, read-only, damaged, locked, I/O) into a :class:`StoreError` with a reason a
user can act on; the CLI prints it as one line and the reader shows it as one message.
"""

from __future__ import annotations

import sqlite3


class GlossError(Exception):
    """Base class: the message is a complete, user-facing sentence."""


class StoreError(GlossError):
    """The store cannot be opened or used (missing folder, not SQLite, newer schema...).

    ``kind`` says why, for code that reacts differently (the reader keeps unsaved input on
    any of them): ``full``, ``read-only``, ``damaged``, ``locked``, ``io``, ``cannot-open``,
    ``foreign`` (not a gloss store), ``newer`` (a newer gloss's store), ``missing`` (no store
    there yet), ``vanished`` (its file was deleted, moved or replaced while gloss ran) or
    ``other``.
    """

    def __init__(self, message: str, kind: str = "other") -> None:
        super().__init__(message)
        self.kind = kind


class NotFoundError(GlossError):
    """A document, annotation or other item named by the user does not exist."""


DAMAGED_HINT = "`gloss check` says what is wrong, `gloss restore` brings back a backup"

# SQLite primary result codes (https://sqlite.org/rescode.html) that are about the file.
_KINDS = {
    3: "read-only",  # SQLITE_PERM
    5: "locked",  # SQLITE_BUSY
    6: "locked",  # SQLITE_LOCKED
    8: "read-only",  # SQLITE_READONLY
    10: "io",  # SQLITE_IOERR
    11: "damaged",  # SQLITE_CORRUPT
    13: "full",  # SQLITE_FULL
    14: "cannot-open",  # SQLITE_CANTOPEN
    26: "damaged",  # SQLITE_NOTADB
}
# For errors without a code (older Pythons, errors raised by hand): SQLite's own wording.
_WORDING = (
    ("database or disk is full", "full"),
    ("readonly database", "read-only"),
    ("disk image is malformed", "damaged"),
    ("file is not a database", "damaged"),
    ("database is locked", "locked"),
    ("database table is locked", "locked"),
    ("disk i/o error", "io"),
    ("unable to open database file", "cannot-open"),
)
_REASONS = {
    "full": "the disk is full",
    "read-only": "the store is read-only (the file or its folder cannot be written)",
    "damaged": "the store is damaged ({detail}); " + "{hint}",
    "locked": "the store is locked by another program; try again when it is done",
    "io": "the disk reported an error ({detail})",
    "cannot-open": "cannot open the store file (is its folder readable?)",
}


def failure_kind(exc: BaseException | None) -> str | None:
    """The kind of store failure an SQLite error means, or None for other errors (a bug,
    a constraint, a bad query), which callers should not dress up as a store problem."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _KINDS:
        return _KINDS[code & 0xFF]
    text = str(exc).lower()
    return next((kind for words, kind in _WORDING if words in text), None)


def store_failure(
    exc: BaseException, path: str = "", *, writing: bool = False
) -> StoreError | None:
    """A StoreError for an SQLite error about the store file (None for any other error).

    ``writing``: the error ended a write, whose transaction was rolled back; the message
    says so, since that is what the user needs to know (nothing half-saved).
    """
    if isinstance(exc, StoreError):
        return exc
    kind = failure_kind(exc)
    if kind is None:
        return None
    reason = _REASONS[kind].format(detail=str(exc) or kind, hint=DAMAGED_HINT)
    if writing:
        reason += "; this change was not saved, and what was saved before is intact"
    return StoreError(f"{path}: {reason}" if path else reason, kind)
