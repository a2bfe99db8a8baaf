"""The hostile-store suite: every command against files that are not (good) gloss stores.

Issue 14: gloss must recognise its store before writing anything, never change another
program's file, call a broken store "damaged", and answer every failure (disk full,
read-only, locked, damaged) with one line and the right exit code, keeping what was saved.
Most cases run in-process (fast); those about a real process (resource limits, file
permissions as root) run `python -m gloss`. Outcomes are tallied by tests/cli/hostile.py.
"""

from __future__ import annotations

import resource
import signal
import sqlite3
from pathlib import Path

import pytest

from gloss.store import SCHEMA_VERSION, open_store
from gloss.store.annotations import create_annotation
from gloss.store.file_import import import_paths
from gloss.store.identity import APPLICATION_ID
from tests.cli.hostile import (
    folder_state,
    in_process,
    judge,
    process,
    read_only,
    without_root_powers,
)
from tests.conftest import SEEDS

SUITE = "hostile store"


def commands(other: Path) -> dict[str, list[str]]:
    """Every command that opens the store, with arguments that would work on a good one."""
    return {
        "list": ["list"],
        "list --json": ["list", "--json"],
        "show": ["show", "1"],
        "search": ["search", "Kirby"],
        "annotations": ["annotations"],
        "entities": ["entities"],
        "claims": ["claims"],
        "stories": ["stories"],
        "review --list": ["review", "--list"],
        "review --stats": ["review", "--stats"],
        "export": ["export"],
        "export -o": ["export", "-o", str(other / "out.csv")],
        "import": ["import", "--no-analysis", str(SEEDS)],
        "annotate": ["annotate", "1", "--tag", "x"],
        "import-annotations": ["import-annotations", str(other / "notes.jsonl")],
        "analyze": ["analyze", "--engine", "rules"],
    }


def gloss_store(path: Path) -> Path:
    """A good store: the five seeds, one annotation."""
    store = open_store(path)
    import_paths(store, [SEEDS])
    create_annotation(store, 1, 0, 5, tags=["kept"], note="kept")
    store.close()
    return path


def sqlite_file(path: Path, *statements: str, wal: bool = False) -> Path:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


def damage_page(path: Path, table: str) -> Path:
    """Garbage over a table's root page (the schema's: page 1 after the file header)."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    start = 100 if root is None else (root[0] - 1) * page_size
    with open(path, "r+b") as handle:
        handle.seek(start)
        handle.write(b"\xa5" * (page_size - start % page_size))
    return path


def truncated(path: Path, keep: float | int) -> Path:
    data = gloss_store(path).read_bytes()
    size = keep if isinstance(keep, int) else int(len(data) * keep)
    path.write_bytes(data[:size])
    return path


def user_data(path: Path) -> dict[str, set | None]:
    """The documents and annotations that can still be read (None: that table cannot)."""
    found: dict[str, set | None] = {}
    queries = {
        "documents": "SELECT id, sha256, text FROM documents",
        "annotations": "SELECT id, document_id, start, end, note FROM annotations",
    }
    for table, sql in queries.items():
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
            try:
                found[table] = set(conn.execute(sql).fetchall())
            finally:
                conn.close()
        except sqlite3.Error:
            found[table] = None
    return found


def lost_data(before: dict[str, set | None], after: dict[str, set | None]) -> bool:
    """Whether a row that could be read before is gone or changed."""
    return any(rows is not None and not rows <= (after[t] or set()) for t, rows in before.items())


# name -> (make the file at this path, words every refusal must contain)
NOT_STORES = {
    "a text file": (lambda p: p.write_text("my notes\n" * 100) and p, "not a gloss store"),
    "random bytes": (lambda p: p.write_bytes(bytes(range(256)) * 40) and p, "not a gloss store"),
    "a PNG image": (
        lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500)) and p,
        "not a gloss store",
    ),
    "SQLite, no version, a table": (
        lambda p: sqlite_file(
            p, "CREATE TABLE customers (name)", "INSERT INTO customers VALUES (1)"
        ),
        "not a gloss store",
    ),
    "SQLite in WAL mode": (
        lambda p: sqlite_file(p, "CREATE TABLE t (a)", "INSERT INTO t VALUES (1)", wal=True),
        "not a gloss store",
    ),
    "SQLite version 1 with documents": (
        lambda p: sqlite_file(
            p, "CREATE TABLE documents (id INTEGER PRIMARY KEY, body)", "PRAGMA user_version=1"
        ),
        "not a gloss store",
    ),
    "SQLite version 3 with documents": (
        lambda p: sqlite_file(
            p, "CREATE TABLE documents (id INTEGER PRIMARY KEY, text)", "PRAGMA user_version=3"
        ),
        "not a gloss store",
    ),
    "SQLite version 4": (
        lambda p: sqlite_file(p, "CREATE TABLE t (a)", "PRAGMA user_version=4"),
        "not a gloss store",
    ),
    "another application's id": (
        lambda p: sqlite_file(p, "CREATE TABLE t (a)", "PRAGMA application_id=1234"),
        "not a gloss store",
    ),
    "a newer gloss's store": (
        lambda p: sqlite_file(
            p,
            "CREATE TABLE t (a)",
            f"PRAGMA application_id={APPLICATION_ID}",
            f"PRAGMA user_version={SCHEMA_VERSION + 7}",
        ),
        "newer gloss",
    ),
    "a store cut to 10 bytes": (lambda p: truncated(p, 10), "damaged"),
    "a store cut to 60 bytes": (lambda p: truncated(p, 60), "damaged"),
    "a store cut to a third": (lambda p: truncated(p, 1 / 3), "damaged"),
    "a store cut to two thirds": (lambda p: truncated(p, 2 / 3), "damaged"),
    "a damaged schema page": (lambda p: damage_page(gloss_store(p), "sqlite_master"), "damaged"),
    "a damaged documents page": (lambda p: damage_page(gloss_store(p), "documents"), "damaged"),
    "a damaged annotations page": (
        lambda p: damage_page(gloss_store(p), "annotations"),
        "damaged",
    ),
}


@pytest.fixture(scope="module")
def other(tmp_path_factory) -> Path:
    """A folder for outputs, with an annotations export of the seeds (to import)."""
    folder = tmp_path_factory.mktemp("other")
    source = gloss_store(folder / "source.db")
    run = in_process("--db", str(source), "export", "--format", "jsonl")
    (folder / "notes.jsonl").write_text(run.out, encoding="utf-8")
    return folder


@pytest.mark.parametrize("case", NOT_STORES)
def test_every_command_refuses_a_file_that_is_not_a_good_store(tmp_path, other, case):
    make, words = NOT_STORES[case]
    folder = tmp_path / "store"
    folder.mkdir()
    path = make(folder / "s.db")
    before, kept = folder_state(folder), user_data(path)
    foreign = not case.startswith(("a store", "a damaged"))
    for name, args in commands(other).items():
        run = in_process("--db", str(path), *args)
        changed = folder_state(folder) != before
        lost = not foreign and lost_data(kept, user_data(path))
        if run.code == 0 and case.startswith("a damaged"):
            # A command that never reads the damaged page works, and keeps what was there.
            judge(SUITE, f"{case}: {name}", run, data_lost=lost)
            continue
        judge(
            SUITE,
            f"{case}: {name}",
            run,
            expect=words,
            codes=(1,),
            names=str(path),
            foreign_changed=changed and foreign,
            data_lost=lost or (changed and case.startswith("a store")),  # left for recovery
        )


def test_an_older_gloss_store_is_upgraded_stamped_and_kept(tmp_path):
    path = gloss_store(tmp_path / "s.db")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id=0")  # as a gloss from before the id left it
    conn.commit()
    conn.close()
    for name, args in (("list", ["list", "--json"]), ("annotate", ["annotate", "2", "--tag", "y"])):
        run = in_process("--db", str(path), *args)
        judge(SUITE, f"a store from before the id: {name}", run)
    store = open_store(path, read_only=True)
    kept = store.scalar("SELECT count(*) FROM annotations")
    assert (store.scalar("PRAGMA application_id"), kept) == (APPLICATION_ID, 2)
    store.close()


def test_an_empty_file_becomes_a_store_only_for_writing_commands(tmp_path):
    path = tmp_path / "s.db"
    path.write_bytes(b"")
    judge(SUITE, "an empty file: list", in_process("--db", str(path), "list"), expect="no gloss")
    assert path.read_bytes() == b""
    judge(SUITE, "an empty file: import", in_process("--db", str(path), "import", str(SEEDS)))
    assert "Kirby" in in_process("--db", str(path), "search", "Kirby").out


def test_a_locked_store_says_so(tmp_path, monkeypatch):
    import gloss.store.db

    monkeypatch.setattr(gloss.store.db, "BUSY_TIMEOUT_MS", 50)
    path = gloss_store(tmp_path / "s.db")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the store
    try:
        run = in_process("--db", str(path), "annotate", "1", "--tag", "x")
        judge(SUITE, "a locked store: annotate", run, expect="locked", codes=(1,))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert open_store(path).scalar("SELECT count(*) FROM annotations") == 1


# -- real processes: file permissions and a full disk ------------------------------------------
def store_counts(path: Path) -> tuple[int, int, str]:
    conn = sqlite3.connect(path)
    found = (
        conn.execute("SELECT count(*) FROM documents").fetchone()[0],
        conn.execute("SELECT count(*) FROM annotations").fetchone()[0],
        conn.execute("PRAGMA integrity_check").fetchone()[0],
    )
    conn.close()
    return found


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_store_reads_and_refuses_writes_in_one_line(tmp_path, what):
    folder = tmp_path / "store"
    folder.mkdir()
    path = gloss_store(folder / "s.db")
    locked = (path,) if what == "file" else (folder,)
    with read_only(*locked):
        drop = without_root_powers()
        cases = [
            ("list", ["list"], None),
            ("annotate", ["annotate", "1", "--tag", "x"], "read-only"),
        ]
        if what == "folder":  # no -wal or -shm can be made there: reads go through immutable
            cases.insert(1, ("export", ["export", "--format", "jsonl"], None))
        for name, args, expect in cases:
            run = process("--db", str(path), *args, preexec=drop)
            judge(SUITE, f"a read-only store {what}: {name}", run, expect=expect, codes=(0, 1))
            if name == "list":
                assert "Bloomberg" in run.out
    assert store_counts(path) == (5, 1, "ok")


def full_disk(max_bytes: int):
    """A preexec function: no file may grow past max_bytes (EFBIG, as a full disk)."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return limit


def big_corpus(folder: Path, files: int = 30) -> Path:
    folder.mkdir()
    for i in range(files):
        text = f"Report {i}\n\nOfficials in Paris said on Monday that prices rose. " * 300
        (folder / f"r{i}.txt").write_text(text)
    return folder


@pytest.mark.parametrize(
    "case",
    ["import", "annotate at commit", "analyze", "import-annotations"],
)
def test_a_full_disk_is_one_line_and_the_store_stays_consistent(tmp_path, case):
    path = gloss_store(tmp_path / "s.db")
    if case == "analyze":
        # Enough waiting text that its analysis outgrows what the limit leaves (the WAL may
        # grow as large as the store itself, and the seeds' analysis fits in that).
        corpus = str(big_corpus(tmp_path / "in"))
        assert in_process("--db", str(path), "import", "--no-analysis", corpus).code == 0
    before = store_counts(path)
    size = path.stat().st_size
    env = {"GLOSS_ENGINE": "rules"}
    if case == "import":
        args = ["import", "--no-analysis", str(big_corpus(tmp_path / "in"))]
    elif case == "annotate at commit":
        args = ["annotate", "1", "--note", "n" * 60_000]
    elif case == "analyze":
        args = ["analyze", "--engine", "rules"]
    else:
        export = tmp_path / "notes.jsonl"
        other = gloss_store(tmp_path / "other.db")
        store = open_store(other)
        for i in range(30):
            create_annotation(store, 1 + i % 5, note=f"note {i} " * 2000)
        store.close()
        assert in_process("--db", str(other), "export", "--format", "jsonl", "-o", str(export))
        args = ["import-annotations", str(export)]
    # The WAL is a new file: a limit below what the change needs fails it at commit.
    limit = 32_768 if case == "annotate at commit" else size + 8192
    run = process("--db", str(path), *args, env=env, preexec=full_disk(limit))
    judge(SUITE, f"a full disk: {case}", run, expect="disk", codes=(1,), names=str(path))
    docs, notes, check = store_counts(path)
    lost = docs < before[0] or notes < before[1] or check != "ok"
    judge(SUITE, f"a full disk: {case}: reopened", in_process("--db", str(path), "list"))
    assert not lost, (before, (docs, notes, check))
