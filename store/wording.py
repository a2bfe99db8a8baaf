"""Counted nouns for messages: `1 claim`, `2 claims`, `1 entity`, `3 entities`."""

from __future__ import annotations

_IRREGULAR = {"entity": "entities", "story": "stories", "match": "matches"}


def counted(count: int, noun: str) -> str:
    """`count` and `noun`, plural unless the count is one (`1 note`, `0 notes`)."""
    if count == 1:
        return f"1 {noun}"
    return f"{count:,} {_IRREGULAR.get(noun, noun + 's')}"


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"
