"""Documents waiting for analysis on the command line: `gloss analyze` with no argument
analyses them (and only them), re-importing the same files catches them up, `gloss list`
marks them, and an interrupted import says how many wait."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.cli.conftest import gloss
from tests.conftest import REPO, SEEDS


def _waiting(db: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM documents WHERE engine IS NULL").fetchone()[0]


def test_analyze_with_no_argument_analyses_the_waiting_documents_only(db: str) -> None:
    code, _out, err = gloss(db, "import", "--no-analysis", str(SEEDS))
    assert code == 0, err
    code, out, _ = gloss(db, "analyze", "1", "2", "--engine", "rules")
    assert code == 0 and out.startswith("analysed 2, skipped 0")
    # an older gloss analysed document 1: no argument leaves it, and says so
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE documents SET engine_version = 'gloss1' WHERE id = 1")
    code, out, err = gloss(db, "analyze", "--engine", "rules")
    assert code == 0 and out.startswith("analysed 3, skipped 2 with rules")
    assert _waiting(db) == 0
    assert "1 of the skipped documents were analysed by an older gloss or another engine" in err
    assert "`gloss analyze --all`" in err
    # --all redoes what an older gloss analysed
    code, out, err = gloss(db, "analyze", "--all", "--engine", "rules")
    assert code == 0 and out.startswith("analysed 1, skipped 4") and not err
    code, out, _ = gloss(db, "analyze", "--engine", "rules")
    assert out.startswith("analysed 0, skipped 5")


def test_reimporting_unchanged_files_analyses_those_still_waiting(db: str, tmp_path) -> None:
    gloss(db, "import", "--no-analysis", str(SEEDS))
    code, out, err = gloss(db, "import", str(SEEDS))  # as after a stopped import
    assert code == 0
    assert out.strip() == "imported 0, unchanged 5, rejected 0, updated 0"
    assert "analysed 5 unchanged documents that were waiting for analysis" in err
    assert _waiting(db) == 0
    code, out, err = gloss(db, "import", str(SEEDS))  # nothing left to catch up
    assert code == 0 and "waiting" not in err


def test_list_marks_waiting_documents(db: str) -> None:
    gloss(db, "import", "--no-analysis", str(SEEDS))
    gloss(db, "analyze", "1", "--engine", "rules")
    code, out, err = gloss(db, "list")
    assert code == 0
    header, *lines = out.splitlines()
    start, end = header.index("entities"), header.index("annotations")
    counts = {line.split()[0]: line[start:end].split() for line in lines}
    assert counts["2"] == ["…", "…"]
    assert counts["1"][0].isdigit() and counts["1"][1].isdigit()
    assert "4 documents (… in entities and claims) wait for analysis" in err
    code, out, _ = gloss(db, "list", "--json")
    engines = {row["id"]: row["engine"] for row in json.loads(out)}
    assert engines[1] == "rules" and engines[2] is None
    gloss(db, "analyze", "2", "3", "4", "--engine", "rules")
    _, _, err = gloss(db, "list")
    assert "1 document (… in entities and claims) waits for analysis" in err  # not "1 documents"


def test_ctrl_c_during_an_import_then_import_again_catches_up(tmp_path: Path) -> None:
    """The reproduction of issue 13: Ctrl-C a `gloss import`, import the same folder again."""
    folder = tmp_path / "news"
    folder.mkdir()
    paragraph = (
        "The minister said on Tuesday that the talks in Geneva would resume next week, "
        "according to a spokesman for the foreign office, who declined to give details.\n\n"
    )
    # Long enough that the import is still running seconds after its first commit: the
    # interrupt lands mid-import even on a loaded machine (with 6 paragraphs it finished
    # 2 s after, and a starved test process sometimes signalled a process already exiting).
    for n in range(700):
        (folder / f"a{n:04d}.txt").write_text(f"Story {n}\n\n" + paragraph * 30, encoding="utf-8")
    db = str(tmp_path / "store.db")
    env = {**os.environ, "PYTHONPATH": str(REPO), "GLOSS_ENGINE": "rules"}
    command = [sys.executable, "-m", "gloss", "--db", db, "import", str(folder)]
    # As in a terminal, whatever started the tests: a shell's background job ignores SIGINT,
    # and a child started with it ignored keeps ignoring it.
    process = subprocess.Popen(
        command,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    for _ in range(600):  # until the first batch is committed
        time.sleep(0.05)
        try:
            with sqlite3.connect(db) as conn:
                if conn.execute("SELECT count(*) FROM documents").fetchone()[0]:
                    break
        except sqlite3.Error:
            continue
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err[-3000:]
    waiting = _waiting(db)
    assert waiting > 0
    assert err.strip().splitlines()[-1] == (
        "gloss: interrupted; everything committed so far is kept; "
        f"{waiting} documents wait for analysis: `gloss analyze` analyses them"
    )
    assert "Traceback" not in err
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert _waiting(db) == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 700
