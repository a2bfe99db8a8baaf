"""The check-worthiness model gloss shipped before the n-gram scorer: 18 hand features and a
class-balanced logistic regression fitted by gradient descent. Kept only so that
``python -m tools.evaluate`` can print the old model's dev figures beside the new one's
(refitted on the same training debates, so the comparison is fair)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

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


def features(sentence: str) -> list[float]:
    """The old feature vector (bias first)."""
    n = max(1, len(sentence.split()))
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


def fit(speakers_texts_labels: list[tuple[str, str, int]]) -> Callable[[str], float]:
    """The old fitting routine (SYSTEM lines skipped, L2 1.0, 3000 steps); a score function."""
    import numpy as np

    rows = [(features(t), y) for s, t, y in speakers_texts_labels if s != "SYSTEM"]
    x = np.array([r for r, _ in rows], dtype=float)
    y = np.array([lab for _, lab in rows], dtype=float)
    pos, neg = max(1.0, y.sum()), max(1.0, len(y) - y.sum())
    sample_w = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * neg))
    w = np.zeros(x.shape[1])
    for _ in range(3000):
        p = 1 / (1 + np.exp(-(x @ w)))
        w -= 0.5 * (x.T @ (sample_w * (p - y)) / len(y) + np.r_[0, w[1:]] / len(y))

    def score(sentence: str) -> float:
        z = float(np.dot(w, features(sentence)))
        return round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), 3)

    return score
