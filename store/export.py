"""Export annotations, entities, claims, documents and verdicts as CSV, JSON Lines or W3C.

Why it is built this way:

* **Streaming.** Rows come from one cursor, in chunks; nothing holds every row. Cells are
  prepared in SQL (formula escaping, list joining, ``json_object``), so Python only moves
  strings, and CSV lines are made a column at a time (``csv_lines``, what csv.writer writes):
  this is what makes 1M annotation rows take seconds (see tests/bench/bench_export.py).
* **A consistent snapshot.** A file store is read through its own read-only connection inside
  one read transaction, so the count behind the progress bar and the rows agree and the
  export does not hold the store's lock (the reader stays responsive).
* **Atomic output.** Everything is written to a temporary file first: next to the target (then
  ``os.replace``), or in the temp directory when writing to stdout (then copied). A failed
  export leaves no half file and prints nothing. Devices and FIFOs are streamed, symbolic
  and hard links kept (store.export_target says how).

CSV (RFC 4180: ``,``, ``"`` quoting, CRLF rows, UTF-8; ``excel=True`` adds a BOM):

* Lists (annotation tags, claim hedges) are one cell joined by ``"; "``; a ``\\`` or ``;``
  inside an item is escaped with a backslash (``split_list`` reverses it).
* Formula injection (OWASP): a text cell starting with ``=``, ``+``, ``-``, ``@``, tab, CR, LF
  or ``'`` gets a leading ``'`` (the ``'`` case keeps the escape reversible). ``raw=True`` turns
  this off. Empty cell = NULL; booleans are ``true``/``false``.

JSON Lines: one object per row with the same field names as the CSV columns; lists are real
lists, booleans real booleans, NULL is ``null``. Annotation rows use the field names of
``gloss annotations --json`` plus ``document_sha256``, ``title``, ``outlet``, ``published``.

W3C (annotations only): see store.w3c.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from gloss.store.db import Store
from gloss.store.errors import GlossError, store_failure
from gloss.store.export_target import export_output, is_stdout

WHATS = ("annotations", "entities", "claims", "documents", "verdicts")
FORMATS = ("csv", "jsonl", "w3c")
FORMULA_CHARS = "=+-@\t\r\n"
LIST_SEPARATOR = "; "
PROGRESS_EVERY = 10_000
FETCH_ROWS = 2_000  # rows fetched and written at a time (larger batches fall out of cache)

Progress = Callable[[int, int], None]
TEXT, NUM, BOOL, LIST = "text", "num", "bool", "list"

# (name, SQL expression, kind). For LIST the expression is a sub-select yielding column v.
_TAGS = (
    "SELECT t.name AS v FROM annotation_tags at JOIN tags t ON t.id = at.tag_id "
    "WHERE at.annotation_id = a.id ORDER BY t.name"
)
_DOC = [("document_sha256", "d.sha256", TEXT), ("title", "d.title", TEXT)]
_VERDICT_DOC = (
    "CASE v.item_kind WHEN 'document' THEN CAST(v.item_id AS INTEGER) "
    "WHEN 'claim' THEN (SELECT document_id FROM claims WHERE id = CAST(v.item_id AS INTEGER)) "
    "WHEN 'entity' THEN (SELECT document_id FROM entities WHERE id = CAST(v.item_id AS INTEGER)) "
    "WHEN 'annotation' THEN (SELECT document_id FROM annotations WHERE id = v.item_id) END"
)
_VERDICT_CLAIM = (
    "CASE WHEN v.item_kind = 'claim' THEN "
    "(SELECT {0} FROM claims WHERE id = CAST(v.item_id AS INTEGER)) END"
)
_VERDICT_TEXT = (
    "CASE v.item_kind WHEN 'document' THEN d.title "
    "WHEN 'claim' THEN (SELECT substr(d.text, x.content_start + 1, "
    "x.content_end - x.content_start) FROM claims x WHERE x.id = CAST(v.item_id AS INTEGER)) "
    "WHEN 'entity' THEN (SELECT x.text FROM entities x WHERE x.id = CAST(v.item_id AS INTEGER)) "
    "WHEN 'annotation' THEN (SELECT x.quote FROM annotations x WHERE x.id = v.item_id) END"
)
# The annotation holding the tags and note a reviewer gave the judged item (the review
# screen's t and n write one on the item's exact span, or on the document).
_ON_SPAN = (
    "(SELECT a.id FROM annotations a JOIN {0} x ON x.id = CAST(v.item_id AS INTEGER) "
    "WHERE a.document_id = x.document_id AND a.start = x.start AND a.end = x.end "
    "AND a.orphan = 0 ORDER BY a.created LIMIT 1)"
)
_VERDICT_ANNOTATION = (
    "CASE v.item_kind WHEN 'annotation' THEN v.item_id "
    "WHEN 'document' THEN (SELECT a.id FROM annotations a WHERE a.document_id = "
    "CAST(v.item_id AS INTEGER) AND a.start IS NULL AND a.end IS NULL AND a.orphan = 0 "
    "ORDER BY a.created LIMIT 1) "
    f"WHEN 'claim' THEN {_ON_SPAN.format('claims')} "
    f"WHEN 'entity' THEN {_ON_SPAN.format('entities')} END"
)
_SUBSTR = "substr(d.text, {0} + 1, {1} - {0})"  # SQLite counts characters, as Python does
_COUNT = "(SELECT count(*) FROM {0} x WHERE x.document_id = d.id)"

# 1 when a reader's correction (analysis.corrections) changed the claim: split it off, merged
# its cluster, set its speaker, or renamed the entity it is attributed to
_CORRECTED = (
    "(c.corrected OR EXISTS (SELECT 1 FROM corrections k WHERE c.id IN (k.claim_id, "
    "k.other_claim_id) OR (k.kind = 'merge_clusters' AND c.cluster IS NOT NULL AND c.cluster = "
    "(SELECT cluster FROM claims WHERE id = k.claim_id))))"
)
# How many other documents report the claim (its cluster's distinct documents but its own:
# the count the reader shows, sources.other_sources).
_OTHER_DOCUMENTS = (
    "(SELECT count(DISTINCT x.document_id) FROM claims x "
    "WHERE x.cluster = c.cluster AND x.document_id != c.document_id)"
)
SPECS: dict[str, tuple[list[tuple[str, str, str]], str, str]] = {
    "annotations": (
        [("id", "a.id", TEXT), ("document_id", "a.document_id", NUM), *_DOC]
        + [("outlet", "d.outlet", TEXT), ("published", "d.published", TEXT)]
        + [("start", "a.start", NUM), ("end", "a.end", NUM)]
        + [(name, f"a.{name}", TEXT) for name in ("quote", "prefix", "suffix")]
        + [("tags", _TAGS, LIST)]
        + [(name, f"a.{name}", TEXT) for name in ("note", "author", "created", "updated")]
        + [("orphan", "a.orphan", BOOL)],
        "annotations a JOIN documents d ON d.id = a.document_id",
        "a.document_id, a.start, a.end, a.created, a.id",
    ),
    "entities": (
        [("id", "e.id", NUM), ("document_id", "e.document_id", NUM), *_DOC]
        + [("start", "e.start", NUM), ("end", "e.end", NUM)]
        + [(name, f"e.{name}", TEXT) for name in ("label", "text", "canonical")]
        + [("corrected", "e.corrected", NUM)],  # 1: a reader's rename, merge or split
        "entities e JOIN documents d ON d.id = e.document_id",
        "e.document_id, e.start, e.end, e.id",
    ),
    "claims": (
        [("id", "c.id", NUM), ("document_id", "c.document_id", NUM), *_DOC]
        + [("outlet", "d.outlet", TEXT), ("published", "d.published", TEXT)]
        + [("start", "c.start", NUM), ("end", "c.end", NUM)]
        + [("sentence", _SUBSTR.format("c.start", "c.end"), TEXT)]
        + [("kind", "c.kind", TEXT), ("speaker", "c.speaker", TEXT)]
        + [("speaker_start", "c.speaker_start", NUM), ("speaker_end", "c.speaker_end", NUM)]
        + [("cue", "c.cue", TEXT), ("cue_start", "c.cue_start", NUM)]
        + [("cue_end", "c.cue_end", NUM), ("content_start", "c.content_start", NUM)]
        + [("content_end", "c.content_end", NUM)]
        + [
            (
                "content",
                "substr(d.text, c.content_start + 1, c.content_end - c.content_start)",
                TEXT,
            )
        ]
        + [("score", "c.score", NUM)]
        + [("hedges", "SELECT value AS v FROM json_each(c.hedges)", LIST)]
        + [("cluster", "c.cluster", TEXT), ("other_documents", _OTHER_DOCUMENTS, NUM)]
        + [("corrected", _CORRECTED, NUM)],
        "claims c JOIN documents d ON d.id = c.document_id",
        "c.document_id, c.start, c.content_start, c.id",
    ),
    "documents": (
        [("id", "d.id", NUM), ("sha256", "d.sha256", TEXT), ("title", "d.title", TEXT)]
        + [(name, f"d.{name}", TEXT) for name in ("outlet", "byline", "published", "path")]
        + [("words", "d.words", NUM)]
        + [(name, f"d.{name}", TEXT) for name in ("imported", "updated", "engine", "read_at")]
        + [(name, _COUNT.format(name), NUM) for name in ("entities", "claims", "annotations")],
        "documents d",
        "d.published IS NULL, d.published DESC, d.id",
    ),
    "verdicts": (
        [("id", "v.id", NUM), ("session", "s.name", TEXT), ("session_id", "v.session_id", NUM)]
        + [("item_kind", "v.item_kind", TEXT), ("item_id", "v.item_id", TEXT)]
        + [("document_id", "d.id", NUM)]
        + [(name, f"v.{name}", TEXT) for name in ("verdict", "author", "created")]
        # What was judged, so a verdicts CSV reads (and joins) on its own after the claim
        # ids change in a re-analysis.
        + [("title", "d.title", TEXT), ("item_text", _VERDICT_TEXT, TEXT)]
        + [("speaker", _VERDICT_CLAIM.format("speaker"), TEXT)]
        + [("cluster", _VERDICT_CLAIM.format("cluster"), TEXT)]
        # Where it was read: a spreadsheet of verdicts sorts by outlet and date.
        + [("outlet", "d.outlet", TEXT), ("published", "d.published", TEXT)]
        # The tags and note given in the session with it (t, n on the review screen).
        + [
            (
                "tags",
                "SELECT t.name AS v FROM annotation_tags at JOIN tags t ON t.id = at.tag_id "
                f"WHERE at.annotation_id = ({_VERDICT_ANNOTATION}) ORDER BY t.name",
                LIST,
            ),
            (
                "note",
                f"(SELECT a.note FROM annotations a WHERE a.id = ({_VERDICT_ANNOTATION}))",
                TEXT,
            ),
        ],
        f"verdicts v JOIN review_sessions s ON s.id = v.session_id "
        f"LEFT JOIN documents d ON d.id = ({_VERDICT_DOC})",
        "v.session_id, v.id",
    ),
}


def columns(what: str) -> list[str]:
    """The CSV header / JSON field names of one kind of export, in order."""
    return [name for name, _, _ in SPECS[what][0]]


# -- cells -------------------------------------------------------------------------------------
def unescape_cell(cell: str) -> str:
    """Undo the formula escaping of a CSV cell (a leading ', added in SQL on export)."""
    return cell[1:] if cell.startswith("'") else cell


def join_list(items: list[str] | tuple[str, ...]) -> str:
    """One CSV cell for a list: items joined by "; ", with \\ and ; escaped by a backslash."""
    return LIST_SEPARATOR.join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


def split_list(cell: str) -> list[str]:
    """Undo join_list (an empty cell is an empty list)."""
    if not cell:
        return []
    items: list[str] = []
    buf: list[str] = []
    i, size = 0, len(cell)
    while i < size:
        ch = cell[i]
        if ch == "\\" and i + 1 < size:
            buf.append(cell[i + 1])
            i += 2
        elif ch == ";":
            items.append("".join(buf))
            buf = []
            i += 2 if cell[i + 1 : i + 2] == " " else 1
        else:
            buf.append(ch)
            i += 1
    items.append("".join(buf))
    return items


# A cell starting with a formula character: one character class matched at the start (a
# tenth of an export's time as substr() IN (...)); a blob is not text, so never a formula.
_FORMULA_START = "'[-=+@''\t\r\n]*'"


def _sql_safe(expr: str) -> str:
    return (
        f"(CASE WHEN {expr} GLOB {_FORMULA_START} AND typeof({expr}) <> 'blob' "
        f"THEN '''' || {expr} ELSE {expr} END)"
    )


def _select(what: str, mode: str, raw: bool) -> list[str]:
    """SQL expressions for the columns: mode csv (cells), json (one object) or py (values)."""
    exprs = []
    for name, expr, kind in SPECS[what][0]:
        if kind == LIST and mode == "csv":
            item = r"replace(replace(v, '\', '\\'), ';', '\;')"
            joined = f"SELECT group_concat({item}, '{LIST_SEPARATOR}') AS x FROM ({expr})"
            # Escape the joined cell in an outer select so the sub-select runs once per row.
            expr = f"(SELECT {'x' if raw else _sql_safe('x')} FROM ({joined}))"
        elif kind == LIST:
            expr = f"(SELECT json_group_array(v) FROM ({expr}))"
            expr = f"json({expr})" if mode == "json" else expr
        elif kind == BOOL and mode != "py":
            expr = f"(CASE WHEN {expr} THEN 'true' ELSE 'false' END)"
            expr = f"json({expr})" if mode == "json" else expr
        elif kind == TEXT and mode == "csv" and not raw:
            expr = _sql_safe(expr)
        if mode == "csv":
            expr = f"coalesce({expr}, '')"  # an empty cell, as csv.writer writes None
        exprs.append(f"'{name}', {expr}" if mode == "json" else expr)
    return ["json_object(" + ", ".join(exprs) + ")"] if mode == "json" else exprs


# -- which documents ---------------------------------------------------------------------------
_ID_TERM = re.compile(r"(?<!\S)id:(\S+)")


def document_filter(text: str) -> tuple[list[str], list[Any]]:
    """WHERE conditions over ``documents d`` for a library filter (see store.search).

    Adds ``id:REF`` terms (numeric id or sha256 prefix; ``id:3,7`` or repeated), which select
    documents by any of the references given; ``sort:`` is accepted and ignored.
    """
    refs = [ref for match in _ID_TERM.findall(text) for ref in match.split(",") if ref]
    rest = _ID_TERM.sub(" ", text)
    conditions: list[str] = []
    params: list[Any] = []
    if rest.strip():
        from gloss.store.search import filter_where, parse_filter

        where = filter_where(parse_filter(rest))
        conditions, params = list(where.conditions), list(where.params)
    ors = []
    for ref in refs:
        if ref.isdigit():
            ors.append("d.id = ?")
            params.append(int(ref))
        elif re.fullmatch(r"[0-9a-fA-F]{4,64}", ref):
            ors.append("(d.sha256 >= ? AND d.sha256 < ?)")
            params.extend([ref.lower(), ref.lower() + "g"])
        else:
            raise GlossError(f"id:{ref} is neither a document id nor a sha256 prefix")
    if ors:
        conditions.append("(" + " OR ".join(ors) + ")")
    return conditions, params


# -- reading -----------------------------------------------------------------------------------
def _rows(
    conn: sqlite3.Connection, what: str, mode: str, raw: bool, flt: str
) -> tuple[int, sqlite3.Cursor]:
    """(total, cursor) for one export."""
    _, source, order = SPECS[what]
    conditions, params = document_filter(flt)
    where = " WHERE " + " AND ".join(conditions) if conditions else ""
    total = int(conn.execute(f"SELECT count(*) FROM {source}{where}", params).fetchone()[0])
    sql = f"SELECT {', '.join(_select(what, mode, raw))} FROM {source}{where} ORDER BY {order}"
    return total, conn.execute(sql, params)


# -- writing -----------------------------------------------------------------------------------
def write_export(
    store: Store,
    out: BinaryIO,
    what: str = "annotations",
    fmt: str = "csv",
    *,
    flt: str = "",
    excel: bool = False,
    raw: bool = False,
    progress: Progress | None = None,
) -> int:
    """Stream one export into a binary file; returns the number of rows written."""
    if what not in WHATS:
        raise GlossError(f"cannot export {what!r}: choose one of {', '.join(WHATS)}")
    if fmt not in FORMATS:
        raise GlossError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "w3c" and what != "annotations":
        raise GlossError("the w3c format is for annotations only")
    if excel and fmt != "csv":
        raise GlossError("--excel (a byte order mark for spreadsheets) applies to CSV only")
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if excel else "utf-8", newline="")
    mode = {"csv": "csv", "jsonl": "json", "w3c": "py"}[fmt]
    done = 0
    try:
        with store.snapshot() as conn:
            total, rows = _rows(conn, what, mode, raw, flt)
            if fmt == "csv":
                csv.writer(text).writerow(columns(what))
                for batch in _batched(rows, total, progress):
                    text.write(csv_lines(batch))
                    done += len(batch)
            elif fmt == "jsonl":
                for batch in _batched(rows, total, progress):
                    text.write("\n".join(row[0] for row in batch))
                    text.write("\n")
                    done += len(batch)
            else:
                from gloss.store.w3c import write_collection

                done = write_collection(text, columns(what), total, _batched(rows, total, progress))
        text.flush()
    except sqlite3.Error as exc:  # the store file, or an FTS5 edge case in the filter's text
        failure = store_failure(exc, store.path)
        if failure is not None:
            raise failure from None
        raise GlossError(f"cannot export {what} (filter {flt!r}): {exc}") from None
    finally:
        with contextlib.suppress(ValueError):
            text.detach()  # leave `out` open for the caller
    return done


def _batched(
    cur: sqlite3.Cursor, total: int, progress: Progress | None
) -> Iterator[list[tuple[Any, ...]]]:
    """Rows in lists of FETCH_ROWS (fetchmany: no Python step per row), with progress after
    each PROGRESS_EVERY rows and at the end."""
    done = reported = 0
    if progress:
        progress(0, total)
    while batch := cur.fetchmany(min(FETCH_ROWS, PROGRESS_EVERY)):
        yield batch
        done += len(batch)
        if progress and done - reported >= PROGRESS_EVERY:
            progress(done, total)
            reported = done
    if progress and done != reported:
        progress(done, total)


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def _needs_quotes(cell: str) -> bool:
    return "," in cell or '"' in cell or "\r" in cell or "\n" in cell


def csv_lines(rows: list[tuple[Any, ...]]) -> str:
    """Exactly what ``csv.writer`` (the excel dialect) writes for `rows`, a column at a time:
    each column's cells become text together and only a column holding a comma, quote or
    line break is looked at cell by cell. csv.writer handles each cell of each row in turn
    and was two thirds of an export's time (tests/bench: CSV export vs ``sqlite3 -csv``)."""
    if len(rows[0]) < 2:  # csv.writer quotes a lone empty cell: not worth a special case
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue()
    cells = []
    for column in zip(*rows, strict=True):
        try:
            texts, joined = column, "".join(column)  # text (all the export's text cells)
        except TypeError:  # numbers: str() (a float's repr(), the same)
            texts = list(map(str, column))
            joined = "".join(texts)
            if "None" in joined:  # maybe a None, which is an empty cell
                texts = ["" if v is None else str(v) for v in column]
                joined = "".join(texts)
        if "," in joined or '"' in joined or "\r" in joined or "\n" in joined:
            # each distinct cell once (a document's title repeats on each of its rows)
            cell = {t: _quoted(t) if _needs_quotes(t) else t for t in set(texts)}
            texts = list(map(cell.__getitem__, texts))
        cells.append(texts)
    return "\r\n".join(map(",".join, zip(*cells, strict=True))) + "\r\n"


def export_file(
    store: Store,
    target: Path | str | None,
    what: str = "annotations",
    fmt: str = "csv",
    *,
    stdout: BinaryIO | None = None,
    **options: Any,
) -> int:
    """Export to ``target`` atomically (or to ``stdout`` once complete, also for ``-``);
    returns the row count.

    ``options`` are write_export's keywords (flt, excel, raw, progress).
    """
    try:
        with export_output(target, stdout) as out:
            return write_export(store, out, what, fmt, **options)
    except BrokenPipeError:
        raise  # the reader of stdout went away (`| head`): the CLI exits quietly
    except OSError as exc:
        name = "stdout" if is_stdout(target) else target
        raise GlossError(f"{name}: export failed ({exc.strerror or exc})") from None
