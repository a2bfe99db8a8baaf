"""Where things live: the default store file and the embedded seed corpus."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "gloss"
SEED_PREFIX = "seeds/"  # the path prefix of the seed articles in the store


def default_db_path() -> Path:
    """``gloss.db`` in the platform's user data directory (``--db``/``$GLOSS_DB`` are the
    CLI's options, read by click in gloss.cli.root)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "gloss.db"


def seeds_dir() -> Path:
    """The five seed articles: packaged as ``store/seeds`` in a wheel, ``seeds/`` in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds", here.parent / "seeds"):
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    raise FileNotFoundError("gloss's seed articles are missing from this installation")
