"""Numbers, amounts and dates that differ between two wordings of one claim."""

from __future__ import annotations

import pytest

from gloss.store.quantities import differing_quantities, quantities
from gloss.store.sources import numbers_note


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("killed 1,000 people", "killed more than 1,000 people", [("1,000", "more than 1,000")]),
        ("a $1bn deal", "a $1.2bn deal", [("$1bn", "$1.2bn")]),
        ("up 5%", "up 7 percent", [("5%", "7 percent")]),
        ("on Friday", "on Thursday", [("Friday", "Thursday")]),
        ("on Oct. 1", "on October 2", [("Oct. 1", "October 2")]),
        ("in 2023", "in 2024", [("2023", "2024")]),
        ("three ships", "2 ships", [("three", "2")]),
        ("hundreds of troops", "1,000 troops", [("hundreds", "1,000")]),
        ("about 40 tanks", "nearly 40 tanks", []),  # both say "roughly"
        ("at least 300 dead", "nearly 300 dead", [("at least 300", "nearly 300")]),
        ("£5m raised", "5 million pounds raised", []),
        ("a $1bn deal", "a $1,000m deal", []),
        ("1.5 million", "1,500,000", []),
        ("rose 5%", "rose 5 per cent", []),
        ("two ships", "2 ships", []),
        ("on August 30, 2023", "on Aug. 30", []),  # a date without a year matches any year
        ("on 30 August", "on August 30", []),
        ("F-16 jets and COVID-19 rules", "F-35 jets and COVID-20 rules", []),  # names, not numbers
        ("one of the reasons", "two of the reasons", []),  # "one" is too common to count
        ("1,000 homes", "homes", []),  # a number only one side gives is an addition, not a clash
        ("on Friday", "on Oct. 13", []),  # a weekday and a date are not compared
        # a percentage pairs with a percentage, not a count that comes first (a new-user test)
        ("a 50% cut", "three pledges and a 1% cut", [("50%", "1%")]),
        ("£5m raised", "three firms raised £4m", [("£5m", "£4m")]),
        # new-user tests: a modifier is no count, two things counted are not compared, and a
        # vague amount agrees with a number in its range
        ("the 50-state poll found millions of voters", "50 states and 3 million voters", []),
        ("22 emails were found", "three days before the caucuses", []),
        ("22 emails were found", "three emails were found", [("22", "three")]),
        ("30,000 emails", "thousands of emails", []),
        ("300 emails", "thousands of emails", [("300", "thousands")]),
        ("CES, from 6 to 9 January, showed", "CES showed 50,000", []),  # 6 is a day
        (
            "1,000 containers on Friday",
            "more than 1,000 containers on Thursday",
            [("1,000", "more than 1,000"), ("Friday", "Thursday")],
        ),
    ],
)
def test_differing_quantities(a, b, expected):
    assert differing_quantities(a, b) == expected


def test_a_date_is_one_quantity_not_its_digits():
    found = quantities("Talks on August 30, 2023 raised $2.5 billion, up 12%.")
    assert [(q.text, q.kind) for q in found] == [
        ("August 30, 2023", "date"),
        ("$2.5 billion", "amount"),
        ("12%", "amount"),
    ]
    assert found[1].key == ("", 2.5e9, "USD")


def test_note_is_one_line():
    assert numbers_note([]) == ""
    assert numbers_note([("1,000", "more than 1,000"), ("$1bn", "$1.2bn")]) == (
        "numbers differ: 1,000 vs more than 1,000; $1bn vs $1.2bn"
    )
