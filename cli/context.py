"""What every `gloss` command shares: the store, the author, the engine and a progress bar.

The root group (gloss.cli.root) puts one :class:`Context` on click's context object; commands
take it with ``@pass_context``. Settings come from options or their environment variables
(``--db``/``GLOSS_DB``, ``--author``/``GLOSS_AUTHOR``, ``--engine``/``GLOSS_ENGINE``), read by
click, so every command sees the same values.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

import click

from gloss.store.errors import GlossError, StoreError

ENGINES = ("spacy", "rules")


class Context:
    """Where the store is, who the user is and which analysis engine to use."""

    def __init__(self, db: str | None, author: str | None, engine: str | None) -> None:
        self.db_option = db
        self.author_option = author
        self.engine_option = engine
        self._store: Any = None
        self._config: Any = None

    @property
    def db_path(self) -> Path:
        """``--db``/``$GLOSS_DB``, else ``gloss.db`` in the user data directory."""
        from gloss.store.paths import default_db_path

        if self.db_option is None:
            return default_db_path()
        return Path(self.db_option).expanduser()

    def store(self, *, read_only: bool = False) -> Any:
        """Open the store once. Read commands pass ``read_only``: they never create a store
        (nor its folder) and never write to one; they work in a read-only folder. For other
        commands the default location's folder is created, a --db folder not."""
        if self._store is None or (self._store.read_only and not read_only):
            from gloss.store.migrations import open_store

            path = self.db_path
            if self.db_option is None and not read_only and not path.parent.exists():
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"{path.parent}: cannot create ({exc.strerror})") from None
            if self.db_option is None and read_only and not path.exists():
                raise StoreError(
                    f"{path}: no gloss store there yet (`gloss import` or `gloss` creates one)",
                    "missing",
                )
            if self._store is not None:
                self._store.close()
            self._store = open_store(path, read_only=read_only)
        return self._store

    @property
    def opened(self) -> bool:
        """True once a command has opened the store."""
        return self._store is not None

    @property
    def author(self) -> str:
        """--author, else $GLOSS_AUTHOR, else `author` in the settings file, else the login
        name."""
        if self.author_option:
            return self.author_option
        if self.config.author:
            return self.config.author
        try:
            return getpass.getuser()
        except Exception:  # no login name in some containers
            return "unknown"

    @property
    def config(self) -> Any:
        """The settings file (store.config.Config), read once."""
        if self._config is None:
            from gloss.store.config import load_config

            self._config = load_config()
        return self._config

    @property
    def engine(self) -> str | None:
        """--engine or $GLOSS_ENGINE (spacy or rules); None: spaCy when it loads, else rules."""
        name = (self.engine_option or "").strip().lower() or None
        if name not in (None, *ENGINES):
            raise GlossError(f"GLOSS_ENGINE={name!r}: use spacy or rules")
        return name


pass_context = click.make_pass_decorator(Context)


class progress:
    """A progress bar on stderr when it is a terminal; silent otherwise (scripts, CI).

    Use it as a context manager and pass it as an ``on_progress(done, total)`` callback. With
    ``notes``, a third argument (a Dask analysis's workers and words per second) shows after
    the bar.
    """

    def __init__(self, label: str, *, notes: bool = False) -> None:
        self.label = label
        self.notes = notes
        self.bar: Any = None

    def __enter__(self) -> progress:
        return self

    def __call__(self, done: int, total: int, note: object = None, *_: object) -> None:
        if not sys.stderr.isatty() or total <= 0:
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total,
                label=self.label,
                file=sys.stderr,
                item_show_func=(lambda item: item) if self.notes else None,
            )
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos, note if self.notes else None)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)

    def linking(self, mode: str) -> None:
        """Say, after the bar, that linking across documents has begun and how (an
        ``on_link`` callback of ``analyze_documents``): a full link of a large store takes
        minutes and may regroup clusters of older documents."""
        if not sys.stderr.isatty():
            return
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
        if mode == "incremental":
            click.echo("linking the new claims across sources…", err=True)
        else:
            click.echo(
                "linking every claim across sources (a full link: corpus statistics counted "
                "again, clusters of older documents may change)…",
                err=True,
            )
