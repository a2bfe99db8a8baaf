"""Claims: direct quotes, reported speech, "according to", noun cues, and assertions.

Works on the shared representation (sentences, linked entities, optional dependency parses of
cue sentences), so both engines give claims; with a parse, the speaker is the cue verb's
subject and the content its clausal complement, otherwise patterns around the cue decide.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from store.analysis.base import Claim, Entity, Token, find_quotes
from store.analysis.lexicon import (
    ANAPHOR_NOUNS,
    CUE_VERBS,
    HEDGE_SET,
    NOUN_CUES,
    SPEAKER_METONYMS,
    SPEAKER_NOUNS,
    SUBJECT_CUES,
    WEAK_CUES,
)

_NOUN_CUE_RE = re.compile(
    r"\b(" + "|".join(sorted(NOUN_CUES, key=len, reverse=True)) + r")\b(?:\s+(?:by|from)\s+"
    r"([^,;]{2,60}?))?\s+that\b",
    re.IGNORECASE,
)
_SUBJECT_BEFORE_RE = re.compile(
    r"(?:\b(?:he|she|they|He|She|They)|[A-Z][\w'’.-]+)\s+(?:(?:also|has|have|had|is|was|"
    r"again|repeatedly|previously|\w+ly)\s+)?$"
)
_ALPHA_RE = re.compile(r"[A-Za-z]+")
_ANY_CUE_WORDS = frozenset(CUE_VERBS) | frozenset(SUBJECT_CUES) | NOUN_CUES | {"according"}


@dataclass
class _Hit:
    """A cue word found by a set lookup (the alternation regexes are slow)."""

    s: int
    e: int
    word: str  # lower case

    def start(self, _group: int = 0) -> int:
        return self.s

    def end(self, _group: int = 0) -> int:
        return self.e

    def group(self, _group: int = 0) -> str:
        return self.word


def _cue_hits(text: str, s: int, e: int, vocab: frozenset[str] | dict[str, str]) -> list[_Hit]:
    return [
        _Hit(m.start(), m.end(), m.group().lower())
        for m in _ALPHA_RE.finditer(text, s, e)
        if m.group().lower() in vocab
    ]


_ACCORDING_RE = re.compile(r"\baccording to\b", re.IGNORECASE)
# What may stand between a speaker and its cue: "Kirby on Friday said", "The US has said".
_BETWEEN_RE = re.compile(
    r"^\s*(?:\s*(?:,|on\s+\w+|in\s+a\s+(?:\w+\s+)?(?:statement|briefing|call|interview)(?:\s+with\s+\w+)?"
    r"|also|has|have|had|is|was|previously|later|earlier|repeatedly|again|then|further|"
    r"publicly|recently|once|would|will|did|does|not|never|now|long|still|just|already|"
    r"often|even|first|\([^()]{1,40}\)|\w+ly)\s*)*$",
    re.IGNORECASE,
)
_ADVERBS_BEFORE_RE = re.compile(
    r"(?:\s+(?:also|has|have|had|is|was|previously|later|earlier|repeatedly|again|then|"
    r"publicly|recently|once|now|long|still|just|already|often|even|first|\w+ly))+\s*$",
    re.IGNORECASE,
)
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z .,'’]{1,30}(?:\s*\([A-Za-z .]+\))?|\([A-Za-z .]+\))\s*[-–—]+\s*"
)
_LABEL_RE = re.compile(r"[ \t]*[\"“]?((?:[A-Z][\w.'’-]*[ \t]+){0,3}[A-Z][\w.'’-]*):[ \t]+(?=\S)")
_NOT_SPEAKER_LABELS = frozenset(
    "note update updated photo photos source sources editor's note related watch read more "
    "warning correction disclaimer caption video audio transcript live listen subscribe "
    "follow contact email tags topics credit credits image images by q a".split()
)
_DASH_NAME_RE = re.compile(r"[ \t\xa0]*[―—][ \t\xa0]*((?:[A-Z][\w.'’-]*[ \t]*){1,4})")
_LEAD_DATE_RE = re.compile(
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)"
    r"\s+(?:that\s+)?"
)
_PUNCT = " ,.;:!?\"“”‘’'()[]—–-"


@dataclass
class _Speaker:
    start: int
    end: int
    text: str
    canonical: str | None


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _PUNCT:
        s += 1
    while e > s and text[e - 1] in _PUNCT:
        e -= 1
    return s, e


class _Doc:
    def __init__(
        self,
        text: str,
        entities: list[Entity],
        parses: dict[int, list[Token]],
        parser: Callable[[int, int], list[Token]] | None,
    ):
        self.text = text
        self.entities = entities
        self.parses = parses
        self.parser = parser
        self.sentence_end: dict[int, int] = {}
        self.last_person: str | None = None
        self.last_group: str | None = None

    def person_named(self, name: str) -> str | None:
        """The canonical name of a person mentioned with this (last) name."""
        for x in self.entities:
            if x.label == "PERSON" and x.text.split()[-1].lower() == name.lower():
                return x.canonical or x.text
        return None

    def person_before(self, offset: int) -> str | None:
        """The canonical name of the last person mentioned before ``offset``."""
        found = None
        for x in self.entities:
            if x.start >= offset:
                break
            if x.label == "PERSON":
                found = x.canonical or x.text
        return found

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
        return [x for x in self.entities if x.start >= s and x.end <= e + 2 and x.start < e]

    def remember(self, speaker: _Speaker | None, label: str | None) -> None:
        if speaker is None or not speaker.canonical:
            return
        if label == "PERSON":
            self.last_person = speaker.canonical
        else:
            self.last_group = speaker.canonical


def _canonical_speaker(ent: Entity) -> str:
    if ent.label in {"GPE", "ORG"} and ent.text in SPEAKER_METONYMS:
        return SPEAKER_METONYMS[ent.text]
    return ent.canonical or ent.text


def _speaker_in(
    doc: _Doc, s: int, e: int, whole: bool = False
) -> tuple[_Speaker, str | None] | None:
    """The speaker inside the region [s, e) that ends right before a cue."""
    text = doc.text
    if whole and "," in text[s:e]:
        # A parsed subject with an apposition or relative clause: keep its head phrase.
        e = s + text[s:e].index(",")
    # "Rep. Gwen Moore (D-Wis.) said": the parenthetical is not the speaker.
    paren = re.search(r"\s*\([^()]{1,40}\)[\s,]*$", text[s:e])
    if paren:
        e = s + paren.start()
    s, e = _strip(text, s, e)
    if e <= s:
        return None
    region = text[s:e]
    words = region.split()
    if not words:
        return None
    last = words[-1].lower().strip(_PUNCT)
    if len(words) <= 2 and last in _PRONOUNS:
        i = s + region.lower().rindex(last)
        if last in {"he", "she"}:
            who = doc.last_person or doc.person_before(i)
            return _Speaker(i, i + len(last), text[i : i + len(last)], who), "PERSON"
        if last in {"they", "it"}:
            return _Speaker(i, i + len(last), text[i : i + len(last)], doc.last_group), "ORG"
        return None
    ents = [x for x in doc.entities_in(s, e) if x.label in {"PERSON", "ORG", "GPE", "NORP"}]
    if ents:
        persons = [x for x in ents if x.label == "PERSON"]
        best = persons[-1] if persons else ents[-1]
        tail = text[best.end : e].strip(" ,'’s")
        tail_words = tail.split()
        if tail_words and tail_words[-1].lower() in SPEAKER_NOUNS and len(tail_words) <= 3:
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
            canon = (
                SPEAKER_METONYMS.get(np_text)
                or SPEAKER_METONYMS.get("the " + np_text)
                or (np_text.replace("’", "'"))
            )
            return _Speaker(np_start, np_start + len(np_text), np_text, canon), best.label
        if best.label == "PERSON" or _BETWEEN_RE.match(text[best.end : e]) or len(tail_words) <= 4:
            return _Speaker(best.start, best.end, best.text, _canonical_speaker(best)), best.label
    if whole and len(words) <= 8 and not ents:
        # A parsed subject phrase: "The head of the regional port authority".
        clean = re.sub(r"^(?:the|a|an|The|A|An)\s+", "", region)
        canon = SPEAKER_METONYMS.get(clean, clean).replace("’", "'")
        if clean.lower() in ANAPHOR_NOUNS or (
            len(words) <= 2 and words[-1].lower() in ANAPHOR_NOUNS and doc.last_person
        ):
            return _Speaker(s, e, region, doc.last_person), "PERSON"
        return _Speaker(s, e, region, canon), "ORG"
    # A common-noun speaker: "officials", "the spokesman", "US and European officials".
    m = re.search(
        r"((?:[\w.'’-]+\s+){0,4}?)(" + "|".join(sorted(SPEAKER_NOUNS)) + r")$",
        region,
        re.IGNORECASE,
    )
    if m:
        np = region[m.start() :].strip()
        np = re.sub(r"^(?:the|a|an|The|A|An)\s+", "", np)
        i = s + region.rindex(np)
        noun = m.group(2).lower()
        canon = np
        label = "ORG"
        if noun in ANAPHOR_NOUNS and len(np.split()) <= 2 and doc.last_person:
            canon, label = doc.last_person, "PERSON"
        return _Speaker(i, i + len(np), np, canon), label
    # Any short capitalised name or noun phrase right before the cue ("The commission").
    m2 = re.search(
        r"^((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]+|(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir)\s+"
        r"(?:[\w'’-]+\s+){0,2}"
        r"[a-z][\w-]+)$",
        region,
    )
    if m2 and len(words) <= 6:
        np = m2.group(1)
        i = s + m2.start(1)
        if np.split()[0].lower() not in {"it", "this", "that", "there", "what", "which"}:
            clean = re.sub(r"^(?:the|a|an|The|A|An)\s+", "", np)
            clean = SPEAKER_METONYMS.get(clean, clean)
            return _Speaker(i, i + len(np), np, clean.replace("’", "'")), (
                "PERSON" if np[:1].isupper() and " " not in clean else "ORG"
            )
    # "73 percent said", "Nearly eight of 10 voters say".
    num = re.search(
        r"(?:\b\w+\s+)?\d+(?:\.\d+)?\s*(?:percent|%)(?:\s+of\s+[\w ]{1,30})?$|"
        r"\b(?:\w+\s+)?(?:of\s+)?\d+\s+\w+$",
        region,
    )
    if num or (whole and len(words) <= 8):
        a = s + (num.start() if num else 0)
        np = text[a:e]
        return _Speaker(a, e, np, re.sub(r"^(?:the|a|an|The|A|An)\s+", "", np)), "ORG"
    return None


def _inverted_speaker(doc: _Doc, cue_e: int, end: int) -> tuple[_Speaker, str | None] | None:
    """The speaker after the cue of "...,” said Kirby." (up to a comma or the end)."""
    after = doc.text[cue_e : min(end, cue_e + 60)]
    stop = re.search(r",\s|[;—–]|[.!?]?\s*$", after)
    return _speaker_in(doc, cue_e, cue_e + (stop.start() if stop else len(after)))


def _right_after(doc: _Doc, s: int, e: int) -> tuple[_Speaker, str | None] | None:
    """A speaker right after a cue ("..., says US", "said the minister"), not one further
    on, which is the object of a stance verb ("blasted Clinton as a disgrace")."""
    sp = _speaker_in(doc, s, e)
    if sp is None or len(doc.text[s : sp[0].start].split()) > 2:
        return None
    return sp if len(doc.text[sp[0].end : e].split()) <= 3 else None


def _clause_start(text: str, sent_start: int, cue_start: int, quotes: list[tuple[int, int]]) -> int:
    """Where the subject before a cue can begin: after the last quote, comma or colon."""
    start = sent_start
    for _qs, qe in quotes:
        if qe <= cue_start and qe > start:
            start = qe
    seg = text[start:cue_start]
    for m in re.finditer(r"[,;:—–]|\band\b|\bbut\b|\bthat\b|\bwhich\b", seg):
        # Allow "Kirby, the spokesman, said" to reach back? Keep it simple: last break.
        start_candidate = start + m.end()
        if text[start_candidate:cue_start].strip():
            start = start_candidate if m.group() not in {"and"} else start_candidate
    return start


_CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl"})


def _parse_speaker(doc: _Doc, sent_start: int, cue_s: int) -> tuple[int, int] | None:
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
        node = toks[node].head
        subj = [i for i, t in enumerate(toks) if t.head == node and t.dep == "nsubj"]
    if not subj:
        return None
    sub = _subtree(toks, subj[0])
    return toks[min(sub)].start, toks[max(sub)].end


def _parse_content(doc: _Doc, sent_start: int, cue_s: int) -> tuple[int, int] | None:
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
    first = min(sub)
    if toks[first].text.lower() == "that":
        first += 1
    return toks[first].start, toks[max(sub)].end


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
    doc = _Doc(text, entities, parses or {}, parser)
    doc.sentence_end = dict(sentences)
    quotes = [q for q in find_quotes(text) if len(text[q[0] : q[1]].split()) >= 2]
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
            sp = _speaker_in(doc, name_s, name_e, whole=True)
            if sp is not None:
                speaker, kind_label = sp
                if speaker.text.isupper():
                    name = speaker.text.title()
                    speaker.canonical = doc.person_named(name) or name
                    kind_label = "PERSON"
                c0, c1 = _strip(text, label.end(), para_end)
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
        sent_quotes = [q for q in quotes if ss <= q[0] < se]
        big = [
            q
            for q in sent_quotes
            if (q[1] - q[0]) >= 0.45 * (se - ss_body) or (q[0] <= ss_body + 1)
        ]
        if big:
            q = big[0]
            last_si = sent_of(q[1] - 1)
            end_si = max(si, last_si)
            cs, ce = _strip(text, q[0] + 1, q[1])
            claim = _quote_claim(doc, text, sentences, si, end_si, q, cs, ce, quotes)
            if claim is None and _ACCORDING_RE.search(text, ss_body, q[0]):
                found = _reported_claims(doc, text, ss, ss_body, se, sent_quotes)
                if found:
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
            ):
                claim = Claim(ss, sentences[end_si][1], "quote", cs, ce, speaker=prev_claim.speaker)
            if claim is not None:
                claims.append(claim)
                prev_claim = claim
                prev_para_end = claim.end
                for k in range(si, sent_of(claim.end - 1) + 1):
                    quote_sentences.add(k)
                # Other attributions in the same sentence, outside the quotation.
                for extra in _reported_claims(doc, text, ss, ss_body, se, sent_quotes):
                    if extra.cue_start != claim.cue_start and not (
                        q[0] <= extra.content_start < q[1]
                    ):
                        claims.append(extra)
                continue
        found = _reported_claims(doc, text, ss, ss_body, se, sent_quotes)
        if found:
            claims.extend(found)
            prev_claim = found[-1]
            prev_para_end = se
    return claims


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


def _quote_claim(
    doc: _Doc,
    text: str,
    sentences: list[tuple[int, int]],
    si: int,
    end_si: int,
    q: tuple[int, int],
    cs: int,
    ce: int,
    quotes: list[tuple[int, int]],
) -> Claim | None:
    start = sentences[si][0]
    end = sentences[end_si][1]
    # "“...” ― Sonya Herridge": a dash and a name after the quote.
    dash = _DASH_NAME_RE.match(text, q[1])
    if dash:
        sp = _speaker_in(doc, dash.start(1), dash.end(1))
        if sp is not None:
            speaker, label = sp
            doc.remember(speaker, label)
            cue_s = dash.start() + dash.group().index(dash.group(0).strip()[0])
            return Claim(
                start,
                max(end, dash.end()),
                "quote",
                cs,
                ce,
                speaker.canonical,
                speaker.start,
                speaker.end,
                text[cue_s],
                cue_s,
                cue_s + 1,
            )
    # Attribution after the quote: ", Kirby said", "he added", "said Kirby".
    after_end = end
    tail_hits = _cue_hits(text, q[1], after_end, CUE_VERBS)
    m = tail_hits[0] if tail_hits else None
    if m and m.s - q[1] < 90:
        cue_s, cue_e = m.s, m.e
        region_s = _clause_start(text, q[1], cue_s, [])
        sp = _speaker_in(doc, region_s, cue_s)
        nothing_before = not text[region_s:cue_s].strip(_PUNCT)
        if nothing_before:
            # Inverted: "...,” said Kirby." needs no parse.
            sp = _inverted_speaker(doc, cue_e, end)
        elif sp is None or not _BETWEEN_RE.match(text[sp[0].end : cue_s]):
            ps = _parse_speaker(doc, sentences[end_si][0], cue_s)
            if ps and ps[1] <= cue_s:
                sp = _speaker_in(doc, ps[0], ps[1], whole=True) or sp
        if sp is None and not nothing_before:
            sp = _inverted_speaker(doc, cue_e, end)
        if sp is not None:
            speaker, label = sp
            doc.remember(speaker, label)
            return Claim(
                start,
                end,
                "quote",
                cs,
                ce,
                speaker.canonical,
                speaker.start,
                speaker.end,
                text[cue_s:cue_e],
                cue_s,
                cue_e,
            )
    # Attribution before the quote: "He added: “...”", "Kirby said that “...”".
    ms = _cue_hits(text, start, q[0], CUE_VERBS)
    if ms:
        cue_s, cue_e = ms[-1].s, ms[-1].e
        between = text[cue_e : q[0]]
        if len(between.split()) <= 4:
            clause = _clause_start(text, start, cue_s, quotes)
            sp = _speaker_in(doc, clause, cue_s)
            if sp is not None:
                speaker, label = sp
                doc.remember(speaker, label)
                return Claim(
                    start,
                    end,
                    "quote",
                    cs,
                    ce,
                    speaker.canonical,
                    speaker.start,
                    speaker.end,
                    text[cue_s:cue_e],
                    cue_s,
                    cue_e,
                )
    # "He added: We're looking ...”" (a lost opening mark) is handled as reported speech.
    return None


def _reported_claims(
    doc: _Doc, text: str, ss: int, ss_body: int, se: int, sent_quotes: list[tuple[int, int]]
) -> list[Claim]:
    out: list[Claim] = []
    hits = _cue_hits(text, ss_body, se, _ANY_CUE_WORDS)
    if not hits:
        return out
    inside_quote = [(a, b) for a, b in sent_quotes]
    cues: list[tuple[int, int, str]] = []
    for m in hits:
        if m.word not in CUE_VERBS or any(a < m.start() < b for a, b in inside_quote):
            continue
        word = m.word
        after = text[m.end() : m.end() + 40]
        if (
            word in WEAK_CUES
            and not re.match(r"\s*(?:that\b|:|“|\"|,\s*“)", after)
            and not (word in {"calling", "cited", "noted", "reported"} and cues)
            and not _SUBJECT_BEFORE_RE.search(text[max(ss_body, m.start() - 80) : m.start()])
        ):
            continue
        if re.search(
            r"\b(?:the|a|an|his|her|its|their|this|that|these|those)\s+$",
            text[max(ss_body, m.start() - 8) : m.start()],
            re.IGNORECASE,
        ):
            continue  # "the alleged arms deals": an adjective, not a cue
        if word in {"said", "says", "say"} and re.match(r"\s+(?:to\s+be|to\s+have)\b", after):
            continue  # "is said to be": passive hedge, not an attribution
        cues.append((m.start(), m.end(), "verb"))
    words = {m.word for m in hits}
    if "according" in words:
        for am in _ACCORDING_RE.finditer(text, ss_body, se):
            cues.append((am.start(), am.end(), "according"))
    for m in hits:
        if m.word not in SUBJECT_CUES or not text[m.s].islower():
            continue
        if any(a < m.start() < b for a, b in inside_quote):
            continue
        before = text[max(ss_body, m.start() - 80) : m.start()]
        subj = _SUBJECT_BEFORE_RE.search(before)
        if subj and not any(x.start <= m.start() < x.end for x in doc.entities):
            prep = re.match(r"\s+(?:for|on|out|to|about)\b", text[m.e : m.e + 8])
            cues.append((m.start(), m.e + (prep.end() if prep else 0), "subject"))
    if words & NOUN_CUES:
        for nm in _NOUN_CUE_RE.finditer(text, ss_body, se):
            cues.append((nm.start(1), nm.end(1), "noun"))
    cues.sort()
    prev_speaker: tuple[_Speaker, str | None] | None = None
    for idx, (cs, ce, kind) in enumerate(cues):
        # The content runs to the next cue only if that cue starts a new clause
        # ("X said A, and Y said B"); "X says she hopes ..." keeps "she hopes" as content.
        next_cue = se
        for later, _e, _k in cues[idx + 1 :]:
            gap = text[ce:later]
            if re.search(r"[,;:]|\b(?:and|but|while|whereas)\b", gap):
                cut = max(gap.rfind(","), gap.rfind(";"), gap.rfind(":"))
                for bm in re.finditer(r"\b(?:and|but|while|whereas)\b", gap):
                    cut = max(cut, bm.start())
                next_cue = ce + cut if cut > 0 else later
                break
        sp: tuple[_Speaker, str | None] | None = None
        content: tuple[int, int] | None = None
        if kind == "according":
            stop = re.search(r"[,;]|$", text[ce:se])
            sp_end = ce + (stop.start() if stop else se - ce)
            sp = _speaker_in(doc, ce, sp_end, whole=True)
            content = (ss_body, cs) if text[ss_body:cs].strip() else (sp_end, se)
        elif kind == "noun":
            noun_m = _NOUN_CUE_RE.match(text, cs)
            if noun_m and noun_m.group(2):
                sp = _speaker_in(doc, noun_m.start(2), noun_m.end(2))
            else:
                own = re.search(r"([\w.’' -]{2,40}?)['’]s\s+$", text[ss_body:cs])
                if own:
                    sp = _speaker_in(doc, ss_body + own.start(1), ss_body + own.end(1))
            that = text.find("that", cs, se)
            content = (that + 4, next_cue if next_cue > that else se)
        elif kind == "subject":
            clause = _clause_start(text, ss_body, cs, sent_quotes)
            sp = _speaker_in(doc, clause, cs)
            if sp is not None and not _BETWEEN_RE.match(text[sp[0].end : cs]):
                sp = None
            content = _strip(text, ce, next_cue if next_cue < se else se)
            if text.startswith("that ", content[0]):
                content = (content[0] + 5, content[1])
        else:
            after_comma = text[ss_body:cs].rstrip().endswith((",", "”", '"', "’"))
            if after_comma and prev_speaker and text[cs:ce].lower().endswith("ing"):
                sp = prev_speaker  # "..., saying ..." / "calling it ..."
            if sp is None and re.search(r"[,”\"’]\s*$", text[ss_body:cs]):
                # "..., says US": the speaker follows the cue.
                after = text[ce : min(se, ce + 80)]
                stop = re.search(r",\s|[;—–]|[.!?]?\s*$", after)
                sp = _right_after(doc, ce, ce + (stop.start() if stop else len(after)))
            if sp is None:
                # Patterns first: a speaker right before the cue needs no parse.
                clause = _clause_start(text, ss_body, cs, sent_quotes)
                # "He steadfastly refuses", "Cruz has long said": the speaker before the
                # adverbs and auxiliaries.
                adv = _ADVERBS_BEFORE_RE.search(text, clause, cs)
                region_end = adv.start() if adv else cs
                near = (
                    _speaker_in(doc, clause, region_end)
                    if text[clause:region_end].strip()
                    else None
                )
                if near is not None and _BETWEEN_RE.match(text[near[0].end : cs]):
                    sp = near
            ps = _parse_speaker(doc, ss, cs) if sp is None else None
            if ps and ps[1] <= cs:
                sp = _speaker_in(doc, ps[0], ps[1], whole=True)
            if sp is None and (after_comma or not text[ss_body:cs].strip()):
                after = text[ce : min(se, ce + 80)]
                stop = re.search(r",\s|[;—–]|\.\s+(?=[A-Z][a-z]*\s+[a-z])|\.?$", after)
                sp = _right_after(doc, ce, ce + (stop.start() if stop else len(after)))
            if sp is None:
                clause = _clause_start(text, ss_body, cs, sent_quotes)
                if _BETWEEN_RE.match(text[clause:cs]) is None or text[clause:cs].strip():
                    sp = _speaker_in(doc, clause, cs)
            if (
                sp is None
                and text[cs - 2 : cs].strip() in {",", ""}
                and prev_speaker
                and (text[cs:ce].lower().endswith("ing"))
            ):
                sp = prev_speaker  # "..., saying ..." / "calling it ..."
            if sp is None:
                after = text[ce : min(se, ce + 60)]
                stop = re.search(r",\s|[;—–]|[.!?]?\s*$", after)
                cand = _right_after(doc, ce, ce + (stop.start() if stop else len(after)))
                if cand and text[ss_body:cs].rstrip().endswith((",", "”", '"')):
                    sp = cand  # inverted: "..., said the minister."
            pc = _parse_content(doc, ss, cs)
            rest_s = ce
            mt = re.match(
                r"\s*(?:reporters|journalists|the\s+\w+|\w+)?\s*(?:on\s+\w+\s+)?"
                r"(?:\w+day\s+)?that\b",
                text[ce:se],
            )
            if mt:
                rest_s = ce + mt.end()
            elif text[cs:ce].lower() in {"told", "tells", "tell"}:
                mt2 = re.match(r"\s*(?:reporters|journalists|\w+)(?:\s+\w+day)?", text[ce:se])
                rest_s = ce + (mt2.end() if mt2 else 0)
            rest = _strip(text, rest_s, next_cue if next_cue < se else se)
            if sp is not None and sp[0].start >= ce and text[ss_body:cs].strip(_PUNCT):
                # Inverted ("The plan will fail, said Gorski"): the content comes first.
                content = (ss_body, cs)
            elif pc and pc[0] >= ce:
                content = (pc[0], min(pc[1], se))
            elif rest[1] - rest[0] > 10 and len(text[rest[0] : rest[1]].split()) >= 3:
                content = rest
            else:
                before_end = sp[0].start if sp else cs
                det = re.search(r"(?:,?\s*\b(?:the|a|an|The|A|An))?\s*$", text[ss_body:before_end])
                if det:
                    before_end = ss_body + det.start()
                content = (ss_body, before_end)
        if sp is None or content is None:
            continue
        c0, c1 = _strip(text, *content)
        lead = _LEAD_DATE_RE.match(text, c0, c1)
        if lead:
            c0 = lead.end()
        if c1 - c0 < 8:
            continue
        speaker, label = sp
        doc.remember(speaker, label)
        prev_speaker = sp
        for p0, p1 in split_coordinated(text, c0, c1):
            quoted = any(a <= p0 and p1 <= b for a, b in sent_quotes)
            out.append(
                Claim(
                    ss_body,
                    se,
                    "quote" if quoted else "reported",
                    p0,
                    p1,
                    speaker.canonical,
                    speaker.start,
                    speaker.end,
                    text[cs:ce],
                    cs,
                    ce,
                )
            )
    return out


# ", and that ..." or ", and <subject> had/has/will ..." starts a second reported clause.
_COORD_RE = re.compile(
    r",\s+and\s+(?:(that)\s+|(?=(?:[\w’'-]+\s+){1,6}?"
    r"(?:had|has|have|is|are|was|were|will|would|could|can|may|might|should|must)\s))"
)


def split_coordinated(text: str, c0: int, c1: int) -> list[tuple[int, int]]:
    """Content spans of a reported clause, split where a coordinated second complement
    begins ("X said A, and that B" / "..., and officials had B"): two statements, which
    other outlets often report apart."""
    parts: list[tuple[int, int]] = []
    start = c0
    for m in _COORD_RE.finditer(text, c0, c1):
        head = _strip(text, start, m.start())
        if len(text[head[0] : head[1]].split()) < 3:
            continue
        parts.append(head)
        start = m.end()
    tail = _strip(text, start, c1)
    if not parts:
        return [(c0, c1)]
    if len(text[tail[0] : tail[1]].split()) >= 3:
        parts.append(tail)
    else:
        parts[-1] = (parts[-1][0], c1)
    return parts


def hedges_in(text: str) -> list[str]:
    """Hedge words in a span, lower case, first occurrence order, no repeats."""
    seen: list[str] = []
    for w in re.findall(r"[A-Za-z]+", text):
        low = w.lower()
        if low in HEDGE_SET and low not in seen:
            seen.append(low)
    return seen
