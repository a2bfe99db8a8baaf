"""The corpus screen: who is named across the store (Entities) and which documents report the
same event (Stories). Typing filters the active tab; enter shows the chosen entity's or
story's documents in the library (the screen dismisses with that library filter)."""

from __future__ import annotations

import json
import time
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TabbedContent, TabPane

from gloss.store import GlossError, Store
from gloss.store.analysis.corrections import SPEAKER_LABELS, entity_candidates, rename_entity
from gloss.store.analysis.entities import NAME_LABELS
from gloss.store.wording import counted, singular
from gloss.tui.messages import OpenSpeaker
from gloss.tui.safe import clean
from gloss.tui.screens.pick_dialog import PickDialog
from gloss.tui.screens.prompt_dialog import PromptDialog
from gloss.tui.widgets.entity_table import EntityTable
from gloss.tui.widgets.story_list import StoryList
from gloss.tui.widgets.typing_input import TypingInput

TABS = ("entities", "stories")


class CorpusScreen(Screen[str | None]):
    """Entities and stories across the corpus; dismisses with a library filter or None."""

    PALETTE_SCOPE: ClassVar[str] = "corpus"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Show documents", id="corpus.choose"),
        Binding("tab", "switch_tab", "Tabs", id="corpus.switch_tab"),
        Binding("ctrl+s", "sort", "Sort", id="corpus.sort"),
        Binding("ctrl+t", "types", "Types", id="corpus.types"),
        Binding("ctrl+r", "rename_entity", "Rename", id="corpus.rename_entity"),
        Binding("ctrl+g", "merge_entity", "Merge", id="corpus.merge_entity"),
        Binding("ctrl+l", "retype_entity", "Change type", id="corpus.retype_entity", show=False),
        Binding("ctrl+o", "speaker", "Their claims", id="corpus.speaker"),
        Binding("escape", "close", "Back", id="corpus.close"),
        Binding("up", "move(-1)", "Up", show=False, id="corpus.up"),
        Binding("down", "move(1)", "Down", show=False, id="corpus.down"),
        Binding("pageup", "move(-20)", "Page up", show=False, id="corpus.page_up"),
        Binding("pagedown", "move(20)", "Page down", show=False, id="corpus.page_down"),
    ]
    DEFAULT_CSS = """
    CorpusScreen #corpus-filter { dock: top; height: 1; border: none; padding: 0 1;
        background: $boost; }
    CorpusScreen #corpus-filter:focus { border: none; background: $primary 20%; }
    CorpusScreen #corpus-status { height: 1; padding: 0 1; color: $text-muted;
        background: $panel; }
    CorpusScreen #corpus-tabs { height: 1fr; }
    CorpusScreen #corpus-tabs > ContentSwitcher { height: 1fr; }
    CorpusScreen TabPane { padding: 0; height: 1fr; }
    /* The filter keeps the focus and the keys move the list's cursor: draw it as the
       focused cursor, so the row enter or ctrl+o acts on is plain to see. */
    CorpusScreen EntityTable > .row-table--cursor { background: $block-cursor-background;
        color: $block-cursor-foreground; text-style: bold; }
    CorpusScreen StoryList > .option-list--option-highlighted {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: bold; }
    """

    def __init__(self, store: Store, tab: str = "entities") -> None:
        super().__init__(id="corpus")
        self.store = store
        self.initial_tab = tab if tab in TABS else "entities"
        self.loaded = False
        self.load_seconds: float | None = None  # open to filled, for the bench script
        self._opened = time.perf_counter()
        self._stamp: tuple[int, int] | None = None  # the store's when the lists were read

    def compose(self) -> ComposeResult:
        """Filter box, the two tabs, a status line, the footer."""
        yield TypingInput(placeholder="type to filter", id="corpus-filter", select_on_focus=False)
        with TabbedContent(initial=self.initial_tab, id="corpus-tabs"):
            with TabPane("Entities", id="entities"):
                yield EntityTable(id="entity-table")
            with TabPane("Stories", id="stories"):
                yield StoryList(id="story-list")
        yield Static(Text("loading…"), id="corpus-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Load entities and stories in a worker; typing goes to the filter box."""
        self.query_one("#corpus-filter", Input).focus()
        self.watch(self.entities, "cursor", lambda _cursor: self._show_status(), init=False)
        self._load()

    @property
    def entities(self) -> EntityTable:
        """The entity table."""
        return self.query_one(EntityTable)

    @property
    def stories(self) -> StoryList:
        """The story list."""
        return self.query_one(StoryList)

    @property
    def active_tab(self) -> str:
        """ "entities" or "stories"."""
        return self.query_one(TabbedContent).active or self.initial_tab

    def on_screen_resume(self) -> None:
        """Back on top (after a correction undone from the corrections list, a merge in a
        review): list the entities again when the store changed meanwhile (a new-user test
        saw an undone merge still listed)."""
        self.refresh_if_changed()

    def refresh_if_changed(self) -> None:
        """List again when the store changed since the lists were read (also called when a
        job ends: an undo job re-analyses after its screen closed)."""
        if self._stamp is not None and self.store.change_stamp() != self._stamp:
            self._load()

    @work(thread=True, exclusive=True, group="corpus-load")
    def _load(self) -> None:
        from gloss.store.analysis import list_entities, list_stories

        self._stamp = self.store.change_stamp()
        entities = list_entities(self.store)
        self.app.call_from_thread(self._loaded_entities, entities)
        stories = list_stories(self.store)
        self.app.call_from_thread(self._loaded_stories, stories)

    def _loaded_entities(self, rows: list[dict[str, Any]]) -> None:
        table = self.entities
        keep = table.highlighted  # listed again: the cursor stays on its entity
        table.set_rows(rows)
        table.set_filter(self.filter_text)
        if keep is not None:
            at = next(
                (
                    i
                    for i, r in enumerate(table.rows)
                    if (r["canonical"], r["label"]) == (keep["canonical"], keep["label"])
                ),
                None,
            )
            if at is not None:
                table.cursor = at
        self._show_status()

    def _loaded_stories(self, stories: list[dict[str, Any]]) -> None:
        self.stories.set_stories(stories)
        self.stories.set_filter(self.filter_text)
        self.loaded = True
        self.load_seconds = time.perf_counter() - self._opened
        self._show_status()

    @property
    def filter_text(self) -> str:
        """The filter as typed."""
        return self.query_one("#corpus-filter", Input).value

    def _show_status(self) -> None:
        entities, stories = self.entities, self.stories
        filtered = bool(self.filter_text.strip())
        if self.active_tab == "entities":
            total = len(entities.all_rows)
            noun = "entities" if entities.types == "all types" else entities.types
            text = Text(counted(len(entities.rows), singular(noun)))
            text.append((" matches" if len(entities.rows) == 1 else " match") if filtered else "")
            if noun != "entities":
                text.append(f" (of {total:,} entities)", "dim")
        else:
            text = Text(counted(len(stories.shown), "story"))
            if filtered:
                text = Text(f"{len(stories.shown):,} of {len(stories.all_stories):,} stories match")
        if not self.loaded:
            text.append(" · loading…", "dim")
        elif not entities.all_rows:
            text.append(" · none yet: analyse the documents (gloss analyze)", "dim")
        else:
            text.append(" · enter shows the documents in the library", "dim")
        row = entities.highlighted if self.active_tab == "entities" else None
        if row is not None:
            # Which row the keys act on, in words and first (a new-user test pressed down
            # once too often after typing a filter and merged "Hillary Rodham", not
            # "Hillary Rodham Clinton").
            on = Text("▸ ", "bold")
            on.append(" ".join(clean(row["canonical"]).split()), "bold")
            on.append(" · ", "dim")
            text = on + text
        text.no_wrap, text.overflow = True, "ellipsis"
        self.query_one("#corpus-status", Static).update(text)

    @on(Input.Changed, "#corpus-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._typed = True
        if self.active_tab == "entities":
            self.entities.set_filter(event.value)
        else:
            self.stories.set_filter(event.value)
        self._show_status()

    @on(Input.Submitted, "#corpus-filter")
    def _filter_submitted(self) -> None:
        self.action_choose()

    # Keys that act on the entity list: not shown, and doing nothing, on the Stories tab.
    ENTITY_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"sort", "types", "rename_entity", "merge_entity", "speaker"}
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Entity keys only where the entities are (ctrl+r on Stories renamed an entity the
        user could not see)."""
        if action in self.ENTITY_ACTIONS and self.is_mounted:
            return self.active_tab == "entities"
        return True

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        # One filter box for both tabs: apply what is typed to the tab now shown.
        if self.active_tab == "entities":
            self.entities.set_filter(self.filter_text)
        else:
            self.stories.set_filter(self.filter_text)
        self.refresh_bindings()
        self._show_status()
        self.query_one("#corpus-filter", Input).focus()

    def on_key(self, event: Key) -> None:
        """Type-to-filter from anywhere on the screen (a click may have moved the focus)."""
        box = self.query_one("#corpus-filter", Input)
        if event.is_printable and event.character and self.focused is not box:
            event.stop()
            box.focus()
            box.insert_text_at_cursor(event.character)

    def on_entity_table_chosen(self, message: EntityTable.Chosen) -> None:
        """Show the documents naming this entity."""
        if '"' in message.canonical:  # the filter syntax cannot quote a double quote
            self.notify("cannot filter by a name holding a double quote", severity="warning")
            return
        self.dismiss(f'entity:"{message.canonical}"')

    def on_story_list_chosen(self, message: StoryList.Chosen) -> None:
        """Show this story's documents."""
        self.dismiss(f"story:{message.story}")

    def action_choose(self) -> None:
        """Enter: the highlighted entity's or story's documents, in the library."""
        if self.active_tab == "entities":
            self.entities.action_choose()
        elif self.stories.highlighted is not None:
            self.stories.action_select()

    def action_switch_tab(self, tab: str | None = None) -> None:
        """Show the other tab (or `tab`)."""
        tabs = self.query_one(TabbedContent)
        tabs.active = tab or ("stories" if self.active_tab == "entities" else "entities")

    def action_sort(self) -> None:
        """Sort the entities by the next column."""
        if self.active_tab != "entities":
            self.action_switch_tab("entities")
        self.entities.sort_next()

    def action_types(self) -> None:
        """Show the next group of entity types (names, people, ..., all)."""
        if self.active_tab != "entities":
            self.action_switch_tab("entities")
        self.entities.next_types()
        self._show_status()

    # Whether the filter was typed since the cursor last moved: then `down` goes on to the
    # first match, as in the library, instead of past it (two new-user tests typed "cruz",
    # pressed down and merged "Rafael Cruz", not "Ted Cruz").
    _typed = False

    def action_move(self, step: int) -> None:
        """Move the cursor of the active tab (the filter box keeps the focus)."""
        typed, self._typed = self._typed, False
        if typed and step == 1 and self.filter_text.strip():
            return
        if self.active_tab == "entities":
            self.entities.action_cursor(step)
            return
        stories = self.stories
        if stories.option_count:
            current = stories.highlighted or 0
            stories.highlighted = min(max(current + step, 0), stories.option_count - 1)

    # -- corrections -----------------------------------------------------------------
    def _entity(self) -> dict[str, Any] | None:
        if self.active_tab != "entities":
            self.action_switch_tab("entities")
        row = self.entities.highlighted
        if row is None:
            self.notify("no entity highlighted")
        return row

    def _rename(self, row: dict[str, Any], new: str | None, new_label: str | None = None) -> None:
        if new is None:
            return
        try:
            rename_entity(
                self.store,
                row["canonical"],
                new,
                row["label"],
                new_label=new_label,
                author=self.author,
            )
        except GlossError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        to = f"{new} ({new_label})" if new_label and new_label != row["label"] else new
        self.notify(f"{row['canonical']} → {to} (kept across re-analysis)", markup=False)
        self._load()

    @property
    def author(self) -> str:
        """Who corrections are recorded as (the app's --author, else nobody)."""
        return getattr(self.app, "author", None) or ""

    def action_rename_entity(self) -> None:
        """Give the highlighted entity another canonical name."""
        row = self._entity()
        if row is not None:
            self.app.push_screen(
                PromptDialog(f"Rename the {row['label']} entity to:", row["canonical"]),
                lambda new: self._rename(row, new),
            )

    def action_merge_entity(self) -> None:
        """Merge the highlighted entity into another of its type, picked from a list."""
        row = self._entity()
        if row is None:
            return
        store, label, name = self.store, row["label"], row["canonical"]

        def choices(text: str) -> list[tuple[str, Text]]:
            found = entity_candidates(store, label, name, text)
            return [
                (
                    json.dumps([other["label"], other["canonical"]]),
                    Text.assemble(
                        (clean(other["canonical"]), "bold"),
                        ("" if other["label"] == label else f"  {other['label']}", "bold"),
                        (
                            f"  {counted(other['mentions'], 'mention')}, "
                            f"{counted(other['documents'], 'document')}",
                            "dim",
                        ),
                    ),
                )
                for other in found
            ]

        def picked(value: str | None) -> None:
            if value is not None:
                new_label, new = json.loads(value)
                self._rename(row, new, new_label)

        # Another type too: the analysis typed "Trump" an organisation in some articles.
        self.app.push_screen(
            PickDialog(f"Merge {clean(name)} ({label}) into:", choices, guess=False), picked
        )

    # What each name type is, for the type picker (OntoNotes' labels, as spaCy gives them).
    LABEL_NAMES: ClassVar[dict[str, str]] = {
        "PERSON": "a person",
        "ORG": "an organisation, company, party",
        "GPE": "a country, city, state",
        "LOC": "a place that is no country or city",
        "FAC": "a building, airport, road",
        "NORP": "a nationality, religious or political group",
        "EVENT": "an event",
        "PRODUCT": "a product",
        "WORK_OF_ART": "a book, song, film...",
        "LAW": "a law",
        "LANGUAGE": "a language",
    }

    def action_retype_entity(self) -> None:
        """Give the highlighted entity another type, picked from a list ("Firefox" typed a
        person, "Childe Harold's Pilgrimage" a person, not a work: a new-user test)."""
        row = self._entity()
        if row is None:
            return
        if row["label"] not in NAME_LABELS:
            self.notify(f"a {row['label']} is a number or a date, not a name", markup=False)
            return

        def choices(text: str) -> list[tuple[str, Text]]:
            return [
                (
                    label,
                    Text.assemble((label, "bold"), (f"  {self.LABEL_NAMES.get(label, '')}", "dim")),
                )
                for label in sorted(NAME_LABELS - {row["label"]})
                if text.strip().lower() in f"{label} {self.LABEL_NAMES.get(label, '')}".lower()
            ]

        def picked(label: str | None) -> None:
            if label is not None:
                self._rename(row, row["canonical"], label)

        title = f"{clean(row['canonical'])} ({row['label']}) is:"
        self.app.push_screen(PickDialog(title, choices), picked)

    def action_speaker(self) -> None:
        """Every claim by the highlighted person or organisation."""
        row = self._entity()
        if row is None:
            return
        if row["label"] not in SPEAKER_LABELS:
            self.notify(f"a {row['label']} entity makes no claims", markup=False)
            return
        self.post_message(OpenSpeaker(row["canonical"]))

    def action_close(self) -> None:
        """Back to where the screen was opened from."""
        self.dismiss(None)
