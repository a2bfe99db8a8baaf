"""`gloss analyze --scheduler`: one-line errors before any work, and a killed client's store
continued by a rerun to the same rows as a clean run."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import gloss.store.analysis.dask_run as dask_run
from gloss.store import open_store
from gloss.store.analysis import analyze_documents
from gloss.store.integrity import check_store
from tests.cli.conftest import gloss, gloss_process
from tests.conftest import REPO, SEEDS
from tests.store.test_analysis_dask import tables
from tests.store.test_analysis_pool import corpus, filled

pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")


def analysed(db: str) -> int:
    store = open_store(db)
    try:
        return int(store.scalar("SELECT count(*) FROM documents WHERE engine IS NOT NULL"))
    finally:
        store.close()


def still_running(pids: list[int], wait: float = 10) -> list[int]:
    """Those of ``pids`` still running after up to ``wait`` seconds (zombies waiting for init
    to reap them have ended)."""

    def running(pid: int) -> bool:
        try:
            return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    deadline = time.monotonic() + wait
    while (alive := [p for p in pids if running(p)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("via", ["option", "env"])
def test_an_unreachable_scheduler_is_one_line_and_nothing_changes(
    db: str, monkeypatch: pytest.MonkeyPatch, via: str, no_dask_left: None
) -> None:
    assert gloss(db, "import", "--no-analysis", str(SEEDS))[0] == 0
    monkeypatch.setattr(dask_run, "CONNECT_TIMEOUT", 0.5)
    address = f"tcp://127.0.0.1:{free_port()}"
    if via == "env":
        monkeypatch.setenv("GLOSS_DASK_SCHEDULER", address)
        args = ["analyze", "--all", "--engine", "rules"]
    else:
        args = ["analyze", "--all", "--engine", "rules", "--scheduler", address]
    began = time.monotonic()
    code, out, err = gloss(db, *args)
    assert code == 1 and out == ""
    assert err == f"gloss: cannot reach the Dask scheduler at {address} (Connection refused)\n"
    assert time.monotonic() - began < 10
    assert analysed(db) == 0


def test_bad_scheduler_arguments(db: str) -> None:
    assert gloss(db, "import", "--no-analysis", str(SEEDS))[0] == 0
    code, _, err = gloss(db, "analyze", "--all", "--scheduler", "local:0")
    assert code == 1
    assert err == "gloss: scheduler 'local:0': local:N needs a number of workers N >= 1\n"
    code, _, err = gloss(db, "analyze", "--processes", "2", "--scheduler", "local:2")
    assert code == 2 and "--processes is for the local pool" in err
    assert analysed(db) == 0


# Runs `gloss analyze` in chunks of two documents and, once two chunks are written, notes its
# child processes (the LocalCluster's workers) in PIDS and SIGKILLs itself, or (STOP=int)
# sends SIGINT to its whole process group, as Ctrl-C in a terminal does.
KILLED_CLIENT = """
import os, signal, sys
import psutil

# Ctrl-C as in a terminal, whatever started the tests (a shell's background job ignores it).
signal.signal(signal.SIGINT, signal.default_int_handler)
import gloss.cli.context as context
import gloss.store.analysis.run as run

run.BATCH = 2
original = context.progress.__call__
stopped = False

def call(self, done, total, *rest):
    global stopped
    if 4 <= done < total and not stopped:
        stopped = True
        pids = [str(p.pid) for p in psutil.Process().children(recursive=True)]
        with open(os.environ["PIDS"], "w") as out:
            out.write(" ".join(pids))
        if os.environ.get("STOP") == "int":
            os.killpg(os.getpgid(0), signal.SIGINT)
        else:
            os.kill(os.getpid(), signal.SIGKILL)
    return original(self, done, total, *rest)

context.progress.__call__ = call
from gloss.cli import main
main(prog_name="gloss")
"""


@pytest.mark.dask
def test_a_killed_client_leaves_a_consistent_store_and_a_rerun_finishes_it(
    tmp_path: Path,
) -> None:
    texts = corpus()
    clean = filled(tmp_path / "clean.db", texts)
    analyze_documents(clean, engine="rules", processes=1)
    want = tables(clean)
    clean.close()
    db = str(tmp_path / "cluster.db")
    filled(Path(db), texts).close()
    pids = tmp_path / "pids"
    env = {**os.environ, "PYTHONPATH": str(REPO), "PIDS": str(pids)}
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_CLIENT, "--db", db, "analyze", "--all", "--engine", "rules"]
        + ["--scheduler", "local:2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # Its two workers end with it.
    workers = [int(p) for p in pids.read_text().split()]
    assert len(workers) >= 2
    assert still_running(workers) == []
    # Whole chunks were written, nothing else, and the store is healthy.
    assert check_store(db).problems == []
    written = analysed(db)
    assert 4 <= written < len(texts) and written % 2 == 0
    # The rerun ($GLOSS_DASK_SCHEDULER this time) analyses the rest: the same rows as a
    # clean run, row ids included.
    rerun = gloss_process(
        "--db", db, "analyze", "--all", "--engine", "rules", env={"GLOSS_DASK_SCHEDULER": "local:2"}
    )
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(f"analysed {len(texts) - written}, skipped {written} ")
    assert "on 2 Dask workers (local:2)" in rerun.stdout
    assert rerun.stderr == ""
    store = open_store(db)
    assert tables(store) == want
    store.close()


@pytest.mark.dask
def test_ctrl_c_stops_the_client_and_its_workers_without_a_traceback(tmp_path: Path) -> None:
    texts = corpus()
    db = str(tmp_path / "cluster.db")
    filled(Path(db), texts).close()
    pids = tmp_path / "pids"
    env = {**os.environ, "PYTHONPATH": str(REPO), "PIDS": str(pids), "STOP": "int"}
    stopped = subprocess.run(
        [sys.executable, "-c", KILLED_CLIENT, "--db", db, "analyze", "--all", "--engine", "rules"]
        + ["--scheduler", "local:2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    written = analysed(db)
    assert stopped.returncode == 130
    assert stopped.stderr == (
        "gloss: interrupted; everything committed so far is kept; "
        f"{len(texts) - written} documents wait for analysis: `gloss analyze` analyses them\n"
    )
    assert 4 <= written < len(texts)
    assert still_running([int(p) for p in pids.read_text().split()]) == []
