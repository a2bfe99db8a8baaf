"""The pure analysis of texts: an engine's parse in, entities and claims out.

Nothing here touches the store, so the same functions run in the parent process and in the
workers of a pool (gloss.store.analysis.pool), and evaluation calls them on raw texts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from gloss.store.analysis.base import Analysis, Claim, Engine, Entity, Job, Parsed, Token
from gloss.store.analysis.claims import extract_claims, hedges_in
from gloss.store.analysis.engines import get_engine
from gloss.store.analysis.entities import NAME_LABELS, capital_metonyms, fix_entities, link_document
from gloss.store.analysis.lexicon import CUE_VERBS
from gloss.store.analysis.reported import cue_hits
from gloss.store.analysis.score import CHECK_WORTHY, score

# Unattributed sentences scoring at least this are stored as assertions (why 0.4: score.py).
ASSERTION_THRESHOLD = CHECK_WORTHY


_FACT_LABELS = NAME_LABELS | {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}


def _entities(text: str, parsed: Parsed) -> list[Entity]:
    ents = fix_entities(text, parsed.entities)
    link_document(ents)
    capital_metonyms(text, ents)
    return ents


def build_analysis(
    text: str,
    parsed: Parsed,
    ents: list[Entity] | None = None,
    claims: list[Claim] | None = None,
) -> Analysis:
    """Entities, claims, scores and hedges for one document from an engine's output
    (``claims``: the attributed claims, when already extracted)."""
    if ents is None:
        ents = _entities(text, parsed)
    if claims is None:
        claims = extract_claims(text, parsed.sentences, ents, parsed.parses, parsed.parser)
    covered = bytearray(len(text) + 1)
    for c in claims:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    # A line-up after "Italy:" is no one's statement, whatever cue was read into it.
    claims = [c for c in claims if not is_list(text[c.content_start : c.content_end])]
    fact_starts = sorted(x.start for x in ents if x.label in _FACT_LABELS)
    claims.extend(_main_clause_assertions(text, claims, fact_starts))
    spans = parsed.sentences
    for k, (s, e) in enumerate(spans):
        if any(covered[s:e]):
            continue
        sentence = text[s:e]
        if len(sentence.split()) < 6 or sentence.lstrip().startswith(("(", "By ", "Powered by")):
            continue
        if is_list(sentence):
            continue  # a team line-up or a results table asserts nothing to check
        i = bisect_left(fact_starts, s)
        if i >= len(fact_starts) or fact_starts[i] >= e:
            continue
        # The neighbouring sentences count a little (the model was fitted with them).
        prev = text[spans[k - 1][0] : spans[k - 1][1]] if k > 0 else None
        nxt = text[spans[k + 1][0] : spans[k + 1][1]] if k + 1 < len(spans) else None
        value = score(sentence, prev, nxt)
        if value >= ASSERTION_THRESHOLD:
            cs, ce = s, e
            while ce > cs and text[ce - 1] in ".!? ":
                ce -= 1
            claims.append(Claim(s, e, "assertion", cs, ce, score=value))
    for c in claims:
        content = text[c.content_start : c.content_end]
        if c.kind != "assertion":
            c.score = score(content)
        c.hedges = hedges_in(text[c.start : c.end] if c.kind == "assertion" else content)
    claims.sort(key=lambda c: (c.start, c.content_start))
    return Analysis(ents, claims)


# The attribution sits in a relative or subordinate clause hanging off a main clause: "Kim and
# Putin met in September, but which US officials said ...", "... met for a summit at which they
# discussed ...": a closed-class connector, then the embedded subject (one to four words, no
# punctuation) right before the first cue.
_SUBORDINATE_TAIL_RE = re.compile(
    r"[\s,;:–—-]*(?:\b(?:at|in|on|for|from|during|by|with|of|after|before)\s+)?"
    r"(?:\b(?:but|and|yet)\s+)?\b(?:which|who|whom|whose|where|when|while|whereas|although|though)"
    r"(?:\s+[\w.'’-]+){1,4}\s*$",
    re.IGNORECASE,
)


_NAME_PARTICLES = frozenset("de da di du dal del della van von der den la le al bin".split())


def is_list(sentence: str) -> bool:
    """A line of names or results, not a sentence: "R de Marigny (Parma); Mirco Bergamasco
    (Stade Francais), C Stoica (Montpellier), ..." (three semicolons, or four separators
    and hardly a lower-case word but name particles). "His rival, Hillary Clinton, captured
    Virginia, Georgia, Arkansas, Alabama, Texas and Tennessee" is a sentence."""
    semicolons = sentence.count(";")
    if semicolons >= 3:
        return True
    words = sentence.split()
    if semicolons + sentence.count(",") < 4 or not words:
        return False
    lower = sum(w[0].islower() and w.lower() not in _NAME_PARTICLES for w in words)
    return lower <= 0.1 * len(words)


def _main_clause_assertions(text: str, claims: list[Claim], fact_starts: list[int]) -> list[Claim]:
    """Assertions for the main clause of sentences whose attribution is subordinate.

    "Kim and Putin held a meeting in September, but which US officials said was focused on
    arms deals" asserts the meeting (unattributed) and reports the officials' claim; the
    reported claim alone would hide the assertion other outlets also make. "Straw, who
    visited Paris, said" is no such sentence: punctuation between the connector and the cue
    means the speaker before the connector is the main clause's subject.
    """
    by_sentence: dict[int, list[Claim]] = {}
    for c in claims:
        if c.kind != "assertion":
            by_sentence.setdefault(c.start, []).append(c)
    out = []
    for start, group in by_sentence.items():
        first = min(c.content_start if c.cue_start is None else c.cue_start for c in group)
        tail = _SUBORDINATE_TAIL_RE.search(text, start, first)
        if tail is None or tail.start() <= start:
            continue
        cs, ce = start, tail.start()
        while ce > cs and text[ce - 1] in " ,;:":
            ce -= 1
        content = text[cs:ce]
        if len(content.split()) < 6 or cue_hits(text, cs, ce, CUE_VERBS):
            continue  # too short, or itself a reporting frame ("Hodgson told BBC Sport that")
        i = bisect_left(fact_starts, cs)
        if i >= len(fact_starts) or fact_starts[i] >= ce:
            continue
        # Scored on the whole sentence, as other assertions are.
        end = max(c.end for c in group)
        value = score(text[start:end])
        if value >= ASSERTION_THRESHOLD:
            out.append(Claim(start, end, "assertion", cs, ce, score=value))
    return out


def analyze_text(text: str, engine: str | Engine | None = None) -> Analysis:
    """Analyse one text without storing it (for evaluation and tests)."""
    eng = engine if not isinstance(engine, str | None) else get_engine(engine)
    parsed = next(iter(eng.parse([text])))
    return build_analysis(text, parsed)


def analyze_texts(texts: Sequence[str], engine: str | Engine | None = None) -> list[Analysis]:
    """Analyse several texts in one batch without storing them.

    With an engine that parses in batches (spaCy), a first pass over the claim patterns
    finds the sentences that need a parse, so they are parsed together with ``nlp.pipe``.
    """
    eng = engine if not isinstance(engine, str | None) else get_engine(engine)
    parsed = list(eng.parse(texts))
    ents = [_entities(t, p) for t, p in zip(texts, parsed, strict=True)]
    parse_many = getattr(eng, "parse_many", None)
    # Claims of a document whose first pass needed no parse are final as they are.
    done: list[list[Claim] | None] = [None] * len(texts)
    if parse_many is not None:
        wanted: list[tuple[Parsed, int, int]] = []
        for k, (text, p, e) in enumerate(zip(texts, parsed, ents, strict=True)):
            if p.parser is None:
                continue
            before = len(wanted)

            def record(start: int, end: int, p: Parsed = p) -> list[Token]:
                wanted.append((p, start, end))
                return []

            first = extract_claims(text, p.sentences, e, {}, record)
            if len(wanted) == before:
                done[k] = first
        if wanted:
            parse_many(wanted)
    return [
        build_analysis(t, p, e, c) for t, p, e, c in zip(texts, parsed, ents, done, strict=True)
    ]


def clip_boilerplate(claims: list[Claim], text: str, spans: list[list[int]]) -> None:
    """Move a claim's start past a boilerplate span it begins in (a metadata prefix such as
    "date 2023-10-13" on a title line is not part of what was claimed).

    Claims wholly inside boilerplate (captions) are kept as they are.
    """
    for claim in claims:
        for span_start, span_end in spans:
            for field in ("start", "content_start"):
                at = getattr(claim, field)
                if span_start <= at < span_end < claim.end:
                    after = span_end
                    while after < claim.end and text[after].isspace():
                        after += 1
                    setattr(claim, field, after)
        claim.content_start = max(claim.content_start, claim.start)


def analyze_chunk(jobs: Sequence[Job], engine: Engine) -> list[Analysis]:
    """Analyse a chunk of (text, boilerplate spans) jobs as stored: the unit of work in the
    parent (single process) and in each worker of a pool alike."""
    results = analyze_texts([text for text, _ in jobs], engine)
    for (text, spans), result in zip(jobs, results, strict=True):
        clip_boilerplate(result.claims, text, spans)
    return results
