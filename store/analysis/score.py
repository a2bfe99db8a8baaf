"""Check-worthiness score 0..1: a small logistic regression over hand-made features.

The weights live in ``score_weights.json`` beside this module; ``python -m
tools.fit_score`` refits them on the CLEF-2019 CheckThat! task 1 training files.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path

WEIGHTS_PATH = Path(__file__).with_name("score_weights.json")

_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|"
    r"thousand|million|billion|trillion|dozens?|half|percent)\b",
    re.I,
)
_QUANT = re.compile(
    r"%|\bpercent\b|\$|\bmillion\b|\bbillion\b|\btrillion\b|\bjobs\b|"
    r"\btax(?:es)?\b|\bdebt\b|\bdeficit\b|\bunemployment\b",
    re.I,
)
_COMPARE = re.compile(
    r"\b(?:more|less|fewer|most|least|highest|lowest|largest|biggest|"
    r"smallest|increase[sd]?|decrease[sd]?|doubled|tripled|rose|fell|"
    r"grew|cut|raised|lost|gained|record|never|ever|every|all|only)\b",
    re.I,
)
_FACT_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|voted|passed|signed|killed|"
    r"provided|supplied|delivered|built|created|spent|paid|sold|sent|"
    r"imposed|violated|invaded|attacked|said|says)\b",
    re.I,
)
_FIRST = re.compile(r"\b(?:I|I'm|I've|I'll|me|my)\b")
_WE = re.compile(r"\b(?:we|our|us)\b", re.I)
_YOU = re.compile(r"\b(?:you|your)\b", re.I)
_OPINION = re.compile(
    r"\b(?:think|believe|feel|hope|want|going to|gonna|should|must|"
    r"need|great|terrible|wonderful|thank|thanks|love|beautiful)\b",
    re.I,
)
_HEDGE = re.compile(
    r"\b(?:may|might|could|alleged(?:ly)?|reportedly|purportedly|possibly|"
    r"likely|perhaps|maybe)\b",
    re.I,
)
_CAPS = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")
_PAST = re.compile(r"\b\w+ed\b")
_NEG = re.compile(r"\b(?:not|no|never|n't)\b|n't", re.I)

FEATURES = (
    "bias",
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


def features(sentence: str) -> list[float]:
    """The feature vector of one sentence, in FEATURES order."""
    words = sentence.split()
    n = max(1, len(words))
    return [
        1.0,
        math.log1p(n),
        1.0 if _NUMBER.search(sentence) else 0.0,
        min(3.0, float(len(_NUMBER.findall(sentence)))),
        1.0 if _QUANT.search(sentence) else 0.0,
        min(2.0, float(len(_COMPARE.findall(sentence)))),
        min(2.0, float(len(_FACT_VERB.findall(sentence)))),
        min(2.0, float(len(_FIRST.findall(sentence)))),
        min(2.0, float(len(_WE.findall(sentence)))),
        min(2.0, float(len(_YOU.findall(sentence)))),
        min(2.0, float(len(_OPINION.findall(sentence)))),
        1.0 if _HEDGE.search(sentence) else 0.0,
        1.0 if sentence.rstrip().endswith("?") else 0.0,
        min(4.0, float(len(_CAPS.findall(sentence)))) / 2,
        min(3.0, float(len(_PAST.findall(sentence)))) / 2,
        1.0 if _NEG.search(sentence) else 0.0,
        1.0 if n < 6 else 0.0,
        1.0 if "!" in sentence else 0.0,
    ]


@cache
def _weights() -> tuple[float, ...]:
    try:
        data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
        names = data["features"]
        weights = dict(zip(names, data["weights"], strict=True))
        return tuple(float(weights.get(name, 0.0)) for name in FEATURES)
    except (OSError, ValueError, KeyError):
        return tuple(0.0 for _ in FEATURES)


def score(sentence: str) -> float:
    """Check-worthiness in 0..1 (rounded to 3 places)."""
    z = sum(w * x for w, x in zip(_weights(), features(sentence), strict=True))
    return round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), 3)
