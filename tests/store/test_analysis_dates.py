"""DATE canonicals: ISO 8601 values at the mention's granularity, against the document date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gloss.store.analysis import analyze_documents, document_entities, list_entities
from gloss.store.analysis.base import Entity
from gloss.store.analysis.dates import normalize_date, parse_reference, resolve_dates
from gloss.store.documents import save_document
from gloss.store.metadata import extract_metadata

REPO = Path(__file__).resolve().parents[2]
FRIDAY = date(2023, 10, 13)  # the Kirby briefing in the seeds
WEDNESDAY = date(2023, 8, 30)


@pytest.mark.parametrize(
    ("text", "ref", "want"),
    [
        # Granularities: day, month, year, ISO week.
        ("August 30, 2023", None, "2023-08-30"),
        ("October 13, 2023", None, "2023-10-13"),
        ("13 October 2023", None, "2023-10-13"),
        ("Friday, Oct. 13, 2023", None, "2023-10-13"),
        ("2023-10-13", None, "2023-10-13"),
        ("September 2023", None, "2023-09"),
        ("2006", None, "2006"),
        ("in 2022", None, "2022"),
        ("Oct. 1", FRIDAY, "2023-10-01"),
        ("Sept. 7", FRIDAY, "2023-09-07"),
        ("September", FRIDAY, "2023-09"),
        ("April", WEDNESDAY, "2023-04"),
        ("February last year", FRIDAY, "2022-02"),
        ("last week", FRIDAY, "2023-W40"),
        ("this week", FRIDAY, "2023-W41"),
        ("next week", FRIDAY, "2023-W42"),
        ("two weeks ago", FRIDAY, "2023-W39"),
        ("last month", FRIDAY, "2023-09"),
        ("Last month", FRIDAY, "2023-09"),
        ("three days ago", FRIDAY, "2023-10-10"),
        ("last year", FRIDAY, "2022"),
        ("yesterday", FRIDAY, "2023-10-12"),
        ("the year 2000", None, "2000"),
        ("August 30, 2023, 7:41 PM", None, "2023-08-30"),
        ("Friday at 10:30 GMT", FRIDAY, "2023-10-13"),
        ("the end of 2005", None, "2005"),
        ("end of March 2004", None, "2004-03"),
        ("the end of February", date(2005, 3, 1), "2005-02"),
        ("late May", date(2005, 3, 1), "2005-05"),
        ("last October", date(2005, 3, 1), "2004-10"),
        ("last March", date(2005, 3, 1), "2004-03"),
        ("next January", date(2005, 3, 1), "2006-01"),
        # A month without a year is the nearest one, the past preferred.
        ("December", FRIDAY, "2023-12"),
        ("January", date(2023, 12, 20), "2024-01"),
        ("November", date(2024, 1, 10), "2023-11"),
        # "the November election" in a June article: five months ahead, not seven back (a
        # new-user test: 26 PolNeAR mentions of June-July 2016 resolved to 2015-11).
        ("November", date(2016, 6, 8), "2016-11"),
        ("September", date(2016, 7, 13), "2016-09"),
        ("March", date(2016, 7, 13), "2016-03"),
    ],
)
def test_normalize_date(text: str, ref: date | None, want: str) -> None:
    assert normalize_date(text, ref) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Friday", "2023-10-13"),  # the article's own day: news say "on Friday" for today
        ("on Friday", "2023-10-13"),
        ("Thursday", "2023-10-12"),
        ("Monday morning", "2023-10-09"),
        ("Saturday", "2023-10-07"),
        ("last Friday", "2023-10-06"),
        ("next Friday", "2023-10-20"),
        ("next Monday", "2023-10-16"),
    ],
)
def test_weekdays_are_the_latest_on_or_before_the_article(text: str, want: str) -> None:
    assert normalize_date(text, FRIDAY) == want


@pytest.mark.parametrize("text", ["Friday", "last month", "Sept. 7", "two weeks ago", "April"])
def test_relative_dates_need_a_reference(text: str) -> None:
    assert normalize_date(text, None) is None


@pytest.mark.parametrize(
    "text",
    [
        "the coming months",
        "recent weeks",
        "19th month",
        "the 1990s",
        "two weeks",
        "the 70th anniversary",
        "",
        "!!!",
        "Friday " * 20,
        "February 30, 2023",
        "2023-13-01",
        "may",
        "last may",
        "31-year-old",
        "the last 25 years",
    ],
)
def test_vague_and_garbage_stay_unresolved(text: str) -> None:
    assert normalize_date(text, FRIDAY) is None


def test_parse_reference() -> None:
    assert parse_reference("2023-10-13") == FRIDAY
    assert parse_reference("2023-10-13T08:00:00Z") == FRIDAY
    assert parse_reference(None) is None
    assert parse_reference("13/10/2023") is None


def test_resolve_dates_touches_only_date_entities() -> None:
    ents = [
        Entity(0, 6, "DATE", "Friday", "Friday"),
        Entity(10, 24, "DATE", "coming months", "coming months"),
        Entity(30, 36, "PERSON", "Friday", "Friday"),
    ]
    assert resolve_dates(ents, FRIDAY) == 1
    assert [e.canonical for e in ents] == ["2023-10-13", "coming months", "Friday"]


def _seed(conn, name: str) -> int:
    text = (REPO / "seeds" / name).read_text(encoding="utf-8")
    return save_document(conn, text, name, extract_metadata(text))[1]


def test_stored_date_canonicals_group_weekday_and_full_date(store) -> None:
    with store.write() as conn:
        doc = _seed(conn, "003_305d1a0f086f3a37.txt")  # dated 2023-10-13
    analyze_documents(store, engine="rules")
    dates = {
        (e["text"], e["canonical"]) for e in document_entities(store, doc) if e["label"] == "DATE"
    }
    assert ("Friday", "2023-10-13") in dates
    assert ("October 13, 2023", "2023-10-13") in dates
    row = next(r for r in list_entities(store) if r["canonical"] == "2023-10-13")
    assert row["label"] == "DATE" and row["mentions"] >= 2


def test_undated_document_takes_the_date_of_its_claim_cluster(store) -> None:
    """Seed 000 has no date; it reports the same briefing as 001 and 003 (2023-10-13)."""
    with store.write() as conn:
        undated = _seed(conn, "000_b5fc7cfe865d7bb1.txt")
    analyze_documents(store, engine="rules")
    alone = {e["text"]: e["canonical"] for e in document_entities(store, undated)}
    assert alone["Friday"] == "Friday"  # no reference yet: kept as text
    with store.write() as conn:
        _seed(conn, "001_0ffb2c1ac503aa8f.txt")
        _seed(conn, "003_305d1a0f086f3a37.txt")
    analyze_documents(store, engine="rules")
    linked = {e["text"]: e["canonical"] for e in document_entities(store, undated)}
    assert linked["Friday"] == "2023-10-13"
    assert linked["Oct. 1"] == "2023-10-01"
