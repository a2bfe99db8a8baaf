"""The help screen: packaged markdown plus a key cheat sheet generated from the bindings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from importlib import resources
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


def help_intro() -> str:
    """The packaged help text (tui/help/help.md)."""
    return resources.files("tui").joinpath("help/help.md").read_text(encoding="utf-8")


# Inline markdown -> text styles (by span, never markup; theme-neutral like the key sheet).
_INLINE_STYLES = {"strong": "bold", "em": "italic", "link": "underline"}


def markdown_text(source: str) -> Text:
    """The help's markdown (headings, paragraphs, bullet lists, bold, italic, code) as one
    styled Text: one widget to lay out instead of Textual's widget per block, so `?` paints
    at once (tests/bench measures it)."""
    from markdown_it import MarkdownIt

    text = Text()
    heading = in_item = False
    for token in MarkdownIt("commonmark").parse(source):
        kind = token.type
        if kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
            text.append("\n")
        elif kind == "list_item_open":
            in_item = True
        elif kind == "list_item_close":
            in_item = False
        elif kind == "bullet_list_close" or (kind == "paragraph_close" and not in_item):
            text.append("\n")
        elif kind == "inline":
            line = Text("• " if in_item else "")
            _inline(line, token.children or [])
            if heading:
                line.stylize("bold underline")
            text.append_text(line)
            text.append("\n")
    text.rstrip()
    return text


def _inline(line: Text, children: list) -> None:  # type: ignore[type-arg]
    """Append inline tokens (text, code, bold, italic, links, breaks) to `line`."""
    open_styles: list[str] = []
    for child in children:
        kind = child.type
        if kind.endswith("_open") and kind[:-5] in _INLINE_STYLES:
            open_styles.append(_INLINE_STYLES[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in _INLINE_STYLES:
            if open_styles:
                open_styles.pop()
        elif kind == "code_inline":
            line.append(child.content, " ".join([*open_styles, "bold"]))
        elif kind in ("softbreak", "hardbreak"):
            line.append(" ")
        elif kind == "text":
            line.append(child.content, " ".join(open_styles) or None)


def key_sheet(screens: list[tuple[str, list[Binding]]], display: Callable[[Binding], str]) -> Text:
    """A cheat sheet of the bindings: per screen, each key and what it does (the keys of one
    action on one line; `1`-`9` that differ only by their number as one line), as plain text
    with styles by span."""
    text = Text()
    for title, bindings in screens:
        rows: dict[str, list[str]] = {}  # what it does -> its keys, in binding order
        for binding in bindings:
            what = binding.tooltip or binding.description  # the longer wording, if any
            for key in binding.key.split(","):
                if key.isdigit() and what.endswith(key):
                    what = what[: -len(key)] + "that key"
                keys = rows.setdefault(what, [])
                shown = display(replace(binding, key=key))
                if shown not in keys:
                    keys.append(shown)
        lines = [(_keys_text(keys), what) for what, keys in rows.items()]
        width = max((cell_len(keys) for keys, _ in lines), default=0)
        text.append(f"\n{title}\n" if text else f"{title}\n", "bold underline")
        for keys, what in lines:
            text.append(" " + keys + " " * (width - cell_len(keys) + 2), "bold")
            text.append(what + "\n")
    return text


def _keys_text(keys: list[str]) -> str:
    """Keys as a reader types them: `1-9` for a run of digits, else separated by spaces."""
    if len(keys) > 2 and all(k.isdigit() for k in keys):
        return f"{keys[0]}-{keys[-1]}"
    return " ".join(keys)


def own_bindings(cls: type) -> list[Binding]:
    """The bindings declared by `cls` itself (as Binding objects)."""
    return list(Binding.make_bindings(cls.__dict__.get("BINDINGS", [])))


# The key section a help opened from a screen starts at (by the screen's PALETTE_SCOPE).
SECTION_OF_SCOPE = {
    "reader": "Reader",
    "corpus": "Corpus",
    "speaker": "Speaker",
    "review": "Review session",
    "corrections": "Corrections",
}


class HelpScreen(ModalScreen[None]):
    """Every key gloss knows, generated from the bindings of each screen and widget."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "app.pop_screen", "Close help", id="help.close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 100; height: 90%;
        border: round $primary; background: $surface; }
    HelpScreen #help-keys { padding: 0 1 1 1; }
    """

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__(id="help")
        self.sections = sections

    def compose(self) -> ComposeResult:
        """The help text in a scrollable box."""
        with VerticalScroll():
            yield Static(markdown_text(help_intro()), id="help-text")
            yield Static(key_sheet(self.sections, self.app.get_key_display), id="help-keys")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Focus the scroller so arrow keys scroll the help."""
        self.query_one(VerticalScroll).focus()

    def on_screen_resume(self) -> None:
        """Each opening starts at the keys of the screen it was opened from (the top, from
        the library): the screen is kept between openings, and new-user tests opened it in
        the library on the reader's keys, where it was left, and in the reader on the
        library filter."""
        scroller = self.query_one(VerticalScroll)
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        title = SECTION_OF_SCOPE.get(getattr(below, "PALETTE_SCOPE", ""))
        keys = self.query_one("#help-keys", Static)
        lines = keys.render().plain.splitlines() if title else []  # type: ignore[union-attr]
        if title in lines:
            at = lines.index(title)
            # After the layout: the first opening has not placed the key sheet yet.
            self.call_after_refresh(
                lambda: scroller.scroll_to(y=keys.virtual_region.y + at, animate=False)
            )
        else:
            scroller.scroll_home(animate=False)
