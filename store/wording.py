"""Counted nouns for messages (`1 claim`, `3 entities`) and numbers that fit a column."""

from __future__ import annotations

_IRREGULAR = {"entity": "entities", "story": "stories", "match": "matches", "person": "people"}


def counted(count: int, noun: str) -> str:
    """`count` and `noun`, plural unless the count is one (`1 note`, `0 notes`)."""
    if count == 1:
        return f"1 {noun}"
    return f"{count:,} {_IRREGULAR.get(noun, noun + 's')}"


def singular(plural: str) -> str:
    """The singular of a plural noun `counted` would write (`entities` -> `entity`)."""
    for one, many in _IRREGULAR.items():
        if plural == many:
            return one
    return plural.removesuffix("s")


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


_UNITS = ((1_000, "k"), (1_000_000, "M"), (1_000_000_000, "G"), (1_000_000_000_000, "T"))


def fitted(number: int, width: int, *, grouped: bool = False) -> str:
    """`number` in at most `width` cells: exact (`57511`, or `57,511` when `grouped`) when it
    fits, else rounded with a unit (`57.5k`, `58k`, `218k`, `1.2M`), so that a column never
    cuts digits off a count."""
    exact = f"{number:,}" if grouped else str(number)
    if len(exact) <= width:
        return exact
    for size, unit in _UNITS:
        for decimals in (1, 0):
            value = f"{number / size:.{decimals}f}"
            if decimals and value.endswith(".0"):
                value = value[:-2]
            if float(value) < 1000 and len(value) + 1 <= width:
                return value + unit
    return f"{number // 1_000_000_000_000}T"  # wider than `width`: no column is this narrow
