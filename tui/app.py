"""GlossApp: the full-screen reader. The store is injected; widgets never open the database."""

from __future__ import annotations

import shlex
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.worker import WorkerFailed, get_current_worker

from gloss.store import GlossError, Store
from gloss.store.config import Config, save_setting
from gloss.store.errors import store_failure
from gloss.store.import_jobs import IngestReport, Step, seed_and_analyse
from gloss.store.review import Session, list_sessions, open_session
from gloss.store.text_safety import escape_unsafe
from gloss.tui.commands import GlossCommands
from gloss.tui.messages import OpenDocument, OpenSpeaker, StartReview, StepDocument
from gloss.tui.safe import clean
from gloss.tui.screens.corpus import CorpusScreen
from gloss.tui.screens.export_dialog import ExportDialog, ExportDone
from gloss.tui.screens.help import HelpScreen, own_bindings
from gloss.tui.screens.import_dialog import ImportDialog
from gloss.tui.screens.library import LibraryScreen
from gloss.tui.screens.note_dialog import NoteDialog
from gloss.tui.screens.pick_dialog import PickDialog
from gloss.tui.screens.pin_dialog import PinDialog
from gloss.tui.screens.prompt_dialog import PromptDialog
from gloss.tui.screens.reader import ReaderScreen
from gloss.tui.screens.review import ReviewScreen
from gloss.tui.screens.review_start import ReviewRequest, ReviewStartDialog
from gloss.tui.screens.sources_dialog import SourcesDialog
from gloss.tui.screens.speaker import SpeakerScreen
from gloss.tui.screens.tag_dialog import TagDialog
from gloss.tui.widgets.annotation_panel import AnnotationPanel
from gloss.tui.widgets.document_list import DocumentList
from gloss.tui.widgets.entity_table import EntityTable
from gloss.tui.widgets.job_bar import StepThrottle


class GlossApp(App[None]):
    """The library, reader and review screens over one store."""

    TITLE = "gloss"
    # Textual's compact footer gives every key a right margin, the palette key docked on the
    # right too: the last cell then showed a letter of a binding scrolled beneath it.
    CSS = "Footer.-compact FooterKey.-command-palette { margin-right: 0; }"
    COMMANDS = App.COMMANDS | {GlossCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
    ]

    class FirstRunStep(Message):
        """The first run (seeding an empty store) reached a step."""

        def __init__(self, step: Step) -> None:
            super().__init__()
            self.step = step

    class FirstRunDone(Message):
        """The first run ended: its report, or an error message."""

        def __init__(self, report: IngestReport | None, error: str = "") -> None:
            super().__init__()
            self.report = report
            self.error = error

    def __init__(
        self,
        store: Store,
        *,
        author: str | None = None,
        review: Session | None = None,
        first_run: bool = False,
        engine: str | None = None,
        config: Config | None = None,
        config_file: Path | None = None,
    ) -> None:
        """`first_run`: fill an empty store with the seed articles (in a worker, once the
        library is on screen); `engine`: the analysis engine (None: spaCy if it loads);
        `config`: the settings; `config_file`: where a theme chosen here is remembered (None:
        nowhere)."""
        super().__init__()
        self.config = config or Config()
        self.config_file = config_file
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self.store = store
        self.author = author
        self.review = review
        self.first_run = first_run
        self.engine = engine
        self.analysis_running = False  # documents may still be waiting for their analysis
        self.library = LibraryScreen(self.store)

    class RelinkDone(Message):
        """Links across sources were redone for a store linked by an older gloss."""

        def __init__(self, clusters: int) -> None:
            super().__init__()
            self.clusters = clusters

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen in the app (ctrl+p, "theme") in the settings file."""
        if self.config_file is None or theme == self.config.theme:
            return
        try:
            save_setting("theme", theme, self.config_file)
        except (GlossError, OSError) as exc:
            self.notify(f"the theme is not remembered: {exc}", severity="warning")
            return
        self.config = replace(self.config, theme=theme)

    async def on_mount(self) -> None:
        """Start on the library (and straight into a review session when one was given)."""
        await self.push_screen(self.library)
        if self.first_run:
            self.analysis_running = True
            self.library.job_started("Importing the five seed articles…")
            self._seed()
        else:
            self._relink_if_stale()
        if self.review is not None:  # `gloss review`: ending the session returns to the shell
            self.push_screen(
                ReviewScreen(self.store, self.review, self.author or ""), lambda _: self.exit()
            )

    # -- the store failing under the app ---------------------------------------------
    def _handle_exception(self, error: Exception) -> None:
        """A store that fails while the app runs (disk full, read-only, damaged, locked) is
        one message, not a traceback. From a worker, the app goes on (the worker is over);
        from a message handler, whose widget can take no more messages, the app ends and
        says why on the terminal. Any other error is a bug: Textual's own report."""
        cause = error.error if isinstance(error, WorkerFailed) else error
        failure = store_failure(cause, self.store.path)
        if failure is None:
            super()._handle_exception(error)
            return
        message = escape_unsafe(str(failure))
        if isinstance(error, WorkerFailed):
            self.notify(message, title="store", severity="error", timeout=30, markup=False)
            return
        self._return_code = 1
        self.panic(Text(f"gloss: {message}"))

    # -- first run -------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="first-run")
    def _seed(self) -> None:
        """Import and analyse the seeds; steps and the outcome come back as messages."""
        worker = get_current_worker()
        try:
            report = seed_and_analyse(
                self.store,
                engine=self.engine,
                on_step=StepThrottle(lambda step: self.post_message(self.FirstRunStep(step))),
                stop=lambda: worker.is_cancelled,
            )
        except GlossError as exc:
            self.post_message(self.FirstRunDone(None, str(exc)))
            return
        self.post_message(self.FirstRunDone(report))

    @work(thread=True, exclusive=True, group="first-run")
    def _relink_if_stale(self) -> None:
        """A store linked across sources by an older gloss gets this version's clusters and
        stories (a few seconds on thousands of documents). Documents are not analysed again
        (minutes on a large store): a notice says how many an older gloss analysed."""
        from gloss.store.analysis import link_store, links_stale, outdated_documents

        outdated = outdated_documents(self.store)
        if outdated:
            self.call_from_thread(
                self.notify,
                f"{outdated} documents were analysed by an older gloss: "
                "`gloss analyze --all` brings them up to date",
                title="analysis",
                timeout=12,
                markup=False,
            )
        if not links_stale(self.store):
            return
        self.call_from_thread(
            self.library.job_started, "Relinking claims across sources for this gloss version…"
        )
        self.post_message(self.RelinkDone(link_store(self.store)))

    def on_gloss_app_relink_done(self, message: RelinkDone) -> None:
        """Say that the links were redone; open readers pick up the new clusters."""
        self.library.job_finished(f"claims relinked across sources: {message.clusters} clusters")
        self.library.refresh_list()
        self.analysis_landed(())

    def on_gloss_app_first_run_step(self, message: FirstRunStep) -> None:
        """Show the step; list documents as they are stored; refresh readers as they land."""
        step = message.step
        self.library.job_step(step, "importing seeds")
        # Import steps come before their batch is committed; the analysis starts after it.
        if step.phase == "import" or step.done == 0 or step.analysed:
            self.library.refresh_list()
        if step.analysed:
            self.analysis_landed(step.analysed)

    def on_gloss_app_first_run_done(self, message: FirstRunDone) -> None:
        """Say how the first run ended."""
        self.analysis_running = False
        report = message.report
        if report is None:
            self.library.job_finished(f"first run failed: {message.error}")
            self.notify(message.error, severity="error", markup=False)
        else:
            parts = []
            if report.imported.imported:
                parts.append(f"{report.imported.imported} seed articles imported")
            if report.engine:
                parts.append(f"{report.analysed} analysed ({report.engine})")
            done = ", ".join(parts) or "seed articles ready"
            if report.fallback_reason:
                done += f"; rules engine used: {report.fallback_reason}"
            self.library.job_finished(done)
        self.library.refresh_list()
        self.analysis_landed(())

    def analysis_landed(self, doc_ids: tuple[int, ...]) -> None:
        """Open readers of these documents show their new entities and claims (an empty
        tuple: the job ended, so readers still saying "analysing" say what they have)."""
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen) and (
                screen.document_id in doc_ids or (not doc_ids and screen.waiting_for_analysis)
            ):
                screen.reload()

    # -- import ----------------------------------------------------------------------
    def action_import_files(self) -> None:
        """Import files or a folder (a dialog; import and analysis run in its worker)."""
        if self.analysis_running:
            self.notify("the seed articles are still being analysed; import when that is done")
            return
        self.push_screen(ImportDialog(self.store, engine=self.engine), self._imported)

    def _imported(self, report: IngestReport | None) -> None:
        self.library.refresh_list()
        if report is not None:
            self.notify(report.summary(), title="import", markup=False)

    def on_import_dialog_stored(self, _: ImportDialog.Stored) -> None:
        """Documents were stored by the import dialog: list them."""
        self.library.refresh_list()

    # -- review sessions -------------------------------------------------------------
    def start_review(self, session: Session) -> None:
        """Open a review session; back in the library, counts and states are refreshed."""
        screen = ReviewScreen(self.store, session, self.author or "")
        self.push_screen(screen, self._back_to_library)

    def action_review(self, queue: str | None = None) -> None:
        """Ask for a queue (prefilled from the library's filter) and start the session."""
        if queue is None:
            queue = "claims order:score"
            if isinstance(self.screen, LibraryScreen):
                text = self.screen.filter_text().strip()
                if text:
                    queue = f"claims filter:{shlex.quote(text)} order:score"
        sessions = list_sessions(self.store)
        self.push_screen(ReviewStartDialog(queue, sessions), self._review_requested)

    def _review_requested(self, request: ReviewRequest | None) -> None:
        if request is None:
            return
        try:
            session = open_session(
                self.store,
                request.name,
                request.queue,
                labels=request.labels,
                author=self.author or "",
            )
        except GlossError as exc:
            self.notify(str(exc), severity="error")
            return
        self.start_review(session)

    # -- export ----------------------------------------------------------------------
    def action_export(self, what: str = "annotations") -> None:
        """Export from the TUI (a dialog; the export runs in a worker with a progress bar)."""
        filter_text = ""
        if isinstance(self.screen, LibraryScreen):
            filter_text = self.screen.filter_text().strip()
        elif isinstance(self.screen, ReaderScreen):  # this document (clear the box for all)
            filter_text = f"id:{self.screen.document_id}"
        folder = self.config.export_folder
        dialog = ExportDialog(
            self.store, what, filter_text, folder=Path(folder).expanduser() if folder else None
        )
        self.push_screen(dialog, self._exported)

    def _exported(self, done: ExportDone | None) -> None:
        if done is not None:
            self.notify(f"exported {done.rows} rows to {done.path}", title="export")

    # -- corpus ----------------------------------------------------------------------
    def action_corpus(self, tab: str = "entities") -> None:
        """Entities and stories across the corpus; a choice filters the library."""
        if isinstance(self.screen, CorpusScreen):
            self.screen.action_switch_tab(tab)
            return
        self.push_screen(CorpusScreen(self.store, tab), self._corpus_chosen)

    def _corpus_chosen(self, library_filter: str | None) -> None:
        if library_filter is None:
            return
        while not isinstance(self.screen, LibraryScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(self.screen, LibraryScreen):
            self.screen.apply_filter(library_filter)

    def on_open_speaker(self, message: OpenSpeaker) -> None:
        """Every claim by one speaker across the corpus."""
        self.push_screen(SpeakerScreen(self.store, message.speaker))

    def on_start_review(self, message: StartReview) -> None:
        """A screen asked for a review session over a queue (the start dialog, prefilled)."""
        self.action_review(message.queue)

    def action_speaker(self) -> None:
        """Pick a speaker (most quoted first, typing filters) and list their claims."""
        from gloss.store.speaker_claims import speakers

        store = self.store

        def choices(text: str) -> list[tuple[str, Text]]:
            return [
                (
                    row["speaker"],
                    Text.assemble(
                        (clean(row["speaker"]), "bold"),
                        (f"  {row['claims']} claims in {row['documents']} documents", "dim"),
                    ),
                )
                for row in speakers(store, text)
            ]

        def chosen(speaker: str | None) -> None:
            if speaker is not None:
                self.push_screen(SpeakerScreen(self.store, speaker))

        self.push_screen(PickDialog("Claims by which speaker?", choices), chosen)

    def on_open_document(self, message: OpenDocument) -> None:
        """Open a document in the reader; back in the library, its row is refreshed."""
        screen = ReaderScreen(
            self.store,
            message.document_id,
            at=message.at,
            find=message.find,
            select=message.select,
        )
        self.push_screen(screen, self._back_to_library)

    def on_step_document(self, message: StepDocument) -> None:
        """Replace the reader with the next or previous document of the library's list; the
        library's cursor follows, so escape comes back to where reading stopped."""
        documents = self.library.documents
        index = documents.index_of(message.document_id)
        target = None if index is None else documents.neighbour(index + message.step)
        if index is None or target is None:
            where = "after" if message.step > 0 else "before"
            self.notify(f"No document {where} this one in the library's list", timeout=2)
            return
        documents.cursor = index + message.step
        self.pop_screen()
        self.push_screen(ReaderScreen(self.store, target), self._back_to_library)

    def _back_to_library(self, _: None) -> None:
        if isinstance(self.screen, LibraryScreen):
            self.screen.refresh_list()

    def help_sections(self) -> list[tuple[str, list[Binding]]]:
        """Bindings to document, by where they work."""
        return [
            ("Everywhere", own_bindings(GlossApp)),
            ("Library", own_bindings(LibraryScreen) + own_bindings(DocumentList)),
            ("Reader", own_bindings(ReaderScreen) + _scroll_bindings()),
            ("Annotation panel", own_bindings(AnnotationPanel)),
            ("Corpus", own_bindings(CorpusScreen) + own_bindings(EntityTable)),
            ("Speaker", own_bindings(SpeakerScreen)),
            ("Review session", own_bindings(ReviewScreen) + _verdict_bindings()),
            (
                "Dialogs",
                own_bindings(TagDialog)
                + own_bindings(NoteDialog)
                + own_bindings(PinDialog)
                + own_bindings(ReviewStartDialog)
                + own_bindings(ExportDialog)
                + own_bindings(ImportDialog)
                + own_bindings(SourcesDialog)
                + own_bindings(PickDialog)
                + own_bindings(PromptDialog),
            ),
            ("Help", own_bindings(HelpScreen)),
        ]

    def action_help(self) -> None:
        """Show the help screen (generated from the bindings)."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))

    # -- palette actions -------------------------------------------------------------
    def action_palette_open(self) -> None:
        """document: open, from the palette."""
        if isinstance(self.screen, LibraryScreen):
            self.screen.documents.action_open()

    def action_palette_close(self) -> None:
        """document: back to library, from the palette."""
        if isinstance(self.screen, ReaderScreen):
            self.screen.dismiss()

    async def action_palette_screen(self, action: str) -> None:
        """Run a screen action from the palette."""
        await self.screen.run_action(action)

    def action_palette_sort(self, key: str) -> None:
        """library: sort by ..., from the palette."""
        if isinstance(self.screen, LibraryScreen):
            self.screen.sort_by(key)


def _verdict_bindings() -> list[Binding]:
    """The default verdict keys (a session may define others, shown on its key line)."""
    return [
        Binding("a", "verdict", "Accept (default labels)", id="review.accept"),
        Binding("x", "verdict", "Reject (default labels)", id="review.reject"),
        Binding("f", "verdict", "Flag (default labels)", id="review.flag"),
        Binding(
            "1,2,3,4",
            "verdict",
            "true/misleading/false/unverifiable (factcheck)",
            id="review.factcheck",
        ),
    ]


def _scroll_bindings() -> list[Binding]:
    """The scrolling keys the document view inherits from ScrollView, described for help."""
    return [
        Binding("up,down", "scroll", "Scroll a line", id="view.scroll"),
        Binding("pageup,pagedown", "page", "Scroll a page", id="view.page"),
        Binding("home,end", "ends", "Top / bottom of the document", id="view.ends"),
    ]
