"""Counted nouns and ordinals in messages."""

from gloss.store.wording import counted, ordinal


def test_counted_is_singular_only_for_one():
    assert counted(1, "note") == "1 note"
    assert counted(0, "note") == "0 notes"
    assert counted(2, "entity") == "2 entities"
    assert counted(1, "entity") == "1 entity"
    assert counted(1234, "claim") == "1,234 claims"


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
