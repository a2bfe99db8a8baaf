"""The library filter syntax, FTS5 safety and list paging (store.search, store.library_pages)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gloss.store import GlossError, Store
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.library_pages import ListQuery, count, page
from gloss.store.search import fts_expression, parse_filter, search_documents

DOCS = (
    (
        "Kirby says arms deal advancing",
        "The Hill",
        "2023-08-30",
        "John Kirby said the arms deal is advancing. Russia and North Korea.",
    ),
    (
        "Sanctions on Pyongyang",
        "Reuters",
        "2023-10-13",
        "The White House announced sanctions. Kirby said more would follow.",
    ),
    ("Weather report", None, None, "Sunny with a chance of rain (and NEAR-record heat)."),
)


@pytest.fixture
def library(store: Store) -> Store:
    with store.write() as conn:
        for title, outlet, date, text in DOCS:
            save_document(
                conn, text, None, DocumentMeta(title=title, outlet=outlet, published=date)
            )
        conn.execute(
            "INSERT INTO entities (document_id, start, end, label, text, canonical) "
            "VALUES (1, 0, 10, 'PERSON', 'John Kirby', 'John Kirby')"
        )
    return store


def titles(rows: list[dict]) -> list[str]:
    return [r["title"] for r in rows]


def test_parse_filter_keys_and_free_text():
    flt = parse_filter('tag:x outlet:"The Hill" entity:"John Kirby" status:unread arms "a b"')
    assert flt.tags == ("x",)
    assert flt.outlets == ("The Hill",)
    assert flt.entities == ("John Kirby",)
    assert flt.status == "unread"
    assert flt.terms == ("arms", "a b")
    assert flt.fts == '"arms" "a b"'


@pytest.mark.parametrize(
    ("text", "fts"),
    [
        ("gor", '"gor"*'),  # the word being typed matches as a prefix
        ("gordon br", '"gordon" "br"*'),  # only the last word
        ('"gor"', '"gor"'),  # quoted: the exact word
        ('gordon "prime minister"', '"gordon" "prime minister"'),
        ("gor tag:x", '"gor"*'),  # keys after the word do not make it whole
        ("bro*", '"bro"*'),
        ("(*)", ""),
    ],
)
def test_the_last_unquoted_word_is_a_prefix(text: str, fts: str):
    assert parse_filter(text).fts == fts


def test_prefix_search_uses_the_prefix_index(library: Store):
    """`kir` finds what `kirby` finds, through the 1-3 character prefix indexes (schema)."""
    assert titles(search_documents(library, "kir")) == titles(search_documents(library, "kirby"))
    sql = library.scalar("SELECT sql FROM sqlite_master WHERE name = 'documents_fts'")
    assert "prefix='1 2 3'" in sql and 'content="documents"' in sql


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("foo:bar", "unknown filter"),
        ('outlet:"The Hill', "unterminated quote"),
        ("status:maybe", "status:maybe is not one of"),
        ("tag:", "tag: needs a value"),
        ("sort:nothing", "sort:nothing is not one of"),
        ("story:kirby", "story:kirby is not a story id"),
        ("story:", "story: needs a value"),
        ("stroy:s1", "use tag:, outlet:, entity:, story:, status: or sort:"),
    ],
)
def test_bad_filter_is_a_clear_gloss_error(library: Store, text: str, message: str):
    with pytest.raises(GlossError, match=message):
        search_documents(library, text)


def test_free_text_search_newest_first_with_snippets(library: Store):
    rows = search_documents(library, "kirby")
    assert titles(rows) == ["Sanctions on Pyongyang", "Kirby says arms deal advancing"]
    assert "«Kirby»" in rows[0]["snippet"]
    assert set(rows[0]) >= {"id", "title", "outlet", "published", "snippet"}


def test_rank_only_when_asked(library: Store):
    rows = search_documents(library, "kirby sort:rank")
    assert titles(rows)[0] == "Kirby says arms deal advancing"  # in the title too: ranks first


def test_filters_narrow(library: Store):
    assert titles(search_documents(library, 'outlet:"the hill"')) == [DOCS[0][0]]
    assert titles(search_documents(library, 'entity:"john kirby"')) == [DOCS[0][0]]
    assert titles(search_documents(library, "status:read")) == []
    assert len(search_documents(library, "status:unread")) == 3
    assert len(search_documents(library, "status:unreviewed")) == 3


def test_status_waiting_keeps_the_documents_waiting_for_analysis(library: Store):
    with library.write() as conn:
        conn.execute("UPDATE documents SET engine = 'rules', engine_version = 'v' WHERE id != 2")
    assert titles(search_documents(library, "status:waiting")) == [DOCS[1][0]]
    query = ListQuery.from_text("status:waiting")
    assert count(library, query) == 1
    assert [row["waiting"] for row in page(library, ListQuery(), 0, 10)].count(1) == 1


def test_story_filter_keeps_the_documents_of_one_story(library: Store):
    with library.write() as conn:
        conn.executemany(
            "INSERT INTO document_stories (document_id, story) VALUES (?, ?)", [(1, 1), (2, 1)]
        )
    both = [DOCS[1][0], DOCS[0][0]]
    assert titles(search_documents(library, "story:s1")) == both
    assert titles(search_documents(library, "story:1")) == both  # the bare id works too
    assert titles(search_documents(library, "story:S1 sanctions")) == [DOCS[1][0]]
    assert search_documents(library, "story:s3") == []  # document 3 is in no story
    assert parse_filter("story:s1 story:2").stories == (1, 2)
    assert not parse_filter("story:s1").is_empty
    page_rows = page(library, ListQuery.from_text("story:s1"), 0, 10)
    assert count(library, ListQuery.from_text("story:s1")) == 2
    assert {r["title"] for r in page_rows} == set(both)


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "(",
        "*",
        "-",
        "NEAR",
        "AND",
        'a"b',
        "NEAR(",
        "^x",
        "rain)",
        '"unclosed phrase',
        "-rain",
        "x OR",
        ":",
    ],
)
def test_fts_operators_never_crash(library: Store, text: str):
    search_documents(library, text)


def test_operator_words_are_searched_literally(library: Store):
    assert titles(search_documents(library, "NEAR")) == ["Weather report"]
    assert titles(search_documents(library, "(chance")) == ["Weather report"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_free_text_is_safe_fts(text: str):
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    expression = fts_expression(text.split())
    if expression:
        conn.execute("SELECT * FROM t WHERE t MATCH ?", (expression,)).fetchall()


def test_listing_counts_sorts_and_pages(library: Store):
    query = ListQuery()
    assert count(library, query) == 3
    rows = page(library, query, 0, 2)
    assert titles(rows) == ["Sanctions on Pyongyang", "Kirby says arms deal advancing"]
    assert rows[1]["entities"] == 1 and rows[0]["status"] == "unread"
    assert titles(page(library, query, 2, 2)) == ["Weather report"]
    by_title = query.sorted_by("title")
    assert titles(page(library, by_title, 0, 3))[0] == "Kirby says arms deal advancing"
    assert titles(page(library, by_title.sorted_by("title"), 0, 1)) == ["Weather report"]


def test_listing_from_text_rejects_rank_without_words():
    with pytest.raises(GlossError, match="sort:rank needs"):
        ListQuery.from_text("sort:rank")


@pytest.mark.parametrize("kind", ["document", "claim", "entity"])
def test_a_verdict_on_the_document_or_its_items_makes_it_reviewed(library: Store, kind: str):
    with library.write() as conn:
        conn.execute(
            "INSERT INTO claims (document_id, start, end, kind, content_start, content_end) "
            "VALUES (2, 0, 10, 'assertion', 0, 10)"
        )
        item_id = {"document": "2", "claim": "1", "entity": "1"}[kind]
        doc = 1 if kind == "entity" else 2  # fixture entity 1 is in document 1
        conn.execute(
            "INSERT INTO review_sessions (name, queue, labels, created) "
            "VALUES ('s', 'all', '{}', '2026-01-01')"
        )
        conn.execute(
            "INSERT INTO verdicts (session_id, item_kind, item_id, verdict, created) "
            "VALUES (1, ?, ?, 'accept', '2026-01-01')",
            (kind, item_id),
        )
    reviewed = search_documents(library, "status:reviewed")
    assert [r["id"] for r in reviewed] == [doc]
    assert doc not in [r["id"] for r in search_documents(library, "status:unreviewed")]
    row = next(r for r in page(library, ListQuery(), 0, 10) if r["id"] == doc)
    assert row["status"] == "reviewed"


def _many(store: Store, n: int = 300) -> None:
    """n documents over n days: every one says "government", every tenth "gordon"."""
    with store.write() as conn:
        for i in range(n):
            words = "the government said" + (" gordon brown agreed" if i % 10 == 0 else "")
            save_document(
                conn,
                f"{words} on day {i}.",
                f"many/{i}.txt",
                DocumentMeta(title=f"Day {i}", published=f"20{10 + i // 365:02d}-01-01"),
            )


@pytest.mark.parametrize("text", ["g", "go", "gov", "government", "gordon b", "zz"])
def test_dense_matches_are_paged_by_probing_in_date_order(store: Store, monkeypatch, text: str):
    """Free text matching much of the store is paged by walking the date index and probing
    the full-text index (library_pages.PROBE_COST): the same rows, in the same order, as
    collecting every match first, on every page, whichever end a page is read from
    (library_pages.REVERSE_AFTER); and the count comes from the index alone."""
    from gloss.store import library_pages

    _many(store)
    query = ListQuery.from_text(text)
    total = count(store, query)
    where = library_pages.filter_where(query.filter)
    joined = store.scalar("SELECT count(*) FROM documents d" + where.sql, where.params)
    assert total == joined
    pages = {}
    for cost in (0, 10**9):  # always probe (when allowed) / never probe
        for reverse_after in (0, 10**9):  # pages past the middle from the end / never
            monkeypatch.setattr(library_pages, "PROBE_COST", cost)
            monkeypatch.setattr(library_pages, "REVERSE_AFTER", reverse_after)
            pages[cost, reverse_after] = [
                [r["id"] for r in page(store, query, offset, 40)] for offset in range(0, 320, 40)
            ]
    plain = pages[10**9, 10**9]
    assert all(found == plain for found in pages.values())
    assert sum(len(p) for p in plain) == total


def test_probing_is_chosen_only_when_cheaper(store: Store):
    from gloss.store.library_pages import _probe_by_date

    _many(store)
    assert _probe_by_date(store, ListQuery.from_text("government"), 0, 5)  # all match
    assert not _probe_by_date(store, ListQuery.from_text("gordon"), 0, 5)  # a tenth
    assert not _probe_by_date(store, ListQuery.from_text("government"), 290, 5)  # last page
    assert not _probe_by_date(store, ListQuery.from_text("government sort:title"), 0, 5)
    assert not _probe_by_date(store, ListQuery.from_text("government status:unread"), 0, 5)


def test_a_long_typed_word_is_looked_up_as_the_words_it_completes(store: Store, monkeypatch):
    """`gordon brow` (past the 3-character prefix index) becomes "gordon" AND ("brown" OR
    "browne" ...) from the index's term list: the same documents as the prefix query."""
    from gloss.store import library_pages
    from gloss.store.library_pages import expand_typed_word

    with store.write() as conn:
        for i, text in enumerate(
            ["gordon brown said", "gordon browne wrote", "brownies for gordon", "gordon left"]
        ):
            save_document(conn, text, f"{i}.txt", DocumentMeta(title=f"T{i}"))
    flt = parse_filter("gordon brow")
    expanded = expand_typed_word(store, flt)
    assert expanded.fts == '"gordon" AND ("brown" OR "browne" OR "brownies")'
    query = ListQuery.from_text("gordon brow")
    assert count(store, query) == 3
    assert {r["title"] for r in page(store, query, 0, 10)} == {"T0", "T1", "T2"}
    assert expand_typed_word(store, parse_filter("gordon bro")) == parse_filter("gordon bro")
    assert expand_typed_word(store, parse_filter('"brow"')) == parse_filter('"brow"')
    monkeypatch.setattr(library_pages, "EXPAND_MAX", 2)  # too many words: the prefix stays
    assert expand_typed_word(store, flt) == flt
    assert count(store, query) == 3


def test_expansion_is_skipped_on_a_read_only_store(tmp_path):
    from gloss.store import open_store
    from gloss.store.library_pages import expand_typed_word

    writable = open_store(tmp_path / "s.db")
    with writable.write() as conn:
        save_document(conn, "gordon brown said", "a.txt", DocumentMeta(title="A"))
    writable.close()
    read_only = open_store(tmp_path / "s.db", read_only=True)
    flt = parse_filter("gordon brow")
    assert expand_typed_word(read_only, flt) == flt
    assert count(read_only, ListQuery.from_text("gordon brow")) == 1
    read_only.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kirby -sanctions", [DOCS[0][0]]),  # "-brown" searched for brown before
        ('kirby -"arms deal"', [DOCS[1][0]]),
        ("-kirby", [DOCS[2][0]]),  # exclusions alone
        ("outlet:reuters -kirby", []),
        ("-kirby -rain", []),
        ("kirby -", [DOCS[1][0], DOCS[0][0]]),  # a lone dash being typed excludes nothing
    ],
)
def test_a_leading_dash_leaves_the_word_or_phrase_out(
    library: Store, text: str, expected: list[str]
):
    assert titles(search_documents(library, text)) == expected
    query = ListQuery.from_text(text)
    assert count(library, query) == len(expected)
    assert [r["title"] for r in page(library, query, 0, 10)] == expected


def test_the_word_being_typed_after_a_dash_is_left_out_whole():
    flt = parse_filter("blair -bro")
    assert flt.terms == ("blair",) and flt.excluded == ("bro",)
    assert flt.fts == '("blair") NOT ("bro")'


def _outlets(store: Store, n: int = 120) -> None:
    """`n` documents over two outlets (spelled in two cases); every third says "budget"."""
    with store.write() as conn:
        for i in range(n):
            outlet = ("Reuters", "REUTERS", "The Hill")[i % 3] if i % 2 else "The Hill"
            text = f"Day {i}: the minister spoke" + (" about the budget." if i % 3 == 0 else ".")
            save_document(
                conn,
                text,
                f"o/{i}.txt",
                DocumentMeta(title=f"T{i}", outlet=outlet, published=f"2020-01-{1 + i % 28:02d}"),
            )


@pytest.mark.parametrize("text", ["outlet:reuters budget", "outlet:reuters bud", "outlet:the"])
def test_an_outlet_with_free_text_lists_the_same_rows_whichever_index_leads(
    store: Store, monkeypatch, text: str
):
    """`outlet:x words`: the outlet's index finds the documents and the words are checked
    against them, or each full-text match is looked up (library_pages.text_is_probed, by
    which is fewer): the same count and pages either way, the outlet matched in any case."""
    from gloss.store import library_pages

    _outlets(store)
    query = ListQuery.from_text(text)
    found = {}
    for cost in (0, 10**6):  # the full-text matches always lead / the outlet always leads
        monkeypatch.setattr(library_pages, "OUTLET_ENTRY_COST", cost)
        probed = library_pages.text_is_probed(store, query.filter)
        assert probed == (cost > 0 and bool(query.filter.fts))
        found[cost] = (
            count(store, query),
            [[r["id"] for r in page(store, query, offset, 7)] for offset in range(0, 70, 7)],
        )
    assert found[0] == found[10**6]
    total, pages = found[0]
    expected = store.scalar(
        "SELECT count(*) FROM documents WHERE lower(outlet) = 'reuters' AND text LIKE '%bud%'"
    )
    if "reuters" in text:
        assert total == expected > 0
    assert sum(len(p) for p in pages) == total


def test_snippets_can_wait_until_a_row_is_shown(library: Store):
    """The library fetches one snippet, the highlighted row's (snippet_of), not a page's: a
    page without snippets marks them missing (None) only where there is free text."""
    from gloss.store.library_pages import snippet_of

    query = ListQuery.from_text("kirby")
    full = page(library, query, 0, 10)
    bare = page(library, query, 0, 10, snippets=False)
    assert [r["id"] for r in bare] == [r["id"] for r in full]
    assert all(r["snippet"] is None for r in bare)
    assert [snippet_of(library, query, r["id"]) for r in bare] == [r["snippet"] for r in full]
    assert "«Kirby»" in full[0]["snippet"]
    plain = ListQuery.from_text("outlet:reuters")
    assert [r["snippet"] for r in page(library, plain, 0, 10, snippets=False)] == [""]
    assert snippet_of(library, plain, 2) == ""
