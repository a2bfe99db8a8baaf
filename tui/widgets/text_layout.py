"""Document structure and word-wrapping for the document view (no widgets here).

``analyse`` reads the markdown structure once per document (markdown-it-py tokens mapped back
to source offsets: headings, list items, block quotes, code, emphasis) and the sentence starts;
``wrap`` cuts the text into display lines for one width. Display lines keep their source
offsets, so every layer (entities, claims, notes, hits) is drawn by span on top.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from rich.cells import cell_len

from gloss.tui.safe import clean

# Above this size the inline (emphasis) pass is skipped: block structure is enough.
INLINE_LIMIT = 400_000
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=\S)|\n\s*\n\s*")
_WORD = re.compile(r"\S+\s*|\s+")
_MD = MarkdownIt("commonmark")


@dataclass
class Structure:
    """Width-independent facts about a text: line kinds, emphasis spans, sentence starts."""

    line_starts: list[int]
    kinds: dict[int, str] = field(default_factory=dict)  # source line -> h1..h6|quote|li|code
    emphasis: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, em|strong
    markers: list[tuple[int, int]] = field(default_factory=list)  # markup characters to dim
    sentences: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Line:
    """One display line: source offsets [start, end), its indent (cells) and line kind."""

    start: int
    end: int
    indent: int = 0
    kind: str = ""


def line_starts(text: str) -> list[int]:
    """Offsets where each source line starts."""
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences start (a rough, language-agnostic rule)."""
    starts = [0]
    starts.extend(m.end() for m in _SENTENCE_END.finditer(text))
    return starts


def analyse(text: str) -> Structure:
    """The markdown structure and sentence starts of a text."""
    starts = line_starts(text)
    structure = Structure(line_starts=starts, sentences=sentence_starts(text))
    inline = len(text) <= INLINE_LIMIT
    context: list[str] = []
    for token in _MD.parse(text):
        if token.type in ("blockquote_open", "list_item_open"):
            context.append("quote" if token.type == "blockquote_open" else "li")
        elif token.type in ("blockquote_close", "list_item_close") and context:
            context.pop()
        if token.map is None:
            continue
        first, last = token.map
        if token.type == "heading_open":
            _mark(structure, first, last, token.tag)
        elif token.type in ("fence", "code_block"):
            _mark(structure, first, last, "code")
        elif token.type == "paragraph_open" and context:
            _mark(structure, first, last, context[-1])
        elif token.type == "inline" and inline and token.children:
            _emphasis(structure, text, starts[first], token.children)
    return structure


def _mark(structure: Structure, first: int, last: int, kind: str) -> None:
    for line in range(first, last):
        structure.kinds.setdefault(line, kind)


def _emphasis(structure: Structure, text: str, pos: int, children: list) -> None:
    opened: list[tuple[int, str]] = []
    for child in children:
        if child.type == "text" and child.content:
            found = text.find(child.content, pos)
            if found != -1:
                pos = found + len(child.content)
        elif child.type in ("em_open", "strong_open"):
            found = text.find(child.markup, pos)
            if found == -1:
                return
            opened.append((found, child.type[:-5]))
            structure.markers.append((found, found + len(child.markup)))
            pos = found + len(child.markup)
        elif child.type in ("em_close", "strong_close") and opened:
            found = text.find(child.markup, pos)
            if found == -1:
                return
            start, kind = opened.pop()
            structure.emphasis.append((start, found + len(child.markup), kind))
            structure.markers.append((found, found + len(child.markup)))
            pos = found + len(child.markup)


def wrap(text: str, structure: Structure, width: int) -> list[Line]:
    """Cut the text into display lines of at most `width` cells, by words."""
    width = max(width, 8)
    lines: list[Line] = []
    append = lines.append
    starts = structure.line_starts
    kinds = structure.kinds
    ends = [s - 1 for s in starts[1:]] + [len(text)]
    for number, (start, end) in enumerate(zip(starts, ends, strict=True)):
        kind = kinds.get(number, "")
        source = clean(text[start:end])  # measured as drawn (control characters made visible)
        if len(source) <= width and (source.isascii() or cell_len(source) <= width):
            append(Line(start, end, 0, kind))
            continue
        indent = 2 if kind in ("li", "quote") else 0
        used = 0
        line_start = start
        limit = width
        for match in _WORD.finditer(source):
            word = match.group()
            cells = len(word) if word.isascii() else cell_len(word)
            stripped = cells - (len(word) - len(word.rstrip()))
            if used and used + stripped > limit:
                append(
                    Line(
                        line_start,
                        start + match.start(),
                        0 if line_start == start else indent,
                        kind,
                    )
                )
                line_start = start + match.start()
                used = 0
                limit = width - indent
            word_start = start + match.start()
            while stripped > limit:  # a word longer than the line: cut it
                cut = _cut(word, limit - used)
                append(
                    Line(line_start, word_start + cut, 0 if line_start == start else indent, kind)
                )
                word = word[cut:]
                word_start += cut
                line_start = word_start
                used = 0
                cells = len(word) if word.isascii() else cell_len(word)
                stripped = cells - (len(word) - len(word.rstrip()))
                limit = width - indent
            used += cells
        append(Line(line_start, end, 0 if line_start == start else indent, kind))
    return lines


def _cut(word: str, limit: int) -> int:
    """How many characters of `word` fit in `limit` cells (at least one)."""
    used = 0
    for index, char in enumerate(word):
        used += cell_len(char)
        if used > limit:
            return max(index, 1)
    return len(word)


def line_of(lines: list[Line], offset: int, starts: list[int] | None = None) -> int:
    """The display line holding `offset` (pass `[l.start for l in lines]` to save time)."""
    keys = starts if starts is not None else [line.start for line in lines]
    return max(bisect_right(keys, offset) - 1, 0)
