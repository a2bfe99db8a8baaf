"""Fit the check-worthiness weights of store/analysis/score.py on the CLEF-2019 CheckThat!
task 1 training debates.

    python -m tools.fit_score [--data DIR]        # fit on all 19 training debates
    python -m tools.fit_score --select            # leave-one-debate-out grid over the 14
                                                  # non-dev debates (model selection)

Needs the ``fit`` extra (``pip install -e '.[fit]'``: scikit-learn, scipy). Deterministic
(liblinear with a fixed random_state, a sorted vocabulary, gzip without a timestamp): a refit
gives a byte-identical store/analysis/score_weights.json.gz. Test debates are never read.

The model:
  * hand part: logistic regression (class-balanced, C=hand_c) over score.HAND features;
  * n-gram part: logistic regression (class-balanced, each debate weighted by 1/#positives so
    every debate counts alike, C=ngram_c) over binary word 1-2 grams with df >= min_df,
    idf-weighted and L2-normalised per sentence;
  * z = z_hand + beta * z_ngram; with context, + prev * z(previous) + next * z(next sentence);
  * a final Platt scaling (class-balanced, fitted on leave-one-debate-out logits) folded into
    the weights, so that 0.5 means what it meant for the earlier balanced model.
Stage directions ("(APPLAUSE)") are left out of fitting (the scorer gives them 0).

DEV_INDEX names the five debates held out for the dev figures of ``python -m tools.evaluate``
(every 4th file by name from the 3rd: two debates, a rally, a press conference, an address);
the parameters below were chosen by ``--select`` on the other 14 only.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import math
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gloss.store.analysis import score as scorer

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
TRAINING = Path("clef2019-checkthat-task1") / "training"
DEV_INDEX = (2, 6, 10, 14, 18)
PARAMS: dict[str, Any] = {
    "hand_c": 1.0,
    "ngram_c": 1.0,
    "beta": 2.0,
    "min_df": 2,
    "prev": 0.2,
    "next": 0.1,
    "debate_weight": True,
}


@dataclass
class Debate:
    """One training file: its lines' speakers, texts and check-worthiness labels."""

    name: str
    speakers: list[str]
    texts: list[str]
    labels: list[int]


def load_debates(data: Path = DATA) -> list[Debate]:
    """Every training debate, sorted by file name."""
    out = []
    for path in sorted((data / TRAINING).glob("*.tsv")):
        d = Debate(path.stem, [], [], [])
        for raw in path.read_text(encoding="utf-8").splitlines():
            parts = raw.rstrip("\r").split("\t")
            if len(parts) != 4:
                continue
            d.speakers.append(parts[1])
            d.texts.append(parts[2])
            d.labels.append(int(parts[3]))
        out.append(d)
    return out


def split(debates: list[Debate]) -> tuple[list[Debate], list[Debate]]:
    """(train, dev) by DEV_INDEX."""
    train = [d for i, d in enumerate(debates) if i not in DEV_INDEX]
    dev = [d for i, d in enumerate(debates) if i in DEV_INDEX]
    return train, dev


def debate_metrics(scores: list[float], labels: list[int]) -> tuple[float, float, float]:
    """(AP, R-precision, P@10) of one debate, as the official CLEF-2019 task 1 scorer ranks
    (score descending, ties in file order)."""
    order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
    n_pos = sum(labels)
    hits, ap = 0, 0.0
    for rank, i in enumerate(order, 1):
        if labels[i] == 1:
            hits += 1
            ap += hits / rank
    ap = ap / n_pos if n_pos else 0.0
    rprec = sum(labels[i] for i in order[:n_pos]) / n_pos if n_pos else 0.0
    p10 = sum(labels[i] for i in order[:10]) / 10
    return ap, rprec, p10


def mean_metrics(per_debate: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """MAP, mean R-precision, mean P@10."""
    k = max(1, len(per_debate))
    a, r, p = (sum(m[j] for m in per_debate) / k for j in range(3))
    return a, r, p


def _sentences(debates: list[Debate]):
    for k, d in enumerate(debates):
        for t, y in zip(d.texts, d.labels, strict=True):
            if not scorer.is_stage_direction(t):
                yield k, t, y


def fit(debates: list[Debate], params: dict[str, Any] = PARAMS, calibrate: bool = True) -> dict:
    """The weights dict (as written to the weights file) fitted on the given debates."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression

    rows = list(_sentences(debates))
    toks = [scorer.tokens(t) for _, t, _ in rows]
    y = np.array([lab for _, _, lab in rows])
    group = np.array([k for k, _, _ in rows])
    hx = np.array([scorer.hand_features(t, tk) for (_, t, _), tk in zip(rows, toks, strict=True)])
    hand = LogisticRegression(
        C=params["hand_c"], class_weight="balanced", solver="liblinear", random_state=0
    ).fit(hx, y)
    gsets = [scorer.grams(tk) for tk in toks]
    df = Counter(g for gs in gsets for g in gs)
    vocab = sorted(g for g, c in df.items() if c >= params["min_df"])
    index = {g: i for i, g in enumerate(vocab)}
    n = len(rows)
    idf = np.array([math.log((1 + n) / (1 + df[g])) + 1 for g in vocab])
    ind: list[int] = []
    ptr, val = [0], []
    for gs in gsets:
        cols = sorted(index[g] for g in gs if g in index)
        norm = math.sqrt(sum(idf[c] ** 2 for c in cols)) or 1.0
        ind += cols
        val += [idf[c] / norm for c in cols]
        ptr.append(len(ind))
    x = sp.csr_matrix((val, ind, ptr), shape=(n, len(vocab)))
    sw = None
    if params["debate_weight"]:
        pos = np.bincount(group, weights=y, minlength=len(debates))
        sw = 1.0 / np.maximum(1.0, pos[group])
        sw *= n / sw.sum()
    ngram = LogisticRegression(
        C=params["ngram_c"], class_weight="balanced", solver="liblinear", random_state=0
    ).fit(x, y, sample_weight=sw)
    beta = params["beta"]
    data: dict[str, Any] = {
        "bias": float(hand.intercept_[0] + beta * ngram.intercept_[0]),
        "hand": {name: float(w) for name, w in zip(scorer.HAND, hand.coef_[0], strict=True)},
        "hand_mean": {name: float(v) for name, v in zip(scorer.HAND, hx.mean(0), strict=True)},
        "vocab": list(vocab),
        "weight": [float(w) for w in beta * ngram.coef_[0]],
        "idf": [float(i) for i in idf],
        "context": {"prev": params["prev"], "next": params["next"], "fill": 0.0},
    }
    m = scorer.Model.from_dict(data)
    data["context"]["fill"] = float(np.median([scorer.logit(t, m) for _, t, _ in rows]))
    if calibrate:
        zc = np.concatenate(_lodo_logits(debates, params))
        yc = np.array([lab for _, _, lab in rows])
        platt = LogisticRegression(C=1e4, class_weight="balanced", solver="lbfgs")
        platt.fit(zc[:, None], yc)
        a, b0 = float(platt.coef_[0][0]), float(platt.intercept_[0])
        shift = b0 / (1 + params["prev"] + params["next"])
        data["bias"] = a * data["bias"] + shift
        data["hand"] = {k: a * v for k, v in data["hand"].items()}
        data["weight"] = [a * w for w in data["weight"]]
        data["context"]["fill"] = a * data["context"]["fill"] + shift
        data["calibration"] = {"scale": a, "shift": b0}
    return data


def _doc_logits(d: Debate, m: scorer.Model) -> list[float]:
    """Final (context) logits of the non-stage lines of a debate, as score_document has them."""
    z = [scorer.logit(t, m) for t in d.texts if not scorer.is_stage_direction(t)]
    zp = [m.fill, *z[:-1]]
    zn = [*z[1:], m.fill]
    return [a + m.prev * p + m.next * n for a, p, n in zip(z, zp, zn, strict=True)]


def _lodo_logits(debates: list[Debate], params: dict[str, Any]) -> list[list[float]]:
    out = []
    for k in range(len(debates)):
        data = fit([d for i, d in enumerate(debates) if i != k], params, calibrate=False)
        out.append(_doc_logits(debates[k], scorer.Model.from_dict(data)))
    return out


def lodo(debates: list[Debate], params: dict[str, Any] = PARAMS) -> tuple[float, float, float]:
    """Mean (MAP, R-prec, P@10) of leave-one-debate-out over the given debates."""
    per = []
    for k in range(len(debates)):
        data = fit([d for i, d in enumerate(debates) if i != k], params, calibrate=False)
        scores = scorer.score_document(debates[k].texts, scorer.Model.from_dict(data))
        per.append(debate_metrics(scores, debates[k].labels))
    return mean_metrics(per)


def weights_bytes(data: dict[str, Any], about: str) -> bytes:
    """The weights file: compact JSON, rounded, gzip without a timestamp (reproducible)."""
    out = {
        "about": about,
        "format": 1,
        "params": PARAMS,
        "bias": round(data["bias"], 5),
        "hand": {k: round(v, 5) for k, v in data["hand"].items()},
        "hand_mean": {k: round(v, 4) for k, v in data["hand_mean"].items()},
        "context": {k: round(v, 5) for k, v in data["context"].items()},
        "calibration": data.get("calibration"),
        "vocab": data["vocab"],
        "weight": [round(w, 4) for w in data["weight"]],
        "idf": [round(i, 3) for i in data["idf"]],
    }
    raw = (json.dumps(out, separators=(",", ":")) + "\n").encode("utf-8")
    return gzip.compress(raw, compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    """Fit on every training debate and write the weights (or run the selection grid)."""
    ap = argparse.ArgumentParser(
        prog="python -m tools.fit_score", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--select", action="store_true", help="leave-one-debate-out grid on train")
    ap.add_argument("--out", type=Path, default=scorer.WEIGHTS_PATH)
    args = ap.parse_args(argv)
    debates = load_debates(args.data)
    if not debates:
        print(f"{args.data / TRAINING}: no *.tsv training files", file=sys.stderr)
        return 1
    if args.select:
        train, _dev = split(debates)
        grid = {"ngram_c": [1.0, 3.0], "beta": [1.0, 2.0], "prev": [0.0, 0.2], "next": [0.0, 0.1]}
        for values in itertools.product(*grid.values()):
            p = dict(PARAMS, **dict(zip(grid, values, strict=True)))
            m = lodo(train, p)
            print(
                dict(zip(grid, values, strict=True)),
                "MAP {:.4f} R-prec {:.4f} P@10 {:.4f}".format(*m),
            )
        return 0
    data = fit(debates)
    about = (
        f"check-worthiness weights for gloss.store.analysis.score, fitted by tools/fit_score.py "
        f"on {len(debates)} CLEF-2019 CheckThat! task 1 training debates"
    )
    args.out.write_bytes(weights_bytes(data, about))
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB, {len(data['vocab'])} grams)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
