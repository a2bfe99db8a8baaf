"""`gloss annotate` and `gloss annotations` end to end."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import gloss
from tests.conftest import SEEDS

FIELDS = {
    "id",
    "document_id",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "tags",
    "note",
    "author",
    "created",
    "updated",
    "orphan",
}


@pytest.fixture
def seeded(db):
    code, _, err = gloss(db, "import", "--no-analysis", str(SEEDS))
    assert code == 0, err
    return db


def first_doc(db: str) -> dict:
    docs = json.loads(gloss(db, "list", "--json")[1])
    return next(d for d in docs if d["title"].startswith("White House accuses"))


def test_annotate_by_quote_then_list_as_json(seeded):
    doc = first_doc(seeded)
    code, out, err = gloss(
        seeded,
        "--author",
        "ana",
        "annotate",
        str(doc["id"]),
        "--quote",
        "John Kirby",
        "--tag",
        "speaker",
        "--tag",
        "needs, source",
        "--note",
        "line one\nline two",
    )
    assert code == 0, err
    ann_id = out.strip()
    assert len(ann_id) == 36
    rows = json.loads(gloss(seeded, "annotations", str(doc["id"]), "--json")[1])
    assert len(rows) == 1
    row = rows[0]
    assert set(row) == FIELDS
    text = json.loads(gloss(seeded, "show", str(doc["id"]), "--json")[1])["text"]
    assert row["id"] == ann_id and row["quote"] == "John Kirby"
    assert text[row["start"] : row["end"]] == "John Kirby"
    assert row["tags"] == ["needs, source", "speaker"]
    assert row["note"] == "line one\nline two" and row["author"] == "ana"
    assert row["orphan"] is False
    shown = json.loads(gloss(seeded, "show", str(doc["id"]), "--json")[1])
    assert shown["annotations"][0]["id"] == ann_id


def test_annotate_by_offsets_and_occurrence(seeded):
    doc = first_doc(seeded)
    text = json.loads(gloss(seeded, "show", str(doc["id"]), "--json")[1])["text"]
    second = text.find("Kirby", text.find("Kirby") + 1)
    code, out, _ = gloss(
        seeded, "annotate", str(doc["id"]), "--quote", "Kirby", "--occurrence", "2", "--tag", "x"
    )
    assert code == 0
    code, out2, _ = gloss(
        seeded, "annotate", str(doc["id"]), "--start", "0", "--end", "11", "--tag", "y"
    )
    assert code == 0
    rows = {r["id"]: r for r in json.loads(gloss(seeded, "annotations", "--json")[1])}
    assert rows[out.strip()]["start"] == second
    assert rows[out2.strip()]["quote"] == "White House"


def test_document_level_annotation_and_text_listing(seeded):
    doc = first_doc(seeded)
    code, out, _ = gloss(seeded, "annotate", str(doc["id"]), "--tag", "to-check")
    assert code == 0
    code, listing, _ = gloss(seeded, "annotations")
    assert out.strip() in listing and "to-check" in listing


@pytest.mark.parametrize(
    "args, message",
    [
        (["--quote", "no such words here"], "'no such words here' does not occur in the document"),
        (["--quote", "Kirby", "--occurrence", "99"], "'Kirby' has no 99th occurrence"),
        (["--start", "5", "--end", "3", "--tag", "x"], "outside the document"),
        (["--tag", " "], "empty"),
        ([], "nothing to save"),
    ],
)
def test_annotate_errors_are_one_line(seeded, args, message):
    doc = first_doc(seeded)
    code, out, err = gloss(seeded, "annotate", str(doc["id"]), *args)
    assert code == 1 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert json.loads(gloss(seeded, "annotations", "--json")[1]) == []


def test_author_comes_from_option_then_environment_then_login(seeded, monkeypatch):
    import getpass

    doc = str(first_doc(seeded)["id"])
    monkeypatch.setenv("GLOSS_AUTHOR", "zed")
    gloss(seeded, "annotate", doc, "--quote", "Kirby", "--tag", "env")
    gloss(seeded, "--author", "ana", "annotate", doc, "--quote", "Kirby", "--tag", "option")
    monkeypatch.delenv("GLOSS_AUTHOR")
    gloss(seeded, "annotate", doc, "--quote", "Kirby", "--tag", "login")
    rows = json.loads(gloss(seeded, "annotations", "--json")[1])
    authors = {row["tags"][0]: row["author"] for row in rows}
    assert authors == {"env": "zed", "option": "ana", "login": getpass.getuser()}
