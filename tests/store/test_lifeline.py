"""Workers end with their parent: a killed `gloss analyze` leaves no pool worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gloss.store import open_store
from gloss.store.documents import DocumentMeta, save_document
from tests.conftest import REPO, SEEDS

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds processes through /proc (Linux)"
)


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state first), None if gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped has ended)."""
    fields = _stat(pid)
    return fields is not None and fields[0] not in {"Z", "X"}


def wait_for(predicate, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def kill_leftovers(pids: list[int]) -> None:
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def test_killing_gloss_analyze_ends_its_workers(tmp_path: Path) -> None:
    # 64 documents of about 60 KB: two chunks of 32, so two workers with seconds of work.
    paragraphs = [
        p for path in sorted(SEEDS.glob("*.txt")) for p in path.read_text().split("\n\n") if p
    ]
    db = tmp_path / "gloss.db"
    store = open_store(db)
    with store.write() as conn:
        for i in range(64):
            body = "\n\n".join(paragraphs[(i + k) % len(paragraphs)] for k in range(150))
            save_document(conn, f"Document {i}\n\n{body}", f"doc{i}.txt", DocumentMeta())
    store.close()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    parent = subprocess.Popen(
        [sys.executable, "-m", "gloss", "--db", str(db), "analyze", "--all"]
        + ["--engine", "rules", "--processes", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        assert wait_for(lambda: len(children(parent.pid)) >= 2, 60), "no pool started"
        workers = children(parent.pid)
        assert parent.poll() is None, "the analysis ended before the kill"
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        assert wait_for(lambda: not any(alive(w) for w in workers), 5), (
            f"workers {[w for w in workers if alive(w)]} outlived their parent"
        )
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        kill_leftovers(workers)


_HELPER = """
import multiprocessing, os, sys, time
from gloss.store.lifeline import die_with_parent

def child(parent: int, watching) -> None:
    die_with_parent(parent, kernel=False)
    watching.set()
    time.sleep(60)

if __name__ == "__main__":
    context = multiprocessing.get_context(sys.argv[1])
    watching = context.Event()
    process = context.Process(target=child, args=(os.getpid(), watching))
    process.start()
    watching.wait(60)
    print(process.pid, flush=True)
    time.sleep(60)
"""


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_the_watching_thread_alone_ends_a_worker(tmp_path: Path, method: str) -> None:
    # Without the Linux parent-death signal: what macOS and Windows workers rely on.
    script = tmp_path / "helper.py"
    script.write_text(_HELPER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    parent = subprocess.Popen(
        [sys.executable, str(script), method], env=env, stdout=subprocess.PIPE, text=True
    )
    worker = 0
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())  # once the worker watches its parent
        assert alive(worker)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        assert wait_for(lambda: not alive(worker), 5), "the worker outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if worker:
            kill_leftovers([worker])
