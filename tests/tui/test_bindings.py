"""Every binding and palette command documents itself (description, id, help text)."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from gloss.tui.app import GlossApp
from gloss.tui.commands import COMMANDS
from gloss.tui.screens.corpus import CorpusScreen
from gloss.tui.screens.export_dialog import ExportDialog
from gloss.tui.screens.help import HelpScreen, key_sheet, own_bindings
from gloss.tui.screens.library import LibraryScreen
from gloss.tui.screens.note_dialog import NoteDialog
from gloss.tui.screens.pick_dialog import PickDialog
from gloss.tui.screens.pin_dialog import PinDialog
from gloss.tui.screens.prompt_dialog import PromptDialog
from gloss.tui.screens.reader import ReaderScreen
from gloss.tui.screens.review import ReviewScreen
from gloss.tui.screens.review_start import ReviewStartDialog
from gloss.tui.screens.sources_dialog import SourcesDialog
from gloss.tui.screens.speaker import SpeakerScreen
from gloss.tui.screens.tag_dialog import TagDialog
from gloss.tui.widgets.annotation_panel import AnnotationPanel
from gloss.tui.widgets.document_list import DocumentList
from gloss.tui.widgets.entity_table import EntityTable
from gloss.tui.widgets.filter_box import FilterBox

CLASSES = (
    GlossApp,
    LibraryScreen,
    ReaderScreen,
    HelpScreen,
    DocumentList,
    ReviewScreen,
    TagDialog,
    NoteDialog,
    ReviewStartDialog,
    ExportDialog,
    SourcesDialog,
    PinDialog,
    AnnotationPanel,
    CorpusScreen,
    EntityTable,
    SpeakerScreen,
    PickDialog,
    PromptDialog,
    FilterBox,
)


def all_bindings() -> list[Binding]:
    return [binding for cls in CLASSES for binding in own_bindings(cls)]


@pytest.mark.parametrize("binding", all_bindings(), ids=lambda b: f"{b.key}->{b.action}")
def test_every_binding_has_a_description_and_an_id(binding: Binding):
    assert binding.description.strip()
    assert binding.id and "." in binding.id


def test_binding_ids_are_unique():
    ids = [binding.id for cls in CLASSES for binding in cls.__dict__["BINDINGS"]]
    assert len(ids) == len(set(ids))


def test_every_palette_command_is_namespaced_and_described():
    names = [name for name, *_ in COMMANDS]
    assert len(names) == len(set(names))
    for name, help_text, action, _ in COMMANDS:
        namespace, _, rest = name.partition(": ")
        assert namespace and rest, name
        assert help_text.strip()
        method = "action_" + action.split("(")[0]
        assert callable(getattr(GlossApp, method, None)), f"{name}: no GlossApp.{method}"


def test_help_lists_every_binding_as_a_cheat_sheet(store):
    app = GlossApp(store)
    sheet = key_sheet(app.help_sections(), lambda binding: binding.key).plain
    lines = sheet.splitlines()
    for binding in all_bindings():
        what = binding.tooltip or binding.description
        if binding.key.isdigit():  # the pinned-tag keys share one line
            assert any(
                line.split()[0] == "1-9" and line.endswith("Toggle the tag pinned to that key")
                for line in lines
                if line.startswith(" ")
            )
            continue
        assert any(
            line.endswith(what) and binding.key in line.split("  ")[0].split()
            for line in lines
            if line.startswith(" ")
        ), binding.key
        assert binding.id not in sheet  # internal ids are not for readers
    assert "Library" in lines and "Reader" in lines
