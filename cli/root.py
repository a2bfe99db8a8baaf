"""The `gloss` group: global options, one-line errors, and the reader when no command is given.

Commands live in the modules beside this one and are added in gloss/cli/__init__.py.
"""

from __future__ import annotations

import gc
import importlib
import os
import sqlite3
import sys
from typing import Any

import click

from gloss.cli.context import ENGINES, Context
from gloss.cli.output import printable
from gloss.store.errors import GlossError, store_failure

# Options of the group that may also be written after the command (`gloss list --db x.db`).
GLOBAL_OPTIONS = ("--db", "--author", "--engine")


class UsageLine(click.UsageError):
    """A usage error shown as one line (`gloss: ...`), with where to find help."""

    def show(self, file: Any = None) -> None:
        click.echo(f"gloss: {self.message}", err=True)


def _one_line(exc: click.UsageError) -> UsageLine:
    """The error as one line naming the command and its --help."""
    names = (exc.ctx.command_path if exc.ctx is not None else "gloss").split(" ")[1:]
    path = " ".join(["gloss", *names])  # the program is `gloss` however it was started
    where = " ".join(names) + ": " if names else ""
    message = exc.format_message().replace("\n", " ")
    return UsageLine(f"{where}{message} (see {path} --help)", exc.ctx)


class GlossGroup(click.Group):
    """A click group that turns errors into one line on stderr, never a traceback: gloss's
    own errors, usage errors, SQLite errors about the store file (disk full, read-only,
    damaged) and errors writing the output (a full disk behind `> file`, a closed pipe). It
    accepts its own options after the command too.

    Its commands are imported when one is run or listed (``lazy``: command name -> the
    module of gloss.cli that defines it in its ``COMMANDS``), so `gloss` alone opens the
    reader without loading any of them."""

    lazy: dict[str, str] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context | None, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        # An unknown name loads every command: click suggests "Did you mean 'list'?" from
        # the commands it has.
        for module_name in (
            [self.lazy[cmd_name]] if cmd_name in self.lazy else set(self.lazy.values())
        ):
            module = importlib.import_module(f"gloss.cli.{module_name}")
            for command in module.COMMANDS:
                self.add_command(command)
        return self.commands.get(cmd_name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, self._hoist(args))
        except UsageLine:
            raise
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def _hoist(self, args: list[str]) -> list[str]:
        """Move --db/--author/--engine written after the command in front of it (unless the
        command has an option of that name itself, as `analyze --engine` does)."""
        i = 0
        while i < len(args) and args[i].startswith("-"):
            i += 2 if args[i] in GLOBAL_OPTIONS else 1
        command = self.get_command(None, args[i]) if i < len(args) else None
        if command is None:
            return args
        own = {name for param in command.params for name in getattr(param, "opts", ())}
        moved: list[str] = []
        kept: list[str] = []
        rest = args[i + 1 :]
        j = 0
        while j < len(rest):
            name = rest[j].split("=", 1)[0]
            if rest[j] == "--":
                kept += rest[j:]
                break
            if name in GLOBAL_OPTIONS and name not in own:
                step = 1 if "=" in rest[j] or j + 1 == len(rest) else 2
                moved += rest[j : j + step]
                j += step
                continue
            kept.append(rest[j])
            j += 1
        return moved + args[: i + 1] + kept

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk behind `> file` shows here, not at exit
            return result
        except UsageLine:
            raise
        except click.UsageError as exc:
            raise _one_line(exc) from None
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
    """Start the Textual app on the context's store (Textual is imported only here).

    The garbage collector is off from here until the library's first screen is painted (the
    app turns it back on): the start allocates hundreds of thousands of long-lived objects
    (modules, styles, widgets) and collections in between cost ~20 ms of a ~300 ms start."""
    gc.disable()
    from gloss.store.import_jobs import first_run_pending

    store = context.store()
    first_run = seed and review is None and first_run_pending(store)
    engine = context.engine
    from gloss.store.config import config_path
    from gloss.tui.app import GlossApp

    app = GlossApp(
        store,
        author=context.author,
        first_run=first_run,
        engine=engine,
        review=review,
        config=context.config,
        config_file=config_path(),
        backups=True,
        analysis_apart=True,
    )
    app.run()
    if app.return_code:
        sys.exit(app.return_code)
    store.close()
    from gloss.store.backups import auto_backup

    try:
        made = auto_backup(store.path)  # at most one a day, of a store that changed
    except GlossError as exc:  # the session itself went well: a warning, not a failure
        click.echo(f"gloss: the automatic backup failed: {exc}", err=True)
        return
    if made is not None:
        click.echo(f"gloss: automatic backup: {printable(str(made))}", err=True)
