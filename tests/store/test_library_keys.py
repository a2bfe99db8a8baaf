"""The library's stored sort keys (``documents.reviewed``, ``document_counts``) stay equal to
what they stand for under every write path, and the pages read through them are the pages
the library listed before they existed (store.library_pages, migrations._library_sort_keys).
"""

from __future__ import annotations

import random
import sqlite3

import pytest

from gloss.store import Store, open_store
from gloss.store import library_pages as lp
from gloss.store.analysis import analyze_documents
from gloss.store.analysis.base import Analysis
from gloss.store.analysis.pool import EngineIdentity
from gloss.store.analysis.run import write_analysis
from gloss.store.annotations import create_annotation, delete_annotation, redo, undo
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.library_pages import ListQuery, count, page
from gloss.store.review import Item, give_verdict, open_session, undo_verdict

# What the keys mean, computed from the tables themselves (the library's SQL before the keys
# were stored): a verdict names the document, or one of its claims, entities or annotations.
REVIEWED = (
    "(EXISTS (SELECT 1 FROM verdicts v WHERE v.item_kind = 'document' "
    "AND v.item_id = CAST(d.id AS TEXT))"
    " OR EXISTS (SELECT 1 FROM claims c JOIN verdicts v ON v.item_kind = 'claim' "
    "AND v.item_id = CAST(c.id AS TEXT) WHERE c.document_id = d.id)"
    " OR EXISTS (SELECT 1 FROM entities e JOIN verdicts v ON v.item_kind = 'entity' "
    "AND v.item_id = CAST(e.id AS TEXT) WHERE e.document_id = d.id)"
    " OR EXISTS (SELECT 1 FROM annotations a JOIN verdicts v ON v.item_kind = 'annotation' "
    "AND v.item_id = a.id WHERE a.document_id = d.id))"
)
COUNTS = {
    "entities": "(SELECT count(*) FROM entities e WHERE e.document_id = d.id)",
    "claims": "(SELECT count(*) FROM claims c WHERE c.document_id = d.id)",
    "annotations": "(SELECT count(*) FROM annotations a WHERE a.document_id = d.id)",
}
# The orders as the library wrote them before (computed columns sorted per page).
OLD_ORDER = {
    "date": "d.published {dir}, d.id {dir}",
    "title": "d.title COLLATE NOCASE {dir}, d.id",
    "outlet": "d.outlet COLLATE NOCASE {dir}, d.published DESC, d.id",
    "words": "d.words {dir}, d.id",
    "entities": COUNTS["entities"] + " {dir}, d.id",
    "claims": COUNTS["claims"] + " {dir}, d.id",
    "annotations": COUNTS["annotations"] + " {dir}, d.id",
    "status": REVIEWED + " {dir}, (d.read_at IS NOT NULL) {dir}, d.published DESC, d.id",
}
OLD_STATUS = {
    "unread": "d.read_at IS NULL",
    "read": "d.read_at IS NOT NULL",
    "reviewed": REVIEWED,
    "unreviewed": "NOT " + REVIEWED,
    "waiting": "d.engine IS NULL",
}


def truth(store: Store) -> dict[int, tuple[int, int, int, int]]:
    """Each document's (reviewed, entities, claims, annotations), computed."""
    sql = f"SELECT d.id, {REVIEWED}, {', '.join(COUNTS.values())} FROM documents d"
    return {int(r[0]): tuple(int(v) for v in r[1:]) for r in store.conn.execute(sql)}


def stored(store: Store) -> dict[int, tuple[int, int, int, int]]:
    """Each document's stored keys."""
    sql = (
        "SELECT d.id, d.reviewed, k.entities, k.claims, k.annotations "
        "FROM documents d LEFT JOIN document_counts k ON k.document_id = d.id"
    )
    return {int(r[0]): tuple(r[1:]) for r in store.conn.execute(sql)}


def assert_current(store: Store) -> None:
    assert stored(store) == truth(store)
    orphans = store.scalar(
        "SELECT count(*) FROM document_counts WHERE document_id NOT IN (SELECT id FROM documents)"
    )
    assert orphans == 0


def reviewed(store: Store, doc: int) -> int:
    return int(store.scalar("SELECT reviewed FROM documents WHERE id = ?", (doc,)))


def counts(store: Store, doc: int) -> tuple[int, int, int]:
    row = store.conn.execute(
        "SELECT entities, claims, annotations FROM document_counts WHERE document_id = ?", (doc,)
    ).fetchone()
    return tuple(row) if row else None  # type: ignore[return-value]


def add(store: Store, text: str, title: str = "T", **meta: str | None) -> int:
    with store.write() as conn:
        return save_document(conn, text, None, DocumentMeta(title=title, **meta))[1]


def add_items(store: Store, doc: int, entities: int = 2, claims: int = 1) -> None:
    with store.write() as conn:
        for i in range(entities):
            conn.execute(
                "INSERT INTO entities (document_id, start, end, label, text, canonical) "
                "VALUES (?, ?, ?, 'PERSON', 'Kirby', 'Kirby')",
                (doc, i, i + 5),
            )
        for i in range(claims):
            conn.execute(
                "INSERT INTO claims (document_id, start, end, kind, content_start, content_end) "
                "VALUES (?, ?, ?, 'assertion', ?, ?)",
                (doc, i, i + 10, i, i + 10),
            )


def first_id(store: Store, table: str, doc: int) -> str:
    return str(store.scalar(f"SELECT min(id) FROM {table} WHERE document_id = ?", (doc,)))


@pytest.fixture
def two(store: Store) -> tuple[Store, int, int]:
    a = add(store, "John Kirby said the arms deal is advancing.", "A")
    b = add(store, "The White House announced sanctions.", "B")
    add_items(store, a)
    add_items(store, b)
    return store, a, b


def test_a_new_document_gets_zero_keys(store: Store):
    doc = add(store, "Nothing to see.")
    assert counts(store, doc) == (0, 0, 0) and reviewed(store, doc) == 0


@pytest.mark.parametrize("kind", ["document", "claim", "entity", "annotation"])
def test_a_verdict_given_and_undone(two, kind: str):
    store, a, b = two
    ann = create_annotation(store, a, 0, 4, note="n")
    item_id = {
        "document": str(a),
        "claim": first_id(store, "claims", a),
        "entity": first_id(store, "entities", a),
        "annotation": ann.id,
    }[kind]
    session = open_session(store, "s", "claims")
    give_verdict(store, session, Item(kind, item_id, a, None, None), "accept", "me")
    assert reviewed(store, a) == 1 and reviewed(store, b) == 0
    assert_current(store)
    assert undo_verdict(store, session, "me") == (kind, item_id)
    assert reviewed(store, a) == 0
    assert_current(store)


def test_undoing_one_of_two_verdicts_keeps_the_document_reviewed(two):
    store, a, _ = two
    session = open_session(store, "s", "claims")
    give_verdict(store, session, Item("document", str(a), a, None, None), "accept", "me")
    claim = first_id(store, "claims", a)
    give_verdict(store, session, Item("claim", claim, a, None, None), "reject", "me")
    undo_verdict(store, session, "me")
    assert reviewed(store, a) == 1
    assert_current(store)


def test_a_verdict_moved_to_another_item(two):
    store, a, b = two
    session = open_session(store, "s", "claims")
    give_verdict(store, session, Item("claim", first_id(store, "claims", a), a, 0, 1), "x", "me")
    with store.write() as conn:
        conn.execute("UPDATE verdicts SET item_id = ?", (first_id(store, "claims", b),))
    assert (reviewed(store, a), reviewed(store, b)) == (0, 1)
    with store.write() as conn:
        conn.execute("UPDATE verdicts SET item_kind = 'entity'")  # entity of that id: in a
    assert_current(store)


def test_deleting_a_session_deletes_its_verdicts_and_the_flag(two):
    store, a, _ = two
    session = open_session(store, "s", "claims")
    give_verdict(store, session, Item("document", str(a), a, None, None), "accept", "me")
    with store.write() as conn:
        conn.execute("DELETE FROM review_sessions")
    assert reviewed(store, a) == 0
    assert_current(store)


def test_a_verdict_text_that_only_casts_to_an_id_names_nothing(two):
    store, a, _ = two
    session = open_session(store, "s", "claims")
    give_verdict(store, session, Item("document", f" {a}", a, None, None), "accept", "me")
    give_verdict(store, session, Item("document", f"{a}x", a, None, None), "accept", "me")
    assert reviewed(store, a) == 0
    assert_current(store)


def test_deleting_a_document_drops_its_keys(two):
    store, a, b = two
    with store.write() as conn:
        conn.execute("DELETE FROM documents WHERE id = ?", (a,))
    assert counts(store, a) is None and counts(store, b) == (2, 1, 0)
    assert_current(store)


def test_a_new_document_reusing_a_reviewed_id_is_reviewed(two):
    """Ids are rowids: the newest document deleted, the next one takes its id, and a verdict
    that named the old one names it (what the computed status said too)."""
    store, _, b = two
    session = open_session(store, "s", "claims")
    give_verdict(store, session, Item("document", str(b), b, None, None), "accept", "me")
    with store.write() as conn:
        conn.execute("DELETE FROM documents WHERE id = ?", (b,))
    assert add(store, "Another text entirely.") == b
    assert reviewed(store, b) == 1
    assert_current(store)


def test_annotations_count_through_create_delete_undo_redo(two):
    store, a, _ = two
    ann = create_annotation(store, a, 0, 4, tags=["x"], note="n")
    assert counts(store, a) == (2, 1, 1)
    delete_annotation(store, ann.id)
    assert counts(store, a) == (2, 1, 0)
    undo(store, a)
    assert counts(store, a) == (2, 1, 1)
    redo(store, a)
    assert counts(store, a) == (2, 1, 0)
    assert_current(store)


def test_deleting_a_reviewed_annotation_unreviews_its_document(two):
    store, a, _ = two
    ann = create_annotation(store, a, 0, 4, note="n")
    session = open_session(store, "s", "annotations")
    give_verdict(store, session, Item("annotation", ann.id, a, 0, 4), "accept", "me")
    delete_annotation(store, ann.id)
    assert reviewed(store, a) == 0
    undo(store, a)  # the annotation is back with its id: so is the verdict's hold
    assert reviewed(store, a) == 1
    assert_current(store)


def test_re_importing_a_file_replaces_its_analysis_and_keys(store: Store, tmp_path):
    with store.write() as conn:
        doc = save_document(conn, "Kirby said so.", str(tmp_path / "a.txt"), DocumentMeta())[1]
    add_items(store, doc, entities=3, claims=2)
    session = open_session(store, "s", "claims")
    give_verdict(store, session, Item("claim", first_id(store, "claims", doc), doc, 0, 1), "a", "")
    assert counts(store, doc) == (3, 2, 0) and reviewed(store, doc) == 1
    with store.write() as conn:  # the file changed: entities and claims go, analysis waits
        save_document(conn, "Kirby said otherwise.", str(tmp_path / "a.txt"), DocumentMeta())
    assert counts(store, doc) == (0, 0, 0) and reviewed(store, doc) == 0
    assert_current(store)


def test_re_analysis_keeps_the_keys_current(store: Store):
    docs = [
        add(store, 'John Kirby said on Friday that "North Korea delivered arms".', "A"),
        add(store, "The White House announced sanctions, Karine Jean-Pierre said.", "B"),
    ]
    analyze_documents(store, engine="rules")
    found = stored(store)
    assert all(found[d][1] > 0 and found[d][2] > 0 for d in docs)  # entities and claims
    session = open_session(store, "s", "claims")
    claim = first_id(store, "claims", docs[1])  # the newest claims: their ids come back
    give_verdict(store, session, Item("claim", claim, docs[1], 0, 1), "accept", "me")
    assert reviewed(store, docs[1]) == 1
    analyze_documents(store, docs, engine="rules", force=True)  # the verdict follows its claim
    assert_current(store)
    assert stored(store) == found | {docs[1]: (1, *found[docs[1]][1:])}
    with store.write() as conn:  # an analysis without the judged claim: its verdict is gone
        write_analysis(conn, docs[1], EngineIdentity("rules", "test"), Analysis([], []))
    assert stored(store)[docs[1]] == (0, 0, 0, 0)
    assert_current(store)


def test_random_writes_keep_every_key_current(store: Store):
    """Any mix of the writes above, checked against the computed keys after each."""
    rng = random.Random(7)
    docs = [add(store, f"Document number {i} about Kirby.", f"D{i}") for i in range(6)]
    session = open_session(store, "s", "claims")

    def some(table: str) -> str | None:
        ids = [str(r[0]) for r in store.conn.execute(f"SELECT id FROM {table}")]
        return rng.choice(ids) if ids else None

    for _ in range(150):
        live = [int(r[0]) for r in store.conn.execute("SELECT id FROM documents")]
        doc = rng.choice(live)
        action = rng.randrange(8)
        if action == 0:
            add_items(store, doc, rng.randrange(3), rng.randrange(3))
        elif action == 1:
            create_annotation(store, doc, 0, 3, note="n")
        elif action == 2 and (ann := some("annotations")):
            delete_annotation(store, ann)
        elif action == 3:
            kind, table = rng.choice(
                [("claim", "claims"), ("entity", "entities"), ("annotation", "annotations")]
            )
            item = some(table) or str(doc)
            give_verdict(store, session, Item(kind, item, doc, None, None), "a", "me")
        elif action == 4:
            give_verdict(store, session, Item("document", str(doc), doc, None, None), "a", "me")
        elif action == 5:
            undo_verdict(store, session, "me")
        elif action == 6:
            with store.write() as conn:
                table = rng.choice(["claims", "entities"])
                conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc,))
        elif action == 7 and len(live) > 2:
            with store.write() as conn:
                conn.execute("DELETE FROM documents WHERE id = ?", (doc,))
            docs.append(add(store, f"Replacement {rng.random()}", "R"))
        assert_current(store)


def test_migrating_an_older_store_fills_the_keys(tmp_path):
    """A store of the schema before the keys: the migration computes them for every
    document and from then on the triggers keep them."""
    from gloss.store import migrations

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    before = migrations.MIGRATIONS.index(migrations._library_sort_keys)
    for step in migrations.MIGRATIONS[:before]:
        step(conn)
    conn.execute(f"PRAGMA user_version = {before}")
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    conn.execute(
        "INSERT INTO documents (id, sha256, title, text, imported, updated) VALUES "
        "(1, 'a', 'A', 'x', 't', 't'), (2, 'b', 'B', 'y', 't', 't'), (3, 'c', 'C', 'z', 't', 't')"
    )
    conn.execute(
        "INSERT INTO claims (id, document_id, start, end, kind, content_start, content_end) "
        "VALUES (5, 2, 0, 1, 'quote', 0, 1), (6, 2, 0, 1, 'quote', 0, 1)"
    )
    conn.execute(
        "INSERT INTO review_sessions (id, name, queue, labels, created) "
        "VALUES (1, 's', 'claims', '{}', 't')"
    )
    conn.execute(
        "INSERT INTO verdicts (session_id, item_kind, item_id, verdict, created) "
        "VALUES (1, 'claim', '6', 'a', 't'), (1, 'document', '3', 'a', 't')"
    )
    conn.close()
    store = open_store(path)
    try:
        assert stored(store) == {1: (0, 0, 0, 0), 2: (1, 0, 2, 0), 3: (1, 0, 0, 0)}
        add_items(store, 1)
        assert_current(store)
    finally:
        store.close()


# -- pages ---------------------------------------------------------------------------


def old_page(store: Store, query: ListQuery, offset: int, limit: int) -> list[int]:
    """The ids the library listed before the keys were stored (status: and sorts only)."""
    where = f" WHERE {OLD_STATUS[query.filter.status]}" if query.filter.status else ""
    order = OLD_ORDER[query.sort].format(dir="DESC" if query.descending else "ASC")
    sql = f"SELECT d.id FROM documents d{where} ORDER BY {order} LIMIT ? OFFSET ?"
    return [int(r[0]) for r in store.conn.execute(sql, (limit, offset))]


@pytest.fixture
def library(store: Store) -> Store:
    """60 documents with many ties in every key: titles, outlets (and none), dates (and
    none), word counts, counts, read and reviewed documents."""
    rng = random.Random(3)
    session = open_session(store, "s", "claims")
    for i in range(60):
        words = " ".join(["word"] * rng.randrange(1, 5))
        doc = add(
            store,
            f"{words} {i}",
            rng.choice(["Alpha", "alpha", "Beta", "gamma", ""]),
            outlet=rng.choice(["BBC", "bbc", "Reuters", None]),
            published=rng.choice(["2024-01-01", "2023-05-05", None]),
        )
        add_items(store, doc, rng.randrange(3), rng.randrange(3))
        if rng.random() < 0.3:
            create_annotation(store, doc, 0, 2, note="n")
        if rng.random() < 0.4:
            with store.write() as conn:
                conn.execute("UPDATE documents SET read_at = 't' WHERE id = ?", (doc,))
        if rng.random() < 0.2:
            give_verdict(store, session, Item("document", str(doc), doc, None, None), "a", "")
        if rng.random() < 0.2:
            with store.write() as conn:
                conn.execute("UPDATE documents SET engine = 'rules' WHERE id = ?", (doc,))
    return store


QUERIES = [ListQuery(sort=s, descending=d) for s in OLD_ORDER for d in (True, False)]
QUERIES += [ListQuery.from_text(f"status:{status}") for status in OLD_STATUS]
SINGLE = list(QUERIES)  # one sort or one status: filter, each with its own index
QUERIES += [  # a status: filter with another sort (a count's through the join)
    ListQuery.from_text(f"status:{status} sort:{sort}")
    for status, sort in [("read", "entities"), ("unreviewed", "annotations"), ("reviewed", "title")]
]


def name(query: ListQuery) -> str:
    return f"{query.filter.status or 'all'}-{query.sort}-{'desc' if query.descending else 'asc'}"


@pytest.mark.parametrize("query", QUERIES, ids=name)
@pytest.mark.parametrize("reverse_after", [0, 10**9])
def test_every_page_is_the_page_listed_before(library: Store, monkeypatch, query, reverse_after):
    """Every window of every sort (both directions) and status: filter, read forwards or
    backwards from the end, lists the ids the computed order listed."""
    monkeypatch.setattr(lp, "REVERSE_AFTER", reverse_after)
    total = count(library, query)
    assert total == len(old_page(library, query, 0, 1000))
    for offset in [*range(0, total + 3, 7), total - 1, total - 5]:
        for limit in (1, 10):
            got = [int(r["id"]) for r in page(library, query, max(offset, 0), limit)]
            assert got == old_page(library, query, max(offset, 0), limit), (offset, limit)


def test_page_rows_show_the_stored_keys(library: Store):
    rows = page(library, ListQuery(), 0, 100)
    keys = truth(library)
    for row in rows:
        reviewed_, entities, claims, annotations = keys[int(row["id"])]
        assert (row["reviewed"], row["entities"], row["claims"], row["annotations"]) == (
            reviewed_,
            entities,
            claims,
            annotations,
        )
        expected = "reviewed" if reviewed_ else "read" if row["read_at"] else "unread"
        assert row["status"] == expected


@pytest.mark.parametrize("query", SINGLE, ids=name)
def test_every_sort_and_status_is_read_from_an_index(library: Store, query: ListQuery):
    """No page sorts (no ANALYZE statistics, as in a user's store): both ends of the list
    walk an index in order."""
    for reverse in (False, True):
        sql, params = lp._window_sql(library, query, 0, 10, reverse)
        plan = " ".join(r[3] for r in library.conn.execute("EXPLAIN QUERY PLAN " + sql, params))
        assert "TEMP B-TREE" not in plan and "INDEX" in plan, plan


@pytest.mark.parametrize("sort", list(OLD_ORDER))
def test_a_tag_filter_lists_the_documents_it_did(store: Store, sort: str):
    """tag: selects the documents with an annotation so tagged (any case), in every sort."""
    rng = random.Random(5)
    docs = [add(store, f"Text {i}", rng.choice(["A", "B", "C"])) for i in range(30)]
    for doc in rng.sample(docs, 12):
        create_annotation(store, doc, 0, 2, tags=[rng.choice(["Budget", "budget", "other"])])
        if rng.random() < 0.5:
            create_annotation(store, doc, 0, 2, tags=["budget", "x"])
    tagged = (
        "EXISTS (SELECT 1 FROM annotations a JOIN annotation_tags at ON at.annotation_id = a.id "
        "JOIN tags t ON t.id = at.tag_id WHERE a.document_id = d.id AND t.name = 'BUDGET' "
        "COLLATE NOCASE)"
    )
    order = OLD_ORDER[sort].format(dir="DESC")
    sql = f"SELECT d.id FROM documents d WHERE {tagged} ORDER BY {order}"
    expected = [int(r[0]) for r in store.conn.execute(sql)]
    query = ListQuery(filter=ListQuery.from_text("tag:BUDGET").filter, sort=sort, descending=True)
    assert count(store, query) == len(expected) > 0
    assert [int(r["id"]) for r in page(store, query, 0, 100)] == expected
