"""Documents in the store: add or update one, find one by id or sha256 prefix, list them.

A document's key is the sha256 of its normalised text, so the same content is stored once
whatever its path. Re-importing a path whose text changed updates that document in place
(same id, so tags and notes stay attached; re-anchoring them is the annotations module's job).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from gloss.store.db import Store
from gloss.store.errors import NotFoundError

Outcome = Literal["imported", "updated", "unchanged"]


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata found in a document's text (see store.metadata)."""

    title: str = ""
    title_span: tuple[int, int] | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None  # YYYY-MM-DD
    boilerplate: list[tuple[int, int]] = field(default_factory=list)


def now_iso() -> str:
    """The current UTC time as ISO 8601 with seconds, e.g. 2026-11-23T10:00:00Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def text_sha256(text: str) -> str:
    """The document key: sha256 of the normalised text encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def count_words(text: str) -> int:
    """Whitespace-separated tokens, as wc -w counts them."""
    return len(text.split())  # str.split is 10x faster than a regex scan for the same tokens


def save_document(
    conn: sqlite3.Connection,
    text: str,
    path: str | None,
    meta: DocumentMeta,
    path_key: bytes | None = None,
) -> tuple[Outcome, int]:
    """Insert or update one document inside the caller's write transaction.

    Same text already stored: ``unchanged``. A document from the same file with other text:
    ``updated`` (keeps its id; analysis rows are dropped so they are recomputed). Else
    ``imported``. The file is recognised by ``path_key``, the exact bytes of its path
    (default: ``path`` as UTF-8); ``path`` is what is shown.
    """
    if path_key is None and path is not None:
        path_key = path.encode("utf-8")
    sha = text_sha256(text)
    found = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha,)).fetchone()
    if found is not None:
        return "unchanged", int(found[0])
    stamp = now_iso()
    values = {
        "sha256": sha,
        "path": path,
        "path_key": path_key,
        "title": meta.title,
        "outlet": meta.outlet,
        "byline": meta.byline,
        "published": meta.published,
        "text": text,
        "words": count_words(text),
        "title_start": meta.title_span[0] if meta.title_span else None,
        "title_end": meta.title_span[1] if meta.title_span else None,
        "boilerplate": json.dumps([list(span) for span in meta.boilerplate]),
        "updated": stamp,
    }
    previous = None
    if path_key is not None:
        previous = conn.execute(
            "SELECT id FROM documents WHERE path_key = ? ORDER BY id DESC LIMIT 1", (path_key,)
        ).fetchone()
    if previous is not None:
        doc_id = int(previous[0])
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        conn.execute(
            f"UPDATE documents SET {assignments}, engine = NULL, engine_version = NULL "
            "WHERE id = :id",
            {**values, "id": doc_id},
        )
        conn.execute("DELETE FROM entities WHERE document_id = ?", (doc_id,))
        conn.execute("DELETE FROM claims WHERE document_id = ?", (doc_id,))
        from gloss.store.annotations import reanchor  # here: annotations imports this module

        reanchor(conn, doc_id, text, sha)
        return "updated", doc_id
    names = ", ".join(values)
    placeholders = ", ".join(f":{name}" for name in values)
    cur = conn.execute(
        f"INSERT INTO documents ({names}, imported) VALUES ({placeholders}, :imported)",
        {**values, "imported": stamp},
    )
    return "imported", int(cur.lastrowid or 0)


def resolve_document(store: Store, ref: str | int) -> int:
    """Turn a user's document reference (numeric id or sha256 prefix) into an id."""
    text = str(ref).strip()
    if text.isdigit():
        found = store.scalar("SELECT id FROM documents WHERE id = ?", (int(text),))
        if found is not None:
            return int(found)
    if re.fullmatch(r"[0-9a-fA-F]{4,64}", text):
        matches = store.rows(
            "SELECT id FROM documents WHERE sha256 >= ? AND sha256 < ? LIMIT 2",
            (text.lower(), text.lower() + "g"),
        )
        if len(matches) == 1:
            return int(matches[0]["id"])
        if len(matches) > 1:
            raise NotFoundError(f"document {text!r} is ambiguous: give more of the sha256")
    raise NotFoundError(f"no document {text!r} (give a numeric id or a sha256 prefix)")


_COUNTS = """
    (SELECT count(*) FROM entities e WHERE e.document_id = d.id) AS entities,
    (SELECT count(*) FROM claims c WHERE c.document_id = d.id) AS claims,
    (SELECT count(*) FROM annotations a WHERE a.document_id = d.id) AS annotations
"""


def get_document(store: Store, doc_id: int) -> dict[str, Any]:
    """One document with all its columns and counts (raises NotFoundError)."""
    row = store.row(f"SELECT d.*, {_COUNTS} FROM documents d WHERE d.id = ?", (doc_id,))
    if row is None:
        raise NotFoundError(f"no document {doc_id}")
    row["boilerplate"] = [tuple(span) for span in json.loads(row["boilerplate"] or "[]")]
    return row


def list_documents(store: Store, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Documents newest first (undated last, the last imported first), with the columns
    `gloss list --json` prints (stable names: id, sha256, title, outlet, byline, published,
    path, words, entities, claims, annotations, engine: the engine that analysed it, null
    while it waits)."""
    sql = (
        "SELECT d.id, d.sha256, d.title, d.outlet, d.byline, d.published, d.path, d.words, "
        f"{_COUNTS}, d.engine FROM documents d "
        "ORDER BY d.published IS NULL, d.published DESC, d.id DESC"
    )
    params: list[Any] = []
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [limit, offset]
    return store.rows(sql, params)


def document_fingerprint(store: Store, document_id: int) -> tuple[Any, ...] | None:
    """What a reader of the document shows that other programs may change: its text's
    version, its analysis, its claims' speakers, clusters and how many documents share each,
    its annotations, the corrections made. Cheap (one document's rows), so the reader can
    ask every few seconds whether to load the document again."""
    rows = store.rows(
        "SELECT d.updated, d.engine_version, "
        "(SELECT group_concat(c.id || ':' || coalesce(c.speaker, '') || ':' || "
        "coalesce(c.cluster, '') || ':' || (SELECT count(DISTINCT o.document_id) FROM claims o "
        "WHERE o.cluster = c.cluster), ',') FROM claims c WHERE c.document_id = d.id), "
        "(SELECT count(*) || ':' || coalesce(max(a.updated), '') FROM annotations a "
        "WHERE a.document_id = d.id), (SELECT max(id) FROM corrections) "
        "FROM documents d WHERE d.id = ?",
        (document_id,),
    )
    return tuple(rows[0].values()) if rows else None


def document_count(store: Store) -> int:
    """How many documents the store holds."""
    return int(store.scalar("SELECT count(*) FROM documents") or 0)


def set_read(store: Store, doc_id: int, read: bool) -> None:
    """Mark a document read (now, unless it already was) or unread (no read_at)."""
    with store.write() as conn:
        if read:
            conn.execute(
                "UPDATE documents SET read_at = ? WHERE id = ? AND read_at IS NULL",
                (now_iso(), doc_id),
            )
        else:
            conn.execute("UPDATE documents SET read_at = NULL WHERE id = ?", (doc_id,))


def fields_in_use(store: Store) -> set[str]:
    """Which of the optional fields "outlet" and "published" any document has: the library
    gives a column that is empty for the whole store to the titles. Reads only one end of
    each field's index, so it costs nothing on a big store."""
    row = store.row(
        "SELECT (SELECT max(outlet) FROM documents) AS outlet, "
        "(SELECT max(published) FROM documents) AS published"
    )
    return {name for name, value in (row or {}).items() if value}
