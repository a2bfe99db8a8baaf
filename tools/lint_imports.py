"""Check the import contracts in pyproject.toml ([tool.importlinter]): ``python -m
tools.lint_imports``.

import-linter reads a package from its folder on disk, and in a checkout ``gloss/`` holds only
``__init__.py`` (store/, tui/ and cli/ join it at import time). So the check runs on a temporary
``gloss/`` laid out as the wheel installs it, with links to the checkout's folders.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PARTS = ("store", "tui", "cli")


def lint_imports() -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the wheel's layout; returns the finished process."""
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "gloss"
        package.mkdir()
        for name in ("__init__.py", "__main__.py"):
            shutil.copy(REPO / "gloss" / name, package / name)
        for part in PARTS:
            (package / part).symlink_to(REPO / part, target_is_directory=True)
        env = {**os.environ, "PYTHONPATH": tmp}
        command = Path(sys.executable).with_name("lint-imports")
        return subprocess.run(
            [str(command), str(REPO / "pyproject.toml"), "--no-cache"],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
        )


if __name__ == "__main__":
    done = lint_imports()
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    sys.exit(done.returncode)
