"""Review sessions: a queue of items, one verdict each, resumable, with reviewer agreement.

A queue expression names what to review and how to order it::

    claims                                  every claim
    claims speaker:"John Kirby" order:score  one speaker's claims, most check-worthy first
    claims cluster:k3-1710                   the variants of one cross-source claim
    claims kind:quote outlet:Reuters         quotes in one outlet's documents
    entities label:PERSON                    entities of a type
    documents tag:disputed                   documents carrying a tag (on any annotation)
    documents status:unread                  documents not opened yet
    annotations tag:check                    annotations with a tag
    claims filter:"outlet:Reuters artillery"  claims in the documents a library filter shows

``order:`` is ``document`` (default: document then text order), ``date`` (documents by
publication date, oldest first, undated last; then text order: how a speaker screen lists
a speaker's claims), ``score`` (claims' check-worthiness, highest first) or ``random``
(stable per session, so resuming keeps it).

A session is named; verdicts record the reviewer (author), time and session, so several
reviewers can review one queue. Each verdict is committed when given. Resuming starts at the
first item the reviewer has no verdict for. ``stats`` gives per-reviewer counts and Cohen's
kappa between each pair of reviewers on the items both judged.
"""

from __future__ import annotations

import json
import random
import shlex
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from gloss.store.db import Store
from gloss.store.documents import now_iso
from gloss.store.errors import GlossError, NotFoundError
from gloss.store.search import filter_where, parse_filter

KINDS = ("claims", "entities", "documents", "annotations")
ORDERS = ("document", "date", "score", "random")
DEFAULT_LABELS = {"a": "accept", "x": "reject", "f": "flag"}
FACT_CHECK_LABELS = {"1": "true", "2": "misleading", "3": "false", "4": "unverifiable"}
_COMMON = {"outlet", "doc", "filter", "order"}
_KEYS = {
    "claims": {"speaker", "cluster", "kind"} | _COMMON,
    "entities": {"label", "canonical"} | _COMMON,
    "documents": {"tag", "status"} | _COMMON,
    "annotations": {"tag"} | _COMMON,
}


class QueueError(GlossError):
    """A queue expression that cannot be understood."""


@dataclass(frozen=True)
class Item:
    """One thing to review: its kind and id, the document it is in, and its span."""

    kind: str  # claim | entity | document | annotation
    id: str
    document_id: int
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Session:
    """A named review session over a queue, with its verdict labels (key -> label)."""

    id: int
    name: str
    queue: str
    labels: dict[str, str]
    order: str
    author: str
    created: str


def parse_queue(expr: str) -> tuple[str, dict[str, str], str]:
    """Split a queue expression into (kind, filters, order); raise QueueError when bad."""
    try:
        words = shlex.split(expr)
    except ValueError as exc:
        raise QueueError(f"queue {expr!r}: {exc}") from None
    if not words or words[0].lower() not in KINDS:
        raise QueueError(f"a queue starts with one of: {', '.join(KINDS)} (got {expr!r})")
    kind = words[0].lower()
    filters: dict[str, str] = {}
    for word in words[1:]:
        key, sep, value = word.partition(":")
        key = key.lower()
        if not sep or not value:
            raise QueueError(f"queue {expr!r}: expected key:value, got {word!r}")
        if key not in _KEYS[kind]:
            raise QueueError(
                f"queue {expr!r}: {kind} take {', '.join(sorted(_KEYS[kind]))}, not {key}:"
            )
        filters[key] = value
    order = filters.pop("order", "document").lower()
    if order not in ORDERS:
        raise QueueError(f"order:{order} is not one of {', '.join(ORDERS)}")
    if order == "score" and kind != "claims":
        raise QueueError("order:score applies to claims only")
    if kind == "documents" and filters.get("status", "unread") not in ("unread", "read"):
        raise QueueError("documents status: is unread or read")
    return kind, filters, order


def _queue_sql(kind: str, filters: dict[str, str], order: str) -> tuple[str, list[Any]]:
    params: list[Any] = []
    conds: list[str] = []
    if kind == "claims":
        base = "SELECT 'claim', CAST(x.id AS TEXT), x.document_id, x.start, x.end FROM claims x"
        for key, column in (("speaker", "x.speaker"), ("cluster", "x.cluster"), ("kind", "x.kind")):
            if key in filters:
                conds.append(f"{column} = ? COLLATE NOCASE")
                params.append(filters[key])
    elif kind == "entities":
        base = "SELECT 'entity', CAST(x.id AS TEXT), x.document_id, x.start, x.end FROM entities x"
        for key, column in (("label", "x.label"), ("canonical", "x.canonical")):
            if key in filters:
                conds.append(f"{column} = ? COLLATE NOCASE")
                params.append(filters[key])
    elif kind == "annotations":
        base = "SELECT 'annotation', x.id, x.document_id, x.start, x.end FROM annotations x"
        if "tag" in filters:
            conds.append(
                "x.id IN (SELECT at.annotation_id FROM annotation_tags at JOIN tags t "
                "ON t.id = at.tag_id WHERE t.name = ? COLLATE NOCASE)"
            )
            params.append(filters["tag"])
    else:
        base = "SELECT 'document', CAST(x.id AS TEXT), x.id, NULL, NULL FROM documents x"
        if "tag" in filters:
            conds.append(
                "x.id IN (SELECT a.document_id FROM annotations a JOIN annotation_tags at "
                "ON at.annotation_id = a.id JOIN tags t ON t.id = at.tag_id "
                "WHERE t.name = ? COLLATE NOCASE)"
            )
            params.append(filters["tag"])
        if "status" in filters:
            conds.append(
                "x.read_at IS NULL" if filters["status"] == "unread" else "x.read_at IS NOT NULL"
            )
    doc_column = "x.id" if kind == "documents" else "x.document_id"
    if "outlet" in filters:
        conds.append(f"{doc_column} IN (SELECT id FROM documents WHERE outlet = ? COLLATE NOCASE)")
        params.append(filters["outlet"])
    if "doc" in filters:
        conds.append(f"{doc_column} = ?")
        params.append(int(filters["doc"]) if filters["doc"].isdigit() else -1)
    if "filter" in filters:
        try:
            where = filter_where(parse_filter(filters["filter"]))
        except GlossError as exc:
            raise QueueError(f"queue filter: {exc}") from None
        conds.append(f"{doc_column} IN (SELECT d.id FROM documents d{where.sql})")
        params.extend(where.params)
    sql = base + (" WHERE " + " AND ".join(conds) if conds else "")
    if order == "score":
        sql += " ORDER BY x.score DESC, x.document_id, x.start"
    elif kind == "documents":
        sql += " ORDER BY x.published IS NULL, x.published, x.id"
    elif order == "date":
        published = "(SELECT d.published FROM documents d WHERE d.id = x.document_id)"
        sql += (
            f" ORDER BY {published} IS NULL, {published}, x.document_id, "
            "x.start IS NOT NULL, x.start, x.id"
        )
    else:
        sql += " ORDER BY x.document_id, x.start IS NOT NULL, x.start, x.id"
    return sql, params


def build_queue(store: Store, expr: str, *, seed: int = 0) -> list[Item]:
    """The items a queue expression selects, in its order (random: stable for a seed)."""
    kind, filters, order = parse_queue(expr)
    sql, params = _queue_sql(kind, filters, order)
    with store.lock:
        rows = store.conn.execute(sql, params).fetchall()
    items = [Item(r[0], str(r[1]), int(r[2]), r[3], r[4]) for r in rows]
    if order == "random":
        random.Random(seed).shuffle(items)
    return items


def parse_labels(spec: str | None) -> dict[str, str]:
    """Verdict labels from ``"a=accept,x=reject"`` (or ``factcheck``); default a/x/f."""
    if not spec:
        return dict(DEFAULT_LABELS)
    if spec.strip().lower() == "factcheck":
        return dict(FACT_CHECK_LABELS)
    labels: dict[str, str] = {}
    for part in spec.split(","):
        key, sep, label = part.partition("=")
        key, label = key.strip(), label.strip()
        if not sep or len(key) != 1 or not label:
            raise GlossError(f"verdict labels look like 1=true,2=false (got {part.strip()!r})")
        if key in (" ", "u", "t", "n", "q") or key in labels:
            raise GlossError(f"key {key!r} cannot be a verdict key (reserved or repeated)")
        labels[key] = label
    return labels


def _session(row: dict[str, Any]) -> Session:
    return Session(
        id=int(row["id"]),
        name=row["name"],
        queue=row["queue"],
        labels=json.loads(row["labels"]),
        order=row["item_order"],
        author=row["author"],
        created=row["created"],
    )


def open_session(
    store: Store,
    name: str,
    queue: str | None = None,
    *,
    labels: dict[str, str] | None = None,
    author: str = "",
) -> Session:
    """Resume the session called ``name``, or start it with ``queue`` (and labels)."""
    row = store.row("SELECT * FROM review_sessions WHERE name = ?", (name,))
    if row is not None:
        session = _session(row)
        if queue is not None and queue.strip() != session.queue:
            raise GlossError(
                f"session {name!r} reviews {session.queue!r}; choose another name for {queue!r}"
            )
        return session
    if not queue:
        raise NotFoundError(f"no review session {name!r} (give a queue to start it)")
    kind, filters, order = parse_queue(queue)
    _queue_sql(kind, filters, order)  # validates filter: before anything is written
    cluster = filters.get("cluster")
    found = store.scalar("SELECT 1 FROM claims WHERE cluster = ? LIMIT 1", (cluster,))
    if cluster and found is None:
        # A mistyped name would start an empty session and keep it.
        raise NotFoundError(f"no claim cluster {cluster!r} (gloss claims --cluster lists them)")
    with store.write() as conn:
        conn.execute(
            "INSERT INTO review_sessions (name, queue, labels, item_order, author, created) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (name, queue.strip(), json.dumps(labels or DEFAULT_LABELS), order, author, now_iso()),
        )
    found = store.row("SELECT * FROM review_sessions WHERE name = ?", (name,))
    assert found is not None
    return _session(found)


def session_items(store: Store, session: Session) -> list[Item]:
    """The session's queue, rebuilt from its expression (random order stays the same)."""
    return build_queue(store, session.queue, seed=session.id)


def give_verdict(store: Store, session: Session, item: Item, verdict: str, author: str) -> int:
    """Record a verdict (committed on return); returns its id."""
    with store.write() as conn:
        cur = conn.execute(
            "INSERT INTO verdicts (session_id, item_kind, item_id, verdict, author, created) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (session.id, item.kind, item.id, verdict, author, now_iso()),
        )
    return int(cur.lastrowid or 0)


def undo_verdict(store: Store, session: Session, author: str) -> tuple[str, str] | None:
    """Remove this reviewer's newest verdict in the session; returns (kind, id) or None."""
    with store.write() as conn:
        row = conn.execute(
            "SELECT id, item_kind, item_id FROM verdicts WHERE session_id = ? AND author = ? "
            "ORDER BY id DESC LIMIT 1",
            (session.id, author),
        ).fetchone()
        if row is None:
            return None
        conn.execute("DELETE FROM verdicts WHERE id = ?", (row[0],))
    return str(row[1]), str(row[2])


def verdicts_by_item(store: Store, session: Session, author: str) -> dict[tuple[str, str], str]:
    """This reviewer's latest verdict per item in the session."""
    rows = store.rows(
        "SELECT item_kind, item_id, verdict FROM verdicts WHERE session_id = ? AND author = ? "
        "ORDER BY id",
        (session.id, author),
    )
    return {(r["item_kind"], r["item_id"]): r["verdict"] for r in rows}


def resume_index(items: list[Item], done: dict[tuple[str, str], str]) -> int:
    """Index of the first item without a verdict (len(items) when all are done)."""
    for index, item in enumerate(items):
        if (item.kind, item.id) not in done:
            return index
    return len(items)


def list_sessions(store: Store) -> list[dict[str, Any]]:
    """Every session with its queue, verdict count, reviewers and last activity."""
    return store.rows(
        "SELECT s.id, s.name, s.queue, s.created, count(v.id) AS verdicts, "
        "count(DISTINCT v.author) AS reviewers, max(v.created) AS last_verdict "
        "FROM review_sessions s LEFT JOIN verdicts v ON v.session_id = s.id "
        "GROUP BY s.id ORDER BY s.created DESC, s.id DESC"
    )


def cohen_kappa(first: list[str], second: list[str]) -> float | None:
    """Cohen's kappa of two reviewers' labels on the same items (None when undefined)."""
    if len(first) != len(second) or not first:
        return None
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[k] * count_b[k] for k in count_a) / (n * n)
    if expected == 1.0:
        return 1.0 if observed == 1.0 else None
    return (observed - expected) / (1 - expected)


def stats(store: Store, session_name: str | None = None) -> dict[str, Any]:
    """Per-reviewer verdict counts and pairwise Cohen's kappa (latest verdict per item)."""
    params: tuple[Any, ...] = ()
    where = ""
    if session_name is not None:
        where = "WHERE s.name = ?"
        params = (session_name,)
    rows = store.rows(
        "SELECT v.author, v.item_kind, v.item_id, v.verdict FROM verdicts v "
        f"JOIN review_sessions s ON s.id = v.session_id {where} ORDER BY v.id",
        params,
    )
    latest: dict[str, dict[tuple[str, str], str]] = {}
    for row in rows:
        latest.setdefault(row["author"], {})[(row["item_kind"], row["item_id"])] = row["verdict"]
    reviewers = {
        author: {"items": len(items), "verdicts": dict(Counter(items.values()))}
        for author, items in sorted(latest.items())
    }
    agreement = []
    for a, b in combinations(sorted(latest), 2):
        shared = sorted(set(latest[a]) & set(latest[b]))
        kappa = cohen_kappa([latest[a][k] for k in shared], [latest[b][k] for k in shared])
        agreed = sum(latest[a][k] == latest[b][k] for k in shared)
        agreement.append(
            {"reviewers": [a, b], "items": len(shared), "agreed": agreed, "kappa": kappa}
        )
    return {"reviewers": reviewers, "agreement": agreement}
