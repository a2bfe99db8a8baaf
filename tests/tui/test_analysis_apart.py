"""The reader analyses in a worker process of its own (``gloss`` runs it so): spaCy never
loads into the reader's process, the worker's output never reaches the terminal the reader
draws on, and the documents end up analysed as in one process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gloss.store import open_store

SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys
    from gloss.store import open_store
    from gloss.tui.app import GlossApp

    async def main():
        store = open_store(sys.argv[1])
        app = GlossApp(store, first_run=True, engine=sys.argv[2], analysis_apart=True)
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(600):
                await pilot.pause(0.1)
                if not app.jobs.busy and store.scalar(
                    "SELECT count(*) FROM documents WHERE engine IS NOT NULL"
                ) == 5:
                    break
        heavy = sorted(m for m in ("spacy", "thinc", "torch") if m in sys.modules)
        print(json.dumps({"loaded": heavy}))

    asyncio.run(main())
    """
)


def _run(tmp_path: Path, engine: str) -> dict:
    db = tmp_path / "apart.db"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db), engine],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    store = open_store(db)
    result["engines"] = [r["engine"] for r in store.rows("SELECT engine FROM documents")]
    result["claims"] = store.scalar("SELECT count(*) FROM claims")
    result["clusters"] = store.scalar(
        "SELECT count(DISTINCT cluster) FROM claims WHERE cluster IS NOT NULL"
    )
    store.close()
    return result


@pytest.mark.slow
def test_spacy_analyses_the_first_run_in_a_worker_and_never_loads_in_the_reader(tmp_path):
    pytest.importorskip("spacy")
    result = _run(tmp_path, "spacy")
    assert result["engines"] == ["spacy"] * 5  # the worker's engine is recorded
    assert result["loaded"] == []  # ... and spaCy never loaded into the reader
    assert result["claims"] > 50
    assert result["clusters"] >= 10  # linked across sources in the reader's process


def test_a_worker_that_cannot_load_its_engine_is_one_clear_error(tmp_path):
    from gloss.store import GlossError
    from gloss.store.analysis.pool import AnalysisPool

    with (
        pytest.raises(GlossError, match="unknown analysis engine"),
        AnalysisPool.apart("nonsense") as pool,
    ):
        pool.identity()


def test_a_relink_apart_gives_the_clusters_a_relink_here_gives(tmp_path):
    from gloss.store.file_import import ensure_seeded
    from gloss.store.import_jobs import IngestReport, analyse_in_steps, relink

    store = open_store(tmp_path / "relink.db")
    seeded = ensure_seeded(store)
    analyse_in_steps(store, seeded.changed_ids, IngestReport(), engine="rules")

    def clusters() -> list[list[int]]:
        rows = store.rows("SELECT id, cluster FROM claims WHERE cluster IS NOT NULL")
        groups: dict[str, list[int]] = {}
        for row in rows:
            groups.setdefault(row["cluster"], []).append(row["id"])
        return sorted(sorted(g) for g in groups.values())

    here = clusters()
    assert len(here) >= 5
    with store.write() as conn:
        conn.execute("UPDATE claims SET cluster = NULL")
    report = relink(store, apart=True)
    assert report.clusters == len(here)
    assert clusters() == here
    store.close()
