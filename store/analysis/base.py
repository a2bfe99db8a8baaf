"""Shared pieces of the analysis: result records, the engine protocol, sentences and quotes.

Offsets are Python ``str`` indices into the document text (end exclusive), as everywhere in
the store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

# Bump when the analysis logic changes so stored results are recomputed once.
ANALYSIS_VERSION = "70"


@dataclass(slots=True)
class Entity:
    """A named-entity mention with its OntoNotes label and canonical name."""

    start: int
    end: int
    label: str
    text: str
    canonical: str = ""


@dataclass(slots=True)
class Claim:
    """An attributed statement (quote/reported) or an unattributed check-worthy assertion."""

    start: int
    end: int
    kind: str  # quote | reported | assertion
    content_start: int
    content_end: int
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    score: float = 0.0
    hedges: list[str] = field(default_factory=list)
    cluster: str | None = None


@dataclass(slots=True)
class Token:
    """One token of a parsed sentence (document offsets; ``head`` indexes the same list)."""

    start: int
    end: int
    text: str
    dep: str = ""
    head: int = -1
    tag: str = ""


@dataclass
class Parsed:
    """What an engine found in one document before the shared claim and linking steps."""

    sentences: list[tuple[int, int]]
    entities: list[Entity]
    # Dependency parses of the sentences that needed one, keyed by sentence start offset.
    parses: dict[int, list[Token]] = field(default_factory=dict)
    # Parses one sentence (start, end) on demand; None when the engine has no parser.
    parser: Callable[[int, int], list[Token]] | None = None
    # The text the engine read (same offsets; ALL-CAPS lines title-cased), for batch parses.
    view: str = ""


@dataclass
class Analysis:
    """The stored result for one document."""

    entities: list[Entity]
    claims: list[Claim]


# One unit of work for the pipeline: a document's text and its boilerplate spans (see
# pipeline.clip_boilerplate).
Job = tuple[str, list[list[int]]]


class Engine(Protocol):
    """An analysis engine: finds sentences, entities and (optionally) parses."""

    name: str
    version: str

    def parse(self, texts: Sequence[str]) -> Iterator[Parsed]:
        """Yield one Parsed per text, in order."""
        ...


# -- sentences ---------------------------------------------------------------------------
_ABBREV = frozenset(
    "mr mrs ms dr prof st sen rep gov gen col lt capt sgt jr sr vs etc inc ltd co corp no "
    "jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx dept est govt u.s u.k "
    "u.n e.g i.e a.m p.m d.c".split()
)
_END_RE = re.compile(r"[.!?]+[\"”’')\]]*(?=\s)|\n\s*\n|\n")
_TITLE_ABBREV = frozenset(
    "mr mrs ms dr prof sen rep gov gen col lt capt sgt st rev adm cmdr maj brig fr".split()
)
_ATTRIB_AFTER_RE = re.compile(
    r"[ \t]+(?:[A-Z][\w.'’-]*[ \t]+){1,4}(?:said|says|asked|added|told|wrote|explained)\b"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z.]+)\.$")
# Longer sentence spans are cut at a space: the longest sentence in 3,000 BBC and PolNeAR
# articles has 1,063 characters. Claim extraction compares each cue with the later cues of
# its sentence, so text without full stops (a file that is one long line of words) ran at
# 4.4k characters/s with 5,000-character spans and 17k with 1,500 (prose: ~40k).
MAX_SENTENCE = 1_500


def _last_space(text: str, lo: int, hi: int) -> int:
    """The offset of the last whitespace character in ``text[lo:hi]``, or -1."""
    for i in range(hi - 1, lo - 1, -1):
        if text[i].isspace():
            return i
    return -1


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (trimmed of surrounding whitespace); a line break always ends one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END_RE.finditer(text):
        end = match.end()
        piece = text[match.start() : match.end()]
        if piece[0] == ".":
            before = _WORD_BEFORE_RE.search(text, max(0, match.start() - 12), match.start() + 1)
            if before:
                word = before.group(1).lower().rstrip(".")
                if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                    # "U.S. officials" continues; "the U.S. says." at a line end does not.
                    nxt = text[end : end + 3].lstrip()
                    if nxt[:1].islower() or nxt[:1].isdigit() or word in _TITLE_ABBREV:
                        continue
                    if len(word) == 1 and nxt[:1].isupper():
                        # "John D. Podesta": an initial inside a name.
                        prev = text[max(0, match.start() - 3) : match.start() - 1]
                        if prev[-1:].isspace() and text[match.start() - 1].isupper():
                            continue
                    if word in {"u.s", "u.k", "u.n", "d.c"} and nxt[:1].isupper():
                        # Ambiguous: keep going unless a new sentence clearly begins.
                        following = text[end : end + 20].lstrip().split(" ", 1)[0]
                        if following not in {"The", "He", "She", "It", "They", "We", "In"}:
                            continue
        if piece[0] in ".!?":
            nxt = text[end : end + 2].lstrip(" \t")
            if nxt[:1].islower():
                continue
            if piece[-1] in "\"”’'" and _ATTRIB_AFTER_RE.match(text, end):
                continue  # “Why now?” Clinton said.
        _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while True:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start <= MAX_SENTENCE:
            break
        # A run-on "sentence" (no punctuation or line break for pages): cut it at a space, so
        # the work per sentence (cue and quote lookups, a parse) stays bounded.
        cut_at = _last_space(text, start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut_at = start + MAX_SENTENCE if cut_at < 0 else cut_at
        spans.append((start, cut_at))
        start = cut_at
    if end > start:
        spans.append((start, end))


# -- quotations --------------------------------------------------------------------------
_OPEN = "“«"
_CLOSE = "”»"
# What the quote pairing looks at: quotation marks, and line breaks (which end paragraphs).
_QUOTE_MARK_RE = re.compile('[“«”»"\n]')


def _reopens(text: str, i: int) -> bool:
    """A straight double quote at ``i`` opening a quotation although one is open: after a
    sentence's end and a space, before a capital ('were. "What'); a closing mark follows
    its words directly ('were."')."""
    return (
        0 < i < len(text) - 1
        and text[i - 1] == " "
        and text[i + 1].isupper()
        and text[:i].rstrip()[-1:] in (".", "!", "?")
    )


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of quotations including their marks, in text order; a quote left open runs to
    its paragraph (line) end. Never crosses a line break.

    Curly quotes pair by direction; straight double quotes pair by alternation within a
    paragraph. One pass over the marks alone (linear in the text).
    """
    quotes: list[tuple[int, int]] = []
    text = text.replace("''", '" ')  # ''NYT style'' quotes; same length, same offsets
    open_at: int | None = None
    open_char = ""
    for m in _QUOTE_MARK_RE.finditer(text):
        i = m.start()
        ch = text[i]
        if ch == "\n":
            if open_at is not None and i - open_at > 20:
                quotes.append((open_at, i))
            open_at = None
        elif open_at is None:
            if ch in _OPEN or ch == '"':
                open_at, open_char = i, ch
        elif open_char == '"' and ch == '"' and _reopens(text, i):
            # 'were. "What the book says is ...': a quotation running on into the next
            # sentence or paragraph (the BBC's style) reopens; the mark closes nothing.
            quotes.append((open_at, len(text[:i].rstrip())))
            open_at = i
        elif (open_char == '"' and ch == '"') or (open_char in _OPEN and ch in _CLOSE):
            quotes.append((open_at, i + 1))
            open_at = None
        elif open_char in _OPEN and ch in _OPEN:
            open_at = i  # a stray opener: restart
    if open_at is not None and len(text) - open_at > 20:
        quotes.append((open_at, len(text)))
    return quotes
