"""One definition of the characters a terminal obeys, used by the reader, the CLI and tags.

Issue 14, item 6: C1 controls (U+009B is an 8-bit CSI) and direction overrides count too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gloss.cli.output import printable
from gloss.store import GlossError
from gloss.store.annotations import clean_tag
from gloss.store.text_safety import UNSAFE, escape_unsafe, has_unsafe
from gloss.tui.safe import clean
from tests.conftest import REPO

HOSTILE = {
    "ESC": "\x1b]52;c;cHduZWQ=\x07",  # OSC 52: write the clipboard
    "CSI 8-bit": "\x9b31m",
    "OSC 8-bit": "\x9d0;title\x9c",
    "DEL": "\x7f",
    "CR": "over\rwrite",
    "RLO": "abc\u202edcba",
    "isolate": "\u2067x\u2069",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_every_printer_escapes_the_same_characters(name):
    text = HOSTILE[name]
    assert has_unsafe(text)
    for shown in (printable(text), clean(text), escape_unsafe(text, json=True)):
        assert not UNSAFE.search(shown), shown
    with pytest.raises(GlossError, match="control characters"):
        clean_tag(f"tag {text}")


def test_escapes_are_visible_and_layout_is_kept_where_asked():
    assert printable("a\x1bb\x9bc\u202ed") == "a\\x1bb\\x9bc\\u202ed"
    assert printable("line\nnext\ttab") == "line\\nnext\ttab"
    assert printable("line\nnext", keep_newlines=True) == "line\nnext"
    assert escape_unsafe("row\r\nlone\r", keep_newlines=True) == "row\r\nlone\\r"
    assert escape_unsafe('{"a": "\x9b"}', json=True) == '{"a": "\\u009b"}'
    # One for one, so offsets hold; a direction override has a sign of its own, not the
    # replacement character of an undecodable byte.
    assert clean("a\x1bb\x9bc\u202ed\u2066f\te") == "a␛b\ufffdc⇄d⇄f e"
    # every C0 character shows as its control picture, DEL too: a bell is no "?"
    assert clean("\x07\x00\r\x7f") == "␇␀␍␡"
    plain = "Kim Jong Un — “quoted”, ünïcödé, עברית, العربية, 中文"
    assert printable(plain) == clean(plain) == escape_unsafe(plain) == plain
    assert not has_unsafe(plain)


def test_there_is_one_definition_of_control_characters():
    """The reader, the CLI and tag checks import it; nobody keeps a copy of the ranges."""
    pattern = re.compile(r"re\.compile\(r?[\"']\[\\\\?x00")
    copies = [
        str(path.relative_to(REPO))
        for folder in ("store", "tui", "cli")
        for path in (REPO / folder).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
        and path != REPO / "store" / "text_safety.py"
    ]
    assert copies == []
    assert Path(REPO / "store" / "text_safety.py").exists()
