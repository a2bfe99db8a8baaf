"""The check-worthiness scorer on hand-written sentences, its explanations and its lazy
weights."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gloss.store.analysis.score import (
    CHECK_WORTHY,
    claim_why,
    explain,
    is_stage_direction,
    score,
    why,
)

FACTS = [
    "Unemployment fell to 4.1 percent last year, the lowest rate in a decade.",
    "The government spent $4 billion on 300 new hospitals in 2019.",
    "Taxes on the middle class rose by 20% under the last administration.",
    "We have lost 70,000 factories since China joined the World Trade Organization.",
]
OPINIONS = [
    "I think we are going to have a wonderful time together, folks.",
    "Thank you so much, it is great to be here with all of you tonight.",
    "I hope you love this beautiful city as much as I do.",
    "What do you want to ask me?",
]
STAGE = ["(APPLAUSE)", "[CROSSTALK]", "(LAUGHTER) (APPLAUSE)"]


def test_statistics_score_higher_than_opinions_and_stage_directions():
    facts = [score(s) for s in FACTS]
    opinions = [score(s) for s in OPINIONS]
    assert min(facts) > max(opinions), (facts, opinions)
    assert all(f >= CHECK_WORTHY for f in facts) and all(o < CHECK_WORTHY for o in opinions)
    assert [score(s) for s in STAGE] == [0.0, 0.0, 0.0]
    assert all(is_stage_direction(s) for s in STAGE)
    assert not is_stage_direction("(Reuters) - The bank raised rates by 0.5 points.")


def test_a_number_or_a_quantity_word_raises_the_score():
    assert score("The deficit grew by 300 billion dollars.") > score("The deficit grew.")
    assert score("Crime rose 12% in the city.") > score("Crime is a problem in the city.")
    # British news writes "per cent" and pounds: they count as the debates' percent and $.
    assert score("Prices rose 3 per cent.") == pytest.approx(
        score("Prices rose 3 percent."), abs=0.01
    )
    assert score("It cost £4bn.") == score("It cost $4bn.")


def test_neighbours_shift_the_score_a_little():
    sentence = "The plan was announced in Washington."
    alone = score(sentence)
    after_fact = score(sentence, prev=FACTS[0], next=FACTS[1])
    after_chat = score(sentence, prev=OPINIONS[0], next=OPINIONS[1])
    assert after_chat < alone < after_fact
    assert after_fact - after_chat < 0.5  # the sentence's own words weigh most
    assert score(sentence, prev="(APPLAUSE)") == alone  # a stage direction is no neighbour


def test_explain_names_the_features_that_weigh_most():
    parts = explain(FACTS[0], k=3)
    assert len(parts) == 3
    names = [n for n, _ in parts]
    assert "'unemployment'" in names
    weights = [abs(c) for _, c in parts]
    assert weights == sorted(weights, reverse=True)
    assert {n for n, _ in explain(OPINIONS[0], k=5)} & {"opinion", "'i think'", "'wonderful'"}
    assert explain("(APPLAUSE)") == [("stage direction", pytest.approx(-12.0, abs=20))]


def test_why_is_one_line_with_the_score_and_its_reasons():
    line = why(FACTS[0])
    assert line.startswith(f"check-worthy {score(FACTS[0]):.2f}: ")
    assert "'Unemployment'" in line and "\n" not in line  # as the sentence writes it
    assert len(line.split(": ", 1)[1].split(", ")) == 3
    low = why(OPINIONS[0])
    assert low.startswith(f"check-worthy {score(OPINIONS[0]):.2f}, against: ")
    assert "opinion" in low or "'i think'" in low
    # A feature the sentence lacks says so (a new-user test read "first person" for a
    # headline with none); "U.S." gives no "'s'".
    imf = why("International Monetary Fund slashes prospect for U.S. growth.", value=0.42)
    assert "'s'" not in imf and ", first person" not in imf and ": first person" not in imf
    # No fragment of a hyphenated word, no small word inside a pair, one reason per word
    # (a second new-user test read "'high', 'co'", "'use the'", "'because', 'because of'")
    hyphens = why("The high-profile co-operation deal will use the new plan to change prices.")
    assert "'co'" not in hyphens and "'use the'" not in hyphens
    money = why("They will use the money because of the deficit, because the law says so.")
    assert "'the money'" not in money and "'money'" in money
    bill = why("Bill Clinton calls Obamacare the craziest thing in the world, and Clinton’s words.")
    assert bill.count("Bill") == 1  # not "'Bill Clinton', 'Bill', 'Clinton'"
    assert why("No plan was passed by the 3 committees and 40 members.").count("number") == 1
    # Small words are no reason (a new-user test read "'lead to', 'to the', 'the'").
    line = why("The plan will lead to the loss of 1,000 jobs in the north.")
    reasons = line.split(": ", 1)[1].split(", ")
    assert reasons and not any(r in ("'the'", "'to the'", "'of'", "'in the'") for r in reasons)
    # A stored score (with context) below the cutoff, but nothing in the sentence against it.
    assert why(FACTS[0], value=0.32) == "check-worthy 0.32"


def test_claim_why_explains_what_the_pipeline_scored():
    text = "Officials said unemployment fell to 4.1 percent. " + FACTS[1]
    reported = {"kind": "reported", "start": 0, "end": 49, "content_start": 15}
    reported |= {"content_end": 48, "score": 0.9}
    assert claim_why(text, reported) == why(text[15:48], 0.9)
    start = text.index("The government")
    assertion = {"kind": "assertion", "start": start, "end": len(text), "score": 0.77}
    assertion |= {"content_start": start, "content_end": len(text) - 1}
    assert claim_why(text, assertion) == why(FACTS[1], 0.77)


def test_weights_are_read_on_first_use_not_at_import():
    code = """
import json, sys
from gloss.store.analysis import pipeline, score
before = score.model.cache_info().currsize
pipeline.score("Unemployment fell to 4.1 percent.")
print(json.dumps([before, score.model.cache_info().currsize]))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [0, 1]


def test_fitting_is_deterministic_and_learns_the_labels():
    pytest.importorskip("sklearn")
    from gloss.store.analysis.score import Model, score_document
    from tools.fit_score import Debate, debate_metrics, fit, weights_bytes

    def debate(name: str, k: int) -> Debate:
        texts, labels = [], []
        for i in range(12):
            texts.append(f"Spending on roads rose {i + k} percent to {i * 3 + k} billion dollars.")
            labels.append(1)
            texts += [
                f"Thank you, it is great to see you all here tonight, number {i}.",
                "(APPLAUSE)",
            ]
            labels += [0, 0]
        return Debate(name, ["A"] * len(texts), texts, labels)

    debates = [debate(f"d{k}", k) for k in range(3)]
    first = weights_bytes(fit(debates), "test")
    assert weights_bytes(fit(debates), "test") == first
    model = Model.from_dict(fit(debates, calibrate=False))
    held = debate("held", 7)
    ap, rprec, p10 = debate_metrics(score_document(held.texts, model), held.labels)
    assert ap == rprec == p10 == 1.0
