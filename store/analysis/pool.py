"""Bulk analysis with a process per core: each worker runs the whole per-document analysis.

NER, the on-demand parse, claims, scores and entity linking all run in the workers; the
parent only reads texts from the store, writes results and reports progress. Each worker
gets the engine once, in its initializer: forked workers (the default when the parent has no
other thread, as in the CLI) find it already loaded; spawned ones (when the parent has
threads, or on request) import and load it. Nothing relies on fork: the tests run both.
Where spawning cannot work (:func:`can_spawn`: under Textual) the analysis runs in one
process. Workers ignore SIGINT: on Ctrl-C the parent alone gets ``KeyboardInterrupt``, and
leaving the ``with`` block terminates the pool. Workers end with the parent
(gloss.store.lifeline): a killed parent leaves no worker behind.

Results do not depend on the mode: a chunk is analysed by the same ``analyze_chunk`` in a
worker as in the parent.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from gloss.store.analysis.base import Analysis, Engine, Job
from gloss.store.errors import GlossError
from gloss.store.lifeline import die_with_parent

_engine: Engine | None = None
_engine_error: str | None = None


def cpu_count() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def start_method_for_now() -> str:
    """Fork when this process has no other thread (the CLI): workers start at once with the
    parent's loaded model. Otherwise spawn: forking a threaded process (the TUI) can
    deadlock the child."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def can_spawn() -> bool:
    """Whether spawned workers can start here. multiprocessing hands ``sys.stderr``'s file
    descriptor to its resource tracker; a captured stderr that reports -1 (Textual's does)
    makes every spawn fail with "bad value(s) in fds_to_keep". A stderr without a
    descriptor at all is skipped by multiprocessing, so that one is fine."""
    try:
        fd = sys.stderr.fileno()
    except Exception:  # None, closed, or no descriptor: multiprocessing skips it too
        return True
    return fd >= 0


def _init(engine_name: str, parent_pid: int) -> None:
    """Worker initializer: end with the parent (gloss.store.lifeline), ignore Ctrl-C (the
    parent handles it) and load the engine once.

    A load error is kept and raised by the first job, as one clear GlossError (an
    initializer that raises only breaks the pool)."""
    global _engine, _engine_error
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from gloss.store.analysis.engines import get_engine

    try:
        _engine = get_engine(engine_name)
    except GlossError as exc:
        _engine_error = str(exc)


def _work(jobs: Sequence[Job], version: str) -> list[Analysis]:
    from gloss.store.analysis.pipeline import analyze_chunk

    if _engine is None:
        raise GlossError(_engine_error or "analysis worker has no engine")
    if _engine.version != version:
        raise GlossError(f"analysis worker runs {_engine.version}, expected {version}")
    return analyze_chunk(jobs, _engine)


class AnalysisPool:
    """A pool of ``processes`` workers analysing chunks of documents with ``engine``.

    Use as a context manager; :meth:`imap` yields each chunk's results in order. A worker
    that dies (killed, out of memory, a script without a ``__main__`` guard) raises a
    GlossError instead of hanging, which is why this is a ProcessPoolExecutor and not a
    ``multiprocessing.Pool``.
    """

    def __init__(self, engine: Engine, processes: int, start_method: str | None = None) -> None:
        self.engine = engine
        self.processes = max(1, processes)
        self.start_method = start_method or start_method_for_now()
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> AnalysisPool:
        self._executor = ProcessPoolExecutor(
            self.processes,
            mp_context=multiprocessing.get_context(self.start_method),
            initializer=_init,
            initargs=(self.engine.name, os.getpid()),
        )
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        executor = self._executor
        if executor is None:
            return
        self._executor = None
        if exc_type is None:
            executor.shutdown(wait=True)
            return
        # Ctrl-C or an error: stop the workers now rather than after their current chunk.
        if hasattr(executor, "terminate_workers"):  # Python 3.14+
            executor.terminate_workers()
            return
        workers = list((getattr(executor, "_processes", None) or {}).values())
        for worker in workers:
            worker.terminate()
        executor.shutdown(wait=True, cancel_futures=True)
        for worker in workers:
            worker.join()

    def imap(self, chunks: Iterable[Sequence[Job]]) -> Iterator[list[Analysis]]:
        """Results per chunk, in order. At most two chunks per worker are in flight, so
        chunks can be read lazily from the store."""
        if self._executor is None:
            raise RuntimeError("AnalysisPool.imap outside its with block")
        window: deque[Future[list[Analysis]]] = deque()
        try:
            for chunk in chunks:
                window.append(self._executor.submit(_work, list(chunk), self.engine.version))
                if len(window) >= 2 * self.processes:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
        except BrokenProcessPool as exc:
            raise GlossError(f"an analysis worker process died ({exc})") from None
