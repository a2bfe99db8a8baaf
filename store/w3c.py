"""Annotations as W3C Web Annotation JSON-LD (the model Hypothesis exports), both ways.

Why one JSON-LD ``AnnotationCollection`` (with one embedded ``AnnotationPage``) rather than one
annotation per line: it is a single valid JSON-LD document that Web Annotation tools load as
is. It is still written as a stream, one annotation per line, so it greps and diffs well.
The reader also accepts a JSON array of annotations, a bare page, and one annotation per line.

One annotation::

    {"id": "urn:uuid:<id>", "type": "Annotation", "motivation": "commenting",
     "created": "...", "modified": "...", "creator": {"type": "Person", "name": "ana"},
     "body": [{"type": "TextualBody", "purpose": "commenting", "value": "<note>",
               "format": "text/markdown"},
              {"type": "TextualBody", "purpose": "tagging", "value": "<tag>"}, ...],
     "target": {"source": "urn:sha256:<document sha256>",
                "selector": [{"type": "TextQuoteSelector", "exact": ..., "prefix": ...,
                              "suffix": ...},
                             {"type": "TextPositionSelector", "start": 0, "end": 5}]},
     "gloss:orphan": true}

A document-level annotation has no selector; ``creator`` is left out when there is no author;
``gloss:orphan`` only appears when true. Positions are Python str indices (code points), as
TextPositionSelector specifies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
GLOSS_NS = "urn:gloss:"
CONTEXT: list[Any] = [ANNO_CONTEXT, {"gloss": GLOSS_NS}]
SOURCE_PREFIX = "urn:sha256:"
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_ID_PREFIXES = ("urn:uuid:", "urn:gloss:annotation:")
SELECTORS = ("TextQuoteSelector", "TextPositionSelector")


def annotation_iri(ann_id: str) -> str:
    """A UUID becomes urn:uuid:...; any other gloss id urn:gloss:annotation:..."""
    return f"urn:uuid:{ann_id}" if _UUID.fullmatch(ann_id) else f"{_ID_PREFIXES[1]}{ann_id}"


def to_w3c(row: dict[str, Any]) -> dict[str, Any]:
    """One export row (the annotation columns; tags as a JSON array text or list) as W3C."""
    tags = row["tags"]
    tags = json.loads(tags) if isinstance(tags, str) else list(tags or [])
    body: list[dict[str, Any]] = []
    if row["note"]:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": row["note"],
                "format": "text/markdown",
            }
        )
    body.extend({"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in tags)
    target: dict[str, Any] = {"source": SOURCE_PREFIX + row["document_sha256"]}
    if row["start"] is not None:
        quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": row["quote"]}
        quote.update({k: row[k] for k in ("prefix", "suffix") if row[k]})
        position = {"type": "TextPositionSelector", "start": row["start"], "end": row["end"]}
        target["selector"] = [quote, position]
    motivation = "commenting" if row["note"] else "tagging" if tags else "highlighting"
    item: dict[str, Any] = {
        "id": annotation_iri(row["id"]),
        "type": "Annotation",
        "motivation": motivation,
        "created": row["created"],
        "modified": row["updated"],
    }
    if row["author"]:
        item["creator"] = {"type": "Person", "name": row["author"]}
    if body:
        item["body"] = body
    item["target"] = target
    if row["orphan"]:
        item["gloss:orphan"] = True
    return item


def write_collection(
    out: TextIO, names: list[str], total: int, batches: Iterable[list[tuple[Any, ...]]]
) -> int:
    """Stream an AnnotationCollection of export rows (columns ``names``); returns the count."""
    head = {"@context": CONTEXT, "type": "AnnotationCollection", "label": "gloss annotations"}
    out.write(json.dumps(head, ensure_ascii=False)[:-1])
    out.write(f', "total": {total}, "first": {{"type": "AnnotationPage", "startIndex": 0, ')
    out.write('"items": [\n')
    done = 0
    for batch in batches:
        for row in batch:
            item = to_w3c(dict(zip(names, row, strict=True)))
            out.write((",\n" if done else "") + json.dumps(item, ensure_ascii=False))
            done += 1
    out.write("\n]}}\n")
    return done


# -- reading -----------------------------------------------------------------------------------
def from_w3c(item: dict[str, Any]) -> dict[str, Any]:
    """One W3C annotation as a gloss record (export field names); ValueError when unusable."""
    if not isinstance(item, dict):
        raise ValueError("an annotation must be a JSON object")
    ident = item.get("id")
    if not isinstance(ident, str) or not ident:
        raise ValueError("annotation without an id (a string)")
    for prefix in _ID_PREFIXES:
        if ident.startswith(prefix):
            ident = ident[len(prefix) :]
            break
    target = item.get("target")
    if isinstance(target, list):
        if len(target) != 1:
            raise ValueError(f"annotation {ident}: gloss reads annotations with one target")
        target = target[0]
    source = target.get("source") if isinstance(target, dict) else target
    source = source.get("id") if isinstance(source, dict) else source
    if not isinstance(source, str) or not source.startswith(SOURCE_PREFIX):
        raise ValueError(f"annotation {ident}: target {str(source)[:80]!r} is not a gloss document")
    record: dict[str, Any] = {
        "id": ident,
        "document_sha256": source[len(SOURCE_PREFIX) :],
        "start": None,
        "end": None,
        "quote": "",
        "prefix": "",
        "suffix": "",
    }
    selectors = target.get("selector", []) if isinstance(target, dict) else []
    selectors = selectors if isinstance(selectors, list) else [selectors]
    for sel in selectors:
        if not isinstance(sel, dict):
            raise ValueError(f"annotation {ident}: a selector must be an object")
        kind = sel.get("type")
        if "refinedBy" in sel:
            raise ValueError(f"annotation {ident}: refined selectors are not supported")
        if kind == "TextQuoteSelector":
            record["quote"] = sel.get("exact")
            record["prefix"] = sel.get("prefix")
            record["suffix"] = sel.get("suffix")
        elif kind == "TextPositionSelector":
            record["start"], record["end"] = sel.get("start"), sel.get("end")
    kinds = [sel.get("type") for sel in selectors]
    if selectors and not set(kinds) & set(SELECTORS):
        raise ValueError(
            f"annotation {ident}: selector {', '.join(map(str, kinds))} is not supported "
            f"(gloss reads {' and '.join(SELECTORS)})"
        )
    bodies = item.get("body", [])
    bodies = bodies if isinstance(bodies, list) else [bodies]
    notes: list[str] = []
    tags: list[Any] = []
    for body in bodies:
        if not isinstance(body, dict):
            raise ValueError(
                f"annotation {ident}: body {str(body)[:40]!r} is a link to another resource; "
                "gloss reads text bodies (TextualBody)"
            )
        if not isinstance(body.get("value"), str):
            raise ValueError(f"annotation {ident}: a body without a text value")
        purpose = body.get("purpose") or item.get("motivation")
        if purpose == "tagging":
            tags.append(body["value"])
        else:
            notes.append(body["value"])
    creator = item.get("creator")
    author = creator.get("name") if isinstance(creator, dict) else creator
    created = item.get("created")
    record |= {
        "tags": tags,
        "note": "\n\n".join(notes),
        "author": author,
        "created": created,
        "updated": item.get("modified") or created,
        "orphan": item.get("gloss:orphan", False),
    }
    return record


def read_w3c(path: Path) -> Iterator[dict[str, Any]]:
    """The annotations in a W3C file (collection, page, array, one object, or one per line)."""
    raw = path.read_text(encoding="utf-8-sig")
    try:
        data: Any = json.loads(raw)
    except json.JSONDecodeError:
        data = None
    if data is None:  # JSON Lines: one annotation per line
        for number, line in enumerate(raw.splitlines(), 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"line {number}: not JSON ({exc.msg})") from None
        return
    if isinstance(data, dict) and isinstance(data.get("first"), dict):
        data = data["first"]
    if isinstance(data, dict) and "items" in data:
        data = data["items"]
    yield from data if isinstance(data, list) else [data]
