"""Import, analyse, relink, step by step: the jobs the reader runs in the background.

Every job (:class:`Job`: the first run, an import, analysing the documents that wait for it,
relinking) reports each step through ``on_step`` (a progress bar follows it) and asks
``stop()`` between steps, so a stopped job ends cleanly: every document read so far is
committed, every analysis stored so far is linked across sources, and the rest waits for
analysis (the next start of the reader, ``gloss analyze`` or a re-import catches up). No step
runs UI code; callers decide how to show a :class:`Step`. The reader runs one job at a time
(gloss.tui.jobs), so two jobs never write at once.

Analysis goes through :func:`store.analysis.analyze_documents`. Each call ends by relinking
names and re-clustering claims over the whole store, which grows with the store, so documents
are analysed one at a time (progress per document; each one's entities and claims appear as
soon as they are stored) only while the store is small; otherwise in one call whose batches
report progress.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gloss.store.db import Store
from gloss.store.documents import document_count
from gloss.store.paths import SEED_PREFIX
from gloss.store.wording import counted

if TYPE_CHECKING:
    from gloss.store.analysis.pool import AnalysisPool
    from gloss.store.file_import import ImportReport

# The file importer (decoding, metadata, HTML extraction) is imported by the jobs that import:
# the reader imports this module before its first screen, which needs none of it.
StopCallback = Callable[[], bool]

SMALL_STORE = 50  # documents: up to this many, analyse one document per call
COMMIT_EVERY = 0.3  # seconds: imported documents show up in a list at least this often


@dataclass(frozen=True)
class Step:
    """One step of a job: ``phase`` is "import", "analyse" or "link" (clustering at the end)."""

    phase: str
    done: int
    total: int
    label: str = ""  # the file just read (import)
    analysed: tuple[int, ...] = ()  # documents whose analysis has just been stored


StepCallback = Callable[[Step], None]


@dataclass
class IngestReport:
    """What a job did: the import report, how many documents were analysed, and how it ended."""

    imported: ImportReport = field(default_factory=lambda: _import_report())
    analysed: int = 0
    engine: str | None = None
    fallback_reason: str | None = None  # why spaCy was not used, when it was wanted
    stopped: bool = False
    caught_up: int = 0  # unchanged documents of an import that were waiting for analysis
    clusters: int | None = None  # claim clusters after a relink job
    waiting: int = 0  # documents of the store still waiting for analysis after a stop
    undone: int | None = None  # the correction an undo job forgot

    def summary(self) -> str:
        """One line: the import summary, then what was analysed and whether it was stopped."""
        line = self.imported.summary()
        if self.engine is not None:
            line += f", analysed {self.analysed} ({self.engine})"
            if self.caught_up:
                line += f" including {self.caught_up} unchanged that were waiting"
        if self.stopped:
            line += "; stopped early, everything done so far is kept"
            if self.waiting:
                line += (
                    f"; {counted(self.waiting, 'document')} still wait for analysis "
                    "(they are analysed when the reader next starts, or now with the "
                    'command "analysis: analyse waiting documents" or `gloss analyze`)'
                )
        return line


def _waiting(store: Store) -> int:
    from gloss.store.analysis.status import waiting_count

    return waiting_count(store)


def _import_report() -> ImportReport:
    from gloss.store.file_import import ImportReport

    return ImportReport()


class _Stopped(Exception):
    """Raised from a progress callback to leave analyze_documents between two batches."""


def analyse_in_steps(
    store: Store,
    doc_ids: list[int],
    report: IngestReport,
    *,
    engine: str | None = None,
    on_step: StepCallback | None = None,
    stop: StopCallback | None = None,
    apart: bool = False,
) -> IngestReport:
    """Analyse ``doc_ids`` (see the module docstring for the steps); fills in ``report``.

    ``apart``: analyse in one worker process started for this job (the reader's way, see
    :meth:`AnalysisPool.apart`), so the analysis engine never loads into this process."""
    if not doc_ids:
        return report
    if not apart:
        return _analyse_in_steps(store, doc_ids, report, engine, on_step, stop, None)
    from gloss.store.analysis.pool import AnalysisPool

    with AnalysisPool.apart(engine) as pool:
        return _analyse_in_steps(store, doc_ids, report, engine, on_step, stop, pool)


def _analyse_in_steps(
    store: Store,
    doc_ids: list[int],
    report: IngestReport,
    engine: str | None,
    on_step: StepCallback | None,
    stop: StopCallback | None,
    pool: AnalysisPool | None,
) -> IngestReport:
    from gloss.store.analysis import analyze_documents  # the analysis modules load on demand

    total = len(doc_ids)
    emit = on_step or (lambda step: None)
    emit(Step("analyse", 0, total))
    if document_count(store) <= SMALL_STORE:
        for done, doc_id in enumerate(doc_ids, start=1):
            if stop is not None and stop():
                report.stopped = True
                report.waiting = _waiting(store)
                return report
            result = analyze_documents(store, [doc_id], engine=engine, pool=pool)
            report.analysed += result.analysed
            report.engine, report.fallback_reason = result.engine, result.fallback_reason
            emit(Step("analyse", done, total, analysed=(doc_id,)))
        return report

    def progress(done: int, count: int) -> None:
        if stop is not None and stop() and done < count:
            raise _Stopped
        emit(Step("analyse", done, count))
        if done == count and count:
            emit(Step("link", done, count))

    try:
        result = analyze_documents(store, doc_ids, engine=engine, on_progress=progress, pool=pool)
    except _Stopped:
        report.stopped = True
        _link(store, emit, total, pool)
        report.waiting = _waiting(store)
        engines = _engines_of(store, doc_ids)
        report.analysed = len(engines)
        report.engine = engines[0] if engines else None
        emit(Step("link", total, total, analysed=tuple(doc_ids)))
        return report
    report.analysed += result.analysed
    report.engine, report.fallback_reason = result.engine, result.fallback_reason
    # Still the link phase (it just ended): the bar read "linking ... 100%", then went back
    # to "analysing 30/30" (a new-user test); readers of these documents reload.
    emit(Step("link", total, total, analysed=tuple(doc_ids)))
    return report


def _link(store: Store, emit: StepCallback, total: int, pool: AnalysisPool | None) -> None:
    """Link across documents after a stopped analysis (as analyze_documents ends)."""
    from gloss.store.analysis.run import link_in

    emit(Step("link", total, total))
    link_in(store, pool)


def _engines_of(store: Store, doc_ids: list[int]) -> list[str]:
    """The engine of each of these documents that has been analysed."""
    marks = ",".join("?" * len(doc_ids))
    rows = store.rows(
        f"SELECT engine FROM documents WHERE engine IS NOT NULL AND id IN ({marks})", doc_ids
    )
    return [row["engine"] for row in rows]


def _import_progress(emit: StepCallback) -> Callable[[int, int, str], None]:
    def progress(done: int, total: int, label: str) -> None:
        emit(Step("import", done, total, label))

    return progress


def import_and_analyse(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    analyse: bool = True,
    engine: str | None = None,
    on_step: StepCallback | None = None,
    stop: StopCallback | None = None,
    apart: bool = False,
) -> IngestReport:
    """Import files and folders (as :func:`store.file_import.import_paths`), then analyse the
    imported and updated documents, and the unchanged ones still waiting for analysis (an
    earlier import of the same files was stopped), unless ``analyse`` is False. ``apart``:
    see :func:`analyse_in_steps`."""
    from gloss.store.file_import import import_paths

    emit = on_step or (lambda step: None)
    report = IngestReport()
    report.imported = import_paths(
        store,
        list(paths),
        on_progress=_import_progress(emit),
        stop=stop,
        commit_every=COMMIT_EVERY,
    )
    report.stopped = report.imported.stopped
    if report.stopped and analyse:
        report.waiting = _waiting(store)  # what was read waits for its analysis
    if analyse and not report.stopped:
        waiting = catch_up_ids(store, report.imported)
        report.caught_up = len(waiting)
        todo = report.imported.changed_ids + waiting
        analyse_in_steps(
            store, todo, report, engine=engine, on_step=on_step, stop=stop, apart=apart
        )
    return report


def catch_up_ids(store: Store, imported: ImportReport) -> list[int]:
    """The documents of an import that were already stored and still wait for analysis
    (an earlier import of the same files was stopped before analysing them)."""
    from gloss.store.analysis.status import waiting_among

    changed = set(imported.changed_ids)  # a copy of a file imported just now is not "caught up"
    return [i for i in waiting_among(store, imported.unchanged_ids) if i not in changed]


def analyse_waiting(
    store: Store,
    *,
    engine: str | None = None,
    on_step: StepCallback | None = None,
    stop: StopCallback | None = None,
    apart: bool = False,
) -> IngestReport:
    """Analyse every document waiting for analysis (see gloss.store.analysis.status)."""
    from gloss.store.analysis.status import waiting_ids

    return _analysed(store, waiting_ids(store), engine, on_step, stop, apart)


def analyse_outdated(
    store: Store,
    *,
    engine: str | None = None,
    on_step: StepCallback | None = None,
    stop: StopCallback | None = None,
    apart: bool = False,
) -> IngestReport:
    """Analyse again every document an older gloss analysed (what `gloss analyze --all`
    does from the command line); the reader's corrections are applied again after."""
    from gloss.store.analysis.run import outdated_ids

    return _analysed(store, outdated_ids(store), engine, on_step, stop, apart)


def _analysed(
    store: Store,
    ids: list[int],
    engine: str | None,
    on_step: StepCallback | None,
    stop: StopCallback | None,
    apart: bool,
) -> IngestReport:
    """Analyse ``ids`` in steps (see :func:`analyse_in_steps`); the report of it."""
    report = IngestReport()
    analyse_in_steps(store, ids, report, engine=engine, on_step=on_step, stop=stop, apart=apart)
    return report


def relink(
    store: Store,
    *,
    on_step: StepCallback | None = None,
    stop: StopCallback | None = None,
    apart: bool = False,
) -> IngestReport:
    """Redo the links across sources (a store linked by an older gloss); one step.
    ``apart``: in a worker process that only links (see :func:`analyse_in_steps`)."""
    from gloss.store.analysis.run import link_in

    emit = on_step or (lambda step: None)
    report = IngestReport()
    emit(Step("link", 0, 1))
    if apart:
        from gloss.store.analysis.pool import AnalysisPool

        with AnalysisPool.apart(linking_only=True) as pool:
            report.clusters = link_in(store, pool)
    else:
        report.clusters = link_in(store)
    emit(Step("link", 1, 1))
    return report


def analyse_again(
    store: Store,
    ids: list[int],
    *,
    engine: str | None = None,
    on_step: StepCallback | None = None,
    stop: StopCallback | None = None,
    apart: bool = False,
    undone: int | None = None,
) -> IngestReport:
    """Analyse ``ids`` again after correction ``undone`` was forgotten by
    :func:`corrections.delete_correction` (None: the documents an earlier undo left, see
    :func:`corrections.undone_documents`). Stopped, the documents not yet analysed stay
    marked: the reader analyses them at its next start."""
    report = _analysed(store, ids, engine, on_step, stop, apart)
    report.undone = undone
    return report


def _unanalysed_seeds(store: Store) -> list[int] | None:
    """Ids of seed documents without analysis when the store holds only seeds, else None."""
    # Stops at the first document of the user's own, so a big store is not scanned.
    seeds_only = store.scalar(
        "SELECT NOT EXISTS (SELECT 1 FROM documents WHERE path IS NULL OR substr(path, 1, ?) != ?)",
        (len(SEED_PREFIX), SEED_PREFIX),
    )
    if not seeds_only:
        return None
    rows = store.rows("SELECT id FROM documents WHERE engine IS NULL ORDER BY id")
    return [row["id"] for row in rows]


def first_run_pending(store: Store) -> bool:
    """True for an empty store, or one holding only seed articles some of which were never
    analysed (a first run that was interrupted, e.g. by quitting at once)."""
    empty = not store.scalar("SELECT EXISTS (SELECT 1 FROM documents)")  # not a count(*)
    return empty or bool(_unanalysed_seeds(store))


def seed_and_analyse(
    store: Store,
    *,
    engine: str | None = None,
    on_step: StepCallback | None = None,
    stop: StopCallback | None = None,
    apart: bool = False,
) -> IngestReport | None:
    """The first run: import the five seed articles into an empty store and analyse them
    (or finish analysing them after an interrupted first run). ``apart``: see
    :func:`analyse_in_steps`.

    None when there is nothing to do (see :func:`first_run_pending`).
    """
    from gloss.store.file_import import ImportReport, ensure_seeded

    emit = on_step or (lambda step: None)
    seeded = ensure_seeded(
        store, on_progress=_import_progress(emit), stop=stop, commit_every=COMMIT_EVERY
    )
    if seeded is None:  # not empty: maybe an interrupted first run
        pending = _unanalysed_seeds(store)
        if not pending:
            return None
        seeded = ImportReport(unchanged=len(pending), changed_ids=pending)
    report = IngestReport(imported=seeded, stopped=seeded.stopped)
    if not report.stopped:
        analyse_in_steps(
            store,
            seeded.changed_ids,
            report,
            engine=engine,
            on_step=on_step,
            stop=stop,
            apart=apart,
        )
    return report


JobRun = Callable[[Store, StepCallback, StopCallback], IngestReport | None]


@dataclass(frozen=True)
class Job:
    """One long piece of work on the store, for a queue that runs one at a time.

    ``kind`` is "first run", "import", "analysis", "relink" or "undo" (what a queue shows while it
    waits); ``run(store, on_step, stop)`` does the work and returns its report (None: there
    was nothing to do). ``analyses_waiting``: the job analyses documents that wait for
    analysis (an import: those it imports and those of its files still waiting), so a reader
    of one can say it is on its way.
    """

    kind: str
    run: JobRun
    importing: str = "importing"  # how a progress line names the import phase
    analyses_waiting: bool = False
    documents: str = "waiting documents"  # what an analysis job analyses, in its last line


def first_run_job(engine: str | None = None, *, apart: bool = False) -> Job:
    """The first run: the seed articles imported and analysed (see :func:`seed_and_analyse`)."""
    return Job(
        "first run",
        lambda store, on_step, stop: seed_and_analyse(
            store, engine=engine, on_step=on_step, stop=stop, apart=apart
        ),
        importing="importing seeds",
        analyses_waiting=True,
    )


def import_job(
    paths: list[str], *, analyse: bool = True, engine: str | None = None, apart: bool = False
) -> Job:
    """Import files and folders, then analyse them (see :func:`import_and_analyse`)."""
    return Job(
        "import",
        lambda store, on_step, stop: import_and_analyse(
            store, paths, analyse=analyse, engine=engine, on_step=on_step, stop=stop, apart=apart
        ),
        analyses_waiting=analyse,
    )


def analyse_waiting_job(engine: str | None = None, *, apart: bool = False) -> Job:
    """Analyse every document waiting for analysis (see :func:`analyse_waiting`)."""
    return Job(
        "analysis",
        lambda store, on_step, stop: analyse_waiting(
            store, engine=engine, on_step=on_step, stop=stop, apart=apart
        ),
        analyses_waiting=True,
    )


def analyse_outdated_job(engine: str | None = None, *, apart: bool = False) -> Job:
    """Analyse again what an older gloss analysed (see :func:`analyse_outdated`)."""
    return Job(
        "analysis",
        lambda store, on_step, stop: analyse_outdated(
            store, engine=engine, on_step=on_step, stop=stop, apart=apart
        ),
        documents="outdated documents",
    )


def relink_job(*, apart: bool = False) -> Job:
    """Redo the links across sources for this gloss version (see :func:`relink`)."""
    return Job(
        "relink",
        lambda store, on_step, stop: relink(store, on_step=on_step, stop=stop, apart=apart),
    )


def analyse_again_job(
    ids: list[int], engine: str | None = None, *, apart: bool = False, undone: int | None = None
) -> Job:
    """Analyse the documents of an undone correction again (see :func:`analyse_again`)."""
    return Job(
        "undo",
        lambda store, on_step, stop: analyse_again(
            store, ids, engine=engine, on_step=on_step, stop=stop, apart=apart, undone=undone
        ),
    )
