"""The corpus screen's entity table: a Line-API ScrollView over rows held in memory.

It shows one group of types at a time: names (people, organisations, places, groups, events,
works, laws) by default, or only people, organisations, places or dates, or everything
(numbers included).

A large store has tens of thousands of canonical entities; a DataTable takes seconds to fill
with them (and again on every filter keystroke), so this draws only the visible rows, from a
filtered and sorted Python list, with an LRU cache of strips. Names are coloured by type with
the colours the document view uses.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from gloss.store.wording import fitted
from gloss.tui.safe import clean
from gloss.tui.widgets.layers import LABEL_CLASS
from gloss.tui.widgets.row_table import RowTable, cursor_bindings

# (sort key, header label, width in cells (0 = the rest), right-aligned?)
COLUMNS: tuple[tuple[str, str, int, bool], ...] = (
    ("canonical", "Entity", 0, False),
    ("label", "Type", 11, False),
    ("mentions", "Mentions", 8, True),
    ("documents", "Docs", 6, True),
)
SORT_KEYS = tuple(column[0] for column in COLUMNS)
# Which types are shown, cycled with a key: names first ("who is named"), numbers only in "all".
NAME_TYPES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
TYPE_GROUPS: tuple[tuple[str, frozenset[str] | None], ...] = (
    ("names", NAME_TYPES),
    ("people", frozenset({"PERSON"})),
    ("organisations", frozenset({"ORG"})),
    ("places", frozenset({"GPE", "LOC", "FAC"})),
    ("dates", frozenset({"DATE", "TIME"})),
    ("all types", None),
)
# Numbers sort biggest first, names A to Z.
_DESCENDING = {"mentions": True, "documents": True}
_TYPE_CLASSES = ("person", "org", "place", "group", "date", "number", "other")


_PRIMARY = {
    "canonical": lambda r: (r["_key"], r["label"]),
    "label": lambda r: r["label"],
    "mentions": lambda r: (r["mentions"], r["documents"]),
    "documents": lambda r: (r["documents"], r["mentions"]),
}


class EntityTable(RowTable):
    """Canonical entities with type, mention and document counts; a cursor; a filter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Show documents", id="entities.choose"),
        *cursor_bindings("entities"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {*(f"entity-table--{name}" for name in _TYPE_CLASSES)}
    DEFAULT_CSS = """
    EntityTable > .entity-table--person { color: $text-accent; text-style: bold; }
    EntityTable > .entity-table--org { color: $text-primary; text-style: bold; }
    EntityTable > .entity-table--place { color: $text-success; text-style: bold; }
    EntityTable > .entity-table--group { color: $text-secondary; text-style: bold italic; }
    EntityTable > .entity-table--date { color: $text-error; text-style: italic; }
    EntityTable > .entity-table--number { color: $text-warning; }
    EntityTable > .entity-table--other { color: $text-muted; text-style: bold; }
    """

    class Chosen(Message):
        """Enter (or a double click) on the entity `canonical`."""

        def __init__(self, canonical: str, label: str) -> None:
            super().__init__()
            self.canonical = canonical
            self.label = label

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.all_rows: list[dict[str, Any]] = []
        self.rows: list[dict[str, Any]] = []
        self.filter_text = ""
        self.types = TYPE_GROUPS[0][0]
        self.sort = "documents"
        self.descending = True
        self._cache: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(512)

    # -- data ------------------------------------------------------------------------
    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Show these entities (dicts with canonical, label, mentions, documents)."""
        for row in rows:
            row["_key"] = row["canonical"].casefold()
        # Ties keep this order (names A to Z) whichever way a column sorts: sorts are stable.
        self.all_rows = sorted(rows, key=_PRIMARY["canonical"])
        self._apply()

    def set_filter(self, text: str) -> None:
        """Keep the entities whose name contains `text` (any case)."""
        self.filter_text = text.strip().casefold()
        self._apply()

    def next_types(self) -> None:
        """Show the next group of types (names, people, organisations, places, dates, all)."""
        names = [name for name, _ in TYPE_GROUPS]
        self.types = names[(names.index(self.types) + 1) % len(names)]
        self._apply()

    def sort_by(self, key: str) -> None:
        """Sort by column `key`; again: reverse."""
        if key == self.sort:
            self.descending = not self.descending
        else:
            self.sort, self.descending = key, _DESCENDING.get(key, False)
        self._apply()

    def sort_next(self) -> None:
        """Sort by the next column."""
        self.sort_by(SORT_KEYS[(SORT_KEYS.index(self.sort) + 1) % len(SORT_KEYS)])

    def _apply(self) -> None:
        needle = self.filter_text
        labels = dict(TYPE_GROUPS)[self.types]
        rows = [
            r
            for r in self.all_rows
            if (labels is None or r["label"] in labels) and (not needle or needle in r["_key"])
        ]
        self.rows = sorted(rows, key=_PRIMARY[self.sort], reverse=self.descending)
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows) + 1)
        self.scroll_to(y=0, animate=False)
        self.set_reactive(EntityTable.cursor, 0)
        self.refresh()

    @property
    def highlighted(self) -> dict[str, Any] | None:
        """The row under the cursor."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    # -- drawing ---------------------------------------------------------------------
    def notify_style_update(self) -> None:
        """The theme changed: drop cached strips."""
        super().notify_style_update()
        self._cache.clear()

    def _widths(self, width: int) -> list[int]:
        sizes = [size for _, _, size, _ in COLUMNS[1:]]
        return [max(width - sum(s + 1 for s in sizes) - 1, 10), *sizes]

    def render_line(self, y: int) -> Strip:
        """Line 0 is the header; the others are rows from the scroll offset on."""
        width = self.scrollable_content_region.width
        if y == 0:
            return self._header(width)
        index = self.scroll_offset.y + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        key = (index, width, index == self.cursor, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._row_strip(self.rows[index], width, index == self.cursor)
            self._cache[key] = strip
        return strip

    def _header(self, width: int) -> Strip:
        style = self.get_component_rich_style("row-table--header")
        sorted_style = self.get_component_rich_style("row-table--sorted", partial=True)
        text = Text(no_wrap=True, end="")
        for (key, label, _, right), size in zip(COLUMNS, self._widths(width), strict=True):
            if key == self.sort:
                label += "↓" if self.descending else "↑"
            cell = label.rjust(size) if right else label.ljust(size)
            text.append(" " + cell[:size], sorted_style if key == self.sort else None)
        return self._to_strip(text, width, self.rich_style + style)

    def _row_strip(self, row: dict[str, Any], width: int, is_cursor: bool) -> Strip:
        kind = LABEL_CLASS.get(str(row["label"]).upper(), "other")
        colour = self.get_component_rich_style(f"entity-table--{kind}", partial=True)
        name_size, label_size, mentions_size, docs_size = self._widths(width)
        name = Text(" ".join(clean(row["canonical"]).split()), colour, no_wrap=True, end="")
        name.truncate(name_size, overflow="ellipsis", pad=True)
        label = Text(clean(str(row["label"])), colour, end="")
        label.truncate(label_size, overflow="ellipsis", pad=True)
        text = Text.assemble(
            " ",
            name,
            " ",
            label,
            " ",
            fitted(int(row["mentions"]), mentions_size, grouped=True).rjust(mentions_size),
            " ",
            fitted(int(row["documents"]), docs_size, grouped=True).rjust(docs_size),
            no_wrap=True,
            end="",
        )
        base = self.rich_style
        if is_cursor:
            base += self.get_component_rich_style("row-table--cursor")
        return self._to_strip(text, width, base)

    # -- cursor ----------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        """Entities shown (after the type group and the filter)."""
        return len(self.rows)

    def action_choose(self) -> None:
        """Show the documents naming the entity under the cursor."""
        row = self.highlighted
        if row is not None:
            self.post_message(self.Chosen(row["canonical"], row["label"]))

    def on_click(self, event: events.Click) -> None:
        """Click a header cell to sort; click a row to move there (twice to choose)."""
        if event.y == 0:
            x = 0
            for (key, *_), size in zip(
                COLUMNS, self._widths(self.scrollable_content_region.width), strict=True
            ):
                if x <= event.x < x + size + 1:
                    self.sort_by(key)
                    return
                x += size + 1
            return
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < len(self.rows):
            if index == self.cursor and event.chain >= 2:
                self.action_choose()
            self.cursor = index
