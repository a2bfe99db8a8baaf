"""What cross-document linking keeps between runs, so that adding documents links only what
they touch instead of the whole archive (see :mod:`gloss.store.analysis.incremental`).

- **Statistics** (``link_stats``): how many claims use each concept (its idf), which words
  are common, and which blocking keys are too common to pair claims on, counted by the last
  full link and *frozen* until the corpus has grown by a quarter. Every pair decision reads
  them, so with the same statistics a pair of claims is decided the same way whatever else is
  in the store: an incremental link and a full relink with the same statistics give the same
  clusters and stories (tested).
- **Blocking keys** (``link_keys``): each claim's usable keys (concepts, quoted phrases, its
  normalised text, rare words, its outlet's boilerplate key), hashed to 64-bit integers, so
  the claims sharing keys with a new claim are found through an index.
- **Edges** (``link_edges``, ``story_edges``): the matched claim pairs and linked document
  pairs, so a changed part of the graph is regrouped without deciding every pair again.
- **Speakers** (``link_speakers``): whether each speaker is a person and the groups they are
  introduced with, which every claim of theirs reads: when a new document changes them, the
  speaker's documents are linked again.
- **Pending work** (``link_pending``, ``link_dirty``, ``link_dirty_documents``): triggers
  record the documents whose claims or entities changed and the claims and documents whose
  neighbours vanished, whoever wrote the change (analysis, a correction, a deletion).
"""

from __future__ import annotations

import hashlib
import math
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

# A blocking key shared by more claims than this is too common to pair claims on.
KEY_LIMIT = 60
# A word is rare when at most this share of the claims use it (and at most RARE_MAX of them).
RARE_SHARE, RARE_MAX = 0.002, 50
# A concept in more than this share of the documents (and more than STORY_MIN_LIMIT) does not
# make two documents candidates for one story ("United Kingdom" in a British corpus).
STORY_SHARE, STORY_MIN_LIMIT = 0.1, 10
# The statistics are counted again (a full relink) when the claims have grown by this factor
# since they were counted, or when a store has fewer claims than FULL_BELOW (a full link of
# a small store takes well under a second and its statistics change fast).
REFRESH_GROWTH = 1.25
FULL_BELOW = 5_000

# Key kinds (the first character of the hashed key).
CONCEPT, TEXT, QUOTE, RARE_WORD, QUOTED_WORD, BOILER = "c", "t", "q", "r", "Q", "b"
SPOKEN = "p"  # a concept in the words of one speaker (group): "Donald Trump" + "muslim"
SPOKEN_SHORT = "u"  # a concept of a short quotation of one speaker: "Paul Ryan" + "ready"
IDF, COMMON_WORD, STORY = "i", "w", "s"


@lru_cache(maxsize=1 << 20)
def key_id(kind: str, key: str) -> int:
    """A key as a signed 64-bit integer (SQLite's INTEGER), stable across runs (cached: a
    link asks for the same keys many times)."""
    digest = hashlib.blake2b(f"{kind}\x1f{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def rare_limit(claims: int) -> int:
    """How many claims may use a word that is still rare."""
    return min(RARE_MAX, max(2, int(RARE_SHARE * claims)))


def story_limit(documents: int) -> int:
    """How many documents may share a concept that still makes them story candidates."""
    return max(STORY_MIN_LIMIT, int(documents * STORY_SHARE))


@dataclass
class LinkStats:
    """Corpus statistics every pair decision reads (see the module docstring)."""

    claims: int
    documents: int
    concept_claims: Mapping[int, int]  # key_id(IDF, concept) -> claims using it
    too_common: set[int]  # key ids of blocking keys (claims) and story concepts (documents)
    common_words: set[str]  # normalised words too common to be rare
    _idf: dict[str, float] = field(default_factory=dict)

    def idf(self, concepts: Iterable[str]) -> dict[str, float]:
        """The idf of each concept (a concept no claim used when counted is as rare as can
        be), cached."""
        n = max(1, self.claims)
        out = self._idf
        for x in concepts:
            if x not in out:
                k = self.concept_claims.get(key_id(IDF, x), 0)
                out[x] = math.log((n + 1) / (k + 0.5))
        return out

    def usable(self, kind: str, key: str) -> bool:
        """Whether a blocking key is rare enough to pair on."""
        return key_id(kind, key) not in self.too_common

    @property
    def rare(self) -> RareWords:
        """The rare words as the set-like ``rare`` argument of the pair rules."""
        return RareWords(self)


class RareWords:
    """``word in rare`` for :class:`LinkStats` (the rules take a set)."""

    def __init__(self, stats: LinkStats) -> None:
        from gloss.store.analysis.similarity import _STOP

        self.stats = stats
        self.stop = _STOP

    def __contains__(self, word: object) -> bool:
        return (
            isinstance(word, str)
            and len(word) > 2
            and word not in self.stop
            and word not in self.stats.common_words
        )

    def __bool__(self) -> bool:
        return True


def save_stats(conn: sqlite3.Connection, stats: LinkStats, counts: Mapping[int, int]) -> None:
    """Replace the stored statistics (``counts``: every stored key id and its count)."""
    conn.execute("DELETE FROM link_stats")
    conn.executemany("INSERT INTO link_stats (key, df) VALUES (?, ?)", counts.items())
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [("link_claims", str(stats.claims)), ("link_documents", str(stats.documents))],
    )


class StoredCounts(Mapping[int, int]):
    """The stored counts, read key by key (the incremental path needs a few hundred)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.cache: dict[int, int] = {}
        self.complete = False  # every count is in the cache

    def __getitem__(self, key: int) -> int:
        if key not in self.cache:
            if self.complete:
                raise KeyError(key)
            row = self.conn.execute("SELECT df FROM link_stats WHERE key = ?", (key,)).fetchone()
            if row is None:
                raise KeyError(key)
            self.cache[key] = int(row[0])
        return self.cache[key]

    def get(self, key: int, default: int | None = None) -> int | None:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int) and self.get(key) is not None

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(r[0] for r in self.conn.execute("SELECT key FROM link_stats"))

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM link_stats").fetchone()[0])


class _StoredSet:
    """A set of key ids or words, answered from ``link_stats`` (words by their key id)."""

    def __init__(self, counts: StoredCounts, kind: str | None) -> None:
        self.counts = counts
        self.kind = kind

    def __contains__(self, item: object) -> bool:
        key = key_id(self.kind, item) if self.kind is not None else item  # type: ignore[arg-type]
        return key in self.counts


def stored_stats(conn: sqlite3.Connection, *, eager: bool = False) -> LinkStats | None:
    """The statistics of the last full link (None when there are none), read as needed
    through ``conn`` or, ``eager``, all at once (to use after ``conn`` is closed)."""
    meta = dict(
        conn.execute(
            "SELECT key, value FROM meta WHERE key IN ('link_claims', 'link_documents')"
        ).fetchall()
    )
    if "link_claims" not in meta:
        return None
    counts = StoredCounts(conn)
    if eager:
        counts.cache = dict(conn.execute("SELECT key, df FROM link_stats").fetchall())
        counts.complete = True
    return LinkStats(
        int(meta["link_claims"]),
        int(meta.get("link_documents") or 0),
        counts,
        _StoredSet(counts, None),  # type: ignore[arg-type]
        _StoredSet(counts, COMMON_WORD),  # type: ignore[arg-type]
    )
