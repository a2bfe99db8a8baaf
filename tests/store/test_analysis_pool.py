"""Bulk analysis in a pool of processes: same results as one process, clean on Ctrl-C."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
from dataclasses import asdict
from pathlib import Path

import pytest

import gloss.store.analysis as analysis
import gloss.store.analysis.run as run
from gloss.store import Store, open_store
from gloss.store.analysis import analyze_documents
from gloss.store.analysis.pool import AnalysisPool, can_spawn, start_method_for_now
from gloss.store.documents import DocumentMeta, save_document

REPO = Path(__file__).resolve().parents[2]


def corpus() -> list[str]:
    """The seeds and, as more news-like documents, runs of three of their paragraphs."""
    texts = []
    for path in sorted((REPO / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        paras = [p for p in text.split("\n\n") if p.strip()]
        texts += ["\n\n".join(paras[i : i + 3]) for i in range(1, len(paras) - 2, 3)]
    return texts


def filled(path: Path, texts: list[str]) -> Store:
    store = open_store(path)
    with store.write() as conn:
        for i, text in enumerate(texts):
            save_document(conn, text, f"doc{i}.txt", DocumentMeta())
    return store


def stored(store: Store) -> dict[str, list[tuple]]:
    """Everything the analysis wrote, without row ids."""
    return {
        "documents": [
            tuple(r.values())
            for r in store.rows("SELECT id, engine, engine_version FROM documents ORDER BY id")
        ],
        "entities": [
            tuple(r.values())
            for r in store.rows(
                "SELECT document_id, start, end, label, text, canonical FROM entities "
                "ORDER BY document_id, start, end, label"
            )
        ],
        "claims": [
            tuple(r.values())
            for r in store.rows(
                "SELECT document_id, start, end, kind, speaker, speaker_start, speaker_end, cue, "
                "cue_start, cue_end, content_start, content_end, score, hedges, cluster "
                "FROM claims ORDER BY document_id, start, content_start"
            )
        ],
    }


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    # Several chunks per worker from a small corpus (chunks are cut in the parent).
    monkeypatch.setattr(run, "BATCH", 3)


def spacy_or_skip() -> None:
    pytest.importorskip("spacy")
    from gloss.store.errors import GlossError

    try:
        analysis.get_engine("spacy")
    except GlossError as exc:
        pytest.skip(str(exc))


@pytest.mark.parametrize("engine", ["rules", "spacy"])
def test_pool_gives_the_same_store_as_one_process(
    tmp_path: Path, small_batches: None, engine: str
) -> None:
    if engine == "spacy":
        spacy_or_skip()
    texts = corpus()
    assert len(texts) >= 12
    one = filled(tmp_path / "one.db", texts)
    many = filled(tmp_path / "many.db", texts)
    seen: list[tuple[int, int]] = []
    first = analyze_documents(one, engine=engine, processes=1)
    second = analyze_documents(
        many, engine=engine, processes=2, on_progress=lambda d, t: seen.append((d, t))
    )
    assert first.analysed == second.analysed == len(texts)
    assert (first.entities, first.claims, first.clusters) == (
        second.entities,
        second.claims,
        second.clusters,
    )
    a, b = stored(one), stored(many)
    assert a["claims"] and a["entities"]
    assert a == b
    assert seen[0] == (0, len(texts)) and seen[-1] == (len(texts), len(texts))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert not multiprocessing.active_children()
    one.close()
    many.close()


def test_interrupt_keeps_whole_documents_and_stops_the_pool(
    tmp_path: Path, small_batches: None
) -> None:
    texts = corpus()
    reference = filled(tmp_path / "ref.db", texts)
    analyze_documents(reference, engine="rules", processes=1)
    want = stored(reference)
    store = filled(tmp_path / "gloss.db", texts)

    def interrupt(done: int, total: int) -> None:
        if done >= 6:  # after the second chunk is written
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        analyze_documents(store, engine="rules", processes=2, on_progress=interrupt)
    assert not multiprocessing.active_children()
    got = stored(store)
    analysed = {doc for doc, eng, _ in got["documents"] if eng == "rules"}
    assert len(analysed) == 6
    # Each analysed document has all of its rows and the others none (corpus canonical names
    # and clusters are computed at the end, so they are compared without).
    assert [e[:5] for e in got["entities"]] == [e[:5] for e in want["entities"] if e[0] in analysed]

    def local(claim: tuple) -> tuple:
        return claim[:4] + claim[5:-1]

    assert [local(c) for c in got["claims"]] == [
        local(c) for c in want["claims"] if c[0] in analysed
    ]
    # The next run picks up the rest.
    rest = analyze_documents(store, engine="rules", processes=2)
    assert rest.analysed == len(texts) - 6
    assert stored(store) == want
    store.close()
    reference.close()


def test_interrupt_inside_a_document_write_rolls_it_back(
    tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = filled(tmp_path / "gloss.db", corpus())
    real_save = run._save
    calls = 0

    def save(store: Store, doc_id: int, eng: object, result: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:
            with store.write() as conn:  # the write fails after its deletes and inserts
                real_save(store, doc_id, eng, result)  # type: ignore[arg-type]
                conn.execute("SELECT 1")
                raise KeyboardInterrupt
        real_save(store, doc_id, eng, result)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "_save", save)
    with pytest.raises(KeyboardInterrupt):
        analyze_documents(store, engine="rules", processes=2)
    assert not multiprocessing.active_children()
    done = store.rows("SELECT id FROM documents WHERE engine IS NOT NULL ORDER BY id")
    assert len(done) == 4
    with_rows = store.rows(
        "SELECT DISTINCT document_id AS id FROM entities UNION "
        "SELECT DISTINCT document_id FROM claims ORDER BY id"
    )
    assert {r["id"] for r in with_rows} <= {r["id"] for r in done}
    store.close()


def test_small_jobs_stay_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = filled(tmp_path / "gloss.db", corpus()[:5])

    class NoPool:
        def __init__(self, *args: object) -> None:
            raise AssertionError("a pool was started for five documents")

    monkeypatch.setattr(run, "AnalysisPool", NoPool)
    assert analyze_documents(store, engine="rules").analysed == 5
    store.close()


def test_a_dead_worker_is_an_error_not_a_hang(tmp_path: Path) -> None:
    # A script without a __main__ guard: spawned workers re-run it and die while starting.
    script = tmp_path / "unguarded.py"
    script.write_text(
        "from gloss.store.analysis import get_engine\n"
        "from gloss.store.analysis.pool import AnalysisPool\n"
        "with AnalysisPool(get_engine('rules'), 2, 'spawn') as pool:\n"
        "    list(pool.imap([[('He said so.', [])]] * 4))\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode != 0
    assert "an analysis worker process died" in done.stderr


def test_enough_words_start_a_process_per_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = filled(tmp_path / "gloss.db", corpus()[:5])
    words = int(store.scalar("SELECT sum(words) FROM documents") or 0)
    started: list[int] = []
    real = run.AnalysisPool

    def pool(engine: object, processes: int, method: str | None = None) -> object:
        started.append(processes)
        return real(engine, processes, method)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "AnalysisPool", pool)
    monkeypatch.setattr(run, "cpu_count", lambda: 2)
    monkeypatch.setattr(run, "BATCH", 2)
    short = {"rules": words + 1}
    monkeypatch.setattr(run, "BULK_MIN_WORDS", {"fork": short, "spawn": short})
    assert analyze_documents(store, engine="rules").analysed == 5
    assert started == []  # one word short
    enough = {"rules": words}
    monkeypatch.setattr(run, "BULK_MIN_WORDS", {"fork": enough, "spawn": enough})
    assert analyze_documents(store, engine="rules", force=True).analysed == 5
    assert started == [2]
    store.close()


@pytest.mark.parametrize("engine", ["rules", "spacy"])
def test_spawned_workers_give_the_same_results(engine: str) -> None:
    # analyze_documents forks when it can; spawned workers load the engine themselves.
    if engine == "spacy":
        spacy_or_skip()
    eng = analysis.get_engine(engine)
    texts = corpus()
    chunks = [[(t, []) for t in texts[i : i + 4]] for i in range(0, len(texts), 4)]
    with AnalysisPool(eng, 2, "spawn") as pool:
        pooled = [r for results in pool.imap(chunks) for r in results]
    alone = analysis.analyze_texts(texts, eng)  # one batch: chunking does not matter either
    assert [asdict(r) for r in pooled] == [asdict(r) for r in alone]
    assert any(r.claims for r in alone)
    assert not multiprocessing.active_children()


def test_threaded_parent_spawns() -> None:
    assert start_method_for_now() == "fork"  # pytest runs tests in its main thread only
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert start_method_for_now() == "spawn"
    finally:
        release.set()
        thread.join()


class _CapturedStderr:
    """Like Textual's print capture: a stderr whose file descriptor is -1."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        return -1


def test_no_pool_where_spawning_cannot_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert can_spawn()
    store = filled(tmp_path / "gloss.db", corpus()[:5])
    monkeypatch.setattr(run, "cpu_count", lambda: 2)
    monkeypatch.setattr(run, "BATCH", 2)
    monkeypatch.setattr(run, "BULK_MIN_WORDS", {"fork": {"rules": 0}, "spawn": {"rules": 0}})
    monkeypatch.setattr(run, "start_method_for_now", lambda: "spawn")
    monkeypatch.setattr(sys, "stderr", _CapturedStderr())
    assert not can_spawn()
    report = analyze_documents(store, engine="rules")
    assert (report.analysed, report.processes) == (5, 1)
    store.close()


def test_terminate_all_stops_the_pools_in_use_at_once() -> None:
    """The reader quitting mid-analysis: the chunk in hand is not waited for (a new-user
    test saw a blank terminal for 7 s after ctrl+q)."""
    import time
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing.connection import wait

    from gloss.store.analysis.pool import terminate_all

    with AnalysisPool(None, 1, engine_name="rules", load_engine=False) as pool:
        assert pool._executor is not None
        pool._executor.submit(os.getpid).result(timeout=60)  # the worker is up
        (worker,) = pool._executor._processes.values()
        chunk = pool._executor.submit(time.sleep, 600)  # a chunk that would take long
        assert terminate_all() == 1
        with pytest.raises(BrokenProcessPool):
            chunk.result(timeout=30)
        # The worker's sentinel, not is_alive(): the executor's own thread reaps the worker,
        # and a second waitpid from here would then report it alive forever.
        assert wait([worker.sentinel], timeout=30) == [worker.sentinel]
    assert terminate_all() == 0  # a pool left is no longer in use
