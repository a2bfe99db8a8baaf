"""`gloss config`: where the settings file is and what it sets."""

from __future__ import annotations

import click

from gloss.cli.context import Context, pass_context
from gloss.cli.output import printable


@click.command("config")
@click.option(
    "--keys",
    is_flag=True,
    help="List every key binding's id (for the [keymap] table), its keys and what it does.",
)
@pass_context
def config_command(context: Context, keys: bool) -> None:
    """Print where the settings file is and the settings it holds.

    The file is TOML: theme = "nord", author = "ana", export_folder = "~/exports", and a
    [keymap] table of binding ids and keys ("library.sort" = "o"; --keys lists the ids).
    The theme is written when you change it in the reader; $GLOSS_CONFIG names another file.
    """
    if keys:
        _print_keys(context.config.keymap)
        return
    from gloss.store.config import KEYS, config_path

    path = config_path()
    click.echo(f"{printable(str(path))}{'' if path.exists() else ' (not created yet)'}")
    settings = context.config
    for key in KEYS:
        value = getattr(settings, key)
        click.echo(f"{key} = {printable(repr(value)) if value is not None else '(not set)'}")
    if settings.keymap:
        from gloss.tui.keymap import unknown_ids

        unknown = set(unknown_ids(settings.keymap))
        for binding_id, value in settings.keymap.items():
            note = "  (no such key binding: gloss config --keys lists them)" * (
                binding_id in unknown
            )
            click.echo(f"keymap.{printable(binding_id)} = {printable(repr(value))}{note}")


def _print_keys(keymap: dict[str, str]) -> None:
    """Each binding a keymap can change, by where it works: id, keys (the keymap's when it
    sets them), what it does."""
    from gloss.tui.app import binding_sections
    from gloss.tui.keymap import binding_ids, with_keymap

    real = binding_ids()  # the help's descriptive rows (scrolling, verdicts) have no binding
    for title, bindings in binding_sections():
        keys: dict[str, list[str]] = {}
        what: dict[str, str] = {}
        for binding in with_keymap(bindings, keymap):
            if binding.id in real:
                keys.setdefault(binding.id, []).extend(
                    k for k in binding.key.split(",") if k not in keys.get(binding.id, [])
                )
                what.setdefault(binding.id, binding.tooltip or binding.description)
        click.echo(f"{title}:")
        for binding_id, found in keys.items():
            click.echo(f"  {binding_id:<28} {','.join(found):<18} {what[binding_id]}")


COMMANDS = (config_command,)
