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

:meth:`AnalysisPool.apart` is the reader's pool: one spawned worker that loads the engine
by name, so spaCy (~300 MB) never loads into the reader's process and its Python work never
competes with the UI thread for the GIL; the worker's output goes to /dev/null, not to the
terminal the reader draws on. :func:`ready_to_spawn` makes spawning work under Textual.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import weakref
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import NamedTuple

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


def ready_to_spawn() -> bool:
    """Make spawned workers startable here; False when they cannot be.

    multiprocessing starts its resource tracker with the parent's stderr descriptor; under
    Textual stderr is a capture whose descriptor is -1 (:func:`can_spawn`). The tracker
    runs once per process, so it is started here with /dev/null as its stderr, after which
    spawning needs no stderr descriptor."""
    if can_spawn():
        return True
    from multiprocessing import resource_tracker

    saved = sys.stderr
    try:
        with open(os.devnull, "w") as sink:
            sys.stderr = sink
            resource_tracker.ensure_running()
    except OSError:
        return False
    finally:
        sys.stderr = saved
    return True


def _silence() -> None:
    """Send this process's stdout and stderr to /dev/null (a worker of the reader: the
    terminal belongs to the reader's screen)."""
    sink = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(sink, fd)
    os.close(sink)


class EngineIdentity(NamedTuple):
    """An engine as the store records it, without loading it: what a worker loaded."""

    name: str
    version: str
    fallback_reason: str | None = None  # why spaCy was not used, when it was asked for


def _identity() -> EngineIdentity:
    from gloss.store.analysis.engines import spacy_error

    if _engine is None:
        raise GlossError(_engine_error or "analysis worker has no engine")
    return EngineIdentity(_engine.name, _engine.version, spacy_error())


def _init(engine_name: str | None, parent_pid: int, quiet: bool = False, load: bool = True) -> None:
    """Worker initializer: end with the parent (gloss.store.lifeline), ignore Ctrl-C (the
    parent handles it), go quiet when asked and load the engine once (``None``: spaCy,
    else the rules engine, as :func:`get_engine`) unless ``load`` is False (a worker that
    only links).

    A load error is kept and raised by the first job, as one clear GlossError (an
    initializer that raises only breaks the pool)."""
    global _engine, _engine_error
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if quiet:
        _silence()
    if not load:
        return
    from gloss.store.analysis.engines import get_engine

    try:
        _engine = get_engine(engine_name)
    except GlossError as exc:
        _engine_error = str(exc)


def _link(path: str) -> int:
    """Link the store at ``path`` across documents (a worker of :meth:`AnalysisPool.apart`:
    the reader never holds the features of every claim of its corpus)."""
    from gloss.store.analysis.links import link_store
    from gloss.store.migrations import open_store

    store = open_store(path)
    try:
        return link_store(store)
    finally:
        store.close()


def _work(jobs: Sequence[Job], version: str) -> list[Analysis]:
    from gloss.store.analysis.pipeline import analyze_chunk

    if _engine is None:
        raise GlossError(_engine_error or "analysis worker has no engine")
    if _engine.version != version:
        raise GlossError(f"analysis worker runs {_engine.version}, expected {version}")
    return analyze_chunk(jobs, _engine)


# The pools in use (entered, not yet left), for :func:`terminate_all`.
_LIVE: weakref.WeakSet[AnalysisPool] = weakref.WeakSet()


def terminate_all() -> int:
    """Terminate the workers of every pool in use now; returns how many were stopped. For a
    process that is quitting: the reader closing mid-analysis would otherwise wait (with a
    blank terminal) for the chunk in hand; the job using the pool then ends at once."""
    stopped = 0
    for pool in list(_LIVE):
        executor = pool._executor
        for worker in list((getattr(executor, "_processes", None) or {}).values()):
            if worker.is_alive():
                worker.terminate()
                stopped += 1
    return stopped


class AnalysisPool:
    """A pool of ``processes`` workers analysing chunks of documents with ``engine``.

    Use as a context manager; :meth:`imap` yields each chunk's results in order. A worker
    that dies (killed, out of memory, a script without a ``__main__`` guard) raises a
    GlossError instead of hanging, which is why this is a ProcessPoolExecutor and not a
    ``multiprocessing.Pool``.
    """

    def __init__(
        self,
        engine: Engine | None,
        processes: int,
        start_method: str | None = None,
        *,
        engine_name: str | None = None,
        quiet: bool = False,
        load_engine: bool = True,
    ) -> None:
        """``engine``: the parent's loaded engine; or None and ``engine_name`` (None: spaCy
        if it loads): the workers load it and :meth:`identity` says which they run."""
        self.engine = engine
        self.engine_name = engine.name if engine is not None else engine_name
        self.processes = max(1, processes)
        self.start_method = start_method or start_method_for_now()
        self.quiet = quiet
        self.load_engine = load_engine  # False: the workers only link (see :meth:`apart`)
        self._identity: EngineIdentity | None = (
            EngineIdentity(engine.name, engine.version) if engine is not None else None
        )
        self._executor: ProcessPoolExecutor | None = None

    @classmethod
    def apart(cls, engine_name: str | None = None, *, linking_only: bool = False) -> AnalysisPool:
        """One quiet spawned worker that loads the engine itself: analysis away from the
        reader's process (see the module docstring). Raises GlossError when no process can
        be spawned here."""
        if not ready_to_spawn():
            raise GlossError("cannot start an analysis process here")
        return cls(
            None, 1, "spawn", engine_name=engine_name, quiet=True, load_engine=not linking_only
        )

    def identity(self) -> EngineIdentity:
        """The engine the workers run (asked of a worker when the parent did not load it)."""
        if self._identity is None:
            if self._executor is None:
                raise RuntimeError("AnalysisPool.identity outside its with block")
            try:
                self._identity = self._executor.submit(_identity).result()
            except BrokenProcessPool as exc:
                raise GlossError(f"the analysis process died ({exc})") from None
        return self._identity

    def __enter__(self) -> AnalysisPool:
        self._executor = ProcessPoolExecutor(
            self.processes,
            mp_context=multiprocessing.get_context(self.start_method),
            initializer=_init,
            initargs=(self.engine_name, os.getpid(), self.quiet, self.load_engine),
        )
        _LIVE.add(self)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        _LIVE.discard(self)
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

    def link(self, path: str) -> int:
        """Link the store at ``path`` in a worker (its own connection; the parent's writes
        wait their turn as with any other process); returns the number of clusters."""
        if self._executor is None:
            raise RuntimeError("AnalysisPool.link outside its with block")
        try:
            return self._executor.submit(_link, path).result()
        except BrokenProcessPool as exc:
            raise GlossError(f"the analysis process died ({exc})") from None

    def imap(self, chunks: Iterable[Sequence[Job]]) -> Iterator[list[Analysis]]:
        """Results per chunk, in order. At most two chunks per worker are in flight, so
        chunks can be read lazily from the store."""
        if self._executor is None:
            raise RuntimeError("AnalysisPool.imap outside its with block")
        window: deque[Future[list[Analysis]]] = deque()
        try:
            for chunk in chunks:
                version = self.identity().version
                window.append(self._executor.submit(_work, list(chunk), version))
                if len(window) >= 2 * self.processes:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
        except BrokenProcessPool as exc:
            raise GlossError(f"an analysis worker process died ({exc})") from None
