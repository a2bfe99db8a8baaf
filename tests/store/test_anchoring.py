"""Property tests: re-anchoring after random edits is exact outside, never wrong inside."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gloss.store.anchoring import _occurrences, anchor, selector

WORDS = st.lists(
    st.sampled_from(
        "the of and Kirby said Russia North Korea weapons artillery shells containers "
        "briefing Friday 1,000 ship rail depot war Ukraine Putin Kim summit letters".split()
    ),
    min_size=30,
    max_size=120,
).map(" ".join)
EDIT_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.", min_size=0, max_size=12)


@st.composite
def document_and_span(draw):
    text = draw(WORDS)
    start = draw(st.integers(0, len(text) - 13))
    end = draw(st.integers(start + 12, min(len(text), start + 60)))
    return text, start, end


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (position, delete_count, insert) edits from the end backwards."""
    for pos, delete, insert in sorted(edits, reverse=True):
        text = text[:pos] + insert + text[pos + delete :]
    return text


@settings(max_examples=300, deadline=None)
@given(case=document_and_span(), data=st.data())
def test_edits_outside_the_quote_reanchor_exactly(case, data):
    text, start, end = case
    quote, prefix, suffix = selector(text, start, end)
    before = data.draw(
        st.lists(st.tuples(st.integers(0, start), st.integers(0, 5), EDIT_TEXT), max_size=3)
    )
    after = data.draw(
        st.lists(st.tuples(st.integers(end, len(text)), st.integers(0, 5), EDIT_TEXT), max_size=3)
    )
    # deletions must not reach into the quote
    before = [(p, min(d, start - p), s) for p, d, s in before]
    edited_before = apply_edits(text[:start], before)
    edited_after = apply_edits(text[end:], [(p - end, d, s) for p, d, s in after])
    new_text = edited_before + quote + edited_after
    expected = (len(edited_before), len(edited_before) + len(quote))
    found = anchor(new_text, quote, prefix, suffix, hint=start)
    if len(_occurrences(new_text, quote)) == 1:  # overlapping copies count too
        assert found == expected
    else:  # repeated quote: it may only be placed on an exact copy of the quote
        assert found is None or new_text[found[0] : found[1]] == quote


@settings(max_examples=300, deadline=None)
@given(case=document_and_span(), data=st.data())
def test_small_edits_inside_reanchor_or_orphan_never_wrong(case, data):
    text, start, end = case
    quote, prefix, suffix = selector(text, start, end)
    pos = data.draw(st.integers(1, len(quote) - 1))
    delete = data.draw(st.integers(0, 3))
    insert = data.draw(EDIT_TEXT.filter(lambda s: len(s) <= 4))
    new_quote = quote[:pos] + insert + quote[pos + delete :]
    assume(new_quote != quote and new_quote)
    new_text = text[:start] + new_quote + text[end:]
    found = anchor(new_text, quote, prefix, suffix, hint=start)
    if found is None:
        return  # orphan: allowed
    if found == (start, start + len(new_quote)):
        return  # the edited quote itself
    # Anything else must be an exact copy of the original quote found elsewhere.
    assert new_text[found[0] : found[1]] == quote


def test_an_edited_quote_in_repetitive_text_is_not_bracketed_short():
    """Found by Hypothesis: the old suffix recurs inside the edited quote ("the the the"), so
    the text between the prefix and its first recurrence is a wrong span; it must orphan or
    be the edited quote, never "te of t"."""
    text = "the of the " + "the " * 28
    quote, prefix, suffix = selector(text.rstrip(), 0, 12)
    new_text = quote[:1] + quote[2:] + text.rstrip()[12:]  # the quote's "h" deleted
    found = anchor(new_text, quote, prefix, suffix, hint=0)
    assert found is None or found == (0, len(quote) - 1)
