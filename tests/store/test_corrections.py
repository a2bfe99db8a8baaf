"""A reader's corrections are stored, applied at once, and survive re-analysis and relinking."""

from __future__ import annotations

import csv
import io

import pytest

from gloss.store import GlossError
from gloss.store.analysis import analyze_documents, link_store
from gloss.store.analysis.corrections import (
    apply_corrections,
    delete_correction,
    list_corrections,
    merge_clusters,
    rename_entity,
    set_speaker,
    split_claim,
    split_mention,
)
from gloss.store.errors import NotFoundError
from gloss.store.export import export_file
from gloss.store.file_import import ensure_seeded
from gloss.store.sources import source_count


@pytest.fixture
def seeds(store):
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    return store


def claim_with(store, outlet: str, words: str) -> dict:
    row = store.row(
        "SELECT c.* FROM claims c JOIN documents d ON d.id = c.document_id WHERE d.outlet = ? "
        "AND instr(substr(d.text, c.content_start + 1, c.content_end - c.content_start), ?) > 0 "
        "ORDER BY c.start LIMIT 1",
        (outlet, words),
    )
    assert row is not None, (outlet, words)
    return row


def same_claim(store, claim: dict) -> dict:
    """The claim row at the same place after a re-analysis (new ids)."""
    return store.row(
        "SELECT * FROM claims WHERE document_id = ? AND content_start = ? AND content_end = ?",
        (claim["document_id"], claim["content_start"], claim["content_end"]),
    )


def reanalyse(store) -> None:
    analyze_documents(store, engine="rules", force=True)


def test_split_claim_survives_reanalysis(seeds):
    condemn = claim_with(seeds, "Reuters", "We condemn the DPRK")
    assert source_count(seeds, condemn["id"]) == 2
    split_claim(seeds, condemn["id"], author="ana")
    assert same_claim(seeds, condemn)["cluster"] is None  # applied at once
    others = seeds.scalar(
        "SELECT count(DISTINCT document_id) FROM claims WHERE cluster = ?", (condemn["cluster"],)
    )
    assert others == 2  # the other two outlets still report it together
    reanalyse(seeds)
    again = same_claim(seeds, condemn)
    assert again["id"] != condemn["id"]  # new rows, same place
    assert again["cluster"] is None
    (row,) = list_corrections(seeds)
    assert row["kind"] == "split_claim" and row["author"] == "ana" and row["created"]
    assert row["claim_id"] == again["id"]


def test_split_leaving_one_document_clears_the_cluster(seeds):
    containers = claim_with(seeds, "Bloomberg", "1,000 containers")
    cluster = containers["cluster"]
    assert cluster and source_count(seeds, containers["id"]) == 1
    split_claim(seeds, containers["id"])
    assert seeds.scalar("SELECT count(*) FROM claims WHERE cluster = ?", (cluster,)) == 0


def test_merge_clusters_survives_relinking(seeds):
    condemn = claim_with(seeds, "Reuters", "We condemn the DPRK")
    lonely = seeds.row(
        "SELECT * FROM claims WHERE cluster IS NULL AND document_id != ? LIMIT 1",
        (condemn["document_id"],),
    )
    merge_clusters(seeds, condemn["id"], lonely["id"], author="bo")
    assert same_claim(seeds, lonely)["cluster"] == condemn["cluster"]
    assert source_count(seeds, condemn["id"]) >= 2
    reanalyse(seeds)
    assert same_claim(seeds, lonely)["cluster"] == same_claim(seeds, condemn)["cluster"]
    link_store(seeds)
    assert same_claim(seeds, lonely)["cluster"] == same_claim(seeds, condemn)["cluster"]


def test_two_lone_claims_merge_into_a_new_cluster(seeds):
    first, second = seeds.rows(
        "SELECT * FROM claims WHERE cluster IS NULL GROUP BY document_id ORDER BY document_id "
        "LIMIT 2"
    )
    number = merge_clusters(seeds, first["id"], second["id"])
    assert (
        same_claim(seeds, first)["cluster"]
        == same_claim(seeds, second)["cluster"]
        == (f"m{number}")
    )
    reanalyse(seeds)
    assert same_claim(seeds, first)["cluster"] == f"m{number}"


def test_set_speaker_survives_reanalysis_and_is_exported(seeds, tmp_path):
    claim = claim_with(seeds, "Reuters", "We condemn the DPRK")
    set_speaker(seeds, claim["id"], "  National Security Council  ")
    assert same_claim(seeds, claim)["speaker"] == "National Security Council"
    reanalyse(seeds)
    again = same_claim(seeds, claim)
    assert again["speaker"] == "National Security Council"
    out = tmp_path / "claims.csv"
    export_file(seeds, out, what="claims", fmt="csv")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    exported = next(r for r in rows if int(r["id"]) == again["id"])
    assert exported["speaker"] == "National Security Council" and exported["corrected"] == "1"
    # the mention the analysis read (John Kirby's) no longer stands as the speaker's span
    assert exported["speaker_start"] == exported["speaker_end"] == ""
    assert again["speaker_start"] is None
    assert sum(r["corrected"] == "1" for r in rows) == 1


def test_a_speaker_set_to_a_merged_away_name_takes_the_name_it_became(seeds):
    """A new-user test merged "Hillary Rodham Clinton" into "Hillary Clinton", then set a
    claim's speaker to the old name: the merged entity came back as a speaker of its own
    (its claim missing from Hillary Clinton's). The stored speaker follows the renames."""
    rename_entity(seeds, "John Kirby", "John F. Kirby", "PERSON")
    rename_entity(seeds, "John F. Kirby", "Admiral John Kirby", "PERSON")
    claim = claim_with(seeds, "Reuters", "We condemn the DPRK")
    set_speaker(seeds, claim["id"], "John  Kirby")
    assert same_claim(seeds, claim)["speaker"] == "Admiral John Kirby"
    reanalyse(seeds)
    assert same_claim(seeds, claim)["speaker"] == "Admiral John Kirby"
    assert not seeds.scalar("SELECT count(*) FROM claims WHERE speaker LIKE 'John%Kirby'")
    other = claim_with(seeds, "Reuters", "We condemn the DPRK")
    set_speaker(seeds, other["id"], "John Kirby Jr")  # another name stays as typed
    assert same_claim(seeds, other)["speaker"] == "John Kirby Jr"


def test_rename_and_merge_entities_survive_reanalysis(seeds):
    kirby = seeds.scalar("SELECT count(*) FROM entities WHERE canonical = 'John Kirby'")
    speaker = seeds.scalar("SELECT count(*) FROM claims WHERE speaker = 'John Kirby'")
    assert kirby and speaker
    rename_entity(seeds, "John Kirby", "John F. Kirby", "PERSON")
    assert seeds.scalar("SELECT count(*) FROM entities WHERE canonical = 'John F. Kirby'") == kirby
    assert seeds.scalar("SELECT count(*) FROM claims WHERE speaker = 'John F. Kirby'") == speaker
    reanalyse(seeds)
    assert seeds.scalar("SELECT count(*) FROM entities WHERE canonical = 'John Kirby'") == 0
    assert seeds.scalar("SELECT count(*) FROM claims WHERE speaker = 'John F. Kirby'") == speaker
    # a merge is a rename into another entity's name
    north = seeds.scalar("SELECT count(*) FROM entities WHERE canonical = 'North Korea'")
    pyongyang = seeds.scalar(
        "SELECT count(*) FROM entities WHERE canonical = 'Pyongyang' AND label = 'GPE'"
    )
    rename_entity(seeds, "Pyongyang", "North Korea", "GPE")
    reanalyse(seeds)
    assert seeds.scalar("SELECT count(*) FROM entities WHERE canonical = 'North Korea'") == (
        north + pyongyang
    )


def test_an_export_marks_only_the_claims_a_rename_changed(seeds, tmp_path):
    """A new-user test renamed "Hillary Clinton Wins" to "Hillary Clinton" and the claims
    export marked all 162 claims of Hillary Clinton corrected; only those the rename changed
    are, before and after a re-analysis."""
    with seeds.write() as conn:  # two speakers to merge, as a headline misreading leaves
        first = conn.execute("SELECT id FROM claims WHERE speaker = 'John Kirby' LIMIT 1")
        (moved,) = first.fetchone()
        conn.execute("UPDATE claims SET speaker = 'John Kirby Says' WHERE id = ?", (moved,))
        conn.execute(
            "INSERT INTO entities (document_id, start, end, text, label, canonical) "
            "SELECT document_id, speaker_start, speaker_end, 'Kirby', 'PERSON', "
            "'John Kirby Says' FROM claims WHERE id = ?",
            (moved,),
        )
    kept = seeds.scalar("SELECT count(*) FROM claims WHERE speaker = 'John Kirby'")
    assert kept >= 2
    rename_entity(seeds, "John Kirby Says", "John Kirby", "PERSON")

    def corrected() -> dict[int, str]:
        out = tmp_path / "claims.csv"
        export_file(seeds, out, what="claims", fmt="csv")
        rows = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
        return {int(r["id"]): r["corrected"] for r in rows if r["speaker"] == "John Kirby"}

    marks = corrected()
    assert len(marks) == kept + 1 and marks[moved] == "1"
    assert sum(v == "1" for v in marks.values()) == 1


def test_split_mention_survives_reanalysis(seeds):
    mention = seeds.row(
        "SELECT * FROM entities WHERE canonical = 'John Kirby' AND text = 'Kirby' LIMIT 1"
    )
    split_mention(seeds, mention["id"], "Mr Kirby of the Navy")
    reanalyse(seeds)
    again = seeds.row(
        "SELECT * FROM entities WHERE document_id = ? AND start = ? AND end = ?",
        (mention["document_id"], mention["start"], mention["end"]),
    )
    assert again["canonical"] == "Mr Kirby of the Navy"
    others = seeds.scalar(
        "SELECT count(*) FROM entities WHERE canonical = 'John Kirby' AND id != ?", (again["id"],)
    )
    assert others > 0  # only that one mention left


def test_later_corrections_win_and_deleting_one_lets_the_analysis_decide(seeds):
    condemn = claim_with(seeds, "Reuters", "We condemn the DPRK")
    cluster = condemn["cluster"]
    first = split_claim(seeds, condemn["id"])
    other = seeds.scalar(
        "SELECT id FROM claims WHERE cluster = ? AND document_id != ? LIMIT 1",
        (cluster, condemn["document_id"]),
    )
    merge_clusters(seeds, condemn["id"], other)  # the reader changed their mind
    assert same_claim(seeds, condemn)["cluster"] == cluster
    with seeds.write() as conn:
        assert apply_corrections(conn) == 2  # idempotent
    assert same_claim(seeds, condemn)["cluster"] == cluster
    assert delete_correction(seeds, first) == [condemn["document_id"]]
    link_store(seeds)
    assert same_claim(seeds, condemn)["cluster"] == cluster


def test_deleting_a_rename_names_the_documents_to_analyse_again(seeds):
    number = rename_entity(seeds, "John Kirby", "J. Kirby", "PERSON")
    documents = delete_correction(seeds, number)
    assert documents == [r["id"] for r in seeds.rows("SELECT id FROM documents ORDER BY id")]
    analyze_documents(seeds, documents, engine="rules", force=True)
    assert seeds.scalar("SELECT count(*) FROM entities WHERE canonical = 'J. Kirby'") == 0


def test_bad_corrections_are_one_line_errors(seeds):
    with pytest.raises(NotFoundError, match="no claim 99999"):
        split_claim(seeds, 99999)
    lonely = seeds.scalar("SELECT id FROM claims WHERE cluster IS NULL LIMIT 1")
    with pytest.raises(GlossError, match="in no cluster"):
        split_claim(seeds, lonely)
    with pytest.raises(GlossError, match="empty"):
        set_speaker(seeds, lonely, "   ")
    with pytest.raises(NotFoundError, match="no PERSON entity named 'Nobody'"):
        rename_entity(seeds, "Nobody", "Somebody", "PERSON")
    assert list_corrections(seeds) == []


def test_the_link_counts_clusters_across_documents_as_the_listing_does(seeds):
    """A second new-user test saw `gloss analyze` print 12 clusters across documents while
    `gloss claims --cluster` listed 11: a cluster a correction left in one document (two of
    its claims merged) counted."""
    from gloss.store.analysis import list_clusters

    link_store(seeds, mode="full")  # the state an incremental link starts from
    first, second = seeds.rows(
        "SELECT * FROM claims WHERE cluster IS NULL AND document_id = "
        "(SELECT min(document_id) FROM claims WHERE cluster IS NULL) LIMIT 2"
    )
    merge_clusters(seeds, first["id"], second["id"])
    assert same_claim(seeds, first)["cluster"] == same_claim(seeds, second)["cluster"]
    assert link_store(seeds, mode="incremental") == len(list_clusters(seeds))
    assert link_store(seeds, mode="full") == len(list_clusters(seeds))
    # The next new-user test merged two clusters across documents: a full link counted
    # the clusters it planned, before the merge was applied again (412, listing 410).
    a, b = seeds.rows(
        "SELECT min(id) AS id FROM claims WHERE cluster IN (SELECT cluster FROM claims "
        "WHERE cluster IS NOT NULL GROUP BY cluster HAVING count(DISTINCT document_id) >= 2) "
        "GROUP BY cluster LIMIT 2"
    )
    before = len(list_clusters(seeds))
    merge_clusters(seeds, a["id"], b["id"])
    assert link_store(seeds, mode="full") == len(list_clusters(seeds)) == before - 1


def test_a_deleted_correction_s_number_is_never_given_again(seeds):
    """A new-user test deleted correction 10 and the next correction was 10 again."""
    claim = claim_with(seeds, "Reuters", "We condemn the DPRK")
    first = set_speaker(seeds, claim["id"], "A")
    second = set_speaker(seeds, claim["id"], "B")
    assert second == first + 1
    delete_correction(seeds, second)
    third = set_speaker(seeds, claim["id"], "C")
    assert third == second + 1
    assert [c["id"] for c in list_corrections(seeds)] == [first, third]


def test_a_correction_a_later_one_undoes_is_listed_as_undone(seeds):
    """A new-user test split a claim off its cluster, later merged it back, and saw both
    listed with nothing saying which one holds (the later one: they apply in order)."""
    claim = claim_with(seeds, "Reuters", "We condemn the DPRK")
    other = seeds.row(
        "SELECT * FROM claims WHERE cluster = ? AND document_id != ? LIMIT 1",
        (claim["cluster"], claim["document_id"]),
    )
    split = split_claim(seeds, claim["id"])
    merged = merge_clusters(seeds, same_claim(seeds, claim)["id"], other["id"])
    first = set_speaker(seeds, claim["id"], "A")
    second = set_speaker(seeds, claim["id"], "B")
    undone = {c["id"]: c["undone_by"] for c in list_corrections(seeds)}
    assert undone == {split: merged, merged: None, first: second, second: None}


def test_the_entities_export_marks_the_mentions_a_correction_changed(seeds, tmp_path):
    """A new-user test found the claims export flagging corrected rows and the entities
    export not: a rename, merge or split marks exactly the mentions it changed."""
    pyongyang = seeds.scalar("SELECT count(*) FROM entities WHERE canonical = 'Pyongyang'")
    north = seeds.scalar("SELECT count(*) FROM entities WHERE canonical = 'North Korea'")
    assert pyongyang and north
    rename_entity(seeds, "Pyongyang", "North Korea", "GPE")
    mention = seeds.scalar("SELECT id FROM entities WHERE canonical = 'John Kirby' LIMIT 1")
    split_mention(seeds, mention, "Another Kirby")
    reanalyse(seeds)
    out = tmp_path / "entities.csv"
    export_file(seeds, out, what="entities", fmt="csv")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    marked = [(r["canonical"], r["text"]) for r in rows if r["corrected"] == "1"]
    assert len(marked) == pyongyang + 1
    assert {c for c, _t in marked} == {"North Korea", "Another Kirby"}
    assert sum(r["canonical"] == "North Korea" for r in rows) == north + pyongyang


def test_merge_candidates_put_the_likeliest_name_first(store, monkeypatch) -> None:
    """A new-user test: ctrl+g on "Hillary Rodham Clinton" highlighted Donald Trump (the
    corpus's most named person), one enter from a wrong merge; typing "Charlotte" for the
    mistyped "Charlotte Mayor" put "Charlotte Panthers" (a person, its type) before the
    city. The name typed exactly comes first, then names sharing a word with the one merged,
    then the rest by type and reach."""
    from gloss.store.analysis import corrections
    from gloss.store.analysis.corrections import entity_candidates
    from gloss.store.documents import DocumentMeta, save_document

    names = [
        ("Donald Trump", "PERSON", 5),
        ("Hillary Clinton", "PERSON", 2),
        ("Hillary Rodham Clinton", "PERSON", 1),
        ("Charlotte Mayor", "PERSON", 1),
        ("Charlotte Panthers", "PERSON", 3),
        ("Charlotte", "GPE", 2),
        ("Mike Pence", "PERSON", 2),
        ("Mike Huckabee", "PERSON", 4),
        ("Pence", "ORG", 1),
    ]
    with store.write() as conn:
        for k, (name, label, copies) in enumerate(names):
            for c in range(copies):
                doc = save_document(conn, f"{name} ({k}.{c})", f"{k}-{c}", DocumentMeta())[1]
                conn.execute(
                    "INSERT INTO entities (document_id, start, end, label, text, canonical) "
                    "VALUES (?, 0, ?, ?, ?, ?)",
                    (doc, len(name), label, name, name),
                )
    first = entity_candidates(store, "PERSON", "Hillary Rodham Clinton")
    assert first[0]["canonical"] == "Hillary Clinton"
    assert "Donald Trump" in [r["canonical"] for r in first]  # still offered, lower
    typed = entity_candidates(store, "PERSON", "Charlotte Mayor", "Charlotte")
    assert (typed[0]["canonical"], typed[0]["label"]) == ("Charlotte", "GPE")
    # A shorter form of the name, of any type, before names sharing only the first name (a
    # new-user test merging "Mike Pence" saw Mike Huckabee first and "Pence" nowhere near)
    pence = entity_candidates(store, "PERSON", "Mike Pence")
    assert (pence[0]["canonical"], pence[0]["label"]) == ("Pence", "ORG")
    # ... also when it is too rare for the most widespread names the picker ranks
    monkeypatch.setattr(corrections, "CANDIDATE_POOL", 2)
    rare = entity_candidates(store, "PERSON", "Mike Pence")
    assert (rare[0]["canonical"], rare[0]["label"]) == ("Pence", "ORG")


def test_not_a_claim_is_removed_and_stays_removed(seeds):
    """A new-user test had no way to say "nothing is claimed here". The claim goes from the
    store, its cluster and the link state, stays gone after a re-analysis and a full relink,
    and comes back when the correction is deleted; the sentence's other claims stay."""
    from gloss.store.analysis.corrections import not_a_claim

    condemn = claim_with(seeds, "Reuters", "We condemn the DPRK")
    others = source_count(seeds, condemn["id"])
    assert others == 2
    siblings = seeds.scalar(
        "SELECT count(*) FROM claims WHERE document_id = ? AND id != ?",
        (condemn["document_id"], condemn["id"]),
    )
    number = not_a_claim(seeds, condemn["id"], author="ana")
    assert same_claim(seeds, condemn) is None
    assert seeds.scalar("SELECT count(*) FROM link_keys WHERE claim = ?", (condemn["id"],)) == 0
    assert (
        seeds.scalar(
            "SELECT count(*) FROM link_edges WHERE a = ? OR b = ?", (condemn["id"], condemn["id"])
        )
        == 0
    )
    assert (
        seeds.scalar("SELECT count(*) FROM claims WHERE document_id = ?", (condemn["document_id"],))
        == siblings
    )
    reanalyse(seeds)
    link_store(seeds, mode="full")
    assert same_claim(seeds, condemn) is None
    (row,) = [r for r in list_corrections(seeds) if r["id"] == number]
    assert (row["kind"], row["author"]) == ("not_a_claim", "ana") and "condemn" in row["text"]
    assert delete_correction(seeds, number) == [condemn["document_id"]]
    analyze_documents(seeds, [condemn["document_id"]], engine="rules", force=True)
    back = same_claim(seeds, condemn)
    assert back is not None and source_count(seeds, back["id"]) == others


def test_an_undo_analyses_the_documents_again_and_a_stopped_one_leaves_them_outdated(seeds):
    """Undoing a correction forgets it and analyses its documents again in one job (the
    corrections screen's u). The forgetting marks them outdated in the same transaction: an
    undo stopped (or killed) before the analysis leaves them for "analyse outdated
    documents", not carrying a correction nobody can see any more."""
    from gloss.store.analysis.corrections import not_a_claim
    from gloss.store.analysis.run import outdated_ids
    from gloss.store.import_jobs import analyse_again

    def undo_correction(store, number, **options):
        return analyse_again(store, delete_correction(store, number), undone=number, **options)

    condemn = claim_with(seeds, "Reuters", "We condemn the DPRK")
    number = not_a_claim(seeds, condemn["id"])
    assert same_claim(seeds, condemn) is None and outdated_ids(seeds) == []
    report = undo_correction(seeds, number, engine="rules")
    assert (report.undone, report.analysed, report.stopped) == (number, 1, False)
    back = same_claim(seeds, condemn)
    assert back is not None and source_count(seeds, back["id"]) == 2
    assert list_corrections(seeds) == [] and outdated_ids(seeds) == []

    number = set_speaker(seeds, back["id"], "Somebody Else")
    stopped = undo_correction(seeds, number, engine="rules", stop=lambda: True)
    assert stopped.stopped and list_corrections(seeds) == []
    assert outdated_ids(seeds) == [condemn["document_id"]]
    assert same_claim(seeds, condemn)["speaker"] == "Somebody Else"  # until analysed again
    analyze_documents(seeds, outdated_ids(seeds), engine="rules")
    assert same_claim(seeds, condemn)["speaker"] == back["speaker"]
    assert outdated_ids(seeds) == []


def test_undoing_a_retype_a_later_rename_built_on_analyses_its_documents_again(seeds):
    """A new-user test retyped an organisation as a person, then renamed the person; undoing
    the retype said "0 documents analysed again" and the entity stayed a person. The rows
    carrying it are found under the name the later rename gave them."""
    name, label = seeds.row(
        "SELECT canonical, label FROM entities WHERE label = 'ORG' GROUP BY canonical "
        "ORDER BY count(*) DESC LIMIT 1"
    ).values()
    where = {
        r[0]
        for r in seeds.conn.execute(
            "SELECT DISTINCT document_id FROM entities WHERE canonical = ? AND label = 'ORG'",
            (name,),
        )
    }
    retype = rename_entity(seeds, name, name, label, new_label="PERSON")
    rename_entity(seeds, name, f"{name} Person", "PERSON")
    assert (
        seeds.scalar("SELECT count(*) FROM entities WHERE canonical = ? AND label = 'ORG'", (name,))
        == 0
    )
    documents = delete_correction(seeds, retype)
    assert set(documents) >= where
    analyze_documents(seeds, documents, engine="rules", force=True)
    assert (
        seeds.scalar("SELECT count(*) FROM entities WHERE canonical = ? AND label = 'ORG'", (name,))
        > 0
    )
    assert (
        seeds.scalar("SELECT count(*) FROM entities WHERE canonical = ?", (f"{name} Person",)) == 0
    )


def test_undoing_a_small_merge_analyses_only_the_documents_it_changed(seeds):
    """A new-user test undid a merge of "Hillary" (13 documents) into "Hillary Clinton":
    all 638 documents naming her were analysed again, for minutes. Only the documents whose
    rows the merge changed are."""
    lone = seeds.row(
        "SELECT canonical, min(document_id) AS doc FROM entities WHERE label = 'PERSON' "
        "GROUP BY canonical HAVING count(DISTINCT document_id) = 1 LIMIT 1"
    )
    everywhere = seeds.scalar(
        "SELECT count(DISTINCT document_id) FROM entities WHERE canonical = 'John Kirby'"
    )
    assert everywhere > 1
    number = rename_entity(seeds, lone["canonical"], "John Kirby", "PERSON")
    assert delete_correction(seeds, number) == [lone["doc"]]


def test_a_correction_is_summed_up_without_ids_that_change(seeds):
    """A new-user test read "claim 1184" in the corrections list, then "claim 2284" for the
    same correction after an undo re-analysed its document: a summary names no claim id,
    and reads the same after a re-analysis."""
    from gloss.store.analysis import analyze_documents
    from gloss.store.analysis.corrections import correction_summary

    claim = claim_with(seeds, "Reuters", "We condemn the DPRK")
    other = seeds.row(
        "SELECT * FROM claims WHERE cluster = ? AND document_id != ? LIMIT 1",
        (claim["cluster"], claim["document_id"]),
    )
    split_claim(seeds, claim["id"])
    merge_clusters(seeds, same_claim(seeds, claim)["id"], other["id"])
    set_speaker(seeds, same_claim(seeds, claim)["id"], "Karine Jean-Pierre")
    before = [correction_summary(row) for row in list_corrections(seeds)]
    assert before[0] == "split off its cluster"
    assert before[1] == f"joined with a claim of #{other['document_id']}"
    assert not any(str(claim["id"]) in s or str(other["id"]) in s for s in before)
    analyze_documents(seeds, [claim["document_id"]], engine="rules", force=True)
    assert [correction_summary(row) for row in list_corrections(seeds)] == before


def test_a_retype_marks_no_claim_corrected(seeds):
    """A new-user test retyped the organisation "New Hampshire" a place: every claim by New
    Hampshire, the place's too, read "corrected" in the claims export though no speaker
    changed. A rename still marks the claims it renames."""
    with seeds.write() as conn:
        conn.execute("UPDATE claims SET corrected = 0")
    claim = claim_with(seeds, "Reuters", "We condemn the DPRK")
    speaker = claim["speaker"]
    label = seeds.scalar(
        "SELECT label FROM entities WHERE canonical = ? AND label IN ('PERSON', 'ORG') LIMIT 1",
        (speaker,),
    )
    rename_entity(seeds, speaker, speaker, label, new_label="GPE" if label == "ORG" else "ORG")
    assert seeds.scalar("SELECT count(*) FROM claims WHERE corrected = 1") == 0
    rename_entity(seeds, speaker, "Admiral John Kirby", "GPE" if label == "ORG" else "ORG")
    assert seeds.scalar("SELECT count(*) FROM claims WHERE corrected = 1") > 0
