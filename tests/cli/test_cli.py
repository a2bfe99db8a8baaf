"""The `gloss` command end to end on a temporary store: import, list, show, search, errors."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from gloss.cli import main
from gloss.store.identity import APPLICATION_ID
from tests.cli.conftest import gloss, gloss_process
from tests.conftest import SEEDS


def test_import_list_show_search_round_trip(db, tmp_path):
    code, out, err = gloss(db, "import", "--no-analysis", str(SEEDS))
    assert code == 0, err
    assert out.strip().startswith("imported 5, unchanged 0, rejected 0")

    code, out, _ = gloss(db, "list", "--json")
    docs = json.loads(out)
    assert len(docs) == 5
    for doc in docs:
        assert set(doc) >= {
            "id",
            "sha256",
            "title",
            "outlet",
            "byline",
            "published",
            "path",
            "words",
            "entities",
            "claims",
            "annotations",
        }
    titles = {d["title"] for d in docs}
    assert "White House accuses North Korea of providing Russia with weapons" in titles
    reuters = next(d for d in docs if d["title"].startswith("White House accuses"))

    code, out, _ = gloss(db, "show", str(reuters["id"]), "--json")
    shown = json.loads(out)
    assert shown["sha256"] == reuters["sha256"]
    assert shown["text"].startswith("White House accuses North Korea")
    assert {"entities", "claims", "annotations", "engine"} <= set(shown)

    code, out, _ = gloss(db, "show", reuters["sha256"][:10], "--json")
    assert json.loads(out)["id"] == reuters["id"]

    code, out, _ = gloss(db, "show", str(reuters["id"]))
    assert code == 0 and "Jeff Mason" in out

    code, out, _ = gloss(db, "search", "condemn", "--json")
    hits = json.loads(out)
    assert code == 0 and hits
    assert all({"id", "title", "snippet"} <= set(h) for h in hits)
    assert reuters["id"] in {h["id"] for h in hits}

    code, out, _ = gloss(db, "list")
    assert code == 0 and "Bloomberg" in out and "title" in out.splitlines()[0]


def test_reimport_is_unchanged_and_rejections_exit_1(db, tmp_path):
    gloss(db, "import", "--no-analysis", str(SEEDS))
    code, out, _ = gloss(db, "import", "--no-analysis", str(SEEDS))
    assert code == 0
    assert out.startswith("imported 0, unchanged 5, rejected 0")

    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_text("   \n")
    (bad / "good.txt").write_text("A short report.\n\nSomething happened on Monday.")
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    code, out, err = gloss(db, "import", "--no-analysis", str(bad))
    assert code == 1
    assert out.startswith("imported 1, unchanged 0, rejected 2")
    reasons = dict(line.rsplit(": ", 1) for line in err.strip().splitlines())
    assert set(reasons) == {str(bad / "empty.txt"), str(bad / "image.txt")}
    assert all(reasons.values())


def test_changed_file_updates_the_same_document(db, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Headline\n\nFirst version of the story.")
    gloss(db, "import", "--no-analysis", str(path))
    first = json.loads(gloss(db, "list", "--json")[1])
    path.write_text("Headline\n\nSecond, corrected version of the story.")
    code, out, _ = gloss(db, "import", "--no-analysis", str(path))
    assert code == 0 and out.strip().endswith("updated 1")
    second = json.loads(gloss(db, "list", "--json")[1])
    assert [d["id"] for d in second] == [d["id"] for d in first]
    assert second[0]["sha256"] != first[0]["sha256"]


def test_unknown_document_is_one_line_error(db):
    gloss(db, "import", "--no-analysis", str(SEEDS))
    code, out, err = gloss(db, "show", "99999")
    assert code == 1
    assert err.strip().startswith("gloss: no document")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "setup, expected",
    [
        ("missing_dir", "does not exist"),
        ("not_sqlite", "not a gloss store"),
        ("newer", "newer gloss"),
    ],
)
def test_store_errors_are_one_line_without_traceback(tmp_path, setup, expected):
    if setup == "missing_dir":
        path = tmp_path / "no" / "such" / "dir" / "gloss.db"
    elif setup == "not_sqlite":
        path = tmp_path / "gloss.db"
        path.write_text("hello, I am a text file\n" * 50)
    else:
        path = tmp_path / "gloss.db"
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE t (a)")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 999")
        conn.commit()
        conn.close()
    proc = gloss_process("--db", str(path), "list")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert expected in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_usage_error_exits_2():
    proc = gloss_process("import")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_every_command_has_help():
    runner = CliRunner()
    for name in main.list_commands(None):
        command = main.get_command(None, name)
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help, f"{name} has no help text"


def test_each_command_is_found_in_the_module_named_for_it():
    """The root group imports a command's module only when the command runs (so `gloss`
    alone loads none): its map of names to modules is every module's COMMANDS, no more."""
    import importlib

    defined = {
        command.name: module
        for module in set(main.lazy.values())
        for command in importlib.import_module(f"gloss.cli.{module}").COMMANDS
    }
    assert defined == main.lazy
    assert len(defined) == 18


def test_gloss_db_environment_variable(tmp_path):
    path = tmp_path / "env.db"
    proc = gloss_process("import", "--no-analysis", str(SEEDS), env={"GLOSS_DB": str(path)})
    assert proc.returncode == 0, proc.stderr
    assert path.exists()
    listed = gloss_process("list", "--json", env={"GLOSS_DB": str(path)})
    assert len(json.loads(listed.stdout)) == 5


def test_control_characters_never_reach_the_terminal(db, tmp_path):
    path = tmp_path / "evil.txt"
    path.write_text("Title \x1b[31mred\x1b[0m [bold]x[/]\n\nBody with \x1b]0;pwned\x07 escapes.")
    gloss(db, "import", "--no-analysis", str(path))
    for args in (["list"], ["show", "1"], ["search", "escapes"]):
        code, out, _ = gloss(db, *args)
        assert code == 0
        assert "\x1b" not in out and "\x07" not in out
    code, out, _ = gloss(db, "show", "1")
    assert "[bold]x[/]" in out and "\\x1b[31m" in out
    shown = json.loads(gloss(db, "show", "1", "--json")[1])
    assert "\x1b[31mred" in shown["title"] + shown["text"]


def test_bare_gloss_opens_at_once_and_seeds_an_empty_store_in_the_app(tmp_path, monkeypatch):
    """The seeding runs inside the app (tests/tui/test_first_run.py); the CLI only decides."""
    from gloss.tui.app import GlossApp

    opened: list[GlossApp] = []
    monkeypatch.setattr(GlossApp, "run", lambda self: opened.append(self))
    monkeypatch.setenv("GLOSS_ENGINE", "rules")
    db = str(tmp_path / "first.db")
    code, _, err = gloss(db)
    assert code == 0, err
    assert opened[-1].first_run and opened[-1].engine == "rules"
    assert json.loads(gloss(db, "list", "--json")[1]) == []  # nothing imported before the UI
    code, _, err = gloss(db, "--no-seeds")
    assert code == 0 and not opened[-1].first_run
    monkeypatch.setenv("GLOSS_ENGINE", "bogus")
    code, _, err = gloss(db)
    assert code == 1 and "GLOSS_ENGINE='bogus'" in err
    monkeypatch.delenv("GLOSS_ENGINE")

    other = tmp_path / "other.db"
    story = tmp_path / "story.txt"
    story.write_text("Headline\n\nOfficials in Paris said on Monday that prices rose.")
    gloss(str(other), "import", "--no-analysis", str(story))
    code, _, _ = gloss(str(other))
    assert code == 0
    listed = json.loads(gloss(str(other), "list", "--json")[1])
    assert len(listed) == 1 and not opened[-1].first_run  # a store with documents is not seeded
    assert listed[0]["entities"] == 0  # and opening it analyses nothing behind the user's back


def test_search_says_how_many_of_how_many(db):
    gloss(db, "import", "--no-analysis", str(SEEDS))
    code, out, err = gloss(db, "search", "korea", "--limit", "2")
    assert code == 0
    assert len([line for line in out.splitlines() if line[:6].strip()]) == 2  # two ids
    assert "2 of 5 documents (--limit 5 lists them all)" in err
    code, out, err = gloss(db, "search", "outlet:reuters")
    assert code == 0 and "1 document" in err and "of" not in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["lst"], "gloss: No such command 'lst'. Did you mean 'list'? (see gloss --help)"),
        (["list", "--bogus"], "gloss: list: No such option '--bogus'. (see gloss list --help)"),
        (["show"], "gloss: show: Missing argument 'DOC'. (see gloss show --help)"),
        (["--bogus"], "gloss: No such option '--bogus'. (see gloss --help)"),
    ],
)
def test_usage_errors_are_one_line(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.strip() == message
    assert result.stdout == ""


def test_global_options_may_follow_the_command(db):
    gloss(db, "import", "--no-analysis", str(SEEDS))
    result = CliRunner().invoke(main, ["list", "--json", "--db", db])
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 5
    result = CliRunner().invoke(main, ["search", "korea", f"--db={db}", "--author", "ana"])
    assert result.exit_code == 0 and "5 documents" in result.stderr
    # analyze has an --engine of its own: it stays the command's.
    result = CliRunner().invoke(main, ["analyze", "--engine", "rules", "--all", "--db", db])
    assert result.exit_code == 0, result.stderr


def test_show_says_one_of_a_kind_in_the_singular(db):
    gloss(db, "import", "--no-analysis", str(SEEDS))
    doc = json.loads(gloss(db, "list", "--json")[1])[0]
    gloss(db, "annotate", str(doc["id"]), "--tag", "x")
    code, out, _ = gloss(db, "show", str(doc["id"]))
    assert code == 0 and "1 annotation\n" in out and "0 claims" in out


def test_config_prints_where_the_file_is_and_the_author_comes_from_it(db, tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("GLOSS_CONFIG", str(path))
    monkeypatch.delenv("GLOSS_AUTHOR", raising=False)
    code, out, _ = gloss(db, "config")
    assert code == 0
    assert out.splitlines() == [
        f"{path} (not created yet)",
        "theme = (not set)",
        "author = (not set)",
        "export_folder = (not set)",
    ]
    path.write_text('author = "from config"\n', encoding="utf-8")
    assert "author = 'from config'" in gloss(db, "config")[1]
    gloss(db, "import", "--no-analysis", str(SEEDS))
    doc = json.loads(gloss(db, "list", "--json")[1])[0]
    gloss(db, "annotate", str(doc["id"]), "--tag", "x")
    assert json.loads(gloss(db, "annotations", "--json")[1])[0]["author"] == "from config"
    gloss(db, "--author", "option", "annotate", str(doc["id"]), "--tag", "y")
    authors = {a["author"] for a in json.loads(gloss(db, "annotations", "--json")[1])}
    assert authors == {"from config", "option"}
    path.write_text("author = \n", encoding="utf-8")
    code, _, err = gloss(db, "config")
    assert code == 1 and err.strip().startswith(f"gloss: {path}: not valid TOML")


def test_config_lists_the_keymap_and_every_binding_id(db, tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\n"library.sort" = "o"\n"libary.sort" = "z"\n', encoding="utf-8")
    monkeypatch.setenv("GLOSS_CONFIG", str(path))
    code, out, _ = gloss(db, "config")
    assert code == 0
    assert out.splitlines()[-2:] == [
        "keymap.library.sort = 'o'",
        "keymap.libary.sort = 'z'  (no such key binding: gloss config --keys lists them)",
    ]
    code, out, _ = gloss(db, "config", "--keys")
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines() if line[:2] == "  "}
    assert rows["library.sort"] == "o"  # the keymap's key, not the default s
    assert rows["app.help"] == "question_mark,f1" and rows["library.saved_filters"] == "F"
    assert "view.scroll" not in rows  # a help row, not a binding a keymap can change


def test_config_knows_every_screen_s_bindings_in_a_new_process(db, tmp_path):
    """A new-user test: in its own process `gloss config --keys` listed no binding under
    Reader, Corpus, Speaker... (their screens are imported when first shown) and `gloss
    config` called "reader.next_claim" no key binding. In-process tests had imported them."""
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\n"reader.next_claim" = "x"\n', encoding="utf-8")
    env = {"GLOSS_CONFIG": str(path)}
    listed = gloss_process("--db", db, "config", "--keys", env=env)
    assert listed.returncode == 0, listed.stderr
    sections: dict[str, list[str]] = {}
    for line in listed.stdout.splitlines():
        if line.endswith(":"):
            sections[line[:-1]] = rows = []
        else:
            rows.append(line.split()[0])
    assert all(sections.values()), [title for title, ids in sections.items() if not ids]
    assert "reader.next_claim" in sections["Reader"]
    shown = gloss_process("--db", db, "config", env=env)
    assert shown.stdout.splitlines()[-1] == "keymap.reader.next_claim = 'x'", shown.stdout


def test_an_import_that_finds_nothing_says_so(db, tmp_path):
    """A new-user test imported an empty folder: `imported 0, ...` and nothing else."""
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    code, out, err = gloss(db, "import", str(folder))
    assert out.strip() == "imported 0, unchanged 0, rejected 0, updated 0"
    # ... naming the folder, and failing (a second new-user test saw exit 0 and no path)
    assert code == 1
    assert err.strip() == (
        f"{folder}: no importable files (.txt, .md, .markdown, .html, .htm) found "
        "(1 file of other types skipped)"
    )
