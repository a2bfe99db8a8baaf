"""Fixtures shared by every test layer: a fresh store, paths to the external data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gloss.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]

SHARED_DATA = (REPO.parent / "shared" / "data").resolve()
SEEDS = REPO / "seeds"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, skipping the test when it is not there (a user's clone)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"external data {path} is not available")
    return path


# A long text for the long-document tests: FIRST names "John Kirby" in full once, then news
# paragraphs with names, quotes and reported speech repeat.
FIRST = (
    "White House spokesman John Kirby said on Friday that North Korea had delivered more "
    "than 1,000 containers of military equipment to Russia."
)
PARAGRAPHS = [
    "“We condemn this transfer, and we will respond,” Kirby told reporters in Washington, "
    "adding that the United States would raise the issue at the United Nations.",
    "Officials in Seoul said the shipments began in August, according to South Korea's "
    "defence ministry.",
    "Kirby said the Pentagon was watching closely. “It is a serious concern. We will not "
    "look away,” he said.",
    "Analysts at the Institute for Defence Studies said the trade was worth $300 million.",
]


def long_text(size: int, separator: str = "\n\n") -> str:
    """FIRST, then the paragraphs repeated to about ``size`` characters: "John Kirby" is
    named in full only at the start."""
    parts = [FIRST]
    total = len(FIRST)
    i = 0
    while total < size:
        parts.append(PARAGRAPHS[i % len(PARAGRAPHS)])
        total += len(parts[-1]) + len(separator)
        i += 1
    return separator.join(parts)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in a temporary file."""
    opened = open_store(tmp_path / "gloss.db")
    yield opened
    opened.close()
