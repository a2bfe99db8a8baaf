"""Plain-text output for the CLI: JSON, aligned tables, and escaping of control characters.

User text (titles, document text, notes) may contain ANSI escape sequences; on the CLI they are
shown as visible `\\x1b`-style escapes so they never reach the terminal as commands.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import click

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_WITH_NEWLINES = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """Replace control characters (ESC, CR, BEL, C1...) by visible escapes like `\\x1b`.

    Tabs are kept; newlines are kept only with keep_newlines (else shown as `\\n`).
    """
    pattern = _CONTROL if keep_newlines else _CONTROL_WITH_NEWLINES
    return pattern.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def echo_json(value: Any) -> None:
    """Print JSON (UTF-8, indented); control characters are escaped by the JSON encoder."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


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
