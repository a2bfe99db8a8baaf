"""Cue words learned from PolNeAR-format training data (tools.fit_cues)."""

from __future__ import annotations

import json
from pathlib import Path

from gloss.store.analysis.lexicon import (
    CUE_VERBS,
    LEARNED_CUES,
    STRONG_SHARE,
    SUBJECT_CUES,
    WEAK_CUES,
)
from tools import fit_cues


def _article(root: Path, name: str, text: str, cues: list[str]) -> None:
    (root / "text").mkdir(parents=True, exist_ok=True)
    (root / "attributions").mkdir(parents=True, exist_ok=True)
    (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    lines, pos = [], 0
    for i, cue in enumerate(cues, 1):
        a = text.index(cue, pos)
        pos = a + len(cue)
        lines.append(f"T{i}\tCue {a} {pos}\t{cue}")
    (root / "attributions" / f"{name}_1.ann").write_text("\n".join(lines) + "\n", "utf-8")


def test_fit_learns_verbs_and_subject_cues(tmp_path: Path) -> None:
    root = tmp_path / "train"
    # "lambasted" is always a cue; "backed" only after a subject; "market" never.
    text = (
        "Smith lambasted the plan. Jones lambasted the deal. Lee lambasted it. "
        "Kim lambasted them. Ann backed the bill. Bo backed the law. Cy backed it. "
        "Di backed that. The backed-up market is a market. The market backed away. "
        "In the market, backed loans, backed bonds, backed notes and backed funds fell."
    )
    cues = ["lambasted"] * 4 + ["backed"] * 4
    _article(root, "a", text, cues)
    learned = fit_cues.fit(root)
    assert learned["verbs"] == {"lambasted": 1.0}
    assert set(learned["subject"]) == {"backed"}
    assert "market" not in learned["verbs"]


def test_learned_lexicon_is_merged() -> None:
    assert LEARNED_CUES, "cue_lexicon.json is missing"
    verbs = LEARNED_CUES["verbs"]
    assert all(form in CUE_VERBS for form in verbs)
    assert all(form in CUE_VERBS or form in SUBJECT_CUES for form in LEARNED_CUES["subject"])
    # Forms that were hand-listed as weak but are cues most of the time in train are strong.
    strong = {f for f, share in verbs.items() if share >= STRONG_SHARE}
    assert not strong & WEAK_CUES
    assert json.loads(fit_cues.LEXICON_PATH.read_text(encoding="utf-8")) == LEARNED_CUES


def test_a_cue_inside_a_hyphenated_word_is_no_cue() -> None:
    """PolNeAR: "the self-described democratic socialist has vowed" gave seven claims to a
    speaker called "self" ("described" was read as the cue); "so-called" is no "called"."""
    from gloss.store.analysis.lexicon import CUE_VERBS
    from gloss.store.analysis.reported import cue_hits

    text = "the self-described socialist has vowed, and the so-called experts said so"
    assert [h.word for h in cue_hits(text, 0, len(text), CUE_VERBS)] == ["vowed", "said"]
