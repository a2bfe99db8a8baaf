"""Worker processes that end with their parent.

A worker of a process pool (gloss.store.analysis.pool) holds the store's files open and
works for a parent that alone writes its results; when the parent is killed (SIGKILL, an out
of memory kill, a closed terminal) nothing would end the worker, which waits for its next
job forever. :func:`die_with_parent`, called first in a worker, ties the worker's life to its
parent's in two ways:

- on Linux the kernel sends the worker SIGKILL when its parent dies (``prctl`` with
  ``PR_SET_PDEATHSIG``, through ctypes). Strictly, when the parent's thread that started the
  worker ends: a pool is started and used by one thread, inside one ``with`` block;
- everywhere a daemon thread waits on the multiprocessing sentinel of the parent (a pipe the
  parent holds open; a process handle on Windows) and ends the worker when it closes.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from multiprocessing.connection import wait

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int, *, kernel: bool = True) -> None:
    """End this worker process when the process ``parent_pid`` (its parent) ends.

    ``kernel=False`` skips the Linux signal and relies on the watching thread alone."""
    if kernel and sys.platform.startswith("linux"):
        _kill_me_with_parent()
    if os.getppid() != parent_pid:
        os._exit(1)  # the parent died before this worker could ask to follow it
    exit_when_parent_exits()


def _kill_me_with_parent() -> bool:
    """Ask Linux for SIGKILL when the parent dies; False when prctl cannot be called."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):  # pragma: no cover - no libc or no prctl
        return False


def exit_when_parent_exits() -> bool:
    """Start a daemon thread that ends this process once its multiprocessing parent has
    ended; False when this process was not started by multiprocessing."""
    parent = multiprocessing.parent_process()
    sentinel = getattr(parent, "sentinel", None)
    if sentinel is None:
        return False

    def watch() -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="gloss-parent-watch", daemon=True).start()
    return True
