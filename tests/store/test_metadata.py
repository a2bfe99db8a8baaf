"""store.metadata against the seeds' gold metadata, plus general rules on other texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gloss.store.decode import decode_bytes
from gloss.store.metadata import extract_metadata, parse_date

REPO = Path(__file__).resolve().parents[2]
GOLD = json.loads((REPO / "tests" / "fixtures" / "seeds_gold.json").read_text("utf-8"))
GOLD_DOCS = {doc["file"]: doc["metadata"] for doc in GOLD["documents"]}


def seed_text(name: str) -> str:
    raw = (REPO / "seeds" / name).read_bytes()
    text = decode_bytes(raw).text
    assert text == raw.decode("utf-8")  # gold offsets index the raw file
    return text


@pytest.mark.parametrize("name", sorted(GOLD_DOCS))
def test_seed_metadata_matches_gold(name: str) -> None:
    gold = GOLD_DOCS[name]
    text = seed_text(name)
    meta = extract_metadata(text)
    assert meta.title == gold["title"]
    assert meta.title_span == tuple(gold["title_span"])
    assert text[slice(*meta.title_span)] == gold["title"]
    assert meta.outlet == gold["outlet"]
    assert meta.byline == gold["byline"]
    assert meta.published == gold["date"]
    assert meta.boilerplate == [tuple(span) for span in gold["boilerplate_spans"]]


def test_seed_gold_fixture_is_the_shared_copy() -> None:
    shared = REPO.parent / "shared" / "data" / "seeds-gold" / "seeds_gold.json"
    if not shared.exists():
        pytest.skip("shared data not available")
    assert json.loads(shared.read_text("utf-8")) == GOLD


def test_first_line_is_the_title_of_a_plain_article() -> None:
    text = "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant rose.\n"
    meta = extract_metadata(text)
    assert (meta.title, meta.title_span) == ("Ad sales boost Time Warner profit", (0, 33))
    assert meta.boilerplate == [] and meta.outlet is None and meta.published is None


def test_markdown_heading_title_and_header_lines() -> None:
    text = (
        "# Big news today #\n\nBy Ann Lee and Bob Ray\n\nPublished: 5 March 2024\n\n"
        "LONDON (AP) — Something happened.\n\nReporting by Ann Lee; Editing by Bob Ray\n"
    )
    meta = extract_metadata(text)
    assert meta.title == "Big news today"
    assert text[slice(*meta.title_span)] == "Big news today"
    assert meta.byline == "Ann Lee and Bob Ray"
    assert meta.published == "2024-03-05"
    assert meta.outlet == "AP"
    assert [text[s:e] for s, e in meta.boilerplate] == [
        "By Ann Lee and Bob Ray",
        "Published: 5 March 2024",
        "Reporting by Ann Lee; Editing by Bob Ray",
    ]


def test_markdown_front_matter() -> None:
    text = '---\ntitle: "My post"\ndate: 2024-03-05\nauthor: Ann Lee\n---\n\nBody text here.\n'
    meta = extract_metadata(text)
    assert meta.title == "My post" and text[slice(*meta.title_span)] == "My post"
    assert (meta.published, meta.byline) == ("2024-03-05", "Ann Lee")
    assert [text[s:e] for s, e in meta.boilerplate] == [
        "---", "date: 2024-03-05", "author: Ann Lee", "---",
    ]  # fmt: skip


def test_skip_link_before_title_and_source_line() -> None:
    text = (
        "Skip to content\n\nHeadline here\n\nBody paragraph one.\n\n"
        "This article originally appeared on The Conversation.\n\nLeave a comment\n"
    )
    meta = extract_metadata(text)
    assert meta.title == "Headline here"
    assert meta.outlet == "The Conversation"
    assert [text[s:e] for s, e in meta.boilerplate] == [
        "Skip to content",
        "This article originally appeared on The Conversation.",
        "Leave a comment",
    ]


@pytest.mark.parametrize(
    ("dateline", "outlet"),
    [
        ("WASHINGTON (Reuters) -The White House said", "Reuters"),
        ("(Bloomberg) -- The US said", "Bloomberg"),
        ("FLINT, Mich., Oct. 4 (UPI) — Former President", "UPI"),
        ("Washington (AFP) – Donald Trump", "AFP"),
        ("PARIS, Aug 31 (Reuters) - France said", "Reuters"),
        ("The senator (pictured) said nothing", None),
    ],
)
def test_datelines_name_the_outlet(dateline: str, outlet: str | None) -> None:
    meta = extract_metadata(f"A headline\n\n{dateline} more things.\n\nMore body.\n")
    assert meta.outlet == outlet
    assert meta.boilerplate == []


def test_a_data_source_line_is_not_the_outlet() -> None:
    text = "Headline\n\nNATO members spend 2 percent.\n\nSource: NATO.\n"
    meta = extract_metadata(text)
    assert meta.outlet is None
    assert [text[s:e] for s, e in meta.boilerplate] == ["Source: NATO."]


def test_body_sentences_are_not_bylines_credits_or_captions() -> None:
    text = (
        "Film news\n\nProduced by Steven Spielberg, the film opened on Friday.\n\n"
        "By Monday, the studio said takings were up.\n\n"
        "Writing by hand is rare. Most people type.\n\n"
        "He said it was over. The end\n"
    )
    meta = extract_metadata(text)
    assert meta.byline is None
    assert meta.boilerplate == []


def test_long_first_line_gives_a_sentence_title() -> None:
    first = "A very long opening sentence that goes on. " + "More words follow here. " * 20
    meta = extract_metadata(first + "\n\nSecond paragraph.\n")
    assert meta.title == "A very long opening sentence that goes on."
    assert meta.title_span == (0, len(meta.title))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-10-13", "2023-10-13"),
        ("August 30, 2023, 7:41 PM", "2023-08-30"),
        ("Sept. 7, 2023", "2023-09-07"),
        ("Wed 30 Aug 2023 10.00 BST", "2023-08-30"),
        ("13th October 2023", "2023-10-13"),
        ("2023/10/13", "2023-10-13"),
        ("February 30, 2023", None),
        ("on Friday", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_bbc_titles_are_first_lines() -> None:
    from tests.conftest import shared_data

    folder = shared_data("bbc-news")
    files = sorted(folder.glob("*/*.txt"))
    assert len(files) == 2225
    for path in files:
        text = decode_bytes(path.read_bytes()).text
        meta = extract_metadata(text)
        first = text.split("\n", 1)[0].strip()
        assert meta.title == first, path
        assert text[slice(*meta.title_span)] == first
        assert meta.boilerplate == [], path  # the BBC files are article text only
