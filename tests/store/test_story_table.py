"""Stories, stored: computed after analysis, updated by a re-analysis, filled on migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from gloss.store import open_store
from gloss.store.analysis import analyze_documents, link_store, links_stale, list_stories
from gloss.store.analysis.stories import stories
from gloss.store.analysis.story_table import document_story, story_id, story_label
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.file_import import ensure_seeded
from gloss.store.migrations import SCHEMA_VERSION
from gloss.store.search import search_documents

# Seeds 000/001/003 report the 2023-10-13 briefing, 002/004 the 2023-08-30 one.
OCT13 = [1, 2, 4]
AUG30 = [3, 5]


def stored(store) -> dict[int, int]:
    return {
        r["document_id"]: r["story"]
        for r in store.rows("SELECT document_id, story FROM document_stories")
    }


def analysed_seeds(store):
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    return store


def test_stories_are_stored_after_analysis(store) -> None:
    assert stored(store) == {}
    analysed_seeds(store)
    assert stored(store) == {**dict.fromkeys(OCT13, 1), **dict.fromkeys(AUG30, 3)}
    # What the CLI and the TUI read is what the grouping computes, summary included.
    assert list_stories(store) == stories(store.conn)
    assert [s["story"] for s in list_stories(store)] == ["s1", "s3"]
    assert document_story(store.conn, 4) == 1 and document_story(store.conn, 99) is None
    ids = sorted(r["id"] for r in search_documents(store, "story:s3"))
    assert ids == AUG30


def test_a_reanalysis_updates_the_stories(store) -> None:
    analysed_seeds(store)
    # A fourth outlet carries the 2023-08-30 briefing: it joins that story when analysed.
    text = store.scalar("SELECT text FROM documents WHERE id = 3")
    with store.write() as conn:
        _, new = save_document(
            conn,
            text + "\nA line added by the fourth outlet.",
            "copy.txt",
            DocumentMeta(title="Copy", outlet="Copy Times", published="2023-08-30"),
        )
    analyze_documents(store, [new], engine="rules")
    assert document_story(store.conn, new) == 3
    # Seed 004 moved years away: it can no longer be the same event, so story s3 loses it.
    with store.write() as conn:
        conn.execute("UPDATE documents SET published = '2019-01-01' WHERE id = 5")
    analyze_documents(store, [5], engine="rules", force=True)
    assert document_story(store.conn, 5) is None
    assert sorted(d["id"] for d in list_stories(store)[1]["documents"]) == [3, new]
    assert list_stories(store) == stories(store.conn)


def test_a_deleted_document_leaves_no_one_document_story(store) -> None:
    analysed_seeds(store)
    with store.write() as conn:
        conn.execute("DELETE FROM documents WHERE id = 5")
    assert [s["story"] for s in list_stories(store)] == ["s1"]


def test_a_v2_store_gets_its_stories_from_the_relink_after_migration(tmp_path: Path) -> None:
    """The migration only creates the table (it never runs the analysis code of the day);
    the store is then stale, so the next `gloss analyze` or reader start relinks it."""
    path = tmp_path / "old.db"
    old = analysed_seeds(open_store(path))
    old.close()
    conn = sqlite3.connect(path)  # what gloss with schema 2 left behind
    for (trigger,) in conn.execute(  # schema 12
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%link%'"
    ).fetchall():
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DROP TABLE document_stories")
    conn.execute("DROP TABLE meta")  # schema 4
    conn.execute("DROP TABLE corrections")  # schema 6
    conn.execute("DROP INDEX documents_path_key")  # schema 5
    conn.execute("ALTER TABLE documents DROP COLUMN path_key")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    migrated = open_store(path)
    try:
        assert migrated.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert stored(migrated) == {} and links_stale(migrated)
        link_store(migrated)
        assert stored(migrated) == {**dict.fromkeys(OCT13, 1), **dict.fromkeys(AUG30, 3)}
        assert Path(f"{path}.bak-v2").exists()
    finally:
        migrated.close()


def test_story_ids_read_as_printed() -> None:
    assert story_label(12) == "s12"
    assert story_id("s12") == story_id("12") == story_id(" S12 ") == 12
    assert story_id("s") is None and story_id("twelve") is None and story_id("s-1") is None


def test_the_reader_loads_the_other_documents_of_the_story(store) -> None:
    from gloss.store.document_layers import load_reading

    analysed_seeds(store)
    # Dated first (Bloomberg, 2023-10-13), then the undated Reuters copy.
    assert [d["id"] for d in load_reading(store, 4).same_story] == [2, 1]
    assert set(load_reading(store, 5).same_story[0]) == {"id", "title", "outlet", "published"}
    with store.write() as conn:
        conn.execute("DELETE FROM document_stories")
    assert load_reading(store, 4).same_story == []
