"""Reported speech: "X said (that) ...", "according to X", noun cues ("the claim by X
that ..."), stance verbs after a subject, and coordinated complements split in two."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gloss.store.analysis.base import Claim
from gloss.store.analysis.lexicon import (
    CUE_VERBS,
    NOUN_CUES,
    SPEAKER_NOUNS,
    SUBJECT_CUES,
    TITLES,
    WEAK_CUES,
)
from gloss.store.analysis.speakers import (
    ADVERBS_BEFORE_RE,
    BETWEEN_RE,
    PUNCT,
    ClaimDoc,
    Speaker,
    apposed_person,
    balance_quotes,
    clause_start,
    inverted_speaker,
    opening_person,
    parse_content,
    parsed_speaker,
    speaker_in,
    speaker_right_after,
    strip_punct,
    strip_title_tail,
)

# A quotation closed and attributed after it, up to the comma before a participle:
# '..." said former tech executive Carly Fiorina during the second GOP debate, suggesting'.
_QUOTED_BY = re.compile(r"[”\"’']\s*([a-z]+)\b[^”\"“]*,\s*$")

# "slammed as “extremely careless,”": a verb of judging whose words are the quotation.
_AS_QUOTED = re.compile(r"\s+as\s+([“\"][^“”\"]{1,80}[”\"])")

# Cue verbs a speaker may follow ("The plan will fail, said Gorski", "..., Kirby added").
INVERSION_CUES = frozenset(
    "said says say added adds told tells asked asks wrote writes noted notes explained explains "
    "continued continues replied replies recalled recalls insisted insists declared declares "
    "warned warns tweeted tweets argued argues stressed stresses acknowledged acknowledges "
    "admitted admits concluded concludes cautioned cautions observed observes quipped "
    "joked according".split()
)
# A "that" clause a few words after the cue ("..., said Friday that Curiel ..."): what follows
# is what was said, not an inverted speaker.
_THAT_AFTER = re.compile(r"\s*(?:[\w.’'-]+\s+){0,3}?that\b", re.IGNORECASE)

# What was said, written before its speaker, is set off by a comma, quotation mark or dash
# ("The plan will fail, Gorski said"; "“We will win” Trump said"); not a colon, which ends a
# headline's kicker ("Ah, friends once more: Ted Cruz endorses Trump").
_CONTENT_END_RE = re.compile(r"[,”\"’'—–-]\s*(?:(?:the|a|an)\s+)?$", re.IGNORECASE)
_AFTER_CONTENT_CUES = INVERSION_CUES | {"reported", "reports"}
_QUOTE_IN = re.compile(r"[“\"]")

# A sentence opening with a name and a relative clause, the cue after the clause's comma.
_RELATIVE_SUBJECT = re.compile(r"\s*([^,;:“”\"]{2,60}?),\s+(?:who|which)\b")

# Stance nouns between a cue and "that" ("expressed scepticism that", "voiced doubts that",
# "raised fears that"): part of what was said, which is not the clause after "that" alone.
STANCE_NOUNS = frozenset(
    "scepticism skepticism doubt doubts concern concerns fear fears worry worries hope hopes "
    "confidence optimism pessimism suspicion suspicions disappointment surprise regret "
    "frustration alarm".split()
)

# "On Friday that ...": a day before the content is no part of it.
_LEAD_DATE_RE = re.compile(
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)"
    r"\s+(?:that\s+)?"
)
_NOUN_CUE_RE = re.compile(
    r"\b(" + "|".join(sorted(NOUN_CUES, key=len, reverse=True)) + r")\b(?:\s+(?:by|from)\s+"
    r"([^,;]{2,60}?))?\s+that\b",
    re.IGNORECASE,
)
# A possessive or "let's" right before a cue word: a noun ("Trump's claims", "Editor's
# note") or an exhortation ("Let's hope"), not someone saying something.
_NOUN_BEFORE_RE = re.compile(r"(?:['’]s|\blet\s+us)\s+$", re.IGNORECASE)
# Cue words that are nouns as often as verbs: after a determiner or a possessive and up to two
# modifiers they are the noun ("Gordon Brown's pre-Budget report", "his economic forecasts").
_NOUNISH_CUES = frozenset(
    "report reports claim claims note notes forecast forecasts estimate estimates warning "
    "warnings promise promises pledge pledges vow vows hope hopes".split()
)
# ... and followed by what follows a noun, not a clause: "forecasts were", "report amid", "claims,"
_NOUN_AFTER_RE = re.compile(
    r"\s*(?:[,.;)]|(?:were|was|is|are|had|has|have|would|will|could|of|for|on|in|amid|about|"
    r"by|from|and|but)\b)",
    re.IGNORECASE,
)
_NOUN_PHRASE_BEFORE_RE = re.compile(
    r"(?:['’]s|\b(?:the|a|an|his|her|its|their|our|my|your|this|that|these|those))"
    r"\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_SUBJECT_BEFORE_RE = re.compile(
    r"(?:\b(?:he|she|they|He|She|They)|[A-Z][\w'’.-]+)\s+(?:(?:also|has|have|had|is|was|"
    r"again|repeatedly|previously|\w+ly)\s+)?$"
)
_ALPHA_RE = re.compile(r"[A-Za-z]+")
# Capitalised words before a cue word that make it a noun, not a subject and its verb.
# ("Many fear", "Some say" are a subject and its verb; "The hope has been that" is annotated
# as an attribution in PolNeAR.)
_DETERMINERS = frozenset(
    "his her its their our my your this that these those other such further new".split()
)
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


def cue_hits(text: str, s: int, e: int, vocab: frozenset[str] | dict[str, str]) -> list[_Hit]:
    """The words of ``text[s:e]`` that are cues in ``vocab`` (matched lower-case); not a part
    of a hyphenated word ("the self-described democratic socialist", "so-called")."""
    return [
        _Hit(m.start(), m.end(), m.group().lower())
        for m in _ALPHA_RE.finditer(text, s, e)
        if m.group().lower() in vocab
        and text[m.start() - 1 : m.start()] not in _HYPHENS
        and text[m.end() : m.end() + 1] not in _HYPHENS
    ]


_HYPHENS = frozenset("-\u2010\u2011")


_IRREGULAR_PARTICIPLES = frozenset(
    "said told thought known understood heard shown seen written".split()
)
# A form of "be" (and an adverb) right before a cue: the cue is passive.
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:[a-z]+ly\s+)?$")
_SAY_FORMS = frozenset({"say", "says", "said", "saying"})
# Where a clause may end before the next cue: a comma (not a number's), a semicolon, colon or
# dash, a parenthesis, or a conjunction.
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d{3}\b)|[;:―—–(]|\b(?:and|but|while|whereas)\b")
# A time or place before "that" at the start of a reported clause.
# Also how the writer judges it: "claiming without any evidence that", "again falsely -
# that" (a new-user test read those words as the claim's).
_ADJUNCT_THAT = re.compile(
    r"(?:(?:this|last|next|earlier|later)\s+\w+|(?:in|on|at|during)\s+(?:(?:that|this|the|a|an)\s+)?"
    r"[\w.’'-]+|without\s+(?:any\s+)?(?:evidence|proof)|(?:(?:again|also|once\s+more|[a-z]+ly)"
    r"\s*[-–—,]?\s*){1,3}?)\s*[-–—,]?\s+that\s+(?=\w)"
)
ACCORDING_RE = re.compile(r"\baccording to\b", re.IGNORECASE)
# A place closing an "according to" source: "... polling average in New Hampshire".
_IN_PLACE_RE = re.compile(r"\s+in\s+(?:the\s+)?([A-Z][\w.'’ -]*?)[.!?]?\s*$")


def reported_claims(
    doc: ClaimDoc, text: str, ss: int, ss_body: int, se: int, sent_quotes: list[tuple[int, int]]
) -> list[Claim]:
    """Reported-speech claims of one sentence ([ss, se); ``ss_body`` after a dateline), for
    cues outside its quotations: "X said (that) ...", "..., X said", "according to X"."""
    out: list[Claim] = []
    hits = cue_hits(text, ss_body, se, _ANY_CUE_WORDS)
    if not hits:
        return out
    inside_quote = [(a, b) for a, b in sent_quotes]
    cues: list[tuple[int, int, str]] = []
    passive: set[int] = set()
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
        if (
            (word.endswith("ed") or word in _IRREGULAR_PARTICIPLES)  # not "is saying", "was keen"
            and word not in {"quoted", "cited"}  # "was quoted as saying": the subject speaks
            and _PASSIVE_BEFORE_RE.search(text, max(ss_body, m.start() - 24), m.start())
            and not re.match(
                r"\s*(?:that\b|:|“|\"|,\s*“)|\s+(?:as\b|to\s+have\b|by\s+(?!\w+ing\b))", after
            )
        ):
            # "how offshore profits are reported.", "peacekeepers have been blamed for": an
            # attribution by nobody named; what is reported is no speaker. Not "it was
            # reported that", "was quoted as saying", "was criticized by his rivals".
            passive.add(m.start())
        if word in {"add", "adds", "added", "adding"} and re.match(r"\s+up\b", after):
            continue  # "the sums do not add up": arithmetic, not speech (a new-user test)
        if re.match(r"\s+with\b", after) and not re.search(r"\bthat\b", after):
            continue  # "the ad concludes with footage of ...", "agreed with him": no statement
        if _NOUN_BEFORE_RE.search(text, max(ss_body, m.start() - 12), m.start()):
            continue  # "Trump's claims", "Editor's note", "Let's hope": no verb of saying
        if (
            word in _NOUNISH_CUES
            and _NOUN_AFTER_RE.match(after)
            and _NOUN_PHRASE_BEFORE_RE.search(text, max(ss_body, m.start() - 40), m.start())
        ):
            continue  # "his economic forecasts were", "Brown's pre-Budget report amid"
        cues.append((m.start(), m.end(), "verb"))
    words = {m.word for m in hits}
    if "according" in words:
        for am in ACCORDING_RE.finditer(text, ss_body, se):
            cues.append((am.start(), am.end(), "according"))
    for m in hits:
        if m.word not in SUBJECT_CUES or not text[m.s].islower():
            continue
        if any(a < m.start() < b for a, b in inside_quote):
            continue
        if _NOUN_BEFORE_RE.search(text, max(ss_body, m.start() - 12), m.start()):
            continue
        before = text[max(ss_body, m.start() - 80) : m.start()]
        subj = _SUBJECT_BEFORE_RE.search(before)
        if subj and subj.group().split()[0].lower() in _DETERMINERS:
            continue  # "Other plans include", "His hopes were": a noun after a determiner
        if subj and not doc.in_entity(m.start()):
            prep = re.match(r"\s+(?:for|on|out|to|about)\b", text[m.e : m.e + 8])
            cues.append((m.start(), m.e + (prep.end() if prep else 0), "subject"))
    if words & NOUN_CUES:
        for nm in _NOUN_CUE_RE.finditer(text, ss_body, se):
            cues.append((nm.start(1), nm.end(1), "noun"))
    cues.sort()
    prev_speaker: tuple[Speaker, str | None] | None = None
    for idx, (cs, ce, kind) in enumerate(cues):
        # The content runs to the next cue only if that cue starts a new clause
        # ("X said A, and Y said B"); "X says she hopes ..." keeps "she hopes" as content.
        next_cue = se
        for later, _e, _k in cues[idx + 1 :]:
            gap = text[ce:later]
            # Not the comma of a number ("as many as 250,000 Syrian refugees (Obama has
            # proposed ...": the content ended at "250"); a parenthesis the later cue is in
            # opens an aside ("... surveyed (52%) believed" goes on).
            breaks = [
                m for m in _CLAUSE_BREAK.finditer(gap) if m[0] != "(" or ")" not in gap[m.end() :]
            ]
            if breaks:
                cut = breaks[-1].start()
                next_cue = ce + cut if cut > 0 else later
                break
        sp: tuple[Speaker, str | None] | None = None
        content: tuple[int, int] | None = None
        if kind == "according":
            # The source ends at a comma or at a dash opening an aside
            # ("according to the Tax Policy Center - half a percentage point of GDP").
            stop = re.search(r"[,;]|\s[-–—]\s|[–—]|$", text[ce:se])
            sp_end = ce + (stop.start() if stop else se - ce)
            place = _IN_PLACE_RE.search(text, ce, sp_end)
            if place and any(
                x.label in ("GPE", "LOC") and x.start == place.start(1)
                for x in doc.entities_in(place.start(1), sp_end)
            ):
                # "according to the RealClearPolitics polling average in New Hampshire": the
                # average says so, not the state.
                sp_end = place.start()
            sp = speaker_in(doc, ce, sp_end, whole=True)
            content = (ss_body, cs) if text[ss_body:cs].strip() else (sp_end, se)
        elif kind == "noun":
            noun_m = _NOUN_CUE_RE.match(text, cs)
            if noun_m and noun_m.group(2):
                sp = speaker_in(doc, noun_m.start(2), noun_m.end(2))
            else:
                own = re.search(r"([\w.’' -]{2,40}?)['’]s\s+$", text[ss_body:cs])
                pronoun = re.search(r"\b(his|her)\s+(?:\w+\s+)?$", text[ss_body:cs], re.I)
                if own:
                    sp = speaker_in(doc, ss_body + own.start(1), ss_body + own.end(1))
                elif pronoun:  # "her remark that ...": the sentence's first person, as the
                    # subject ("Madeleine Albright, a Clinton supporter, fanned ... her remark")
                    who = _first_person(doc, ss_body, cs, pronoun[1].lower() == "her")
                    if who:
                        start = ss_body + pronoun.start(1)
                        sp = (Speaker(start, start + 3, pronoun[1], who), "PERSON")
            that = text.find("that", cs, se)
            content = (that + 4, next_cue if next_cue > that else se)
        elif kind == "subject":
            clause = clause_start(text, ss_body, cs, sent_quotes)
            sp = speaker_in(doc, clause, cs)
            if sp is not None and not BETWEEN_RE.match(text[sp[0].end : cs]):
                sp = None
            content = strip_punct(text, ce, next_cue if next_cue < se else se)
            if text.startswith("that ", content[0]):
                content = (content[0] + 5, content[1])
            called = _AS_QUOTED.match(text, ce, se)
            if called:  # "slammed as “extremely careless,” Clinton has ...": the quotation
                content = strip_punct(text, called.start(1), called.end(1))
        else:
            after_comma = text[ss_body:cs].rstrip().endswith((",", "”", '"', "’"))
            participle = after_comma and text[cs:ce].lower().endswith("ing")
            quoted = _QUOTED_BY.search(text, ss_body, cs) if participle else None
            if quoted and quoted[1].lower() in INVERSION_CUES:
                # '"...," said Carly Fiorina during the debate, suggesting ...': whoever
                # the quotation is by (a parse of a sentence split inside the quotation
                # reads a subject there: "its heart beating").
                sp = inverted_speaker(doc, quoted.end(1), cs)
            if sp is None and participle and prev_speaker:
                sp = prev_speaker  # "X said ..., adding ..." / "calling it ..."
            elif sp is None and participle:
                # The subject of the verb the participle hangs on ("Kim Jong Un hosted
                # Vladimir Putin, saying": Kim), not the name before the comma.
                sp = parsed_speaker(doc, ss, cs)
            if sp is None:  # "David Page, of Investec Securities, said"
                sp = apposed_person(doc, clause_start(text, ss_body, cs, sent_quotes), cs)
            if sp is None:  # "Sen. Lindsey Graham, R-S.C., a long-shot candidate, said"
                sp = opening_person(doc, ss_body, cs)
            relative = _RELATIVE_SUBJECT.match(text, ss_body, cs) if sp is None else None
            if relative and text[ss_body:cs].rstrip().endswith(","):
                # "Trump, who previously questioned ..., said": the name the clause is about.
                sp = speaker_in(doc, relative.start(1), relative.end(1))
            # Only speech verbs invert ("..., said Gorski"); "..., criticized Clinton's email
            # use" names the object after the verb, not the speaker.
            inverts = text[cs:ce].lower() in INVERSION_CUES and not _THAT_AFTER.match(text, ce)
            if sp is None and inverts and re.search(r"[,”\"’]\s*$", text[ss_body:cs]):
                # "..., says US": the speaker follows the cue.
                after = text[ce : min(se, ce + 80)]
                stop = re.search(r",\s|[;—–]|[.!?]?\s*$", after)
                sp = speaker_right_after(doc, ce, ce + (stop.start() if stop else len(after)))
            if sp is None:
                # Patterns first: a speaker right before the cue needs no parse.
                clause = clause_start(text, ss_body, cs, sent_quotes)
                # "He steadfastly refuses", "Cruz has long said": the speaker before the
                # adverbs and auxiliaries.
                adv = ADVERBS_BEFORE_RE.search(text, clause, cs)
                region_end = adv.start() if adv else cs
                near = (
                    speaker_in(doc, clause, region_end) if text[clause:region_end].strip() else None
                )
                between = text[near[0].end : cs] if near is not None else ""
                # Not the name before a participle's comma ("Putin, saying"): an object.
                if (
                    near is not None
                    and BETWEEN_RE.match(between)
                    and not (participle and "," in between)
                ):
                    sp = near
            if sp is None:
                sp = parsed_speaker(doc, ss, cs)
                if sp is not None and any(a <= sp[0].start < b for a, b in sent_quotes):
                    # A subject inside the quotation is the quoted words' ("“My reaction,
                    # that was outrageous,” Obama's former campaign strategist said": not
                    # "My reaction", a new-user test).
                    sp = None
            if sp is None and inverts and (after_comma or not text[ss_body:cs].strip()):
                after = text[ce : min(se, ce + 80)]
                stop = re.search(r",\s|[;—–]|\.\s+(?=[A-Z][a-z]*\s+[a-z])|\.?$", after)
                sp = speaker_right_after(doc, ce, ce + (stop.start() if stop else len(after)))
            if sp is None:
                clause = clause_start(text, ss_body, cs, sent_quotes)
                if BETWEEN_RE.match(text[clause:cs]) is None or text[clause:cs].strip():
                    adv = ADVERBS_BEFORE_RE.search(text, clause, cs)
                    sp = speaker_in(doc, clause, adv.start() if adv else cs)
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
                cand = speaker_right_after(doc, ce, ce + (stop.start() if stop else len(after)))
                if cand and inverts and text[ss_body:cs].rstrip().endswith((",", "”", '"')):
                    sp = cand  # inverted: "..., said the minister."
            pc = parse_content(doc, ss, cs)
            rest_s = ce
            # Whom it was told ("told the BBC that"), never after "said": "said the plan
            # that he wrote was good" is all content.
            told_whom = "" if text[cs:ce].lower() in _SAY_FORMS else r"|the\s+\w+"
            mt = re.match(
                r"\s*(?:reporters|journalists" + told_whom + r"|(\w+\b))?\s*(?:on\s+\w+\s+)?"
                r"(?:in\s+(?:a|an|the|his|her|their|its)\s+(?:[\w.’'-]+\s+){0,3}?)?"
                # "said on Twitter on Monday that", "told CNN in an interview that"
                r"(?:(?:on|in|at|to|via|during|with)\s+(?:[\w.’'-]+\s+){1,3}?){0,2}"
                r"(?:\w+day\s+)?that\b",
                text[ce:se],
            )
            if mt and mt.group(1) and mt.group(1).lower() in STANCE_NOUNS:
                # "expressed scepticism that X" does not say X: the stance is the content.
                rest_s = ce + mt.start(1)
            elif mt:
                rest_s = ce + mt.end()
            elif text[cs:ce].lower() in {"told", "tells", "tell"}:
                # "told reporters", "told Smith", "told GMTV's Sunday programme", "told
                # the BBC's Today programme", "told Clinton's aides": whom it was told.
                mt2 = re.match(
                    r"\s*(?:(?:the\s+)?[\w.-]+['’]s\s+(?:[A-Z][\w-]*\s+){0,3}[\w-]+"
                    r"|reporters|journalists|\w+)(?:\s+\w+day)?",
                    text[ce:se],
                )
                rest_s = ce + (mt2.end() if mt2 else 0)
            rest = strip_punct(text, rest_s, next_cue if next_cue < se else se)
            called = _AS_QUOTED.match(text, ce, se)
            if called:
                # "in a way Comey slammed as “extremely careless,” Clinton has ...": what
                # was said is the quoted words, not the main clause after them.
                rest = (called.start(1), called.end(1))
            if sp is not None and sp[0].start >= ce and sp[0].canonical is None:
                continue  # "... said in a statement": no one after the verb, no claim here
            if sp is not None and sp[0].start >= ce and text[ss_body:cs].strip(PUNCT):
                # Inverted ("The plan will fail, said Gorski"): the content comes first.
                content = (ss_body, cs)
            elif (
                sp is not None
                and text[cs:ce].lower() in INVERSION_CUES
                and _ADJUNCT_START.match(text, rest[0], rest[1])
                and sp[0].text.lower() not in {"who", "which", "that"}
                # Not an aside inside the statement ("The job of firms now, she said in a
                # speech, was to ensure ..."): the sentence goes on with its verb.
                and not _ASIDE_GOES_ON.search(text, rest[0], se)
                and re.search(
                    r"[,”\"’']\s*$",
                    text[ss_body : _before_title(text, ss_body, sp[0].start, described=False)],
                )
                and len(text[ss_body : sp[0].start].split()) >= 4
            ):
                # "Democrats had “put the biggest crack” in the glass ceiling, she said in a
                # video message": what was said comes first; after the verb, only how.
                content = (ss_body, _before_title(text, ss_body, sp[0].start))
            elif pc and pc[0] >= ce:
                content = (pc[0], min(pc[1], se))
            elif rest[1] - rest[0] > 10 and (
                len(text[rest[0] : rest[1]].split()) >= 3
                or _QUOTE_IN.search(text, rest[0], rest[1])
            ):
                content = rest  # "called Trump “unhinged.”": a quoted word says it all
            else:
                before_end = sp[0].start if sp else cs
                det = re.search(r"(?:,?\s*\b(?:the|a|an|The|A|An))?\s*$", text[ss_body:before_end])
                if det:
                    before_end = ss_body + det.start()
                title = _TITLE_BEFORE_RE.search(text, ss_body, before_end)
                open_end = title.start() if title else before_end
                set_off = _CONTENT_END_RE.search(text, ss_body, sp[0].start if sp else cs)
                if not (
                    set_off
                    or _CONTENT_END_RE.search(text, ss_body, open_end)
                    or text[cs:ce].lower() in _AFTER_CONTENT_CUES
                ):
                    # "On Twitter, Former Florida Gov. Jeb Bush called ...", "Gov. Peter
                    # Shumlin ... have endorsed": words before a speaker are what was said
                    # only when set off from the speaker or before a verb of saying ("...,
                    # Mayor Ted Terry noted").
                    continue
                before = text[ss_body:before_end]
                role = _LAST_WORD_RE.search(before)
                if (
                    role
                    and role[1] in _ROLE_WORDS  # lower case: not "Mr." nor "Mayor"
                    and len(before.split()) <= 5
                    and not re.search(r"[,;:“”\"]", before)
                ):
                    continue  # "Clinton campaign spokesman Brian Fallon responded": his title
                if _OPEN_CLAUSE_END_RE.search(text, ss_body, open_end):
                    # "..., alleging that President Obama wanted to admit ...": no statement
                    # ends with "that"; the words before a speaker are not what he said.
                    continue
                content = (ss_body, before_end)
        if sp is None or content is None:
            continue
        if content[0] >= ce:
            # "concluded this month that Clinton ...", "concluded in that case that while":
            # when and where it was said, then what.
            gap = text[ce : content[0]]
            for at in (content[0], ce + len(gap) - len(gap.lstrip())):
                adjunct = _ADJUNCT_THAT.match(text, at, content[1])
                if adjunct and adjunct.end() > content[0]:
                    content = (adjunct.end(), content[1])
                    break
        c0, c1 = balance_quotes(text, *strip_title_tail(text, *strip_punct(text, *content)))
        lead = _LEAD_DATE_RE.match(text, c0, c1)
        if lead:
            c0 = lead.end()
        if c1 - c0 < 8 or _MANNER_ONLY.fullmatch(text, c0, c1):
            continue  # too short, or "in a statement": how it was said, not what
        speaker, label = sp
        nobody = kind == "verb" and cs in passive and speaker.end <= cs
        # "offshore profits are reported", "peacekeepers have been blamed": reported by
        # nobody named; the subject is what is reported, not who speaks.
        who = (None, None, None) if nobody else (speaker.canonical, speaker.start, speaker.end)
        # The subject stays whom a later "he" means ("Mr Johnson was asked why ... He
        # replied:"), though not the speaker. A claim inside another's words does not: in
        # "Trump ..., claiming that President Obama wanted to take in 250,000 refugees.
        # ''You'd have to be insane,'' he said." he is Trump (a new-user test).
        nested = any(c.content_start <= cs < c.content_end for c in out)
        if not nested:
            doc.remember(speaker, label)
        if not nobody:
            prev_speaker = sp  # ", telling him to ...": the nearest verb's subject, nested too
        for p0, p1 in split_coordinated(text, c0, c1):
            quoted = any(a <= p0 and p1 <= b for a, b in sent_quotes)
            out.append(
                Claim(
                    ss_body,
                    se,
                    "quote" if quoted else "reported",
                    p0,
                    p1,
                    *who,
                    text[cs:ce],
                    cs,
                    ce,
                )
            )
    return out


# Words before a speaker that leave a clause open: the text before is not his statement.
_TITLE_BEFORE_RE = re.compile(
    r"\s*\b(?:President|Senator|Sen\.|Governor|Gov\.|Rep\.|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|"
    r"Secretary|Judge|Justice)\s*$"
)


# Where or how something was said, with nothing said: "in a statement", "on Twitter".
def _before_title(text: str, start: int, name: int, described: bool = True) -> int:
    """Where a speaker's courtesy title before ``name`` begins ("Mr. Smith"), and with
    ``described`` a description set off before it ("..., a spokeswoman, Anna White")."""
    title = _TITLE_BEFORE_RE.search(text, start, name)
    name = title.start() if title else name
    found = _DESCRIBED_BEFORE.search(text, start, name) if described else None
    return found.start() if found else name


_DESCRIBED_BEFORE = re.compile(r",\s*(?:a|an|the)\s+[\w’'-]+(?:\s+[\w’'-]+){0,3},\s*$")
_ASIDE_GOES_ON = re.compile(
    r",\s+(?:was|is|were|are|would|will|had|has|could|should|must|may|might|can)\b"
)
# What may follow a verb of saying when the statement came before it: how, where or when.
# Not "to" ("declined to question Cruz's temperament") nor a time with a "that" clause of
# its own ("said last month that ...").
_ADJUNCT_START = re.compile(
    r"(?:in|on|at|during|via|through|from|with)\b(?![^.;]{0,60}?\bthat\b)", re.IGNORECASE
)
_MANNER_ONLY = re.compile(
    r"(?:in|on|at|during|via|through|to)\s+(?:a|an|the|his|her|their|its)?\s*(?:[\w-]+\s+){0,3}?"
    r"(?:statements?|interviews?|briefings?|calls?|tweets?|twitter|facebook|releases?|emails?|"
    r"conferences?|speech(?:es)?|letters?|reporters|journalists)(?:\s+on\s+\w+)?",
    re.IGNORECASE,
)
# Role nouns written before a name ("campaign spokesman Brian Fallon"), not courtesy titles.
_ROLE_WORDS = (TITLES | SPEAKER_NOUNS) - {
    t for t in TITLES if len(t.rstrip(".")) <= 4 or t in {"miss", "dame", "lord", "lady", "sir"}
}
_LAST_WORD_RE = re.compile(r"([A-Za-z]+)\s*$")
_OPEN_CLAUSE_END_RE = re.compile(
    r"\b(?:that|whether|if|and|or|but|of|to|by|for|with|about)\s*$", re.IGNORECASE
)


def _first_person(doc: ClaimDoc, s: int, e: int, female: bool) -> str | None:
    """The first person named in [s, e) whom the document does not give the other gender;
    else whom the pronoun stands for by the document's usual rule."""
    wanted = "f" if female else "m"
    for x in doc.entities_in(s, e):
        if x.label == "PERSON" and doc.gender(x.canonical or x.text) in (None, wanted):
            return x.canonical or x.text
    return doc.person_for("she" if female else "he", e)


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
        head = strip_punct(text, start, m.start())
        if len(text[head[0] : head[1]].split()) < 3:
            continue
        parts.append(head)
        start = m.end()
    tail = strip_punct(text, start, c1)
    if not parts:
        return [(c0, c1)]
    if len(text[tail[0] : tail[1]].split()) >= 3:
        parts.append(tail)
    else:
        parts[-1] = (parts[-1][0], c1)
    return parts
