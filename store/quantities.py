"""Numbers, amounts and dates in two wordings of one claim, and which of them differ.

Outlets reporting the same statement often disagree on exactly these ("1,000" vs "more than
1,000", "$1bn" vs "$1.2bn", "Friday" vs "Thursday"), and a word diff buries that among
paraphrases. Pure text functions: no store, no engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
}
_VAGUE = ("dozens", "scores", "hundreds", "thousands", "millions", "billions")
_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "billion": 1e9,
    "tn": 1e12,
    "trillion": 1e12,
}
# qualifiers grouped by what they say about the value: above, below, roughly
_QUALIFIERS = {
    "more than": ">",
    "over": ">",
    "above": ">",
    "at least": ">",
    "as many as": ">",
    "as much as": ">",
    "in excess of": ">",
    "upwards of": ">",
    "just over": ">",
    "less than": "<",
    "fewer than": "<",
    "under": "<",
    "below": "<",
    "up to": "<",
    "just under": "<",
    "at most": "<",
    "about": "~",
    "around": "~",
    "nearly": "~",
    "almost": "~",
    "roughly": "~",
    "approximately": "~",
    "some": "~",
    "close to": "~",
    "an estimated": "~",
}
_CURRENCIES = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}
_CURRENCY_WORDS = {
    "dollars": "USD",
    "dollar": "USD",
    "pounds": "GBP",
    "euros": "EUR",
    "yen": "JPY",
}
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for m in names
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


_QUAL = rf"(?:(?P<qual>{_alternation(_QUALIFIERS)})\s+)?"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_AMOUNT = re.compile(
    rf"(?<![\w.,-]){_QUAL}"
    rf"(?P<cur>US\$|\$|£|€|¥)?\s?"
    rf"(?:(?P<num>{_NUM})|(?P<word>{_alternation(_WORD_NUMBERS)}))"
    rf"(?:\s?(?P<scale>{_alternation(_SCALES)})\b)?"
    rf"(?:\s?(?P<pct>%|percent\b|per cent\b))?"
    rf"(?:\s(?P<curword>{_alternation(_CURRENCY_WORDS)})\b)?"
    r"(?![\w])(?!-[A-Za-z])",  # not "the 50-state poll": a modifier, not a count
    re.IGNORECASE,
)
_VAGUE_RE = re.compile(rf"\b{_QUAL}(?P<vague>{_alternation(_VAGUE)})\b", re.IGNORECASE)
_MONTH = _alternation(_MONTHS)
_DATE = re.compile(
    rf"\b(?:(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:,?\s+(?P<year>\d{{4}}))?"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month2>{_MONTH})\.?(?:,?\s+(?P<year2>\d{{4}}))?"
    rf"|(?P<weekday>{_alternation(_WEEKDAYS)}))\b",
    re.IGNORECASE,
)


# After a number: "to 9 January", "-9 Jan": the number is the first day of a range.
_DAY_OF_RANGE = re.compile(
    rf"\s*(?:-|–|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Quantity:
    """A number, amount or date as written (``text``) and what it means (``key``)."""

    text: str
    kind: str  # "amount" or a date form: "date", "weekday"
    key: tuple[object, ...]
    counted: str = ""  # what an amount counts ("email" in "22 emails"), if a noun follows


# The ranges a vague amount stands for: "thousands" is any number from 2,000 to a million.
_VAGUE_RANGES = {
    "dozens": (24, 200),
    "scores": (40, 200),
    "hundreds": (200, 1_000),
    "thousands": (2_000, 1e6),
    "millions": (2e6, 1e9),
    "billions": (2e9, 1e12),
}
_COUNTED = re.compile(r"\s+(?:of\s+)?(?:(?:the|his|her|their|its|[A-Z][\w.-]*['’]s)\s+)?([a-z]+)\b")


def _counted(text: str, end: int) -> str:
    """The noun an amount counts, singular ("emails" -> "email"), or "" when no noun follows
    ("raised £5m", "up 5% on Friday")."""
    m = _COUNTED.match(text, end)
    if m is None:
        return ""
    from gloss.store.analysis.lexicon import lemminflect

    nouns = lemminflect().getAllLemmas(m[1]).get("NOUN")
    return nouns[0] if nouns else ""


def _span_taken(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def quantities(text: str) -> list[Quantity]:
    """The numbers, amounts and dates in ``text``, in order (dates first claim their digits:
    "August 30, 2023" is one date, not the numbers 30 and 2023)."""
    found: list[tuple[int, Quantity]] = []
    taken: list[tuple[int, int]] = []
    for m in _DATE.finditer(text):
        taken.append(m.span())
        if m["weekday"]:
            found.append((m.start(), Quantity(m[0], "weekday", (m["weekday"].lower(),))))
            continue
        month = _MONTHS[(m["month"] or m["month2"]).lower()]
        day = int(m["day"] or m["day2"])
        year = m["year"] or m["year2"]
        found.append((m.start(), Quantity(m[0], "date", (int(year or 0), month, day))))
    for m in _VAGUE_RE.finditer(text):
        if not _span_taken(taken, *m.span()):
            taken.append(m.span())
            qual = _QUALIFIERS.get((m["qual"] or "").lower(), "")
            key = (qual, m["vague"].lower(), "")
            found.append((m.start(), Quantity(m[0], "amount", key, _counted(text, m.end()))))
    for m in _AMOUNT.finditer(text):
        if _span_taken(taken, *m.span()):
            continue
        if _DAY_OF_RANGE.match(text, m.end()):
            continue  # "from 6 to 9 January": a day, not a count of 6 (a new-user test)
        bare = not (m["scale"] or m["pct"] or m["cur"] or m["curword"])
        if m["word"] and bare and m["word"].lower() in ("hundred", "dozen"):
            continue  # "a hundred soldiers" is vague; "two hundred" is caught as "two"
        value = float(m["num"].replace(",", "")) if m["num"] else _WORD_NUMBERS[m["word"].lower()]
        scale = (m["scale"] or "").lower()
        if scale == "b" and not m["cur"]:
            continue  # "3 b" is not an amount without a currency
        value *= _SCALES.get(scale, 1.0)
        unit = "%" if m["pct"] else ""
        currency = m["cur"] or m["curword"]
        if currency:
            unit = _CURRENCIES.get(currency.lower()) or _CURRENCY_WORDS[currency.lower()]
        qual = _QUALIFIERS.get((m["qual"] or "").lower(), "")
        key = (qual, round(value, 6), unit)
        found.append((m.start(), Quantity(m[0].strip(), "amount", key, _counted(text, m.end()))))
    found.sort(key=lambda item: item[0])
    return [q for _, q in found]


def _same(a: Quantity, b: Quantity) -> bool:
    """Alike in kind and meaning; a date without a year matches the same day in any year."""
    if a.kind != b.kind:
        return False
    if a.kind == "date" and 0 in (a.key[0], b.key[0]):
        return a.key[1:] == b.key[1:]
    if a.kind == "amount" and a.key[2] == b.key[2] and "" in (a.key[0], b.key[0]):
        # "thousands" and "30,000" agree (a new-user test saw them flagged as differing)
        for vague, exact in ((a, b), (b, a)):
            low_high = _VAGUE_RANGES.get(str(vague.key[1]))
            if low_high and isinstance(exact.key[1], float | int):
                return low_high[0] <= float(exact.key[1]) < low_high[1]
    return a.key == b.key


def _comparable(a: Quantity, b: Quantity) -> bool:
    """Two quantities one wording may give for the other: of one kind and, for amounts, of
    one unit (a BBC comparison paired "50%" with "three" pledges, not with "1%")."""
    if a.kind != b.kind:
        return False
    if a.kind != "amount":
        return True
    # ... and of one thing counted: "22 of Clinton's emails" is no other count of "three
    # days" (a new-user test).
    # A percentage or a sum says its unit: what follows it is no count's noun.
    return a.key[2] == b.key[2] and (bool(a.key[2]) or a.counted == b.counted)


def differing_quantities(a: str, b: str) -> list[tuple[str, str]]:
    """Pairs ``(as a writes it, as b writes it)`` of numbers, amounts and dates that the two
    wordings give differently, in a's order. Those both give alike are left out, and so is a
    quantity only one of them mentions (the word diff shows an addition): a pair needs a
    quantity of the same kind on each side that the other side does not have."""
    left, right = quantities(a), quantities(b)
    unmatched_right = list(right)
    unmatched_left = []
    for q in left:
        twin = next((r for r in unmatched_right if _same(q, r)), None)
        if twin is None:
            unmatched_left.append(q)
        else:
            unmatched_right.remove(twin)
    pairs = []
    for q in unmatched_left:
        other = next((r for r in unmatched_right if _comparable(q, r)), None)
        if other is not None:
            unmatched_right.remove(other)
            pairs.append((q.text, other.text))
    return pairs
