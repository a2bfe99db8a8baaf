"""User text made safe to draw: control characters (ANSI escapes included) become visible.

Every replacement is one character for one, so offsets into the original text still hold.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PICTURES = {"\x1b": "␛", "\t": " ", "\r": "␍"}


def _picture(match: re.Match[str]) -> str:
    char = match.group(0)
    return _PICTURES.get(char, "\ufffd")


def clean(text: str) -> str:
    """`text` with every control character except newline replaced by a visible one."""
    if text.isprintable():
        return text
    return _CONTROL.sub(_picture, text.replace("\t", " "))
