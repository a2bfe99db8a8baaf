"""The README's two commands are what users and CI run: keep them honest."""

from __future__ import annotations

import re

from tests.conftest import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_starts_with_two_one_line_commands():
    commands = readme_commands()
    assert len(commands[0].splitlines()) == 1
    assert len(commands[1].splitlines()) == 1
    assert commands[0].endswith("gloss")
    assert "pytest" in commands[1]
    assert commands[0].startswith("python3 -m venv") and commands[1].startswith("python3 -m venv")


def test_ci_runs_exactly_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    last = [line for line in ci.splitlines() if line.strip() and not line.startswith("#")][-1]
    assert last == readme_commands()[1]


def test_seeds_are_the_five_articles():
    names = sorted(p.name for p in (REPO / "seeds").glob("*.txt"))
    assert len(names) == 5
    assert names[0].startswith("000_")


def test_seeds_are_byte_identical_to_the_shared_originals():
    from tests.conftest import shared_data

    originals = shared_data("..", "seeds")
    for ours in (REPO / "seeds").glob("*.txt"):
        assert ours.read_bytes() == (originals / ours.name).read_bytes()


def test_every_command_is_documented_in_the_readme():
    from gloss.cli import main

    text = (REPO / "README.md").read_text(encoding="utf-8")
    for name in main.list_commands(None):
        assert f"gloss {name}" in text, f"README does not mention `gloss {name}`"
