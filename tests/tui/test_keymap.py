"""Keymap overrides from the settings file: the new key does the action, the old one no
longer does, the footer and help show it, and an unknown binding id is reported."""

from __future__ import annotations

from gloss.store import Store
from gloss.store.config import Config
from gloss.tui.screens.help import HelpScreen
from tests.tui.pilot import app_pilot, screen_text, settle


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]  # noqa: SLF001


async def test_a_keymap_override_takes_effect(seeded_store: Store, tmp_path):
    keymap = {"library.sort": "o", "library.review": "ctrl+r"}
    config = Config(keymap=keymap)
    async with app_pilot(seeded_store, size=(100, 30), config=config) as pilot:
        app = pilot.app
        library = app.screen
        assert library.documents.list_query.sort == "date"
        await pilot.press("s")  # the default key no longer sorts
        await settle(pilot)
        assert library.documents.list_query.sort == "date"
        await pilot.press("o")
        await settle(pilot)
        assert library.documents.list_query.sort != "date"
        footer = screen_text(app).splitlines()[-1]
        assert "o Sort" in footer and "^r Review" in footer and "s Sort" not in footer
        assert notes(app) == []
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        sheet = str(app.screen.query_one("#help-keys").render())
        assert " o " in sheet and "Sort by the next column" in sheet


async def test_an_unknown_binding_id_is_reported(seeded_store: Store, tmp_path):
    config = Config(keymap={"libary.sort": "o"})
    async with app_pilot(
        seeded_store, size=(100, 30), config=config, config_file=tmp_path / "config.toml"
    ) as pilot:
        assert notes(pilot.app) == [
            "config.toml: [keymap] names no key binding libary.sort "
            "(gloss config --keys lists them)"
        ]
