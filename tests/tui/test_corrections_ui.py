"""Correcting the analysis from the screens: split and merge in the sources dialog, a claim's
speaker in the reader, rename and merge in the corpus entity table; all kept across a
re-analysis."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Input, OptionList

from gloss.store.analysis import analyze_documents
from gloss.store.analysis.corrections import list_corrections, merge_clusters
from gloss.tui.screens.pick_dialog import PickDialog
from gloss.tui.screens.prompt_dialog import PromptDialog
from gloss.tui.screens.reader import ReaderScreen
from gloss.tui.screens.sources_dialog import SourcesDialog
from gloss.tui.widgets.document_view import DocumentView
from tests.tui.pilot import app_pilot, open_reader, screen_text, settle, until
from tests.tui.test_corpus_screen import open_corpus


async def condemn_in_reuters(pilot) -> tuple[ReaderScreen, dict]:
    """Open Reuters and select Kirby's "We condemn the DPRK" claim (three outlets)."""
    reader = await open_reader(pilot, "outlet:reuters")
    view = reader.query_one(DocumentView)
    for _ in range(40):
        await pilot.press("]")
        await pilot.pause()
        claim = reader.data.claims[view.selection.index]
        text = reader.data.text[claim["content_start"] : claim["content_end"]]
        if text.startswith("We condemn"):
            return reader, {**claim, "document_id": reader.document_id}
    raise AssertionError("no condemn claim")


def where(claim: dict) -> tuple:
    return (claim["document_id"], claim["content_start"], claim["content_end"])


def cluster_at(store, claim: dict):
    return store.scalar(
        "SELECT cluster FROM claims WHERE document_id = ? AND content_start = ? "
        "AND content_end = ?",
        where(claim),
    )


async def test_split_a_version_off_then_reanalyse(analysed):
    async with app_pilot(analysed, size=(130, 40), author="ana") as pilot:
        reader, claim = await condemn_in_reuters(pilot)
        assert "also in 2 other sources" in screen_text(pilot.app)
        await pilot.press("o")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, SourcesDialog)
        await pilot.press("down")  # the first other outlet's version
        await pilot.pause()
        split = dialog.highlighted
        assert split is not None and not split.is_base
        await pilot.press("s")
        await settle(pilot)
        assert "The same claim in 1 other source" in screen_text(pilot.app)
        assert split.document_id not in [v.document_id for v in dialog.variants]
        # The reader behind the dialog already counts one other source (it said 2 until
        # the dialog closed).
        await until(
            pilot, lambda: "also in 1 other source" in reader.describe(reader.view.selection).plain
        )
        assert pilot.app.screen is dialog
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is reader
        await until(pilot, lambda: "also in 1 other source" in screen_text(pilot.app))
    (correction,) = list_corrections(analysed)
    assert correction["kind"] == "split_claim" and correction["author"] == "ana"
    analyze_documents(analysed, engine="rules", force=True)
    assert (
        analysed.scalar(
            "SELECT cluster FROM claims WHERE document_id = ? AND content_start = ?",
            (split.document_id, split.content_start),
        )
        is None
    )  # the split version is still out of the cluster
    assert cluster_at(analysed, claim) is not None


async def test_merge_with_a_cluster_picked_from_a_list(analysed):
    async with app_pilot(analysed, size=(130, 40)) as pilot:
        _, claim = await condemn_in_reuters(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PickDialog)
        await pilot.press(*"deaths of more civilians")  # Bloomberg's lone condemnation
        await settle(pilot)
        assert "Vladimir Putin’s war" in screen_text(pilot.app)
        await pilot.press("enter")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, SourcesDialog)
        # Bloomberg already carried the quote: still one version per document, its closest
        assert "The same claim in 2 other sources" in screen_text(pilot.app)
        assert dialog.changed
    lone = analysed.row(
        "SELECT * FROM claims WHERE instr(substr((SELECT text FROM documents WHERE id = "
        "document_id), content_start + 1, content_end - content_start), 'deaths of more') > 0"
    )
    assert lone["cluster"] == cluster_at(analysed, claim)
    analyze_documents(analysed, engine="rules", force=True)
    assert cluster_at(analysed, lone) == cluster_at(analysed, claim) is not None


async def test_the_merge_picker_offers_likely_claims_first(analysed):
    async with app_pilot(analysed, size=(130, 40)) as pilot:
        _, claim = await condemn_in_reuters(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PickDialog)
        options = pilot.app.screen.query_one(OptionList)
        offered = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        # Claims of other documents by the same speaker that share its words come first
        # (ten at most; the other clusters follow them, unmarked), as the screen shows.
        assert offered[0].startswith("likely ") and "John Kirby · " in offered[0]
        assert offered[0][:40] in " ".join(screen_text(pilot.app).split())
        assert "Reuters" not in offered[0]  # never the claim's own document
        assert sum(line.startswith("likely ") for line in offered) <= 10
        await pilot.press(*"deaths of more")  # typing filters as before
        await settle(pilot)
        assert "likely" not in screen_text(pilot.app)
        assert "Vladimir Putin’s war" in screen_text(pilot.app)


async def test_merge_candidates_without_an_outlet_show_their_document(analysed):
    """A new-user test on outlet-less files saw rows alike ("likely 1 doc Roger Knapman ·
    unknown outlet"): the document's title tells them apart."""
    with analysed.write() as conn:
        conn.execute("UPDATE documents SET outlet = NULL")
    async with app_pilot(analysed, size=(150, 40)) as pilot:
        reader = await open_reader(pilot, "accuses")  # Reuters' article, outlet unknown now
        view = reader.query_one(DocumentView)
        for _ in range(40):
            await pilot.press("]")
            await pilot.pause()
            claim = reader.data.claims[view.selection.index]
            if reader.data.text[claim["content_start"] :].startswith("We condemn"):
                break
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PickDialog)
        rows = [
            line[line.index("likely ") :]
            for line in screen_text(pilot.app).splitlines()
            if "likely 1 doc" in line
        ]
        assert rows and not any("unknown outlet" in row for row in rows)
        assert any("John Kirby · “White House" in row for row in rows)


async def test_fix_a_claims_speaker_in_the_reader(analysed):
    async with app_pilot(analysed, size=(130, 40)) as pilot:
        reader, claim = await condemn_in_reuters(pilot)
        await pilot.press("S")
        await settle(pilot)
        prompt = pilot.app.screen
        assert isinstance(prompt, PromptDialog)
        assert prompt.query_one(Input).value == claim["speaker"]
        prompt.query_one(Input).value = ""
        await pilot.press(*"National Security Council", "enter")
        await settle(pilot)
        assert pilot.app.screen is reader
        await until(pilot, lambda: "National Security Council" in screen_text(pilot.app))
    analyze_documents(analysed, engine="rules", force=True)
    assert (
        analysed.scalar(
            "SELECT speaker FROM claims WHERE document_id = ? AND content_start = ?",
            where(claim)[:2],
        )
        == "National Security Council"
    )


async def test_remove_a_claim_that_claims_nothing_in_the_reader(analysed):
    """A new-user test found no way to say "nothing is claimed here". D removes the selected
    claim, says how to bring it back, and it stays removed after a re-analysis."""
    async with app_pilot(analysed, size=(130, 40)) as pilot:
        reader, claim = await condemn_in_reuters(pilot)
        before = len(reader.data.claims)
        await pilot.press("D")
        await settle(pilot)
        await until(pilot, lambda: len(reader.data.claims) == before - 1)
        assert claim["id"] not in {c["id"] for c in reader.data.claims}
        messages = [n.message for n in pilot.app._notifications]  # noqa: SLF001
        assert (
            'claim removed: not a claim (correction 1: ctrl+p "list and undo corrections" '
            "brings it back)" in messages
        )
    analyze_documents(analysed, engine="rules", force=True)
    assert (
        analysed.scalar(
            "SELECT count(*) FROM claims WHERE document_id = ? AND content_start = ?",
            where(claim)[:2],
        )
        == 0
    )
    assert [c["kind"] for c in list_corrections(analysed)] == ["not_a_claim"]


async def test_a_speaker_typed_by_a_merged_away_name_says_the_name_it_became(analysed):
    from gloss.store.analysis.corrections import rename_entity

    rename_entity(analysed, "John Kirby", "J. Kirby", "PERSON")
    async with app_pilot(analysed, size=(130, 40)) as pilot:
        reader, claim = await condemn_in_reuters(pilot)
        await pilot.press("S")
        await settle(pilot)
        pilot.app.screen.query_one(Input).value = ""
        await pilot.press(*"John Kirby", "enter")
        await settle(pilot)
        messages = [n.message for n in pilot.app._notifications]  # noqa: SLF001
        assert messages[-1] == "speaker set to J. Kirby (the name John Kirby was merged into)"
        assert reader.data.claims[reader.query_one(DocumentView).selection.index]["speaker"] == (
            "J. Kirby"
        )


async def test_a_wrong_speaker_can_be_removed(analysed):
    """A new-user test met "newly" and "Friends" as speakers and could not clear them: an
    empty speaker means nobody, in the reader and in `gloss correct speaker --nobody`."""
    async with app_pilot(analysed, size=(130, 40)) as pilot:
        reader, claim = await condemn_in_reuters(pilot)
        await pilot.press("S")
        await settle(pilot)
        prompt = pilot.app.screen
        assert isinstance(prompt, PromptDialog)
        prompt.query_one(Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is reader
    analyze_documents(analysed, engine="rules", force=True)
    row = analysed.row(
        "SELECT id, speaker FROM claims WHERE document_id = ? AND content_start = ?",
        where(claim)[:2],
    )
    assert row["speaker"] is None  # kept across the re-analysis
    from tests.cli.conftest import gloss

    code, out, err = gloss(str(analysed.path), "correct", "speaker", str(row["id"]), "--nobody")
    assert code == 0 and "is by nobody" in out, err
    code, _out, err = gloss(str(analysed.path), "correct", "speaker", str(row["id"]))
    assert code == 2 and "give SPEAKER or --nobody" in err


async def test_rename_and_merge_entities_in_the_corpus_table(analysed):
    async with app_pilot(analysed, size=(100, 30), settled=False) as pilot:
        screen = await open_corpus(pilot)
        await pilot.press(*"Kirby")
        await settle(pilot)
        assert screen.entities.highlighted["canonical"] == "John Kirby"
        await pilot.press("ctrl+r")
        await settle(pilot)
        prompt = pilot.app.screen
        assert isinstance(prompt, PromptDialog)
        prompt.query_one(Input).value = ""
        await pilot.press(*"John F. Kirby", "enter")
        await settle(pilot)
        await until(pilot, lambda: "John F. Kirby" in screen_text(pilot.app))
        screen.query_one("#corpus-filter", Input).value = "Pyongyang"
        await settle(pilot)
        assert screen.entities.highlighted["canonical"] == "Pyongyang"
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PickDialog)
        await pilot.press(*"north korea", "enter")
        await settle(pilot)
        assert pilot.app.screen is screen
    analyze_documents(analysed, engine="rules", force=True)
    names = {r["canonical"] for r in analysed.rows("SELECT canonical FROM entities")}
    assert "John F. Kirby" in names and "John Kirby" not in names
    assert not analysed.scalar(
        "SELECT count(*) FROM entities WHERE canonical = 'Pyongyang' AND label = 'GPE'"
    )


async def test_split_takes_one_version_and_says_when_the_document_holds_another(analysed):
    """Bloomberg carries the condemnation twice once its lone one is merged in: its row
    shows the closer one. `s` splits that one off and says the document's other version now
    shows (it may be the right one: a new-user test lost it when `s` took both); `s` again
    takes it too and the row goes."""
    lone = analysed.row(
        "SELECT * FROM claims WHERE instr(substr((SELECT text FROM documents WHERE id = "
        "document_id), content_start + 1, content_end - content_start), 'deaths of more') > 0"
    )
    async with app_pilot(analysed, size=(130, 40), author="ana") as pilot:
        _, claim = await condemn_in_reuters(pilot)
        merge_clusters(analysed, claim["id"], lone["id"])
        cluster = cluster_at(analysed, claim)
        assert (
            analysed.scalar(
                "SELECT count(*) FROM claims WHERE cluster = ? AND document_id = ?",
                (cluster, lone["document_id"]),
            )
            == 2
        )
        await pilot.press("o")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, SourcesDialog)
        assert "The same claim in 2 other sources" in screen_text(pilot.app)
        while dialog.highlighted is None or dialog.highlighted.document_id != lone["document_id"]:
            await pilot.press("down")
            await pilot.pause()
        shown = dialog.highlighted.claim_id
        await pilot.press("s")
        await settle(pilot)
        notes = [n.message for n in pilot.app._notifications]  # noqa: SLF001
        assert any("1 other claim of that document still in this cluster now" in n for n in notes)
        assert "The same claim in 2 other sources" in screen_text(pilot.app)  # its other one
        row = next(v for v in dialog.variants if v.document_id == lone["document_id"])
        assert row.claim_id != shown
        while dialog.highlighted is None or dialog.highlighted.document_id != lone["document_id"]:
            await pilot.press("down")
            await pilot.pause()
        await pilot.press("s")
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "The same claim in 1 other source:" in text
        assert "Bloomberg ·" not in text  # its row (the side panel behind names it too)
        assert lone["document_id"] not in [v.document_id for v in dialog.variants]
    assert (
        analysed.scalar(
            "SELECT count(*) FROM claims WHERE cluster = ? AND document_id = ?",
            (cluster, lone["document_id"]),
        )
        == 0
    )
    splits = [c for c in list_corrections(analysed) if c["kind"] == "split_claim"]
    assert len(splits) == 2 and {c["author"] for c in splits} == {"ana"}
    analyze_documents(analysed, engine="rules", force=True)  # kept across a re-analysis
    assert (
        analysed.scalar(
            "SELECT count(*) FROM claims WHERE cluster = ? AND document_id = ?",
            (cluster_at(analysed, claim), lone["document_id"]),
        )
        == 0
    )


async def test_the_merge_picker_fits_in_80x24(analysed):
    """Twenty choices (a real corpus has that many) made the picker taller than the screen:
    its hint was cut off and it covered the footer."""
    async with app_pilot(analysed, size=(80, 24)) as pilot:

        def choices(text: str) -> list[tuple[str, Text]]:
            return [(str(n), Text(f"entity {n}")) for n in range(40) if text in str(n)]

        await pilot.app.push_screen(PickDialog("Merge Pyongyang into:", choices))
        await settle(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, PickDialog)
        lines = screen_text(pilot.app).splitlines()
        # the hint names the highlighted choice in words (the highlight is a colour only)
        assert "enter picks: entity 0 · up/down · escape cancels" in "\n".join(lines)
        assert lines[-1].strip() == "esc Cancel"  # the dialog's own footer shows
        box = picker.query_one(Vertical).region
        assert box.y >= 0 and box.bottom <= 23
        await pilot.press("end", "down")  # the list scrolls to its last choice


async def test_a_claim_no_other_source_reports_can_be_linked_from_its_comparison(analysed):
    """A new-user test pressed `o` on a claim gloss had not matched and got only "no other
    source reports this claim": no way to link it to the outlet that does report it."""
    lone = analysed.row(
        "SELECT c.*, d.title FROM claims c JOIN documents d ON d.id = c.document_id WHERE "
        "instr(substr(d.text, c.content_start + 1, c.content_end - c.content_start), "
        "'deaths of more') > 0"
    )
    assert lone is not None and lone["cluster"] is None
    async with app_pilot(analysed, size=(130, 40)) as pilot:
        reader = await open_reader(pilot, "outlet:bloomberg")
        view = reader.query_one(DocumentView)
        for _ in range(40):
            await pilot.press("]")
            await pilot.pause()
            if reader.data.claims[view.selection.index]["id"] == lone["id"]:
                break
        else:
            raise AssertionError("the lone claim was not reached")
        await pilot.press("o")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, SourcesDialog) and len(dialog.variants) == 1
        assert "No other source reports this claim" in screen_text(pilot.app)
        # the footer offers no split with no other version listed (a new-user test)
        assert "Split this version off" not in screen_text(pilot.app)
        assert "Merge with another cluster" in screen_text(pilot.app)
        await pilot.press("s")  # nothing to split it from
        await settle(pilot)
        assert pilot.app.screen is dialog and len(dialog.variants) == 1
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PickDialog)
        await pilot.press(*"We condemn")  # Kirby's condemnation, reported by three outlets
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is dialog and dialog.changed
        cluster = analysed.scalar("SELECT cluster FROM claims WHERE id = ?", (lone["id"],))
        assert cluster is not None
        others = analysed.scalar(
            "SELECT count(DISTINCT document_id) FROM claims WHERE cluster = ? AND document_id != ?",
            (cluster, lone["document_id"]),
        )
        assert others >= 2 and len(dialog.variants) == others + 1
        assert f"The same claim in {others} other sources" in screen_text(pilot.app)


async def test_a_speaker_typed_in_part_completes_to_a_name_the_document_gives(analysed):
    """A new-user test typed "Brian F", right, enter and saved "Brian F": the prompt
    completes from the people and bodies the document names."""
    async with app_pilot(analysed, size=(130, 40)) as pilot:
        reader, claim = await condemn_in_reuters(pilot)
        names = {e["canonical"] for e in reader.data.entities if e["label"] == "PERSON"}
        full = next(n for n in sorted(names) if n.startswith("Vladimir"))
        await pilot.press("S")
        await settle(pilot)
        prompt = pilot.app.screen
        assert isinstance(prompt, PromptDialog)
        prompt.query_one(Input).value = ""
        await pilot.press(*"vlad")
        await settle(pilot)
        await pilot.press("right")
        await settle(pilot)
        assert prompt.query_one(Input).value == full
        await pilot.press("escape")


async def test_splitting_the_last_other_version_keeps_the_dialog_on_the_claim_alone(analysed):
    """A new-user test: splitting the last other version closed the dialog by itself, so
    the next escape left the reader for the library."""
    async with app_pilot(analysed, size=(130, 40), author="ana") as pilot:
        reader, _claim = await condemn_in_reuters(pilot)
        await pilot.press("o")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, SourcesDialog)
        while len(dialog.variants) > 1:
            await pilot.press("end")
            await pilot.pause()
            assert not dialog.highlighted.is_base
            await pilot.press("s")
            await settle(pilot)
        assert pilot.app.screen is dialog and len(dialog.variants) == 1
        assert "No other source reports this claim" in screen_text(pilot.app)
        # Nothing is left to split: the hint no longer offers it (a new user pressed s).
        assert "s splits" not in screen_text(pilot.app) and "m merges" in screen_text(pilot.app)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is reader


async def test_a_claim_analysed_again_elsewhere_reloads_the_document(analysed):
    """A new-user test re-analysed the open document from another terminal: `o` then said
    "this claim is no longer stored (reload with r)", but the reader has no `r`; `S` took a
    typed speaker and then failed with a command-line hint. Both now load the document
    again at once and say why; the reloaded claim works."""
    async with app_pilot(analysed, size=(130, 40), author="ana") as pilot:
        reader, claim = await condemn_in_reuters(pilot)
        for key in ("o", "S"):
            old_ids = {c["id"] for c in reader.data.claims}
            analyze_documents(analysed, engine="rules", force=True)  # new claim ids
            assert not analysed.scalar("SELECT count(*) FROM claims WHERE id = ?", (claim["id"],))
            await pilot.press(key)
            await settle(pilot)
            assert pilot.app.screen is reader  # no dialog on a claim that is gone
            messages = [n.message for n in pilot.app._notifications]  # noqa: SLF001
            assert "analysed again since it was opened: reloaded" in messages[-1]
            assert not {c["id"] for c in reader.data.claims} & old_ids
            await pilot.press("]")
            await pilot.pause()
            claim = reader.data.claims[reader.query_one(DocumentView).selection.index]
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SourcesDialog)


async def test_an_entity_of_the_wrong_type_merges_into_the_right_one(analysed):
    """A new-user test found "Trump" typed an organisation in 18 documents and no way to
    make it the person: ctrl+g offered organisations only, and `rename-entity` could not
    change a label. A person, body, place or group now merges into any of those types
    (its own type first); the correction keeps the new type across re-analysis."""
    from gloss.store.analysis.corrections import list_corrections
    from gloss.store.analysis.links import link_store

    def mistype(store) -> int:
        with store.write() as conn:
            return conn.execute(
                "UPDATE entities SET label = 'ORG', canonical = 'Kirby' WHERE id IN (SELECT id "
                "FROM entities WHERE canonical = 'John Kirby' ORDER BY id LIMIT 2)"
            ).rowcount

    assert mistype(analysed) == 2
    async with app_pilot(analysed, size=(130, 40), author="ana") as pilot:
        screen = await open_corpus(pilot)
        screen.query_one("#corpus-filter", Input).value = "Kirby"
        await settle(pilot)
        rows = {(r["canonical"], r["label"]) for r in screen.entities.rows}
        assert ("Kirby", "ORG") in rows and ("John Kirby", "PERSON") in rows
        while screen.entities.highlighted["label"] != "ORG":
            await pilot.press("down")
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PickDialog)
        assert "White House  9 mentions" in screen_text(pilot.app)  # its own type first
        await pilot.press(*"john kirby")
        await settle(pilot)
        assert "John Kirby  PERSON  24 mentions" in screen_text(pilot.app)
        await pilot.press("down", "up")
        # what enter picks is named in words, not only by the highlight's colour
        assert "enter picks: John Kirby  PERSON" in screen_text(pilot.app)
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen
    assert not analysed.scalar("SELECT count(*) FROM entities WHERE canonical = 'Kirby'")
    (correction,) = list_corrections(analysed)
    assert (correction["label"], correction["new_label"]) == ("ORG", "PERSON")
    mistype(analysed)  # as a re-analysis that types it so again would
    link_store(analysed, mode="full")
    assert not analysed.scalar(
        "SELECT count(*) FROM entities WHERE label = 'ORG' AND canonical LIKE '%Kirby%'"
    )


async def test_an_entity_mention_is_split_off_in_the_reader(analysed):
    """A new-user test could split a mention off its entity only with `gloss correct
    split-mention` and an id from `gloss show --json`: `E` on the selected mention."""
    async with app_pilot(analysed, size=(130, 40), author="ana") as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        for _ in range(80):
            await pilot.press("}")
            await pilot.pause()
            mention = reader.data.entities[view.selection.index]
            if mention["canonical"] == "John Kirby" and mention["text"] != "John Kirby":
                break
        else:
            raise AssertionError("no short mention of John Kirby")
        await pilot.press("E")
        await settle(pilot)
        prompt = pilot.app.screen
        assert isinstance(prompt, PromptDialog)
        assert prompt.query_one(Input).value == mention["text"]
        prompt.query_one(Input).value = ""
        await pilot.press(*"Another Kirby", "enter")
        await settle(pilot)
        assert pilot.app.screen is reader
        messages = [n.message for n in pilot.app._notifications]  # noqa: SLF001
        assert messages[-1].startswith(f"this {mention['text']} now names Another Kirby")
        at = (mention["start"], mention["end"])
        assert {(e["start"], e["end"]): e["canonical"] for e in reader.data.entities}[at] == (
            "Another Kirby"
        )
        await pilot.press("]")  # a claim, not an entity
        await pilot.press("E")
        await settle(pilot)
        assert pilot.app.screen is reader
    doc = reader.document_id
    analyze_documents(analysed, engine="rules", force=True)
    assert (
        analysed.scalar(
            "SELECT canonical FROM entities WHERE document_id = ? AND start = ? AND end = ?",
            (doc, *at),
        )
        == "Another Kirby"
    )


async def test_an_entity_s_type_is_changed_in_the_corpus(analysed):
    """A new-user test found "Firefox" typed a person and could mark a mention as another
    entity but not change a type: ctrl+l picks the entity's type."""
    from gloss.store.analysis.corrections import list_corrections

    async with app_pilot(analysed, size=(130, 40), author="ana") as pilot:
        screen = await open_corpus(pilot)
        screen.query_one("#corpus-filter", Input).value = "Pyongyang"
        await settle(pilot)
        assert screen.entities.highlighted["canonical"] == "Pyongyang"
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PickDialog)
        assert "Pyongyang (GPE) is:" in screen_text(pilot.app)
        await pilot.press(*"airport", "enter")
        await settle(pilot)
        assert pilot.app.screen is screen
    assert (
        analysed.scalar("SELECT count(DISTINCT label) FROM entities WHERE canonical = 'Pyongyang'")
        == 1
    )
    assert analysed.scalar("SELECT label FROM entities WHERE canonical = 'Pyongyang'") == "FAC"
    (correction,) = list_corrections(analysed)
    assert (correction["old"], correction["new"], correction["new_label"]) == (
        "Pyongyang",
        "Pyongyang",
        "FAC",
    )
    analyze_documents(analysed, engine="rules", force=True)
    assert analysed.scalar("SELECT label FROM entities WHERE canonical = 'Pyongyang'") == "FAC"


async def test_fixing_a_speaker_fixes_the_sentence_s_other_claims_by_them(analysed):
    """A new-user test set one claim's speaker to James Comey and the two other claims of
    the sentence still said Stephen Vladeck: the claims of the sentence the analysis gave the
    same speaker take the correction too, and the notice says so."""
    group = analysed.row(
        "SELECT document_id, start, end, speaker, group_concat(id) AS ids FROM claims "
        "WHERE document_id = (SELECT id FROM documents WHERE outlet = 'Reuters') "
        "GROUP BY document_id, start, end, speaker HAVING count(*) >= 2 LIMIT 1"
    )
    ids = [int(i) for i in group["ids"].split(",")]
    async with app_pilot(analysed, size=(130, 40), author="ana") as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        for _ in range(40):
            await pilot.press("]")
            await pilot.pause()
            if reader.data.claims[view.selection.index]["id"] == ids[0]:
                break
        await pilot.press("S")
        await settle(pilot)
        pilot.app.screen.query_one(Input).value = ""
        await pilot.press(*"Jane Doe", "enter")
        await settle(pilot)
        messages = [n.message for n in pilot.app._notifications]  # noqa: SLF001
        assert messages[-1] == (
            f"speaker set to Jane Doe, and for {len(ids) - 1} more claim of the sentence"
        )
    speakers = analysed.rows(
        "SELECT speaker FROM claims WHERE document_id = ? AND start = ? AND end = ?",
        (group["document_id"], group["start"], group["end"]),
    )
    assert [r["speaker"] for r in speakers] == ["Jane Doe"] * len(ids)


async def test_after_a_split_the_cursor_stays_on_another_version(analysed):
    """A new-user test: after `s` nothing was highlighted, so `down` landed on "this
    document" and a second `s` split the claim being read. The cursor now stays on another
    document's version, and `s` on the reader's own row explains instead of splitting."""
    async with app_pilot(analysed, size=(130, 40), author="ana") as pilot:
        reader, claim = await condemn_in_reuters(pilot)
        await pilot.press("o")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, SourcesDialog) and len(dialog.variants) == 3
        assert dialog.highlighted is not None and dialog.highlighted.is_base
        await pilot.press("s")  # on this document's own row: refused, said why
        await settle(pilot)
        assert len(dialog.variants) == 3 and list_corrections(analysed) == []
        messages = [n.message for n in pilot.app._notifications]  # noqa: SLF001
        assert any(m.startswith("this is the claim you are reading") for m in messages)
        await pilot.press("down", "s")
        await settle(pilot)
        assert len(dialog.variants) == 2
        assert dialog.highlighted is not None and not dialog.highlighted.is_base
        await pilot.press("s")
        await settle(pilot)
        assert len(dialog.variants) == 1
        split = {row["document_id"] for row in list_corrections(analysed)}
        assert claim["document_id"] not in split and len(split) == 2
        assert cluster_at(analysed, claim) is None  # alone now, but still stored
        assert analysed.scalar(
            "SELECT count(*) FROM claims WHERE document_id = ? AND content_start = ?",
            where(claim)[:2],
        )


async def test_the_entity_merge_picker_guesses_nothing_before_a_name_is_typed(analysed):
    """A new-user test: the merge picker opened with the most named person highlighted, so
    one enter merged any entity into it. With nothing typed nothing is picked: enter does
    nothing, down reaches the first choice, typing highlights the best match."""
    async with app_pilot(analysed, size=(130, 40), author="ana") as pilot:
        screen = await open_corpus(pilot)
        screen.query_one("#corpus-filter", Input).value = "Pyongyang"
        await settle(pilot)
        assert screen.entities.highlighted["canonical"] == "Pyongyang"
        await pilot.press("ctrl+g")
        await settle(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, PickDialog)
        assert picker.query_one(OptionList).highlighted is None
        assert "type a name, or down to the first choice" in screen_text(pilot.app)
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is picker and list_corrections(analysed) == []
        # ... and says why (a second new-user test saw nothing happen)
        assert any("nothing picked" in n.message for n in pilot.app._notifications)  # noqa: SLF001
        await pilot.press("down")
        assert picker.query_one(OptionList).highlighted == 0
        assert "enter picks: " in screen_text(pilot.app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.press(*"north korea")
        await settle(pilot)
        options = pilot.app.screen.query_one(OptionList)
        assert options.highlighted == 0
        assert options.option_count > 1
        # Two new-user tests typed a name, pressed down "to the first choice" as the hint
        # had said, and merged into the second match: the first down stays on the first
        # choice, the next ones move, up still moves up.
        await pilot.press("down")
        assert options.highlighted == 0
        await pilot.press("down")
        assert options.highlighted == 1
        await pilot.press("up")
        assert options.highlighted == 0
        await pilot.press("backspace")  # typing again: the first down stays again
        await settle(pilot)
        await pilot.press("down")
        assert options.highlighted == 0
        await pilot.press("escape")
    assert list_corrections(analysed) == []
