"""Helpers for the hostile-input tests: run gloss, judge its answer, tally the outcomes.

Every hostile case ends in one :func:`judge` call, which asserts the trust rules (no
traceback; an error is one line on stderr that names the path; exit code 0, 1 or 2) and, when
``GLOSS_TRUST_LOG`` names a file, appends the outcome to it as one JSON line.
``python -m tools.trust_table`` runs the hostile suites with it set and prints the table
asked for in issue 14: cases tried, clear errors, tracebacks, data lost, foreign files changed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import pty
import select
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from gloss.cli import main
from tests.conftest import REPO

LOG = "GLOSS_TRUST_LOG"


@dataclass
class Run:
    """What one gloss command did."""

    code: int
    out: str
    err: str
    traceback: bool


def in_process(*args: str, env: dict[str, str] | None = None) -> Run:
    """Run the CLI in this process (fast; an uncaught exception counts as a traceback)."""
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=True)
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    return Run(result.exit_code, result.stdout, result.stderr, crashed)


def process(
    *args: str,
    env: dict[str, str] | None = None,
    preexec: Callable[[], None] | None = None,
    cwd: Path | None = None,
) -> Run:
    """Run `python -m gloss` as a real process."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "gloss", *args],
        capture_output=True,
        text=True,
        errors="replace",
        env=full_env,
        timeout=120,
        preexec_fn=preexec,
        cwd=cwd,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr, "Traceback" in proc.stderr)


def in_terminal(*args: str, env: dict[str, str] | None = None) -> tuple[int, bytes]:
    """Run `python -m gloss` with its stdout on a pseudo-terminal; (exit code, bytes shown)."""
    master, slave = pty.openpty()
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "TERM": "xterm", **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gloss", *args],
        stdout=slave,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=full_env,
    )
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError as exc:  # EIO: the child closed the terminal
            if exc.errno != errno.EIO:
                raise
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return proc.wait(60), shown


def digest(path: Path) -> str | None:
    """A file's sha256 (None when it is not there); for "foreign file changed?" checks."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError):
        return None


def folder_state(folder: Path) -> dict[str, str | None]:
    """Every file under a folder with its sha256 (device nodes and FIFOs by their kind).

    SQLite's -shm files and empty -wal files are left out: any reader of a WAL-mode store
    makes them, they hold no data, and the last one to close removes them.
    """
    state: dict[str, str | None] = {}
    for path in sorted(folder.rglob("*")):
        info = os.lstat(path)
        if path.name.endswith("-shm") or (path.name.endswith("-wal") and info.st_size == 0):
            continue
        if stat.S_ISREG(info.st_mode):
            state[str(path.relative_to(folder))] = digest(path)
        else:
            state[str(path.relative_to(folder))] = stat.filemode(info.st_mode)[0]
    return state


def device(folder: Path, name: str, file_name: str | None = None) -> Path:
    """A private /dev/null, /dev/full or /dev/zero in a temporary folder: a test that goes
    wrong replaces this node, never the machine's own device."""
    numbers = {"null": (1, 3), "zero": (1, 5), "full": (1, 7)}[name]
    path = folder / (file_name or name)
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(*numbers))
    except OSError:
        pytest.skip("cannot make a device node here (not root, or no CAP_MKNOD)")
    return path


def without_root_powers() -> Callable[[], None] | None:
    """A preexec function so that a child obeys file permissions even when run as root
    (it drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH); None when not root."""
    if os.geteuid() != 0:
        return None
    libc = ctypes.CDLL(None, use_errno=True)

    def drop() -> None:
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "cannot drop capabilities")

    return drop


@contextlib.contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Make files and folders read-only for the duration (restored afterwards)."""
    modes = {path: stat.S_IMODE(os.stat(path).st_mode) for path in paths}
    try:
        for path in paths:
            os.chmod(path, modes[path] & ~0o222)
        yield
    finally:
        for path, mode in modes.items():
            os.chmod(path, mode)


def judge(
    suite: str,
    case: str,
    run: Run,
    *,
    expect: str | None = None,
    codes: tuple[int, ...] = (0, 1, 2),
    names: str | None = None,
    data_lost: bool = False,
    foreign_changed: bool = False,
    per_file: bool = False,
) -> None:
    """Assert the trust rules for one hostile case and log its outcome.

    ``expect``: words the error must contain (None: the command must succeed). ``names``:
    the path (as printed) the message must name. ``data_lost`` / ``foreign_changed``: what
    the caller found when it checked the store and the files around it. ``per_file``: the
    command reports one ``path: reason`` line per file (import), not one error line.
    """
    lines = run.err.strip().splitlines()
    clear = run.code != 0 and len(lines) >= 1 and not run.traceback
    outcome = {
        "suite": suite,
        "case": case,
        "code": run.code,
        "clear_error": clear and (expect is None or expect in run.err),
        "ok": run.code == 0 and not run.traceback,
        "traceback": run.traceback,
        "data_lost": data_lost,
        "foreign_changed": foreign_changed,
    }
    log = os.environ.get(LOG)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(outcome) + "\n")
    assert not run.traceback, run.err
    assert not data_lost, f"{case}: stored data lost"
    assert not foreign_changed, f"{case}: a file that is not gloss's was changed"
    assert run.code in codes, (case, run.code, run.err)
    if expect is None:
        assert run.code == 0, run.err
        return
    assert run.code != 0, (case, run.out)
    assert expect in run.err, (case, run.err)
    usage = run.code == 2  # click's usage errors: "Usage: ..." then "Error: ..."
    if per_file:
        assert all(": " in line for line in lines), run.err
    else:
        assert usage or len(lines) == 1, run.err
        assert usage or lines[0].startswith("gloss: "), run.err
    if names is not None:
        assert names in run.err, run.err
