"""The shape of a person's name: which tokens are a name and which are words around it.

NER models tag more than the name in headlines and sentence openings ("Crooked Hillary
Clinton", "Bashing Trump", "Certainly Donald Trump", "Moderator Hugh Hewitt") and write the
same person with and without a middle initial ("James B. Comey", "James Comey"). These helpers
say which leading tokens are words rather than names, and give a key that ignores initials, so
the corpus-wide linking (corpus_names) can pick a name a reader would write.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gloss.store.analysis.entities import norm_key
from gloss.store.analysis.lexicon import TITLES, lemminflect

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
    """A matching key without middle initials: "James B. Comey" and "James Comey" agree
    (first and last tokens are kept whatever they are)."""
    parts = tokens(name)
    if len(parts) > 2:
        parts = [parts[0], *(p for p in parts[1:-1] if not is_initial(p)), parts[-1]]
    return norm_key(" ".join(parts))


@lru_cache(maxsize=4096)
def is_word(token: str) -> bool:
    """Whether a capitalised token opening a PERSON span is an ordinary word, not a name: an
    inflected verb ("Hammering", "Bashing", "Endorsed", "Crooked"), an adverb ("Certainly"),
    a title ("Moderator", "Senator"), a handle ("@realDonaldTrump") or no word at all."""
    if not any(c.isalpha() for c in token) or token.startswith("@"):
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
