"""Word-wrapping and markdown structure for the document view (tui.widgets.text_layout)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from gloss.tui.safe import clean
from gloss.tui.widgets.text_layout import analyse, line_of, wrap

TEXTS = st.lists(
    st.sampled_from(list("abc de\n*_#>-1.") + ["中", "é", "\x1b", "\t", "word ", "\n\n"]),
    max_size=200,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(min_value=8, max_value=60))
def test_wrap_covers_the_text_in_order_within_the_width(text: str, width: int):
    lines = wrap(text, analyse(text), width)
    assert lines
    position = 0
    for line in lines:
        assert line.start == position or text[position : line.start] == "\n"
        assert line.start <= line.end
        shown = clean(text[line.start : line.end]).rstrip()
        assert line.indent + cell_len(shown) <= width
        position = line.end
    assert position == len(text)
    rebuilt = "".join(text[line.start : line.end] for line in lines)
    assert rebuilt == text.replace("\n", "")


def test_markdown_structure_maps_to_source_lines_and_offsets():
    text = "# Head *x*\n\n- item **bold**\n\n> quoted\n\nplain _em_ text"
    structure = analyse(text)
    assert structure.kinds[0] == "h1"
    assert structure.kinds[2] == "li"
    assert structure.kinds[4] == "quote"
    spans = {text[s:e]: kind for s, e, kind in structure.emphasis}
    assert spans == {"*x*": "em", "**bold**": "strong", "_em_": "em"}
    assert [text[s:e] for s, e in structure.markers][:2] == ["*", "*"]


def test_sentences_and_line_lookup():
    text = "One sentence. Another one! A third?\n\nNew paragraph"
    structure = analyse(text)
    starts = [text[s:].split()[0] for s in structure.sentences]
    assert starts == ["One", "Another", "A", "New"]
    lines = wrap(text, structure, 20)
    offset = text.index("third")
    index = line_of(lines, offset)
    assert lines[index].start <= offset < lines[index].end


def test_long_words_are_cut():
    text = "x" * 50
    lines = wrap(text, analyse(text), 20)
    assert [line.end - line.start for line in lines] == [20, 20, 10]
