"""Review sessions in the store: queues, verdicts, undo, resume, stats and agreement."""

from __future__ import annotations

import pytest

from gloss.store import GlossError
from gloss.store.annotations import create_annotation
from gloss.store.documents import DocumentMeta, save_document
from gloss.store.errors import NotFoundError
from gloss.store.review import (
    FACT_CHECK_LABELS,
    QueueError,
    build_queue,
    cohen_kappa,
    give_verdict,
    list_sessions,
    open_session,
    parse_labels,
    resume_index,
    session_items,
    stats,
    undo_verdict,
    verdicts_by_item,
)


@pytest.fixture
def corpus(store):
    """Two documents with claims (scored), entities and a tagged annotation."""
    with store.write() as conn:
        a = save_document(
            conn,
            "Kirby said X. Kirby said Y. Putin said Z.",
            "a.txt",
            DocumentMeta(title="A", outlet="Reuters", published="2023-10-13"),
        )[1]
        b = save_document(
            conn,
            "Kirby said X again. Nobody said anything.",
            "b.txt",
            DocumentMeta(title="B", outlet="The Hill", published="2023-08-30"),
        )[1]
        claims = [
            (a, 0, 13, "reported", "John Kirby", 0.2, "c1"),
            (a, 14, 27, "reported", "John Kirby", 0.9, "c2"),
            (a, 28, 41, "reported", "Vladimir Putin", 0.5, None),
            (b, 0, 19, "reported", "John Kirby", 0.7, "c1"),
        ]
        for doc, s, e, kind, speaker, score, cluster in claims:
            conn.execute(
                "INSERT INTO claims (document_id, start, end, kind, speaker, content_start, "
                "content_end, score, cluster) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc, s, e, kind, speaker, s, e, score, cluster),
            )
        for doc, s, e, label, canonical in [
            (a, 0, 5, "PERSON", "John Kirby"),
            (a, 28, 33, "PERSON", "Vladimir Putin"),
            (b, 0, 5, "PERSON", "John Kirby"),
        ]:
            conn.execute(
                "INSERT INTO entities (document_id, start, end, label, text, canonical) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (doc, s, e, label, canonical, canonical),
            )
    create_annotation(store, b, 0, 5, tags=["check"])
    return store, a, b


def test_queues_select_and_order(corpus):
    store, a, b = corpus
    assert len(build_queue(store, "claims")) == 4
    kirby = build_queue(store, 'claims speaker:"John Kirby"')
    assert [i.document_id for i in kirby] == [a, a, b]
    by_score = build_queue(store, "claims order:score")
    assert [i.start for i in by_score] == [14, 0, 28, 0]
    assert len(build_queue(store, "claims cluster:c1")) == 2
    assert len(build_queue(store, "claims outlet:Reuters")) == 3
    assert len(build_queue(store, "entities label:PERSON")) == 3
    assert [i.document_id for i in build_queue(store, "documents tag:check")] == [b]
    assert [i.kind for i in build_queue(store, "annotations tag:check")] == ["annotation"]
    assert len(build_queue(store, "documents status:unread")) == 2
    # any library filter narrows the documents a queue draws from
    assert len(build_queue(store, 'claims filter:"outlet:Reuters"')) == 3
    assert len(build_queue(store, 'claims filter:"again"')) == 1  # free text (FTS5)
    assert len(build_queue(store, 'documents filter:"outlet:Reuters"')) == 1
    shuffled = build_queue(store, "claims order:random", seed=3)
    assert sorted(i.id for i in shuffled) == sorted(i.id for i in build_queue(store, "claims"))
    assert shuffled == build_queue(store, "claims order:random", seed=3)  # stable per seed


@pytest.mark.parametrize(
    "expr",
    [
        "",
        "everything",
        "claims speaker",
        "claims label:PERSON",
        "claims order:loud",
        "entities order:score",
        'claims speaker:"unterminated',
        'claims filter:"bogus:x"',
    ],
)
def test_bad_queue_expressions(corpus, expr):
    store, _, _ = corpus
    with pytest.raises(QueueError):
        build_queue(store, expr)


def test_a_bad_queue_creates_no_session(corpus):
    store, _, _ = corpus
    with pytest.raises(QueueError):
        open_session(store, "bad", 'claims filter:"nope:1"')
    # a mistyped cluster name (a second new-user test kept an empty "cluster:nope" session)
    with pytest.raises(NotFoundError, match="no claim cluster 'nope'"):
        open_session(store, "typo", "claims cluster:nope")
    assert list_sessions(store) == []
    assert open_session(store, "real", "claims cluster:c1").queue == "claims cluster:c1"


def test_verdicts_undo_and_resume(corpus):
    store, _, _ = corpus
    session = open_session(store, "kirby", 'claims speaker:"John Kirby"', author="ana")
    items = session_items(store, session)
    give_verdict(store, session, items[0], "accept", "ana")
    give_verdict(store, session, items[1], "reject", "ana")
    assert resume_index(items, verdicts_by_item(store, session, "ana")) == 2
    assert undo_verdict(store, session, "ana") == (items[1].kind, items[1].id)
    assert resume_index(items, verdicts_by_item(store, session, "ana")) == 1
    # another reviewer starts from the beginning of the same session
    assert resume_index(items, verdicts_by_item(store, session, "ben")) == 0
    # reopening by name resumes the same session
    again = open_session(store, "kirby")
    assert again == session
    with pytest.raises(GlossError):
        open_session(store, "kirby", "entities")
    assert list_sessions(store)[0]["verdicts"] == 1


def test_labels():
    assert parse_labels(None) == {"a": "accept", "x": "reject", "f": "flag"}
    assert parse_labels("factcheck") == FACT_CHECK_LABELS
    assert parse_labels("1=true, 2=false") == {"1": "true", "2": "false"}
    for bad in ("1", "11=x", "1=", "u=undo", "1=a,1=b"):
        with pytest.raises(GlossError):
            parse_labels(bad)


def test_cohen_kappa_known_values():
    assert cohen_kappa(["a", "a", "x", "x"], ["a", "x", "x", "x"]) == pytest.approx(0.5)
    assert cohen_kappa(["a", "x"], ["a", "x"]) == 1.0
    # Cohen (1960)-style table: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> kappa 0.4
    first = ["y"] * 25 + ["n"] * 25
    second = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohen_kappa(first, second) == pytest.approx(0.4)
    assert cohen_kappa([], []) is None


def test_stats_per_reviewer_and_agreement(corpus):
    store, _, _ = corpus
    session = open_session(store, "all", "claims", author="ana")
    items = session_items(store, session)
    for item, verdict in zip(items, ["accept", "accept", "reject", "reject"], strict=True):
        give_verdict(store, session, item, verdict, "ana")
    for item, verdict in zip(items, ["accept", "reject", "reject"], strict=False):
        give_verdict(store, session, item, verdict, "ben")
    result = stats(store, "all")
    assert result["reviewers"]["ana"] == {"items": 4, "verdicts": {"accept": 2, "reject": 2}}
    assert result["reviewers"]["ben"]["items"] == 3
    pair = result["agreement"][0]
    assert pair["reviewers"] == ["ana", "ben"] and pair["items"] == 3 and pair["agreed"] == 2
    assert pair["kappa"] == pytest.approx(
        cohen_kappa(["accept", "accept", "reject"], ["accept", "reject", "reject"])
    )
