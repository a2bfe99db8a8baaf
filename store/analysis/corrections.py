"""Corrections a reader makes to the analysis, stored and re-applied after every relink.

A reader can split a claim off its cluster, merge two clusters, merge or rename canonical
entities, split a mention off its entity and set a claim's speaker. Each is a row of the
``corrections`` table (who, when, what); :func:`apply_corrections` re-applies them all, in
the order they were made, to the stored rows. ``links.link_store`` calls it last, so
re-analysis and relinking never undo a correction, and exports (which read the stored rows)
carry the corrected values.

Claims and mentions are named by document and span, not by row id: re-analysis replaces
the rows (new ids) but finds the same spans. A span that moved a little (a new engine
version) resolves to the row overlapping it most; one that vanished is skipped until it
comes back.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from gloss.store.analysis.entities import NAME_LABELS
from gloss.store.db import Store
from gloss.store.documents import now_iso
from gloss.store.errors import GlossError, NotFoundError

KINDS = (
    "split_claim",
    "merge_clusters",
    "rename_entity",
    "split_mention",
    "set_speaker",
    "not_a_claim",
)
# appended to the engine version of documents carrying an undone correction (outdated)
UNDONE_MARK = "+undone"
# entity labels whose canonical names are also claim speakers
SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP")


# -- applying ------------------------------------------------------------------------------
def _claim_at(conn: sqlite3.Connection, doc: int | None, start: int, end: int) -> int | None:
    """The claim of ``doc`` whose content span overlaps [start, end) most."""
    if doc is None:
        return None
    row = conn.execute(
        "SELECT id FROM claims WHERE document_id = ? AND content_start < ? AND content_end > ? "
        "ORDER BY min(content_end, ?) - max(content_start, ?) DESC, "
        "abs(content_start - ?) + abs(content_end - ?), id LIMIT 1",
        (doc, end, start, end, start, start, end),
    ).fetchone()
    return None if row is None else int(row[0])


def _claim_exactly_at(
    conn: sqlite3.Connection, doc: int | None, start: int, end: int
) -> int | None:
    """The claim of ``doc`` with exactly this content span: what is removed must be the
    claim the reader saw (the nearest overlap could be a sentence's other claim)."""
    if doc is None:
        return None
    row = conn.execute(
        "SELECT id FROM claims WHERE document_id = ? AND content_start = ? AND content_end = ? "
        "ORDER BY id LIMIT 1",
        (doc, start, end),
    ).fetchone()
    return None if row is None else int(row[0])


def _entity_at(conn: sqlite3.Connection, doc: int | None, start: int, end: int) -> int | None:
    """The mention of ``doc`` overlapping [start, end) most."""
    if doc is None:
        return None
    row = conn.execute(
        "SELECT id FROM entities WHERE document_id = ? AND start < ? AND end > ? "
        "ORDER BY min(end, ?) - max(start, ?) DESC, abs(start - ?) + abs(end - ?), id LIMIT 1",
        (doc, end, start, end, start, start, end),
    ).fetchone()
    return None if row is None else int(row[0])


def _members(conn: sqlite3.Connection, claim: int) -> tuple[str | None, list[int]]:
    """A claim's cluster and its members (just the claim when it is in none)."""
    (cluster,) = conn.execute("SELECT cluster FROM claims WHERE id = ?", (claim,)).fetchone()
    if cluster is None:
        return None, [claim]
    ids = [r[0] for r in conn.execute("SELECT id FROM claims WHERE cluster = ?", (cluster,))]
    return cluster, ids


def _drop_single_document(conn: sqlite3.Connection, cluster: str) -> None:
    """A cluster left with one document's claims is no cluster (as relinking stores them)."""
    (documents,) = conn.execute(
        "SELECT count(DISTINCT document_id) FROM claims WHERE cluster = ?", (cluster,)
    ).fetchone()
    if documents < 2:
        conn.execute("UPDATE claims SET cluster = NULL WHERE cluster = ?", (cluster,))


def _apply(conn: sqlite3.Connection, row: sqlite3.Row | tuple[Any, ...]) -> bool:
    (cid, kind, doc, start, end, other_doc, other_start, other_end, label, old, new, to) = row
    claim = other = entity = None
    if kind in ("split_claim", "merge_clusters", "set_speaker"):
        claim = _claim_at(conn, doc, start, end)
    if kind == "not_a_claim":
        claim = _claim_exactly_at(conn, doc, start, end)
    if kind == "merge_clusters":
        other = _claim_at(conn, other_doc, other_start, other_end)
    if kind == "split_mention":
        entity = _entity_at(conn, doc, start, end)
    conn.execute(
        "UPDATE corrections SET claim_id = ?, other_claim_id = ?, entity_id = ? WHERE id = ?",
        (claim, other, entity, cid),
    )
    if kind == "split_claim" and claim is not None:
        cluster, _ = _members(conn, claim)
        if cluster is not None:
            conn.execute("UPDATE claims SET cluster = NULL WHERE id = ?", (claim,))
            _drop_single_document(conn, cluster)
        return True
    if kind == "merge_clusters" and claim is not None and other is not None:
        first, mine = _members(conn, claim)
        second, theirs = _members(conn, other)
        target = first or second or f"m{cid}"
        conn.executemany(
            "UPDATE claims SET cluster = ? WHERE id = ?", [(target, i) for i in mine + theirs]
        )
        return True
    if kind == "set_speaker" and claim is not None:
        # The mention the analysis read is not the speaker's (a new-user test's export and
        # underline still pointed at "Clinton" for a claim corrected to "Michael Mukasey").
        conn.execute(
            "UPDATE claims SET speaker = ?, speaker_start = NULL, speaker_end = NULL, "
            "corrected = 1 WHERE id = ?",
            (new or None, claim),
        )
        return True
    if kind == "not_a_claim" and claim is not None:
        # Gone as if the analysis had not found it: out of its cluster and of the link
        # state, so neither a relink nor the incremental link pairs it again.
        cluster, _ = _members(conn, claim)
        conn.execute("DELETE FROM link_keys WHERE claim = ?", (claim,))
        conn.execute("DELETE FROM link_edges WHERE a = ? OR b = ?", (claim, claim))
        conn.execute("DELETE FROM claims WHERE id = ?", (claim,))
        if cluster is not None:
            _drop_single_document(conn, cluster)
        return True
    if kind == "rename_entity":
        conn.execute(
            "UPDATE entities SET canonical = ?, label = ?, corrected = 1 "
            "WHERE canonical = ? AND label = ?",
            (new, to or label, old, label),
        )
        if (label in SPEAKER_LABELS or to in SPEAKER_LABELS) and new != old:
            # Only these claims are corrected: those already named ``new`` are not, nor any
            # when only the type changed (a new-user test retyped the organisation "New
            # Hampshire" a place, and every claim by New Hampshire read "corrected").
            conn.execute(
                "UPDATE claims SET speaker = ?, corrected = 1 WHERE speaker = ?", (new, old)
            )
        return True
    if kind == "split_mention" and entity is not None:
        mention = conn.execute(
            "SELECT document_id, start, end, canonical FROM entities WHERE id = ?", (entity,)
        ).fetchone()
        conn.execute("UPDATE entities SET canonical = ?, corrected = 1 WHERE id = ?", (new, entity))
        # a claim whose speaker is this very mention follows it
        conn.execute(
            "UPDATE claims SET speaker = ?, corrected = 1 WHERE document_id = ? "
            "AND speaker_start < ? AND speaker_end > ? AND speaker = ?",
            (new, mention[0], mention[2], mention[1], mention[3]),
        )
        return True
    return False


def apply_corrections(conn: sqlite3.Connection) -> int:
    """Re-apply every stored correction, oldest first, to the stored rows (inside the
    caller's transaction); returns how many found their claim or mention. Idempotent."""
    rows = conn.execute(
        "SELECT id, kind, document_id, start, end, other_document_id, other_start, "
        "other_end, label, old, new, new_label FROM corrections ORDER BY id"
    ).fetchall()
    return sum(_apply(conn, row) for row in rows)


# -- recording -----------------------------------------------------------------------------
def _record(store: Store, author: str, **what: Any) -> int:
    """Store one correction and apply it (every correction again: order matters). Its
    number is never one a deleted correction had: a new-user test deleted correction 10
    and the next one was 10 again, so "correction 10" in a reader's notes changed meaning."""
    with store.write() as conn:
        last = conn.execute(
            "SELECT max(coalesce((SELECT max(id) FROM corrections), 0), "
            "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?), 0))",
            (_LAST_ID,),
        ).fetchone()[0]
        number = int(last) + 1
        columns = ["id", "author", "created", *what]
        values = [number, author, now_iso(), *what.values()]
        conn.execute(
            f"INSERT INTO corrections ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})",
            values,
        )
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_LAST_ID, str(number)),
        )
        apply_corrections(conn)
        return number


_LAST_ID = "corrections_last_id"  # meta: the highest correction number ever given


def _claim(store: Store, claim_id: int) -> dict[str, Any]:
    row = store.row(
        "SELECT id, document_id, content_start, content_end, cluster, speaker FROM claims "
        "WHERE id = ?",
        (claim_id,),
    )
    if row is None:
        raise NotFoundError(
            f"no claim {claim_id} (ids change when a document is analysed again; "
            "gloss claims --json lists the current ones)"
        )
    return row


def _name(new: str) -> str:
    name = " ".join(new.split())
    if not name:
        raise GlossError("the new name is empty")
    return name


def document_siblings(store: Store, claim_id: int) -> int:
    """How many other claims of ``claim_id``'s document share its cluster (a document can
    carry one statement twice, or a wrong claim beside the right one)."""
    return int(
        store.scalar(
            "SELECT count(*) FROM claims o JOIN claims c ON c.id = ? WHERE o.cluster = c.cluster "
            "AND o.document_id = c.document_id AND o.id != c.id",
            (claim_id,),
        )
        or 0
    )


def _place(claim: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Where a correction finds its claim again after a re-analysis (ids change): its
    document and content span, as the corrections table's columns."""
    return {
        f"{prefix}document_id": claim["document_id"],
        f"{prefix}start": claim["content_start"],
        f"{prefix}end": claim["content_end"],
    }


def split_claim(store: Store, claim_id: int, *, author: str = "") -> int:
    """Take a claim out of its cluster (it is not the statement the others report)."""
    claim = _claim(store, claim_id)
    if claim["cluster"] is None:
        raise GlossError(f"claim {claim_id} is in no cluster")
    return _record(
        store,
        author,
        kind="split_claim",
        **_place(claim),
    )


def merge_clusters(store: Store, claim_id: int, other_claim_id: int, *, author: str = "") -> int:
    """Join the clusters (or lone claims) of two claims: they report the same statement."""
    claim, other = _claim(store, claim_id), _claim(store, other_claim_id)
    if claim["id"] == other["id"] or (
        claim["cluster"] is not None and claim["cluster"] == other["cluster"]
    ):
        raise GlossError(f"claims {claim_id} and {other_claim_id} are already in one cluster")
    return _record(
        store,
        author,
        kind="merge_clusters",
        **_place(claim),
        **_place(other, "other_"),
    )


def set_speaker(store: Store, claim_id: int, speaker: str | None, *, author: str = "") -> int:
    """Give a claim the speaker the analysis missed or got wrong; ``None``: nobody (a word
    the analysis took for a speaker, such as "newly" or "Friends"). A name the reader merged
    into another (:func:`rename_entity`) is stored as the name it became."""
    claim = _claim(store, claim_id)
    return _record(
        store,
        author,
        kind="set_speaker",
        **_place(claim),
        old=claim["speaker"] or "",  # what the reader corrected, for the corrections list
        new="" if speaker is None else renamed(store, _name(speaker)),
    )


def not_a_claim(store: Store, claim_id: int, *, author: str = "") -> int:
    """Remove a claim the analysis found where nothing is claimed ("Word is", a headline's
    fragment, "Comey cannot say that ..."): gone from the reader, reviews, clusters and
    exports, and again after every re-analysis of its words."""
    claim = _claim(store, claim_id)
    return _record(
        store,
        author,
        kind="not_a_claim",
        **_place(claim),
    )


def renamed(store: Store, name: str) -> str:
    """The name ``name`` has after the reader's renames of speakers' entities ("Hillary
    Rodham Clinton" merged into "Hillary Clinton"): a speaker set to the old name brought
    the merged entity back as a speaker of its own."""
    seen = {name}
    while True:
        new = store.scalar(
            "SELECT new FROM corrections WHERE kind = 'rename_entity' AND old = ? "
            f"AND label IN ({','.join('?' * len(SPEAKER_LABELS))}) ORDER BY id DESC LIMIT 1",
            (name, *SPEAKER_LABELS),
        )
        if new is None or new in seen:
            return name
        seen.add(new)
        name = new


def rename_entity(
    store: Store,
    old: str,
    new: str,
    label: str,
    *,
    new_label: str | None = None,
    author: str = "",
) -> int:
    """Give every mention named ``old`` (of ``label``) the canonical name ``new``: a rename,
    or a merge when ``new`` is another entity's name ("Brown" into "Gordon Brown"). With
    ``new_label`` the entity changes type too ("Trump" the analysis typed an organisation
    merged into the person "Donald Trump")."""
    new = _name(new)
    to = None if new_label is None or new_label.upper() == label else new_label.upper()
    if to is not None and to not in NAME_LABELS:
        raise GlossError(
            f"{new_label!r} is no entity type a rename can give (one of "
            f"{', '.join(sorted(NAME_LABELS))})"
        )
    if (
        store.scalar(
            "SELECT 1 FROM entities WHERE canonical = ? AND label = ? LIMIT 1", (old, label)
        )
        is None
    ):
        raise NotFoundError(f"no {label} entity named {old!r} (gloss entities lists them)")
    if new == old and to is None:
        raise GlossError(f"{old!r} already has that name")
    return _record(store, author, kind="rename_entity", label=label, old=old, new=new, new_label=to)


def split_mention(store: Store, entity_id: int, new: str | None = None, *, author: str = "") -> int:
    """Take one mention out of its canonical entity: it names ``new`` (default: its own
    text), as "Brown" in a story about a Mr Brown who is not Gordon Brown."""
    row = store.row(
        "SELECT document_id, start, end, text, canonical FROM entities WHERE id = ?",
        (entity_id,),
    )
    if row is None:
        raise NotFoundError(f"no entity mention {entity_id} (gloss show ID --json lists them)")
    name = _name(new if new is not None else row["text"])
    if name == row["canonical"]:
        raise GlossError(f"mention {entity_id} is already named {name!r}")
    return _record(
        store,
        author,
        kind="split_mention",
        document_id=row["document_id"],
        start=row["start"],
        end=row["end"],
        new=name,
    )


def list_corrections(store: Store) -> list[dict[str, Any]]:
    """Every correction, oldest first, with the rows it resolved to at its last application,
    and the title of its document and the text of its claim or mention (what a reader
    recognises: claim ids change with every re-analysis)."""
    rows = store.rows(
        "SELECT c.id, kind, author, created, document_id, start, end, other_document_id, "
        "other_start, other_end, label, old, new, new_label, claim_id, other_claim_id, "
        "entity_id, d.title AS title, substr(d.text, c.start + 1, c.end - c.start) AS text "
        "FROM corrections c LEFT JOIN documents d ON d.id = c.document_id ORDER BY c.id"
    )
    for row in rows:
        row["undone_by"] = None
    for i, row in enumerate(rows):
        for later in rows[i + 1 :]:
            if _undoes(later, row):
                row["undone_by"] = later["id"]  # the last one to undo it
    return rows


def _undoes(later: dict[str, Any], earlier: dict[str, Any]) -> bool:
    """Whether a later correction undoes (all or part of) an earlier one: a claim split off
    and later merged back, or merged and later split off, a speaker or mention set again.
    Both stay stored and are applied in order (a new-user test saw both listed with nothing
    saying which one holds)."""

    def claims(row: dict[str, Any]) -> set[tuple[Any, Any, Any]]:
        found = {(row["document_id"], row["start"], row["end"])}
        if row["kind"] == "merge_clusters":
            found.add((row["other_document_id"], row["other_start"], row["other_end"]))
        return found

    pair = (earlier["kind"], later["kind"])
    if pair in {("split_claim", "merge_clusters"), ("merge_clusters", "split_claim")}:
        return bool(claims(earlier) & claims(later))
    if pair in {("set_speaker", "set_speaker"), ("split_mention", "split_mention")}:
        return claims(earlier) == claims(later)
    return False


def correction_summary(row: dict[str, Any]) -> str:
    """What a correction (a :func:`list_corrections` row) did, in a few words. No claim or
    mention ids: they change whenever a document is analysed again (a new-user test saw
    "claim 1184" become "claim 2284" after an undo); the place says which one."""
    if row["kind"] == "rename_entity":
        to = f"{row['new_label']} " if row.get("new_label") else ""
        return f"{row['label']} {row['old']!r} -> {to}{row['new']!r}"
    if row["kind"] == "merge_clusters":
        return f"joined with a claim of #{row['other_document_id']}"
    if row["kind"] == "split_mention":
        return f"mention -> {row['new']!r}"
    if row["kind"] == "set_speaker":
        new = repr(row["new"]) if row["new"] else "nobody"
        if row.get("old") is not None:  # recorded since gloss kept the speaker corrected
            old = repr(row["old"]) if row["old"] else "nobody"
            return f"speaker {old} -> {new}"
        return f"speaker -> {new}"
    if row["kind"] == "not_a_claim":
        return "claim removed"
    if row["kind"] == "split_claim":
        return "split off its cluster"
    return str(row["kind"])


def correction_place(row: dict[str, Any], title: int = 24, text: int = 28) -> str:
    """The document and the words a claim or mention correction is about (its title and
    text cut to ``title`` and ``text`` characters), or "" for a rename (no one place)."""
    if row["document_id"] is None:
        return ""

    def cut(value: str | None, limit: int) -> str:
        value = " ".join((value or "").split())
        return value if len(value) <= limit else value[: limit - 1] + "…"

    return f"#{row['document_id']} {cut(row['title'], title)}: {cut(row['text'], text)}"


def delete_correction(store: Store, correction_id: int) -> list[int]:
    """Forget a correction; returns the documents whose rows still carry its effect. The
    caller analyses them again (``analyze_documents(store, ids, force=True)``), which
    restores what the analysis finds and re-applies the other corrections.

    In the same transaction those documents are marked outdated (their ``engine_version``
    no longer this gloss's), so an undo stopped or killed before they are analysed again
    leaves them for `gloss analyze --all` and the reader's "analyse outdated documents",
    not carrying a correction no longer listed."""
    with store.write() as conn:
        row = conn.execute(
            "SELECT kind, document_id, other_document_id, label, new, new_label FROM corrections "
            "WHERE id = ?",
            (correction_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no correction {correction_id} (gloss correct list shows them)")
        kind, doc, other, label, new, to = row
        if kind == "rename_entity":
            # The rows a rename changed are marked corrected: a small merge into "Hillary
            # Clinton" analysed all 638 documents naming her again (a new-user test).
            names = _renamed_since(conn, correction_id, {(new, to or label)})
            documents = set()
            for name, name_label in names:
                documents.update(
                    r[0]
                    for r in conn.execute(
                        "SELECT DISTINCT document_id FROM entities WHERE canonical = ? "
                        "AND label = ? AND corrected = 1 UNION SELECT DISTINCT document_id "
                        "FROM claims WHERE speaker = ? AND corrected = 1",
                        (name, name_label, name),
                    )
                )
        else:
            documents = {d for d in (doc, other) if d is not None}
        conn.execute("DELETE FROM corrections WHERE id = ?", (correction_id,))
        conn.executemany(
            "UPDATE documents SET engine_version = engine_version || ? "
            "WHERE id = ? AND engine_version IS NOT NULL AND engine_version NOT LIKE ?",
            [(UNDONE_MARK, doc_id, f"%{UNDONE_MARK}") for doc_id in documents],
        )
    return sorted(documents)


def undone_documents(store: Store) -> list[int]:
    """The documents an undone correction left to analyse again (see
    :func:`delete_correction`): an undo stopped, killed or quit before it ended. The reader
    analyses them at its next start."""
    rows = store.rows(
        "SELECT id FROM documents WHERE engine_version LIKE ? ORDER BY id", (f"%{UNDONE_MARK}",)
    )
    return [int(row["id"]) for row in rows]


def _renamed_since(
    conn: sqlite3.Connection, correction_id: int, names: set[tuple[str, str]]
) -> set[tuple[str, str]]:
    """``names`` (name, label) and what later renames made of them: a retype of "Tiegen"
    renamed "John Tiegen" afterwards is carried by the rows named "John Tiegen" (a new-user
    test undid the retype and nothing was analysed again)."""
    later = conn.execute(
        "SELECT old, label, new, coalesce(new_label, label) FROM corrections "
        "WHERE kind = 'rename_entity' AND id > ? ORDER BY id",
        (correction_id,),
    ).fetchall()
    found = set(names)
    for old, label, new, new_label in later:
        if (old, label) in found:
            found.add((new, new_label))
    return found


# -- what a correction can pick ------------------------------------------------------------
def cluster_candidates(
    store: Store,
    claim_id: int,
    text: str = "",
    limit: int = 30,
    *,
    likely: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """What ``claim_id``'s cluster can be merged with: one claim per other cluster (its first)
    and lone claims, whose wording holds ``text`` (any case, from the start of a word),
    biggest clusters first; with nothing typed, the biggest clusters. Rows:
    ``id``, ``cluster``, ``speaker``, ``outlet``, ``title``, ``content``, ``documents``. With no
    ``text``, the claims of other documents likely to report the same statement come first
    (gloss.store.analysis.suggestions), with their ``likeness``; ``likely``: those rows
    when already looked up."""
    if text.strip():
        likely = []
    elif likely is None:
        from gloss.store.analysis.suggestions import likely_same

        likely = likely_same(store, claim_id, limit=min(10, limit))
    offered = {row["id"] for row in likely}
    rest = _cluster_candidates(store, claim_id, text, limit)
    rows = (likely + [row for row in rest if row["id"] not in offered])[:limit]
    return _counted_apart_from(store, claim_id, rows)


def _counted_apart_from(
    store: Store, claim_id: int, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each candidate's ``documents`` counted without the claim's own document, which
    ``in_this_document`` says its cluster already holds (a merge would join two claims of
    one document: the picker warns)."""
    doc = store.scalar("SELECT document_id FROM claims WHERE id = ?", (claim_id,))
    for row in rows:
        if row.get("cluster") is None:
            row["in_this_document"] = False
            continue
        docs = {
            r["document_id"]
            for r in store.rows(
                "SELECT DISTINCT document_id FROM claims WHERE cluster = ?", (row["cluster"],)
            )
        }
        row["in_this_document"] = doc in docs
        row["documents"] = len(docs - {doc})
    return rows


def _fts_phrase(text: str) -> str | None:
    """The typed text as a full-text phrase whose last word may be unfinished ("deaths of
    mo" -> '"deaths of mo"*'), or None when it has no word."""
    words = re.findall(r"\w+", text)
    if not words:
        return None
    return '"' + " ".join(words) + '"' + ("*" if text[-1].isalnum() else "")


_CANDIDATE_COLUMNS = (
    "c.id, c.cluster, c.speaker, d.outlet, d.title, "
    "substr(d.text, c.content_start + 1, c.content_end - c.content_start) AS content"
)


def _cluster_candidates(
    store: Store, claim_id: int, text: str = "", limit: int = 30
) -> list[dict[str, Any]]:
    """Nothing typed: the biggest other clusters (one claim each). Typed text: the clusters
    and lone claims whose wording holds it (one claim each), read only in the documents the
    full-text index finds for it as a phrase (so a big corpus is not read claim by claim on
    every key)."""
    text = text.strip()
    mine = store.scalar("SELECT ifnull(cluster, '') FROM claims WHERE id = ?", (claim_id,))
    if not text:
        return store.rows(
            f"SELECT {_CANDIDATE_COLUMNS}, k.documents FROM (SELECT min(id) AS id, "
            "count(DISTINCT document_id) AS documents FROM claims "
            "WHERE cluster IS NOT NULL AND cluster != ? GROUP BY cluster "
            "ORDER BY documents DESC, id LIMIT ?) k "
            "JOIN claims c ON c.id = k.id JOIN documents d ON d.id = c.document_id "
            "ORDER BY k.documents DESC, c.id",
            (mine, limit),
        )
    phrase = _fts_phrase(text)
    within = (
        "AND c.document_id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?) "
        if phrase
        else ""
    )
    # Any claim of a cluster may hold the words (a new-user test typed "founder" and never
    # saw the cluster of "No, I meant he's the founder of ISIS", whose first claim said
    # otherwise): one row per cluster, its first claim that holds them.
    return store.rows(
        "WITH hits AS (SELECT c.id, c.cluster FROM claims c "
        "JOIN documents d ON d.id = c.document_id "
        f"WHERE c.id != ? AND (c.cluster IS NULL OR c.cluster != ?) {within}"
        "AND instr(lower(substr(d.text, c.content_start + 1, c.content_end - c.content_start)),"
        " lower(?)) > 0), "
        "picked AS (SELECT min(id) AS id FROM hits GROUP BY coalesce(cluster, 'claim ' || id)) "
        f"SELECT {_CANDIDATE_COLUMNS}, "
        "CASE WHEN c.cluster IS NULL THEN 1 ELSE (SELECT count(DISTINCT document_id) "
        "FROM claims o WHERE o.cluster = c.cluster) END AS documents "
        "FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE c.id IN (SELECT id FROM picked) "
        "ORDER BY c.cluster IS NULL, documents DESC, c.id LIMIT ?",
        (claim_id, mine, *([phrase] if phrase else []), text, limit),
    )


def entity_candidates(
    store: Store, label: str, exclude: str, text: str = "", limit: int = 30
) -> list[dict[str, Any]]:
    """Canonical entities whose name holds ``text``, most widespread first: what an entity
    of ``label`` named ``exclude`` can be merged into. A name (a person, body, place,
    building...) can be merged into a name of any type (the analysis typed "Trump" an
    organisation and "Trump Tower" a person in some articles); a date or number into its own
    type only. The likeliest first: the name typed exactly, then names sharing a word with
    ``exclude`` ("Hillary Clinton" for "Hillary Rodham Clinton", not the corpus's most
    named person), then its own type."""
    labels = tuple(sorted(NAME_LABELS)) if label in NAME_LABELS else (label,)
    marks = ",".join("?" * len(labels))
    query = (
        "SELECT canonical, label, count(*) AS mentions, count(DISTINCT document_id) AS documents "
        f"FROM entities WHERE label IN ({marks}) AND NOT (canonical = ? AND label = ?) "
        "AND instr(lower(canonical), lower(?)) > 0 {and_last} GROUP BY canonical, label "
        "ORDER BY label != ?, documents DESC, mentions DESC, canonical LIMIT ?"
    )
    rows = store.rows(
        query.format(and_last=""),
        (*labels, exclude, label, text.strip(), label, CANDIDATE_POOL),
    )
    typed = text.strip().lower()
    words = _name_words(exclude)
    last = exclude.lower().split()[-1] if exclude.split() else ""
    if last:
        # Names holding the last word too, however rare: "Pence" (6 mentions) was beyond
        # the most widespread names the pool holds.
        seen = {(r["canonical"], r["label"]) for r in rows}
        more = store.rows(
            query.format(and_last="AND instr(lower(canonical), ?) > 0"),
            (*labels, exclude, label, text.strip(), last, label, CANDIDATE_POOL),
        )
        rows += [r for r in more if (r["canonical"], r["label"]) not in seen]

    def likely(row: dict[str, Any]) -> tuple[bool, bool, bool, bool]:
        # The name typed; a shorter form of this one ("Pence" for "Mike Pence", of any
        # type); one sharing its last word; one sharing any word. A new-user test merging
        # "Mike Pence" saw Mike Huckabee, Mike Murphy and Mike Allen above "Pence".
        name = row["canonical"].lower()
        theirs = _name_words(name)
        return (
            bool(typed) and name == typed,
            bool(theirs) and theirs <= words,
            last in theirs,
            bool(words & theirs),
        )

    rows.sort(key=likely, reverse=True)  # stable: the SQL order within each rank
    return rows[:limit]


# How many names the picker ranks (the most widespread that hold the typed text).
CANDIDATE_POOL = 500


def _name_words(name: str) -> set[str]:
    """A name's words that tell it apart (three letters or more, not "the")."""
    return {w for w in re.findall(r"[\w’'-]+", name.lower()) if len(w) >= 3 and w != "the"}
