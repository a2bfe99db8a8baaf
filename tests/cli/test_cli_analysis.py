"""`gloss analyze`, `gloss entities`, `gloss claims` on the seeds (rules engine: fast)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gloss.store import open_store
from gloss.store.analysis.pieces import pieces_of
from tests.cli.conftest import gloss
from tests.conftest import SEEDS, long_text


def imported(db: str) -> None:
    code, _out, err = gloss(db, "import", "--no-analysis", str(SEEDS))
    assert code == 0, err


def test_analyze_then_skip_then_force(db: str) -> None:
    imported(db)
    code, out, _ = gloss(db, "analyze", "--all", "--engine", "rules")
    assert code == 0 and out.startswith("analysed 5, skipped 0 with rules")
    code, out, _ = gloss(db, "analyze", "--engine", "rules")
    assert code == 0 and out.startswith("analysed 0, skipped 5")
    code, out, _ = gloss(db, "analyze", "1", "--engine", "rules", "--force")
    assert code == 0 and out.startswith("analysed 1, skipped 0")


def test_analyze_unknown_document_is_one_line_error(db: str) -> None:
    imported(db)
    code, _out, err = gloss(db, "analyze", "999", "--engine", "rules")
    assert code == 1
    assert err.strip().count("\n") == 0 and "999" in err


def test_entities_json(db: str) -> None:
    imported(db)
    gloss(db, "analyze", "--engine", "rules")
    code, out, _ = gloss(db, "entities", "--json")
    rows = json.loads(out)
    assert code == 0
    assert set(rows[0]) == {"canonical", "label", "mentions", "documents"}
    kirby = next(r for r in rows if r["canonical"] == "John Kirby")
    assert kirby["label"] == "PERSON" and kirby["documents"] == 5


def test_claims_json_and_clusters(db: str) -> None:
    imported(db)
    gloss(db, "analyze", "--engine", "rules")
    code, out, _ = gloss(db, "claims", "--json")
    claims = json.loads(out)
    assert code == 0 and claims
    for name in (
        "start",
        "end",
        "kind",
        "speaker",
        "speaker_start",
        "speaker_end",
        "cue",
        "cue_start",
        "cue_end",
        "content_start",
        "content_end",
        "score",
        "hedges",
        "cluster",
        "document_id",
    ):
        assert name in claims[0]
    code, out, _ = gloss(db, "claims", "--cluster", "--json")
    clusters = json.loads(out)
    condemn = next(c for c in clusters if c["variants"][0]["text"].startswith("We condemn"))
    assert len({v["document_id"] for v in condemn["variants"]}) == 3
    ops = [op for v in condemn["variants"] for op in v["diff"] if op["op"] != "equal"]
    assert {"op": "replace", "a": "the DPRK", "b": "[North Korea]"} in ops
    code, out, _ = gloss(db, "claims", "--cluster")
    assert code == 0 and "replace: 'the DPRK' -> '[North Korea]'" in out
    for group in clusters:  # one variant per document, the count says how many
        documents = [v["document_id"] for v in group["variants"]]
        assert len(documents) == len(set(documents)) == group["documents"] >= 2
        assert group["claims"] >= group["documents"]
    assert any(group["claims"] > group["documents"] for group in clusters)  # repeats exist
    containers = next(c for c in clusters if "1,000 containers" in c["variants"][0]["text"])
    assert [v["numbers_differ"] for v in containers["variants"]] == [
        [],
        [["1,000", "more than 1,000"]],
    ]
    assert " !doc" in out and "numbers differ: 1,000 vs more than 1,000" in out


def test_claims_cluster_lists_a_document_with_two_variants_once(db: str) -> None:
    from gloss.store import open_store
    from tests.store.test_sources import two_variant_store

    store = open_store(db)
    ids = two_variant_store(store)
    store.close()
    code, out, _ = gloss(db, "claims", "--cluster", "--json")
    (group,) = json.loads(out)
    assert code == 0 and group["documents"] == 3 and group["claims"] == 4
    assert sorted(v["document_id"] for v in group["variants"]) == [1, 2, 3]
    claims = {v["claim_id"] for v in group["variants"]}
    assert len(claims & set(ids["A"])) == 1
    code, out, _ = gloss(db, "claims", "--cluster")
    assert "cluster k9 (3 documents)" in out and out.count("doc    1") == 1
    # each row names its claim, for `gloss correct` (a new-user test had to use --json)
    for v in group["variants"]:
        assert f"doc {v['document_id']:>4}  claim {v['claim_id']:>6}  " in out


def test_stories_group_the_two_briefings(db: str) -> None:
    """Seeds 000/001/003 report the 2023-10-13 briefing, 002/004 the 2023-08-30 one."""
    imported(db)
    gloss(db, "analyze", "--engine", "rules")
    code, out, _ = gloss(db, "stories", "--json")
    assert code == 0
    stories = json.loads(out)
    groups = sorted(sorted(d["id"] for d in s["documents"]) for s in stories)
    assert groups == [[1, 2, 4], [3, 5]]
    oct13 = next(s for s in stories if len(s["documents"]) == 3)
    assert set(oct13) == {"story", "documents", "entities", "dates", "claim_clusters"}
    assert set(oct13["documents"][0]) == {"id", "title", "outlet", "date"}
    assert "John Kirby" in oct13["entities"] and "2023-10-13" in oct13["dates"]
    assert oct13["claim_clusters"] >= 3
    code, out, _ = gloss(db, "stories")
    assert code == 0
    assert f"story {oct13['story']} (3 documents, {oct13['claim_clusters']} shared" in out
    assert "2023-10-13  Bloomberg" in out


def test_stories_on_an_empty_store(db: str) -> None:
    open_store(db).close()  # read commands never create a store
    code, out, err = gloss(db, "stories")
    assert code == 0 and out == "" and "no stories" in err
    code, out, _ = gloss(db, "stories", "--json")
    assert code == 0 and json.loads(out) == []


def test_analyze_in_processes_matches_one_process(tmp_path: Path) -> None:
    # Enough documents for two chunks: runs of two paragraphs of the seeds.
    folder = tmp_path / "news"
    folder.mkdir()
    n = 0
    for path in sorted(SEEDS.glob("*.txt")):
        paras = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        for i in range(len(paras) - 1):
            (folder / f"{n:03}.txt").write_text("\n\n".join(paras[i : i + 2]), encoding="utf-8")
            n += 1
    assert n > 40
    outs = []
    for processes in ("1", "2"):
        db = str(tmp_path / f"p{processes}.db")
        code, _out, err = gloss(db, "import", "--no-analysis", str(folder))
        assert code == 0, err
        code, out, err = gloss(
            db, "analyze", "--all", "--engine", "rules", "--processes", processes
        )
        assert code == 0, err
        outs.append(out)
    assert outs[0].rstrip().endswith("s") and " processes" not in outs[0]
    assert outs[1].rstrip().endswith("in 2 processes")
    # Same counts of documents, entities, claims and clusters.
    assert outs[0].split(", ")[:4] == outs[1].split(", ")[:4]


def test_correct_commands_survive_analyze_force(db: str) -> None:
    imported(db)
    gloss(db, "analyze", "--engine", "rules")
    claims = json.loads(gloss(db, "claims", "--json")[1])
    ids = json.loads(gloss(db, "claims", "--json")[1])
    assert claims == ids
    from gloss.store import open_store

    store = open_store(db)
    claim = store.row(
        "SELECT id, document_id, content_start FROM claims WHERE cluster IS NOT NULL LIMIT 1"
    )
    store.close()
    code, out, _ = gloss(db, "--author", "ana", "correct", "speaker", str(claim["id"]), "Ms X")
    assert code == 0 and "correction 1" in out
    code, out, _ = gloss(db, "correct", "split-claim", str(claim["id"]))
    assert code == 0 and "correction 2" in out
    code, out, _ = gloss(db, "correct", "rename-entity", "John Kirby", "J. Kirby")
    assert code == 0
    gloss(db, "analyze", "--all", "--force", "--engine", "rules")
    after = json.loads(gloss(db, "claims", "--json")[1])
    same = next(
        c
        for c in after
        if c["document_id"] == claim["document_id"] and c["content_start"] == claim["content_start"]
    )
    assert same["speaker"] == "Ms X" and same["cluster"] is None
    assert "J. Kirby" in {c["speaker"] for c in after}
    assert "John Kirby" not in {c["speaker"] for c in after}
    listed = json.loads(gloss(db, "correct", "list", "--json")[1])
    assert [c["kind"] for c in listed] == ["set_speaker", "split_claim", "rename_entity"]
    assert listed[0]["author"] == "ana"
    # The table says which document and words each claim correction is about.
    table = gloss(db, "correct", "list")[1].splitlines()
    assert table[0].split()[:4] == ["id", "kind", "what", "where"]
    words = " ".join(same["content"].split())[:20]
    assert f"#{claim['document_id']} " in table[1] and words and words in table[1]
    code, out, err = gloss(db, "correct", "split-claim", "99999")
    assert code == 1 and err.startswith("gloss: no claim 99999")
    code, out, _ = gloss(db, "correct", "delete", "3")
    assert code == 0
    after = json.loads(gloss(db, "claims", "--json")[1])
    assert "John Kirby" in {c["speaker"] for c in after}
    # A speaker set to a name merged into another is stored as the name it became.
    gloss(db, "correct", "rename-entity", "John Kirby", "J. Kirby")
    here = (same["document_id"], same["content_start"])
    (claim_id,) = (c["id"] for c in after if (c["document_id"], c["content_start"]) == here)
    code, out, _ = gloss(db, "correct", "speaker", str(claim_id), "John  Kirby")
    assert out.strip().endswith(
        f": claim {claim_id} is by 'J. Kirby' (the name 'John Kirby' was merged into)"
    )


@pytest.mark.parametrize("engine", ["rules", pytest.param("spacy", marks=pytest.mark.slow)])
def test_import_a_text_longer_than_spacys_limit(db: str, tmp_path: Path, engine: str) -> None:
    # spaCy refused texts over 1,000,000 characters with a traceback (E088).
    if engine == "spacy":
        from gloss.store.analysis import get_engine
        from gloss.store.errors import GlossError

        try:
            get_engine("spacy")
        except GlossError as exc:
            pytest.skip(str(exc))
    path = tmp_path / "long.txt"
    path.write_text(long_text(1_050_000), encoding="utf-8")
    code, out, err = gloss(db, "--engine", engine, "import", str(path))
    assert code == 0, err
    assert out == "imported 1, unchanged 0, rejected 0, updated 0\n"
    store = open_store(db)
    text = store.scalar("SELECT text FROM documents")
    assert len(text) > 1_000_000
    assert store.scalar("SELECT engine FROM documents") == engine
    entities = store.rows("SELECT start, end, text, canonical FROM entities")
    assert len(entities) > 10_000
    assert all(text[e["start"] : e["end"]] == e["text"] for e in entities)
    # "Kirby" in the last piece is the "John Kirby" named once at the start.
    last = pieces_of(text)[-1][0]
    assert {e["canonical"] for e in entities if e["text"] == "Kirby" and e["start"] > last} == {
        "John Kirby"
    }
    speakers = store.rows(
        "SELECT DISTINCT speaker FROM claims WHERE kind = 'quote' AND start > ?", [last]
    )
    assert [r["speaker"] for r in speakers] == ["John Kirby"]
    store.close()
    if engine == "rules":  # and again, as `gloss analyze --all --force` after an upgrade
        code, out, err = gloss(db, "analyze", "--all", "--force", "--engine", engine)
        assert code == 0 and out.startswith("analysed 1, skipped 0 with rules"), err


def test_rename_entity_can_change_the_type(db: str) -> None:
    """A new-user test could not make the organisation "Trump" the person: --to-label."""
    imported(db)
    gloss(db, "analyze", "--engine", "rules")
    code, out, _ = gloss(
        db,
        "correct",
        "rename-entity",
        "Pyongyang",
        "North Korea",
        "--label",
        "GPE",
        "--to-label",
        "org",
    )
    assert code == 0 and out.strip().endswith("GPE 'Pyongyang' is now ORG 'North Korea'")
    entities = json.loads(gloss(db, "entities", "--json")[1])
    assert ("North Korea", "ORG") in {(e["canonical"], e["label"]) for e in entities}
    assert "Pyongyang" not in {e["canonical"] for e in entities}
    listed = gloss(db, "correct", "list")[1]
    assert "GPE 'Pyongyang' -> ORG 'North Korea'" in listed
    code, _, err = gloss(
        db, "correct", "rename-entity", "North Korea", "NK", "--label", "ORG", "--to-label", "X"
    )
    assert code == 1 and err.startswith("gloss: 'X' is no entity type a rename can give")
    gloss(db, "analyze", "--all", "--force", "--engine", "rules")
    entities = json.loads(gloss(db, "entities", "--json")[1])
    assert "Pyongyang" not in {e["canonical"] for e in entities}


def test_split_mention_names_the_mention_and_its_new_entity(db: str) -> None:
    imported(db)
    gloss(db, "analyze", "--engine", "rules")
    from gloss.store import open_store

    store = open_store(db)
    mention = store.row(
        "SELECT id, document_id, text, canonical FROM entities "
        "WHERE canonical = 'John Kirby' LIMIT 1"
    )
    store.close()
    code, out, _ = gloss(db, "correct", "split-mention", str(mention["id"]), "--name", "J. K.")
    assert code == 0
    assert out.strip().endswith(
        f"mention {mention['id']} ({mention['text']!r} in document {mention['document_id']}) "
        "now names 'J. K.', not 'John Kirby'"
    )
    code, _, err = gloss(db, "correct", "split-mention", "999999")
    assert code == 1 and err.startswith("gloss: no entity mention 999999")


def test_correct_not_a_claim_removes_it_across_analyses(db: str) -> None:
    imported(db)
    gloss(db, "analyze", "--engine", "rules")
    claim = json.loads(gloss(db, "claims", "--json")[1])[0]
    code, out, _ = gloss(db, "correct", "not-a-claim", str(claim["id"]))
    assert code == 0 and out.strip() == f"correction 1: claim {claim['id']} removed (not a claim)"
    gloss(db, "analyze", "--all", "--force", "--engine", "rules")
    here = (claim["document_id"], claim["content_start"], claim["content_end"])
    after = json.loads(gloss(db, "claims", "--json")[1])
    assert here not in {(c["document_id"], c["content_start"], c["content_end"]) for c in after}
    listed = gloss(db, "correct", "list")[1]
    assert "not_a_claim" in listed and "claim removed" in listed
