"""Pilot tests for the rough edges of daily use (issue 16): narrow terminals, the footer, the
filter box, colours, help."""

from __future__ import annotations

import re

from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from gloss.store import Store
from gloss.store.config import Config
from gloss.store.review import open_session, session_items
from gloss.tui.screens.export_dialog import ExportDialog
from gloss.tui.screens.library import LibraryScreen
from gloss.tui.screens.reader import ReaderScreen
from gloss.tui.screens.review import ReviewScreen
from gloss.tui.screens.review_start import ReviewStartDialog
from gloss.tui.widgets.document_list import DocumentList
from gloss.tui.widgets.document_view import DocumentView
from tests.tui.pilot import app_pilot, open_reader, screen_text, settle, type_filter


async def test_text_rewraps_beside_a_panel_at_60_columns(seeded_store: Store):
    async with app_pilot(seeded_store, size=(60, 15)) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        view = reader.query_one(DocumentView)
        for key in ("p", "p", "A"):
            await pilot.press(key)
            await settle(pilot)
            width = view.scrollable_content_region.width
            assert width >= 20  # the panel leaves the text room to be read
            text = view._text  # noqa: SLF001
            for line in view.lines:
                assert len(text[line.start : line.end].rstrip()) + line.indent <= width


async def test_the_footer_ends_with_the_palette_key_and_nothing_after_it(seeded_store: Store):
    async with app_pilot(seeded_store, size=(60, 15)) as pilot:
        assert screen_text(pilot.app).splitlines()[-1].rstrip().endswith("Commands")
    async with app_pilot(seeded_store, size=(80, 24)) as pilot:
        await open_reader(pilot, "outlet:reuters")
        await pilot.press("A")
        await settle(pilot)
        assert screen_text(pilot.app).splitlines()[-1].rstrip().endswith("Commands")


async def test_slash_after_the_corpus_screen_types_after_the_filter(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        await pilot.press("slash", "x", "backspace", "escape")  # used before: its cursor at 0
        await pilot.press("E")
        await settle(pilot)
        await pilot.press(*"kirb")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        library = pilot.app.screen
        assert library.filter_text() == 'entity:"John Kirby"'
        await pilot.press("slash", *" outlet:reuters")
        assert library.filter_text() == 'entity:"John Kirby" outlet:reuters'


async def test_export_asks_before_replacing_a_file(seeded_store: Store, tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("keep me", encoding="utf-8")
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("X")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        # What to export has the focus: enter opens its list, it exports nothing (a
        # new-user test wrote an empty annotations file with the enter meant for the list).
        assert dialog.focused is dialog.query_one("#what", Select)
        await pilot.press("enter")
        await settle(pilot)
        assert dialog.query_one("#what", Select).expanded
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dialog and target.read_text(encoding="utf-8") == "keep me"
        box = dialog.query_one("#export-path", Input)
        box.value = str(target)
        box.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "out.csv exists: ctrl+s or enter again replaces it" in screen_text(app)
        assert target.read_text(encoding="utf-8") == "keep me"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    assert target.read_text(encoding="utf-8").startswith("id,")


async def test_the_replace_warning_goes_when_what_or_the_file_changes(
    seeded_store: Store, tmp_path
):
    """Changing "What" renamed the file but kept "gloss-annotations.csv exists: ...", and a
    second enter then wrote the new name without asking about it."""
    (tmp_path / "gloss-annotations.csv").write_text("keep me", encoding="utf-8")
    (tmp_path / "gloss-claims.csv").write_text("keep me too", encoding="utf-8")
    config = Config(export_folder=str(tmp_path))
    async with app_pilot(seeded_store, size=(100, 30), config=config) as pilot:
        app = pilot.app
        await pilot.press("X")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        path = dialog.query_one("#export-path", Input)
        assert path.value == str(tmp_path / "gloss-annotations.csv")
        path.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "gloss-annotations.csv exists: ctrl+s or enter again" in screen_text(app)
        dialog.query_one("#what", Select).value = "claims"
        await settle(pilot)
        assert path.value == str(tmp_path / "gloss-claims.csv")
        assert "exists" not in screen_text(app)
        await pilot.press("enter")  # asks about the new name before replacing it
        await settle(pilot)
        assert app.screen is dialog
        assert "gloss-claims.csv exists: ctrl+s or enter again" in screen_text(app)
        assert (tmp_path / "gloss-claims.csv").read_text(encoding="utf-8") == "keep me too"
        await pilot.press("end", "x")  # typing in the file name clears it too
        await settle(pilot)
        assert "exists" not in screen_text(app)


def test_the_header_counts_in_the_singular():
    from gloss.tui.widgets.metadata_header import header_text

    text = header_text({"title": "t", "words": 1, "entities": 1, "claims": 0, "annotations": 1})
    assert text.plain.endswith("1 word · 1 entity · 0 claims · 1 annotation")


async def test_a_complete_session_no_longer_shows_the_verdict_keys(seeded_store: Store):
    session = open_session(seeded_store, "reuters", "claims filter:'outlet:Reuters'")
    count = len(session_items(seeded_store, session))
    async with app_pilot(seeded_store, author="ana", review=session, size=(100, 30)) as pilot:
        assert "x  reject" in screen_text(pilot.app)
        for _ in range(count):
            await pilot.press("a")
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "Session complete" in text
        assert "x  reject" not in text and "a  accept" not in text


async def test_the_review_dialog_lists_sessions_to_resume(seeded_store: Store):
    open_session(seeded_store, "first [bold]one[/]", "claims order:score")
    later = open_session(seeded_store, "reuters", "claims filter:'outlet:Reuters'")
    async with app_pilot(seeded_store, author="ana", size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("R")
        await settle(pilot)
        text = screen_text(app)
        assert "first [bold]one[/] · claims order:score · 0 verdicts" in text
        assert "reuters · claims filter:'outlet:Reuters'" in text
        await pilot.press("shift+tab", "enter")  # the newest session is listed first
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.id == later.id


async def test_the_review_and_export_dialogs_fit_in_80x24(seeded_store: Store):
    for name in ("one", "two", "three"):
        open_session(seeded_store, name, f"claims filter:{name}")
    async with app_pilot(seeded_store, size=(80, 24)) as pilot:
        for key, dialog_type in (("R", ReviewStartDialog), ("X", ExportDialog)):
            await pilot.press(key)
            await settle(pilot)
            dialog = pilot.app.screen
            assert isinstance(dialog, dialog_type)
            box = dialog.query_one(Vertical)
            assert box.region.height <= 24 and box.max_scroll_y == 0
            assert "escape cancels" in screen_text(pilot.app)
            await pilot.press("escape")
            await settle(pilot)


async def test_the_claim_status_line_keeps_cue_and_score_at_80_columns(seeded_store: Store):
    with seeded_store.write() as conn:  # a long speaker: the line no longer fits in 80 columns
        conn.execute("UPDATE claims SET speaker = 'Ukrainian President Volodymyr Zelensky'")
    async with app_pilot(seeded_store, size=(80, 24)) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        claims = reader.data.claims
        with_cue = next(i for i, c in enumerate(claims) if c.get("cue") and c.get("speaker"))
        for _ in range(with_cue + 1):
            await pilot.press("right_square_bracket")
        await settle(pilot)
        claim = claims[with_cue]
        text = " ".join(screen_text(pilot.app).split())
        assert f"claim {with_cue + 1}/{len(claims)}" in text
        assert f"cue {claim['cue']} · check-worthy {claim.get('score') or 0:.2f}" in text


async def test_review_keeps_the_time_left_at_80_columns(seeded_store: Store):
    session = open_session(seeded_store, "all", "claims order:score")
    async with app_pilot(seeded_store, author="ana", review=session, size=(80, 24)) as pilot:
        await pilot.press("a", "x", "f")
        await settle(pilot)
        assert "left ~" in screen_text(pilot.app)
    # ... and the time spent at 100 columns (a new-user test read "elapsed" and no time)
    async with app_pilot(seeded_store, author="ana", review=session, size=(100, 30)) as pilot:
        await pilot.press("a", "x", "f")
        await settle(pilot)
        assert re.search(r"elapsed \d+:\d\d", screen_text(pilot.app))


async def test_the_sources_dialog_shows_its_hint_at_80x24(tmp_path):
    from gloss.store import open_store
    from gloss.store.analysis import analyze_documents
    from gloss.store.file_import import ensure_seeded
    from gloss.tui.screens.sources_dialog import SourcesDialog

    store = open_store(tmp_path / "analysed.db")
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    async with app_pilot(store, size=(80, 24)) as pilot:
        await open_reader(pilot, "outlet:reuters")
        for _ in range(40):  # walk the claims until one is reported elsewhere too
            await pilot.press("]")
            await pilot.pause()
            if "also in" in screen_text(pilot.app):
                break
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SourcesDialog)
        assert "enter opens that document at the claim" in screen_text(pilot.app)
    store.close()


async def test_j_and_k_step_through_the_filtered_list_and_escape_keeps_the_place(
    seeded_store: Store,
):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        await type_filter(pilot, "korea")
        await pilot.press("escape")
        documents = app.screen.query_one(DocumentList)
        listed = [int(documents.row_at(i)["id"]) for i in range(documents.total)]
        assert len(listed) >= 3
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.document_id == listed[0]
        await pilot.press("J")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.document_id == listed[1]
        await pilot.press("J", "K", "J")
        await settle(pilot)
        assert app.screen.document_id == listed[2]
        await pilot.press("K", "K", "K")  # past the top: stays, and says so
        await settle(pilot)
        assert app.screen.document_id == listed[0]
        notes = [n.message for n in app._notifications]  # noqa: SLF001
        assert "No document before this one in the library's list" in notes
        await pilot.press("J")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert documents.cursor == 1  # the library is where reading stopped
        assert len(app.screen_stack) == 1  # the library alone: no readers left behind


async def test_u_in_the_library_marks_read_and_unread(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        documents = pilot.app.screen.query_one(DocumentList)
        first = int(documents.row_at(0)["id"])

        def read_at():
            return seeded_store.scalar("SELECT read_at FROM documents WHERE id = ?", (first,))

        assert read_at() is None
        await pilot.press("U")
        await settle(pilot)
        assert read_at() is not None
        await type_filter(pilot, "status:unread")
        await pilot.press("escape")
        assert first not in [int(documents.row_at(i)["id"]) for i in range(documents.total)]
        await pilot.press("slash", *["backspace"] * 13, "escape")
        await settle(pilot)
        await pilot.press("home", "U")
        await settle(pilot)
        assert read_at() is None


async def test_y_copies_the_claim_or_the_selected_words(seeded_store: Store):
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        await pilot.press("y")
        assert app.clipboard == ""  # nothing selected yet: nothing copied
        await pilot.press("right_square_bracket", "y")
        claim = reader.data.claims[0]
        assert app.clipboard == reader.data.text[claim["start"] : claim["end"]]
        await pilot.press("v", "shift+right", "y")  # a range of words
        selection = reader.view.selection
        assert selection.kind == "range"
        assert app.clipboard == reader.data.text[selection.start : selection.end]


async def test_ctrl_e_edits_the_note_in_the_editor(seeded_store: Store, tmp_path, monkeypatch):
    import sys

    from textual.widgets import TextArea

    from gloss.store.annotations import list_annotations
    from gloss.tui.screens.note_dialog import NoteDialog

    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text(encoding='utf-8') + ' and [b]more[/b] from the editor',"
        " encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    async with app_pilot(seeded_store, size=(100, 30)) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        before = len(list_annotations(seeded_store, reader.document_id))
        await pilot.press("right_square_bracket", "m", *"typed")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert dialog.query_one(TextArea).text == "typed and [b]more[/b] from the editor"
        monkeypatch.setenv("EDITOR", "no-such-editor-here")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.screen is dialog  # the text stays; a message says why
        assert dialog.query_one(TextArea).text == "typed and [b]more[/b] from the editor"
        await pilot.press("ctrl+s")
        await settle(pilot)
        notes = [a.note for a in list_annotations(seeded_store, reader.document_id)]
        assert len(notes) == before + 1
        assert "typed and [b]more[/b] from the editor" in notes


async def test_the_theme_is_remembered_and_exports_go_to_the_set_folder(
    seeded_store: Store, tmp_path
):
    from gloss.store.config import Config, load_config

    path = tmp_path / "config.toml"
    config = Config(theme="nord", export_folder=str(tmp_path / "exports"))
    async with app_pilot(seeded_store, size=(100, 30), config=config, config_file=path) as pilot:
        app = pilot.app
        assert app.theme == "nord"
        assert not path.exists()  # nothing changed yet
        app.theme = "gruvbox"
        await pilot.pause()
        assert load_config(path).theme == "gruvbox"
        await pilot.press("X")
        await settle(pilot)
        box = app.screen.query_one("#export-path", Input)
        assert box.value == str(tmp_path / "exports" / "gloss-annotations.csv")
    async with app_pilot(seeded_store, size=(100, 30), config=load_config(path)) as pilot:
        assert pilot.app.theme == "gruvbox"


async def test_the_claim_status_line_keeps_the_score_reasons_at_60_columns(tmp_path):
    """At 60 columns a claim's line took two rows and lost the reasons after
    "check-worthy 0.93:"; it takes the rows it needs (up to three) or ends on a word."""
    from gloss.store import open_store
    from gloss.store.analysis import analyze_documents
    from gloss.store.analysis.score import claim_why
    from gloss.store.file_import import ensure_seeded

    store = open_store(tmp_path / "s.db")
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    async with app_pilot(store, size=(60, 24)) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        claims = reader.data.claims
        chosen = max(
            range(len(claims)),
            key=lambda i: (bool(reader.data.other_sources.get(int(claims[i]["id"]))), i),
        )
        for _ in range(chosen + 1):
            await pilot.press("right_square_bracket")
        await settle(pilot)
        why = claim_why(reader.data.text, claims[chosen])
        assert ":" in why and reader.data.other_sources.get(int(claims[chosen]["id"]))
        where = reader.query_one("#where", Static)
        shown = " ".join(line.strip() for line in screen_text(pilot.app).splitlines())
        assert " ".join(why.split()) in " ".join(shown.split())
        assert where.size.height <= 3
    store.close()


async def test_the_library_gives_empty_outlet_and_date_columns_to_the_titles(empty_store: Store):
    """Plain .txt files have no outlet or date: at 60 columns the titles got 15 cells while
    the two empty columns took 26. A column returns once a document fills it."""
    from gloss.store.documents import DocumentMeta, save_document

    title = "Blair and Brown clash over the campaign"

    def add(name: str, meta: DocumentMeta) -> None:
        with empty_store.write() as conn:
            save_document(conn, f"{meta.title}\n\nSome text about {name}.\n", name, meta)

    add("a.txt", DocumentMeta(title=title))
    add("b.txt", DocumentMeta(title="Another plain text file"))
    async with app_pilot(empty_store, size=(60, 20), engine="rules") as pilot:
        text = screen_text(pilot.app)
        header = next(line for line in text.splitlines() if "Title" in line)
        assert "Outlet" not in header and "Date" not in header
        assert title in text  # 39 characters, whole
        add("c.html", DocumentMeta(title="From a saved page", outlet="BBC"))
        pilot.app.screen.refresh_list()
        await settle(pilot)
        header = next(line for line in screen_text(pilot.app).splitlines() if "Title" in line)
        assert "Outlet" in header and "Date" not in header


async def test_the_excel_checkbox_shows_its_state_by_its_mark(seeded_store: Store, tmp_path):
    """A new-user test read the unticked Excel box as ticked: it drew "X" either way and
    told them apart by colour only."""
    from textual.widgets import Checkbox

    config = Config(export_folder=str(tmp_path))
    async with app_pilot(seeded_store, size=(100, 30), config=config) as pilot:
        await pilot.press("X")
        await settle(pilot)
        box = pilot.app.screen.query_one("#excel", Checkbox)
        assert box.value is False
        assert "▐ ▌ Excel" in screen_text(pilot.app)
        box.value = True
        await settle(pilot)
        assert "▐X▌ Excel" in screen_text(pilot.app)


def test_the_header_skips_blank_facts_and_says_when_analysis_is_waiting():
    """A new-user test: a blank byline left "west-journal · 2016-07-28 ·", and a document
    waiting for analysis read "0 entities · 0 claims"."""
    from gloss.tui.widgets.metadata_header import header_text

    document = {
        "title": "t",
        "outlet": "west-journal",
        "byline": "  ",
        "published": "2016-07-28",
        "words": 9,
        "engine": None,
    }
    lines = header_text(document).plain.splitlines()
    assert lines[1] == "west-journal · 2016-07-28"
    assert lines[2] == "9 words · not analysed yet · 0 annotations"
    analysed = header_text({**document, "engine": "spacy", "entities": 2, "claims": 1})
    assert analysed.plain.splitlines()[2] == "9 words · 2 entities · 1 claim · 0 annotations"


async def test_a_long_path_does_not_push_the_counts_out_of_the_header(seeded_store: Store):
    """A new-user test at 80 columns: the file path wrapped onto the header's third line,
    leaving "west-journal · 2016-10-05 ·" and no word or claim counts."""
    from gloss.tui.widgets.metadata_header import MetadataHeader

    long_path = "/work/data/polnear/" + "west-journal_2016-10-05_pence-gives-gop-a-boost" * 2
    with seeded_store.write() as conn:
        conn.execute("UPDATE documents SET path = ?", (long_path + ".txt",))
    async with app_pilot(seeded_store, size=(80, 24)) as pilot:
        reader = await open_reader(pilot, "outlet:reuters")
        header = reader.query_one(MetadataHeader)
        lines = [line.text for line in header.render_lines(header.region.reset_offset)]
        assert len(lines) == 3
        assert "word" in lines[2] and "entit" in lines[2]  # the counts keep their line
        assert lines[1].rstrip().endswith("…")
