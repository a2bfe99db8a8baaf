"""`gloss import`, `list`, `show` and `search`: documents in and out of the store.

`--json` output uses stable field names that scripts rely on.
"""

from __future__ import annotations

import sys

import click

from gloss.cli.context import Context, pass_context, progress
from gloss.cli.output import echo_json, format_table, printable
from gloss.store.wording import counted


def _analyse_new(context: Context, doc_ids: list[int], caught_up: int) -> None:
    """Analyse just-imported documents (progress on stderr); say so if spaCy was unavailable,
    and how many unchanged documents were analysed because they were still waiting."""
    from gloss.store.analysis import analyze_documents

    with progress("analysing") as bar:
        report = analyze_documents(
            context.store(), doc_ids, engine=context.engine, on_progress=bar, on_link=bar.linking
        )
    if report.fallback_reason:
        click.echo(f"gloss: analysed with the rules engine ({report.fallback_reason})", err=True)
    if caught_up:
        click.echo(
            f"gloss: analysed {caught_up} unchanged documents that were waiting for analysis",
            err=True,
        )


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--no-analysis",
    is_flag=True,
    help="Store the documents now; they wait for analysis (gloss analyze, or the reader, "
    "catches up).",
)
@pass_context
def import_command(context: Context, paths: tuple[str, ...], no_analysis: bool) -> None:
    """Import .txt/.md/.markdown files, saved web pages (.html/.htm) and folders
    (recursively), then analyse them.

    Prints `imported N, unchanged N, rejected N, updated N`; each rejected file goes to stderr
    as `path: reason`. Exits 1 when something was rejected or nothing importable was found.
    Unchanged files whose documents still wait for analysis (an earlier import was stopped)
    are analysed too.
    """
    from gloss.store.file_import import import_paths

    with progress("importing") as bar:
        report = import_paths(context.store(), list(paths), on_progress=bar)
    for path, reason in report.rejected:
        click.echo(f"{printable(path)}: {reason}", err=True)
    for note in report.replacement_notes():
        click.echo(printable(note), err=True)
    if not no_analysis:
        from gloss.store.import_jobs import catch_up_ids

        waiting = catch_up_ids(context.store(), report)
        if report.changed_ids or waiting:
            _analyse_new(context, report.changed_ids + waiting, len(waiting))
    click.echo(report.summary())
    if report.found_nothing:
        # Name what was searched, and fail: a script importing a wrong folder goes on
        # otherwise (a new-user test saw exit 0 and no path).
        click.echo(report.nothing_found_note([printable(p) for p in paths]), err=True)
        sys.exit(1)
    if report.rejected:
        sys.exit(1)


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of documents.")
@pass_context
def list_command(context: Context, as_json: bool) -> None:
    """List documents, newest first (… for the counts of one waiting for analysis)."""
    from gloss.store.documents import list_documents

    rows = list_documents(context.store(read_only=True))
    if as_json:
        echo_json(rows)
        return
    columns = ["id", "published", "outlet", "words", "entities", "claims", "annotations", "title"]
    waiting = 0
    for row in rows:
        if row["engine"] is None:  # no counts yet: say so rather than 0
            row["entities"] = row["claims"] = "…"
            waiting += 1
    click.echo(format_table(rows, columns))
    if waiting:
        click.echo(
            f"gloss: {counted(waiting, 'document')} (… in entities and claims) "
            f"{'waits' if waiting == 1 else 'wait'} for analysis: `gloss analyze` analyses "
            f"{'it' if waiting == 1 else 'them'}",
            err=True,
        )


@click.command("show")
@click.argument("doc")
@click.option("--json", "as_json", is_flag=True, help="Metadata, text, entities, claims, notes.")
@pass_context
def show_command(context: Context, doc: str, as_json: bool) -> None:
    """Show one document (DOC is its numeric id or a sha256 prefix)."""
    from gloss.store.document_detail import document_detail
    from gloss.store.documents import resolve_document

    store = context.store(read_only=True)
    detail = document_detail(store, resolve_document(store, doc))
    if as_json:
        echo_json(detail)
        return
    header = [
        ("title", detail["title"]),
        ("outlet", detail["outlet"]),
        ("byline", detail["byline"]),
        ("published", detail["published"]),
        ("path", detail["path"]),
        ("sha256", detail["sha256"]),
        ("analysed by", detail["engine"] or "not analysed"),
        (
            "counts",
            f"{counted(detail['words'], 'word')}, {counted(len(detail['entities']), 'entity')}, "
            f"{counted(len(detail['claims']), 'claim')}, "
            f"{counted(len(detail['annotations']), 'annotation')}",
        ),
    ]
    for name, value in header:
        click.echo(f"{name:>12}: {printable(str(value or '-'))}")
    click.echo()
    click.echo(printable(detail["text"], keep_newlines=True))


@click.command("search")
@click.argument("query")
@click.option("--limit", default=50, show_default=True, help="At most this many documents.")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of matches.")
@pass_context
def search_command(context: Context, query: str, limit: int, as_json: bool) -> None:
    """Full-text search; filters like outlet:"The Hill" or entity:"John Kirby" work too.

    Prints the matches, then on stderr how many there are (`50 of 173 documents`).
    """
    from gloss.store.search import count_matches, search_documents

    rows = search_documents(context.store(read_only=True), query, limit=limit)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("no matches", err=True)
        return
    for row in rows:
        click.echo(f"{row['id']:>6}  {printable(row.get('title') or '')}")
        snippet = row.get("snippet")
        if snippet:
            click.echo(f"        {printable(snippet)}")
    total = count_matches(context.store(), query)
    if total > len(rows):
        click.echo(f"{len(rows)} of {total} documents (--limit {total} lists them all)", err=True)
    else:
        click.echo(counted(total, "document"), err=True)


COMMANDS = (import_command, list_command, show_command, search_command)
