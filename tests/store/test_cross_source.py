"""Reading across sources on news like PolNeAR's: names a reader would write, short quotes
matched verbatim, figures, outlet boilerplate kept out, clusters that do not chain."""

from __future__ import annotations

import pytest

from gloss.store.analysis import analyze_documents
from gloss.store.analysis.clusters import _close_clusters, recompute_clusters
from gloss.store.analysis.corpus_names import relink_corpus
from gloss.store.analysis.person_names import cleaned, initials_free_key, is_word
from gloss.store.analysis.similarity import (
    days_quote,
    features,
    number_match,
    quoted_in_words,
    same_statement,
    shared_quote,
)
from gloss.store.documents import DocumentMeta, save_document


def test_a_person_s_name_loses_the_words_of_a_sentence_opening() -> None:
    assert cleaned("Crooked Hillary Clinton") == "Hillary Clinton"
    assert cleaned("Bashing Trump") == "Trump"
    assert cleaned("Certainly Donald Trump") == "Donald Trump"
    assert cleaned("Moderator Hugh Hewitt") == "Hugh Hewitt"
    assert cleaned("AG Mukasey") == "Mukasey"  # an abbreviated role
    assert cleaned("Against Trump") == "Trump"  # a stored sign's words, relinked
    assert cleaned("Trump's") == "Trump"
    # Given names that are also words stay: only inflected verbs, adverbs and titles go.
    for name in ("Bill Clinton", "Rose Kennedy", "Mark Warner", "Will Hurd", "Grant Shapps"):
        assert cleaned(name) == name
    assert is_word("Hammering") and not is_word("Melania")
    assert initials_free_key("James B. Comey") == initials_free_key("James Comey")
    # A new-user test found "James B. Comey Jr." a person apart from "James Comey".
    assert initials_free_key("James B. Comey Jr.") == initials_free_key("James Comey")
    assert initials_free_key("Martin Luther King, Jr.") == initials_free_key("Martin Luther King")
    assert initials_free_key("Ken Griffey Sr.") != initials_free_key("Ken Griffey")
    assert initials_free_key("George H. W. Bush") == initials_free_key("George Bush")


def _people(
    store,
    names: list[tuple[str, int]],
    company: dict[str, list[str]] | None = None,
    label: str = "PERSON",
) -> dict[str, str]:
    """Store each (name, copies) as ``label`` mentions in its own documents, with the ORG
    names ``company`` gives the name in each of them, relink, and return each surface's
    canonical."""
    with store.write() as conn:
        for k, (name, copies) in enumerate(names):
            for c in range(copies):
                doc = save_document(conn, f"{name} spoke. ({k}.{c})", f"{k}-{c}", DocumentMeta())[1]
                conn.execute(
                    "INSERT INTO entities (document_id, start, end, label, text, canonical) "
                    "VALUES (?, 0, ?, ?, ?, ?)",
                    (doc, len(name), label, name, name),
                )
                for other in (company or {}).get(name, []):
                    conn.execute(
                        "INSERT INTO entities (document_id, start, end, label, text, canonical) "
                        "VALUES (?, 0, 1, 'ORG', ?, ?)",
                        (doc, other, other),
                    )
        relink_corpus(conn)
    return dict(store.conn.execute("SELECT text, canonical FROM entities").fetchall())


def test_canonical_names_are_names_a_reader_would_write(store) -> None:
    got = _people(
        store,
        [
            ("Hillary Clinton", 5),
            ("Hammering Hillary Clinton", 1),
            ("Billionaire Donald Trump", 1),
            ("Donald Trump", 6),
            ("Donald J. Trump", 2),
            ("Melania Trump", 1),
            ("Trump", 3),
            ("James B. Comey", 1),
            ("James Comey", 2),
            ("Comey", 1),
            ("George W. Bush", 1),
            ("George H. W. Bush", 1),
        ],
        # A bare surname takes a full name whose documents keep the same company.
        {
            **dict.fromkeys(["Trump", "Donald Trump"], ["Trump Tower", "RNC"]),
            **dict.fromkeys(["Comey", "James Comey"], ["FBI", "Justice Department"]),
        },
    )
    assert got["Hammering Hillary Clinton"] == "Hillary Clinton"
    assert got["Billionaire Donald Trump"] == "Donald Trump"
    assert got["Donald J. Trump"] == "Donald Trump"  # the form most mentions use
    assert got["Melania Trump"] == "Melania Trump"
    assert got["Trump"] == "Donald Trump"  # the full name that clearly dominates
    assert got["James B. Comey"] == got["James Comey"] == got["Comey"] == "James Comey"
    # Two different middle initials: two people, not merged.
    assert got["George W. Bush"] != got["George H. W. Bush"]


def test_a_group_is_one_entity_across_the_corpus_by_any_of_its_names(store) -> None:
    """A reader of British politics met "Tory", "Tories" and "Conservatives", and "Lib
    Dems" and "Liberal Democrats", as separate entities (one document's singular and plural
    were already one). Across documents a group is one by its plural, its other name and
    its abbreviated words; a word that only begins like another stays apart."""
    got = _people(
        store,
        [
            ("Tory", 3),
            ("Tories", 1),
            ("Conservatives", 1),
            ("Lib Dems", 2),
            ("Liberal Democrats", 1),
            ("Lib Dem", 1),
            ("South African", 2),
            ("Southern African", 1),
            ("Swiss", 1),
        ],
        label="NORP",
    )
    assert got["Tories"] == got["Conservatives"] == got["Tory"] == "Tory"  # most mentioned
    assert got["Liberal Democrats"] == got["Lib Dem"] == got["Lib Dems"] == "Lib Dems"
    assert got["Southern African"] == "Southern African"  # a region, not the country
    assert got["South African"] == "South African" and got["Swiss"] == "Swiss"


def test_a_party_is_one_body_with_or_without_party(store) -> None:
    got = _people(store, [("Labour", 2), ("Labour Party", 1), ("Party", 1)], label="ORG")
    assert got == {"Labour": "Labour", "Labour Party": "Labour", "Party": "Party"}


def test_a_party_named_as_a_body_and_as_its_members_is_one_entity(store) -> None:
    """The new-user test after the one above: "Labour" was an ORG and a NORP, "Conservative
    Party" an ORG beside the NORP "Tory", so the entity list had two rows for each party and
    renaming could not join them. Names with one key under both labels take the form and the
    label of most mentions; a body's plural ("Rovers", the club) and "The New Yorker" stay
    apart from "Rover" and "New Yorkers"."""
    _people(store, [("Tory", 3), ("Labour", 1), ("Rover", 2), ("New Yorkers", 2)], label="NORP")
    _people(
        store,
        [("Conservative Party", 1), ("Labour", 2), ("Rovers", 1), ("New Yorker", 1)],
        label="ORG",
    )
    rows = store.conn.execute("SELECT DISTINCT text, canonical, label FROM entities").fetchall()
    names = {text: (canonical, label) for text, canonical, label in rows}
    assert len(rows) == len(names)  # each surface one entity: "Labour" no longer two
    assert names["Conservative Party"] == names["Tory"] == ("Tory", "NORP")
    assert names["Labour"] == ("Labour", "ORG")
    assert names["Rovers"] == ("Rovers", "ORG") and names["Rover"] == ("Rover", "NORP")
    assert names["New Yorker"] == ("New Yorker", "ORG")


def test_a_new_document_s_party_joins_the_label_the_corpus_shows(store) -> None:
    """Party names took one label only in a full link: a document imported after it kept
    its "Labour" NORP (and the "Labour" speaker of its claims) as a second entity beside
    the corpus's ORG until the next full link. The incremental link's name adoption
    relabels the new document's names only; the corpus's rows stay as they are."""
    from gloss.store.analysis.corpus_names import adopt_corpus_names, save_name_index

    _people(store, [("Labour", 3), ("Labour Party", 1)], label="ORG")
    _people(store, [("Rover", 1)], label="NORP")
    with store.write() as conn:
        save_name_index(conn)
        new = save_document(conn, "Labour Party voters, Rovers fans.", "new", DocumentMeta())[1]
        for start, end, label, text in ((0, 12, "NORP", "Labour Party"), (21, 27, "ORG", "Rovers")):
            conn.execute(
                "INSERT INTO entities (document_id, start, end, label, text, canonical) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (new, start, end, label, text, text),
            )
        conn.execute(
            "INSERT INTO claims (document_id, start, end, kind, speaker, content_start, "
            "content_end) VALUES (?, 0, 33, 'reported', 'Labour Party', 13, 33)",
            (new,),
        )
        assert adopt_corpus_names(conn, {new}) >= 1
    rows = store.conn.execute(
        "SELECT text, canonical, label FROM entities WHERE document_id = ?", (new,)
    ).fetchall()
    assert sorted(rows) == [("Labour Party", "Labour", "ORG"), ("Rovers", "Rovers", "ORG")]
    assert store.conn.execute("SELECT speaker FROM claims").fetchone() == ("Labour",)
    labels = store.conn.execute(
        "SELECT DISTINCT canonical, label FROM entities WHERE document_id != ?", (new,)
    ).fetchall()
    assert sorted(labels) == [("Labour", "ORG"), ("Rover", "NORP")]


def test_a_group_renamed_across_the_corpus_renames_its_claims_and_new_documents(
    store,
) -> None:
    """The speaker of "the Tories said" follows the group's name; a document imported later
    adopts it through the stored name index (the incremental link)."""
    from gloss.store.analysis.corpus_names import adopt_corpus_names, save_name_index

    with store.write() as conn:
        doc = save_document(conn, "The Tories said no.", "d", DocumentMeta())[1]
        conn.execute(
            "INSERT INTO claims (document_id, start, end, kind, speaker, content_start, "
            "content_end) VALUES (?, 0, 19, 'reported', 'Tories', 17, 19)",
            (doc,),
        )
    _people(store, [("Tory", 2), ("Tories", 1)], label="NORP")
    (speaker,) = store.conn.execute("SELECT speaker FROM claims").fetchone()
    assert speaker == "Tory"
    with store.write() as conn:
        save_name_index(conn)
        new = save_document(conn, "Conservatives spoke.", "new", DocumentMeta())[1]
        conn.execute(
            "INSERT INTO entities (document_id, start, end, label, text, canonical) "
            "VALUES (?, 0, 13, 'NORP', 'Conservatives', 'Conservatives')",
            (new,),
        )
        adopt_corpus_names(conn, {new})
    (canonical,) = store.conn.execute(
        "SELECT canonical FROM entities WHERE document_id = ?", (new,)
    ).fetchone()
    assert canonical == "Tory"


def test_a_nickname_for_the_first_name_is_the_same_person(store) -> None:
    """A new-user test met "Chuck Grassley" and "Charles Grassley" as two speakers. A first
    name and its nickname are one person's (the nicknames package's table) when their
    documents name the same uncommon bodies, places or people; an ambiguous nickname joins
    nobody, different first names stay different people, and so do a nickname and a name
    that keep different company ("Andy Williams" the singer, "Andrea Williams")."""
    senate = ["Senate Judiciary Committee", "Merrick Garland", "Iowa"]
    arkansas = ["Arkansas", "Whitewater", "Little Rock"]
    got = _people(
        store,
        [
            ("Chuck Grassley", 2),
            ("Charles E. Grassley", 3),
            ("Charles Grassley", 1),
            ("Bill Clinton", 2),
            ("William Clinton", 1),
            ("Hillary Clinton", 4),
            ("Chris Evans", 1),
            ("Christopher Evans", 2),
            ("Christina Evans", 2),
            ("Andy Williams", 2),
            ("Andrea Williams", 1),
        ],
        company={
            "Chuck Grassley": senate,
            "Charles E. Grassley": senate[:2],
            "Charles Grassley": senate[1:],
            "Bill Clinton": arkansas,
            "William Clinton": arkansas[1:],
            "Chris Evans": senate,
            "Christopher Evans": senate,
            "Christina Evans": senate,
            "Andy Williams": ["Moon River", "Branson"],
            "Andrea Williams": ["Christian Concern", "High Court"],
        },
    )
    assert got["Chuck Grassley"] == got["Charles Grassley"] == "Charles E. Grassley"
    assert got["William Clinton"] == "Bill Clinton"
    assert got["Hillary Clinton"] == "Hillary Clinton"
    assert len({got["Chris Evans"], got["Christopher Evans"], got["Christina Evans"]}) == 3
    assert got["Andrea Williams"] == "Andrea Williams" != got["Andy Williams"]


def test_a_new_document_adopts_the_corpus_form_of_a_nickname(store) -> None:
    """The incremental link reads the same rule from the stored name index."""
    from gloss.store.analysis.corpus_names import adopt_corpus_names, save_name_index

    senate = ["Senate Judiciary Committee", "Merrick Garland"]
    _people(
        store,
        [("Charles Grassley", 3), ("Christopher Evans", 2), ("Christina Evans", 1)],
        company={"Charles Grassley": senate},
    )
    with store.write() as conn:
        save_name_index(conn)
        new = []
        for name, others in (("Chuck Grassley", senate), ("Chris Evans", senate)):
            doc = save_document(conn, f"{name} spoke.", f"new-{name}", DocumentMeta())[1]
            conn.execute(
                "INSERT INTO entities (document_id, start, end, label, text, canonical) "
                "VALUES (?, 0, ?, 'PERSON', ?, ?)",
                (doc, len(name), name, name),
            )
            for other in others:
                conn.execute(
                    "INSERT INTO entities (document_id, start, end, label, text, canonical) "
                    "VALUES (?, 0, 1, 'ORG', ?, ?)",
                    (doc, other, other),
                )
            new.append(doc)
        lonely = save_document(conn, "Chuck Grassley again.", "new-alone", DocumentMeta())[1]
        conn.execute(
            "INSERT INTO entities (document_id, start, end, label, text, canonical) "
            "VALUES (?, 0, 14, 'PERSON', 'Chuck Grassley', 'Chuck Grassley')",
            (lonely,),
        )
        adopt_corpus_names(conn, set(new))
        adopt_corpus_names(conn, {lonely})
    got = dict(
        store.conn.execute(
            f"SELECT text, canonical FROM entities WHERE document_id IN ({new[0]}, {new[1]}) "
            "AND label = 'PERSON'"
        ).fetchall()
    )
    assert got == {"Chuck Grassley": "Charles Grassley", "Chris Evans": "Chris Evans"}
    (alone,) = store.conn.execute(
        "SELECT canonical FROM entities WHERE document_id = ?", (lonely,)
    ).fetchone()
    assert alone == "Chuck Grassley"  # nothing around the name to tell who it is


def test_the_corpus_form_of_a_name_is_written_with_capitals(store) -> None:
    """PolNeAR: "jeff feltman" (an e-mail's lower case, more frequent) had become the name of
    "Jeffrey D. Feltman". A variant written with capitals is the corpus's form."""
    got = _people(store, [("john kirby", 3), ("John Kirby", 1)])
    assert got["john kirby"] == got["John Kirby"] == "John Kirby"


def test_a_court_case_or_a_typo_is_no_full_name_for_a_surname(store) -> None:
    """A new-user test found every "Trump" of an article named "Trump v. Trump" (a court case
    it cites) and 64 BBC claims spoken by "ofNew Labour" (a typo's run-on in one article)."""
    from gloss.store.analysis.entities import _Persons, is_full_name

    assert not is_full_name("Trump v. Trump") and not is_full_name("ofNew Labour")
    assert is_full_name("Charles de Gaulle") and is_full_name("Ursula von der Leyen")
    assert _Persons(["Trump v. Trump", "Trump"]).canonical("Trump") == "Trump"
    assert _Persons(["Donald Trump", "Trump"]).canonical("Trump") == "Donald Trump"
    got = _people(store, [("Trump v. Trump", 1), ("Trump", 3), ("ofNew Labour", 1), ("Labour", 2)])
    assert got["Trump"] == "Trump" and got["Labour"] == "Labour"


def test_a_party_s_name_typed_person_takes_no_person_s_full_name(store) -> None:
    """A second new-user test: "Blair Labour" (a headline's run-on) became the name of 65
    "Labour" mentions typed PERSON, in a corpus that names the party "Labour" far more."""
    with store.write() as conn:
        for i in range(5):
            doc = save_document(conn, f"Labour won ({i}).", f"org{i}", DocumentMeta())[1]
            conn.execute(
                "INSERT INTO entities (document_id, start, end, label, text, canonical) "
                "VALUES (?, 0, 6, 'ORG', 'Labour', 'Labour')",
                (doc,),
            )
    pentagon = ["Pentagon", "State Department"]
    got = _people(
        store,
        [("Blair Labour", 1), ("Labour", 2), ("John Kirby", 3), ("Kirby", 1)],
        {"John Kirby": pentagon, "Kirby": pentagon},
    )
    assert got["Labour"] == "Labour"
    assert got["Kirby"] == "John Kirby"  # still: a surname the corpus uses for a person


def _feats(content: str, speaker: str | None, quoted: list[str] = ()) -> object:
    return features(content, [], 0, speaker, True, quoted=quoted)


def test_a_short_quote_matches_verbatim_and_only_with_speakers() -> None:
    a = _feats("her actions “extremely careless”", "James Comey", ["“extremely careless”"])
    b = _feats(
        "Clinton was “extremely careless” with classified material",
        "James Comey",
        ["“extremely careless”"],
    )
    assert shared_quote(a, b)
    # A scare-quoted term in two narrations (no speaker) is no statement.
    c = _feats("spending by “super PACs” rose", None, ["“super PACs”"])
    d = _feats("the “super PACs” raised money", None, ["“super PACs”"])
    assert not shared_quote(c, d)
    # Stopwords alone are not a quote worth matching.
    e = _feats("he said “it is what it is”", "Donald Trump", ["“it is”"])
    f = _feats("“it is” he said", "Donald Trump", ["“it is”"])
    assert not shared_quote(e, f)


def test_a_slogan_quoted_by_unrelated_speakers_is_no_shared_statement() -> None:
    book = features(
        "Mr. Trump's manifesto, “Crippled America: How to Make America Great Again,” sold well",
        [],
        0,
        "Nielsen",
        False,  # a body, so compatible with any person
        quoted=["“Crippled America: How to Make America Great Again,”"],
    )
    rally = _feats(
        "we are going to make America great again, he told the crowd",
        "Donald Trump",
        ["“We're going to make America great again”"],
    )
    rare = {"crippled", "manifesto"}  # words few claims use; the slogan's are common
    assert not shared_quote(book, rally, rare)
    # The same speaker's same words, whole, are still the same statement; a run of common
    # words inside two different quotations by one speaker is not.
    again = _feats(
        "“We're going to make America great again”, Trump said",
        "Donald Trump",
        ["“We're going to make America great again”"],
    )
    assert shared_quote(rally, again, rare)
    speech = _feats(
        "“We're in trouble, but we're going to turn it around. We're going to make America "
        "great again”, Trump said",
        "Donald Trump",
        [
            "“We're in trouble, but we're going to turn it around. We're going to make America "
            "great again”"
        ],
    )
    assert not shared_quote(rally, speech, rare)
    # Unrelated speakers sharing a run with a rare word are too ("the 30,000 emails").
    hack = _feats(
        "Trump urged Russia to “find the 30,000 emails that are missing”",
        None,
        ["“find the 30,000 emails that are missing”"],
    )
    hack.speaker, hack.group, hack.is_person = "CNN", "CNN", False
    said = _feats(
        "“I hope you’re able to find the 30,000 emails that are missing”",
        "Donald Trump",
        ["“I hope you’re able to find the 30,000 emails that are missing”"],
    )
    assert shared_quote(hack, said, {"missing", "emails"})


def test_common_words_alike_are_no_shared_statement() -> None:
    """False merges a hand check found among PolNeAR's cross-outlet pairs: one man's "a
    friend" in two speeches, an idiom quoted by two unrelated speakers, two short claims alike
    only in their small words."""
    nieto = _feats("Peña Nieto “a friend”", "Donald Trump", ["“a friend”"])
    michael = _feats(
        "“Michael's been a friend of mine over the years. Perhaps we're not friends anymore”",
        "Donald Trump",
        ["“Michael's been a friend of mine over the years. Perhaps we're not friends anymore”"],
    )
    rare = {"friend", "strides", "founder", "isis"}
    assert not shared_quote(nieto, michael, rare) and not quoted_in_words(nieto, michael, rare)
    # One content word quoted matches when the claims share another word.
    founder = _feats("Obama was “the founder” of ISIS", "Donald Trump", ["“the founder”"])
    plain = _feats("Obama was the founder of ISIS, he said at a rally", "Donald Trump")
    assert quoted_in_words(founder, plain, rare)
    golf = _feats(
        "the golf industry had “made great strides” in shaking off courses",
        "Cushman & Wakefield",
        ["“made great strides”"],
    )
    golf.is_person = False
    schilling = _feats("he's made great strides to understand people today", "Curt Schilling")
    assert not quoted_in_words(golf, schilling, rare)
    game = _feats("Politics is a tough game", "Jane Roe")
    charge = _feats("It is a tough charge", "Mike Pence")
    game.is_person = False  # compatible speakers: only the wording could join them
    assert not same_statement(game, charge, {}, rare)
    assert same_statement(game, _feats("politics is a tough game!", "Jane Roe"), {}, rare)


def _named(content: str, names: list[str], speaker: str | None, **kw: object) -> object:
    """Features with each of ``names`` an entity (its own canonical)."""
    spans = [(content.index(n), content.index(n) + len(n), n) for n in names]
    return features(content, spans, 0, speaker, True, **kw)


def test_names_and_phrases_anyone_says_make_no_shared_statement() -> None:
    """More false merges from the hand check: two narrations alike in their names, a claim
    alike in characters only through a long name, a stock phrase shared by unrelated
    speakers."""
    counts = _named(
        "Ted Cruz has 370 delegates, Kasich has 129 and Rubio left the race with 163",
        ["Ted Cruz", "Kasich", "Rubio"],
        None,
    )
    other = _named(
        "Ted Cruz has 370 delegates, Marco Rubio has 163 and John Kasich has 63",
        ["Ted Cruz", "Marco Rubio", "John Kasich"],
        None,
    )
    assert not same_statement(counts, other, {})
    by = _named(
        "by former Maryland Gov. Martin O'Malley", ["Maryland", "Martin O'Malley"], "Sanders"
    )
    poll = _named(
        "former Maryland Gov. Martin O'Malley gets 1 percent support",
        ["Maryland", "Martin O'Malley"],
        None,
    )
    assert not same_statement(by, poll, {})
    message = (
        "“Our message of economic opportunity is working and we see the polls all moving in "
        "the right direction”"
    )
    moving = _feats(message + ", the campaign said", "Jason Miller", [message])
    things = _feats(
        "“Things are moving in the right direction, but by no means meteoric”",
        "Steven Ekovich",
        ["“Things are moving in the right direction, but by no means meteoric”"],
    )
    moving.is_person = False  # a campaign: compatible with any person
    assert not shared_quote(moving, things, {"direction", "meteoric"})
    # A long run of one statement's words is still shared by unrelated speakers.
    said = _feats(
        "he said “we are going to find the 30,000 emails that are missing, believe me”",
        "CNN",
        ["“we are going to find the 30,000 emails that are missing, believe me”"],
    )
    said.is_person = False
    quoted = _feats(
        "“Russia, we are going to find the 30,000 emails that are missing”",
        "Donald Trump",
        ["“Russia, we are going to find the 30,000 emails that are missing”"],
    )
    assert shared_quote(said, quoted, {"emails"})
    # Two people declining to comment said nothing in common (a new-user test's cluster).
    court = _feats(
        "A Supreme Court spokeswoman did not immediately respond to a request for comment", None
    )
    hicks = _named(
        "Hope Hicks, a spokeswoman for Trump, did not respond to a request for comment",
        ["Hope Hicks", "Trump"],
        None,
    )
    assert not same_statement(court, hicks, {})
    assert not same_statement(hicks, _feats(hicks.normed, None), {})  # even word for word


def test_the_same_figure_with_shared_words_matches() -> None:
    a = _feats("Obama wanted to take in 250,000 Syrian refugees", "Donald Trump")
    b = _feats("Obama wants to admit as many as 250,000 Syrian refugees", "Donald Trump")
    c = _feats("Obama wants to admit 10,000 Syrian refugees", "Donald Trump")
    assert number_match(a, b) and not number_match(a, c)


def test_clusters_do_not_chain_through_single_links() -> None:
    # 0-1, 1-2, 2-3 matched in a chain; 0 and 3 have nothing in common: 3 matches one of
    # the three members of {0, 1, 2}, too few to join.
    edges = {(0, 1): 90.0, (1, 2): 80.0, (2, 3): 70.0}
    groups = _close_clusters(4, edges, lambda i, j: False)
    assert sorted(map(sorted, groups)) == [[0, 1, 2], [3]]
    # Matching most members joins.
    edges[(1, 3)] = 60.0
    assert sorted(map(sorted, _close_clusters(4, edges, lambda i, j: False))) == [[0, 1, 2, 3]]
    # A conflict across two clusters keeps them apart even with a direct link.
    groups = _close_clusters(3, {(0, 1): 90.0, (1, 2): 80.0}, lambda i, j: {i, j} == {0, 2})
    assert [0, 1] in groups and [2] in groups


NOTE = "Editor's note: Donald Trump regularly incites political violence and is a serial liar."


@pytest.mark.parametrize("outlet", ["huff-post", None])
def test_an_outlet_s_repeated_note_is_kept_out_of_clusters(store, outlet) -> None:
    """Also in plain text files of no known outlet (a new-user test found a HuffPost
    editor's note the biggest cluster of a folder of .txt articles, and a false story)."""
    with store.write() as conn:
        for i in range(4):
            save_document(
                conn,
                f"Story {i}\n\nThe senator said on Monday that the bill {i} would pass.\n\n{NOTE}",
                f"hp{i}.txt",
                DocumentMeta(outlet=outlet),
            )
    analyze_documents(store, engine="rules")
    recompute_clusters(store.conn)
    clustered = store.rows(
        "SELECT c.cluster, substr(d.text, c.start + 1, c.end - c.start) AS sentence FROM claims c "
        "JOIN documents d ON d.id = c.document_id WHERE c.cluster IS NOT NULL"
    )
    assert not [r for r in clustered if "Editor" in r["sentence"]]


def test_speakers_are_names_or_nobody() -> None:
    """A relative pronoun is read as the name before it; clause openers and quantifiers are
    no speakers (an unknown speaker is better than a wrong one)."""
    from gloss.store.analysis import analyze_text

    text = (
        "Voters in Ohio went to the polls on Tuesday.\n\n"
        "Anna Kowalska, who said she typically votes Democratic, backed the budget.\n\n"
        "When asked about the vote, some said the budget would fail.\n\n"
        "Breaking said the budget had passed."
    )
    for engine in ("rules", "spacy"):
        claims = analyze_text(text, engine).claims
        speakers = {c.speaker for c in claims}
        assert not speakers & {"who", "When", "some", "Some", "Breaking"}, (engine, speakers)
        said = [c for c in claims if "typically votes" in text[c.content_start : c.content_end]]
        assert all(c.speaker in (None, "Anna Kowalska") for c in said), engine


def test_one_speaker_s_rare_quoted_phrase_matches_inside_longer_reports() -> None:
    """Outlets quote the same two words of a statement inside sentences of their own
    ("accused Bernie Sanders of subjecting her to an “artful smear” regarding ..."): the
    phrase is the statement even where it is a small part of each claim, and the embedded
    quotation guard does not hide it, for the same speaker and words few claims use."""
    long_ = _feats(
        "Bernie Sanders of subjecting her to an “artful smear” regarding her Wall Street links",
        "Hillary Clinton",
        ["“artful smear”"],
    )
    other = _feats(
        "him of an “artful smear” over her fundraising practices and her paid speeches",
        "Hillary Clinton",
        ["“artful smear”"],
    )
    rare = {"artful", "smear", "fundraising", "links", "speeches"}
    assert shared_quote(long_, other, rare)
    assert same_statement(long_, other, {}, rare)
    # Another speaker's use of the phrase is no report of her statement, and a phrase with
    # a word many claims use is a catchphrase said on many days ("politically correct").
    assert not same_statement(long_, _feats(other.normed, "Jeb Bush", ["“artful smear”"]), {}, rare)
    assert not same_statement(long_, other, {}, rare - {"artful"})


def test_one_speaker_s_rare_term_months_apart_is_no_shared_statement() -> None:
    """A new-user test (PolNeAR): Trump calling Cruz an "anchor baby" (September) joined a
    report that he would be interviewed by the "anchor (not) baby" (April), a play on the
    phrase. A rare phrase that is a small part of both claims joins them only within
    TERM_DAYS; a phrase that is most of a claim, or of undated documents, still does."""
    insult = _feats(
        'the senator a "nasty guy," an "anchor baby," "unstable" and "sick."',
        "Donald Trump",
        ['"nasty guy,"', '"anchor baby,"', '"unstable"', '"sick."'],
    )
    pun = _feats(
        "earlier this year that he was willing to accept an interview with the “anchor (not) "
        "baby” — a play on words with the phrase “anchor baby,” which backers of tougher "
        "immigration laws use",
        "Donald Trump",
        ["“anchor (not) baby”", "“anchor baby,”"],
    )
    rare = {"anchor", "baby", "senator", "interview", "immigration"}
    insult.published, pun.published = "2016-09-26", "2016-04-12"
    assert not shared_quote(insult, pun, rare)
    pun.published = "2016-09-20"
    assert shared_quote(insult, pun, rare)  # the same weeks: the same remark reported
    pun.published = None
    assert shared_quote(insult, pun, rare)


FILLER = "Officials said the money and support for project {i} would come this year."


def test_one_speaker_s_claims_in_common_words_are_paired(store) -> None:
    """Words too common to pair claims on in the whole corpus ("money", "support") still
    pair one speaker's claims: two outlets' near-identical reports of his words join; a
    claim of his that only shares those words does not."""
    texts = [f"Filler {i}\n\n{FILLER.format(i=i)}" for i in range(70)]
    texts += [
        "Rally\n\nDonald Trump said on Monday that the money and support would not come this year.",
        "Rally report\n\nDonald Trump said on Monday that the money and the support would "
        "not come this year.",
        "Other\n\nDonald Trump said on Tuesday that veterans would get his money and support "
        "before anyone else.",
    ]
    with store.write() as conn:
        for i, text in enumerate(texts):
            save_document(conn, text, f"d{i}.txt", DocumentMeta())
    analyze_documents(store, engine="rules")
    recompute_clusters(store.conn)
    rows = store.rows(
        "SELECT d.path, c.cluster FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE c.speaker = 'Donald Trump'"
    )
    cluster = {r["path"]: r["cluster"] for r in rows}
    assert sorted(cluster) == ["d70.txt", "d71.txt", "d72.txt"]
    assert cluster["d70.txt"] is not None and cluster["d70.txt"] == cluster["d71.txt"]
    assert cluster["d72.txt"] != cluster["d70.txt"]


def test_a_long_passage_word_for_word_is_one_statement_whoever_outlets_name() -> None:
    """Outlets (or gloss) disagree on who said a passage ("Scott Walker" in one report,
    "Donald Trump" in another): ten words and more, the same but for small edits, are one
    statement, and its cluster shows both speakers; a short line said by two people is not."""
    from gloss.store.analysis.clusters import _conflict

    words = (
        "It's time to quit attacking various people that you competed with or various "
        "minority groups in the country and get on message"
    )
    walker = _feats(words, "Scott Walker")
    trump = _feats(words.replace("It's", "It is"), "Donald Trump")
    assert same_statement(walker, trump, {}) and not _conflict(walker, trump)
    short_a = _feats("We will win this state in November", "Scott Walker")
    short_b = _feats("We will win this state in November", "Donald Trump")
    assert not same_statement(short_a, short_b, {}) and _conflict(short_a, short_b)


def test_one_speaker_s_claims_of_the_same_days_match_on_a_few_words() -> None:
    """Outlets publishing on the same days report the same words of a speaker in their own
    ("her mind is shot" / "the 83-year-old justice's mind is shot"); months apart, the
    same words are the speaker's theme again, not the same statement."""
    idf = {"mind": 3.0, "shot": 3.0, "justic": 1.0, "year": 0.5}
    a = _feats("the 83-year-old justice's mind is shot", "Donald Trump")
    b = _feats("her mind is shot", "Donald Trump")
    a.published, b.published = "2016-07-13", "2016-07-14"
    assert same_statement(a, b, idf)
    b.published = "2016-10-02"
    assert not same_statement(a, b, idf)
    b.published = None  # an undated document: no such rule
    assert not same_statement(a, b, idf)


def test_claims_paired_on_a_speaker_s_common_words_match_when_of_the_same_days_and_close() -> None:
    """Pairs found only by one speaker's words too common to pair claims corpus-wide (Trump's
    "support", "Ryan", "agenda") match only as a report of the same days sharing most of its
    words (PolNeAR: Trump's statement on Ryan's agenda quoted whole by one outlet, reworded by
    another a day later)."""
    quoted = _feats(
        "I am not ready to support Speaker Ryan's agenda. Perhaps in the future we can work "
        "together and come to an agreement about what is best for the American people",
        "Donald Trump",
    )
    reworded = _feats(
        "he would not support Ryan's agenda and suggesting that politicians should do what "
        "is best for the American people",
        "Donald Trump",
    )
    quoted.published, reworded.published = "2016-05-05", "2016-05-06"
    assert same_statement(quoted, reworded, {}, loose=False)
    reworded.published = "2016-05-09"  # days apart: Trump on Ryan again, another time
    assert not same_statement(quoted, reworded, {}, loose=False)
    reworded.published = "2016-05-06"
    theme = _feats("Ryan's agenda is bad for the American people", "Donald Trump")
    theme.published = "2016-05-06"  # a few shared words only
    assert not same_statement(quoted, theme, {}, loose=False)


def test_one_speaker_s_short_quote_in_the_same_days_is_the_same_remark() -> None:
    """PolNeAR: two outlets three days apart quote Paul Ryan as "not ready" to back Trump,
    each in its own sentence; the quote is a small part of both, so the embedded-quote guard
    kept them apart. The same person's quoted phrase within a few days is one remark; a week
    later, another speaker, a negated use or an undated document is not."""
    a = _feats(
        "he is “not ready” to endorse Trump, even though he is the lone Republican "
        "remaining in the contest",
        "Paul Ryan",
        ["“not ready”"],
    )
    b = _feats(
        "he was “not ready” to support Trump’s campaign for president", "Paul Ryan", ["“not ready”"]
    )
    a.published, b.published = "2016-05-09", "2016-05-06"
    assert same_statement(a, b, {}, loose=False)
    b.published = "2016-05-01"
    assert not same_statement(a, b, {}, loose=False)
    b.published = None
    assert not same_statement(a, b, {}, loose=False)
    other = _feats(
        "he was “not ready” to support Trump’s campaign for president",
        "Mitch McConnell",
        ["“not ready”"],
    )
    other.published = "2016-05-08"
    assert not same_statement(a, other, {}, loose=False)
    deal = _feats("the plan was “a big deal” for the state", "Paul Ryan", ["“a big deal”"])
    denied = _feats("the plan is not a big deal for the state", "Paul Ryan")
    deal.published, denied.published = "2016-05-08", "2016-05-09"
    assert days_quote(deal, _feats("it was a big deal", "Paul Ryan")) is False  # undated
    assert not days_quote(deal, denied)


def test_small_figures_that_differ_are_two_statements() -> None:
    """A new-user test found "a 214-delegate advantage" (15 March) and "a 26-delegate
    advantage" (1 March) joined: figures under 100 counted for nothing. Any figure that
    differs keeps two claims apart; one they share does not ("1,000" / "more than 1,000")."""
    from gloss.store.analysis.clusters import _conflict

    later = _feats("Clinton already held a 214-delegate advantage from primaries", "AP")
    earlier = _feats("Clinton held a 26-delegate advantage from primaries", "AP")
    assert not same_statement(later, earlier, {}) and _conflict(later, earlier)
    more = _feats("more than 1,000 containers were shipped in 26 trips", "John Kirby")
    fewer = _feats("1,000 containers were shipped", "John Kirby")
    assert not _conflict(more, fewer)


def test_a_quotation_ending_the_claim_raises_no_embedded_quote_guard() -> None:
    """A claim ending on its quotation reports that quotation ("Clinton had been “extremely
    careless”"): since claims keep the closing mark, the embedded-quote guard must not read
    it as a phrase embedded in other words (PolNeAR lost three held-out pairs until then);
    a quotation with the claim's own words after it still raises it."""
    from gloss.store.analysis.similarity import _quote_guard

    ending = _feats(
        "this month that Clinton had been “extremely careless” in handling and in her "
        "conduct was “extremely careless”",
        "FBI",
        ["“extremely careless”"],
    )
    inside = _feats(
        "the “extremely careless” handling of mail was the subject of a long hearing on "
        "Capitol Hill",
        "FBI",
        ["“extremely careless”"],
    )
    other = _feats("her actions “extremely careless”", "James Comey", ["“extremely careless”"])
    assert ending.outer is not None  # the first quotation is embedded, the last one ends it
    assert inside.outer is not None and _quote_guard(inside, other)
    only_end = _feats("Clinton had been very sloppy and “extremely careless”", "FBI")
    assert only_end.outer is None and not _quote_guard(only_end, other)


def test_one_speaker_s_figure_pins_a_claim_paired_on_common_words() -> None:
    """PolNeAR: Trump's false claim that Obama wanted to take in 250,000 Syrian refugees,
    reported in November and recalled a month later, was paired only on Trump's common words
    ("obama", "refugees"), where only a report of the same days matched. The same uncommon
    figure and two more shared concepts from one speaker is the same statement; another
    figure, or another speaker, is not."""
    first = _feats("President Obama wanted to take in 250,000 Syrian refugees", "Donald Trump")
    later = _feats(
        "a source for his claim in November that President Obama wants to take in as many "
        "as 250,000 Syrian refugees",
        "Donald Trump",
    )
    first.published, later.published = "2015-11-17", "2015-12-13"
    assert same_statement(first, later, {}, loose=False)
    other = _feats(
        "President Obama wants to take in 25,000 Syrian refugees this year", "Donald Trump"
    )
    other.published = "2015-12-13"
    assert not same_statement(first, other, {}, loose=False)
    someone = _feats(
        "President Obama wants to take in as many as 250,000 Syrian refugees", "Ted Cruz"
    )
    someone.published = "2015-12-13"
    assert not same_statement(first, someone, {}, loose=False)
    # A figure every report of the race repeats, in two different statements.
    count = _feats(
        "neither he nor Hillary Clinton would arrive at the convention in July with the 2,383 "
        "delegates needed to win the nomination outright",
        "Bernie Sanders",
    )
    floor = _feats(
        "to take his campaign to the convention floor even as Clinton closed in on the 2,383 "
        "delegates needed to secure the nomination",
        "Bernie Sanders",
    )
    assert not same_statement(count, floor, {}, loose=False)


def test_one_document_s_statement_in_two_claims_does_not_dilute_a_cluster() -> None:
    """PolNeAR: Trump's "I like Paul, but these are horrible times ... I'm just not quite there
    yet" is two claims in one HuffPost article (0, 1), both matched by a West Journal report
    (2); the Post's "not quite there yet" (3) matched the West Journal claim only: one link of
    three claims (below a third) kept it out, though it is one link of two documents. Counted
    between documents, it joins; between claims, it does not."""
    edges = {(0, 2): 90.0, (1, 2): 85.0, (2, 3): 50.0}
    doc = {0: 10, 1: 10, 2: 20, 3: 30}
    by_claims = _close_clusters(4, edges, lambda i, j: False)
    by_documents = _close_clusters(4, edges, lambda i, j: False, doc.__getitem__)
    assert sorted(map(sorted, by_claims)) == [[0, 1, 2], [3]]
    assert sorted(map(sorted, by_documents)) == [[0, 1, 2, 3]]
    # Still average linkage: a fourth document linked to one of three others stays out.
    edges = {(0, 1): 90.0, (1, 2): 85.0, (0, 2): 80.0, (2, 3): 50.0}
    doc = {0: 10, 1: 20, 2: 30, 3: 40}
    groups = _close_clusters(4, edges, lambda i, j: False, doc.__getitem__)
    assert sorted(map(sorted, groups)) == [[0, 1, 2], [3]]


def test_one_speaker_s_quoted_phrase_pins_a_claim_paired_on_common_words() -> None:
    """PolNeAR: Reince Priebus declaring Trump "the presumptive nominee" the same night, in
    two outlets, was paired only on words too common to pair on ("trump", "nominee"): the
    same days' quoted phrase from one speaker is the same remark; a week later it is not."""
    quoted = _feats(
        'night he considered Trump the "presumptive nominee."',
        "Reince Priebus",
        ['"presumptive nominee."'],
    )
    plain = _feats("him the presumptive nominee", "Reince Priebus")
    quoted.published, plain.published = "2016-05-05", "2016-05-05"
    assert same_statement(quoted, plain, {}, loose=False)
    plain.published = "2016-05-12"
    assert not same_statement(quoted, plain, {}, loose=False)


def test_a_description_with_a_name_set_off_is_that_person_speaking() -> None:
    """BBC: "Its leader, Roger Knapman, has said he is glad ..." had "Its leader" as speaker,
    and the quotation after it ("..., he said") went to another man named before. A
    description naming nobody, with a name set off after it, is that person; a name before
    its description keeps the name ("Bill Clinton, the former president, said")."""
    from gloss.store.analysis import analyze_text

    text = (
        "A spokesman for the party called on Mr Hockney to quit. Its leader, Roger Knapman, "
        "has said he is glad to see the back of Mr Kilroy-Silk.\n\n"
        "Bill Clinton, the former president, said he was proud of the vote."
    )
    claims = analyze_text(text, "spacy").claims
    speaker = {text[c.content_start : c.content_start + 12]: c.speaker for c in claims}
    assert speaker["he is glad t"] == "Roger Knapman"
    assert speaker["he was proud"] == "Bill Clinton"


def test_whom_it_was_told_may_be_a_programme_of_a_broadcaster() -> None:
    """BBC: "..., Ms Hewitt told GMTV's Sunday programme." had "s Sunday programme" as what
    she said (the addressee was read up to its apostrophe)."""
    from gloss.store.analysis import analyze_text

    text = (
        "It would mean paid leave would be increased to nine months by 2007, Ms Hewitt told "
        "GMTV's Sunday programme.\n\nMr Blair told the BBC's Today programme the plan would "
        "work."
    )
    contents = {text[c.content_start : c.content_end] for c in analyze_text(text, "spacy").claims}
    assert "It would mean paid leave would be increased to nine months by 2007" in contents
    assert "the plan would work" in contents
    assert not any(c.startswith(("s Sunday", "s Today")) for c in contents)


def test_a_cue_word_after_a_determiner_is_a_noun() -> None:
    """BBC: "Other plans include letting maternity pay be given to fathers" was a claim by
    "Other" (cue "plans"). A possessive or determiner makes the word a noun; a quantifier
    is a subject ("Many fear Trump will ...")."""
    from gloss.store.analysis import analyze_text

    text = (
        "Other plans include letting maternity pay be given to fathers.\n\n"
        "Their calls intensified after the release.\n\n"
        "Many fear Trump will feed insecurity in the region."
    )
    claims = analyze_text(text, "spacy").claims
    assert not [c for c in claims if c.speaker in {"Other", "Their"}]
    assert [text[c.cue_start : c.cue_end] for c in claims if c.cue_start is not None] == ["fear"]


def test_one_rare_word_both_quote_is_one_speaker_s_remark_within_two_weeks() -> None:
    """PolNeAR: "he was being “sarcastic” in his comments" (HuffPost) and "his comments as
    being "sarcastic"" (Washington Post, a day later); Jeb Bush calling Trump “unhinged”,
    reported nine days apart. One word both quote, few claims use, from the same speaker
    within two weeks is one remark; not a word one of them leaves unquoted, a common word,
    another speaker or a month later."""
    rare = {"sarcastic", "unhinged"}
    a = _feats(
        "he was being “sarcastic” in his comments, which raised concerns",
        "Donald Trump",
        ["“sarcastic”"],
    )
    b = _feats('his comments as being "sarcastic."', "Donald Trump", ['"sarcastic."'])
    a.published, b.published = "2016-07-31", "2016-08-01"
    assert days_quote(a, b, rare) and same_statement(a, b, {}, rare)
    assert not days_quote(a, b)  # no rare words known: two quotes of a word say nothing
    assert not days_quote(a, b, {"comments"})
    unquoted = _feats("his comments as being sarcastic", "Donald Trump")
    unquoted.published = "2016-08-01"
    assert not days_quote(a, unquoted, rare)
    other = _feats('his comments as being "sarcastic."', "Paul Ryan", ['"sarcastic."'])
    other.published = "2016-08-01"
    assert not days_quote(a, other, rare)
    b.published = "2016-08-14"
    assert days_quote(a, b, rare)
    b.published = "2016-08-20"
    assert not days_quote(a, b, rare)


def test_reports_quoting_one_rare_word_of_a_speaker_share_a_cluster(store) -> None:
    """The same remark end to end: the two claims become a candidate pair (a one-word
    quotation is a blocking key) and are linked into one cluster."""
    texts = [
        (
            "Trump said he was being \u201csarcastic\u201d in his remarks about Russia.",
            DocumentMeta(outlet="huff-post", published="2016-07-31"),
        ),
        (
            "Trump told reporters on Monday that he had only been \u201csarcastic.\u201d",
            DocumentMeta(outlet="wash-post", published="2016-08-01"),
        ),
        (
            "Ryan said the budget was \u201cbalanced\u201d this year.",
            DocumentMeta(outlet="nyt", published="2016-08-01"),
        ),
    ]
    _save_and_analyse(store, texts)
    assert document_clusters(store) == [{1, 2}]


def _save_and_analyse(store, texts: list[tuple[str, DocumentMeta]], first: int = 0) -> None:
    with store.write() as conn:
        for k, (text, meta) in enumerate(texts, start=first):
            save_document(conn, text, f"d{k}", meta)
    analyze_documents(store, engine="spacy")


def document_clusters(store) -> list[set[int]]:
    """Each cluster as the set of its claims' documents."""
    found: dict[str, set[int]] = {}
    for doc, cluster in store.conn.execute(
        "SELECT document_id, cluster FROM claims WHERE cluster IS NOT NULL"
    ):
        found.setdefault(cluster, set()).add(doc)
    return list(found.values())


# Paul Ryan "not ready" to back Trump (PolNeAR): Politico quotes him whole, the Western
# Journal a day later a fragment.
RYAN_WHOLE = (
    "Paul Ryan told CNN: \u201cWell, to be perfectly candid with you, I\u2019m just not "
    "ready to do that at this point.\u201d",
    DocumentMeta(outlet="politico", published="2016-05-05"),
)
RYAN_FRAGMENT = (
    "Paul Ryan said he was \u201cnot ready\u201d to support the campaign for president.",
    DocumentMeta(outlet="west-journal", published="2016-05-06"),
)


def test_a_short_quote_and_the_longer_quote_holding_it_share_a_cluster(store) -> None:
    """PolNeAR: Politico quotes Paul Ryan whole ("“Well, to be perfectly candid with you,
    I'm just not ready to do that at this point”"), the Western Journal a day later only
    "he was “not ready” to support Trump's campaign". They share one concept, too few to be
    candidates, so the rule that matches them (:func:`days_quote`) never saw the pair. A
    short quotation's concepts are keys of their own, paired with the speaker's claims
    holding them (in a full link and in an incremental one); ten days later it is another
    remark."""
    _save_and_analyse(store, [RYAN_WHOLE, RYAN_FRAGMENT])
    assert document_clusters(store) == [{1, 2}]
    later = "Paul Ryan said he was \u201cnot ready\u201d to support the budget of the senate."
    _save_and_analyse(store, [(later, DocumentMeta(outlet="nyt", published="2016-05-16"))], 2)
    assert document_clusters(store) == [{1, 2}]


def test_a_bare_surname_takes_no_full_name_of_other_company(store) -> None:
    """On 2,129 BBC articles "Blackburn" (the football club, typed PERSON in 11 articles)
    had become the DJ Tony Blackburn, "Bolton" John Bolton and "Charles" (the prince) Ray
    Charles: the one full name in the corpus ending with the word. A bare surname takes it
    only when their documents share names (two at least, not common in the corpus)."""
    got = _people(
        store,
        [("Tony Blackburn", 2), ("Blackburn", 3), ("Tony Blair", 2), ("Blair", 2)],
        {
            "Tony Blackburn": ["Radio 1", "I'm A Celebrity"],
            "Blackburn": ["Premiership", "Mark Hughes"],
            "Tony Blair": ["Downing Street", "Gordon Brown"],
            "Blair": ["Downing Street", "Gordon Brown"],
        },
    )
    assert got["Blackburn"] == "Blackburn"
    assert got["Blair"] == "Tony Blair"


def test_a_middle_name_an_article_wrote_beside_the_name_is_one_person(store) -> None:
    """A new-user test: "Hillary Rodham Clinton" was a person of her own (82 mentions), so
    her speaker screen missed 29 claims. An article naming both forms makes them one (its
    mentions of the longer form take the shorter name); the corpus then gives the shorter
    name to the longer one everywhere, in full and incremental links. Without such an
    article two names stay two people ("Jerry Lee Lewis" and the comedian Jerry Lewis)."""
    from gloss.store.analysis.corpus_names import adopt_corpus_names, save_name_index
    from gloss.store.analysis.pipeline import analyze_texts

    both = (
        "Hillary Rodham Clinton spoke in Ohio on Monday.\n\nLater, Hillary Clinton told "
        "reporters that she was ready."
    )
    (analysis,) = analyze_texts([both], "spacy")
    assert {e.canonical for e in analysis.entities if e.label == "PERSON"} == {"Hillary Clinton"}
    with store.write() as conn:
        doc = save_document(conn, both, "both", DocumentMeta())[1]
        for text, canonical in (
            ("Hillary Rodham Clinton", "Hillary Clinton"),
            ("Hillary Clinton", "Hillary Clinton"),
        ):
            conn.execute(
                "INSERT INTO entities (document_id, start, end, label, text, canonical) "
                "VALUES (?, 0, 1, 'PERSON', ?, ?)",
                (doc, text, canonical),
            )
    got = _people(
        store, [("Hillary Rodham Clinton", 2), ("Jerry Lee Lewis", 1), ("Jerry Lewis", 2)]
    )
    rows = store.conn.execute(
        "SELECT DISTINCT canonical FROM entities WHERE text = 'Hillary Rodham Clinton'"
    ).fetchall()
    assert rows == [("Hillary Clinton",)]
    assert got["Jerry Lee Lewis"] == "Jerry Lee Lewis" and got["Jerry Lewis"] == "Jerry Lewis"
    with store.write() as conn:
        save_name_index(conn)
        new = save_document(conn, "Hillary Rodham Clinton spoke.", "new", DocumentMeta())[1]
        conn.execute(
            "INSERT INTO entities (document_id, start, end, label, text, canonical) "
            "VALUES (?, 0, 22, 'PERSON', 'Hillary Rodham Clinton', 'Hillary Rodham Clinton')",
            (new,),
        )
        adopt_corpus_names(conn, {new})
    (canonical,) = store.conn.execute(
        "SELECT canonical FROM entities WHERE document_id = ?", (new,)
    ).fetchone()
    assert canonical == "Hillary Clinton"


def _named_feats(content: str, names: list[str], speaker: str | None, published: str):
    """Features with each of ``names`` an entity (its own canonical) and a date."""
    ents = [(content.index(n), content.index(n) + len(n), n) for n in names]
    f = features(content, ents, 0, speaker, bool(speaker))
    f.published = published
    return f


def test_claims_alike_in_names_or_in_a_contraction_only_are_two_statements() -> None:
    """A new-user test on the PolNeAR store found these joined as one claim: a passing
    mention of the same two candidates with their titles (two months apart), a union
    leader's list of states and a campaign's (four months apart), and two men's "I don't
    think ..." on other matters. Shared words that say something still match."""
    rand = _named_feats(
        "to join the earlier debate that included former Arkansas governor Mike Huckabee and "
        "former Pennsylvania senator Rick Santorum",
        ["Arkansas", "Mike Huckabee", "Pennsylvania", "Rick Santorum"],
        "Rand Paul",
        "2016-01-15",
    )
    winners = _named_feats(
        "The past two winners rose on the religious right: former Pennsylvania senator Rick "
        "Santorum and former Arkansas governor Mike Huckabee",
        ["Pennsylvania", "Rick Santorum", "Arkansas", "Mike Huckabee"],
        None,
        "2015-11-08",
    )
    # Names are rare in a corpus, so they weigh the most (as in the store's idf).
    idf = {x: 6.0 for x in rand.concepts | winners.concepts if x.startswith("@")}
    assert not same_statement(rand, winners, idf)
    endorsed = _named_feats(
        "former Arkansas governor Mike Huckabee and former Pennsylvania senator Rick Santorum "
        "endorsed the flat tax plan",
        ["Arkansas", "Mike Huckabee", "Pennsylvania", "Rick Santorum"],
        "Rand Paul",
        "2016-01-15",
    )
    also = _named_feats(
        "the flat tax plan was endorsed by Mike Huckabee and Rick Santorum, from Arkansas and "
        "Pennsylvania",
        ["Mike Huckabee", "Rick Santorum", "Arkansas", "Pennsylvania"],
        None,
        "2016-01-16",
    )
    assert same_statement(endorsed, also, idf)
    # "minority leader", a description, is compatible with any person
    matters = features("I don’t think it matters", [], 0, "minority leader", False)
    case = features("I don't think that's the case", [], 0, "Jason Holsman", True)
    assert not same_statement(matters, case, {})
    rules = features("I don’t think the convention rules matter", [], 0, "minority leader", False)
    again = features("I do not think the convention rules matter", [], 0, "Harry Reid", True)
    assert same_statement(rules, again, {})


def test_two_counts_against_the_same_target_weeks_apart_are_two_statements() -> None:
    """usa-today (a new-user test): "within 150 delegates of the 2,383 needed" (18 May) and
    "71 delegates short of the 2,383 needed" (3 June) shared only the target and were one
    claim with "numbers differ: 150 vs 71". The same days' reports of one count still
    match."""
    may = _feats(
        "her lead brings her to within 150 delegates of the 2,383 needed to clinch the nomination",
        "Associated Press",
    )
    june = _feats(
        "Clinton is 71 delegates short of the 2,383 needed to clinch the nomination",
        "Associated Press",
    )
    may.published, june.published = "2016-05-18", "2016-06-03"
    assert not same_statement(may, june, {})
    same_day = _feats(
        "Clinton is 71 delegates short of the 2,383 she needs to clinch the nomination",
        "Associated Press",
    )
    same_day.published = "2016-06-04"
    assert same_statement(june, same_day, {})


def test_a_statement_and_its_negation_are_two_statements() -> None:
    """A new-user test: importing 500 BBC articles next to the seeds put The Hill's "Kirby
    urged Pyongyang to not provide military support to Russia" into the cluster of "North
    Korea provided arms": one speaker, the same words, opposite sense. Negations that both
    claims hold, or an interjection ("No, I meant"), change nothing."""
    provided = _feats(
        "Pyongyang had provided Moscow with more than 1,000 containers of military equipment",
        "John Kirby",
    )
    not_provide = _feats("Pyongyang to not provide military support to Russia", "John Kirby")
    assert not same_statement(provided, not_provide, {})
    conspired = _feats("they illegally conspired to promote smoking", "tobacco companies")
    never = _feats("they never illegally conspired to promote smoking", "tobacco companies")
    assert not same_statement(conspired, never, {})
    meant = _feats("I meant exactly that. He’s the founder of ISIS", "Donald Trump")
    no_meant = _feats("No, I meant he’s the founder of ISIS", "Donald Trump")
    assert same_statement(meant, no_meant, {})
    urged = _feats("Pyongyang will not provide military support to Russia", "John Kirby")
    assert same_statement(not_provide, urged, {})  # both say "not"


def test_weeks_apart_the_same_names_with_one_word_in_common_are_two_statements() -> None:
    """The same new-user test: "arms negotiations between Moscow and Pyongyang are
    advancing" (30 August) joined "North Korea provided arms for Russia" (13 October) on
    the names and "arms". Weeks apart, a statement recalled shares more than that, or a
    quotation ("very charming", three months on)."""
    august = _named_feats(
        "arms negotiations between Russia and North Korea are advancing",
        ["Russia", "North Korea"],
        "United States",
        "2023-08-30",
    )
    october = _named_feats(
        "North Korea provided arms for Russia to use in Ukraine",
        ["North Korea", "Russia", "Ukraine"],
        "United States",
        "2023-10-13",
    )
    idf = {x: 6.0 for x in august.concepts | october.concepts if x.startswith("@")}
    assert not same_statement(august, october, idf)
    december = _feats(
        'he found Trump to be "very charming"', "Sheldon Adelson", ['"very charming"']
    )
    march = _feats("He was “very charming”", "Sheldon Adelson", ["“very charming”"])
    december.published, march.published = "2015-12-20", "2016-03-18"
    assert same_statement(december, march, {})
