"""The reader's layer styles in every built-in theme: layers differ in more than colour, the
types and marks that used to share a colour no longer do, and coloured text stays readable."""

from __future__ import annotations

from itertools import combinations

from rich.color import Color as RichColor
from textual.color import Color

from gloss.store import Store
from gloss.tui.widgets.document_view import DocumentView
from tests.tui.pilot import app_pilot, open_reader

ENTITY_TYPES = ("person", "org", "place", "group", "date", "number", "other")
LAYER_MARKS = ("claim", "speaker", "cue", "annotation", "hit")


def _attributes(style) -> tuple:
    """What a style shows besides its colours."""
    return (
        bool(style.bold),
        bool(style.italic),
        bool(style.underline),
        bool(style.overline),
        bool(style.reverse),
        bool(style.dim),
    )


def _color(rich: RichColor) -> Color:
    r, g, b = rich.get_truecolor()
    return Color(r, g, b)


def _luminance(color: Color) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def _contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


async def test_layers_are_told_apart_without_colour_in_every_theme(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        low: list[tuple[str, str, float]] = []
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            styles = {
                name: view.get_component_rich_style(f"document-view--{name}")
                for name in (*ENTITY_TYPES, *LAYER_MARKS)
            }
            # every layer mark looks different from every other and from any entity type,
            # with the colours taken away
            marks = [_attributes(styles[name]) for name in LAYER_MARKS]
            assert len(set(marks)) == len(marks), theme
            for name in ENTITY_TYPES:
                assert _attributes(styles[name]) not in marks, (theme, name)
            # the pairs reported in issue 16 have different colours
            for group in (("person", "date", "cue"), ("group", "speaker")):
                for a, b in combinations(group, 2):
                    assert styles[a].color != styles[b].color, (theme, a, b)
            # coloured text is readable on the document's background (the ANSI themes take
            # their colours from the terminal's palette: nothing to measure)
            if theme.startswith("ansi"):
                continue
            background = Color.parse(app.theme_variables["surface"])
            for name in (*ENTITY_TYPES, "speaker", "cue"):
                color = styles[name].color
                assert color is not None, (theme, name)
                low.extend(
                    (theme, name, round(_contrast(_color(color), background), 2))
                    for _ in [0]
                    if _contrast(_color(color), background) < 2.5
                )
        assert not low
