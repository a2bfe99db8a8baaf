"""Claims: direct quotes, reported speech, "according to", noun cues, and assertions.

Works on the shared representation (sentences, linked entities, optional dependency parses of
cue sentences), so both engines give claims; with a parse, the speaker is the cue verb's
subject and the content its clausal complement, otherwise patterns around the cue decide.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from gloss.store.analysis.base import Claim, Entity, Token, find_quotes
from gloss.store.analysis.lexicon import (
    CUE_VERBS,
    HEDGE_SET,
)
from gloss.store.analysis.reported import (
    ACCORDING_RE,
    cue_hits,
    reported_claims,
    split_coordinated,
)
from gloss.store.analysis.speakers import (
    BETWEEN_RE,
    PUNCT,
    ClaimDoc,
    Speaker,
    clause_start,
    inverted_speaker,
    parsed_speaker,
    speaker_in,
    strip_punct,
)

__all__ = ["extract_claims", "hedges_in", "split_coordinated"]

_DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z .,'’]{1,30}(?:\s*\([A-Za-z .]+\))?|\([A-Za-z .]+\))\s*[-–—]+\s*"
)
_LABEL_RE = re.compile(r"[ \t]*[\"“]?((?:[A-Z][\w.'’-]*[ \t]+){0,3}[A-Z][\w.'’-]*):[ \t]+(?=\S)")
_NOT_SPEAKER_LABELS = frozenset(
    "note update updated photo photos source sources editor's note related watch read more "
    "warning correction disclaimer caption video audio transcript live listen subscribe "
    "follow contact email tags topics credit credits image images by q a "
    # A byline's handles ("Twitter: @Milbank").
    "twitter facebook instagram linkedin youtube tiktok e-mail phone web website".split()
)
# What may open a sentence before a name and a colon: a bullet, "Said", titles and roles.
_OPENS_WITH_NAME_RE = re.compile(
    r"[\s\-–—•*]*(?:(?:[A-Z][\w.'’-]*|boss|coach|manager|captain|leader|chief|spokesman|"
    r"spokeswoman|minister|secretary|president|chairman|director|pollster|official|analyst)"
    r"\s+){0,5}"
)
_NAME_COLON_RE = re.compile(r"\w(:)[ \t\xa0]*[\"“]?$")
_DASH_NAME_RE = re.compile(r"[ \t\xa0]*[―—][ \t\xa0]*((?:[A-Z][\w.'’-]*[ \t]*){1,4})")


def extract_claims(
    text: str,
    sentences: list[tuple[int, int]],
    entities: list[Entity],
    parses: dict[int, list[Token]] | None = None,
    parser: Callable[[int, int], list[Token]] | None = None,
) -> list[Claim]:
    """Attributed claims (quote/reported) in document order; assertions are added later.

    ``parser`` parses one sentence on demand: it is called only for cue sentences whose
    speaker the patterns cannot place next to the cue.
    """
    doc = ClaimDoc(text, entities, parses or {}, parser)
    doc.sentence_end = dict(sentences)
    quotes = _Quotes([q for q in find_quotes(text) if len(text[q[0] : q[1]].split()) >= 2])
    claims: list[Claim] = []
    quote_sentences: set[int] = set()
    sent_of = _sentence_index(sentences)
    prev_claim: Claim | None = None
    prev_para_end = -1
    for si, (ss, se) in enumerate(sentences):
        if si in quote_sentences:
            continue
        ss_body = ss
        dl = _DATELINE_RE.match(text[ss:se])
        if dl and dl.end() < se - ss:
            ss_body = ss + dl.end()
        label = _LABEL_RE.match(text, ss, se) if (ss == 0 or text[ss - 1] == "\n") else None
        if label and label.group(1).strip().lower() not in _NOT_SPEAKER_LABELS:
            # "Pence: Gennifer Flowers Won't Be at Debate", "WALLACE: Let's start ...".
            name_s, name_e = label.span(1)
            para_end = text.find("\n", ss)
            para_end = len(text) if para_end < 0 else para_end
            sp = speaker_in(doc, name_s, name_e, whole=True)
            # A word that names nobody ("Breaking: Obama says ...", "Poll: ...") is no label:
            # the sentence's own cue says who speaks (a "Breaking" speaker hid Obama's claim).
            if sp is not None and sp[0].canonical is not None:
                speaker, kind_label = sp
                if speaker.text.isupper():
                    name = speaker.text.title()
                    speaker.canonical = doc.person_named(name) or name
                    kind_label = "PERSON"
                c0, c1 = strip_punct(text, label.end(), para_end)
                if c1 - c0 >= 8:
                    doc.remember(speaker, kind_label)
                    label_claim = Claim(
                        ss,
                        se,
                        "reported",
                        c0,
                        min(c1, se),
                        speaker.canonical,
                        speaker.start,
                        speaker.end,
                        ":",
                        label.end(1),
                        label.end(1) + 1,
                    )
                    claims.append(label_claim)
                    prev_claim = label_claim
                    prev_para_end = se
                    continue
        sent_quotes = quotes.starting_in(ss, se)
        big = [
            q
            for q in sent_quotes
            if (q[1] - q[0]) >= 0.45 * (se - ss_body) or (q[0] <= ss_body + 1)
        ]
        if big:
            q = big[0]
            last_si = sent_of(q[1] - 1)
            end_si = max(si, last_si)
            cs, ce = strip_punct(text, q[0] + 1, q[1])
            claim = _quote_claim(doc, text, sentences, si, end_si, q, cs, ce, quotes)
            # The sentence's reported attributions, read once (reading them also updates the
            # speakers a later "he" resolves to).
            found = None
            if claim is None:
                found = reported_claims(doc, text, ss, ss_body, se, sent_quotes)
                # "according to X", or "The candidate appeared to assert his plans by saying,
                # "..."": the sentence says whose the quotation is; it does not continue the
                # previous speaker.
                if found and (
                    ACCORDING_RE.search(text, ss_body, q[0])
                    or any(
                        f.content_start <= q[0] + 1 <= q[1] - 1 <= f.content_end + 1 for f in found
                    )
                ):
                    claims.extend(found)
                    prev_claim = found[-1]
                    prev_para_end = se
                    continue
            if (
                claim is None
                and prev_claim is not None
                and prev_claim.speaker
                and (prev_claim.kind == "quote" or text[ss - 3 : ss].count("\n") <= 2)
                and ss - prev_para_end < 400
                # Not across other lines: a list of headlines, a caption or a profile ("Name:
                # Gabrielle Hatcher Age: 27 ... “As a tip worker, ...”") stands between.
                and _lines_between(text, prev_para_end, ss) < 2
            ):
                claim = Claim(ss, sentences[end_si][1], "quote", cs, ce, speaker=prev_claim.speaker)
            if claim is not None:
                claims.append(claim)
                prev_claim = claim
                prev_para_end = claim.end
                for k in range(si, sent_of(claim.end - 1) + 1):
                    quote_sentences.add(k)
                # Other attributions in the same sentence, outside the quotation.
                if found is None:
                    found = reported_claims(doc, text, ss, ss_body, se, sent_quotes)
                for extra in found:
                    if extra.cue_start != claim.cue_start and not (
                        q[0] <= extra.content_start < q[1]
                    ):
                        claims.append(extra)
                continue
        found = reported_claims(doc, text, ss, ss_body, se, sent_quotes)
        if found:
            claims.extend(found)
            prev_claim = found[-1]
            prev_para_end = se
    return claims


def _lines_between(text: str, start: int, end: int) -> int:
    """How many non-blank lines lie wholly between ``start`` and ``end``."""
    first = text.find("\n", start, end)
    if first < 0:
        return 0
    last = text.rfind("\n", first, end)
    return sum(1 for line in text[first + 1 : last].split("\n") if line.strip())


class _Quotes:
    """A document's quotations (in text order, never overlapping, so their starts and their
    ends are both sorted) with lookups by position that cost the quotes they return."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _e in spans]
        self.ends = [e for _s, e in spans]

    def starting_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The quotations starting in [lo, hi)."""
        return self.spans[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]

    def ending_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The quotations ending in (lo, hi]."""
        return self.spans[bisect_right(self.ends, lo) : bisect_right(self.ends, hi)]


def _sentence_index(sentences: list[tuple[int, int]]):  # type: ignore[no-untyped-def]
    starts = [s for s, _ in sentences]

    def find(offset: int) -> int:
        lo, hi = 0, len(starts) - 1
        best = 0
        while lo <= hi:
            mid = (lo + hi) // 2
            if starts[mid] <= offset:
                best = mid
                lo = mid + 1
            else:
                hi = mid - 1
        return best

    return find


def _attributed(
    doc: ClaimDoc,
    sp: tuple[Speaker, str | None],
    start: int,
    end: int,
    content_start: int,
    content_end: int,
    cue_start: int,
    cue_end: int,
) -> Claim:
    """A quote claim with its speaker and cue; the speaker becomes the last one named
    (so a later "he" resolves to them)."""
    speaker, label = sp
    doc.remember(speaker, label)
    return Claim(
        start,
        end,
        "quote",
        content_start,
        content_end,
        speaker.canonical,
        speaker.start,
        speaker.end,
        doc.text[cue_start:cue_end],
        cue_start,
        cue_end,
    )


# A sentence that only attributes the quotation before it: a name of up to three words (or a
# pronoun), a verb of saying, a short tail without a "that" clause of its own.
_ATTRIBUTION_ONLY = re.compile(
    r"\s*(?:He|She|They|(?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.'’-]*)\s+"
    r"(?:said|says|tweeted|tweets|wrote|writes|added|adds|posted|told\s+\w+)\b"
    r"(?![^.!?\n]*\bthat\b)[^.!?\n]{0,80}[.!?]?\s*$"
)


def _quote_claim(
    doc: ClaimDoc,
    text: str,
    sentences: list[tuple[int, int]],
    si: int,
    end_si: int,
    q: tuple[int, int],
    cs: int,
    ce: int,
    quotes: _Quotes,
) -> Claim | None:
    start = sentences[si][0]
    end = sentences[end_si][1]
    # "“...” ― Sonya Herridge": a dash and a name after the quote.
    dash = _DASH_NAME_RE.match(text, q[1])
    if dash:
        sp = speaker_in(doc, dash.start(1), dash.end(1))
        if sp is not None:
            cue_s = dash.start() + dash.group().index(dash.group(0).strip()[0])
            return _attributed(doc, sp, start, max(end, dash.end()), cs, ce, cue_s, cue_s + 1)
    # "Donald Trump: “Appreciate the congrats ...”", "- Blackburn boss Mark Hughes: “...”": a
    # person's name opening the sentence and a colon right before the quotation name whose
    # words they are (a tweet, a transcript, a round-up), whoever spoke last; not a name the
    # sentence addresses ("He told Ms Sturgeon: “...”").
    colon = _NAME_COLON_RE.search(text, max(start, q[0] - 60), q[0])
    if colon:
        named = [
            x
            for x in doc.entities_in(max(start, q[0] - 60), colon.end())
            if x.label == "PERSON" and x.end == colon.start(1)
        ]
        opens = named and _OPENS_WITH_NAME_RE.fullmatch(text, start, named[0].start)
        sp = speaker_in(doc, named[0].start, named[0].end) if opens else None
        if sp is not None:
            return _attributed(doc, sp, start, end, cs, ce, colon.start(1), colon.start(1) + 1)
    # Attribution after the quote: ", Kirby said", "he added", "said Kirby"; not a verb in
    # the next quotation ('...software," "We think the important point is ...').
    following = quotes.starting_in(q[1], end)
    after_end = following[0][0] if following else end
    tail_hits = cue_hits(text, q[1], after_end, CUE_VERBS)
    if (
        not tail_hits
        and end_si + 1 < len(sentences)
        and not text[q[1] : end].strip(PUNCT)
        and _ATTRIBUTION_ONLY.match(text, sentences[end_si + 1][0], sentences[end_si + 1][1])
    ):
        # "“... Not fit!” Trump tweeted, quoting Comey's statement.": the sentence splitter
        # ends a sentence at "!”", and the next one only says whose the quotation is.
        end = after_end = sentences[end_si + 1][1]
        tail_hits = cue_hits(text, q[1], after_end, CUE_VERBS)
    m = tail_hits[0] if tail_hits else None
    if m and m.s - q[1] < 90:
        cue_s, cue_e = m.s, m.e
        region_s = clause_start(text, q[1], cue_s, [])
        sp = speaker_in(doc, region_s, cue_s)
        nothing_before = not text[region_s:cue_s].strip(PUNCT)
        if nothing_before:
            # Inverted: "...,” said Kirby." needs no parse.
            sp = inverted_speaker(doc, cue_e, end)
        elif sp is None or not BETWEEN_RE.match(text[sp[0].end : cue_s]):
            parsed = parsed_speaker(doc, sentences[end_si][0], cue_s)
            if parsed is not None and q[0] <= parsed[0].start < q[1]:
                parsed = None  # the quotation's own subject ("“That’s a legitimate concern,
                # ...,” Sarandon, 69, told MSNBC": not "That's a legitimate concern")
            sp = parsed or sp
        if sp is None and not nothing_before:
            sp = inverted_speaker(doc, cue_e, end)
        if sp is not None:
            return _attributed(doc, sp, start, end, cs, ce, cue_s, cue_e)
    # Attribution before the quote: "He added: “...”", "Kirby said that “...”".
    ms = cue_hits(text, start, q[0], CUE_VERBS)
    if ms:
        cue_s, cue_e = ms[-1].s, ms[-1].e
        between = text[cue_e : q[0]]
        if len(between.split()) <= 4:
            clause = clause_start(text, start, cue_s, quotes.ending_in(start, cue_s))
            sp = speaker_in(doc, clause, cue_s)
            between = text[sp[0].end : cue_s] if sp is not None else ""
            participle = "," in between and text[cue_s:cue_e].lower().endswith("ing")
            if sp is None or participle or not BETWEEN_RE.match(between):
                # A name away from the cue, or before the comma of a participle, need not be
                # its subject ("The president left no doubt of his commitment to helping Mrs.
                # Clinton succeed him, saying that “...”": the president; "Trump ratcheted up
                # his attacks on Rubio, saying he is “...”": Trump): the parse says whose the
                # cue is.
                sp = parsed_speaker(doc, start, cue_s) or sp
            if sp is not None:
                return _attributed(doc, sp, start, end, cs, ce, cue_s, cue_e)
    # "He added: We're looking ...”" (a lost opening mark) is handled as reported speech.
    return None


def hedges_in(text: str) -> list[str]:
    """Hedge words in a span, lower case, first occurrence order, no repeats."""
    seen: list[str] = []
    for w in re.findall(r"[A-Za-z]+", text):
        low = w.lower()
        if low in HEDGE_SET and low not in seen:
            seen.append(low)
    return seen
