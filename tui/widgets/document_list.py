"""The library's document list: a Line-API ScrollView that fetches only the rows it draws.

Rows come from ``store.library_pages.page`` one page at a time, in thread workers; until a page
arrives its rows draw as placeholders. Rendered rows are kept in an LRU cache of strips.
Line 0 is a fixed header of sortable columns (click one, or use the sort keys).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import events, work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.worker import get_current_worker

from gloss.store import Store, StoreError
from gloss.store.documents import fields_in_use
from gloss.store.library_pages import ListQuery, count, page, snippet_of
from gloss.store.wording import fitted
from gloss.tui.fit import fit_cells
from gloss.tui.safe import clean
from gloss.tui.widgets.row_table import RowTable, cursor_bindings

PAGE_SIZE = 100
# (sort key, header label, width in cells; 0 = takes the remaining width), right-aligned?
COLUMNS: tuple[tuple[str, str, int, bool], ...] = (
    ("title", "Title", 0, False),
    ("outlet", "Outlet", 14, False),
    ("date", "Date", 10, False),
    ("words", "Words", 6, True),
    ("entities", "Ent", 4, True),
    ("claims", "Clm", 4, True),
    ("annotations", "Ann", 4, True),
    ("status", "State", 8, False),
)
WAITING = "…"  # in the entity and claim columns of a document waiting for analysis
NARROW = 90  # below this width the words column is hidden and the state is one mark
NARROW_HIDDEN = ("words",)
# The state in one cell below NARROW (a new-user test at 80 columns could not tell which
# documents were read): "•" unread, nothing once read.
STATE_MARKS = {"unread": "•", "read": ""}
FIELDS = {"outlet": "outlet", "date": "published"}  # columns hidden while no document has one
SORT_KEYS = tuple(column[0] for column in COLUMNS)


class DocumentList(RowTable):
    """Every document matching a ListQuery, one row each, with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="list.open"),
        *cursor_bindings("list", vi_keys=True),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"document-list--loading", "document-list--unread"}
    DEFAULT_CSS = """
    DocumentList > .document-list--loading { color: $text-disabled; }
    DocumentList > .document-list--unread { text-style: bold; }
    """

    class Opened(Message):
        """Enter (or a double click) on a row: open document `document_id`."""

        def __init__(self, document_id: int) -> None:
            super().__init__()
            self.document_id = document_id

    class Highlighted(Message):
        """The cursor is on `row` (None while its page loads or the list is empty)."""

        def __init__(self, row: dict[str, Any] | None) -> None:
            super().__init__()
            self.row = row

    class Loaded(Message):
        """A new query finished counting: `total` rows (or `error`)."""

        def __init__(self, query: ListQuery, total: int, error: str = "") -> None:
            super().__init__()
            self.list_query = query
            self.total = total
            self.error = error

    def __init__(self, store: Store, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.list_query = ListQuery()
        self.total = 0
        self.loaded = False
        self._generation = 0
        self._pages: dict[int, list[dict[str, Any]]] = {}
        self._pending: set[int] = set()
        self._empty: set[str] = set()  # columns no document of the store fills
        self._cache: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(1024)

    # -- data ------------------------------------------------------------------------
    def set_query(self, query: ListQuery, keep_cursor: bool = False) -> None:
        """Show the documents of `query` (counted and first page fetched in a worker).

        With `keep_cursor` (a refresh of the same query) the cursor and scroll stay put.
        """
        self._generation += 1
        cursor = self.cursor if keep_cursor else 0
        self._run_query(query, self._generation, cursor, keep_cursor)

    def load_now(self, query: ListQuery) -> None:
        """Show the first page of `query` at once, on this thread: the library's first load,
        so its first frame already has rows (a worker's page arrives two or three frames
        later, ~100 ms at start). Without a filter it costs a count and one page by index,
        a few milliseconds at 1M documents. Should it fail, the worker runs the query again
        and reports the problem the usual way."""
        self._generation += 1
        try:
            total, pages, empty = self._fetch(query, 0)
        except Exception:
            self.set_query(query)
            return
        self._apply_query(query, self._generation, total, pages, 0, False, empty)

    def _fetch(
        self, query: ListQuery, cursor: int
    ) -> tuple[int, dict[int, list[dict[str, Any]]], set[str]]:
        """The query's total, the page holding `cursor` and the columns no document fills."""
        total = count(self.store, query)
        at = min(cursor, max(total - 1, 0))
        number = at // PAGE_SIZE
        rows = page(self.store, query, number * PAGE_SIZE, PAGE_SIZE, snippets=False)
        # The highlighted row's snippet comes with the page; the others when highlighted.
        if at % PAGE_SIZE < len(rows) and rows[at % PAGE_SIZE]["snippet"] is None:
            row = rows[at % PAGE_SIZE]
            row["snippet"] = snippet_of(self.store, query, int(row["id"]))
        in_use = fields_in_use(self.store)
        empty = {column for column, field in FIELDS.items() if field not in in_use}
        return total, {number: rows}, empty

    @work(thread=True, exclusive=True, group="list-query")
    def _run_query(self, query: ListQuery, generation: int, cursor: int, keep: bool) -> None:
        worker = get_current_worker()
        try:
            total, pages, empty = self._fetch(query, cursor)
        except StoreError:
            raise  # the store failed, not the filter: the app reports it (once)
        except Exception as exc:  # an FTS edge case: report it, keep the old list
            self.post_message(self.Loaded(query, 0, f"cannot run this filter ({exc})"))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(
                self._apply_query, query, generation, total, pages, cursor, keep, empty
            )

    def _apply_query(
        self,
        query: ListQuery,
        generation: int,
        total: int,
        pages: dict[int, list[dict[str, Any]]],
        cursor: int,
        keep: bool,
        empty: set[str],
    ) -> None:
        if generation != self._generation:
            return
        self._empty = empty
        if keep:  # the user may have moved while the query ran (background refreshes)
            cursor = self.cursor
        self.list_query = query
        self.total = total
        self.loaded = True
        self._pages = pages
        self._pending = set()
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, total + 1)
        cursor = min(cursor, max(total - 1, 0))
        if cursor == 0:
            self.scroll_to(y=0, animate=False)
        self.set_reactive(DocumentList.cursor, cursor)
        self.refresh()
        # Posted from this widget's own queue: a message made while another widget's handler
        # runs (the library's on_mount, for load_now) counts that widget as its sender, and
        # Textual stops a message bubbling past its sender's parent, so the app never heard.
        self.call_next(self._loaded, query, total)
        self._announce(cursor)

    @property
    def empty_columns(self) -> set[str]:
        """The columns hidden because no document fills them ("date", "outlet")."""
        return set(self._empty)

    def _loaded(self, query: ListQuery, total: int) -> None:
        self.post_message(self.Loaded(query, total))

    def row_at(self, index: int) -> dict[str, Any] | None:
        """Row `index` if its page is loaded."""
        rows = self._pages.get(index // PAGE_SIZE)
        if rows is None or not 0 <= index < self.total:
            return None
        offset = index % PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def _request(self, number: int) -> None:
        if number in self._pending or number in self._pages:
            return
        self._pending.add(number)
        self._load_page(self.list_query, self._generation, number)

    @work(thread=True, group="list-page")
    def _load_page(self, query: ListQuery, generation: int, number: int) -> None:
        rows = page(self.store, query, number * PAGE_SIZE, PAGE_SIZE, snippets=False)
        self.app.call_from_thread(self._apply_page, generation, number, rows)

    def _apply_page(self, generation: int, number: int, rows: list[dict[str, Any]]) -> None:
        """A page arrived: store it and redraw."""
        if generation != self._generation:
            return
        self._pending.discard(number)
        self._pages[number] = rows
        if len(self._pages) > 50:  # keep memory flat while scrolling a huge store
            far = sorted(self._pages, key=lambda n: abs(n - self.cursor // PAGE_SIZE))[50:]
            for number in far:
                del self._pages[number]
        self._cache.clear()
        self.refresh()
        if self.cursor // PAGE_SIZE == number:
            self._announce(self.cursor)

    def _announce(self, index: int) -> None:
        """Post Highlighted for row `index`; a row whose snippet is not fetched yet is
        announced when a worker has fetched it (the library shows the snippet)."""
        row = self.row_at(index)
        if row is not None and row.get("snippet", "") is None:
            self._fetch_snippet(self.list_query, self._generation, index, int(row["id"]))
            return
        self.post_message(self.Highlighted(row))

    @work(thread=True, exclusive=True, group="list-snippet")
    def _fetch_snippet(
        self, query: ListQuery, generation: int, index: int, document_id: int
    ) -> None:
        found = snippet_of(self.store, query, document_id)
        self.app.call_from_thread(self._apply_snippet, generation, index, document_id, found)

    def _apply_snippet(self, generation: int, index: int, document_id: int, found: str) -> None:
        """A row's snippet arrived: keep it, and announce the row if it is still highlighted."""
        row = self.row_at(index)
        if generation != self._generation or row is None or int(row["id"]) != document_id:
            return
        row["snippet"] = found
        if self.cursor == index:
            self.post_message(self.Highlighted(row))

    # -- drawing ---------------------------------------------------------------------
    def notify_style_update(self) -> None:
        """The theme changed: drop cached strips."""
        super().notify_style_update()
        self._cache.clear()

    def _widths(self, width: int) -> list[int]:
        """Cells per column; 0 hides a column (words and state give way below NARROW; the
        outlet and the date while no document of the store has one)."""
        narrow = width < NARROW
        sizes = [
            0
            if (narrow and key in NARROW_HIDDEN) or key in self._empty
            else (1 if narrow and key == "status" else size)
            for key, _, size, _ in COLUMNS[1:]
        ]
        fixed = sum(size + 1 for size in sizes if size)
        return [max(width - fixed - 1, 10), *sizes]

    def render_line(self, y: int) -> Strip:
        """Line 0 is the header; the others are rows from the scroll offset on."""
        width = self.scrollable_content_region.width
        if y == 0:
            return self._header(width)
        index = self.scroll_offset.y + y - 1
        if index >= self.total:
            return Strip.blank(width, self.rich_style)
        row = self.row_at(index)
        if row is None:
            self._request(index // PAGE_SIZE)
            style = self.rich_style + self.get_component_rich_style("document-list--loading")
            return self._to_strip(Text(" loading…", end=""), width, style)
        key = (index, width, index == self.cursor, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._row_strip(row, width, index == self.cursor)
            self._cache[key] = strip
        return strip

    def _header(self, width: int) -> Strip:
        style = self.get_component_rich_style("row-table--header")
        sorted_style = self.get_component_rich_style("row-table--sorted", partial=True)
        text = Text(no_wrap=True, end="")
        for (key, label, _, right), size in zip(COLUMNS, self._widths(width), strict=True):
            if not size:
                continue
            if key == self.list_query.sort:
                label += "↓" if self.list_query.descending else "↑"
            cell = label.rjust(size) if right else label.ljust(size)
            text.append(" " + cell[:size], sorted_style if key == self.list_query.sort else None)
        return self._to_strip(text, width, self.rich_style + style)

    def _row_strip(self, row: dict[str, Any], width: int, is_cursor: bool) -> Strip:
        waiting = bool(row.get("waiting"))  # no analysis yet: no counts to show
        widths = self._widths(width)
        counts = {  # numbers fit their column rounded (218k), never cut (8184)
            key: fitted(int(row.get(key) or 0), size)
            for (key, _, _, right), size in zip(COLUMNS, widths, strict=True)
            if right
        }
        values = [
            " ".join(clean(row.get("title") or "(untitled)").split()),
            clean(row.get("outlet") or ""),
            row.get("published") or "",
            counts["words"],
            WAITING if waiting else counts["entities"],
            WAITING if waiting else counts["claims"],
            counts["annotations"],
            STATE_MARKS.get(row.get("status") or "", "")
            if widths[-1] == 1
            else row.get("status") or "",
        ]
        cells = [
            value.rjust(size) if right else fit_cells(value, size)
            for value, (_, _, _, right), size in zip(values, COLUMNS, widths, strict=True)
            if size
        ]
        line = Segment(" " + " ".join(cells))  # one segment: a row has one style
        base = self.rich_style
        if row.get("status") == "unread":
            base += self.get_component_rich_style("document-list--unread", partial=True)
        if is_cursor:
            base += self.get_component_rich_style("row-table--cursor")
        return Strip([line]).adjust_cell_length(width, base).apply_style(base)

    # -- cursor ----------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        """Documents matching the query."""
        return self.total

    def index_of(self, document_id: int) -> int | None:
        """Where a document is in the list, if its page is loaded (the cursor's row first)."""
        row = self.row_at(self.cursor)
        if row is not None and int(row["id"]) == document_id:
            return self.cursor
        for number, rows in self._pages.items():
            for offset, found in enumerate(rows):
                if int(found["id"]) == document_id:
                    return number * PAGE_SIZE + offset
        return None

    def neighbour(self, index: int) -> int | None:
        """The id of the document at `index` (read from the store if its page is not loaded),
        or None past either end of the list."""
        if not 0 <= index < self.total:
            return None
        row = self.row_at(index)
        if row is None:
            rows = page(self.store, self.list_query, index, 1, snippets=False)
            row = rows[0] if rows else None
        return None if row is None else int(row["id"])

    def cursor_moved(self, index: int) -> None:
        """Announce the document under the cursor (the status line shows it)."""
        self._announce(index)

    def action_open(self) -> None:
        """Open the document under the cursor."""
        row = self.row_at(self.cursor)
        if row is not None:
            self.post_message(self.Opened(int(row["id"])))

    def on_click(self, event: events.Click) -> None:
        """Click a header cell to sort; click a row to move there (twice to open)."""
        if event.y == 0:
            x = 0
            for (key, *_), size in zip(
                COLUMNS, self._widths(self.scrollable_content_region.width), strict=True
            ):
                if size and x <= event.x < x + size + 1:
                    self.set_query(self.list_query.sorted_by(key))
                    return
                x += size + 1 if size else 0
            return
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < self.total:
            if index == self.cursor and event.chain >= 2:
                self.action_open()
            self.cursor = index
