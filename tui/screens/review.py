"""The review session screen: one item at a time, in context, with one-key verdicts.

Verdict keys come from the session's labels (default `a` accept, `x` reject, `f` flag; or a
fact-check scale on `1`-`4`). `space` skips, `u`/`backspace` undoes the last verdict (several
steps), `t` tags and `n` notes the item without leaving the flow. Every verdict is committed
when given, so quitting and reopening the session resumes at the first item without one.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

from gloss.store import GlossError, Store, StoreError
from gloss.store.annotations import create_annotation, list_tags, update_annotation
from gloss.store.review import (
    Item,
    Session,
    give_verdict,
    resume_index,
    session_items,
    undo_verdict,
    verdicts_by_item,
)
from gloss.store.review_context import ItemContext, item_context
from gloss.tui import review_render
from gloss.tui.messages import StoreProblem
from gloss.tui.safe import clean
from gloss.tui.screens.note_dialog import NoteDialog
from gloss.tui.screens.tag_dialog import TagDialog


class ReviewScreen(Screen[None]):
    """Walk a session's queue and record a verdict for each item."""

    PALETTE_SCOPE: ClassVar[str] = "review"  # which palette commands apply here
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "skip", "Skip", id="review.skip"),
        Binding("u,backspace", "undo", "Undo", id="review.undo"),
        Binding("t", "tag", "Tag", id="review.tag"),
        Binding("n", "note", "Note", id="review.note"),
        Binding("S", "fix_speaker", "Fix speaker", id="review.fix_speaker"),
        Binding("escape,q", "close", "End session", id="review.close"),
        # The item's paragraph and its other reports scroll together (a cluster reported by
        # eleven documents showed four: a new-user test).
        Binding(
            "pagedown", "scroll_context('page_down')", "Scroll", show=False, id="review.page_down"
        ),
        Binding("pageup", "scroll_context('page_up')", "Scroll", show=False, id="review.page_up"),
        Binding("down", "scroll_context('down')", "Scroll", show=False, id="review.scroll_down"),
        Binding("up", "scroll_context('up')", "Scroll", show=False, id="review.scroll_up"),
    ]

    DEFAULT_CSS = """
    ReviewScreen #review-progress-row { height: 1; }
    ReviewScreen ProgressBar { width: auto; }
    ReviewScreen ProgressBar Bar { width: 24; }
    ReviewScreen #review-stats { width: 1fr; padding-left: 2; color: $text-muted; }
    ReviewScreen #review-meta { height: auto; padding: 1 1 0 1; text-style: bold; }
    ReviewScreen #review-context-box { height: 1fr; border: round $primary; padding: 0 1; }
    ReviewScreen #review-sources { height: auto; padding: 1 0 0 0; }
    ReviewScreen #review-keys { height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self, store: Store, session: Session, author: str) -> None:
        super().__init__(id="review")
        self.store = store
        self.session = session
        self.author = author
        self.items: list[Item] = []
        self.done: dict[tuple[str, str], str] = {}
        self.index = 0
        self.started = time.monotonic()
        self.given_here = 0
        self.context: ItemContext | None = None

    def compose(self) -> ComposeResult:
        """Progress, metadata, the item in context, other sources, keys."""
        with Horizontal(id="review-progress-row"):
            yield ProgressBar(total=None, show_eta=False, id="review-progress")
            yield Static("", id="review-stats")
        yield Static("loading the queue…", id="review-meta")
        with VerticalScroll(id="review-context-box"):
            yield Static("", id="review-context")
            yield Static("", id="review-sources")
        yield Static(self._keys_line(), id="review-keys")
        yield Footer(compact=True)

    def _keys_line(self) -> Text:
        line = Text()
        for key, label in self.session.labels.items():
            line.append(f" {key} ", style="reverse")
            line.append(f" {clean(label)}  ")
        return line

    def on_mount(self) -> None:
        """Build the queue in a worker."""
        self.sub_title = self.session.name
        self.load_queue()

    @work(thread=True, exclusive=True, group="review-load")
    def load_queue(self) -> None:
        """Build the queue and find where this reviewer stopped."""
        items = session_items(self.store, self.session)
        done = verdicts_by_item(self.store, self.session, self.author)
        self.app.call_from_thread(self._loaded, items, done)

    def _loaded(self, items: list[Item], done: dict[tuple[str, str], str]) -> None:
        self.items, self.done = items, done
        self.index = resume_index(items, done)
        self.show_current()

    # -- drawing --------------------------------------------------------------------------
    @property
    def current(self) -> Item | None:
        """The item on screen, or None past the end of the queue."""
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def show_current(self) -> None:
        """Draw the current item, its context and the progress."""
        self._update_progress()
        item = self.current
        meta = self.query_one("#review-meta", Static)
        body = self.query_one("#review-context", Static)
        sources = self.query_one("#review-sources", Static)
        self.query_one("#review-keys").display = item is not None  # no verdict to give past the end
        if item is None:
            self.context = None
            left = len(self.items) - len(self._done_in_queue())
            message = "Session complete." if left == 0 else f"End of queue; {left} skipped."
            meta.update(Text(f"{message} u undoes the last verdict, escape ends the session."))
            body.update("")
            sources.update("")
            return
        self.context = item_context(self.store, item)
        meta.update(review_render.heading(self.context))
        body.update(review_render.paragraph(self.context))
        sources.update(review_render.sources(self.context))
        self.query_one("#review-context-box").scroll_home(animate=False)

    def action_scroll_context(self, how: str) -> None:
        """Scroll the item's paragraph and its other reports (pageup/pagedown, up/down)."""
        box = self.query_one("#review-context-box", VerticalScroll)
        {
            "page_down": box.scroll_page_down,
            "page_up": box.scroll_page_up,
            "down": box.scroll_down,
            "up": box.scroll_up,
        }[how](animate=False)

    def _done_in_queue(self) -> set[tuple[str, str]]:
        keys = {(i.kind, i.id) for i in self.items}
        return keys & set(self.done)

    def _update_progress(self) -> None:
        total = len(self.items)
        done = len(self._done_in_queue())
        self.query_one("#review-progress", ProgressBar).update(total=max(total, 1), progress=done)
        counts: dict[str, int] = {}
        for key in self._done_in_queue():
            counts[self.done[key]] = counts.get(self.done[key], 0) + 1
        elapsed = time.monotonic() - self.started
        parts = [f"{done}/{total}"]
        if self.given_here and total > done:  # early in the line: narrow terminals keep it
            parts.append(f"left ~{_clock(elapsed / self.given_here * (total - done))}")
        # Time before the counts per verdict: at 100 columns a new-user test read "elapsed"
        # with its time cut off; what does not fit ends in "…".
        parts.append(f"elapsed {_clock(elapsed)}")
        parts += [f"{clean(label)} {n}" for label, n in sorted(counts.items())]
        line = Text(" · ".join(parts), no_wrap=True, overflow="ellipsis")
        self.query_one("#review-stats", Static).update(line)

    # -- verdicts -------------------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        """A verdict key records that verdict and moves on."""
        label = self.session.labels.get(event.character or "")
        if label is None or self.current is None:
            return
        event.stop()
        event.prevent_default()
        item = self.current
        try:
            give_verdict(self.store, self.session, item, label, self.author)
        except GlossError as exc:  # the item stays, without a verdict
            self._problem(exc)
            return
        self.done[(item.kind, item.id)] = label
        self.given_here += 1
        self._advance()

    def _advance(self) -> None:
        """Move to the next item in the queue without a verdict (or past the end)."""
        for index in range(self.index + 1, len(self.items)):
            item = self.items[index]
            if (item.kind, item.id) not in self.done:
                self.index = index
                break
        else:
            self.index = len(self.items)
        self.show_current()

    def action_skip(self) -> None:
        """Leave the item without a verdict for now."""
        if self.current is not None:
            self.index += 1
            self.show_current()

    def action_undo(self) -> None:
        """Take back this reviewer's last verdict in the session and show that item again."""
        undone = undo_verdict(self.store, self.session, self.author)
        if undone is None:
            self.notify("nothing to undo")
            return
        self.done.pop(undone, None)
        self.given_here = max(0, self.given_here - 1)
        for index, item in enumerate(self.items):
            if (item.kind, item.id) == undone:
                self.index = index
                break
        self.show_current()

    # -- tags and notes -------------------------------------------------------------------
    def action_tag(self) -> None:
        """Tag the item (an annotation on its span) without leaving the session."""
        if self.context is None:
            return
        known = [t["name"] for t in list_tags(self.store)]
        current = self.context.annotation
        title = f"Tags for {self.context.label()}"
        self.app.push_screen(
            TagDialog(title, list(current.tags) if current else [], known), self._save_tags
        )

    def _save_tags(self, tags: list[str] | None) -> None:
        if tags is None or self.context is None:
            return
        self._save(tags=tags)

    def action_note(self) -> None:
        """Write a note on the item without leaving the session."""
        if self.context is None:
            return
        current = self.context.annotation
        self.app.push_screen(
            NoteDialog(f"Note on {self.context.label()}", current.note if current else ""),
            self._save_note,
        )

    def _save_note(self, note: str | None) -> None:
        if note is None or self.context is None:
            return
        self._save(note=note)

    def _save(self, *, tags: list[str] | None = None, note: str | None = None) -> None:
        context = self.context
        assert context is not None
        try:
            if context.annotation is not None:
                update_annotation(self.store, context.annotation.id, tags=tags, note=note)
            else:
                create_annotation(
                    self.store,
                    context.item.document_id,
                    context.item.start,
                    context.item.end,
                    tags=tags or [],
                    note=note or "",
                    author=self.author,
                )
        except GlossError as exc:  # show the dialog again with what was typed
            self._problem(exc)
            title = context.label()
            if note is not None:
                saved = context.annotation.note if context.annotation else ""
                dialog: Any = NoteDialog(f"Note on {title}", note, str(exc), saved)
                self.app.push_screen(dialog, self._save_note)
            elif tags is not None:
                dialog = TagDialog(f"Tags for {title}", tags, [], str(exc))
                self.app.push_screen(dialog, self._save_tags)
            return
        self.notify("saved")
        self.show_current()

    # -- corrections ----------------------------------------------------------------------
    def action_fix_speaker(self) -> None:
        """Correct the claim's speaker without leaving the session (kept across re-analysis,
        like S in the reader: a new-user test pressed S on a wrong speaker and nothing
        happened)."""
        from gloss.tui.screens.prompt_dialog import PromptDialog

        context = self.context
        if context is None:
            return
        if context.item.kind != "claim":
            self.notify(f"S corrects a claim's speaker; this item is {context.item.kind}")
            return
        names = [
            row["name"]
            for row in self.store.rows(
                "SELECT coalesce(canonical, text) AS name, count(*) AS n FROM entities "
                "WHERE document_id = ? AND label IN ('PERSON', 'ORG', 'GPE', 'NORP') "
                "GROUP BY name ORDER BY n DESC",
                (context.item.document_id,),
            )
        ]
        self.app.push_screen(
            PromptDialog(
                "The claim's speaker:",
                context.details.get("speaker") or "",
                "enter saves (kept when the document is analysed again; empty: nobody) · "
                "right arrow takes a name the document gives · escape cancels",
                allow_empty=True,
                suggestions=names,
            ),
            self._save_speaker,
        )

    def _save_speaker(self, speaker: str | None) -> None:
        from gloss.store.analysis.corrections import set_speaker

        if speaker is None or self.context is None:
            return
        try:
            set_speaker(self.store, int(self.context.item.id), speaker or None, author=self.author)
        except GlossError as exc:
            self._problem(exc)
            return
        now = self.store.scalar(
            "SELECT speaker FROM claims WHERE id = ?", (int(self.context.item.id),)
        )
        self.notify(f"speaker set to {now}" if now else "speaker removed", markup=False)
        self.show_current()

    def _problem(self, error: GlossError) -> None:
        """A save failed: a store problem goes to the app (shown once), others as a notice."""
        if isinstance(error, StoreError):
            self.post_message(StoreProblem(str(error)))
        else:
            self.notify(str(error), severity="error", markup=False)

    def action_close(self) -> None:
        """End the session (verdicts are already saved)."""
        self.dismiss(None)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
