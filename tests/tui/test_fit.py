"""A line cut to its room ends on a whole word and an ellipsis."""

from __future__ import annotations

from rich.text import Text

from gloss.tui.fit import cut_at_word


def test_a_line_is_cut_after_a_whole_word_or_kept_when_it_fits():
    line = Text("503 imported, 7 unchanged; stopped, what it stored is kept")
    assert cut_at_word(line, 80) is line
    assert cut_at_word(line, 30).plain == "503 imported, 7 unchanged…"  # no dangling comma
    assert cut_at_word(line, 20).plain == "503 imported, 7…"
    assert cut_at_word(Text("Supercalifragilistic words"), 10).plain == "Supercali…"
