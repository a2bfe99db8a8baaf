"""Follow a speaker: every claim attributed to one canonical speaker across the corpus,
grouped by story and outlet, in date order (the speaker screen and its review queue).

Claims are read as stored (``claims.speaker`` after corpus-wide names and the reader's
corrections), so a corrected speaker lists the claims the reader gave them.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import Any

from gloss.store.analysis.story_table import story_label
from gloss.store.db import Store

# How a claim of a document with no known outlet is grouped (no outlet to count).
UNKNOWN_OUTLET = "unknown outlet"


@dataclass
class OutletClaims:
    """One outlet's claims by the speaker within one story, oldest first."""

    outlet: str
    claims: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class StoryClaims:
    """The speaker's claims in one story (documents about the same event), by outlet.
    ``story`` is the story's label ("s12"), or "" for documents in no story."""

    story: str
    first: str | None  # the earliest date among its claims' documents
    title: str  # the title of its earliest document
    outlets: list[OutletClaims] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many claims the story holds."""
        return sum(len(o.claims) for o in self.outlets)


def _date_key(published: str | None) -> tuple[bool, str]:
    return (published is None, published or "")


def speaker_claims(store: Store, speaker: str) -> list[StoryClaims]:
    """Every claim whose canonical speaker is ``speaker``: stories in order of their first
    date (undated last), outlets in order of their first claim, claims by date, document
    and position. Each claim row has ``id``, ``document_id``, ``content_start``,
    ``content_end``, ``content``, ``kind``, ``cue``, ``cluster``, ``title``, ``outlet``,
    ``published``."""
    rows = store.rows(
        "SELECT c.id, c.document_id, c.content_start, c.content_end, c.kind, c.cue, c.cluster, "
        "substr(d.text, c.content_start + 1, c.content_end - c.content_start) AS content, "
        "d.title, d.outlet, d.published, s.story FROM claims c "
        "JOIN documents d ON d.id = c.document_id "
        "LEFT JOIN document_stories s ON s.document_id = c.document_id "
        "WHERE c.speaker = ? "
        "ORDER BY d.published IS NULL, d.published, d.id, c.start",
        (speaker,),
    )
    stories: dict[Any, StoryClaims] = {}
    for row in rows:
        # a document in no story is a story of its own
        key = row["story"] if row["story"] is not None else f"d{row['document_id']}"
        group = stories.get(key)
        if group is None:
            label = story_label(int(row["story"])) if row["story"] is not None else ""
            group = stories[key] = StoryClaims(label, row["published"], row["title"])
        outlet = row["outlet"] or UNKNOWN_OUTLET
        for found in group.outlets:
            if found.outlet == outlet:
                found.claims.append(row)
                break
        else:
            group.outlets.append(OutletClaims(outlet, [row]))
    return sorted(stories.values(), key=lambda g: _date_key(g.first))


def speakers(store: Store, text: str = "", limit: int = 50) -> list[dict[str, Any]]:
    """Canonical speakers whose name holds ``text`` (any case), with their claim and
    document counts, the most quoted first."""
    return store.rows(
        "SELECT speaker, count(*) AS claims, count(DISTINCT document_id) AS documents "
        "FROM claims WHERE speaker IS NOT NULL AND instr(lower(speaker), lower(?)) > 0 "
        "GROUP BY speaker ORDER BY claims DESC, speaker LIMIT ?",
        (text.strip(), limit),
    )


def speaker_queue(speaker: str) -> str:
    """The review queue of a speaker's claims (``claims speaker:"John Kirby" order:date``,
    oldest first, as the speaker screen lists them), quoted so the queue parser reads any
    name back."""
    if '"' not in speaker and "\\" not in speaker:
        return f'claims speaker:"{speaker}" order:date'
    return f"claims speaker:{shlex.quote(speaker)} order:date"
