"""Benchmark: one long document through ``gloss analyze``, per engine and size.

Usage: python tests/bench/bench_long_text.py [--engines rules,spacy] [--sizes 0.1,1,5,17]
[--kinds news,paragraph]

Each run is its own process: it stores one document of SIZE million characters in a fresh
store and analyses it as ``gloss analyze`` does (one process; entities and claims stored,
then linked across documents), timing the analysis and the linking apart. ``news`` is BBC
News articles (../shared/data/bbc-news beside the repo) concatenated, repeated when the
size asks for more; ``paragraph`` is one news paragraph with names and quotes repeated on a
single line (no paragraph break to cut at: pieces end at sentences). Prints a table with
wall and CPU seconds per MB (the CPU figure holds when other work shares the machine) and
peak RSS after the analysis and after the linking, and the seconds the reader takes to read
the document's layers before it shows it (``open s``). Not a test.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

BBC = REPO.parent / "shared" / "data" / "bbc-news"
PARAGRAPH = (
    "White House spokesman John Kirby said on Friday that North Korea had delivered more than "
    "1,000 containers of military equipment and munitions to Russia. “We condemn this,” Kirby "
    "told reporters in Washington, adding that the United States would impose new sanctions. "
)


def make_text(kind: str, size: int) -> str:
    """``size`` characters of the given kind of text."""
    if kind == "paragraph":
        return (PARAGRAPH * (size // len(PARAGRAPH) + 1))[:size]
    paths = sorted(BBC.rglob("*.txt"))
    if not paths:
        raise SystemExit(f"{BBC}: no BBC articles (the news texts are made from them)")
    parts: list[str] = []
    total = 0
    while total < size:
        text = paths[len(parts) % len(paths)].read_bytes().decode("utf-8", errors="replace")
        parts.append(text.strip())
        total += len(parts[-1]) + 2
    return "\n\n".join(parts)[:size]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(engine: str, kind: str, size: int) -> dict[str, float | int]:
    """One measurement, in this process (see the module docstring)."""
    import gloss.store.analysis.run as run
    from gloss.store.analysis import get_engine
    from gloss.store.documents import DocumentMeta, save_document
    from gloss.store.migrations import open_store

    text = make_text(kind, size)
    get_engine(engine)  # loaded before the clock starts, as in a running gloss
    loaded = peak_mb()
    phases: dict[str, float] = {}
    real_link = run.link_store

    def timed_link(store: object) -> int:
        phases["analysed_wall"] = time.perf_counter() - phases["wall"]
        phases["analysed_cpu"] = cpu() - phases["cpu"]
        phases["analysed_peak"] = peak_mb()
        began = time.perf_counter()
        clusters = real_link(store)  # type: ignore[arg-type]
        phases["link"] = time.perf_counter() - began
        return clusters

    run.link_store = timed_link  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        with store.write() as conn:
            save_document(conn, text, f"{kind}.txt", DocumentMeta())
        phases["wall"], phases["cpu"] = time.perf_counter(), cpu()
        report = run.analyze_documents(store, engine=engine, processes=1)
        from gloss.store.document_layers import load_reading

        began = time.perf_counter()
        load_reading(store, 1)  # what the reader reads before it shows the document
        phases["open"] = time.perf_counter() - began
        store.close()
    return {
        "chars": len(text),
        "loaded": loaded,
        "wall": phases["analysed_wall"],
        "cpu": phases["analysed_cpu"],
        "peak": phases["analysed_peak"],
        "link": phases["link"],
        "open": phases["open"],
        "peak_linked": peak_mb(),
        "entities": report.entities,
        "claims": report.claims,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engines", default="rules,spacy")
    parser.add_argument("--sizes", default="0.1,1,5,17", help="million characters")
    parser.add_argument("--kinds", default="news,paragraph")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "KIND", "SIZE"))
    args = parser.parse_args()
    if args.child:
        engine, kind, size = args.child
        print(json.dumps(child(engine, kind, int(size))))
        return 0
    header = (
        f"{'engine':<6} {'text':<9} {'MB':>5} {'analyse s':>9} {'s/MB':>6} {'CPU s/MB':>8} "
        f"{'link s':>6} {'open s':>6} {'RSS MB':>15} {'entities':>8} {'claims':>7}"
    )
    print(header)
    print("-" * len(header))
    for engine in args.engines.split(","):
        for kind in args.kinds.split(","):
            for mb in args.sizes.split(","):
                size = int(float(mb) * 1_000_000)
                done = subprocess.run(
                    [sys.executable, __file__, "--child", engine, kind, str(size)],
                    capture_output=True,
                    text=True,
                )
                if done.returncode:
                    print(f"{engine:<6} {kind:<9} {mb:>5} failed: {done.stderr.strip()[-300:]}")
                    continue
                r = json.loads(done.stdout.strip().splitlines()[-1])
                per = r["chars"] / 1e6
                rss = f"{r['loaded']:.0f}/{r['peak']:.0f}/{r['peak_linked']:.0f}"
                print(
                    f"{engine:<6} {kind:<9} {mb:>5} {r['wall']:>9.1f} {r['wall'] / per:>6.1f} "
                    f"{r['cpu'] / per:>8.1f} {r['link']:>6.1f} {r['open']:>6.2f} {rss:>15} "
                    f"{r['entities']:>8} "
                    f"{r['claims']:>7}",
                    flush=True,
                )
    print("RSS MB: engine loaded / peak after the analysis / peak after linking")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
