"""The library filter syntax and full-text search (FTS5), parsed into safe SQL.

A filter is a space-separated list of terms::

    tag:x outlet:"The Hill" entity:"John Kirby" story:s12 status:unreviewed sort:rank free

``tag:``, ``outlet:`` and ``entity:`` may repeat (all must hold); ``story:`` (``s12`` or ``12``,
as ``gloss stories`` prints it) keeps the documents about that event; ``status:`` is one of
``unread``, ``read``, ``reviewed``, ``unreviewed`` or ``waiting`` (for analysis); ``sort:`` is
``date`` (the default), ``rank`` (bm25, only with free text), ``title``, ``outlet``,
``words``, ``entities``, ``claims``, ``annotations`` or ``status``. Everything else is free
text, matched with FTS5 against titles and texts; every term is quoted, so FTS5 operators
typed by the user (``"``, ``(``, ``*``, ``-``, ``NEAR``, ``AND``...) are searched for as
words, never interpreted, except a leading ``-``: ``blair -brown`` (or ``-"gordon brown"``)
keeps the documents without that word or phrase. A term ending in ``*`` is a prefix search,
and so is the last word
when it is not quoted: the library filters as you type, so ``gor`` already finds Gordon
(``"gor"`` in quotes is the exact word). The index has prefix indexes of 1 to 3 characters
(schema migration ``_fts_prefix_indexes``) so that stays fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gloss.store.db import Store
from gloss.store.errors import GlossError, StoreError

STATUSES = ("unread", "read", "reviewed", "unreviewed", "waiting")
SORTS = ("date", "rank", "title", "outlet", "words", "entities", "claims", "annotations", "status")
KEYS = ("tag", "outlet", "entity", "story", "status", "sort")
SNIPPET_MARKS = ("«", "»")

# key:"quoted value" | key:value | "phrase" | word   (an unterminated quote is caught below)
_TOKEN = re.compile(
    r'\s*(?:(?P<key>[A-Za-z_]+):(?:"(?P<qval>[^"]*)"|(?P<val>[^\s"]*))|'
    r'"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+)|(?P<stray>"))'
)
_WORDISH = re.compile(r"\w")

# A document counts as reviewed once any verdict names it or one of its claims, entities or
# annotations: ``documents.reviewed``, kept current by triggers (migrations._library_sort_keys).
REVIEWED_SQL = "d.reviewed = 1"


class FilterError(GlossError):
    """The filter text cannot be understood (unknown key, bad status, unterminated quote)."""


@dataclass(frozen=True)
class Filter:
    """A parsed library filter."""

    tags: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    stories: tuple[int, ...] = ()
    status: str | None = None
    sort: str | None = None
    terms: tuple[str, ...] = ()  # free-text terms and phrases, as typed
    fts: str = ""  # the safe FTS5 MATCH expression for `terms` ("" = no free text)
    # Terms typed with a leading "-": with other free text they are part of `fts` (a NOT);
    # alone, `without` is the expression of the documents to leave out.
    excluded: tuple[str, ...] = ()
    without: str = ""

    @property
    def is_empty(self) -> bool:
        """True when the filter selects every document."""
        return not (
            self.tags
            or self.outlets
            or self.entities
            or self.stories
            or self.status
            or self.fts
            or self.without
        )

    @property
    def text_only(self) -> bool:
        """True when free text is all the filter holds (no tag:, outlet:, status: ...)."""
        return bool(self.fts) and not (
            self.tags
            or self.outlets
            or self.entities
            or self.stories
            or self.status
            or self.without
        )


@dataclass(frozen=True)
class Where:
    """SQL pieces for a filter: extra FROM text, WHERE conditions and their parameters."""

    conditions: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    @property
    def sql(self) -> str:
        """`WHERE a AND b`, or the empty string."""
        return " WHERE " + " AND ".join(self.conditions) if self.conditions else ""


def fts_term(term: str) -> str:
    """One user term as a quoted FTS5 string ("" when it holds no word characters)."""
    term = term.replace("\x00", "")  # FTS5 ends a string at NUL
    prefix = term.endswith("*") and len(term) > 1
    body = term.rstrip("*") if prefix else term
    if not _WORDISH.search(body):
        return ""
    quoted = '"' + body.replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def fts_expression(terms: tuple[str, ...] | list[str], *, prefix_last: bool = False) -> str:
    """An FTS5 MATCH expression requiring every term (implicit AND of quoted strings);
    `prefix_last`: the last term matches as a prefix (the word being typed)."""
    quoted = [q for q in (fts_term(t) for t in terms) if q]
    if prefix_last and quoted and not quoted[-1].endswith("*"):
        quoted[-1] += "*"
    return " ".join(quoted)


def parse_filter(text: str) -> Filter:
    """Parse the filter syntax (see the module docstring); raise FilterError when it is bad."""
    tags: list[str] = []
    outlets: list[str] = []
    entities: list[str] = []
    stories: list[int] = []
    terms: list[str] = []
    excluded: list[str] = []
    status: str | None = None
    sort: str | None = None
    negate = False  # a lone "-" before a phrase
    last_is_word = False  # the last free text is an unquoted word: match it as a prefix
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        if m.group("stray") is not None:
            rest = text[pos:].strip()
            if m.group(0).strip() == '"' and not rest:
                continue  # a lone trailing quote: the user is still typing a phrase
            terms.extend(rest.split())
            last_is_word = bool(rest.split())
            break
        key = m.group("key")
        if key is None:
            value = m.group("phrase") if m.group("phrase") is not None else m.group("word")
            word = m.group("word") is not None
            if word and value == "-" and text[pos : pos + 1] == '"':
                negate = True  # -"a phrase"
                continue
            if value and value.strip():
                if negate or (word and value.startswith("-") and _WORDISH.search(value)):
                    excluded.append(value.strip() if negate else value[1:].strip())
                    last_is_word = False  # the word being typed is left out, not searched
                else:
                    terms.append(value.strip())
                    last_is_word = word
            negate = False
            continue
        value = (m.group("qval") if m.group("qval") is not None else m.group("val") or "").strip()
        key = key.lower()
        if key not in KEYS:
            raise FilterError(
                f"unknown filter {key + ':'!r}: "
                "use tag:, outlet:, entity:, story:, status: or sort:"
            )
        if not value:
            if text[m.end() : m.end() + 1] == '"':
                raise FilterError(f"unterminated quote after {key}:")
            raise FilterError(f"{key}: needs a value, e.g. {key}:{_example(key)}")
        if key == "tag":
            tags.append(value)
        elif key == "outlet":
            outlets.append(value)
        elif key == "entity":
            entities.append(value)
        elif key == "story":
            # Imported here: gloss.store.analysis is heavy, and the reader's first screen
            # (which parses its filter through this module) needs none of it.
            from gloss.store.analysis.story_table import story_id

            story = story_id(value)
            if story is None:
                raise FilterError(f"story:{value} is not a story id (e.g. story:s12; see stories)")
            stories.append(story)
        elif key == "status":
            if value.lower() not in STATUSES:
                raise FilterError(f"status:{value} is not one of {', '.join(STATUSES)}")
            status = value.lower()
        else:
            if value.lower() not in SORTS:
                raise FilterError(f"sort:{value} is not one of {', '.join(SORTS)}")
            sort = value.lower()
    return Filter(
        tags=tuple(tags),
        outlets=tuple(outlets),
        entities=tuple(entities),
        stories=tuple(stories),
        status=status,
        sort=sort,
        terms=tuple(terms),
        fts=_with_exclusions(fts_expression(terms, prefix_last=last_is_word), excluded),
        excluded=tuple(excluded),
        without="" if terms else _either(excluded),
    )


def _either(terms: list[str]) -> str:
    """An FTS5 expression matching any of the terms ("" for none)."""
    quoted = [q for q in (fts_term(t) for t in terms) if q]
    return "(" + " OR ".join(quoted) + ")" if quoted else ""


def _with_exclusions(fts: str, excluded: list[str]) -> str:
    """``fts`` without the documents holding an excluded term (FTS5's NOT)."""
    either = _either(excluded)
    return f"({fts}) NOT {either}" if fts and either else fts


def _example(key: str) -> str:
    return {
        "tag": "disputed",
        "outlet": '"The Hill"',
        "entity": '"John Kirby"',
        "story": "s12",
        "status": "unread",
        "sort": "rank",
    }[key]


def filter_where(flt: Filter, *, with_fts: bool = True, fts_probed: bool = False) -> Where:
    """WHERE conditions over ``documents d`` for a filter (free text as an FTS5 sub-select).

    `fts_probed`: the other conditions find the documents (by their indexes) and the free
    text is only checked against them, rather than each full-text match looked up in
    ``documents`` (the caller's choice: see library_pages.text_is_probed)."""
    where = Where()
    for tag in flt.tags:
        # The tag's documents as a set (from the tag to its annotations), not a probe per
        # document: a page sorted by anything walks few rows (tag:x at 100k: 45 -> 4 ms).
        where.conditions.append(
            "d.id IN (SELECT a.document_id FROM tags t JOIN annotation_tags at "
            "ON at.tag_id = t.id JOIN annotations a ON a.id = at.annotation_id "
            "WHERE t.name = ? COLLATE NOCASE)"
        )
        where.params.append(tag)
    for outlet in flt.outlets:
        # Case-insensitive, by the index the outlet sort keeps (documents_outlet_sort:
        # outlet COLLATE NOCASE, published), which also hands an outlet's documents over
        # newest first.
        where.conditions.append("d.outlet = ? COLLATE NOCASE")
        where.params.append(outlet)
    for name in flt.entities:
        # canonical has an index; try the spellings a user is likely to type.
        variants = sorted({name, name.title(), name.lower(), name.upper()})
        marks = ", ".join("?" for _ in variants)
        where.conditions.append(
            f"d.id IN (SELECT document_id FROM entities WHERE canonical IN ({marks}))"
        )
        where.params.extend(variants)
    for story in flt.stories:
        where.conditions.append(
            "d.id IN (SELECT document_id FROM document_stories WHERE story = ?)"
        )
        where.params.append(story)
    # Written as the expressions the status indexes hold (migrations._library_sort_keys),
    # so a page of them is read from the index alone.
    if flt.status == "unread":
        where.conditions.append("(d.read_at IS NOT NULL) = 0")
    elif flt.status == "read":
        where.conditions.append("(d.read_at IS NOT NULL) = 1")
    elif flt.status == "reviewed":
        where.conditions.append(REVIEWED_SQL)
    elif flt.status == "unreviewed":
        where.conditions.append("d.reviewed = 0")
    elif flt.status == "waiting":
        where.conditions.append("(d.engine IS NULL) = 1")
    if flt.fts and with_fts:
        # A unary + keeps SQLite from driving the query by the matches' rowids.
        where.conditions.append(
            ("+d.id" if fts_probed else "d.id")
            + " IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
        )
        where.params.append(flt.fts)
    if flt.without:
        where.conditions.append(
            "d.id NOT IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
        )
        where.params.append(flt.without)
    return where


def snippets(store: Store, flt: Filter, ids: list[int], tokens: int = 12) -> dict[int, str]:
    """FTS5 snippets (matches between SNIPPET_MARKS) for some documents matching `flt`."""
    if not flt.fts or not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = store.rows(
        "SELECT rowid AS id, snippet(documents_fts, 1, ?, ?, '…', ?) AS snippet "
        f"FROM documents_fts WHERE documents_fts MATCH ? AND rowid IN ({marks})",
        [SNIPPET_MARKS[0], SNIPPET_MARKS[1], tokens, flt.fts, *ids],
    )
    return {int(r["id"]): _one_line(r["snippet"] or "") for r in rows}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def search_documents(store: Store, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Documents matching a filter query, newest first (bm25 with ``sort:rank``).

    Each dict has id, title, outlet, published, words and snippet (matches marked with
    « and », empty without free text). Raises FilterError (a GlossError) on bad syntax.
    """
    flt = parse_filter(query)
    if flt.sort == "rank" and flt.fts:
        where = filter_where(flt, with_fts=False)
        where.conditions.insert(0, "f.documents_fts MATCH ?")
        sql = (
            "SELECT d.id, d.title, d.outlet, d.published, d.words FROM documents_fts f "
            "JOIN documents d ON d.id = f.rowid" + where.sql + " ORDER BY f.rank, d.id LIMIT ?"
        )
        params = [flt.fts, *where.params, limit]
    else:
        where = filter_where(flt)
        sql = (
            "SELECT d.id, d.title, d.outlet, d.published, d.words FROM documents d"
            + where.sql
            + " ORDER BY d.published DESC, d.id DESC LIMIT ?"
        )
        params = [*where.params, limit]
    try:
        rows = store.rows(sql, params)
        found = snippets(store, flt, [int(r["id"]) for r in rows])
    except StoreError:
        raise  # the store itself failed: not the filter's fault
    except Exception as exc:  # sqlite3.OperationalError from an FTS edge case
        raise FilterError(f"cannot search for {query!r}: {exc}") from None
    for row in rows:
        row["snippet"] = found.get(int(row["id"]), "")
    return rows


def count_matches(store: Store, query: str) -> int:
    """How many documents a filter query matches (search_documents stops at its limit)."""
    where = filter_where(parse_filter(query))
    try:
        return int(store.scalar("SELECT count(*) FROM documents d" + where.sql, where.params) or 0)
    except Exception as exc:  # sqlite3.OperationalError from an FTS edge case
        raise FilterError(f"cannot search for {query!r}: {exc}") from None
