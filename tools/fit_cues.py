"""Learn attribution cue words from the PolNeAR training split.

Usage: ``python -m tools.fit_cues [DATA_DIR]`` (default: ../shared/data beside the
repo). For every word form it counts how often it is part of a gold cue span and how often
it occurs at all, both anywhere and right after a subject (a name or a pronoun, the pattern
the claim extractor uses for stance verbs). Forms that are cues most of the time become verb
cues; forms that are cues most of the time after a subject become subject cues. Only the
train split is read (the dev split stays for evaluation; test is never read). Writes
store/analysis/cue_lexicon.json, which :mod:`store.analysis.lexicon` merges into its lists.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
LEXICON_PATH = Path(__file__).resolve().parents[1] / "store" / "analysis" / "cue_lexicon.json"
# A form must be a gold cue this often in train, and this share of its occurrences.
MIN_CUES = 3
VERB_SHARE = 0.5
SUBJECT_SHARE = 0.5
_WORD = re.compile(r"[A-Za-z]+")
# Words that sit inside multi-word cues ("has said", "according to") but are no cue alone.
_FUNCTION = frozenset(
    "a an the to of on in at for with by from as about into over out up and or but not no "
    "has have had is are was were be been being do does did will would can could may might "
    "should must also it its he she they his her their this that these those there here "
    "just even still only then than very more most so again later first last new now once "
    "publicly repeatedly recently previously often widely already never long back down off "
    "all one time week campaign".split()
)
# Adverbs ("derisively said") and nouns ("the assertion that") are parts of cues the
# extractor handles otherwise; "according to" has its own pattern.
_NOT_VERB_ENDINGS = ("ly", "tion", "sion", "ment", "according")
_SUBJECT = re.compile(
    r"(?:\b(?:he|she|they|He|She|They)|[A-Z][\w'’.-]+)\s+(?:(?:also|has|have|had|is|was|"
    r"again|repeatedly|previously|\w+ly)\s+)?$"
)


def count(root: Path) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    """(cue, total, cue after a subject, total after a subject) counts per lower-case form."""
    cue: Counter[str] = Counter()
    tot: Counter[str] = Counter()
    cue_s: Counter[str] = Counter()
    tot_s: Counter[str] = Counter()
    for text_path in sorted((root / "text").glob("*.txt")):
        anns = sorted((root / "attributions").glob(text_path.stem + "_*.ann"))
        if not anns:
            continue
        text = text_path.read_text(encoding="utf-8")
        inside = bytearray(len(text) + 1)
        for a, b in _pairs(anns[0]):
            inside[a:b] = b"\x01" * (b - a)
        for m in _WORD.finditer(text):
            w = m.group().lower()
            if w in _FUNCTION or len(w) < 3 or w.endswith(_NOT_VERB_ENDINGS):
                continue
            is_cue = bool(inside[m.start()])
            after_subject = bool(_SUBJECT.search(text[max(0, m.start() - 80) : m.start()]))
            tot[w] += 1
            cue[w] += is_cue
            if after_subject and m.group()[0].islower():
                tot_s[w] += 1
                cue_s[w] += is_cue
    return cue, tot, cue_s, tot_s


def _pairs(ann: Path) -> list[tuple[int, int]]:
    """The Cue spans (each segment of a discontinuous one) of one .ann file."""
    out = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].startswith("T") and parts[1].startswith("Cue "):
            for seg in parts[1][4:].split(";"):
                a, b = seg.split()[:2]
                out.append((int(a), int(b)))
    return out


def fit(root: Path) -> dict[str, dict[str, float]]:
    """The learned lexicon: {"verbs": {form: share}, "subject": {form: share after a
    subject}}, where share is how often the form is part of a gold cue."""
    cue, tot, cue_s, tot_s = count(root)
    verbs, subject = {}, {}
    for w, n in sorted(cue.items()):
        if n < MIN_CUES:
            continue
        if n / tot[w] >= VERB_SHARE:
            verbs[w] = round(n / tot[w], 3)
        elif cue_s[w] >= MIN_CUES and cue_s[w] / tot_s[w] >= SUBJECT_SHARE:
            subject[w] = round(cue_s[w] / tot_s[w], 3)
    return {"verbs": verbs, "subject": subject}


def main(argv: list[str] | None = None) -> int:
    """Fit on train and write the lexicon."""
    args = sys.argv[1:] if argv is None else argv
    data = Path(args[0]) if args else DEFAULT_DIR
    root = data / "polnear" / "train"
    if not root.exists():
        print(f"{root}: PolNeAR train split not found", file=sys.stderr)
        return 1
    lexicon = fit(root)
    LEXICON_PATH.write_text(json.dumps(lexicon, indent=1) + "\n", encoding="utf-8")
    print(f"{len(lexicon['verbs'])} verb cues, {len(lexicon['subject'])} subject cues")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
