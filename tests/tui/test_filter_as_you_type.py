"""The library filter matches the word being typed as a prefix: `g`, `go`, `gor`, `gordon`
narrow step by step (before, `gor` matched nothing), and a quoted word is the exact word."""

from __future__ import annotations

from gloss.store import Store
from gloss.store.documents import DocumentMeta, save_document
from gloss.tui.widgets.document_list import DocumentList
from tests.conftest import mark_analysed
from tests.tui.pilot import app_pilot, filter_applied, screen_text

DOCUMENTS = {
    "Brown's budget": "Gordon Brown said the budget would cut taxes.",
    "Gore in town": "Al Gore spoke to students at the university.",
    "Good news for savers": "Rates rose again, and savers were glad.",
    "Gorillas counted": "Rangers counted the gorillas of the forest.",
    "Brown bears": "Brown bears were seen near the lake.",
    "Nothing here": "Rates fell and nobody noticed.",
}


def _fill(store: Store) -> None:
    with store.write() as conn:
        for n, (title, text) in enumerate(DOCUMENTS.items()):
            save_document(
                conn, text, f"{n}.txt", DocumentMeta(title=title, published=f"2024-01-0{n + 1}")
            )
    mark_analysed(store)


async def _listed(pilot, keys: list[str]) -> set[str]:
    """Press `keys` in the filter box, wait for the list, return the listed titles."""
    await pilot.press(*keys)
    await filter_applied(pilot)
    documents = pilot.app.screen.query_one(DocumentList)
    return {documents.row_at(i)["title"] for i in range(documents.total)}


async def test_each_prefix_of_a_name_narrows_the_list(store: Store):
    _fill(store)
    async with app_pilot(store, size=(100, 30)) as pilot:
        await pilot.press("slash")
        found = {}
        typed = ""
        for key in "gordon":
            typed += key
            found[typed] = await _listed(pilot, [key])
        assert found["g"] >= found["go"] >= found["gor"] >= found["gordon"]
        assert found["go"] == {"Brown's budget", "Gore in town", "Good news for savers",
                               "Gorillas counted"}  # fmt: skip
        assert found["gor"] == {"Brown's budget", "Gore in town", "Gorillas counted"}
        assert found["gord"] == found["gordon"] == {"Brown's budget"}
        # A second word narrows again, as a prefix too; the first is now a whole word.
        assert await _listed(pilot, ["space", "b", "r"]) == {"Brown's budget"}
        assert "1 document matches" in screen_text(pilot.app)


async def test_a_quoted_word_is_the_exact_word(store: Store):
    _fill(store)
    async with app_pilot(store, size=(100, 30)) as pilot:
        await pilot.press("slash")
        assert await _listed(pilot, list('"gor"')) == set()
        assert "nothing matches: edit the filter (ctrl+u clears it)" in screen_text(pilot.app)
        assert await _listed(pilot, ["ctrl+u"]) == set(DOCUMENTS)  # cleared: every document
        assert await _listed(pilot, list('"gor"')) == set()
        assert await _listed(pilot, ["backspace"] * 4 + list('brown"')) == {
            "Brown's budget",
            "Brown bears",
        }
