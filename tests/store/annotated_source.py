"""Shared data for the export and annotation-import tests: two documents, six annotations."""

from __future__ import annotations

import io
from pathlib import Path

from gloss.store import open_store
from gloss.store.annotations import list_annotations
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.export import write_export

TEXTS = [
    (
        "Kirby said on Friday that North Korea had delivered arms.\n\n"
        'Kirby said it was troubling 😀, and "serious".',
        DocumentMeta(title='=Kirby, "quoted"', outlet="The Hill", published="2023-10-13"),
    ),
    (
        "A second article, about Seoul.\nIt says nothing of Kirby at all; really.",
        DocumentMeta(title="Second", outlet="Reuters"),
    ),
]
NOTES = [
    "line one\nline two\r\nline three",
    'commas, "quotes", and emoji 🦀🇺🇦',
    '=HYPERLINK("http://evil")',
    "-5 is not a formula",
    "",
]
TAGS = [["needs, source", "a; b\\c"], ["@mention", "+plus"], [], ["🏷 tag"], ["x"]]


def make_store(path: Path):
    store = open_store(path)
    with store.write() as conn:
        for text, meta in TEXTS:
            save_document(conn, text, None, meta)
    return store


def snapshot(store) -> list[dict]:
    """Annotations keyed by document sha256 (ids of documents differ between stores)."""
    shas = {r["id"]: r["sha256"] for r in store.rows("SELECT id, sha256 FROM documents")}
    rows = []
    for ann in list_annotations(store):
        data = ann.as_dict()
        data["document_id"] = shas[data["document_id"]]
        rows.append(data)
    return sorted(rows, key=lambda r: r["id"])


def history_rows(store) -> int:
    return int(store.scalar("SELECT count(*) FROM annotation_history"))


def jsonl_of(store) -> str:
    """The JSONL export of document 1's annotations."""
    buffer = io.BytesIO()
    write_export(store, buffer, fmt="jsonl", flt="id:1")
    return buffer.getvalue().decode("utf-8")
