"""Claim clusters: the same statement reported by several documents, and word diffs of
its variants."""

from __future__ import annotations

import difflib
import re
import sqlite3
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from gloss.store.analysis.base import find_quotes
from gloss.store.analysis.link_state import (
    BOILER,
    COMMON_WORD,
    CONCEPT,
    IDF,
    KEY_LIMIT,
    QUOTE,
    QUOTED_WORD,
    RARE_WORD,
    SPOKEN,
    SPOKEN_SHORT,
    STORY,
    TEXT,
    LinkStats,
    key_id,
    rare_limit,
    story_limit,
)
from gloss.store.analysis.similarity import (
    _STOP,
    QUOTE_DAYS,
    SHARED_RUN,
    SHORT_QUOTE,
    ClaimFeatures,
    _days_apart,
    _other_figures,
    compatible_speakers,
    concepts,
    features,
    relative_head,
    restates,
    same_long_words,
    same_statement,
    short_quotes_in_words,
    similarity_normed,
    speaker_group,
)

__all__ = ["apply_clusters", "plan_clusters", "recompute_clusters", "word_diff"]

_WORD = re.compile(r"\S+")
# Bump when cross-document linking (clusters, corpus-wide names, stories) changes: a store
# whose links are older is relinked by the next `gloss analyze`, even with nothing to analyse.
LINKS_VERSION = "34"


def recompute_clusters(conn: sqlite3.Connection) -> int:
    """Cluster every claim in the store; returns the number of multi-document clusters."""
    return apply_clusters(conn, plan_clusters(conn))


def apply_clusters(conn: sqlite3.Connection, groups: list[list[int]]) -> int:
    """Store clusters from :func:`plan_clusters` (claim ids; named by :func:`name_clusters`),
    clearing every other claim's; returns the number of clusters. Ids of claims
    deleted since the plan are skipped."""
    conn.execute("UPDATE claims SET cluster = NULL WHERE cluster IS NOT NULL")
    name_clusters(conn, groups)
    return len(groups)


def name_clusters(conn: sqlite3.Connection, groups: list[list[int]]) -> None:
    """Store each group of claim ids as a cluster named after its first claim by place in
    the store, ``k<document id>-<content start>``: a name that survives a re-analysis (claim
    ids do not; a review session or a note that names ``cluster:k12-340`` keeps working) and
    stays while later documents join the cluster."""
    where: dict[int, tuple[int, int]] = {}
    ids = [i for members in groups for i in members]
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for i, doc, start in conn.execute(
            f"SELECT id, document_id, content_start FROM claims WHERE id IN ({marks})", chunk
        ):
            where[i] = (doc, start if start is not None else 0)
    for members in groups:
        found = [(*where[i], i) for i in members if i in where]
        if not found:
            continue  # every member deleted since the plan
        doc, start, _ = min(found)
        cid = f"k{doc}-{start}"
        conn.executemany("UPDATE claims SET cluster = ? WHERE id = ?", [(cid, i) for i in members])


def plan_clusters(conn: sqlite3.Connection) -> list[list[int]]:
    """The claim ids of each cluster of claims from two or more documents (reads only, so
    it can run on a snapshot while the store stays free for others)."""
    return plan_links(conn).groups


@dataclass
class SpeakerInfo:
    """What every claim of a speaker reads: whether the speaker is a person, and the groups
    they are introduced with (:func:`person_affiliations`)."""

    person: bool
    groups: frozenset[str] = frozenset()

    def stored(self) -> tuple[int, str]:
        """As a row of ``link_speakers``."""
        return int(self.person), "\x1f".join(sorted(self.groups))


@dataclass
class LinkPlan:
    """A full link planned on a snapshot: the clusters (claim ids) and what the incremental
    path keeps (:mod:`gloss.store.analysis.link_state`)."""

    groups: list[list[int]]
    stats: LinkStats
    counts: dict[int, int]
    keys: array[int]  # key id, claim id, key id, claim id, ... (compact: millions at 100k)
    edges: dict[tuple[int, int], float]  # matched pairs of claim ids (a < b), boilerplate too
    speakers: dict[str, SpeakerInfo]


@dataclass
class Claim:
    """A claim as linking reads it."""

    id: int
    document_id: int
    outlet: str | None
    feats: ClaimFeatures
    sentence: tuple[int, int] = (0, 0)  # its sentence(s) in the document (start, end)


_CLAIM_SQL = (
    "SELECT c.id, c.document_id, c.start, c.end, c.speaker, c.content_start, "
    "c.content_end, c.kind, c.speaker_start, c.speaker_end, d.outlet, d.published "
    "FROM claims c JOIN documents d ON d.id = c.document_id "
)


def load_claims(
    conn: sqlite3.Connection,
    speakers: Callable[[set[str]], dict[str, SpeakerInfo]],
    where: str = "",
    params: Sequence[Any] = (),
) -> list[Claim]:
    """The claims ``where`` selects (all without it) with their features, in document order;
    ``speakers`` tells what each speaker is."""
    cur = conn.execute(f"{_CLAIM_SQL} {where} ORDER BY c.document_id, c.start, c.id", params)
    names = [d[0] for d in cur.description]
    claims = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    if not claims:
        return []
    # The texts are sliced here, one document at a time: substr() in SQL reads a document's
    # UTF-8 text from its start for every claim, quadratic in a long document.
    _add_texts(conn, claims)
    doc_ids = sorted({c["document_id"] for c in claims})
    ents: dict[int, _Spans] = defaultdict(_Spans)
    people: dict[int, _Spans] = defaultdict(_Spans)
    others: dict[int, _Spans] = defaultdict(_Spans)
    dates: dict[int, _Spans] = defaultdict(_Spans)
    if where:
        rows: Iterable[tuple[Any, ...]] = (
            row
            for chunk in _chunks(doc_ids)
            for row in conn.execute(
                "SELECT document_id, start, end, label, canonical FROM entities "
                f"WHERE document_id IN ({','.join('?' * len(chunk))}) ORDER BY document_id, start",
                chunk,
            )
        )
    else:
        rows = conn.execute(
            "SELECT document_id, start, end, label, canonical FROM entities "
            "ORDER BY document_id, start"
        )
    for doc_id, s, e, label, canonical in rows:
        if label in _NAMES:
            ents[doc_id].add(s, e, canonical)
            if label == "PERSON":
                people[doc_id].add(s, e, canonical)
        else:
            others[doc_id].add(s, e, None)
            if label == "DATE" and canonical:
                dates[doc_id].add(s, e, canonical)
    info = speakers({c["speaker"] for c in claims if c["speaker"]})
    out = []
    for c in claims:
        doc = c["document_id"]
        who = info.get(c["speaker"] or "") or SpeakerInfo(False)
        # Each claim reads only the entities around it (a long document has thousands).
        lo, hi = c["content_start"], c["content_start"] + len(c["content"] or "")
        feats = features(
            c["content"] or "",
            ents[doc].near(lo, hi),
            c["content_start"],
            c["speaker"],
            who.person,
            people=people[doc].near(lo, hi),
            others=[(s, e) for s, e, _x in others[doc].near(lo, hi)],
            dates=[
                d
                for s, e, d in dates[doc].near(c["start"], c["end"])
                if c["start"] <= s and e <= c["end"]
            ],
            affiliations=who.groups,
            kind=c["kind"],
            subject=relative_head(c["lead"], c["speaker_text"], c["gap"], c["content"] or "")
            if c["lead"] is not None
            else None,
            quoted=_carried_quotes(c),
        )
        feats.published = c["published"]
        out.append(Claim(c["id"], doc, c["outlet"], feats, (c["start"], c["end"])))
    return out


def _chunks(ids: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def all_speakers(conn: sqlite3.Connection) -> dict[str, SpeakerInfo]:
    """What every speaker of the store is."""
    persons = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT e.canonical FROM entities e WHERE e.label = 'PERSON' "
            "AND e.canonical IN (SELECT speaker FROM claims)"
        )
    }
    groups = person_affiliations(conn)
    return {
        s: SpeakerInfo(s in persons, groups.get(s, frozenset()))
        for (s,) in conn.execute("SELECT DISTINCT speaker FROM claims WHERE speaker IS NOT NULL")
    }


def some_speakers(conn: sqlite3.Connection, names: set[str]) -> dict[str, SpeakerInfo]:
    """What the speakers ``names`` are, read afresh (one query per speaker: a few)."""
    out = {}
    groups = person_affiliations(conn, names)
    for s in names:
        person = conn.execute(
            "SELECT 1 FROM entities WHERE canonical = ? AND label = 'PERSON' LIMIT 1", (s,)
        ).fetchone()
        out[s] = SpeakerInfo(person is not None, groups.get(s, frozenset()))
    return out


def blocking_keys(claim: Claim, rare: Any) -> list[tuple[str, str]]:
    """A claim's blocking keys (kind, key) before the too common ones are dropped: its
    concepts and normalised text (a claim of 25 characters or more), its quoted phrases,
    its rare words and the rare words of its short quotes (with a speaker), its outlet's
    boilerplate key."""
    f = claim.feats
    keys: list[tuple[str, str]] = []
    if len(f.normed) >= 25:
        keys.extend((CONCEPT, x) for x in f.concepts)
        keys.append((TEXT, f.normed))
    if f.quotes:
        keys.extend((QUOTE, "\x1f".join(k)) for k in _quote_keys(f))
        # One quoted word few claims use ("“sarcastic”"): :func:`days_quote` decides.
        keys.extend((QUOTE, q[0]) for q in f.quotes if len(q) == 1 and q[0] in rare)
    keys.extend(spoken_keys(f))
    if f.speaker:
        words = set(f.normed.replace("'", "").split())
        keys.extend((RARE_WORD, w) for w in words if w in rare)
        quoted = {w for q in f.quotes if 2 <= len(q) <= SHORT_QUOTE for w in q if w in rare}
        keys.extend((QUOTED_WORD, w) for w in quoted)
    boiler = claim_boiler_key(claim)
    if boiler is not None:
        keys.append((BOILER, boiler))
    return keys


def spoken_keys(f: ClaimFeatures) -> list[tuple[str, str]]:
    """A claim's concepts in its speaker's name: concepts too common to pair claims on in
    the whole corpus ("muslim", "money", "debate") still pair one speaker's claims, so two
    outlets' reports of one man's statement in other words become candidates."""
    if not f.group:
        return []
    keys = [(SPOKEN, f"{f.group}\x1f{x}") for x in f.concepts]
    # The concepts of its short quotations too, apart: a short quotation ("he is “not
    # ready” to endorse Trump") and a longer report holding it ("“... I'm just not ready to
    # do that at this point”") of one speaker become candidates (:data:`CROSS_PAIRING`).
    for q in f.quotes:
        if 2 <= len(q) <= SHORT_QUOTE:
            keys.extend((SPOKEN_SHORT, f"{f.group}\x1f{x}") for x in concepts(" ".join(q), [], 0))
    return keys


# Key kinds paired on, and how many keys of the kind two claims must share (SPOKEN pairs
# claims for the strict rules only).
PAIRING = {CONCEPT: 2, TEXT: 1, QUOTE: 1, SPOKEN: 2}
# A claim holding a key of the first kind and one holding the same key of the second kind are
# candidates for the strict rules when the one's short quotation stands in the other's words
# within a few days (:func:`quote_candidate`); both kinds are dropped when too common.
CROSS_PAIRING = {SPOKEN_SHORT: SPOKEN}
COUNTED = frozenset(PAIRING) | {SPOKEN_SHORT}


def quote_candidate(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """A cheap test before the rules: a short quotation of one claim stands in the other's
    words, reported within :data:`QUOTE_DAYS` (what :func:`days_quote` needs)."""
    days = _days_apart(a, b)
    return days is not None and days <= QUOTE_DAYS and any(short_quotes_in_words(a, b))


def count_stats(conn: sqlite3.Connection, claims: list[Claim]) -> tuple[LinkStats, dict[int, int]]:
    """The statistics of ``claims`` (the whole store), and the counts to store."""
    n = len(claims)
    # Counted by the strings (in C), each distinct key hashed once after.
    concept_df: Counter[str] = Counter()
    blocking_df: Counter[tuple[str, str]] = Counter()
    words: Counter[str] = Counter()
    for c in claims:
        f = c.feats
        concept_df.update(f.concepts)
        words.update(set(f.normed.replace("'", "").split()))
        if len(f.normed) >= 25:
            blocking_df.update((CONCEPT, x) for x in f.concepts)
            blocking_df[(TEXT, f.normed)] += 1
        if f.quotes:
            blocking_df.update((QUOTE, "\x1f".join(k)) for k in _quote_keys(f))
        blocking_df.update(spoken_keys(f))
    idf_df = {key_id(IDF, x): v for x, v in concept_df.items()}
    blocking = {key_id(*k): v for k, v in blocking_df.items() if v > KEY_LIMIT}
    limit = rare_limit(n)
    counts: dict[int, int] = dict(idf_df)
    too_common = {k for k, v in blocking.items() if v > KEY_LIMIT}
    counts.update((k, blocking[k]) for k in too_common)
    common = {w for w, v in words.items() if v > limit}
    counts.update((key_id(COMMON_WORD, w), words[w]) for w in common)
    documents = int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    story_df = story_document_counts(conn)
    slimit = story_limit(documents)
    for concept, v in story_df.items():
        if v > slimit:
            k = key_id(STORY, concept)
            too_common.add(k)
            counts[k] = v
    return LinkStats(n, documents, idf_df, too_common, common), counts


def story_document_counts(conn: sqlite3.Connection) -> Counter[str]:
    """How many documents name each story concept (:func:`stories.document_concepts`)."""
    from gloss.store.analysis.stories import document_concepts

    df: Counter[str] = Counter()
    for held in document_concepts(conn).values():
        df.update(held)
    return df


def plan_links(conn: sqlite3.Connection, stats: LinkStats | None = None) -> LinkPlan:
    """Plan a full link of every claim (reads only): with ``stats`` (frozen statistics)
    or counted afresh."""
    speakers = all_speakers(conn)
    claims = load_claims(conn, lambda names: speakers)
    counts: dict[int, int] = {}
    if stats is None:
        stats, counts = count_stats(conn, claims)
    rare = stats.rare
    postings: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    by_word: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    keys = array("q")
    cross_key: dict[int, int] = {}
    for i, c in enumerate(claims):
        for kind, key in blocking_keys(c, rare):
            k = key_id(kind, key)
            if kind in COUNTED and k in stats.too_common:
                continue
            keys.extend((k, c.id))
            postings[kind][k].append(i)
            if kind in CROSS_PAIRING:
                cross_key[k] = key_id(CROSS_PAIRING[kind], key)
            if kind in (QUOTED_WORD, RARE_WORD):
                by_word[kind][key].append(i)
    pairs: set[tuple[int, int]] = set()
    for kind, need in PAIRING.items():
        if kind != SPOKEN:
            pairs.update(_pairs_sharing(postings[kind], len(claims), need))
    quoted, words = by_word[QUOTED_WORD], by_word[RARE_WORD]
    for w, holders in quoted.items():
        for i in holders:
            for j in words.get(w, ()):
                if i != j and quote_in_words(claims[i].feats, claims[j].feats, rare):
                    pairs.add((min(i, j), max(i, j)))
    spoken = _pairs_sharing(postings[SPOKEN], len(claims), PAIRING[SPOKEN])
    for short, other in CROSS_PAIRING.items():
        for key, holders in postings[short].items():
            # The same key string under the other kind (the kind is the hash's first part).
            for j in postings[other].get(cross_key[key], ()):
                spoken.update(
                    (min(i, j), max(i, j))
                    for i in holders
                    if i != j and quote_candidate(claims[i].feats, claims[j].feats)
                )
    spoken -= pairs
    idf = stats.idf(x for c in claims for x in c.feats.concepts)
    edges = {}
    for i, j in sorted(pairs | spoken):
        a, b = claims[i], claims[j]
        weight = pair_weight(a, b, idf, rare, (i, j) not in spoken)
        if weight is not None:
            edges[(min(a.id, b.id), max(a.id, b.id))] = weight
    edges.update(restatements(claims, idf))
    boiler = boilerplate_claims(postings[BOILER], claims)
    groups = cluster_claims(claims, edges, boiler)
    return LinkPlan(groups, stats, counts, keys, edges, speakers)


# The weight of a pair that is one document restating its own claim (:func:`restates`):
# not a match between documents, so clustering reads it apart.
RESTATED = -1.0


def pair_weight(a: Claim, b: Claim, idf: dict[str, float], rare: Any, loose: bool) -> float | None:
    """The stored weight of a candidate pair of claims: its wording's likeness when the two
    claims, of different documents, report one statement; None for no pair (one document's
    restatements are :func:`restatements`)."""
    if a.document_id != b.document_id and same_statement(a.feats, b.feats, idf, rare, loose):
        return similarity_normed(a.feats.normed, b.feats.normed)
    return None


# A claim is compared with this many of its speaker's next claims in its document: every
# pair in an article, a bounded number in a book-length file.
RESTATE_WINDOW = 40


def restatements(claims: Sequence[Claim], idf: dict[str, float]) -> dict[tuple[int, int], float]:
    """:data:`RESTATED` pairs of ``claims`` (whole documents, in document order): each claim
    with the first of its speaker's next claims (:data:`RESTATE_WINDOW` at most, in another
    sentence) that restates it (:func:`restates`). Read whatever keys the two share (a
    speaker's own words are often too common in the corpus to pair on); one partner each
    keeps a document that repeats itself from making a pair of every two claims, and a chain
    joins a cluster as a whole (:func:`cluster_claims`)."""
    by_speaker: dict[tuple[int, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.feats.speaker:
            by_speaker[(c.document_id, c.feats.speaker)].append(c)
    out: dict[tuple[int, int], float] = {}
    for group in by_speaker.values():
        group.sort(key=lambda c: (c.sentence, c.id))
        for x, a in enumerate(group):
            for b in group[x + 1 : x + 1 + RESTATE_WINDOW]:
                if a.sentence[1] <= b.sentence[0] and restates(a.feats, b.feats, idf):
                    out[(min(a.id, b.id), max(a.id, b.id))] = RESTATED
                    break
    return out


def cluster_claims(
    claims: list[Claim], edges: dict[tuple[int, int], float], boiler: set[int]
) -> list[list[int]]:
    """The clusters (claim ids, two documents or more) of ``claims`` from their matched
    pairs, leaving out pairs with a boilerplate claim.

    A document's restatement of a clustered claim (:data:`RESTATED` pairs) then joins its
    cluster when nothing in the cluster conflicts with it: the lead and the body of one
    article both report the statement the other outlets matched."""
    by_id = {c.id: c for c in claims}
    kept = {p: w for p, w in edges.items() if p[0] not in boiler and p[1] not in boiler}
    between = {p: w for p, w in kept.items() if w != RESTATED}
    groups = _close_clusters(
        sorted(by_id),
        between,
        lambda i, j: _conflict(by_id[i].feats, by_id[j].feats),
        lambda i: by_id[i].document_id,
    )
    groups = [m for m in groups if len({by_id[i].document_id for i in m}) >= 2]
    restated: dict[int, list[int]] = defaultdict(list)
    for (i, j), w in kept.items():
        if w == RESTATED and i in by_id and j in by_id:
            restated[i].append(j)
            restated[j].append(i)
    group_of = {i: n for n, m in enumerate(groups) for i in m}
    # Out from the clustered claims along the restatements (a restatement of a restatement
    # joins too), in a fixed order so a link and a relink agree.
    queue = deque(sorted(i for i in group_of if i in restated))
    while queue:
        j = queue.popleft()
        n = group_of[j]
        for i in sorted(restated[j]):
            if i not in group_of and not any(
                _conflict(by_id[i].feats, by_id[x].feats) for x in groups[n]
            ):
                groups[n].append(i)
                group_of[i] = n
                queue.append(i)
    return [sorted(m) for m in groups]


def _pairs_sharing(postings: dict[int, list[int]], n: int, need: int) -> set[tuple[int, int]]:
    """Pairs of claim positions sharing at least ``need`` keys of ``postings``."""
    pairs: set[tuple[int, int]] = set()
    if need == 1:
        for ids in postings.values():
            if len(ids) >= 2:
                pairs.update((a, b) for x, a in enumerate(ids) for b in ids[x + 1 :])
        return pairs
    of: dict[int, list[list[int]]] = defaultdict(list)
    for ids in postings.values():
        if len(ids) >= 2:
            for i in ids:
                of[i].append(ids)
    for i, lists in of.items():
        later: Counter[int] = Counter()
        for ids in lists:
            later.update(ids[bisect_right(ids, i) :])
        pairs.update((i, j) for j, k in later.items() if k >= need)
    return pairs


def quote_in_words(a: ClaimFeatures, b: ClaimFeatures, rare: Any) -> bool:
    """A short quotation of ``a`` holding a rare word stands in ``b``'s words (both with a
    speaker): a candidate pair however else the two differ."""
    if not (a.speaker and b.speaker):
        return False
    words = tuple(b.normed.replace("'", "").split())
    return any(
        2 <= len(q) <= SHORT_QUOTE and any(w in rare for w in q) and _contains_run(words, q)
        for q in a.quotes
    )


def _contains_run(long_: tuple[str, ...], short: tuple[str, ...]) -> bool:
    n = len(short)
    return any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


_DIGIT_RUN = re.compile(r"\d+")


def claim_boiler_key(claim: Claim) -> str | None:
    """The key under which the claim's wording counts as boilerplate: its outlet's; for a
    document of unknown outlet (plain text files carry none), a narration's among all such
    documents (an editor's note pasted into every article of a folder); None for a claim
    with a speaker and no outlet (three outlets quoting one line is no boilerplate, nor is
    "some economists" in three copies of one BBC article)."""
    if claim.outlet:
        return boiler_key(claim.outlet, claim.feats.normed)
    if not claim.feats.speaker:
        return boiler_key("", claim.feats.normed)
    return None


def boiler_key(outlet: str, normed: str) -> str:
    """The key under which an outlet's repeated wording (numbers aside) is counted."""
    return outlet + "\x1f" + _DIGIT_RUN.sub("0", normed)[:80]


def boilerplate_claims(postings: dict[int, list[int]], claims: list[Claim]) -> set[int]:
    """The ids of claims repeating their outlet's boilerplate (:data:`BOILERPLATE_DOCS`)."""
    out: set[int] = set()
    for ids in postings.values():
        if len({claims[i].document_id for i in ids}) >= BOILERPLATE_DOCS:
            out.update(claims[i].id for i in ids)
    return out


# Two clusters join only when their members are on average this close: a third of the
# pairs across them matched directly (average linkage), so a chain of single links does not
# join claims that only resemble their neighbours.
MEMBER_LINKS = 0.34


def _close_clusters(
    nodes: int | Iterable[int],
    edges: dict[tuple[int, int], float],
    conflict: Callable[[int, int], bool],
    document: Callable[[int], int] | None = None,
) -> list[list[int]]:
    """Clusters of ``nodes`` (ids, or ``range(nodes)``) from matched pairs, strongest first
    (ties by the pair's ids): two clusters join when no pair across them conflicts (different
    people, different months) and enough pairs across them matched directly
    (:data:`MEMBER_LINKS`; pairs of documents, given ``document``). A component of the pairs
    is clustered the same alone or with the rest: the incremental link reclusters only the
    components it touched."""
    ids = range(nodes) if isinstance(nodes, int) else nodes
    members: dict[int, list[int]] = {i: [i] for i in ids}
    root = {i: i for i in members}
    linked = {frozenset(pair) for pair in edges}
    for (i, j), _strength in sorted(edges.items(), key=lambda e: (-e[1], e[0])):
        ri, rj = root[i], root[j]
        if ri == rj:
            continue
        a, b = members[ri], members[rj]
        if any(conflict(x, y) for x in a for y in b):
            continue
        if document is None:
            direct = sum(frozenset((x, y)) in linked for x in a for y in b)
            if direct < MEMBER_LINKS * len(a) * len(b):
                continue
        elif not _close_documents(a, b, linked, document):
            continue
        if len(a) < len(b):
            ri, rj, a, b = rj, ri, b, a
        a.extend(b)
        for x in b:
            root[x] = ri
        del members[rj]
    return [sorted(m) for m in members.values()]


def _close_documents(
    a: list[int], b: list[int], linked: set[frozenset[int]], document: Callable[[int], int]
) -> bool:
    """:data:`MEMBER_LINKS` counted between documents, not claims: one document's statement
    split into two claims (a quotation in two sentences) counts once, so it does not halve
    the links a third outlet's report has to the cluster."""
    pairs = {
        frozenset((document(x), document(y))) for x in a for y in b if document(x) != document(y)
    }
    if not pairs:
        return False
    joined = {
        frozenset((document(x), document(y))) for x in a for y in b if frozenset((x, y)) in linked
    }
    return len(joined) >= MEMBER_LINKS * len(pairs)


def _conflict(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Two claims that may never share a cluster: different people or bodies, dated to
    different months, or giving figures none of which is the same (as for a pair: a cluster
    joined through a third claim must not hold "millions" and "50")."""
    if (not compatible_speakers(a, b) and not same_long_words(a, b)) or _other_figures(a, b):
        return True
    return bool(a.months and b.months and not a.months & b.months)


_QUOTE_MARKS = ('"', "“", "”", "«", "''")


def _carried_quotes(claim: dict[str, Any]) -> list[str]:
    """The quotations of a claim's sentence that overlap its content (its own words)."""
    sentence = claim["sentence"] or ""
    if not any(mark in sentence for mark in _QUOTE_MARKS):
        return []
    start = claim["content_start"] - claim["start"]
    end = claim["content_end"] - claim["start"]
    return [sentence[a:b] for a, b in find_quotes(sentence) if a < end and start < b]


# Outlet boilerplate: the same wording (numbers aside) in this many documents of one outlet
# (an editor's note, a newsletter pitch, a poll's method) is the outlet's, not a statement.
BOILERPLATE_DOCS = 3


def _quote_keys(f: ClaimFeatures) -> set[Any]:
    """Blocking keys for shared quotations: each short quote whole and each run of words."""
    keys: set[Any] = set()
    for q in f.quotes:
        if len(q) <= SHORT_QUOTE:
            keys.update(q[i:] for i in range(len(q)) if len(q) - i >= 2)
            keys.update(q[:k] for k in range(2, len(q)))
            keys.update(q[i : i + k] for k in range(2, len(q)) for i in range(len(q) - k + 1))
        keys.update(q[i : i + SHARED_RUN] for i in range(len(q) - SHARED_RUN + 1))
    return keys


def _substr(text: str, start: int | None, length: int | None) -> str | None:
    """SQLite's ``substr(text, start + 1, length)`` on a Python string (None for NULL; a
    negative length takes the characters before ``start``)."""
    if start is None or length is None:
        return None
    if length < 0:
        return text[max(0, start + length) : start]
    return text[start : start + length]


def _add_texts(conn: sqlite3.Connection, claims: list[dict[str, Any]]) -> None:
    """Each claim's content, its sentence's lead before the speaker and the gap between
    speaker and content (when the speaker comes first), and the speaker's text; claims come
    grouped by document, whose text is read once."""
    doc_id, text = None, ""
    for c in claims:
        if c["document_id"] != doc_id:
            doc_id = c["document_id"]
            row = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            text = row[0] or ""
        start, cs, ce = c["start"], c["content_start"], c["content_end"]
        ss, se = c["speaker_start"], c["speaker_end"]
        c["content"] = _substr(text, cs, ce - cs)
        c["sentence"] = _substr(text, start, c["end"] - start)
        speaker_first = ss is not None and se is not None and ss >= start and se <= cs
        c["lead"] = _substr(text, start, ss - start) if speaker_first else None
        c["gap"] = _substr(text, se, cs - se) if speaker_first else None
        known = ss is not None and se is not None
        c["speaker_text"] = _substr(text, ss, se - ss) if known else None


class _Spans:
    """One document's entity spans (start, end, value) in start order, with the ones near a
    region found by bisection instead of a scan of the whole document."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int, Any]] = []
        self.starts: list[int] = []
        self.longest = 0

    def add(self, start: int, end: int, value: Any) -> None:
        """Append a span (spans arrive in start order)."""
        self.spans.append((start, end, value))
        self.starts.append(start)
        self.longest = max(self.longest, end - start)

    def near(self, lo: int, hi: int) -> list[tuple[int, int, Any]]:
        """The spans that may overlap [lo, hi], in start order: every span overlapping it
        or inside it, and perhaps a few that end right before it."""
        a = bisect_left(self.starts, lo - self.longest)
        return self.spans[a : bisect_right(self.starts, hi)]


_NAMES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"})
_BOUNDARY = re.compile(r"[.,;:!?“”\"()\[\]\n–—]")


def person_affiliations(
    conn: sqlite3.Connection, speakers: set[str] | None = None
) -> dict[str, frozenset[str]]:
    """The groups each person speaker is introduced with: an organisation, place or
    nationality in the run of modifiers right before the speaker's name in an attribution
    ("White House spokesman John Kirby said", "Russian President Vladimir Putin told"). The
    name is the subject of the cue there, so the run is a noun phrase's modifiers, not a verb
    phrase ("Deutsche Bank sued Yukos"); a run holds at most six words and no function words
    ("In Moscow, Kirby said", "talks with BBC's John Smith")."""
    out: dict[str, set[str]] = defaultdict(set)
    sql = (
        "SELECT c.document_id, c.start, c.speaker_start, c.speaker "
        "FROM claims c WHERE c.speaker_start IS NOT NULL AND c.speaker_start >= c.start "
        "AND EXISTS (SELECT 1 FROM entities e WHERE e.canonical = c.speaker "
        "AND e.label = 'PERSON')"
    )
    if speakers is None:
        rows = conn.execute(f"{sql} ORDER BY c.document_id").fetchall()
    else:  # only these speakers' claims (the incremental link: a few speakers)
        names = sorted(speakers)
        rows = sorted(
            row
            for chunk in _chunks(names)
            for row in conn.execute(f"{sql} AND c.speaker IN ({','.join('?' * len(chunk))})", chunk)
        )
    doc_id = None
    text = ""
    ents: list[tuple[int, int, str, str]] = []
    starts: list[int] = []
    for doc, sent_start, s, speaker in rows:
        if doc != doc_id:
            doc_id = doc
            text = conn.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()[0]
            ents = conn.execute(
                "SELECT start, end, label, canonical FROM entities WHERE document_id = ? "
                "ORDER BY start",
                (doc,),
            ).fetchall()
            starts = [x[0] for x in ents]
        window = text[sent_start:s]
        run_start = sent_start + max((m.end() for m in _BOUNDARY.finditer(window)), default=0)
        near = ents[bisect_left(starts, run_start) : bisect_right(starts, s)]
        inside = [x for x in near if x[1] <= s]
        if not inside or any(x[2] == "PERSON" for x in inside):
            continue
        masked = list(text[run_start:s])
        for a, b, _l, _c in inside:
            masked[a - run_start : b - run_start] = [" "] * (b - a)
        words = re.findall(r"[A-Za-z][\w'’-]*", "".join(masked))
        if len(words) > 6 or any(w.lower() in _STOP for w in words):
            continue
        for _a, _b, label, name in inside:
            if label in ("ORG", "GPE", "NORP"):
                out[speaker].add(speaker_group(name) or name)
    return {k: frozenset(v) for k, v in out.items()}


def word_diff(base: str, other: str) -> list[dict[str, str]]:
    """Word-level diff of ``other`` against ``base``: ops equal/replace/delete/insert. Words
    differing only in the shape of their apostrophes or quotation marks ("I’m" / "I'm",
    “ / ''), in quotation marks or a stop around them, or in a name's possessive ("ISIS’s" /
    "ISIS'") are equal: outlets' typography, not their wording."""
    a = _WORD.findall(base)
    b = _WORD.findall(other)
    na, nb = [_typographic(w) for w in a], [_typographic(w) for w in b]
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, na, nb, autojunk=False).get_opcodes():
        ops.append({"op": tag, "a": " ".join(a[i1:i2]), "b": " ".join(b[j1:j2])})
    return ops


_QUOTE_SHAPES = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "«": '"', "»": '"'}
)


def _typographic(word: str) -> str:
    # Quotation marks around a word are no change of wording: "munitions" / "munitions”"
    # showed the word struck and added again (a new-user test); nor is a sentence's last
    # stop ("recruiter" / "recruiter.''"), nor the shape of a name's possessive ("ISIS’s" /
    # "ISIS'").
    plain = word.replace("''", '"').translate(_QUOTE_SHAPES).strip("\"'")
    plain = plain.rstrip(".,;:!?").strip("\"'") or plain
    if plain[:1].isupper() and plain.endswith("'s"):
        plain = plain[:-2]
    return plain or word
