"""Saved web pages: the article text, title, author and date of an HTML page.

trafilatura (a maintained article extractor) drops the navigation, header, footer, cookie
banners, related links and comments, and reads the title, author and publication date from
the page's meta tags, JSON-LD, byline and ``<time>`` elements. It is imported only when an HTML
page is imported, so starting gloss never pays for it.

The stored text is the extracted article: the title on the first line (added when the
extractor left it out of the body), then one paragraph per line with a blank line between, as
in the text files gloss imports. Offsets into the document are offsets into this text.
:func:`store.metadata.extract_metadata` still runs on it for the dateline and the boilerplate
lines (captions, "Powered by automated translation"); the page's own title, author, date and
site name take precedence over what it guesses from the text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from gloss.store.decode import RejectedFile
from gloss.store.documents import DocumentMeta
from gloss.store.metadata import extract_metadata

MIN_ARTICLE_WORDS = 15  # fewer words outside the title: navigation or a stub, not an article
NO_ARTICLE = "no article text found in the HTML page"
_HTML_START = re.compile(r"\A\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>])", re.I | re.S)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def looks_like_html(text: str) -> bool:
    """True for a page that starts like an HTML document (``<!DOCTYPE html`` or ``<html``),
    whatever its file name says: a page saved as ``.txt`` is still a page."""
    return _HTML_START.match(text[:4096]) is not None


def _quiet_loggers() -> None:
    """trafilatura and its helpers log warnings ("discarding data"); with no handler Python
    would print them to stderr, over the reader's screen."""
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def extract_article(html: str) -> tuple[str, DocumentMeta]:
    """(the article text to store, its metadata) from an HTML page; raises RejectedFile with
    the reason when the page holds no article."""
    import trafilatura  # lazy: only HTML imports need it (and its lxml)

    _quiet_loggers()
    try:
        found = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # a malformed page must be one rejected file, not a crash
        raise RejectedFile(f"the HTML page could not be read ({type(exc).__name__})") from None
    if found is None or not (found.text or "").strip():
        raise RejectedFile(NO_ARTICLE)
    paragraphs = [line.strip() for line in found.text.splitlines()]
    paragraphs = [line for line in paragraphs if line]  # kept as extracted (no-break spaces too)
    title = " ".join((found.title or "").split())
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    if sum(len(line.split()) for line in paragraphs) < MIN_ARTICLE_WORDS:
        raise RejectedFile(NO_ARTICLE)
    text = "\n\n".join(([title] if title else []) + paragraphs) + "\n"
    meta = extract_metadata(text)
    if title:
        span = (0, len(title))
        meta = replace(
            meta,
            title=title,
            title_span=span,
            boilerplate=[s for s in meta.boilerplate if not (s[0] < span[1] and span[0] < s[1])],
        )
    author = " ".join((found.author or "").split())
    date = found.date or ""
    sitename = " ".join((found.sitename or "").split())
    return text, replace(
        meta,
        byline=author or meta.byline,
        published=date[:10] if _DATE.match(date) else meta.published,
        outlet=sitename or meta.outlet,
    )
