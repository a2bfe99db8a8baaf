"""Stories: documents about the same event, from entities and claim clusters placed by hand."""

from __future__ import annotations

from gloss.store.analysis.stories import stories
from gloss.store.documents import DocumentMeta, save_document


def list_stories(store) -> list[dict]:
    """The grouping itself, computed on the fly (entities here are placed by hand)."""
    return stories(store.conn)


def _doc(store, title: str, published: str | None, names: list[str], cluster: str = "") -> int:
    """A document with the given entity canonicals (and a claim in ``cluster``)."""
    text = f"{title}. " + " ".join(names) + "."
    with store.write() as conn:
        doc = save_document(conn, text, None, DocumentMeta(title=title, published=published))[1]
        for name in names:
            start = text.index(name)
            label = "DATE" if name[:1].isdigit() else "PERSON"
            conn.execute(
                "INSERT INTO entities (document_id, start, end, label, text, canonical) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (doc, start, start + len(name), label, name, name),
            )
        if cluster:
            conn.execute(
                "INSERT INTO claims (document_id, start, end, kind, content_start, content_end, "
                "cluster) VALUES (?, 0, 5, 'quote', 0, 5, ?)",
                (doc, cluster),
            )
    return doc


def _groups(store) -> list[list[int]]:
    return sorted(sorted(d["id"] for d in s["documents"]) for s in list_stories(store))


def test_shared_names_link_documents_published_close_together(store) -> None:
    a = _doc(store, "A", "2023-10-13", ["Kirby", "Kim", "Putin", "2023-10-13"])
    b = _doc(store, "B", "2023-10-14", ["Kirby", "Kim", "Putin", "Shoigu"])
    c = _doc(store, "C", "2023-11-30", ["Kirby", "Kim", "Putin", "2023-10-13"])  # weeks later
    d = _doc(store, "D", None, ["Biden", "Xi", "Lula"])
    assert _groups(store) == [[a, b]]
    story = list_stories(store)[0]
    assert story["entities"] == ["Kim", "Kirby", "Putin"]
    assert story["claim_clusters"] == 0
    assert c and d


def test_one_shared_name_is_not_a_story(store) -> None:
    _doc(store, "A", None, ["Kirby"])
    _doc(store, "B", None, ["Kirby"])
    assert _groups(store) == []


def test_claim_cluster_links_only_documents_that_share_names(store) -> None:
    """A columnist's byline sentence repeated under unrelated columns is no story."""
    a = _doc(store, "A", None, ["Boyd", "Radio", "Rap", "Spain", "Madrid"], cluster="k1")
    _doc(store, "B", None, ["Boyd", "Darfur", "Maps", "Sudan", "Relief"], cluster="k1")
    c = _doc(store, "C", None, ["Kirby", "Kim", "Moscow", "Arms"], cluster="k2")
    d = _doc(store, "D", None, ["Kirby", "Kim", "Ships", "Rail"], cluster="k2")
    assert _groups(store) == [[c, d]]
    assert list_stories(store)[0]["claim_clusters"] == 1
    assert a


def test_a_long_and_a_short_report_of_one_statement_are_one_story(store) -> None:
    """A new-user test: Comey's statement of 5 July 2016 was reported by six articles and
    its story held two; a long analysis shares few of its many names with a short report
    (Jaccard under a fifth), but most of the short one's. Unrelated columns under one
    byline sentence still share too few."""
    many = ["Comey", "Clinton", "Lynch", "FBI", "Petraeus", "Giuliani", "Nunes", "Ryan"]
    many += ["Aftergood", "Vladeck", "Mukasey", "Benghazi", "2016-07-05", "Pentagon"]
    many += ["Cruz", "Rubio", "Kasich", "Sanders", "Podesta", "Abedin", "Mills", "Reid"]
    long_ = _doc(store, "Long", "2016-07-06", many, cluster="k9")
    short = _doc(store, "Short", "2016-07-05", ["Comey", "Clinton", "FBI", "Lynch"], cluster="k9")
    _doc(store, "Column", "2016-07-05", ["Comey", "Darfur", "Maps", "Sudan", "Relief"], "k9")
    assert _groups(store) == [[long_, short]]


def test_a_chain_of_neighbouring_topics_does_not_snowball(store) -> None:
    """Every neighbour pair shares half its names (single linkage would make one story of
    five); C is nearest D (4 of 6 names), E joins C-D through D (half its pairs linked), and
    A-B stay apart because only two of the six pairs between A-B and C-D-E are linked."""
    a = _doc(store, "A", None, ["Yukos", "Khodorkovsky", "Rosneft", "Putin"])
    b = _doc(store, "B", None, ["Yukos", "Khodorkovsky", "Rosneft", "Gazprom"])
    c = _doc(store, "C", None, ["Yukos", "Khodorkovsky", "Rosneft", "India", "ONGC"])
    d = _doc(store, "D", None, ["India", "ONGC", "Iran", "Rosneft", "Khodorkovsky"])
    e = _doc(store, "E", None, ["India", "ONGC", "Iran", "Rosneft", "Gas"])
    assert _groups(store) == [[a, b], [c, d, e]]
