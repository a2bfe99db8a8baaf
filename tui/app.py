"""GlossApp: the full-screen reader. The store is injected; widgets never open the database."""

from __future__ import annotations

import shlex
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from store import GlossError, Store
from store.review import Session, open_session
from tui.commands import GlossCommands
from tui.screens.corpus import CorpusScreen
from tui.screens.export_dialog import ExportDialog, ExportDone
from tui.screens.help import HelpScreen, own_bindings
from tui.screens.library import LibraryScreen
from tui.screens.note_dialog import NoteDialog
from tui.screens.pin_dialog import PinDialog
from tui.screens.reader import ReaderScreen
from tui.screens.review import ReviewScreen
from tui.screens.review_start import ReviewRequest, ReviewStartDialog
from tui.screens.sources_dialog import SourcesDialog
from tui.screens.tag_dialog import TagDialog
from tui.widgets.annotation_panel import AnnotationPanel
from tui.widgets.document_list import DocumentList
from tui.widgets.entity_table import EntityTable


class GlossApp(App[None]):
    """The library, reader and review screens over one store."""

    TITLE = "gloss"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {GlossCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
    ]

    def __init__(
        self, store: Store, *, author: str | None = None, review: Session | None = None
    ) -> None:
        super().__init__()
        self.store = store
        self.author = author
        self.review = review

    def on_mount(self) -> None:
        """Start on the library (and straight into a review session when one was given)."""
        self.push_screen(LibraryScreen(self.store))
        if self.review is not None:
            self.start_review(self.review)

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
        self.push_screen(ReviewStartDialog(queue), self._review_requested)

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
        self.push_screen(ExportDialog(self.store, what, filter_text), self._exported)

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

    def open_document(self, document_id: int, at: int | None = None, find: str = "") -> None:
        """Open a document in the reader (selecting what is at text offset `at`, marking the
        occurrences of `find`); back in the library, its row is refreshed."""
        screen = ReaderScreen(self.store, document_id, at=at, find=find)
        self.push_screen(screen, self._back_to_library)

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
            ("Review session", own_bindings(ReviewScreen) + _verdict_bindings()),
            (
                "Dialogs",
                own_bindings(TagDialog)
                + own_bindings(NoteDialog)
                + own_bindings(PinDialog)
                + own_bindings(ReviewStartDialog)
                + own_bindings(ExportDialog)
                + own_bindings(SourcesDialog),
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
