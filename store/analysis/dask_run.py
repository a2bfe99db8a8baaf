"""Analyse stored documents on a Dask cluster: workers analyse, this process writes.

For an archive that outgrows one machine. The analysis of a document is a pure function of
its text and the engine (gloss.store.analysis.pipeline), so the workers run exactly what a
worker of the local pool runs (``analyze_chunk`` on the same chunks of :data:`run.BATCH
<gloss.store.analysis.run.BATCH>` documents, long texts cut into the same pieces by the
engine) and need only gloss installed: no store, no shared file system. This process (the
Dask client) is the store's only writer:

- it reads documents chunk by chunk, with at most four chunks per worker thread submitted and
  not yet written, never the whole store;
- it gathers results as they complete (``as_completed``) and writes each chunk in one
  transaction, in document order: row ids, and so the cluster names derived from them
  (``k<smallest claim id>``), are the same as the local pool's;
- a killed client leaves whole chunks written and the rest waiting; a rerun continues there.
  A lost worker's chunks are computed again by Dask on another worker;
- linking across documents runs afterwards here, as after a local analysis.

Before any work it checks that the scheduler answers (a short connect timeout) and that
every worker runs this gloss and engine version (``client.run``), so a mixed cluster fails
with one line instead of storing mixed results. Dask (``dask[distributed]``, the ``cluster``
extra) is imported only here, only when a scheduler is given.
"""

from __future__ import annotations

import logging
import signal
import socket
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from gloss.store.analysis import run
from gloss.store.analysis.base import Analysis, Engine, Job
from gloss.store.analysis.dates import resolve_dates
from gloss.store.analysis.engines import default_engine_name, get_engine, spacy_error
from gloss.store.db import Store
from gloss.store.errors import GlossError

# Seconds to wait for the scheduler to answer, and for a worker to join it.
CONNECT_TIMEOUT = 5.0

_INSTALL_HINT = "pip install 'gloss-reader[cluster]'"


@dataclass(frozen=True)
class Scheduler:
    """Where to run: an existing scheduler's ``address``, or ``local`` workers started here."""

    address: str | None = None
    local: int = 0

    def __str__(self) -> str:
        return self.address or f"local:{self.local}"


def parse_scheduler(spec: str) -> Scheduler:
    """``tcp://HOST:PORT`` (any Dask address; a bare ``HOST:PORT`` is taken as tcp) or
    ``local:N`` (a LocalCluster of N worker processes on this machine)."""
    text = spec.strip()
    if text.startswith("local:"):
        count = text.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise GlossError(f"scheduler {spec!r}: local:N needs a number of workers N >= 1")
        return Scheduler(local=int(count))
    if "://" not in text:
        text = f"tcp://{text}"
    host_port = text.split("://", 1)[1]
    host, _, port = host_port.rpartition(":")
    if not host or not port.isdigit():
        raise GlossError(f"scheduler {spec!r}: use tcp://HOST:PORT or local:N")
    return Scheduler(address=text)


def gloss_version() -> str:
    """The installed gloss's version (the distribution's, as ``gloss --version`` shows)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gloss-reader")
    except PackageNotFoundError:  # pragma: no cover - a source tree without metadata
        return "unknown"


def identity(engine_name: str) -> dict[str, str]:
    """What must match between the client and every worker: gloss and the engine version."""
    eng = get_engine(engine_name)
    return {"gloss": gloss_version(), "engine": eng.name, "version": eng.version}


def _worker_identity(engine_name: str) -> dict[str, str]:
    """On a worker (through ``client.run``): its identity, or why its engine cannot load."""
    try:
        return identity(engine_name)
    except GlossError as exc:
        return {"error": str(exc)}


# One analysis at a time per worker process: a worker started with several threads would
# otherwise share one engine (spaCy's pipeline) between them for no gain under the GIL.
_work_lock = threading.Lock()


def analyze_batch(jobs: list[Job], engine_name: str, version: str) -> list[Analysis]:
    """The task a worker runs: the local pool's ``analyze_chunk`` on one chunk, with the
    engine loaded once per worker process."""
    from gloss.store.analysis.pipeline import analyze_chunk

    with _work_lock:
        eng = get_engine(engine_name)
        if eng.version != version:
            raise GlossError(f"a Dask worker runs {eng.name} {eng.version}, expected {version}")
        return analyze_chunk(jobs, eng)


def _distributed() -> Any:
    """The ``distributed`` module, or one line on how to install it."""
    try:
        import distributed
    except ImportError:
        raise GlossError(f"analysing on a Dask cluster needs Dask: {_INSTALL_HINT}") from None
    # Dask logs every connection at INFO on stderr; gloss reports what matters itself.
    for name in ("distributed", "distributed.client", "distributed.scheduler"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return distributed


@contextmanager
def connect(target: Scheduler) -> Iterator[Any]:
    """A Dask client on ``target`` with at least one worker, closed (and a local cluster
    stopped) on leaving; a scheduler that does not answer in :data:`CONNECT_TIMEOUT`
    seconds, or has no worker, is one GlossError."""
    dd = _distributed()
    if target.local:
        with _local_cluster(dd, target.local) as cluster, dd.Client(cluster) as client:
            # Its worker processes end with this one, even when it is killed (Dask's own
            # watch on the parent; tests/cli/test_cli_dask.py checks it).
            yield client
        return
    _wait_until_reachable(target.address or "", CONNECT_TIMEOUT)
    try:
        with warnings.catch_warnings():
            # Dask warns about any package whose version differs between client, scheduler
            # and workers (pandas, say); gloss checks the two versions that matter itself.
            warnings.simplefilter("ignore")
            client = dd.Client(target.address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GlossError(
            f"cannot reach the Dask scheduler at {target.address} ({reason})"
        ) from None
    with client:
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError):
            raise GlossError(
                f"the Dask scheduler at {target.address} has no worker "
                f"(start some with `dask worker {target.address}`)"
            ) from None
        yield client


def _wait_until_reachable(address: str, timeout: float) -> None:
    """Wait up to ``timeout`` seconds for the scheduler's port to accept a connection (it
    may be starting), else one GlossError. Checked before Dask's client is made: a client
    that fails to connect leaves its event loop thread running."""
    scheme, _, rest = address.partition("://")
    if scheme not in ("tcp", "tls", "ws", "wss"):
        return  # another transport: Dask's client reports it
    host, _, port = rest.split("/", 1)[0].rpartition(":")
    deadline = time.monotonic() + timeout
    while True:
        try:
            left = max(0.1, deadline - time.monotonic())
            with socket.create_connection((host.strip("[]"), int(port)), timeout=left):
                return
        except OSError as exc:
            if time.monotonic() >= deadline:
                reason = exc.strerror or str(exc) or type(exc).__name__
                raise GlossError(
                    f"cannot reach the Dask scheduler at {address} ({reason})"
                ) from None
            time.sleep(0.1)


def worker_config() -> dict[str, Any]:
    """Dask settings for gloss's workers. Dask's nanny starts every worker with
    ``MALLOC_TRIM_THRESHOLD_=65536`` (freed memory goes back to the system at once): spaCy
    allocates and frees much, and its analysis took ~16% more CPU that way (a one-worker probe:
    8.7 s of CPU against 7.5 s in a plain process, 7.2 s without it; None unsets it). The
    worker's profiler samples the analysis thread every 10 ms for a dashboard gloss does not
    open. Applied to ``local:N``; workers started by hand read the same from a Dask config
    file (README)."""
    return {
        "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
        "distributed.worker.profile.enabled": False,
    }


def _local_cluster(dd: Any, workers: int) -> Any:
    """A LocalCluster of ``workers`` processes, one thread each, whose logs stay quiet (a
    worker whose heartbeat meets the closing scheduler logs a traceback at ERROR; failed
    tasks reach gloss as exceptions anyway) and that ignore Ctrl-C: the terminal sends SIGINT
    to every process of the foreground group, and only this one should handle it (workers
    would print tracebacks). A process started with SIGINT ignored keeps it ignored (Python
    and asyncio install their handler only over the default)."""
    options = {
        "n_workers": workers,
        "threads_per_worker": 1,
        "processes": True,
        "dashboard_address": None,
        "silence_logs": logging.CRITICAL,
    }
    import dask

    with dask.config.set(worker_config()):
        if threading.current_thread() is not threading.main_thread():
            return dd.LocalCluster(**options)  # signals can be set in the main thread only
        before = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            return dd.LocalCluster(**options)
        finally:
            signal.signal(signal.SIGINT, before)


def check_workers(found: dict[str, dict[str, str]], eng: Engine) -> int:
    """The workers' identities (``client.run(_worker_identity, ...)``) against this process's
    gloss and engine version; returns the number of workers. A difference (or an engine a
    worker cannot load) is one GlossError."""
    want = {"gloss": gloss_version(), "engine": eng.name, "version": eng.version}
    for address, got in sorted(found.items()):
        if "error" in got:
            raise GlossError(f"Dask worker {address} cannot run {eng.name}: {got['error']}")
        if got != want:
            raise GlossError(
                f"Dask worker {address} runs gloss {got['gloss']} ({got['engine']} "
                f"{got['version']}), this is gloss {want['gloss']} ({eng.name} {eng.version}): "
                "install the same gloss on every worker"
            )
    return len(found)


def _todo(
    store: Store, doc_ids: list[int] | None, eng: Engine, force: bool
) -> tuple[list[int], int]:
    """The ids to analyse, in order, and how many documents were considered (as
    :func:`run.analyze_documents <gloss.store.analysis.run.analyze_documents>` selects them)."""
    if doc_ids is not None and not doc_ids:
        return [], 0
    where, params = "", []
    if doc_ids is not None:
        where = f"WHERE id IN ({','.join('?' * len(doc_ids))})"
        params = list(doc_ids)
    considered = int(store.scalar(f"SELECT count(*) FROM documents {where}", params) or 0)
    if not force:
        skip = "(engine IS NULL OR engine != ? OR engine_version IS NULL OR engine_version != ?)"
        where = f"{where} AND {skip}" if where else f"WHERE {skip}"
        params += [eng.name, eng.version]
    rows = store.rows(f"SELECT id FROM documents {where} ORDER BY id", params)
    return [r["id"] for r in rows], considered


def analyze_on_cluster(
    store: Store,
    doc_ids: list[int] | None = None,
    *,
    scheduler: str,
    engine: str | None = None,
    force: bool = False,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> run.AnalysisReport:
    """Analyse documents on the Dask cluster ``scheduler`` (see :func:`parse_scheduler`) and
    store the results as :func:`run.analyze_documents
    <gloss.store.analysis.run.analyze_documents>` does (same selection, same rows), then
    link across documents here.

    ``on_progress(done, total, note)`` is called after each written chunk; ``note`` gives
    the workers and the throughput in words per second.
    """
    began = time.perf_counter()
    target = parse_scheduler(scheduler)
    name = engine or default_engine_name()
    # This process loads its engine (spaCy: seconds) while the cluster starts and the
    # workers load theirs.
    with ThreadPoolExecutor(1) as loader:
        loading = loader.submit(get_engine, engine)
        with connect(target) as client:
            found = client.run(_worker_identity, name)
            eng = loading.result()
            if eng.name != name:  # spaCy is installed here but did not load: rules, then
                found = client.run(_worker_identity, eng.name)
            workers = check_workers(found, eng)
            threads = sum(client.nthreads().values()) or workers
            todo, considered = _todo(store, doc_ids, eng, force)
            counts = _run_batches(client, store, eng, todo, threads, workers, on_progress)
    fallback = spacy_error() if engine is None and eng.name == "rules" else None
    clusters = run.link_after(store, len(todo))
    return run.AnalysisReport(
        eng.name,
        eng.version,
        len(todo),
        considered - len(todo),
        counts[0],
        counts[1],
        clusters,
        round(time.perf_counter() - began, 3),
        fallback,
        workers,
    )


def _run_batches(
    client: Any,
    store: Store,
    eng: Engine,
    todo: list[int],
    threads: int,
    workers: int,
    on_progress: Callable[[int, int, str], None] | None,
) -> tuple[int, int]:
    """Submit chunks of ``todo``, gather them as they complete and write them in order;
    returns the numbers of entities and claims written."""
    dd = _distributed()
    total = len(todo)
    size = run.BATCH
    chunks = [todo[i : i + size] for i in range(0, total, size)]
    # Chunks submitted and not yet written (in flight or finished out of order): bounded, so
    # memory stays flat however large the store.
    window = max(2, 4 * threads)
    tag = uuid.uuid4().hex[:8]
    read: dict[int, run.Batch] = {}
    ready: dict[int, list[Analysis]] = {}
    keys: dict[str, int] = {}
    pending = dd.as_completed()
    next_submit = next_write = 0
    done = words = entities = claims = 0
    started = time.perf_counter()

    def submit() -> None:
        nonlocal next_submit
        while next_submit < len(chunks) and next_submit - next_write < window:
            k = next_submit
            next_submit += 1
            batch = read[k] = run.read_batch(store, chunks[k])
            if not batch.jobs:  # deleted meanwhile
                ready[k] = []
                continue
            with warnings.catch_warnings():  # a chunk of long texts is a "large graph"
                warnings.simplefilter("ignore")
                future = client.submit(
                    analyze_batch,
                    batch.jobs,
                    eng.name,
                    eng.version,
                    key=f"gloss-analyze-{tag}-{k}",
                    pure=False,
                )
            batch.jobs = []  # the texts went with the task
            keys[future.key] = k
            pending.add(future)

    def write_ready() -> None:
        nonlocal next_write, done, words, entities, claims
        while next_write in ready:
            k = next_write
            results, batch = ready.pop(k), read.pop(k)
            with store.write() as conn:
                for doc_id, published, result in zip(batch.ids, batch.dates, results, strict=True):
                    resolve_dates(result.entities, published)
                    run.write_analysis(conn, doc_id, eng, result)
                    entities += len(result.entities)
                    claims += len(result.claims)
            next_write += 1
            done += len(chunks[k])
            words += batch.words
            if on_progress:
                rate = words / max(time.perf_counter() - started, 1e-9)
                on_progress(done, total, f"{workers} workers, {rate:,.0f} words/s")

    def advance() -> None:
        """Write what is ready in order, then refill the window, until neither moves."""
        while True:
            write_ready()
            before = next_submit
            submit()
            if next_submit == before:
                return

    if on_progress:
        on_progress(0, total, f"{workers} workers")
    advance()
    for future in pending:
        k = keys.pop(future.key)
        try:
            ready[k] = future.result()
        except GlossError:
            raise
        except Exception as exc:  # a worker lost too often, a cancelled task, the scheduler
            raise GlossError(f"the Dask cluster failed: {type(exc).__name__}: {exc}") from None
        finally:
            future.release()
        advance()
    if next_write != len(chunks):  # pragma: no cover - every chunk is submitted and written
        raise GlossError(f"the Dask analysis stopped after {done} of {total} documents")
    return entities, claims
