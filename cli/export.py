"""`gloss export` and `gloss import-annotations`: tables out for spreadsheets, reviews back in.

The formats, the CSV escaping rules and the merge rules are documented in store.export,
store.w3c and store.annotation_merge; these commands only parse options and report.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from gloss.cli.context import pass_context, progress
from gloss.cli.output import TerminalSink, printable, stdout_is_terminal
from gloss.store.export import FORMATS, WHATS
from gloss.store.wording import counted, singular

MAX_REPORTED = 100  # per kind: a bad file should not flood the terminal


@click.command("export")
@click.option(
    "--what",
    type=click.Choice(WHATS),
    default="annotations",
    show_default=True,
    help="Which rows to export.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="csv",
    show_default=True,
    help="csv (RFC 4180, UTF-8), jsonl (one object a line) or w3c (Web Annotation JSON-LD).",
)
@click.option(
    "--filter",
    "flt",
    default="",
    metavar="EXPR",
    help='Only these documents: the library filter (tag:x outlet:"The Hill" words...) '
    "plus id:ID,SHA-PREFIX.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write to this file (atomically; devices and FIFOs are streamed, links kept); "
    "default or -: stdout.",
)
@click.option("--excel", is_flag=True, help="Start the CSV with a byte order mark (Excel).")
@click.option(
    "--raw",
    is_flag=True,
    help="Do not escape cells that start with = + - @ tab CR LF (formula injection): by "
    "default such a cell, and one that starts with ' (so the escape can be undone), gets a "
    "leading '.",
)
@pass_context
def export_command(context, what, fmt, flt, output, excel, raw) -> None:  # type: ignore[no-untyped-def]
    """Export annotations, entities, claims, documents or verdicts.

    CSV lists (tags, hedges) are one cell joined by "; " (a ; or \\ inside a tag is escaped
    with a backslash). Cells that a spreadsheet would run as a formula get a leading ' unless
    --raw. A failed export leaves no partial file and prints nothing.
    """
    from gloss.store.export import export_file
    from gloss.store.export_target import is_stdout

    store = context.store(read_only=True)
    to_file = not is_stdout(output)
    stdout: Any = None
    if not to_file:
        stdout = sys.stdout.buffer
        if stdout_is_terminal():  # data stays exact in a pipe or file, never runs in a terminal
            stdout = TerminalSink(stdout, json=fmt != "csv")
    with progress(f"exporting {what}") as bar, _quiet_broken_pipe():
        count = export_file(
            store,
            output,
            what,
            fmt,
            stdout=stdout,
            flt=flt,
            excel=excel,
            raw=raw,
            progress=bar if to_file else None,
        )
    if to_file:
        done = counted(count, singular(what))
        click.echo(f"exported {done} to {printable(str(output))}", err=True)


@contextlib.contextmanager
def _quiet_broken_pipe() -> Iterator[None]:
    """`gloss export | head`: stop quietly with 141 (SIGPIPE's status), as cat would."""
    try:
        yield
    except BrokenPipeError:
        # Python would report the pipe again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)


@click.command("import-annotations")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="The file's format (default: from its extension and content).",
)
@click.option("--raw", is_flag=True, help="The CSV was exported with --raw (cells not escaped).")
@pass_context
def import_annotations_command(context, file, fmt, raw) -> None:  # type: ignore[no-untyped-def]
    """Merge annotations from a gloss CSV, JSONL or W3C export (another reviewer's work).

    Documents are matched by sha256, annotations by id; importing twice changes nothing.
    Prints `added N, updated N, unchanged N, conflicts N, skipped N`: updated = the file's
    version was newer and replaced this store's; conflicts = this store's version was newer
    (or as new) and was kept. Each conflict and skipped record goes to stderr (the first 100
    of each). Exits 1 when something was skipped.
    """
    from gloss.store.annotation_merge import import_annotations

    report = import_annotations(context.store(), file, fmt=fmt, raw=raw)
    for kind, lines in (("conflicts", report.conflicts), ("skipped", report.skipped)):
        for line in lines[:MAX_REPORTED]:
            click.echo(printable(line), err=True)
        if len(lines) > MAX_REPORTED:
            click.echo(f"... and {len(lines) - MAX_REPORTED} more {kind}", err=True)
    click.echo(report.summary())
    if report.skipped:
        sys.exit(1)


COMMANDS = (export_command, import_annotations_command)
