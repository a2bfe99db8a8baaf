"""Cursor moves in the document view: next/previous claim, entity, sentence, hit or annotation.

A mixin for :class:`~tui.widgets.document_view.DocumentView` (kept apart like
:mod:`tui.widgets.range_select`): which spans the cursor visits and how it steps between them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gloss.tui.widgets.layers import Selection, item_ranges

if TYPE_CHECKING:
    from gloss.store.document_layers import ReadingData
    from gloss.tui.widgets.text_layout import Line, Structure


class CursorMoves:
    """Stepping the selection through the document's items (uses the view's data and lines)."""

    data: ReadingData | None
    structure: Structure | None
    hits: list[tuple[int, int]]
    selection: Selection | None
    _lines: list[Line]
    _sentences: list[tuple[int, int]] | None
    if TYPE_CHECKING:
        scroll_offset: Any
        size: Any

        def select(self, selection: Selection | None, **kwargs: Any) -> None: ...

    @property
    def cursor(self) -> int:
        """The cursor's text offset (start of the selection, or the top visible line)."""
        if self.selection is not None:
            return self.selection.start
        if self._lines:
            return self._lines[min(self.scroll_offset.y, len(self._lines) - 1)].start - 1
        return -1

    def _shown(self) -> tuple[int, int] | None:
        """The text offsets of the lines on screen (None before the text is laid out)."""
        if not self._lines or not self.size.height:
            return None
        top = min(self.scroll_offset.y, len(self._lines) - 1)
        bottom = min(top + self.size.height - 1, len(self._lines) - 1)
        return self._lines[top].start, self._lines[bottom].end

    def _ranges(self, kind: str) -> list[tuple[int, int]]:
        if self.data is None:
            return []
        if kind == "sentence":
            if self._sentences is None:
                self._sentences = item_ranges(self.data, self.structure, self.hits, kind)
            return self._sentences
        return item_ranges(self.data, self.structure, self.hits, kind)

    def count(self, kind: str) -> int:
        """How many claims/entities/sentences/hits/annotations the cursor can visit."""
        return len(self._ranges(kind))

    def move(self, kind: str, step: int) -> bool:
        """Select the next (step 1) or previous (step -1) claim/entity/sentence/hit."""
        ranges = self._ranges(kind)
        if not ranges:
            return False
        here = self.cursor
        current = self.selection
        shown = self._shown()
        if (
            current is not None
            and shown is not None
            and not (current.start < shown[1] and current.end > shown[0])
        ):
            # Scrolled away from the selection (home, end, page keys): the next item is
            # the first one on screen, the previous the last (a new-user test pressed home
            # then ] and landed on the claim after the old one, far down).
            current = None
            here = shown[0] - 1 if step > 0 else shown[1]
        holding = (
            self.holding(kind, current.start)
            if current is not None and current.kind in ("hit", "entity") and kind == "claim"
            else []
        )
        if current is not None and current.kind == kind:
            index = current.index + step
        elif holding and step > 0:
            # A find's match or a name inside a claim: `]` takes that claim first, not the
            # next one (a new-user test found a word and `]` skipped its claim).
            index = holding[-1]
        elif step > 0:
            index = next((i for i, (s, _) in enumerate(ranges) if s > here), len(ranges))
        else:
            index = next((i for i in range(len(ranges) - 1, -1, -1) if ranges[i][0] < here), -1)
        if not 0 <= index < len(ranges):
            return False
        start, end = ranges[index]
        self.select(Selection(kind, index, start, end))
        return True

    def select_item(self, kind: str, index: int) -> None:
        """Select claim/entity/hit number `index`."""
        ranges = self._ranges(kind)
        if 0 <= index < len(ranges):
            self.select(Selection(kind, index, *ranges[index]))

    def holding(self, kind: str, offset: int) -> list[int]:
        """The items of `kind` whose ranges hold text `offset`, in order."""
        return [i for i, (start, end) in enumerate(self._ranges(kind)) if start <= offset < end]

    def select_at(self, offset: int, first: str = "") -> bool:
        """Select the entity, annotation, claim or else sentence holding text `offset`
        (``first``, e.g. "claim", is tried before the others)."""
        kinds = ("entity", "annotation", "claim", "sentence")
        for kind in (first, *kinds) if first in kinds else kinds:
            ranges = self._ranges(kind)
            holding = self.holding(kind, offset)
            if not holding:
                continue
            # The claim whose words start there (a claim of several sentences may hold a
            # later claim's), else the narrowest item holding the offset.
            exact = [
                i
                for i in holding
                if kind == "claim" and self.data and self.data.claims[i]["content_start"] == offset
            ]
            index = exact[0] if exact else min(holding, key=lambda i: ranges[i][1] - ranges[i][0])
            self.select(Selection(kind, index, *ranges[index]))
            return True
        return False
