"""Claims in other documents that may report the same statement as a given claim, for the
reader to confirm: what the comparison's merge picker (`m`) lists first.

Clustering links only what it is sure of (precision first: a false merge misleads a reader
about who said what), so paraphrases that share few words stay apart. This ranking is
looser and only ever suggests: the other documents are found through the full-text index
(the claim's content words, best matches first), their claims are ranked as clustering
reads them (:mod:`gloss.store.analysis.similarity`): the weight of the concepts two claims
share (stemmed words, synonyms merged, names by their canonical form, rare ones weighing
more), more for the same or a related speaker, a shared quotation or documents of the same
days, less for two speakers who cannot be the same. One row per cluster (its best claim);
the claim's own cluster and document are left out.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections import Counter
from typing import Any

from gloss.store.analysis.clusters import Claim, _conflict, load_claims
from gloss.store.analysis.incremental import stored_speakers
from gloss.store.analysis.link_state import stored_stats
from gloss.store.analysis.similarity import (
    _STOP,
    ClaimFeatures,
    _days_apart,
    concept_overlap,
    related_speakers,
    same_person,
    shared_quote,
)
from gloss.store.db import Store

# Documents read for one claim (the full-text index's best matches for its words).
DOCUMENTS = 60
# Content words of the claim put to the index (the longest first).
QUERY_WORDS = 12
# Below this likeness a claim is not offered.
MIN_LIKENESS = 0.2
# What moves a claim up or down the list: the same or a related speaker, two speakers who
# cannot be the same, a quotation both carry, documents at most SAME_DAYS apart.
SAME_SPEAKER, OTHER_SPEAKER, SHARED_QUOTE, SAME_DAYS = 1.5, 0.6, 1.3, 1.2
DAYS = 3


def _query(content: str) -> str | None:
    """The full-text query for a claim: its longest content words, any of them."""
    bare = (w.strip(".,;:!?\"'()[]“”‘’") for w in content.lower().split())
    terms = sorted(
        {w for w in bare if w.isalpha() and len(w) > 3 and w not in _STOP},
        key=lambda w: (-len(w), w),
    )[:QUERY_WORDS]
    return " OR ".join(f'"{w}"' for w in terms) if terms else None


_WORD = re.compile(r"[a-z]{3,}")


def _prefixes(content: str) -> set[str]:
    """The first five letters of a text's content words."""
    return {w[:5] for w in _WORD.findall(content.lower()) if w not in _STOP}


def likeness(a: ClaimFeatures, b: ClaimFeatures, idf: dict[str, float]) -> float:
    """How likely ``b`` reports ``a``'s statement (0 when they share no concept)."""
    score = concept_overlap(a.concepts, b.concepts, idf)
    if not score:
        return 0.0
    same = bool(a.speaker and b.speaker) and (
        a.speaker == b.speaker or same_person(a.speaker, b.speaker) or related_speakers(a, b)
    )
    quoted = bool(a.quotes and b.quotes) and shared_quote(a, b)
    if len(a.concepts & b.concepts) < 2 and not (same or quoted):
        return 0.0  # one word in common, said by others ("field", "politics"): no lead
    if same:
        score *= SAME_SPEAKER
    elif a.speaker and b.speaker and _conflict(a, b):
        score *= OTHER_SPEAKER
    if quoted:
        score *= SHARED_QUOTE
    days = _days_apart(a, b)
    if days is not None and days <= DAYS:
        score *= SAME_DAYS
    return score


def _idf(conn: sqlite3.Connection, claims: list[Claim]) -> dict[str, float]:
    """The corpus idf of the last link, or (never linked) the idf among ``claims``."""
    stats = stored_stats(conn)
    if stats is not None:
        return stats.idf(x for c in claims for x in c.feats.concepts)
    df = Counter(x for c in claims for x in c.feats.concepts)
    return {x: math.log((len(claims) + 1) / (k + 0.5)) for x, k in df.items()}


def likely_same(store: Store, claim_id: int, limit: int = 10) -> list[dict[str, Any]]:
    """Claims of other documents ranked by how likely they report ``claim_id``'s statement.

    Rows as :func:`gloss.store.analysis.corrections.cluster_candidates` gives them (``id``,
    ``cluster``, ``speaker``, ``outlet``, ``content``, ``documents``) plus ``likeness``."""
    base = store.row(
        "SELECT c.id, c.document_id, c.cluster, "
        "substr(d.text, c.content_start + 1, c.content_end - c.content_start) AS content "
        "FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
        (claim_id,),
    )
    query = _query(base["content"] or "") if base else None
    if base is None or query is None:
        return []
    with store.snapshot() as conn:
        docs = [
            row[0]
            for row in conn.execute(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? AND rowid != ? "
                "ORDER BY bm25(documents_fts) LIMIT ?",
                (query, base["document_id"], DOCUMENTS),
            )
        ]
        if not docs:
            return []
        # Only claims with a word in common (its first letters, as a cheap stem) are read as
        # clustering reads them: that costs a few milliseconds a claim.
        mine_words = _prefixes(base["content"] or "")
        read = [claim_id] + [
            row[0]
            for row in conn.execute(
                "SELECT c.id, substr(d.text, c.content_start + 1, c.content_end - c.content_start) "
                f"FROM claims c JOIN documents d ON d.id = c.document_id "
                f"WHERE c.document_id IN ({','.join('?' * len(docs))})",
                docs,
            )
            if mine_words & _prefixes(row[1] or "")
        ]
        claims = load_claims(
            conn,
            lambda names: stored_speakers(conn, names),
            f"WHERE c.id IN ({','.join('?' * len(read))})",
            read,
        )
        mine = next((c for c in claims if c.id == claim_id), None)
        if mine is None:
            return []
        idf = _idf(conn, claims)
        marks = ",".join("?" * len(read))
        cluster = dict(conn.execute(f"SELECT id, cluster FROM claims WHERE id IN ({marks})", read))
    best: dict[Any, tuple[float, int]] = {}
    for other in claims:
        if other.document_id == base["document_id"]:
            continue
        key = cluster.get(other.id) or ("claim", other.id)
        if base["cluster"] is not None and key == base["cluster"]:
            continue
        score = likeness(mine.feats, other.feats, idf)
        if score >= MIN_LIKENESS and (key not in best or score > best[key][0]):
            best[key] = (score, other.id)
    ranked = sorted(best.values(), key=lambda v: (-v[0], v[1]))[:limit]
    if not ranked:
        return []
    marks = ",".join("?" * len(ranked))
    rows = {
        row["id"]: row
        for row in store.rows(
            "SELECT c.id, c.cluster, c.speaker, d.outlet, d.title, "
            "substr(d.text, c.content_start + 1, c.content_end - c.content_start) AS content, "
            "CASE WHEN c.cluster IS NULL THEN 1 ELSE (SELECT count(DISTINCT document_id) "
            "FROM claims o WHERE o.cluster = c.cluster) END AS documents "
            f"FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id IN ({marks})",
            [i for _s, i in ranked],
        )
    }
    return [{**rows[i], "likeness": round(s, 3)} for s, i in ranked if i in rows]
