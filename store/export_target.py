"""Where an export goes: a regular file (atomically), a device or FIFO (streamed), or stdout.

Why each case is handled as it is:

* **A regular file** is written to a hidden ``.<name>.<random>.part`` file beside it, flushed
  to disk, then renamed over it: a failed or killed export never leaves half a file, and the
  old file stays until the new one is complete. The file keeps its permissions (and, when
  gloss runs as root, its owner).
* **A symbolic link** is followed on purpose: the file it points to gets the export and the
  link stays a link (replacing the link by a file would leave its target stale).
* **A file with several hard links** is rewritten in place once the export is complete in
  the part file, so every name sees the new export (a rename would detach this one name).
* **A character device or FIFO** (``/dev/null``, ``/dev/stdout``, ``/dev/full``, a named
  pipe) is written as a stream, never replaced by a file; an error while writing (a full
  disk: ENOSPC) is an error of the export.
* **stdout** (no target, or ``-``): the export is written to a temporary file first and copied
  out only once complete, so a failed export prints nothing.
* **Leftover part files.** A part file is locked (``flock``) while its export runs, so when a
  killed export left one behind, the next export to the same target finds it unlocked and
  removes it; the part file of an export still running elsewhere stays.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from gloss.store.errors import GlossError

try:
    import fcntl
except ImportError:  # Windows: no flock; leftover part files are not cleaned up there
    fcntl = None  # type: ignore[assignment]

BUFFER = 1 << 20


def is_stdout(target: Path | str | None) -> bool:
    """No target, or ``-``: the export goes to standard output."""
    return target is None or str(target) == "-"


@contextlib.contextmanager
def export_output(target: Path | str | None, stdout: BinaryIO | None = None) -> Iterator[BinaryIO]:
    """A binary file for one export; what it holds reaches ``target`` (or ``stdout``) only
    when the block ends without an error (see the module docstring for each kind of target).
    """
    if is_stdout(target):
        if stdout is None:
            raise ValueError("give a target path or a stdout stream")
        with tempfile.TemporaryFile(buffering=BUFFER) as tmp:
            yield tmp  # type: ignore[misc]
            tmp.seek(0)
            shutil.copyfileobj(tmp, stdout, BUFFER)
            stdout.flush()
        return
    path = Path(target)  # type: ignore[arg-type]
    info = _stat(path)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise GlossError(f"{path}: is a directory; give a file name")
    if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        with open(path, "wb", buffering=BUFFER) as stream:
            yield stream
            stream.flush()
        return
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise GlossError(f"{path}: not a regular file, device or FIFO; give a file name")
    real = Path(os.path.realpath(path))  # a symbolic link's target gets the export
    with _part_file(real) as (handle, part):
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
        if info is not None and info.st_nlink > 1:
            _rewrite_in_place(part, real)
            return
        _keep_mode_and_owner(part, info)
        os.replace(part, real)


def _stat(path: Path) -> os.stat_result | None:
    """The target's status through symbolic links; None when there is no file (yet)."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise GlossError(f"{path}: a symbolic link loop") from None
        raise GlossError(f"{path}: cannot write there ({exc.strerror})") from None


@contextlib.contextmanager
def _part_file(real: Path) -> Iterator[tuple[BinaryIO, str]]:
    """A locked, hidden part file beside ``real`` (leftovers of killed exports removed
    first); deleted again unless the caller renamed it."""
    remove_stale_parts(real)
    for _ in range(5):
        try:
            fd, part = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".part")
        except OSError as exc:
            raise GlossError(f"{real}: cannot write there ({exc.strerror})") from None
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
            # Another export's cleanup may have taken the file between mkstemp and flock.
            try:
                same = os.stat(part).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
        break
    else:
        raise GlossError(f"{real}: cannot write there (part files keep disappearing)")
    try:
        with os.fdopen(fd, "wb", buffering=BUFFER) as handle:
            yield handle, part
    finally:
        with contextlib.suppress(OSError):
            os.unlink(part)


def remove_stale_parts(real: Path) -> int:
    """Remove the part files of ``real`` that no running export holds (left by a kill);
    returns how many were removed."""
    if fcntl is None:
        return 0
    removed = 0
    prefix = f".{real.name}."
    try:
        names = [n for n in os.listdir(real.parent) if n.startswith(prefix) and n.endswith(".part")]
    except OSError:
        return 0
    for name in names:
        candidate = real.parent / name
        try:
            fd = os.open(candidate, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # an export is writing it right now
                continue
            with contextlib.suppress(OSError):
                os.unlink(candidate)
                removed += 1
        finally:
            os.close(fd)
    return removed


def _keep_mode_and_owner(part: str, info: os.stat_result | None) -> None:
    """Give the part file the old file's permissions (a new file: 0666 minus the umask)."""
    if info is None:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(part, 0o666 & ~mask)
        return
    os.chmod(part, info.st_mode & 0o7777)
    if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):  # only root may give a file away
            os.chown(part, info.st_uid, info.st_gid)


def _rewrite_in_place(part: str, real: Path) -> None:
    """Copy the finished export over a hard-linked file, keeping its inode (and names)."""
    with open(part, "rb") as source, open(real, "r+b") as target:
        target.truncate(0)
        shutil.copyfileobj(source, target, BUFFER)
        target.flush()
        os.fsync(target.fileno())
