"""gloss: a full-screen terminal reader and annotator for news.

One installed package with three parts, each importing only the ones below it:

- ``gloss.store``: everything below the UI (import, analysis, the SQLite store, export);
- ``gloss.tui``: the Textual app;
- ``gloss.cli``: the ``gloss`` command, which opens the app or scripts the store.

In the wheel the three sit inside this folder. The repository keeps them at its top level
(``store/``, ``tui/``, ``cli/``, as the project's layout fixes), so when this file runs from a
checkout (an editable install, the tests) the repository root joins the package's search path
and ``gloss.store`` is ``store/``. Nothing else is ever added: an installed gloss never looks
outside its own folder.
"""

from pathlib import Path as _Path

_here = _Path(__file__).resolve().parent
if not (_here / "store").is_dir() and (_here.parent / "pyproject.toml").is_file():
    __path__.append(str(_here.parent))  # a checkout: gloss.store is ../store
