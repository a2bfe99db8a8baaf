"""Issue 14 end to end, each finding as the command that showed it (real processes where the
finding is about a process or a terminal)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from gloss.store import open_store
from gloss.store.annotations import create_annotation
from gloss.store.file_import import import_paths
from tests.cli.conftest import gloss, gloss_process
from tests.cli.hostile import in_terminal
from tests.conftest import REPO, SEEDS

HOSTILE_NOTE = "pwn \x1b]0;title\x07 \x1b]52;c;cHduZWQ=\x07 \x1b[2J \x9b31m red \u202eevil"


@pytest.fixture
def hostile(tmp_path) -> str:
    """A store whose document, title and note hold escape sequences of every kind."""
    path = tmp_path / "s.db"
    doc = tmp_path / "evil.txt"
    doc.write_text(f"Title \x1b[31mred\x1b[0m \x9b1m\n\nBody {HOSTILE_NOTE}.\n", encoding="utf-8")
    store = open_store(path)
    import_paths(store, [doc])
    create_annotation(store, 1, 0, 5, tags=["t"], note=HOSTILE_NOTE, author="a\x9bb")
    with store.write() as conn:  # as an analysis of that text would store its names
        conn.execute(
            "INSERT INTO entities (document_id, start, end, label, text, canonical) "
            "VALUES (1, 0, 5, 'PERSON', ?, ?)",
            (HOSTILE_NOTE, HOSTILE_NOTE),
        )
    store.close()
    return str(path)


UNSAFE_BYTES = (b"\x1b", b"\x07", "\x9b".encode(), "\u202e".encode(), "\x9d".encode())


@pytest.mark.parametrize(
    "args",
    [
        ["export"],
        ["export", "--format", "jsonl"],
        ["export", "--format", "w3c"],
        ["export", "--what", "documents"],
        ["export", "--what", "entities"],
        ["list", "--json"],
        ["show", "1", "--json"],
        ["annotations", "--json"],
        ["list"],
        ["show", "1"],
        ["annotations"],
    ],
    ids=" ".join,
)
def test_nothing_reaches_a_terminal_as_an_escape_sequence(hostile, args):
    """Item 6: in tmux `gloss export` set the title, wrote the clipboard (OSC 52), cleared
    the screen; JSON escaped ESC but not U+009B."""
    code, shown = in_terminal("--db", hostile, *args)
    assert code == 0
    assert not [b for b in UNSAFE_BYTES if b in shown], shown[:400]
    if args[-1] == "--json" or "jsonl" in args:
        text = shown.decode().replace("\r\n", "\n")
        for line in text.splitlines() if "jsonl" in args else [text]:
            json.loads(line)  # still valid JSON: the escapes are JSON escapes


def test_to_a_pipe_data_stays_exact(hostile):
    proc = gloss_process("--db", hostile, "export", "--format", "jsonl")
    assert [json.loads(line)["note"] for line in proc.stdout.splitlines()] == [HOSTILE_NOTE]
    proc = gloss_process("--db", hostile, "annotations", "--json")
    assert [row["note"] for row in json.loads(proc.stdout)] == [HOSTILE_NOTE]
    proc = gloss_process("--db", hostile, "export")
    assert HOSTILE_NOTE in proc.stdout


def test_a_killed_export_leaves_a_part_file_that_the_next_export_removes(tmp_path):
    """Item 10: SIGKILL during export left hidden `.<name>.<random>.part` files for good."""
    path = tmp_path / "s.db"
    store = open_store(path)
    import_paths(store, [SEEDS])
    with store.write() as conn:
        for i in range(400):
            conn.execute(
                "INSERT INTO annotations (id, document_id, note, created, updated) "
                "VALUES (?, 1 + ? % 5, ?, 'now', 'now')",
                (f"a{i}", i, f"note {i} " * 5000),
            )
    store.close()
    out = tmp_path / "out" / "notes.csv"
    out.parent.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for _ in range(20):  # catch it with its part file open (it exists from the start)
        proc = subprocess.Popen(
            [sys.executable, "-m", "gloss", "--db", str(path), "export", "-o", str(out)],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        while proc.poll() is None and not list(out.parent.glob(".notes.csv.*.part")):
            time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if list(out.parent.glob(".notes.csv.*.part")):
            break
    else:
        pytest.skip("the export finished before it could be killed")
    proc = gloss_process("--db", str(path), "export", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == ["notes.csv"]


def test_look_alike_file_names_do_not_replace_each_other(tmp_path):
    """Item 1: `a<newline>b.txt` and `a\\nb.txt`: imported 0, unchanged 1, updated 1."""
    db = str(tmp_path / "s.db")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\nb.txt").write_text("First file\n\nIts own words.\n")
    assert gloss(db, "import", "--no-analysis", str(folder))[0] == 0
    assert gloss(db, "annotate", "1", "--quote", "own", "--note", "mine")[0] == 0
    (folder / "a\\nb.txt").write_text("Second file\n\nOther words.\n")
    code, out, _ = gloss(db, "import", "--no-analysis", str(folder))
    assert code == 0 and out.startswith("imported 1, unchanged 1, rejected 0, updated 0")
    shown = json.loads(gloss(db, "show", "1", "--json")[1])
    assert shown["text"].startswith("First file")
    assert [(a["quote"], a["orphan"]) for a in shown["annotations"]] == [("own", False)]


def test_import_annotations_refuses_with_line_numbers_and_exit_1(tmp_path):
    """Item 2, as the CLI reports it."""
    db = str(tmp_path / "s.db")
    gloss(db, "import", "--no-analysis", str(SEEDS))
    gloss(db, "annotate", "1", "--quote", "White House", "--tag", "x")
    record = json.loads(gloss(db, "export", "--format", "jsonl")[1])
    bad = [
        record | {"id": "t", "tags": [{"a": 1}]},
        record | {"id": "n", "note": ["a", "b"]},
        record | {"id": "o", "orphan": "yes"},
        record | {"id": "far", "start": 10_000_000, "end": 10_000_005, "quote": "nowhere"},
    ]
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in bad))
    code, out, err = gloss(db, "import-annotations", str(path))
    assert code == 1 and "skipped 4" in out
    lines = err.strip().splitlines()
    assert [line.split(": ")[1] for line in lines] == ["line 1", "line 2", "line 3", "line 4"]
    assert json.loads(gloss(db, "annotations", "--json")[1])[0]["tags"] == ["x"]


def test_gloss_reimports_its_own_csv_with_a_long_note(tmp_path):
    """Item 9: a note over 131,072 characters made all 71 rows of the CSV fail."""
    first, second = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    for db in (first, second):
        gloss(db, "import", "--no-analysis", str(SEEDS))
    store = open_store(first)
    create_annotation(store, 1, 0, 5, note="x" * 200_000)
    store.close()
    gloss(first, "annotate", "2", "--tag", "short")
    out = tmp_path / "a.csv"
    assert gloss(first, "export", "-o", str(out))[0] == 0
    code, stdout, err = gloss(second, "import-annotations", str(out))
    assert (code, err) == (0, "") and stdout.startswith("added 2,")


def test_a_foreign_sqlite_file_is_untouched_by_every_kind_of_command(tmp_path):
    """Item 3, as real processes: user_version 0 was switched to WAL; 1 was migrated."""
    for version in (0, 1, 3, 4):
        path = tmp_path / f"theirs{version}.db"
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, body)")
        conn.execute(f"PRAGMA user_version={version}")
        conn.commit()
        conn.close()
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        proc = gloss_process("--db", str(path), "import", "--no-analysis", str(SEEDS))
        assert proc.returncode == 1 and "not a gloss store" in proc.stderr
        assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(path.name)) == [
            path.name
        ]


def test_mostly_utf8_files_keep_their_quotes_and_the_summary_says_what_was_replaced(tmp_path):
    """Item 11: every valid “ ” became ‚Äú ‚Äù because of a few invalid bytes."""
    doc = tmp_path / "invalid_utf8_mid.txt"
    doc.write_bytes("Title\n\nHe said “yes” and “no”. ".encode() + b"\xff\xfe stray.\n")
    db = str(tmp_path / "s.db")
    code, out, err = gloss(db, "import", "--no-analysis", str(doc))
    assert code == 0
    assert "2 invalid UTF-8 bytes in 1 file replaced by U+FFFD" in out
    assert f"{doc}: 2 invalid UTF-8 bytes replaced by U+FFFD" in err
    assert "“yes” and “no”" in json.loads(gloss(db, "show", "1", "--json")[1])["text"]
