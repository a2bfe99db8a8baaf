"""`gloss check`, `gloss backup` and `gloss restore`: the store file's health and its copies.

None of them migrates or creates a store: they work on the file as it is (a damaged one
included), and `check` and `backup` may run while the reader has the store open.
"""

from __future__ import annotations

import sys
import time

import click

from gloss.cli.context import Context, pass_context
from gloss.cli.output import printable


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)


@click.command("check")
@pass_context
def check_command(context: Context) -> None:
    """Check the store: SQLite's integrity_check and foreign_key_check, and the full-text
    indexes. Prints each problem, then a verdict; exits 1 when the store is damaged."""
    from gloss.store.integrity import check_store

    report = check_store(context.db_path)
    for problem in report.problems:
        click.echo(printable(problem))
    click.echo(printable(report.verdict()))
    if not report.ok:
        sys.exit(1)


@click.command("backup")
@click.argument("path", required=False, type=click.Path(dir_okay=True, path_type=str))
@pass_context
def backup_command(context: Context, path: str | None) -> None:
    """Copy the store to PATH (a file or a folder; default: <store>-backup-<date>-<time> next
    to the store). Consistent even while the reader runs and writes."""
    from gloss.store.backups import backup_store
    from gloss.store.integrity import check_store

    made = backup_store(context.db_path, path)
    report = check_store(made)
    if not report.ok:  # the copy is kept: it may still hold what a repair needs
        click.echo(
            f"gloss: {printable(str(made))} is a copy of a damaged store "
            f"({printable(report.problems[0])}); `gloss restore` lists healthier backups",
            err=True,
        )
        sys.exit(1)
    click.echo(
        f"backed up {printable(str(context.db_path))} to {printable(str(made))} "
        f"({report.documents} documents, {report.annotations} annotations)"
    )


@click.command("restore")
@click.argument("backup", required=False, type=click.Path(dir_okay=False, path_type=str))
@pass_context
def restore_command(context: Context, backup: str | None) -> None:
    """Replace the store with BACKUP (checked first); with no BACKUP, list the backups next to
    the store. The replaced store is kept next to it as <store>-replaced-<date>-<time>. Quit
    the reader first."""
    from gloss.store.backups import list_backups, restore_store

    store = context.db_path
    if backup is None:
        found = list_backups(store)
        if not found:
            click.echo(f"no backups next to {printable(str(store))}", err=True)
            return
        for item in found:
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(item.made))
            click.echo(
                f"{when}  {item.kind:8s}  {_size(item.size):>9s}  {printable(str(item.path))}"
            )
        click.echo("`gloss restore BACKUP` brings one back", err=True)
        return
    report = restore_store(backup, store)
    line = (
        f"restored {printable(str(report.store))} from {printable(str(report.backup))} "
        f"({report.documents} documents, {report.annotations} annotations)"
    )
    if report.replaced is not None:
        line += f"; the store it replaced is kept as {printable(str(report.replaced))}"
    click.echo(line)


COMMANDS = (check_command, backup_command, restore_command)
