"""Suggestions for the merge picker: claims of other documents that may report the same
statement, ranked, never the claim's own document or cluster."""

from __future__ import annotations

from gloss.store.analysis.corrections import cluster_candidates
from gloss.store.analysis.suggestions import likely_same
from gloss.store.documents import DocumentMeta, save_document

TEXTS = {
    "a": "Comey said she should face no criminal charges over her private email server.",
    "b": "The FBI director recommended that no criminal charges be filed against Mrs. Clinton "
    "over her handling of classified information on a private email server.",
    "c": "Comey said the bureau would review newly found emails from a laptop next week.",
    "d": "The weather in Washington was warm and dry on Tuesday, forecasters said.",
}


def _one_claim_each(store, texts: dict[str, tuple[str | None, str]]) -> dict[str, int]:
    """One document per (speaker, text), one claim over its whole text; their ids by key."""
    ids = {}
    with store.write() as conn:
        for key, (speaker, text) in texts.items():
            doc = save_document(conn, text, f"{key}.txt", DocumentMeta(title=key))[1]
            ids[key] = conn.execute(
                "INSERT INTO claims (document_id, start, end, kind, speaker, content_start, "
                "content_end) VALUES (?, 0, ?, 'reported', ?, 0, ?)",
                (doc, len(text), speaker, len(text)),
            ).lastrowid
    return ids


def _claims(store) -> dict[str, int]:
    """One document per text, one claim each (the sentence after its speaker), speaker Comey
    except the weather."""
    return _one_claim_each(
        store, {k: (None if k == "d" else "James Comey", t) for k, t in TEXTS.items()}
    )


def test_a_paraphrase_by_the_same_speaker_ranks_first(store) -> None:
    ids = _claims(store)
    got = likely_same(store, ids["a"])
    assert got[0]["id"] == ids["b"]
    assert got[0]["likeness"] > (got[1]["likeness"] if len(got) > 1 else 0)
    assert ids["a"] not in [r["id"] for r in got]  # never the claim itself
    assert ids["d"] not in [r["id"] for r in got]  # no shared words: not offered


def test_the_own_cluster_is_not_offered_and_the_picker_lists_suggestions_first(store) -> None:
    ids = _claims(store)
    with store.write() as conn:
        conn.execute("UPDATE claims SET cluster = 'k1' WHERE id IN (?, ?)", (ids["a"], ids["b"]))
    assert ids["b"] not in [r["id"] for r in likely_same(store, ids["a"])]
    with store.write() as conn:
        conn.execute("UPDATE claims SET cluster = NULL")
    rows = cluster_candidates(store, ids["a"])
    assert rows[0]["id"] == ids["b"] and "likeness" in rows[0]
    # Then the biggest clusters (none here); a lone claim is listed once typed for.
    assert len({r["id"] for r in rows}) == len(rows) and ids["d"] not in [r["id"] for r in rows]
    typed = cluster_candidates(store, ids["a"], "weather")
    assert [r["id"] for r in typed] == [ids["d"]] and "likeness" not in typed[0]


def test_a_candidate_cluster_counts_other_documents_and_says_it_holds_this_one(store) -> None:
    """A new-user test: "likely 3 docs" counted the document being read, and picking it put
    two different claims of that document in one cluster without a word."""
    ids = _claims(store)
    with store.write() as conn:
        text = "Comey said the bureau would not reopen the case, he added later."
        doc = save_document(conn, TEXTS["a"] + " " + text, "a2.txt", DocumentMeta(title="a2"))[1]
        other = conn.execute(
            "INSERT INTO claims (document_id, start, end, kind, speaker, content_start, "
            "content_end, cluster) VALUES (?, 0, 10, 'reported', 'James Comey', 0, 10, 'k7')",
            (doc,),
        ).lastrowid
        conn.execute("UPDATE claims SET document_id = ? WHERE id = ?", (doc, ids["a"]))
        conn.execute("UPDATE claims SET cluster = 'k7' WHERE id IN (?, ?)", (ids["b"], ids["c"]))
    rows = {r["cluster"]: r for r in cluster_candidates(store, ids["a"]) if r["cluster"]}
    assert rows["k7"]["documents"] == 2  # b's and c's documents, not the one being read
    assert rows["k7"]["in_this_document"] is True
    assert other not in [r["id"] for r in cluster_candidates(store, ids["a"], "zzz")]


def test_typing_finds_a_cluster_by_any_of_its_claims(store) -> None:
    """A new-user test typed "founder" in the merge picker and never saw the cluster of "No,
    I meant he's the founder of ISIS": only each cluster's first claim was read. Any claim
    of a cluster that holds the words lists it, once."""
    ids = _claims(store)
    with store.write() as conn:
        conn.execute("UPDATE claims SET cluster = 'k3' WHERE id IN (?, ?)", (ids["c"], ids["d"]))
    typed = cluster_candidates(store, ids["a"], "weather")  # d's words, not c's (first)
    assert [r["cluster"] for r in typed] == ["k3"]
    assert typed[0]["id"] == ids["d"]  # the claim that holds them
    both = cluster_candidates(store, ids["a"], "said")  # c and d: the cluster once
    assert [r["cluster"] for r in both].count("k3") == 1


def test_a_rare_shared_phrase_outranks_words_every_claim_uses(store) -> None:
    """Ranked as clustering reads claims: shared words weigh by how few claims use them. A
    count of shared words put "the campaign was strong" (four words every claim of the corpus
    uses) above Comey's "extremely careless" reported in other words."""
    texts = {
        "a": "Comey told voters at the rally the campaign was extremely careless.",
        "b": "Comey called her handling of the emails extremely careless.",
        "c": "Comey told voters at the rally the campaign was strong.",
        **{
            f"f{i}": f"Smith told voters at the rally the campaign was {word}."
            for i, word in enumerate(["growing", "tired", "ahead", "behind", "broke"])
        },
    }
    ids = _one_claim_each(
        store, {k: ("James Comey" if k in "abc" else "John Smith", t) for k, t in texts.items()}
    )
    got = [r["id"] for r in likely_same(store, ids["a"])]
    assert got[:2] == [ids["b"], ids["c"]]


def test_one_word_in_common_with_another_speaker_is_no_suggestion(store) -> None:
    """A new-user test on BBC news: the picker offered "to have won the contract to run the
    Himrin field" as likely for an MP's "an already crowded field on the right of British
    politics": one word shared with a claim someone else (or nobody named) made is no
    lead."""
    texts = {
        "a": ("Fraser Kemp", "Veritas joins an already crowded field on the right of politics."),
        "b": (None, "The company has won the contract to run the Himrin field."),
        "c": ("Fraser Kemp", "Veritas joins a crowded field on the right of politics, he said."),
        **{f"f{i}": ("Someone", f"The weather report {i} was right.") for i in range(8)},
    }
    ids = _one_claim_each(store, texts)
    got = [r["id"] for r in likely_same(store, ids["a"])]
    assert got == [ids["c"]]
