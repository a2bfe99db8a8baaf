"""Counted nouns and ordinals in messages."""

from gloss.store.wording import counted, ordinal, singular


def test_counted_is_singular_only_for_one():
    assert counted(1, "note") == "1 note"
    assert counted(0, "note") == "0 notes"
    assert counted(2, "entity") == "2 entities"
    assert counted(1, "entity") == "1 entity"
    assert counted(1234, "claim") == "1,234 claims"
    # The corpus screen's entity groups ("1 names matches" in a new-user test).
    assert [counted(1, singular(g)) for g in ("names", "people", "places", "entities")] == [
        "1 name",
        "1 person",
        "1 place",
        "1 entity",
    ]
    assert counted(3, singular("people")) == "3 people"


def test_ordinal():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 99, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "99th",
        "101st",
        "111th",
    ]
