"""The same claim across sources on the seeds: the Kirby "We condemn the DPRK" quote."""

from __future__ import annotations

import pytest

from gloss.store.analysis import analyze_documents
from gloss.store.file_import import ensure_seeded
from gloss.store.sources import claim_variants, source_count


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
