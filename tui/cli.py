"""The `gloss` command: open the reader, or script the store (import, list, show, search).

Every command prints one clear line on error and exits non-zero; `--json` output uses stable
field names that scripts rely on. Only the bare `gloss` command starts the Textual app.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from store.errors import GlossError, StoreError
from tui.cli_format import echo_json, format_table, printable


class GlossGroup(click.Group):
    """A click group that turns gloss's own errors into one line on stderr, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GlossError as exc:
            click.echo(f"gloss: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("gloss: interrupted; everything committed so far is kept", err=True)
            ctx.exit(130)


class Context:
    """What every command needs: where the store is, and who the user is."""

    def __init__(self, db: str | None, author: str | None) -> None:
        self.db_option = db
        self.author = author
        self._store = None

    @property
    def db_path(self) -> Path:
        from store.paths import default_db_path

        return Path(self.db_option).expanduser() if self.db_option else default_db_path()

    def store(self) -> Any:
        """Open the store once; the default location's folder is created, a --db folder not."""
        if self._store is None:
            from store.migrations import open_store

            path = self.db_path
            if not self.db_option and not path.parent.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() and path.is_dir():
                raise StoreError(f"{path}: is a directory, not a gloss store file")
            self._store = open_store(path)
        return self._store


pass_context = click.make_pass_decorator(Context)


@click.group(cls=GlossGroup, invoke_without_command=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    help="The store file (default: $GLOSS_DB, else gloss.db in the user data directory).",
)
@click.option("--author", help="Name recorded on annotations and verdicts ($GLOSS_AUTHOR).")
@click.option(
    "--no-seeds",
    is_flag=True,
    help="With no command: open an empty store as it is, without the seed articles.",
)
@click.version_option(package_name="gloss-reader", prog_name="gloss")
@click.pass_context
def main(ctx: click.Context, db: str | None, author: str | None, no_seeds: bool) -> None:
    """gloss: read, annotate and review news in the terminal.

    With no command, opens the reader. The first time (an empty store) the reader opens at
    once and imports and analyses the five seed articles in the background.
    """
    ctx.obj = Context(db, author)
    if ctx.invoked_subcommand is None:
        _open_reader(ctx.obj, seed=not no_seeds)


def _open_reader(context: Context, seed: bool) -> None:
    from store.ingest import first_run_pending

    store = context.store()
    first_run = seed and first_run_pending(store)
    engine = resolve_engine()
    from tui.app import GlossApp

    GlossApp(store, author=resolve_author(context.author), first_run=first_run, engine=engine).run()


def resolve_engine() -> str | None:
    """$GLOSS_ENGINE (spacy or rules), else None: spaCy when it loads, else the rules engine."""
    import os

    name = os.environ.get("GLOSS_ENGINE", "").strip().lower() or None
    if name not in (None, "spacy", "rules"):
        raise GlossError(f"GLOSS_ENGINE={name!r}: use spacy or rules")
    return name


def resolve_author(option: str | None) -> str:
    """--author, else $GLOSS_AUTHOR, else the login name."""
    import getpass
    import os

    if option:
        return option
    if os.environ.get("GLOSS_AUTHOR"):
        return os.environ["GLOSS_AUTHOR"]
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def _analyse_new(store: Any, doc_ids: list[int]) -> None:
    """Analyse just-imported documents (progress on stderr); say so if spaCy was unavailable."""
    from store.analysis import analyze_documents

    with _progress("analysing") as progress:
        report = analyze_documents(store, doc_ids, engine=resolve_engine(), on_progress=progress)
    if report.fallback_reason:
        click.echo(f"gloss: analysed with the rules engine ({report.fallback_reason})", err=True)


class _progress:
    """A progress bar on stderr when it is a terminal; silent otherwise (scripts, CI)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def __enter__(self) -> _progress:
        return self

    def __call__(self, done: int, total: int, *_: object) -> None:
        if not sys.stderr.isatty() or total <= 0:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--no-analysis", is_flag=True, help="Store the documents without analysing them.")
@pass_context
def import_command(context: Context, paths: tuple[str, ...], no_analysis: bool) -> None:
    """Import .txt/.md/.markdown files and folders (recursively).

    Prints `imported N, unchanged N, rejected N`; each rejected file goes to stderr as
    `path: reason`. Exits 1 when something was rejected.
    """
    from store.importer import import_paths

    store = context.store()
    with _progress("importing") as progress:
        report = import_paths(store, list(paths), on_progress=progress)
    for path, reason in report.rejected:
        click.echo(f"{printable(path)}: {reason}", err=True)
    if report.changed_ids and not no_analysis:
        _analyse_new(store, report.changed_ids)
    click.echo(report.summary())
    if report.rejected:
        sys.exit(1)


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of documents.")
@pass_context
def list_command(context: Context, as_json: bool) -> None:
    """List documents, newest first."""
    from store.documents import list_documents

    rows = list_documents(context.store())
    if as_json:
        echo_json(rows)
        return
    columns = ["id", "published", "outlet", "words", "entities", "claims", "annotations", "title"]
    click.echo(format_table(rows, columns))


@main.command("show")
@click.argument("doc")
@click.option("--json", "as_json", is_flag=True, help="Metadata, text, entities, claims, notes.")
@pass_context
def show_command(context: Context, doc: str, as_json: bool) -> None:
    """Show one document (DOC is its numeric id or a sha256 prefix)."""
    from store.document_detail import document_detail
    from store.documents import resolve_document

    store = context.store()
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
            f"{detail['words']} words, {len(detail['entities'])} entities, "
            f"{len(detail['claims'])} claims, {len(detail['annotations'])} annotations",
        ),
    ]
    for name, value in header:
        click.echo(f"{name:>12}: {printable(str(value or '-'))}")
    click.echo()
    click.echo(printable(detail["text"], keep_newlines=True))


@main.command("search")
@click.argument("query")
@click.option("--limit", default=50, show_default=True, help="At most this many documents.")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of matches.")
@pass_context
def search_command(context: Context, query: str, limit: int, as_json: bool) -> None:
    """Full-text search; filters like outlet:"The Hill" or entity:"John Kirby" work too."""
    from store.search import search_documents

    rows = search_documents(context.store(), query, limit=limit)
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


def _register_commands() -> None:
    """Commands that live in their own modules (kept apart to keep this file small)."""
    from tui.cli_analysis import COMMANDS as analysis_commands
    from tui.cli_annotations import annotate_command, annotations_command
    from tui.cli_export import export_command, import_annotations_command
    from tui.cli_review import review_command

    for command in (
        *analysis_commands,
        annotate_command,
        annotations_command,
        export_command,
        import_annotations_command,
        review_command,
    ):
        main.add_command(command)


_register_commands()
