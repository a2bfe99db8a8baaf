"""Stored analysis: idempotency, clusters across the seeds, reading without spaCy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gloss.store.analysis import (
    analyze_documents,
    document_claims,
    document_entities,
    list_clusters,
    list_entities,
    list_stories,
)
from gloss.store.documents import DocumentMeta, save_document

REPO = Path(__file__).resolve().parents[2]


def load_seeds(store) -> list[int]:
    ids = []
    with store.write() as conn:
        for path in sorted((REPO / "seeds").glob("*.txt")):
            ids.append(
                save_document(conn, path.read_text(encoding="utf-8"), str(path), DocumentMeta())[1]
            )
    return ids


def test_not_analysed_twice_for_same_engine(store) -> None:
    ids = load_seeds(store)
    first = analyze_documents(store, engine="rules")
    assert first.analysed == len(ids) and first.skipped == 0
    claim_ids = [c["id"] for c in document_claims(store, ids[0])]
    second = analyze_documents(store, engine="rules")
    assert second.analysed == 0 and second.skipped == len(ids)
    assert [c["id"] for c in document_claims(store, ids[0])] == claim_ids
    row = store.row("SELECT engine, engine_version FROM documents WHERE id = ?", (ids[0],))
    assert row == {"engine": "rules", "engine_version": first.engine_version}
    forced = analyze_documents(store, [ids[0]], engine="rules", force=True)
    assert forced.analysed == 1


def test_links_from_an_older_gloss_are_redone_with_nothing_to_analyse(store) -> None:
    """A newer gloss links across documents differently (LINKS_VERSION): `gloss analyze` then
    relinks the store without analysing any document again."""
    from gloss.store.analysis import links_stale

    assert not links_stale(store)  # nothing analysed: nothing to link
    load_seeds(store)
    analyze_documents(store, engine="rules")
    assert not links_stale(store)
    clusters = list_clusters(store)
    stories = list_stories(store)
    assert clusters and stories
    with store.write() as conn:  # as an older gloss left it
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'links_version'")
        conn.execute("UPDATE claims SET cluster = NULL")
        conn.execute("DELETE FROM document_stories")
    assert links_stale(store)
    again = analyze_documents(store, engine="rules")
    assert again.analysed == 0 and again.clusters == len(clusters)
    assert list_clusters(store) == clusters and list_stories(store) == stories
    assert not links_stale(store)


def test_unknown_engine_is_one_line_error(store) -> None:
    from gloss.store.errors import GlossError

    with pytest.raises(GlossError, match="unknown analysis engine"):
        analyze_documents(store, engine="bert")


def test_kirby_condemn_quote_clustered_with_diff(store) -> None:
    load_seeds(store)
    analyze_documents(store, engine="rules")
    clusters = list_clusters(store)
    condemn = [
        c for c in clusters if any(v["text"].startswith("We condemn") for v in c["variants"])
    ]
    assert len(condemn) == 1
    variants = condemn[0]["variants"]
    assert len({v["document_id"] for v in variants}) == 3
    assert all(v["speaker"] == "John Kirby" for v in variants)
    changes = [op for v in variants for op in v["diff"] if op["op"] != "equal"]
    assert any(op["a"] == "the DPRK" and op["b"] == "[North Korea]" for op in changes)
    assert any("was" in op["b"].split() and "will" in op["a"].split() for op in changes)
    # Claims from one document never form a cluster on their own.
    for c in clusters:
        assert c["documents"] >= 2


def test_entities_listing_counts_and_document_rows(store) -> None:
    ids = load_seeds(store)
    analyze_documents(store, engine="rules")
    rows = {(r["canonical"], r["label"]): r for r in list_entities(store)}
    assert rows[("North Korea", "GPE")]["documents"] == len(ids)
    assert rows[("John Kirby", "PERSON")]["mentions"] >= 20
    ents = document_entities(store, ids[0])
    text = store.scalar("SELECT text FROM documents WHERE id = ?", (ids[0],))
    assert all(text[e["start"] : e["end"]] == e["text"] for e in ents)
    claims = document_claims(store, ids[0])
    assert all(isinstance(c["hedges"], list) and 0 <= c["score"] <= 1 for c in claims)
    assert {c["kind"] for c in claims} <= {"quote", "reported", "assertion"}
    stories = list_stories(store)
    assert stories and all(len(s["documents"]) >= 2 for s in stories)


def test_reading_analysed_store_does_not_import_spacy(tmp_path) -> None:
    from gloss.store.migrations import open_store

    db = tmp_path / "g.db"
    store = open_store(db)
    load_seeds(store)
    analyze_documents(store, engine="rules")
    store.close()
    code = (
        "import sys\n"
        "from gloss.store.migrations import open_store\n"
        "import gloss.store.analysis as a\n"
        f"s = open_store({str(db)!r})\n"
        "a.list_entities(s); a.list_clusters(s); a.document_claims(s, 1)\n"
        "a.document_entities(s, 1); a.default_engine_name(); a.list_stories(s)\n"
        "print('spacy' in sys.modules, 'thinc' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False False"


def test_canonical_names_link_across_documents(store) -> None:
    texts = [
        "Foreign Minister Jean-Yves Le Drian said on Monday that talks would resume.",
        "Jean Yves Le Drian met Anna Kowalska in Paris on Tuesday to discuss the talks.",
        "Le Drian later said the talks had failed, and Kowalska agreed with him.",
        "Anna Kowalska said the talks would resume next year in Warsaw.",
    ]
    with store.write() as conn:
        for i, t in enumerate(texts):
            save_document(conn, t, f"d{i}", DocumentMeta())
    analyze_documents(store, engine="rules")
    names = {(r["canonical"], r["label"]) for r in list_entities(store)}
    drian = {c for c, label in names if label == "PERSON" and "Drian" in c}
    assert len(drian) == 1, drian
    # The bare surname in the third document links to the one full name in the corpus.
    assert ("Anna Kowalska", "PERSON") in names and ("Kowalska", "PERSON") not in names


def test_a_bare_surname_links_only_to_a_single_full_name(store) -> None:
    from gloss.store.analysis.corpus_names import relink_corpus

    names = ["John Kirby", "Kirby", "Mary Smith", "Tom Smith", "Smith", "Le Drian", "Drian"]
    names += ["Jean-Yves Le Drian", "Ann Lee-Kirby"]
    with store.write() as conn:
        doc = save_document(conn, " ".join(names), "d", DocumentMeta())[1]
        at = 0
        for name in names:
            conn.execute(
                "INSERT INTO entities (document_id, start, end, label, text, canonical) "
                "VALUES (?, ?, ?, 'PERSON', ?, ?)",
                (doc, at, at + len(name), name, name),
            )
            at += len(name) + 1
        relink_corpus(conn)
    got = dict(store.conn.execute("SELECT text, canonical FROM entities").fetchall())
    assert got["Kirby"] == "John Kirby"  # "Lee-Kirby" does not end with " Kirby"
    assert got["Smith"] == "Smith"  # two full names end with it
    # "Drian" ends both "Le Drian" and "Jean-Yves Le Drian": ambiguous, kept.
    assert got["Le Drian"] == "Jean-Yves Le Drian" and got["Drian"] == "Drian"


def test_falls_back_to_rules_when_the_model_cannot_load(store, monkeypatch) -> None:
    import gloss.store.analysis.engines as engines
    import gloss.store.analysis.spacy_engine as spacy_engine
    from gloss.store.errors import GlossError

    monkeypatch.setattr(spacy_engine, "MODEL_NAMES", ("no_such_model_package",))
    monkeypatch.setattr(engines, "_engines", {})
    load_seeds(store)
    report = analyze_documents(store)
    assert report.engine == "rules" and report.analysed == 5
    assert report.fallback_reason and "no_such_model_package" in report.fallback_reason
    with pytest.raises(GlossError, match="not installed"):
        analyze_documents(store, engine="spacy")
