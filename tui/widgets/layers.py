"""The document view's layers: styled spans built from a document's rows, and item ranges.

Pure functions over ``ReadingData`` (no widgets): the view draws the spans and moves its
cursor over the ranges.
"""

from __future__ import annotations

from dataclasses import dataclass

from gloss.store.document_layers import ReadingData
from gloss.tui.widgets.text_layout import Structure

LAYERS = ("entities", "claims", "annotations", "hits", "boilerplate")
LABEL_CLASS = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "DATE": "date",
    "TIME": "date",
    "MONEY": "number",
    "PERCENT": "number",
    "CARDINAL": "number",
    "QUANTITY": "number",
    "ORDINAL": "number",
}
LEGEND_LABELS = (
    ("PERSON", "person"),
    ("ORG", "org"),
    ("GPE", "place"),
    ("NORP", "group"),
    ("DATE", "date"),
    ("MONEY", "number"),
    ("other", "other"),
)


@dataclass(frozen=True)
class Span:
    """A styled range of the text: [start, end) drawn with a component class on a layer."""

    start: int
    end: int
    style: str
    layer: str


@dataclass(frozen=True)
class Selection:
    """What the cursor is on: a claim, entity, sentence, hit, annotation or a user-made
    ``range`` (index 0), with its index."""

    kind: str
    index: int
    start: int
    end: int


# Drawing order within one start offset: later layers paint over earlier ones.
_ORDER = {"boilerplate": 0, "markdown": 1, "claims": 2, "entities": 3, "annotations": 4, "hits": 5}


def placed(annotations: list[dict]) -> list[dict]:
    """The annotations drawn on the text: with a span and not orphaned (cursor order)."""
    return [a for a in annotations if a.get("start") is not None and not a.get("orphan")]


def tag_color(note: dict, colors: dict[str, str]) -> str | None:
    """The colour of an annotation's first coloured tag (tags in name order), if any."""
    return next((colors[t] for t in sorted(note.get("tags") or []) if colors.get(t)), None)


def build_spans(
    data: ReadingData,
    structure: Structure | None,
    hits: list[tuple[int, int]],
    colors: dict[str, str] | None = None,
) -> list[Span]:
    """Every styled span of a document, sorted by start (invalid offsets dropped).

    An annotation whose tags have a colour is drawn with style ``tag:<colour>``.
    """
    spans: list[Span] = []
    length = len(data.text)
    for start, end in data.document.get("boilerplate") or []:
        spans.append(Span(start, end, "boilerplate", "boilerplate"))
    if structure is not None:
        spans.extend(Span(s, e, kind, "markdown") for s, e, kind in structure.emphasis)
        spans.extend(Span(s, e, "marker", "markdown") for s, e in structure.markers)
    for claim in data.claims:
        spans.append(Span(claim["start"], claim["end"], "claim", "claims"))
        if claim.get("speaker_start") is not None and claim.get("speaker_end") is not None:
            spans.append(Span(claim["speaker_start"], claim["speaker_end"], "speaker", "claims"))
        if claim.get("cue_start") is not None and claim.get("cue_end") is not None:
            spans.append(Span(claim["cue_start"], claim["cue_end"], "cue", "claims"))
    for entity in data.entities:
        style = LABEL_CLASS.get(str(entity["label"]).upper(), "other")
        spans.append(Span(entity["start"], entity["end"], style, "entities"))
    for note in placed(data.annotations):
        color = tag_color(note, colors or {})
        style = f"tag:{color}" if color else "annotation"
        spans.append(Span(note["start"], note["end"], style, "annotations"))
    spans.extend(Span(s, e, "hit", "hits") for s, e in hits)
    spans = [s for s in spans if 0 <= s.start < s.end <= length]
    spans.sort(key=lambda s: (s.start, _ORDER.get(s.layer, 9)))
    return spans


def item_ranges(
    data: ReadingData, structure: Structure | None, hits: list[tuple[int, int]], kind: str
) -> list[tuple[int, int]]:
    """The [start, end) ranges the cursor visits for claim/entity/annotation/hit/sentence."""
    if kind == "claim":
        return [(c["start"], c["end"]) for c in data.claims]
    if kind == "entity":
        return [(e["start"], e["end"]) for e in data.entities]
    if kind == "annotation":
        return [(a["start"], a["end"]) for a in placed(data.annotations)]
    if kind == "hit":
        return hits
    text = data.text
    starts = structure.sentences if structure else [0]
    bounds = [*starts[1:], len(text)]
    return [(s, e) for s, e in zip(starts, bounds, strict=True) if text[s:e].strip()]
