"""The `gloss` group: global options, one-line errors, and the reader when no command is given.

Commands live in the modules beside this one and are added in gloss/cli/__init__.py.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from typing import Any

import click

from gloss.cli.context import ENGINES, Context
from gloss.cli.output import printable
from gloss.store.errors import GlossError, store_failure


class GlossGroup(click.Group):
    """A click group that turns errors into one line on stderr, never a traceback: gloss's
    own errors, SQLite errors about the store file (disk full, read-only, damaged) and
    errors writing the output (a full disk behind `> file`, a closed pipe)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk behind `> file` shows here, not at exit
            return result
        except GlossError as exc:
            _fail(ctx, str(exc))
        except sqlite3.Error as exc:
            path = str(ctx.obj.db_path) if isinstance(ctx.obj, Context) else ""
            failure = store_failure(exc, path)
            _fail(ctx, str(failure) if failure else f"{path}: the store cannot be read ({exc})")
        except BrokenPipeError:  # `gloss list | head`: stop quietly, as cat would
            _silence_stdout()
            ctx.exit(141)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            where = os.fsdecode(exc.filename) if exc.filename else "cannot write the output"
            _silence_stdout()
            _fail(ctx, f"{where}: {reason}")
        except KeyboardInterrupt:
            click.echo("gloss: interrupted; everything committed so far is kept", err=True)
            ctx.exit(130)


def _fail(ctx: click.Context, message: str) -> None:
    click.echo(f"gloss: {printable(message)}", err=True)
    ctx.exit(1)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so Python's own flush at exit does not fail again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests)
        return
    os.dup2(os.open(os.devnull, os.O_WRONLY), fd)


@click.group(cls=GlossGroup, invoke_without_command=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    envvar="GLOSS_DB",
    callback=lambda _ctx, _param, value: _db_option(value),
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


def _db_option(value: str | None) -> str | None:
    """--db "" names no file: a usage error rather than the default store in disguise."""
    if value is not None and not value.strip():
        raise click.BadParameter("an empty path names no store file", param_hint="--db")
    return value


def open_reader(context: Context, seed: bool = True, review: Any = None) -> None:
    """Start the Textual app on the context's store (Textual is imported only here)."""
    from gloss.store.ingest import first_run_pending

    store = context.store()
    first_run = seed and review is None and first_run_pending(store)
    engine = context.engine
    from gloss.tui.app import GlossApp

    app = GlossApp(store, author=context.author, first_run=first_run, engine=engine, review=review)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)
