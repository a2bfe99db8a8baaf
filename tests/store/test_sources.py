"""The same claim across sources on the seeds: the Kirby "We condemn the DPRK" quote."""

from __future__ import annotations

import pytest

from gloss.store.analysis import analyze_documents, list_clusters
from gloss.store.document_layers import load_reading
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.file_import import ensure_seeded
from gloss.store.review import build_queue
from gloss.store.review_context import item_context
from gloss.store.sources import claim_variants, other_sources, source_count


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    from gloss.store import open_store

    store = open_store(tmp_path_factory.mktemp("sources") / "s.db")
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    yield store
    store.close()


def condemn_claim(store) -> int:
    """The Reuters version of Kirby's quote."""
    return int(
        store.scalar(
            "SELECT c.id FROM claims c JOIN documents d ON d.id = c.document_id "
            "WHERE d.outlet = 'Reuters' AND substr(d.text, c.content_start + 1, "
            "c.content_end - c.content_start) LIKE 'We condemn the DPRK%'"
        )
    )


def test_condemn_quote_has_its_other_sources_with_wording_differences(analysed):
    claim = condemn_claim(analysed)
    variants = claim_variants(analysed, claim)
    assert variants[0].claim_id == claim and variants[0].is_base
    assert variants[0].identical  # the base against itself
    documents = {v.document_id for v in variants}
    assert len(documents) >= 3
    assert source_count(analysed, claim) == len(documents) - 1
    changes = [(op["a"], op["b"]) for v in variants[1:] for op in v.diff if op["op"] != "equal"]
    added = " ".join(b for _, b in changes)
    dropped = " ".join(a for a, _ in changes)
    assert "North Korea" in added  # "[North Korea]" in The National's version
    assert "was" in added and "will be" in dropped  # "which was used" vs "which will be used"


def test_claim_in_no_cluster_has_no_variants(analysed):
    lonely = analysed.scalar("SELECT id FROM claims WHERE cluster IS NULL LIMIT 1")
    assert lonely is not None
    assert claim_variants(analysed, lonely) == []
    assert source_count(analysed, lonely) == 0


def test_claims_do_not_start_inside_a_boilerplate_prefix(analysed):
    """001's title line starts with the metadata prefix "date 2023-10-13" (boilerplate)."""
    doc = analysed.row("SELECT id, text, boilerplate FROM documents WHERE outlet = 'Bloomberg'")
    import json

    spans = json.loads(doc["boilerplate"])
    prefix = next(s for s in spans if doc["text"][s[0] : s[1]].startswith("date "))
    claims = analysed.rows(
        "SELECT start, content_start, end FROM claims WHERE document_id = ?", (doc["id"],)
    )
    title = [c for c in claims if c["start"] <= prefix[1] + 1 and c["end"] > prefix[1]]
    assert title, "the title claim is still found"
    for claim in title:
        assert claim["start"] >= prefix[1] and claim["content_start"] >= prefix[1]
        assert doc["text"][claim["content_start"] :].startswith("North Korea")


def test_every_count_and_list_of_other_sources_agrees_on_the_seeds(analysed):
    """The status line, ``o``, review and ``gloss claims --cluster`` count distinct OTHER
    documents, one entry each, never the claim's own (the seeds hold documents with two
    variants of one cluster: The National's "North Korea provided arms ..." title and lead)."""
    repeated = analysed.rows(
        "SELECT cluster, document_id FROM claims WHERE cluster IS NOT NULL "
        "GROUP BY cluster, document_id HAVING count(*) > 1"
    )
    assert repeated, "the seeds have a document holding two variants of one cluster"
    clustered = [r["id"] for r in analysed.rows("SELECT id FROM claims WHERE cluster IS NOT NULL")]
    found = other_sources(analysed, clustered)
    counts = {}
    for doc in analysed.rows("SELECT id FROM documents"):
        counts.update(load_reading(analysed, doc["id"]).other_sources)
    for claim in clustered:
        own, cluster = analysed.row(
            "SELECT document_id, cluster FROM claims WHERE id = ?", (claim,)
        ).values()
        expected = analysed.scalar(
            "SELECT count(DISTINCT document_id) FROM claims WHERE cluster = ? AND document_id != ?",
            (cluster, own),
        )
        documents = [row["document_id"] for row in found[claim]]
        assert own not in documents
        assert len(documents) == len(set(documents)) == expected
        assert source_count(analysed, claim) == expected
        assert counts.get(claim, 0) == expected
        variants = claim_variants(analysed, claim)
        if expected:
            assert [v.document_id for v in variants[1:]] == documents
            assert [v.is_base for v in variants] == [True] + [False] * expected
    for group in list_clusters(analysed):
        documents = [v["document_id"] for v in group["variants"]]
        assert len(documents) == len(set(documents)) == group["documents"]
    items = [i for i in build_queue(analysed, "claims") if int(i.id) in set(clustered)]
    for item in items:
        context = item_context(analysed, item)
        assert len(context.sources) == source_count(analysed, int(item.id))
        assert item.document_id not in {s["document_id"] for s in context.sources}


def test_the_national_title_claim_lists_the_national_once(analysed):
    """The bug as a reader met it: on The National's "North Korea provided arms ..." the
    dialog listed The National twice (once as "this document") and said 3 other sources."""
    doc = analysed.row("SELECT id FROM documents WHERE title LIKE 'North Korea provided arms%'")[
        "id"
    ]
    claim = analysed.row(
        "SELECT id, cluster FROM claims WHERE document_id = ? AND cluster IN (SELECT cluster "
        "FROM claims WHERE document_id = ? GROUP BY cluster HAVING count(*) > 1) "
        "ORDER BY start LIMIT 1",
        (doc, doc),
    )
    variants = claim_variants(analysed, claim["id"])
    assert [v.document_id for v in variants].count(doc) == 1
    assert variants[0].document_id == doc
    assert source_count(analysed, claim["id"]) == len(variants) - 1


# -- a store where one document holds two variants of a cluster -----------------------------
SENTENCES = {
    "A": (
        "The minister said 1,000 homes were flooded on Friday.\n\n"
        "Later the minister said again that about 900 homes had flooded.\n"
    ),
    "B": "The minister said more than 1,000 homes were flooded on Friday.\n",
    "C": "Officials said 1,000 homes were flooded on Friday, the minister said.\n",
}


def two_variant_store(store) -> dict[str, list[int]]:
    """Three documents in one cluster; document A holds two of its claims. Returns the claim
    ids by document letter, in text order."""
    ids: dict[str, list[int]] = {}
    with store.write() as conn:
        for day, (letter, text) in enumerate(SENTENCES.items(), start=1):
            _, doc = save_document(
                conn,
                text,
                f"{letter}.txt",
                DocumentMeta(
                    title=f"Floods {letter}", outlet=f"Outlet {letter}", published=f"2024-03-0{day}"
                ),
            )
            start = 0
            for line in text.strip().split("\n\n"):
                begin = text.index(line, start)
                start = begin + len(line)
                cursor = conn.execute(
                    "INSERT INTO claims (document_id, start, end, kind, speaker, content_start,"
                    " content_end, score, cluster) VALUES (?, ?, ?, 'reported', 'the minister',"
                    " ?, ?, 0.5, 'k9')",
                    (doc, begin, start, begin, start),
                )
                ids.setdefault(letter, []).append(int(cursor.lastrowid))
    return ids


def test_a_document_holding_two_variants_counts_once(store):
    ids = two_variant_store(store)
    a_first, a_second = ids["A"]
    (b,) = ids["B"]
    (c,) = ids["C"]
    found = other_sources(store, [a_first, a_second, b, c])
    assert [r["id"] for r in found[b]] == [a_first, c]
    assert [r["id"] for r in found[a_first]] == [b, c]  # never A's own second variant
    assert [r["id"] for r in found[a_second]] == [b, c]
    assert {k: len(v) for k, v in found.items()} == {a_first: 2, a_second: 2, b: 2, c: 2}
    variants = claim_variants(store, b)
    assert [v.document_id for v in variants] == [2, 1, 3]
    assert variants[1].claim_id == a_first  # A's wording most like B's, not "about 900"
    assert variants[1].numbers == [("more than 1,000", "1,000")]
    assert variants[1].numbers_note == "numbers differ: more than 1,000 vs 1,000"
    assert variants[2].numbers == [("more than 1,000", "1,000")]
    assert load_reading(store, 1).other_sources == {a_first: 2, a_second: 2}
    (group,) = list_clusters(store)
    assert group["documents"] == 3 and group["claims"] == 4
    assert sorted(v["document_id"] for v in group["variants"]) == [1, 2, 3]


def test_a_long_document_s_many_clusters_list_their_other_sources(store):
    """A document with more clustered claims than one query asks for (a 1 MB file of news
    repeated elsewhere made the reader wait minutes reading each claim's words in SQL): each
    claim still lists the other documents of its own cluster, oldest first, its words sliced
    from the right document."""
    line = "Item {i}: the minister said {i} homes were flooded.\n"
    texts = {
        "long": "".join(line.format(i=i) for i in range(700)),
        "old": "".join(line.format(i=i) for i in range(0, 700, 2)),
        "new": "".join(line.format(i=i) for i in range(0, 700, 3)),
    }
    dates = {"long": "2024-03-02", "old": "2024-03-01", "new": "2024-03-05"}
    ids: dict[str, dict[int, int]] = {}
    with store.write() as conn:
        for name, text in texts.items():
            _, doc = save_document(
                conn, text, f"{name}.txt", DocumentMeta(title=name, published=dates[name])
            )
            for row in text.splitlines(keepends=True):
                i = int(row.split(":")[0].split()[1])
                begin = text.index(row)
                cursor = conn.execute(
                    "INSERT INTO claims (document_id, start, end, kind, speaker, content_start,"
                    " content_end, score, cluster) VALUES (?, ?, ?, 'reported', 'the minister',"
                    " ?, ?, 0.5, ?)",
                    (doc, begin, begin + len(row), begin, begin + len(row) - 1, f"k{i}"),
                )
                ids.setdefault(name, {})[i] = int(cursor.lastrowid)
    found = other_sources(store, list(ids["long"].values()))
    for i, claim in ids["long"].items():
        expected = [ids[n][i] for n in ("old", "new") if i in ids[n]]
        assert [r["id"] for r in found[claim]] == expected
        assert all(
            r["text"] == f"Item {i}: the minister said {i} homes were flooded."
            for r in found[claim]
        )
    assert load_reading(store, 1).other_sources[ids["long"][6]] == 2
    assert [v.text for v in claim_variants(store, ids["long"][695])] == []  # alone: no variants
    assert [v.document_id for v in claim_variants(store, ids["long"][6])] == [1, 2, 3]
