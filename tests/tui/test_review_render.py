"""The review screen's heading: what it says about the item under review."""

from __future__ import annotations

from gloss.store.annotations import Annotation
from gloss.store.review import Item
from gloss.store.review_context import ItemContext
from gloss.tui.review_render import heading


def test_tags_with_commas_and_quotes_read_as_the_tags_they_are() -> None:
    """A new-user test read the tags 'needs source, "2nd"' and 'poll' as three, joined by
    ", ": one chip per tag, " · " between."""
    note = Annotation(
        "a1", 1, 0, 4, "Text", "", "", ('needs source, "2nd"', "poll"), "", "", "", "", False
    )
    context = ItemContext(
        Item("annotation", "a1", 1, 0, 4),
        {"id": 1, "title": "T", "outlet": "O", "published": None},
        "Text here",
        0,
        annotation=note,
    )
    line = heading(context)
    assert 'tags:  needs source, "2nd"  ·  poll ' in line.plain
    chips = [line.plain[s.start : s.end] for s in line.spans if s.style == "reverse"]
    assert chips == [' needs source, "2nd" ', " poll "]
