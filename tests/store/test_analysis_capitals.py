"""Capitals as metonyms: the country when the capital acts as a state, the city as a place."""

from __future__ import annotations

import re

import pytest

from gloss.store.analysis import analyze_text
from gloss.store.analysis.base import Entity
from gloss.store.analysis.entities import capital_metonyms
from gloss.store.analysis.lexicon import CAPITALS


def _canonical(text: str, name: str, label: str = "GPE") -> str:
    """The canonical of ``name`` with every capital in ``text`` placed as an entity."""
    ents = [
        Entity(m.start(), m.end(), label, m.group(), m.group())
        for m in re.finditer("|".join(CAPITALS) + "|WASHINGTON|Springfield", text)
    ]
    capital_metonyms(text, ents)
    return next(e.canonical for e in ents if e.text == name)


@pytest.mark.parametrize(
    ("text", "name", "want"),
    [
        # The government: subject, object of supply, possessive, "between X and Y".
        ("The U.S. is monitoring whether Moscow will deliver the weapons.", "Moscow", "Russia"),
        ("Kirby said that Pyongyang had provided 1,000 containers.", "Pyongyang", "North Korea"),
        ("North Korea has provided arms for Moscow to use in Ukraine.", "Moscow", "Russia"),
        ("It could sell artillery ammunition to Moscow.", "Moscow", "Russia"),
        ("Moscow's war has no end in sight.", "Moscow", "Russia"),
        ("Talks between Moscow and Pyongyang are advancing.", "Pyongyang", "North Korea"),
        ("Washington said it was concerned.", "Washington", "United States"),
        ("The bill left out any new assistance for Kyiv.", "Kyiv", "Ukraine"),
        ("Washington is also increasingly concerned.", "Washington", "United States"),
        ("As Beijing tries to cool the economy, banks lend less.", "Beijing", "China"),
        ("Calls for a shift in Beijing's policy have fallen on deaf ears.", "Beijing", "China"),
        ("The US filed a complaint against Brussels with the WTO.", "Brussels", "European Union"),
        ("It is important to keep ties with Moscow.", "Moscow", "Russia"),
        # The place (the default): locative prepositions, travel, modifiers, datelines, teams.
        ("Officials met in Moscow on Tuesday.", "Moscow", "Moscow"),
        (
            "A group of Russian officials had travelled to Pyongyang for talks.",
            "Pyongyang",
            "Pyongyang",
        ),
        (
            "A follow-up trip by Russian officials to Pyongyang is planned.",
            "Pyongyang",
            "Pyongyang",
        ),
        ("Five people were killed in Russian air strikes on Kyiv.", "Kyiv", "Kyiv"),
        ("Flights from London were cancelled.", "London", "London"),
        (
            "By Jeff Mason\nWASHINGTON (Reuters) - The White House said",
            "WASHINGTON",
            "Washington, D.C.",
        ),
        ("Seoul, South Korea (AP) — The ministry said", "Seoul", "Seoul"),
        ("1600 Pennsylvania Avenue, Washington, DC 20500", "Washington", "Washington, D.C."),
        ("It was bought by a London dealer.", "London", "London"),
        ("The London mayor should apologise.", "London", "London"),
        ("He said competition at auditions in London was fierce.", "London", "London"),
        ("Three weekly journeys to Riyadh were cut.", "Riyadh", "Riyadh"),
        ("I want to run it, but London is very special to me.", "London", "London"),
        ("One day London has been nuked, the film imagines.", "London", "London"),
        ("Madrid were about to play Barcelona.", "Madrid", "Madrid"),
        ("He failed to qualify for Madrid in the 800m.", "Madrid", "Madrid"),
        ("The opening night was in London's West End.", "London", "London"),
        ("He visited slums in the Kenyan capital, Nairobi.", "Nairobi", "Nairobi"),
    ],
)
def test_capital_as_state_or_place(text: str, name: str, want: str) -> None:
    assert _canonical(text, name) == want


def test_only_capitals_labelled_gpe_change() -> None:
    text = "Denzel Washington said Springfield will vote."
    assert _canonical(text, "Washington", "PERSON") == "Washington"
    assert _canonical(text, "Springfield") == "Springfield"


def test_rules_engine_links_capital_subject_to_country() -> None:
    text = "Officials say Moscow will deliver the shells. Diplomats gathered in Moscow on Monday."
    ents = [e for e in analyze_text(text, "rules").entities if e.text == "Moscow"]
    assert [e.canonical for e in ents] == ["Russia", "Moscow"]
