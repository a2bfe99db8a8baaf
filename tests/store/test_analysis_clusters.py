"""Claim clusters: coordinated reported clauses, speaker groups, the embedded-quote guard,
and the seeds gold clusters (rules engine, so no model is needed)."""

from __future__ import annotations

from pathlib import Path

from store.analysis import analyze_documents, list_clusters
from store.analysis.claims import split_coordinated
from store.analysis.similarity import (
    compatible_speakers,
    features,
    same_statement,
    speaker_group,
)
from store.documents import DocumentMeta, save_document

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "fixtures" / "seeds_gold.json"


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
        "Pyongyang, and “high level discussions may continue in coming months”",
        "John Kirby",
        True,
    )
    # The quote alone is far more like the host's embedded quote than the host's own words.
    assert not same_statement(quote, host, idf)
    assert same_statement(quote, _f("high-level discussions may continue", "John Kirby", True), idf)


def test_seeds_gold_clusters_without_false_merges(store) -> None:
    """Most gold multi-document clusters are found, none merged with another statement, and
    Kirby's condemnation spans three documents."""
    from store.evaluate import eval_seeds

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
