"""store/ is the UI-free layer: importing it must not pull in textual or rich (or spaCy)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import store
from tests.conftest import REPO


def test_store_never_imports_the_ui():
    modules = sorted(
        m.name
        for m in pkgutil.walk_packages(store.__path__, prefix="store.")
        if not m.name.rsplit(".", 1)[-1].startswith("_")
    )
    # store.analysis engines import spaCy lazily; everything else must import cleanly.
    script = (
        f"import sys; sys.path.insert(0, {str(REPO)!r})\n"
        f"import importlib\n"
        f"for name in {modules!r}:\n"
        f"    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui'))\n"
        f"print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert len(modules) >= 5


def test_no_store_module_mentions_the_ui_packages():
    for path in (REPO / "store").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for banned in ("import textual", "from textual", "import rich", "from rich", "from tui"):
            assert banned not in source, f"{path} contains {banned!r}"
