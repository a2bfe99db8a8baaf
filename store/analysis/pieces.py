"""Long texts in pieces: where to cut a document so an engine's entity finder reads a
bounded amount of text at a time.

spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters) and needs memory in
proportion to what it reads at once; the rules engine's entity finder is linear but holds
copies of what it reads. So both engines find entities piece by piece (:func:`pieces_of`)
and shift each piece's offsets by the piece's start. Everything that reads across sentences
(sentences themselves, quotes, claims, linking names within the document, dates, scores)
runs afterwards on the whole text, so no claim or quote is ever cut and "Kirby" at the end
of a long document still links to the "John Kirby" near its start.

A cut falls at a line break (a paragraph end: quotations never cross one), else at a
sentence end outside quotation marks, else at a space outside them; it leaves the previous
piece at least half full.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from gloss.store.analysis.base import find_quotes, split_sentences

# A text up to this long is read whole, as before pieces existed: every news article is
# (the longest of 3,000 BBC and PolNeAR articles has 33,672 characters), so their analysis
# does not change. spaCy's NER on one text of 50,000 characters peaks at 356 MB RSS, on one
# of 100,000 at 528 MB (eight articles of 34,000 in a batch: 428 MB).
WHOLE_CHARS = 50_000
# Longer texts are read in pieces of at most this many characters. Measured with
# en_core_web_sm on 400,000 characters of BBC news, eight pieces per NER batch: 20,000-
# character pieces peak at 328 MB RSS and take 5.4 s of CPU; 50,000 at 527 MB and 6.2 s;
# 100,000 at 802 MB and 6.7 s, with the same entities but at the cuts.
PIECE_CHARS = 20_000


def pieces_of(text: str, sentences: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """How an engine reads ``text``: whole up to :data:`WHOLE_CHARS`, else in pieces of at
    most :data:`PIECE_CHARS` (see :func:`split_pieces`)."""
    if len(text) <= WHOLE_CHARS:
        return [(0, len(text))]
    return split_pieces(text, PIECE_CHARS, sentences)


_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n\s*")
_LINE_BREAK_RE = re.compile(r"\n\s*")


def split_pieces(
    text: str,
    limit: int = PIECE_CHARS,
    sentences: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """Consecutive ``(start, end)`` pieces covering ``text``, each at most ``limit`` long.

    ``sentences`` (from :func:`split_sentences`, computed when needed and not given) place
    a cut inside a paragraph longer than half a piece."""
    if limit < 2:
        raise ValueError("a piece holds at least two characters")
    if len(text) <= limit:
        return [(0, len(text))]
    lookup = _CutPoints(text, sentences)
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        cut = lookup.cut(start + limit // 2, start + limit)
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(text)))
    return pieces


class _CutPoints:
    """Finds the best cut in a window; sentences and quotes are computed on first need
    (only for a paragraph longer than half a piece)."""

    def __init__(self, text: str, sentences: list[tuple[int, int]] | None) -> None:
        self.text = text
        self._sentences = sentences
        self._ends: list[int] | None = None
        self._quotes: list[tuple[int, int]] | None = None
        self._quote_starts: list[int] = []

    def cut(self, lo: int, hi: int) -> int:
        """The best cut in ``(lo, hi]``: after a blank line, a line break, a sentence end or
        a space outside quotations; ``hi`` when there is none (a page of one word)."""
        for pattern in (_BLANK_LINE_RE, _LINE_BREAK_RE):
            found = self._last_break(pattern, lo, hi)
            if found > lo:
                return found
        found = self._sentence_end(lo, hi)
        if found > lo:
            return found
        for i in range(hi - 1, lo, -1):
            if self.text[i].isspace() and not self._in_quote(i + 1):
                return i + 1
        return hi

    def _last_break(self, pattern: re.Pattern[str], lo: int, hi: int) -> int:
        """The end of the last match in the window: after the break and the whitespace that
        follows it, so the next piece starts on a word."""
        last = -1
        for m in pattern.finditer(self.text, lo, hi):
            last = m.end()
        return last

    def _sentence_end(self, lo: int, hi: int) -> int:
        if self._ends is None:
            sentences = self._sentences
            if sentences is None:
                sentences = split_sentences(self.text)
            self._ends = [e for _s, e in sentences]
        i = bisect_right(self._ends, hi) - 1
        while i >= 0 and self._ends[i] > lo:
            end = self._ends[i]
            if not self._in_quote(end):
                return end
            i -= 1
        return -1

    def _in_quote(self, offset: int) -> bool:
        """Whether a cut before ``offset`` would fall inside a quotation."""
        if self._quotes is None:
            self._quotes = find_quotes(self.text)
            self._quote_starts = [s for s, _e in self._quotes]
        i = bisect_right(self._quote_starts, offset - 1) - 1
        return i >= 0 and self._quotes[i][0] < offset < self._quotes[i][1]
