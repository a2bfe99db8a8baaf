"""Linking only what changed: the claims of new or changed documents are paired through the
stored blocking keys, their matched pairs stored, and only the parts of the pair graph they
touch are clustered again; the same for stories. With the same frozen statistics
(:mod:`gloss.store.analysis.link_state`) the result is the full relink's: a pair's decision
reads only the two claims and the statistics, and a connected part of the graph is
clustered the same alone or with the rest (both tested).

Not tracked between full links: a deleted document that was the last to make a speaker a
person, to introduce a speaker with a group, or to make an outlet's wording boilerplate; and
names of older documents that a new document would make take another corpus-wide form. The
next full link (when the statistics are counted again) settles them."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from gloss.store.analysis.clusters import (
    BOILERPLATE_DOCS,
    COUNTED,
    CROSS_PAIRING,
    PAIRING,
    RESTATED,
    SPOKEN,
    Claim,
    SpeakerInfo,
    _chunks,
    blocking_keys,
    claim_boiler_key,
    cluster_claims,
    load_claims,
    name_clusters,
    pair_weight,
    quote_candidate,
    quote_in_words,
    restatements,
    some_speakers,
)
from gloss.store.analysis.corpus_names import adopt_corpus_names
from gloss.store.analysis.link_state import (
    BOILER,
    QUOTED_WORD,
    RARE_WORD,
    STORY,
    LinkStats,
    key_id,
)


@dataclass
class IncrementalReport:
    """What an incremental link did (for the benchmark and the log)."""

    documents: int = 0  # documents linked again
    claims: int = 0  # their claims
    candidates: int = 0  # other claims a pair decision was made with
    regrouped_claims: int = 0  # claims of the touched parts of the graph
    regrouped_documents: int = 0  # documents whose stories were grouped again


def _marks(values: Iterable[object]) -> str:
    return ",".join("?" * len(list(values)))


def _in(conn: sqlite3.Connection, sql: str, ids: Iterable[object]) -> list[tuple]:  # type: ignore[type-arg]
    """Rows of ``sql`` (with one ``{}`` for a list of ``?``) for every chunk of ``ids``."""
    values = sorted(set(ids), key=repr)
    out: list[tuple] = []  # type: ignore[type-arg]
    for chunk in _chunks(values):
        out.extend(conn.execute(sql.format(",".join("?" * len(chunk))), list(chunk)).fetchall())
    return out


def link_incremental(conn: sqlite3.Connection, stats: LinkStats) -> IncrementalReport:
    """Link the pending documents (inside the caller's write transaction); their claims'
    clusters and the stories they touch are stored, the pending work cleared."""
    report = IncrementalReport()
    pending = {r[0] for r in conn.execute("SELECT document_id FROM link_pending")}
    dirty = {r[0] for r in conn.execute("SELECT claim FROM link_dirty")}
    dirty_docs = {r[0] for r in conn.execute("SELECT document_id FROM link_dirty_documents")}
    adopt_corpus_names(conn, pending)
    respoken = _speakers_changed(conn, pending)  # their claims only: nothing else changed
    report.documents = len(pending)

    # The pending documents' claims lose their keys and pairs (their partners regroup).
    old = [r[0] for r in _in(conn, "SELECT id FROM claims WHERE document_id IN ({})", pending)]
    old += sorted(respoken)
    for a, b in _in(conn, "SELECT a, b FROM link_edges WHERE a IN ({})", old) + _in(
        conn, "SELECT a, b FROM link_edges WHERE b IN ({})", old
    ):
        dirty.update((a, b))
    for chunk in _chunks(old):
        marks = _marks(chunk)
        conn.execute(f"DELETE FROM link_edges WHERE a IN ({marks})", chunk)
        conn.execute(f"DELETE FROM link_edges WHERE b IN ({marks})", chunk)
        conn.execute(f"DELETE FROM link_keys WHERE claim IN ({marks})", chunk)

    loaded: dict[int, Claim] = {}
    new = _load(conn, loaded, "document_id", pending) + _load(conn, loaded, "id", respoken)
    report.claims = len(new)
    rare = stats.rare
    keys_of: dict[int, list[tuple[str, str]]] = {}
    rows = []
    for c in new:
        keys = [
            (kind, key)
            for kind, key in blocking_keys(c, rare)
            if kind not in COUNTED or stats.usable(kind, key)
        ]
        keys_of[c.id] = keys
        rows.extend((key_id(kind, key), c.id) for kind, key in keys)

    # Candidates: claims sharing enough keys (the new ones too, once their keys are in), or
    # a rare word of a short quote.
    conn.executemany("INSERT OR IGNORE INTO link_keys (key, claim) VALUES (?, ?)", rows)
    pairs: set[tuple[int, int]] = set()
    spoken: set[tuple[int, int]] = set()  # found only by one speaker's common words
    quote_pairs: set[tuple[int, int]] = set()
    quote_spoken: set[tuple[int, int]] = set()  # a short quote and a report holding it?
    for c in new:
        shared: dict[str, Counter[int]] = defaultdict(Counter)
        by_id = {key_id(k, v): k for k, v in keys_of[c.id] if k in PAIRING}
        for key, other in _in(conn, "SELECT key, claim FROM link_keys WHERE key IN ({})", by_id):
            if other != c.id:
                shared[by_id[key]][other] += 1
        for kind, need in PAIRING.items():
            into = pairs if kind != SPOKEN else spoken
            into.update((c.id, o) for o, n in shared[kind].items() if n >= need)
        quoted = [key_id(RARE_WORD, w) for k, w in keys_of[c.id] if k == QUOTED_WORD]
        words = [key_id(QUOTED_WORD, w) for k, w in keys_of[c.id] if k == RARE_WORD]
        for (other,) in _in(conn, "SELECT claim FROM link_keys WHERE key IN ({})", quoted):
            quote_pairs.add((c.id, other))
        for (other,) in _in(conn, "SELECT claim FROM link_keys WHERE key IN ({})", words):
            quote_pairs.add((other, c.id))
        for short, other_kind in CROSS_PAIRING.items():
            for mine, theirs in ((short, other_kind), (other_kind, short)):
                held = [key_id(theirs, w) for k, w in keys_of[c.id] if k == mine]
                for (other,) in _in(conn, "SELECT claim FROM link_keys WHERE key IN ({})", held):
                    if other != c.id:
                        quote_spoken.add((c.id, other))
    new_ids = {c.id for c in new}
    others = {b for _a, b in pairs | spoken | quote_spoken} | {x for p in quote_pairs for x in p}
    _load(conn, loaded, "id", others - set(loaded))
    report.candidates = len(others - new_ids)
    for i, j in quote_spoken:
        a, b = loaded.get(i), loaded.get(j)
        if a and b and quote_candidate(a.feats, b.feats):
            spoken.add((i, j))
    for i, j in quote_pairs:
        a, b = loaded.get(i), loaded.get(j)
        if a and b and i != j and quote_in_words(a.feats, b.feats, rare):
            pairs.add((i, j))
    idf = stats.idf(x for c in loaded.values() for x in c.feats.concepts)
    edges = []
    found = {(min(p), max(p)) for p in pairs if p[0] != p[1]}
    only_spoken = {(min(p), max(p)) for p in spoken if p[0] != p[1]} - found
    for i, j in found | only_spoken:
        a, b = loaded.get(i), loaded.get(j)
        if a is None or b is None:
            continue
        weight = pair_weight(a, b, idf, rare, (i, j) not in only_spoken)
        if weight is not None:
            edges.append((i, j, weight))
    # A document's restatements: found afresh in the pending documents and in the whole
    # documents of claims whose speaker changed (their old ones leave; both ends regroup).
    respoken_docs = {loaded[i].document_id for i in respoken if i in loaded}
    mates = _load(conn, loaded, "document_id", respoken_docs)
    for chunk in _chunks([c.id for c in mates]):
        marks = _marks(chunk)
        for a, b in conn.execute(
            f"SELECT a, b FROM link_edges WHERE weight = ? AND a IN ({marks})", [RESTATED, *chunk]
        ).fetchall():
            dirty.update((a, b))
        conn.execute(
            f"DELETE FROM link_edges WHERE weight = ? AND a IN ({marks})", [RESTATED, *chunk]
        )
    whole = list({c.id: c for c in (*new, *mates)}.values())
    idf = stats.idf(x for c in whole for x in c.feats.concepts)
    edges.extend((a, b, w) for (a, b), w in restatements(whole, idf).items())
    conn.executemany("INSERT OR REPLACE INTO link_edges (a, b, weight) VALUES (?, ?, ?)", edges)

    # Boilerplate that crossed its threshold: the claims sharing its key regroup.
    for c in new:
        boiler = claim_boiler_key(c)
        if boiler is None:
            continue
        key = key_id(BOILER, boiler)
        holders = conn.execute(
            "SELECT k.claim, c.document_id FROM link_keys k JOIN claims c ON c.id = k.claim "
            "WHERE k.key = ?",
            (key,),
        ).fetchall()
        before = {d for _i, d in holders if d not in pending}
        after = {d for _i, d in holders}
        if (len(before) >= BOILERPLATE_DOCS) != (len(after) >= BOILERPLATE_DOCS):
            dirty.update(i for i, _d in holders)

    # The touched parts of the graph, closed under pairs and shared clusters.
    part = _component(conn, new_ids | dirty)
    report.regrouped_claims = len(part)
    _load(conn, loaded, "id", part - set(loaded))
    members = [loaded[i] for i in sorted(part) if i in loaded]
    part_edges = {
        (a, b): w
        for a, b, w in _in(conn, "SELECT a, b, weight FROM link_edges WHERE a IN ({})", part)
        if b in part
    }
    boiler = _boilerplate(conn, members)
    groups = cluster_claims(members, part_edges, boiler)
    for chunk in _chunks(sorted(part)):
        conn.execute(f"UPDATE claims SET cluster = NULL WHERE id IN ({_marks(chunk)})", chunk)
    name_clusters(conn, groups)

    reclustered = {c.document_id for c in members} - pending
    report.regrouped_documents = restory(conn, stats, pending, reclustered, dirty_docs)
    conn.execute("DELETE FROM link_pending")
    conn.execute("DELETE FROM link_dirty")
    conn.execute("DELETE FROM link_dirty_documents")
    return report


def _load(
    conn: sqlite3.Connection, loaded: dict[int, Claim], column: str, ids: Iterable[int]
) -> list[Claim]:
    """Load the claims whose ``column`` is in ``ids`` into ``loaded``; returns them."""
    ids = sorted(set(ids))
    out: list[Claim] = []
    for chunk in _chunks(ids):
        out.extend(
            load_claims(
                conn,
                lambda names: stored_speakers(conn, names),
                f"WHERE c.{column} IN ({_marks(chunk)})",
                chunk,
            )
        )
    for c in out:
        loaded[c.id] = c
    return out


def stored_speakers(conn: sqlite3.Connection, names: set[str]) -> dict[str, SpeakerInfo]:
    """What the speakers ``names`` are, as the last link stored it (read afresh when
    missing)."""
    out = {
        s: SpeakerInfo(bool(person), frozenset(g for g in groups.split("\x1f") if g))
        for s, person, groups in _in(
            conn, "SELECT speaker, person, groups FROM link_speakers WHERE speaker IN ({})", names
        )
    }
    missing = set(names) - set(out)
    if missing:
        out.update(some_speakers(conn, missing))
    return out


def _speakers_changed(conn: sqlite3.Connection, pending: set[int]) -> set[int]:
    """Claims of other documents to pair again because what their speaker is changed with
    the pending documents (now a person, or introduced with a new group): every claim of
    the speaker reads it. The stored speakers are brought up to date."""
    names = {
        r[0]
        for r in _in(
            conn,
            "SELECT DISTINCT speaker FROM claims WHERE speaker IS NOT NULL AND document_id IN ({})",
            pending,
        )
    }
    names |= {
        r[0]
        for r in _in(
            conn,
            "SELECT DISTINCT canonical FROM entities WHERE label = 'PERSON' "
            "AND document_id IN ({})",
            pending,
        )
    }
    if not names:
        return set()
    stored = {
        s: (p, g)
        for s, p, g in _in(
            conn, "SELECT speaker, person, groups FROM link_speakers WHERE speaker IN ({})", names
        )
    }
    fresh = some_speakers(conn, names)
    changed = {s for s, info in fresh.items() if stored.get(s, (0, "")) != info.stored()}
    conn.executemany(
        "INSERT OR REPLACE INTO link_speakers (speaker, person, groups) VALUES (?, ?, ?)",
        [(s, *fresh[s].stored()) for s in names],
    )
    if not changed:
        return set()
    return {
        r[0]
        for r in _in(
            conn,
            "SELECT id FROM claims WHERE speaker IN ({}) "
            f"AND document_id NOT IN ({','.join(str(int(d)) for d in pending) or 'NULL'})",
            changed,
        )
    }


def _reach(conn: sqlite3.Connection, seeds: set[int], edges: str, mates: str) -> set[int]:
    """What is connected to ``seeds`` through the pairs of the table ``edges`` or by sharing
    a group (``mates``: SQL for the group mates of a list of ``{}``)."""
    seen = set(seeds)
    frontier = set(seeds)
    while frontier:
        found = {b for _a, b in _in(conn, f"SELECT a, b FROM {edges} WHERE a IN ({{}})", frontier)}
        found |= {a for a, _b in _in(conn, f"SELECT a, b FROM {edges} WHERE b IN ({{}})", frontier)}
        found |= {r[0] for r in _in(conn, mates, frontier)}
        frontier = found - seen
        seen |= frontier
    return seen


def _component(conn: sqlite3.Connection, seeds: set[int]) -> set[int]:
    """The claims connected to ``seeds`` by stored pairs or shared clusters."""
    return _reach(
        conn,
        seeds,
        "link_edges",
        "SELECT id FROM claims WHERE cluster IN "
        "(SELECT cluster FROM claims WHERE cluster IS NOT NULL AND id IN ({}))",
    )


def _boilerplate(conn: sqlite3.Connection, claims: list[Claim]) -> set[int]:
    """The ids of ``claims`` repeating their outlet's boilerplate."""
    keys = {
        c.id: key_id(BOILER, boiler) for c in claims if (boiler := claim_boiler_key(c)) is not None
    }
    docs: dict[int, set[int]] = defaultdict(set)
    for key, doc in _in(
        conn,
        "SELECT k.key, c.document_id FROM link_keys k JOIN claims c ON c.id = k.claim "
        "WHERE k.key IN ({})",
        set(keys.values()),
    ):
        docs[key].add(doc)
    return {i for i, k in keys.items() if len(docs[k]) >= BOILERPLATE_DOCS}


# -- stories -------------------------------------------------------------------------------
# A link on a shared claim cluster weighs 1 + a Jaccard of at least 0.2 (stories.cluster_link),
# a link on concepts alone its Jaccard (at most 1).
_CLUSTER_LINK = 1.1


def restory(
    conn: sqlite3.Connection,
    stats: LinkStats,
    changed: set[int],
    reclustered: set[int],
    orphaned: set[int],
) -> int:
    """Link documents to others again and regroup the stories they touch: ``changed``
    documents (new, re-analysed, renamed: every link of theirs), ``reclustered`` ones (their
    claim clusters changed: their links on shared clusters) and ``orphaned`` ones (a linked
    document was deleted: regrouped only). Returns how many documents were regrouped."""
    from gloss.store.analysis.stories import _average_linkage

    existing = {
        r[0] for r in _in(conn, "SELECT id FROM documents WHERE id IN ({})", changed | reclustered)
    }
    changed, reclustered = changed & existing, reclustered & existing
    touched = set(changed) | set(orphaned) | set(reclustered)
    # The links that go: every link of a changed document, the cluster links of the others.
    old: set[tuple[int, int]] = set()
    for a, b, w in _in(
        conn, "SELECT a, b, weight FROM story_edges WHERE a IN ({})", changed | reclustered
    ) + _in(conn, "SELECT a, b, weight FROM story_edges WHERE b IN ({})", changed | reclustered):
        if a in changed or b in changed or w >= _CLUSTER_LINK:
            old.add((a, b))
            touched.update((a, b))
    conn.executemany("DELETE FROM story_edges WHERE a = ? AND b = ?", sorted(old))
    finder = _StoryLinks(conn, stats)
    links: dict[tuple[int, int], float] = {}
    partners = {d: finder.concept_partners(d) | finder.cluster_partners(d) for d in sorted(changed)}
    for d in sorted(reclustered):
        # Its concept links stand; pairs that were cluster links may be concept links now.
        mates = finder.cluster_partners(d) | {x for pair in old if d in pair for x in pair}
        partners[d] = {o for o in mates if o != d and o not in changed}
    finder.preload(set(partners).union(*partners.values()))
    for d, others in partners.items():
        for o in sorted(others):
            finder.link(d, o, links)
    conn.executemany(
        "INSERT OR REPLACE INTO story_edges (a, b, weight) VALUES (?, ?, ?)",
        [(a, b, w) for (a, b), w in links.items()],
    )
    part = _story_component(conn, touched | {d for pair in links for d in pair})
    part_links = {
        (a, b): w
        for a, b, w in _in(conn, "SELECT a, b, weight FROM story_edges WHERE a IN ({})", part)
        if b in part
    }
    groups = _average_linkage(part_links)
    for chunk in _chunks(sorted(part)):
        conn.execute(f"DELETE FROM document_stories WHERE document_id IN ({_marks(chunk)})", chunk)
    conn.executemany(
        "INSERT INTO document_stories (document_id, story) VALUES (?, ?)",
        [(doc, group[0]) for group in groups for doc in group],
    )
    return len(part)


class _StoryLinks:
    """Links of single documents to the rest, decided as the full grouping decides them."""

    def __init__(self, conn: sqlite3.Connection, stats: LinkStats) -> None:
        self.conn = conn
        self.stats = stats
        self.concepts: dict[int, set[str]] = {}
        self.dates: dict[int, str | None] = {}
        self.partners: dict[int, set[int]] = {}

    def _load(self, docs: set[int]) -> None:
        from gloss.store.analysis.stories import document_concepts

        missing = sorted(d for d in docs if d not in self.concepts)
        if not missing:
            return
        found = document_concepts(self.conn, missing)
        for d in missing:
            self.concepts[d] = found.get(d, set())
        self.dates.update(
            _in(self.conn, "SELECT id, published FROM documents WHERE id IN ({})", missing)
        )

    def concept_partners(self, d: int) -> set[int]:
        """Documents that may be linked to ``d`` on concepts: sharing one of any
        ``n - o + 1`` of its ``n`` usable concepts, where ``o`` is how many a link needs
        (pigeonhole), so the subset is the concepts with the fewest mentions."""
        from gloss.store.analysis.stories import story_concepts_sql

        self._load({d})
        mine = self.concepts[d]
        usable = [x for x in mine if self.stats.usable(STORY, x)]
        if not usable:
            return set()
        need = max(2, -(-len(mine) // 2))  # shared >= 0.5 * |a | b| >= 0.5 * |a|, and 2
        usable_need = max(1, need - (len(mine) - len(usable)))
        if usable_need > len(usable):
            return set()
        usable.sort(key=lambda x: (self._mentions(x), x))
        subset = set(usable[: len(usable) - usable_need + 1])
        found = {doc for doc, _x in story_concepts_sql(self.conn, subset) if doc != d}
        # Of those, the ones sharing enough usable concepts, counted in SQL from each
        # candidate's own entities (a name in thousands of documents is read that often
        # otherwise).
        shared = self._shared(found, set(usable))
        return {doc for doc in found if shared.get(doc, 0) >= usable_need}

    def _shared(self, docs: set[int], concepts: set[str]) -> Counter[int]:
        """How many of ``concepts`` each of ``docs`` names."""
        from gloss.store.analysis.story_table import STORY_LABELS

        names = sorted(x for x in concepts if not x.startswith("date:"))
        days = sorted(x[5:] for x in concepts if x.startswith("date:"))
        out: Counter[int] = Counter()
        labels = ",".join("?" * len(STORY_LABELS))
        for chunk in _chunks(sorted(docs)):
            marks = ",".join("?" * len(chunk))
            if names:
                out.update(
                    dict(
                        self.conn.execute(
                            "SELECT document_id, count(DISTINCT canonical) FROM entities "
                            f"WHERE document_id IN ({marks}) AND label IN ({labels}) "
                            f"AND canonical IN ({','.join('?' * len(names))}) GROUP BY document_id",
                            [*chunk, *STORY_LABELS, *names],
                        ).fetchall()
                    )
                )
            if days:
                out.update(
                    dict(
                        self.conn.execute(
                            "SELECT document_id, count(DISTINCT canonical) FROM entities "
                            f"WHERE document_id IN ({marks}) AND label = 'DATE' "
                            f"AND canonical IN ({','.join('?' * len(days))}) GROUP BY document_id",
                            [*chunk, *days],
                        ).fetchall()
                    )
                )
        return out

    def _mentions(self, concept: str) -> int:
        """How often the corpus names ``concept`` (the name index; a rough count is enough
        to pick the rarest concepts)."""
        value = concept[5:] if concept.startswith("date:") else concept
        row = self.conn.execute(
            "SELECT sum(mentions) FROM link_names WHERE canonical = ?", (value,)
        ).fetchone()
        return int(row[0] or 0)

    def preload(self, docs: set[int]) -> None:
        """Read the concepts and dates of ``docs`` at once."""
        self._load(docs)

    def cluster_partners(self, d: int) -> set[int]:
        """Documents sharing a claim cluster with ``d``."""
        if d not in self.partners:
            self.partners[d] = self._cluster_partners(d)
        return self.partners[d]

    def _cluster_partners(self, d: int) -> set[int]:
        return {
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT o.document_id FROM claims c JOIN claims o "
                "ON o.cluster = c.cluster WHERE c.document_id = ? AND c.cluster IS NOT NULL "
                "AND o.document_id != ?",
                (d, d),
            )
        }

    def link(self, d: int, o: int, links: dict[tuple[int, int], float]) -> None:
        """Decide the link of ``d`` and ``o`` (as stories.story_links does) into ``links``."""
        from gloss.store.analysis.stories import _close_dates, cluster_link, concept_link

        self._load({d, o})
        a, b = min(d, o), max(d, o)
        if not _close_dates(self.dates.get(a), self.dates.get(b)):
            return
        ca, cb = self.concepts[a], self.concepts[b]
        link = cluster_link(ca, cb) if o in self.cluster_partners(d) else None
        if link is None and any(self.stats.usable(STORY, x) for x in ca & cb):
            link = concept_link(ca, cb)
        if link is not None:
            links[(a, b)] = link


def _story_component(conn: sqlite3.Connection, seeds: set[int]) -> set[int]:
    """The documents connected to ``seeds`` by stored links or shared stories."""
    return _reach(
        conn,
        seeds,
        "story_edges",
        "SELECT document_id FROM document_stories WHERE story IN "
        "(SELECT story FROM document_stories WHERE document_id IN ({}))",
    )
