"""`gloss correct ...`: correct the analysis (clusters, entities, speakers) from scripts.

Corrections are stored with their author and time and re-applied after every relink, so
`gloss analyze --all --force` keeps them; exports carry the corrected values.
"""

from __future__ import annotations

import click

from gloss.cli.context import Context, pass_context, progress
from gloss.cli.output import echo_json, format_table, printable
from gloss.store.wording import counted


@click.group("correct")
def correct_group() -> None:
    """Correct the analysis: split or merge claim clusters, merge, rename or split entities,
    set a claim's speaker. Claim ids are in `gloss claims --json`."""


@correct_group.command("split-claim")
@click.argument("claim", type=int)
@pass_context
def split_claim_command(context: Context, claim: int) -> None:
    """Take CLAIM out of its cluster (it is not the statement the others report)."""
    from gloss.store.analysis.corrections import split_claim

    number = split_claim(context.store(), claim, author=context.author)
    click.echo(f"correction {number}: claim {claim} split off its cluster")


@correct_group.command("merge-clusters")
@click.argument("claim", type=int)
@click.argument("other", type=int)
@pass_context
def merge_clusters_command(context: Context, claim: int, other: int) -> None:
    """Join the clusters of CLAIM and OTHER (they report the same statement)."""
    from gloss.store.analysis.corrections import merge_clusters

    number = merge_clusters(context.store(), claim, other, author=context.author)
    click.echo(f"correction {number}: the clusters of claims {claim} and {other} merged")


@correct_group.command("speaker")
@click.argument("claim", type=int)
@click.argument("speaker", required=False)
@click.option("--nobody", is_flag=True, help="The claim has no speaker (remove a wrong one).")
@pass_context
def speaker_command(context: Context, claim: int, speaker: str | None, nobody: bool) -> None:
    """Set CLAIM's speaker to SPEAKER (or to nobody with --nobody)."""
    from gloss.store.analysis.corrections import set_speaker

    if nobody == (speaker is not None):
        raise click.UsageError("give SPEAKER or --nobody")
    store = context.store()
    number = set_speaker(store, claim, speaker, author=context.author)
    stored = store.scalar("SELECT new FROM corrections WHERE id = ?", (number,))
    who = "by nobody" if speaker is None else f"by {printable(stored)!r}"
    typed = " ".join((speaker or "").split())
    if speaker is not None and stored != typed:
        who += f" (the name {printable(typed)!r} was merged into)"
    click.echo(f"correction {number}: claim {claim} is {who}")


@correct_group.command("not-a-claim")
@click.argument("claim", type=int)
@pass_context
def not_a_claim_command(context: Context, claim: int) -> None:
    """Remove CLAIM: nothing is claimed there ("Word is", a headline's fragment). It stays
    removed when its document is analysed again; gloss correct delete brings it back."""
    from gloss.store.analysis.corrections import not_a_claim

    number = not_a_claim(context.store(), claim, author=context.author)
    click.echo(f"correction {number}: claim {claim} removed (not a claim)")


@correct_group.command("rename-entity")
@click.argument("name")
@click.argument("new")
@click.option("--label", default="PERSON", show_default=True, help="The entities' label.")
@click.option(
    "--to-label",
    metavar="LABEL",
    help="Give the entity this label too: ORG 'Trump' into PERSON 'Donald Trump' is "
    "rename-entity Trump 'Donald Trump' --label ORG --to-label PERSON.",
)
@pass_context
def rename_entity_command(
    context: Context, name: str, new: str, label: str, to_label: str | None
) -> None:
    """Rename the canonical entity NAME to NEW; when NEW is another entity's name, the two
    are merged ("Brown" into "Gordon Brown"); --to-label changes its type as well."""
    from gloss.store.analysis.corrections import rename_entity

    label = label.upper()
    number = rename_entity(
        context.store(), name, new, label, new_label=to_label, author=context.author
    )
    to = (to_label or label).upper()
    click.echo(f"correction {number}: {label} {printable(name)!r} is now {to} {printable(new)!r}")


@correct_group.command("split-mention")
@click.argument("entity", type=int)
@click.option("--name", help="The mention's own canonical name (default: its text).")
@pass_context
def split_mention_command(context: Context, entity: int, name: str | None) -> None:
    """Take the mention ENTITY (an id from `gloss show DOC --json`) out of its entity."""
    from gloss.store.analysis.corrections import split_mention

    store = context.store()
    row = store.row("SELECT document_id, text, canonical FROM entities WHERE id = ?", (entity,))
    number = split_mention(store, entity, name, author=context.author)
    new = store.scalar("SELECT new FROM corrections WHERE id = ?", (number,))
    click.echo(
        f"correction {number}: mention {entity} ({printable(row['text'])!r} in document "
        f"{row['document_id']}) now names {printable(new)!r}, not {printable(row['canonical'])!r}"
    )


@correct_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@pass_context
def list_command(context: Context, as_json: bool) -> None:
    """Every correction, oldest first, with who made it and when."""
    from gloss.store.analysis.corrections import (
        correction_place,
        correction_summary,
        list_corrections,
    )

    rows = list_corrections(context.store())
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("no corrections", err=True)
        return
    for row in rows:
        row["what"] = correction_summary(row)
        if row["undone_by"]:
            row["what"] += f" (undone by {row['undone_by']})"
        row["where"] = correction_place(row)
    click.echo(format_table(rows, ["id", "kind", "what", "where", "author", "created"]))


@correct_group.command("delete")
@click.argument("correction", type=int)
@pass_context
def delete_command(context: Context, correction: int) -> None:
    """Forget CORRECTION: the documents it changed are analysed again, so the analysis
    decides (the other corrections stay)."""
    from gloss.store.analysis import analyze_documents
    from gloss.store.analysis.corrections import delete_correction

    store = context.store()
    documents = delete_correction(store, correction)
    # A rename's documents are every one naming the new name (hundreds for a well-known
    # person): a new-user test waited 43 s with nothing on the terminal.
    with progress("analysing again") as bar:
        analyze_documents(
            store,
            documents,
            engine=context.engine,
            force=True,
            on_progress=bar,
            on_link=bar.linking,
        )
    again = counted(len(documents), "document")
    click.echo(f"correction {correction} deleted; {again} analysed again")


COMMANDS = (correct_group,)
