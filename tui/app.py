"""GlossApp: the full-screen reader. The store is injected; widgets never open the database."""

from __future__ import annotations

import gc
import re
import shlex
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.actions import ActionParseResult
from textual.app import App, ScreenStackError
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.reactive import reactive
from textual.timer import Timer
from textual.worker import WorkerFailed

from gloss.store import GlossError, Store, StoreError
from gloss.store.config import Config, save_setting
from gloss.store.errors import store_failure
from gloss.store.text_safety import escape_unsafe
from gloss.store.wording import counted
from gloss.tui.app_jobs import JobsMixin
from gloss.tui.commands import GlossCommands
from gloss.tui.jobs import STOP_KEY, JobQueue
from gloss.tui.keymap import unknown_ids, with_keymap
from gloss.tui.messages import (
    OpenDocument,
    OpenSpeaker,
    StartReview,
    StepDocument,
    StoreProblem,
    UndoCorrection,
)
from gloss.tui.safe import clean
from gloss.tui.screens.library import LibraryScreen
from gloss.tui.widgets.document_list import DocumentList
from gloss.tui.widgets.job_bar import JobStatus

if TYPE_CHECKING:
    from gloss.store.import_jobs import IngestReport
    from gloss.store.review import Session
    from gloss.tui.screens.export_dialog import ExportDone
    from gloss.tui.screens.review_start import ReviewRequest

# Only the library is imported before the first screen: every other screen, dialog and the
# store modules behind them are imported when first used (or by warm_up, once the library has
# painted), so `gloss` starts about as fast as a bare Textual app.

STORE_CHECK = 2.0  # seconds between checks that the store file is still there


def _collector_on() -> None:
    """The garbage collector on again, what exists now frozen out of its collections (see
    GlossApp._first_screen_painted); nothing when it was never turned off."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class GlossApp(JobsMixin, App[None]):
    """The library, reader and review screens over one store; background jobs come from
    :class:`~gloss.tui.app_jobs.JobsMixin`, store problems are handled here."""

    TITLE = "gloss"
    CSS_PATH = "screens/library.tcss"  # the bottom screen's (see get_default_screen)
    # Textual's compact footer gives every key a right margin, the palette key docked on the
    # right too: the last cell then showed a letter of a binding scrolled beneath it.
    CSS = "Footer.-compact FooterKey.-command-palette { margin-right: 0; }"
    COMMANDS = App.COMMANDS | {GlossCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
        Binding(
            STOP_KEY,
            "stop_job",
            "Stop the running import or analysis (what is stored stays)",
            show=False,
            id="app.stop_job",
        ),
    ]

    job_status: reactive[JobStatus | None] = reactive(None, init=False)  # what job bars show

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
        backups: bool = False,
        analysis_apart: bool = False,
    ) -> None:
        """`first_run`: fill an empty store with the seed articles (in the background, once
        the library is on screen); `engine`: the analysis engine (None: spaCy if it loads);
        `config`: the settings; `config_file`: where a theme chosen here is remembered (None:
        nowhere); `backups`: make the daily automatic backup of a changed store when it
        opens; `analysis_apart`: analyse in a worker process started for each job, so the
        analysis engine never loads into the reader (what `gloss` does)."""
        super().__init__()
        self.config = config or Config()
        self.config_file = config_file
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        self.store = store
        # Where reading stopped in each document this session: (text offset, item kind);
        # opened again from the library, a document comes back there (a new-user test
        # reopened one and was at the top again).
        self.reading_places: dict[int, tuple[int, str]] = {}
        self.author = author
        self.review = review
        self.first_run = first_run
        self.engine = engine
        self.backups = backups
        self.analysis_apart = analysis_apart
        self.jobs = JobQueue(self, store)
        self.last_import: IngestReport | None = None
        self.import_paths: list[str] = []
        self.last_export_folder: Path | None = None  # where this session last exported
        self.library = LibraryScreen(self.store)
        self._job_hide: Timer | None = None
        self._job_tick: Timer | None = None
        self._list_stale = False  # another program wrote to the store since the list was drawn
        self.store_problem = ""  # the first store problem met (printed again on exit)
        self._reported: set[str] = set()
        # Catch up on documents waiting for analysis once the library's first rows are in
        # (on_document_list_loaded); the first run's own job analyses the seeds.
        self._catch_up_due = not first_run
        self._data_version: object = None  # PRAGMA data_version when last checked
        self._reader_print: tuple[Any, ...] | None = None  # what the reader showed then
        self._warmed = False  # the warm-up ran (once the first screen is painted)
        self._help_sections: list[tuple[str, list[Binding]]] | None = None

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Quit at once even mid-analysis: the running job is told to stop and its analysis
        process is terminated, rather than finishing the chunk in hand while the terminal
        stays blank (seconds with spaCy)."""
        self.jobs.stop()
        pool = sys.modules.get("gloss.store.analysis.pool")  # loaded only by a job
        if pool is not None:
            pool.terminate_all()
        super().exit(*args, **kwargs)

    def get_default_screen(self) -> LibraryScreen:
        """The library is the bottom screen: composed straight away, not pushed over Textual's
        empty default screen (which cost a screen's compose and layout before the first
        frame)."""
        return self.library

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

    def on_mount(self) -> None:
        """Watch the store file; the library (the bottom screen) mounts on its own and says
        when it is ready (on_library_screen_ready)."""
        self.set_timer(5.0, _collector_on)  # should the library's first rows never come
        if self.store.path != ":memory:":
            # The baseline now: a write by another program before the first check counts.
            self._data_version = self.store.scalar("PRAGMA data_version")
            self.set_interval(STORE_CHECK, self._check_store_file)

    def on_library_screen_ready(self, _message: LibraryScreen.Ready) -> None:
        """The library is on screen: start the first run, and go straight into a review
        session when one was given."""
        if self.first_run:
            from gloss.store.import_jobs import first_run_job

            self.library.job_started("Importing the five seed articles…")
            self.run_job(first_run_job(self.engine, apart=self.analysis_apart))
        if self.review is not None:  # `gloss review`: ending the session returns to the shell
            from gloss.tui.screens.review import ReviewScreen

            self.push_screen(
                ReviewScreen(self.store, self.review, self.author or ""), lambda _: self.exit()
            )

    def on_document_list_loaded(self, _message: DocumentList.Loaded) -> None:
        """The library's first rows are in: once they are painted, warm up (the other screens,
        the help) and check for documents waiting for analysis or links to redo. Both import
        what the first screen does not need, so they wait until it has painted."""
        if not self._warmed:
            self._warmed = True
            self.call_after_refresh(self._first_screen_painted)
        if self._catch_up_due:
            self._catch_up_due = False
            self.call_after_refresh(self._catch_up)

    def _first_screen_painted(self) -> None:
        """Turn the garbage collector back on if `gloss` turned it off for the start (see
        cli.root.open_reader): what exists now (modules, styles, the screen) lives as long as
        the app, so it is frozen out of later collections. Then start the daily backup and
        warm up, both in threads that would have slowed the first frame."""
        _collector_on()
        if self.backups and self.store.path != ":memory:":
            self._auto_backup()  # the day's first start copies the whole store: not before
        self._warm_up()

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        """Import the other screens and dialogs and collect the help's key sections in the
        background, so the first `?`, `R` or document opened does not wait for them."""
        from gloss.store import review  # noqa: F401 - the R dialog lists sessions

        sections = self.help_sections()  # imports every screen and dialog
        self.call_from_thread(setattr, self, "_help_sections", sections)
        if self.config.keymap:  # its ids are known once every screen is imported
            self.call_from_thread(self._say_unknown_keys, unknown_ids(self.config.keymap))

    def _say_unknown_keys(self, unknown: list[str]) -> None:
        """Say which ids in the settings file's [keymap] name no key binding (a typo)."""
        if unknown:
            where = self.config_file.name if self.config_file else "the settings"
            self.notify(
                f"{where}: [keymap] names no key binding {', '.join(unknown)} "
                "(gloss config --keys lists them)",
                severity="warning",
                timeout=10,
                markup=False,
            )

    # -- store problems: one message, never a traceback, typed text kept ------------------
    @work(thread=True, group="backup")
    def _auto_backup(self) -> None:
        """The daily automatic backup of a store that changed since the last one (a copy by
        SQLite's backup API: consistent while jobs write)."""
        from gloss.store.backups import auto_backup

        made = auto_backup(self.store.path)
        if made is not None:
            self.call_from_thread(
                self.notify, f"automatic backup: {made}", title="backup", markup=False
            )

    def report_store_error(self, error: BaseException | str) -> None:
        """Say once that the store failed (damaged, deleted or moved, disk full...). Screens
        keep what is shown and what was typed; the first problem is printed again on exit."""
        text = escape_unsafe(str(error))
        if not self.store_problem:
            self.store_problem = text
        if text in self._reported:
            return
        self._reported.add(text)
        self.notify(
            f"{text}. What is on screen stays, unsaved text stays in its editor; ctrl+q quits.",
            title="the store cannot be used",
            severity="error",
            timeout=60,
            markup=False,
        )

    def on_store_problem(self, message: StoreProblem) -> None:
        """A screen met a store problem: report it (once)."""
        self.report_store_error(message.error)

    def _check_store_file(self) -> None:
        """Every few seconds: is the store file still where it was opened? (A deleted file
        still takes writes, which would be lost; this says so before anything is typed.)
        And did another program write to it (`gloss import` in another terminal)? Then the
        library lists what is there now."""
        try:
            self.store.check_present()
            version = self.store.scalar("PRAGMA data_version")
        except StoreError as exc:
            self.report_store_error(exc)
            return
        changed = self._data_version is not None and version != self._data_version
        self._data_version = version
        self._list_stale = self._list_stale or changed
        # Kept until the library is shown and no job of ours runs (a job's own refresh would
        # list it too, but the other program may write after that refresh).
        if self._list_stale and self.jobs.running is None and self.library.is_attached:
            self._list_stale = False
            self.library.refresh_list()
        try:
            self._check_reader(changed)
        except StoreError as exc:
            self.report_store_error(exc)

    def _check_reader(self, changed: bool) -> None:
        """The document read is loaded again (keeping the position) when another program
        changed what it shows (a correction from the CLI, a re-analysis)."""
        from gloss.store.documents import document_fingerprint
        from gloss.tui.screens.reader import ReaderScreen

        try:
            screen = self.screen
        except ScreenStackError:  # the app is shutting down: the timer can fire then (a CI
            return  # run failed with "No screens on stack")
        if not isinstance(screen, ReaderScreen) or not screen.loaded or self.jobs.running:
            self._reader_print = None  # a job of ours reloads the reader when its work lands
            return
        fingerprint = (screen.document_id, document_fingerprint(self.store, screen.document_id))
        if changed and self._reader_print is not None and fingerprint != self._reader_print:
            screen.reload()
        self._reader_print = fingerprint

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every key binding and palette command: a store problem becomes one message (an
        exception here would stop the app's message loop)."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except StoreError as exc:
            self.report_store_error(exc)
            return True

    def _handle_exception(self, error: Exception) -> None:
        """A store that fails while the app runs (damaged, deleted, disk full...) is one
        message, never a traceback. From a worker (a list page, a reader loading, a job, an
        export), the app goes on and says it once; from a message handler, whose widget can
        take no more messages, the app ends and says why on the terminal (key bindings and
        dialogs catch store errors before they get here, so typed text is kept). Any other
        error is a bug: Textual's own report."""
        cause = error.error if isinstance(error, WorkerFailed) else error
        failure = store_failure(cause, self.store.path)
        if failure is None:
            super()._handle_exception(error)
            return
        if isinstance(error, WorkerFailed):
            self.report_store_error(failure)
            return
        self._return_code = 1
        self.panic(Text(f"gloss: {escape_unsafe(str(failure))}"))

    # -- review sessions -------------------------------------------------------------
    def start_review(self, session: Session) -> None:
        """Open a review session; back in the library, counts and states are refreshed."""
        from gloss.tui.screens.review import ReviewScreen

        screen = ReviewScreen(self.store, session, self.author or "")
        self.push_screen(screen, self._back_to_library)

    def action_review(self, queue: str | None = None) -> None:
        """Ask for a queue (prefilled from the library's filter) and start the session."""
        from gloss.store.review import list_sessions
        from gloss.tui.screens.review_start import ReviewStartDialog

        if queue is None:
            queue = "claims order:score"
            if isinstance(self.screen, LibraryScreen):
                text = self.screen.filter_text().strip()
                tagged = re.fullmatch(r'tag:("[^"]+"|\S+)', text)
                if tagged:
                    # The tagged items themselves, not every claim of the documents holding
                    # them (a new-user test tagged 3 claims and got a session of 94).
                    queue = f"annotations tag:{tagged.group(1)}"
                elif text:
                    queue = f"claims filter:{shlex.quote(text)} order:score"
        sessions = list_sessions(self.store)
        self.push_screen(ReviewStartDialog(queue, sessions), self._review_requested)

    def _review_requested(self, request: ReviewRequest | None) -> None:
        from gloss.store.review import open_session

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
        from gloss.tui.screens.export_dialog import ExportDialog
        from gloss.tui.screens.reader import ReaderScreen

        filter_text = ""
        if isinstance(self.screen, LibraryScreen):
            filter_text = self.screen.filter_text().strip()
        elif isinstance(self.screen, ReaderScreen):  # this document (clear the box for all)
            filter_text = f"id:{self.screen.document_id}"
        folder = self.config.export_folder
        # The folder of the last export this session, else the settings' (a new-user test
        # exported to out/ and was offered the start folder again each time).
        start = self.last_export_folder or (Path(folder).expanduser() if folder else None)
        dialog = ExportDialog(self.store, what, filter_text, folder=start)
        self.push_screen(dialog, self._exported)

    def _exported(self, done: ExportDone | None) -> None:
        if done is not None:
            self.last_export_folder = Path(done.path).parent
            # Say when the library's filter limited it: a new-user test's verdicts export held
            # 2 of 6 rows and nothing said why.
            only = f" (only documents matching {done.filter_text})" if done.filter_text else ""
            self.notify(
                f"exported {counted(done.rows, 'row')} to {done.path}{only}",
                title="export",
                markup=False,
            )

    # -- corpus ----------------------------------------------------------------------
    def action_corpus(self, tab: str = "entities") -> None:
        """Entities and stories across the corpus; a choice filters the library."""
        from gloss.tui.screens.corpus import CorpusScreen

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
        from gloss.tui.screens.speaker import SpeakerScreen

        self.push_screen(SpeakerScreen(self.store, message.speaker, message.claim_id))

    def on_start_review(self, message: StartReview) -> None:
        """A screen asked for a review session over a queue (the start dialog, prefilled)."""
        self.action_review(message.queue)

    def action_speaker(self) -> None:
        """Pick a speaker (most quoted first, typing filters) and list their claims."""
        from gloss.store.speaker_claims import speakers
        from gloss.tui.screens.pick_dialog import PickDialog
        from gloss.tui.screens.speaker import SpeakerScreen

        store = self.store

        def choices(text: str) -> list[tuple[str, Text]]:
            return [
                (
                    row["speaker"],
                    Text.assemble(
                        (clean(row["speaker"]), "bold"),
                        (
                            f"  {counted(row['claims'], 'claim')} in "
                            f"{counted(row['documents'], 'document')}",
                            "dim",
                        ),
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
        from gloss.tui.screens.reader import ReaderScreen

        at, select = message.at, message.select
        if at is None and message.document_id in self.reading_places:
            at, select = self.reading_places[message.document_id]
        screen = ReaderScreen(
            self.store,
            message.document_id,
            at=at,
            find=message.find,
            select=select,
        )
        self.push_screen(screen, self._back_to_library)

    def on_step_document(self, message: StepDocument) -> None:
        """Replace the reader with the next or previous document of the library's list; the
        library's cursor follows, so escape comes back to where reading stopped."""
        from gloss.tui.screens.reader import ReaderScreen

        documents = self.library.documents
        index = documents.index_of(message.document_id)
        target = None if index is None else documents.neighbour(index + message.step)
        if index is None or target is None:
            where = "after" if message.step > 0 else "before"
            self.notify(f"No document {where} this one in the library's list", timeout=2)
            return
        documents.cursor = index + message.step
        self.pop_screen()
        at, select = self.reading_places.get(target, (None, ""))
        reader = ReaderScreen(self.store, target, at=at, select=select)
        self.push_screen(reader, self._back_to_library)

    def _back_to_library(self, _: None) -> None:
        if isinstance(self.screen, LibraryScreen):
            self.screen.refresh_list()

    def help_sections(self) -> list[tuple[str, list[Binding]]]:
        """Bindings to document, by where they work, with the keys the keymap gives them."""
        keymap = self.config.keymap
        return [(title, with_keymap(bindings, keymap)) for title, bindings in binding_sections()]

    def action_help(self) -> None:
        """Show the help screen (generated from the bindings)."""
        from gloss.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        if not self.is_screen_installed("help"):  # built once, kept: later opens are instant
            self.install_screen(HelpScreen(self._help_sections or self.help_sections()), "help")
        self.push_screen("help")

    # -- palette actions -------------------------------------------------------------
    def action_palette_open(self) -> None:
        """document: open, from the palette."""
        if isinstance(self.screen, LibraryScreen):
            self.screen.documents.action_open()

    def action_palette_close(self) -> None:
        """document: back to library, from the palette."""
        from gloss.tui.screens.reader import ReaderScreen

        if isinstance(self.screen, ReaderScreen):
            self.screen.dismiss()

    async def action_palette_screen(self, action: str) -> None:
        """Run a screen action from the palette."""
        await self.screen.run_action(action)

    def action_corrections(self) -> None:
        """Every stored correction, newest first; u undoes one."""
        from gloss.tui.screens.corrections import CorrectionsScreen

        self.push_screen(CorrectionsScreen(self.store))

    def on_undo_correction(self, message: UndoCorrection) -> None:
        """Forget a correction at once, then analyse its documents again in the background
        (readers reload as analyses land). Forgotten first: a new-user test quit with the
        undo queued behind another job and found the correction still there, and could
        queue one undo twice; its documents are marked, so an undo cut short finishes at
        the next start."""
        from gloss.store.analysis.corrections import delete_correction
        from gloss.store.import_jobs import analyse_again_job

        try:
            documents = delete_correction(self.store, message.correction_id)
        except GlossError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.corrections_changed()
        self.run_job(
            analyse_again_job(
                documents, self.engine, apart=self.analysis_apart, undone=message.correction_id
            )
        )

    def action_palette_sort(self, key: str) -> None:
        """library: sort by ..., from the palette."""
        if isinstance(self.screen, LibraryScreen):
            self.screen.sort_by(key)


def binding_sections() -> list[tuple[str, list[Binding]]]:
    """Every key binding by where it works (the help screen, ``gloss config --keys``); it
    imports every screen and dialog, so it runs after the first screen (or in the CLI)."""
    from gloss.tui.screens.confirm_dialog import ConfirmDialog
    from gloss.tui.screens.corpus import CorpusScreen
    from gloss.tui.screens.corrections import CorrectionsScreen
    from gloss.tui.screens.export_dialog import ExportDialog
    from gloss.tui.screens.help import HelpScreen, own_bindings
    from gloss.tui.screens.import_dialog import ImportDialog
    from gloss.tui.screens.note_dialog import NoteDialog
    from gloss.tui.screens.pick_dialog import PickDialog
    from gloss.tui.screens.pin_dialog import PinDialog
    from gloss.tui.screens.prompt_dialog import PromptDialog
    from gloss.tui.screens.reader import ReaderScreen
    from gloss.tui.screens.review import ReviewScreen
    from gloss.tui.screens.review_start import ReviewStartDialog
    from gloss.tui.screens.sources_dialog import SourcesDialog
    from gloss.tui.screens.speaker import SpeakerScreen
    from gloss.tui.screens.tag_dialog import TagDialog
    from gloss.tui.widgets.annotation_panel import AnnotationPanel
    from gloss.tui.widgets.entity_table import EntityTable
    from gloss.tui.widgets.filter_box import FilterBox

    return [
        ("Everywhere", own_bindings(GlossApp)),
        (
            "Library",
            own_bindings(LibraryScreen) + own_bindings(DocumentList) + own_bindings(FilterBox),
        ),
        ("Reader", own_bindings(ReaderScreen) + _scroll_bindings()),
        ("Annotation panel", own_bindings(AnnotationPanel)),
        ("Corpus", own_bindings(CorpusScreen) + own_bindings(EntityTable)),
        ("Speaker", own_bindings(SpeakerScreen)),
        ("Corrections", own_bindings(CorrectionsScreen)),
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
            + own_bindings(PromptDialog)
            + own_bindings(ConfirmDialog),
        ),
        ("Help", own_bindings(HelpScreen)),
    ]


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
