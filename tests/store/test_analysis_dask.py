"""Analysis on a Dask cluster: the same rows as the local pool, checked before any work.

The tests that start a two-worker LocalCluster are marked ``dask`` (each takes a few seconds:
``-m 'not dask'`` leaves them out) and check that no worker process or thread outlives them
(tests/conftest.py: no_dask_left).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import gloss.store.analysis.dask_run as dask_run
import gloss.store.analysis.run as run
from gloss.store import Store
from gloss.store.analysis import analyze_documents
from gloss.store.analysis.dask_run import Scheduler, analyze_on_cluster, parse_scheduler
from gloss.store.errors import GlossError
from tests.conftest import long_text
from tests.store.test_analysis_pool import corpus, filled

distributed = pytest.importorskip("distributed")


def tables(store: Store) -> dict[str, list[tuple]]:
    """Every row the analysis and the linking wrote, row ids included."""
    queries = {
        "documents": "SELECT id, engine, engine_version FROM documents ORDER BY id",
        "entities": "SELECT * FROM entities ORDER BY id",
        "claims": "SELECT * FROM claims ORDER BY id",
        "stories": "SELECT * FROM document_stories ORDER BY document_id",
        "meta": "SELECT * FROM meta WHERE key = 'links_version'",
    }
    return {name: [tuple(r.values()) for r in store.rows(sql)] for name, sql in queries.items()}


def test_scheduler_addresses() -> None:
    assert parse_scheduler("local:2") == Scheduler(local=2)
    assert parse_scheduler("tcp://10.0.0.5:8786") == Scheduler(address="tcp://10.0.0.5:8786")
    assert parse_scheduler(" scheduler.lan:8786 ") == Scheduler(address="tcp://scheduler.lan:8786")
    assert parse_scheduler("tls://[::1]:8786").address == "tls://[::1]:8786"
    for bad in ("local:0", "local:two", "local:", "tcp://host", "host", "tcp://:8786"):
        with pytest.raises(GlossError, match="scheduler"):
            parse_scheduler(bad)


def test_without_dask_one_line_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    store = filled(tmp_path / "gloss.db", corpus()[:2])
    with pytest.raises(GlossError, match=r"needs Dask: pip install 'gloss-reader\[cluster\]'"):
        analyze_on_cluster(store, scheduler="local:2", engine="rules")
    assert store.scalar("SELECT count(*) FROM documents WHERE engine IS NOT NULL") == 0
    store.close()


@pytest.mark.dask
def test_cluster_writes_the_same_rows_as_the_local_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_dask_left: None
) -> None:
    # Chunks of three, the first one slow (an 80,000-character text, read in pieces): later
    # chunks complete before it, and are still written after it, in document order.
    monkeypatch.setattr(run, "BATCH", 3)
    texts = [long_text(80_000), *corpus()]
    pool = filled(tmp_path / "pool.db", texts)
    cluster = filled(tmp_path / "cluster.db", texts)
    completed: list[str] = []

    class Recorded(distributed.as_completed):
        def __next__(self):  # type: ignore[no-untyped-def]
            future = super().__next__()
            completed.append(future.key)
            return future

    monkeypatch.setattr(distributed, "as_completed", Recorded)
    seen: list[tuple[int, int, str]] = []
    local = analyze_documents(pool, engine="rules", processes=2)
    remote = analyze_on_cluster(
        cluster, scheduler="local:2", engine="rules", on_progress=lambda *a: seen.append(a)
    )
    assert remote.analysed == local.analysed == len(texts)
    assert remote.processes == 2  # workers
    assert (remote.entities, remote.claims, remote.clusters) == (
        local.entities,
        local.claims,
        local.clusters,
    )
    want, got = tables(pool), tables(cluster)
    assert want["entities"] and want["claims"] and want["stories"]
    assert got == want
    # The chunks did complete out of order, and progress still counted up to the total.
    order = [int(key.rsplit("-", 1)[1]) for key in completed]
    assert sorted(order) == list(range(len(order))) and order != sorted(order)
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
    assert seen[-1][:2] == (len(texts), len(texts))
    assert "2 workers" in seen[-1][2] and "words/s" in seen[-1][2]
    # Up to date now: a second run analyses nothing.
    again = analyze_on_cluster(cluster, scheduler="local:2", engine="rules")
    assert (again.analysed, again.skipped) == (0, len(texts))
    assert tables(cluster) == want
    pool.close()
    cluster.close()


@pytest.mark.dask
def test_a_worker_with_another_gloss_version_stops_it_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_dask_left: None
) -> None:
    store = filled(tmp_path / "gloss.db", corpus()[:3])
    # The client says it is another gloss; the workers (fresh processes) report the real one.
    monkeypatch.setattr(dask_run, "gloss_version", lambda: "9.9.9")
    with pytest.raises(GlossError) as caught:
        analyze_on_cluster(store, scheduler="local:2", engine="rules")
    message = str(caught.value)
    assert "\n" not in message
    assert "runs gloss 0.1.0 (rules gloss" in message
    assert "this is gloss 9.9.9" in message and "same gloss on every worker" in message
    assert store.scalar("SELECT count(*) FROM documents WHERE engine IS NOT NULL") == 0
    store.close()


@pytest.mark.dask
def test_losing_a_worker_mid_run_changes_no_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_dask_left: None
) -> None:
    import psutil

    monkeypatch.setattr(run, "BATCH", 2)
    texts = corpus()[:8]
    pool = filled(tmp_path / "pool.db", texts)
    cluster = filled(tmp_path / "cluster.db", texts)
    analyze_documents(pool, engine="rules", processes=1)
    killed: list[int] = []

    def kill_a_worker(done: int, total: int, note: str) -> None:
        if done and not killed:  # a worker process of the LocalCluster, SIGKILLed
            worker = next(
                p
                for p in psutil.Process().children()
                if not any("resource_tracker" in part for part in p.cmdline())
            )
            worker.kill()
            killed.append(worker.pid)

    report = analyze_on_cluster(
        cluster, scheduler="local:2", engine="rules", on_progress=kill_a_worker
    )
    assert killed and report.analysed == len(texts)
    assert tables(cluster) == tables(pool)
    pool.close()
    cluster.close()


def _worker_settings() -> dict[str, object]:
    import os

    import dask

    return {
        "malloc_trim": os.environ.get("MALLOC_TRIM_THRESHOLD_"),
        "threads": os.environ.get("OMP_NUM_THREADS"),
        "profile": dask.config.get("distributed.worker.profile.enabled"),
    }


@pytest.mark.dask
def test_local_workers_run_without_the_malloc_trim_and_the_profiler() -> None:
    """Dask's default MALLOC_TRIM_THRESHOLD_ made spaCy's analysis cost ~16% more CPU in a
    worker; the profiler samples the analysis thread. gloss's local workers run without
    either, and keep Dask's thread limits."""
    with dask_run.connect(Scheduler(local=1)) as client:
        found = list(client.run(_worker_settings).values())
    assert found == [{"malloc_trim": None, "threads": "1", "profile": False}]
