"""Fit the check-worthiness weights on CLEF-2019 CheckThat! task 1 training files.

Usage: ``python -m tools.fit_score [DATA_DIR]`` (default: ../shared/data beside the
repo). The last four training files (by name) are held out as a dev set for the printed
figures; the stored weights are then refitted on all training files. Test files are never
read. Writes store/analysis/score_weights.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from gloss.store.analysis.score import FEATURES, WEIGHTS_PATH, features

DEFAULT_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def load(files: list[Path]) -> tuple[np.ndarray, np.ndarray]:
    """Feature matrix and labels of the given TSV files."""
    rows, labels = [], []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) != 4 or parts[1] == "SYSTEM":
                continue
            rows.append(features(parts[2]))
            labels.append(int(parts[3]))
    return np.array(rows, dtype=float), np.array(labels, dtype=float)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000) -> np.ndarray:
    """Class-balanced L2 logistic regression by gradient descent."""
    pos = max(1.0, y.sum())
    neg = max(1.0, len(y) - y.sum())
    sample_w = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * neg))
    w = np.zeros(x.shape[1])
    lr = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (sample_w * (p - y)) / len(y) + l2 * np.r_[0, w[1:]] / len(y)
        w -= lr * grad
    return w


def average_precision(scores: np.ndarray, y: np.ndarray) -> float:
    """Mean precision at each positive, ranking by score (the CLEF task 1 metric)."""
    order = np.argsort(-scores)
    hits, total = 0, 0.0
    for rank, i in enumerate(order, 1):
        if y[i] == 1:
            hits += 1
            total += hits / rank
    return total / max(1, int(y.sum()))


def main(argv: list[str]) -> int:
    """Fit, print dev figures, write the weights file."""
    root = Path(argv[0]) if argv else DEFAULT_DIR
    files = sorted((root / "clef2019-checkthat-task1" / "training").glob("*.tsv"))
    if not files:
        print(f"{root}: no clef2019-checkthat-task1/training/*.tsv files", file=sys.stderr)
        return 1
    train, dev = files[:-4], files[-4:]
    xt, yt = load(train)
    xd, yd = load(dev)
    w = fit(xt, yt)
    pd = 1 / (1 + np.exp(-(xd @ w)))
    pred = pd >= 0.5
    tp = float((pred & (yd == 1)).sum())
    prec = tp / max(1.0, float(pred.sum()))
    rec = tp / max(1.0, float(yd.sum()))
    print(
        f"dev ({len(dev)} files, {len(yd)} sentences, {int(yd.sum())} check-worthy): "
        f"AP {average_precision(pd, yd):.3f}  P {prec:.3f}  R {rec:.3f}  "
        f"base rate {yd.mean():.3f}"
    )
    xa, ya = load(files)
    w = fit(xa, ya)
    WEIGHTS_PATH.write_text(
        json.dumps(
            {
                "about": "logistic regression, class-balanced, fitted by "
                "store/analysis/fit_score.py "
                "on CLEF-2019 CheckThat! task 1 training files",
                "dev_average_precision": round(average_precision(pd, yd), 4),
                "features": list(FEATURES),
                "weights": [round(float(v), 5) for v in w],
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {WEIGHTS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
