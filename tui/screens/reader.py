"""The reader screen: one document with its metadata, legend, layers, side panel and find bar."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from gloss.store import GlossError, NotFoundError, Store, StoreError
from gloss.store.analysis.corrections import not_a_claim, set_speaker, split_mention
from gloss.store.analysis.score import claim_why
from gloss.store.analysis.score import model as score_model
from gloss.store.document_layers import ReadingData, load_reading, mark_read
from gloss.store.sources import Variant, claim_variants
from gloss.store.wording import counted
from gloss.tui.fit import cut_at_word
from gloss.tui.messages import OpenDocument, OpenSpeaker, StepDocument, StoreProblem
from gloss.tui.safe import clean
from gloss.tui.screens.prompt_dialog import PromptDialog
from gloss.tui.screens.reader_annotate import ANNOTATE_BINDINGS, AnnotateMixin
from gloss.tui.screens.sources_dialog import SourcesDialog
from gloss.tui.widgets.annotation_panel import AnnotationPanel
from gloss.tui.widgets.document_view import DocumentView, Selection
from gloss.tui.widgets.job_bar import JobBar
from gloss.tui.widgets.layers import placed
from gloss.tui.widgets.metadata_header import MetadataHeader
from gloss.tui.widgets.side_panel import SidePanel
from gloss.tui.widgets.text_layout import Line, Structure, analyse, wrap
from gloss.tui.widgets.typing_input import TypingInput

PANEL_MIN_WIDTH = 110
MAX_WHERE_LINES = 3  # the status line of a claim wraps to at most this many lines
LOADING_DELAY = 0.1  # seconds before a loading document shows the loading indicator
PREVIEW_ABOVE = 100_000  # characters: bigger documents show their beginning first
PREVIEW_CHARS = 20_000  # how much of the beginning (cut at a line end)
PANEL_DELAY = 0.05  # seconds between the text's first paint and filling the side panel


def _beginning(data: ReadingData) -> ReadingData:
    """The first PREVIEW_CHARS (to a line end) of a document, its layers clipped to it."""
    cut = data.text.find("\n", PREVIEW_CHARS)
    cut = len(data.text) if cut == -1 else cut
    document = {**data.document, "text": data.text[:cut]}
    return ReadingData(document, data.entities, data.claims, data.annotations)


# What to do first when a correction key finds no claim or entity selected.
_SELECT_FIRST = {
    "claim": "select a claim first (] and [ move between claims)",
    "entity": "select an entity first (} and { move between entities)",
}


class ReaderScreen(AnnotateMixin, Screen[None]):
    """Read one document; move by claim, entity, sentence or find hit; toggle layers;
    select, tag and note (see :mod:`tui.screens.reader_annotate`)."""

    CSS_PATH = "reader.tcss"
    PALETTE_SCOPE: ClassVar[str] = "reader"  # which palette commands apply here
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="reader.close"),
        Binding("J", "step_document(1)", "Next document", id="reader.next_document", show=False),
        Binding(
            "y",
            "copy",
            "Copy",
            tooltip="Copy the claim, entity, sentence or selected words",
            id="reader.copy",
            show=False,
        ),
        Binding(
            "K", "step_document(-1)", "Previous document", id="reader.prev_document", show=False
        ),
        Binding("]", "move('claim', 1)", "Next claim", id="reader.next_claim"),
        # The status line lists [ } { ) ( too: the footer keeps room for the other keys.
        Binding("[", "move('claim', -1)", "Prev claim", id="reader.prev_claim", show=False),
        Binding("}", "move('entity', 1)", "Next entity", id="reader.next_entity", show=False),
        Binding("{", "move('entity', -1)", "Prev entity", id="reader.prev_entity", show=False),
        Binding(")", "move('sentence', 1)", "Next sentence", id="reader.next_sentence", show=False),
        Binding(
            "(", "move('sentence', -1)", "Prev sentence", id="reader.prev_sentence", show=False
        ),
        # "/ find" is on the status line: the footer fits ? Help at 80 columns.
        Binding("/", "find", "Find", id="reader.find", show=False),
        Binding("n", "move('hit', 1)", "Next hit", id="reader.next_hit", show=False),
        Binding("N", "move('hit', -1)", "Prev hit", id="reader.prev_hit", show=False),
        # Layer toggles and the panel are in help and the palette (view: ...): the footer keeps
        # room for the actions and for ? Help.
        Binding(
            "e", "toggle_layer('entities')", "Entities", id="reader.toggle_entities", show=False
        ),
        Binding("c", "toggle_layer('claims')", "Claims", id="reader.toggle_claims", show=False),
        Binding(
            "a", "toggle_layer('annotations')", "Notes", id="reader.toggle_annotations", show=False
        ),
        Binding(
            "b",
            "toggle_layer('boilerplate')",
            "Boilerplate",
            id="reader.toggle_boilerplate",
            show=False,
        ),
        Binding("h", "toggle_layer('hits')", "Find hits", id="reader.toggle_hits", show=False),
        Binding("p", "toggle_panel", "Panel", id="reader.toggle_panel", show=False),
        Binding("o", "sources", "Other sources", id="reader.sources", show=False),
        Binding("S", "fix_speaker", "Fix speaker", id="reader.fix_speaker", show=False),
        Binding(
            "E",
            "split_mention",
            "This entity mention names another",
            id="reader.split_mention",
            show=False,
        ),
        Binding("D", "not_a_claim", "Not a claim: remove it", id="reader.not_a_claim", show=False),
        Binding("w", "speaker", "Speaker's claims", id="reader.speaker", show=False),
        Binding("tab", "switch_focus", "Text/panel", id="reader.switch_focus", show=False),
        *ANNOTATE_BINDINGS,
    ]

    def __init__(
        self,
        store: Store,
        document_id: int,
        *,
        at: int | None = None,
        find: str = "",
        select: str = "",
    ) -> None:
        """Read `document_id`; `at` (a text offset) selects what is there once loaded, and
        `find` marks a word's occurrences (the library passes its search words)."""
        super().__init__()  # no fixed id: one reader can open another
        self.store = store
        self.document_id = document_id
        self.at = at
        self.select_first = select  # the kind of item to select at `at` first ("claim")
        self.find_first = find
        self.data: ReadingData | None = None
        self.preview = False  # True while only the beginning of a big document is shown
        self._reloading = False  # True while new analysis results replace the shown ones
        self._found_here = False  # the find marks shown were typed in this reader
        self.tags: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        """Header, legend, text + panel, find bar, status line, footer."""
        yield MetadataHeader(id="meta")
        yield Static(id="legend")
        with Horizontal(id="body"):
            yield DocumentView(id="text")
            yield SidePanel(id="panel")
            yield AnnotationPanel(id="annotations")
        yield TypingInput(placeholder="find in document (enter: keep, escape: close)", id="find")
        yield Static(id="pins")
        yield JobBar(id="job")
        yield Static(id="where")
        yield Footer(compact=True)

    @property
    def view(self) -> DocumentView:
        """The document view."""
        return self.query_one(DocumentView)

    def on_mount(self) -> None:
        """Start loading the document in a worker, with a loading indicator."""
        self.query_one("#find").display = False
        self.query_one(AnnotationPanel).display = False
        self.query_one("#pins").display = False
        # The panel starts hidden on narrow terminals, where the text needs the width.
        self.query_one(SidePanel).display = self.app.size.width >= PANEL_MIN_WIDTH
        # The loading indicator appears only if loading is slow (it costs a layout and frames).
        self._loading_timer = self.set_timer(LOADING_DELAY, self._show_loading)
        self.view.focus()
        self._load()

    @work(thread=True, exclusive=True, group="reader-load")
    def _load(self) -> None:
        try:
            data = load_reading(self.store, self.document_id)
            data.annotations = self.load_annotations()  # with times, for the panel
            # By now the screen has had its first layout, so the view's width is known. It is
            # read without a round trip to the UI thread: if it is stale, set_document re-wraps.
            width = self.view.wrap_width
            if len(data.text) > PREVIEW_ABOVE and not self._reloading:
                # A big document: show its beginning first, then the whole text.
                preview = _beginning(data)
                first = analyse(preview.text)
                first_lines = wrap(preview.text, first, width)
                self.app.call_from_thread(self._show_preview, preview, first, (width, first_lines))
            structure = analyse(data.text)
            lines = wrap(data.text, structure, width)
            if data.claims:
                score_model()  # the status line explains claim scores: read the weights here
        except StoreError as exc:  # the app says it once; the reader closes
            self.post_message(StoreProblem(str(exc)))
            self.app.call_from_thread(self._failed, "")
            return
        except GlossError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, data, structure, (width, lines))
            mark_read(self.store, self.document_id)

    def _show_loading(self) -> None:
        if self.data is None:
            self.view.loading = True

    def _failed(self, message: str) -> None:
        self._loading_timer.stop()
        self.view.loading = False
        if message:
            self.notify(message, severity="error", markup=False)
        if self.data is None:  # nothing to read: back to the library
            self.dismiss()

    def _show_preview(
        self, data: ReadingData, structure: Structure, lines: tuple[int, list[Line]]
    ) -> None:
        self.preview = True
        self.view.tag_colors = self.tag_colors()
        self.query_one(MetadataHeader).show(data.document)
        self.view.set_document(data, structure, lines)
        self._loading_timer.stop()
        self.view.loading = False
        self._update_legend()
        self.query_one("#where", Static).update(Text("loading the rest of the document…"))

    def _show(self, data: ReadingData, structure: Structure, lines: tuple[int, list[Line]]) -> None:
        self.data = data
        self.query_one(MetadataHeader).show(data.document)
        self.view.tag_colors = self.tag_colors()
        self.view.set_document(
            data, structure, lines, keep_position=self.preview or self._reloading
        )
        self.show_pins()
        self.preview = self._reloading = False
        if self.find_first and not self.view.find_text:
            self.query_one("#find", Input).value = self.find_first  # marks the hits
        if self.at is not None and self.view.selection is None:
            self.view.select_at(self.at, self.select_first)
        self._loading_timer.stop()
        self.view.loading = False
        # Fill the panel after the text is on screen (the text is what the user waits for),
        # and only once it is visible.
        panel = self.query_one(SidePanel)
        if panel.display:
            self.set_timer(PANEL_DELAY, lambda: panel.show(data))
        self._update_legend()
        self._describe(self._still_selected())

    def _still_selected(self) -> Selection | None:
        """The selection, if it still names an item of the (re)loaded document."""
        selection, data = self.view.selection, self.data
        if selection is None or data is None:
            return None
        items = {"claim": data.claims, "entity": data.entities}.get(selection.kind)
        if items is not None and selection.index >= len(items):
            return None
        if selection.kind not in ("claim", "entity", "range"):
            return None  # sentences, hits and notes are described when moved to
        return selection

    @property
    def loaded(self) -> bool:
        """True once the document is on screen."""
        return self.data is not None

    @property
    def unanalysed(self) -> bool:
        """True while the document is shown without analysis (it waits for it)."""
        return self.data is not None and not self.data.document.get("engine")

    @property
    def waiting_for_analysis(self) -> bool:
        """True while the document is shown unanalysed and a job is analysing it."""
        return self.unanalysed and bool(getattr(self.app, "analysis_running", False))

    def reload(self) -> None:
        """Load the document again, keeping the position (its analysis has just landed)."""
        if self.data is None:
            return  # the first load is still running and will read the new rows
        self._reloading = True
        self._load()

    # -- status ----------------------------------------------------------------------
    def _update_legend(self) -> None:
        self.query_one("#legend", Static).update(self.view.legend())

    def on_document_view_selection_changed(self, message: DocumentView.SelectionChanged) -> None:
        """Describe the selected item on the status line; remember it as where reading
        stopped, for the next time this document is opened."""
        self._describe(message.selection)
        places, selection = getattr(self.app, "reading_places", None), message.selection
        if places is not None and selection is not None and self.data is not None:
            at = selection.start
            if selection.kind == "claim" and selection.index < len(self.data.claims):
                at = self.data.claims[selection.index]["content_start"]  # select_at's key
            places[self.document_id] = (at, selection.kind)

    def on_resize(self) -> None:
        """Wrap the status line to the new width (once the layout has it)."""
        self.call_after_refresh(self.refresh_where)

    def refresh_where(self) -> None:
        """Describe the selection again (a job that analyses this document started)."""
        if self.data is not None:
            self._describe(self.view.selection)

    def _describe(self, selection: Selection | None) -> None:
        where = self.query_one("#where", Static)
        text = self.describe(selection)
        # A claim that does not fit takes more lines (up to MAX_WHERE_LINES) rather than losing
        # its cue and the reasons for its score; past those, its last line ends on a word.
        width = where.content_region.width
        lines = 1
        if not text.no_wrap and width > 0:
            wrapped = list(text.wrap(self.app.console, width))
            lines = min(len(wrapped), MAX_WHERE_LINES)
            if len(wrapped) > MAX_WHERE_LINES:
                for line in wrapped:
                    line.rstrip()
                rest = Text(" ").join(wrapped[lines - 1 :])
                text = Text("\n").join([*wrapped[: lines - 1], cut_at_word(rest, width)])
        where.styles.height = lines
        where.update(text)

    def describe(self, selection: Selection | None) -> Text:
        """One line about the selected item (plain text styled by span)."""
        data = self.data
        text = Text(no_wrap=True, overflow="ellipsis")
        if data is None:
            return text
        if selection is None:
            if self.waiting_for_analysis:
                text.append("analysing… entities and claims appear when it is done · ", "bold")
            elif self.unanalysed:
                text.append("waiting for analysis", "bold")
                text.append(" (ctrl+p: analyse waiting documents) · ", "dim")
            text.append(
                f"{counted(len(data.claims), 'claim')}, "
                f"{counted(len(data.entities), 'entity')} · "
                "] [ claims  } { entities  ) ( sentences  / find  v select  t tag  m note"
                "  ? help",
                "dim",
            )
            return text
        kind, index = selection.kind, selection.index
        if kind == "claim":
            claim = data.claims[index]
            text.no_wrap = False  # a second line rather than losing the cue and score
            text.append(f"claim {index + 1}/{len(data.claims)} ", "bold")
            # First, so narrow terminals keep it: the claim is carried by other outlets too.
            others = data.other_sources.get(int(claim["id"]), 0)
            if others:
                noun = data.others_noun(int(claim["id"]))
                text.append(f"also in {counted(others, 'other ' + noun)}", "bold")
                text.append(" (o compares) · ", "dim")
            text.append(f"{claim['kind']} · ")
            text.append(clean(claim.get("speaker") or "no speaker"), "bold")
            if claim.get("cue"):
                text.append(" · cue ")
                text.append(clean(claim["cue"]), "italic")
            # Why it scored so: "check-worthy 0.97: quantity, 'unemployment', a number".
            text.append(" · " + claim_why(data.text, claim), "dim")
        elif kind == "entity":
            entity = data.entities[index]
            text.append(f"entity {index + 1}/{len(data.entities)} ", "bold")
            text.append(f"{entity['label']} ")
            text.append(clean(entity["text"]), "bold")
            if entity["canonical"] != entity["text"]:
                text.append(" → ")
                text.append(clean(entity["canonical"]))
        elif kind == "hit":
            text.append(f"match {index + 1}/{len(self.view.hits)} for ", "bold")
            text.append(clean(self.view.find_text))
        elif kind == "annotation":
            note = placed(data.annotations)[index]
            text.append("annotation ", "bold")
            for tag in note["tags"]:
                text.append(clean(tag), "bold italic")
                text.append(" ")
            text.append(" ".join(clean(note["note"] or note["quote"]).split()))
        elif kind == "range":
            quote = " ".join(clean(data.text[selection.start : selection.end]).split())
            text.append("selected ", "bold")
            text.append(quote[:60] + ("…" if len(quote) > 60 else ""), "italic")
            text.append("  t tag  m note  1-9 pinned tags  shift+arrows extend  esc clears", "dim")
        else:
            text.append(f"sentence {index + 1}/{self.view.count('sentence')}", "dim")
        return text

    # -- actions ---------------------------------------------------------------------
    def action_copy(self) -> None:
        """Copy what the cursor is on to the clipboard (the terminal's, through OSC 52)."""
        selection = self.view.selection
        if self.data is None or selection is None:
            self.notify("Nothing to copy: move to a claim, entity or sentence, or select words")
            return
        text = self.data.text[selection.start : selection.end]
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {counted(len(text), 'character')}", timeout=2)

    def action_step_document(self, step: int) -> None:
        """The next or previous document of the library's list (its filter and order)."""
        self.post_message(StepDocument(self.document_id, step))

    def action_close(self) -> None:
        """Back to the library (or close the find bar, the annotations list, or clear the
        selected words, first)."""
        find = self.query_one("#find", Input)
        if find.display:
            find.display = False
            self.view.focus()
            return
        annotations = self.query_one(AnnotationPanel)
        if annotations.display:
            annotations.display = False
            self.view.focus()
            return
        if self.view.clear_range():
            return
        if self._found_here and self.view.find_text:
            # The marks of a find typed here go first (a search the document was opened
            # from is the library's: escape goes back to it).
            self._found_here = False
            self.query_one("#find", Input).value = ""
            self.view.find("")
            self._describe(self._still_selected())
            return
        self.dismiss()

    def action_move(self, kind: str, step: int) -> None:
        """Select the next/previous claim, entity, sentence or find hit."""
        if self.data is None:
            return
        if not self.view.move(kind, step):
            if kind == "hit" and self.view.hits:
                # Find wraps, as in an editor: the only match above the cursor was out of
                # reach of enter and n (a new-user test).
                self.view.select_item("hit", 0 if step > 0 else len(self.view.hits) - 1)
                where = "top" if step > 0 else "bottom"
                self.notify(f"Search wrapped to the {where}", timeout=2)
                return
            plural = {
                "claim": "claims",
                "entity": "entities",
                "sentence": "sentences",
                "hit": "find matches",
            }[kind]
            where = "after" if step > 0 else "before"
            self.notify(f"No more {plural} {where} the cursor", timeout=2)

    def _claim_index(self) -> int | None:
        """The selected claim, or the claim holding what is selected (a find's match, a name,
        a sentence): after a find, `o` said "select a claim first" with the match inside a
        claim (a new-user test)."""
        selection, data = self.view.selection, self.data
        if data is None or selection is None:
            return None
        if selection.kind == "claim":
            return selection.index
        holding = self.view.holding("claim", selection.start)
        if not holding:
            return None
        return min(
            holding, key=lambda i: data.claims[i]["content_end"] - data.claims[i]["content_start"]
        )

    def action_sources(self) -> None:
        """Show the selected claim as every outlet reports it, wording differences marked."""
        index = self._claim_index()
        if self.data is None or index is None:
            self.notify(_SELECT_FIRST["claim"])
            return
        claim = self.data.claims[index]
        # A claim no other source reports opens too: m links it to one that does.
        variants = claim_variants(self.store, int(claim["id"]), alone=True)
        if not variants:
            self._claim_gone()
            return
        # A correction reloads the reader behind the dialog at once: its status line had
        # said "also in 2 other sources" after a split until the dialog closed.
        dialog = SourcesDialog(variants, self.store, self.author, on_change=self.reload)

        def closed(variant: Variant | None) -> None:
            if variant is not None and not variant.is_base:
                self.post_message(
                    OpenDocument(variant.document_id, at=variant.content_start, select="claim")
                )

        self.app.push_screen(dialog, closed)

    def action_speaker(self) -> None:
        """Every claim by the selected claim's speaker, across the corpus."""
        index = self._claim_index()
        if self.data is None or index is None:
            self.notify(_SELECT_FIRST["claim"])
            return
        speaker = self.data.claims[index].get("speaker")
        if not speaker:
            self.notify("this claim has no speaker (S sets one)")
            return
        self.post_message(OpenSpeaker(speaker, int(self.data.claims[index]["id"])))

    def action_not_a_claim(self) -> None:
        """Remove the selected claim: nothing is claimed there (kept across re-analysis; a
        new-user test found no way to say so)."""
        claim = self._stored_selection("claim")
        if claim is None:
            return
        number = self._correct(
            lambda: not_a_claim(self.store, int(claim["id"]), author=self.author)
        )
        if number is None:
            return
        self.notify(
            f"claim removed: not a claim (correction {number}: ctrl+p "
            '"list and undo corrections" brings it back)',
            markup=False,
        )
        self.reload()

    def action_fix_speaker(self) -> None:
        """Correct the selected claim's speaker (kept across re-analysis)."""
        claim = self._stored_selection("claim")
        if claim is None:
            return

        # The other claims of the sentence the analysis gave the same speaker: one wrong "He"
        # makes several claims of a sentence wrong, and a new-user test fixed one of three.
        siblings = [
            other
            for other in (self.data.claims if self.data else [])
            if other["id"] != claim["id"]
            and (other["start"], other["end"]) == (claim["start"], claim["end"])
            and other.get("speaker") == claim.get("speaker")
        ]

        def save(speaker: str | None) -> None:
            if speaker is None:
                return

            def correct() -> int:
                first = set_speaker(
                    self.store, int(claim["id"]), speaker or None, author=self.author
                )
                for other in siblings:
                    set_speaker(self.store, int(other["id"]), speaker or None, author=self.author)
                return first

            number = self._correct(correct)
            if number is None:
                return
            stored = self.store.scalar("SELECT new FROM corrections WHERE id = ?", (number,))
            typed = " ".join(speaker.split())
            merged = f" (the name {typed} was merged into)" if stored != typed else ""
            also = f", and for {counted(len(siblings), 'more claim')} of the sentence" * bool(
                siblings
            )
            self.notify(
                f"speaker set to {stored}{merged}{also}" if speaker else f"speaker removed{also}",
                markup=False,
            )
            self.reload()

        self.app.push_screen(
            PromptDialog(
                "The claim's speaker:",
                claim.get("speaker") or "",
                "enter saves (kept when the document is analysed again; empty: nobody) · "
                "right arrow takes a name the document gives · escape cancels",
                allow_empty=True,
                suggestions=self._speaker_names(),
            ),
            save,
        )

    def action_split_mention(self) -> None:
        """Take the selected entity mention out of its entity ("Brown" of Brown and
        Williamson, not Gordon Brown): it names what the reader types, kept across
        re-analysis. The command line needed the mention's id (a new-user test)."""
        mention = self._stored_selection("entity")
        if mention is None:
            return

        def save(name: str | None) -> None:
            if name is None:
                return
            try:
                split_mention(self.store, int(mention["id"]), name, author=self.author)
            except GlossError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(
                f"this {mention['text']} now names {' '.join(name.split())}, not "
                f"{mention['canonical']} (kept across re-analysis)",
                markup=False,
            )
            self.reload()

        self.app.push_screen(
            PromptDialog(
                f"This mention of {mention['canonical']} ({mention['label']}) names:",
                mention["text"],
                "enter: it becomes that entity here only (kept when the document is analysed "
                "again) · right arrow takes a name the document gives · escape cancels",
                suggestions=self._speaker_names(),
            ),
            save,
        )

    def _stored_selection(self, kind: str) -> dict[str, Any] | None:
        """The selected claim or entity mention to correct, if one is selected and still
        stored (else say so, or reload a document analysed again meanwhile)."""
        selection = self.view.selection
        if self.data is None or selection is None or selection.kind != kind:
            self.notify(_SELECT_FIRST[kind])
            return None
        table = "claims" if kind == "claim" else "entities"
        item = getattr(self.data, table)[selection.index]
        if not self.store.scalar(f"SELECT count(*) FROM {table} WHERE id = ?", (item["id"],)):
            self._claim_gone()
            return None
        return item

    def _correct(self, correction: Callable[[], int]) -> int | None:
        """Record a correction of the selected claim; its number, or None when the claim is
        gone (the reader reloads) or the correction was refused (said on screen)."""
        try:
            return correction()
        except NotFoundError:
            self._claim_gone()
        except GlossError as exc:
            self.notify(str(exc), severity="error", markup=False)
        return None

    def _claim_gone(self) -> None:
        """The selected claim is no longer stored: the document was analysed again (by
        `gloss analyze` in another terminal) since it was loaded. Load it now."""
        self.notify(
            "this document was analysed again since it was opened: reloaded, select it again",
            markup=False,
        )
        self.reload()

    def _speaker_names(self) -> list[str]:
        """The people and bodies the document names, most mentioned first: what a speaker
        typed in part completes to."""
        if self.data is None:
            return []
        counts = Counter(
            entity["canonical"] or entity["text"]
            for entity in self.data.entities
            if entity["label"] in ("PERSON", "ORG", "GPE", "NORP")
        )
        return [name for name, _n in counts.most_common()]

    def action_toggle_layer(self, layer: str) -> None:
        """Turn a layer on or off."""
        state = self.view.toggle_layer(layer)
        self._update_legend()
        self.notify(f"{layer} {'shown' if state else 'hidden'}", timeout=1.5)

    def action_toggle_panel(self) -> None:
        """Show or hide the side panel."""
        panel = self.query_one(SidePanel)
        panel.display = not panel.display
        if not panel.display:
            self.view.focus()
            return
        self.query_one(AnnotationPanel).display = False
        if self.data is not None and panel.shown is not self.data:
            panel.show(self.data)

    def action_switch_focus(self) -> None:
        """Move focus between the text and the side panel."""
        panels = [
            p for p in (self.query_one(SidePanel), self.query_one(AnnotationPanel)) if p.display
        ]
        if self.view.has_focus and panels:
            panels[0].focus()
        else:
            self.view.focus()

    def action_find(self) -> None:
        """Open the find bar."""
        find = self.query_one("#find", Input)
        find.display = True
        self.set_focus(find)  # at once, so keys typed right after "/" land in the box

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        found = self.view.find(event.value)
        if event.value:
            self.query_one("#where", Static).update(
                Text(f"{found} match{'es' if found != 1 else ''}", style="bold")
            )

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.input.display = False
        self._found_here = bool(event.value)
        self.view.focus()
        if self.view.hits:
            self.action_move("hit", 1)

    def on_side_panel_open_document(self, message: SidePanel.OpenDocument) -> None:
        """Open another document of the same story (escape comes back here)."""
        self.post_message(OpenDocument(message.document_id))

    def on_side_panel_jump(self, message: SidePanel.Jump) -> None:
        """Jump to the entity mention or claim chosen in the side panel."""
        self.view.select_item(message.kind, message.index)
