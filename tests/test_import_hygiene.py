"""store/ is the UI-free layer: importing it must not pull in textual or rich (or spaCy)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import gloss.store
from tests.conftest import REPO


def test_store_never_imports_the_ui():
    modules = sorted(
        m.name
        for m in pkgutil.walk_packages(gloss.store.__path__, prefix="gloss.store.")
        if not m.name.rsplit(".", 1)[-1].startswith("_")
    )
    # store.analysis engines import spaCy lazily; everything else must import cleanly.
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m.split('.')[0] in ('textual', 'rich') or m.startswith('gloss.tui'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == ""
    assert len(modules) >= 5


def test_no_store_module_mentions_the_ui_packages():
    for path in (REPO / "store").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for banned in (
            "import textual",
            "from textual",
            "import rich",
            "from rich",
            "from gloss.tui",
        ):
            assert banned not in source, f"{path} contains {banned!r}"


def test_the_import_contracts_hold():
    """store -> no UI; cli over tui over store; widgets -> no screens; screens -> no app."""
    from tools.lint_imports import lint_imports

    done = lint_imports()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "4 kept, 0 broken" in done.stdout
