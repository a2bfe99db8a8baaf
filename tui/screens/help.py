"""The help screen: packaged markdown plus a table generated from the live bindings."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown


def help_intro() -> str:
    """The packaged help text (tui/help/help.md)."""
    return resources.files("tui").joinpath("help/help.md").read_text(encoding="utf-8")


def bindings_markdown(
    screens: list[tuple[str, list[Binding]]], display: Callable[[Binding], str]
) -> str:
    """Markdown tables of bindings, one per screen: key, description, id."""
    parts: list[str] = []
    for title, bindings in screens:
        parts.append(f"\n### {title}\n\n| Key | Action | Id |\n| :- | :- | :- |")
        for binding in bindings:
            key = display(binding).replace("|", "\\|")
            what = binding.tooltip or binding.description  # the longer wording, if any
            parts.append(f"| `{key}` | {what} | `{binding.id or ''}` |")
    return "\n".join(parts) + "\n"


def own_bindings(cls: type) -> list[Binding]:
    """The bindings declared by `cls` itself (as Binding objects)."""
    return list(Binding.make_bindings(cls.__dict__.get("BINDINGS", [])))


class HelpScreen(ModalScreen[None]):
    """Every key gloss knows, generated from the bindings of each screen and widget."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "app.pop_screen", "Close help", id="help.close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 100; height: 90%;
        border: round $primary; background: $surface; }
    """

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__(id="help")
        self.sections = sections

    def compose(self) -> ComposeResult:
        """The help text in a scrollable box."""
        text = help_intro() + bindings_markdown(self.sections, self.app.get_key_display)
        with VerticalScroll():
            yield Markdown(text, id="help-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Focus the scroller so arrow keys scroll the help."""
        self.query_one(VerticalScroll).focus()
