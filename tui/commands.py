"""Command palette commands, namespaced (`document: open`, `view: toggle entities`...).

In the library the saved filters are commands too (`filter: <name>`), read from the store
in a thread when the palette opens.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from gloss.store import GlossError
from gloss.store.saved_filters import saved_filters
from gloss.tui.safe import clean

# (name, help, action on the app, PALETTE_SCOPEs where it applies (None = everywhere))
COMMANDS: tuple[tuple[str, str, str, tuple[str, ...] | None], ...] = (
    ("document: open", "Open the highlighted document", "palette_open", ("library",)),
    ("document: back to library", "Close the document", "palette_close", ("reader",)),
    ("library: filter", "Focus the filter box", "palette_screen('focus_filter')", ("library",)),
    ("library: reverse order", "Reverse the sort order", "palette_screen('reverse')", ("library",)),
    (
        "library: name this filter",
        "Save the current filter under a name (N)",
        "palette_screen('name_filter')",
        ("library",),
    ),
    (
        "library: saved filters",
        "Show the documents of a saved filter (F)",
        "palette_screen('saved_filters')",
        ("library",),
    ),
    (
        "library: forget a saved filter",
        "Delete a saved filter (the documents stay)",
        "palette_screen('delete_saved_filter')",
        ("library",),
    ),
    *(
        (
            f"library: sort by {key}",
            f"Sort the list by {key}",
            f"palette_sort('{key}')",
            ("library",),
        )
        for key in (
            "title",
            "outlet",
            "date",
            "words",
            "entities",
            "claims",
            "annotations",
            "status",
        )
    ),
    (
        "view: toggle entities",
        "Show or hide entity colours",
        "palette_screen(\"toggle_layer('entities')\")",
        ("reader",),
    ),
    (
        "view: toggle claims",
        "Show or hide claims",
        "palette_screen(\"toggle_layer('claims')\")",
        ("reader",),
    ),
    (
        "view: toggle notes",
        "Show or hide your annotations",
        "palette_screen(\"toggle_layer('annotations')\")",
        ("reader",),
    ),
    (
        "view: toggle boilerplate",
        "Dim or undim boilerplate",
        "palette_screen(\"toggle_layer('boilerplate')\")",
        ("reader",),
    ),
    (
        "view: toggle find hits",
        "Show or hide find matches",
        "palette_screen(\"toggle_layer('hits')\")",
        ("reader",),
    ),
    (
        "view: toggle side panel",
        "Show or hide the entity/claim panel",
        "palette_screen('toggle_panel')",
        ("reader",),
    ),
    ("find: in document", "Find text in this document", "palette_screen('find')", ("reader",)),
    (
        "claim: compare other sources",
        "The selected claim as other outlets report it, with wording differences",
        "palette_screen('sources')",
        ("reader",),
    ),
    # Corrections are named so, whatever the screen (a new-user test typed "correct",
    # "split" and "merge" and found nothing).
    (
        "correct: the claim's speaker",
        "Fix the selected claim's speaker (S; kept across re-analysis)",
        "palette_screen('fix_speaker')",
        ("reader",),
    ),
    (
        "correct: not a claim",
        "Nothing is claimed here: remove the selected claim (D; kept across re-analysis)",
        "palette_screen('not_a_claim')",
        ("reader",),
    ),
    (
        "correct: split the claim off its cluster, or merge clusters",
        "Compare other sources (o), then s splits a version off, m merges another cluster in",
        "palette_screen('sources')",
        ("reader",),
    ),
    (
        "correct: this entity mention names another",
        "The selected mention is not its entity's (E; 'Brown' of a firm, not Gordon Brown)",
        "palette_screen('split_mention')",
        ("reader",),
    ),
    (
        "correct: rename the entity",
        "Give the highlighted entity another canonical name (ctrl+r)",
        "palette_screen('rename_entity')",
        ("corpus",),
    ),
    (
        "correct: merge the entity into another",
        "The highlighted entity and another are the same, of any type: merge them (ctrl+g)",
        "palette_screen('merge_entity')",
        ("corpus",),
    ),
    (
        "correct: change the entity's type",
        "The highlighted entity is of another type: a person, organisation, place... (ctrl+l)",
        "palette_screen('retype_entity')",
        ("corpus",),
    ),
    (
        "correct: list and undo corrections",
        "Every correction made, newest first, who made it and when; u undoes one",
        "corrections",
        None,
    ),
    (
        "tags: pin tag to key",
        "Pin a tag to a key 1-9 and give it a colour",
        "palette_screen('pin_tag')",
        ("reader",),
    ),
    (
        "view: toggle annotation panel",
        "Show or hide the list of this document's annotations",
        "palette_screen('toggle_annotations')",
        ("reader",),
    ),
    (
        "annotate: tag the document",
        "Tags for the whole document",
        "palette_screen('tag_document')",
        ("reader",),
    ),
    (
        "annotate: note on the document",
        "A note on the whole document",
        "palette_screen('note_document')",
        ("reader",),
    ),
    (
        "annotate: undo",
        "Undo the last annotation change here",
        "palette_screen('undo')",
        ("reader",),
    ),
    (
        "annotate: redo",
        "Redo the last undone annotation change",
        "palette_screen('redo')",
        ("reader",),
    ),
    (
        "go: next claim",
        "Select the next claim",
        "palette_screen(\"move('claim', 1)\")",
        ("reader",),
    ),
    (
        "go: next entity",
        "Select the next entity",
        "palette_screen(\"move('entity', 1)\")",
        ("reader",),
    ),
    (
        "review: start or resume a session",
        "Review claims, entities, documents or notes one at a time",
        "review",
        ("library", "reader"),
    ),
    (
        "review: claims by check-worthiness",
        "Every claim, most check-worthy first",
        "review('claims order:score')",
        ("library", "reader"),
    ),
    (
        "review: unread documents",
        "Documents not opened yet",
        "review('documents status:unread')",
        ("library", "reader"),
    ),
    *(
        (
            f"export: {what}",
            f"Export {what} as CSV, JSONL or W3C",
            f"export('{what}')",
            ("library", "reader"),
        )
        for what in ("annotations", "entities", "claims", "documents", "verdicts")
    ),
    (
        "corpus: entities",
        "Who is named across the corpus, with mention and document counts",
        "corpus('entities')",
        ("library", "reader", "corpus"),
    ),
    (
        "corpus: stories",
        "Documents that report the same event",
        "corpus('stories')",
        ("library", "reader", "corpus"),
    ),
    (
        "speaker: claims by ...",
        "Every claim by one speaker across the corpus, by story and outlet",
        "speaker",
        ("library", "reader", "corpus", "speaker"),
    ),
    (
        "speaker: claims by this claim's speaker",
        "Every claim by the selected claim's speaker across the corpus",
        "palette_screen('speaker')",
        ("reader",),
    ),
    (
        "speaker: claims by this entity",
        "Every claim by the highlighted person or organisation",
        "palette_screen('speaker')",
        ("corpus",),
    ),
    (
        "speaker: review these claims",
        "A review session over this speaker's claims",
        "palette_screen('review')",
        ("speaker",),
    ),
    (
        "import: files or folder",
        "Import text files, saved web pages or a folder in the background, then analyse them",
        "import_files",
        ("library", "reader"),
    ),
    (
        "analysis: analyse waiting documents",
        "Analyse every document imported without its analysis (in the background)",
        "analyse_waiting",
        None,
    ),
    (
        "analysis: analyse outdated documents",
        "Analyse again what an older gloss analysed, as gloss analyze --all does "
        "(in the background)",
        "analyse_outdated",
        None,
    ),
    (
        "job: stop the running job",
        "Stop the running import or analysis after its current step (what is stored stays)",
        "stop_job",
        None,
    ),
    ("app: help", "Show every key", "help", None),
    ("app: quit", "Quit gloss", "quit", None),
)


class GlossCommands(Provider):
    """gloss's own commands, offered according to the current screen."""

    _saved: list[dict[str, Any]] = []  # the saved filters, in the library (read at startup)

    async def startup(self) -> None:
        """In the library, read the saved filters (in a thread: the store is SQLite)."""
        store = getattr(self.app, "store", None)
        if getattr(self.screen, "PALETTE_SCOPE", "") != "library" or store is None:
            return
        try:
            self._saved = await asyncio.to_thread(saved_filters, store)
        except GlossError:  # a store problem: the other commands still work
            self._saved = []

    def _available(self) -> list[tuple[str, str, Callable[[], object]]]:
        # Screens name their scope in PALETTE_SCOPE (several readers can be open at once).
        scope = getattr(self.screen, "PALETTE_SCOPE", "")
        found: list[tuple[str, str, Callable[[], object]]] = []
        for name, help_text, action, screens in COMMANDS:
            if screens is None or scope in screens:
                found.append((name, help_text, partial(self.app.run_action, action)))
        return found

    def _filters(self) -> list[tuple[str, Text, str, Callable[[], object]]]:
        """(name to match, prompt, help markup, callback) per saved filter; user text is
        never markup."""
        recall = getattr(self.screen, "recall_filter", None)
        if recall is None:
            return []
        return [
            (
                f"filter: {row['name']}",
                Text(f"filter: {clean(row['name'])}"),
                escape(clean(row["filter"])),
                partial(recall, row["name"], row["filter"]),
            )
            for row in self._saved
        ]

    async def discover(self) -> Hits:
        """Every command that applies here, for an empty palette."""
        for name, help_text, callback in self._available():
            yield DiscoveryHit(name, callback, help=help_text)
        for _, prompt, help_text, callback in self._filters():
            yield DiscoveryHit(prompt, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose name fuzzily matches `query`."""
        matcher = self.matcher(query)
        for name, help_text, callback in self._available():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        for name, prompt, help_text, callback in self._filters():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, prompt, callback, text=name, help=help_text)
