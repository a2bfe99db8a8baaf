"""The settings file: read, write one key keeping the rest, clear errors."""

from __future__ import annotations

import pytest

from gloss.store.config import Config, config_path, load_config, save_setting
from gloss.store.errors import GlossError


def test_absent_file_means_no_settings(tmp_path):
    assert load_config(tmp_path / "none.toml") == Config()


def test_save_keeps_the_other_settings_and_unknown_keys(tmp_path):
    path = tmp_path / "sub" / "config.toml"
    path.parent.mkdir()
    path.write_text('author = "ana"\nmine = 3\n', encoding="utf-8")
    save_setting("theme", "nord", path)
    assert load_config(path) == Config(theme="nord", author="ana")
    assert "mine = 3" in path.read_text(encoding="utf-8")
    assert not list(path.parent.glob("*.partial"))


def test_bad_files_are_one_clear_error(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("theme = \n", encoding="utf-8")
    with pytest.raises(GlossError, match=r"config\.toml: not valid TOML"):
        load_config(path)
    path.write_text("theme = 3\n", encoding="utf-8")
    with pytest.raises(GlossError, match="theme must be a string"):
        load_config(path)
    with pytest.raises(GlossError, match="unknown setting"):
        save_setting("colour", "red", path)


def test_the_environment_names_another_file(tmp_path, monkeypatch):
    monkeypatch.setenv("GLOSS_CONFIG", str(tmp_path / "elsewhere.toml"))
    assert config_path() == tmp_path / "elsewhere.toml"
    monkeypatch.delenv("GLOSS_CONFIG")
    assert config_path().name == "config.toml" and "gloss" in str(config_path())


def test_keymap_table_is_read_and_checked(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "nord"\n[keymap]\n"library.sort" = "o"\n"reader.next_claim" = " ctrl+n , ] "\n',
        encoding="utf-8",
    )
    assert load_config(path).keymap == {"library.sort": "o", "reader.next_claim": "ctrl+n,]"}
    save_setting("author", "ana", path)  # the table is kept when another setting is written
    assert load_config(path).keymap["library.sort"] == "o"
    path.write_text('keymap = "o"\n', encoding="utf-8")
    with pytest.raises(GlossError, match="keymap must be a table"):
        load_config(path)
    path.write_text('[keymap]\n"library.sort" = 3\n', encoding="utf-8")
    with pytest.raises(GlossError, match=r"config\.toml: keymap\.library\.sort must be keys"):
        load_config(path)
