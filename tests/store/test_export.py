"""Export (CSV, JSONL, W3C): round trips, escaping, atomicity, progress, the other tables."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gloss.store import GlossError, open_store
from gloss.store import export as export_mod
from gloss.store.annotation_merge import import_annotations
from gloss.store.annotations import create_annotation, list_annotations
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.export import (
    FORMULA_CHARS,
    columns,
    export_file,
    join_list,
    split_list,
    write_export,
)
from tests.store.annotated_source import NOTES, TEXTS, history_rows, make_store, snapshot


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
    # what was judged, readable without the store (claim ids change in a re-analysis)
    assert [(v["item_text"], v["speaker"], v["cluster"]) for v in verdicts] == [
        (text[21:56], "John Kirby", "c7"),
        (verdicts[1]["title"], "", ""),
    ]
    assert verdicts[1]["title"]
    # where it was read, for a spreadsheet sorted by outlet and date
    outlets = dict(source.conn.execute("SELECT id, coalesce(outlet, '') FROM documents"))
    published = dict(source.conn.execute("SELECT id, coalesce(published, '') FROM documents"))
    assert [(v["outlet"], v["published"]) for v in verdicts] == [
        (outlets[1], published[1]),
        (outlets[2], published[2]),
    ]


def test_verdicts_carry_the_tags_and_note_given_in_the_session(source):
    """A new-user test: tags and a note written on the review screen (t, n) were in the
    annotations export but not beside the verdict, so a verdicts CSV lost the reviewer's
    reason. They are the annotation on the item's exact span (or on the document)."""
    add_analysis(source)
    on_claim = create_annotation(
        source, 1, 0, 57, tags=["checked", "x;y"], note="Kirby, *on record*"
    )
    create_annotation(source, 1, 0, 20, tags=["elsewhere"], note="not this span")
    create_annotation(source, 2, tags=["doc-level"], note="whole story")
    verdicts = read_csv(source, "verdicts")
    assert [(v["item_kind"], v["tags"], v["note"]) for v in verdicts] == [
        ("claim", "checked; x\\;y", "Kirby, *on record*"),
        ("document", "doc-level", "whole story"),
    ]
    buffer = io.BytesIO()
    write_export(source, buffer, "verdicts", "jsonl")
    first = json.loads(buffer.getvalue().splitlines()[0])
    assert (first["tags"], first["note"]) == (["checked", "x;y"], "Kirby, *on record*")
    # an annotation judged itself carries its own
    with source.write() as conn:
        conn.execute(
            "INSERT INTO verdicts (session_id, item_kind, item_id, verdict, author, created) "
            "VALUES (1, 'annotation', ?, 'ok', 'ana', '2026-01-01T00:00:03Z')",
            (on_claim.id,),
        )
    assert read_csv(source, "verdicts")[-1]["tags"] == "checked; x\\;y"
    assert verdicts[1]["outlet"] == "Reuters"


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


# -- CSV lines made a column at a time (export.csv_lines) -----------------------------------
_CELLS = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.binary(max_size=8),
    st.text(alphabet=st.sampled_from(list(",\"\r\n '=ab[]/<>é😀\t;\\")), max_size=12),
    st.text(max_size=12),
)


def _csv_writer(rows: list[tuple]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.integers(min_value=1, max_value=5),
    cells=st.lists(_CELLS, min_size=1, max_size=40),
)
def test_csv_lines_are_what_csv_writer_writes(width: int, cells: list):
    rows = [tuple(cells[i : i + width]) for i in range(0, len(cells) - width + 1, width)]
    if rows:
        assert export_mod.csv_lines(rows) == _csv_writer(rows)


@pytest.mark.parametrize("what", ["annotations", "entities", "claims", "documents", "verdicts"])
@pytest.mark.parametrize("raw", [False, True])
def test_every_csv_export_is_what_csv_writer_writes_for_its_rows(source, what: str, raw: bool):
    """The whole file, byte for byte, as a plain csv.writer over the export's own query."""
    add_analysis(source)
    with source.write() as conn:  # every cell csv.writer might quote
        conn.execute(
            "UPDATE documents SET title = ?, outlet = ?, byline = NULL WHERE id = 2",
            ('Say "hi",\r\nthen [bold]leave[/bold] <b>now</b>', '=1+1, "ok"\n'),
        )
    buffer = io.BytesIO()
    write_export(source, buffer, what, "csv", raw=raw)
    with source.snapshot() as conn:
        _, rows = export_mod._rows(conn, what, "csv", raw, "")
        expected = _csv_writer([tuple(columns(what))]) + _csv_writer(rows.fetchall())
    assert buffer.getvalue() == expected.encode("utf-8")


def test_csv_quoting_of_commas_quotes_line_breaks_and_markup_is_pinned(store):
    """The bytes a spreadsheet or a CSV reader gets, written out once by hand."""
    text = "Kirby, Seoul and [red]Pyongyang[/red]"
    with store.write() as conn:
        doc = save_document(
            conn, text, None, DocumentMeta(title='He said "no",\nthen <i>left</i>')
        )[1]
        conn.executemany(
            "INSERT INTO entities (id, document_id, start, end, label, text, canonical) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (1, doc, 0, 6, "PERSON", "Kirby,", 'John "JK" Kirby'),
                (2, doc, 18, 36, "GPE", "[red]Pyongyang[/red]", "=cmd|' /C calc'!A0"),
                (3, doc, 7, 12, "GPE", "Seoul\r\n", "@Seoul;x"),
            ],
        )
    sha = store.scalar("SELECT sha256 FROM documents WHERE id = ?", (doc,))
    buffer = io.BytesIO()
    write_export(store, buffer, "entities", "csv")
    title = '"He said ""no"",\nthen <i>left</i>"'
    assert buffer.getvalue().decode("utf-8") == (
        "id,document_id,document_sha256,title,start,end,label,text,canonical,corrected\r\n"
        f'1,{doc},{sha},{title},0,6,PERSON,"Kirby,","John ""JK"" Kirby",0\r\n'
        f'3,{doc},{sha},{title},7,12,GPE,"Seoul\r\n",\'@Seoul;x,0\r\n'
        f"2,{doc},{sha},{title},18,36,GPE,[red]Pyongyang[/red],'=cmd|' /C calc'!A0,0\r\n"
    )


@settings(max_examples=300)
@given(
    st.one_of(
        st.none(),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.floats(allow_nan=False),
        st.binary(max_size=4),
        st.text(alphabet=st.sampled_from(list("=+-@\t\r\n'a]-[é😀 ")), max_size=4),
    )
)
def test_formula_escaping_escapes_what_it_always_did(value):
    """The escape in SQL (a character class at the start) against its definition: the first
    character, as text, is one of FORMULA_CHARS or a quote; the cell stays of its type."""
    first = "substr(?1, 1, 1) IN ('=', '+', '-', '@', char(9), char(13), char(10), '''')"
    definition = f"CASE WHEN {first} THEN '''' || ?1 ELSE ?1 END"
    conn = sqlite3.connect(":memory:")
    got, expected = conn.execute(
        f"SELECT {export_mod._sql_safe('?1')}, {definition}", (value,)
    ).fetchone()
    assert (got, type(got)) == (expected, type(expected))


def test_the_claims_export_says_where_and_how_widely_each_claim_was_reported(store) -> None:
    """A new-user test: the claims CSV had no outlet or date and no count of other sources,
    so a spreadsheet could not line up one statement's reports. Each row carries its
    document's outlet and date and the number of other documents reporting the claim, the
    count the reader shows (sources.source_count)."""
    from gloss.store.analysis import analyze_documents
    from gloss.store.file_import import ensure_seeded
    from gloss.store.sources import source_count

    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    rows = read_csv(store, "claims")
    documents = {
        str(r["id"]): (r["outlet"] or "", r["published"] or "")
        for r in store.rows("SELECT id, outlet, published FROM documents")
    }
    assert [(r["outlet"], r["published"]) for r in rows] == [
        documents[r["document_id"]] for r in rows
    ]
    assert {r["outlet"] for r in rows} >= {"Reuters", "Bloomberg"}
    counts = [int(r["other_documents"]) for r in rows]
    assert counts == [source_count(store, int(r["id"])) for r in rows]
    assert max(counts) >= 2 and 0 in counts
