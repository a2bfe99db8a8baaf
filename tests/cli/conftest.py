"""Helpers for CLI tests: run `gloss` in-process or as a real process on a temp store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gloss.cli import main
from tests.conftest import REPO


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "store.db")


def gloss(db: str, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    runner = CliRunner()
    result = runner.invoke(main, ["--db", db, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def gloss_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python -m gloss` as a real process (for tracebacks and exit codes)."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "gloss", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )
