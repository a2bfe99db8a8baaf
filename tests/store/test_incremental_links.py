"""Incremental linking (issue #13): adding, re-analysing and deleting documents links only
what they touch, and gives the clusters and stories a full relink with the same statistics
gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gloss.store import Store
from gloss.store.analysis import analyze_documents, links
from gloss.store.analysis.incremental import link_incremental
from gloss.store.analysis.link_state import stored_stats
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.file_import import ensure_seeded, import_paths
from tests.conftest import shared_data
from tests.store.test_cross_source import RYAN_FRAGMENT, RYAN_WHOLE


def _state(store: Store) -> tuple[list[list[int]], list[list[int]]]:
    """Clusters (claim ids) and stories (document ids), as sorted lists."""
    clusters: dict[str, set[int]] = {}
    for cluster, claim in store.conn.execute(
        "SELECT cluster, id FROM claims WHERE cluster IS NOT NULL"
    ):
        clusters.setdefault(cluster, set()).add(claim)
    stories: dict[int, set[int]] = {}
    for doc, story in store.conn.execute("SELECT document_id, story FROM document_stories"):
        stories.setdefault(story, set()).add(doc)
    return sorted(map(sorted, clusters.values())), sorted(map(sorted, stories.values()))


def _incremental_then_replan(store: Store) -> tuple[object, object]:
    """The state after an incremental link, and after a full relink with the same stats."""
    links.link_store(store, mode="incremental")
    incremental = _state(store)
    links.link_store(store, mode="replan")
    return incremental, _state(store)


def _settle(store: Store) -> None:
    """Link what the last link's own writes left pending (dates of undated documents
    resolved after its clusters), so a test starts from no pending work."""
    links.link_store(store, mode="incremental")
    assert store.scalar("SELECT count(*) FROM link_pending") == 0


@pytest.fixture
def small_stores_link_incrementally(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small stores are linked in full by default (cheap); the tests link them as a large
    store would be."""
    monkeypatch.setattr(links, "FULL_BELOW", 0)
    monkeypatch.setattr(links, "REFRESH_GROWTH", 100.0)  # two seeds more than double a store


def test_seeds_added_later_link_as_a_full_relink_would(
    store: Store, small_stores_link_incrementally: None
) -> None:
    ensure_seeded(store)
    analyze_documents(store, [1, 3, 4], engine="rules")  # a store's first link is a full one
    first = _state(store)
    heard: list[str] = []
    analyze_documents(store, [2, 5], engine="rules", on_link=heard.append)
    assert heard == ["incremental"]
    incremental = _state(store)
    assert len(incremental[0]) > len(first[0]) and len(incremental[1]) > len(first[1])
    links.link_store(store, mode="replan")
    assert _state(store) == incremental


def test_writes_record_the_work_pending(
    store: Store, small_stores_link_incrementally: None
) -> None:
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    _settle(store)
    clustered = store.conn.execute(
        "SELECT id, document_id, cluster FROM claims WHERE cluster IS NOT NULL LIMIT 1"
    ).fetchone()
    # A changed canonical name or speaker marks its document; an unchanged one does not.
    with store.write() as conn:
        conn.execute("UPDATE entities SET canonical = canonical WHERE document_id = 1")
        assert conn.execute("SELECT count(*) FROM link_pending").fetchone()[0] == 0
        conn.execute(
            "UPDATE entities SET canonical = 'Someone Else' "
            "WHERE id = (SELECT min(id) FROM entities WHERE document_id = 3)"
        )
        assert [r[0] for r in conn.execute("SELECT document_id FROM link_pending")] == [3]
    # A deleted claim leaves its pairs' other ends and its cluster mates to regroup.
    with store.write() as conn:
        conn.execute("DELETE FROM claims WHERE id = ?", (clustered[0],))
        dirty = {r[0] for r in conn.execute("SELECT claim FROM link_dirty")}
        mates = {
            r[0] for r in conn.execute("SELECT id FROM claims WHERE cluster = ?", (clustered[2],))
        }
        assert mates and mates <= dirty
        assert (
            conn.execute(
                "SELECT count(*) FROM link_edges WHERE ? IN (a, b)", (clustered[0],)
            ).fetchone()[0]
            == 0
        )
    incremental, replanned = _incremental_then_replan(store)
    assert incremental == replanned
    assert store.scalar("SELECT count(*) FROM link_dirty") == 0


def test_one_new_document_regroups_only_what_it_touches(
    store: Store, small_stores_link_incrementally: None
) -> None:
    ensure_seeded(store)
    with store.write() as conn:
        save_document(
            conn,
            "Weather\n\nIt rained in Leeds on Tuesday, a spokesman for the Met Office said.",
            "weather.txt",
            DocumentMeta(title="Weather"),
        )
    analyze_documents(store, engine="rules")
    _settle(store)
    claims = store.scalar("SELECT count(*) FROM claims")
    with store.write() as conn:
        changed = conn.execute(
            "UPDATE entities SET canonical = canonical || ' (renamed)' WHERE document_id = "
            "(SELECT id FROM documents WHERE path = 'weather.txt')"
        ).rowcount
        assert changed >= 1
        report = link_incremental(conn, stored_stats(conn))
    assert report.documents == 1 and report.claims >= 1
    assert report.regrouped_claims < claims / 4


def test_polnear_batches_and_deletions_link_as_a_full_relink_would(
    tmp_path: Path, small_stores_link_incrementally: None
) -> None:
    """Real news from seven outlets over the same weeks: 90 articles linked in full, then
    two batches of 15 analysed and linked incrementally, then a deletion and a forced
    re-analysis; after each, the clusters and stories equal a full relink's."""
    import csv

    from gloss.store import open_store

    data = shared_data("polnear")
    with (data / "metadata.tsv").open(encoding="utf-8") as fh:
        meta = {row["filename"]: row for row in csv.DictReader(fh, delimiter="\t")}
    files = sorted(p for p in (data / "train" / "text").glob("*.txt") if p.stem in meta)
    files.sort(key=lambda p: (meta[p.stem]["publication_date"], p.stem))
    files = files[:120]
    random.Random(7).shuffle(files)
    store = open_store(tmp_path / "polnear.db")

    def add(paths: list[Path]) -> None:
        import_paths(store, [str(p) for p in paths])
        with store.write() as conn:
            for doc_id, path in conn.execute(
                "SELECT id, path FROM documents WHERE engine IS NULL"
            ).fetchall():
                row = meta[Path(path).stem]
                conn.execute(
                    "UPDATE documents SET outlet = ?, published = ? WHERE id = ?",
                    (row["publisher"], row["publication_date"], doc_id),
                )
        analyze_documents(store, engine="rules")

    try:
        add(files[:90])
        before = _state(store)
        for batch in (files[90:105], files[105:]):
            add(batch)
            incremental = _state(store)
            links.link_store(store, mode="replan")
            assert _state(store) == incremental
        assert len(incremental[0]) > len(before[0])
        with store.write() as conn:
            conn.execute(
                "DELETE FROM documents WHERE id = (SELECT min(document_id) FROM claims "
                "WHERE cluster IS NOT NULL)"
            )
        incremental, replanned = _incremental_then_replan(store)
        assert incremental == replanned
        analyze_documents(store, [5, 50, 95], engine="rules", force=True)
        incremental = _state(store)
        links.link_store(store, mode="replan")
        assert _state(store) == incremental
    finally:
        store.close()


def test_a_small_or_grown_store_is_linked_in_full(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    assert not links._incremental_ok(store)  # a few claims: a full link costs nothing
    monkeypatch.setattr(links, "FULL_BELOW", 0)
    assert links._incremental_ok(store)
    stats = stored_stats(store.conn)
    with store.write() as conn:  # as if the statistics were counted on far fewer claims
        conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'link_claims'", (str(stats.claims // 2),)
        )
    assert not links._incremental_ok(store)
    with store.write() as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'link_claims'", (str(stats.claims),))
    assert links._incremental_ok(store)
    monkeypatch.setattr(links, "PENDING_MIN", 0)
    with store.write() as conn:  # most documents changed: one full pass is faster
        conn.execute("UPDATE entities SET canonical = canonical || '.' WHERE document_id <= 3")
    assert not links._incremental_ok(store)


def test_a_new_document_adopts_the_corpus_names(
    store: Store, small_stores_link_incrementally: None
) -> None:
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    _settle(store)
    with store.write() as conn:
        _, doc = save_document(
            conn,
            "Talks\n\nOn Monday, Mr Kirby told reporters that the talks with North Korea would "
            "go on. Officials in Seoul said Vladimir V. Putin had met Mr Shoigu at the Kremlin. "
            '"We are ready," said Kirby.',
            "talks.txt",
            DocumentMeta(title="Talks"),
        )
    assert links._incremental_ok(store)
    analyze_documents(store, [doc], engine="rules")  # an incremental link
    names = {
        text: canonical
        for text, canonical in store.conn.execute(
            "SELECT text, canonical FROM entities WHERE document_id = ? AND label = 'PERSON'",
            (doc,),
        )
    }
    # The bare surnames take the one full name of the corpus ending with them (whose
    # documents name North Korea, the Kremlin...: the same company); the variant spelling
    # takes the corpus's form.
    assert names["Kirby"] == "John Kirby"
    assert names["Shoigu"] == "Sergei Shoigu"
    assert names["Vladimir V. Putin"] == "Vladimir Putin"
    speakers = {
        r[0] for r in store.conn.execute("SELECT speaker FROM claims WHERE document_id = ?", (doc,))
    }
    assert "John Kirby" in speakers and "Kirby" not in speakers
    # The names of the other documents were not touched, and a full relink agrees.
    links.link_store(store, mode="full")
    again = dict(
        store.conn.execute(
            "SELECT text, canonical FROM entities WHERE document_id = ? AND label = 'PERSON'",
            (doc,),
        ).fetchall()
    )
    assert again == names


def test_a_speaker_that_becomes_a_person_relinks_their_claims(
    store: Store, small_stores_link_incrementally: None
) -> None:
    """Whether a speaker is a person is read by every claim of theirs: when a new document
    makes a speaker a person, the speaker's claims in other documents are paired again."""
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    _settle(store)
    from gloss.store.analysis.person_names import cleaned

    speaker, documents = next(
        (s, n)
        for s, n in store.conn.execute(
            "SELECT s.speaker, count(DISTINCT c.document_id) FROM link_speakers s "
            "JOIN claims c ON c.speaker = s.speaker WHERE s.person = 0 "
            "GROUP BY s.speaker ORDER BY 2 DESC, 1"
        )
        if cleaned(s) == s  # a name the person rules keep as it is
    )
    assert documents >= 2
    with store.write() as conn:
        _, doc = save_document(
            conn, f"A profile\n\nA profile of {speaker}.", "p.txt", DocumentMeta()
        )
        start = (
            conn.execute("SELECT text FROM documents WHERE id = ?", (doc,))
            .fetchone()[0]
            .index(speaker)
        )
        conn.execute(
            "INSERT INTO entities (document_id, start, end, label, text, canonical) "
            "VALUES (?, ?, ?, 'PERSON', ?, ?)",
            (doc, start, start + len(speaker), speaker, speaker),
        )
        report = link_incremental(conn, stored_stats(conn))
    said = store.scalar("SELECT count(*) FROM claims WHERE speaker = ?", (speaker,))
    assert report.documents == 1 and report.claims == said  # the new one has no claim
    assert store.scalar("SELECT person FROM link_speakers WHERE speaker = ?", (speaker,)) == 1
    incremental = _state(store)
    links.link_store(store, mode="replan")
    assert _state(store) == incremental


def test_analysis_says_how_it_links(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """``on_link`` hears the mode before linking (the CLI tells the user a full link may
    regroup older clusters)."""
    monkeypatch.setattr(links, "REFRESH_GROWTH", 100.0)
    ensure_seeded(store)
    heard: list[str] = []
    analyze_documents(store, [1, 2, 3], engine="rules", on_link=heard.append)
    monkeypatch.setattr(links, "FULL_BELOW", 0)
    analyze_documents(store, [4, 5], engine="rules", on_link=heard.append)
    analyze_documents(store, [4], engine="rules", on_link=heard.append)  # nothing to analyse
    assert heard == ["full", "incremental"]


def test_boilerplate_of_documents_without_an_outlet_links_as_a_full_relink_would(
    store: Store, small_stores_link_incrementally: None
) -> None:
    """A narration repeated in documents of no known outlet becomes boilerplate when the
    third arrives: the incremental link regroups its holders as a full relink does."""
    note = (
        "Editor's note: Donald Trump regularly incites political violence and is a serial liar "
        "and a rampant xenophobe."
    )
    with store.write() as conn:
        for i in range(4):
            save_document(
                conn,
                f"Story {i}\n\nJohn Kirby said on Monday that the bill {i} would pass.\n\n{note}",
                f"plain{i}.txt",
                DocumentMeta(title=f"Story {i}"),
            )
    analyze_documents(store, [1, 2], engine="rules")  # two holders: still a cluster
    assert any(len(c) == 2 for c in _state(store)[0])
    heard: list[str] = []
    analyze_documents(store, [3, 4], engine="rules", on_link=heard.append)
    assert heard == ["incremental"]
    incremental = _state(store)
    links.link_store(store, mode="replan")
    assert _state(store) == incremental
    clustered = store.rows(
        "SELECT substr(d.text, c.start + 1, c.end - c.start) AS sentence FROM claims c "
        "JOIN documents d ON d.id = c.document_id WHERE c.cluster IS NOT NULL"
    )
    assert not [r for r in clustered if "Editor" in r["sentence"]]


RESTATED = {
    "lead.txt": "Arms\n\nThe United States said North Korea provided Russia with artillery "
    "shells. The talks were held in Seoul.\n\nThe United States said on Friday that North "
    "Korea had recently provided Russia with a large shipment of artillery shells, rockets, "
    "rifles and drones by rail from the port of Rajin to depots in the south. The United "
    "States said the talks on the border would resume in May.",
    "wire.txt": "Shells\n\nThe White House said North Korea provided Russia with artillery shells.",
}


def test_a_document_restating_a_claim_has_both_claims_in_its_cluster(
    store: Store, small_stores_link_incrementally: None
) -> None:
    """The seeds' lead "North Korea of providing Russia with weapons" was in the cluster of
    the other outlets' reports, its own body's "North Korea recently provided Russia with a
    shipment of weapons" was not: one speaker's claim that restates another of its document
    joins its cluster (a link and a relink agree); the same speaker's other claim does not."""
    ids = {}
    with store.write() as conn:
        for name, text in RESTATED.items():
            ids[name] = save_document(conn, text, name, DocumentMeta(title=name))[1]
    analyze_documents(store, [ids["lead.txt"]], engine="rules")
    analyze_documents(store, [ids["wire.txt"]], engine="rules")
    incremental, replanned = _incremental_then_replan(store)
    assert incremental == replanned
    rows = store.rows(
        "SELECT c.document_id, c.cluster, substr(d.text, c.content_start + 1, 30) AS words "
        "FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.speaker IS NOT NULL"
    )
    lead = {r["words"]: r["cluster"] for r in rows if r["document_id"] == ids["lead.txt"]}
    wire = [r["cluster"] for r in rows if r["document_id"] == ids["wire.txt"]]
    first, again, other = sorted(lead, key=lambda w: RESTATED["lead.txt"].index(w))
    assert wire[0] is not None and lead[first] == lead[again] == wire[0]
    assert lead[other] != wire[0]


@pytest.mark.parametrize("first", [0, 1])
def test_a_short_quote_and_a_longer_one_holding_it_link_in_either_order(
    store: Store, small_stores_link_incrementally: None, first: int
) -> None:
    """One speaker's short quotation and another outlet's longer quotation holding it (a day
    apart, sharing one common word) are candidates whichever document comes second, as in a
    full relink."""
    texts = [
        RYAN_WHOLE,
        RYAN_FRAGMENT,
        (
            # "ready" in more claims than a rare word is in (a rare quoted word pairs anyway).
            "John Smith said the team was ready. Mary Jones said the plan was ready. Tom "
            "Brown said the city was ready.",
            DocumentMeta(outlet="ap"),
        ),
    ]
    order = [texts[first], texts[2], texts[1 - first]]
    ids = []
    with store.write() as conn:
        for k, (text, meta) in enumerate(order[:2]):
            ids.append(save_document(conn, text, f"d{k}", meta)[1])
    analyze_documents(store, engine="spacy")
    with store.write() as conn:
        ids.append(save_document(conn, order[2][0], "d2", order[2][1])[1])
    heard: list[str] = []
    analyze_documents(store, [ids[2]], engine="spacy", on_link=heard.append)
    assert heard == ["incremental"]
    incremental = _state(store)
    assert incremental[0] and {
        store.scalar("SELECT document_id FROM claims WHERE id = ?", (i,)) for i in incremental[0][0]
    } == {ids[0], ids[2]}
    links.link_store(store, mode="replan")
    assert _state(store) == incremental


def test_amounts_with_a_decimal_point_keep_their_own_names(store: Store) -> None:
    """A new-user test's PolNeAR store named "1.6 percent" after "16 percent" (and "$3.2
    million" after "$32 million"): the matching key dropped the decimal point."""
    with store.write() as conn:
        ids = [
            save_document(conn, text, f"{i}.txt", DocumentMeta(title=f"Growth {i}"))[1]
            for i, text in enumerate(
                [
                    "Growth\n\nThe IMF cut its forecast to 1.6 percent. It lent $3.2 million.",
                    "Growth\n\nThe IMF said 16 percent of firms grew. Sales were $32 million.",
                    "Growth\n\nThe bank said 16 percent of loans failed and $32 million was lost.",
                ]
            )
        ]
    analyze_documents(store, ids, engine="rules")
    links.link_store(store, mode="full")
    names = {
        (text, canonical)
        for text, canonical in store.conn.execute(
            "SELECT text, canonical FROM entities WHERE label IN ('PERCENT', 'MONEY')"
        )
    }
    assert ("1.6 percent", "1.6 percent") in names
    assert ("$3.2 million", "$3.2 million") in names
    assert ("16 percent", "16 percent") in names
