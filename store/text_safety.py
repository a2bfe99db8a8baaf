"""Characters a terminal obeys instead of showing: one definition for everything gloss prints.

Documents, titles, tags, notes, author names and file names are data, and may hold:

* C0 controls and DEL: ESC starts ANSI and OSC sequences (colours, clearing the screen, the
  window title, OSC 52 writes the clipboard), BEL rings, CR overwrites the line;
* C1 controls (U+0080-U+009F): U+009B is an 8-bit CSI and U+009D an 8-bit OSC, which some
  terminals obey exactly like ``ESC [`` and ``ESC ]``;
* bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which
  reorder the text after them on screen, so what is shown is not what is stored.

Tab and newline are layout, not commands: each caller says whether to keep them. The reader
(gloss.tui.safe) draws each unsafe character as one visible character; the CLI
(gloss.cli.output) prints it as an escape (``\\x1b``, ``\\u202e``); tag names refuse them.
"""

from __future__ import annotations

import re

UNSAFE_RANGES = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
# Every unsafe character except tab and newline (for text whose layout is kept).
UNSAFE = re.compile(f"[{UNSAFE_RANGES}]")
# The same plus tab and newline (for one-line text such as a tag or a table cell).
UNSAFE_IN_LINE = re.compile(f"[\t\n{UNSAFE_RANGES}]")
# With newlines kept, a CRLF line end is layout too (CSV rows end with one).
_UNSAFE_KEEP_CRLF = re.compile(f"\r\n|[{UNSAFE_RANGES}]")
_UNSAFE_OR_NEWLINE = re.compile(f"[\n{UNSAFE_RANGES}]")


def has_unsafe(text: str, *, in_line: bool = True) -> bool:
    """Whether ``text`` holds a character a terminal would obey (with ``in_line``, also a
    tab or newline)."""
    if text.isprintable():  # every unsafe character is unprintable: the fast path
        return False
    return (UNSAFE_IN_LINE if in_line else UNSAFE).search(text) is not None


def _python_escape(char: str) -> str:
    code = ord(char)
    if char == "\t":
        return "\\t"
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_unsafe(text: str, *, keep_newlines: bool = False, json: bool = False) -> str:
    """``text`` with each unsafe character written as a visible escape (``\\x1b``, ``\\u202e``;
    ``json``: ``\\u001b``, which keeps a JSON document valid and its data unchanged).

    Tabs are kept; newlines (and CRLF line ends) only with ``keep_newlines``, else written
    as ``\\n``.
    """
    if text.isprintable():
        return text
    pattern = _UNSAFE_KEEP_CRLF if keep_newlines else _UNSAFE_OR_NEWLINE

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char == "\r\n":
            return char
        return f"\\u{ord(char):04x}" if json else _python_escape(char)

    return pattern.sub(escape, text)
