"""`gloss check`, `gloss backup`, `gloss restore`, and a damaged or vanished store on the
command line: one line on stderr and exit status 1, never a traceback."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from gloss.store import file_import, open_store
from gloss.store.file_import import ensure_seeded
from tests.cli.conftest import gloss, gloss_process
from tests.conftest import SEEDS, damage_table


def _seeded(db: str) -> None:
    store = open_store(db)
    ensure_seeded(store)
    store.close()


def test_check_a_healthy_store(db: str) -> None:
    _seeded(db)
    code, out, err = gloss(db, "check")
    assert code == 0 and not err
    assert out.strip() == (
        f"ok: {db} passed integrity_check, foreign_key_check and the full-text index checks "
        "(5 documents, 0 annotations)"
    )


def test_check_a_damaged_store_lists_problems_and_exits_1(db: str) -> None:
    _seeded(db)
    damage_table(db, "entities")
    result = gloss_process("--db", db, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    *problems, verdict = result.stdout.strip().splitlines()
    assert problems and all(line.startswith("integrity_check:") for line in problems)
    assert verdict.startswith(f"damaged: {db} failed") and "gloss restore" in verdict


def test_check_backup_and_restore_leave_another_programs_file_alone(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    good = tmp_path.parent / f"{tmp_path.name}-good.db"  # a healthy gloss store elsewhere
    _seeded(str(good))
    for args in (["check"], ["backup"], ["restore", str(good)]):
        result = gloss_process("--db", str(other), *args)
        assert result.returncode == 1 and "Traceback" not in result.stderr, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("gloss: "), (args, lines)
    assert other.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["other.db"]


def test_check_does_not_create_a_store(tmp_path: Path) -> None:
    db = str(tmp_path / "none.db")
    code, _out, err = gloss(db, "check")
    assert code == 1 and err.strip() == f"gloss: {db}: no store file here"
    assert not Path(db).exists()


def test_every_command_on_a_damaged_store_is_one_line(db: str) -> None:
    _seeded(db)
    damage_table(db, "documents")
    for args in (["list"], ["show", "1"], ["search", "kirby"], ["export", "--what", "documents"]):
        result = gloss_process("--db", db, *args)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"gloss: {db}: the store is damaged")
        assert "gloss check" in lines[0]


def test_a_store_deleted_during_an_import_is_one_line_and_nothing_is_lost(
    db: str, tmp_path: Path, monkeypatch
) -> None:
    _seeded(db)
    read = file_import._read
    calls: list[str] = []

    def moving_read(path: str, max_bytes: int) -> bytes:
        calls.append(path)
        if len(calls) == 2:  # the store goes away in the middle of the import
            Path(db).rename(tmp_path / "moved.db")
        return read(path, max_bytes)

    monkeypatch.setattr(file_import, "_read", moving_read)
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"Story {n}\n\nKirby said {n}.\n", encoding="utf-8")
    code, _out, err = gloss(db, "import", str(folder))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "deleted or moved while gloss was running" in lines[0]
    moved = open_store(tmp_path / "moved.db")
    assert moved.scalar("SELECT count(*) FROM documents") == 5  # the seeds, nothing half-done
    moved.close()


def test_backup_then_restore(db: str, tmp_path: Path) -> None:
    code, _out, _err = gloss(db, "import", "--no-analysis", str(SEEDS))
    assert code == 0
    gloss(db, "annotate", "1", "--quote", "Kirby", "--note", "before")
    code, out, err = gloss(db, "backup")
    assert code == 0 and not err
    made = out.split(" to ")[1].split(" (")[0]
    assert out.strip() == f"backed up {db} to {made} (5 documents, 1 annotations)"
    assert Path(made).name.startswith("store-backup-")
    gloss(db, "annotate", "2", "--quote", "Kirby", "--note", "after")
    # with no argument, restore lists the backups
    code, out, err = gloss(db, "restore")
    assert code == 0 and made in out and " backup " in out
    assert "`gloss restore BACKUP` brings one back" in err
    code, out, err = gloss(db, "restore", made)
    assert code == 0
    assert out.startswith(f"restored {db} from {made} (5 documents, 1 annotations)")
    assert "the store it replaced is kept as" in out
    code, out, _ = gloss(db, "annotations", "--json")
    notes = [row["note"] for row in json.loads(out)]
    assert notes == ["before"]
    code, out, _ = gloss(db, "check")
    assert code == 0 and out.startswith("ok:")


def test_backup_of_a_damaged_store_says_so(db: str, tmp_path: Path) -> None:
    _seeded(db)
    damage_table(db, "entities")
    target = tmp_path / "copy.db"
    code, out, err = gloss(db, "backup", str(target))
    assert code == 1 and not out
    assert err.startswith(f"gloss: {target} is a copy of a damaged store")
    assert target.exists()  # kept: it may hold what a repair needs


def test_restore_refuses_a_file_that_is_not_a_gloss_store(db: str, tmp_path: Path) -> None:
    _seeded(db)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    code, out, err = gloss(db, "restore", str(other))
    assert code == 1 and not out
    assert err.strip() == f"gloss: {other}: not a gloss store backup"


def test_quitting_the_reader_makes_the_daily_backup_of_a_changed_store(
    db: str, monkeypatch
) -> None:
    """The close-time half of the automatic backups (the reader's own start makes the other:
    tests/tui/test_store_problems.py); the session is stubbed: it adds one note."""
    from gloss.store.annotations import create_annotation
    from gloss.store.backups import list_backups
    from gloss.tui.app import GlossApp

    _seeded(db)
    opened: list[bool] = []

    def session(app: GlossApp) -> None:
        opened.append(app.backups)
        create_annotation(app.store, 1, 0, 5, note="written in the reader")

    monkeypatch.setattr(GlossApp, "run", session)
    code, _out, err = gloss(db, "--no-seeds")
    assert code == 0 and opened == [True]
    (backup,) = list_backups(db)
    assert backup.kind == "auto" and err.strip() == f"gloss: automatic backup: {backup.path}"
    assert open_store(backup.path).scalar("SELECT count(*) FROM annotations") == 1
    code, _out, err = gloss(db, "--no-seeds")  # the same day: no second backup
    assert code == 0 and not err and len(list_backups(db)) == 1
