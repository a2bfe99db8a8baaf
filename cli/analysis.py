"""`gloss analyze`, `gloss entities`, `gloss claims` and `gloss stories`: run and read the
analysis.

The store, engine and progress bar come from gloss.cli.context, as for every command.
"""

from __future__ import annotations

import click

from gloss.cli.context import Context, pass_context, progress
from gloss.cli.output import echo_json, format_table, printable
from gloss.store.wording import counted


@click.command("analyze")
@click.argument("docs", nargs=-1)
@click.option(
    "--all",
    "all_docs",
    is_flag=True,
    help="Every document this engine version has not analysed: the waiting ones and those "
    "an older gloss or another engine analysed.",
)
@click.option(
    "--engine",
    type=click.Choice(["spacy", "rules"], case_sensitive=False),
    help="Analysis engine (default: gloss --engine or $GLOSS_ENGINE, else spacy when "
    "installed, else rules).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Re-analyse even if this engine version already did (with no DOC: every document).",
)
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    help="Worker processes (default: one per core when there is enough text, else 1).",
)
@click.option(
    "--scheduler",
    envvar="GLOSS_DASK_SCHEDULER",
    metavar="tcp://HOST:PORT|local:N",
    help="Analyse on a Dask cluster: its scheduler's address, or local:N to start N worker "
    "processes here ($GLOSS_DASK_SCHEDULER; needs pip install 'gloss-reader[cluster]').",
)
@pass_context
def analyze_command(
    context: Context,
    docs: tuple[str, ...],
    all_docs: bool,
    engine: str | None,
    force: bool,
    processes: int | None,
    scheduler: str | None,
) -> None:
    """Find entities and claims in documents (DOC: numeric id or sha256 prefix).

    With no DOC, analyses the documents waiting for analysis: imported with --no-analysis,
    or by an import or first run that was stopped. --all also re-analyses what an older gloss
    or another engine analysed. A document already analysed by the same engine version is
    skipped unless --force. Many documents are analysed by a process per core; Ctrl-C keeps
    those already stored (the rest waits for the next run). --scheduler sends the analysis to
    a Dask cluster; this process still writes every result and links across documents.
    """
    from gloss.store.analysis import analyze_documents, waiting_ids
    from gloss.store.documents import document_count, resolve_document

    if docs and all_docs:
        raise click.UsageError("give DOC arguments or --all, not both")
    scheduler = (scheduler or "").strip() or None
    if scheduler and processes:
        raise click.UsageError("--processes is for the local pool; a Dask cluster has its workers")
    store = context.store()
    waiting_only = not docs and not all_docs and not force
    if docs:
        ids: list[int] | None = [resolve_document(store, d) for d in docs]
    else:
        ids = waiting_ids(store) if waiting_only else None
    if scheduler:
        from gloss.store.analysis.dask_run import analyze_on_cluster

        with progress("analysing", notes=True) as bar:
            report = analyze_on_cluster(
                store,
                ids,
                scheduler=scheduler,
                engine=engine or context.engine,
                force=force,
                on_progress=bar,
            )
    else:
        with progress("analysing") as bar:
            report = analyze_documents(
                store,
                ids,
                engine=engine or context.engine,
                force=force,
                on_progress=bar,
                processes=processes,
                on_link=bar.linking,
            )
    skipped = report.skipped
    if waiting_only:  # the documents that were not waiting
        skipped = document_count(store) - report.analysed
    if report.fallback_reason:
        click.echo(f"gloss: using the rules engine: {report.fallback_reason}", err=True)
    click.echo(
        f"analysed {report.analysed}, skipped {skipped} with {report.engine} "
        f"({report.engine_version}): {report.entities} entities, {report.claims} claims, "
        f"{report.clusters} clusters across documents, {report.seconds:.1f}s"
        + (
            f" on {report.processes} Dask workers ({printable(scheduler)})"
            if scheduler
            else f" in {report.processes} processes"
            if report.processes > 1
            else ""
        )
    )
    if waiting_only:
        others = store.scalar(
            "SELECT count(*) FROM documents WHERE engine IS NOT NULL "
            "AND (engine != ? OR engine_version != ?)",
            (report.engine, report.engine_version),
        )
        if others:
            click.echo(
                f"gloss: {others} of the skipped documents were analysed by an older gloss or "
                "another engine; `gloss analyze --all` analyses them again",
                err=True,
            )


@click.command("entities")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of canonical entities.")
@pass_context
def entities_command(context: Context, as_json: bool) -> None:
    """Canonical entities with their label, mention and document counts."""
    from gloss.store.analysis import list_entities

    rows = list_entities(context.store(read_only=True))
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("no entities (run gloss analyze)", err=True)
        return
    click.echo(format_table(rows, ["canonical", "label", "mentions", "documents"]))


@click.command("claims")
@click.option(
    "--cluster",
    "clusters",
    is_flag=True,
    help="Claims reported by several sources, grouped, with word differences.",
)
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@pass_context
def claims_command(context: Context, clusters: bool, as_json: bool) -> None:
    """Claims in every document, or (--cluster) the same claim across sources: one row per
    document (its closest version) with the claim id `gloss correct` takes."""
    from gloss.store.analysis import list_claims, list_clusters
    from gloss.store.sources import numbers_note

    store = context.store(read_only=True)
    if clusters:
        groups = list_clusters(store)
        if as_json:
            echo_json(groups)
            return
        if not groups:
            click.echo("no claim appears in more than one document", err=True)
            return
        for group in groups:
            click.echo(printable(f"cluster {group['cluster']} ({group['documents']} documents)"))
            for i, v in enumerate(group["variants"]):
                flag = "!" if v["numbers_differ"] else " "
                click.echo(
                    f" {flag}doc {v['document_id']:>4}  claim {v['claim_id']:>6}  "
                    f"{printable(v['speaker'] or '-')}: "
                    f"{printable(v['text'])}"
                )
                if v["numbers_differ"]:
                    note = numbers_note([tuple(pair) for pair in v["numbers_differ"]])
                    click.echo(f"            {printable(note)}")
                if i:
                    changes = [op for op in v["diff"] if op["op"] != "equal"]
                    for op in changes:
                        click.echo(
                            f"            {op['op']}: {printable(op['a'])!r} -> "
                            f"{printable(op['b'])!r}"
                        )
            click.echo()
        return
    rows = list_claims(store)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("no claims (run gloss analyze)", err=True)
        return
    click.echo(
        format_table(rows, ["document_id", "kind", "speaker", "cue", "score", "cluster", "content"])
    )


@click.command("stories")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of stories.")
@pass_context
def stories_command(context: Context, as_json: bool) -> None:
    """Documents about the same event, grouped, with what ties them: shared canonical
    entities and dates, and the number of claim clusters they share."""
    from gloss.store.analysis import list_stories

    groups = list_stories(context.store(read_only=True))
    if as_json:
        echo_json(groups)
        return
    if not groups:
        click.echo("no stories: no two documents share enough (run gloss analyze)", err=True)
        return
    for group in groups:
        click.echo(
            f"story {group['story']} ({counted(len(group['documents']), 'document')}, "
            f"{counted(group['claim_clusters'], 'shared claim cluster')})"
        )
        if group["entities"]:
            click.echo("  entities: " + printable("; ".join(group["entities"])))
        if group["dates"]:
            click.echo("  dates: " + printable(", ".join(group["dates"])))
        table = format_table(group["documents"], ["id", "date", "outlet", "title"])
        click.echo("\n".join("  " + line for line in table.splitlines()))
        click.echo()


COMMANDS = (analyze_command, entities_command, claims_command, stories_command)
