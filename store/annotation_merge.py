"""Merge another reviewer's annotations (gloss's own CSV, JSONL or W3C export) into the store.

Rules, chosen so that importing is safe to repeat and never silently loses work:

* Documents are matched by the sha256 of their text, never by id (ids differ between stores).
  Annotations on documents this store does not hold are skipped and reported.
* When the offsets do not fit the text (an edited file, a store whose text moved), the quote
  selector is re-anchored with store.anchoring.anchor; if that fails the annotation is kept as
  an orphan rather than placed on the wrong words.
* Annotations merge by id. Same content: unchanged (so a second import changes nothing). Same
  id, other content: the newer ``updated`` wins. When the file's version is newer it replaces
  ours (``updated``); when ours is newer, or both carry the same time, ours is kept and the
  case is reported as a conflict.
* An annotation never moves to another document: a record whose id this store holds on
  another document is refused (reported), not applied.
* Every field is checked against the schema (store.annotation_records): a record with a
  field of the wrong type or out of range is refused with its line, never coerced. Offsets
  outside the document whose quote is not in it either are refused too.
* One transaction per file: a file that turns out to be unreadable half-way leaves the store
  as it was. Bad single records (a tag with control characters, an unknown document) are
  skipped and reported instead of failing the file.
* CSV cells are un-escaped (the export's leading ``'``) unless ``raw=True`` says the file was
  exported with ``--raw``.
"""

from __future__ import annotations

import csv
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gloss.store.anchoring import anchor, selector
from gloss.store.annotation_records import BadRecord, check_record, when
from gloss.store.annotations import Annotation, fetch_annotation, upsert_annotation
from gloss.store.db import Store
from gloss.store.errors import GlossError
from gloss.store.export import split_list, unescape_cell

# Python's csv module refuses fields over 128 KB by default; gloss's own notes go to 16 MB
# and quotes to a whole document (20 MB), so its exports must read back.
CSV_FIELD_LIMIT = 2**31 - 1

REQUIRED: tuple[str, ...] = ("id", "document_sha256", "start", "end", "quote", "prefix")
REQUIRED += ("suffix", "tags", "note", "author", "created", "updated", "orphan")


@dataclass
class MergeReport:
    """What an import did; ``skipped`` and ``conflicts`` carry one-line reasons."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    reanchored: int = 0
    orphaned: int = 0
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The CLI's one-line summary."""
        line = (
            f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
            f"conflicts {len(self.conflicts)}, skipped {len(self.skipped)}"
        )
        if self.reanchored or self.orphaned:
            line += f", re-anchored {self.reanchored}, orphaned {self.orphaned}"
        return line


_Skip = BadRecord  # one record cannot be imported (the message says why)


# -- reading the three formats -----------------------------------------------------------------
def detect_format(path: Path) -> str:
    """csv, jsonl or w3c: by extension, else by the first non-blank character and keys."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        head = handle.read(4096).lstrip()
    if suffix in (".jsonld", ".w3c") or head.startswith(("[", '{"@context"')):
        return "w3c"
    if head.startswith("{"):
        first = head.split("\n", 1)[0]
        try:
            record = json.loads(first)
        except (json.JSONDecodeError, RecursionError):
            record = None
        if isinstance(record, dict):
            # By its keys: a gloss record whose author or note is "target" is no W3C one
            # (a property test found a JSON Lines export refused so).
            return "w3c" if record.get("type") == "Annotation" or "target" in record else "jsonl"
        return "w3c" if '"type": "Annotation"' in first or '"target":' in first else "jsonl"
    return "csv"


def read_records(path: Path, fmt: str, raw: bool = False) -> Iterator[tuple[str, Any]]:
    """(where, record) pairs; a record is a dict, or an Exception for an unreadable one."""
    if fmt == "csv":
        yield from _read_csv(path, raw)
    elif fmt == "jsonl":
        with path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        yield f"line {number}", json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise GlossError(f"{path}: line {number} is not JSON ({exc.msg})") from None
                    except RecursionError:
                        raise GlossError(f"{path}: line {number} is nested too deeply") from None
    else:
        from gloss.store.w3c import from_w3c, read_w3c

        try:
            for number, item in enumerate(read_w3c(path), 1):
                try:
                    yield f"annotation {number}", from_w3c(item)
                except ValueError as exc:
                    yield f"annotation {number}", exc
        except UnicodeDecodeError:
            raise GlossError(f"{path}: not UTF-8 text") from None
        except RecursionError:
            raise GlossError(f"{path}: the JSON is nested too deeply") from None
        except ValueError as exc:
            raise GlossError(f"{path}: {exc}") from None


def _read_csv(path: Path, raw: bool) -> Iterator[tuple[str, Any]]:
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
        if missing:
            raise GlossError(
                f"{path}: not a gloss annotations export (no column {', '.join(missing)})"
            )
        for row in reader:
            where = f"line {reader.line_num}"
            if None in row or any(v is None for v in row.values()):
                yield where, ValueError("wrong number of cells")
                continue
            cells = row if raw else {k: unescape_cell(v) for k, v in row.items()}
            yield where, cells | {"tags": split_list(cells["tags"])}


# -- merging -----------------------------------------------------------------------------------
def _prepare(
    conn: Any, rec: Any, docs: dict[str, Any], from_csv: bool = False
) -> tuple[Annotation, str]:
    """The Annotation a record stands for in this store, anchored to its text.

    The second value says whether anchoring moved it ("reanchored") or lost it ("orphaned").
    """
    checked = check_record(rec, from_csv=from_csv)
    sha = checked.document_sha256
    if sha not in docs:
        docs[sha] = conn.execute(
            "SELECT id, text FROM documents WHERE sha256 = ?", (sha,)
        ).fetchone()
    if docs[sha] is None:
        raise _Skip(f"unknown document {sha[:12]}")
    doc_id, text = docs[sha]
    start, end = checked.start, checked.end
    quote, prefix, suffix = checked.quote, checked.prefix, checked.suffix
    orphan, how = checked.orphan, ""
    fits = start is not None and end is not None and end <= len(text)
    if start is not None and end is not None and fits and not quote and not orphan:
        quote, prefix, suffix = selector(text, start, end)  # a position without a quote
    if not orphan and (quote or start is not None) and not (fits and text[start:end] == quote):
        found = anchor(text, quote, prefix, suffix, hint=start if fits else None) if quote else None
        if found is not None:
            start, end = found
            quote, prefix, suffix = selector(text, start, end)
            how = "reanchored"
        elif fits or start is None:
            orphan, how = True, "orphaned"  # as when the document's own text changes
        else:
            raise _Skip(
                f"offsets {start}-{end} are outside the document (0-{len(text)}) "
                "and its quote is not in it"
            )
    ann = Annotation(
        id=checked.id,
        document_id=int(doc_id),
        start=start,
        end=end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        tags=checked.tags,
        note=checked.note,
        author=checked.author,
        created=checked.created,
        updated=checked.updated,
        orphan=orphan,
        text_sha256=sha,
    )
    return ann, how


def import_annotations(
    store: Store, path: str | Path, *, fmt: str | None = None, raw: bool = False
) -> MergeReport:
    """Merge one exported file into the store (one transaction); see the module docstring."""
    source = Path(path)
    _check_file(source)
    kind = fmt or detect_format(source)
    report = MergeReport()
    docs: dict[str, Any] = {}
    try:
        with store.write() as conn:
            for where, rec in read_records(source, kind, raw):
                try:
                    if isinstance(rec, Exception):
                        raise _Skip(str(rec))
                    _merge_one(conn, *_prepare(conn, rec, docs, kind == "csv"), report)
                except _Skip as exc:
                    report.skipped.append(f"{source}: {where}: {exc}")
    except UnicodeDecodeError:
        raise GlossError(f"{source}: not UTF-8 text") from None
    except csv.Error as exc:
        raise GlossError(f"{source}: not valid CSV ({exc})") from None
    except OSError as exc:
        raise GlossError(f"{source}: cannot read ({exc.strerror or exc})") from None
    return report


def _check_file(source: Path) -> None:
    """Say precisely why a path is not a file to read (a folder, a device, missing...)."""
    try:
        info = os.stat(source)
    except FileNotFoundError:
        raise GlossError(f"{source}: no such file") from None
    except OSError as exc:
        raise GlossError(f"{source}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise GlossError(f"{source}: is a directory; give an exported file")
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
        raise GlossError(f"{source}: not a regular file ({kind}); save the export to a file")


def _merge_one(conn: Any, incoming: Annotation, how: str, report: MergeReport) -> None:
    local = fetch_annotation(conn, incoming.id)
    if local is not None and local.document_id != incoming.document_id:
        raise _Skip(
            f"annotation {incoming.id} is on document {local.document_id} in this store and "
            f"on document {incoming.document_id} in the file; it is not moved"
        )
    if local is not None and local.as_dict() == incoming.as_dict():
        report.unchanged += 1
        return
    if local is None or when(incoming.updated) > when(local.updated):
        upsert_annotation(conn, incoming)
        if local is None:
            report.added += 1
        else:
            report.updated += 1
        if how:
            setattr(report, how, getattr(report, how) + 1)
    else:
        report.conflicts.append(
            f"annotation {incoming.id}: kept this store's version (updated {local.updated}); "
            f"the file's differs and is not newer (updated {incoming.updated})"
        )
