"""Claims in other documents that may report the same statement as a given claim, for the
reader to confirm: what the comparison's merge picker (`m`) lists first.

Clustering links only what it is sure of (precision first: a false merge misleads a reader
about who said what), so paraphrases that share few words stay apart. This ranking is
looser and only ever suggests: the other documents are found through the full-text index
(the claim's content words, best matches first), their claims are ranked by the content
words they share with this one (stemmed, synonyms merged, as clustering reads them), the
same speaker counts for more and two different named speakers for less. One row per cluster
(its best claim); the claim's own cluster and document are left out.
"""

from __future__ import annotations

import math
from typing import Any

from gloss.store.analysis.similarity import _STOP, _words, same_person, speaker_group
from gloss.store.db import Store

# Documents read for one claim (the full-text index's best matches for its words).
DOCUMENTS = 60
# Content words of the claim put to the index (the longest first).
QUERY_WORDS = 12
# Below this likeness a claim is not offered.
MIN_LIKENESS = 0.2


def _stems(text: str) -> set[str]:
    return {w for w in _words(text) if w}


def _speaker_factor(a: str | None, b: str | None) -> float:
    """More for the same speaker (or the same government), less for two different named
    speakers, nothing either way when one is unknown."""
    if not a or not b:
        return 1.0
    if a == b or same_person(a, b) or speaker_group(a) == speaker_group(b):
        return 1.5
    return 0.6


def likely_same(store: Store, claim_id: int, limit: int = 10) -> list[dict[str, Any]]:
    """Claims of other documents ranked by how likely they report ``claim_id``'s statement.

    Rows as :func:`gloss.store.analysis.corrections.cluster_candidates` gives them (``id``,
    ``cluster``, ``speaker``, ``outlet``, ``content``, ``documents``) plus ``likeness``
    (0..1.5)."""
    base = store.row(
        "SELECT c.id, c.document_id, c.speaker, c.cluster, "
        "substr(d.text, c.content_start + 1, c.content_end - c.content_start) AS content "
        "FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
        (claim_id,),
    )
    if base is None:
        return []
    mine = _stems(base["content"] or "")
    bare = (w.strip(".,;:!?\"'()[]“”‘’") for w in (base["content"] or "").lower().split())
    terms = sorted(
        {w for w in bare if w.isalpha() and len(w) > 3 and w not in _STOP},
        key=lambda w: (-len(w), w),
    )[:QUERY_WORDS]
    if not mine or not terms:
        return []
    query = " OR ".join(f'"{w}"' for w in terms)
    docs = [
        row["rowid"]
        for row in store.rows(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? AND rowid != ? "
            "ORDER BY bm25(documents_fts) LIMIT ?",
            (query, base["document_id"], DOCUMENTS),
        )
    ]
    if not docs:
        return []
    marks = ",".join("?" * len(docs))
    rows = store.rows(
        "SELECT c.id, c.cluster, c.speaker, d.outlet, d.title, "
        "substr(d.text, c.content_start + 1, c.content_end - c.content_start) AS content, "
        "CASE WHEN c.cluster IS NULL THEN 1 ELSE (SELECT count(DISTINCT document_id) "
        "FROM claims o WHERE o.cluster = c.cluster) END AS documents "
        f"FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.document_id IN ({marks})",
        docs,
    )
    best: dict[Any, dict[str, Any]] = {}
    for row in rows:
        if base["cluster"] is not None and row["cluster"] == base["cluster"]:
            continue
        theirs = _stems(row["content"] or "")
        shared = len(mine & theirs)
        if shared < 2:
            continue
        likeness = shared / math.sqrt(len(mine) * len(theirs))
        likeness *= _speaker_factor(base["speaker"], row["speaker"])
        if likeness < MIN_LIKENESS:
            continue
        key = row["cluster"] or ("claim", row["id"])
        if key not in best or likeness > best[key]["likeness"]:
            best[key] = {**row, "likeness": round(likeness, 3)}
    return sorted(best.values(), key=lambda r: (-r["likeness"], r["id"]))[:limit]
