"""The analysis package imports its modules on first use: importing the package while another
thread imports one of its modules must not deadlock (the reader opened during the app's
warm-up crashed with "deadlock detected by _ModuleLock('gloss.store.analysis.corrections')")."""

from __future__ import annotations

import subprocess
import sys

import gloss.store.analysis as analysis

CONCURRENT = """
import sys, threading
barrier = threading.Barrier(3)
errors = []
def load(name):
    barrier.wait()
    try:
        __import__(name)
    except BaseException as exc:
        errors.append(repr(exc))
names = ["gloss.store.analysis", "gloss.store.analysis.corrections", "gloss.store.analysis.links"]
threads = [threading.Thread(target=load, args=(n,)) for n in names]
for t in threads: t.start()
for t in threads: t.join(60)
print(errors or "ok")
"""


def test_importing_the_package_imports_none_of_its_modules() -> None:
    code = (
        "import sys, gloss.store.analysis; "
        "print(sorted(m for m in sys.modules if m.startswith('gloss.store.analysis.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_exported_name_resolves_to_its_module() -> None:
    assert sorted(analysis.__all__) == sorted(analysis._EXPORTS)
    for name in analysis.__all__:
        assert getattr(analysis, name) is not None
    assert analysis.analyze_documents.__module__ == "gloss.store.analysis.run"


def test_the_package_and_its_modules_import_from_threads_at_once() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CONCURRENT], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "ok", out.stdout + out.stderr
