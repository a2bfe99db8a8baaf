"""Schema versions: one function per change, applied in order inside one transaction each.

The version lives in ``PRAGMA user_version``. A store written by a newer gloss is refused; an
existing store that needs migrating is first copied to ``<name>.bak-v<old>`` (SQLite backup API,
so the copy is consistent even under WAL).

All offsets (``start``, ``end``, ``*_start``, ``*_end``) are Python ``str`` indices into
``documents.text`` (code points, end exclusive). The README's "Store schema" section documents
every table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from gloss.store.db import Store, connect, connect_read_only
from gloss.store.errors import StoreError, store_failure
from gloss.store.identity import APPLICATION_ID, recognise


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run a multi-statement script inside the caller's transaction.

    ``Connection.executescript`` would COMMIT the open transaction first, so statements are
    split with ``sqlite3.complete_statement`` (which understands trigger bodies) instead.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement in migration: {pending[:60]!r}")


def _v1_initial(conn: sqlite3.Connection) -> None:
    """Documents, entities, claims, annotations, tags, review sessions, verdicts, FTS."""
    _run_script(
        conn,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,        -- of the normalised text
            path TEXT,                          -- where it was imported from (last import)
            title TEXT NOT NULL DEFAULT '',
            outlet TEXT,
            byline TEXT,
            published TEXT,                     -- YYYY-MM-DD or NULL
            text TEXT NOT NULL,
            words INTEGER NOT NULL DEFAULT 0,
            imported TEXT NOT NULL,             -- ISO 8601 UTC
            updated TEXT NOT NULL,
            title_start INTEGER,
            title_end INTEGER,
            boilerplate TEXT NOT NULL DEFAULT '[]',  -- JSON [[start, end], ...]
            engine TEXT,                        -- analysis engine name, NULL = not analysed
            engine_version TEXT,
            read_at TEXT                        -- first opened in the reader
        );
        CREATE INDEX documents_path ON documents(path);
        CREATE INDEX documents_published ON documents(published, id);
        CREATE INDEX documents_outlet ON documents(outlet);

        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            label TEXT NOT NULL,                -- OntoNotes label (PERSON, ORG, GPE, ...)
            text TEXT NOT NULL,
            canonical TEXT NOT NULL
        );
        CREATE INDEX entities_document ON entities(document_id, start);
        CREATE INDEX entities_canonical ON entities(canonical, label);

        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,             -- the sentence(s)
            end INTEGER NOT NULL,
            kind TEXT NOT NULL,                 -- quote | reported | assertion
            speaker TEXT,                       -- canonical speaker
            speaker_start INTEGER,
            speaker_end INTEGER,
            cue TEXT,
            cue_start INTEGER,
            cue_end INTEGER,
            content_start INTEGER NOT NULL,
            content_end INTEGER NOT NULL,
            score REAL NOT NULL DEFAULT 0,      -- check-worthiness 0..1
            hedges TEXT NOT NULL DEFAULT '[]',  -- JSON list of hedge words
            cluster TEXT                        -- cluster id shared across documents
        );
        CREATE INDEX claims_document ON claims(document_id, start);
        CREATE INDEX claims_cluster ON claims(cluster);

        CREATE TABLE annotations (
            id TEXT PRIMARY KEY,                -- UUID
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER,                      -- NULL for a document-level annotation
            end INTEGER,
            quote TEXT NOT NULL DEFAULT '',
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            text_sha256 TEXT,                   -- the document text the offsets refer to
            orphan INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX annotations_document ON annotations(document_id, start);

        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            color TEXT,
            pin_key TEXT UNIQUE                 -- '1'..'9' or NULL
        );

        CREATE TABLE annotation_tags (
            annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (annotation_id, tag_id)
        );
        CREATE INDEX annotation_tags_tag ON annotation_tags(tag_id);

        CREATE TABLE review_sessions (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            queue TEXT NOT NULL,                -- the queue expression
            labels TEXT NOT NULL,               -- JSON {key: label}
            item_order TEXT NOT NULL DEFAULT 'document',
            author TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL
        );

        CREATE TABLE verdicts (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES review_sessions(id) ON DELETE CASCADE,
            item_kind TEXT NOT NULL,            -- claim | entity | document | annotation
            item_id TEXT NOT NULL,
            verdict TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL
        );
        CREATE INDEX verdicts_item ON verdicts(item_kind, item_id);
        CREATE INDEX verdicts_session ON verdicts(session_id, id);

        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;

        CREATE VIRTUAL TABLE annotations_fts USING fts5(
            note, content='annotations', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER annotations_fts_ai AFTER INSERT ON annotations BEGIN
            INSERT INTO annotations_fts(rowid, note) VALUES (new.rowid, new.note);
        END;
        CREATE TRIGGER annotations_fts_ad AFTER DELETE ON annotations BEGIN
            INSERT INTO annotations_fts(annotations_fts, rowid, note)
            VALUES ('delete', old.rowid, old.note);
        END;
        CREATE TRIGGER annotations_fts_au AFTER UPDATE OF note ON annotations BEGIN
            INSERT INTO annotations_fts(annotations_fts, rowid, note)
            VALUES ('delete', old.rowid, old.note);
            INSERT INTO annotations_fts(rowid, note) VALUES (new.rowid, new.note);
        END;
        """,
    )


def _v2_annotation_history(conn: sqlite3.Connection) -> None:
    """Undo/redo log of annotation changes, kept across restarts (per document)."""
    _run_script(
        conn,
        """
        CREATE TABLE annotation_history (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotation_id TEXT NOT NULL,
            action TEXT NOT NULL,               -- create | edit | delete | tag
            before TEXT,                        -- JSON snapshot, NULL = did not exist
            after TEXT,                         -- JSON snapshot, NULL = no longer exists
            undone INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL
        );
        CREATE INDEX annotation_history_document ON annotation_history(document_id, id);
        """,
    )


def _v3_document_stories(conn: sqlite3.Connection) -> None:
    """Each document's story (documents about the same event), stored so the library can
    filter by story. The table starts empty: an analysed store has no links_version yet
    (schema 4), so the next `gloss analyze` or reader start relinks it and fills the stories
    (a migration never runs the analysis code of the day)."""
    _run_script(
        conn,
        """
        CREATE TABLE document_stories (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            story INTEGER NOT NULL              -- the smallest document id in the story
        );
        CREATE INDEX document_stories_story ON document_stories(story, document_id);
        """,
    )


def _v4_meta(conn: sqlite3.Connection) -> None:
    """Store-wide settings as key/value pairs: which version of the cross-document linking
    (clusters, corpus names, stories) the stored links come from, so a newer gloss relinks."""
    _run_script(
        conn,
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    )


def _v5_fts_other_tools_detect(conn: sqlite3.Connection) -> None:
    """The full-text indexes declared with ``content="documents"`` (a quoted name), the form
    sqlite-utils and Datasette look for, so `sqlite-utils search gloss.db documents ...` and
    Datasette's search box work on a gloss store. Same columns, tokenizer and triggers; the
    indexes are rebuilt from their tables."""
    for table, columns, rowid in (
        ("documents", ("title", "text"), "id"),
        ("annotations", ("note",), "rowid"),
    ):
        fts = f"{table}_fts"
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        _run_script(
            conn,
            f"""
            DROP TRIGGER {fts}_ai;
            DROP TRIGGER {fts}_ad;
            DROP TRIGGER {fts}_au;
            DROP TABLE {fts};
            CREATE VIRTUAL TABLE {fts} USING fts5(
                {cols}, content="{table}", content_rowid="{rowid}",
                tokenize='unicode61 remove_diacritics 2'
            );
            CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN
                INSERT INTO {fts}(rowid, {cols}) VALUES (new.{rowid}, {new});
            END;
            CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN
                INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.{rowid}, {old});
            END;
            CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN
                INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.{rowid}, {old});
                INSERT INTO {fts}(rowid, {cols}) VALUES (new.{rowid}, {new});
            END;
            INSERT INTO {fts}({fts}) VALUES ('rebuild');
            """,
        )


def _v6_corrections(conn: sqlite3.Connection) -> None:
    """Corrections a reader made to the analysis (split a claim off its cluster, merge two
    clusters, merge or rename canonical entities, split a mention off its entity, set a
    claim's speaker), re-applied after every relink (``analysis.corrections``). Claims and
    mentions are named by document and span, which survive re-analysis; ``claim_id``,
    ``other_claim_id`` and ``entity_id`` are the rows they resolved to last (no foreign key:
    re-analysis replaces those rows)."""
    _run_script(
        conn,
        """
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,     -- split_claim | merge_clusters | rename_entity
                                    -- | split_mention | set_speaker
            document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER,          -- the claim's content span or the mention's span
            end INTEGER,
            other_document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
            other_start INTEGER,    -- merge_clusters: a claim of the other cluster
            other_end INTEGER,
            label TEXT,             -- rename_entity: the entities' label
            old TEXT,               -- rename_entity: the canonical name replaced
            new TEXT,               -- the new canonical name or speaker
            author TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,  -- ISO 8601 UTC
            claim_id INTEGER,
            other_claim_id INTEGER,
            entity_id INTEGER
        );
        CREATE INDEX corrections_document ON corrections(document_id);
        """,
    )


def _v7_exact_paths(conn: sqlite3.Connection) -> None:
    """Match a document to its file by the exact bytes of the file's path (``path_key``),
    never by the path as displayed: "a<newline>b.txt" and "a\\nb.txt" are two files.

    Older versions stored a path with control characters escaped for display, so a stored
    path holding a backslash may stand for either; it gets no key, and re-importing its
    file adds a document instead of possibly replacing another file's text.
    """
    _run_script(
        conn,
        """
        ALTER TABLE documents ADD COLUMN path_key BLOB;  -- os.fsencode of the absolute path
        UPDATE documents SET path_key = CAST(path AS BLOB)
            WHERE path IS NOT NULL AND instr(path, char(92)) = 0;
        CREATE INDEX documents_path_key ON documents(path_key);
        """,
    )


def _v8_analysis_index(conn: sqlite3.Connection) -> None:
    """An index on which analysis ran, so the documents waiting for analysis (engine NULL)
    and those an older gloss analysed are found without reading every document's text."""
    conn.execute(
        "CREATE INDEX IF NOT EXISTS documents_analysis ON documents(engine, engine_version)"
    )


def _fts_prefix_indexes(conn: sqlite3.Connection) -> None:
    """Prefix indexes of 1, 2 and 3 characters on the documents' full-text index: the library
    matches the word being typed as a prefix (``g``, ``go``, ``gor`` find Gordon), and without
    them FTS5 reads every indexed word that starts with it (over a second for ``g`` on 10k
    documents, snippets included). Same columns, tokenizer and content table (the triggers
    name the index, so they stay); the index is rebuilt from the documents."""
    _run_script(
        conn,
        """
        DROP TABLE documents_fts;
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content="documents", content_rowid="id",
            tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
        );
        INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
        """,
    )


def _saved_filters(conn: sqlite3.Connection) -> None:
    """Library filters a reader named (newsboat's query feeds) and the filters typed lately
    (the filter box's up/down history), kept in the store because what they name (tags,
    outlets, entities, story ids) belongs to this store."""
    _run_script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS saved_filters (
            name TEXT PRIMARY KEY,
            filter TEXT NOT NULL,
            created TEXT NOT NULL,  -- ISO 8601 UTC; saving the name again replaces it
            used TEXT               -- last recalled
        );
        CREATE TABLE IF NOT EXISTS filter_history (
            id INTEGER PRIMARY KEY,  -- larger: typed later
            filter TEXT NOT NULL UNIQUE
        );
        """,
    )


def _library_sort_keys(conn: sqlite3.Connection) -> None:
    """The library's sort keys and ``status:`` flags stored and indexed, so any page of any
    sort is read from an index in order instead of counting and sorting every document per
    page (850 ms for the last ``status`` page at 100k documents): ``documents.reviewed``
    (1 once any verdict names the document or one of its claims, entities or annotations)
    and ``document_counts`` (its entities, claims and annotations; a table of its own, as
    bumping a counter in ``documents`` rewrites the document's text with each mention an
    analysis inserts). Triggers keep both current under every write, whoever writes; the
    indexes serve each sort in both directions (ties break on the id, ascending)."""
    # A verdict names a document, or a claim, entity or annotation by its id as text.
    reviewed = (
        "(EXISTS (SELECT 1 FROM verdicts v WHERE v.item_kind = 'document' "
        "AND v.item_id = CAST(documents.id AS TEXT))"
        " OR EXISTS (SELECT 1 FROM claims c JOIN verdicts v ON v.item_kind = 'claim' "
        "AND v.item_id = CAST(c.id AS TEXT) WHERE c.document_id = documents.id)"
        " OR EXISTS (SELECT 1 FROM entities e JOIN verdicts v ON v.item_kind = 'entity' "
        "AND v.item_id = CAST(e.id AS TEXT) WHERE e.document_id = documents.id)"
        " OR EXISTS (SELECT 1 FROM annotations a JOIN verdicts v ON v.item_kind = 'annotation' "
        "AND v.item_id = a.id WHERE a.document_id = documents.id))"
    )

    def named(row: str) -> str:
        """The documents a verdict (``new`` or ``old``) names, directly or through an item."""
        item = f"{row}.item_id"
        return (
            f"SELECT id FROM documents WHERE {row}.item_kind = 'document' "
            f"AND id = CAST({item} AS INTEGER) AND CAST(id AS TEXT) = {item} "
            f"UNION SELECT document_id FROM claims WHERE {row}.item_kind = 'claim' "
            f"AND id = CAST({item} AS INTEGER) AND CAST(id AS TEXT) = {item} "
            f"UNION SELECT document_id FROM entities WHERE {row}.item_kind = 'entity' "
            f"AND id = CAST({item} AS INTEGER) AND CAST(id AS TEXT) = {item} "
            f"UNION SELECT document_id FROM annotations WHERE {row}.item_kind = 'annotation' "
            f"AND id = {item}"
        )

    def recheck(document: str) -> str:
        return f"UPDATE documents SET reviewed = {reviewed} WHERE id IN ({document});"

    def recount(document: str) -> str:
        """Store the counts of one document (``document``: its id as SQL) afresh."""
        return (
            "INSERT OR REPLACE INTO document_counts (document_id, entities, claims, annotations) "
            f"VALUES ({document}, "
            f"(SELECT count(*) FROM entities WHERE document_id = {document}), "
            f"(SELECT count(*) FROM claims WHERE document_id = {document}), "
            f"(SELECT count(*) FROM annotations WHERE document_id = {document}));"
        )

    columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
    if "reviewed" not in columns:  # each step may find its work done (a hand-made old store)
        conn.execute("ALTER TABLE documents ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0")
    script = f"""
        UPDATE documents SET reviewed = {reviewed} WHERE reviewed IS NOT {reviewed};
        CREATE TABLE IF NOT EXISTS document_counts (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            entities INTEGER NOT NULL DEFAULT 0,
            claims INTEGER NOT NULL DEFAULT 0,
            annotations INTEGER NOT NULL DEFAULT 0
        );
        INSERT OR REPLACE INTO document_counts (document_id, entities, claims, annotations)
            SELECT d.id,
                (SELECT count(*) FROM entities WHERE document_id = d.id),
                (SELECT count(*) FROM claims WHERE document_id = d.id),
                (SELECT count(*) FROM annotations WHERE document_id = d.id)
            FROM documents d;

        CREATE TRIGGER IF NOT EXISTS documents_keys_ai AFTER INSERT ON documents BEGIN
            {recount("new.id")}
        END;
        CREATE TRIGGER IF NOT EXISTS documents_reviewed_ai AFTER INSERT ON documents
        WHEN new.reviewed IS NOT 0 OR EXISTS (SELECT 1 FROM verdicts
            WHERE item_kind = 'document' AND item_id = CAST(new.id AS TEXT)) BEGIN
            {recheck("SELECT new.id")}
        END;
        CREATE TRIGGER IF NOT EXISTS documents_keys_ad AFTER DELETE ON documents BEGIN
            DELETE FROM document_counts WHERE document_id = old.id;
        END;
        CREATE TRIGGER IF NOT EXISTS documents_keys_au AFTER UPDATE OF id ON documents
        WHEN new.id IS NOT old.id BEGIN
            DELETE FROM document_counts WHERE document_id = old.id;
            {recount("new.id")}
            {recheck("SELECT new.id")}
        END;

        CREATE TRIGGER IF NOT EXISTS verdicts_keys_ai AFTER INSERT ON verdicts BEGIN
            UPDATE documents SET reviewed = 1 WHERE reviewed = 0 AND id IN ({named("new")});
        END;
        CREATE TRIGGER IF NOT EXISTS verdicts_keys_ad AFTER DELETE ON verdicts BEGIN
            {recheck(named("old"))}
        END;
        CREATE TRIGGER IF NOT EXISTS verdicts_keys_au
        AFTER UPDATE OF item_kind, item_id ON verdicts BEGIN
            {recheck(named("old") + " UNION " + named("new"))}
        END;
    """
    for table, kind, column, as_text in (
        ("entities", "entity", "entities", "CAST({}.id AS TEXT)"),
        ("claims", "claim", "claims", "CAST({}.id AS TEXT)"),
        ("annotations", "annotation", "annotations", "{}.id"),
    ):
        judged = (
            f"EXISTS (SELECT 1 FROM verdicts WHERE item_kind = '{kind}' "
            f"AND item_id = {as_text.format('{}')})"
        )
        script += f"""
        CREATE TRIGGER IF NOT EXISTS {table}_keys_ai AFTER INSERT ON {table} BEGIN
            UPDATE document_counts SET {column} = {column} + 1
                WHERE document_id = new.document_id;
        END;
        CREATE TRIGGER IF NOT EXISTS {table}_reviewed_ai AFTER INSERT ON {table}
        WHEN {judged.format("new")} BEGIN
            UPDATE documents SET reviewed = 1 WHERE id = new.document_id AND reviewed = 0;
        END;
        CREATE TRIGGER IF NOT EXISTS {table}_keys_ad AFTER DELETE ON {table} BEGIN
            UPDATE document_counts SET {column} = {column} - 1
                WHERE document_id = old.document_id;
        END;
        CREATE TRIGGER IF NOT EXISTS {table}_reviewed_ad AFTER DELETE ON {table}
        WHEN {judged.format("old")} BEGIN
            {recheck("SELECT old.document_id")}
        END;
        CREATE TRIGGER IF NOT EXISTS {table}_keys_au AFTER UPDATE OF id, document_id ON {table}
        WHEN new.id IS NOT old.id OR new.document_id IS NOT old.document_id BEGIN
            UPDATE document_counts SET {column} = {column} - 1
                WHERE document_id = old.document_id;
            UPDATE document_counts SET {column} = {column} + 1
                WHERE document_id = new.document_id;
            {recheck("SELECT old.document_id UNION SELECT new.document_id")}
        END;
        CREATE INDEX IF NOT EXISTS document_counts_{column} ON document_counts({column});
        CREATE INDEX IF NOT EXISTS document_counts_{column}_desc ON document_counts({column} DESC);
        """
    script += """
        CREATE INDEX IF NOT EXISTS documents_title ON documents(title COLLATE NOCASE);
        CREATE INDEX IF NOT EXISTS documents_title_desc ON documents(title COLLATE NOCASE DESC);
        CREATE INDEX IF NOT EXISTS documents_outlet_sort
            ON documents(outlet COLLATE NOCASE, published DESC);
        CREATE INDEX IF NOT EXISTS documents_outlet_sort_desc
            ON documents(outlet COLLATE NOCASE DESC, published DESC);
        CREATE INDEX IF NOT EXISTS documents_words ON documents(words);
        CREATE INDEX IF NOT EXISTS documents_words_desc ON documents(words DESC);
        CREATE INDEX IF NOT EXISTS documents_status
            ON documents(reviewed, (read_at IS NOT NULL), published DESC);
        CREATE INDEX IF NOT EXISTS documents_status_desc
            ON documents(reviewed DESC, (read_at IS NOT NULL) DESC, published DESC);
        CREATE INDEX IF NOT EXISTS documents_reviewed ON documents(reviewed, published);
        CREATE INDEX IF NOT EXISTS documents_read ON documents((read_at IS NOT NULL), published);
        CREATE INDEX IF NOT EXISTS documents_waiting ON documents((engine IS NULL), published);
    """
    _run_script(conn, script)


# Append new migrations here; never edit one that has shipped.
def _link_state(conn: sqlite3.Connection) -> None:
    """What linking keeps between runs so adding documents links only what they touch
    (gloss.store.analysis.link_state): frozen statistics, blocking keys, matched claim pairs,
    linked document pairs, what each speaker is, and the work pending. Triggers record the
    pending work whoever writes: a document whose claims, entities, outlet or date changed is
    linked again; the neighbours and cluster or story mates of a deleted claim or document
    are regrouped. An existing store has no state yet, so its next link is a full one."""

    def pending(document: str) -> str:
        return (
            "INSERT INTO link_pending (document_id, seq) VALUES "
            f"({document}, (SELECT coalesce(max(seq), 0) + 1 FROM link_pending)) "
            "ON CONFLICT (document_id) DO UPDATE SET seq = excluded.seq;"
        )

    _run_script(
        conn,
        f"""
        CREATE TABLE IF NOT EXISTS link_stats (key INTEGER PRIMARY KEY, df INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS link_keys (
            key INTEGER NOT NULL, claim INTEGER NOT NULL, PRIMARY KEY (key, claim)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS link_keys_claim ON link_keys(claim);
        CREATE TABLE IF NOT EXISTS link_edges (
            a INTEGER NOT NULL, b INTEGER NOT NULL, weight REAL NOT NULL, PRIMARY KEY (a, b)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS link_edges_b ON link_edges(b);
        CREATE TABLE IF NOT EXISTS story_edges (
            a INTEGER NOT NULL, b INTEGER NOT NULL, weight REAL NOT NULL, PRIMARY KEY (a, b)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS story_edges_b ON story_edges(b);
        CREATE TABLE IF NOT EXISTS link_speakers (
            speaker TEXT PRIMARY KEY, person INTEGER NOT NULL, groups TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS link_pending (
            document_id INTEGER PRIMARY KEY, seq INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS link_pending_seq ON link_pending(seq);
        CREATE TABLE IF NOT EXISTS link_dirty (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, claim INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS link_dirty_documents (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, document_id INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS claims_speaker ON claims(speaker);

        CREATE TRIGGER IF NOT EXISTS claims_link_ai AFTER INSERT ON claims BEGIN
            {pending("new.document_id")}
        END;
        CREATE TRIGGER IF NOT EXISTS claims_link_au AFTER UPDATE OF speaker, kind,
            content_start, content_end, speaker_start, speaker_end ON claims
        WHEN new.speaker IS NOT old.speaker OR new.kind IS NOT old.kind
            OR new.content_start IS NOT old.content_start
            OR new.content_end IS NOT old.content_end
            OR new.speaker_start IS NOT old.speaker_start
            OR new.speaker_end IS NOT old.speaker_end BEGIN
            {pending("new.document_id")}
        END;
        CREATE TRIGGER IF NOT EXISTS claims_link_bd BEFORE DELETE ON claims BEGIN
            INSERT INTO link_dirty (claim)
                SELECT b FROM link_edges WHERE a = old.id
                UNION SELECT a FROM link_edges WHERE b = old.id
                UNION SELECT id FROM claims WHERE old.cluster IS NOT NULL
                    AND cluster = old.cluster AND id != old.id;
            DELETE FROM link_edges WHERE a = old.id;
            DELETE FROM link_edges WHERE b = old.id;
            DELETE FROM link_keys WHERE claim = old.id;
            {pending("old.document_id")}
        END;
        CREATE TRIGGER IF NOT EXISTS entities_link_ai AFTER INSERT ON entities BEGIN
            {pending("new.document_id")}
        END;
        CREATE TRIGGER IF NOT EXISTS entities_link_ad AFTER DELETE ON entities BEGIN
            {pending("old.document_id")}
        END;
        CREATE TRIGGER IF NOT EXISTS entities_link_au AFTER UPDATE OF canonical, label, start,
            end ON entities
        WHEN new.canonical IS NOT old.canonical OR new.label IS NOT old.label
            OR new.start IS NOT old.start OR new.end IS NOT old.end BEGIN
            {pending("new.document_id")}
        END;
        CREATE TRIGGER IF NOT EXISTS documents_link_au AFTER UPDATE OF outlet, published
            ON documents
        WHEN new.outlet IS NOT old.outlet OR new.published IS NOT old.published BEGIN
            {pending("new.id")}
        END;
        CREATE TRIGGER IF NOT EXISTS documents_link_bd BEFORE DELETE ON documents BEGIN
            INSERT INTO link_dirty_documents (document_id)
                SELECT b FROM story_edges WHERE a = old.id
                UNION SELECT a FROM story_edges WHERE b = old.id
                UNION SELECT document_id FROM document_stories WHERE story IN
                    (SELECT story FROM document_stories WHERE document_id = old.id)
                    AND document_id != old.id;
            DELETE FROM story_edges WHERE a = old.id;
            DELETE FROM story_edges WHERE b = old.id;
        END;
        """,
    )


def _link_names(conn: sqlite3.Connection) -> None:
    """The canonical names of the store with their matching key and counts, kept by each
    full link, so a new document adopts the corpus's names without a pass over every
    entity (gloss.store.analysis.corpus_names.adopt_corpus_names)."""
    _run_script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS link_names (
            canonical TEXT NOT NULL, label TEXT NOT NULL, key TEXT NOT NULL,
            last TEXT NOT NULL, mentions INTEGER NOT NULL, documents INTEGER NOT NULL,
            PRIMARY KEY (canonical, label)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS link_names_key ON link_names(key, label);
        CREATE INDEX IF NOT EXISTS link_names_last ON link_names(last);
        """,
    )


def _claims_corrected(conn: sqlite3.Connection) -> None:
    """A claim's speaker set or renamed by a correction is marked, so an export flags the
    claims a rename changed, not every claim that already had the new name. Corrections
    re-applied at the next analysis mark the claims of older stores."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(claims)")}
    if "corrected" not in columns:
        conn.execute("ALTER TABLE claims ADD COLUMN corrected INTEGER NOT NULL DEFAULT 0")


def _corrections_new_label(conn: sqlite3.Connection) -> None:
    """A rename can give the entity another label ("Trump", typed an organisation, merged
    into the person "Donald Trump"): ``new_label``, NULL for the same label."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(corrections)")}
    if "new_label" not in columns:
        conn.execute("ALTER TABLE corrections ADD COLUMN new_label TEXT")


def _entities_corrected(conn: sqlite3.Connection) -> None:
    """A mention a reader's rename, merge or split changed is marked, so the entities export
    says which rows a correction made (as the claims export does). Corrections re-applied
    at the next link mark the mentions of older stores."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(entities)")}
    if "corrected" not in columns:
        conn.execute("ALTER TABLE entities ADD COLUMN corrected INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_initial,
    _v2_annotation_history,
    _v3_document_stories,
    _v4_meta,
    _v5_fts_other_tools_detect,
    _v6_corrections,
    _v7_exact_paths,
    _v8_analysis_index,
    _fts_prefix_indexes,  # schema 9
    _saved_filters,  # schema 10
    _library_sort_keys,  # schema 11
    _link_state,  # schema 12
    _link_names,  # schema 13
    _claims_corrected,  # schema 14
    _corrections_new_label,  # schema 15
    _entities_corrected,  # schema 16
]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The store's schema version (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _backup(conn: sqlite3.Connection, path: str, version: int) -> Path:
    target = Path(f"{path}.bak-v{version}")
    with sqlite3.connect(target) as copy:
        conn.backup(copy)
    copy.close()
    return target


def _stamp(conn: sqlite3.Connection) -> None:
    """Mark the file as a gloss store (inside the caller's transaction)."""
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")


def migrate(conn: sqlite3.Connection, path: str) -> None:
    """Bring the store to SCHEMA_VERSION, refusing stores from a newer gloss.

    Only call this on a file store.identity recognised as a gloss store (or a new one). The
    application id is written with the first step (a new store), or with the steps of a
    store from before the id existed, or on its own when that store needs no step.
    """
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: this store was written by a newer gloss (schema {current}, "
            f"this gloss knows up to {SCHEMA_VERSION}); upgrade gloss to open it",
            "newer",
        )
    stamped = int(conn.execute("PRAGMA application_id").fetchone()[0]) == APPLICATION_ID
    if current == SCHEMA_VERSION:
        if not stamped:
            conn.execute("BEGIN IMMEDIATE")
            _stamp(conn)
            conn.execute("COMMIT")
        return
    if current > 0 and path != ":memory:":
        _backup(conn, path, current)
    for version in range(current, SCHEMA_VERSION):
        step = MIGRATIONS[version]
        conn.execute("BEGIN IMMEDIATE")
        try:
            if not stamped:
                _stamp(conn)
                stamped = True
            step(conn)
            conn.execute(f"PRAGMA user_version={version + 1}")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            stamped = int(conn.execute("PRAGMA application_id").fetchone()[0]) == APPLICATION_ID
            raise
        conn.execute("COMMIT")


def open_store(path: str | Path, *, read_only: bool = False) -> Store:
    """Open and migrate the gloss store at ``path`` (``":memory:"`` for tests).

    A new store is created there when there is nothing yet (or an empty file), unless
    ``read_only``: then the store must exist, and the connection cannot write (what read
    commands use; it also works in a folder gloss cannot write to). A store from an older
    gloss is upgraded first either way. Anything that is not a gloss store is refused
    before a single byte of it is written (store.identity).
    """
    text_path = str(path)
    if text_path == ":memory:":
        conn = connect(text_path)
        migrate(conn, text_path)
        return Store(conn, text_path)
    found = recognise(text_path)
    if found.version > SCHEMA_VERSION:  # refused before anything writes to it
        raise StoreError(
            f"{text_path}: this store was written by a newer gloss (schema {found.version}, "
            f"this gloss knows up to {SCHEMA_VERSION}); upgrade gloss to open it",
            "newer",
        )
    if read_only and found.kind == "new":
        raise StoreError(
            f"{text_path}: no gloss store there yet (`gloss import` or `gloss` creates one)",
            "missing",
        )
    if not read_only or found.version < SCHEMA_VERSION:  # read-only: stamped at the next write
        conn = connect(text_path)
        try:
            migrate(conn, text_path)
        except sqlite3.Error as exc:
            conn.close()
            raise store_failure(exc, text_path, writing=True) or StoreError(
                f"{text_path}: cannot upgrade the store ({exc})"
            ) from None
        except BaseException:
            conn.close()
            raise
        if not read_only:
            return Store(conn, text_path)
        conn.close()
    conn, uri = connect_read_only(text_path)
    return Store(conn, text_path, read_only=True, reader_uri=uri)
