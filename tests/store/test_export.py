"""Export (CSV, JSONL, W3C) and the merge import: round trips, escaping, atomicity, conflicts."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from store import GlossError, open_store
from store import export as export_mod
from store.annotations import create_annotation, list_annotations, undo, update_annotation
from store.documents import DocumentMeta, save_document
from store.export import (
    FORMULA_CHARS,
    columns,
    export_file,
    join_list,
    split_list,
    write_export,
)
from store.merge import import_annotations

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


@pytest.fixture
def source(tmp_path):
    store = make_store(tmp_path / "a.db")
    text = TEXTS[0][0]
    spans = [(0, 5), (text.index("troubling"), text.index("troubling") + 9), (None, None)]
    for i, (note, tags) in enumerate(zip(NOTES, TAGS, strict=True)):
        start, end = spans[i % len(spans)]
        create_annotation(
            store,
            1 + i % 2 if start is None else 1,
            start,
            end,
            tags=tags,
            note=note,
            author="=ana" if i == 0 else "bo",
        )
    create_annotation(store, 2, 2, 8, tags=["x"], note="second doc")
    with store.write() as conn:  # one orphan, as a re-import that lost its quote leaves it
        conn.execute("UPDATE annotations SET orphan = 1 WHERE note = ?", ("second doc",))
    yield store
    store.close()


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


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "w3c"])
def test_round_trip_into_a_fresh_store_gives_identical_annotations(source, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    assert export_file(source, out, "annotations", fmt) == 6
    target = make_store(tmp_path / "b.db")
    report = import_annotations(target, out)
    assert (report.added, report.skipped, report.conflicts) == (6, [], [])
    assert snapshot(target) == snapshot(source)
    # Importing again changes nothing, not even the undo history.
    before = history_rows(target)
    again = import_annotations(target, out)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 6)
    assert history_rows(target) == before
    assert snapshot(target) == snapshot(source)
    target.close()


def test_csv_is_rfc4180_utf8_and_escapes_formulas(source, tmp_path):
    out = tmp_path / "a.csv"
    export_file(source, out)
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == columns("annotations")
    notes = {r["note"] for r in rows}
    assert "line one\nline two\r\nline three" in notes  # newlines survive inside a cell
    assert '\'=HYPERLINK("http://evil")' in notes
    assert "'-5 is not a formula" in notes
    assert {r["title"] for r in rows} == {'\'=Kirby, "quoted"', "Second"}
    tags = {r["tags"] for r in rows}
    assert "a\\; b\\\\c; needs, source" in tags  # sorted, ; and \ escaped
    assert "'+plus; @mention" in tags
    assert {r["author"] for r in rows} >= {"'=ana", "bo"}


def test_excel_option_adds_a_bom_and_raw_keeps_cells(source, tmp_path):
    out = tmp_path / "a.csv"
    export_file(source, out, excel=True, raw=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        notes = {r["note"] for r in csv.DictReader(handle)}
    assert '=HYPERLINK("http://evil")' in notes and "-5 is not a formula" in notes
    target = make_store(tmp_path / "b.db")
    assert import_annotations(target, out, raw=True).added == 6
    assert snapshot(target) == snapshot(source)


def test_jsonl_rows_use_the_annotations_json_field_names(source, tmp_path):
    out = tmp_path / "a.jsonl"
    export_file(source, out, fmt="jsonl")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    api = {a.id: a.as_dict() for a in list_annotations(source)}
    for row in rows:
        assert list(row) == columns("annotations")
        assert isinstance(row["tags"], list) and isinstance(row["orphan"], bool)
        assert {k: row[k] for k in api[row["id"]]} == api[row["id"]]
        assert row["document_sha256"] == source.scalar(
            "SELECT sha256 FROM documents WHERE id = ?", (row["document_id"],)
        )


def test_w3c_has_quote_and_position_selectors_and_tagging_bodies(source, tmp_path):
    out = tmp_path / "a.jsonld"
    export_file(source, out, fmt="w3c")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "AnnotationCollection" and data["total"] == 6
    items = data["first"]["items"]
    span = next(i for i in items if "selector" in i["target"] and i["body"][0]["value"] == NOTES[0])
    quote, position = span["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": TEXTS[0][0][:5],
        "suffix": TEXTS[0][0][5:37],
    }
    assert (position["start"], position["end"]) == (0, 5)
    purposes = [b["purpose"] for b in span["body"]]
    assert purposes == ["commenting", "tagging", "tagging"]
    assert span["id"].startswith("urn:uuid:") and span["target"]["source"].startswith("urn:sha256:")
    assert sum(1 for i in items if i.get("gloss:orphan")) == 1


def make_record(store, **changes) -> dict:
    base = json.loads(io.StringIO(_jsonl(store)).readline())
    return base | changes


def _jsonl(store) -> str:
    buffer = io.BytesIO()
    write_export(store, buffer, fmt="jsonl", flt="id:1")
    return buffer.getvalue().decode("utf-8")


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_conflicts_are_resolved_by_the_newer_updated_time(source, tmp_path):
    ann = next(a for a in list_annotations(source) if a.note == NOTES[1])
    record = json.loads(next(line for line in _jsonl(source).splitlines() if ann.id in line))
    newer = record | {"note": "theirs, newer", "updated": "2099-01-01T00:00:00Z"}
    older = record | {"note": "theirs, older", "updated": "2000-01-01T00:00:00Z"}
    report = import_annotations(source, write_jsonl(tmp_path / "older.jsonl", [older]))
    assert (report.updated, len(report.conflicts)) == (0, 1)
    assert ann.id in report.conflicts[0]
    assert next(a for a in list_annotations(source) if a.id == ann.id).note == NOTES[1]
    report = import_annotations(source, write_jsonl(tmp_path / "newer.jsonl", [newer]))
    assert (report.updated, report.conflicts) == (1, [])
    stored = next(a for a in list_annotations(source) if a.id == ann.id)
    assert (stored.note, stored.updated) == ("theirs, newer", "2099-01-01T00:00:00Z")
    # Our own later edit beats the file's version from before it.
    update_annotation(source, ann.id, note="mine, edited now")
    report = import_annotations(source, write_jsonl(tmp_path / "older2.jsonl", [older]))
    assert len(report.conflicts) == 1


def test_offsets_that_do_not_fit_are_reanchored_by_quote_or_orphaned(source, tmp_path):
    text = TEXTS[0][0]
    at = text.index("troubling")
    base = json.loads(_jsonl(source).splitlines()[0])
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
    report = import_annotations(source, write_jsonl(tmp_path / "r.jsonl", [moved, lost]))
    assert (report.added, report.reanchored, report.orphaned) == (2, 1, 1)
    by_id = {a.id: a for a in list_annotations(source)}
    assert (by_id["moved"].start, by_id["moved"].end, by_id["moved"].orphan) == (at, at + 9, False)
    assert by_id["lost"].orphan
    again = import_annotations(source, tmp_path / "r.jsonl")
    assert (again.unchanged, again.reanchored) == (2, 0)


def test_an_import_is_undoable_like_any_edit(source, tmp_path):
    ann = next(a for a in list_annotations(source) if a.note == NOTES[1])
    record = json.loads(next(line for line in _jsonl(source).splitlines() if ann.id in line))
    newer = record | {"note": "theirs", "updated": "2099-01-01T00:00:00Z"}
    import_annotations(source, write_jsonl(tmp_path / "n.jsonl", [newer]))
    assert undo(source, ann.document_id) == ann.id
    assert next(a for a in list_annotations(source) if a.id == ann.id).note == NOTES[1]


def test_unknown_documents_and_bad_records_are_skipped_and_reported(source, tmp_path):
    base = json.loads(_jsonl(source).splitlines()[0])
    records = [
        base | {"id": "u1", "document_sha256": "f" * 64},
        base | {"id": "t1", "tags": ["bad\ntag"]},
        base | {"id": "ok1"},
    ]
    report = import_annotations(source, write_jsonl(tmp_path / "s.jsonl", records))
    assert report.added == 1 and len(report.skipped) == 2
    assert "unknown document ffffffffffff" in report.skipped[0]
    assert "control characters" in report.skipped[1]


def test_a_file_that_breaks_half_way_leaves_the_store_unchanged(source, tmp_path):
    before = snapshot(source)
    good = json.loads(_jsonl(source).splitlines()[0]) | {"id": "new-one"}
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


class Boom(RuntimeError):
    pass


def test_failed_export_leaves_no_file_and_keeps_the_old_one(source, tmp_path, monkeypatch):
    monkeypatch.setattr(export_mod, "PROGRESS_EVERY", 2)

    def fail(done, total):
        if done >= 2:
            raise Boom("disk on fire")

    new = tmp_path / "new.csv"
    with pytest.raises(Boom):
        export_file(source, new, progress=fail)
    assert not new.exists()
    old = tmp_path / "old.csv"
    old.write_text("precious", encoding="utf-8")
    with pytest.raises(Boom):
        export_file(source, old, progress=fail)
    assert old.read_text(encoding="utf-8") == "precious"
    assert sorted(
        p.name for p in tmp_path.iterdir() if p.suffix != ".db" and "db-" not in p.name
    ) == ["old.csv"]
    stdout = io.BytesIO()
    with pytest.raises(Boom):
        export_file(source, None, stdout=stdout, progress=fail)
    assert stdout.getvalue() == b""


def test_progress_reports_every_batch(source, tmp_path, monkeypatch):
    monkeypatch.setattr(export_mod, "PROGRESS_EVERY", 4)
    calls = []
    export_file(source, tmp_path / "p.csv", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 6), (4, 6), (6, 6)]


def add_analysis(store) -> None:
    with store.write() as conn:
        conn.execute(
            "INSERT INTO entities (document_id, start, end, label, text, canonical) "
            "VALUES (1, 0, 5, 'PERSON', 'Kirby', 'John Kirby'), "
            "(2, 26, 31, 'GPE', 'Seoul', 'Seoul')"
        )
        conn.execute(
            "INSERT INTO claims (document_id, start, end, kind, speaker, speaker_start, "
            "speaker_end, cue, cue_start, cue_end, content_start, content_end, score, hedges, "
            "cluster) VALUES (1, 0, 57, 'reported', 'John Kirby', 0, 5, 'said', 6, 10, 21, 56, "
            "0.75, '[\"=maybe\", \"a;b\"]', 'c7')"
        )
        conn.execute(
            "INSERT INTO review_sessions (id, name, queue, labels, created) "
            "VALUES (1, 'night shift', 'claims', '{}', '2026-01-01T00:00:00Z')"
        )
        conn.execute(
            "INSERT INTO verdicts (session_id, item_kind, item_id, verdict, author, created) "
            "VALUES (1, 'claim', '1', 'true', 'ana', '2026-01-01T00:00:01Z'), "
            "(1, 'document', '2', '+fine', 'bo', '2026-01-01T00:00:02Z')"
        )


def read_csv(store, what: str, flt: str = "") -> list[dict]:
    buffer = io.BytesIO()
    write_export(store, buffer, what, "csv", flt=flt)
    return list(csv.DictReader(io.StringIO(buffer.getvalue().decode("utf-8"), newline="")))


def test_entities_claims_and_verdicts_exports(source):
    add_analysis(source)
    entities = read_csv(source, "entities")
    assert [(e["text"], e["canonical"], e["label"]) for e in entities] == [
        ("Kirby", "John Kirby", "PERSON"),
        ("Seoul", "Seoul", "GPE"),
    ]
    assert read_csv(source, "entities", "outlet:Reuters")[0]["canonical"] == "Seoul"
    (claim,) = read_csv(source, "claims")
    text = TEXTS[0][0]
    assert claim["sentence"] == text[0:57] and claim["content"] == text[21:56]
    assert (claim["speaker"], claim["cue"], claim["cluster"]) == ("John Kirby", "said", "c7")
    assert claim["hedges"] == "'=maybe; a\\;b" and claim["score"] == "0.75"
    buffer = io.BytesIO()
    write_export(source, buffer, "claims", "jsonl")
    assert json.loads(buffer.getvalue())["hedges"] == ["=maybe", "a;b"]
    verdicts = read_csv(source, "verdicts")
    assert [(v["session"], v["document_id"], v["verdict"]) for v in verdicts] == [
        ("night shift", "1", "true"),
        ("night shift", "2", "'+fine"),
    ]
    assert [v["item_id"] for v in read_csv(source, "verdicts", "id:2")] == ["2"]


def test_filter_selects_documents_by_tag_outlet_and_id(source):
    sha2 = source.scalar("SELECT sha256 FROM documents WHERE id = 2")
    assert {r["document_id"] for r in read_csv(source, "annotations", "outlet:Reuters")} == {"2"}
    assert {r["document_id"] for r in read_csv(source, "annotations", "tag:@mention")} == {"1"}
    assert {r["document_id"] for r in read_csv(source, "annotations", f"id:{sha2[:8]}")} == {"2"}
    assert len(read_csv(source, "documents", "id:1,2")) == 2
    with pytest.raises(GlossError):
        read_csv(source, "annotations", "id:nope!")


def test_bad_combinations_are_refused(source):
    with pytest.raises(GlossError, match="annotations only"):
        write_export(source, io.BytesIO(), "claims", "w3c")
    with pytest.raises(GlossError, match="CSV only"):
        write_export(source, io.BytesIO(), "annotations", "jsonl", excel=True)


def test_pandas_reads_the_csv(source, tmp_path):
    pandas = pytest.importorskip("pandas")
    out = tmp_path / "a.csv"
    for excel in (False, True):
        export_file(source, out, excel=excel)
        frame = pandas.read_csv(out, keep_default_na=False)
        assert list(frame.columns) == columns("annotations")
        assert "line one\nline two\r\nline three" in set(frame["note"])
        assert "a\\; b\\\\c; needs, source" in set(frame["tags"])
        assert len(frame) == 6


def test_libreoffice_opens_the_csv(source, tmp_path):
    """Calc must see 6 rows plus the header: newlines inside quoted notes stay in their cell."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("libreoffice is not installed")
    out = tmp_path / "a.csv"
    export_file(source, out)
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "html",
            "--outdir",
            str(tmp_path / "lo"),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    html = (tmp_path / "lo" / "a.html").read_text(encoding="utf-8", errors="replace")
    assert html.lower().count("<tr") == 7
    assert "line two" in html and "needs, source" in html


# -- properties ----------------------------------------------------------------------------------
cell_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
tag_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    note=cell_text,
    author=cell_text,
    tags=st.lists(tag_text.map(str.strip).filter(bool), max_size=3),
    raw=st.booleans(),
)
def test_no_csv_cell_starts_with_a_formula_character_unless_raw(note, author, tags, raw):
    store = open_store(":memory:")
    with store.write() as conn:
        save_document(conn, note + "|" + author + " body", None, DocumentMeta(title=note))
    create_annotation(store, 1, tags=tags, note=note, author=author)
    rows = read_csv_raw(store, raw)
    cells = [cell for row in rows for cell in row]
    if raw:
        record = dict(zip(rows[0], rows[1], strict=True))
        assert (record["note"], record["author"], record["title"]) == (note, author, note)
        assert split_list(record["tags"]) == sorted(set(tags))
    else:
        assert not [c for c in cells if c and c[0] in FORMULA_CHARS]
    store.close()


def read_csv_raw(store, raw: bool) -> list[list[str]]:
    buffer = io.BytesIO()
    write_export(store, buffer, raw=raw)
    return list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8"), newline="")))


@given(st.lists(tag_text.map(str.strip).filter(bool)))
def test_list_cells_split_back_into_their_items(items):
    assert split_list(join_list(items)) == items


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
