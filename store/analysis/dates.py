"""DATE mentions as ISO 8601 values at their own granularity, resolved against a document date.

"Friday" in an article of Friday 2023-10-13 is "2023-10-13", "last month" is "2023-09", "last
week" is "2023-W40", "2006" is "2006". :func:`normalize_date` returns one of YYYY, YYYY-MM,
YYYY-MM-DD or YYYY-Www, or None when the mention is vague ("the coming months") or relative
without a reference date.

News conventions, not a general date parser: a bare weekday is the most recent such day on or
before the article date; a month (or month and day) without a year is the one nearest the
article date, the past slightly preferred (:data:`FUTURE_WEIGHT`). A small grammar is used
instead of dateparser: measured on the seeds phrases, dateparser resolves "Friday" in a Friday
article to the Friday before, misses "February last year", turns "19th month" and "the 1990s"
into dates, and its first call takes about 0.25 s.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from gloss.store.analysis.base import Entity

__all__ = ["normalize_date", "parse_reference", "resolve_dates"]

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_WEEKDAYS = {
    name: i
    for i, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
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
    "a couple of": 2,
    "a few": 3,
    "several": 3,
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1\d{3}|20\d{2})"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_NUM = r"(?P<n>\d{1,2}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>day|week|month|year)s?"

# Each pattern matches the whole (cleaned, lower-case) mention.
_ISO_DAY = re.compile(r"(?P<year>\d{4})-(?P<m>\d\d)-(?P<day>\d\d)")
_ISO_MONTH = re.compile(r"(?P<year>\d{4})-(?P<m>\d\d)")
_PART_OF = r"(?:early |mid-|mid |late |(?:the )?(?:end|start|beginning|middle) of )?"
_YEAR_ONLY = re.compile(rf"(?:(?:the )?year |{_PART_OF}){_YEAR}")
_MDY = re.compile(rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}")
_DMY = re.compile(rf"(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}")
_MY = re.compile(rf"{_PART_OF}{_MONTH},?\s+(?:of\s+)?{_YEAR}")
_MD = re.compile(rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}")
_DM = re.compile(rf"(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}")
_M_REL_YEAR = re.compile(rf"{_MONTH}\s+(?:of\s+)?(?P<rel>last|this|next)\s+year")
_M = re.compile(rf"{_PART_OF}{_MONTH}")
_REL_M = re.compile(rf"(?P<rel>last|next|this|this past|this coming)\s+{_MONTH}")
_WD = re.compile(rf"(?P<rel>last |this past |this |next |on )?{_WEEKDAY}{_PART}")
_DEICTIC = re.compile(r"(?P<word>today|yesterday|tomorrow|tonight|last night|this morning)")
_REL_PERIOD = re.compile(
    r"(?:earlier |later )?(?P<rel>last|this|next|the previous|the following)\s+"
    r"(?P<unit>week|month|year)"
)
_AGO = re.compile(rf"{_NUM}\s+{_UNIT}\s+(?P<dir>ago|earlier|before|from now|later)")
_IN_N = re.compile(rf"in\s+{_NUM}\s+{_UNIT}(?:'|’)?(?:\s+time)?")


def parse_reference(value: str | None) -> date | None:
    """A document's ``published`` value (YYYY-MM-DD...) as a date, None if absent or bad."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _clean(text: str) -> str:
    s = " ".join(text.replace("’", "'").split()).lower()
    s = re.sub(r"^(?:the|on|in|since|by|until|from)\s+", "", s)
    s = re.sub(r"'s$", "", s)
    # A clock time after a date ("August 30, 2023, 7:41 PM") does not change the day.
    s = re.sub(r",?\s+(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?$", "", s)
    return s.strip(" ,.;:")


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


# How much farther a future date may be than a past one and still win: news report the
# past more often, but "the November election" in a June article is five months ahead, not
# seven back (counting the future double put it in the year before).
FUTURE_WEIGHT = 1.2


def _nearest_year(ref: date, month: int, day: int) -> int:
    """The year putting month/day nearest the reference, the past slightly preferred."""

    def cost(year: int) -> float:
        try:
            days = (date(year, month, day) - ref).days
        except ValueError:  # 29 February
            days = (date(year, month, 28) - ref).days
        return days * FUTURE_WEIGHT if days > 0 else -days

    return min((ref.year - 1, ref.year, ref.year + 1), key=cost)


def _shift(ref: date, unit: str, n: int) -> str:
    if unit == "day":
        return (ref + timedelta(days=n)).isoformat()
    if unit == "week":
        return _week(ref + timedelta(weeks=n))
    if unit == "month":
        y, m = _shift_month(ref.year, ref.month, n)
        return f"{y:04d}-{m:02d}"
    return f"{ref.year + n:04d}"


def _count(value: str) -> int:
    return int(value) if value.isdigit() else _NUMBERS[value]


def normalize_date(text: str, ref: date | None) -> str | None:
    """The ISO 8601 value of a DATE mention (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Www).

    ``ref`` is the document's date; without it only absolute dates resolve. Returns None for
    what cannot be resolved (vague periods, durations, garbage).
    """
    raw = " ".join(text.replace("’", "'").split()).lower()
    s = _clean(text)
    if not s or len(s) > 40:
        return None
    # Absolute: no reference needed.
    if m := _ISO_DAY.fullmatch(s):
        return _day(int(m["year"]), int(m["m"]), int(m["day"]))
    if (m := _ISO_MONTH.fullmatch(s)) and 1 <= int(m["m"]) <= 12:
        return f"{m['year']}-{m['m']}"
    if m := _YEAR_ONLY.fullmatch(s):
        return m["year"]
    if m := _MDY.fullmatch(s) or _DMY.fullmatch(s):
        return _day(int(m["year"]), _MONTHS[m["month"]], int(m["day"]))
    if m := _MY.fullmatch(s):
        return f"{m['year']}-{_MONTHS[m['month']]:02d}"
    if ref is None:
        return None
    # Relative to the document date.
    if m := _MD.fullmatch(s) or _DM.fullmatch(s):
        month, day = _MONTHS[m["month"]], int(m["day"])
        return _day(_nearest_year(ref, month, day), month, day)
    if m := _M_REL_YEAR.fullmatch(s):
        year = ref.year + {"last": -1, "this": 0, "next": 1}[m["rel"]]
        return f"{year:04d}-{_MONTHS[m['month']]:02d}"
    if (m := _REL_M.fullmatch(s)) and (m["month"] != "may" or re.search(r"\bMay\b", text)):
        month = _MONTHS[m["month"]]
        if m["rel"] == "this":
            year = ref.year
        elif m["rel"] in ("last", "this past"):
            year = ref.year if month < ref.month else ref.year - 1
        else:
            year = ref.year if month > ref.month else ref.year + 1
        return f"{year:04d}-{month:02d}"
    if m := _M.fullmatch(s):
        month = _MONTHS[m["month"]]
        if m["month"] == "may" and not re.search(r"\bMay\b", text):
            return None  # the verb
        return f"{_nearest_year(ref, month, 15):04d}-{month:02d}"
    if m := _WD.fullmatch(s):
        return _weekday(ref, _WEEKDAYS[m["weekday"]], (m["rel"] or "").strip())
    if m := _DEICTIC.fullmatch(s):
        offset = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(m["word"], 0)
        return (ref + timedelta(days=offset)).isoformat()
    if m := _REL_PERIOD.fullmatch(s):
        delta = {"last": -1, "the previous": -1, "this": 0, "next": 1, "the following": 1}
        return _shift(ref, m["unit"], delta[m["rel"]])
    if m := _AGO.fullmatch(s):
        n = _count(m["n"])
        sign = 1 if m["dir"] in ("from now", "later") else -1
        return _shift(ref, m["unit"], sign * n)
    if m := _IN_N.fullmatch(raw):
        return _shift(ref, m["unit"], _count(m["n"]))
    return None


def _weekday(ref: date, weekday: int, rel: str) -> str:
    """A bare weekday (or "on Friday", "last Friday") is the latest on or before the reference
    ("last" strictly before); "next" the first after; "this" the one in the same week."""
    back = (ref.weekday() - weekday) % 7
    if rel == "next":
        ahead = (weekday - ref.weekday()) % 7 or 7
        return (ref + timedelta(days=ahead)).isoformat()
    if rel == "this":
        return (ref + timedelta(days=weekday - ref.weekday())).isoformat()
    if rel in ("last", "this past") and back == 0:
        back = 7
    return (ref - timedelta(days=back)).isoformat()


def resolve_dates(entities: list[Entity], ref: date | None) -> int:
    """Set the canonical of DATE entities to their ISO value where one resolves; returns how
    many did. Others keep their text-like canonical ("coming months")."""
    done = 0
    for e in entities:
        if e.label == "DATE" and (value := normalize_date(e.text, ref)):
            e.canonical = value
            done += 1
    return done
