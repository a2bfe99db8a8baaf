"""Texts of any length: pieces for the entity finders, exact offsets across them, linear work.

The speed itself is measured by tests/bench/bench_long_text.py; the CPU bound below only
catches a step that turns quadratic again (a multi-MB text then takes minutes)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gloss.store.analysis.pieces as pieces
from gloss.store.analysis import analyze_text, get_engine
from gloss.store.analysis.base import MAX_SENTENCE, find_quotes, split_sentences
from gloss.store.analysis.pieces import PIECE_CHARS, WHOLE_CHARS, pieces_of, split_pieces
from tests.conftest import long_text


# -- the splitter ---------------------------------------------------------------------------
def covers(text: str, cuts: list[tuple[int, int]], limit: int) -> None:
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    for (_a, b), (c, _d) in zip(cuts, cuts[1:], strict=False):
        assert b == c
    assert all(0 < b - a <= limit for a, b in cuts)


def inside_a_quote(text: str, offset: int) -> bool:
    return any(s < offset < e for s, e in find_quotes(text))


def test_a_short_text_is_one_piece() -> None:
    text = long_text(5_000)
    assert split_pieces(text, 10_000) == [(0, len(text))]
    assert pieces_of(long_text(WHOLE_CHARS - 200)) == [(0, len(long_text(WHOLE_CHARS - 200)))]


def test_pieces_end_at_paragraph_breaks() -> None:
    text = long_text(50_000)
    cuts = split_pieces(text, 4_000)
    covers(text, cuts, 4_000)
    assert len(cuts) > 12
    for _a, b in cuts[:-1]:
        # After a blank line, and the next piece starts on its paragraph's first word.
        assert text[b - 2 : b] == "\n\n" and not text[b].isspace()
        assert b - _a >= 2_000  # at least half full


def test_a_long_paragraph_is_cut_at_sentence_ends_outside_quotes() -> None:
    text = long_text(50_000, separator=" ")
    assert "\n" not in text
    cuts = split_pieces(text, 1_000)
    covers(text, cuts, 1_000)
    ends = {e for _s, e in split_sentences(text)}
    for _a, b in cuts[:-1]:
        assert b in ends, text[b - 40 : b + 40]
        assert not inside_a_quote(text, b)
    # The quotations hold sentence ends a plain sentence split would cut at.
    assert any(inside_a_quote(text, e) for e in ends)


def test_without_sentences_a_cut_falls_at_a_space_outside_quotes_or_anywhere() -> None:
    words = " ".join(["word"] * 100)
    quoted = f"“{' '.join(['inside'] * 50)}”"  # shorter than half a piece
    text = f"{words} {quoted} {words}"  # one sentence
    assert split_sentences(text) == [(0, len(text))]
    quote_start = len(words) + 1
    assert quote_start < 800 < quote_start + len(quoted)
    cuts = split_pieces(text, 800)
    assert cuts[0] == (0, quote_start)  # before the quotation, not at its last space
    for _a, b in cuts[:-1]:
        assert text[b - 1] == " " and not inside_a_quote(text, b)
    one_word = "x" * 2_500
    assert split_pieces(one_word, 1_000) == [(0, 1_000), (1_000, 2_000), (2_000, 2_500)]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Kirby",
                "said",
                "the",
                "talks.",
                "ended!",
                "“We will.",
                "They won't.”",
                '"No',
                'way."',
            ]
            + [" ", " ", "\n", "\n\n", "“", "”", '"', "U.S.", "Mr."]
        ),
        min_size=1,
        max_size=400,
    ),
    st.integers(min_value=40, max_value=400),
)
def test_pieces_cover_the_text_within_the_limit(tokens: list[str], limit: int) -> None:
    text = " ".join(tokens)
    cuts = split_pieces(text, limit)
    covers(text, cuts, limit)
    for a, b in cuts[:-1]:
        # Inside a quotation only by a hard cut: half a piece held no other place.
        assert not inside_a_quote(text, b) or b == a + limit


def test_an_endless_sentence_is_cut_into_bounded_sentences() -> None:
    text = " ".join(["word"] * 5_000)  # no punctuation, no line break
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(e - s <= MAX_SENTENCE for s, e in spans)
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)


# -- the rules engine on a multi-MB text ----------------------------------------------------
@pytest.fixture(scope="module")
def rules_result() -> tuple[str, object]:
    text = long_text(2_000_000)
    began = time.process_time()
    result = analyze_text(text, get_engine("rules"))
    seconds = time.process_time() - began
    # Linear: about 5 CPU s here; the quadratic steps this replaces took minutes.
    assert seconds < 60, f"2 MB took {seconds:.0f} CPU s"
    return text, result


def test_a_multi_mb_text_has_exact_offsets_near_every_piece_boundary(rules_result) -> None:
    text, result = rules_result
    cuts = pieces_of(text)
    assert len(cuts) >= 2_000_000 // PIECE_CHARS
    assert all(text[e.start : e.end] == e.text for e in result.entities)
    quotes = [c for c in result.claims if c.kind == "quote"]
    for _a, b in cuts[:-1]:
        # The paragraphs on each side of the cut are read as anywhere else in the text.
        near = [e for e in result.entities if b - 400 <= e.start < b + 400]
        assert {"Kirby", "Washington", "United States"} & {e.text for e in near}
        said = [c for c in quotes if b - 600 <= c.start < b + 600]
        assert said, f"no quote around the cut at {b}"
        for c in said:
            content = text[c.content_start : c.content_end]
            assert content in {
                "We condemn this transfer, and we will respond",
                "It is a serious concern. We will not look away",
            }
            assert c.speaker == "John Kirby"
            assert text[c.speaker_start : c.speaker_end] in {"Kirby", "he"}
            assert text[c.cue_start : c.cue_end] == c.cue


def test_names_link_across_pieces(rules_result) -> None:
    text, result = rules_result
    last = pieces_of(text)[-1]
    kirby = [e for e in result.entities if e.text == "Kirby" and e.start >= last[0]]
    assert kirby and all(e.canonical == "John Kirby" for e in kirby)


def test_pieces_change_nothing_for_the_rules_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rules engine's entity finder reads lines, and pieces end at line breaks.
    text = long_text(400_000)
    cut = analyze_text(text, get_engine("rules"))
    monkeypatch.setattr(pieces, "WHOLE_CHARS", len(text))
    whole = analyze_text(text, get_engine("rules"))
    assert len(pieces_of(text)) == 1
    assert cut == whole
