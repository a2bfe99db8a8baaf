"""Benchmark: `gloss analyze --all` on a Dask LocalCluster against the local process pool.

Usage: python tests/bench/bench_dask.py [--engine rules|spacy] [--workers N] [--repeat N]
[FOLDER] (default FOLDER: ../shared/data/bbc-news beside the repo; needs the ``cluster``
extra). Imports FOLDER once with ``--no-analysis``, then per round analyses a fresh copy of
that store both ways, each in its own process (as ``gloss analyze --all`` with N processes
and ``gloss analyze --all --scheduler local:N``; the order alternates between rounds), and
prints per run: the wall time, the start-up until the first chunk is written (the pool's
fork, or the cluster's start and version check), the analysis with its store writes (from
the start), stopping the pool or cluster, and the link step; then the medians' ratios.

Last, the client's cost per document for the scaling estimate: each chunk is read and
pickled as for a worker, and the analysis results of the whole store, pickled per chunk as
workers send them, are unpickled and written again in one transaction per chunk, as the
client does (the single writer's ceiling); then the same rows as one bulk load. Not a test.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

# Runs one analysis in a fresh process and prints its phases as JSON.
RUNNER = """
import json, sys, time
began = time.perf_counter()
from gloss.store.migrations import open_store
db, engine, scheduler, workers = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
marks = {}
def progress(done, total, *_):
    marks.setdefault("first" if done == 0 else "chunk", time.perf_counter())
    if done == total:
        marks["analysed"] = time.perf_counter()
import gloss.store.analysis.run as run
linking = run.link_after
def link_after(*args):
    marks["link"] = time.perf_counter()
    return linking(*args)
run.link_after = link_after
store = open_store(db)
if scheduler:
    from gloss.store.analysis.dask_run import analyze_on_cluster
    report = analyze_on_cluster(store, scheduler=scheduler, engine=engine, on_progress=progress)
else:
    from gloss.store.analysis import analyze_documents
    report = analyze_documents(store, engine=engine, processes=workers, on_progress=progress)
end = time.perf_counter()
print(json.dumps({
    "documents": report.analysed, "words": store.scalar("SELECT sum(words) FROM documents"),
    "wall": end - began, "setup": marks["chunk"] - began,
    "analysis": marks["analysed"] - began, "close": marks["link"] - marks["analysed"],
    "link": end - marks["link"],
    "claims": report.claims,
}))
"""

# Writes the stored results of N chunks again, each chunk in one transaction, as the
# client does: the rate at which one writer can absorb results.
WRITER = """
import json, pickle, sys, time
from gloss.store.migrations import open_store
from gloss.store.analysis.base import Analysis, Claim, Entity
from gloss.store.analysis import get_engine, BATCH
from gloss.store.analysis.run import write_analysis
store = open_store(sys.argv[1])
eng = get_engine(sys.argv[2])
ids = [r["id"] for r in store.rows("SELECT id FROM documents ORDER BY id")]
results = {}
for r in store.rows("SELECT document_id, start, end, label, text, canonical FROM entities"):
    results.setdefault(r["document_id"], Analysis([], [])).entities.append(
        Entity(r["start"], r["end"], r["label"], r["text"], r["canonical"]))
cols = "start, end, kind, content_start, content_end, speaker, speaker_start, speaker_end, " \\
       "cue, cue_start, cue_end, score, hedges"
for r in store.rows(f"SELECT document_id, {cols} FROM claims"):
    doc = r.pop("document_id")
    r["hedges"] = json.loads(r["hedges"] or "[]")
    results.setdefault(doc, Analysis([], [])).claims.append(Claim(**r))
chunks = [
    (ids[i:i + BATCH], pickle.dumps([results.get(d, Analysis([], [])) for d in ids[i:i + BATCH]]))
    for i in range(0, len(ids), BATCH)
]
from gloss.store.analysis.run import read_batch
began = time.perf_counter()
for chunk, data in chunks:
    pickle.dumps(read_batch(store, chunk).jobs)  # what goes out to a worker
    with store.write() as conn:
        for doc, result in zip(chunk, pickle.loads(data)):
            write_analysis(conn, doc, eng, result)
took = time.perf_counter() - began
# A bulk load instead (results from Parquet shards, say): every row in one transaction, the
# indexes dropped before and built after.
indexes = store.rows("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                     "AND tbl_name IN ('entities', 'claims')")
all_results = [(doc, r) for chunk, data in chunks for doc, r in zip(chunk, pickle.loads(data))]
began = time.perf_counter()
with store.write() as conn:
    for name in ("entities_document", "entities_canonical", "claims_document", "claims_cluster"):
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    conn.execute("DELETE FROM entities")
    conn.execute("DELETE FROM claims")
    conn.executemany(
        "INSERT INTO entities (document_id, start, end, label, text, canonical) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(doc, e.start, e.end, e.label, e.text, e.canonical or e.text)
         for doc, r in all_results for e in r.entities])
    conn.executemany(
        "INSERT INTO claims (document_id, start, end, kind, speaker, speaker_start, "
        "speaker_end, cue, cue_start, cue_end, content_start, content_end, score, hedges) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(doc, c.start, c.end, c.kind, c.speaker, c.speaker_start, c.speaker_end, c.cue,
          c.cue_start, c.cue_end, c.content_start, c.content_end, c.score, json.dumps(c.hedges))
         for doc, r in all_results for c in r.claims])
    conn.execute("UPDATE documents SET engine = ?, engine_version = ?", (eng.name, eng.version))
    for row in indexes:
        conn.execute(row["sql"])
bulk = time.perf_counter() - began
print(json.dumps({"documents": len(ids), "seconds": took, "bulk": bulk}))
"""


def run(args: list[str]) -> dict:
    """Run a script in a fresh process: its JSON line, with the CPU seconds of the process
    and every process it waited for (pool or cluster workers) as ``cpu``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-c", *args], capture_output=True, text=True, check=False, cwd=REPO
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(done.stderr)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    found["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "folder", nargs="?", default=str(REPO.parent / "shared" / "data" / "bbc-news")
    )
    parser.add_argument("--engine", default="rules", choices=["rules", "spacy"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    gloss = [sys.executable, "-m", "gloss"]
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.db"
        subprocess.run(
            [*gloss, "--db", str(template), "import", "--no-analysis", args.folder],
            check=True,
            cwd=REPO,
            capture_output=True,
        )
        times: dict[str, list[dict]] = {"pool": [], "dask": []}
        for round_ in range(args.repeat):
            order = ["pool", "dask"] if round_ % 2 == 0 else ["dask", "pool"]
            for way in order:
                db = Path(tmp) / f"{way}.db"
                shutil.copy(template, db)
                scheduler = f"local:{args.workers}" if way == "dask" else ""
                times[way].append(run([RUNNER, str(db), args.engine, scheduler, str(args.workers)]))
                t = times[way][-1]
                print(
                    f"{way:5} round {round_ + 1}: wall {t['wall']:6.1f}s  setup {t['setup']:5.1f}s"
                    f"  analysis {t['analysis']:6.1f}s  close {t['close']:4.1f}s"
                    f"  link {t['link']:5.1f}s  cpu {t['cpu']:6.1f}s",
                    flush=True,
                )
        written = run([WRITER, str(Path(tmp) / "pool.db"), args.engine])
    first = times["pool"][0]
    print(f"\n{first['documents']} documents, {first['words']} words, engine {args.engine}")
    pairs = [d["wall"] / p["wall"] for p, d in zip(times["pool"], times["dask"], strict=True)]
    print("wall ratio per round: " + ", ".join(f"{r:.2f}" for r in pairs))
    for phase in ("wall", "setup", "analysis", "close", "link", "cpu"):
        pool = statistics.median(t[phase] for t in times["pool"])
        dask = statistics.median(t[phase] for t in times["dask"])
        print(f"{phase:9} median: pool {pool:6.2f}s  dask {dask:6.2f}s  ratio {dask / pool:5.2f}")
    per_doc = statistics.median(t["analysis"] - t["setup"] for t in times["pool"]) / (
        first["documents"] / args.workers
    )
    rate = written["documents"] / written["seconds"]
    bulk = written["documents"] / written["bulk"]
    print(
        f"analysis per document and worker: {per_doc * 1000:.1f} ms; the client reads, "
        f"pickles, unpickles and writes {rate:,.0f} documents/s ({written['seconds']:.2f}s "
        f"for {written['documents']}): one writer keeps up with about {rate * per_doc:.0f} "
        f"workers; a bulk load (one transaction, indexes built after) {bulk:,.0f} documents/s: "
        f"about {bulk * per_doc:.0f} workers"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
