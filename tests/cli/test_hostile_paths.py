"""The hostile-path suite: odd --db, -o, import and import-annotations paths.

Issue 14: a path never creates a store where it should not, never replaces what is not a
regular file, never hangs on a FIFO, and every refusal is one line naming the path (escaped
when it holds control characters). Outcomes are tallied by tests/cli/hostile.py.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from gloss.store import open_store
from gloss.store.annotations import create_annotation
from gloss.store.file_import import import_paths
from tests.cli.hostile import (
    Run,
    device,
    digest,
    folder_state,
    in_process,
    judge,
    process,
    read_only,
    without_root_powers,
)
from tests.conftest import REPO, SEEDS

SUITE = "hostile path"
ARTICLE = "A headline\n\nOfficials in Paris said on Monday that prices rose sharply.\n"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    """A good store (seeds, one annotation) that the path cases read from."""
    path = tmp_path_factory.mktemp("good") / "s.db"
    store = open_store(path)
    import_paths(store, [SEEDS])
    create_annotation(store, 1, 0, 5, tags=["kept"])
    store.close()
    return path


# -- --db ----------------------------------------------------------------------------------------
def db_cases(tmp: Path) -> dict[str, tuple[str, str | None]]:
    """name -> (the --db value, words of the refusal; None: a write command may create it)."""
    (tmp / "folder").mkdir()
    os.mkfifo(tmp / "fifo")
    (tmp / "loop").symlink_to(tmp / "loop")
    (tmp / "to-missing-folder").symlink_to(tmp / "nowhere" / "s.db")
    (tmp / "a-file").write_text("x")
    return {
        "a directory": (str(tmp / "folder"), "is a directory"),
        "a FIFO": (str(tmp / "fifo"), "not a regular file"),
        "a symbolic link loop": (str(tmp / "loop"), "symbolic link loop"),
        "a link into a missing folder": (str(tmp / "to-missing-folder"), "does not exist"),
        "a missing folder": (str(tmp / "no" / "such" / "s.db"), "does not exist"),
        "a path through a file": (str(tmp / "a-file" / "s.db"), "not a folder"),
        "a name too long": (str(tmp / ("x" * 300 + ".db")), "too long"),
    }


@pytest.mark.parametrize("command", ["list", "import"])
def test_db_paths_that_cannot_be_a_store(tmp_path, command):
    cases = db_cases(tmp_path)
    before = folder_state(tmp_path)
    for name, (value, words) in cases.items():
        args = ["list"] if command == "list" else ["import", "--no-analysis", str(SEEDS)]
        run = in_process("--db", value, *args)
        changed = folder_state(tmp_path) != before
        judge(
            SUITE,
            f"--db {name}: {command}",
            run,
            expect=words,
            codes=(1, 2),  # a directory is refused by click itself, as a usage error
            foreign_changed=changed,
        )
    assert not (tmp_path / "no").exists() and not (tmp_path / "nowhere").exists()


def test_a_device_as_db_is_refused_without_touching_it(tmp_path):
    zero = device(tmp_path, "zero")
    for command in (["list"], ["annotate", "1", "--tag", "x"]):
        run = in_process("--db", str(zero), *command)
        judge(SUITE, f"--db a device: {command[0]}", run, expect="not a regular file", codes=(1,))
    assert stat.S_ISCHR(os.stat(zero).st_mode)


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_db_is_a_usage_error(tmp_path, value):
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    run = in_process("--db", value, "list", env=env)
    judge(SUITE, f"--db {value!r}", run, expect="empty path", codes=(2,))
    assert not (tmp_path / "data").exists()


def test_read_commands_never_create_a_store(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    missing = tmp_path / "missing.db"
    reads = [
        ["list"],
        ["show", "1"],
        ["search", "x"],
        ["entities"],
        ["claims"],
        ["stories"],
        ["annotations"],
        ["export"],
        ["review", "--list"],
        ["review", "--stats"],
    ]
    for args in reads:
        run = in_process("--db", str(missing), *args)
        judge(
            SUITE, f"a missing store: {args[0]}", run, expect="no gloss store there yet", codes=(1,)
        )
        run = in_process(*args, env=env)  # the default location
        judge(SUITE, f"no store at the default place: {args[0]}", run, expect="no gloss store")
    assert list(tmp_path.iterdir()) == []


def test_gloss_db_follows_the_rules_of_db(tmp_path):
    """GLOSS_DB=/nonexistent/s.db gloss list created /nonexistent/."""
    missing = tmp_path / "nonexistent" / "s.db"
    run = process("list", env={"GLOSS_DB": str(missing), "XDG_DATA_HOME": str(tmp_path / "d")})
    judge(SUITE, "GLOSS_DB in a missing folder: list", run, expect="does not exist", codes=(1,))
    run = process("import", str(SEEDS), env={"GLOSS_DB": str(missing)})
    judge(SUITE, "GLOSS_DB in a missing folder: import", run, expect="does not exist", codes=(1,))
    assert list(tmp_path.iterdir()) == []


def test_odd_store_names_work_and_are_printed_escaped(tmp_path):
    for name in ("new\nline.db", "esc\x1b[31m.db", os.fsdecode(b"caf\xe9.db"), "-dash.db"):
        path = tmp_path / name
        run = in_process("--db", str(path), "import", "--no-analysis", str(SEEDS))
        judge(SUITE, f"--db named {name!r}: import", run)
        run = in_process("--db", str(path), "show", "999")
        judge(SUITE, f"--db named {name!r}: show", run, expect="no document", codes=(1,))
        assert "\x1b" not in run.err


# -- export -o -----------------------------------------------------------------------------------
def test_export_targets(tmp_path, store_path):
    out = tmp_path / "out"
    out.mkdir()
    null = device(out, "null")
    full = device(out, "full")
    (out / "real.csv").write_text("old\n")
    (out / "link.csv").symlink_to(out / "real.csv")
    (out / "loop.csv").symlink_to(out / "loop.csv")
    (out / "a.csv").write_text("old\n")
    os.link(out / "a.csv", out / "b.csv")
    (out / "dir.csv").mkdir()
    os.mkfifo(out / "pipe.csv")
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append((out / "pipe.csv").read_bytes()))
    reader.start()
    cases = {
        "a null device": (null, None),
        "a full device": (full, "No space left on device"),
        "a FIFO": (out / "pipe.csv", None),
        "a symbolic link": (out / "link.csv", None),
        "a symbolic link loop": (out / "loop.csv", "symbolic link loop"),
        "a hard-linked file": (out / "a.csv", None),
        "a directory": (out / "dir.csv", "is a directory"),
        "a missing folder": (out / "no" / "x.csv", "cannot write there"),
        "a name with a newline": (out / "new\nline.csv", None),
    }
    for name, (target, words) in cases.items():
        run = in_process("--db", str(store_path), "export", "-o", str(target))
        judge(SUITE, f"export -o {name}", run, expect=words, codes=(0, 1, 2))
    reader.join(10)
    assert stat.S_ISCHR(os.stat(null).st_mode) and stat.S_ISCHR(os.stat(full).st_mode)
    assert stat.S_ISFIFO(os.stat(out / "pipe.csv").st_mode) and received[0].startswith(b"id,")
    assert (out / "link.csv").is_symlink() and (out / "real.csv").read_text().startswith("id,")
    assert (out / "b.csv").read_text().startswith("id,")  # the other name of the hard link
    assert not (out / "no").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]
    run = in_process("--db", str(store_path), "export", "-o", "-")
    judge(SUITE, "export -o -", run)
    assert run.out.startswith("id,") and not Path("-").exists()


def test_export_into_a_read_only_folder_is_one_line(tmp_path, store_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder):
        run = process(
            "--db", str(store_path), "export", "-o", str(folder / "x.csv"),
            preexec=without_root_powers(),
        )  # fmt: skip
    judge(SUITE, "export -o into a read-only folder", run, expect="cannot write there", codes=(1,))
    assert list(folder.iterdir()) == []


def test_output_to_a_full_device_is_one_line(tmp_path, store_path):
    """`gloss list --json > /dev/full` was `OSError: [Errno 28]` and a traceback."""
    full = device(tmp_path, "full")
    for args in (["list", "--json"], ["export"], ["show", "1"]):
        with open(full, "w") as stdout:
            proc = subprocess.run(
                [sys.executable, "-m", "gloss", "--db", str(store_path), *args],
                stdout=stdout,
                stderr=subprocess.PIPE,
                text=True,
                env={**os.environ, "PYTHONPATH": str(REPO)},
                timeout=60,
            )
        run = Run(proc.returncode, "", proc.stderr, "Traceback" in proc.stderr)
        judge(SUITE, f"{args[0]} > a full device", run, expect="No space left", codes=(1,))


# -- import ------------------------------------------------------------------------------------
def test_import_paths(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["new\nline.txt", "new\\nline.txt", "esc\x1b]0;x\x07.txt", "-dash.txt", "tab\t.txt"]
    for i, name in enumerate(names):
        (folder / name).write_text(ARTICLE + f"Number {i}.\n")
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as handle:
        handle.write((ARTICLE + "Latin-1 name.\n").encode())
    os.mkfifo(folder / "pipe.txt")  # reading it would block forever
    (folder / "loop").symlink_to(folder)  # a folder link back to itself
    (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
    db = tmp_path / "s.db"
    run = in_process("--db", str(db), "import", "--no-analysis", str(folder))
    judge(
        SUITE,
        "import a folder of odd names",
        run,
        expect="not a regular file",
        codes=(1,),
        per_file=True,
    )
    assert "imported 6," in run.out and "\x1b" not in run.err
    stored = {
        row[0] for row in open_store(db, read_only=True).conn.execute("SELECT path FROM documents")
    }
    assert str(folder / "new\nline.txt") in stored and str(folder / "new\\nline.txt") in stored
    zero = device(tmp_path, "zero", "zero.txt")
    run = in_process("--db", str(db), "import", str(zero))
    judge(SUITE, "import a device", run, expect="not a regular file", codes=(1,), per_file=True)


# -- import-annotations --------------------------------------------------------------------------
def test_import_annotations_paths(tmp_path, store_path):
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "folder").mkdir()
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "binary.jsonl").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "deep.jsonl").write_text("[" * 200_000 + "]" * 200_000)
    (tmp_path / "deep.jsonld").write_text('{"a":' * 200_000 + "1" + "}" * 200_000)
    cases = {
        "a directory": (tmp_path / "folder", "is a directory"),
        "a FIFO": (tmp_path / "pipe.jsonl", "not a regular file (a FIFO)"),
        "a missing file": (tmp_path / "missing.csv", "no such file"),
        "an empty file": (tmp_path / "empty.csv", "not a gloss annotations export"),
        "a binary file": (tmp_path / "binary.jsonl", "not UTF-8"),
        "deeply nested JSON lines": (tmp_path / "deep.jsonl", "nested too deeply"),
        "deeply nested JSON-LD": (tmp_path / "deep.jsonld", "nested too deeply"),
    }
    with contextlib.suppress(pytest.skip.Exception):  # no device nodes here: the FIFO covers it
        cases["a device"] = (device(tmp_path, "zero"), "not a regular file (a device")
    before = digest(store_path)
    for name, (path, words) in cases.items():
        run = in_process("--db", str(store_path), "import-annotations", str(path))
        judge(SUITE, f"import-annotations {name}", run, expect=words, codes=(1,))
    assert digest(store_path) == before
