"""`gloss review --stats` and `--list` on a store with two reviewers' verdicts."""

from __future__ import annotations

import json

from gloss.store import open_store
from gloss.store.review import give_verdict, open_session, session_items
from tests.cli.conftest import gloss
from tests.conftest import SEEDS


def test_stats_and_list_show_two_reviewers(db):
    assert gloss(db, "import", "--no-analysis", str(SEEDS))[0] == 0
    store = open_store(db)
    session = open_session(store, "docs", "documents", author="ana")
    items = session_items(store, session)
    for item, (first, second) in zip(
        items, [("accept", "accept"), ("accept", "reject"), ("reject", "reject")], strict=False
    ):
        give_verdict(store, session, item, first, "ana")
        give_verdict(store, session, item, second, "ben")
    store.close()

    code, out, _ = gloss(db, "review", "--stats", "--json")
    result = json.loads(out)
    assert code == 0
    assert result["reviewers"]["ana"]["verdicts"] == {"accept": 2, "reject": 1}
    assert result["agreement"][0]["items"] == 3 and result["agreement"][0]["agreed"] == 2

    code, out, _ = gloss(db, "review", "--stats")
    assert "ana vs ben: 3 items both reviewed, 2 agreed, Cohen's kappa" in out

    code, out, _ = gloss(db, "review", "--list", "--json")
    sessions = json.loads(out)
    assert sessions[0]["name"] == "docs" and sessions[0]["verdicts"] == 6


def test_bad_queue_is_a_one_line_error(db):
    code, out, err = gloss(db, "review", "--queue", "everything please")
    assert code == 1 and "a queue starts with one of" in err
    assert len(err.strip().splitlines()) == 1


def test_reviewer_names_and_labels_are_printed_escaped(db):
    """Issue 14, item 6: every line gloss prints for people goes through one sanitiser."""
    gloss(db, "import", "--no-analysis", str(SEEDS))
    store = open_store(db)
    session = open_session(store, "docs", "documents", author="x")
    item = session_items(store, session)[0]
    give_verdict(store, session, item, "ok\x1b[2J", "ana\x9b31m")
    give_verdict(store, session, item, "ok\x1b[2J", "ben\u202e")
    store.close()
    code, out, _ = gloss(db, "review", "--stats")
    assert code == 0 and "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert "ana\\x9b31m: 1 item (ok\\x1b[2J 1)" in out
    assert "ana\\x9b31m vs ben\\u202e: 1 item both reviewed" in out
