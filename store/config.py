"""Settings that persist between runs: a TOML file in the platform's config folder.

``$GLOSS_CONFIG`` names another file. Known keys: ``theme`` (a Textual theme name, written
when the theme is changed in the app), ``author`` (the name on annotations and verdicts when
neither --author nor $GLOSS_AUTHOR is given), ``export_folder`` (where the export dialog
suggests its files) and a ``[keymap]`` table (a key binding's id to the keys that replace its
own, e.g. ``"library.sort" = "o"``, given to Textual's keymap support). Unknown keys are kept
as they are.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from gloss.store.errors import GlossError
from gloss.store.paths import APP_NAME

KEYS = ("theme", "author", "export_folder")


@dataclass(frozen=True)
class Config:
    """The settings read from the file (None: not set)."""

    theme: str | None = None
    author: str | None = None
    export_folder: str | None = None
    keymap: Mapping[str, str] = field(default_factory=dict)  # binding id -> keys


def config_path() -> Path:
    """``$GLOSS_CONFIG``, else ``config.toml`` in the user config folder."""
    env = os.environ.get("GLOSS_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise GlossError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise GlossError(f"{path}: {exc.strerror}") from None


def load_config(path: Path | None = None) -> Config:
    """The settings in the file (an absent file: no settings). Raises GlossError naming the
    file when it cannot be read or parsed, or a setting is not a string."""
    path = path or config_path()
    data = _read(path)
    values: dict[str, str | None] = {}
    for key in KEYS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise GlossError(f"{path}: {key} must be a string, not {value!r}")
        values[key] = value.strip() or None if isinstance(value, str) else None
    return Config(**values, keymap=_keymap(path, data.get("keymap", {})))


def _keymap(path: Path, table: Any) -> dict[str, str]:
    """The [keymap] table: binding ids to key strings (``"ctrl+n"``, ``"o,down"``)."""
    if not isinstance(table, dict):
        raise GlossError(f"{path}: keymap must be a table of binding ids and keys")
    keymap = {}
    for binding_id, keys in table.items():
        if not isinstance(keys, str) or not keys.strip():
            raise GlossError(
                f'{path}: keymap.{binding_id} must be keys as a string, e.g. "ctrl+n" or "o,down"'
            )
        keymap[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return keymap


def save_setting(key: str, value: str, path: Path | None = None) -> None:
    """Set one setting, keeping the others; written to a temporary file first and renamed,
    so a kill never leaves half a file."""
    if key not in KEYS:
        raise GlossError(f"unknown setting {key!r} (known: {', '.join(KEYS)})")
    path = path or config_path()
    data = _read(path)
    data[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    import tomli_w  # only to save a setting: not on the reader's way to its first screen

    partial.write_text(tomli_w.dumps(data), encoding="utf-8")
    os.replace(partial, path)
