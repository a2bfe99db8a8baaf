"""Speakers of claims: the document context (last named person and group), the speaker
inside a region before or after a cue, and the speaker and content from a dependency parse.

The claim extractor is split over three modules that share these helpers: ``claims`` (quotes
and the whole document), ``reported`` (reported speech and "according to") and this one."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from gloss.store.analysis.base import Entity, Token
from gloss.store.analysis.lexicon import (
    ANAPHOR_NOUNS,
    CUE_VERBS,
    OCCUPATIONS,
    PERSON_DESCRIPTIONS,
    SPEAKER_METONYMS,
    SPEAKER_NOUNS,
    lemminflect,
)

# What may stand between a speaker and its cue: "Kirby on Friday said", "The US has said".
BETWEEN_RE = re.compile(
    r"^\s*(?:\s*(?:,|on\s+\w+|in\s+a\s+(?:\w+\s+)?(?:statement|briefing|call|interview)(?:\s+with\s+\w+)?"
    r"|also|has|have|had|is|was|previously|later|earlier|repeatedly|again|then|further|"
    r"publicly|recently|once|would|will|did|does|not|never|now|long|still|just|already|"
    r"often|even|first|\([^()]{1,40}\)|\w+ly|\d{1,3}(?=\s*,))\s*)*$",  # "Sarandon, 69, told"
    re.IGNORECASE,
)
ADVERBS_BEFORE_RE = re.compile(
    r"(?:\s+(?:also|has|have|had|is|was|previously|later|earlier|repeatedly|again|then|further|"
    r"publicly|recently|once|now|long|still|just|already|often|even|first|\w+ly|"
    # "The candidate appeared to assert": the speaker before a verb taking "to"
    r"(?:appeared|appears|seemed|seems|tried|tries|sought|seeks|wanted|wants|went\s+on|"
    r"goes\s+on|was\s+quick|were\s+quick|continued|continues|began|begins|moved|moves|"
    r"used|hastened|rushed)\s+to))+\s*$",
    re.IGNORECASE,
)
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me"}
# Object pronouns ("according to him") stand for whom their subject form would.
_SUBJECT_FORM = {"him": "he", "her": "she", "them": "they"}
# "It is said", "it was reported": an impersonal passive, whoever the last body was.
_IMPERSONAL_RE = re.compile(
    r"it\s+(?:is|was|has\s+been|had\s+been)\s+(?:widely\s+)?(?:said|reported|claimed|alleged|"
    r"believed|understood|thought|rumou?red|known)\b",
    re.IGNORECASE,
)

# What a document says of a person's gender, right before the name: an honorific or a
# gendered title ("Mrs. Clinton", "Congresswoman Gabbard"); right after it: a report of
# their own words with a pronoun ("Clinton said she", "Trump told reporters that he").
_MALE_BEFORE = re.compile(
    r"\b(?:Mr|Mister|Sir|Lord|King|Prince|Duke|Congressman|Assemblyman|Councilman|"
    r"Spokesman|Chairman|Businessman|Father|Brother|Uncle|husband|son|grandson|grandfather|"
    r"widower|boyfriend|actor|waiter)\.?\s+$",
    re.IGNORECASE,
)
_FEMALE_BEFORE = re.compile(
    r"\b(?:Mrs|Ms|Miss|Madam|Dame|Lady|Queen|Princess|Duchess|Congresswoman|Assemblywoman|"
    r"Councilwoman|Spokeswoman|Chairwoman|Businesswoman|Mother|Sister|Aunt|wife|daughter|"
    r"granddaughter|grandmother|widow|girlfriend|actress|waitress|heiress)\.?\s+$",
    re.IGNORECASE,
)
_SAID_PRONOUN = re.compile(
    r"(?:['’]s)?,?\s+(?:\w+ly\s+|also\s+|has\s+|had\s+|then\s+)?(?:said|says|told\s+\w+|tells\s+\w+|"
    r"added|adds|insisted|argued|claimed|wrote|noted|explained|recalled|declared|warned|"
    r"acknowledged|admitted|stressed|suggested)(?:\s+(?:that|on\s+\w+))?,?\s+(he|she|his|her)\b",
    re.IGNORECASE,
)
# After the name: a spouse ("Trump's wife", "Clinton and husband Bill"), a relative clause
# with a possessive ("Clinton, who added to her lead").
_SPOUSE_AFTER = re.compile(r"(?:['’]s\s+|\s+and\s+(?:his\s+|her\s+)?)(husband|wife)\b", re.I)
_WHO_POSSESSIVE = re.compile(r",\s+who\s+(?:[^,.;:“”\"]{0,40}?\s)?(his|her|he|she)\b", re.I)
# The sentence after one that opens with the name opens with a pronoun: "Melania Trump
# tells supporters that ... . She says".
_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s+")
_OPENING_PRONOUN = re.compile(r"(He|She)\b")
_PARAGRAPH_PRONOUN = re.compile(r"\s*(?:He|She|His|Her|They|Their)\b")
# What may open a sentence before its subject's name: titles and descriptions, no clause.
_OPENING_TITLES = re.compile(
    r"(?:(?!(?:Of|In|At|For|To|With|On|By|From|About|As|After|Before|When|While|If|Because|"
    r"Since|Although|Though|But|And|So|Unlike|Like|Despite)\b)[A-Z][\w.'’-]*\s+){0,4}"
)
_NOT_MODIFIERS = "the|a|an|of|to|for|with|by|and|or|but|that|who|is|was|has|had|told|says|said"
_RELATIVE_WHO = re.compile(r",\s+(?:who|whom|whose)\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"”’]?\s+|\n\s*)$")

# How many people of the other gender "he"/"she" looks back past for the person it means.
PRONOUN_REACH = 8
# Paragraph breaks, and the marks opening or closing a quotation (straight or curly).
_PARAGRAPH_BREAK = re.compile(r"\n+")
_QUOTE_MARK = re.compile(r"[\"“”]|''")

PUNCT = " ,.;:!?\"“”‘’'()[]—–-"


@dataclass
class Speaker:
    """A speaker mention (document offsets) and the canonical name it stands for."""

    start: int
    end: int
    text: str
    canonical: str | None


_TITLE_TAIL = re.compile(
    r"[\s,]+(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Sir|Dame)\.?$"
)


def strip_title_tail(text: str, s: int, e: int) -> tuple[int, int]:
    """A content span without the title of the speaker named right after it ("... to North
    Korea, Mr" before "Kirby said"): a claim never ends in "Mr"."""
    m = _TITLE_TAIL.search(text, s, e)
    return strip_punct(text, s, m.start()) if m else (s, e)


def strip_punct(text: str, s: int, e: int) -> tuple[int, int]:
    """[s, e) without punctuation and spaces at either end (spans end on words)."""
    while s < e and text[s] in PUNCT:
        s += 1
    while e > s and text[e - 1] in PUNCT:
        e -= 1
    return s, e


_OPENERS_CLOSERS = (("“", "”"), ("‘", "’"))


def balance_quotes(text: str, s: int, e: int) -> tuple[int, int]:
    """[s, e) widened to the closing (or opening) mark of a quotation it opens (or closes)
    inside, which :func:`strip_punct` took off its end: "her actions “extremely careless”",
    not "her actions “extremely careless" (NYT's ``''`` and straight quotes alike)."""
    seg = text[s:e]
    for opener, closer in _OPENERS_CLOSERS:
        if seg.count(opener) > seg.count(closer):
            close = re.match(r"[.,!?]?" + closer, text[e : e + 3])
            if close:
                e += close.end()
        elif seg.count(closer) > seg.count(opener) and s and text[s - 1] == opener:
            s -= 1
    for mark in ("''", '"'):
        if seg.count(mark) % 2:
            close = re.match(r"[.,!?]?" + mark, text[e : e + 3])
            if close:
                e += close.end()
            break
    return s, e


class ClaimDoc:
    """One document under claim extraction: its text, entities, the parses made so far (by
    sentence start) and the on-demand parser, plus the speakers seen so far (pronouns and
    "the spokesman" resolve to the last fitting one)."""

    def __init__(
        self,
        text: str,
        entities: list[Entity],
        parses: dict[int, list[Token]],
        parser: Callable[[int, int], list[Token]] | None,
    ):
        self.text = text
        self.entities = entities
        # Entity starts for bisecting (entities come sorted by start; if not, scan them all).
        self._starts = [x.start for x in entities]
        if any(a > b for a, b in zip(self._starts, self._starts[1:], strict=False)):
            self._starts = []
        self.parses = parses
        self.parser = parser
        self.sentence_end: dict[int, int] = {}
        self.last_person: str | None = None
        self.last_person_at = 0  # where the last person spoke
        self.last_group: str | None = None
        # Built on first need, so a long document's lookups do not read every entity.
        self._longest = max((x.end - x.start for x in entities), default=0)
        self._named: dict[str, str] | None = None
        self._person_upto: list[str | None] | None = None
        self._genders: dict[str, str] | None = None
        self._titled: dict[tuple[str, bool], list[tuple[int, str]]] = {}
        self._title_words: tuple[dict[str, list[int]], dict[str, list[int]]] | None = None
        self._people: set[str] | None = None
        self._titles: defaultdict[str, set[str]] | None = None
        self._sentence_starts: list[int] | None = None

    def person_named(self, name: str) -> str | None:
        """The canonical name of a person mentioned with this (last) name."""
        if self._named is None:
            self._named = {}
            for x in self.entities:
                words = x.text.split() if x.label == "PERSON" else None
                if words:
                    self._named.setdefault(words[-1].lower(), x.canonical or x.text)
        return self._named.get(name.lower())

    def person_before(self, offset: int) -> str | None:
        """The canonical name of the last person mentioned before ``offset``."""
        if not self._starts and self.entities:  # unsorted: read them in order
            found = None
            for x in self.entities:
                if x.start >= offset:
                    break
                if x.label == "PERSON":
                    found = x.canonical or x.text
            return found
        if self._person_upto is None:
            # _person_upto[i]: the last person among the first i entities.
            upto: list[str | None] = [None]
            for x in self.entities:
                upto.append(x.canonical or x.text if x.label == "PERSON" else upto[-1])
            self._person_upto = upto
        return self._person_upto[bisect_left(self._starts, offset)]

    def gender(self, person: str) -> str | None:
        """ "m" or "f" when the document says so of ``person`` (a canonical name: any of its
        mentions counts), else None. Read from the text, not guessed from the first name: an
        honorific or gendered title before a mention, or "said he/she" after one."""
        if self._genders is None:
            votes: dict[str, list[int]] = {}
            for x in self.entities:
                if x.label == "PERSON":
                    tally = votes.setdefault(x.canonical or x.text, [0, 0])
                    for g in self._gender_clues(x):
                        tally[g == "f"] += 1
            self._genders = {
                name: "m" if m > f else "f" for name, (m, f) in votes.items() if m != f
            }
        return self._genders.get(person)

    def _gender_clues(self, x: Entity) -> list[str]:
        """What the text right around one mention of a person says of their gender."""
        text = self.text
        clues = []
        before = text[max(0, x.start - 16) : x.start]
        if _MALE_BEFORE.search(before):
            clues.append("m")
        if _FEMALE_BEFORE.search(before):
            clues.append("f")
        for pattern in (_SAID_PRONOUN, _WHO_POSSESSIVE):
            found = pattern.match(text, x.end, x.end + 60)
            if found:
                clues.append("m" if found[1].lower() in ("he", "his") else "f")
        spouse = _SPOUSE_AFTER.match(text, x.end, x.end + 20)
        if spouse:
            clues.append("m" if spouse[1].lower() == "wife" else "f")
        if _SENTENCE_START.search(text, max(0, x.start - 4), x.start):
            end = _SENTENCE_END.search(text, x.end, x.end + 400)
            opener = end and _OPENING_PRONOUN.match(text, end.end())
            if opener:
                clues.append("m" if opener[1] == "He" else "f")
        return clues

    def person_for(self, pronoun: str, offset: int) -> str | None:
        """Whom "he" or "she" at ``offset`` stands for: the last person speaking, else the last
        person named, skipping people the document gives the other gender ("she said" after
        a quote by Mr. Trump is not Trump); None when only such people are in sight (an
        unknown speaker is better than a wrong one)."""
        wanted = "f" if pronoun.lower().startswith("she") else "m"
        opener = self.sentence_subject(offset, wanted)
        if opener is not None:
            return opener
        if self.last_person is not None and self.gender(self.last_person) in (None, wanted):
            if self._stale(offset):
                named = self._named_in_paragraph(offset, wanted)
                if named is not None:
                    return named
            elif self._opens_new_paragraph_sentence(offset):
                # "... said Stephen Vladeck. ¶ That might sound strange to anyone listening
                # to FBI Director James Comey's statement. He called her handling ...": the
                # person this paragraph has named since is whom "He" opening a sentence means.
                named = self._sole_person_in_paragraph(self._sentence_start(offset), wanted)
                if named is not None:
                    return named
            return self.last_person
        seen = 0
        upto = bisect_left(self._starts, offset) if self._starts else len(self.entities)
        for x in reversed(self.entities[:upto]):
            if x.label != "PERSON" or x.start >= offset:
                continue
            who = x.canonical or x.text
            if self.gender(who) in (None, wanted):
                return who
            seen += 1
            if seen >= PRONOUN_REACH:
                break
        return None

    def sentence_subject(self, offset: int, wanted: str) -> str | None:
        """The person opening the sentence of ``offset`` as its subject, of gender ``wanted``
        (or unknown), when a comma sets ``offset`` in a later clause: "he" there is the
        subject, whoever spoke before ("Bush went after Trump at the debate ..., when he
        called the businessman “unhinged”": Bush)."""
        if not self.sentence_end or not self._starts:
            return None
        if self._sentence_starts is None:
            self._sentence_starts = sorted(self.sentence_end)
        at = bisect_right(self._sentence_starts, offset) - 1
        if at < 0:
            return None
        ss = self._sentence_starts[at]
        first = bisect_left(self._starts, ss)
        if first >= len(self.entities):
            return None
        x = self.entities[first]
        if (
            x.label != "PERSON"
            or x.end >= offset
            or not _OPENING_TITLES.fullmatch(self.text, ss, x.start)
        ):
            return None
        between = self.text[x.end : offset]
        if (
            "," not in between
            or between.startswith(("'s", "’s"))  # "Trump's supporters": not the subject
            or _RELATIVE_WHO.search(between)  # "..., who spearheaded ..., because he": theirs
            or _QUOTE_MARK.search(self.text, ss, offset)
            # "Mr Blair has failed to tackle these problems, he claimed": an aside, whose
            # "he" is the one speaking, not the sentence's subject.
            or between.rstrip().endswith(",")
        ):
            return None
        who = x.canonical or x.text
        return who if self.gender(who) in (None, wanted) else None

    def introduced_with(self, word: str, offset: int, other_rank: bool = False) -> str | None:
        """The last person before ``offset`` whose mention ``word`` opens ("Republican
        presidential candidate Donald Trump" for "Republican" or "candidate") or whose
        apposition holds it ("Donald Trump, the real estate tycoon"): whom a description by
        that word means. None when nobody was introduced so."""
        key = re.escape(word)
        # At most three modifiers between ("Republican presidential candidate Donald
        # Trump"), no verb or function word ("the president praised Jeb Bush").
        before = re.compile(
            rf"\b{key}\b(?:\s+(?!(?:{_NOT_MODIFIERS})\b)[\w.'’-]*[\w.'’-](?<!ed))"
            r"{0,3}\s+$",
            re.IGNORECASE,
        )
        after = re.compile(rf"^,\s+(?:the|a|an)\s+[^,.;:()\n]{{0,30}}?\b{key}\b", re.IGNORECASE)
        upto = bisect_left(self._starts, offset) if self._starts else len(self.entities)
        for x in reversed(self.entities[:upto]):
            if x.label != "PERSON" or x.start >= offset:
                continue
            window = self.text[max(0, x.start - 50) : x.start]
            found = before.search(window)
            if other_rank and found and _another_rank(window, found.start()):
                continue  # "Deputy Prime Minister John Prescott": another office
            if found or after.match(self.text[x.end : x.end + 50]):
                return x.canonical or x.text
        return None

    def _stale(self, offset: int) -> bool:
        """The last person spoke a whole paragraph or more before ``offset`` (two paragraph
        breaks between; the text is read only up to the second)."""
        first = _PARAGRAPH_BREAK.search(self.text, self.last_person_at, offset)
        return (
            first is not None
            and _PARAGRAPH_BREAK.search(self.text, first.end(), offset) is not None
        )

    def _sentence_start(self, offset: int) -> int:
        """Where the sentence holding ``offset`` starts (0 before any sentence is known)."""
        if self._sentence_starts is None:
            self._sentence_starts = sorted(self.sentence_end)
        at = bisect_right(self._sentence_starts, offset) - 1
        return self._sentence_starts[at] if at >= 0 else 0

    def _opens_new_paragraph_sentence(self, offset: int) -> bool:
        """``offset`` opens a sentence in a later paragraph than the last person spoke in,
        after an earlier sentence of its own paragraph."""
        if not self.sentence_end:
            return False
        start = self._sentence_start(offset)
        paragraph = self.text.rfind("\n", 0, offset) + 1
        return (
            paragraph > self.last_person_at
            and start > paragraph
            and not self.text[start:offset].strip(" “\"'‘")
        )

    def _sole_person_in_paragraph(self, offset: int, wanted: str) -> str | None:
        """The one person named outside quotation marks in the paragraph before ``offset``,
        of gender ``wanted`` (or unknown); None when it names several ("Ayotte would not rule
        out shifting her position on Trump. She said": whoever spoke last, as before) or
        opens with a pronoun (the paragraph goes on about whom the one before it meant)."""
        start = self.text.rfind("\n", 0, offset) + 1
        if _PARAGRAPH_PRONOUN.match(self.text, start):
            return None
        who = self._sole_person_between(start, offset)
        return who if who is not None and self.gender(who) in (None, wanted) else None

    def sole_person_in_sentence(self, offset: int) -> str | None:
        """The one person named outside quotation marks in the sentence before ``offset``
        (None when it names none or several)."""
        if not self.sentence_end:
            return None
        return self._sole_person_between(self._sentence_start(offset), offset)

    def last_person_in_sentence(self, offset: int) -> str | None:
        """The last person named outside quotation marks in the sentence before ``offset``,
        not after a preposition ("whether Sanders still senses hatred of Clinton among his
        supporters, the Vermont senator acknowledged": Sanders)."""
        if not self.sentence_end:
            return None
        start = self._sentence_start(offset)
        lo = bisect_left(self._starts, start) if self._starts else 0
        hi = bisect_left(self._starts, offset) if self._starts else len(self.entities)
        for x in reversed(self.entities[lo:hi]):
            if (
                x.label == "PERSON"
                and start <= x.start < offset
                and not len(_QUOTE_MARK.findall(self.text, start, x.start)) % 2
                and not _AFTER_PREPOSITION.search(self.text, max(start, x.start - 12), x.start)
            ):
                return x.canonical or x.text
        return None

    def _sole_person_between(self, start: int, end: int) -> str | None:
        """The one person named outside quotation marks in [start, end), else None."""
        lo = bisect_left(self._starts, start) if self._starts else 0
        hi = bisect_left(self._starts, end) if self._starts else len(self.entities)
        people = {
            x.canonical or x.text
            for x in self.entities[lo:hi]
            if x.label == "PERSON"
            and start <= x.start < end
            and not len(_QUOTE_MARK.findall(self.text, start, x.start)) % 2
        }
        return people.pop() if len(people) == 1 else None

    def described_person(self, offset: int) -> str | None:
        """Whom a description by party at ``offset`` stands for ("the Wisconsin Republican
        criticized"): the last person speaking, or once that is a paragraph or more back,
        the last person named outside quotation marks in this paragraph."""
        if self.last_person is not None and not self._stale(offset):
            return self.last_person
        return self._named_in_paragraph(offset, None)

    def named_or_speaking(self, offset: int) -> str | None:
        """Whom a description at ``offset`` stands for when its sentence names nobody: the
        last person speaking in this paragraph ("Trump announced that Manafort would ...
        the business mogul announced"), else the last person this paragraph named outside
        quotation marks ("“It was offensive,” said Fleischer. ¶ ... was Trump's
        unwillingness ... Instead, the businessman has insisted"), else the last person
        speaking unless that is a paragraph or more back."""
        paragraph = self.text.rfind("\n", 0, offset) + 1
        if self.last_person is not None and self.last_person_at >= paragraph:
            return self.last_person
        who = self._named_in_paragraph(offset, None)
        if who is None and self.last_person is not None and not self._stale(offset):
            who = self.last_person
        return who

    def _named_in_paragraph(self, offset: int, wanted: str | None) -> str | None:
        """The last person of gender ``wanted`` (or unknown) named outside quotation marks in
        the paragraph before ``offset`` ("With septuagenarian Donald Trump, ... Just ask him.
        “You think I'm going to change?” he said": Trump, not the professor quoted three
        paragraphs earlier)."""
        start = self.text.rfind("\n", 0, offset) + 1
        lo = bisect_left(self._starts, start) if self._starts else 0
        hi = bisect_left(self._starts, offset) if self._starts else len(self.entities)
        for x in reversed(self.entities[lo:hi]):
            if x.label != "PERSON" or not start <= x.start < offset:
                continue
            if len(_QUOTE_MARK.findall(self.text, start, x.start)) % 2:
                continue  # inside a quotation: named by the speaker, not the speaker
            who = x.canonical or x.text
            if wanted is None or self.gender(who) in (None, wanted):
                return who
        return None

    def titled_person(self, title: str, offset: int, pattern: bool = False) -> str | None:
        """The last person before ``offset`` introduced with ``title`` ("Prime Minister Tony
        Blair", "Tony Blair, the prime minister"): whom "the prime minister said" means.
        ``pattern``: ``title`` is a regular expression ("senator|sen\\."). The people a title
        introduces are found once per title, so a long document's lookups stay linear."""
        holders = self._titled.get((title, pattern))
        if holders is None:
            holders = self._titled[(title, pattern)] = self._introduced_as(title, pattern)
        if self._starts:
            upto = bisect_left(holders, (offset, ""))
            return holders[upto - 1][1] if upto else None
        found = None
        for start, name in holders:  # unsorted entities: the last one in their order
            if start < offset:
                found = name
        return found

    def _introduced_as(self, title: str, pattern: bool) -> list[tuple[int, str]]:
        """The people introduced with ``title``, in the entities' order: the exact patterns
        are tried only on people with the title's last word right before them or its first
        word after their comma (an index of those words is built once)."""
        words = f"(?:{title})" if pattern else r"\s+".join(re.escape(w) for w in title.split())
        before = re.compile(rf"\b{words}\s+$", re.IGNORECASE)
        after = re.compile(rf"^,\s+(?:the\s+)?{words}\b", re.IGNORECASE)
        ends, starts = self._title_word_index()
        ranked = _RANKED.search(title)
        seen: set[int] = set()
        for alternative in title.split("|") if pattern else (title,):
            found = re.findall(r"\w+", alternative.replace("\\", "").lower())
            if not found:
                seen.update(range(len(self.entities)))
                break
            seen.update(ends.get(found[-1], ()))
            seen.update(starts.get(found[0], ()))
        out = []
        for i in sorted(seen):
            x = self.entities[i]
            window = self.text[max(0, x.start - 40) : x.start]
            found = before.search(window)
            if found and ranked is None and _another_rank(window, found.start()):
                continue  # "deputy prime minister Mr Prescott" is not "the prime minister"
            if x.label == "PERSON" and (found or after.match(self.text[x.end : x.end + 40])):
                out.append((x.start, x.canonical or x.text))
        return out

    def titles_of(self, person: str) -> set[str]:
        """The capitalised titles right before the mentions of ``person`` (a canonical
        name), lower case: "director" for "FBI Director James Comey"; not "president" of
        "candidate for president Chris Christie" or "a President Donald Trump", nor a word
        across a full stop."""
        if self._titles is None:  # every person's, in one pass over the entities
            self._titles = defaultdict(set)
            for x in self.entities:
                if x.label == "PERSON":
                    title = _TITLE_BEFORE.search(self.text, max(0, x.start - 40), x.start)
                    if title:
                        self._titles[x.canonical or x.text].add(title[1].lower())
        return self._titles.get(person, set())

    def _title_word_index(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """For each word, the people it ends the text before ("Senator" of "Senator Bernie
        Sanders") and the people whose comma it follows ("Sanders, the senator")."""
        if self._title_words is None:
            ends: dict[str, list[int]] = {}
            starts: dict[str, list[int]] = {}
            for i, x in enumerate(self.entities):
                if x.label != "PERSON":
                    continue
                last = _LAST_WORD.search(self.text[max(0, x.start - 40) : x.start])
                if last:
                    ends.setdefault(last[1].lower(), []).append(i)
                first = _WORD_AFTER_COMMA.match(self.text[x.end : x.end + 40])
                if first:
                    for word in first.groups():
                        if word:
                            starts.setdefault(word.lower(), []).append(i)
            self._title_words = (ends, starts)
        return self._title_words

    def in_entity(self, offset: int) -> bool:
        """Whether an entity holds the character at ``offset``."""
        if not self._starts and self.entities:
            return any(x.start <= offset < x.end for x in self.entities)
        lo = bisect_left(self._starts, offset - self._longest)
        hi = bisect_right(self._starts, offset)
        return any(x.end > offset for x in self.entities[lo:hi])

    def parse(self, sent_start: int) -> list[Token] | None:
        """The sentence's parse, computed on first need (None without a parser)."""
        if sent_start not in self.parses and self.parser is not None:
            end = self.sentence_end.get(sent_start)
            if end is None:
                return None
            self.parses[sent_start] = self.parser(sent_start, end)
        return self.parses.get(sent_start)

    def entities_in(self, s: int, e: int) -> list[Entity]:
        # An entity may run one or two characters past the region ("the U.S." before "says").
        if self._starts or not self.entities:
            lo, hi = bisect_left(self._starts, s), bisect_left(self._starts, e)
            return [x for x in self.entities[lo:hi] if x.end <= e + 2]
        return [x for x in self.entities if x.start >= s and x.end <= e + 2 and x.start < e]

    def remember(self, speaker: Speaker | None, label: str | None) -> None:
        """The last person and the last body speaking, for "he"/"she" and "it"/"they": a
        speaker found without a label is a person when the document names them as one; a
        lower-case one ("committee" found as a title) is a body ("It blamed ..." after "the
        committee said" is the committee)."""
        if speaker is None or not speaker.canonical:
            return
        name = speaker.canonical
        if name[:1].islower():  # "committee", "minister": a body or a role, never "he"
            person = False
        else:
            person = label == "PERSON" or (label is None and name in self._person_names())
        if person:
            self.last_person = name
            self.last_person_at = speaker.start
        else:
            self.last_group = name

    def _person_names(self) -> set[str]:
        if self._people is None:
            self._people = {x.canonical or x.text for x in self.entities if x.label == "PERSON"}
        return self._people


_LAST_WORD = re.compile(r"(\w+)\W*$")
_TITLE_BEFORE = re.compile(r"(?<!\bfor )(?<!\ba )(?<!\ban )\b([A-Z][a-z]+)\s+$")
_WORD_AFTER_COMMA = re.compile(r",\s+(?:(the)\s+)?(\w+)", re.IGNORECASE)


def _canonical_speaker(ent: Entity) -> str:
    if ent.label in {"GPE", "ORG"} and ent.text in SPEAKER_METONYMS:
        return SPEAKER_METONYMS[ent.text]
    return ent.canonical or ent.text


def speaker_in(
    doc: ClaimDoc, s: int, e: int, whole: bool = False
) -> tuple[Speaker, str | None] | None:
    """The speaker inside the region [s, e) that ends right before a cue, if it is one (see
    :func:`plausible_speaker`)."""
    found = _speaker_in(doc, s, e, whole)
    return None if found is None else plausible_speaker(doc, *found)


# Words that open a clause but are nobody: a speaker phrase starting with one of these is a
# misreading ("When asked, ... said", "Some said", "The ...") unless a noun follows.
_ARTICLES = frozenset({"the", "a", "an"})
# Titles of address that name nobody alone ("Ms" of "Ms Kelly told the BBC" cut short).
_BARE_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady"})
_NUMBERS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve dozen dozens hundreds "
    "thousands millions".split()
)
_NOBODY = frozenset(
    "when while as in on at after before but and or so if because since though although "
    "some others another most many few several nobody anyone everyone someone everybody "
    "somebody all both each either neither none this these those here there then also "
    "latest breaking contributing ban from by is un me".split()
)
# Markup left in a text (an embedded tweet's or a time element's attributes): no speaker.
_MARKUP = re.compile(r"[<>=]")
_RELATIVES = frozenset({"who", "whom", "which", "that", "what"})
# Entity labels of a time: a speaker phrase inside one is when something was said.
_WHEN_LABELS = frozenset({"DATE", "TIME"})
_CONTRACTED = re.compile(r"^(he|she)['’](?:s|d|ll)$", re.IGNORECASE)


def plausible_speaker(
    doc: ClaimDoc, speaker: Speaker, label: str | None
) -> tuple[Speaker, str | None]:
    """The speaker mention as found, standing for a name a reader would accept or for nobody
    (an unknown speaker is better than a wrong one): a relative pronoun stands for the name
    it follows ("Clinton, who said" -> Clinton); "He's" for he; a clause opener, quantifier
    or headline word ("When", "Some", "Breaking") with no name or speaker noun after it for
    nobody. The mention's span stays where the text has it."""
    low = speaker.text.strip().lower()
    if low in _RELATIVES:
        before = doc.text[: speaker.start].rstrip(" ,")
        ents = doc.entities_in(max(0, len(before) - 60), len(before))
        named = [x for x in ents if x.end >= len(before) - 1 and x.label in _SPEAKER_LABELS]
        if not named:
            return _nobody(speaker), label
        return _standing_for(speaker, _canonical_speaker(named[-1])), named[-1].label
    if _CONTRACTED.match(low):
        who = doc.person_for(low, speaker.start)
        return _standing_for(speaker, who), "PERSON"
    words = (speaker.canonical or "").split()
    if words and words[0].lower() in _PREPOSITIONS and speaker.text[:1].islower():
        return _nobody(speaker), label  # "said in a statement": where, not who
    if not words or _MARKUP.search(speaker.text):
        return _nobody(speaker), label  # 'datetime="2016', 'tweet pic="" author="...">I'
    if _NUMBER_ONLY.match(speaker.canonical or ""):
        return _nobody(speaker), label  # "13 said", "£50,000 damages": a figure, no one
    if any(
        x.label in _WHEN_LABELS and x.start <= speaker.start and speaker.end <= x.end
        for x in doc.entities_in(max(0, speaker.start - 40), speaker.end)
    ):
        return _nobody(speaker), label  # "said Friday that ...": when, not who
    low = words[0].lower()
    if len(words) == 1 and (
        low in _ARTICLES
        or low.rstrip(".") in _BARE_TITLES
        or (words[0][:1].islower() and (low.endswith("ly") or low in _NUMBERS))
    ):
        return _nobody(speaker), label  # "The", "Ms", "newly", "two": no one ("attendees" is)
    verb = _finite_verb_at(words)
    if verb is not None:
        # "Foreign Ministry issued a statement" (said ...): the name before the verb, by
        # its canonical name when it is an entity ("Ryan issued a statement": Paul Ryan).
        named = " ".join(words[:verb])
        if not any(w[:1].isupper() for w in words[:verb]):
            return _nobody(speaker), label
        for x in doc.entities_in(speaker.start, speaker.end):
            if x.label in _SPEAKER_LABELS and x.text == named:
                return _standing_for(speaker, _canonical_speaker(x)), x.label
        return _standing_for(speaker, named), label
    if label in (None, "PERSON") and len(words) == 1 and words[0][:1].isupper():
        # "Day said", a bare surname left as it is: the person the document names so
        # ("Kristen Day"), if any.
        who = doc.person_named(words[0])
        if who and who != words[0]:
            return _standing_for(speaker, who), "PERSON"
    if _common_word(doc, speaker, words):
        return _nobody(speaker), label
    opener = words[0].lower().strip(".,'’") in _NOBODY
    if opener and (
        len(words) == 1
        or (not any(w[:1].isupper() for w in words[1:]) and words[-1].lower() not in SPEAKER_NOUNS)
    ):
        return _nobody(speaker), label
    return speaker, label


_DETERMINERS = frozenset("a an the his her its their this that these those".split())
# A bare figure, or the tail of one cut at its thousands separator ("000 damages").
_NUMBER_ONLY = re.compile(r"(?:\d[\d,.]*|000\b.*)$")


def _common_word(doc: ClaimDoc, speaker: Speaker, words: list[str]) -> bool:
    """A lone capitalised word of the dictionary that the document never names as an entity
    is a headline's or a sentence's first word, not a speaker: "Criminal charges against
    Clinton ..." (cue "charges"), "Poll: Clinton and Sanders in dead heat", "Byline: Amber
    Phillips", "Exit: about three-quarters ..." (a new-user test saw two unrelated "Poll"
    headlines joined as one claim). A speaker noun ("Officials", "Police") or a plural
    ("Shareholders", "Opponents") still speaks, and so does a surname that is a word
    ("Trump", "Bush") where the document names it."""
    if len(words) != 1 or speaker.canonical != speaker.text.strip():
        return False
    word = words[0].strip(".,:;'’\"“”")
    low = word.lower()
    if not word[:1].isupper() or word.isupper() or low in SPEAKER_NOUNS:
        return False
    if low.endswith("s") and low[:-1] in SPEAKER_NOUNS:
        return False
    lemmas = lemminflect().getAllLemmas(low)
    if not lemmas:
        return False  # no word of the dictionary: a name
    if not any(low in forms for forms in lemmas.values()):
        return False  # an inflected form: a plural of people ("Shareholders said"), "Pence"
    if any(x.label in _SPEAKER_LABELS and low in x.text.lower().split() for x in doc.entities):
        return False
    # Capitalised inside a sentence elsewhere ("Donald Trump was angry"): a name the entity
    # recogniser missed; a headline's "Poll" is "the poll" there.
    for m in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", doc.text):
        if m.start() and not _SENTENCE_OPENS.search(doc.text, max(0, m.start() - 4), m.start()):
            return False
    return True


def _plural_noun(doc: ClaimDoc, word: str) -> bool:
    """A plural of a dictionary noun ("Delegates", "Protesters") that the document never
    names a person: a group opening a sentence, not one person a later "he" can stand for
    (a new-user test saw "he said" given to "Delegates"); "Sanders", "Sessions" are names
    where the document names them."""
    low = word.lower()
    nouns = lemminflect().getAllLemmas(low).get("NOUN")
    if not nouns or low in nouns or not low.endswith("s"):
        return False
    return not any(x.label == "PERSON" and low in x.text.lower().split() for x in doc.entities)


_SENTENCE_OPENS = re.compile(r"(?:[.!?:;\n“”\"‘(\[—–-]|^)\s*$")


def _finite_verb_at(words: list[str]) -> int | None:
    """The position of a verb with an object in a speaker phrase ("issued a statement",
    "told the paper"): a lower-case word that can only be a verb, then a determiner."""
    for i, (word, nxt) in enumerate(zip(words[1:], words[2:], strict=False), start=1):
        if word[:1].islower() and nxt.lower() in _DETERMINERS:
            lemmas = lemminflect().getAllLemmas(word)
            if lemmas and set(lemmas) == {"VERB"}:
                return i
    return None


# Clause openers before a speaker noun phrase: "But the prime minister said".
_OPENERS = re.compile(
    r"^(?:(?:but|and|so|yet|even|if|when|while|as|though|although|how|why|where|whether|"
    r"because|since|after|before|until|unless|once)\s+)+",
    re.I,
)


def _title_holder(doc: ClaimDoc, title: str, offset: int) -> str | None:
    """Whom "the minister" or "the prime minister" (said) means: the person the document
    introduced with that title; a one-word title with no such introduction, the last person
    speaking (a two-word title is too specific to guess: "the prime minister said" after a
    quote by the chancellor is not the chancellor)."""
    who = doc.titled_person(title, offset)
    if who is None and len(title.split()) == 1:
        who = doc.last_person
    return who


_OF_TAIL = re.compile(r"\s+of\s+.*$")
# Ranks that make another office of the same noun ("Deputy Prime Minister John Prescott" is
# not "the prime minister").
_RANKED = re.compile(r"\b(?:deputy|vice|shadow|assistant|under|acting|junior)\b", re.I)


def _another_rank(window: str, title_at: int) -> bool:
    """A rank word right before the title found at ``title_at`` in ``window`` (the text
    before a person's name): "Deputy Prime Minister" is another office than "prime minister"."""
    return _RANKED.search(window, max(0, title_at - 25), title_at) is not None


def described_by_role(doc: ClaimDoc, np: str, offset: int) -> str | None:
    """Whom a definite description by a person's role means ("the businessman replied",
    "The former secretary of state mocked Trump"): the person the document introduced with
    it or with its head noun ("Hillary Clinton, the former secretary of state", "businessman
    Donald Trump"), else see :func:`person_described`; None when it finds nobody (the
    description is then kept as written)."""
    words = np.split()
    if len(words) < 2 or words[0].lower() not in {"the", "this"}:
        return None
    described = " ".join(words[1:])
    core = _OF_TAIL.sub("", described)
    head = core.split()[-1].lower()
    if head not in PERSON_DESCRIPTIONS and head not in ANAPHOR_NOUNS and head not in OCCUPATIONS:
        return None
    who = doc.titled_person(described, offset)
    if who is None and not _RANKED.search(described):
        who = doc.introduced_with(head, offset, other_rank=True)
    if who is None and head in PERSON_DESCRIPTIONS:
        who = person_described(doc, head, offset)
    return who


def person_described(doc: ClaimDoc, noun: str, offset: int) -> str | None:
    """Whom a description by role (``noun``: "candidate", "front-runner") no one was
    introduced with stands for: the one person its sentence named before it ("When the
    moderator pointed out that Trump hadn't answered the question, the candidate said"),
    else the person the sentence named last ("Trump took on Hillary Clinton after the
    Democratic front-runner had said": a description stands for someone just named, the
    subject would be "he"); a sentence naming nobody, see
    :meth:`ClaimDoc.named_or_speaking`. Never a person of the gender it rules out."""
    who = doc.sole_person_in_sentence(offset) or doc.last_person_in_sentence(offset)
    if who is None and doc.sentence_end:
        paragraph = doc.text.rfind("\n", 0, offset) + 1
        if re.search(rf"\b{re.escape(noun)}\b", doc.text[paragraph:offset], re.IGNORECASE):
            return None  # "The tycoon praised Jeb Bush. “...,” the tycoon said": not Bush
        who = doc.named_or_speaking(offset)
    if who is None:
        return None
    ruled_out = _ruled_out_gender(noun)
    if ruled_out is not None and doc.gender(who) == ruled_out:
        return None  # "the congresswoman" is not the man named last
    if doc.titles_of(who) & _OTHER_OFFICES:
        return None  # "FBI Director James Comey ... The Republican candidate": not Comey
    return who


# A name right after one of these is no description's antecedent ("hatred of Clinton"); "on"
# is not among them ("Trump took on Hillary Clinton after the front-runner had said").
_AFTER_PREPOSITION = re.compile(
    r"\b(?:of|for|against|with|about|from|to|toward|towards|at)\s+$", re.IGNORECASE
)


def _ruled_out_gender(noun: str) -> str | None:
    """The gender a description rules out ("businessman": "f", "congresswoman": "m")."""
    if noun.endswith("woman"):
        return "m"
    return "f" if noun.endswith("man") else None


def _standing_for(speaker: Speaker, canonical: str | None) -> Speaker:
    return Speaker(speaker.start, speaker.end, speaker.text, canonical)


def _nobody(speaker: Speaker) -> Speaker:
    return _standing_for(speaker, None)


_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_PREPOSITIONS = frozenset("of for at in from on to by with".split())
# Words that make a phrase a clause, not a speaker ("the forecast was bold").
_AUXILIARIES = frozenset(
    "is was were are be been being has have had will would can could should may might must "
    "does did do".split()
)
# A month name right before a number: the number is a day ("Nov. 8"), not a count.
_DAY_BEFORE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d+$"
)


_ROLE_TITLES = frozenset(
    "spokesman spokeswoman spokesperson secretary minister chairman chairwoman director "
    "adviser advisor aide strategist manager chief executive ambassador senator governor "
    "mayor commissioner president founder editor professor economist analyst lawyer "
    "attorney head leader partner researcher author consultant".split()
)
# Offices whose holder a description by candidacy or standing does not stand for.
_OTHER_OFFICES = _ROLE_TITLES - PERSON_DESCRIPTIONS
# "Scott Stanzel, a spokesman for the Bush-Cheney campaign said": a role with no closing comma.
_ROLE_OPEN = re.compile(
    r"\s*(?:a|an|the)\s+(?:[\w-]+\s+){0,2}(?:"
    + "|".join(sorted(_ROLE_TITLES, key=len, reverse=True))
    + r")\b[^,;:“”\"]{0,60}$",
    re.IGNORECASE,
)
_APPOSED = re.compile(r"\s*(?:of|from|at|with)\s+[^,;:“”\"]{2,80},\s*$", re.IGNORECASE)
# "Arturo Sarukhan, a former ambassador, said": a description after a person's name.
_DESCRIBED = re.compile(r"\s*(?:a|an|the)\s+[^,;:“”\"]{2,60},\s*$", re.IGNORECASE)
# "Brian Fallon, Clinton campaign spokesman, said": a role without an article.
_ROLE_DESCRIBED = re.compile(
    r"\s*(?!(?:of|from|at|with|in|on|for)\b)[^,;:“”\"]{0,60}?\b(?:"
    + "|".join(sorted(_ROLE_TITLES, key=len, reverse=True))
    + r")\s*,\s*$",
    re.IGNORECASE,
)


def apposed_person(doc: ClaimDoc, s: int, e: int) -> tuple[Speaker, str | None] | None:
    """The person named before a prepositional apposition that fills ``[s, e)`` right after
    a comma: "David Page, of Investec Securities, said", "Carl Emmerson, from the IFS, told"
    speak for themselves, not for their firm."""
    text = doc.text
    described = (
        _DESCRIBED.fullmatch(text, s, e) is not None
        or _ROLE_DESCRIBED.fullmatch(text, s, e) is not None
        or _ROLE_OPEN.fullmatch(text, s, e) is not None
    )
    if not described and not _APPOSED.fullmatch(text, s, e):
        return None
    comma = len(text[:s].rstrip()) - 1
    if comma < 0 or text[comma] != ",":
        return None
    for x in reversed(doc.entities_in(max(0, comma - 80), comma)):
        if x.label == "PERSON" and not text[x.end : comma].strip():
            return Speaker(x.start, x.end, x.text, x.canonical or x.text), "PERSON"
    if described:
        return None  # "In Washington, the president said": the president
    # "The spokesman, from the ministry, said": the phrase before the comma, if a speaker.
    start = max((text.rfind(ch, max(0, comma - 80), comma) for ch in '.;:“”"\n'), default=-1)
    start = max(start + 1, comma - 80, 0)
    if text[start:comma].strip() and len(text[start:comma].split()) <= 4:
        found = _speaker_in(doc, start, comma)
        if found is not None and not _APPOSED.fullmatch(text, start, comma):
            return found
    return None


# After an opening person's comma, a description: an age ("Chelsea Clinton, 35, the daughter
# of ..."), a lower-case word, a possessive ("Carson's longtime friend") or a party and state
# ("R-S.C.").
_DESCRIPTION_OPENS = re.compile(r",\s+(?:\d{1,3},|[a-z]|[A-Z][\w.-]*['’]s\b|[RDI]-[A-Z])")


def opening_person(doc: ClaimDoc, s: int, cue: int) -> tuple[Speaker, str | None] | None:
    """The person opening the sentence at ``s`` when a description set off by commas runs
    from their name to the cue: "Sen. Lindsey Graham, R-S.C., a long-shot presidential
    candidate, said", "Sen. Chuck Grassley, facing a spirited Democratic challenge in Iowa, a
    swing state, said". The description's own names (Iowa) are not the speaker."""
    text = doc.text
    if not text[s:cue].rstrip().endswith(",") or _QUOTE_MARK.search(text, s, cue):
        return None
    for x in doc.entities_in(s, min(cue, s + 60)):
        if x.label != "PERSON":
            continue
        opener = text[s : x.start].split()
        if len(opener) > 2 or not all(w[:1].isupper() for w in opener):
            return None  # not the sentence's opening name ("In Iowa, Grassley, ...")
        if _DESCRIPTION_OPENS.match(text, x.end):
            return Speaker(x.start, x.end, x.text, x.canonical or x.text), "PERSON"
        return None
    return None


# What may stand before the name in such an apposition: nothing, or a title ("the other
# candidate on the stage, former Secretary of State Hillary Clinton, drew a contrast").
_TITLE_BEFORE_NAME = re.compile(
    r"\s*(?:(?:[Ff]ormer|[Tt]hen|[Ee]x-|[A-Z][\w.'’-]*|of|the|and)\s+){0,6}"
)


def _apposed_name(doc: ClaimDoc, s: int, comma: int, e: int) -> tuple[Speaker, str | None] | None:
    """The person named right after the comma at ``comma`` when the phrase before it,
    ``[s, comma)``, is a description naming nobody ("Its leader", "The party's chairman")
    and the name is the whole apposition (", Roger Knapman," or to ``e``)."""
    text = doc.text
    if not text[s:comma].strip() or any(
        x.label in _SPEAKER_LABELS for x in doc.entities_in(s, comma)
    ):
        return None
    for x in doc.entities_in(comma + 1, e):
        if x.label != "PERSON" or not _TITLE_BEFORE_NAME.fullmatch(text, comma + 1, x.start):
            continue
        rest = text[x.end : e].strip()
        if not rest or rest.startswith(","):
            return Speaker(x.start, x.end, x.text, x.canonical or x.text), "PERSON"
        return None
    return None


# A possessive ending right after a name ("Trump's aides"): "'s" or a lone apostrophe.
_POSSESSIVE_END = re.compile(r"^['’]s?(?!\w)")
# A person's prosecutor, lawyer or aide right before their name ("the former prosecutors
# for David Petraeus", "an aide to Hillary Clinton"): whoever serves the person speaks.
_SERVES = re.compile(
    r"\b((?:[\w-]+\s+){0,2}?(?:prosecutors?|lawyers?|attorneys?|aides?|advisers?|advisors?"
    r"|strategists?|allies|ally|friends?|supporters?|critics?|rivals?|opponents?|"
    r"biographers?|doctors?|staffers?)\s+(?:for|to|of)\s+(?:[\w.]+\s+){0,2}?)$",
    re.IGNORECASE,
)

# Who speaks for the body named before them ("a Treasury spokesperson", "a Labour source",
# "a CAS statement"): the body is the speaker, as its own statement would be.
_FOR_THE_BODY = frozenset(
    "spokesman spokeswoman spokesperson spokespeople spokesmen statement source sources".split()
)


# One person who leads, runs or serves a body or a person named before the word: "the England
# coach", "the Federal Reserve head" (a spokesman speaks for the body: _FOR_THE_BODY).
_LEADS = frozenset(
    "boss chief head chairman chairwoman chair coach manager captain owner founder director "
    "executive editor leader president minister secretary secretary-general commissioner "
    "governor mayor physician doctor lawyer attorney professor".split()
)
# Someone's family or agent: "Henman's coach" leads, "Trump's wife" is kin.
_KIN = frozenset("wife husband son daughter mother father brother sister agent".split())
# People who stand with or around someone: "Trump's supporters", "Ebbers' lawyers".
_PEOPLE = frozenset(
    "allies aides advisers advisors associates attorneys backers children colleagues critics "
    "daughters donors fans followers founders friends lawyers officials opponents parents "
    "relatives rivals sons staff staffers students supporters teammates players executives "
    "doctors newspapers editors".split()
)
# "Prassana Rambathla, one of Prof Reddy's graduate students": the apposition of a name.
_ONE_OF = re.compile(r"\bone\s+of\s+(?:the\s+)?(?:(?:Prof|Mr|Mrs|Ms|Dr)\.?\s+)?$", re.IGNORECASE)


# "'s lawyer ", "' owner ": a possessive and a role between two names ("Kenteris' lawyer
# Gregory Ioannidis"): the second name is the speaker.
_ROLE_OF = re.compile(
    r"['’]s?\s+(?:[a-z-]+\s+){0,2}(?:"
    + "|".join(sorted(_ROLE_TITLES | _LEADS | _KIN, key=len, reverse=True))
    + r")\s+"
)


def _one_who_leads(
    doc: ClaimDoc, best: Entity, ents: list[Entity], tail_words: list[str], e: int
) -> tuple[Speaker, str | None] | None:
    """The speaker "the England coach" or "Henman's coach" is one person, not England or
    Henman: whoever the document introduced with that title ("England coach Andy Robinson"),
    else the description itself."""
    text = doc.text
    possessive = bool(_POSSESSIVE_END.match(text[best.end : best.end + 3]))
    last = tail_words[-1].lower() if tail_words else ""  # "Former White House Doctor Says"
    if not (
        (1 <= len(tail_words) <= 3 and last in _LEADS)
        or tail_words[-2:] in (["director", "general"], ["secretary", "general"])
        # "Mr Thorpe's colleagues", "Trump's supporters", "Blair's allies": not him
        or (
            possessive
            and 1 <= len(tail_words) <= 3
            # ... and "Obama's former campaign strategist": not Obama (a spokesman speaks
            # for him, as before)
            and (last in _KIN or last in _PEOPLE or last in _ROLE_TITLES - _FOR_THE_BODY)
            # "Prassana Rambathla, one of Prof Reddy's graduate students, says": him
            and not any(x.label == "PERSON" and x.end <= best.start for x in ents)
            and not _ONE_OF.search(text, max(0, best.start - 30), best.start)
        )
    ):
        return None
    if not all(w.isalpha() or "-" in w for w in tail_words):
        return None
    np_text = text[best.start : e].strip(" ,")
    if np_text.split()[-1] != tail_words[-1]:
        return None
    definite = possessive or bool(
        re.search(r"\b[Tt]he\s+$", text[max(0, best.start - 5) : best.start])
    )
    who = doc.titled_person(np_text, best.start) if definite else None
    end = best.start + len(np_text)
    if who is not None:
        return Speaker(best.start, end, np_text, who), "PERSON"
    # "a former White House physician": the description with its "former"
    former = re.search(r"\b(?:[Ff]ormer|[Ee]x-)\s*$", text[max(0, best.start - 8) : best.start])
    start = best.start - len(former[0]) if former else best.start
    np_text = text[start:end]
    return Speaker(start, end, np_text, np_text.replace("’", "'")), "ORG"


def _speaker_in(
    doc: ClaimDoc, s: int, e: int, whole: bool = False
) -> tuple[Speaker, str | None] | None:
    text = doc.text
    apposed = apposed_person(doc, s, e)
    if apposed is not None:
        return apposed
    if whole and "," in text[s:e]:
        # A parsed subject with an apposition or relative clause: keep its head phrase, or
        # the name set off after a description without one ("Its leader, Roger Knapman,
        # has said": Roger Knapman).
        comma = s + text[s:e].index(",")
        named = _apposed_name(doc, s, comma, e)
        if named is not None:
            return named
        e = comma
    # "Rep. Gwen Moore (D-Wis.) said": the parenthetical is not the speaker.
    paren = re.search(r"\s*\([^()]{1,40}\)[\s,]*$", text[s:e])
    if paren:
        e = s + paren.start()
    s, e = strip_punct(text, s, e)
    if e <= s:
        return None
    region = text[s:e]
    words = region.split()
    if not words:
        return None
    last = words[-1].lower().strip(PUNCT)
    raw = words[-1].strip(PUNCT)
    if len(words) <= 2 and last in _PRONOUNS and not (len(raw) > 1 and raw.isupper()):  # "US"
        i = s + region.lower().rindex(last)
        form = _SUBJECT_FORM.get(last, last)
        if form in {"he", "she"}:
            who = doc.person_for(form, i)
            return Speaker(i, i + len(last), text[i : i + len(last)], who), "PERSON"
        if form == "it" and _IMPERSONAL_RE.match(text, i):
            # "where, it is said, local racists once fired potshots": nobody in particular.
            return Speaker(i, i + len(last), text[i : i + len(last)], None), "ORG"
        if form in {"they", "it"}:
            return Speaker(i, i + len(last), text[i : i + len(last)], doc.last_group), "ORG"
        return None  # "we", "I", "you": someone in a quotation, not a name
    ents = [x for x in doc.entities_in(s, e) if x.label in {"PERSON", "ORG", "GPE", "NORP"}]
    if any(x.label == "GPE" for x in ents) and not any(x.label == "PERSON" for x in ents):
        office = office_holder(doc, s, e)
        if office is not None:
            return office
    if ents:
        # "Yukos' owner Menatep Group says": the owner speaks, not the company it owns.
        ents = [
            x
            for x in ents
            if not any(
                y.label in {"PERSON", "ORG"} and _ROLE_OF.fullmatch(text, x.end, y.start)
                for y in ents
            )
        ]
        persons = [x for x in ents if x.label == "PERSON"]
        best = persons[-1] if persons else ents[-1]
        tail = _POSSESSIVE_END.sub("", text[best.end : e].strip(" ,")).strip(" ,")
        tail_words = tail.split()
        led = _one_who_leads(doc, best, ents, tail_words, e)
        if led is not None:
            return led
        served = _SERVES.search(text, s, best.start) if persons == [best] else None
        if served is not None and not tail_words:
            # "One of the former prosecutors for David Petraeus said", "a lawyer for Donald
            # Trump said": the prosecutor or lawyer speaks, not the person (a new-user test);
            # "a spokesman for Jeb Bush" speaks for him, as before.
            at = served.start(1)
            article = re.match(r"(?:the|a|an|one|some|two|three)\s+", text[at:e], re.IGNORECASE)
            at += article.end() if article else 0
            np_text = text[at:e].strip()
            return Speaker(at, at + len(np_text), np_text, np_text), "ORG"
        noun = tail_words[-1].lower() if tail_words else ""
        if noun not in SPEAKER_NOUNS and noun.endswith("s"):
            noun = noun[:-1]  # "European governments"
        if (
            noun in SPEAKER_NOUNS
            and noun not in _FOR_THE_BODY
            and len(tail_words) <= 3
            and not any(w.lower() in _NOBODY for w in tail_words[:-1])  # "Linux although"
        ):
            # "US officials", "the Biden administration", "Kremlin spokesman Dmitry ..." no.
            np_start = best.start
            coord = [
                x
                for x in ents
                if x.end <= best.start and re.fullmatch(r"\s+and\s+", text[x.end : best.start])
            ]
            if coord:  # "U.S. and European officials"
                np_start = coord[-1].start
            np_text = text[np_start:e].strip()
            if (
                noun in PERSON_DESCRIPTIONS
                and len(tail_words) == 1
                and re.search(r"\b[Tt]he\s+$", text[max(0, np_start - 5) : np_start])
            ):
                # "The Vermont senator has said": one person, the one the document
                # introduced so or, failing that, the one just named or speaking.
                who = doc.titled_person(np_text, np_start) or person_described(doc, noun, np_start)
                if who is not None:
                    return Speaker(np_start, np_start + len(np_text), np_text, who), "PERSON"
            canon = (
                SPEAKER_METONYMS.get(np_text)
                or SPEAKER_METONYMS.get("the " + np_text)
                or (np_text.replace("’", "'"))
            )
            return Speaker(np_start, np_start + len(np_text), np_text, canon), best.label
        if (
            (
                best.label == "NORP"
                # "The New York businessman has praised Putin": a person, not the city.
                or (
                    best.label == "GPE"
                    and tail_words[-1:] != []
                    and tail_words[-1].lower() in PERSON_DESCRIPTIONS
                )
            )
            and 1 <= len(tail_words) <= 3
            and all(w.islower() for w in tail_words)
            and best.end <= e - len(tail)
        ):
            # "Republican presidential nominee": the person, not the party; the one the
            # document introduced so ("Democratic front-runner Hillary Clinton") when it did.
            np_text = text[best.start : e].strip()
            who = doc.titled_person(np_text, best.start)
            if who is None and tail_words[-1].lower() in PERSON_DESCRIPTIONS:
                # Introduced otherwise: the last person the document named with the role's
                # noun or the party ("GOP nominee Donald Trump", "Republican Donald Trump").
                who = doc.introduced_with(tail_words[-1], best.start) or doc.introduced_with(
                    text[best.start : best.end], best.start
                )
                if who is None:
                    who = person_described(doc, tail_words[-1].lower(), best.start)
            if who is not None:
                return Speaker(best.start, best.start + len(np_text), np_text, who), "PERSON"
            return Speaker(best.start, best.start + len(np_text), np_text, np_text), "ORG"
        if _PARTY_MEMBER.fullmatch(text, s, e) and best.label == "NORP" and not tail_words:
            # "the Wisconsin Republican criticized": a person described by party, not the party
            who = doc.described_person(s)
            if who is not None:
                return Speaker(s, e, region, who), "PERSON"
        if best.label == "PERSON" or BETWEEN_RE.match(text[best.end : e]) or len(tail_words) <= 4:
            return Speaker(best.start, best.end, best.text, _canonical_speaker(best)), best.label
    if whole and len(words) <= 8 and not ents:
        # A parsed subject phrase: "The head of the regional port authority".
        clean = re.sub(r"^(?:the|a|an|The|A|An)\s+", "", region)
        canon = SPEAKER_METONYMS.get(clean, clean).replace("’", "'")
        if clean.lower() in ANAPHOR_NOUNS or (
            len(words) <= 2 and words[-1].lower() in ANAPHOR_NOUNS
        ):
            who = _title_holder(doc, clean, s)
            if who:
                return Speaker(s, e, region, who), "PERSON"
        # "the real estate tycoon entered the race": someone named with the role before.
        who = described_by_role(doc, region, s)
        if who:
            return Speaker(s, e, region, who), "PERSON"
        return Speaker(s, e, region, canon), "ORG"
    # A common-noun speaker: "officials", "the spokesman", "US and European officials".
    m = re.search(
        r"(?<![\w.'’-])((?:[\w.'’-]+\s+){0,4}?)(" + "|".join(sorted(SPEAKER_NOUNS)) + r")$",
        region,
        re.IGNORECASE,
    )
    if m:
        np = region[m.start() :].strip()
        before = region[: m.start()].split()
        if np.split()[0].lower() in _PREPOSITIONS and before:
            # "The head of the regional port authority": the head noun, not "of the ...".
            np = f"{before[-1]} {np}"
        np = _OPENERS.sub("", np)  # "But the prime minister", "even if the minister"
        if np.split()[0].lower() in {"he", "she", "they", "we", "i", "it", "you"}:
            return None  # "she revised her statement explaining": a clause, not a speaker
        np = re.sub(r"^(?:the|a|an|The|A|An)\s+", "", np)
        i = s + region.rindex(np)
        noun = m.group(2).lower()
        canon = np
        label = "ORG"
        if noun in ANAPHOR_NOUNS and len(np.split()) <= 2:
            who = _title_holder(doc, np, i)
            if who:
                canon, label = who, "PERSON"
        return Speaker(i, i + len(np), np, canon), label
    # Any short capitalised name or noun phrase right before the cue ("The commission").
    m2 = re.search(
        r"^((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]+|(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir)\s+"
        r"(?:[\w'’-]+\s+){0,2}"
        r"[a-z][\w-]+)$",
        region,
    )
    if m2 and len(words) <= 6 and not _AUXILIARIES & set(m2.group(1).lower().split()):
        np = m2.group(1)
        i = s + m2.start(1)
        who = described_by_role(doc, np, i)
        if who:  # "“...,” the businessman replied"
            return Speaker(i, i + len(np), np, who), "PERSON"
        if np.split()[0].lower() not in {"it", "this", "that", "there", "what", "which"}:
            clean = re.sub(r"^(?:the|a|an|The|A|An)\s+", "", np)
            clean = SPEAKER_METONYMS.get(clean, clean)
            one_person = np[:1].isupper() and " " not in clean and not _plural_noun(doc, clean)
            return Speaker(i, i + len(np), np, clean.replace("’", "'")), (
                "PERSON" if one_person else "ORG"
            )
    # "73 percent said", "Nearly eight of 10 voters say": a count of people (a plural), not
    # a date's day ("the nominee for the Nov. 8 election said").
    num = re.search(
        r"(?:\b\w+\s+)?\d+(?:\.\d+)?\s*(?:percent|%)(?:\s+of\s+[\w ]{1,30})?$|"
        r"\b(?:\w+\s+)?(?:of\s+)?\d+\s+(?:\w+s|people|men|women|children)$",
        region,
    )
    if num and _DAY_BEFORE.search(region[: num.start()] + region[num.start() :].split()[0]):
        num = None
    if whole and not num and len(words) > 8:
        # A long subject: its head phrase before a preposition ("The Republican presidential
        # nominee for the Nov. 8 election" -> "Republican presidential nominee").
        head = re.match(r"(.+?)\s+(?:for|of|in|at|from|with|on)\s+", region)
        if head and len(head.group(1).split()) <= 6 and head.end(1) < len(region):
            return _speaker_in(doc, s, s + head.end(1), whole)
    if num or (whole and len(words) <= 8):
        a = s + (num.start() if num else 0)
        np = text[a:e]
        return Speaker(a, e, np, re.sub(r"^(?:the|a|an|The|A|An)\s+", "", np)), "ORG"
    return None


# Offices held for a place: "the Vermont senator", "The MP for Sittingbourne and Sheppey",
# "the governor of Texas" are a person, not the place. Each office with how names are
# introduced with it ("Vermont Sen. Bernie Sanders").
_OFFICES = {
    "senator": "senator|sen\\.",
    "governor": "governor|gov\\.",
    "mp": "mp",
    "mayor": "mayor",
    "congressman": "congressman|rep\\.",
    "congresswoman": "congresswoman|rep\\.",
    "representative": "representative|rep\\.",
    "lawmaker": "lawmaker",
    "premier": "premier",
}
_OFFICE_FOR = re.compile(
    r"^(?:[Tt]he\s+)?(?:[A-Z][\w.'’-]*\s+){0,3}?(?i:("
    + "|".join(_OFFICES)
    + r"))(?:\s+(?:for|of|from)\s+[A-Z].*)?$"
)


# "the Kentucky Republican", "the veteran Democrat": one member of a party, named before.
_PARTY_MEMBER = re.compile(
    r"(?:[Tt]he|[Tt]his)\s+(?:[\w.'’-]+\s+){0,3}?(?:Republican|Democrat|Independent|Libertarian)"
)


def office_holder(doc: ClaimDoc, s: int, e: int) -> tuple[Speaker, str | None] | None:
    """The speaker of a region naming an office held for a place and no person: the person
    the document introduced with that office ("Vermont Sen. Bernie Sanders" for "the Vermont
    senator"), else the office as written ("MP for Sittingbourne and Sheppey"), never the
    place ("Sheppey", "Vermont")."""
    region = doc.text[s:e]
    m = _OFFICE_FOR.match(region)
    if m is None:
        return None
    office = m.group(1).lower()
    who = doc.titled_person(_OFFICES[office], s, pattern=True)
    if who is None and office in PERSON_DESCRIPTIONS and re.match(r"the\s", region, re.I):
        who = person_described(doc, office, s)  # "The Vermont senator has struggled"
    if who is not None:
        return Speaker(s, e, region, who), "PERSON"
    described = re.sub(r"^(?:the|a|an)\s+", "", region, flags=re.IGNORECASE)
    return Speaker(s, e, region, described), None


def inverted_speaker(doc: ClaimDoc, cue_e: int, end: int) -> tuple[Speaker, str | None] | None:
    """The speaker after the cue of "...,” said Kirby." (up to a comma, a preposition or
    the end: "said Carly Fiorina during the second GOP debate" is Fiorina's, not the GOP's)."""
    after = doc.text[cue_e : min(end, cue_e + 60)]
    stop = _INVERTED_STOP.search(after)
    sp = speaker_in(doc, cue_e, cue_e + (stop.start() if stop else len(after)))
    return None if sp is None or _after_preposition(doc.text, cue_e, sp[0].start) else sp


def _after_preposition(text: str, cue_e: int, start: int) -> bool:
    """A name after a preposition following the cue is where or to whom something was said
    ("said on Twitter on Monday", "told reporters in Iowa"), not who said it."""
    return bool(_PREPOSITION_WORD.search(text, cue_e, start))


_PREPOSITION_WORD = re.compile(
    r"\b(?:on|in|at|to|from|during|via|through|with|after|before|over|about)\b", re.IGNORECASE
)
# Where a speaker named after the cue ends: a comma, a dash, the end, or a preposition.
_INVERTED_STOP = re.compile(r",\s|[;—–]|[.!?]?\s*$|\s(?=" + _PREPOSITION_WORD.pattern + r"\s)")


def speaker_right_after(doc: ClaimDoc, s: int, e: int) -> tuple[Speaker, str | None] | None:
    """A speaker right after a cue ("..., says US", "said the minister"), not one further
    on, which is the object of a stance verb ("blasted Clinton as a disgrace")."""
    sp = speaker_in(doc, s, e)
    if sp is None or len(doc.text[s : sp[0].start].split()) > 2:
        return None
    if _after_preposition(doc.text, s, sp[0].start):
        return None
    return sp if len(doc.text[sp[0].end : e].split()) <= 3 else None


def clause_start(text: str, sent_start: int, cue_start: int, quotes: list[tuple[int, int]]) -> int:
    """Where the subject before a cue can begin: after the last quote, comma or colon."""
    start = sent_start
    for _qs, qe in quotes:
        if qe <= cue_start and qe > start:
            start = qe
    base = start
    seg = text[base:cue_start]
    coordinated: bool | None = None  # read once, at the first "and"
    for m in re.finditer(r"[,;:—–]|\band\b|\bbut\b|\bthat\b|\bwhich\b", seg):
        # The last break before the cue with words after it ("In all, ..., campaign
        # officials said": after the last comma, not one counted from the first).
        candidate = base + m.end()
        if m.group() == "and":
            if coordinated is None:
                window = max(base, cue_start - _COORDINATED_REACH)
                coordinated = _COORDINATED_BODIES.search(text, window, cue_start) is not None
            if coordinated:
                continue  # "U.S. and European officials said": one speaker
        after = text[candidate:cue_start].split()
        if _AGE_SET_OFF.fullmatch(text, candidate, cue_start):
            continue  # "Sarandon, 69, told MSNBC": the age set off after the name
        if after and not (len(after) <= 2 and all(_MANNER.fullmatch(w) for w in after)):
            start = candidate  # not "..., Paul Manafort, bluntly suggested": a manner
    return start


# An age between commas right before the cue ("Sarandon, 69, told").
_AGE_SET_OFF = re.compile(r"\s*\d{1,3}\s*,\s*")

# A manner adverb between a speaker's comma and the cue ("bluntly", "later").
_MANNER = re.compile(r"[a-z]+ly|later|also|again|then|now|once")

# Names coordinated into one speaker noun phrase before a cue: "U.S. and European officials".
# Only the words right before the cue are read for it (a long clause is not scanned).
_COORDINATED_BODIES = re.compile(
    r"\b[A-Z][\w.'’-]*\s+and\s+(?:[\w.'’-]+\s+){0,2}(?:"
    + "|".join(sorted(SPEAKER_NOUNS))
    + r")\s*$"
)
_COORDINATED_REACH = 120


_CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl"})


def parsed_speaker(doc: ClaimDoc, sent_start: int, cue_s: int) -> tuple[Speaker, str | None] | None:
    """The speaker the sentence's parse gives the cue at ``cue_s``: its subject
    (:func:`parse_speaker`) read as a whole phrase, when it ends before the cue."""
    ps = parse_speaker(doc, sent_start, cue_s)
    if ps is None or ps[1] > cue_s:
        return None
    return speaker_in(doc, ps[0], ps[1], whole=True)


def parse_speaker(doc: ClaimDoc, sent_start: int, cue_s: int) -> tuple[int, int] | None:
    """The subject of the cue verb at ``cue_s`` from the sentence's parse (parsing it now if
    needed), climbing conjoined and controlling verbs; None without a parse or subject."""
    toks = doc.parse(sent_start)
    if not toks:
        return None
    idx = next((i for i, t in enumerate(toks) if t.start == cue_s), None)
    if idx is None:
        return None
    subj = [i for i, t in enumerate(toks) if t.head == idx and t.dep in {"nsubj", "nsubjpass"}]
    node = idx
    for _ in range(3):
        if subj or toks[node].dep not in _CLIMB_DEPS or toks[node].head == node:
            break
        # "Authorities announced ... and said ...", "he refused to pledge ...", "X said,
        # emphasizing ...": the governing verb's subject.
        came_from, node = node, toks[node].head
        if _backshifted_conj(toks, came_from, node):
            node = toks[node].head  # "The US said North Korea had delivered ... and
            # condemned the move": the US condemned; the reported clause is in the past
            # perfect, the coordinated verb in the reporting verb's tense.
        subj = [i for i, t in enumerate(toks) if t.head == node and t.dep == "nsubj"]
        if toks[came_from].dep == "xcomp":
            # Object control: "The decisive victory led Chairman Reince Priebus to declare
            # ...", "urged him to say": the object does the declaring.
            objs = [i for i, t in enumerate(toks) if t.head == node and t.dep == "dobj"]
            if objs and objs[0] < came_from:
                subj = objs
    if not subj:
        return _participle_holder(toks, idx)
    sub = _subtree(toks, subj[0])
    return toks[min(sub)].start, toks[max(sub)].end


def _backshifted_conj(toks: list[Token], cue: int, head: int) -> bool:
    """The cue verb is conjoined to a reported clause's verb in the past perfect ("had
    delivered ... and condemned") while it has no auxiliary of its own: it goes with the
    verb that reports the clause."""
    if toks[cue].dep != "conj" or toks[head].dep != "ccomp" or toks[head].head == head:
        return False
    aux = {toks[i].text.lower() for i, t in enumerate(toks) if t.head == head and t.dep == "aux"}
    own = [i for i, t in enumerate(toks) if t.head == cue and t.dep in {"aux", "nsubj"}]
    return "had" in aux and not own and toks[cue].text.lower().endswith("ed")


def _participle_holder(toks: list[Token], idx: int) -> tuple[int, int] | None:
    """Who a cue participle hung on a noun speaks for: the noun when it is a subject
    ("Trump, later alleging that ..."), else the subject of the verb whose object it is
    ("Trump fired back a response saying ...", "the ministry issued a statement saying")."""
    cue = toks[idx]
    if cue.dep not in {"acl", "advcl"} or not cue.text.lower().endswith("ing"):
        return None
    h = cue.head
    if h == idx or h < 0 or h > idx:
        return None
    head = toks[h]
    if head.dep in {"nsubj", "nsubjpass"}:
        left = [i for i in _subtree(toks, h) if i <= h]
        return toks[min(left)].start, head.end
    if head.dep != "dobj" or head.head == h or head.head < 0:
        return None
    verb = head.head
    subj = [i for i, t in enumerate(toks) if t.head == verb and t.dep == "nsubj" and i < verb]
    if not subj:
        return None
    sub = _subtree(toks, subj[0])
    return toks[min(sub)].start, toks[max(sub)].end


def parse_content(doc: ClaimDoc, sent_start: int, cue_s: int) -> tuple[int, int] | None:
    """The clausal complement of the cue verb (without a leading "that") from a parse the
    sentence already has; None when there is none."""
    toks = doc.parses.get(sent_start)
    if not toks:
        return None
    idx = next((i for i, t in enumerate(toks) if t.start == cue_s), None)
    if idx is None:
        return None
    comp = [
        i for i, t in enumerate(toks) if t.head == idx and t.dep in {"ccomp", "xcomp"} and i > idx
    ]
    if not comp:
        return None
    sub = _subtree(toks, comp[0])
    for i in sorted(sub):
        # ", adding ...", ", citing officials", ", releasing images the White House says
        # show ...": a participle after a comma that is itself a reporting verb, or holds an
        # attribution of its own, tells what the speaker did, not what was said (the parser
        # often hangs it on the content). Others ("..., reaching 1.6 million") stay.
        if (
            toks[i].head == comp[0]
            and toks[i].dep == "advcl"
            and toks[i].text.lower().endswith("ing")
            and i - 1 in sub
            and toks[i - 1].text == ","
            and (toks[i].text.lower() in CUE_VERBS or _holds_attribution(toks, i))
        ):
            sub = {j for j in sub if j < i - 1}
            break
    first = min(sub)
    if toks[first].text.lower() == "that":
        first += 1
    return toks[first].start, toks[max(sub)].end


def _holds_attribution(toks: list[Token], root: int) -> bool:
    """Whether the phrase under ``root`` holds a reporting verb with a subject of its own."""
    inside = _subtree(toks, root)
    return any(
        toks[j].text.lower() in CUE_VERBS
        and any(t.head == j and t.dep in {"nsubj", "nsubjpass"} for t in toks)
        for j in inside
        if j != root
    )


def _subtree(toks: list[Token], root: int) -> set[int]:
    out = {root}
    changed = True
    while changed:
        changed = False
        for i, t in enumerate(toks):
            if i not in out and t.head in out and t.head != i:
                out.add(i)
                changed = True
    return out
