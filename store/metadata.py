"""Metadata found in a document's text: title, outlet, byline, publication date, boilerplate.

Everything works on lines (one paragraph per line in the texts gloss imports) with plain
regular expressions, so it costs a few microseconds per line. Rules, in the order they are
tried on each non-blank line:

- markdown YAML front matter (``---`` ... ``---``) gives title/date/author/source keys;
- a metadata prefix at the start of the first line (``date 2023-10-13 Headline``);
- fixed site furniture: skip links, comment forms, share buttons, the translation notice...
  (``FURNITURE``), some of which identify a site template (``TEMPLATE_OUTLETS``);
- ``Source: The Hill`` / ``Originally published by ...`` lines (the outlet);
- ``Updated: August 30, 2023, 7:41 PM`` / ``Published ...`` lines and lines that are only a
  date, near the top or the bottom (the publication date; "Published" beats "Updated");
- credit lines (``(Reporting by ...; Editing by ...)``), bylines (``By Jeff Mason``),
  gallery links (``... – in pictures``), copyright lines;
- photo captions that end with a credit (``... sentence. US Government / AFP``);
- the first remaining line is the title (a markdown ``# Heading`` loses its hashes);
- a dateline in the first body lines (``WASHINGTON (Reuters) -``, ``(Bloomberg) --``) names
  the outlet; it is article text, not boilerplate.

Outlet precedence: a ``Source:`` line, then the dateline, then a site template. Boilerplate
spans are the trimmed lines (or the prefix), as ``(start, end)`` ``str`` offsets.
"""

from __future__ import annotations

import re
from datetime import date

from gloss.store.documents import DocumentMeta

HEADER_LINES = 8  # bylines and bare date lines are looked for in the first lines...
FOOTER_LINES = 5  # ...and bare date lines in the last ones
DATELINE_LINES = 5  # datelines in the first body lines after the title
MAX_TITLE_CHARS = 200
SHORT_TITLE_CHARS = 100
SHORT_LINE_CHARS = 160  # furniture, dates, galleries, copyright lines are shorter

# Site furniture, compared lower-cased with straight quotes and single spaces.
FURNITURE = frozenset(
    {
        'press "enter" to skip to content',
        "skip to content",
        "skip to main content",
        "skip to navigation",
        "skip to main navigation",
        "jump to content",
        "be first to comment",
        "be the first to comment",
        "leave a reply",
        "leave a comment",
        "post a comment",
        "cancel reply",
        "no comments",
        "comments",
        "required fields are marked *",
        "post navigation",
        "share this:",
        "share this article",
        "share this story",
        "like this:",
        "share",
        "tweet",
        "advertisement",
        "sponsored content",
        "related",
        "related articles",
        "related posts",
        "related stories",
        "read more",
        "read more:",
        "loading...",
        "powered by automated translation",
        "sign up for our newsletter",
        "subscribe to our newsletter",
    }
)
FURNITURE_PREFIXES = (
    "your email address will not be published",
    "save my name, email, and website in this browser",
    "click to share on ",
    "click to email a link",
    "click to print",
    "this site uses akismet",
)
# Furniture lines that only one site template prints.
TEMPLATE_OUTLETS = {"powered by automated translation": "The National"}

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = (
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s+(?:[a-z]{2,5}|utc[+-]?\d*|gmt[+-]?\d*))?)?"
)
_DATE_RE = re.compile(
    rf"{_WEEKDAY}(?:"
    r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"(?:t\d{2}:\d{2}(?::\d{2})?(?:z|[+-]\d{2}:?\d{2})?)?"
    rf"|{_MONTH}\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})"
    rf"|(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH.replace('mon>', 'mon2>')}"
    r"\s*,?\s+(?P<dy>\d{4})"
    r"|(?P<sy>\d{4})/(?P<sm>\d{1,2})/(?P<sd>\d{1,2})"
    rf"){_TIME}",
    re.IGNORECASE,
)
_PREFIX_RE = re.compile(
    r"\s*(?P<bp>(?:date|published|updated):?\s+(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?)\s+(?=\S)",
    re.IGNORECASE,
)
_DATED_RE = re.compile(
    r"(?P<kind>last updated|updated|first published|published|posted|date)(?:\s+on)?"
    r"\s*[:\-–—]?\s+(?P<rest>.{6,60})",
    re.IGNORECASE,
)
_SOURCE_RE = re.compile(
    r"(?:(?P<plain>source)|originally published (?:by|in|on|at)"
    r"|this (?:article|story) (?:was )?(?:originally )?(?:appeared|published) (?:in|on|at|by))"
    r"\s*:?\s+(?P<outlet>[A-Z0-9][^.!?]{0,50}?)\.?",
    re.IGNORECASE,
)
_CREDIT_RE = re.compile(
    r"\((?:additional )?(?:reporting|writing|editing|compiled|produced) by\b[^()]*\)"
    r"|(?:additional )?reporting by\b[^.;]*[;,]\s*(?:writing|editing|additional reporting)"
    r" by\b.*",
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w.'’-]*"
_BYLINE_RE = re.compile(
    r"(?:[Bb]y|BY|[Ww]ritten by|[Ww]ords by|[Aa]uthor:)\s+"
    rf"(?P<names>{_NAME}(?:(?:,\s*|\s+)(?:{_NAME}|and|&|de|da|van|von|der|al|bin|in|for))*)"
)
_GALLERY_RE = re.compile(r".{3,100}\s[-–—:]\s+in pictures", re.IGNORECASE)
_COPYRIGHT_RE = re.compile(r"(?:©|\(c\)\s*\d{4}|copyright\b).{0,150}", re.IGNORECASE)
_CREDIT_SEG = r"[A-Z][\w&'’.-]*(?:\s[A-Za-z][\w&'’.-]*){0,5}"
_CAPTION_RE = re.compile(
    rf".{{10,400}}?[.!?”\"’)]\s+(?P<credit>{_CREDIT_SEG}(?:\s*/\s*{_CREDIT_SEG})*)"
)
_AGENCIES = frozenset(
    {
        "ap", "afp", "reuters", "epa", "epa-efe", "getty", "getty images", "afp via getty images",
        "bloomberg", "pa", "pa media", "pa wire", "shutterstock", "alamy", "xinhua", "kcna",
        "wam", "sana", "anadolu", "sputnik", "tass", "ap photo", "rex", "rex features",
        "the national", "supplied", "handout",
    }
)  # fmt: skip
_DATELINE_RE = re.compile(
    r"(?:[A-Z][A-Za-z.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z.]*(?:\s+\d{1,2})?){0,3}\s*)?"
    r"\((?P<outlet>[A-Z][A-Za-z&.' ]{1,29}?)\)\s*(?:--|-|–|—|:)"
)
_SENTENCE_RE = re.compile(rf".{{10,{MAX_TITLE_CHARS}}}?[.!?](?=\s)")
_HEADING_RE = re.compile(r"#{1,6}\s+(?P<title>.+?)(?:\s+#+)?\s*")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\xa0": " "})


def _key(line: str) -> str:
    """A short line for comparison with FURNITURE: lower case, straight quotes."""
    key = line.lower()
    return key if key.isascii() else key.translate(_QUOTES)


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as YYYY-MM-DD (ISO, "Aug. 30, 2023", "30 August 2023"...)."""
    found = _DATE_RE.search(text)
    return _date_of(found) if found else None


def _date_of(found: re.Match[str]) -> str | None:
    groups = found.groupdict()
    try:
        if groups["iy"]:
            value = date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
        elif groups["my"]:
            value = date(int(groups["my"]), _month(groups["mon"]), int(groups["md"]))
        elif groups["dy"]:
            value = date(int(groups["dy"]), _month(groups["mon2"]), int(groups["dd"]))
        else:
            value = date(int(groups["sy"]), int(groups["sm"]), int(groups["sd"]))
    except (ValueError, KeyError):
        return None
    return value.isoformat()


def _month(name: str) -> int:
    return _MONTHS[name.lower()[:3]]


def _whole_date(text: str) -> str | None:
    """A date when ``text`` is nothing but a date (and maybe a time)."""
    found = _DATE_RE.fullmatch(text)
    return _date_of(found) if found else None


def _lines(text: str) -> list[tuple[int, int, str]]:
    """Non-blank lines as (start, end, stripped text), offsets of the trimmed line."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            out.append((start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def _is_caption(line: str) -> bool:
    if len(line) > 480 or line[-1] in ".!?:;,":
        return False
    found = _CAPTION_RE.fullmatch(line)
    if found is None:
        return False
    credit = found["credit"]
    return "/" in credit or credit.lower() in _AGENCIES


def _title_of(line: str, start: int, end: int) -> tuple[str, tuple[int, int] | None]:
    """Title text and span for the title line (markdown heading hashes removed)."""
    heading = _HEADING_RE.fullmatch(line)
    if heading is not None:
        return heading["title"], (start + heading.start("title"), start + heading.end("title"))
    if len(line) <= MAX_TITLE_CHARS:
        return line, (start, end)
    sentence = _SENTENCE_RE.match(line)
    if sentence is not None:
        return sentence.group(), (start, start + sentence.end())
    cut = line[:SHORT_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut + "…", None


def _front_matter(
    text: str, lines: list[tuple[int, int, str]]
) -> tuple[int, dict[str, tuple[str, int, int]], list[tuple[int, int]]]:
    """YAML-ish front matter: (lines used, {key: (value, start, end)}, boilerplate spans)."""
    if not lines or lines[0][2] != "---" or lines[0][0] != 0:
        return 0, {}, []
    fields: dict[str, tuple[str, int, int]] = {}
    spans = []
    for index, (start, end, line) in enumerate(lines[1:40], start=1):
        spans.append((start, end))
        if line in ("---", "..."):
            return index + 1, fields, [(lines[0][0], lines[0][1]), *spans]
        key, sep, value = line.partition(":")
        if sep and value.strip():
            value = value.strip()
            quoted = value[:1] in "'\"" and value[-1:] == value[:1] and len(value) > 1
            inner = value[1:-1] if quoted else value
            vstart = start + line.index(value) + (1 if quoted else 0)
            fields[key.strip().lower()] = (inner, vstart, vstart + len(inner))
    return 0, {}, []


def extract_metadata(text: str) -> DocumentMeta:
    """Title (and its span), outlet, byline, publication date and boilerplate spans."""
    lines = _lines(text)
    boilerplate: list[tuple[int, int]] = []
    title = ""
    title_span: tuple[int, int] | None = None
    byline: str | None = None
    source_outlet = dateline_outlet = template_outlet = None
    published = updated = None

    skip, fields, spans = _front_matter(text, lines)
    if skip:
        boilerplate.extend(spans)
        if "title" in fields:
            title, tstart, tend = fields["title"]
            title_span = (tstart, tend)
            boilerplate.remove(next(s for s in spans if s[0] <= tstart and tend <= s[1]))
        for key in ("date", "published", "updated"):
            if key in fields and published is None:
                published = parse_date(fields[key][0])
        for key in ("author", "byline"):
            if key in fields and byline is None:
                byline = fields[key][0]
        for key in ("source", "outlet", "publisher", "site"):
            if key in fields and source_outlet is None:
                source_outlet = fields[key][0]

    if skip < len(lines):
        start, end, line = lines[skip]
        prefix = _PREFIX_RE.match(line)
        if prefix is not None:
            boilerplate.append((start + prefix.start("bp"), start + prefix.end("bp")))
            published = parse_date(prefix["date"])
            lines[skip] = (start + prefix.end(), end, line[prefix.end() :])

    body_seen = 0
    last = len(lines)
    for index in range(skip, last):
        start, end, line = lines[index]
        near_top = index - skip < HEADER_LINES
        near_end = last - index <= FOOTER_LINES
        short = len(line) <= SHORT_LINE_CHARS  # long lines are paragraphs: fewer checks
        key = _key(line) if short else ""
        if short and (key in FURNITURE or key.startswith(FURNITURE_PREFIXES)):
            boilerplate.append((start, end))
            template_outlet = template_outlet or TEMPLATE_OUTLETS.get(key)
            continue
        if len(line) <= 80 and (source := _SOURCE_RE.fullmatch(line)):
            boilerplate.append((start, end))
            # "Source: NATO." with a full stop credits data (a chart), not a publication
            if not (source["plain"] and line.endswith(".")):
                source_outlet = source_outlet or source["outlet"].strip()
            continue
        if len(line) <= 80 and (dated := _DATED_RE.fullmatch(line)):
            day = parse_date(dated["rest"])
            if day is not None:
                boilerplate.append((start, end))
                if "updated" in dated["kind"].lower():
                    updated = updated or day
                else:
                    published = published or day
                continue
        if (near_top or near_end) and len(line) <= 60 and (day := _whole_date(line)):
            boilerplate.append((start, end))
            published = published or day
            continue
        if len(line) <= 300 and _CREDIT_RE.fullmatch(line):
            boilerplate.append((start, end))
            continue
        if near_top and len(line) <= 80 and line[-1] != "." and (by := _BYLINE_RE.fullmatch(line)):
            boilerplate.append((start, end))
            if byline is None:
                byline = re.split(r",|\s+(?:in|for)\s+", by["names"])[0].strip()
            continue
        if short and (_GALLERY_RE.fullmatch(line) or _COPYRIGHT_RE.fullmatch(line)):
            boilerplate.append((start, end))
            continue
        if _is_caption(line):
            boilerplate.append((start, end))
            continue
        if not title:
            title, title_span = _title_of(line, start, end)
            continue
        body_seen += 1
        if body_seen <= DATELINE_LINES and dateline_outlet is None:
            dateline = _DATELINE_RE.match(line)
            if dateline is not None:
                dateline_outlet = dateline["outlet"].strip()

    boilerplate.sort()
    return DocumentMeta(
        title=title,
        title_span=title_span,
        outlet=source_outlet or dateline_outlet or template_outlet,
        byline=byline,
        published=published or updated,
        boilerplate=boilerplate,
    )
