"""The look every gloss dialog shares: a bordered box in the middle of the screen.

A dialog subclasses :class:`BaseDialog`, composes one ``Vertical`` holding its widgets, and
marks its title, error line and hints with the classes ``dialog-title``, ``dialog-error`` and
``dialog-hint``. Its own ``DEFAULT_CSS`` only sets what differs (mostly the box's width).
Escape runs ``action_cancel``, which closes the dialog with None unless the dialog overrides it.
"""

from __future__ import annotations

from typing import TypeVar

from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Footer

ResultType = TypeVar("ResultType")


class BaseDialog(ModalScreen[ResultType]):
    """A modal dialog box: centred, bordered in the theme's primary colour, sized to fit."""

    DEFAULT_CSS = """
    BaseDialog { align: center middle; }
    BaseDialog > Vertical {
        width: 80; max-width: 95%; height: auto;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    BaseDialog .dialog-title { text-style: bold; padding-bottom: 1; }
    BaseDialog .dialog-error { color: $error; height: auto; }
    BaseDialog .dialog-hint { color: $text-muted; height: auto; }
    """

    def on_mount(self) -> None:
        """The dialog's own footer over the screen's: the reader's keys showed below a
        dialog where they do nothing (a new-user test)."""
        self.mount(Footer())

    def action_cancel(self) -> None:
        """Close without a result."""
        self.dismiss(None)

    def fit_list(self, widget: Widget, most: int) -> None:
        """Give the dialog's list at most ``most`` rows, fewer on a short screen: the box
        (90% of the screen's height at most) keeps its title and hints and the list scrolls
        inside it (at 80x24 the comparison's list ran below the box, its cursor out of
        sight). Called from the dialog's ``on_resize``."""
        box = self.query_one(Vertical)
        around = sum(child.outer_size.height for child in box.children if child is not widget)
        room = int((self.size.height - 1) * 0.9) - around - box.styles.gutter.height  # footer
        widget.styles.max_height = max(min(room, most), 3)
