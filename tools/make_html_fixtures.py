"""Write tests/fixtures/pages/*.html: the five seed articles as their outlets' saved pages.

Each page wraps a seed's paragraphs in the furniture of its outlet's site as a browser's
"Save page" keeps it: meta tags and JSON-LD, a header with navigation, a cookie banner, a
byline and a ``<time>`` element, captions, a newsletter box, related links, comments, a
footer. The layouts follow the outlets' sites loosely; the bylines other than the Reuters
seed's own are invented for the tests. The import tests read the pages and the seeds
(``tests/store/test_html_import.py``). Run ``python -m tools.make_html_fixtures`` after
changing a layout here.
"""

# ruff: noqa: E501 (the templates are HTML lines as sites write them)

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
OUT = ROOT / "tests" / "fixtures" / "pages"

# Lines of the seed texts that are page furniture, not article paragraphs: the pages carry
# them as markup (byline, caption, date line) or not at all.
SEED_FURNITURE_PREFIXES = (
    "By Jeff Mason",
    "Powered by automated translation",
    "Updated:",
    "Source: The Hill",
    "Be First to Comment",
    "Leave a Reply",
    "Your email address will not be published",
    'Press "Enter" to skip to content',
)


@dataclass(frozen=True)
class Page:
    """One saved page: which seed, its outlet's metadata, and what the test expects."""

    name: str
    seed: str
    outlet: str
    author: str
    published: str  # ISO date time as the page's meta tags carry it
    standfirst: bool  # the seed's second line is a standfirst (The National)
    caption: bool  # the line after the standfirst is a photo caption


PAGES = (
    Page(
        "reuters.html",
        "000_b5fc7cfe865d7bb1.txt",
        "Reuters",
        "Jeff Mason",
        "2023-10-13T19:02:11Z",
        False,
        False,
    ),
    Page(
        "bloomberg.htm",
        "001_0ffb2c1ac503aa8f.txt",
        "Bloomberg",
        "Dana Whitfield",
        "2023-10-13T17:45:03.412Z",
        False,
        False,
    ),
    Page(
        "thenational-arms-deal.html",
        "002_3051f00bfe56746a.txt",
        "The National",
        "Sam Okafor",
        "2023-08-30T15:41:00+04:00",
        True,
        True,
    ),
    Page(
        "thenational-arms-provided.html",
        "003_305d1a0f086f3a37.txt",
        "The National",
        "Sam Okafor",
        "2023-10-13T22:31:00+04:00",
        True,
        True,
    ),
    Page(
        "thehill.html",
        "004_f85a140a94b8a8bc.txt",
        "The Hill",
        "Lena Hartley",
        "2023-08-30T13:22:51-04:00",
        False,
        False,
    ),
)


def seed_parts(page: Page) -> tuple[str, str | None, str | None, list[str]]:
    """(title, standfirst, caption, article paragraphs) of the page's seed text."""
    lines = [line.strip() for line in (SEEDS / page.seed).read_text().splitlines()]
    lines = [line for line in lines if line and not line.startswith(SEED_FURNITURE_PREFIXES)]
    title = lines.pop(0)
    if title.startswith("date "):  # the Bloomberg seed's metadata prefix
        title = title.split(" ", 2)[2]
    standfirst = lines.pop(0) if page.standfirst else None
    caption = lines.pop(0) if page.caption else None
    if page.caption:
        lines = [line for line in lines if not line.endswith("in pictures")]
    return title, standfirst, caption, lines


def article_paragraphs(page: Page) -> list[str]:
    """The paragraphs a reader of the page reads as the article (what an import must keep)."""
    return seed_parts(page)[3]


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _json_ld(page: Page, title: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": page.published,
        "author": [{"@type": "Person", "name": page.author}],
        "publisher": {"@type": "Organization", "name": page.outlet},
    }
    return json.dumps(data, ensure_ascii=False)


def _head(page: Page, title: str, description: str) -> str:
    return f"""<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)} | {_e(page.outlet)}</title>
<meta name="description" content="{_e(description)}">
<meta property="og:title" content="{_e(title)}">
<meta property="og:site_name" content="{_e(page.outlet)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{page.published}">
<meta name="author" content="{_e(page.author)}">
<link rel="stylesheet" href="./{page.name}_files/main.css">
<script type="application/ld+json">{_json_ld(page, title)}</script>
<script src="./{page.name}_files/analytics.js"></script>
</head>"""


COOKIE_BANNER = """<div id="onetrust-banner-sdk" class="otFlat" role="dialog" aria-label="Cookie banner">
<p id="onetrust-policy-text">We use cookies and similar technologies to personalise content and
ads, to provide social media features and to analyse our traffic. By clicking Accept All
Cookies you agree to the storing of cookies on your device.</p>
<button id="onetrust-accept-btn-handler">Accept All Cookies</button>
<button id="onetrust-pc-btn-handler">Cookie Settings</button>
</div>"""


def _nav(sections: list[str]) -> str:
    links = "\n".join(
        f'<li><a href="/{s.lower().replace(" ", "-")}/">{_e(s)}</a></li>' for s in sections
    )
    return f'<nav class="site-nav" aria-label="Main">\n<ul>\n{links}\n</ul>\n</nav>'


def _related(heading: str, titles: list[str]) -> str:
    items = "\n".join(
        f'<li><a href="/world/{i}/">{_e(t)}</a></li>' for i, t in enumerate(titles, start=1)
    )
    return f'<aside class="related"><h2>{_e(heading)}</h2>\n<ul>\n{items}\n</ul>\n</aside>'


def _paragraphs(paragraphs: list[str], attrs: str = "") -> str:
    return "\n".join(f"<p{attrs}>{_e(p)}</p>" for p in paragraphs)


RELATED = [
    "Ukraine's grain corridor: what the latest attacks mean for shipping",
    "Kim Jong Un's armoured train: a rare journey explained",
    "Markets wrap: stocks slip as oil climbs on supply worries",
]


def reuters(page: Page) -> str:
    title, _, _, paragraphs = seed_parts(page)
    return f"""<!DOCTYPE html>
<html lang="en">
{_head(page, title, paragraphs[0])}
<body>
{COOKIE_BANNER}
<header class="site-header">
<a class="logo" href="/">Reuters</a>
{_nav(["World", "Business", "Markets", "Sustainability", "Legal", "Breakingviews", "Technology"])}
<a class="sign-in" href="/account/sign-in/">Sign In</a>
<a class="register" href="/account/register/">Register</a>
</header>
<main id="main-content">
<article class="article-body">
<nav class="breadcrumbs"><a href="/world/">World</a> <a href="/world/asia-pacific/">Asia Pacific</a></nav>
<h1 data-testid="Heading">{_e(title)}</h1>
<div class="article-byline"><span>By </span><a rel="author" href="/authors/jeff-mason/">{_e(page.author)}</a></div>
<time datetime="{page.published}">October 13, 2023 7:02 PM UTC</time>
<span class="updated">Updated 2 years ago</span>
<div class="article-body__content">
{_paragraphs(paragraphs, ' data-testid="paragraph"')}
</div>
<p class="trust-principles"><a href="/trust-principles/">Our Standards: The Thomson Reuters Trust Principles.</a></p>
</article>
<div class="newsletter-signup"><h3>Get our morning newsletter</h3><p>Sign up here for the day's top stories delivered to your inbox.</p></div>
{_related("Read Next", RELATED)}
</main>
<footer class="site-footer">
{_nav(["About Reuters", "Careers", "Reuters Plus", "Advertise with Us", "Cookies"])}
<p>All quotes delayed a minimum of 15 minutes. See here for a complete list of exchanges and delays.</p>
<p>© 2023 Reuters. All rights reserved</p>
</footer>
</body>
</html>
"""


def bloomberg(page: Page) -> str:
    title, _, _, paragraphs = seed_parts(page)
    return f"""<!DOCTYPE html>
<html lang="en">
{_head(page, title, paragraphs[0])}
<body class="story">
<div class="gdpr-consent" role="region">Bloomberg uses cookies to improve your experience. By continuing to use the site you agree to our cookie policy. <button>Accept</button></div>
<header>
<div class="nav-bar">
<a class="brand" href="/">Bloomberg</a>
{_nav(["Markets", "Economics", "Industries", "Tech", "Politics", "Businessweek", "Opinion"])}
<a class="subscribe" href="/subscriptions/">Subscribe</a>
</div>
</header>
<main>
<article>
<div class="lede">
<h1 class="headline">{_e(title)}</h1>
<ul class="abstract"><li>White House says Pyongyang sent 1,000 containers to Russia</li></ul>
<div class="byline">By <a href="/authors/dana-whitfield/" rel="author">{_e(page.author)}</a></div>
<time datetime="{page.published}">October 13, 2023 at 5:45 PM UTC</time>
<div class="share"><a href="#">Share this article</a> <a href="#">Gift this article</a></div>
</div>
<div class="body-content">
{_paragraphs(paragraphs)}
</div>
<p class="contact">Have a confidential tip for our reporters? Get in touch</p>
</article>
{_related("More From Bloomberg", RELATED)}
</main>
<footer>
<ul><li><a href="/terms/">Terms of Service</a></li><li><a href="/privacy/">Privacy Policy</a></li><li><a href="/careers/">Careers</a></li></ul>
<p>©2023 Bloomberg L.P. All Rights Reserved.</p>
</footer>
</body>
</html>
"""


def thenational(page: Page) -> str:
    title, standfirst, caption, paragraphs = seed_parts(page)
    assert standfirst is not None and caption is not None
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
{_head(page, title, standfirst)}
<body>
<div class="cookie-consent">This website uses cookies to ensure you get the best experience. <a href="/cookie-policy/">Learn more</a> <button>Got it</button></div>
<header class="masthead">
<a class="logo" href="/">The National</a>
{_nav(["UAE", "Gulf News", "MENA", "World", "Business", "Opinion", "Sport", "Arts"])}
<form class="search" action="/search/"><input type="search" placeholder="Search"></form>
</header>
<main>
<article class="article">
<h1 class="headline">{_e(title)}</h1>
<h2 class="standfirst">{_e(standfirst)}</h2>
<figure class="lead-image">
<img src="./{page.name}_files/lead.jpg" alt="">
<figcaption>{_e(caption)}</figcaption>
</figure>
<button class="translate">Powered by automated translation</button>
<div class="byline"><a href="/topics/author/sam-okafor/">{_e(page.author)}</a></div>
<div class="dates"><time datetime="{page.published}">Published {page.published[:10]}</time></div>
<div class="article-body">
{_paragraphs(paragraphs)}
</div>
<div class="gallery-link"><a href="/world/gallery/">Ukraine and Russia conflict latest – in pictures</a></div>
</article>
<section class="newsletter"><h3>Sign up for our newsletter</h3><p>The Arabic Edition, delivered every weekday morning.</p></section>
{_related("Most Popular", RELATED)}
</main>
<footer class="footer">
{_nav(["About Us", "Contact Us", "Work With Us", "Privacy Policy", "Terms &amp; Conditions"])}
<p>© 2023 The National. All rights reserved.</p>
</footer>
</body>
</html>
"""


def thehill(page: Page) -> str:
    title, _, _, paragraphs = seed_parts(page)
    return f"""<!DOCTYPE html>
<html lang="en-US">
{_head(page, title, paragraphs[0])}
<body class="post-template-default single single-post">
<a class="skip-link screen-reader-text" href="#content">Press "Enter" to skip to content</a>
<div id="cookie-notice" role="dialog">We use cookies on our website to give you the most relevant experience. <a href="#">Accept</a> <a href="#">Reject</a></div>
<header id="masthead" class="site-header">
<p class="site-title"><a href="/" rel="home">The Hill</a></p>
{_nav(["News", "Policy", "Opinion", "Business", "Video", "Events", "Newsletters"])}
</header>
<div id="content" class="site-content">
<main id="main" class="site-main">
<article id="post-4151092" class="post type-post status-publish">
<header class="entry-header">
<h1 class="entry-title">{_e(title)}</h1>
<div class="entry-meta">
<span class="submitted-by">by <a class="author url fn" href="/author/lena-hartley/" rel="author">{_e(page.author)}</a></span>
- <time class="entry-date published" datetime="{page.published}">08/30/23 1:22 PM ET</time>
</div>
</header>
<div class="entry-content">
{_paragraphs(paragraphs)}
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/policy/defense/">Defense</a>, <a href="/policy/international/">International</a></span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post navigation</h2>
<div class="nav-previous"><a href="/prev/">Senate returns to a packed September agenda</a></div>
<div class="nav-next"><a href="/next/">House Republicans weigh a stopgap bill</a></div></nav>
<div id="comments" class="comments-area">
<h2 class="comments-title">Be First to Comment</h2>
<div id="respond" class="comment-respond"><h3 id="reply-title">Leave a Reply</h3>
<form id="commentform"><p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
<textarea name="comment"></textarea><input type="submit" value="Post Comment"></form></div>
</div>
{_related("Related News", RELATED)}
</main>
</div>
<footer id="colophon" class="site-footer">
<p>THE HILL 1625 K STREET, NW SUITE 900 WASHINGTON DC 20006</p>
<p>© 1998 - 2023 Nexstar Media Inc. | All Rights Reserved.</p>
</footer>
</body>
</html>
"""


LAYOUTS = {
    "Reuters": reuters,
    "Bloomberg": bloomberg,
    "The National": thenational,
    "The Hill": thehill,
}


def main() -> None:
    """Write every page."""
    OUT.mkdir(parents=True, exist_ok=True)
    for page in PAGES:
        (OUT / page.name).write_text(LAYOUTS[page.outlet](page), encoding="utf-8")
        print(OUT / page.name)


if __name__ == "__main__":
    main()
