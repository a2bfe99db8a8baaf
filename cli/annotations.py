"""`gloss annotate` and `gloss annotations`: tags and notes from scripts.

`annotate` prints the new annotation's id only after it is committed. The JSON field names of
`annotations --json` are stable: exports and scripts use them.
"""

from __future__ import annotations

import click

from gloss.cli.context import pass_context
from gloss.cli.output import echo_json, format_table
from gloss.store.errors import GlossError


@click.command("annotate")
@click.argument("doc")
@click.option("--start", type=int, help="Start offset (a Python str index into the text).")
@click.option("--end", type=int, help="End offset (exclusive).")
@click.option("--quote", help="Annotate this exact text instead of offsets.")
@click.option(
    "--occurrence",
    type=int,
    default=1,
    show_default=True,
    help="Which occurrence of --quote (1 = first).",
)
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for several).")
@click.option("--note", default="", help="A note (markdown).")
@pass_context
def annotate_command(context, doc, start, end, quote, occurrence, tags, note) -> None:  # type: ignore[no-untyped-def]
    """Tag or note a span of DOC (by offsets or --quote), or the whole document."""
    from gloss.store.annotations import create_annotation, find_quote
    from gloss.store.documents import get_document, resolve_document

    store = context.store()
    doc_id = resolve_document(store, doc)
    if quote is not None and (start is not None or end is not None):
        raise click.UsageError("give either --quote or --start/--end, not both")
    if quote is not None:
        start, end = find_quote(get_document(store, doc_id)["text"], quote, occurrence)
    elif (start is None) != (end is None):
        raise click.UsageError("give both --start and --end")
    if start is None and not tags and not note:
        raise GlossError("nothing to save: give --tag or --note")
    ann = create_annotation(
        store,
        doc_id,
        start,
        end,
        tags=list(tags),
        note=note,
        author=context.author,
    )
    click.echo(ann.id)


@click.command("annotations")
@click.argument("doc", required=False)
@click.option("--json", "as_json", is_flag=True, help="One JSON array of annotation objects.")
@pass_context
def annotations_command(context, doc, as_json) -> None:  # type: ignore[no-untyped-def]
    """List annotations (of DOC, or of every document) in text order."""
    from gloss.store.annotations import list_annotations
    from gloss.store.documents import resolve_document

    store = context.store(read_only=True)
    doc_id = resolve_document(store, doc) if doc else None
    rows = [a.as_dict() for a in list_annotations(store, doc_id)]
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        row["tags"] = ", ".join(row["tags"])
        row["note"] = (row["note"].splitlines() or [""])[0]
        row["orphan"] = "orphan" if row["orphan"] else ""
    columns = ["id", "document_id", "start", "end", "quote", "tags", "note", "author", "orphan"]
    click.echo(format_table(rows, columns, width=40))


COMMANDS = (annotate_command, annotations_command)
