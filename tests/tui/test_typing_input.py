"""Keys that arrive together (a paste through the terminal, tmux, fast typing) edit a text box
in the order they were typed: an editing key's binding ran only once the key had bubbled up
to the app, after the letters typed behind it had been inserted."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from tests.tui.pilot import app_pilot, settle
from tests.tui.test_corpus_screen import open_corpus


def burst(app, *keys: str) -> None:
    """Post keys as the terminal driver does, without waiting between them."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key("space" if key == " " else key, key))
        else:
            app.post_message(events.Key(key, None))


async def test_a_filter_cleared_and_retyped_in_one_burst_keeps_what_was_typed(seeded_store):
    """A new-user test: ctrl+u then "Comey careless" in one burst left the library's filter
    empty; ctrl+a, ctrl+k and the words left "areless"; backspaces and "Bill" on "Hillary"
    left "Hill"."""
    async with app_pilot(seeded_store, size=(120, 35)) as pilot:
        await pilot.press("slash", *"abc")
        await settle(pilot)
        box = pilot.app.screen.query_one("#filter", Input)
        assert box.value == "abc" and box.has_focus
        burst(pilot.app, "ctrl+u", *"Comey careless")
        await settle(pilot)
        assert box.value == "Comey careless"
        burst(pilot.app, "ctrl+a", "ctrl+k", *"Kirby")
        await settle(pilot)
        assert box.value == "Kirby"
        burst(pilot.app, *["backspace"] * 3, *"ng")
        await settle(pilot)
        assert box.value == "King"


async def test_the_corpus_filter_edits_in_typing_order_too(seeded_store):
    async with app_pilot(seeded_store, size=(120, 35)) as pilot:
        corpus = await open_corpus(pilot)
        box = corpus.query_one("#corpus-filter", Input)
        box.focus()
        await pilot.press(*"Hillary")
        await settle(pilot)
        burst(pilot.app, *["backspace"] * 7, *"Bill")
        await settle(pilot)
        assert box.value == "Bill"
