"""Other sources for a claim: each outlet's version with its wording differences marked.

Words the other version adds are green, words it drops are red and struck through; an
identical version says so. Enter opens that document at the claim.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from gloss.store.sources import Variant
from gloss.store.wording import counted
from gloss.tui.safe import clean
from gloss.tui.screens.base_dialog import BaseDialog


def variant_text(variant: Variant) -> Text:
    """One option: source line, then the wording with differences from the base marked."""
    text = Text()
    text.append(clean(variant.outlet or "unknown outlet"), "bold")
    text.append(f" · {variant.published or 'undated'} · ")
    text.append(clean(variant.title or "(untitled)"), "italic")
    if variant.is_base:
        text.append("  (this document)", "dim")
    text.append("\n")
    if variant.is_base:
        text.append(clean(variant.text))
        return text
    if variant.identical:
        text.append(clean(variant.text))
        text.append("  = same wording", "dim")
        return text
    for op in variant.diff:
        if op["op"] == "equal":
            text.append(clean(op["a"]) + " ")
            continue
        if op["a"]:
            text.append(clean(op["a"]), "strike red")
            text.append(" ")
        if op["b"]:
            text.append(clean(op["b"]), "bold green")
            text.append(" ")
    return text


class SourcesDialog(BaseDialog[Variant | None]):
    """The claim's cluster; dismisses with the variant to open, or None."""

    DEFAULT_CSS = """
    SourcesDialog > Vertical { width: 95%; max-height: 90%; }
    SourcesDialog OptionList { height: auto; max-height: 30; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="sources.close"),
    ]

    def __init__(self, variants: list[Variant]) -> None:
        super().__init__()
        self.variants = variants

    def compose(self) -> ComposeResult:
        """Title, one option per variant, hint."""
        others = len({v.document_id for v in self.variants if not v.is_base})
        with Vertical():
            yield Static(
                f"The same claim in {counted(others, 'other source')}: green = added, "
                "red = missing compared with this document",
                id="sources-title",
                classes="dialog-title",
            )
            # Above the list, so a short terminal shows it too.
            yield Static(
                "enter opens that document at the claim · escape closes", classes="dialog-hint"
            )
            options = []
            for index, variant in enumerate(self.variants):
                options.append(Option(variant_text(variant), id=str(index)))
                options.append(None)  # a separator line between variants
            yield OptionList(*options[:-1], id="sources")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen variant."""
        self.dismiss(self.variants[int(event.option.id or 0)])
