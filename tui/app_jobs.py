"""The app's side of background jobs: queue them, show their progress in the job bars, list
documents and refresh readers as they land, say how they ended (a mixin of GlossApp, which
owns the widgets; the queue itself is gloss.tui.jobs)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work

from gloss.store.errors import store_failure
from gloss.store.import_jobs import (
    IngestReport,
    Job,
    analyse_outdated_job,
    analyse_waiting_job,
    import_job,
    relink_job,
)
from gloss.tui.jobs import JobFinished, JobQueue, JobStepped, finished_text
from gloss.tui.safe import clean
from gloss.tui.widgets.job_bar import JobStatus

if TYPE_CHECKING:
    from textual.timer import Timer

    from gloss.store import Store
    from gloss.tui.screens.import_dialog import ImportRequest
    from gloss.tui.screens.library import LibraryScreen
    from gloss.tui.screens.reader import ReaderScreen

JOB_LINGER = 6.0  # seconds the job bar shows how a job ended
LIST_REFRESH = 0.5  # seconds: while a job stores documents, the library relists this often
REJECTED_SHOWN = 5  # files named in the notice at the end of an import


class JobsMixin:
    """Background jobs for GlossApp: the first run, imports, analysis, relinking."""

    if TYPE_CHECKING:  # provided by GlossApp
        store: Store
        engine: str | None
        analysis_apart: bool
        jobs: JobQueue
        library: LibraryScreen
        job_status: JobStatus | None
        last_import: IngestReport | None
        import_paths: list[str]  # what the last import dialog asked for
        screen_stack: list[Any]
        _job_hide: Timer | None
        _job_tick: Timer | None
        _list_stale: bool

        def notify(self, message: str, **kwargs: Any) -> None: ...
        def set_timer(self, delay: float, callback: Any) -> Timer: ...
        def set_interval(self, interval: float, callback: Any) -> Timer: ...
        def call_from_thread(self, callback: Any, *args: Any, **kwargs: Any) -> Any: ...
        def push_screen(self, screen: Any, callback: Any = None) -> Any: ...
        def report_store_error(self, error: BaseException | str) -> None: ...

    @property
    def analysis_running(self) -> bool:
        """True while a job that analyses the waiting documents runs or waits to run."""
        jobs = [self.jobs.running, *self.jobs.queued]
        return any(job is not None and job.analyses_waiting for job in jobs)

    def run_job(self, job: Job) -> None:
        """Run a job in the background, after the one running (the job bar says so)."""
        self.jobs.add(job)
        self._show_job()
        if job.analyses_waiting:  # readers of waiting documents say it is on its way
            for screen in self._readers():
                if screen.unanalysed:
                    screen.refresh_where()

    def _readers(self) -> list[ReaderScreen]:
        """The readers on the screen stack (the reader module is imported when a document
        is first opened: until then there are none, and it is not imported here)."""
        reader = sys.modules.get("gloss.tui.screens.reader")
        if reader is None:
            return []
        return [s for s in self.screen_stack if isinstance(s, reader.ReaderScreen)]

    def _show_job(self, message: JobStepped | None = None) -> None:
        """Show the running job (at the step of ``message``, else at its last step)."""
        if message is not None:
            status = self.jobs.status(message.job, message.step)
        else:
            status = self.jobs.status()
        if status is not None:
            if self._job_hide is not None:
                self._job_hide.stop()
            self.job_status = status

    @work(thread=True, group="catch-up")
    def _catch_up(self) -> None:
        """Documents waiting for analysis (an import stopped or interrupted) are analysed in
        the background, as the first run finishes its own; otherwise a store linked by an
        older gloss is relinked (seconds). Documents an older gloss analysed are not analysed
        again (minutes on a large store): a notice says how many."""
        from gloss.store.analysis import links_stale, outdated_documents, waiting_count
        from gloss.store.analysis.corrections import undone_documents
        from gloss.store.import_jobs import analyse_again_job

        undone = undone_documents(self.store)
        # Counted before the undo's job starts: it may end (and lower the count) at once.
        outdated = max(0, outdated_documents(self.store) - len(undone))
        if undone:  # an undo cut short (quit, stopped, killed): it finishes now
            job = analyse_again_job(undone, self.engine, apart=self.analysis_apart)
            self.call_from_thread(self.run_job, job)
        if outdated:
            self.call_from_thread(
                self.notify,
                f"{outdated} documents were analysed by an older gloss: the command "
                '"analysis: analyse outdated documents" (ctrl+p) brings them up to date',
                title="analysis",
                timeout=12,
                markup=False,
            )
        if waiting_count(self.store):
            job = analyse_waiting_job(self.engine, apart=self.analysis_apart)
            self.call_from_thread(self.run_job, job)
        elif links_stale(self.store):
            self.call_from_thread(self.run_job, relink_job(apart=self.analysis_apart))

    def action_analyse_waiting(self) -> None:
        """Analyse every document waiting for analysis, in the background."""
        if self.analysis_running:
            self.notify("the waiting documents are already being analysed", timeout=4)
            return
        self.run_job(analyse_waiting_job(self.engine, apart=self.analysis_apart))

    def action_analyse_outdated(self) -> None:
        """Analyse again, in the background, every document an older gloss analysed."""
        from gloss.store.analysis import outdated_documents

        if self.analysis_running:
            self.notify("an analysis is running: try again when it ends", timeout=4)
            return
        if not outdated_documents(self.store):
            self.notify("every document is analysed by this gloss", timeout=4)
            return
        # The start-up notice that proposed this stayed over the job bar's percentage (a
        # new-user test): acted on, it goes.
        self.clear_notifications()
        self.run_job(analyse_outdated_job(self.engine, apart=self.analysis_apart))

    def action_stop_job(self) -> None:
        """Stop the running job after its current step (what it stored stays)."""
        if self.jobs.stop():
            self._show_job()
        else:
            self.notify("no job is running", timeout=3)

    def on_job_stepped(self, message: JobStepped) -> None:
        """Show the step; list documents as they are stored; refresh readers as they land."""
        if not self.library.is_attached:  # the app is closing: a stopped job's last words
            return
        step = message.step
        self._show_job(message)
        if step.done == 0 or step.analysed:  # a phase starts; analyses land
            self.library.refresh_list()
        elif step.phase in ("import", "analyse"):  # relisted by the next tick (at most
            self._list_stale = True  # every LIST_REFRESH): new rows, counts of analysed ones
        if step.analysed:
            self.analysis_landed(step.analysed)
        if self._job_tick is None:
            self._job_tick = self.set_interval(LIST_REFRESH, self._tick)

    def _tick(self) -> None:
        """While a job runs: list the documents it stored, show its latest step (steps are
        posted at most every few hundredths of a second, so the last one may be missing)."""
        if self._list_stale and self.library.is_attached:
            self._list_stale = False
            self.library.refresh_list()
        if self.jobs.running is not None:
            self._show_job()
        elif self._job_tick is not None:
            self._job_tick.stop()
            self._job_tick = None

    def on_job_finished(self, message: JobFinished) -> None:
        """Say how the job ended (in the job bars; an import's summary as a notice too)."""
        if not self.library.is_attached:  # the app is closing
            return
        job, report, error = message.job, message.report, message.error
        text = finished_text(job, report, error)
        if self._job_hide is not None:
            self._job_hide.stop()
        self.job_status = JobStatus(Text(text))
        self._job_hide = self.set_timer(JOB_LINGER, self._hide_job)
        if job.kind == "first run":
            self.library.job_finished()
        failure = store_failure(error, self.store.path) if error is not None else None
        if failure is not None:
            self.report_store_error(failure)
        elif error is not None:
            self.notify(text, severity="error", markup=False, timeout=10)
        elif job.kind == "import" and report is not None:
            self.last_import = report
            self._imported(report)
        self.library.refresh_list()
        if job.kind in ("analysis", "relink") and report is not None:
            # Every open reader shows the new analysis: a new-user test's open document kept
            # its old counts after "analyse outdated documents" until reopened.
            for screen in self._readers():
                screen.reload()
        else:
            self.analysis_landed(())
        if job.kind == "undo":
            self.corrections_changed()
        for screen in self.screen_stack:  # the corpus and speaker screens list it afresh
            refresh = getattr(screen, "refresh_if_changed", None)
            if refresh is not None:
                refresh()
        if self.jobs.running is not None:  # the next job has started
            self._show_job()

    def corrections_changed(self) -> None:
        """The corrections screens list what is left."""
        for screen in self.screen_stack:
            if getattr(screen, "PALETTE_SCOPE", "") == "corrections":
                screen.reload()

    def _hide_job(self) -> None:
        if self.jobs.running is None:
            self.job_status = None
        else:
            self._show_job()

    def analysis_landed(self, doc_ids: tuple[int, ...]) -> None:
        """Open readers of these documents show their new entities and claims (an empty
        tuple: a job ended, so readers of unanalysed documents say where they stand)."""
        for screen in self._readers():
            if screen.document_id in doc_ids or (not doc_ids and screen.unanalysed):
                screen.reload()

    # -- import ----------------------------------------------------------------------
    def action_import_files(self) -> None:
        """Import files or a folder: a dialog asks what; the import runs in the background."""
        from gloss.tui.screens.import_dialog import ImportDialog

        running = self.jobs.running.kind if self.jobs.running is not None else ""
        self.push_screen(ImportDialog(last=self.last_import, running=running), self._import)

    def _import(self, request: ImportRequest | None) -> None:
        if request is not None:
            self.import_paths = [request.path]
            self.run_job(
                import_job(
                    [request.path],
                    analyse=request.analyse,
                    engine=self.engine,
                    apart=self.analysis_apart,
                )
            )

    def _imported(self, report: IngestReport) -> None:
        """An import ended: its summary, and the first files it could not import."""
        lines = [report.summary()]
        if report.imported.found_nothing and self.import_paths:
            # which folder held nothing (a new-user test saw only "nothing imported")
            lines.append(clean(report.imported.nothing_found_note(self.import_paths)))
        rejected = report.imported.rejected
        for path, reason in rejected[:REJECTED_SHOWN]:
            lines.append(clean(f"{path}: {reason}"))
        if len(rejected) > REJECTED_SHOWN:
            lines.append(f"… and {len(rejected) - REJECTED_SHOWN} more (i lists them)")
        severity = "warning" if rejected else "information"
        self.notify("\n".join(lines), title="import", markup=False, severity=severity)
