"""`gloss config`: where the settings file is and what it sets."""

from __future__ import annotations

import click

from gloss.cli.context import Context, pass_context
from gloss.cli.output import printable


@click.command("config")
@pass_context
def config_command(context: Context) -> None:
    """Print where the settings file is and the settings it holds.

    The file is TOML: theme = "nord", author = "ana", export_folder = "~/exports".
    The theme is written when you change it in the reader; $GLOSS_CONFIG names another file.
    """
    from gloss.store.config import KEYS, config_path

    path = config_path()
    click.echo(f"{printable(str(path))}{'' if path.exists() else ' (not created yet)'}")
    settings = context.config
    for key in KEYS:
        value = getattr(settings, key)
        click.echo(f"{key} = {printable(repr(value)) if value is not None else '(not set)'}")


COMMANDS = (config_command,)
