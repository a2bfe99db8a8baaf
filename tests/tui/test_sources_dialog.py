"""The sources dialog shows every outlet's version of a claim and opens the chosen one."""

from __future__ import annotations

from textual.app import App

from gloss.store import open_store
from gloss.store.analysis import analyze_documents
from gloss.store.file_import import ensure_seeded
from gloss.store.sources import claim_variants
from gloss.tui.screens.sources_dialog import SourcesDialog
from tests.store.test_sources import condemn_claim
from tests.tui.pilot import screen_text


class Harness(App[None]):
    def __init__(self, variants) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.variants = variants
        self.chosen = "not yet"

    def on_mount(self) -> None:
        self.push_screen(SourcesDialog(self.variants), self._chosen)

    def _chosen(self, variant) -> None:  # type: ignore[no-untyped-def]
        self.chosen = variant


async def test_dialog_lists_outlets_and_differences_then_opens_one(tmp_path):
    store = open_store(tmp_path / "s.db")
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    variants = claim_variants(store, condemn_claim(store))
    app = Harness(variants)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        others = len({v.document_id for v in variants}) - 1
        assert f"The same claim in {others} other sources" in text and others > 1
        assert "Reuters" in text and "(this document)" in text
        assert "The National" in text
        assert "[North Korea]" in text or "North Korea" in text
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.chosen is not None and app.chosen != "not yet"
    assert not app.chosen.is_base
    store.close()


async def test_differing_numbers_are_marked_with_a_note(tmp_path):
    """Bloomberg's "1,000 containers" against The National's "more than 1,000 containers"."""
    store = open_store(tmp_path / "s.db")
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    claim = store.scalar(
        "SELECT c.id FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE d.outlet = 'Bloomberg' AND c.cluster IS NOT NULL AND substr(d.text, "
        "c.content_start + 1, c.content_end - c.content_start) LIKE '%1,000 containers%'"
    )
    variants = claim_variants(store, claim)
    assert [v.numbers for v in variants[1:]] == [[("1,000", "more than 1,000")]]
    app = Harness(variants)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "≠ The National" in text
        assert "numbers differ: 1,000 vs more than 1,000" in text
        assert "≠ Bloomberg" not in text  # the claim being read is never flagged
    store.close()


async def test_each_version_says_who_said_it_and_marks_another_speaker(tmp_path):
    """Outlets may give the same passage to different people (gloss joins a long passage
    whoever is named): the dialog names each version's speaker and marks one that differs
    from this document's."""
    from dataclasses import replace

    store = open_store(tmp_path / "s.db")
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    variants = claim_variants(store, condemn_claim(store))
    base = variants[0]
    assert base.is_base and base.speaker
    variants[-1] = replace(variants[-1], speaker="Scott Walker")
    variants[-2] = replace(variants[-2], speaker=None)
    app = Harness(variants)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert f"said by {base.speaker}  (this document)" in text
        assert f"said by Scott Walker (this document: {base.speaker})" in text
        assert text.count("(this document: ") == 1
        assert text.count("no speaker named") == 1 and "nobody named" not in text
    store.close()


def test_a_merge_candidate_holding_this_document_says_so() -> None:
    from gloss.tui.screens.sources_dialog import candidate_text

    row = {"documents": 2, "speaker": "John Kirby", "outlet": "Reuters", "content": "We condemn"}
    assert candidate_text({**row, "in_this_document": True}).plain.startswith(
        "2 docs + this document John Kirby · Reuters: We condemn"
    )
    assert "this document" not in candidate_text(row).plain


async def test_at_80x24_the_list_scrolls_to_the_version_under_the_cursor(tmp_path):
    """A new-user test at 80x24: with five versions the list ran below the box, down moved
    the cursor out of sight and enter opened a version never shown. The list now fits the
    box and scrolls with the cursor."""
    from dataclasses import replace

    from textual.containers import Vertical
    from textual.widgets import OptionList

    store = open_store(tmp_path / "s.db")
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    base, other = claim_variants(store, condemn_claim(store))[:2]
    variants = [base] + [replace(other, title=f"Version {i}") for i in range(1, 7)]
    app = Harness(variants)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        box = dialog.query_one(Vertical).region
        options = dialog.query_one(OptionList)
        assert options.region.bottom <= box.bottom <= 24
        for _ in range(6):
            await pilot.press("down")
        await pilot.pause()
        assert dialog.highlighted is variants[-1]
        assert "Version 6" in screen_text(app)
        assert options.scroll_offset.y > 0
        await pilot.press("enter")
        await pilot.pause()
    assert app.chosen is variants[-1]
    store.close()
