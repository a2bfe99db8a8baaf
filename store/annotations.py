"""Annotations: tags and notes on a span or a whole document, with undo/redo and re-anchoring.

Every change is one transaction and is logged in ``annotation_history`` as a before/after
snapshot, so undo and redo work per document and survive a restart. Field names of
:meth:`Annotation.as_dict` are stable: ``gloss annotations --json`` and the exports use them.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from gloss.store.anchoring import anchor, selector
from gloss.store.db import Store
from gloss.store.documents import now_iso
from gloss.store.errors import GlossError, NotFoundError
from gloss.store.text_safety import has_unsafe
from gloss.store.wording import ordinal

MAX_TAG_LENGTH = 500
MAX_NOTE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Annotation:
    """One annotation as stored, with its tag names sorted."""

    id: str
    document_id: int
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
    text_sha256: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON shape (tags as a list; text_sha256 left out)."""
        data = asdict(self)
        data.pop("text_sha256")
        data["tags"] = list(self.tags)
        return data


def clean_tag(name: str) -> str:
    """Validate a tag name: trimmed, not empty, no control characters, not absurdly long."""
    tag = name.strip()
    if not tag:
        raise GlossError("a tag cannot be empty")
    if has_unsafe(tag):
        raise GlossError(
            f"tag {tag!r} contains control characters (newlines, escapes, direction overrides)"
        )
    if len(tag) > MAX_TAG_LENGTH:
        raise GlossError(f"a tag is at most {MAX_TAG_LENGTH} characters (this one: {len(tag)})")
    return tag


def _check_note(note: str) -> str:
    if len(note.encode("utf-8")) > MAX_NOTE_BYTES:
        raise GlossError(f"a note is at most {MAX_NOTE_BYTES // (1024 * 1024)} MB")
    return note


# -- reading -----------------------------------------------------------------------------------
_SELECT = """
    SELECT a.*, (SELECT json_group_array(name) FROM (
        SELECT t.name FROM annotation_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.annotation_id = a.id ORDER BY t.name)) AS tag_names
    FROM annotations a
"""


def _from_row(row: dict[str, Any]) -> Annotation:
    return Annotation(
        id=row["id"],
        document_id=int(row["document_id"]),
        start=row["start"],
        end=row["end"],
        quote=row["quote"],
        prefix=row["prefix"],
        suffix=row["suffix"],
        tags=tuple(json.loads(row["tag_names"] or "[]")),
        note=row["note"],
        author=row["author"],
        created=row["created"],
        updated=row["updated"],
        orphan=bool(row["orphan"]),
        text_sha256=row["text_sha256"],
    )


def _fetch(conn: sqlite3.Connection, ann_id: str) -> Annotation | None:
    cur = conn.execute(_SELECT + " WHERE a.id = ?", (ann_id,))
    row = cur.fetchone()
    if row is None:
        return None
    return _from_row(dict(zip([d[0] for d in cur.description], row, strict=True)))


def get_annotation(store: Store, ann_id: str) -> Annotation:
    """One annotation by id (raises NotFoundError)."""
    with store.lock:
        found = _fetch(store.conn, ann_id)
    if found is None:
        raise NotFoundError(f"no annotation {ann_id!r}")
    return found


def list_annotations(store: Store, doc_id: int | None = None) -> list[Annotation]:
    """Annotations of one document (or all), in text order; document-level ones first."""
    where, params = ("WHERE a.document_id = ?", (doc_id,)) if doc_id is not None else ("", ())
    rows = store.rows(
        f"{_SELECT} {where} ORDER BY a.document_id, a.start IS NOT NULL, a.start, a.end, a.created",
        params,
    )
    return [_from_row(row) for row in rows]


def list_tags(store: Store) -> list[dict[str, Any]]:
    """Every tag with its colour, pinned key and how many annotations carry it."""
    return store.rows(
        "SELECT t.name, t.color, t.pin_key, count(at.annotation_id) AS uses FROM tags t "
        "LEFT JOIN annotation_tags at ON at.tag_id = t.id GROUP BY t.id ORDER BY t.name"
    )


_COLOR = re.compile(r"#[0-9a-fA-F]{6}|[a-z][a-z_]*[0-9]*")
PIN_KEYS = tuple("123456789")


def pin_tag(store: Store, name: str, key: str | None) -> None:
    """Pin a tag to quick key '1'..'9' (taking the key from any other tag), or unpin (None).

    The tag is created when it does not exist yet. One transaction.
    """
    tag = clean_tag(name)
    if key is not None and key not in PIN_KEYS:
        raise GlossError(f"a pin key is one of 1-9, not {key!r}")
    with store.write() as conn:
        tag_id = _tag_id(conn, tag)
        if key is not None:
            conn.execute(
                "UPDATE tags SET pin_key = NULL WHERE pin_key = ? AND id != ?", (key, tag_id)
            )
        conn.execute("UPDATE tags SET pin_key = ? WHERE id = ?", (key, tag_id))


def set_tag_color(store: Store, name: str, color: str | None) -> None:
    """Give a tag a colour ('#rrggbb' or a colour name such as 'red'), or none (None).

    The tag is created when it does not exist yet. One transaction.
    """
    tag = clean_tag(name)
    if color is not None:
        color = color.strip().lower() or None
    if color is not None and not _COLOR.fullmatch(color):
        raise GlossError(f"colour {color!r} is neither #rrggbb nor a colour name")
    with store.write() as conn:
        conn.execute("UPDATE tags SET color = ? WHERE id = ?", (color, _tag_id(conn, tag)))


# -- snapshots and history ---------------------------------------------------------------------
def _snapshot(ann: Annotation | None) -> str | None:
    return None if ann is None else json.dumps(asdict(ann) | {"tags": list(ann.tags)})


def _tag_id(conn: sqlite3.Connection, name: str) -> int:
    conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
    return int(conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()[0])


def _write(conn: sqlite3.Connection, ann: Annotation) -> None:
    """Insert or replace the annotation row and its tag links."""
    values = asdict(ann)
    tags = values.pop("tags")
    values["orphan"] = int(ann.orphan)
    names = ", ".join(values)
    marks = ", ".join(f":{k}" for k in values)
    updates = ", ".join(f"{k} = excluded.{k}" for k in values if k != "id")
    conn.execute(
        f"INSERT INTO annotations ({names}) VALUES ({marks}) "
        f"ON CONFLICT(id) DO UPDATE SET {updates}",
        values,
    )
    conn.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", (ann.id,))
    for tag in tags:
        conn.execute(
            "INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
            (ann.id, _tag_id(conn, tag)),
        )


def fetch_annotation(conn: sqlite3.Connection, ann_id: str) -> Annotation | None:
    """One annotation inside the caller's transaction (None when absent); for merges."""
    return _fetch(conn, ann_id)


def upsert_annotation(conn: sqlite3.Connection, ann: Annotation, action: str = "import") -> None:
    """Write a whole annotation (insert or replace) inside the caller's transaction.

    For merges (import-annotations), where the caller has already chosen the winning version;
    the change is logged like any other, so undo in the reader stays consistent.
    """
    before = _fetch(conn, ann.id)
    _write(conn, ann)
    _log(conn, ann.document_id, ann.id, action, before, ann)


def _restore(conn: sqlite3.Connection, ann_id: str, snapshot: str | None) -> None:
    if snapshot is None:
        conn.execute("DELETE FROM annotations WHERE id = ?", (ann_id,))
        return
    data = json.loads(snapshot)
    data["tags"] = tuple(data["tags"])
    _write(conn, Annotation(**data))


def _log(
    conn: sqlite3.Connection,
    doc_id: int,
    ann_id: str,
    action: str,
    before: Annotation | None,
    after: Annotation | None,
) -> None:
    # A new change makes the undone steps of this document unreachable: drop them (no redo).
    conn.execute("DELETE FROM annotation_history WHERE document_id = ? AND undone = 1", (doc_id,))
    conn.execute(
        "INSERT INTO annotation_history "
        "(document_id, annotation_id, action, before, after, created) VALUES (?, ?, ?, ?, ?, ?)",
        (doc_id, ann_id, action, _snapshot(before), _snapshot(after), now_iso()),
    )


# -- changes -----------------------------------------------------------------------------------
def create_annotation(
    store: Store,
    doc_id: int,
    start: int | None = None,
    end: int | None = None,
    *,
    tags: list[str] | tuple[str, ...] = (),
    note: str = "",
    author: str = "",
    ann_id: str | None = None,
) -> Annotation:
    """Annotate text[start:end] of a document, or the whole document when start is None.

    Returns once the annotation is committed.
    """
    clean = tuple(sorted({clean_tag(t) for t in tags}))
    _check_note(note)
    with store.write() as conn:
        row = conn.execute("SELECT text, sha256 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no document {doc_id}")
        text, sha = row
        if (start is None) != (end is None):
            raise GlossError("give both start and end, or neither for a document annotation")
        quote = prefix = suffix = ""
        if start is not None and end is not None:
            if not 0 <= start < end <= len(text):
                raise GlossError(
                    f"span {start}-{end} is outside the document (0-{len(text)}) or empty"
                )
            quote, prefix, suffix = selector(text, start, end)
        stamp = now_iso()
        ann = Annotation(
            id=ann_id or str(uuid.uuid4()),
            document_id=doc_id,
            start=start,
            end=end,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            tags=clean,
            note=note,
            author=author,
            created=stamp,
            updated=stamp,
            orphan=False,
            text_sha256=sha,
        )
        _write(conn, ann)
        _log(conn, doc_id, ann.id, "create", None, ann)
    return ann


def update_annotation(
    store: Store,
    ann_id: str,
    *,
    note: str | None = None,
    tags: list[str] | tuple[str, ...] | None = None,
    add_tags: list[str] | tuple[str, ...] = (),
    remove_tags: list[str] | tuple[str, ...] = (),
) -> Annotation:
    """Change an annotation's note and/or tags (one transaction, one undo step)."""
    with store.write() as conn:
        before = _fetch(conn, ann_id)
        if before is None:
            raise NotFoundError(f"no annotation {ann_id!r}")
        new_tags = set(before.tags) if tags is None else {clean_tag(t) for t in tags}
        new_tags |= {clean_tag(t) for t in add_tags}
        new_tags -= {t.strip() for t in remove_tags}
        new_note = before.note if note is None else _check_note(note)
        after = Annotation(
            **(
                asdict(before)
                | {"tags": tuple(sorted(new_tags)), "note": new_note, "updated": now_iso()}
            )
        )
        if after.tags == before.tags and after.note == before.note:
            return before
        _write(conn, after)
        action = "edit" if new_note != before.note else "tag"
        _log(conn, before.document_id, ann_id, action, before, after)
    return after


def delete_annotation(store: Store, ann_id: str) -> Annotation:
    """Delete an annotation (undoable); returns what was deleted."""
    with store.write() as conn:
        before = _fetch(conn, ann_id)
        if before is None:
            raise NotFoundError(f"no annotation {ann_id!r}")
        conn.execute("DELETE FROM annotations WHERE id = ?", (ann_id,))
        _log(conn, before.document_id, ann_id, "delete", before, None)
    return before


def _replay(store: Store, doc_id: int, *, forward: bool) -> str | None:
    """Apply one history step: the newest not-undone one backwards (undo), or the oldest
    undone one forwards (redo). Returns its annotation id, or None when there is none."""
    snapshot, undone, order = ("after", 1, "ASC") if forward else ("before", 0, "DESC")
    with store.write() as conn:
        step = conn.execute(
            f"SELECT id, annotation_id, {snapshot} FROM annotation_history "
            f"WHERE document_id = ? AND undone = ? ORDER BY id {order} LIMIT 1",
            (doc_id, undone),
        ).fetchone()
        if step is None:
            return None
        _restore(conn, step[1], step[2])
        conn.execute("UPDATE annotation_history SET undone = ? WHERE id = ?", (1 - undone, step[0]))
    return str(step[1])


def undo(store: Store, doc_id: int) -> str | None:
    """Undo the newest change in this document; returns its annotation id, or None."""
    return _replay(store, doc_id, forward=False)


def redo(store: Store, doc_id: int) -> str | None:
    """Redo the oldest undone change in this document; returns its annotation id, or None."""
    return _replay(store, doc_id, forward=True)


def find_quote(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """The span of the K-th (1-based) exact occurrence of quote in text."""
    if not quote:
        raise GlossError("the quote is empty")
    at = -1
    for _ in range(max(1, occurrence)):
        at = text.find(quote, at + 1)
        if at == -1:
            if occurrence <= 1:
                raise GlossError(f"quote {quote[:40]!r} does not occur in the document")
            raise GlossError(
                f"quote {quote[:40]!r} has no {ordinal(occurrence)} occurrence in the document"
            )
    return at, at + len(quote)


def reanchor(conn: sqlite3.Connection, doc_id: int, text: str, sha: str) -> dict[str, int]:
    """After a document's text changed: move its annotations, orphan the ones that are lost.

    Runs inside the caller's transaction (the re-import). Returns counts per outcome.
    """
    counts = {"kept": 0, "moved": 0, "orphaned": 0}
    cur = conn.execute(
        "SELECT id, start, end, quote, prefix, suffix FROM annotations "
        "WHERE document_id = ? AND start IS NOT NULL AND orphan = 0",
        (doc_id,),
    )
    for ann_id, start, end, quote, prefix, suffix in cur.fetchall():
        found = anchor(text, quote, prefix, suffix, hint=start)
        if found is None:
            conn.execute(
                "UPDATE annotations SET orphan = 1, text_sha256 = ? WHERE id = ?", (sha, ann_id)
            )
            counts["orphaned"] += 1
            continue
        new_start, new_end = found
        new_quote, new_prefix, new_suffix = selector(text, new_start, new_end)
        conn.execute(
            "UPDATE annotations SET start = ?, end = ?, quote = ?, prefix = ?, suffix = ?, "
            "text_sha256 = ? WHERE id = ?",
            (new_start, new_end, new_quote, new_prefix, new_suffix, sha, ann_id),
        )
        counts["kept" if (new_start, new_end) == (start, end) else "moved"] += 1
    conn.execute(
        "UPDATE annotations SET text_sha256 = ? WHERE document_id = ? AND start IS NULL",
        (sha, doc_id),
    )
    # Old snapshots hold offsets into the old text: undoing them now would misplace spans.
    conn.execute("DELETE FROM annotation_history WHERE document_id = ?", (doc_id,))
    return counts
