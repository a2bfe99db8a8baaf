"""Import text files and folders into the store.

``import_paths`` takes files and folders. Folders are walked recursively (symbolic links are
followed, each real directory is visited once, so link loops end); inside a folder only
``.txt``, ``.md``, ``.markdown``, ``.html`` and ``.htm`` files are read (any case), hidden
entries (names starting with ``.``) and files with other extensions are skipped silently. A
file named explicitly must have one of those extensions.

Each file is read (at most ``DEFAULT_MAX_BYTES``), decoded and normalised by
:mod:`store.decode`, its metadata found by :mod:`store.metadata`, and saved with
:func:`store.documents.save_document`: the same text is stored once, a changed file at a known
path updates its document. Files that cannot be imported are listed in the report with a
one-line reason, never raised. A saved web page (an ``.html``/``.htm`` file, or any file
that starts like one, such as a page saved as ``.txt``) is stored as its extracted article
(:mod:`store.html_import`).

Documents are written in transactions of ``BATCH_SIZE`` files (or sooner, every
``commit_every`` seconds, so a UI can list documents as they arrive). An interrupted import
(Ctrl-C, an exception from ``on_progress``, a crash) keeps every batch committed before it and
loses only the files read since the last commit; nothing stored earlier is touched. A ``stop``
callable that returns True ends the import cleanly before the next file: what was read so far is
committed and the report says ``stopped``.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from gloss.store.db import Store
from gloss.store.decode import RejectedFile, decode_bytes
from gloss.store.documents import DocumentMeta, document_count, save_document
from gloss.store.errors import GlossError
from gloss.store.html_import import extract_article, looks_like_html
from gloss.store.metadata import extract_metadata
from gloss.store.paths import SEED_PREFIX, seeds_dir
from gloss.store.wording import counted

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # files larger than 20 MB are rejected
BATCH_SIZE = 500  # files per write transaction
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
OTHER_SUFFIX_REASON = "not a .txt, .md, .markdown, .html or .htm file"

ProgressCallback = Callable[[int, int, str], None]
StopCallback = Callable[[], bool]


@dataclass
class ImportReport:
    """What an import did: counts, rejected files with reasons, ids to analyse."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    # Files with the same text as another file of this import (stored once, under the first).
    duplicates: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    changed_ids: list[int] = field(default_factory=list)  # imported or updated ids
    unchanged_ids: list[int] = field(default_factory=list)  # already stored, same text
    skipped: int = 0  # files in folders with other extensions (not reported one by one)
    stopped: bool = False  # ended early by a stop request (everything read was committed)
    replaced: list[tuple[str, int]] = field(default_factory=list)  # (path, invalid bytes)

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return not self.rejected

    def summary(self) -> str:
        """One line: ``imported N, unchanged N, rejected N, updated N``, then a note when
        invalid bytes in mostly-UTF-8 files were replaced by U+FFFD."""
        line = (
            f"imported {self.imported}, unchanged {self.unchanged}, "
            f"rejected {len(self.rejected)}, updated {self.updated}"
        )
        if self.duplicates:
            line += (
                f"; {self.duplicates} file{'s' * (self.duplicates != 1)} with the same text "
                "as another file (stored once)"
            )
        if self.replaced:
            count = sum(n for _, n in self.replaced)
            files = len(self.replaced)
            line += (
                f"; {count} invalid UTF-8 byte{'s' * (count != 1)} in {files} "
                f"file{'s' * (files != 1)} replaced by U+FFFD"
            )
        return line

    @property
    def found_nothing(self) -> bool:
        """Nothing importable was found (an empty folder, or one of PDFs)."""
        return not (self.imported or self.updated or self.unchanged or self.rejected)

    def nothing_found_note(self, paths: Sequence[str]) -> str:
        """``paths: no importable files (...) found``, with the files of other types skipped."""
        others = f" ({counted(self.skipped, 'file')} of other types skipped)" * bool(self.skipped)
        return (
            f"{', '.join(paths)}: no importable files (.txt, .md, .markdown, .html, .htm) "
            f"found{others}"
        )

    def replacement_notes(self) -> list[str]:
        """One line per file whose invalid bytes were replaced: ``path: N invalid ...``."""
        return [
            f"{path}: {n} invalid UTF-8 byte{'s' * (n != 1)} replaced by U+FFFD"
            for path, n in self.replaced
        ]


@dataclass(frozen=True)
class _Item:
    """One file to import: where to read it, the path to store, how to show it, or why not.

    ``key`` is the exact bytes of the path, which say which document a file updates; the
    stored path is the exact name too, unless it holds bytes that are no text in the file
    system's encoding (then it is the printable form, for display only).
    """

    fs_path: str
    stored: str
    shown: str
    error: str | None = None
    key: bytes | None = None


def _stored(absolute: str) -> tuple[str, bytes]:
    """(the path to store and show, the exact bytes that identify the file)."""
    key = os.fsencode(absolute)
    try:
        absolute.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes (surrogate escapes): no exact text form
        return printable_path(absolute), key
    return absolute, key


def _item(path: str, shown: str, error: str | None = None) -> _Item:
    absolute = os.path.abspath(path)
    stored, key = _stored(absolute)
    return _Item(absolute, stored, shown, error, key)


def printable_path(path: str | bytes | os.PathLike[str]) -> str:
    """A path as one printable line: control characters escaped, undecodable bytes as \\xNN."""
    text = os.fsdecode(path)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not valid in the file-system encoding
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _file_item(path: str, explicit: bool) -> _Item | None:
    """An item for a file path, or None when a folder walk should skip it silently."""
    shown = printable_path(path)
    suffix = _suffix(path)
    if suffix not in TEXT_SUFFIXES and suffix not in HTML_SUFFIXES:
        if not explicit:
            return None
        return _item(path, shown, OTHER_SUFFIX_REASON)
    return _item(path, shown)


def _walk(root: str, report: ImportReport, items: list[_Item]) -> None:
    """Add the importable files under ``root`` to ``items`` (depth first, sorted by name)."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = os.stat(folder)
        except OSError as exc:
            items.append(_Item(folder, folder, printable_path(folder), _os_reason(exc)))
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:  # a symbolic link back to a folder already walked
            continue
        seen.add(key)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            items.append(_Item(folder, folder, printable_path(folder), _os_reason(exc)))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                subfolders.append(entry.path)
                continue
            item = _file_item(entry.path, explicit=False)
            if item is None:
                report.skipped += 1
            else:
                items.append(item)
        stack.extend(reversed(subfolders))


def _collect(paths: Iterable[str | bytes | os.PathLike[str]], report: ImportReport) -> list[_Item]:
    """Expand the user's paths into file items (counting is cheap: no file is read)."""
    items: list[_Item] = []
    for given in paths:
        path = os.fsdecode(given)  # bytes names become str (undecodable bytes kept)
        if os.path.isdir(path):
            _walk(path, report, items)
            continue
        if not os.path.lexists(path):
            items.append(_Item(path, path, printable_path(path), "no such file or folder"))
            continue
        item = _file_item(path, explicit=True)
        assert item is not None  # explicit files are never skipped
        items.append(item)
    return items


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder (or a broken symbolic link)"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return (exc.strerror or str(exc)).lower()


def _read(path: str, max_bytes: int) -> bytes:
    """The file's bytes; raises RejectedFile with a reason."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise RejectedFile("not a regular file")
        if info.st_size > max_bytes:
            raise RejectedFile(_too_big(info.st_size, max_bytes))
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise RejectedFile(_os_reason(exc)) from None
    if len(data) > max_bytes:
        raise RejectedFile(_too_big(len(data), max_bytes))
    return data


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    if count >= 1024:
        return f"{count / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{count} bytes"


def _too_big(size: int, max_bytes: int) -> str:
    return f"too large ({_size(size)}; the import limit is {_size(max_bytes)})"


def _prepare(item: _Item, max_bytes: int) -> tuple[str, DocumentMeta, int]:
    """Read, decode and analyse one file: (text, metadata, invalid bytes replaced); raises
    RejectedFile."""
    if item.error is not None:
        raise RejectedFile(item.error)
    decoded = decode_bytes(_read(item.fs_path, max_bytes))
    if _suffix(item.fs_path) in HTML_SUFFIXES or looks_like_html(decoded.text):
        text, meta = extract_article(decoded.text)
    else:
        text, meta = decoded.text, extract_metadata(decoded.text)
    if meta.published is None:
        meta = replace(meta, published=date_in_name(item.fs_path))
    return text, meta, decoded.replaced


_NAME_DATE = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12][0-9]|3[01])(?![0-9])"
)


def date_in_name(path: str) -> str | None:
    """The publication date a file's name carries ("wash-post_2016-07-13_trump.txt",
    "20160713-story.md"), for a text that gives none: scraped news is often saved so, and an
    undated document has no place in a timeline or a story."""
    m = _NAME_DATE.search(os.path.basename(path))
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[3]), int(m[4])).isoformat()
    except ValueError:  # 2016-02-30
        return None


def _save_batch(
    store: Store, batch: list[tuple[str, _Item, DocumentMeta]], report: ImportReport
) -> None:
    """Write one batch in one transaction and count the outcomes."""
    if not batch:
        return
    outcomes = []
    with store.write() as conn:
        for text, item, meta in batch:
            outcomes.append(save_document(conn, text, item.stored, meta, item.key))
    new_here = set(report.changed_ids)
    for outcome, doc_id in outcomes:  # counted only once committed
        if outcome == "unchanged" and doc_id in new_here:
            report.duplicates += 1  # the same text as a file read before in this import
            continue
        if outcome == "unchanged":
            report.unchanged += 1
            report.unchanged_ids.append(doc_id)
            continue
        new_here.add(doc_id)
        if outcome == "imported":
            report.imported += 1
        else:
            report.updated += 1
        report.changed_ids.append(doc_id)
    batch.clear()


def _run(
    store: Store,
    items: list[_Item],
    report: ImportReport,
    on_progress: ProgressCallback | None,
    max_bytes: int,
    stop: StopCallback | None = None,
    commit_every: float | None = None,
) -> ImportReport:
    batch: list[tuple[str, _Item, DocumentMeta]] = []
    total = len(items)
    last_commit = time.monotonic()
    for done, item in enumerate(items, start=1):
        if stop is not None and stop():
            report.stopped = True
            break
        try:
            text, meta, replaced = _prepare(item, max_bytes)
        except RejectedFile as exc:
            report.rejected.append((item.shown, str(exc)))
        else:
            if replaced:
                report.replaced.append((item.shown, replaced))
            batch.append((text, item, meta))
            due = commit_every is not None and time.monotonic() - last_commit >= commit_every
            if len(batch) >= BATCH_SIZE or due:
                _save_batch(store, batch, report)
                last_commit = time.monotonic()
        if on_progress is not None:
            on_progress(done, total, item.shown)
    _save_batch(store, batch, report)
    return report


def import_paths(
    store: Store,
    paths: Iterable[str | bytes | os.PathLike[str]] | str | os.PathLike[str],
    *,
    on_progress: ProgressCallback | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stop: StopCallback | None = None,
    commit_every: float | None = None,
) -> ImportReport:
    """Import files and folders (see the module docstring for the rules).

    ``on_progress(done, total, path)`` is called after each file; ``total`` is known up front
    (the folders are listed first). ``stop()`` is asked before each file; ``commit_every``
    (seconds) commits sooner than every ``BATCH_SIZE`` files. Returns counts, rejections
    ``(printable path, reason)`` and the ids of imported or updated documents.
    """
    if isinstance(paths, str | bytes | os.PathLike):
        paths = [paths]  # one path given on its own
    report = ImportReport()
    items = _collect(paths, report)
    return _run(store, items, report, on_progress, max_bytes, stop, commit_every)


def ensure_seeded(
    store: Store,
    *,
    on_progress: ProgressCallback | None = None,
    stop: StopCallback | None = None,
    commit_every: float | None = None,
) -> ImportReport | None:
    """Import the five seed articles into an empty store; None when it has documents.

    Seeds are stored with the stable path ``seeds/<file name>``, not an install location.
    ``on_progress``, ``stop`` and ``commit_every`` work as in :func:`import_paths`.
    """
    if document_count(store) > 0:
        return None
    try:
        folder = seeds_dir()
    except FileNotFoundError as exc:
        raise GlossError(str(exc)) from None
    items = [
        _Item(str(path), SEED_PREFIX + path.name, SEED_PREFIX + path.name)
        for path in sorted(Path(folder).glob("*.txt"))
    ]
    return _run(store, items, ImportReport(), on_progress, DEFAULT_MAX_BYTES, stop, commit_every)
