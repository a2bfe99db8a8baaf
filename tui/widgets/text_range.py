"""A user-made text range for annotating: words and sentences as units, anchor and head.

Pure (no widgets): the document view keeps a :class:`WordRange` and asks it to grow or shrink
word by word or sentence by sentence, like a visual selection in an editor.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

# A word: letters/digits joined by apostrophes, dots, hyphens, or commas between digits.
_WORD = re.compile(r"\w+(?:(?:['’.\-]|(?<=\d),(?=\d))\w+)*|[^\w\s]")


class Words:
    """The words of a text (and lone punctuation marks) as sorted [start, end) offsets."""

    def __init__(self, text: str) -> None:
        self.spans = [m.span() for m in _WORD.finditer(text)]
        self.starts = [s for s, _ in self.spans]

    def __len__(self) -> int:
        return len(self.spans)

    def at(self, offset: int) -> int:
        """The index of the word holding `offset`, else the next word (else the last)."""
        index = bisect_right(self.starts, offset) - 1
        if index >= 0 and offset < self.spans[index][1]:
            return index
        return min(index + 1, len(self.spans) - 1)


@dataclass(frozen=True)
class WordRange:
    """Words `anchor` to `head` (inclusive, either order): the anchor stays, the head moves."""

    anchor: int
    head: int

    def bounds(self, words: Words) -> tuple[int, int]:
        """The text offsets [start, end) the range covers."""
        low, high = sorted((self.anchor, self.head))
        return words.spans[low][0], words.spans[high][1]

    def extend(
        self, words: Words, sentences: list[tuple[int, int]], unit: str, step: int
    ) -> WordRange:
        """Move the head one word (`unit` "word") or to a sentence edge ("sentence").

        By sentence, the head goes to the end of its sentence (down) or its start (up), and
        from there to the end of the next / start of the previous sentence.
        """
        last = len(words) - 1
        if unit == "word":
            return WordRange(self.anchor, min(max(self.head + step, 0), last))
        starts = [s for s, _ in sentences]
        offset = words.spans[self.head][0]
        number = max(bisect_right(starts, offset) - 1, 0)
        if not sentences:
            return WordRange(self.anchor, last if step > 0 else 0)
        first_word, last_word = self._sentence_words(words, sentences[number])
        if step > 0:
            if self.head >= last_word and number + 1 < len(sentences):
                _, last_word = self._sentence_words(words, sentences[number + 1])
            return WordRange(self.anchor, min(max(last_word, self.head), last))
        if self.head <= first_word and number > 0:
            first_word, _ = self._sentence_words(words, sentences[number - 1])
        return WordRange(self.anchor, max(min(first_word, self.head), 0))

    @staticmethod
    def _sentence_words(words: Words, sentence: tuple[int, int]) -> tuple[int, int]:
        start, end = sentence
        first = bisect_left(words.starts, start)
        last = bisect_left(words.starts, end) - 1
        return first, max(last, first)
