"""Review verdicts survive a re-analysis: they follow their claim or entity to its new row."""

from __future__ import annotations

from gloss.store.analysis import analyze_documents
from gloss.store.analysis.base import Analysis
from gloss.store.analysis.run import write_analysis
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.review import (
    give_verdict,
    open_session,
    resume_index,
    session_items,
    verdicts_by_item,
)
from gloss.store.search import count_matches

TEXT = (
    "John Kirby said the talks would resume on Monday. "
    "Vladimir Putin said the sanctions had failed. "
    '"We will not back down," said Kirby.'
)


def _doc(store) -> int:
    with store.write() as conn:
        return save_document(conn, TEXT, "kirby.txt", DocumentMeta(title="Talks"))[1]


def _judged_spans(store, kind: str) -> dict[tuple[int, int], str]:
    table, span = (
        ("claims", "content_start, content_end")
        if kind == "claim"
        else (
            "entities",
            "start, end",
        )
    )
    rows = store.rows(
        f"SELECT {span}, v.verdict FROM verdicts v JOIN {table} x "
        "ON v.item_id = CAST(x.id AS TEXT) WHERE v.item_kind = ?",
        (kind,),
    )
    return {tuple(list(r.values())[:2]): r["verdict"] for r in rows}


def test_verdicts_follow_their_claims_and_entities_through_a_reanalysis(store) -> None:
    doc = _doc(store)
    with store.write() as conn:  # a later document: the re-analysed rows get new ids
        save_document(conn, "Ann Lee said rates would rise.", "lee.txt", DocumentMeta(title="L"))
    analyze_documents(store, engine="rules")
    old_ids = {r["id"] for r in store.rows("SELECT id FROM claims WHERE document_id = ?", (doc,))}
    claims = open_session(store, "claims", "claims", author="ana")
    entities = open_session(store, "people", "entities", author="ana")
    c_items, e_items = session_items(store, claims), session_items(store, entities)
    assert len(c_items) >= 2 and e_items
    give_verdict(store, claims, c_items[0], "accept", "ana")
    give_verdict(store, claims, c_items[1], "reject", "ana")
    give_verdict(store, entities, e_items[0], "accept", "ana")
    before = {k: _judged_spans(store, k) for k in ("claim", "entity")}

    report = analyze_documents(store, [doc], engine="rules", force=True)

    assert report.analysed == 1
    new_ids = {r["id"] for r in store.rows("SELECT id FROM claims WHERE document_id = ?", (doc,))}
    assert not old_ids & new_ids
    after = {k: _judged_spans(store, k) for k in ("claim", "entity")}
    assert after == before  # the same spans carry the same verdicts
    # the session resumes after the two judged claims, and the document stays reviewed
    items = session_items(store, claims)
    assert resume_index(items, verdicts_by_item(store, claims, "ana")) == 2
    assert store.scalar("SELECT count(*) FROM verdicts WHERE item_id LIKE 'gone:%'") == 0
    assert count_matches(store, "status:reviewed") == 1


def test_a_verdict_whose_claim_is_gone_never_names_another_claim(store) -> None:
    doc = _doc(store)
    analyze_documents(store, engine="rules")
    session = open_session(store, "claims", "claims", author="ana")
    last = max(session_items(store, session), key=lambda item: int(item.id))
    give_verdict(store, session, last, "accept", "ana")
    kept = store.rows(
        "SELECT start, end, kind, speaker, speaker_start, speaker_end, cue, cue_start, "
        "cue_end, content_start, content_end, score FROM claims WHERE id != ? ORDER BY id",
        (int(last.id),),
    )
    from gloss.store.analysis.base import Claim

    result = Analysis([], [Claim(**row, hedges=[]) for row in kept])
    with store.write() as conn:
        # the re-analysis no longer finds the judged claim; row ids are reused
        write_analysis(conn, doc, _Engine(), result)
        conn.execute(
            "INSERT INTO claims (id, document_id, start, end, kind, content_start, content_end) "
            "VALUES (?, ?, 0, 4, 'reported', 0, 4)",
            (int(last.id), doc),
        )
    row = store.row("SELECT item_id FROM verdicts")
    assert row == {"item_id": f"gone:{last.id}"}


class _Engine:
    name, version = "rules", "test"


def test_a_session_on_one_cluster_survives_a_reanalysis(store) -> None:
    """Cluster names are places in the store, not claim ids: a new-user test's session on
    `claims cluster:k5153` was empty (`0/0 · Session complete`) after `analyze --all --force`."""
    from gloss.store.file_import import ensure_seeded

    seeded_store = store
    ensure_seeded(seeded_store)
    analyze_documents(seeded_store, engine="rules")
    before = {
        r["cluster"]: r["n"]
        for r in seeded_store.rows(
            "SELECT cluster, count(*) AS n FROM claims WHERE cluster IS NOT NULL GROUP BY cluster"
        )
    }
    name = max(before, key=lambda c: (before[c], c))
    session = open_session(seeded_store, "one claim", f"claims cluster:{name}", author="ana")
    items = session_items(seeded_store, session)
    assert len(items) == before[name] >= 3
    give_verdict(seeded_store, session, items[0], "accept", "ana")
    old_ids = {r["id"] for r in seeded_store.rows("SELECT id FROM claims")}
    analyze_documents(seeded_store, engine="rules", force=True)
    assert not old_ids & {r["id"] for r in seeded_store.rows("SELECT id FROM claims")}
    again = session_items(seeded_store, open_session(seeded_store, "one claim"))
    assert len(again) == len(items)
    done = verdicts_by_item(seeded_store, session, "ana")
    assert resume_index(again, done) == 1  # the verdict followed its claim into the session
