"""Word ranges: words and punctuation as units; growing by word and to sentence edges."""

from __future__ import annotations

from gloss.tui.widgets.text_range import WordRange, Words

TEXT = "Kirby said it. Pyongyang's arms, 1,000 containers! Moscow denied it."
SECOND, THIRD = TEXT.index("Pyongyang"), TEXT.index("Moscow")
SENTENCES = [(0, SECOND), (SECOND, THIRD), (THIRD, len(TEXT))]


def quote(words: Words, word_range: WordRange) -> str:
    start, end = word_range.bounds(words)
    return TEXT[start:end]


def test_words_keep_apostrophes_and_numbers_together():
    words = Words(TEXT)
    texts = [TEXT[s:e] for s, e in words.spans]
    assert texts[:8] == ["Kirby", "said", "it", ".", "Pyongyang's", "arms", ",", "1,000"]
    assert words.at(TEXT.index("yang")) == 4  # inside a word
    assert words.at(5) == 1  # the space before "said": the next word


def test_extend_by_word_both_ways_and_past_the_anchor():
    words = Words(TEXT)
    r = WordRange(4, 4)
    assert quote(words, r) == "Pyongyang's"
    r = r.extend(words, SENTENCES, "word", 1)
    assert quote(words, r) == "Pyongyang's arms"
    r = r.extend(words, SENTENCES, "word", -1).extend(words, SENTENCES, "word", -1)
    assert quote(words, r) == ". Pyongyang's"  # the head passed the anchor: the range flips
    assert WordRange(0, 0).extend(words, SENTENCES, "word", -1) == WordRange(0, 0)


def test_extend_to_sentence_edges_then_to_the_next_sentence():
    words = Words(TEXT)
    r = WordRange(5, 5).extend(words, SENTENCES, "sentence", 1)
    assert quote(words, r) == "arms, 1,000 containers!"
    r = r.extend(words, SENTENCES, "sentence", 1)
    assert quote(words, r) == "arms, 1,000 containers! Moscow denied it."
    r = r.extend(words, SENTENCES, "sentence", 1)  # the last sentence: stays
    assert quote(words, r).endswith("denied it.")
    up = WordRange(5, 5).extend(words, SENTENCES, "sentence", -1)
    assert quote(words, up) == "Pyongyang's arms"
    up = up.extend(words, SENTENCES, "sentence", -1)
    assert quote(words, up) == "Kirby said it. Pyongyang's arms"


def test_no_words():
    assert len(Words("   \n ")) == 0
