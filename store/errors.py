"""Errors that gloss reports to the user as one line (never a traceback)."""

from __future__ import annotations

import sqlite3


class GlossError(Exception):
    """Base class: the message is a complete, user-facing sentence."""


class StoreError(GlossError):
    """The store cannot be opened or used (missing folder, not SQLite, newer schema...)."""


class NotFoundError(GlossError):
    """A document, annotation or other item named by the user does not exist."""


# SQLite's primary result codes for a store that cannot be used as it is (sqlite3.h).
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_UNREACHABLE = {10, 14}  # SQLITE_IOERR, SQLITE_CANTOPEN
_FULL = 13  # SQLITE_FULL
_READONLY = {3, 8}  # SQLITE_PERM, SQLITE_READONLY
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED

DAMAGED_HINT = "`gloss check` says what is wrong, `gloss restore` brings back a backup"


def store_error(exc: BaseException, path: str) -> StoreError | None:
    """The user-facing error for an SQLite error that means the store itself cannot be used
    (damaged, unreachable, full, read-only, busy); None for other errors (a bad query, a
    constraint), which callers handle as before."""
    if isinstance(exc, StoreError):
        return exc
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    if primary in _DAMAGED or "malformed" in text:
        return StoreError(f"{path}: the store is damaged ({text}); {DAMAGED_HINT}")
    if primary in _UNREACHABLE:
        return StoreError(
            f"{path}: the store cannot be read or written ({text}); was it moved or deleted?"
        )
    if primary == _FULL:
        return StoreError(f"{path}: the disk is full ({text}); nothing more can be saved")
    if primary in _READONLY:
        return StoreError(f"{path}: the store is read-only here ({text})")
    if primary in _BUSY:
        return StoreError(f"{path}: another program is writing to the store ({text}); try again")
    return None
