"""One record of an annotations file (CSV, JSON Lines or W3C), checked field by field.

gloss never guesses what a field means: a value of the wrong type or out of range refuses
the record (the import reports it with its line), it is never converted into something
else (a tag ``{"a": 1}``, a note ``["a", "b"]``, ``orphan: "yes"``). The fields are those of
``gloss export --format jsonl --what annotations`` (the README's "Annotations file" schema):

=================  ============================================================  =========
field              type and range                                                required
=================  ============================================================  =========
id                 string, 1-200 characters, no control characters                yes
document_sha256    64 hexadecimal digits (the document's text)                    yes
start, end         both integers 0 <= start < end, or both null (whole document)  no
quote, prefix,     strings (null = "")                                            no
suffix
tags               list of strings, each a valid tag (no control characters,      no
                   at most 500 characters)
note               string (markdown, at most 16 MB)                               no
author             string                                                         no
created, updated   ISO 8601 times                                                 yes
orphan             true or false                                                  no
=================  ============================================================  =========

CSV cells are all text: offsets are decimal digits or empty, ``orphan`` is ``true``,
``false`` or empty, tags are one cell joined by ``"; "`` (store.export.split_list).
Other fields (``document_id``, ``title``, ``outlet``, ``published``: the export's context)
are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gloss.store.annotations import MAX_NOTE_BYTES, clean_tag
from gloss.store.errors import GlossError
from gloss.store.text_safety import has_unsafe

MAX_ID = 200
MAX_OFFSET = 2**53  # far beyond any document (20 MB), within SQLite's 64-bit integers
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_DIGITS = re.compile(r"[0-9]+")


class BadRecord(ValueError):  # noqa: N818 (a reason, not a bug)
    """A record that does not fit the schema; ``str(exc)`` says which field and why."""


@dataclass(frozen=True)
class Record:
    """A checked record: every field has its type (see the module docstring)."""

    id: str
    document_sha256: str
    start: int | None
    end: int | None
    quote: str
    prefix: str
    suffix: str
    tags: tuple[str, ...]
    note: str
    author: str
    created: str
    updated: str
    orphan: bool


def when(stamp: str) -> datetime:
    """An ISO 8601 time, naive times read as local time; BadRecord when it is not one."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        raise BadRecord(f"bad time {stamp!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.now().astimezone().tzinfo)


def _text(rec: dict[str, Any], name: str, *, required: bool = False) -> str:
    value = rec.get(name)
    if value is None or (value == "" and not required):
        if required:
            raise BadRecord(f"no {name}")
        return ""
    if not isinstance(value, str):
        raise BadRecord(f"{name} must be a string, not {_kind(value)}")
    if required and not value:
        raise BadRecord(f"no {name}")
    return _unicode(value, name)


def _unicode(value: str, name: str) -> str:
    """JSON can spell a lone surrogate (\\ud800), which is no character and cannot be stored."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRecord(f"{name} holds an invalid character (a lone surrogate)") from None
    return value


def _kind(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list"}
    return names.get(type(value), "an object" if isinstance(value, dict) else repr(value)[:20])


def _offset(rec: dict[str, Any], name: str, from_csv: bool) -> int | None:
    value = rec.get(name)
    if value is None or (from_csv and value == ""):
        return None
    if from_csv and isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRecord(f"{name} must be a whole number, not {value!r}"[:120])
    if not 0 <= value <= MAX_OFFSET:
        raise BadRecord(f"{name} {value} is out of range")
    return value


def _orphan(rec: dict[str, Any], from_csv: bool) -> bool:
    value = rec.get("orphan")
    if value is None:
        return False
    if from_csv and isinstance(value, str):
        word = value.strip().lower()
        if word in ("", "false"):
            return False
        if word == "true":
            return True
    if isinstance(value, bool):
        return value
    raise BadRecord(f"orphan must be true or false, not {value!r}"[:120])


def _tags(rec: dict[str, Any]) -> tuple[str, ...]:
    value = rec.get("tags")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise BadRecord(f"tags must be a list of strings, not {_kind(value)}")
    clean = set()
    for tag in value:
        if not isinstance(tag, str):
            raise BadRecord(f"a tag must be a string, not {_kind(tag)}")
        _unicode(tag, "a tag")
        try:
            clean.add(clean_tag(tag))
        except GlossError as exc:
            raise BadRecord(str(exc)) from None
    return tuple(sorted(clean))


def check_record(rec: Any, *, from_csv: bool = False) -> Record:
    """The record's fields with their types checked; BadRecord says what does not fit."""
    if not isinstance(rec, dict):
        raise BadRecord("not an annotation object")
    ident = _text(rec, "id", required=True)
    if len(ident) > MAX_ID or has_unsafe(ident):
        raise BadRecord(f"id {ident[:40]!r} is not an annotation id")
    sha = _text(rec, "document_sha256", required=True)
    if not _SHA256.fullmatch(sha):
        raise BadRecord(f"document_sha256 {sha[:70]!r} is not a sha256")
    start, end = _offset(rec, "start", from_csv), _offset(rec, "end", from_csv)
    if (start is None) != (end is None):
        raise BadRecord("give both start and end, or neither")
    if start is not None and end is not None and start >= end:
        raise BadRecord(f"the span {start}-{end} is empty or reversed")
    note = _text(rec, "note")
    if len(note.encode("utf-8")) > MAX_NOTE_BYTES:
        raise BadRecord(f"the note is over {MAX_NOTE_BYTES // (1024 * 1024)} MB")
    created = _text(rec, "created", required=True)
    updated = _text(rec, "updated", required=True)
    when(created)
    when(updated)
    return Record(
        id=ident,
        document_sha256=sha.lower(),
        start=start,
        end=end,
        quote=_text(rec, "quote"),
        prefix=_text(rec, "prefix"),
        suffix=_text(rec, "suffix"),
        tags=_tags(rec),
        note=note,
        author=_text(rec, "author"),
        created=created,
        updated=updated,
        orphan=_orphan(rec, from_csv),
    )
