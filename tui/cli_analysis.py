"""`gloss analyze`, `gloss entities`, `gloss claims` and `gloss stories`: run and read the
analysis.

Registered on the main group in tui/cli.py with ``main.add_command(...)``. The store comes
from the root context object (tui.cli.Context), so these commands share --db.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from tui.cli_format import echo_json, format_table, printable


def _store(ctx: click.Context) -> Any:
    return ctx.find_root().obj.store()


class _Progress:
    """A progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty() or total <= 0:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command("analyze")
@click.argument("docs", nargs=-1)
@click.option("--all", "all_docs", is_flag=True, help="Every document (the default when no DOC).")
@click.option(
    "--engine",
    type=click.Choice(["spacy", "rules"], case_sensitive=False),
    envvar="GLOSS_ENGINE",
    help="Analysis engine (default: $GLOSS_ENGINE, else spacy when installed, else rules).",
)
@click.option("--force", is_flag=True, help="Re-analyse even if this engine version already did.")
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    help="Worker processes (default: one per core when there is enough text, else 1).",
)
@click.pass_context
def analyze_command(
    ctx: click.Context,
    docs: tuple[str, ...],
    all_docs: bool,
    engine: str | None,
    force: bool,
    processes: int | None,
) -> None:
    """Find entities and claims in documents (DOC: numeric id or sha256 prefix).

    A document already analysed by the same engine version is skipped unless --force.
    Many documents are analysed by a process per core; Ctrl-C keeps those already stored.
    """
    from store.analysis import analyze_documents
    from store.documents import resolve_document

    if docs and all_docs:
        raise click.UsageError("give DOC arguments or --all, not both")
    store = _store(ctx)
    ids = [resolve_document(store, d) for d in docs] if docs else None
    progress = _Progress("analysing")
    try:
        report = analyze_documents(
            store, ids, engine=engine, force=force, on_progress=progress, processes=processes
        )
    finally:
        progress.close()
    if report.fallback_reason:
        click.echo(f"gloss: using the rules engine: {report.fallback_reason}", err=True)
    click.echo(
        f"analysed {report.analysed}, skipped {report.skipped} with {report.engine} "
        f"({report.engine_version}): {report.entities} entities, {report.claims} claims, "
        f"{report.clusters} clusters across documents, {report.seconds:.1f}s"
        + (f" in {report.processes} processes" if report.processes > 1 else "")
    )


@click.command("entities")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of canonical entities.")
@click.pass_context
def entities_command(ctx: click.Context, as_json: bool) -> None:
    """Canonical entities with their label, mention and document counts."""
    from store.analysis import list_entities

    rows = list_entities(_store(ctx))
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
@click.pass_context
def claims_command(ctx: click.Context, clusters: bool, as_json: bool) -> None:
    """Claims in every document, or (--cluster) the same claim across sources."""
    from store.analysis import document_claims, list_clusters

    store = _store(ctx)
    if clusters:
        groups = list_clusters(store)
        if as_json:
            echo_json(groups)
            return
        if not groups:
            click.echo("no claim appears in more than one document", err=True)
            return
        for group in groups:
            click.echo(f"cluster {group['cluster']} ({group['documents']} documents)")
            for i, v in enumerate(group["variants"]):
                click.echo(
                    f"  doc {v['document_id']:>4}  {printable(v['speaker'] or '-')}: "
                    f"{printable(v['text'])}"
                )
                if i:
                    changes = [op for op in v["diff"] if op["op"] != "equal"]
                    for op in changes:
                        click.echo(
                            f"            {op['op']}: {printable(op['a'])!r} -> "
                            f"{printable(op['b'])!r}"
                        )
            click.echo()
        return
    rows: list[dict[str, Any]] = []
    for doc in store.rows("SELECT id, text FROM documents ORDER BY id"):
        doc_id, text = doc["id"], doc["text"]
        for claim in document_claims(store, doc_id):
            claim["document_id"] = doc_id
            claim["content"] = text[claim["content_start"] : claim["content_end"]]
            rows.append(claim)
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
@click.pass_context
def stories_command(ctx: click.Context, as_json: bool) -> None:
    """Documents about the same event, grouped, with what ties them: shared canonical
    entities and dates, and the number of claim clusters they share."""
    from store.analysis import list_stories

    groups = list_stories(_store(ctx))
    if as_json:
        echo_json(groups)
        return
    if not groups:
        click.echo("no stories: no two documents share enough (run gloss analyze)", err=True)
        return
    for group in groups:
        click.echo(
            f"story {group['story']} ({len(group['documents'])} documents, "
            f"{group['claim_clusters']} shared claim clusters)"
        )
        if group["entities"]:
            click.echo("  entities: " + printable("; ".join(group["entities"])))
        if group["dates"]:
            click.echo("  dates: " + ", ".join(group["dates"]))
        table = format_table(group["documents"], ["id", "date", "outlet", "title"])
        click.echo("\n".join("  " + line for line in table.splitlines()))
        click.echo()


COMMANDS = (analyze_command, entities_command, claims_command, stories_command)
