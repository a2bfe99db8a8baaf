"""The reader's memory: ``gloss`` on a pseudo-terminal with a 200 KB document open.

The document (about 1,300 entities and claims, tests/bench/bench_reader.py) is added to the
working copy as the newest, so it is the library's first row; the program is started on a
pty (120x40) as a user would, `enter` opens the document, and once its text is on the screen
and the app has settled, the reader process's resident memory is read from /proc: the
current (VmRSS) and the peak (VmHWM). Linux only (the row says so elsewhere).
"""

from __future__ import annotations

import os
import re
import select
import sys
import tempfile
import time
from pathlib import Path

from gloss.store import Store
from gloss.store.analysis.base import ANALYSIS_VERSION
from tests.bench.startup import COLUMNS, LINES, on_pty
from tests.bench.table import Row

SETTLE = 2.0  # seconds after the text shows: the full document replaces its beginning
_ESCAPE = re.compile(rb"\x1b(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def _memory(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def _until(master: int, seen: bytearray, marker: str, began: float, limit: float) -> None:
    """Read the program's output until `marker` shows in its text (styles stripped)."""
    wanted = marker.encode()
    while wanted not in _ESCAPE.sub(b"", bytes(seen)):
        if time.perf_counter() - began > limit:
            raise TimeoutError(f"{marker!r} did not show in {limit:.0f} s")
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                tail = _ESCAPE.sub(b"", bytes(seen))[-600:].decode("utf-8", "replace")
                raise RuntimeError(f"gloss ended before {marker!r} showed: {tail}") from None


def reader_memory(
    db: Path, title: str, text_marker: str, limit: float = 60.0
) -> tuple[float, float]:
    """Start gloss on `db`, open its first row (`title`), wait for `text_marker`; memory."""
    with tempfile.TemporaryDirectory(prefix="gloss-rss-") as home:
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLUMNS": str(COLUMNS),
            "LINES": str(LINES),
            "XDG_CONFIG_HOME": str(Path(home) / "config"),
            "XDG_DATA_HOME": str(Path(home) / "data"),
            "XDG_STATE_HOME": str(Path(home) / "state"),
        }
        env.pop("TEXTUAL", None)
        argv = [sys.executable, "-m", "gloss", "--db", str(db)]
        with on_pty(argv, env) as (master, proc, began):
            seen = bytearray()
            _until(master, seen, title, began, limit)
            seen.clear()
            os.write(master, b"\r")
            _until(master, seen, text_marker, began, limit)
            ended = time.perf_counter() + SETTLE
            while time.perf_counter() < ended:  # keep reading: a full pty would block it
                if select.select([master], [], [], 0.05)[0]:
                    os.read(master, 65536)
            memory = _memory(proc.pid)
    return memory


def rss_rows(store: Store, docs: int) -> list[Row]:
    """The reader's resident memory with a 200 KB document open (the store's newest)."""
    from tests.bench.bench_reader import big_document

    if not Path("/proc/self/status").exists():
        metric = f"reader RSS, 200 KB document open, {docs // 1000}k"
        return [Row(metric, "-", unit="MB", note="needs Linux (/proc)")]
    doc_id = big_document(store, 200_000, 1_300)
    with store.write() as conn:  # analysed, as the rest; the newest: the first row
        conn.execute(
            "UPDATE documents SET engine = 'rules', engine_version = ?, published = '2099-12-31' "
            "WHERE id = ?",
            (f"gloss{ANALYSIS_VERSION}", doc_id),
        )
    title, text = store.conn.execute(
        "SELECT title, text FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    first = text.split("\n\n")[0].lstrip("#- ")
    current, peak = reader_memory(Path(store.path), title, first[:12])
    return [
        Row(
            f"reader RSS, 200 KB document open, {docs // 1000}k",
            current,
            unit="MB",
            at_most=150.0,
            note=f"gloss on a pty, the document's text shown and {SETTLE:.0f} s settled; "
            f"peak (VmHWM) {peak:.0f} MB",
        )
    ]
