"""Import, then analyse, step by step: what the TUI's first run and import dialog run in a worker.

Both report every step through ``on_step`` (a progress bar follows it) and ask ``stop()``
between steps, so a cancelled job ends cleanly: every document read so far is committed, every
analysis stored so far is linked across sources, and the rest stays unanalysed (``gloss analyze``
finishes it later). No step runs UI code; callers decide how to show a :class:`Step`.

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

from gloss.store.db import Store
from gloss.store.documents import document_count
from gloss.store.file_import import (
    SEED_PREFIX,
    ImportReport,
    StopCallback,
    ensure_seeded,
    import_paths,
)

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

    imported: ImportReport = field(default_factory=ImportReport)
    analysed: int = 0
    engine: str | None = None
    fallback_reason: str | None = None  # why spaCy was not used, when it was wanted
    stopped: bool = False

    def summary(self) -> str:
        """One line: the import summary, then what was analysed and whether it was stopped."""
        line = self.imported.summary()
        if self.engine is not None:
            line += f", analysed {self.analysed} ({self.engine})"
        if self.stopped:
            line += "; stopped early, everything done so far is kept"
        return line


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
) -> IngestReport:
    """Analyse ``doc_ids`` (see the module docstring for the steps); fills in ``report``."""
    from gloss.store.analysis import analyze_documents  # the analysis modules load on demand

    total = len(doc_ids)
    emit = on_step or (lambda step: None)
    if not total:
        return report
    emit(Step("analyse", 0, total))
    if document_count(store) <= SMALL_STORE:
        for done, doc_id in enumerate(doc_ids, start=1):
            if stop is not None and stop():
                report.stopped = True
                return report
            result = analyze_documents(store, [doc_id], engine=engine)
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
        result = analyze_documents(store, doc_ids, engine=engine, on_progress=progress)
    except _Stopped:
        report.stopped = True
        _link(store, emit, total)
        engines = _engines_of(store, doc_ids)
        report.analysed = len(engines)
        report.engine = engines[0] if engines else None
        emit(Step("analyse", total, total, analysed=tuple(doc_ids)))
        return report
    report.analysed += result.analysed
    report.engine, report.fallback_reason = result.engine, result.fallback_reason
    emit(Step("analyse", total, total, analysed=tuple(doc_ids)))
    return report


def _link(store: Store, emit: StepCallback, total: int) -> None:
    """Link across documents after a stopped analysis (as analyze_documents ends)."""
    from gloss.store.analysis import link_store

    emit(Step("link", total, total))
    link_store(store)


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
) -> IngestReport:
    """Import files and folders (as :func:`store.file_import.import_paths`), then analyse the
    imported and updated documents unless ``analyse`` is False."""
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
    if analyse and not report.stopped:
        analyse_in_steps(
            store, report.imported.changed_ids, report, engine=engine, on_step=on_step, stop=stop
        )
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
    return document_count(store) == 0 or bool(_unanalysed_seeds(store))


def seed_and_analyse(
    store: Store,
    *,
    engine: str | None = None,
    on_step: StepCallback | None = None,
    stop: StopCallback | None = None,
) -> IngestReport | None:
    """The first run: import the five seed articles into an empty store and analyse them
    (or finish analysing them after an interrupted first run).

    None when there is nothing to do (see :func:`first_run_pending`).
    """
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
            store, seeded.changed_ids, report, engine=engine, on_step=on_step, stop=stop
        )
    return report
