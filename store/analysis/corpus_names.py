"""Canonical names across the corpus: "Kim Jong-un" and "Kim Jong Un", "James B. Comey" and
"James Comey", or a bare "Kirby" and the one "John Kirby" in the store, become one name on
entities and claim speakers; a person's canonical name is never a sentence opening such as
"Crooked Hillary Clinton"."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Mapping

from gloss.store.analysis.corrections import SPEAKER_LABELS
from gloss.store.analysis.entities import is_full_name, middle_free, norm_key, norp_singular
from gloss.store.analysis.lexicon import GROUP_ALIASES
from gloss.store.analysis.person_names import (
    cleaned,
    initials_free_key,
    is_initial,
    nickname_groups,
    nickname_variants,
)
from gloss.store.db import in_chunks

_NOT_PERSON = ("ORG", "GPE", "NORP")


def relink_corpus(conn: sqlite3.Connection) -> int:
    """Unify canonical names across documents; returns how many names changed.

    - Variants with the same key ("Kim Jong-un"/"Kim Jong Un"; for people also without
      middle initials: "James B. Comey"/"James Comey") take the most frequent form, and so
      do a person's names with a nickname for the first name ("Chuck Grassley"/"Charles
      Grassley": person_names.nickname_groups).
    - A person's name loses leading words that are not names ("Crooked Hillary Clinton",
      "Bashing Trump": person_names.cleaned), and a longer name whose last words are a name
      found in more documents becomes that name ("Billionaire Donald Trump" -> "Donald
      Trump"): a canonical name is never a sentence opening.
    - A bare surname takes the one full name in the corpus that ends with it, or the full
      name that most documents use when one clearly dominates ("Trump" -> "Donald Trump"),
      when the documents naming the two keep the same company (:class:`_Company`): on 2,129
      BBC articles "Blackburn" (the club, typed PERSON in 11 articles) had become the DJ Tony
      Blackburn, "Bolton" John Bolton and "Charles" Ray Charles.
    """
    rows = conn.execute(
        "SELECT canonical, label, count(*), count(DISTINCT document_id) FROM entities "
        "GROUP BY canonical, label"
    ).fetchall()
    mentions: Counter[tuple[str, str]] = Counter()
    documents: Counter[tuple[str, str]] = Counter()
    for canonical, label, n, d in rows:
        mentions[(canonical, label)] += n
        documents[(canonical, label)] += d
    mapping: dict[tuple[str, str], str] = {}
    # 1. People: words around the name dropped.
    for canonical, label in list(mentions):
        if label == "PERSON":
            clean = cleaned(canonical)
            if clean != canonical:
                mapping[(canonical, label)] = clean
    # 2. One form per key.
    by_key: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (canonical, label), n in mentions.items():
        name = mapping.get((canonical, label), canonical)
        by_key[(_key(name, label), label)][name] += n
    for (_k, label), variants in by_key.items():
        if label == "PERSON" and _conflicting_initials(variants):
            continue  # "George W. Bush" and "George H. W. Bush": two people
        best = _preferred(variants)
        for v in variants:
            if v != best and same_group(v, best, label):
                mapping[(v, label)] = best
    # 2b. A nickname for the first name: "Chuck Grassley" and "Charles Grassley".
    resolved = _resolve(mapping)
    named: Counter[str] = Counter()
    originals: dict[str, set[str]] = defaultdict(set)  # a person's name: the forms it took
    for (canonical, label), n in mentions.items():
        if label == "PERSON":
            name = resolved.get((canonical, label), canonical)
            named[name] += n
            originals[name].add(canonical)
    company = _Company(conn)
    for group in nickname_groups(
        named, lambda a, b: company.together(originals[a] | {a}, originals[b] | {b})
    ):
        best = _preferred({v: named[v] for v in group})
        for v in group:
            if v != best:
                mapping[(v, "PERSON")] = best
    # 2c. A middle name some article wrote beside the name without it ("Hillary Rodham
    # Clinton" there, see entities.middle_free): the shorter name everywhere.
    resolved = _resolve(mapping)
    for canonical in named:
        name = resolved.get((canonical, "PERSON"), canonical)
        short = middle_free(name)
        if short is not None and short in named and _written_for(conn, name, short):
            mapping[(name, "PERSON")] = short
    resolved = _resolve(mapping)
    docs: Counter[str] = Counter()
    for (canonical, label), d in documents.items():
        if label == "PERSON":
            docs[resolved.get((canonical, label), canonical)] += d
    # 3. A longer name ending with a better-known name of two or more words.
    for name in list(docs):
        parts = name.split()
        for i in range(1, len(parts) - 1):
            suffix = " ".join(parts[i:])
            if docs.get(suffix, 0) > docs[name]:
                mapping[(name, "PERSON")] = suffix
                break
    resolved = _resolve(mapping)
    people: Counter[str] = Counter()
    for name, d in docs.items():
        people[resolved.get((name, "PERSON"), name)] += d
    # 4. "Kirby" or "Le Drian": the longer name in the corpus that ends with it. Names by
    # each of their word-boundary tails (linear, not every pair of names).
    by_tail: dict[str, set[str]] = defaultdict(set)
    for p in people:
        if not is_full_name(p):
            continue  # "Trump v. Trump" is no full name of "Trump"
        for i, ch in enumerate(p):
            if ch == " ":
                by_tail[p[i + 1 :]].add(p)
    # A word the corpus mostly names a body, place or group by ("Labour" typed PERSON in a
    # few sentences) is no surname: it does not take a person's full name ("Blair Labour",
    # a headline's run-on, had become the name of 65 "Labour" mentions).
    elsewhere: Counter[str] = Counter()
    as_surname: Counter[str] = Counter()  # PERSON mentions of the name or ending with it
    for (canonical, label), n in mentions.items():
        if label in _NOT_PERSON:
            elsewhere[canonical] += n
        elif label == "PERSON":
            as_surname[canonical.rsplit(" ", 1)[-1]] += n
    for name in people:
        if " " not in name and elsewhere[name] >= as_surname[name]:
            continue
        longer = by_tail.get(name, set()) - {name}
        target = None
        if len(longer) == 1:
            target = next(iter(longer))
        elif longer and " " not in name:
            best = max(longer, key=lambda p: (people[p], p))
            if people[best] >= DOMINANT_SHARE * sum(people[p] for p in longer):
                target = best
        if target is not None and (
            " " in name
            or company.together(originals.get(name, set()) | {name}, originals[target] | {target})
        ):
            mapping[(name, "PERSON")] = target
    resolved = _resolve(mapping)
    changed = 0
    for (old, label), new in resolved.items():
        if old == new:
            continue
        changed += 1
        conn.execute(
            "UPDATE entities SET canonical = ? WHERE canonical = ? AND label = ?", (new, old, label)
        )
        if label in SPEAKER_LABELS:
            conn.execute("UPDATE claims SET speaker = ? WHERE speaker = ?", (new, old))
    return changed + _one_party(conn)


def _written_for(conn: sqlite3.Connection, name: str, short: str) -> bool:
    """Whether an article wrote ``name`` for the person it also calls ``short`` (its mention
    of ``name`` has the canonical ``short``): one person, not "Jerry Lee Lewis" and the
    comedian Jerry Lewis."""
    return (
        conn.execute(
            "SELECT 1 FROM entities WHERE canonical = ? AND label = 'PERSON' AND text = ? LIMIT 1",
            (short, name),
        ).fetchone()
        is not None
    )


def _one_party(conn: sqlite3.Connection, documents: set[int] | None = None) -> int:
    """A party named as a body (ORG: "Labour", "Conservative Party") and as its members
    (NORP: "Labour" voters, "Tory", "Tories") is one entity: the names with one key under
    both labels take the form and the label most of their mentions have ("Conservative
    Party" becomes "Tory" in the BBC's news; preferring a party's name as a body made 794
    "Democrats" the "Democrat Party", a Republican jibe), so the entity list shows the
    Conservatives once. The corpus's counts decide; with ``documents`` (the incremental
    link) only their names change, so a new article's "Labour" voters join the party the
    corpus already shows. Returns how many names changed."""
    found: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for canonical, label, n in conn.execute(
        "SELECT canonical, label, count(*) FROM entities WHERE label IN ('ORG', 'NORP') "
        "GROUP BY canonical, label"
    ):
        found[group_key(_without_party(canonical))][(canonical, label)] = n
    ids = sorted(documents or ())
    present: set[tuple[str, str]] = set()  # the names in ``documents``
    for chunk, marks in in_chunks(ids):
        present.update(
            conn.execute(
                "SELECT DISTINCT canonical, label FROM entities WHERE label IN ('ORG', 'NORP') "
                f"AND document_id IN ({marks})",
                chunk,
            )
        )
    changed = 0
    for names in found.values():
        if len({label for _c, label in names}) < 2:
            continue
        label = max(("ORG", "NORP"), key=lambda x: sum(n for (_c, y), n in names.items() if y == x))
        best = _preferred({c: n for (c, y), n in names.items() if y == label})
        for canonical, old_label in names:
            if (canonical, old_label) == (best, label) or not _one_party_name(canonical, best):
                continue
            if documents is not None and (canonical, old_label) not in present:
                continue
            changed += 1
            if documents is None:
                conn.execute(
                    "UPDATE entities SET canonical = ?, label = ? "
                    "WHERE canonical = ? AND label = ?",
                    (best, label, canonical, old_label),
                )
                conn.execute("UPDATE claims SET speaker = ? WHERE speaker = ?", (best, canonical))
                continue
            for chunk, marks in in_chunks(ids):
                conn.execute(
                    "UPDATE entities SET canonical = ?, label = ? "
                    f"WHERE document_id IN ({marks}) AND canonical = ? AND label = ?",
                    (best, label, *chunk, canonical, old_label),
                )
                conn.execute(
                    f"UPDATE claims SET speaker = ? WHERE document_id IN ({marks}) AND speaker = ?",
                    (best, *chunk, canonical),
                )
    return changed


def _one_party_name(a: str, b: str) -> bool:
    """Whether a body's and a group's names with one key are one party's: the same name,
    a party's name with "Party" ("Conservative Party" / "Tory"), or the same words, some
    abbreviated ("Liberal Democrats" / "Lib Dems"). A plural alone is not: a body's name
    in the plural is another body ("Rovers", the club; "Rover", the carmaker)."""
    if norm_key(a) == norm_key(b):
        return True
    sa, sb = _without_party(a), _without_party(b)
    if not same_group(sa, sb, "NORP"):
        return False
    if (sa, sb) != (a, b):
        return True
    ka, kb = norm_key(sa), norm_key(sb)
    plural_only = ka.rstrip("s") == kb.rstrip("s")  # "New Yorker" (the magazine), "New Yorkers"
    return min(len(sa.split()), len(sb.split())) >= 2 and not plural_only


# A bare surname shared by several full names goes to the one used by at least this share of
# the documents naming any of them ("Trump": Donald, not Melania or Ivanka).
DOMINANT_SHARE = 0.8


def _preferred(variants: Mapping[str, int]) -> str:
    """The form a corpus gives one name among its variants (with their mentions): written
    with capitals, the most mentioned, then the shortest."""
    return max(variants, key=lambda v: (_written(v), variants[v], -len(v.split()), -len(v), v))


def _written(name: str) -> bool:
    """Whether a name is written as a name, with a capital: among variants of one name the
    corpus's form is one ("Jeffrey D. Feltman" over a more frequent "jeff feltman")."""
    return any(c.isupper() for c in name) or not any(c.islower() for c in name)


def _key(name: str, label: str) -> str:
    """What variants of one name share: a person's name without middle initials, a party
    without "Party" ("Labour Party" / "Labour"), a group in the singular, by its other name
    and with its words abbreviated ("Tories" / "Conservatives", "Lib Dems" / "Liberal
    Democrats"); anything else without case, accents, spaces or punctuation."""
    if label == "PERSON":
        return initials_free_key(name)
    if label == "ORG":
        return norm_key(_without_party(name))
    if label == "NORP":
        return group_key(name)
    return norm_key(name)


_PARTY_WORD = re.compile(r"(?<=\S)\s+[Pp]arty$")


def _without_party(name: str) -> str:
    """A party's name without "Party" ("Labour Party" -> "Labour"); other names as they are."""
    return _PARTY_WORD.sub("", name) or name


def group_key(name: str) -> str:
    """The key of a group's name (NORP): a name of several words by the first three letters
    of each ("Lib Dem", "Liberal Democrats"; :func:`same_group` then tells an abbreviation
    from another word), one word in the singular and by its other name
    (lexicon.GROUP_ALIASES: "Tories", "Conservative")."""
    words = _group_words(name)
    if not words:
        return norm_key(name)
    if len(words) == 1:
        return words[0]
    return "".join(w[:3] for w in words)


def _group_words(name: str) -> list[str]:
    """A group's name as matching words: hyphens split ("Al-Qaeda"), the last word in the
    singular, a one-word name by its other name."""
    words = [k for k in (norm_key(w) for w in re.split(r"[\s\-‐–]+", name)) if k]
    if not words:
        return words
    last = words[-1]
    if last.isalpha():
        last = norp_singular(last.capitalize()).lower()
    words[-1] = last
    if len(words) == 1:
        words[0] = GROUP_ALIASES.get(last, last)
    return words


# An abbreviated word of a group's name: at most this many letters ("Lib", "Dem", "Cons").
ABBREVIATION_LETTERS = 4


def same_group(a: str, b: str, label: str) -> bool:
    """Whether two names with one key (see :func:`_key`) name one thing: always, but for
    groups of several words, whose words must be equal or the shorter an abbreviation of
    the longer ("Lib Dems" / "Liberal Democrats"; not "South African" / "Southern
    African")."""
    if label != "NORP":
        return True
    wa, wb = _group_words(a), _group_words(b)
    if len(wa) != len(wb):
        return len(wa) <= 1 and len(wb) <= 1
    for x, y in zip(wa, wb, strict=True):
        short, long = sorted((x, y), key=len)
        if short != long and not (len(short) <= ABBREVIATION_LETTERS and long.startswith(short)):
            return False
    return True


def _conflicting_initials(variants: Counter[str]) -> bool:
    """Two variants with different middle initials (not merged through the initial-free
    key)."""
    found = {
        tuple(t for t in v.split()[1:-1] if is_initial(t)) for v in variants if len(v.split()) > 2
    }
    return len(found - {()}) > 1


def _resolve(mapping: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """Follow chains (a -> b -> c gives a -> c), stopping at cycles."""
    out: dict[tuple[str, str], str] = {}
    for (name, label), target in mapping.items():
        seen = {name}
        while (target, label) in mapping and target not in seen:
            seen.add(target)
            target = mapping[(target, label)]
        out[(name, label)] = target
    return out


# -- new documents adopt the corpus's names (the incremental link) ------------------------
def _last_word(name: str) -> str:
    parts = name.split()
    return parts[-1].casefold() if parts else ""


def save_name_index(conn: sqlite3.Connection) -> None:
    """Store every canonical name with its key and counts (``link_names``), after a full
    relink, for :func:`adopt_corpus_names`."""
    conn.execute("DELETE FROM link_names")
    conn.executemany(
        "INSERT INTO link_names (canonical, label, key, last, mentions, documents) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            (canonical, label, _key(canonical, label), _last_word(canonical), n, d)
            for canonical, label, n, d in conn.execute(
                "SELECT canonical, label, count(*), count(DISTINCT document_id) FROM entities "
                "GROUP BY canonical, label"
            )
        ),
    )


def adopt_corpus_names(conn: sqlite3.Connection, documents: set[int]) -> int:
    """Give the names of ``documents`` (new or re-analysed) the forms the corpus uses, by the
    rules of :func:`relink_corpus` read against the stored name index: the cleaned name, the
    most frequent variant with the same key, a better-known name it ends with, the one full
    name ending with a bare name (or the dominant one). The rest of the corpus is not
    renamed here (the next full link may re-decide a corpus-wide form). Returns how many
    names changed."""
    if not documents:
        return 0
    ids = sorted(documents)
    found: Counter[tuple[str, str]] = Counter()
    docs: dict[tuple[str, str], set[int]] = defaultdict(set)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for doc, canonical, label in conn.execute(
            "SELECT document_id, canonical, label FROM entities "
            f"WHERE document_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found[(canonical, label)] += 1
            docs[(canonical, label)].add(doc)
    index = _NameIndex(conn)
    changed = 0
    # Full names first: a bare surname is then judged by the company of the document's
    # names in their corpus forms ("Vladimir V. Putin" already "Vladimir Putin").
    for (name, label), n in sorted(found.items(), key=lambda x: (" " not in x[0][0], x[0])):
        target = index.adopt(name, label, docs[(name, label)])
        index.count(target, label, n, len(docs[(name, label)]))
        if target == name:
            continue
        changed += 1
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            conn.execute(
                f"UPDATE entities SET canonical = ? WHERE document_id IN ({marks}) "
                "AND canonical = ? AND label = ?",
                (target, *chunk, name, label),
            )
            if label in SPEAKER_LABELS:
                conn.execute(
                    f"UPDATE claims SET speaker = ? WHERE document_id IN ({marks}) AND speaker = ?",
                    (target, *chunk, name),
                )
    return changed + _one_party(conn, documents)


# Names around a person that tell two people of one surname apart: bodies, places, people.
_COMPANY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW")
# Two names are one person's only when their documents share this many names that are not
# common in the corpus ("Chuck Grassley" and "Charles E. Grassley": Senate Judiciary
# Committee, Merrick Garland...; "Andy Williams" the singer and "Andrea Williams": none).
SHARED_COMPANY = 2
COMMON_SHARE, COMMON_FLOOR = 0.05, 10


class _Company:
    """The names in the documents that name a person, for telling whether a nickname and a
    first name are one person's: on 2,129 BBC articles without it, 7 of 22 pairs were two
    people ("Ian Hart"/"John Hart", "Billy Preston"/"Robert Preston")."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # Common: named in a twentieth of the documents ("United States", "BBC"), and in more
        # than ten of them (in a small store every name is in a large share).
        documents = int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        self.common = max(COMMON_FLOOR, COMMON_SHARE * documents)
        self._df: dict[str, int] = {}
        self._names: dict[frozenset[str], set[str]] = {}

    def of_documents(self, documents: set[int] | frozenset[int], own: set[str]) -> set[str]:
        """The uncommon names in ``documents`` other than ``own``."""
        ids = sorted(documents)
        found: set[str] = set()
        marks = ",".join("?" * len(_COMPANY_LABELS))
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            found.update(
                r[0]
                for r in self.conn.execute(
                    "SELECT DISTINCT canonical FROM entities "
                    f"WHERE document_id IN ({','.join('?' * len(chunk))}) AND label IN ({marks})",
                    (*chunk, *_COMPANY_LABELS),
                )
            )
        return {n for n in found - own if self._documents_naming(n) <= self.common}

    def of_names(self, names: set[str]) -> set[str]:
        """The uncommon names in the documents naming a person by any of ``names``."""
        key = frozenset(names)
        if key not in self._names:
            marks = ",".join("?" * len(names))
            docs = {
                r[0]
                for r in self.conn.execute(
                    "SELECT DISTINCT document_id FROM entities "
                    f"WHERE label = 'PERSON' AND canonical IN ({marks})",
                    sorted(names),
                )
            }
            self._names[key] = self.of_documents(docs, set(names))
        return self._names[key]

    def together(self, a: set[str], b: set[str]) -> bool:
        """Whether the people named ``a`` and ``b`` keep the same company."""
        return self.shared(self.of_names(a), self.of_names(b), a | b)

    @staticmethod
    def shared(a: set[str], b: set[str], own: set[str]) -> bool:
        return len((a & b) - own) >= SHARED_COMPANY

    def _documents_naming(self, name: str) -> int:
        if name not in self._df:
            self._df[name] = int(
                self.conn.execute(
                    "SELECT count(DISTINCT document_id) FROM entities WHERE canonical = ?",
                    (name,),
                ).fetchone()[0]
            )
        return self._df[name]


class _NameIndex:
    """The stored name index, read name by name."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._company: _Company | None = None  # made when a nickname first needs it

    def _rows(self, where: str, params: tuple[str, ...]) -> list[tuple[str, int, int]]:
        return self.conn.execute(
            f"SELECT canonical, mentions, documents FROM link_names WHERE {where}", params
        ).fetchall()

    def _mentions(self, name: str, label: str) -> int:
        rows = self._rows("canonical = ? AND label = ?", (name, label))
        return int(rows[0][1]) if rows else 0

    def _as_surname(self, name: str) -> int:
        """PERSON mentions of ``name`` or of a name ending with it."""
        return int(
            self.conn.execute(
                "SELECT coalesce(sum(mentions), 0) FROM link_names "
                "WHERE last = ? AND label = 'PERSON'",
                (_last_word(name),),
            ).fetchone()[0]
        )

    def _elsewhere(self, name: str) -> int:
        """Mentions of ``name`` as a body, place or group."""
        return sum(self._mentions(name, label) for label in _NOT_PERSON)

    def documents(self, name: str, label: str) -> int:
        rows = self._rows("canonical = ? AND label = ?", (name, label))
        return int(rows[0][2]) if rows else 0

    def adopt(
        self, name: str, label: str, documents: set[int] | frozenset[int] = frozenset()
    ) -> str:
        """The corpus's form of ``name`` in ``documents`` (itself when none applies)."""
        if label == "PERSON":
            name = cleaned(name)
        variants = Counter(
            {
                c: m
                for c, m, _d in self._rows("key = ? AND label = ?", (_key(name, label), label))
                if same_group(c, name, label)
            }
        )
        variants[name] += 0
        if len(variants) > 1 and not (label == "PERSON" and _conflicting_initials(variants)):
            name = _preferred(variants)
        if label != "PERSON":
            return name
        short = middle_free(name)
        if (
            short is not None
            and self._mentions(short, label)
            and _written_for(self.conn, name, short)
        ):
            name = short  # see relink_corpus, step 2c
        name = self._by_nickname(name, documents)
        parts = name.split()
        mine = self.documents(name, label)
        for i in range(1, len(parts) - 1):
            suffix = " ".join(parts[i:])
            if self.documents(suffix, label) > mine:
                return suffix
        if " " not in name and self._elsewhere(name) >= self._as_surname(name):
            return name  # mostly a body's, place's or group's name (see relink_corpus)
        longer = {
            c: d
            for c, _m, d in self._rows("last = ? AND label = 'PERSON'", (_last_word(name),))
            if c != name and c.endswith(" " + name) and is_full_name(c)
        }
        target = None
        if len(longer) == 1:
            target = next(iter(longer))
        elif longer and " " not in name:
            best = max(longer, key=lambda p: (longer[p], p))
            if longer[best] >= DOMINANT_SHARE * sum(longer.values()):
                target = best
        if target is None:
            return name
        if " " not in name:  # a bare surname: only the full name of the same company
            if self._company is None:
                self._company = _Company(self.conn)
            company = self._company
            mine = company.of_documents(documents, {name})
            if not company.shared(mine, company.of_names({target}), {name, target}):
                return name
        return target

    def _by_nickname(self, name: str, documents: set[int]) -> str:
        """The corpus's form of a person named with a nickname for the first name (or the
        first name for a nickname) in ``documents``, when every such form in the corpus is
        one person's and keeps the same company (see _Company)."""
        found = {
            c: m
            for c, m, _d in self._rows("last = ? AND label = 'PERSON'", (_last_word(name),))
            if c == name or nickname_variants(c, name)
        }
        if not any(c != name for c in found):
            return name
        found.setdefault(name, 0)
        if self._company is None:
            self._company = _Company(self.conn)
        company = self._company
        mine = company.of_documents(documents, {name})

        def together(a: str, b: str) -> bool:
            if name not in (a, b):
                return company.together({a}, {b})
            other = b if a == name else a
            return company.shared(mine, company.of_names({other}), {name, other})

        groups = nickname_groups(found, together)
        if len(groups) != 1 or set(groups[0]) != set(found):
            return name  # none, or a nickname shared by two people's first names
        return _preferred(found)

    def count(self, name: str, label: str, mentions: int, documents: int) -> None:
        """Add a document's mentions of ``name`` to the index."""
        self.conn.execute(
            "INSERT INTO link_names (canonical, label, key, last, mentions, documents) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (canonical, label) DO UPDATE SET "
            "mentions = mentions + excluded.mentions, documents = documents + excluded.documents",
            (name, label, _key(name, label), _last_word(name), mentions, documents),
        )
