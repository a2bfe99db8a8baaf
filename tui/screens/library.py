"""The library screen: a filter box over the document list, a preview line, an empty state."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from gloss.store import GlossError, Store
from gloss.store.documents import set_read
from gloss.store.library_pages import ListQuery
from gloss.store.saved_filters import (
    delete_filter,
    mark_used,
    recent_filters,
    remember_filter,
    save_filter,
    saved_filters,
)
from gloss.store.search import SNIPPET_MARKS
from gloss.tui.messages import OpenDocument
from gloss.tui.safe import clean
from gloss.tui.widgets.document_list import SORT_KEYS, DocumentList
from gloss.tui.widgets.filter_box import FilterBox
from gloss.tui.widgets.job_bar import JobBar

EMPTY_HELP = (
    "This store has no documents yet.\n\n"
    "Press i to import files or a folder (.txt, .md, .html), or import from the command line:\n\n"
    "    gloss import ~/news/\n\n"
    "Press ? for help, ctrl+q to quit."
)
FILTER_HINT = (
    'filter: words  tag:x  outlet:"The Hill"  entity:"John Kirby"  status:unread  sort:rank'
)


def snippet_text(snippet: str) -> Text:
    """A search snippet with its «matches» highlighted (the text itself is never markup)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    rest = clean(snippet)
    start, end = SNIPPET_MARKS
    while rest:
        before, found, after = rest.partition(start)
        text.append(before)
        if not found:
            break
        match, _, rest = after.partition(end)
        text.append(match, "bold reverse")
    return text


class LibraryScreen(Screen[None]):
    """Every document in the store, filtered and sorted; enter opens one."""

    PALETTE_SCOPE: ClassVar[str] = "library"  # which palette commands apply here
    AUTO_FOCUS = "#documents"  # not the filter box, which Textual would pick as the first
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("/", "focus_filter", "Filter", id="library.filter"),
        Binding("escape", "leave_filter", "Back to list", show=False, id="library.leave_filter"),
        Binding("s", "sort_next", "Sort", tooltip="Sort by the next column", id="library.sort"),
        Binding("r", "reverse", "Reverse", tooltip="Reverse the order", id="library.reverse"),
        Binding("R", "app.review", "Review", id="library.review"),
        Binding("X", "app.export", "Export", id="library.export"),
        Binding("E", "app.corpus", "Corpus: entities, stories", show=False, id="library.corpus"),
        Binding("i", "app.import_files", "Import", show=False, id="library.import"),
        Binding("U", "toggle_read", "Read/unread", show=False, id="library.toggle_read"),
        Binding(
            "N",
            "name_filter",
            "Name this filter",
            show=False,
            tooltip="Save the filter under a name (F recalls it)",
            id="library.name_filter",
        ),
        Binding(
            "F",
            "saved_filters",
            "Saved filters",
            show=False,
            tooltip="Pick a saved filter",
            id="library.saved_filters",
        ),
    ]

    class Ready(Message):
        """The library has mounted and asked for its first rows: the app can start the jobs
        and screens that go over it."""

    def __init__(self, store: Store) -> None:
        super().__init__(id="library")
        self.store = store
        self._debounce: Timer | None = None
        self._loading_timer: Timer | None = None
        self._open_when_loaded = False
        self._debounce_pending = False

    def compose(self) -> ComposeResult:
        """Filter box, status line, the list (or the empty state), preview, footer."""
        yield FilterBox(placeholder=FILTER_HINT, id="filter", select_on_focus=False)
        yield Static(id="status")
        yield DocumentList(self.store, id="documents")
        yield Static(Text(EMPTY_HELP), id="empty")
        yield Static(id="preview")
        yield JobBar(id="job")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Load the first page and focus the list."""
        self.query_one("#empty").display = False
        self.documents.focus()
        self._run(self.query_one("#filter", Input).value, now=True)
        self._load_history()
        self.post_message(self.Ready())

    @property
    def documents(self) -> DocumentList:
        """The document list widget."""
        return self.query_one(DocumentList)

    def _run(self, text: str, now: bool = False) -> None:
        """List the documents the filter `text` selects; `now`: the first load, where a list
        with no filter is read on this thread so the first frame has its rows."""
        self._debounce_pending = False
        current = self.documents.list_query
        try:
            query = ListQuery.from_text(text, current.sort, current.descending)
        except GlossError as exc:
            self._open_when_loaded = False
            self._status(Text(str(exc), style="bold"), error=True)
            return
        if current.sort == "rank" and query.filter.sort is None:
            query = ListQuery(filter=query.filter)
        if now and query.filter.is_empty:
            self.documents.load_now(query)
            return
        self._start_loading()
        self.documents.set_query(query)

    def _start_loading(self) -> None:
        if self._loading_timer is not None:
            self._loading_timer.stop()
        # Show the loading indicator only when a query is slow, so typing does not flicker.
        self._loading_timer = self.set_timer(0.2, self._show_loading)

    def _show_loading(self) -> None:
        self.documents.loading = True

    def _status(self, text: Text, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.set_class(error, "error")
        status.update(text)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce_pending = True
        self._debounce = self.set_timer(0.12, lambda: self._run(event.value))

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self._remember(event.value)
        self.documents.focus()
        if self._debounce is not None and self._debounce_pending:
            # The list still shows the previous filter: run this one, open its first row.
            self._debounce.stop()
            self._open_when_loaded = True
            self._run(event.value)
        else:
            self.documents.action_open()

    def on_filter_box_to_results(self, message: FilterBox.ToResults) -> None:
        """`down` in the filter box: on to the filtered rows, the filter kept."""
        message.stop()
        self._remember(self.filter_box.value)
        self.documents.focus()

    def on_document_list_loaded(self, message: DocumentList.Loaded) -> None:
        """A query finished: update the status line and the empty state."""
        if self._loading_timer is not None:
            self._loading_timer.stop()
        self.documents.loading = False
        if message.error:
            self._open_when_loaded = False
            self._status(Text(message.error, style="bold"), error=True)
            return
        query = message.list_query
        empty_store = message.total == 0 and query.filter.is_empty
        self.query_one("#empty").display = empty_store
        appeared = not empty_store and not self.documents.display
        self.documents.display = not empty_store
        # An empty store has nothing to filter: keep the keys its help names (i, ?) out of the
        # filter box.
        filter_box = self.query_one("#filter", Input)
        filter_box.can_focus = not empty_store
        if empty_store and filter_box.has_focus:
            self.set_focus(None)
        if appeared and self.focused in (None, filter_box) and not filter_box.value:
            self.documents.focus()  # the first documents arrived (first run or an import)
        direction = "↓" if query.descending else "↑"
        noun = "document" if message.total == 1 else "documents"
        text = Text(f"{message.total:,} {noun}")
        if not query.filter.is_empty:
            text.append(" matches" if message.total == 1 else " match")
        if query.sort == "rank":
            order = "best match first" if not query.descending else "best match last"
            text.append(f" · sorted by rank, {order}", "dim")
        elif query.sort == "date" and "date" in self.documents.empty_columns:
            # No document has a date: the date sort is the import order.
            newest = "newest" if query.descending else "oldest"
            text.append(f" · undated, {newest} import first", "dim")
        else:
            text.append(f" · sorted by {query.sort} {direction}", "dim")
        if message.total == 0 and not query.filter.is_empty:
            text.append(" · nothing matches: edit the filter (ctrl+u clears it)")
        self._status(text)
        if self._open_when_loaded:
            self._open_when_loaded = False
            self.documents.action_open()

    def on_document_list_highlighted(self, message: DocumentList.Highlighted) -> None:
        """Show the highlighted document's path or search snippet."""
        preview = self.query_one("#preview", Static)
        row = message.row
        if row is None:
            preview.update("")
        elif row.get("snippet"):
            preview.update(snippet_text(row["snippet"]))
        else:
            facts = [clean(str(row[k])) for k in ("outlet", "published") if row.get(k)]
            preview.update(Text(f"#{row['id']} " + " · ".join(facts), no_wrap=True))

    def on_document_list_opened(self, message: DocumentList.Opened) -> None:
        """Open the chosen document in the reader."""
        terms = self.documents.list_query.filter.terms
        find = terms[0].rstrip("*") if terms else ""
        self.post_message(OpenDocument(message.document_id, find=find))

    def apply_filter(self, text: str) -> None:
        """Show the documents matching `text`, put in the filter box to edit."""
        box = self.query_one("#filter", Input)
        with box.prevent(Input.Changed):
            box.value = text
        box.cursor_position = len(text)  # `/` then types after the filter, not before it
        self.documents.focus()
        self._run(text)

    # -- background jobs -------------------------------------------------------------
    def job_started(self, message: str) -> None:
        """A job that fills an empty store began: say so in the empty state."""
        self.query_one("#empty", Static).update(Text(message))

    def job_finished(self) -> None:
        """The job ended: the empty state says how to import again."""
        self.query_one("#empty", Static).update(Text(EMPTY_HELP))

    def filter_text(self) -> str:
        """The filter as typed (review sessions and exports start from it)."""
        return self.query_one("#filter", Input).value

    def action_toggle_read(self) -> None:
        """Mark the document under the cursor unread if it was read, else read."""
        row = self.documents.row_at(self.documents.cursor)
        if row is None:
            return
        self._set_read(int(row["id"]), not row.get("read_at"))

    @work(thread=True, group="library-read")
    def _set_read(self, document_id: int, read: bool) -> None:
        set_read(self.store, document_id, read)
        self.app.call_from_thread(self.refresh_list)

    def action_focus_filter(self) -> None:
        """Focus the filter box."""
        self.set_focus(self.query_one("#filter", Input))

    def action_leave_filter(self) -> None:
        """Back from the filter box to the list."""
        self._remember(self.filter_text())
        self.documents.focus()

    def action_sort_next(self) -> None:
        """Sort by the next column."""
        current = self.documents.list_query
        index = SORT_KEYS.index(current.sort) if current.sort in SORT_KEYS else -1
        self.sort_by(SORT_KEYS[(index + 1) % len(SORT_KEYS)])

    def sort_by(self, key: str) -> None:
        """Sort by column `key` (again: reverse)."""
        self._start_loading()
        self.documents.set_query(self.documents.list_query.sorted_by(key))

    def action_reverse(self) -> None:
        """Reverse the sort order."""
        self.sort_by(self.documents.list_query.sort)

    def refresh_list(self) -> None:
        """Re-run the current query (after reading a document, counts and states change)."""
        for documents in self.query(DocumentList):  # none once the app is shutting down
            documents.set_query(documents.list_query, keep_cursor=True)

    # -- recent and saved filters ----------------------------------------------------
    @property
    def filter_box(self) -> FilterBox:
        """The filter box (with its history of recent filters)."""
        return self.query_one("#filter", FilterBox)

    @work(thread=True, group="library-filters")
    def _load_history(self) -> None:
        history = recent_filters(self.store)
        self.app.call_from_thread(self.filter_box.set_history, history)

    def _remember(self, text: str) -> None:
        """A filter used (enter or escape in the box): the newest of the recent filters."""
        text = text.strip()
        if not text or (self.filter_box.history[-1:] == [text]):
            return
        self.filter_box.remember(text)
        self._store_recent(text)

    @work(thread=True, group="library-filters")
    def _store_recent(self, text: str) -> None:
        remember_filter(self.store, text)

    def action_name_filter(self) -> None:
        """Save the current filter under a name (a prompt; the same name replaces it)."""
        text = self.filter_text().strip()
        if not text:
            self.notify("Type a filter first (/), then name it (N)", timeout=3)
            return
        from gloss.tui.screens.prompt_dialog import PromptDialog  # on first use (fast start)

        hint = "enter saves (a saved filter of the same name is replaced) · escape cancels"
        self.app.push_screen(
            PromptDialog(f"Name the filter  {clean(text)}", hint=hint),
            lambda name: self._save_filter(name, text) if name else None,
        )

    @work(thread=True, group="library-filters")
    def _save_filter(self, name: str, text: str) -> None:
        try:
            new = save_filter(self.store, name, text)
        except GlossError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        verb = "Saved" if new else "Replaced"
        self.app.call_from_thread(
            self.notify, f"{verb} filter {name!r} (F recalls it)", timeout=3, markup=False
        )

    def action_saved_filters(self) -> None:
        """Pick a saved filter to show."""
        self._load_saved(False)

    def action_delete_saved_filter(self) -> None:
        """Pick a saved filter to forget."""
        self._load_saved(True)

    @work(thread=True, group="library-filters")
    def _load_saved(self, delete: bool) -> None:
        rows = saved_filters(self.store)
        self.app.call_from_thread(self._pick_saved, rows, delete)

    def _pick_saved(self, rows: list[dict], delete: bool) -> None:
        if not rows:
            self.notify("No saved filters yet: / types one, N names it", timeout=3)
            return
        by_name = {row["name"]: row["filter"] for row in rows}

        def choices(typed: str) -> list[tuple[str, Text]]:
            wanted = typed.casefold().strip()
            return [
                (name, Text.assemble((clean(name), "bold"), "  ", (clean(text), "dim")))
                for name, text in by_name.items()
                if wanted in name.casefold() or wanted in text.casefold()
            ]

        def chosen(name: str | None) -> None:
            if name is None:
                return
            if delete:
                self._delete_saved(name)
            else:
                self.recall_filter(name, by_name[name])

        from gloss.tui.screens.pick_dialog import PickDialog  # on first use (fast start)

        title = "Forget which saved filter?" if delete else "Show which saved filter?"
        self.app.push_screen(PickDialog(title, choices), chosen)

    def recall_filter(self, name: str, text: str) -> None:
        """Show a saved filter's documents (its text in the filter box, to edit)."""
        self.apply_filter(text)
        self._remember(text)
        self._mark_used(name)

    @work(thread=True, group="library-filters")
    def _mark_used(self, name: str) -> None:
        mark_used(self.store, name)

    @work(thread=True, group="library-filters")
    def _delete_saved(self, name: str) -> None:
        delete_filter(self.store, name)
        self.app.call_from_thread(
            self.notify, f"Forgot the saved filter {name!r}", timeout=3, markup=False
        )
