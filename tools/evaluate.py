"""Quality and speed of the analysis, printed as a table: ``python -m tools.evaluate``.

Data (read only, never copied into the repo) comes from ../shared/data beside the repo:

- seeds-gold/seeds_gold.json: entity typed F1 (exact spans), claim precision/recall (content
  spans overlap), speaker accuracy, cluster pairwise precision/recall, and canonical accuracy
  on exactly matched entity spans (names; all labels, DATE and GPE apart). Documents are
  stored with the metadata the importer extracts, so relative dates resolve against their
  date;
- conll2003/valid.txt and train.txt documents 800-946 (never looked at while writing the
  entity rules): typed F1 with PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC and
  NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE->MISC;
- polnear/dev: attribution precision/recall/F1 (cue spans overlap, one attribution per cue),
  speaker accuracy (source span overlap) and content token F1 over matched attributions;
  the share of "he"/"she" speakers standing for a person of the other gender (people of
  tests/fixtures/polnear_person_genders.json);
- tests/fixtures/polnear_xsource_gold.json: cross-source pairwise precision and recall per
  fold (tune, heldout) on PolNeAR train+dev imported as a user would (tools/xsource.py);
- clef2019-checkthat-task1/training: MAP, R-precision and P@10 of the check-worthiness
  ranking on five held-out training debates, the old 18-feature model and the shipped one,
  both fitted on the other 14 (needs the ``fit`` extra; the best 2019 system had 0.166 MAP on
  the test debates, which are not in shared/);
- throughput: words/s of the spaCy engine (entities and claims) against a plain
  ``nlp.pipe`` over the full en_core_web_sm pipeline on the same texts, in the same run
  (PolNeAR dev plus ``--bbc`` BBC News articles; interleaved, fastest of ``--repeat`` runs);
  with ``--bulk`` also a process per core for both, start-up included.

The cue lexicon is fitted on polnear/train (``python -m tools.fit_cues``).

Test splits are not in shared/ and are never read.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CONLL_MAP = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _match(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> dict[int, int]:
    """Greedy one-to-one matching by largest overlap: {gold index: pred index}."""
    pairs = sorted(
        (
            (_overlap(p, g), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(pred)
            if _overlap(p, g) > 0
        ),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = {}
    for _ov, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out[gi] = pi
    return out


def _norm_name(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


def _same_canonical(got: str | None, want: str, label: str) -> bool:
    """Names compare without case and punctuation; DATE values exactly, except that a vague
    gold value with a note ("coming months (after 2023-08-30)") counts its text part."""
    if label == "DATE":
        return (got or "") == want or (
            "(" in want and _norm_name(got) == _norm_name(want.split("(")[0])
        )
    return _norm_name(got) == _norm_name(want)


# -- seeds ---------------------------------------------------------------------------------
def eval_seeds(engine: str, gold_path: Path) -> dict[str, Any]:
    """Entities, claims, speakers and clusters against the seeds gold."""
    from gloss.store.analysis import analyze_documents, document_claims, document_entities
    from gloss.store.analysis.entities import NAME_LABELS
    from gloss.store.documents import save_document
    from gloss.store.metadata import extract_metadata
    from gloss.store.migrations import open_store

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    store = open_store(":memory:")
    ids = {}
    with store.write() as conn:
        for doc in gold["documents"]:
            text = (SEEDS / doc["file"]).read_text(encoding="utf-8")
            # As the importer does: the metadata date is the reference for relative dates.
            ids[doc["file"]] = save_document(conn, text, doc["file"], extract_metadata(text))[1]
    analyze_documents(store, engine=engine, force=True)
    ent_tp = ent_pred = ent_gold = 0
    canon_ok = canon_n = 0
    by_label: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # label -> [correct, n]
    meta_ok = meta_n = 0
    cl_tp = cl_pred = cl_gold = 0
    sp_ok = sp_n = 0
    gold_claims: list[tuple[str, str | None]] = []  # (key, gold cluster)
    pred_cluster: dict[str, str | None] = {}
    for doc in gold["documents"]:
        doc_id = ids[doc["file"]]
        rows = document_entities(store, doc_id)
        pred = {(e["start"], e["end"], e["label"]) for e in rows}
        gold_e = {(e["start"], e["end"], e["label"]) for e in doc["entities"]}
        canon = {(e["start"], e["end"], e["label"]): e["canonical"] for e in rows}
        for g in doc["entities"]:
            span_key = (g["start"], g["end"], g["label"])
            if span_key not in canon:
                continue
            ok = _same_canonical(canon[span_key], g["canonical"], g["label"])
            for group in ("all", g["label"]):
                by_label[group][0] += ok
                by_label[group][1] += 1
            if g["label"] in NAME_LABELS:
                canon_n += 1
                canon_ok += ok
        meta = extract_metadata((SEEDS / doc["file"]).read_text(encoding="utf-8"))
        gm = doc["metadata"]
        for got, want in (
            (meta.title, gm["title"]),
            (meta.outlet, gm["outlet"]),
            (meta.byline, gm["byline"]),
            (meta.published, gm["date"]),
        ):
            meta_n += 1
            meta_ok += (got or None) == (want or None)
        ent_tp += len(pred & gold_e)
        ent_pred += len(pred)
        ent_gold += len(gold_e)
        claims = document_claims(store, doc_id)
        pspans = [(c["content_start"], c["content_end"]) for c in claims]
        gspans = [tuple(c["content_span"]) for c in doc["claims"]]
        matched = _match(pspans, gspans)
        cl_tp += len(matched)
        cl_pred += len(pspans)
        cl_gold += len(gspans)
        for gi, g in enumerate(doc["claims"]):
            key = f"{doc['file']}#{gi}"
            gold_claims.append((key, g.get("cluster")))
            if gi in matched:
                c = claims[matched[gi]]
                pred_cluster[key] = c["cluster"]
                if g.get("speaker"):
                    sp_n += 1
                    sp_ok += _norm_name(c["speaker"]) == _norm_name(g["speaker"])
    # Cluster pairs: only clusters that span documents count.
    docs_of: dict[str, set[str]] = {}
    for key, cl in gold_claims:
        if cl:
            docs_of.setdefault(cl, set()).add(key.split("#")[0])
    multi = {cl for cl, docs in docs_of.items() if len(docs) >= 2}
    gold_pairs, pred_pairs = set(), set()
    keys = [k for k, _ in gold_claims]
    gcl = dict(gold_claims)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if a.split("#")[0] == b.split("#")[0]:
                continue
            if gcl[a] and gcl[a] == gcl[b] and gcl[a] in multi:
                gold_pairs.add((a, b))
            pa, pb = pred_cluster.get(a), pred_cluster.get(b)
            if pa and pa == pb:
                pred_pairs.add((a, b))
    found = {gcl[a] for a, b in gold_pairs & pred_pairs}
    false_merges = len(pred_pairs - gold_pairs)
    store.close()
    return {
        "entity": prf(ent_tp, ent_pred, ent_gold),
        "claim": prf(cl_tp, cl_pred, cl_gold),
        "speaker_acc": sp_ok / sp_n if sp_n else 0.0,
        "speaker_n": sp_n,
        "canonical_acc": canon_ok / canon_n if canon_n else 0.0,
        "canonical_n": canon_n,
        "canonical_by_label": {k: (ok / n, n) for k, (ok, n) in by_label.items() if n},
        "metadata_acc": meta_ok / meta_n if meta_n else 0.0,
        "cluster": prf(len(gold_pairs & pred_pairs), len(pred_pairs), len(gold_pairs)),
        "clusters_found": (len(found), len(multi)),
        "false_merge_pairs": false_merges,
    }


# -- CoNLL-2003 ------------------------------------------------------------------------------
# Documents of CoNLL-2003 train never looked at while writing the entity rules: the held-out
# row shows how far the rules generalise beyond the data they were tuned on.
CONLL_TRAIN_HOLDOUT = (800, 946)


def read_conll(
    path: Path, limit: int | None = None, docs_range: tuple[int, int] | None = None
) -> list[tuple[str, set[tuple[int, int, str]]]]:
    """Documents as (text, gold spans); tokens joined by spaces, sentences by newlines.
    ``docs_range``: only documents [first, last) by position in the file."""
    docs: list[tuple[str, set[tuple[int, int, str]]]] = []
    lines: list[str] = []
    spans: set[tuple[int, int, str]] = set()
    pos = 0
    cur: tuple[int, int, str] | None = None
    sentence_open = False

    def close_entity() -> None:
        nonlocal cur
        if cur is not None:
            spans.add(cur)
            cur = None

    def flush_doc() -> None:
        nonlocal lines, spans, pos
        close_entity()
        if lines:
            docs.append(("".join(lines).rstrip("\n"), spans))
        lines, spans, pos = [], set(), 0

    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("-DOCSTART-"):
            flush_doc()
            if limit and len(docs) >= limit:
                break
            continue
        if not raw.strip():
            close_entity()
            if sentence_open:
                lines.append("\n")
                pos += 1
                sentence_open = False
            continue
        parts = raw.split()
        token, tag = parts[0], parts[-1]
        if sentence_open:
            lines.append(" ")
            pos += 1
        start = pos
        lines.append(token)
        pos += len(token)
        sentence_open = True
        if tag == "O":
            close_entity()
            continue
        prefix, label = tag.split("-", 1)
        if cur is not None and cur[2] == label and prefix == "I":
            cur = (cur[0], pos, label)
        else:
            close_entity()
            cur = (start, pos, label)
    flush_doc()
    if docs_range is not None:
        docs = docs[docs_range[0] : docs_range[1]]
    return docs


def eval_conll(
    engine: str, path: Path, limit: int | None = None, docs_range: tuple[int, int] | None = None
) -> dict[str, Any]:
    """Typed F1 on CoNLL-2003 with the OntoNotes -> CoNLL label mapping."""
    from gloss.store.analysis import analyze_texts

    docs = read_conll(path, None if docs_range else limit, docs_range)[:limit]
    results = analyze_texts([t for t, _ in docs], engine)
    tp = n_pred = n_gold = 0
    words = sum(len(t.split()) for t, _ in docs)
    for (_text, gold), result in zip(docs, results, strict=True):
        pred = {
            (e.start, e.end, CONLL_MAP[e.label]) for e in result.entities if e.label in CONLL_MAP
        }
        tp += len(pred & gold)
        n_pred += len(pred)
        n_gold += len(gold)
    return {"f1": prf(tp, n_pred, n_gold), "docs": len(docs), "words": words}


# -- CLEF-2019 CheckThat! task 1 ------------------------------------------------------------
def eval_checkworthy(data: Path) -> dict[str, tuple[float, float, float]] | None:
    """MAP, R-precision and P@10 on the five dev debates (tools.fit_score.DEV_INDEX) of the
    old 18-feature model and of the shipped scorer, both fitted here on the other 14 training
    debates (the Platt step is left out: it does not change a ranking). None without the
    ``fit`` extra (scikit-learn)."""
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return None
    from gloss.store.analysis.score import Model, score_document
    from tools import fit_score, score_baseline

    train, dev = fit_score.split(fit_score.load_debates(data))
    old = score_baseline.fit(
        [x for d in train for x in zip(d.speakers, d.texts, d.labels, strict=True)]
    )
    new = Model.from_dict(fit_score.fit(train, calibrate=False))
    return {
        "old": fit_score.mean_metrics(
            [fit_score.debate_metrics([old(t) for t in d.texts], d.labels) for d in dev]
        ),
        "new": fit_score.mean_metrics(
            [fit_score.debate_metrics(score_document(d.texts, new), d.labels) for d in dev]
        ),
        "debates": (len(train), len(dev)),  # type: ignore[dict-item]
    }


# -- PolNeAR ----------------------------------------------------------------------------------
def read_polnear(root: Path, limit: int | None = None) -> list[tuple[str, list[dict[str, Any]]]]:
    """(text, attributions) per dev article, from its first annotator's .ann file."""
    out = []
    texts = sorted((root / "text").glob("*.txt"))
    for text_path in texts[:limit] if limit else texts:
        anns = sorted((root / "attributions").glob(text_path.stem + "_*.ann"))
        if not anns:
            continue
        spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
        events = []
        for line in anns[0].read_text(encoding="utf-8").splitlines():
            if line.startswith("T") and "\t" in line:
                tid, info = line.split("\t")[:2]
                label, _, offsets = info.partition(" ")
                parts = [tuple(int(x) for x in seg.split()) for seg in offsets.split(";")]
                spans[tid] = (label, [(a, b) for a, b in parts])
            elif line.startswith("E") and "\t" in line:
                roles = dict(r.split(":", 1) for r in line.split("\t")[1].split())
                events.append(roles)
        attributions = []
        for roles in events:
            if "Cue" not in roles or roles["Cue"] not in spans:
                continue

            def whole(
                tid: str | None, spans: dict[str, tuple[str, list[tuple[int, int]]]] = spans
            ) -> tuple[int, int] | None:
                if not tid or tid not in spans:
                    return None
                segs = spans[tid][1]
                return min(a for a, _ in segs), max(b for _, b in segs)

            attributions.append(
                {
                    "cue": whole(roles.get("Cue")),
                    "source": whole(roles.get("Source")),
                    "content": [seg for seg in spans.get(roles.get("Content", ""), ("", []))[1]],
                }
            )
        out.append((text_path.read_text(encoding="utf-8"), attributions))
    return out


def _tokens(text: str, segs: Sequence[tuple[int, int]]) -> set[int]:
    out = set()
    for a, b in segs:
        for m in re.finditer(r"\w+", text[a:b]):
            out.add(a + m.start())
    return out


def eval_polnear(engine: str, root: Path, limit: int | None = None) -> dict[str, Any]:
    """Attribution P/R/F1 by cue overlap, speaker accuracy, content token F1."""
    from gloss.store.analysis import analyze_texts

    docs = read_polnear(root, limit)
    results = analyze_texts([t for t, _ in docs], engine)
    tp = n_pred = n_gold = 0
    sp_ok = sp_n = 0
    f1s = []
    for (text, gold), result in zip(docs, results, strict=True):
        # One attribution per cue: a reported clause split in two keeps its one cue.
        seen: set[tuple[int, int]] = set()
        pred = []
        for c in result.claims:
            if c.cue_start is not None and (c.cue_start, c.cue_end or 0) not in seen:
                seen.add((c.cue_start, c.cue_end or 0))
                pred.append(c)
        pspans = [(c.cue_start or 0, c.cue_end or 0) for c in pred]
        gspans = [g["cue"] for g in gold]
        matched = _match(pspans, gspans)
        tp += len(matched)
        n_pred += len(pspans)
        n_gold += len(gspans)
        for gi, pi in matched.items():
            g, c = gold[gi], pred[pi]
            if g["source"] is not None:
                sp_n += 1
                if c.speaker_start is not None and _overlap(
                    (c.speaker_start, c.speaker_end or 0), g["source"]
                ):
                    sp_ok += 1
            gt = _tokens(text, g["content"])
            pt = _tokens(text, [(c.content_start, c.content_end)])
            f1s.append(prf(len(gt & pt), len(pt), len(gt))[2])
    wrong, known = pronoun_genders(docs, results)
    return {
        "attribution": prf(tp, n_pred, n_gold),
        "speaker_acc": sp_ok / sp_n if sp_n else 0.0,
        "content_f1": sum(f1s) / len(f1s) if f1s else 0.0,
        "docs": len(docs),
        "pronoun_wrong": wrong,
        "pronoun_known": known,
    }


GENDERS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "polnear_person_genders.json"


def pronoun_genders(docs: list[tuple[str, Any]], results: list[Any]) -> tuple[int, int]:
    """Of the claims whose speaker is written "he" or "she" and stands for a person of the
    fixture (public figures whose gender is known), how many stand for one of the other
    gender: (wrong, counted). PolNeAR's gold marks the span "he", not whom it means."""
    raw = json.loads(GENDERS.read_text(encoding="utf-8"))
    gender = {**{n: "f" for n in raw["f"]}, **{n: "m" for n in raw["m"]}}
    wrong = known = 0
    for (text, _gold), result in zip(docs, results, strict=True):
        for c in result.claims:
            if c.speaker_start is None or c.speaker not in gender:
                continue
            pronoun = text[c.speaker_start : c.speaker_end].lower()
            if pronoun in ("he", "she"):
                known += 1
                wrong += (pronoun == "he") != (gender[c.speaker] == "m")
    return wrong, known


# -- throughput -----------------------------------------------------------------------------
def throughput_texts(data: Path, limit: int | None, bbc: int) -> tuple[list[str], str]:
    """The PolNeAR dev articles plus ``bbc`` BBC News articles (every few files, so every
    category is in), and a line saying what they are."""
    texts = [t for t, _ in read_polnear(data / "polnear" / "dev", limit)]
    what = f"PolNeAR dev {len(texts)}"
    files = sorted((data / "bbc-news").rglob("*.txt"))
    if bbc and files:
        step = max(1, len(files) // bbc)
        picked = files[::step][:bbc]
        texts += [p.read_bytes().decode("utf-8", errors="replace") for p in picked]
        what += f" + BBC {len(picked)}"
    return texts, what


def eval_throughput(texts: list[str], processes: int = 1, repeat: int = 2) -> dict[str, float]:
    """Words/s of the spaCy engine (entities and claims) against a plain ``nlp.pipe`` over
    the full en_core_web_sm pipeline, on the same texts in the same run.

    The machine may be shared: each measurement is repeated ``repeat`` times, interleaved,
    and the fastest run of each counts. One process: plain full pipeline (batch sizes 8 and
    64, the faster counts), plain NER only, the floor of the engine's design (NER on the
    title-cased views plus the parser on exactly the sentences the engine parses, without
    any of its Python work), and the engine in chunks as ``gloss analyze`` cuts them.
    With ``processes`` > 1 also: the plain full pipeline with ``n_process=processes`` and
    the engine's pool of as many workers; both timings include starting the processes
    (spaCy forks its children; the pool spawns them and each loads the model), as real bulk
    work pays it once per run. ``as_is`` is ``nlp.pipe(texts)`` with the model's own batch
    size (256), the literal plain call; the ratios use the faster tuned ``full``."""
    from gloss.store.analysis import BATCH, analyze_chunk, get_engine
    from gloss.store.analysis.entities import caps_to_title
    from gloss.store.analysis.pool import AnalysisPool
    from gloss.store.analysis.spacy_engine import NER_BATCH

    eng = get_engine("spacy")
    nlp = eng.nlp  # type: ignore[attr-defined]
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:2]))  # warm up
    chunks = [[(t, []) for t in texts[i : i + BATCH]] for i in range(0, len(texts), BATCH)]

    def plain(batch_size: int | None, ner: bool = False, n_process: int = 1) -> Callable[[], None]:
        def run() -> None:
            if ner:
                with nlp.select_pipes(enable=["ner"]):
                    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
                        pass
            else:
                for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
                    pass

        return run

    def ours() -> None:
        for chunk in chunks:
            analyze_chunk(chunk, eng)

    # The floor of this design: NER on the same views and the parser on the same sentences,
    # with none of our own Python work (entities, claims, scores).
    eng.parse_log = log = []  # type: ignore[attr-defined]
    ours()
    eng.parse_log = None  # type: ignore[attr-defined]
    views = [caps_to_title(t) for t in texts]

    def floor() -> None:
        with nlp.select_pipes(enable=["ner"]):
            for _ in nlp.pipe(views, batch_size=NER_BATCH):
                pass
        with nlp.select_pipes(enable=["tok2vec", "parser"]):
            for _ in nlp.pipe(log, batch_size=64):
                pass

    def ours_pool() -> None:
        with AnalysisPool(eng, processes) as pool:
            for _ in pool.imap(chunks):
                pass

    runs: list[tuple[str, Callable[[], None]]] = [
        ("as_is", plain(None)),  # nlp.pipe(texts): the model's own batch size
        ("full", plain(8)),
        ("full", plain(64)),
        ("ner", plain(8, ner=True)),
        ("floor", floor),
        ("ours", ours),
    ]
    if processes > 1:
        runs += [("full_n", plain(8, n_process=processes)), ("ours_n", ours_pool)]
    best = {name: math.inf for name, _ in runs}
    before = getattr(eng, "parsed_sentences", 0)
    for _ in range(max(1, repeat)):
        for name, run in runs:
            t0 = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - t0)
    from gloss.store.analysis.base import split_sentences

    parsed = (getattr(eng, "parsed_sentences", 0) - before) / max(1, repeat)
    out: dict[str, float] = {name: words / seconds for name, seconds in best.items()}
    out |= {
        "words": words,
        "docs": len(texts),
        "parsed": parsed,
        "sentences": sum(len(split_sentences(t)) for t in texts),
        "processes": processes,
    }
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the evaluations and print one table."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--engine", choices=["spacy", "rules", "both"], default="both")
    parser.add_argument(
        "--skip", default="", help="comma list: seeds,conll,polnear,xsource,clef,throughput"
    )
    parser.add_argument("--limit", type=int, default=None, help="at most N documents per corpus")
    parser.add_argument(
        "--bulk", action="store_true", help="also time a process per core (ours and plain)"
    )
    parser.add_argument(
        "--bbc", type=int, default=300, help="BBC News articles added to the throughput texts"
    )
    parser.add_argument(
        "--repeat", type=int, default=2, help="throughput runs each (fastest counts)"
    )
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    data = args.data
    if not data.exists():
        print(f"{data}: evaluation data not found", file=sys.stderr)
        return 1
    engines = ["spacy", "rules"] if args.engine == "both" else [args.engine]
    rows: list[tuple[str, str, str, str]] = []

    def add(metric: str, engine: str, value: str, target: str = "") -> None:
        rows.append((metric, engine, value, target))
        print(f"  {metric:<42} {engine:<6} {value:<34} {target}", file=sys.stderr, flush=True)

    for engine in engines:
        if "seeds" not in skip:
            s = eval_seeds(engine, data / "seeds-gold" / "seeds_gold.json")
            add(
                "seeds entity typed F1 (P/R)",
                engine,
                "{:.3f} ({:.3f}/{:.3f})".format(s["entity"][2], *s["entity"][:2]),
                ">= 0.90",
            )
            add(
                "seeds claim F1 (P/R, overlap)",
                engine,
                "{:.3f} ({:.3f}/{:.3f})".format(s["claim"][2], *s["claim"][:2]),
            )
            add("seeds speaker accuracy", engine, f"{s['speaker_acc']:.3f} (n={s['speaker_n']})")
            add(
                "seeds canonical names (matched names)",
                engine,
                f"{s['canonical_acc']:.3f} (n={s['canonical_n']})",
            )
            by_label = s["canonical_by_label"]
            add(
                "seeds canonical acc. all/DATE/GPE",
                engine,
                "/".join(f"{by_label.get(k, (0.0, 0))[0]:.3f}" for k in ("all", "DATE", "GPE"))
                + " (n={})".format(
                    "/".join(str(by_label.get(k, (0, 0))[1]) for k in ("all", "DATE", "GPE"))
                ),
            )
            add(
                "seeds metadata accuracy (4 fields)",
                engine,
                f"{s['metadata_acc']:.3f}",
            )
            add("seeds cluster pairwise P/R", engine, "{:.3f}/{:.3f}".format(*s["cluster"][:2]))
            add(
                "seeds multi-doc clusters found",
                engine,
                "{}/{}, {} false-merge pairs".format(*s["clusters_found"], s["false_merge_pairs"]),
                "all, 0 false merges",
            )
        if "conll" not in skip:
            c = eval_conll(engine, data / "conll2003" / "valid.txt", args.limit)
            add(
                "CoNLL-2003 valid typed F1 (P/R)",
                engine,
                "{:.3f} ({:.3f}/{:.3f})".format(c["f1"][2], *c["f1"][:2]),
                ">= 0.70",
            )
            first, last = CONLL_TRAIN_HOLDOUT
            h = eval_conll(engine, data / "conll2003" / "train.txt", args.limit, (first, last))
            add(
                f"CoNLL-2003 train docs {first}-{last} held out",
                engine,
                "{:.3f} ({:.3f}/{:.3f})".format(h["f1"][2], *h["f1"][:2]),
                "> 0.70 (never tuned on)",
            )
        if "polnear" not in skip:
            p = eval_polnear(engine, data / "polnear" / "dev", args.limit)
            add(
                "PolNeAR dev attribution F1 (P/R)",
                engine,
                "{:.3f} ({:.3f}/{:.3f})".format(p["attribution"][2], *p["attribution"][:2]),
                ">= 0.70",
            )
            add("PolNeAR dev speaker accuracy", engine, f"{p['speaker_acc']:.3f}", ">= 0.90")
            add(
                "PolNeAR dev he/she speakers, other gender",
                engine,
                f"{p['pronoun_wrong'] / max(1, p['pronoun_known']):.3f} "
                f"({p['pronoun_wrong']}/{p['pronoun_known']} known people)",
            )
            add("PolNeAR dev content token F1", engine, f"{p['content_f1']:.3f}")
        if "xsource" not in skip:
            from tools.xsource import evaluate as eval_xsource
            from tools.xsource import format_rows

            scores, _seconds = eval_xsource(engine, data)
            for metric, value in format_rows(scores):
                target = ">= 0.90/0.60" if "pairwise" in metric else ""
                add(metric, engine, value, target)
    if "clef" not in skip:
        cw = eval_checkworthy(data)
        if cw is None:
            add("CLEF-2019 check-worthiness", "-", "skipped: pip install -e '.[fit]'")
        else:
            n_train, n_dev = cw["debates"]
            for key in ("old", "new"):
                add(
                    f"check-worthiness dev MAP/R-prec/P@10 {key}",
                    "-",
                    "{:.3f}/{:.3f}/{:.3f}".format(*cw[key]) + f" ({n_dev} debates)",
                    "2019 best 0.166 MAP (test)" if key == "new" else "",
                )
    if "throughput" not in skip and "spacy" in engines:
        from gloss.store.analysis.pool import cpu_count, start_method_for_now

        texts, what = throughput_texts(data, args.limit, args.bbc)
        n = cpu_count() if args.bulk else 1
        t = eval_throughput(texts, n, args.repeat)
        add(
            f"throughput texts (best of {max(1, args.repeat)} runs)",
            "spacy",
            f"{what} docs, {t['words'] / 1000:.0f}k words",
        )
        add(
            "plain nlp.pipe(texts) as is, batch 256",
            "spacy",
            f"{t['as_is']:.0f} ({t['as_is'] / t['full']:.2f}x full/1)",
        )
        add("plain nlp.pipe full, 1 process (w/s)", "spacy", f"{t['full']:.0f}")
        add(
            "plain nlp.pipe NER only, 1 process (w/s)",
            "spacy",
            f"{t['ner']:.0f} ({t['ner'] / t['full']:.2f}x full/1)",
        )
        add(
            "floor: NER + the same parses, 1 process",
            "spacy",
            f"{t['floor']:.0f} ({t['floor'] / t['full']:.2f}x full/1)",
        )
        add(
            "engine ents+claims, 1 process (w/s)",
            "spacy",
            f"{t['ours']:.0f} ({t['ours'] / t['full']:.2f}x full/1, "
            f"{t['ours'] / t['as_is']:.2f}x as is)",
            ">= 2x",
        )
        add(
            "sentences parsed by the engine",
            "spacy",
            f"{t['parsed']:.0f}/{t['sentences']:.0f} ({t['parsed'] / t['sentences']:.0%})",
        )
        if n > 1:
            method = start_method_for_now()  # what gloss analyze would use here
            add(
                f"plain nlp.pipe full, {n} processes (w/s)",
                "spacy",
                f"{t['full_n']:.0f} ({t['full_n'] / t['full']:.2f}x full/1)",
            )
            add(
                f"engine ents+claims, {n} processes ({method})",
                "spacy",
                f"{t['ours_n']:.0f} ({t['ours_n'] / t['full']:.2f}x full/1, "
                f"{t['ours_n'] / t['full_n']:.2f}x full/{n}, "
                f"{t['ours_n'] / t['as_is']:.2f}x as is)",
            )
    print()
    print(f"{'metric':<42} {'engine':<6} {'value':<34} target")
    print("-" * 100)
    for metric, engine, value, target in rows:
        print(f"{metric:<42} {engine:<6} {value:<34} {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
