"""Cross-source matching against the hand-labelled PolNeAR gold: ``python -m tools.xsource``.

The gold (tests/fixtures/polnear_xsource_gold.json) holds groups of PolNeAR attributions in
different articles that report the same statement (quotes and paraphrases, speakers named
differently) and hard negative pairs (same speaker or topic, a different statement; outlet
boilerplate). Spans are PolNeAR's own Content offsets, checked by sha1; the texts are read from
../shared/data and never copied.

How it is measured, as a user would meet it: every PolNeAR train and dev article (924, seven
outlets) is imported into a fresh store with ``gloss import``'s code, given its outlet and date
from PolNeAR's metadata (real news files carry both), analysed and linked. Each gold span is
then mapped to gloss's claim in that article whose content overlaps it most (none: the
extraction missed it). A positive pair is found when its two claims share a cluster; a
negative is a false merge when they do.

- recall: found positive pairs / all positive pairs (a pair with an unextracted side counts as
  missed; "recall | extracted" leaves those out);
- precision (labelled): found positives / (found positives + false-merged negatives).

The gold is split by story into ``tune`` (rules may be fitted on it) and ``heldout`` (report
only): never judge a change by the tune fold alone.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = (REPO.parent / "shared" / "data").resolve()
GOLD = REPO / "tests" / "fixtures" / "polnear_xsource_gold.json"
FOLDS = ("tune", "heldout")


@dataclass
class Gold:
    """The gold spans, positive pairs and negative pairs, each with its fold."""

    spans: dict[str, dict[str, Any]]
    positives: list[tuple[str, str, str]] = field(default_factory=list)  # (a, b, fold)
    negatives: list[tuple[str, str, str]] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)


def load_gold(path: Path = GOLD) -> Gold:
    """The gold file as pairs (a group of k spans gives k*(k-1)/2 positive pairs)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    gold = Gold(raw["spans"], groups=raw["groups"])
    for group in raw["groups"]:
        for a, b in combinations(group["spans"], 2):
            gold.positives.append((a, b, group["fold"]))
    for neg in raw["negatives"]:
        gold.negatives.append((neg["a"], neg["b"], neg["fold"]))
    return gold


def article_path(data: Path, span: dict[str, Any]) -> Path:
    return data / "polnear" / span["split"] / "text" / f"{span['article']}.txt"


def check_gold(gold: Gold, data: Path = DATA) -> list[str]:
    """Problems with the gold against the corpus (offsets, sha1); empty when it is sound."""
    problems = []
    for sid, span in gold.spans.items():
        text = article_path(data, span).read_text(encoding="utf-8")
        surface = " ".join(text[a:b] for a, b in span["content"])
        if hashlib.sha1(surface.encode("utf-8")).hexdigest() != span["sha1"]:
            problems.append(f"{sid}: its text no longer matches its sha1")
    return problems


def polnear_metadata(data: Path) -> dict[str, dict[str, str]]:
    with (data / "polnear" / "metadata.tsv").open(encoding="utf-8") as fh:
        return {row["filename"]: row for row in csv.DictReader(fh, delimiter="\t")}


def build_store(path: Path, engine: str, data: Path = DATA, articles: set[str] | None = None):
    """A store with PolNeAR train+dev (or only ``articles``), outlets and dates set from the
    metadata, analysed with ``engine`` and linked. Returns (store, {article: document id})."""
    from gloss.store import open_store
    from gloss.store.analysis import analyze_documents
    from gloss.store.file_import import import_paths

    store = open_store(path)
    files = [
        p
        for split in ("train", "dev")
        for p in sorted((data / "polnear" / split / "text").glob("*.txt"))
        if articles is None or p.stem in articles
    ]
    import_paths(store, [str(p) for p in files])
    meta = polnear_metadata(data)
    ids: dict[str, int] = {}
    with store.write() as conn:
        for doc_id, doc_path in conn.execute("SELECT id, path FROM documents").fetchall():
            stem = Path(doc_path).stem
            ids[stem] = doc_id
            row = meta.get(stem)
            if row:
                conn.execute(
                    "UPDATE documents SET outlet = ?, published = ? WHERE id = ?",
                    (row["publisher"], row["publication_date"], doc_id),
                )
    analyze_documents(store, engine=engine)
    return store, ids


def map_spans(store: Any, gold: Gold, ids: dict[str, int], data: Path = DATA) -> dict[str, int]:
    """Each gold span's best claim (most content characters in common); spans with no
    overlapping claim are left out."""
    out: dict[str, int] = {}
    by_doc: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in store.rows(
        "SELECT id, document_id, start, end, content_start, content_end FROM claims"
    ):
        by_doc[row["document_id"]].append(row)
    texts: dict[int, str] = {}
    for sid, span in gold.spans.items():
        doc_id = ids.get(span["article"])
        if doc_id is None:
            continue
        if doc_id not in texts:
            texts[doc_id] = store.scalar("SELECT text FROM documents WHERE id = ?", (doc_id,))
        text = texts[doc_id]
        original = article_path(data, span).read_text(encoding="utf-8")
        shift = _shift(original, text)
        segs = [(a + shift, b + shift) for a, b in span["content"]]
        best, best_overlap = None, 0
        for claim in by_doc[doc_id]:
            overlap = sum(
                max(0, min(b, claim["content_end"]) - max(a, claim["content_start"]))
                for a, b in segs
            )
            if overlap == 0:  # a content span of a few words inside the claim's sentence
                overlap = (
                    sum(max(0, min(b, claim["end"]) - max(a, claim["start"])) for a, b in segs) // 4
                )
            if overlap > best_overlap:
                best, best_overlap = claim["id"], overlap
        if best is not None:
            out[sid] = best
    return out


def _shift(original: str, stored: str) -> int:
    """Offset of the file's text in the stored text (0 unless import dropped a prefix)."""
    if stored.startswith(original[:200]):
        return 0
    at = stored.find(original[:200].strip())
    return max(at, 0)


def score(store: Any, gold: Gold, claim_of: dict[str, int]) -> dict[str, dict[str, Any]]:
    """Recall and labelled precision per fold, with the pairs behind them."""
    cluster = dict(store.conn.execute("SELECT id, cluster FROM claims").fetchall())

    def joined(a: str, b: str) -> bool | None:
        ca, cb = claim_of.get(a), claim_of.get(b)
        if ca is None or cb is None:
            return None
        return ca == cb or (cluster.get(ca) is not None and cluster.get(ca) == cluster.get(cb))

    out: dict[str, dict[str, Any]] = {}
    for fold in (*FOLDS, "all"):
        pos = [(a, b) for a, b, f in gold.positives if fold in (f, "all")]
        neg = [(a, b) for a, b, f in gold.negatives if fold in (f, "all")]
        found = [p for p in pos if joined(*p)]
        extracted = [p for p in pos if joined(*p) is not None]
        merged = [n for n in neg if joined(*n)]
        spans = {s for p in pos + neg for s in p}
        out[fold] = {
            "positives": len(pos),
            "negatives": len(neg),
            "found": len(found),
            "extracted": len(extracted),
            "false_merges": len(merged),
            "recall": len(found) / len(pos) if pos else 0.0,
            "recall_extracted": len(found) / len(extracted) if extracted else 0.0,
            "precision": len(found) / (len(found) + len(merged)) if found or merged else 0.0,
            "span_coverage": sum(s in claim_of for s in spans) / len(spans) if spans else 0.0,
            "missed": [p for p in pos if not joined(*p)],
            "merged": merged,
        }
    return out


def evaluate(engine: str, data: Path = DATA, gold_path: Path = GOLD, only_gold: bool = False):
    """Build the store, map the spans and score; returns (scores, seconds)."""
    gold = load_gold(gold_path)
    began = time.perf_counter()
    articles = {s["article"] for s in gold.spans.values()} if only_gold else None
    with tempfile.TemporaryDirectory() as tmp:
        store, ids = build_store(Path(tmp) / "xsource.db", engine, data, articles)
        try:
            claim_of = map_spans(store, gold, ids, data)
            scores = score(store, gold, claim_of)
            for fold, hits in suggested(store, gold, claim_of).items():
                scores[fold]["suggested"] = hits
            return scores, time.perf_counter() - began
        finally:
            store.close()


def suggested(store: Any, gold: Gold, claim_of: dict[str, int]) -> dict[str, dict[str, float]]:
    """The merge picker's suggestions (gloss.store.analysis.suggestions) for the positive
    pairs clustering missed: per fold, the share whose other claim (or its cluster) is among
    the first 1, 5 and 10 suggestions, both directions counted; ``n`` such lookups."""
    from gloss.store.analysis.suggestions import likely_same

    cluster = {r["id"]: r["cluster"] for r in store.rows("SELECT id, cluster FROM claims")}
    out: dict[str, dict[str, float]] = {}
    for fold in (*FOLDS, "all"):
        ranks = []
        for a, b, f in gold.positives:
            ca, cb = claim_of.get(a), claim_of.get(b)
            if (fold != "all" and f != fold) or ca is None or cb is None:
                continue
            if cluster[ca] is not None and cluster[ca] == cluster[cb]:
                continue  # clustering found it
            for x, y in ((ca, cb), (cb, ca)):
                got = likely_same(store, x, 10)
                ranks.append(
                    next(
                        (
                            i
                            for i, r in enumerate(got)
                            if r["id"] == y
                            or (cluster[y] is not None and r["cluster"] == cluster[y])
                        ),
                        99,
                    )
                )
        n = max(1, len(ranks))
        out[fold] = {
            "n": len(ranks),
            **{f"at{k}": sum(r < k for r in ranks) / n for k in (1, 5, 10)},
        }
    return out


def format_rows(scores: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    """(metric, value) rows for the evaluation table."""
    rows = []
    for fold in (*FOLDS, "all"):
        s = scores[fold]
        rows.append(
            (
                f"xsource {fold} pairwise P/R (labelled)",
                f"{s['precision']:.3f}/{s['recall']:.3f} ({s['found']}/{s['positives']} pairs, "
                f"{s['false_merges']}/{s['negatives']} neg merged)",
            )
        )
        rows.append(
            (
                f"xsource {fold} recall | extracted, coverage",
                f"{s['recall_extracted']:.3f} ({s['extracted']} pairs), "
                f"{s['span_coverage']:.3f} of spans",
            )
        )
        if "suggested" in s:
            h = s["suggested"]
            rows.append(
                (
                    f"xsource {fold} missed pairs suggested @1/5/10",
                    f"{h['at1']:.2f}/{h['at5']:.2f}/{h['at10']:.2f} ({h['n']} lookups)",
                )
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.xsource", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--engine", choices=["spacy", "rules"], default="spacy")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--only-gold", action="store_true", help="import only the articles the gold names"
    )
    parser.add_argument("--show", choices=["missed", "merged", "both"], help="list failing pairs")
    parser.add_argument("--fold", choices=[*FOLDS, "all"], default="tune")
    args = parser.parse_args(argv)
    gold = load_gold()
    problems = check_gold(gold, args.data)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    scores, seconds = evaluate(args.engine, args.data, only_gold=args.only_gold)
    for metric, value in format_rows(scores):
        print(f"{metric:<44} {args.engine:<6} {value}")
    print(f"{'(store built, analysed and scored in)':<44} {args.engine:<6} {seconds:.0f} s")
    if args.show:
        s = scores[args.fold]
        for kind in ("missed", "merged"):
            if args.show in (kind, "both"):
                for a, b in s[kind]:
                    print(kind, a, b)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
