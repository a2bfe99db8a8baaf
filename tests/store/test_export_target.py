"""Where an export goes: devices and FIFOs streamed, links kept, ENOSPC reported, leftovers cleaned.

Issue 14, items 4 (`export -o` replaced what was not a regular file) and 10 (part files left
by a killed export were never cleaned up).
"""

from __future__ import annotations

import fcntl
import io
import os
import stat
import threading
from pathlib import Path

import pytest

from gloss.store import GlossError
from gloss.store.export import export_file
from gloss.store.export_target import remove_stale_parts


def is_char_device(path: Path) -> bool:
    return stat.S_ISCHR(os.stat(path).st_mode)


def device(folder: Path, name: str) -> Path:
    """A private copy of /dev/null or /dev/full (a device node in a temporary folder), so a
    regression replaces that node, never the machine's own device."""
    numbers = {"null": (1, 3), "full": (1, 7)}[name]
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(*numbers))
    except OSError:  # not root, or no CAP_MKNOD in this container
        pytest.skip("cannot make a device node here")
    return path


def test_a_null_device_is_written_not_replaced(source, tmp_path):
    null = device(tmp_path, "null")
    assert export_file(source, null) == 6
    assert is_char_device(null)


def test_a_full_device_is_an_error_not_a_success(source, tmp_path):
    full = device(tmp_path, "full")
    with pytest.raises(GlossError, match="No space left on device"):
        export_file(source, full)
    assert is_char_device(full)


def test_a_fifo_is_streamed(source, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    export_file(source, fifo, fmt="jsonl")
    reader.join(10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and received[0].count(b"\n") == 6


def test_a_symlink_stays_a_link_and_its_target_gets_the_export(source, tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    export_file(source, link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("id,document_id")


def test_a_dangling_symlink_creates_its_target(source, tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "later.csv")
    export_file(source, link)
    assert link.is_symlink() and (tmp_path / "later.csv").read_text().startswith("id,")


def test_a_symlink_loop_is_an_error(source, tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    with pytest.raises(GlossError, match="symbolic link loop"):
        export_file(source, tmp_path / "loop")


def test_every_name_of_a_hard_linked_file_sees_the_export(source, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text("old\n")
    second = tmp_path / "b.csv"
    os.link(first, second)
    export_file(source, first)
    assert os.stat(first).st_ino == os.stat(second).st_ino
    assert second.read_text(encoding="utf-8").startswith("id,document_id")


def test_a_regular_file_keeps_its_mode(source, tmp_path):
    out = tmp_path / "a.csv"
    out.write_text("old\n")
    out.chmod(0o640)
    export_file(source, out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o640


def test_dash_is_stdout(source, tmp_path):
    stdout = io.BytesIO()
    export_file(source, "-", stdout=stdout)
    assert stdout.getvalue().startswith(b"id,document_id") and not (tmp_path / "-").exists()


def test_leftover_part_files_are_removed_but_a_running_one_is_kept(source, tmp_path):
    tmp_path = tmp_path / "out"  # beside the source store's files
    tmp_path.mkdir()
    out = tmp_path / "a.csv"
    stale = tmp_path / ".a.csv.k1ll3d00.part"
    stale.write_bytes(b"x" * 1000)  # what a SIGKILL left behind
    other = tmp_path / ".b.csv.k1ll3d00.part"  # another target's: not ours to remove
    other.write_bytes(b"y")
    running = tmp_path / ".a.csv.running.part"
    running.write_bytes(b"z")
    with open(running, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # an export in another process is writing it
        export_file(source, out)
        assert not stale.exists()
        assert running.exists() and other.exists()
    assert remove_stale_parts(out) == 1 and not running.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".b.csv.k1ll3d00.part", "a.csv"]


def test_a_failed_export_leaves_no_part_file(source, tmp_path):
    def fail(done, total):
        raise RuntimeError("stop")

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(RuntimeError):
        export_file(source, folder / "a.csv", progress=fail)
    assert list(folder.iterdir()) == []
