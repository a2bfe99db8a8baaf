"""The cursor, keys, colours and scrolling that the Line-API tables share (the library's
document list and the corpus screen's entity table): a header on line 0, one line per row
below it, and a cursor row kept on screen.

Subclasses say how many rows there are (:attr:`RowTable.row_count`), draw their lines
(``render_line``, with the ``row-table--header``/``--sorted``/``--cursor`` component styles)
and keep rendered strips in ``self._cache``, which is cleared when focus changes because the
cursor's colour depends on it. Their ``BINDINGS`` add :func:`cursor_bindings`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


def cursor_bindings(prefix: str, *, vi_keys: bool = False) -> list[Binding]:
    """The cursor keys of a RowTable, with binding ids ``<prefix>.up`` ... (users remap them
    by id). ``vi_keys`` adds k, j, space, g and G, where typed letters are not text."""
    vi = vi_keys

    def keys(plain: str, extra: str) -> str:
        return f"{plain},{extra}" if vi else plain

    return [
        Binding(keys("up", "k"), "cursor(-1)", "Up", show=False, id=f"{prefix}.up"),
        Binding(keys("down", "j"), "cursor(1)", "Down", show=False, id=f"{prefix}.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id=f"{prefix}.page_up"),
        Binding(
            keys("pagedown", "space"), "page(1)", "Page down", show=False, id=f"{prefix}.page_down"
        ),
        Binding(keys("home", "g"), "first", "First row", show=False, id=f"{prefix}.first"),
        Binding(keys("end", "G"), "last", "Last row", show=False, id=f"{prefix}.last"),
    ]


class RowTable(ScrollView, can_focus=True):
    """A header line, then a row per line, with a cursor row moved by the keys."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-table--header",
        "row-table--sorted",
        "row-table--cursor",
    }
    DEFAULT_CSS = """
    RowTable { background: $surface; color: $foreground; height: 1fr; overflow-x: hidden; }
    RowTable > .row-table--header { background: $panel; color: $text-primary;
        text-style: bold; }
    RowTable > .row-table--sorted { color: $accent; text-style: bold underline; }
    RowTable > .row-table--cursor { background: $block-cursor-blurred-background; }
    RowTable:focus > .row-table--cursor { background: $block-cursor-background;
        color: $block-cursor-foreground; text-style: bold; }
    """

    cursor: reactive[int] = reactive(0)
    _cache: Any  # an LRUCache of strips, made by the subclass

    @property
    def row_count(self) -> int:
        """How many rows the table has (not counting the header)."""
        raise NotImplementedError

    def cursor_moved(self, index: int) -> None:
        """The cursor is now on row `index` (a hook: the document list announces it)."""

    def _to_strip(self, text: Text, width: int, style: Style) -> Strip:
        strip = Strip(list(text.render(self.app.console)))
        return strip.adjust_cell_length(width, style).apply_style(style)

    # -- cursor ----------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        """Redraw the two rows and keep the cursor visible."""
        top = self.scroll_offset.y
        for index in (old, new):
            if 0 <= index - top + 1 < self.size.height:
                self.refresh_line(index - top + 1)
        height = self.scrollable_content_region.height - 1
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False)
        self.cursor_moved(new)

    def on_focus(self) -> None:
        """The cursor colour depends on focus."""
        self._cache.clear()
        self.refresh()

    on_blur = on_focus

    def action_cursor(self, step: int) -> None:
        """Move the cursor by `step` rows."""
        if self.row_count:
            self.cursor = min(max(self.cursor + step, 0), self.row_count - 1)

    def action_page(self, direction: int) -> None:
        """Move the cursor by one screen."""
        self.action_cursor(direction * max(self.scrollable_content_region.height - 2, 1))

    def action_first(self) -> None:
        """Go to the first row."""
        self.cursor = 0

    def action_last(self) -> None:
        """Go to the last row."""
        self.cursor = max(self.row_count - 1, 0)
