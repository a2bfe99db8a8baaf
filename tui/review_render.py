"""Rich renderings of a review item's context (user text styled by span, never markup)."""

from __future__ import annotations

from rich.text import Text

from gloss.store.review_context import ItemContext
from gloss.store.wording import counted
from gloss.tui.safe import clean


def heading(context: ItemContext) -> Text:
    """Kind, speaker/cue/score (claims) or label (entities), and where it is from."""
    item, details, doc = context.item, context.details, context.document
    line = Text()
    line.append(f"{item.kind.upper()} ", style="bold reverse")
    if item.kind == "claim":
        line.append(f" {details.get('kind', '')}", style="bold")
        if details.get("speaker"):
            line.append(" · speaker ")
            line.append(clean(details["speaker"]), style="bold")
        if details.get("cue"):
            line.append(f" · cue {clean(details['cue'])!s}")
        line.append(f" · check-worthiness {float(details.get('score') or 0):.2f}")
        if details.get("hedges"):
            line.append(" · hedged: " + ", ".join(clean(h) for h in details["hedges"]))
    elif item.kind == "entity":
        line.append(f" {details.get('label', '')} ", style="bold")
        line.append(clean(str(details.get("canonical", ""))))
    line.append("\n")
    line.append(clean(doc.get("title") or "(untitled)"), style="italic")
    line.append(f"  —  {clean(doc.get('outlet') or 'unknown outlet')}")
    line.append(f", {doc.get('published') or 'undated'}")
    if context.annotation is not None:
        line.append("\n")
        line.append("tags: ", style="bold")
        # One chip per tag, " · " between: with ", " the tags 'needs source, "2nd"' and
        # 'poll' read as three (a new-user test).
        for i, tag in enumerate(context.annotation.tags):
            if i:
                line.append(" · ", style="dim")
            line.append(f" {clean(tag)} ", style="reverse")
        if not context.annotation.tags:
            line.append("-")
        if context.annotation.note:
            line.append("  note: ", style="bold")
            line.append(clean(context.annotation.note.splitlines()[0])[:80])
    return line


def paragraph(context: ItemContext) -> Text:
    """The paragraph with the item highlighted (speaker and cue marked for claims)."""
    text = Text(clean(context.paragraph))
    base, item, details = context.paragraph_start, context.item, context.details
    size = len(context.paragraph)

    def mark(start: int | None, end: int | None, style: str) -> None:
        if start is None or end is None:
            return
        lo, hi = max(0, start - base), min(size, end - base)
        if lo < hi:
            text.stylize(style, lo, hi)

    if item.kind == "claim":
        mark(details.get("content_start"), details.get("content_end"), "reverse")
        mark(details.get("speaker_start"), details.get("speaker_end"), "bold underline")
        mark(details.get("cue_start"), details.get("cue_end"), "italic underline")
    elif item.kind != "document":
        mark(item.start, item.end, "reverse")
    return text


def sources(context: ItemContext) -> Text:
    """The same claim as other outlets report it."""
    if not context.sources:
        return Text("")
    out = Text(
        f"Also reported by {counted(len(context.sources), 'other document')}:\n", style="bold"
    )
    for source in context.sources:
        out.append(f"• {clean(source.get('outlet') or 'unknown outlet')}", style="bold")
        out.append(f" ({source.get('published') or 'undated'})")
        if source.get("title"):  # two documents of one outlet and day tell apart
            out.append(f" “{clean(source['title'])}”", style="italic")
        out.append(f", said by {clean(source.get('speaker') or 'nobody named')}: ")
        out.append(clean(source.get("content") or ""))
        out.append("\n")
    return out
