"""`gloss analyze`, `gloss entities`, `gloss claims` on the seeds (rules engine: fast)."""

from __future__ import annotations

import json
from pathlib import Path

from gloss.store import open_store
from tests.cli.conftest import gloss
from tests.conftest import SEEDS


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
