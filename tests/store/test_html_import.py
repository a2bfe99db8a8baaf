"""Saved web pages: the five seed articles as their outlets' pages (tests/fixtures/pages, made
by tools/make_html_fixtures.py) import as their article text, title, author and date."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gloss.store import Store
from gloss.store.documents import get_document
from gloss.store.file_import import import_paths
from gloss.store.html_import import NO_ARTICLE, looks_like_html
from tools.make_html_fixtures import OUT, PAGES, Page, seed_parts

# Text that only the page furniture holds: navigation, header, cookie banners, newsletter
# boxes, related links, comments and footers.
FURNITURE = [
    "Accept All Cookies",
    "We use cookies",
    "cookie policy",
    "Sign In",
    "Breakingviews",
    "Businessweek",
    "Gulf News",
    "Newsletters",
    "Sign up here",
    "Sign up for our newsletter",
    "Read Next",
    "More From Bloomberg",
    "Most Popular",
    "Related News",
    "armoured train",
    "grain corridor",
    "Markets wrap",
    "Be First to Comment",
    "Leave a Reply",
    "Your email address will not be published",
    'Press "Enter" to skip to content',
    "Senate returns",
    "All rights reserved",
    "All Rights Reserved",
    "Terms of Service",
    "Privacy Policy",
    "1625 K STREET",
    "Share this article",
    "Trust Principles",
    "in pictures",
]


def flat(text: str) -> str:
    """Whitespace as a browser shows it (a no-break space reads as a space)."""
    return " ".join(text.split())


def imported(store: Store, path: Path) -> dict:
    report = import_paths(store, [path])
    assert report.rejected == [] and len(report.changed_ids) == 1
    return get_document(store, report.changed_ids[0])


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_saved_page_imports_its_article(store: Store, page: Page) -> None:
    doc = imported(store, OUT / page.name)
    title, _, _, paragraphs = seed_parts(page)
    text = doc["text"]
    assert (doc["title"], doc["byline"], doc["published"], doc["outlet"]) == (
        title,
        page.author,
        page.published[:10],
        page.outlet,
    )
    assert text.startswith(title + "\n\n")
    assert (doc["title_start"], doc["title_end"]) == (0, len(title))
    body = flat(text)
    for paragraph in paragraphs:
        assert flat(paragraph) in body
    positions = [body.index(flat(p)) for p in paragraphs]
    assert positions == sorted(positions)  # in the page's order
    for furniture in FURNITURE:
        assert furniture.lower() not in text.lower(), furniture
    assert "<" not in text and "&amp;" not in text  # no markup or entities left


def test_offsets_are_into_the_extracted_text(store: Store) -> None:
    doc = imported(store, OUT / "reuters.html")
    text = doc["text"]
    credit = "(Reporting by Jarrett Renshaw, Editing by Franklin Paul and Rosalba O’Brien)"
    start = text.index(credit)
    assert (start, start + len(credit)) in [tuple(s) for s in doc["boilerplate"]]
    assert text[doc["title_start"] : doc["title_end"]] == doc["title"]


def test_page_saved_as_txt_is_recognised(store: Store, tmp_path: Path) -> None:
    saved = tmp_path / "kirby.txt"
    shutil.copy(OUT / "thehill.html", saved)
    doc = imported(store, saved)
    assert doc["title"] == seed_parts(PAGES[4])[0]
    assert doc["byline"] == "Lena Hartley" and "<!DOCTYPE" not in doc["text"]


def test_folder_walk_imports_pages(store: Store, tmp_path: Path) -> None:
    shutil.copytree(OUT, tmp_path / "pages")
    (tmp_path / "pages" / "style.css").write_text("body {}")
    report = import_paths(store, [tmp_path / "pages"])
    assert (report.imported, report.rejected, report.skipped) == (5, [], 1)


def test_page_without_article_is_one_line_error(store: Store, tmp_path: Path) -> None:
    nav_only = tmp_path / "index.html"
    nav_only.write_text(
        "<!DOCTYPE html><html><head><title>Home</title></head><body><nav><a href='/'>Home</a>"
        "<a href='/world'>World</a></nav><footer>© 2023 Example</footer></body></html>"
    )
    empty = tmp_path / "empty.htm"
    empty.write_text("<html><head></head><body></body></html>")
    report = import_paths(store, [nav_only, empty])
    assert report.rejected == [(str(nav_only), NO_ARTICLE), (str(empty), NO_ARTICLE)]
    assert report.imported == 0


def test_text_that_mentions_html_is_text(store: Store, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("About <html> tags\n\nA paragraph about markup, written as plain text.\n")
    doc = imported(store, note)
    assert doc["title"] == "About <html> tags"
    assert looks_like_html("  <!-- saved -->\n<!doctype HTML>\n<html>")
    assert looks_like_html("<HTML lang='en'>") and not looks_like_html("<htmlish>")


def test_trafilatura_is_imported_only_for_html() -> None:
    code = (
        "import sys, tempfile, pathlib\n"
        "from gloss.store import open_store\n"
        "from gloss.store.file_import import import_paths\n"
        "d = pathlib.Path(tempfile.mkdtemp())\n"
        "(d / 'a.txt').write_text('Title\\n\\nSome body text here.\\n')\n"
        "store = open_store(str(d / 's.db'))\n"
        "import_paths(store, [d / 'a.txt'])\n"
        "print('trafilatura' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
