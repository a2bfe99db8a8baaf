"""When two claims from different documents report the same statement.

Each claim becomes a :class:`ClaimFeatures` (normalised text, concepts: stemmed content words
with news synonyms merged plus canonical entities, content-word trigrams, the concepts outside
any quotation embedded in it, the speaker's group). :func:`same_statement` decides a pair:

- the speakers must be compatible (:func:`compatible_speakers`);
- a claim whose content merely contains another quote does not match that quote;
- claims dated (ISO DATE canonicals in their sentences) to different months never match;
- near-identical wording matches (rapidfuzz), and so do paraphrases sharing enough weighted
  concepts; related speakers (the same one, or the same government: "White House", "US",
  "Washington", "the Biden administration", or a person and the body they are introduced with:
  "White House spokesman John Kirby") need less: a few concepts, one claim's concepts
  mostly covered by the other's, a shared phrase of three content words, or (different
  speakers of one body) shared skip-bigrams;
- the same event matches in other words (:func:`same_event`, not for quotes): the same two or
  more people, a shared month, and a shared verb lemma of the predicate linking them ("met" /
  "held a meeting").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from rapidfuzz import fuzz

from gloss.store.analysis.entities import norm_key
from gloss.store.analysis.lexicon import SPEAKER_METONYMS, TITLES, lemminflect

# Content similarity (0..100) above which two claims from different documents match.
SAME_CLAIM = 72.0
# Paraphrases match when they share enough weighted concepts: (minimum shared concepts,
# minimum IDF-weighted overlap); any rule suffices. Chosen on the seeds gold clusters (the
# only labelled cluster data) to avoid false merges.
CONCEPT_RULES = ((5, 0.6), (8, 0.55))
# Looser rules when both claims have the same named speaker, or speakers standing for the
# same government ("White House" and "US").
SAME_SPEAKER_RULES: tuple[tuple[int, float], ...] = ((3, 0.5),)
RELATED_RULES: tuple[tuple[int, float], ...] = ((4, 0.6),)
# The same speaker: this many shared content words (not names) covering this share of the
# smaller claim's content words.
COVER_RULE = (4, 0.75)
# Different speakers for the same body (a spokesman and his government): shared ordered word
# pairs (skip-bigrams at most this many content words apart, as in ROUGE-S) carry a paraphrase
# whose clauses are arranged differently ("enforce those current sanctions ... these arms
# deals" / "enforce sanctions, expose the alleged arms deals"): this many shared concepts and
# this many distinct shared pairs.
SKIP_WINDOW = 3
SKIP_RULE = (4, 2)
# The same event in other words (not quotes): at least this many named people in both claims,
# a shared ISO month in their sentences, and a shared verb lemma of the predicate linking the
# people.
EVENT_MIN_PEOPLE = 2
# The embedded-quote guard: a claim with at least this many concepts outside its embedded
# quotation must share at least this share of them with the other claim.
GUARD_MIN, GUARD_SHARE = 4, 0.3

_STOP = frozenset(
    "a an the and or but of to in on at for with by from as is are was were be been being has "
    "have had will would shall should can could may might must it its this that these those "
    "which who whom whose what there their they them he she his her we our us you your i me "
    "my not no also than then so such into over under about after before between while if "
    "further other any all some more most very said says say told tell added according "
    "including include includes re ll ve "
    # what is left of "don't", "isn't" (not "won't": "won" is a word of its own)
    "don didn doesn isn wasn aren weren wouldn couldn shouldn haven hasn hadn ain".split()
)
# A few synonyms news wording swaps across outlets (stem -> concept).
_SYNONYMS = {
    "weapo": "arms",
    "munit": "arms",
    "ammun": "arms",
    "armam": "arms",
    "arms": "arms",
    "deliv": "provi",
    "suppl": "provi",
    "sent": "provi",
    "send": "provi",
    "trans": "provi",
    "aidin": "provi",
    "aid": "provi",
    "assis": "provi",
    "suppo": "provi",
    "talks": "negot",
    "deal": "negot",
    "deals": "negot",
    "discu": "negot",
    "conce": "worry",
    "worri": "worry",
    "troub": "worry",
    "monit": "watch",
    "watch": "watch",
    "obser": "watch",
    "viola": "viola",
    "breac": "viola",
    "trave": "visit",
    "trip": "visit",
    "trips": "visit",
    "visit": "visit",
    # What evidence is said to do ("images that indicate", "images it says show").
    **dict.fromkeys(
        "show shows showed showing shown indicate indicates indicated indicating demonstrate "
        "demonstrates demonstrated demonstrating reveal reveals revealed revealing".split(),
        "show",
    ),
    # Goods in transit (not "shipment", the act of sending as much as the goods).
    **dict.fromkeys("cargo cargoes container containers".split(), "cargo"),
}
# Speakers that stand for a country's government ("White House" -> "United States").
_GOVERNMENT = {
    "White House": "United States",
    "Pentagon": "United States",
    "State Department": "United States",
    "US": "United States",
    "U.S.": "United States",
    "Kremlin": "Russia",
}
_NATIONAL_RE = re.compile(
    r"^(?:the\s+)?(U\.S\.|US|American|United States|Russian|North Korean|South Korean|"
    r"Chinese|Ukrainian|British|UK|French|German|Japanese)\b(?:\s+\w+){0,3}$",
    re.IGNORECASE,
)
_NATIONS = {
    "u.s.": "United States",
    "us": "United States",
    "american": "United States",
    "united states": "United States",
    "russian": "Russia",
    "north korean": "North Korea",
    "south korean": "South Korea",
    "chinese": "China",
    "ukrainian": "Ukraine",
    "british": "United Kingdom",
    "uk": "United Kingdom",
    "french": "France",
    "german": "Germany",
    "japanese": "Japan",
}
_STATES = frozenset(_NATIONS.values()) | frozenset(_GOVERNMENT.values())
_EMBEDDED_QUOTE = re.compile(r"[“\"][^“”\"]{8,}[”\"]")
_TAIL = " .,;:!?”’\"'"
# An ISO date of month precision or finer ("2023-09", "2023-09-14"): how dates are normalised
# in entities.canonical; other DATE canonicals ("last month") are not comparable across
# documents.
# Support verbs whose object carries the event ("held a meeting", "made a visit").
_LIGHT_VERBS = frozenset("be have hold make take give get do go come put keep".split())
_ISO_MONTH = re.compile(r"^(\d{4}-\d{2})(?:-\d{2})?$")


def norm_text(text: str) -> str:
    """Lower case, typographic quotes folded, punctuation dropped, whitespace collapsed."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[\[\]\"(),.;:!?]", " ", text.lower())
    return " ".join(text.split())


def similarity(a: str, b: str) -> float:
    """How alike two claim contents are, 0..100 (order-aware, tolerant of small edits)."""
    return similarity_normed(norm_text(a), norm_text(b))


def similarity_normed(na: str, nb: str) -> float:
    """:func:`similarity` of two :func:`norm_text` strings."""
    if not na or not nb:
        return 0.0
    best = max(fuzz.ratio(na, nb), fuzz.token_sort_ratio(na, nb))
    short, long_ = sorted((na, nb), key=len)
    if len(short) >= 60 and len(long_) <= 2.2 * len(short):
        # A shortened variant of the same quote: compare against the best window.
        best = max(best, fuzz.partial_ratio(short, long_) - 8)
    return float(best)


def _stem(word: str) -> str:
    stem = word[:5]
    return _SYNONYMS.get(word, _SYNONYMS.get(stem, stem))


_TOKEN = re.compile(r"[a-z]+(?:-[a-z]+)*|[^\sa-z]+")


def _words(text: str) -> list[str]:
    """Content-word concepts in order; "" marks a break (an entity or a phrase boundary).

    A hyphenated word counts as its parts and as one word ("co-operation" matches
    "cooperation", "high-level" matches "high level")."""
    out: list[str] = []
    for m in _TOKEN.finditer(text.lower()):
        token = m.group()
        if not token[0].isalpha():
            number = _number_concept(token)
            if number:
                out.append(number)
            elif token.strip("'’-"):
                out.append("")
            continue
        parts = token.split("-")
        kept = [_stem(p) for p in parts if p not in _STOP and len(p) > 2]
        out.extend(kept)
        if len(parts) > 1 and len("".join(parts)) > 5:
            out.append(_stem("".join(parts)))
    return out


_DIGITS = re.compile(r"\d[\d,.]*\d|\d")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _number_concept(token: str) -> str:
    """A figure as a concept ("250,000" -> "#250000", "$916" -> "#916"): outlets keep the
    numbers of a statement when they reword it. Years and figures under 100 are too common
    to tell statements apart."""
    m = _DIGITS.search(token)
    if not m:
        return ""
    digits = m.group().replace(",", "").rstrip(".")
    if len(digits.split(".")[0]) < 3 or _YEAR.fullmatch(digits):
        return ""
    return "#" + digits


def concepts(content: str, entities: list[tuple[int, int, str]], offset: int) -> set[str]:
    """Content words (stemmed, synonyms merged) and canonical entities of a claim's content.

    ``entities`` are (start, end, canonical) in document offsets; ``offset`` is where the
    content starts.
    """
    return set(_concept_list(content, entities, offset))


def _concept_list(
    content: str, entities: list[tuple[int, int, str]], offset: int, head: str = ""
) -> list[str]:
    """Entity concepts, then the content's words in order; ``head`` (a noun the content is
    about, see :func:`relative_head`) is read as the content's first word."""
    out: list[str] = []
    chars = list(content)
    for s, e, canonical in entities:
        a, b = s - offset, e - offset
        if a < 0 or b > len(content):
            continue
        out.append("@" + norm_key(SPEAKER_METONYMS.get(canonical, canonical)))
        chars[a:b] = [" "] * (b - a)
        chars[a] = "|"
    return out + _words(f"{head} {''.join(chars)}" if head else "".join(chars))


def speaker_group(speaker: str | None) -> str | None:
    """The government or body a speaker stands for ("White House", "Washington", "US
    officials" -> "United States"); a person or an unknown body stands for itself."""
    if not speaker:
        return None
    name = SPEAKER_METONYMS.get(speaker, _GOVERNMENT.get(speaker, speaker))
    m = _NATIONAL_RE.match(name)
    if m:
        return _NATIONS.get(m.group(1).lower(), name)
    return name


@dataclass
class ClaimFeatures:
    """What the pair decision needs about one claim."""

    normed: str
    concepts: set[str]
    # Runs of content words between breaks (entities, phrase boundaries): the trigrams and
    # skip pairs are read from them only for the few pairs that need them (linking reads
    # every claim of the corpus).
    runs: tuple[tuple[str, ...], ...]
    outer: set[str] | None  # concepts outside an embedded quotation, if there is one
    speaker: str | None
    group: str | None
    is_person: bool
    # Groups a person speaker is introduced with ("White House spokesman John Kirby").
    affiliations: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()  # canonical PERSON names in the content
    months: frozenset[str] = frozenset()  # ISO months of the sentence's dates
    event_words: frozenset[str] = frozenset()  # verb lemmas of the predicate linking the people
    kind: str | None = None  # quote | reported | assertion
    # The quoted phrases of the claim's sentence that it carries, as normalised word tuples.
    quotes: frozenset[tuple[str, ...]] = frozenset()
    # Every number the claim gives, small ones too ("26"): what "different figures" reads.
    figures: frozenset[str] = frozenset()
    published: str | None = None  # the document's date (ISO), when known

    @cached_property
    def trigrams(self) -> set[tuple[str, str, str]]:
        """Content-word trigrams within a run."""
        out: set[tuple[str, str, str]] = set()
        for run in self.runs:
            out.update(zip(run, run[1:], run[2:], strict=False))
        return out

    @cached_property
    def plain_words(self) -> list[str]:
        """The words, "n't" written "not" and "no one" "nobody" (what negations are read
        from, once per claim: linking compares each claim with many)."""
        text = _NO_ONE.sub("nobody", _NOT_CONTRACTED.sub(" not", self.normed))
        return [m.group() for m in _TOKEN.finditer(text) if m.group()[0].isalpha()]

    @cached_property
    def negated(self) -> bool:
        """Whether the claim holds any negation ("not", "no", "never", "refused", ...): one
        search, so a pair's words are read only when one claim has one and the other not."""
        return _ANY_NEGATION.search(self.normed) is not None

    @cached_property
    def skips(self) -> set[tuple[str, str]]:
        """Ordered pairs of different content words at most :data:`SKIP_WINDOW` apart."""
        out: set[tuple[str, str]] = set()
        for run in self.runs:
            for i, x in enumerate(run):
                out.update((x, y) for y in run[i + 1 : i + 1 + SKIP_WINDOW] if y != x)
        return out


def features(
    content: str,
    entities: list[tuple[int, int, str]],
    offset: int,
    speaker: str | None,
    is_person: bool,
    *,
    people: Sequence[tuple[int, int, str]] = (),
    others: Sequence[tuple[int, int]] = (),
    dates: Sequence[str] = (),
    affiliations: frozenset[str] = frozenset(),
    kind: str | None = None,
    subject: str | None = None,
    quoted: Sequence[str] = (),
) -> ClaimFeatures:
    """The features of a claim's content (entities in document offsets, ``offset`` where the
    content starts).

    For the event signal: ``people`` are PERSON mentions (start, end, canonical), ``others``
    the spans of dates, times and numbers, ``dates`` the DATE canonicals of the claim's
    sentence; ``affiliations`` the groups a person speaker is introduced with; ``subject``
    the noun a content without a subject of its own is about (:func:`relative_head`);
    ``quoted`` the quotations (marks included) of the claim's sentence that it carries.
    """
    # "images" + "indicate cargo ...": one clause, so its phrases count as shared phrases.
    seq = _concept_list(content, entities, offset, subject or "")
    words = [w for w in seq if w and not w.startswith("@")]
    runs: list[tuple[str, ...]] = []
    run: list[str] = []
    for w in [*seq, ""]:
        if w and not w.startswith("@"):
            run.append(w)
            continue
        if run:
            runs.append(tuple(run))
        run = []
    end = offset + len(content)
    named = {c for s, e, c in people if offset <= s and e <= end}
    months = frozenset(m.group(1) for d in dates if (m := _ISO_MONTH.match(d)))
    event_words: frozenset[str] = frozenset()
    if len(named) >= EVENT_MIN_PEOPLE and months:
        event_words = frozenset(_event_words(content, offset, entities, people, others))
    outer = None
    # A quotation that ends the claim is what the claim reports ("Clinton was “extremely
    # careless”"), not a phrase embedded in other words: only the others raise the guard.
    quotes = [
        m.span() for m in _EMBEDDED_QUOTE.finditer(content) if content[m.end() :].strip(_TAIL)
    ]
    if quotes and words:
        masked = list(content)
        for a, b in quotes:
            masked[a:b] = [" "] * (b - a)
        outer_text = "".join(masked)
        if len(outer_text.split()) >= 4:
            outer = set(_concept_list(outer_text, entities, offset))
    return ClaimFeatures(
        norm_text(content),
        set(seq) - {""},
        tuple(runs),
        outer,
        speaker,
        speaker_group(speaker),
        is_person,
        affiliations,
        frozenset(named),
        months,
        event_words,
        kind,
        frozenset(q for q in (quote_words(x) for x in quoted) if q),
        frozenset(d.replace(",", "").rstrip(".") for d in _DIGITS.findall(content)),
    )


# The noun before an attribution inside a relative clause: with a relativizer ("images that
# it said", "a bill, which critics claim"), a determiner ("images the White House says") or
# right before a pronoun ("images it says"); a word right before a name is its title.
_RELATIVE_HEAD = re.compile(r"\b([a-z]+)(,?\s+(?:that|which)|\s+the)?\s+$")
_CUE_ONLY = re.compile(r"\s*[A-Za-z]+\s*")
_PRONOUNS = frozenset("it they he she we".split())
_MODALS = frozenset("can could may might must shall should will would".split())


def relative_head(lead: str, speaker: str, gap: str, content: str) -> str | None:
    """The noun an attribution inside a relative clause hangs on, which is what the content
    is about: "images that it said indicate cargo ...", "images the White House says shows
    containers ..." -> "images". ``lead`` is the sentence up to the speaker, ``gap`` the text
    from the speaker to the content (the cue alone: with "that" the content has a subject of
    its own), and the content must open with a finite verb (its subject is the gap)."""
    m = _RELATIVE_HEAD.search(lead)
    if not m or not _CUE_ONLY.fullmatch(gap):
        return None
    if not m.group(2) and speaker.lower() not in _PRONOUNS:
        return None
    head = m.group(1)
    first = re.match(r"[a-z]+", content)
    if head in _STOP or not first:
        return None
    getAllLemmas = lemminflect().getAllLemmas  # noqa: N806 (lemminflect's name)
    getAllInflections = lemminflect().getAllInflections  # noqa: N806

    if "NOUN" not in getAllLemmas(head):
        return None
    verb = first.group()
    if verb in _MODALS:
        return head
    lemmas = getAllLemmas(verb)
    for lemma in (*lemmas.get("VERB", ()), *lemmas.get("AUX", ())):
        forms = getAllInflections(lemma)
        if any(verb in forms.get(tag, ()) for tag in ("VBZ", "VBD", "VBP")):
            return head
    return None


def _event_words(
    content: str,
    offset: int,
    entities: list[tuple[int, int, str]],
    people: Sequence[tuple[int, int, str]],
    others: Sequence[tuple[int, int]],
) -> set[str]:
    """The predicate that links the people: the verb lemmas of the first word that can be a
    verb (a light verb such as "held" in "held a meeting" passes the turn to its noun) between
    the first and the last person's name, or among four words after the last (to the next
    name, date or punctuation): "met", "held a meeting" -> "meet". Not the word right before
    a name (a title: "President", "leader"), nor names, dates or numbers."""
    chars = list(content)
    spans = [(s, e) for s, e, _c in entities] + list(others)
    inside = sorted((s, e) for s, e, _c in people if offset <= s and e <= offset + len(content))
    for s, _e in inside:
        m = re.search(r"([A-Za-z][\w.'’-]*)\s+$", content[: s - offset])
        if m:
            spans.append((offset + m.start(1), s))
    for s, e in spans:
        a, b = max(0, s - offset), min(len(content), e - offset)
        if a < b:
            chars[a:b] = ["|"] * (b - a)
    masked = "".join(chars)
    first_end, last_start, last_end = inside[0][1], inside[-1][0], inside[-1][1]
    between = masked[first_end - offset : last_start - offset]
    after = re.split(r"[|,;:.!?()“”\"]", masked[last_end - offset :], maxsplit=1)[0]
    for word in _plain_words(between) + _plain_words(after)[:4]:
        lemmas = set(_verb_lemmas(word))
        if lemmas and not lemmas & _LIGHT_VERBS:
            return lemmas
    return set()


def _plain_words(text: str) -> list[str]:
    return [
        w for w in re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower()) if w not in _STOP and len(w) > 2
    ]


def _verb_lemmas(word: str) -> tuple[str, ...]:
    """The verb lemmas the word can have (lemminflect's lexicon, irregular forms included:
    "met" and "meeting" both give "meet"; "summit" and "best" none)."""
    return lemminflect().getAllLemmas(word).get("VERB", ())


def compatible_speakers(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """An unknown speaker, the same one or the same government; otherwise not two different
    people nor two different bodies (a person and a body may be its spokesperson)."""
    if not a.group or not b.group or a.group == b.group or same_person(a.group, b.group):
        return True
    return a.is_person != b.is_person


def same_person(a: str, b: str) -> bool:
    """A bare surname and a full name ending with it ("Trump", "Donald Trump"): the corpus
    linking leaves a surname bare when several people share it, so it may be either."""
    short, long_ = sorted((a, b), key=len)
    return " " not in short and long_.endswith(" " + short)


def quote_words(quote: str) -> tuple[str, ...]:
    """A quotation's words, normalised (case, apostrophes, punctuation)."""
    return tuple(norm_text(quote.strip("“”\"'‘’«» ")).replace("'", "").split())


# A shared quotation: a short quote (this many words at most) carried whole by the other claim
# with at least one content word, or a run of this many words in both claims' quotations.
SHORT_QUOTE, SHARED_RUN = 6, 5
# Two unrelated speakers share a run of this many words at least ("moving in the right
# direction", "anywhere in the United States" are phrases anyone says).
UNRELATED_RUN = 7


def quoted_in_words(a: ClaimFeatures, b: ClaimFeatures, rare: set[str]) -> bool:
    """A short quotation of one claim stands in the other's words, quoted or not ("Obama was
    “the founder” of ISIS" / "Obama was the founder of ISIS"), and holds a word that few
    claims use (``rare``: normalised words), so "the people" does not count. Both claims
    need a speaker: a scare-quoted term ("super PACs") in two narrations is no statement;
    two unrelated speakers, a phrase of four words ("made great strides" is an idiom)."""
    if not (a.speaker and b.speaker):
        return False
    shortest = 2 if _same_or_related(a, b) else 4
    for x, y in ((a, b), (b, a)):
        words = tuple(y.normed.replace("'", "").split())
        for q in x.quotes:
            if (
                shortest <= len(q) <= SHORT_QUOTE
                and any(w in rare for w in q)
                and _contains(words, q)
                and (len(words) <= len(q) + 3 or _distinct(q, a, b))
            ):
                return True
    return False


def _content_words(words: Iterable[str]) -> set[str]:
    return {w for w in words if w not in _STOP and len(w) > 2}


def _distinct(quote: tuple[str, ...], a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """A quoted phrase of one content word ("a friend", "the founder") says which statement
    it is only with another word the two claims share ("Obama was “the founder” of ISIS" /
    "Obama was the founder of ISIS"; not "Peña Nieto “a friend”" / "Michael's been a friend
    of mine")."""
    if len(_content_words(quote)) >= 2:
        return True
    return len(_content_words(a.normed.split()) & _content_words(b.normed.split())) >= 2


def number_match(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """The same figure and at least two other shared concepts ("250,000 Syrian refugees")."""
    shared = a.concepts & b.concepts
    figures = {x for x in shared if x.startswith("#")}
    return bool(figures) and len(shared - figures) >= 2


def shared_quote(a: ClaimFeatures, b: ClaimFeatures, rare: set[str] | None = None) -> bool:
    """Both claims carry the same quoted words: a short quoted phrase whole ("the devil",
    "extremely careless", "That makes me smart") or a run of words of a longer quotation.
    Outlets quote the same words exactly even when their sentences differ entirely.

    A two-word phrase counts only for the same or a related speaker ("to date", "a friend"
    are idioms), a short phrase inside a long quotation only with two content words or the
    same speaker ("the local" inside a speech is no shared quote), and with one content word
    only if the claims share another word (:func:`_distinct`: not "a friend" in two of one
    man's speeches); given ``rare``, with a word few claims use (not an idiom or a slogan:
    "back on track", "make America great again"); a shared run needs :data:`RUN_CONTENT`
    content words ("there seems to be a" is not one) and a rare word, whoever speaks
    ("president of the United States" in two speeches by one man is no shared statement),
    unless one speaker's two quotations are the same words nearly whole."""
    same = _same_or_related(a, b)
    for qa in a.quotes:
        for qb in b.quotes:
            short, long_ = sorted((qa, qb), key=len)
            n = len(short)
            content = [w for w in short if w not in _STOP and len(w) > 2]
            if (
                (n >= 4 or (a.speaker and b.speaker))
                and 2 <= n <= SHORT_QUOTE
                and content
                and (rare is None or any(w in rare for w in short))
                and len(" ".join(short)) >= 8
                and (same or (n >= 3 and (len(content) >= 2 or len(long_) <= n + 3)))
                and (len(long_) <= n + 3 or _distinct(short, a, b))
                and _contains(long_, short)
                and not _negated(long_, short)
                and (
                    max(_cover(short, a), _cover(short, b)) >= QUOTE_COVER
                    or (
                        same
                        and len(content) >= 2
                        and all(w in (rare or ()) for w in content)
                        and not _months_apart(a, b)
                    )
                )
            ):
                return True
            # The same words whole (one quotation nearly all of the other) from the same
            # speaker need no rare word: a slogan repeated, reported twice.
            whole = same and len(long_) <= n * 1.25 and _contains(long_, short)
            run = SHARED_RUN if same else UNRELATED_RUN
            if n >= run and _shared_run(qa, qb, run, None if whole else rare):
                return True
    return False


# Content words (not stopwords) a shared run of quoted words must hold.
RUN_CONTENT = 3
# A short quote is the statement only where it is a good part of a claim: this share of one
# claim's words at least ("her actions “extremely careless”"), not a term cited inside a
# longer statement ("... the words “radical Islamic terrorism”? If he doesn't ...").
QUOTE_COVER = 0.3
_NEGATIONS = frozenset("not no never nothing hardly".split())


# A rare phrase one speaker is quoted using twice, as a small part of both claims, is one
# statement only within this many days: months apart it is a term the speaker reuses or a
# report recalls ("an “anchor baby”" of Cruz in September; an interview with the "anchor
# (not) baby", a play on the phrase, in April).
TERM_DAYS = 30


def _months_apart(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    days = _days_apart(a, b)
    return days is not None and days > TERM_DAYS


def _cover(quote: tuple[str, ...], f: ClaimFeatures) -> float:
    words = f.normed.split()
    return len(quote) / len(words) if words else 0.0


def _negated(long_: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """The longer quote negates the short one: "a big deal" in "not a big deal"."""
    n = len(short)
    for i in range(len(long_) - n + 1):
        if long_[i : i + n] == short and i and long_[i - 1] in _NEGATIONS:
            return True
    return False


def _same_or_related(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    if a.speaker and b.speaker and same_person(a.speaker, b.speaker):
        return True
    return related_speakers(a, b)


def _contains(long_: tuple[str, ...], short: tuple[str, ...]) -> bool:
    n = len(short)
    return any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


def _shared_run(
    a: tuple[str, ...], b: tuple[str, ...], n: int, rare: set[str] | None = None
) -> bool:
    """A run of ``n`` quoted words in both, with :data:`RUN_CONTENT` content words and,
    given ``rare``, a word few claims use: a slogan ("to make America great again") quoted
    by a campaign and inside a book title is no shared statement."""
    grams = {
        g
        for g in (a[i : i + n] for i in range(len(a) - n + 1))
        if sum(w not in _STOP and len(w) > 2 for w in g) >= RUN_CONTENT
        and (rare is None or any(w in rare for w in g))
    }
    return any(b[i : i + n] in grams for i in range(len(b) - n + 1))


def related_speakers(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Both speakers known and the same, or standing for the same government, or a person
    and the body they were introduced with ("White House spokesman John Kirby" and "the
    U.S.")."""
    if not a.group or not b.group:
        return False
    if a.group == b.group:
        return True
    return (a.is_person and b.group in a.affiliations and not b.is_person) or (
        b.is_person and a.group in b.affiliations and not a.is_person
    )


def same_event(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """The same people, a shared date (month precision or finer) and a shared verb lemma in
    the predicate linking them: "Kim and Putin held a meeting in September" and "Kim Jong Un and
    Vladimir Putin met for a summit last month" (written in October) once dates are
    normalised; not the same pair exchanging letters in April."""
    if "quote" in (a.kind, b.kind) or len(a.people & b.people) < EVENT_MIN_PEOPLE:
        return False  # a quote is someone's own words: matched by wording, not by event
    return bool(a.months & b.months) and bool(a.event_words & b.event_words)


def concept_overlap(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    """IDF-weighted overlap of two concept sets: geometric mean of the share of each set's
    weight that the other covers (0..1)."""
    shared = a & b
    wa = sum(idf.get(x, 1.0) for x in a)
    wb = sum(idf.get(x, 1.0) for x in b)
    if not shared or not wa or not wb:
        return 0.0
    ws = sum(idf.get(x, 1.0) for x in shared)
    return math.sqrt((ws / wa) * (ws / wb))


def _coverage(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    """Share of the smaller set's weight that the other set covers."""
    small = min(a, b, key=len)
    total = sum(idf.get(x, 1.0) for x in small)
    return sum(idf.get(x, 1.0) for x in a & b) / total if total else 0.0


def _quote_guard(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """True when ``a`` embeds a quotation and its own wording around it is not ``b``'s."""
    if a.outer is None or len(a.outer) < GUARD_MIN:
        return False
    return len(a.outer & b.concepts) < GUARD_SHARE * len(a.outer)


# Two claims without a speaker match on wording alone only when nearly identical.
NARRATION_SAME = 85.0


# Character similarity at which two claims are the same text with small edits.
NEAR_SAME = 95.0


def _own_words(f: ClaimFeatures) -> set[str]:
    """A claim's concepts that are neither names nor figures: what it says of them."""
    return {x for x in f.concepts if not x.startswith(("@", "#"))}


def _alike_beyond_names(a: ClaimFeatures, b: ClaimFeatures, close: float) -> bool:
    """Claims alike in characters (:data:`SAME_CLAIM`) are one statement when more than
    their names and small words are alike: nearly the same text with two content words in
    common, or most of the smaller claim's own words (three at least) in the other. Not
    "Politics is a tough game" / "It is a tough charge", "We need a big change" / "We need
    change", "by former Maryland Gov. Martin O'Malley" / "Martin O'Malley gets 1 percent"."""
    shared = _content_words(a.normed.split()) & _content_words(b.normed.split())
    if close >= NEAR_SAME:
        return len(shared) >= 2
    wa, wb = _own_words(a), _own_words(b)
    small = min(len(wa), len(wb))
    return len(shared) >= 2 and small >= 3 and len(wa & wb) >= 0.6 * small


# Words a claim needs for its wording alone to say which statement it is, whoever the two
# outlets name as its speaker.
LONG_WORDS = 10


def same_long_words(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Two long passages with the same words are one statement even where the outlets give
    it to different speakers (one of them is wrong, or one speaker quoted the other): the
    cluster then shows the disagreement. Not two governments: they answer each other in
    mirrored words ("The Kremlin says it will continue to enforce ...")."""
    if min(len(a.normed.split()), len(b.normed.split())) < LONG_WORDS:
        return False
    if a.group in _STATES and b.group in _STATES and a.group != b.group:
        return False
    return similarity_normed(a.normed, b.normed) >= NEAR_SAME


# One speaker's claims in documents published at most SAME_DAYS apart report the same days'
# words: they match on (shared concepts, IDF-weighted overlap) this low ("her mind is shot" /
# "the 83-year-old justice's mind is shot"); months apart, a speaker repeats a theme.
SAME_DAYS = 2
DAYS_RULE = (2, 0.3)
# The same for two claims paired only on words too common in the corpus to pair claims
# otherwise ("ryan", "support", "agenda" in Trump's claims): more shared concepts, more of
# their weight ("I am not ready to support Speaker Ryan's agenda ..." / "he would not support
# Ryan's agenda ...", reported a day apart).
COMMON_DAYS_RULE = (4, 0.5)


# One speaker's claims paired on common words and sharing a figure: this share of the
# smaller claim's (IDF-weighted) concepts in the other ("Obama wanted to take in 250,000
# Syrian refugees", recalled a month later; not two claims around "the 2,383 delegates needed
# to secure the nomination").
FIGURE_COVER = 0.6


def _days_apart(a: ClaimFeatures, b: ClaimFeatures) -> int | None:
    """Days between the claims' documents' dates; None when either is unknown."""
    if not (a.published and b.published):
        return None
    try:
        return abs(
            (date.fromisoformat(a.published[:10]) - date.fromisoformat(b.published[:10])).days
        )
    except ValueError:
        return None


def _same_days_words(
    a: ClaimFeatures,
    b: ClaimFeatures,
    idf: dict[str, float],
    rule: tuple[int, float] = DAYS_RULE,
) -> bool:
    """One speaker's claims from documents of the same days sharing a few concepts."""
    days = _days_apart(a, b)
    if days is None or days > SAME_DAYS:
        return False
    shared = len(a.concepts & b.concepts)
    return shared >= rule[0] and concept_overlap(a.concepts, b.concepts, idf) >= rule[1]


# One speaker's short quotation reported within this many days by another outlet, inside its
# quotation or in its own words, is the same remark however little of the claim it is.
QUOTE_DAYS = 3
WORD_DAYS = 14


def short_quotes_in_words(
    a: ClaimFeatures, b: ClaimFeatures
) -> Iterator[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each short quotation (two to :data:`SHORT_QUOTE` words) of one claim that stands in the
    other's words, with those words: (quote, words), both ways."""
    for x, y in ((a, b), (b, a)):
        words = tuple(y.normed.replace("'", "").split())
        for q in x.quotes:
            if 2 <= len(q) <= SHORT_QUOTE and _contains(words, q):
                yield q, words


def days_quote(a: ClaimFeatures, b: ClaimFeatures, rare: set[str] | None = None) -> bool:
    """The same person's quoted phrase of two words or more, with a content word, in both
    claims within :data:`QUOTE_DAYS` ("he is “not ready” to endorse Trump" / "he was “not
    ready” to support Trump's campaign"; "“not quite there yet” on supporting Ryan" / "... I'm
    just not quite there yet"). Days apart, "not ready" is another remark; documents without
    a date never match this way. Given ``rare``, one quoted word counts too when both
    quote it and few claims use it ("he was being “sarcastic” in his comments" / "his comments
    as being "sarcastic"")."""
    if not (a.speaker and b.speaker) or not (
        a.speaker == b.speaker or same_person(a.speaker, b.speaker)
    ):
        return False
    days = _days_apart(a, b)
    if days is None or days > max(QUOTE_DAYS, WORD_DAYS):
        return False
    if days <= QUOTE_DAYS and any(
        _content_words(q) and not _negated(words, q) for q, words in short_quotes_in_words(a, b)
    ):
        return True
    if rare:
        words_a = {q[0] for q in a.quotes if len(q) == 1}
        words_b = {q[0] for q in b.quotes if len(q) == 1}
        if any(len(w) >= 5 and w in rare and w not in _STOP for w in words_a & words_b):
            return True
    return False


# One document restating its own claim: the same speaker, this many concepts shared at least
# and this share of the smaller claim's (IDF-weighted) concepts in the other.
RESTATE_RULE = (3, 0.8)


def restates(a: ClaimFeatures, b: ClaimFeatures, idf: dict[str, float]) -> bool:
    """Two claims of one document that are one statement told twice: a lead and the body
    ("North Korea of providing Russia with weapons" / "North Korea recently provided Russia
    with a shipment of weapons"), a quotation and its paraphrase ("Mr. Khan had been unfair
    to him" / "to complain that Mr. Khan had been unfair to him"). Same speaker, never a
    narration: an article says many alike things about one subject in its own voice."""
    if not (a.speaker and b.speaker) or not (
        a.speaker == b.speaker or same_person(a.speaker, b.speaker)
    ):
        return False
    if _other_figures(a, b) or (a.months and b.months and not a.months & b.months):
        return False
    if len(a.concepts & b.concepts) < RESTATE_RULE[0]:
        return False
    return _coverage(a.concepts, b.concepts, idf) >= RESTATE_RULE[1]


def _other_figures(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Both claims give figures and none is the same, small ones included ("a 214-delegate
    advantage" / "a 26-delegate advantage": two counts, two statements)."""
    return bool(a.figures and b.figures and not a.figures & b.figures)


_NEGATORS = frozenset("not never nor cannot".split())
_PRONOUN_WORDS = frozenset("i you he she we they it".split())
_NEGATING = ("refus", "fail", "declin", "nobody")  # "her refusal to release", "failed to"
_NOT_CONTRACTED = re.compile(r"n['’]t\b")
_NO_ONE = re.compile(r"\bno[- ]one\b")  # "No-one knows" / "No one knows": "nobody"
_ANY_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|cannot|nobody|nothing|refus\w*|fail\w*|declin\w*)\b|n['’]t\b"
)
# Concepts of words that say nothing on their own ("but not when making ...").
_FUNCTION_CONCEPTS = frozenset(
    _stem(w) for w in "when where what how why then there here now just only even".split()
)


def _negates(f: ClaimFeatures, shared: set[str]) -> bool:
    """Whether a negation stands before a word whose concept the two claims share: "not",
    "never", "didn't", "refused to", "failed to" two words before at most ("to" and "be"
    not counted: "not ready to support"), "no" but before a pronoun ("No, I meant"), and
    not "not just" (more, not less): "Pyongyang to not provide military support" against
    "Pyongyang had provided ... military equipment"."""
    words = f.plain_words
    for i, word in enumerate(words):
        if _stem(word) not in shared:
            continue
        counted, k = 0, i - 1
        while k >= 0 and counted < 2:
            before = words[k]
            if before == "no" and words[k + 1] not in _PRONOUN_WORDS:
                return True  # "paying no income taxes"; not "No, I meant"
            if before in _NEGATORS or before.startswith(_NEGATING):
                if words[k + 1] not in ("just", "only"):
                    return True
                break
            if before not in ("to", "be", "been"):
                counted += 1
            k -= 1
    return False


def _turned_round(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """One claim negates what both say and the other has no negation at all: two
    statements, opposite ("they illegally conspired" / "they never illegally conspired").
    Two claims that both hold a negation are not read for it: "had not been written" /
    "nor ... was it written" say the same."""
    if a.negated == b.negated:
        return False  # both negate something, or neither does
    one = a if a.negated else b
    shared = {
        x
        for x in a.concepts & b.concepts
        if not x.startswith(("@", "#")) and x not in _FUNCTION_CONCEPTS
    }
    return bool(shared) and _negates(one, shared)


def _own_figures(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Each claim gives a figure the other does not ("within 150 delegates of the 2,383
    needed" / "71 delegates short of the 2,383 needed": the shared 2,383 is the target, the
    counts differ)."""
    return bool(a.figures - b.figures and b.figures - a.figures)


# Title words that come with names ("former Arkansas governor Mike Huckabee"), as concepts.
_TITLE_CONCEPTS = frozenset(_stem(w.rstrip(".")) for w in TITLES | {"former", "ex"})


def _said_alike(shared: set[str]) -> bool:
    """Shared concepts that say something of the names: a word that is neither a name, a
    figure nor a title."""
    return any(not x.startswith(("@", "#")) and x not in _TITLE_CONCEPTS for x in shared)


def _named(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """The claims share a named entity."""
    return any(x.startswith("@") for x in a.concepts & b.concepts)


def _specific(shared: set[str]) -> bool:
    """Shared concepts that pin a statement down: a name or a figure."""
    return any(x.startswith(("@", "#")) for x in shared)


# "did not respond to a request for comment", "declined to comment", "could not be reached
# for comment": no statement, however alike two such lines are.
_NO_COMMENT = re.compile(
    r"\b(?:did not|didn't|does not|doesn't|would not|wouldn't)\s+(?:immediately\s+)?"
    r"(?:respond|reply|return)\b[^.]{0,40}?\b(?:comment|request|requests|message|messages|"
    r"inquiry|inquiries|email|emails|call|calls|questions)\b"
    r"|\b(?:declined|refused)\s+to\s+comment\b|^to comment\b|\bcould not be reached\b"
    r"|\bno immediate comment\b|\brequests? for comment\b"
)


def no_comment(f: ClaimFeatures) -> bool:
    """A line saying someone said nothing ("did not respond to a request for comment")."""
    return bool(_NO_COMMENT.search(f.normed))


def same_statement(
    a: ClaimFeatures,
    b: ClaimFeatures,
    idf: dict[str, float],
    rare: set[str] | None = None,
    loose: bool = True,
) -> bool:
    """Whether two claims (from different documents) report the same statement. Not
    ``loose`` (a pair found only by one speaker's common words, "muslim" and "ban" in two
    of Trump's claims), only by wording or a shared quotation, not by shared concepts."""
    if not compatible_speakers(a, b) and not same_long_words(a, b):
        return False
    if no_comment(a) or no_comment(b):
        return False  # two people declining to comment said nothing in common
    if a.months and b.months and not a.months & b.months:
        return False  # dated to different months: another event, however alike the words
    if _other_figures(a, b):
        return False  # "Trump leads with 61 delegates" / "with 221": another count
    if _turned_round(a, b):
        return False  # "Pyongyang to not provide military support" / "had provided"
    if _own_figures(a, b) and (_days_apart(a, b) or 0) > WORD_DAYS:
        return False  # "within 150 delegates of the 2,383" (May), "71 short of 2,383" (June)
    if _quote_guard(a, b) or _quote_guard(b, a):
        # The embedded quotation is what the two share: one speaker's words ("“artful
        # smear”") reported around other words.
        return _same_or_related(a, b) and (shared_quote(a, b, rare) or days_quote(a, b, rare))
    close = similarity_normed(a.normed, b.normed)
    if not (a.speaker or b.speaker) and close < NARRATION_SAME and not _named(a, b):
        return False  # narrations alike in wording only ("the margin of error is ...")
    narration = not (a.speaker or b.speaker)
    if narration and len(_own_words(a) & _own_words(b)) < 3 and close < NEAR_SAME:
        return False  # two narrations alike in names ("Cruz has 370 delegates, Kasich 129")
    if narration and close < NEAR_SAME and (_days_apart(a, b) or 0) > WORD_DAYS:
        # Weeks apart, an article's own words about the same people are another day's news:
        # "O'Malley gets 1 percent support" (a November poll) and "Less than 1 percent chose
        # O'Malley" (a December one) were one claim with "numbers differ" (a new-user test).
        return False
    if (
        (_days_apart(a, b) or 0) > WORD_DAYS
        and close < NEAR_SAME
        and len(_own_words(a) & _own_words(b)) < 2
        and not shared_quote(a, b, rare)
    ):
        # Weeks apart, two claims about the same names that share at most one word of their
        # own, and no quotation, are two statements: "arms negotiations between Moscow and
        # Pyongyang are advancing" (August) / "North Korea provided arms for Russia"
        # (October); not "very charming", recalled three months on.
        return False
    if close >= SAME_CLAIM and _alike_beyond_names(a, b, close):
        return True
    if shared_quote(a, b, rare) or (rare and quoted_in_words(a, b, rare)):
        return True
    if rare and days_quote(a, b, rare):
        return True
    if same_event(a, b):
        return True
    same = bool(a.speaker and b.speaker) and (
        a.speaker == b.speaker or same_person(a.speaker or "", b.speaker or "")
    )
    if not loose:
        # Paired by words one speaker uses all the time ("muslim", "money"): only the same
        # days' report with most of its words shared, the same uncommon figure ("250,000
        # Syrian refugees", recalled a month later) or the same days' quoted phrase.
        return same and (
            _same_days_words(a, b, idf, COMMON_DAYS_RULE)
            or (number_match(a, b) and _coverage(a.concepts, b.concepts, idf) >= FIGURE_COVER)
            or days_quote(a, b, rare)  # a shared quotation: "the “presumptive nominee”"
        )
    shared = len(a.concepts & b.concepts)
    related = same or related_speakers(a, b)
    if related and number_match(a, b) and not _own_figures(a, b):
        return True
    if not same and not _said_alike(a.concepts & b.concepts):
        # Only names and their titles in common ("former Arkansas governor Mike Huckabee
        # and former Pennsylvania senator Rick Santorum", a list of ten states): two
        # statements about the same people or places, not one (a new-user test).
        return False
    if not (a.speaker or b.speaker) and not _specific(a.concepts & b.concepts):
        return False  # two narrations sharing only common words ("margin of error")
    rules: tuple[tuple[int, float], ...] = CONCEPT_RULES
    if same:
        rules += SAME_SPEAKER_RULES
    elif related:
        rules += RELATED_RULES
    if shared >= min(n for n, _ in rules):
        value = concept_overlap(a.concepts, b.concepts, idf)
        if any(shared >= n and value >= t for n, t in rules):
            return True
    if related and not same and shared >= SKIP_RULE[0] and len(a.skips & b.skips) >= SKIP_RULE[1]:
        return True
    if not same:
        return False
    if _same_days_words(a, b, idf):
        return True
    # The same speaker: one claim's own words (not names) mostly in the other, or a shared
    # phrase of three content words ("multiple types of munitions").
    wa = {x for x in a.concepts if not x.startswith("@")}
    wb = {x for x in b.concepts if not x.startswith("@")}
    if len(wa & wb) < COVER_RULE[0]:
        return False
    return bool(a.trigrams & b.trigrams) or _coverage(wa, wb, idf) >= COVER_RULE[1]
