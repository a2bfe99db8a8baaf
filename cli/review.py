"""`gloss review`: open the reader straight into a review session, or report on sessions."""

from __future__ import annotations

import click

from gloss.cli.context import pass_context
from gloss.cli.output import echo_json, format_table, printable
from gloss.store.wording import counted


@click.command("review")
@click.option(
    "--queue", "queue", help='What to review, e.g. claims speaker:"John Kirby" order:score.'
)
@click.option("--name", help="Session name (default: the queue). Reopening a name resumes it.")
@click.option("--labels", help="Verdict keys, e.g. 1=true,2=misleading,3=false or 'factcheck'.")
@click.option("--stats", "show_stats", is_flag=True, help="Per-reviewer counts and Cohen's kappa.")
@click.option("--list", "show_list", is_flag=True, help="List sessions with their progress.")
@click.option("--json", "as_json", is_flag=True, help="JSON output for --stats and --list.")
@pass_context
def review_command(context, queue, name, labels, show_stats, show_list, as_json) -> None:  # type: ignore[no-untyped-def]
    """Review claims, entities, documents or annotations one at a time with one-key verdicts.

    \b
    Queues:  claims | claims speaker:"John Kirby" | claims cluster:ID | claims order:score
             entities label:PERSON | documents tag:T | documents status:unread
             annotations tag:T        (order:document|date|score|random)
    Keys in the session: a accept, x reject, f flag (or your --labels), space skip,
    u undo, t tag, n note, escape ends (every verdict is already saved).
    """
    from gloss.store.review import list_sessions, open_session, parse_labels, stats

    store = context.store(read_only=show_stats or show_list)
    if show_stats:
        result = stats(store, name)
        if as_json:
            echo_json(result)
            return
        _print_stats(result)
        return
    if show_list:
        rows = list_sessions(store)
        if as_json:
            echo_json(rows)
        else:
            columns = ["id", "name", "queue", "verdicts", "reviewers", "last_verdict"]
            click.echo(format_table(rows, columns) if rows else "no review sessions yet")
        return
    author = context.author
    if queue is None and name is None:
        queue = "claims"
    session = open_session(
        store,
        name or queue.strip(),
        queue,
        labels=parse_labels(labels),
        author=author,
    )
    from gloss.cli.root import open_reader

    open_reader(context, review=session)


def _print_stats(result: dict) -> None:
    if not result["reviewers"]:
        click.echo("no verdicts yet")
        return
    for author, data in result["reviewers"].items():
        counts = ", ".join(f"{label} {n}" for label, n in sorted(data["verdicts"].items()))
        click.echo(printable(f"{author}: {counted(data['items'], 'item')} ({counts})"))
    for pair in result["agreement"]:
        a, b = pair["reviewers"]
        kappa = "n/a" if pair["kappa"] is None else f"{pair['kappa']:.3f}"
        click.echo(
            printable(
                f"{a} vs {b}: {counted(pair['items'], 'item')} both reviewed, "
                f"{pair['agreed']} agreed, "
                f"Cohen's kappa {kappa}"
            )
        )


COMMANDS = (review_command,)
