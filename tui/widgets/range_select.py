"""Word ranges in the document view: extend by word or sentence from the keys, or drag.

A mixin for :class:`~tui.widgets.document_view.DocumentView` (kept apart so the view stays
one question per module); the words and the range arithmetic are in
:mod:`tui.widgets.text_range`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events

from gloss.tui.widgets.layers import Selection
from gloss.tui.widgets.text_range import WordRange, Words

if TYPE_CHECKING:
    from gloss.tui.widgets.text_layout import Line


class RangeSelect:
    """Range selection for the document view (uses its text, lines, selection and select())."""

    _text: str
    _lines: list[Line]
    _words: Words | None
    _range: WordRange | None
    _drag_from: int | None
    _dragged: bool
    selection: Selection | None
    if TYPE_CHECKING:
        scroll_offset: Any
        styles: Any
        scrollable_content_region: Any

        def scroll_to(self, *args: Any, **kwargs: Any) -> Any: ...

        def select(self, selection: Selection | None, **kwargs: Any) -> None: ...
        def show_offset(self, offset: int) -> None: ...
        def offset_at(self, x: int, y: int) -> int | None: ...
        def _ranges(self, kind: str) -> list[tuple[int, int]]: ...
        def capture_mouse(self, capture: bool = True) -> None: ...
        def release_mouse(self) -> None: ...

    @property
    def words(self) -> Words:
        """The document's words (computed on first use)."""
        if self._words is None:
            self._words = Words(self._text)
        return self._words

    @property
    def top_offset(self) -> int:
        """The text offset at the start of the top visible line."""
        if not self._lines:
            return 0
        return self._lines[min(self.scroll_offset.y, len(self._lines) - 1)].start

    def start_range(self) -> bool:
        """Start a range on the word at the cursor (the selection's start, else the top line)."""
        words = self.words
        if not len(words):
            return False
        offset = self.selection.start if self.selection is not None else self.top_offset
        index = words.at(offset)
        self._set_range(WordRange(index, index))
        return True

    def extend_range(self, unit: str, step: int) -> bool:
        """Grow or shrink the range by a word or to a sentence edge (starting one if needed)."""
        if self._range is None and not self.start_range():
            return False
        assert self._range is not None
        self._set_range(self._range.extend(self.words, self._ranges("sentence"), unit, step))
        return True

    def select_range(self, start: int, end: int) -> bool:
        """Select the words from text offset `start` (the anchor) to `end` (the head)."""
        words = self.words
        if not len(words):
            return False
        self._set_range(WordRange(words.at(start), words.at(end)))
        return True

    def clear_range(self) -> bool:
        """Drop the range (True if there was one)."""
        if self.selection is None or self.selection.kind != "range":
            return False
        self.select(None)
        return True

    def _set_range(self, word_range: WordRange) -> None:
        start, end = word_range.bounds(self.words)
        self.select(Selection("range", 0, start, end), scroll=False)
        self._range = word_range  # after select(), which drops any earlier range
        self.show_offset(self.words.spans[word_range.head][0])

    # -- mouse drag ------------------------------------------------------------------
    def _offset_near(self, x: int, y: int) -> int | None:
        """The text offset under (x, y), or the last one of that line when x is past its end."""
        offset = self.offset_at(x - self.styles.padding.left, y)
        if offset is not None:
            return offset
        index = self.scroll_offset.y + y
        if 0 <= index < len(self._lines) and self._lines[index].end > self._lines[index].start:
            return self._lines[index].end - 1
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Remember where a drag may start."""
        if event.button != 1:
            return
        self._drag_from = self._offset_near(event.x, event.y)
        self._dragged = False
        if self._drag_from is not None:
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Dragging with the button down selects the words between (past the top or bottom
        edge, the text scrolls a line per move)."""
        if self._drag_from is None or event.button != 1:
            return
        y = event.y
        height = self.scrollable_content_region.height
        if y < 0 or y >= height:
            step = -1 if y < 0 else 1
            self.scroll_to(y=self.scroll_offset.y + step, animate=False, immediate=True)
            y = 0 if y < 0 else height - 1
        offset = self._offset_near(event.x, y)
        if offset is None or (offset == self._drag_from and not self._dragged):
            return
        self._dragged = True
        self.select_range(self._drag_from, offset)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """End a drag."""
        if self._drag_from is not None:
            self._drag_from = None
            self.release_mouse()
