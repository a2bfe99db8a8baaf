"""GlossApp: the full-screen reader. The store is injected; widgets never open the database."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from store import Store
from tui.commands import GlossCommands
from tui.screens.help import HelpScreen, own_bindings
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.document_list import DocumentList


class GlossApp(App[None]):
    """The library and reader screens over one store."""

    TITLE = "gloss"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {GlossCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
    ]

    def __init__(self, store: Store, *, author: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.author = author

    def on_mount(self) -> None:
        """Start on the library."""
        self.push_screen(LibraryScreen(self.store))

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


def _scroll_bindings() -> list[Binding]:
    """The scrolling keys the document view inherits from ScrollView, described for help."""
    return [
        Binding("up,down", "scroll", "Scroll a line", id="view.scroll"),
        Binding("pageup,pagedown", "page", "Scroll a page", id="view.page"),
        Binding("home,end", "ends", "Top / bottom of the document", id="view.ends"),
    ]
