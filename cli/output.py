"""Plain-text output for the CLI: JSON, aligned tables, and escaping of control characters.

User text (titles, document text, notes, file names) may contain ANSI escape sequences, C1
controls or direction overrides (gloss.store.text_safety defines them). What is written for
people (tables, `show`, messages on stderr) always shows them as visible escapes such as
`\\x1b`. Data formats (JSON, CSV, JSON Lines) stay exact when they go to a pipe or a file;
to a terminal, they are escaped too (JSON with `\\u001b`-style escapes, so it stays valid).
"""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

import click

from gloss.store.text_safety import escape_unsafe


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """Replace control characters (ESC, CR, BEL, C1, direction overrides...) by visible
    escapes like `\\x1b`. Tabs are kept; newlines only with keep_newlines (else `\\n`)."""
    return escape_unsafe(text, keep_newlines=keep_newlines)


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal (then even data formats are escaped)."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def echo_json(value: Any) -> None:
    """Print JSON (UTF-8, indented). C0 controls are escaped by the JSON encoder; the rest
    (DEL, C1, direction overrides) only when printing to a terminal."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    if stdout_is_terminal():
        text = escape_unsafe(text, keep_newlines=True, json=True)
    click.echo(text)


class TerminalSink:
    """A binary stream for exports to a terminal: escapes unsafe characters, then writes to
    ``out``. JSON formats get JSON escapes (the output stays valid JSON); CSV gets `\\x1b`."""

    def __init__(self, out: BinaryIO, *, json: bool) -> None:
        self.out = out
        self.json = json
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.pending = ""  # a CR at the end of a chunk: is it a CRLF line end?

    def write(self, data: bytes) -> int:
        """Escape and pass on a chunk (characters split across chunks are joined first)."""
        self._emit(self.decoder.decode(data))
        return len(data)

    def _emit(self, text: str, final: bool = False) -> None:
        text = self.pending + text
        self.pending = ""
        if not final and text.endswith("\r"):
            text, self.pending = text[:-1], "\r"
        if text:
            self.out.write(escape_unsafe(text, keep_newlines=True, json=self.json).encode())

    def flush(self) -> None:
        """Write what is held back and flush ``out``."""
        self._emit(self.decoder.decode(b"", final=True), final=True)
        self.out.flush()


def format_table(rows: Sequence[dict[str, Any]], columns: Iterable[str], width: int = 60) -> str:
    """An aligned plain-text table; long cells are cut to `width` characters."""
    names = list(columns)

    def cell(value: Any) -> str:
        text = printable("" if value is None else str(value))
        return text if len(text) <= width else text[: width - 1] + "…"

    body = [[cell(row.get(name)) for name in names] for row in rows]
    widths = [max([len(name)] + [len(line[i]) for line in body]) for i, name in enumerate(names)]
    out = ["  ".join(name.ljust(w) for name, w in zip(names, widths, strict=True)).rstrip()]
    out += [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in body
    ]
    return "\n".join(out)
