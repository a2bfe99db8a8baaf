"""A checkbox whose state shows in its mark, not only in its colour.

Textual's Checkbox draws "X" whether it is on or off and tells them apart by colour; a
new-user test read an unticked "Excel" box as ticked. Gloss never relies on colour alone.
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widgets import Checkbox


class MarkedCheckbox(Checkbox):
    """A Checkbox that shows "X" when on and a blank when off (Textual's own drawing,
    pinned with textual==8.2.8, with the inner mark chosen by the value)."""

    @property
    def _button(self) -> Content:
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background, background=self.background_colors[1])
        return Content.assemble(
            (self.BUTTON_LEFT, side_style),
            (self.BUTTON_INNER if self.value else " ", button_style),
            (self.BUTTON_RIGHT, side_style),
        )
