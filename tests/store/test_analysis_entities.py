"""Entity error classes fixed by general rules (gloss.store.analysis.entities), each on a
hand-written sentence with the spans a news NER model gets wrong."""

from __future__ import annotations

from gloss.store.analysis.base import Entity
from gloss.store.analysis.entities import clean_surface, fix_entities, link_document


def _ents(text: str, *spans: tuple[str, str]) -> list[Entity]:
    """Entities over the first occurrence of each (surface, label)."""
    out = []
    for surface, label in spans:
        start = text.index(surface)
        out.append(Entity(start, start + len(surface), label, surface))
    return out


def _fixed(text: str, *spans: tuple[str, str]) -> set[tuple[str, str]]:
    ents = fix_entities(text, _ents(text, *spans))
    link_document(ents)
    return {(e.text, e.label) for e in ents}


def test_numbers_with_units_are_no_people():
    text = "Officials said 100s of jobs would go as the plan cost £124bn over ten years."
    got = _fixed(text, ("100s", "PERSON"), ("124bn", "PERSON"))
    assert got == {("100s", "CARDINAL"), ("124bn", "MONEY")}
    # A name that starts with a digit stays a name.
    text = "3M and 20th Century Fox reported results."
    got = _fixed(text, ("3M", "ORG"), ("20th Century Fox", "ORG"))
    assert got == {("3M", "ORG"), ("20th Century Fox", "ORG")}


def test_words_written_in_lower_case_are_no_names():
    """On 3,000 PolNeAR and BBC articles the model tagged "election matchup" and "lesbian" as
    people, "n't" and "beholden" as places, "km/h" as a body: a name is written with a
    capital. Capitals inside ("iPod", "al-Qaeda"), accented capitals and scripts without
    case stay names, and "a"/"an" is no part of a body's name."""
    text = (
        "The election matchup was close, the lesbian vote split and we do n't know; "
        "speeds of 90 km/h. Apple's iPod sold, al-Qaeda claimed it, Émile Zola wrote, "
        "習近平 spoke, and a Democratic Senate passed it."
    )
    got = _fixed(
        text,
        ("election matchup", "PERSON"),
        ("lesbian", "PERSON"),
        ("n't", "GPE"),
        ("km/h", "ORG"),
        ("iPod", "ORG"),
        ("al-Qaeda", "ORG"),
        ("Émile Zola", "PERSON"),
        ("習近平", "PERSON"),
        ("a Democratic Senate", "ORG"),
    )
    assert got == {
        ("iPod", "ORG"),
        ("al-Qaeda", "ORG"),
        ("Émile Zola", "PERSON"),
        ("習近平", "PERSON"),
        ("Democratic Senate", "ORG"),
    }


def test_names_are_cut_at_scores_and_figures():
    text = "Ajax 4 PSV 1\nDurham 326 ( D. Cox 95 not out )\nBreda 1 ( Arnold 70th )"
    got = _fixed(
        text,
        ("Ajax 4 PSV", "ORG"),
        ("Durham 326 ( D. Cox 95", "ORG"),
        ("Arnold 70th", "PERSON"),
    )
    assert got == {
        ("Ajax", "ORG"),
        ("PSV", "ORG"),
        ("Durham", "ORG"),
        ("D. Cox", "ORG"),
        ("Arnold", "PERSON"),
    }
    # A single digit ending a name in running text is part of it.
    text = "Channel 4 said the programme would return."
    assert _fixed(text, ("Channel 4", "ORG")) == {("Channel 4", "ORG")}


def test_names_never_run_across_lines_dashes_or_slashes():
    text = "SOCCER - AJAX WIN\nPhoto: Korean Central News Agency / AP\nPowered by the wire."
    got = _fixed(
        text,
        ("SOCCER - AJAX", "ORG"),
        ("Korean Central News Agency / AP\nPowered", "ORG"),
    )
    assert ("SOCCER", "ORG") in got and ("AJAX", "ORG") in got
    assert ("Korean Central News Agency", "ORG") in got and ("AP", "ORG") in got
    assert not any("\n" in surface or "/" in surface for surface, _ in got)


def test_sentence_initial_words_are_no_part_of_a_name():
    text = "Hammering Hillary Clinton, he spoke for an hour. Both Mr Brown and Mr Blair agreed."
    got = _fixed(text, ("Hammering Hillary Clinton", "PERSON"), ("Both Mr Brown", "WORK_OF_ART"))
    assert ("Hillary Clinton", "PERSON") in got
    assert ("Brown", "PERSON") in got  # the title is trimmed as for any person
    # Not sentence-initial: a name ending in -ing stays whole.
    text = "The award went to Sterling Jones."
    assert _fixed(text, ("Sterling Jones", "PERSON")) == {("Sterling Jones", "PERSON")}


def test_a_titled_person_inside_another_entity_is_a_person():
    text = "Speaking in the Commons after Mr Brown had delivered the Budget, he left."
    got = _fixed(text, ("Commons after Mr Brown", "ORG"))
    assert got == {("Brown", "PERSON")}


def test_a_demonym_before_a_name_is_its_own_group():
    text = "American Dennis Mitchell upstaged the field."
    got = _fixed(text, ("American Dennis Mitchell", "ORG"))
    assert got == {("American", "NORP"), ("Dennis Mitchell", "PERSON")}
    # An organisation named after a people keeps its name.
    text = "British Airways and the Chinese Communist Party were mentioned."
    got = _fixed(text, ("British Airways", "ORG"), ("Chinese Communist Party", "ORG"))
    assert got == {("British Airways", "ORG"), ("Chinese Communist Party", "ORG")}


def test_a_demonym_derived_from_a_place_is_recognised():
    text = "Rwanda closed the border after Rwandan Paul Kagame spoke."
    got = _fixed(text, ("Rwanda", "GPE"), ("Rwandan Paul Kagame", "PERSON"))
    assert ("Rwandan", "NORP") in got and ("Paul Kagame", "PERSON") in got
    # A first name that merely ends like a demonym is not one.
    text = "Brian Smith said so."
    assert _fixed(text, ("Brian Smith", "PERSON")) == {("Brian Smith", "PERSON")}


def test_a_group_in_the_singular_and_plural_is_one_group():
    text = "The Tories were divided, a Tory MP said, while Republicans watched."
    ents = fix_entities(
        text, _ents(text, ("Tories", "NORP"), ("Tory", "NORP"), ("Republicans", "NORP"))
    )
    link_document(ents)
    canon = {e.text: e.canonical for e in ents if e.label == "NORP"}
    assert canon == {"Tories": "Tory", "Tory": "Tory", "Republicans": "Republicans"}


def test_times_keep_their_case_and_read_as_24_hours():
    text = "The vote closed at 10:31 PM, and the count began at noon. WASHINGTON agreed."
    ents = fix_entities(
        text, _ents(text, ("10:31 PM", "TIME"), ("noon", "TIME"), ("WASHINGTON", "GPE"))
    )
    link_document(ents)
    canon = {e.text: e.canonical for e in ents}
    assert canon == {"10:31 PM": "22:31", "noon": "noon", "WASHINGTON": "Washington"}
    assert clean_surface("10:31 PM") == "10:31 PM"


def test_a_surname_links_to_the_full_name_in_the_same_article():
    text = "Gordon Brown spoke first. Later Brown said the Tories were wrong."
    # The model typed the bare surname as an organisation: relabelled and linked.
    ents = fix_entities(text, _ents(text, ("Gordon Brown", "PERSON"), ("Brown", "ORG")))
    link_document(ents)
    assert {(e.text, e.label, e.canonical) for e in ents} == {
        ("Gordon Brown", "PERSON", "Gordon Brown"),
        ("Brown", "PERSON", "Gordon Brown"),
    }


def test_a_preposition_opens_no_name_and_a_surname_keeps_its_person():
    """PolNeAR: a protester's sign "Jews Against Trump" gave the person "Against Trump",
    longer than "Donald Trump", so the article's 15 other "Trump" mentions (and the claims
    "he" made) were Against Trump's. A preposition or article opens no person's name,
    wherever it stands, after a demonym split off too."""
    text = (
        'Donald Trump spoke. A sign read "Jews Against Trump". With Clinton ahead, Trump said so.'
    )
    ents = fix_entities(
        text,
        _ents(
            text,
            ("Donald Trump", "PERSON"),
            ("Jews Against Trump", "PERSON"),
            ("With Clinton", "PERSON"),
        ),
    )
    ents.append(Entity(text.rindex("Trump"), text.rindex("Trump") + 5, "PERSON", "Trump"))
    link_document(ents)
    got = {(e.text, e.label, e.canonical) for e in ents}
    assert ("Jews", "NORP", "Jews") in got and ("Clinton", "PERSON", "Clinton") in got
    assert {c for t, label, c in got if label == "PERSON" and "Trump" in t} == {"Donald Trump"}
    # Given names that are words stay names.
    text = "Will Smith and Mark Warner met Per Mertesacker."
    spans = (("Will Smith", "PERSON"), ("Mark Warner", "PERSON"), ("Per Mertesacker", "PERSON"))
    assert _fixed(text, *spans) == set(spans)


def test_a_bare_surname_is_the_family_member_the_article_is_about():
    """A new-user test: in an article on Ted Cruz naming his father Rafael Cruz once, 21
    "Cruz" mentions (and Ted's claims) went to the longer name, Rafael; in one on Bill Clinton
    "for his wife Hillary Clinton" made "Clinton said" Hillary's. A bare surname is the full
    name the article names first; "Neither Cruz" and a question's "Will Cruz" are Cruz too."""
    text = (
        "Ted Cruz endorsed Trump. He spoke in Houston with his father Rafael Cruz. Rafael Cruz "
        "waved. Cruz said so. Neither Cruz nor Trump spoke again. Will Cruz campaign?"
    )
    spans = [("Ted Cruz", "PERSON"), ("Rafael Cruz", "PERSON"), ("Neither Cruz", "PERSON")]
    ents = _ents(text, *spans)
    for surface in ("Rafael Cruz", "Cruz said", "Will Cruz"):
        at = text.rindex(surface)
        name = surface.replace(" said", "")
        ents.append(Entity(at, at + len(name), "PERSON", name))
    ents = fix_entities(text, sorted(ents, key=lambda e: e.start))
    link_document(ents)
    got = {(e.text, e.canonical) for e in ents if e.label == "PERSON"}
    assert got == {
        ("Ted Cruz", "Ted Cruz"),
        ("Rafael Cruz", "Rafael Cruz"),
        ("Cruz", "Ted Cruz"),
        ("Will Cruz", "Ted Cruz"),
    }
    text = "Former President Bill Clinton spoke for his wife Hillary Clinton. Clinton said so."
    ents = _ents(text, ("Bill Clinton", "PERSON"), ("Hillary Clinton", "PERSON"))
    at = text.rindex("Clinton")
    ents.append(Entity(at, at + 7, "PERSON", "Clinton"))
    link_document(ents)
    assert ents[-1].canonical == "Bill Clinton"
    # A given name that is a verb stays a name where no other first name takes the surname.
    text = "Will Smith arrived. Will Smith left."
    assert _fixed(text, ("Will Smith", "PERSON")) == {("Will Smith", "PERSON")}


def test_possessive_in_tokenised_text_leaves_no_space():
    text = "McNamara was admitted to New York 's Columbia hospital."
    assert _fixed(text, ("New York '", "GPE")) == {("New York", "GPE")}


def test_two_people_named_together_are_two_people():
    text = "Tony Blair and Gordon Brown met. Blair and Brown agreed; the Blair-Brown rift closed."
    got = _fixed(
        text,
        ("Tony Blair", "PERSON"),
        ("Gordon Brown", "PERSON"),
        ("Blair and Brown", "ORG"),
        ("Blair-Brown", "ORG"),
    )
    assert ("Blair and Brown", "ORG") not in got and ("Blair-Brown", "ORG") not in got
    ents = fix_entities(
        text,
        _ents(
            text,
            ("Tony Blair", "PERSON"),
            ("Gordon Brown", "PERSON"),
            ("Blair and Brown", "ORG"),
            ("Blair-Brown", "ORG"),
        ),
    )
    link_document(ents)
    assert [e.canonical for e in ents if e.label == "PERSON"] == [
        "Tony Blair",
        "Gordon Brown",
        "Tony Blair",
        "Gordon Brown",
        "Tony Blair",
        "Gordon Brown",
    ]
    # Names the article does not give as people stay one organisation.
    text = "Marks and Spencer raised prices."
    assert _fixed(text, ("Marks and Spencer", "ORG")) == {("Marks and Spencer", "ORG")}


def test_a_common_word_opening_a_sentence_is_no_person():
    text = "Attendance was low. The club blamed the weather for the poor attendance."
    assert _fixed(text, ("Attendance", "PERSON")) == set()
    # A surname the article also gives in full, or never writes in lower case, stays.
    text = "Brown said the sky was brown. Gordon Brown left."
    got = _fixed(text, ("Brown", "PERSON"), ("Gordon Brown", "PERSON"))
    assert ("Brown", "PERSON") in got
    text = "Kagame spoke first. The crowd cheered."
    assert _fixed(text, ("Kagame", "PERSON")) == {("Kagame", "PERSON")}


def test_a_party_or_its_members_are_no_person():
    """A new-user test saw "Lib Dems" and "Labour Party" typed PERSON."""
    text = "The Lib Dems and the Labour Party disagreed."
    got = _fixed(text, ("Lib Dems", "PERSON"), ("Labour Party", "PERSON"))
    assert got == {("Lib Dems", "NORP"), ("Labour Party", "ORG")}
    # A second new-user test: "National Convention" as a person of 32 mentions.
    text = "Delegates at the National Convention cheered."
    assert _fixed(text, ("National Convention", "PERSON")) == {("National Convention", "ORG")}
    text = "Lib Dem MPs met the G8 leaders."
    assert _fixed(text, ("Lib Dem MPs", "PERSON"), ("G8", "PERSON")) == {
        ("Lib Dem MPs", "NORP"),
        ("G8", "ORG"),  # no person's name holds a digit
    }
    law = "MPs passed the Crime (Miscellaneous Provisions) Bill on Monday."
    assert _fixed(law, ("Bill", "PERSON")) == {("Bill", "LAW")}
    assert _fixed("Not me, not Bill, nobody.", ("Bill", "PERSON")) == {("Bill", "PERSON")}
    # one word is a name like any other
    assert _fixed("Dems met.", ("Dems", "PERSON")) == {("Dems", "PERSON")}


def test_an_age_after_a_name_is_no_date():
    """A new-user test found 37 PolNeAR "dates" like "67" of "Cecelia Purner, 67," shown as
    DATE in the side panel; a year or a number elsewhere stays what it was."""
    text = "Cecelia Purner, 67, said she would vote. In 1975, 40 people (Ann Lee, 70) came."
    got = _fixed(text, ("67", "DATE"), ("1975", "DATE"), ("70", "DATE"))
    assert ("67", "CARDINAL") in got and ("70", "CARDINAL") in got
    assert ("1975", "DATE") in got


def test_the_rules_engine_ends_a_name_at_a_sentence_end():
    """ "Vietnam. In 1975" was one PERSON for the rules engine; initials and titles with a
    full stop stay inside the name."""
    from gloss.store.analysis.pipeline import analyze_texts

    text = "He served in Vietnam. In 1975 he met Gov. Jerry Brown and J. R. Tolkien."
    (result,) = analyze_texts([text], "rules")
    names = {e.text for e in result.entities}
    assert not any(". In" in n for n in names), names
    assert {"Jerry Brown", "J. R. Tolkien"} <= names


def test_the_islamic_state_is_one_organisation_by_any_of_its_names():
    """A new-user test: "The Islamic State asserted responsibility" gave the claim to
    "Islamic" (a NORP), and ISIS and the Islamic State were two concepts to matching."""
    from gloss.store.analysis.pipeline import analyze_texts

    text = (
        "The Islamic State asserted responsibility for the attack. Trump said Obama was the "
        "founder of ISIS. ISIL denied it."
    )
    for engine in ("rules", "spacy"):
        (result,) = analyze_texts([text], engine)
        groups = {(e.text, e.canonical, e.label) for e in result.entities if "Islamic" in e.text}
        groups |= {(e.text, e.canonical, e.label) for e in result.entities if e.text.isupper()}
        assert groups == {
            ("Islamic State", "Islamic State", "ORG"),
            ("ISIS", "Islamic State", "ORG"),
            ("ISIL", "Islamic State", "ORG"),
        }, (engine, groups)
        asserted = [c for c in result.claims if c.cue == "asserted"]
        assert asserted and asserted[0].speaker == "Islamic State"


def test_a_person_span_drawn_too_wide_keeps_only_the_name():
    """Seen on PolNeAR and BBC: "Cruz's Iowa" (22 mentions) and "pro-Clinton" (10) were
    people, "Travis Kalanick of Uber" a canonical name. A canonical name must be a name."""
    cases = {
        "Cruz's Iowa win surprised Trump.": ("Cruz's Iowa", "Cruz"),
        "As Breitbart's Joel Pollak reported.": ("Breitbart's Joel Pollak", "Joel Pollak"),
        "Rabbis Condemn Donald Trump's Muslim Ban": (
            "Condemn Donald Trump's Muslim Ban",
            "Donald Trump",
        ),
        "A pro-Clinton group bought ads.": ("pro-Clinton", None),
        "He met Travis Kalanick of Uber today.": ("Travis Kalanick of Uber", "Travis Kalanick"),
        "Wales physio Mark Davies said it was minor.": ("Wales physio Mark Davies", "Mark Davies"),
        "He saw Al Ashry and the others.": ("Al Ashry and", "Al Ashry"),
        "Bolton v Derby ended 1-1.": ("Bolton v Derby", None),
        "Vladimir V. Putin met Bashar al-Assad.": ("Vladimir V. Putin", "Vladimir V. Putin"),
        "President Lula da Silva spoke.": ("Lula da Silva", "Lula da Silva"),
    }
    for text, (span, name) in cases.items():
        people = {e.text for e in fix_entities(text, _ents(text, (span, "PERSON")))}
        assert people == ({name} if name else set()), text


def test_a_first_name_the_recogniser_left_out_joins_the_person():
    """A new-user test: "Amelize Joseph" was tagged "Joseph", and the corpus took "Joseph"
    for the one Justin Renel Joseph of another article. A capitalised word no dictionary
    knows right before a one-word person is its first name; a word, a title, a place or a
    name already tagged is not."""
    text = "Amelize Joseph loves the school. Brooklyn Joseph spoke. Senator Joseph voted."
    got = _fixed(
        text,
        ("Joseph", "PERSON"),
        ("Brooklyn", "GPE"),
        ("Joseph", "PERSON"),
        ("Joseph", "PERSON"),
    )
    assert ("Amelize Joseph", "PERSON") in got
    assert ("Brooklyn", "GPE") in got and ("Brooklyn Joseph", "PERSON") not in got
    assert ("Senator Joseph", "PERSON") not in got
    text = "Then Kasich spoke. Mr. Kasich agreed. Every Clinton won. Scottish Borderers lost."
    got = _fixed(
        text,
        ("Kasich", "PERSON"),
        ("Kasich", "PERSON"),
        ("Clinton", "PERSON"),
        ("Borderers", "PERSON"),
    )
    assert got == {("Kasich", "PERSON"), ("Clinton", "PERSON"), ("Borderers", "PERSON")}
