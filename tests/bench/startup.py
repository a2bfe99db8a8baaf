"""Start to first screen in a real terminal: ``gloss`` against a bare Textual app with a Footer.

Each program runs in a fresh process on a pseudo-terminal (120x40, TERM=xterm-256color) and the
clock stops when its first screen's text reaches the terminal: the title of the store's newest
document for gloss (the library's first row), the app's one line for the bare app. Both are
then quit with ctrl+q. Runs are interleaved (bare, gloss, bare, gloss ...) so machine load
hits both alike; the table shows medians. gloss's daily automatic backup of the store is made
before the runs: a day's first start also copies the store in the background.

gloss's own modules are compiled to bytecode first, as pip does when it installs a wheel and
as Python does on the first start of an editable install. Without that, an environment with
PYTHONDONTWRITEBYTECODE set (this sandbox has it) compiles every gloss module on every start
(~35 ms) while Textual, installed by pip, starts from bytecode: no user meets that.
"""

from __future__ import annotations

import compileall
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.bench.table import Row

COLUMNS, LINES = 120, 40
REPO = Path(__file__).resolve().parents[2]

BARE = """
from textual.app import App
from textual.widgets import Footer, Static

class Bare(App):
    BINDINGS = [("q", "quit", "Quit"), ("question_mark", "help", "Help")]
    def compose(self):
        yield Static("bare Textual app is on screen")
        yield Footer()

Bare().run()
"""


def _pty() -> tuple[int, int]:
    """A pseudo-terminal of COLUMNS x LINES: (master, slave)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    return master, slave


@contextmanager
def on_pty(
    argv: list[str], env: dict[str, str]
) -> Iterator[tuple[int, subprocess.Popen[bytes], float]]:
    """`argv` started on a pty: (its master side, the process, the start time). On leaving
    it is quit with ctrl+q (killed if it does not end) and the pty is closed."""
    master, slave = _pty()
    began = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=REPO, start_new_session=True
    )
    os.close(slave)
    try:
        yield master, proc, began
        os.write(master, b"\x11")  # ctrl+q
        _drain(master, proc)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        os.close(master)


def time_to_text(argv: list[str], marker: str, env: dict[str, str], limit: float = 30.0) -> float:
    """Seconds from starting `argv` on a pty until `marker` appears on it; then quit it."""
    seen = b""
    wanted = marker.encode()
    with on_pty(argv, env) as (master, _proc, began):
        while wanted not in seen:
            if time.perf_counter() - began > limit:
                raise TimeoutError(f"{argv[-1]!r}: {marker!r} did not show in {limit:.0f} s")
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:  # the program ended
                    raise RuntimeError(f"{argv}: ended before {marker!r} showed") from None
        elapsed = time.perf_counter() - began
    return elapsed


def _drain(master: int, proc: subprocess.Popen[bytes], limit: float = 5.0) -> None:
    """Read what the program still writes while it quits (a full pty would block it)."""
    ended = time.perf_counter() + limit
    while proc.poll() is None and time.perf_counter() < ended:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                os.read(master, 65536)
            except OSError:
                break


def start_rows(db: Path, docs: int, runs: int = 9) -> list[Row]:
    """`gloss --db db` to its first screen vs the bare app, medians of `runs`, interleaved."""
    import sqlite3

    from gloss.store.backups import auto_backup

    with sqlite3.connect(db) as conn:  # the library's first row: the newest document
        (title,) = conn.execute(
            "SELECT title FROM documents ORDER BY published DESC, id DESC LIMIT 1"
        ).fetchone()
    conn.close()
    # The day's automatic backup first, as on every start but a day's first: otherwise each
    # timed start of this fresh copy copies the whole store in the background (1.2 GB at
    # 100k, longer than the run, so it is killed and the next start begins it again).
    auto_backup(db)
    for part in ("gloss", "store", "tui", "cli"):
        compileall.compile_dir(REPO / part, quiet=1)
    with tempfile.TemporaryDirectory(prefix="gloss-start-") as home:
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "COLUMNS": str(COLUMNS),
            "LINES": str(LINES),
            "XDG_CONFIG_HOME": str(Path(home) / "config"),  # no user settings, no backups
            "XDG_DATA_HOME": str(Path(home) / "data"),
            "XDG_STATE_HOME": str(Path(home) / "state"),
        }
        env.pop("TEXTUAL", None)
        marker = title[:30]
        ours, bare = [], []
        for _ in range(runs):
            bare.append(time_to_text([sys.executable, "-c", BARE], "bare Textual app", env))
            ours.append(time_to_text([sys.executable, "-m", "gloss", "--db", str(db)], marker, env))
    return [
        Row(
            f"gloss start to first screen (pty), {docs // 1000}k",
            statistics.median(ours) * 1000,
            reference=statistics.median(bare) * 1000,
            at_most=1.3,
            ratio=True,
            note="reference: a bare Textual app with a Footer, fresh process on a pty; "
            "the day's automatic backup of the store made beforehand",
        )
    ]
