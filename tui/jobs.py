"""The reader's one queue of long jobs: the first run, imports, analysis, relinking.

Jobs (:class:`gloss.store.import_jobs.Job`) run one at a time in one thread worker; a job
added while another runs waits behind it, so two jobs never write to the store at once, and
the UI thread only ever does short reads and writes. The worker posts :class:`JobStepped` and
:class:`JobFinished` to the app, whose handlers own the widgets (job bars, library, readers).
A stop request ends the running job between two steps; what it stored stays.
"""

from __future__ import annotations

import threading
from collections import deque

from rich.text import Text
from textual.app import App
from textual.message import Message
from textual.worker import get_current_worker

from gloss.store import GlossError, Store
from gloss.store.import_jobs import IngestReport, Job, Step
from gloss.store.wording import counted
from gloss.tui.widgets.job_bar import JobStatus, StepThrottle, step_text

STOP_KEY = "ctrl+x"


class JobStepped(Message):
    """The running job reached a step."""

    def __init__(self, job: Job, step: Step) -> None:
        super().__init__()
        self.job = job
        self.step = step


class JobFinished(Message):
    """A job ended: its report (None: nothing to do), or the error that ended it."""

    def __init__(self, job: Job, report: IngestReport | None, error: Exception | None) -> None:
        super().__init__()
        self.job = job
        self.report = report
        self.error = error


class JobQueue:
    """Runs jobs one at a time in a thread worker of ``app``, in the order they were added."""

    def __init__(self, app: App, store: Store) -> None:
        self.app = app
        self.store = store
        self.running: Job | None = None
        self.last_step: Step | None = None
        self._waiting: deque[Job] = deque()
        self._lock = threading.Lock()
        self._draining = False
        self._stop = threading.Event()

    @property
    def queued(self) -> tuple[Job, ...]:
        """The jobs waiting behind the running one."""
        with self._lock:
            return tuple(self._waiting)

    @property
    def busy(self) -> bool:
        """True while a job runs or waits."""
        with self._lock:
            return self._draining

    def add(self, job: Job) -> None:
        """Run ``job`` after the jobs already queued (at once when none is). UI thread only."""
        with self._lock:
            self._waiting.append(job)
            if self._draining:
                return
            self._draining = True
        self.app.run_worker(self._drain, thread=True, group="jobs", name="jobs")

    def stop(self) -> bool:
        """Ask the running job to stop after its current step; False when none runs."""
        if self.running is None:
            return False
        self._stop.set()
        return True

    @property
    def stopping(self) -> bool:
        """True once the running job was asked to stop."""
        return self.running is not None and self._stop.is_set()

    def _drain(self) -> None:
        """The worker: run queued jobs until none is left (or the app quits)."""
        worker = get_current_worker()
        while True:
            with self._lock:
                if not self._waiting or worker.is_cancelled:
                    self._waiting.clear()
                    self._draining = False
                    self.running = None
                    return
                job = self._waiting.popleft()
                self.running, self.last_step = job, None
                self._stop.clear()
            report: IngestReport | None = None
            error: Exception | None = None
            try:
                throttle = StepThrottle(lambda step, job=job: self._post_step(job, step))
                report = job.run(
                    self.store,
                    lambda step, throttle=throttle: self._stepped(step, throttle),
                    lambda: self._stop.is_set() or worker.is_cancelled,
                )
            except Exception as exc:  # one message in the reader, never a traceback
                error = exc
            self.running = None
            self.app.post_message(JobFinished(job, report, error))

    def _stepped(self, step: Step, throttle: StepThrottle) -> None:
        self.last_step = step  # every step, for a timer that shows the latest one
        throttle(step)

    def _post_step(self, job: Job, step: Step) -> None:
        self.app.post_message(JobStepped(job, step))

    def status(self, job: Job | None = None, step: Step | None = None) -> JobStatus | None:
        """A job's progress line at ``step`` (what waits behind it, how to stop it); by
        default the running job at its last step."""
        if job is None:
            job, step = self.running, self.last_step
        if job is None:
            return None
        news = Text()
        queued = self.queued
        if queued:
            news.append(" · ")
            news.append(", ".join(j.kind for j in queued) + " queued", "italic")
        if self.stopping:
            news.append(" · stopping after this step…", "bold")
        else:
            keymap = getattr(getattr(self.app, "config", None), "keymap", {})  # may move it
            stop_key = keymap.get("app.stop_job", STOP_KEY).split(",")[0]
            news.append(f" · {stop_key} stops", "dim")
        if step is None:
            text = Text(f"{job.kind}: starting", style="bold", no_wrap=True, overflow="ellipsis")
            text.append_text(news)
        else:
            text = step_text(step, job.importing, news)
        return JobStatus(text, step)


def import_summary(report: IngestReport) -> str:
    """How an import ended, short enough for the job bar (`503 imported, 7 unchanged,
    160 analysed (spacy); stopped, what it stored is kept`): zero counts are left out; the
    notice at the end has the CLI's whole summary."""
    imported = report.imported
    counts = [
        (imported.imported, "imported"),
        (imported.unchanged, "unchanged"),
        (len(imported.rejected), "rejected"),
        (imported.updated, "updated"),
        (imported.duplicates, "repeating another file"),
    ]
    parts = [f"{number} {what}" for number, what in counts if number] or ["nothing imported"]
    if imported.replaced:
        parts.append(f"{len(imported.replaced)} with invalid UTF-8 replaced")
    if report.engine is not None:
        parts.append(f"{report.analysed} analysed ({report.engine})")
    line = ", ".join(parts)
    if report.stopped:
        line += "; stopped, what it stored is kept"
    return line


def finished_text(job: Job, report: IngestReport | None, error: Exception | None) -> str:
    """One line saying how a job ended, for the job bar."""
    if error is not None:
        reason = str(error) if isinstance(error, GlossError) else f"{type(error).__name__}: {error}"
        return f"{job.kind} failed: {reason}"
    if report is None:
        return f"{job.kind}: nothing to do"
    if job.kind == "relink":
        return f"claims relinked across sources: {report.clusters or 0} clusters"
    if job.kind == "import":
        return import_summary(report)
    if job.kind == "undo":
        again = counted(report.analysed, "document")
        what = f"correction {report.undone} undone" if report.undone else "an undone correction"
        line = f"{what}: {again} analysed again"
        if report.stopped:
            line += "; stopped, the rest are analysed at the next start"
        return line
    parts = []
    if job.kind == "first run" and report.imported.imported:
        parts.append(f"{report.imported.imported} seed articles imported")
    if report.engine:
        what = "analysed" if job.kind == "first run" else f"{job.documents} analysed"
        parts.append(f"{report.analysed} {what} ({report.engine})")
    done = ", ".join(parts) or ("seed articles ready" if job.kind == "first run" else "")
    done = done or "no document was waiting for analysis"
    if report.fallback_reason:
        done += f"; rules engine used: {report.fallback_reason}"
    if report.stopped:
        done += "; stopped, the rest waits for analysis"
    return done
