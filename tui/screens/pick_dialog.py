"""Pick one of many (another claim cluster, another entity): typing filters, enter picks.

The caller passes a function from the filter text to the choices (an id and a rich
prompt), so the dialog runs no SQL itself and the list holds only what matches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from gloss.tui.screens.base_dialog import BaseDialog
from gloss.tui.widgets.typing_input import TypingInput

Choices = Callable[[str], list[tuple[str, Text]]]
MAX_SHOWN = 20  # choices on screen at once (the list scrolls)


HINT = "enter picks the highlighted · up/down move · escape cancels"
HINT_KEYS = " · up/down · escape cancels"
UNGUESSED_HINT = "type a name, or down to the first choice · escape cancels"


class PickDialog(BaseDialog[str | None]):
    """A filter box over a list; dismisses with the chosen id, or None."""

    DEFAULT_CSS = """
    PickDialog > Vertical { width: 100; max-height: 90%; }
    PickDialog OptionList { height: auto; max-height: 20; }
    /* The filter keeps the focus: the choice enter picks looks chosen (a new-user test
       pressed down to reach the first choice and picked the second). */
    PickDialog OptionList > .option-list--option-highlighted {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="pick.down"),
        Binding("up", "move(-1)", "Up", show=False, id="pick.up"),
    ]

    def __init__(self, title: str, choices: Choices, *, guess: bool = True) -> None:
        """``guess``: with nothing typed, the first choice is highlighted (enter picks it);
        False for a pick that changes many rows (merging an entity: a new-user test's enter
        merged one into Donald Trump, the most named person, listed first)."""
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.guess = guess
        self._typed_highlight = False  # the first choice highlighted by typing, not by keys

    def compose(self) -> ComposeResult:
        """Title, filter box, the choices, hint."""
        with Vertical():
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield TypingInput(placeholder="type to filter", id="pick-filter")
            yield OptionList(id="pick-list")
            yield Static(HINT, classes="dialog-hint", id="pick-hint")

    def on_mount(self) -> None:
        """Fill the list; typing goes to the filter."""
        self._fill("")
        self.query_one(Input).focus()

    def on_resize(self) -> None:
        """Up to twenty choices, fewer on a short screen."""
        self.fit_list(self.query_one(OptionList), MAX_SHOWN)

    def _fill(self, text: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        self._typed_highlight = False
        found = self.choices(text)
        options.add_options([Option(prompt, id=key) for key, prompt in found])
        if not found:
            options.add_option(Option(Text("nothing matches", style="dim"), disabled=True))
        elif text.strip() or self.guess:
            options.highlighted = 0
            # The first down after typing stays on this choice: users reach "the first
            # choice" with down as the unguessed hint says (two new-user tests typed "BBC",
            # pressed down and merged into the second match, "BBC Radio").
            self._typed_highlight = bool(text.strip())
        else:
            options.highlighted = None
            self.query_one("#pick-hint", Static).update(UNGUESSED_HINT)

    @on(OptionList.OptionHighlighted, "#pick-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Name the choice enter would pick, in words: the highlight is a colour only, and
        a new-user test merged into the row below the one meant."""
        prompt = event.option.prompt
        if event.option.disabled:
            self.query_one("#pick-hint", Static).update(HINT)
            return
        chosen = prompt.plain if isinstance(prompt, Text) else str(prompt)
        line = Text(no_wrap=True, overflow="ellipsis")  # one line: the box's height is set
        line.append("enter picks: ", "bold")
        line.append(chosen.splitlines()[0][:40] if chosen else "")
        line.append(HINT_KEYS)
        self.query_one("#pick-hint", Static).update(line)

    @on(Input.Changed, "#pick-filter")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_move(self, step: int) -> None:
        """Move the highlight while the filter keeps the focus."""
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted
            first_down = self._typed_highlight and step > 0
            self._typed_highlight = False
            if first_down:
                return  # the highlight typing set is the first choice down reaches
            wanted = 0 if current is None else current + step
            options.highlighted = min(max(wanted, 0), options.option_count - 1)

    @on(Input.Submitted, "#pick-filter")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            # Nothing guessed and nothing picked yet: say so (a new-user test pressed enter
            # and saw nothing happen).
            self.notify("nothing picked: type a name or press down", severity="warning")
            return
        option = options.get_option_at_index(options.highlighted)
        if not option.disabled:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#pick-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
