"""The `gloss` group: global options, one-line errors, and the reader when no command is given.

Commands live in the modules beside this one and are added in gloss/cli/__init__.py.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import click

from gloss.cli.context import ENGINES, Context
from gloss.cli.output import printable
from gloss.store.errors import GlossError, StoreError, store_error


class GlossGroup(click.Group):
    """A click group that turns gloss's own errors into one line on stderr, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GlossError as exc:
            click.echo(f"gloss: {exc}", err=True)
            ctx.exit(1)
        except sqlite3.Error as exc:  # a query outside the Store helpers met a failed store
            context = ctx.obj
            problem = store_error(exc, str(context.db_path)) if context is not None else None
            if problem is None:
                raise
            click.echo(f"gloss: {problem}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo(
                "gloss: interrupted; everything committed so far is kept" + _waiting_hint(ctx),
                err=True,
            )
            ctx.exit(130)


def _waiting_hint(ctx: click.Context) -> str:
    """After an interrupt: how many documents now wait for analysis, and what catches up."""
    context = ctx.obj
    if not isinstance(context, Context) or not context.opened:
        return ""
    try:
        from gloss.store.analysis.status import waiting_count

        waiting = waiting_count(context.store())
    except Exception:  # the interrupt may have hit anything; the hint is a courtesy
        return ""
    if not waiting:
        return ""
    return f"; {waiting} documents wait for analysis: `gloss analyze` analyses them"


@click.group(cls=GlossGroup, invoke_without_command=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    envvar="GLOSS_DB",
    help="The store file ($GLOSS_DB; default: gloss.db in the user data directory).",
)
@click.option(
    "--author",
    envvar="GLOSS_AUTHOR",
    help="Name recorded on annotations and verdicts ($GLOSS_AUTHOR; default: login name).",
)
@click.option(
    "--engine",
    envvar="GLOSS_ENGINE",
    metavar="|".join(ENGINES),
    help="Analysis engine for imports and the first run ($GLOSS_ENGINE; default: spacy "
    "when installed, else rules).",
)
@click.option(
    "--no-seeds",
    is_flag=True,
    help="With no command: open an empty store as it is, without the seed articles.",
)
@click.version_option(package_name="gloss-reader", prog_name="gloss")
@click.pass_context
def main(
    ctx: click.Context, db: str | None, author: str | None, engine: str | None, no_seeds: bool
) -> None:
    """gloss: read, annotate and review news in the terminal.

    With no command, opens the reader. The first time (an empty store) the reader opens at
    once and imports and analyses the five seed articles in the background.
    """
    ctx.obj = Context(db, author, engine)
    if ctx.invoked_subcommand is None:
        open_reader(ctx.obj, seed=not no_seeds)


def open_reader(context: Context, seed: bool = True, review: Any = None) -> None:
    """Start the Textual app on the context's store (Textual is imported only here)."""
    from gloss.store.import_jobs import first_run_pending

    store = context.store()
    first_run = seed and review is None and first_run_pending(store)
    engine = context.engine
    from gloss.store.backups import auto_backup
    from gloss.tui.app import GlossApp

    app = GlossApp(
        store,
        author=context.author,
        first_run=first_run,
        engine=engine,
        review=review,
        backups=True,
    )
    app.run()
    if app.store_problem:  # said in the reader already; the terminal keeps it too
        raise StoreError(app.store_problem)
    store.close()
    try:
        made = auto_backup(store.path)  # at most one a day, of a store that changed
    except GlossError as exc:  # the session itself went well: a warning, not a failure
        click.echo(f"gloss: the automatic backup failed: {exc}", err=True)
        return
    if made is not None:
        click.echo(f"gloss: automatic backup: {printable(str(made))}", err=True)
