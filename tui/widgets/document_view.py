"""The document view: a Line-API ScrollView over pre-wrapped lines with layers drawn by span.

Layers: entities (coloured by type), claims (underlined; speaker and cue marked), the user's
annotations, find hits and dimmed boilerplate; each one toggles. A cursor (the *selection*)
moves by claim, entity, sentence or hit and is drawn reversed; a user-made *range* (keys or
a mouse drag) grows word by word or sentence by sentence. Annotations take the colour of their
tags. Only the lines a change touches are restyled (a per-line strip cache).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.color import Color, ColorParseError
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from gloss.store.document_layers import ReadingData
from gloss.tui.safe import clean
from gloss.tui.widgets.cursor_moves import CursorMoves
from gloss.tui.widgets.layers import (
    LAYERS,
    LEGEND_LABELS,
    Selection,
    Span,
    build_spans,
    placed,
)
from gloss.tui.widgets.range_select import RangeSelect
from gloss.tui.widgets.text_layout import Line, Structure, analyse, wrap
from gloss.tui.widgets.text_range import WordRange, Words

__all__ = ["DocumentView", "Selection", "Span"]


class DocumentView(CursorMoves, RangeSelect, ScrollView, can_focus=True):
    """A document's text, wrapped to the widget's width, with entity/claim/note layers."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"document-view--{name}"
        for name in (
            "person",
            "org",
            "place",
            "group",
            "date",
            "number",
            "other",
            "claim",
            "speaker",
            "cue",
            "annotation",
            "hit",
            "boilerplate",
            "selection",
            "range",
            "heading",
            "quote",
            "code",
            "marker",
            "em",
            "strong",
        )
    }
    DEFAULT_CSS = """
    DocumentView { background: $surface; color: $foreground; padding: 0 1;
        scrollbar-gutter: stable; overflow-x: hidden; }
    DocumentView > .document-view--person { color: $text-accent; text-style: bold; }
    DocumentView > .document-view--org { color: $text-primary; text-style: bold; }
    DocumentView > .document-view--place { color: $text-success; text-style: bold; }
    DocumentView > .document-view--group { color: $text-secondary; text-style: bold italic; }
    DocumentView > .document-view--date { color: $text-error; text-style: italic; }
    DocumentView > .document-view--number { color: $text-warning; }
    DocumentView > .document-view--other { color: $text-muted; text-style: bold; }
    DocumentView > .document-view--claim { text-style: underline; background: $primary 12%; }
    DocumentView > .document-view--speaker { text-style: bold underline; color: $foreground; }
    DocumentView > .document-view--cue { text-style: italic underline; color: $text-primary; }
    DocumentView > .document-view--annotation { background: $warning 30%; text-style: overline; }
    DocumentView > .document-view--hit { background: $accent 45%; color: $text;
        text-style: bold overline; }
    DocumentView > .document-view--boilerplate { color: $text-disabled; }
    DocumentView > .document-view--selection { text-style: reverse; }
    DocumentView > .document-view--range { background: $accent 55%; color: $text; }
    DocumentView > .document-view--heading { color: $primary; text-style: bold; }
    DocumentView > .document-view--quote { color: $text-muted; text-style: italic; }
    DocumentView > .document-view--code { color: $text-secondary; }
    DocumentView > .document-view--marker { color: $text-disabled; }
    DocumentView > .document-view--em { text-style: italic; }
    DocumentView > .document-view--strong { text-style: bold; }
    """

    class SelectionChanged(Message):
        """The cursor moved onto a claim, entity, sentence, hit or annotation."""

        def __init__(self, view: DocumentView, selection: Selection | None) -> None:
            super().__init__()
            self.view = view
            self.selection = selection

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: ReadingData | None = None
        self.structure: Structure | None = None
        self.shown: dict[str, bool] = dict.fromkeys(LAYERS, True)
        self.selection: Selection | None = None
        self.hits: list[tuple[int, int]] = []
        self.find_text = ""
        self._text = ""
        self._lines: list[Line] = []
        self._line_starts: list[int] = []
        self._width = 0
        self._spans: list[Span] = []
        self._span_starts: list[int] = []
        self._longest = 0
        self._strips: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}
        self._sentences: list[tuple[int, int]] | None = None
        self.tag_colors: dict[str, str] = {}
        self._words: Words | None = None
        self._range: WordRange | None = None
        self._drag_from: int | None = None
        self._dragged = False

    # -- scrolling: instant, like a pager --------------------------------------------
    def action_page_down(self) -> None:
        """Scroll down one page."""
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        """Scroll up one page."""
        self.scroll_page_up(animate=False)

    def action_scroll_home(self) -> None:
        """Go to the top."""
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        """Go to the bottom."""
        self.scroll_end(animate=False)

    # -- data ------------------------------------------------------------------------
    def set_document(
        self,
        data: ReadingData,
        structure: Structure | None = None,
        lines: tuple[int, list[Line]] | None = None,
        *,
        keep_position: bool = False,
    ) -> None:
        """Show a document. `structure` and `lines` (width, wrapped lines) may be computed
        beforehand in a worker; whatever is missing or stale is computed here.

        `keep_position` keeps the scroll offset, selection and find hits: used when the full
        text replaces a preview of its beginning.
        """
        self.data = data
        self._text = data.text
        self.structure = structure or analyse(self._text)
        if not keep_position:
            self.selection = None
            self.hits = []
            self.find_text = ""
        elif self.find_text:
            self.hits = [
                m.span() for m in re.finditer(re.escape(self.find_text), self._text, re.IGNORECASE)
            ]
        self._sentences = None
        self._words = None
        if not keep_position:
            self._range = None
        self._rebuild_spans()
        if lines is not None and lines[0] == self.wrap_width:
            self._width = self.wrap_width
            self._set_lines(lines[1])
        else:
            self._relayout(force=True)
        if not keep_position:
            self.scroll_to(0, 0, animate=False)

    @property
    def wrap_width(self) -> int:
        """The width text is wrapped to: the content width (a panel beside the text narrows it;
        wrapping wider would cut words at the edge)."""
        return max(self.scrollable_content_region.width, 8)

    def _set_lines(self, lines: list[Line]) -> None:
        self._lines = lines
        self._line_starts = [line.start for line in lines]
        self._strips.clear()
        self.virtual_size = Size(self._width, len(lines))
        self.refresh()

    @property
    def lines(self) -> list[Line]:
        """The current display lines."""
        return self._lines

    def _relayout(self, force: bool = False) -> None:
        width = self.wrap_width
        if self.structure is None or (width == self._width and not force):
            return
        self._width = width
        self._set_lines(wrap(self._text, self.structure, width))

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap for the new width, keeping the selection in view."""
        self._relayout()
        if self.selection is not None:
            self.call_after_refresh(self.show_offset, self.selection.start)

    def notify_style_update(self) -> None:
        """The theme or CSS changed: drop cached styles and strips."""
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    # -- layers ----------------------------------------------------------------------
    def _rebuild_spans(self) -> None:
        data = self.data
        if data is None:
            return
        spans = build_spans(data, self.structure, self.hits, self.tag_colors)
        self._spans = spans
        self._span_starts = [s.start for s in spans]
        self._longest = max((s.end - s.start for s in spans), default=0)
        self._strips.clear()
        self.refresh()

    def set_annotations(self, annotations: list[dict], colors: dict[str, str]) -> None:
        """Redraw the annotation layer from fresh rows and tag colours (after a change).

        A selected annotation stays selected if it is still there (by its span).
        """
        if self.data is None:
            return
        self.data.annotations = annotations
        self.tag_colors = colors
        self._rebuild_spans()
        selection = self.selection
        if selection is not None and selection.kind == "annotation":
            spans = [(a["start"], a["end"]) for a in placed(annotations)]
            span = (selection.start, selection.end)
            self.select(
                Selection("annotation", spans.index(span), *span) if span in spans else None,
                scroll=False,
                announce=False,
            )

    def toggle_layer(self, layer: str) -> bool:
        """Turn a layer on or off; returns its new state."""
        self.shown[layer] = not self.shown[layer]
        self._strips.clear()
        self.refresh()
        return self.shown[layer]

    def legend(self) -> Text:
        """A one-line legend of the layers and their on/off state, in the current theme."""
        legend = Text(no_wrap=True, overflow="ellipsis")
        entities_on = self.shown["entities"]
        for label, name in LEGEND_LABELS:
            legend.append(label, self._style(name) if entities_on else Style(strike=True))
            legend.append(" ")
        for text, name, layer in (
            ("claim", "claim", "claims"),
            ("speaker", "speaker", "claims"),
            ("cue", "cue", "claims"),
            ("note", "annotation", "annotations"),
            ("hit", "hit", "hits"),
            ("boilerplate", "boilerplate", "boilerplate"),
        ):
            on = self.shown[layer]
            legend.append("│ " if name in ("claim", "annotation", "hit", "boilerplate") else "")
            legend.append(text, self._style(name) if on else Style(strike=True, dim=True))
            legend.append(" ")
        return legend

    # -- drawing ---------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            if name.startswith("tag:"):
                style = self._tag_style(name.removeprefix("tag:"))
            else:
                style = self._component_style(name)
            self._styles[name] = style
        return style

    def _component_style(self, name: str) -> Style:
        """A layer's style with its colours' alpha blended over the view's background.

        Rich colours have no alpha: taken as they are, the claims' `$primary 12%` tint would
        paint solid primary and hide the ORG names (also `$primary`) inside claims."""
        styles = self.get_component_styles(f"document-view--{name}")
        base = self.styles.background
        color = bgcolor = None
        if styles.has_rule("background") and styles.background.a > 0:
            bgcolor = (base + styles.background).rich_color
        if styles.has_rule("color") and styles.color.a > 0:
            color = styles.color
            if color.auto:
                color = base.get_contrast_text(color.a)
            color = (base + color).rich_color
        return Style(color=color, bgcolor=bgcolor) + styles.text_style

    def _tag_style(self, color: str) -> Style:
        """An annotation background tinted with its tag's colour (readable on any theme)."""
        try:
            tint = Color.parse(color)
        except ColorParseError:
            return self._style("annotation")
        background = self.styles.background
        return Style(bgcolor=background.blend(tint.with_alpha(1.0), 0.45).rich_color)

    def render_line(self, y: int) -> Strip:
        """Draw display line `y` of the viewport (cached per line)."""
        index = self.scroll_offset.y + y
        if index >= len(self._lines):
            return Strip.blank(self.scrollable_content_region.width, self.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            strip = self._render_text_line(index)
            if len(self._strips) > 2000:
                self._strips.clear()
            self._strips[index] = strip
        return strip

    def _render_text_line(self, index: int) -> Strip:
        line = self._lines[index]
        start, end = line.start, line.end
        pad = line.indent
        text = Text(" " * pad + clean(self._text[start:end]), no_wrap=True, end="")
        if line.kind.startswith("h"):
            text.stylize(self._style("heading"))
        elif line.kind in ("quote", "code"):
            text.stylize(self._style(line.kind))
        low = bisect_left(self._span_starts, start - self._longest)
        high = bisect_left(self._span_starts, end)
        for span in self._spans[low:high]:
            if span.end <= start or (span.layer != "markdown" and not self.shown[span.layer]):
                continue
            text.stylize(
                self._style(span.style),
                max(span.start, start) - start + pad,
                min(span.end, end) - start + pad,
            )
        selection = self.selection
        if selection is not None and selection.start < end and selection.end > start:
            text.stylize(
                self._style("range" if selection.kind == "range" else "selection"),
                max(selection.start, start) - start + pad,
                min(selection.end, end) - start + pad,
            )
        width = self.scrollable_content_region.width
        base = self.rich_style
        strip = Strip(list(text.render(self.app.console)))
        return strip.adjust_cell_length(width, base).apply_style(base)

    def _refresh_range(self, start: int, end: int) -> None:
        """Restyle only the display lines covering [start, end)."""
        if not self._lines:
            return
        first = max(bisect_right(self._line_starts, start) - 1, 0)
        last = max(bisect_right(self._line_starts, max(end - 1, start)) - 1, first)
        for index in range(first, last + 1):
            self._strips.pop(index, None)
        # Content lines: ScrollView.refresh_lines takes the scroll offset off itself (taken
        # off twice, a scrolled document kept the old highlight: a new-user test pressed
        # ] and the status line named claim 38 while claim 36 stayed lit).
        self.refresh_lines(first, last - first + 1)

    # -- cursor ----------------------------------------------------------------------
    def select(
        self, selection: Selection | None, *, scroll: bool = True, announce: bool = True
    ) -> None:
        """Move the cursor onto a span and scroll it into view (`announce`: post
        SelectionChanged)."""
        old = self.selection
        self.selection = selection
        if selection is None or selection.kind != "range":
            self._range = None
        if old is not None:
            self._refresh_range(old.start, old.end)
        if selection is not None:
            self._refresh_range(selection.start, selection.end)
            if scroll:
                self.show_offset(selection.start)
        if announce:
            self.post_message(self.SelectionChanged(self, selection))

    def show_offset(self, offset: int) -> None:
        """Scroll so the line holding `offset` is visible (centred when it was off screen)."""
        if not self._lines:
            return
        index = max(bisect_right(self._line_starts, offset) - 1, 0)
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        if not top <= index < top + height:
            # Forced: right after new lines are set the scrollbar is not yet shown, and an
            # unforced scroll is refused until it is (an opened claim stayed off screen).
            self.scroll_to(y=max(index - height // 3, 0), animate=False, force=True)

    # -- find ------------------------------------------------------------------------
    def find(self, needle: str) -> int:
        """Mark every case-insensitive occurrence of `needle`; returns how many."""
        self.find_text = needle
        self.hits = (
            [m.span() for m in re.finditer(re.escape(needle), self._text, re.IGNORECASE)]
            if needle
            else []
        )
        if self.selection is not None and self.selection.kind == "hit":
            self.selection = None
        self._rebuild_spans()
        return len(self.hits)

    # -- mouse -----------------------------------------------------------------------
    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset under content cell (x, y) of the viewport, if any."""
        index = self.scroll_offset.y + y
        if not 0 <= index < len(self._lines):
            return None
        line = self._lines[index]
        used = line.indent
        for offset in range(line.start, line.end):
            used += cell_len(clean(self._text[offset]))
            if used > x:
                return offset
        return None

    def on_click(self, event: events.Click) -> None:
        """Select the claim or entity (else sentence) under the mouse (not after a drag)."""
        if self._dragged:
            self._dragged = False
            return
        offset = self.offset_at(event.x - self.styles.padding.left, event.y)
        if offset is not None:
            self.select_at(offset)
