"""The shape of a person's name: which tokens are a name and which are words around it.

NER models tag more than the name in headlines and sentence openings ("Crooked Hillary
Clinton", "Bashing Trump", "Certainly Donald Trump", "Moderator Hugh Hewitt") and write the
same person with and without a middle initial ("James B. Comey", "James Comey"). These helpers
say which leading tokens are words rather than names, and give a key that ignores initials, so
the corpus-wide linking (corpus_names) can pick a name a reader would write.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from gloss.store.analysis.entities import norm_key
from gloss.store.analysis.lexicon import NOT_NAME_START, TITLES, lemminflect

# Roles news puts before a name that are no titles of address ("Moderator Hugh Hewitt").
ROLE_WORDS = frozenset(
    "moderator host anchor candidate nominee billionaire businessman businesswoman mogul "
    "challenger rival former then activist columnist commentator pundit strategist ag".split()
)
_INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z]$")
_POSSESSIVE = re.compile(r"['’‘]s?$")  # "Trump's", "Trump’s", and "Trump‘s" as typed


def tokens(name: str) -> list[str]:
    """The name's words."""
    return name.split()


def is_initial(token: str) -> bool:
    """A middle initial: "B.", "J", "H.W."."""
    return bool(_INITIAL.match(token))


def initials_free_key(name: str) -> str:
    """A matching key without middle initials or "Jr.": "James B. Comey Jr." and "James
    Comey" agree (first and last tokens are kept whatever they are; "Sr." is kept: the father
    is another man)."""
    parts = tokens(name)
    if len(parts) > 2 and parts[-1].rstrip(".").casefold() == "jr":
        parts = parts[:-1]
        parts[-1] = parts[-1].rstrip(",")
    if len(parts) > 2:
        parts = [parts[0], *(p for p in parts[1:-1] if not is_initial(p)), parts[-1]]
    return norm_key(" ".join(parts))


@lru_cache(maxsize=4096)
def is_word(token: str) -> bool:
    """Whether a capitalised token opening a PERSON span is an ordinary word, not a name: an
    inflected verb ("Hammering", "Bashing", "Endorsed", "Crooked"), an adverb ("Certainly"),
    a title ("Moderator", "Senator"), a preposition or article ("Against"), a handle
    ("@realDonaldTrump") or no word at all."""
    if not any(c.isalpha() for c in token) or token.startswith("@"):
        return True
    if token in NOT_NAME_START:  # "Against Trump" on a protester's sign
        return True
    low = token.lower().rstrip(".")
    if low in TITLES or low in ROLE_WORDS:
        return True
    lemmas = lemminflect().getAllLemmas(low)
    if low.endswith("ly") and "ADV" in lemmas:
        return True
    if low.endswith(("ing", "ed")):
        return any(lemma != low for lemma in lemmas.get("VERB", ())) or "ADJ" in lemmas
    return False


def cleaned(name: str) -> str:
    """The name without leading words that are not names and without a trailing possessive
    ("Trump's" -> "Trump"); the name itself when nothing would be left."""
    parts = tokens(name)
    while len(parts) > 1 and is_word(parts[0]):
        parts = parts[1:]
    if parts:
        parts[-1] = _POSSESSIVE.sub("", parts[-1]) or parts[-1]
    return " ".join(parts) if parts else name


@lru_cache(maxsize=1)
def _nicknamer():  # type: ignore[no-untyped-def]
    """The nicknames package's table of English first names and their nicknames (loaded on
    first use: only the corpus linking needs it)."""
    from nicknames import NickNamer

    return NickNamer()


@lru_cache(maxsize=4096)
def nickname_related(a: str, b: str) -> bool:
    """Two different first names one person goes by: the shorter is a nickname of the longer
    ("Chuck"/"Charles", "Bill"/"William", "Bernie"/"Bernard"). The table also relates names
    of one length ("will" has the nickname "fred", "john" has "jack"): too loose to make
    "Will Rogers" and "Fred Rogers" one man, so those do not count."""
    a, b = a.casefold(), b.casefold()
    if len(a) == len(b) or not (a.isalpha() and b.isalpha()):
        return False
    short, long_ = sorted((a, b), key=len)
    return short in _nicknamer().nicknames_of(long_)


def _first_and_rest(name: str) -> tuple[str, str] | None:
    """A full name's first name and the key of the rest ("Charles E. Grassley": "Charles",
    "grassley"); None for a single word or an initial first."""
    parts = tokens(name)
    if len(parts) < 2 or is_initial(parts[0]):
        return None
    rest = [p for p in parts[1:] if not is_initial(p)]
    return (parts[0], norm_key(" ".join(rest))) if rest else None


def nickname_variants(a: str, b: str) -> bool:
    """The same person's name with a nickname for the first name: "Chuck Grassley" and
    "Charles E. Grassley"."""
    x, y = _first_and_rest(a), _first_and_rest(b)
    return x is not None and y is not None and x[1] == y[1] and nickname_related(x[0], y[0])


def nickname_groups(
    names: Iterable[str], together: Callable[[str, str], bool] | None = None
) -> list[list[str]]:
    """Names that differ only by a first name and its nickname, grouped, when ``together``
    (if given) holds for every two of them (the corpus links them by the company they keep).
    Every two names of a group are related, so an ambiguous nickname does not chain two
    people ("Chris Evans" between "Christopher Evans" and "Christina Evans" joins
    neither)."""
    by_rest: dict[str, list[str]] = {}
    for name in names:
        found = _first_and_rest(name)
        if found is not None:
            by_rest.setdefault(found[1], []).append(name)
    groups = []
    for named in by_rest.values():
        if len(named) < 2:
            continue
        linked: dict[str, set[str]] = {n: set() for n in named}
        for i, a in enumerate(named):
            for b in named[i + 1 :]:
                same_first = a.split()[0] == b.split()[0]  # "Charles (E.) Grassley"
                if same_first or (nickname_variants(a, b) and (together is None or together(a, b))):
                    linked[a].add(b)
                    linked[b].add(a)
        seen: set[str] = set()
        for n in sorted(named):
            if n in seen or not linked[n]:
                continue
            component, todo = {n}, [n]
            while todo:
                for m in linked[todo.pop()] - component:
                    component.add(m)
                    todo.append(m)
            seen |= component
            firsts = {m.split()[0] for m in component}
            if len(firsts) > 1 and all(linked[m] >= component - {m} for m in component):
                groups.append(sorted(component))
    return groups
