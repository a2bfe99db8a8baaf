"""Claim clusters: coordinated reported clauses, speaker groups, the embedded-quote guard,
and the seeds gold clusters (rules engine, so no model is needed)."""

from __future__ import annotations

from pathlib import Path

from gloss.store.analysis import analyze_documents, list_clusters
from gloss.store.analysis.base import Claim
from gloss.store.analysis.claims import split_coordinated
from gloss.store.analysis.similarity import (
    compatible_speakers,
    features,
    relative_head,
    same_statement,
    speaker_group,
)
from gloss.store.documents import DocumentMeta, save_document

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "fixtures" / "seeds_gold.json"


def _reported(text: str, cue_word: str, speaker: str) -> Claim:
    """A reported claim over the whole sentence: the cue, then the content up to the stop."""
    cue = text.index(cue_word)
    end = cue + len(cue_word)
    return Claim(
        0, len(text), "reported", end + 1, len(text) - 1, speaker, None, None, cue_word, cue, end
    )


def _parts(text: str, content: str) -> list[str]:
    c0 = text.index(content)
    return [text[a:b] for a, b in split_coordinated(text, c0, c0 + len(content))]


def test_coordinated_complements_become_two_claims() -> None:
    text = (
        "Kirby said Shoigu’s visit helped lay the groundwork for a follow-up trip by Russian "
        "officials, and that “high level discussions may continue in coming months.”"
    )
    content = text[len("Kirby said ") : -2]
    assert _parts(text, content) == [
        "Shoigu’s visit helped lay the groundwork for a follow-up trip by Russian officials",
        "high level discussions may continue in coming months",
    ]
    text2 = (
        "Putin and Kim had exchanged letters pledging to increase co-operation, and a group "
        "of Russian officials had travelled to Pyongyang, Mr Kirby said."
    )
    assert _parts(text2, text2[: text2.index(", Mr")]) == [
        "Putin and Kim had exchanged letters pledging to increase co-operation",
        "a group of Russian officials had travelled to Pyongyang",
    ]
    # A list of noun phrases is not a second clause.
    text3 = "He said Russia wants shells, rockets, and other arms for the war."
    assert _parts(text3, text3[8:-1]) == [
        "Russia wants shells, rockets, and other arms for the war"
    ]


def test_government_speakers_are_one_group() -> None:
    for name in ("White House", "US", "Washington", "the Biden administration", "US officials"):
        assert speaker_group(name) == "United States", name
    assert speaker_group("Kremlin") == speaker_group("Moscow") == "Russia"
    assert speaker_group("John Kirby") == "John Kirby"


def _f(content: str, speaker: str | None, person: bool = False):
    return features(content, [], 0, speaker, person)


def test_speaker_compatibility() -> None:
    wh = _f("North Korea provided Russia with weapons", "White House")
    assert compatible_speakers(wh, _f("x", "United States"))
    assert compatible_speakers(wh, _f("x", None))
    assert compatible_speakers(wh, _f("x", "John Kirby", person=True))  # a spokesman
    assert not compatible_speakers(wh, _f("x", "Kremlin"))
    assert not compatible_speakers(
        _f("x", "John Kirby", person=True), _f("x", "Vladimir Putin", person=True)
    )


def test_same_statement_paraphrase_and_quote_guard() -> None:
    idf: dict[str, float] = {}
    a = _f("North Korea of providing Russia with weapons", "White House")
    b = _f("North Korea provided arms for Russia to use in Ukraine", "United States")
    assert same_statement(a, b, idf)
    assert not same_statement(a, _f("North Korea provided arms for Russia", "Kremlin"), idf)
    quote = _f("high level discussions may continue in coming months", "John Kirby", True)
    host = _f(
        "Shoigu’s visit helped lay the groundwork for a follow-up trip by Russian officials to "
        "Pyongyang, and “high level discussions may continue in coming months” on arms",
        "John Kirby",
        True,
    )
    # The quote alone is far more like the host's embedded quote than the host's own words.
    # (A quotation ending its claim is what the claim reports: no guard, see
    # test_a_quotation_ending_the_claim_raises_no_embedded_quote_guard.)
    assert not same_statement(quote, host, idf)
    assert same_statement(quote, _f("high-level discussions may continue", "John Kirby", True), idf)


def test_seeds_gold_clusters_without_false_merges(store) -> None:
    """Most gold multi-document clusters are found, none merged with another statement, and
    Kirby's condemnation spans three documents."""
    from tools.evaluate import eval_seeds

    result = eval_seeds("rules", GOLD)
    found, multi = result["clusters_found"]
    assert result["false_merge_pairs"] == 0
    assert found >= 13 and multi == 16
    with store.write() as conn:
        for path in sorted((REPO / "seeds").glob("*.txt")):
            save_document(conn, path.read_text(encoding="utf-8"), path.name, DocumentMeta())
    analyze_documents(store, engine="rules")
    kirby = next(
        c for c in list_clusters(store) if c["variants"][0]["text"].startswith("We condemn")
    )
    assert kirby["documents"] == 3


# -- general signals, on small texts written for the tests (rules engine) ---------------------


def _cluster_store(store, texts: list[str], dates: dict[str, str] | None = None) -> list[dict]:
    """Analyse ``texts`` as documents; ``dates`` rewrites DATE canonicals as the entity
    normaliser stores them (ISO), then clusters again. Returns the stored claims."""
    from gloss.store.analysis.clusters import recompute_clusters

    with store.write() as conn:
        for i, text in enumerate(texts):
            save_document(conn, text, f"doc{i}.txt", DocumentMeta())
    analyze_documents(store, engine="rules")
    if dates:
        with store.write() as conn:
            for raw, iso in dates.items():
                conn.execute(
                    "UPDATE entities SET canonical = ? WHERE label = 'DATE' AND lower(text) = ?",
                    (iso, raw.lower()),
                )
            recompute_clusters(conn)
    return store.rows(
        "SELECT c.document_id, c.kind, c.speaker, c.cluster, "
        "substr(d.text, c.content_start + 1, c.content_end - c.content_start) AS content "
        "FROM claims c JOIN documents d ON d.id = c.document_id ORDER BY c.document_id, c.start"
    )


def _cluster_of(claims: list[dict], doc: int, prefix: str) -> str | None:
    return next(
        c["cluster"] for c in claims if c["document_id"] == doc and c["content"].startswith(prefix)
    )


def test_main_clause_kept_as_assertion_beside_a_subordinate_attribution() -> None:
    from gloss.store.analysis import analyze_text

    text = (
        "German Chancellor Angela Merkel and French President Emmanuel Macron held a summit in "
        "Berlin in March, but which officials in Paris said was dominated by the budget row."
    )
    claims = analyze_text(text, "rules").claims
    kinds = {(c.kind, text[c.content_start : c.content_end]) for c in claims}
    assert (
        "assertion",
        "German Chancellor Angela Merkel and French President Emmanuel Macron held a summit in "
        "Berlin in March",
    ) in kinds
    assert ("reported", "was dominated by the budget row") in kinds
    # The speaker is the main clause's subject: nothing is asserted without attribution.
    plain = (
        "Jack Straw, the Foreign Secretary who visited Paris and Berlin in March, said the "
        "talks with the European Union would continue."
    )
    assert [c.kind for c in analyze_text(plain, "rules").claims] == ["reported"]
    # Only the cue after "while he" was found: "that" is not "at" + "while", and a reporting
    # frame ("Hodgson told BBC Sport that") is no assertion.
    from gloss.store.analysis.pipeline import _main_clause_assertions

    frame = (
        "But Hodgson told BBC Sport that while he believes the 20 Premiership clubs should "
        "embrace the idea, he does not expect it to cost the English clubs £2m a year."
    )
    found = _reported(frame, "believes", "Hodgson")
    assert _main_clause_assertions(frame, [found], [frame.index("BBC")]) == []
    kept = frame.replace("told BBC Sport that", "signed a £2m deal with Leeds on Sunday")
    found = _reported(kept, "believes", "Hodgson")
    (main,) = _main_clause_assertions(kept, [found], [kept.index("Leeds")])
    assert kept[main.content_start : main.content_end] == (
        "But Hodgson signed a £2m deal with Leeds on Sunday"
    )
    # "celebration when": the connector's preposition is a whole word, not "on" in the noun.
    cheer = "A crowd of 20,000 at Wimbledon erupted in celebration when Mirza thought she had won."
    found = _reported(cheer, "thought", "Mirza")
    (main,) = _main_clause_assertions(cheer, [found], [cheer.index("20,000")])
    assert cheer[main.content_start : main.content_end] == (
        "A crowd of 20,000 at Wimbledon erupted in celebration"
    )


EVENT_TEXTS = [
    "Angela Merkel and Emmanuel Macron held a meeting in Berlin last month at which they "
    "agreed on a common budget for the euro zone countries.",
    "Italian Prime Minister Mario Draghi warned last month of a widening rift after a visit "
    "to Berlin by French President Emmanuel Macron, who met Chancellor Angela Merkel to "
    "discuss the budget.",
    # "three letters": without a number the check-worthiness scorer puts this sentence just
    # under the assertion threshold, and the test is about clustering, not scoring.
    "Angela Merkel and Emmanuel Macron exchanged three letters in March about the budget of the "
    "euro zone and its reform.",
    "Angela Merkel and Emmanuel Macron met in Berlin in June to discuss the budget of the 19 "
    "euro zone countries.",
]


def test_same_event_joins_paraphrases_with_the_same_people_and_month(store) -> None:
    # As the entity normaliser would store them for articles written in April.
    claims = _cluster_store(
        store, EVENT_TEXTS, {"last month": "2023-03", "March": "2023-03", "June": "2023-06"}
    )
    meeting = _cluster_of(claims, 1, "Angela Merkel and Emmanuel Macron held a meeting")
    assert meeting is not None
    # "held a meeting" / "who met": lemmas meet; "last month" and "March" the same month.
    assert _cluster_of(claims, 2, "last month of a widening rift") == meeting
    # Same people and month, another event (no shared word but names, titles and dates).
    assert _cluster_of(claims, 3, "Angela Merkel") != meeting
    # Same people and words, another month.
    assert _cluster_of(claims, 4, "Angela Merkel") != meeting


def test_same_event_needs_normalised_dates(store) -> None:
    """ "last month" in two articles is not the same month until dates are normalised."""
    claims = _cluster_store(store, EVENT_TEXTS[:2])
    assert _cluster_of(claims, 1, "Angela Merkel") is None


SANCTIONS_TEXTS = [
    "The U.S. says it will continue to enforce tariffs, expose the alleged steel subsidies, "
    "and make the case at the World Trade Organization that the measures break trade rules.",
    "White House spokesman John Harper said the talks had failed. “We will enforce those existing "
    "tariffs where needed and we will impose new tariffs on firms that hide these steel "
    "subsidies,” he said.",
]


def test_affiliated_spokesman_paraphrase_joins_the_government_claim(store) -> None:
    claims = _cluster_store(store, SANCTIONS_TEXTS)
    us = _cluster_of(claims, 1, "it will continue")
    assert us is not None
    assert _cluster_of(claims, 2, "We will enforce") == us


def test_same_words_without_a_related_speaker_stay_apart(store) -> None:
    # The same quote from a person not introduced as speaking for the U.S., and from a
    # speaker of another government.
    other = [
        SANCTIONS_TEXTS[0],
        SANCTIONS_TEXTS[1].replace("White House spokesman John Harper", "John Harper"),
        SANCTIONS_TEXTS[0].replace("The U.S. says", "The Kremlin says"),
    ]
    claims = _cluster_store(store, other)
    assert _cluster_of(claims, 2, "We will enforce") is None
    assert _cluster_of(claims, 3, "it will continue") is None


# -- attributions inside a relative clause ----------------------------------------------------


def test_relative_head_is_the_noun_the_content_is_about() -> None:
    # With a relativizer, a determiner before the speaker, or a pronoun speaker.
    assert relative_head("They showed images that ", "it", " said ", "indicate cargo") == "images"
    assert relative_head("releasing images the ", "White House", " says ", "shows ships") == (
        "images"
    )
    assert relative_head("a tax bill, which ", "they", " claim ", "is owed by Yukos") == "bill"
    assert relative_head("a console ", "it", " says ", "will change games") == "console"
    # A word right before a name is its title; a capitalised word is a name or a title.
    assert relative_head("Culture secretary ", "Tessa Jowell", " said ", "is fine") is None
    assert relative_head("Culture Secretary ", "she", " said ", "was wrong") is None
    # The content has a subject of its own ("that"), or opens with no finite verb.
    assert relative_head("the images ", "he", " said that ", "ships were seen") is None
    assert relative_head("the way ", "it", " maintains ", "hidden records") is None
    assert relative_head("the images that ", "he", " said ", "to be shown") is None


EVIDENCE_TEXTS = [
    "The State Department showed a series of photographs that it said indicate cargo from a "
    "weapons factory in Iran was loaded on to a Syrian-flagged ship and then taken by truck to "
    "a depot near Syria's northern border.",
    "Washington accused Iran of arming Syria on Friday, releasing photographs the State "
    "Department says shows containers moving into Syria by ship.",
]


def test_relative_clause_attributions_about_the_same_thing_join(store) -> None:
    """ "photographs that it said indicate cargo ..." and "photographs the State Department says
    shows containers ..." describe the same photographs: the head noun is read as the content's
    subject, and indicate/shows, cargo/containers are the same concepts."""
    claims = _cluster_store(store, EVIDENCE_TEXTS)
    said = _cluster_of(claims, 1, "indicate cargo")
    assert said is not None
    assert _cluster_of(claims, 2, "shows containers") == said
    assert _cluster_of(claims, 2, "Iran of arming") is None


def test_relative_clause_attributions_about_other_things_stay_apart(store) -> None:
    other = [EVIDENCE_TEXTS[0], EVIDENCE_TEXTS[1].replace("photographs", "a report")]
    claims = _cluster_store(store, other)
    assert _cluster_of(claims, 2, "shows containers") is None


def test_cluster_listing_diffs_against_the_most_central_variant(store) -> None:
    """The first document's "showed a series of photographs that it said indicate ..." claim
    holds the other two's wording and more: the "indicate cargo ..." variant is closest to
    both, so it comes first and the other document's is diffed against it. The first
    document's other variant is not listed again (one variant per document)."""
    _cluster_store(store, EVIDENCE_TEXTS)
    (cluster,) = list_clusters(store)
    texts = [v["text"] for v in cluster["variants"]]
    assert len(texts) == 2 and texts[0].startswith("indicate cargo")
    assert texts[1].startswith("shows")
    assert cluster["documents"] == 2 and cluster["claims"] == 3
    assert all(op["op"] == "equal" for op in cluster["variants"][0]["diff"])


def test_claim_texts_are_sliced_as_sqlite_substr_did() -> None:
    # plan_clusters slices in Python what it read with substr(text, start + 1, length).
    import sqlite3

    from gloss.store.analysis.clusters import _substr

    text = "Kyiv – “Ça va,” said Zelenskyy 🇺🇦 on Friday."
    conn = sqlite3.connect(":memory:")
    for start in (0, 3, 8, 30, len(text), len(text) + 5):
        for length in (-40, -3, 0, 1, 5, 100):
            want = conn.execute("SELECT substr(?, ? + 1, ?)", (text, start, length)).fetchone()[0]
            assert _substr(text, start, length) == want, (start, length)
    assert _substr(text, None, 3) is None and _substr(text, 3, None) is None


def test_a_line_up_or_a_results_line_is_no_assertion() -> None:
    from gloss.store.analysis import analyze_text
    from gloss.store.analysis.pipeline import is_list

    line_up = (
        "Italy: R de Marigny (Parma); Mirco Bergamasco (Stade Francais), C Stoica (Montpellier), "
        "A Masi (Viadana), L Nitoglia (Calvisano); L Orquera (Brive), A Troncon (Treviso)."
    )
    assert is_list(line_up)
    assert is_list("Man Utd: Carroll, Gary Neville, Ferdinand, Brown (Giggs 64), Rooney, Scholes.")
    # Sentences with many commas still are sentences.
    assert not is_list(
        "His rival, Hillary Clinton, captured Virginia, Georgia, Arkansas, Alabama, Texas and "
        "Tennessee on Tuesday."
    )
    assert not is_list("The company, founded in 1998, said on Monday, after a review, it grew.")
    text = (
        "Italy coach John Kirwan named his side on Tuesday for the Six Nations match against "
        "Scotland in Rome, where 60,000 fans are expected.\n\n" + line_up + "\n"
    )
    claims = analyze_text(text, "rules").claims
    assert claims and all(c.start < text.index("Italy: R de") for c in claims)


def test_a_cluster_never_holds_claims_whose_figures_all_differ() -> None:
    """Two claims joined to a third may not share a cluster when each gives figures and none
    is the same (the pair rule, now also across a cluster): "millions" and "50" did."""
    from gloss.store.analysis.clusters import _close_clusters, _conflict

    feats = [
        _f("among 459 Democratic primary voters the margin of error is plus or minus", None),
        _f("among 578 Republican primary voters the margin of error is plus or minus", None),
        _f("among primary voters the margin of error is plus or minus", None),
    ]
    assert _conflict(feats[0], feats[1])
    assert not _conflict(feats[0], feats[2])
    edges = {(0, 2): 90.0, (1, 2): 89.0}  # each close to the figure-less third claim
    groups = _close_clusters(3, edges, lambda i, j: _conflict(feats[i], feats[j]))
    assert sorted(groups) == [[0, 2], [1]]


def test_narrations_weeks_apart_are_another_day_s_news() -> None:
    """Two articles' own words about one person, a month apart, are two polls: "O'Malley
    gets 1 percent support" (November) and "Less than 1 percent chose O'Malley" (December)
    were one claim with "numbers differ" (a new-user test). Days apart they still match."""
    a_text = "Less than 1 percent of likely voters chose former Maryland Gov. Martin O'Malley"
    b_text = "Former Maryland Gov. Martin O'Malley gets 1 percent of likely voters"

    def narration(text: str, published: str):
        start = text.index("Martin")
        entities = [(start, start + len("Martin O'Malley"), "PERSON")]
        entities.append((text.index("Maryland"), text.index("Maryland") + 8, "GPE"))
        f = features(text, entities, 0, None, False)
        f.published = published
        return f

    idf: dict[str, float] = {}
    assert same_statement(narration(a_text, "2015-11-13"), narration(b_text, "2015-11-12"), idf)
    assert not same_statement(narration(a_text, "2015-12-10"), narration(b_text, "2015-11-12"), idf)
