"""The reader's side panel on a very long document: a bounded list, the keys for the rest."""

from __future__ import annotations

from textual.app import App, ComposeResult

from gloss.store.document_layers import ReadingData
from gloss.tui.widgets.side_panel import PANEL_ROWS, SidePanel
from tests.tui.pilot import screen_text


class PanelHarness(App[None]):
    def compose(self) -> ComposeResult:
        yield SidePanel(id="panel")


def _long_document(claims: int, names: int) -> ReadingData:
    line = "Officer {i} said the road would close.\n"
    text = "".join(line.format(i=i) for i in range(claims))
    starts = [text.index(line.format(i=i)) for i in range(claims)]
    return ReadingData(
        document={"id": 1, "text": text},
        entities=[
            {"canonical": f"Officer {i % names}", "text": f"Officer {i}", "label": "PERSON"}
            for i in range(claims)
        ],
        claims=[
            {
                "id": i + 1,
                "speaker": f"Officer {i}",
                "cue": "said",
                "content_start": s + len(f"Officer {i} said "),
                "content_end": s + len(line.format(i=i)) - 2,
            }
            for i, s in enumerate(starts)
        ],
    )


async def test_a_document_with_thousands_of_claims_lists_the_first_and_names_the_rest():
    """A 17 MB document's 119,000 claims in the panel froze the reader for 25 s at first
    layout: each section lists PANEL_ROWS rows, then says how many more and which keys move
    through them."""
    data = _long_document(PANEL_ROWS + 700, PANEL_ROWS + 40)
    app = PanelHarness()
    async with app.run_test(size=(80, 30)) as pilot:
        panel = app.query_one(SidePanel)
        panel.show(data)
        await pilot.pause()
        ids = [panel.get_option_at_index(i).id or "" for i in range(panel.option_count)]
        assert sum(i.startswith("claim-") for i in ids) == PANEL_ROWS
        assert sum(i.startswith("entity-") for i in ids) == PANEL_ROWS
        prompts = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        assert "  … 700 more claims: ] [ move through them" in prompts
        assert "  … 40 more names: } { move through them" in prompts
        assert f"Claims ({PANEL_ROWS + 700})" in prompts
        assert "Officer 0" in screen_text(app)


async def test_a_short_document_lists_everything():
    data = _long_document(30, 30)
    app = PanelHarness()
    async with app.run_test(size=(80, 30)) as pilot:
        panel = app.query_one(SidePanel)
        panel.show(data)
        await pilot.pause()
        prompts = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        assert not any("more claims" in p or "more names" in p for p in prompts)
        assert (
            sum(
                (panel.get_option_at_index(i).id or "").startswith("claim-")
                for i in range(panel.option_count)
            )
            == 30
        )


async def test_at_80_columns_the_panel_leaves_the_text_two_thirds(analysed):
    """A new-user test at 80x24 showed the side panel (`p`): it took 36 of 80 columns and
    the text about 40. It takes at most a third now; at 120 columns it keeps its full 38."""
    from tests.tui.pilot import app_pilot, open_reader, settle

    for size, widest in (((80, 24), 26), ((120, 34), 38)):
        async with app_pilot(analysed, size=size) as pilot:
            reader = await open_reader(pilot, "outlet:reuters")
            await settle(pilot)
            panel = reader.query_one(SidePanel)
            if not panel.display:  # hidden at first below 110 columns: `p` shows it
                await pilot.press("p")
                await settle(pilot)
            assert panel.display and panel.outer_size.width <= widest
            assert reader.view.size.width >= size[0] - widest - 2
            if size[0] == 120:
                assert panel.outer_size.width == 38
