"""Check-worthiness score 0..1 of a sentence: a linear model over word 1-2 grams and a few
hand features, plus the neighbouring sentences' logits when a context is given.

Fitted by ``python -m tools.fit_score`` on the CLEF-2019 CheckThat! task 1 training debates
(dev MAP 0.181 against 0.137 for the earlier 18-feature model on the same held-out debates;
``python -m tools.evaluate`` prints the figures). Pure Python: the weights
(``score_weights.json.gz`` beside this module) are read on the first call, not at import, so
importing the analysis costs nothing until a sentence is scored.

    z(s) = bias + sum_h w_h * x_h(s) + sum_{g in grams(s)} w_g * idf_g / sqrt(sum idf_g^2)
    score(s) = sigmoid(z(s) + a * z(prev) + b * z(next))

A missing neighbour counts as a typical sentence (the "fill" logit); a sentence that is only a
stage direction, "(APPLAUSE)", scores 0. The final Platt scaling is folded into the weights,
so 0.5 separates check-worthy from not as a class-balanced model would.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

WEIGHTS_PATH = Path(__file__).with_name("score_weights.json.gz")

# Sentences scoring at least this count as check-worthy (the pipeline stores unattributed ones
# as assertions). 0.4, not the calibrated 0.5: the n-gram model is stricter on news than the
# hand-feature model was (at 0.5 the seeds gold lost claims, recall 0.914 -> 0.903); at 0.4
# the seeds claim F1 is what it was (0.934), and 89% of BBC politics sentences of six words or
# more pass against 78% before (62% would at 0.5).
CHECK_WORTHY = 0.4

_TOK = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[$%?!]")
_CAPS = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")
_STAGE = re.compile(r"^\s*(?:[(\[][^()\[\]]*[)\]]\s*)+$")

HAND = (
    "log_words",
    "has_number",
    "n_numbers",
    "quantity",
    "compare",
    "fact_verb",
    "first_person",
    "we",
    "you",
    "opinion",
    "hedge",
    "question",
    "caps_words",
    "past",
    "negation",
    "short",
    "exclaim",
)

# What the reader shows for a hand feature
# ("check-worthy 0.97: quantity, 'unemployment', a number").
HAND_LABELS = {
    "log_words": "length",
    "has_number": "a number",
    "n_numbers": "numbers",
    "quantity": "quantity",
    "compare": "comparison",
    "fact_verb": "factual verb",
    "first_person": "first person",
    "we": "we/our",
    "you": "you/your",
    "opinion": "opinion",
    "hedge": "hedge",
    "question": "a question",
    "caps_words": "names",
    "past": "past tense",
    "negation": "negation",
    "short": "short",
    "exclaim": "exclamation",
}

# word -> the hand-feature groups it counts for
_GROUP_WORDS = {
    "number": "one two three four five six seven eight nine ten hundred thousand million "
    "billion trillion dozen dozens half percent",
    "quantity": "% percent $ million billion trillion jobs tax taxes debt deficit unemployment",
    "compare": "more less fewer most least highest lowest largest biggest smallest increase "
    "increased increases decrease decreased decreases doubled tripled rose fell grew cut "
    "raised lost gained record never ever every all only",
    "fact_verb": "is are was were has have had voted passed signed killed provided supplied "
    "delivered built created spent paid sold sent imposed violated invaded attacked said says",
    "first_person": "i i'm i've i'll me my",
    "we": "we our us",
    "you": "you your",
    "opinion": "think believe feel hope want gonna should must need great terrible wonderful "
    "thank thanks love beautiful",
    "hedge": "may might could alleged allegedly reportedly purportedly possibly likely perhaps "
    "maybe",
    "negation": "not no never",
}
_GROUPS: dict[str, tuple[str, ...]] = {}
for _g, _ws in _GROUP_WORDS.items():
    for _w in _ws.split():
        _GROUPS[_w] = (*_GROUPS.get(_w, ()), _g)


def tokens(sentence: str) -> list[str]:
    """Lower-cased word tokens; every number becomes "0"; $ % ? ! are tokens (£ and € count
    as $, "per cent" as "percent": absent from the debates, common in British news)."""
    low = sentence.lower().replace("\u2019", "'")
    if "£" in low or "€" in low or "per cent" in low:
        low = low.replace("£", "$").replace("€", "$").replace("per cent", "percent")
    return ["0" if t[0].isdigit() else t for t in _TOK.findall(low)]


def grams(toks: list[str]) -> set[str]:
    """Word 1-grams and 2-grams (a set: presence only)."""
    out = set(toks)
    out.update(a + " " + b for a, b in zip(toks, toks[1:], strict=False))
    return out


def is_stage_direction(sentence: str) -> bool:
    """ "(APPLAUSE)", "(CROSSTALK) [inaudible]": never check-worthy."""
    return bool(_STAGE.match(sentence))


def hand_features(sentence: str, toks: list[str]) -> list[float]:
    """The hand features of a sentence, in HAND order (one pass over its tokens)."""
    c = dict.fromkeys(_GROUP_WORDS, 0)
    nums = past = 0
    prev = ""
    for t in toks:
        for g in _GROUPS.get(t, ()):
            c[g] += 1
        if t == "0":
            nums += 1
        elif t.endswith("ed"):
            past += 1
        elif t.endswith("n't"):
            c["negation"] += 1
        elif t == "to" and prev == "going":
            c["opinion"] += 1
        prev = t
    n_words = max(1, len(sentence.split()))
    n_num = nums + c["number"]
    return [
        math.log1p(n_words),
        1.0 if n_num else 0.0,
        float(min(3, n_num)),
        1.0 if c["quantity"] else 0.0,
        float(min(2, c["compare"])),
        float(min(2, c["fact_verb"])),
        float(min(2, c["first_person"])),
        float(min(2, c["we"])),
        float(min(2, c["you"])),
        float(min(2, c["opinion"])),
        1.0 if c["hedge"] else 0.0,
        1.0 if sentence.rstrip().endswith("?") else 0.0,
        min(4, len(_CAPS.findall(sentence))) / 2,
        min(3, past) / 2,
        1.0 if c["negation"] else 0.0,
        1.0 if n_words < 6 else 0.0,
        1.0 if "!" in sentence else 0.0,
    ]


@dataclass
class Model:
    """The fitted weights: ``Model.from_dict(json)`` as tools/fit_score.py writes them."""

    bias: float
    hand: list[float]
    hand_mean: list[float]
    grams: dict[str, tuple[float, float]]  # gram -> (weight * idf, idf ** 2)
    prev: float
    next: float
    fill: float
    stage: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        """The model of a weights dict (the JSON file's content)."""
        ctx = data.get("context", {})
        return cls(
            bias=float(data["bias"]),
            hand=[float(data["hand"].get(name, 0.0)) for name in HAND],
            hand_mean=[float(data.get("hand_mean", {}).get(name, 0.0)) for name in HAND],
            grams={
                g: (w * i, i * i)
                for g, w, i in zip(data["vocab"], data["weight"], data["idf"], strict=True)
            },
            prev=float(ctx.get("prev", 0.0)),
            next=float(ctx.get("next", 0.0)),
            fill=float(ctx.get("fill", 0.0)),
            stage=float(data.get("stage_direction", -12.0)),
        )


@cache
def model() -> Model:
    """The shipped model, read once on first use (about 0.2 s), not at import."""
    with gzip.open(WEIGHTS_PATH, "rt", encoding="utf-8") as f:
        return Model.from_dict(json.load(f))


def logit(sentence: str, m: Model | None = None) -> float:
    """z(sentence): the sentence's own logit, without context."""
    m = m or model()
    if sentence.lstrip().startswith(("(", "[")) and is_stage_direction(sentence):
        return m.stage
    toks = tokens(sentence)
    z = m.bias
    for w, x in zip(m.hand, hand_features(sentence, toks), strict=True):
        z += w * x
    num = den = 0.0
    get = m.grams.get
    for g in grams(toks):
        v = get(g)
        if v is not None:
            num += v[0]
            den += v[1]
    if den:
        z += num / math.sqrt(den)
    return z


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1024)
def _shipped_logit(sentence: str) -> float:
    """The shipped model's logit of a sentence, remembered: a document's sentences are read
    up to three times each (as themselves and as their neighbours' context)."""
    return logit(sentence, model())


def _logit(sentence: str, m: Model) -> float:
    return _shipped_logit(sentence) if m is model() else logit(sentence, m)


def _neighbour(m: Model, text: str | None) -> float:
    if text is None:
        return m.fill
    z = _logit(text, m)
    return m.fill if z == m.stage else z


def _context_logit(m: Model, sentence: str, prev: str | None, next_: str | None) -> float:
    z = _logit(sentence, m)
    if z == m.stage:
        return z
    return z + m.prev * _neighbour(m, prev) + m.next * _neighbour(m, next_)


def score(
    sentence: str, prev: str | None = None, next: str | None = None, m: Model | None = None
) -> float:
    """Check-worthiness in 0..1 (rounded to 3 places). ``prev``/``next``: the neighbouring
    sentences of the same document, when known (a missing one counts as typical)."""
    m = m or model()
    z = _context_logit(m, sentence, prev, next)
    return 0.0 if z == m.stage else round(_sigmoid(z), 3)


def score_document(sentences: list[str], m: Model | None = None) -> list[float]:
    """Scores of a document's sentences in order, each with its neighbours as context (stage
    directions are skipped over as neighbours); one logit per sentence. Not rounded."""
    m = m or model()
    zs = [logit(s, m) for s in sentences]
    keep = [i for i, z in enumerate(zs) if z != m.stage]
    out = [0.0] * len(sentences)
    for j, i in enumerate(keep):
        zp = zs[keep[j - 1]] if j > 0 else m.fill
        zn = zs[keep[j + 1]] if j + 1 < len(keep) else m.fill
        out[i] = _sigmoid(zs[i] + m.prev * zp + m.next * zn)
    return out


def _gram_label(gram: str) -> str:
    """ "'tax cuts'"; a number alone reads "a number", in a pair N ("'N percent'")."""
    if gram == "0":
        return HAND_LABELS["has_number"]
    return "'" + " ".join("N" if t == "0" else t for t in gram.split()) + "'"


def _absent(label: str) -> str:
    """A hand feature the sentence lacks, as a reason: "no first person", "not a question"
    (a new-user test read "first person" for a headline with none)."""
    return f"not {label}" if label.startswith("a ") else f"no {label}"


def explain(sentence: str, k: int = 3) -> list[tuple[str, float]]:
    """The k features with the largest contribution to the sentence's logit, largest
    |contribution| first: ``[("quantity", 0.45), ("'tax cuts'", 0.41), ("opinion", -0.3)]``.
    Hand features are named as in HAND_LABELS and measured from their mean over the
    training sentences (so an average length explains nothing); word features are quoted."""
    m = model()
    if is_stage_direction(sentence):
        return [("stage direction", m.stage)][:k]
    toks = tokens(sentence)
    hx = hand_features(sentence, toks)
    parts = [
        (_absent(HAND_LABELS[n]) if x == 0 and mu > 0 else HAND_LABELS[n], w * (x - mu))
        for n, w, x, mu in zip(HAND, m.hand, hx, m.hand_mean, strict=True)
    ]
    hits = [(g, m.grams[g]) for g in sorted(grams(toks)) if g in m.grams]
    den = math.sqrt(sum(v[1] for _, v in hits)) if hits else 1.0
    parts += [(_gram_label(g), v[0] / den) for g, v in hits]
    parts.sort(key=lambda p: (-abs(p[1]), p[0]))
    return [(name, round(c, 3)) for name, c in parts[:k]]


# Words that weigh in the model but tell a reader nothing as a reason ("'the'", "'to the'":
# a new-user test read "check-worthy 0.48: 'lead to', 'to the', 'the'").
_FILLER = frozenset(
    "the a an of to in on for and or but is are was were be been being it its that this "
    "these those with as at by from he she they we i you his her their our has have had "
    "will would not no there which who what than all them some so if".split()
)


def _filler(name: str) -> bool:
    """A quoted word feature with a small word or a fragment in it: "'s'" (the end of
    "U.S."), "'co'" (of "co-operation"), "'use the'", "'of them'" (a second new-user test
    read those as reasons); "'tax cuts'" and "'unemployment'" stay."""
    return name.startswith("'") and any(
        w in _FILLER or len(w) <= 2 for w in name.strip("'").split()
    )


def _as_written(name: str, sentence: str) -> str:
    """A quoted word feature in the sentence's own case: "'Paris'", not "'paris'"."""
    if not name.startswith("'"):
        return name
    words = name.strip("'").split()
    pattern = r"\W+".join(re.escape(w).replace("'", "['’]") for w in words)  # "Clinton’s"
    found = re.search(r"(?<![\w'’])" + pattern + r"(?![\w'’])", sentence, re.I)
    return f"'{' '.join(found[0].split())}'" if found else name


def _reason_words(name: str) -> set[str]:
    """The words a reason is about, for telling two reasons apart ("numbers" and "a number"
    are one)."""
    words = name.strip("'").replace("numbers", "number").lower().split()
    return {w for w in words if w not in _FILLER}


def why(sentence: str, value: float | None = None, k: int = 3) -> str:
    """One line saying why a sentence scored as it did: "check-worthy 0.97: quantity,
    'unemployment', a number", or under CHECK_WORTHY "check-worthy 0.11, against: opinion,
    'i think'" (the strongest features pushing the score the way it went).
    ``value``: the stored score, when it was computed with context."""
    value = score(sentence) if value is None else value
    high = value >= CHECK_WORTHY
    sign = 1.0 if high else -1.0
    names: list[str] = []
    for name, c in explain(sentence, k=4 * k):
        if c * sign <= 0 or len(names) >= k or _filler(name):
            continue
        # one reason per word: not "'because', 'because of'", nor "numbers, a number"
        words = _reason_words(name)
        if any(words & _reason_words(other) for other in names):
            continue
        names.append(name)
    names = [_as_written(name.strip(), sentence) for name in names]
    head = f"check-worthy {value:.2f}" + (": " if high else ", against: ")
    return head + ", ".join(names) if names else f"check-worthy {value:.2f}"


def claim_why(text: str, claim: Mapping[str, Any]) -> str:
    """:func:`why` for a stored claim of ``text``: an assertion was scored on its sentence,
    a reported claim on its content (as the pipeline scores them)."""
    if claim.get("kind") == "assertion":
        scored = text[claim["start"] : claim["end"]]
    else:
        scored = text[claim["content_start"] : claim["content_end"]]
    return why(scored, claim.get("score"))
