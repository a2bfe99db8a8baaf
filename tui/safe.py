"""User text made safe to draw: control characters (ANSI escapes included) become visible.

Which characters are unsafe is defined once, in gloss.store.text_safety (C0, DEL, C1 and the
bidirectional overrides). Every replacement is one character for one, so offsets into the
original text still hold.
"""

from __future__ import annotations

import re

from gloss.store.text_safety import UNSAFE

_PICTURES = {"\t": " ", "\x7f": "␡"}
# Bidirectional embeddings, overrides and isolates: a sign of their own, not the replacement
# character an undecodable byte shows as (a new-user test could not tell them apart).
DIRECTION_PICTURE = "⇄"
_DIRECTIONS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _picture(match: re.Match[str]) -> str:
    """A C0 control character as its Unicode control picture (ESC as ␛, BEL as ␇), DEL as
    ␡, a direction control as ⇄, a C1 control as the replacement character."""
    char = match.group(0)
    if char in _PICTURES:
        return _PICTURES[char]
    if char in _DIRECTIONS:
        return DIRECTION_PICTURE
    code = ord(char)
    return chr(0x2400 + code) if code < 0x20 else "\ufffd"


def clean(text: str) -> str:
    """`text` with every control character except newline replaced by a visible one."""
    if text.isprintable():
        return text
    return UNSAFE.sub(_picture, text.replace("\t", " "))
