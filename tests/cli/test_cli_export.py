"""`gloss export` and `gloss import-annotations` end to end."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.cli.conftest import gloss, gloss_process
from tests.conftest import SEEDS

NOTE = 'first line, with "quotes"\nsecond line 😀'


@pytest.fixture
def seeded(db):
    code, _, err = gloss(db, "import", "--no-analysis", str(SEEDS))
    assert code == 0, err
    doc = json.loads(gloss(db, "list", "--json")[1])[0]
    args = ["--author", "ana", "annotate", str(doc["id"]), "--quote", "North Korea"]
    code, _, err = gloss(db, *args, "--tag", "needs, source", "--tag", "=x", "--note", NOTE)
    assert code == 0, err
    code, _, err = gloss(db, "annotate", str(doc["id"]), "--note", "-whole document")
    assert code == 0, err
    return db


def annotations(db: str) -> list[dict]:
    return sorted(json.loads(gloss(db, "annotations", "--json")[1]), key=lambda a: a["id"])


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "w3c"])
def test_export_to_a_file_then_merge_into_another_store(seeded, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    code, stdout, err = gloss(seeded, "export", "--format", fmt, "-o", str(out))
    assert code == 0, err
    assert stdout == "" and "exported 2 annotations" in err
    other = str(tmp_path / "other.db")
    assert gloss(other, "import", "--no-analysis", str(SEEDS))[0] == 0
    code, stdout, err = gloss(other, "import-annotations", str(out))
    assert (code, err) == (0, "")
    assert stdout.strip() == "added 2, updated 0, unchanged 0, conflicts 0, skipped 0"
    assert annotations(other) == annotations(seeded)
    code, stdout, _ = gloss(other, "import-annotations", str(out))
    assert stdout.strip() == "added 0, updated 0, unchanged 2, conflicts 0, skipped 0"


def test_export_to_stdout_is_csv_with_escaped_formulas(seeded):
    code, stdout, _ = gloss(seeded, "export")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(stdout, newline="")))
    assert {r["note"] for r in rows} == {NOTE, "'-whole document"}
    assert "'=x; needs, source" in {r["tags"] for r in rows}
    code, stdout, _ = gloss(seeded, "export", "--raw", "--format", "csv")
    assert "-whole document" in {r["note"] for r in csv.DictReader(io.StringIO(stdout))}


def test_import_into_a_store_without_the_documents_skips_and_exits_1(seeded, tmp_path):
    out = tmp_path / "a.jsonl"
    assert gloss(seeded, "export", "--format", "jsonl", "-o", str(out))[0] == 0
    empty = str(tmp_path / "empty.db")
    code, stdout, err = gloss(empty, "import-annotations", str(out))
    assert code == 1
    assert "skipped 2" in stdout
    assert err.count("unknown document") == 2


def test_errors_are_one_line(seeded, tmp_path):
    for args, message in [
        (["export", "--what", "claims", "--format", "w3c"], "annotations only"),
        (["export", "--filter", "bogus:1"], "unknown filter"),
        (["export", "-o", str(tmp_path / "missing" / "x.csv")], "cannot write there"),
        (["import-annotations", str(tmp_path / "nope.csv")], "no such file"),
    ]:
        code, stdout, err = gloss(seeded, *args)
        assert code == 1 and stdout == ""
        assert err.startswith("gloss: ") and message in err and err.count("\n") == 1


def test_real_process_writes_to_stdout_and_filters_by_id(seeded):
    doc_id = annotations(seeded)[0]["document_id"]
    for ref, expected in [(doc_id, 2), (doc_id + 1, 0)]:
        result = gloss_process(
            "--db", seeded, "export", "--format", "jsonl", "--filter", f"id:{ref}"
        )
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert len(lines) == expected
        assert all(json.loads(line)["document_id"] == doc_id for line in lines)


def test_one_exported_row_is_counted_in_the_singular(seeded, tmp_path):
    out = tmp_path / "verdicts.csv"
    code, _stdout, err = gloss(seeded, "export", "--what", "verdicts", "-o", str(out))
    assert code == 0, err
    assert "exported 0 verdicts" in err
    from gloss.store.wording import counted, singular

    assert counted(1, singular("entities")) == "1 entity"
    assert counted(1, singular("annotations")) == "1 annotation"
