"""The merge import of annotations: conflicts, re-anchoring, undo, bad records, atomicity."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gloss.store import GlossError, open_store
from gloss.store.annotation_merge import import_annotations
from gloss.store.annotations import create_annotation, list_annotations, undo, update_annotation
from gloss.store.documents import save_document
from gloss.store.export import export_file
from tests.store.annotated_source import NOTES, TEXTS, jsonl_of, snapshot

cell_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
tag_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)


def writejsonl_of(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_conflicts_are_resolved_by_the_newer_updated_time(source, tmp_path):
    ann = next(a for a in list_annotations(source) if a.note == NOTES[1])
    record = json.loads(next(line for line in jsonl_of(source).splitlines() if ann.id in line))
    newer = record | {"note": "theirs, newer", "updated": "2099-01-01T00:00:00Z"}
    older = record | {"note": "theirs, older", "updated": "2000-01-01T00:00:00Z"}
    report = import_annotations(source, writejsonl_of(tmp_path / "older.jsonl", [older]))
    assert (report.updated, len(report.conflicts)) == (0, 1)
    assert ann.id in report.conflicts[0]
    assert next(a for a in list_annotations(source) if a.id == ann.id).note == NOTES[1]
    report = import_annotations(source, writejsonl_of(tmp_path / "newer.jsonl", [newer]))
    assert (report.updated, report.conflicts) == (1, [])
    stored = next(a for a in list_annotations(source) if a.id == ann.id)
    assert (stored.note, stored.updated) == ("theirs, newer", "2099-01-01T00:00:00Z")
    # Our own later edit beats the file's version from before it.
    update_annotation(source, ann.id, note="mine, edited now")
    report = import_annotations(source, writejsonl_of(tmp_path / "older2.jsonl", [older]))
    assert len(report.conflicts) == 1


def test_offsets_that_do_not_fit_are_reanchored_by_quote_or_orphaned(source, tmp_path):
    text = TEXTS[0][0]
    at = text.index("troubling")
    base = json.loads(jsonl_of(source).splitlines()[0])
    moved = base | {
        "id": "moved",
        "start": at + 3,
        "end": at + 12,
        "quote": "troubling",
        "prefix": text[at - 32 : at],
        "suffix": text[at + 9 : at + 41],
    }
    lost = base | {
        "id": "lost",
        "start": 1,
        "end": 4,
        "quote": "absent words",
        "prefix": "",
        "suffix": "",
    }
    report = import_annotations(source, writejsonl_of(tmp_path / "r.jsonl", [moved, lost]))
    assert (report.added, report.reanchored, report.orphaned) == (2, 1, 1)
    by_id = {a.id: a for a in list_annotations(source)}
    assert (by_id["moved"].start, by_id["moved"].end, by_id["moved"].orphan) == (at, at + 9, False)
    assert by_id["lost"].orphan
    again = import_annotations(source, tmp_path / "r.jsonl")
    assert (again.unchanged, again.reanchored) == (2, 0)


def test_an_import_is_undoable_like_any_edit(source, tmp_path):
    ann = next(a for a in list_annotations(source) if a.note == NOTES[1])
    record = json.loads(next(line for line in jsonl_of(source).splitlines() if ann.id in line))
    newer = record | {"note": "theirs", "updated": "2099-01-01T00:00:00Z"}
    import_annotations(source, writejsonl_of(tmp_path / "n.jsonl", [newer]))
    assert undo(source, ann.document_id) == ann.id
    assert next(a for a in list_annotations(source) if a.id == ann.id).note == NOTES[1]


def test_unknown_documents_and_bad_records_are_skipped_and_reported(source, tmp_path):
    base = json.loads(jsonl_of(source).splitlines()[0])
    records = [
        base | {"id": "u1", "document_sha256": "f" * 64},
        base | {"id": "t1", "tags": ["bad\ntag"]},
        base | {"id": "ok1"},
    ]
    report = import_annotations(source, writejsonl_of(tmp_path / "s.jsonl", records))
    assert report.added == 1 and len(report.skipped) == 2
    assert "unknown document ffffffffffff" in report.skipped[0]
    assert "control characters" in report.skipped[1]


def test_a_file_that_breaks_half_way_leaves_the_store_unchanged(source, tmp_path):
    before = snapshot(source)
    good = json.loads(jsonl_of(source).splitlines()[0]) | {"id": "new-one"}
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(GlossError, match="line 2 is not JSON"):
        import_annotations(source, path)
    assert snapshot(source) == before


def test_csv_without_gloss_columns_is_refused(source, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(GlossError, match="not a gloss annotations export"):
        import_annotations(source, path)


def test_w3c_reader_takes_arrays_lines_and_quote_only_selectors(source, tmp_path):
    text = TEXTS[0][0]
    sha = source.scalar("SELECT sha256 FROM documents WHERE id = 1")
    item = {
        "id": "https://example.org/anno/1",
        "type": "Annotation",
        "created": "2024-01-01T00:00:00Z",
        "body": [
            {"type": "TextualBody", "value": "hi", "purpose": "commenting"},
            {"type": "TextualBody", "value": "t1", "purpose": "tagging"},
        ],
        "target": {
            "source": f"urn:sha256:{sha}",
            "selector": {"type": "TextQuoteSelector", "exact": "said it was troubling"},
        },
    }
    as_array = tmp_path / "array.json"
    as_array.write_text(json.dumps([item]), encoding="utf-8")
    report = import_annotations(source, as_array)
    assert (report.added, report.reanchored) == (1, 1)
    stored = next(a for a in list_annotations(source) if a.id == item["id"])
    at = text.index("said it was troubling")
    assert (stored.start, stored.end, stored.tags, stored.note) == (at, at + 21, ("t1",), "hi")
    assert stored.updated == "2024-01-01T00:00:00Z"  # no `modified`: created stands in
    other = item | {"id": "urn:uuid:00000000-0000-0000-0000-000000000001"}
    as_lines = tmp_path / "lines.jsonld"
    as_lines.write_text(json.dumps(other) + "\n" + json.dumps(item) + "\n", encoding="utf-8")
    report = import_annotations(source, as_lines)
    assert (report.added, report.unchanged) == (1, 1)
    assert any(a.id == "00000000-0000-0000-0000-000000000001" for a in list_annotations(source))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    note=cell_text,
    author=cell_text,
    tags=st.lists(tag_text.map(str.strip).filter(bool), max_size=3),
    fmt=st.sampled_from(["csv", "jsonl", "w3c"]),
    excel=st.booleans(),
)
@example(note="'=1", author="'", tags=["'x", "\\;"], fmt="csv", excel=False)
@example(note="", author="target", tags=[], fmt="jsonl", excel=False)  # read as W3C once
def test_any_note_and_tags_survive_a_round_trip(note, author, tags, fmt, excel):
    stores = [open_store(":memory:"), open_store(":memory:")]
    for store in stores:
        with store.write() as conn:
            save_document(conn, TEXTS[0][0], None, TEXTS[0][1])
    create_annotation(stores[0], 1, 0, 5, tags=tags, note=note, author=author)
    create_annotation(stores[0], 1, tags=tags or ["t"], note=note, author=author)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"x.{fmt}"
        export_file(stores[0], out, fmt=fmt, excel=excel and fmt == "csv")
        report = import_annotations(stores[1], out)
        again = import_annotations(stores[1], out)
    assert report.added == 2 and not report.skipped
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert snapshot(stores[1]) == snapshot(stores[0])
    for store in stores:
        store.close()
