"""import-annotations checks every field: nothing coerced, nothing moved, line numbers given.

Issue 14, items 2 (moves and coercions), 7 (deeply nested JSON), 8 (a folder, FIFO or device
is not "no such file") and 9 (gloss's own CSV with a note over 131,072 characters).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from gloss.store import GlossError
from gloss.store.annotation_merge import import_annotations
from gloss.store.annotations import create_annotation, list_annotations
from gloss.store.export import export_file
from tests.store.annotated_source import TEXTS, jsonl_of, make_store, snapshot


def base_record(store) -> dict:
    return json.loads(jsonl_of(store).splitlines()[0])


def jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


COERCED = {
    "tags: a list of objects": {"tags": [{"a": 1}]},
    "tags: a string": {"tags": "a, b"},
    "note: a list": {"note": ["a", "b"]},
    "note: a number": {"note": 5},
    "orphan: a string": {"orphan": "yes"},
    "orphan: a number": {"orphan": 1},
    "start: a string": {"start": "5", "end": 9},
    "start: a float": {"start": 5.0, "end": 9},
    "start: true": {"start": True, "end": 9},
    "start: negative": {"start": -1, "end": 9},
    "start: huge": {"start": 10**30, "end": 10**30 + 1},
    "start after end": {"start": 9, "end": 5},
    "start without end": {"start": 5, "end": None},
    "id: a number": {"id": 12345},
    "id: a control character": {"id": "a\x1b[31mb"},
    "sha256: not hex": {"document_sha256": "z" * 64},
    "author: an object": {"author": {"name": "x"}},
    "quote: a number": {"quote": 3},
    "created: not a time": {"created": "yesterday"},
    "updated: a number": {"updated": 20240101},
    "a lone surrogate": {"note": "\ud800"},
    "offsets far outside, quote absent": {
        "start": 10_000_000,
        "end": 10_000_005,
        "quote": "words that are nowhere",
        "prefix": "",
        "suffix": "",
    },
}


@pytest.mark.parametrize("case", COERCED)
def test_a_field_that_does_not_fit_refuses_the_record_with_its_line(source, tmp_path, case):
    before = snapshot(source)
    good = base_record(source) | {"id": "fine-one"}
    bad = base_record(source) | {"id": "bad-one"} | COERCED[case]
    report = import_annotations(source, jsonl(tmp_path / "x.jsonl", [good, bad]))
    assert report.added == 1 and len(report.skipped) == 1, report.skipped
    assert ": line 2: " in report.skipped[0]
    after = {a["id"]: a for a in snapshot(source)}
    assert "bad-one" not in after and "fine-one" in after
    assert len(after) == len(before) + 1


def test_an_annotation_is_never_moved_to_another_document(source, tmp_path):
    ann = next(a for a in list_annotations(source) if a.document_id == 1 and a.start is None)
    record = next(json.loads(line) for line in jsonl_of(source).splitlines() if ann.id in line)
    other_sha = source.scalar("SELECT sha256 FROM documents WHERE id = 2")
    moved = record | {"document_sha256": other_sha, "updated": "2099-01-01T00:00:00Z"}
    report = import_annotations(source, jsonl(tmp_path / "m.jsonl", [moved]))
    assert (report.added, report.updated) == (0, 0)
    assert "it is not moved" in report.skipped[0] and "line 1" in report.skipped[0]
    assert next(a for a in list_annotations(source) if a.id == ann.id).document_id == 1


def w3c_item(source, **changes) -> dict:
    sha = source.scalar("SELECT sha256 FROM documents WHERE id = 1")
    item = {
        "id": "urn:uuid:00000000-0000-0000-0000-00000000000a",
        "type": "Annotation",
        "created": "2024-01-01T00:00:00Z",
        "body": [{"type": "TextualBody", "value": "a note", "purpose": "commenting"}],
        "target": {
            "source": f"urn:sha256:{sha}",
            "selector": [{"type": "TextQuoteSelector", "exact": "troubling"}],
        },
    }
    return item | changes


@pytest.mark.parametrize(
    "changes, reason",
    [
        (
            {"target": {"source": "urn:sha256:" + "0" * 64, "selector": {"type": "RangeSelector"}}},
            "RangeSelector is not supported",
        ),
        ({"body": "a note that is a link"}, "is a link to another resource"),
        ({"body": {"type": "SpecificResource", "source": "x"}}, "without a text value"),
        ({"id": 7}, "without an id"),
        ({"target": 5}, "is not a gloss document"),
        ({"gloss:orphan": "yes"}, "orphan must be true or false"),
    ],
)
def test_w3c_annotations_that_gloss_cannot_hold_are_refused(source, tmp_path, changes, reason):
    before = snapshot(source)
    if "target" in changes and isinstance(changes["target"], dict):
        sha = source.scalar("SELECT sha256 FROM documents WHERE id = 1")
        changes["target"]["source"] = f"urn:sha256:{sha}"
    path = tmp_path / "w.jsonld"
    path.write_text(json.dumps([w3c_item(source, **changes)]), encoding="utf-8")
    report = import_annotations(source, path)
    assert report.added == 0 and len(report.skipped) == 1
    assert reason in report.skipped[0] and "annotation 1" in report.skipped[0]
    assert snapshot(source) == before


def test_a_w3c_position_without_a_quote_is_used_as_given(source, tmp_path):
    selector = [{"type": "TextPositionSelector", "start": 0, "end": 5}]
    sha = source.scalar("SELECT sha256 FROM documents WHERE id = 1")
    item = w3c_item(source, target={"source": f"urn:sha256:{sha}", "selector": selector})
    path = tmp_path / "w.jsonld"
    path.write_text(json.dumps(item), encoding="utf-8")
    assert import_annotations(source, path).added == 1
    stored = next(a for a in list_annotations(source) if a.id.endswith("00a"))
    assert (stored.start, stored.end, stored.quote) == (0, 5, TEXTS[0][0][:5])


@pytest.mark.parametrize("fmt", ["jsonl", "w3c"])
def test_deeply_nested_json_is_a_clear_error(source, tmp_path, fmt):
    before = snapshot(source)
    path = tmp_path / ("deep.jsonl" if fmt == "jsonl" else "deep.jsonld")
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(GlossError, match="nested too deeply"):
        import_annotations(source, path, fmt=fmt)
    assert snapshot(source) == before


def test_a_folder_fifo_or_device_is_named_as_such(source, tmp_path):
    os.mkfifo(tmp_path / "pipe.jsonl")
    cases = {
        tmp_path: "is a directory",
        tmp_path / "pipe.jsonl": "not a regular file (a FIFO)",
        tmp_path / "missing.jsonl": "no such file",
    }
    try:
        os.mknod(tmp_path / "zero", stat.S_IFCHR | 0o666, os.makedev(1, 5))  # like /dev/zero
        cases[tmp_path / "zero"] = "not a regular file (a device or socket)"
    except OSError:
        pass  # no device nodes here: the FIFO covers the case
    for path, reason in cases.items():
        with pytest.raises(GlossError, match=reason.replace("(", r"\(").replace(")", r"\)")):
            import_annotations(source, path)


def test_gloss_reimports_its_own_csv_with_a_note_over_the_csv_field_limit(tmp_path):
    first = make_store(tmp_path / "a.db")
    big = "A long note. " * 20_000  # 260,000 characters: twice Python's default csv limit
    for _ in range(3):
        create_annotation(first, 1, 0, 5, note=big, tags=["long"])
    out = tmp_path / "a.csv"
    export_file(first, out)
    second = make_store(tmp_path / "b.db")
    report = import_annotations(second, out)
    assert (report.added, report.skipped) == (3, [])
    assert snapshot(second) == snapshot(first)
