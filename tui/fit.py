"""Lines cut to the room they have at a word, with an ellipsis: a message that does not fit
ends on a whole word (`stopped, what was…`), never mid-word or mid-number."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text

ELLIPSIS = "…"


def cut_at_word(text: Text, width: int) -> Text:
    """`text` (one line) as is when it fits `width` cells, else cut after the last whole word
    that leaves room for "…" (mid-word only when the first word alone is too long)."""
    if width <= 0 or cell_len(text.plain) <= width:
        return text
    plain = text.plain
    end = 0  # how many characters fit with the ellipsis
    while end < len(plain) and cell_len(plain[: end + 1]) <= width - 1:
        end += 1
    space = plain.rfind(" ", 0, end + 1)
    if space > 0:
        end = space
    while end > 0 and plain[end - 1] in " ,;:·":
        end -= 1
    cut = text[:end]
    cut.append(ELLIPSIS, "dim")
    return cut


def fit_cells(value: str, size: int) -> str:
    """`value` in exactly `size` cells: padded, or cut with an ellipsis (as Rich's
    Text.truncate does, without building a Text for every cell of every row drawn)."""
    if cell_len(value) <= size:
        return set_cell_size(value, size)
    return set_cell_size(value, size - 1) + ELLIPSIS
