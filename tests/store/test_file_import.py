"""store.file_import: walking, rejecting, deduplicating, batching, seeding."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import os
from pathlib import Path

import pytest

from gloss.store import Store
from gloss.store import file_import as importer_module
from gloss.store.documents import get_document, list_documents
from gloss.store.file_import import (
    OTHER_SUFFIX_REASON,
    SEED_PREFIX,
    ImportReport,
    ensure_seeded,
    import_paths,
    printable_path,
)

ARTICLE = "Headline about a thing\n\nBody of the article about the thing, said officials.\n"


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def article(n: int) -> str:
    return f"Headline number {n}\n\nBody text of article {n}, with some words in it.\n"


def stored_texts(store: Store) -> dict[str, str]:
    return {row["path"]: row["text"] for row in store.rows("SELECT path, text FROM documents")}


def reasons(report: ImportReport) -> dict[str, str]:
    return {Path(path).name: reason for path, reason in report.rejected}


def test_folder_walk_takes_text_extensions_in_any_case(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "a.txt", article(1))
    write(root / "sub" / "b.MD", article(2))
    write(root / "sub" / "deeper" / "c.Markdown", article(3))
    write(root / "notes.csv", "a,b\n")
    write(root / ".hidden.txt", article(4))
    write(root / ".git" / "d.txt", article(5))
    report = import_paths(store, [root])
    assert (report.imported, report.unchanged, report.rejected, report.skipped) == (3, 0, [], 1)
    assert sorted(Path(p).name for p in stored_texts(store)) == ["a.txt", "b.MD", "c.Markdown"]
    assert sorted(report.changed_ids) == sorted(r["id"] for r in list_documents(store))
    assert report.summary() == "imported 3, unchanged 0, rejected 0, updated 0"


def test_explicit_files_with_other_extensions_are_rejected(store: Store, tmp_path: Path) -> None:
    csv = write(tmp_path / "data.csv", "a,b\n")
    pdf_named = write(tmp_path / "site" / "story.PDF", "%PDF-1.4")
    missing = tmp_path / "missing.txt"
    report = import_paths(store, [csv, pdf_named, tmp_path / "site", missing])
    assert reasons(report) == {
        "data.csv": OTHER_SUFFIX_REASON,
        "story.PDF": OTHER_SUFFIX_REASON,
        "missing.txt": "no such file or folder",
    }
    assert report.skipped == 1  # the same file, met in a folder walk
    assert report.imported == 0 and not report.ok


def test_encodings_are_decoded_and_normalised(store: Store, tmp_path: Path) -> None:
    text = "Café “quoted” – Zoë\n\nSecond line\n"
    write(tmp_path / "u16.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    write(tmp_path / "u32.txt", codecs.BOM_UTF32_BE + ("Other " + text).encode("utf-32-be"))
    write(tmp_path / "u8bom.txt", codecs.BOM_UTF8 + ("Third " + text).encode("utf-8"))
    write(tmp_path / "cp.txt", ("Fourth " + text).encode("cp1252"))
    write(tmp_path / "crlf.txt", ("Fifth " + text).replace("\n", "\r\n").encode("utf-8"))
    write(tmp_path / "cr.txt", ("Sixth " + text).replace("\n", "\r").encode("utf-8"))
    write(tmp_path / "nfd.txt", "Seventh Cafe\u0301 Zoe\u0308\n".encode())
    report = import_paths(store, [tmp_path])
    assert report.imported == 7 and report.rejected == []
    by_name = {Path(p).name: t for p, t in stored_texts(store).items()}
    assert by_name["u16.txt"] == text
    assert by_name["u32.txt"] == "Other " + text
    assert by_name["u8bom.txt"] == "Third " + text
    assert by_name["cp.txt"] == "Fourth " + text
    assert by_name["crlf.txt"] == "Fifth " + text
    assert by_name["cr.txt"] == "Sixth " + text
    assert by_name["nfd.txt"] == "Seventh Café Zoë\n"


def test_binary_empty_and_oversized_files_are_rejected(store: Store, tmp_path: Path) -> None:
    write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)
    write(tmp_path / "paper.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    write(tmp_path / "packed.md", gzip.compress(ARTICLE.encode()))
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.txt", b"  \n\t\r\n ")
    write(tmp_path / "big.txt", "word " * 400)  # 2,000 bytes
    write(tmp_path / "fits.txt", "x" * 1000)
    # markup saved as .txt (a new-user test imported a screenshot titled "<svg class=...")
    write(tmp_path / "shot.txt", b'<svg class="rich-terminal" viewBox="0 0 9 9"><text>a</text>')
    write(tmp_path / "feed.md", b'<?xml version="1.0"?>\n<rss><channel>x</channel></rss>')
    report = import_paths(store, [tmp_path], max_bytes=1000)
    assert reasons(report) == {
        "shot.txt": "an SVG image, not text",
        "feed.md": "an XML file, not text",
        "image.txt": "binary file (a PNG image)",
        "paper.txt": "binary file (a PDF document)",
        "packed.md": "binary file (a gzip archive)",
        "empty.txt": "empty file",
        "blank.txt": "only whitespace",
        "big.txt": "too large (2 KB; the import limit is 1000 bytes)",
    }
    assert report.imported == 1


def test_default_size_cap(store: Store, tmp_path: Path) -> None:
    assert importer_module.DEFAULT_MAX_BYTES == 20 * 1024 * 1024
    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:  # sparse: 21 MB of NULs without writing them
        handle.truncate(21 * 1024 * 1024)
    report = import_paths(store, [big])
    assert report.rejected == [(str(big), "too large (21 MB; the import limit is 20 MB)")]


def test_read_errors_become_reasons(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The permission-denied path, also when the tests run as root."""
    path = write(tmp_path / "locked.txt", article(1))

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(importer_module, "open", refuse, raising=False)
    report = import_paths(store, [path])
    assert report.rejected == [(str(path), "permission denied")]


def test_symlink_loops_and_broken_links(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "root"
    write(root / "a.txt", article(1))
    write(root / "sub" / "b.txt", article(2))
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)  # a directory loop
    (root / "self.txt").symlink_to(root / "self.txt")  # a file link to itself
    (root / "broken.txt").symlink_to(root / "nowhere.txt")
    report = import_paths(store, [root, root / "sub" / "back" / "sub"])
    assert report.imported == 2
    assert reasons(report) == {
        "self.txt": "symbolic link loop",
        "broken.txt": "no such file or folder (or a broken symbolic link)",
    }


def test_unreadable_file_is_reported(store: Store, tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", article(1))
    write(tmp_path / "open.txt", article(2))
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running as a user (root) that can read mode-000 files")
        report = import_paths(store, [tmp_path])
    finally:
        secret.chmod(0o644)
    assert reasons(report) == {"secret.txt": "permission denied"}
    assert report.imported == 1


def test_odd_file_names(store: Store, tmp_path: Path) -> None:
    write(tmp_path / "with space.txt", article(1))
    write(tmp_path / "new\nline.txt", article(2))
    write(tmp_path / "-dash.txt", article(3))
    raw_name = os.fsencode(tmp_path) + b"/caf\xe9 latin1.txt"  # not valid UTF-8
    with open(raw_name, "wb") as handle:
        handle.write(article(4).encode())
    write(tmp_path / "bad\tname.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    report = import_paths(store, [tmp_path])
    assert report.imported == 4
    assert report.rejected == [(str(tmp_path / "bad\\tname.txt"), "binary file (a PNG image)")]
    paths = set(stored_texts(store))
    assert str(tmp_path / "with space.txt") in paths
    assert str(tmp_path / "new\nline.txt") in paths  # stored exactly, escaped when shown
    assert str(tmp_path / "-dash.txt") in paths
    assert str(tmp_path / "caf\\xe9 latin1.txt") in paths  # no exact text: shown escaped
    # explicit arguments work the same way
    again = import_paths(store, [tmp_path / "-dash.txt", os.fsdecode(raw_name)])
    assert again.unchanged == 2 and again.rejected == []


def test_names_that_display_alike_are_two_files(store: Store, tmp_path: Path) -> None:
    """Issue 14, item 1: "a<newline>b.txt" and "a\\nb.txt" were stored under one escaped
    path, so importing the second replaced the first one's text (and orphaned its notes)."""
    from gloss.store.annotations import create_annotation, list_annotations

    folder = tmp_path / "in"
    write(folder / "a\nb.txt", article(1))
    first = import_paths(store, [folder])
    doc = first.changed_ids[0]
    create_annotation(store, doc, 0, 8, note="on the first file")
    write(folder / "a\\nb.txt", article(2))
    again = import_paths(store, [folder])
    assert (again.imported, again.unchanged, again.updated) == (1, 1, 0)
    assert get_document(store, doc)["text"] == article(1)
    (note,) = list_annotations(store, doc)
    assert (note.orphan, note.quote) == (False, article(1)[:8])
    paths = {row["path"] for row in list_documents(store)}
    assert paths == {str(folder / "a\nb.txt"), str(folder / "a\\nb.txt")}
    # Each file still updates its own document when it changes.
    write(folder / "a\\nb.txt", article(3))
    assert import_paths(store, [folder]).updated == 1
    assert get_document(store, doc)["text"] == article(1)


def test_special_files_and_path_types(store: Store, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    write(tmp_path / "ok.txt", article(1))
    report = import_paths(store, [tmp_path, tmp_path / "pipe.txt"])
    assert report.rejected == [(str(tmp_path / "pipe.txt"), "not a regular file")] * 2
    assert report.imported == 1
    single = import_paths(store, str(tmp_path / "ok.txt"))  # a lone str is one path
    assert (single.unchanged, single.rejected) == (1, [])
    as_bytes = import_paths(store, [os.fsencode(tmp_path / "ok.txt")])
    assert (as_bytes.unchanged, as_bytes.rejected) == (1, [])


def test_printable_path() -> None:
    assert printable_path("plain name.txt") == "plain name.txt"
    assert printable_path("a\nb.txt") == "a\\nb.txt"
    assert printable_path(b"caf\xe9.txt") == "caf\\xe9.txt"
    assert printable_path("tab\there") == "tab\\there"


def test_same_content_twice_is_stored_once(store: Store, tmp_path: Path) -> None:
    write(tmp_path / "one.txt", ARTICLE)
    write(tmp_path / "two.txt", ARTICLE.replace("\n", "\r\n"))  # same after normalising
    first = import_paths(store, [tmp_path])
    # the second file of this import has the first one's text: a duplicate, not "unchanged"
    assert (first.imported, first.unchanged, first.duplicates) == (1, 0, 1)
    assert first.summary().endswith("; 1 file with the same text as another file (stored once)")
    assert store.scalar("SELECT count(*) FROM documents") == 1
    second = import_paths(store, [tmp_path])
    assert (second.imported, second.updated, second.unchanged) == (0, 0, 2)
    assert second.changed_ids == []


def test_changed_file_updates_the_same_document(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "story.txt", ARTICLE)
    first = import_paths(store, [path])
    (doc_id,) = first.changed_ids
    write(path, ARTICLE + "\nA correction was added.\n")
    second = import_paths(store, [path])
    assert (second.imported, second.updated, second.changed_ids) == (0, 1, [doc_id])
    document = get_document(store, doc_id)
    assert document["text"].endswith("A correction was added.\n")
    assert store.scalar("SELECT count(*) FROM documents") == 1
    hits = store.rows("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'correction'")
    assert hits == [{"rowid": doc_id}]


def test_metadata_is_stored(store: Store, tmp_path: Path) -> None:
    text = "Title line\n\nBy Jane Doe\n\nLONDON (Reuters) - Body.\n\nLeave a Reply\n"
    path = write(tmp_path / "m.txt", text)
    (doc_id,) = import_paths(store, [path]).changed_ids
    document = get_document(store, doc_id)
    assert (document["title"], document["outlet"], document["byline"]) == (
        "Title line", "Reuters", "Jane Doe",
    )  # fmt: skip
    assert [text[s:e] for s, e in document["boilerplate"]] == ["By Jane Doe", "Leave a Reply"]


def test_progress_reports_every_file_with_a_known_total(store: Store, tmp_path: Path) -> None:
    for n in range(5):
        write(tmp_path / f"{n}.txt", article(n))
    write(tmp_path / "empty.txt", "")
    calls: list[tuple[int, int, str]] = []
    import_paths(store, [tmp_path], on_progress=lambda d, t, p: calls.append((d, t, p)))
    assert [(d, t) for d, t, _ in calls] == [
        (
            n,
            6,
        )
        for n in range(1, 7)
    ]
    assert {Path(p).name for _, _, p in calls} == {"0.txt", "1.txt", "2.txt", "3.txt", "4.txt",
                                                   "empty.txt"}  # fmt: skip


def test_interrupted_import_keeps_committed_batches(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer_module, "BATCH_SIZE", 3)
    for n in range(10):
        write(tmp_path / f"{n:02}.txt", article(n))

    def stop_at_seven(done: int, total: int, path: str) -> None:
        if done == 7:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_paths(store, [tmp_path], on_progress=stop_at_seven)
    # batches of 3: files 1-3 and 4-6 were committed; file 7 was read but not yet written
    assert sorted(Path(p).name for p in stored_texts(store)) == [f"{n:02}.txt" for n in range(6)]
    assert store.scalar("PRAGMA integrity_check") == "ok"
    rest = import_paths(store, [tmp_path])
    assert (rest.imported, rest.unchanged) == (4, 6)


def test_ensure_seeded_fills_an_empty_store_once(store: Store) -> None:
    report = ensure_seeded(store)
    assert report is not None and report.imported == 5 and report.rejected == []
    rows = store.rows("SELECT path, title, outlet FROM documents ORDER BY path")
    assert [r["path"] for r in rows] == [
        SEED_PREFIX + name
        for name in (
            "000_b5fc7cfe865d7bb1.txt",
            "001_0ffb2c1ac503aa8f.txt",
            "002_3051f00bfe56746a.txt",
            "003_305d1a0f086f3a37.txt",
            "004_f85a140a94b8a8bc.txt",
        )
    ]
    assert [r["outlet"] for r in rows] == [
        "Reuters", "Bloomberg", "The National", "The National", "The Hill",
    ]  # fmt: skip
    assert ensure_seeded(store) is None
    assert store.scalar("SELECT count(*) FROM documents") == 5


def test_import_bbc_news(store: Store) -> None:
    from tests.conftest import shared_data

    folder = shared_data("bbc-news")
    files = sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in {".txt", ".md"}
    )
    articles = [p for p in files if p.parent != folder]
    assert len(articles) == 2225
    distinct = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    report = import_paths(store, [folder])
    assert report.rejected == []
    assert report.imported == len(distinct)  # 2,129 distinct texts (README.TXT, SOURCE.md too)
    assert report.unchanged == 0  # nothing was stored before
    assert report.imported + report.duplicates == len(files)  # 98 duplicate files
    assert store.scalar("SELECT count(*) FROM documents") == len(distinct)
    hits = store.scalar("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'Warner'")
    assert hits > 0


def test_documents_list_newest_first_and_undated_by_last_import(store) -> None:
    """`gloss list` says newest first: dated documents by date, then the undated ones with
    the last imported first (as the reader's library lists them), not the first."""
    from gloss.store.documents import DocumentMeta, list_documents, save_document

    with store.write() as conn:
        for name, published in (("a", None), ("b", "2024-01-02"), ("c", None), ("d", "2024-03-04")):
            save_document(
                conn, f"{name}\n\nText {name}.", f"{name}.txt", DocumentMeta(published=published)
            )
    assert [Path(d["path"]).stem for d in list_documents(store)] == ["d", "b", "c", "a"]


def test_a_date_in_the_file_name_dates_an_undated_text(store: Store, tmp_path: Path) -> None:
    """Scraped news is often saved as outlet_date_slug.txt with no date in the text (all 150
    PolNeAR articles of a new-user test came in undated); a date the text gives wins."""
    (tmp_path / "wash-post_2016-07-13_trump.txt").write_text("Trump speaks\n\nHe spoke.\n")
    (tmp_path / "20160714-story.md").write_text("Clinton speaks\n\nShe spoke.\n")
    (tmp_path / "2016-07-15_dated.txt").write_text(
        "Dated story\n\nPublished: 3 March 2015\n\nThe senator spoke.\n"
    )
    (tmp_path / "2016-02-30_bad.txt").write_text("No such day\n\nText.\n")
    import_paths(store, [tmp_path])
    dates = {d["title"]: d["published"] for d in list_documents(store)}
    assert dates["Trump speaks"] == "2016-07-13"
    assert dates["Clinton speaks"] == "2016-07-14"
    assert dates["Dated story"] == "2015-03-03"
    assert dates["No such day"] is None
