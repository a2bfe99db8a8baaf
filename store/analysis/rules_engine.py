"""The rules engine: no model, regular expressions and a small gazetteer.

The fallback when spaCy or its model cannot be loaded, and fast enough for tests. Names are
runs of capitalised words typed by the gazetteer, a title before them ("Mr", "spokesman"),
or keywords inside them ("Council", "Ministry"); numbers, dates, money and percentages come
from patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from gloss.store.analysis.base import ANALYSIS_VERSION, Entity, Parsed, split_sentences
from gloss.store.analysis.entities import caps_to_title
from gloss.store.analysis.lexicon import (
    GAZETTEER,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    STOP_CAPS,
    TITLES,
)
from gloss.store.analysis.pieces import pieces_of

_ORG_WORDS = frozenset(
    "Council Committee Ministry Department Agency House Group Party Bank University Company "
    "Corp Corporation Inc Ltd News Service Office Army Navy Forces Force Assembly Parliament "
    "Court Union Association Organization Organisation Institute Administration Commission "
    "Board Fund Foundation Times Post Journal Press Network Guard Senate Congress Federation "
    "League Club Authority Bureau Centre Center Police Airlines Group".split()
)
_LOC_WORDS = frozenset("River Sea Ocean Mountains Mountain Lake Gulf Bay Peninsula Valley".split())
_GPE_WORDS = frozenset("City Province Region State County Republic Kingdom Island".split())
_CONNECT = frozenset({"of", "and", "for", "the", "de", "al", "bin"})
_NUM = r"\d+(?:[.,]\d+)*"
_NUMWORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "MONEY",
        re.compile(
            rf"(?:(?:about|nearly|almost|over|more than)\s+)?[$£€]\s?{_NUM}"
            r"(?:\s+(?:million|billion|trillion|bn|m))?"
            rf"|\b{_NUM}\s+(?:million|billion|trillion)?\s*(?:dollars|euros|pounds|rubles|yuan)\b",
            re.I,
        ),
    ),
    ("PERCENT", re.compile(rf"\b{_NUM}\s?(?:%|percent\b|per cent\b)", re.I)),
    ("TIME", re.compile(r"\b\d{1,2}:\d{2}\s?(?:[AaPp]\.?[Mm]\.?)?(?:\s?[A-Z]{2,4}T)?")),
    (
        "DATE",
        re.compile(
            rf"\b(?:{MONTHS})\s+\d{{1,2}}(?:,\s+\d{{4}})?\b|\b\d{{1,2}}\s+(?:{MONTHS})(?:\s+\d{{4}})?\b"
            rf"|\b(?:{MONTHS})\s+\d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
            r"|\b(?:last|next|this|coming|past)\s+(?:week|month|year|weekend|months|weeks|years)\b"
            rf"|\b(?:\d+|{_NUMWORD})\s+(?:days|weeks|months|years)\s+ago\b"
            r"|\b(?:the\s+)?(?:coming|past|next|last)\s+(?:few\s+)?(?:days|weeks|months|years)\b"
            r"|\b(?:19|20)\d{2}s?\b|\b(?:yesterday|today|tomorrow)\b"
            r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
            r"|\b(?:January|February|March|April|June|July|August|September|October|November|December)\b",
        ),
    ),
    (
        "ORDINAL",
        re.compile(r"\b\d+(?:st|nd|rd|th)\b|\b(?:" + "|".join(ORDINAL_WORDS) + r")\b", re.I),
    ),
    (
        "CARDINAL",
        re.compile(
            rf"\b(?:(?:more than|at least|about|nearly|almost|over|up to)\s+)?"
            rf"(?:{_NUM}(?:\s+(?:million|billion|thousand|hundred))?|(?:{_NUMWORD})(?:[\s-](?:{_NUMWORD}))*)\b",
            re.I,
        ),
    ),
]
_CAP_RUN = re.compile(
    r"(?:[A-Z][\w'’.-]*|[A-Z]{2,})"
    r"(?:[ \t]+(?:(?:of|and|for|the|de|al|bin)[ \t]+)*(?:[A-Z][\w'’.-]*))*"
)


# A word of three letters or more (some lower case, or an acronym), then a full stop: a
# sentence's end inside a capitalised run ("Vietnam. In", "ISIS. Officials"), not an initial
# or a title ("J.", "Mr.", "Gov.").
_SENTENCE_END_IN_RUN = re.compile(r"\b([A-Z][a-z][\w'’-]+|[A-Z]{3,})\.(?=\s)")


class RulesEngine:
    """Model-free engine: regex entities, regex sentences, no dependency parses."""

    name = "rules"
    version = f"gloss{ANALYSIS_VERSION}"

    def parse(self, texts: Sequence[str]) -> Iterator[Parsed]:
        """Yield sentences and entities for each text; entities are found piece by piece
        (see gloss.store.analysis.pieces), so a long text is read a bounded piece at a time."""
        for text in texts:
            sentences = split_sentences(text)
            ents: list[Entity] = []
            for a, b in pieces_of(text, sentences):
                for ent in find_entities(text[a:b]):
                    ent.start += a
                    ent.end += a
                    ents.append(ent)
            yield Parsed(sentences, ents)


def find_entities(text: str) -> list[Entity]:
    """Entity mentions found by patterns and the gazetteer (before the shared fixes)."""
    view = caps_to_title(text)
    found: list[Entity] = []
    # Characters already inside a found entity (a mask, not a list of spans: one lookup per
    # candidate whatever the number of entities found so far).
    taken = bytearray(len(view) + 1)

    def free(s: int, e: int) -> bool:
        return taken.find(1, s, e) < 0

    for label, pattern in _PATTERNS:
        for m in pattern.finditer(view):
            s, e = m.span()
            word = view[s:e].strip()
            # "one" is mostly a pronoun; keep only "one of ..." style counts.
            if (
                label == "CARDINAL"
                and word.lower() == "one"
                and not re.match(r"\s+(?:of|in)\b", view[e : e + 4])
            ):
                continue
            if label == "DATE" and word in {"May"}:
                continue
            if e > s and free(s, e):
                found.append(Entity(s, e, label, text[s:e]))
                taken[s:e] = b"\x01" * (e - s)
    sentence_starts = {s for s, _ in split_sentences(view)}
    for m in _CAP_RUN.finditer(view):
        s, e = m.span()
        stop = _SENTENCE_END_IN_RUN.search(view, s, e)
        if stop and stop.group(1).lower() not in TITLES:
            e = stop.start() + len(stop.group(1))  # "Vietnam. In 1975": the name ends there
        words = view[s:e].split()
        # Drop a sentence-initial function word ("The", "In") and trailing connectors.
        while words and (words[0] in STOP_CAPS or words[0].lower() in _CONNECT):
            s = view.index(words[0], s) + len(words[0])
            while s < e and view[s].isspace():
                s += 1
            words = words[1:]
        while words and words[-1].lower() in _CONNECT:
            e = view.rindex(words[-1], s, e)
            while e > s and view[e - 1].isspace():
                e -= 1
            words = words[:-1]
        if not words:
            continue
        for s2, e2 in _split_run(view, s, e):
            _add_name(text, view, s2, e2, s2 in sentence_starts, found, taken)
    found.sort(key=lambda x: x.start)
    return found


def _split_run(view: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut a capitalised run at "and" (unless an organisation) and after gazetteer words."""
    surface = view[s:e]
    if surface in GAZETTEER or any(w in _ORG_WORDS for w in surface.split()):
        return [(s, e)]
    parts: list[tuple[int, int]] = []
    for m in re.finditer(r"\S+", surface):
        parts.append((s + m.start(), s + m.end()))
    pieces: list[tuple[int, int]] = []
    cur: list[tuple[int, int]] = []
    for a, b in parts:
        word = view[a:b]
        if word.lower() in _CONNECT:
            if cur:
                pieces.append((cur[0][0], cur[-1][1]))
            cur = []
            continue
        if word in GAZETTEER or word.lower().rstrip(".") in TITLES:
            if cur:
                pieces.append((cur[0][0], cur[-1][1]))
            cur = []
            if word in GAZETTEER:
                pieces.append((a, b))
            continue
        cur.append((a, b))
    if cur:
        pieces.append((cur[0][0], cur[-1][1]))
    return pieces


_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr"})


def _add_name(
    text: str,
    view: str,
    s: int,
    e: int,
    initial: bool,
    found: list[Entity],
    taken: bytearray,
) -> None:
    """Add the capitalised run ``view[s:e]`` as an entity if it gets a label and overlaps
    nothing taken (``taken`` marks the characters of entities found so far); a PERSON span
    leaves its title outside ("Mr Kirby" -> "Kirby")."""
    surface = view[s:e].rstrip(".")
    e = s + len(surface)
    if taken.find(1, s, e) >= 0:
        return
    label = _label_for(view, s, e, surface, initial)
    if not label:
        return
    if label == "PERSON":
        parts = surface.split()
        while len(parts) > 1 and parts[0].lower().rstrip(".") in TITLES | _HONORIFICS:
            s = view.index(parts[1], s + len(parts[0]))
            parts = parts[1:]
    found.append(Entity(s, e, label, text[s:e]))
    taken[s:e] = b"\x01" * (e - s)


def _label_for(view: str, s: int, e: int, surface: str, initial: bool) -> str | None:
    if surface in GAZETTEER:
        return GAZETTEER[surface]
    words = surface.split()
    if any(w in _ORG_WORDS for w in words):
        return "ORG"
    if words[-1] in _LOC_WORDS:
        return "LOC"
    if words[-1] in _GPE_WORDS:
        return "GPE"
    if (
        words[0].lower() in {"mr", "mrs", "ms", "dr", "mr.", "mrs.", "ms.", "dr."}
        and len(words) > 1
    ):
        return "PERSON"
    before = view[max(0, s - 30) : s].split()
    title_before = bool(before) and before[-1].lower().rstrip(".") in TITLES
    if surface.isupper() and 2 <= len(surface.replace(".", "")) <= 5:
        return "ORG"
    if len(words) >= 2 and all(w[0].isupper() for w in words):
        if any(w in GAZETTEER and GAZETTEER[w] == "NORP" for w in words[:1]):
            return None  # "Russian President" etc.: the name follows, found on its own
        return "PERSON" if len(words) <= 4 else "ORG"
    if title_before:
        return "PERSON"
    if not initial and len(surface) > 2:
        return None
    return None
