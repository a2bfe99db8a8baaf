"""Path completion for the import and export dialogs: a Textual ``Suggester`` over the file
system, shown as grey text after what was typed (`right` at the end accepts it).

``~`` is expanded for the lookup but kept in the suggestion, so what was typed stays as typed.
Folders end with ``/``; hidden entries are offered only once a ``.`` is typed; ``suffixes``
limits files to those extensions (folders are always offered). The folder is listed in a
thread, so a slow disk never blocks the screen.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable

from textual.suggester import Suggester

MAX_ENTRIES = 5000  # a larger folder is read this far (its first entries in listing order)


def complete_path(value: str, suffixes: Iterable[str] | None = None) -> str | None:
    """``value`` completed with the first matching entry of its folder (folders with a
    trailing ``/``), or None when nothing matches or there is nothing to add."""
    if not value or "\x00" in value:
        return None
    folder_part, _, partial = value.rpartition(os.sep)
    folder = os.path.expanduser(folder_part + os.sep if folder_part or value[0] == os.sep else ".")
    wanted = {s.lower() for s in suffixes} if suffixes is not None else None
    matches: list[tuple[str, bool]] = []
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count >= MAX_ENTRIES:
                    break
                name = entry.name
                if not name.startswith(partial) or name == partial and not _is_dir(entry):
                    continue
                if name.startswith(".") and not partial.startswith("."):
                    continue
                is_dir = _is_dir(entry)
                suffix = os.path.splitext(name)[1].lower()
                if not is_dir and wanted is not None and suffix not in wanted:
                    continue
                matches.append((name, is_dir))
    except (OSError, ValueError):
        return None
    if not matches:
        return None
    name, is_dir = min(matches, key=lambda m: (m[0].lower(), m[0]))
    completed = value[: len(value) - len(partial)] + name + (os.sep if is_dir else "")
    return completed if completed != value else None


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


class PathSuggester(Suggester):
    """Suggest the rest of a path from the file system (no cache: folders change)."""

    def __init__(self, suffixes: Iterable[str] | None = None) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.suffixes = frozenset(suffixes) if suffixes is not None else None

    async def get_suggestion(self, value: str) -> str | None:
        """The completed path, listed in a thread."""
        return await asyncio.to_thread(complete_path, value, self.suffixes)
