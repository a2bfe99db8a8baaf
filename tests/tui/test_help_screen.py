"""The help screen: its markdown drawn as one styled text (literal, never markup), built once
and kept, so `?` paints at once (tests/bench measures the first paint)."""

from __future__ import annotations

from gloss.store import Store
from gloss.tui.screens.help import HelpScreen, markdown_text
from tests.tui.pilot import app_pilot, screen_text, settle


def test_markdown_text_styles_by_span_and_keeps_text_literal():
    text = markdown_text(
        "# Title\n\nSome **bold**, *italic* and `code` [bold] text.\n\n- one `k`\n- two\n\n"
        "## Next\n\nEnd."
    )
    assert text.plain == (
        "Title\n\nSome bold, italic and code [bold] text.\n\n• one k\n• two\n\nNext\n\nEnd."
    )
    styles = {text.plain[s.start : s.end]: str(s.style) for s in text.spans}
    assert styles["Title"] == styles["Next"] == "bold underline"
    assert styles["bold"] == styles["code"] == styles["k"] == "bold"
    assert styles["italic"] == "italic"
    assert "[bold]" not in styles  # square brackets are text, not markup


async def test_help_is_built_once_and_reopened(store: Store):
    async with app_pilot(store, size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("question_mark")
        await settle(pilot)
        first = app.screen
        assert isinstance(first, HelpScreen)
        assert "The library filter" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await settle(pilot)
        assert app.screen is first
        assert "The library filter" in screen_text(app)


async def test_help_reopens_at_its_top(store: Store):
    """A new-user test opened help in the library and it showed the reader's keys, where it
    had been left scrolled the time before."""
    from textual.containers import VerticalScroll

    async with app_pilot(store, size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("question_mark")
        await settle(pilot)
        scroller = app.screen.query_one(VerticalScroll)
        await pilot.press("end")
        await settle(pilot)
        assert scroller.scroll_y > 0
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert app.screen.query_one(VerticalScroll).scroll_y == 0
        assert "The library filter" in screen_text(app)


async def test_help_opens_on_the_keys_of_the_screen_it_was_opened_from(seeded_store):
    """A new-user test pressed ? in the reader and read about the library filter."""
    from textual.containers import VerticalScroll

    from tests.tui.pilot import open_reader

    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        await open_reader(pilot, "outlet:reuters")
        await pilot.press("question_mark")
        await settle(pilot)
        assert app.screen.query_one(VerticalScroll).scroll_y > 0
        first = screen_text(app).splitlines()[2]  # below the box's top border
        assert first.split("│")[1].strip() == "Reader", first
        assert "The library filter" not in screen_text(app)
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert app.screen.query_one(VerticalScroll).scroll_y == 0  # the library: the top
