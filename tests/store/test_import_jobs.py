"""store.import_jobs: the first run and import-then-analyse jobs, their steps and stop requests."""

from __future__ import annotations

from pathlib import Path

from gloss.store import Store
from gloss.store import import_jobs as ingest_module
from gloss.store.analysis import waiting_count, waiting_ids
from gloss.store.documents import document_count
from gloss.store.file_import import import_paths
from gloss.store.import_jobs import (
    Step,
    analyse_waiting,
    analyse_waiting_job,
    first_run_pending,
    import_and_analyse,
    relink_job,
    seed_and_analyse,
)


def _articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"a{n:02d}.txt"
        path.write_text(
            f"Story number {n}\n\nJohn Kirby said on Friday that Russia sent warships "
            f"to Pyongyang, the White House confirmed.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def _unanalysed(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM documents WHERE engine IS NULL"))


def test_first_run_imports_and_analyses_the_seeds_step_by_step(store: Store):
    steps: list[Step] = []
    report = seed_and_analyse(store, engine="rules", on_step=steps.append)
    assert report is not None and not report.stopped
    assert report.imported.imported == 5 and report.analysed == 5 and report.engine == "rules"
    assert [s.done for s in steps if s.phase == "import"] == [1, 2, 3, 4, 5]
    analyse = [s for s in steps if s.phase == "analyse"]
    assert [s.done for s in analyse] == [0, 1, 2, 3, 4, 5]
    assert all(s.total == 5 for s in analyse)
    # one document lands per step, each exactly once
    landed = [d for s in analyse for d in s.analysed]
    assert sorted(landed) == sorted(report.imported.changed_ids)
    assert _unanalysed(store) == 0
    assert store.scalar("SELECT count(*) FROM claims") > 0
    # a second run does nothing
    assert seed_and_analyse(store, engine="rules") is None


def test_seeds_are_committed_as_they_are_read(store: Store, monkeypatch):
    monkeypatch.setattr(ingest_module, "COMMIT_EVERY", 0.0)
    seen: list[int] = []
    seed_and_analyse(
        store,
        engine="rules",
        on_step=lambda s: seen.append(document_count(store)) if s.phase == "import" else None,
    )
    assert seen == [1, 2, 3, 4, 5]


def test_stop_during_import_keeps_what_was_read(store: Store, tmp_path: Path):
    _articles(tmp_path / "news", 6)
    steps: list[Step] = []

    def stop() -> bool:
        return sum(1 for s in steps if s.phase == "import") >= 2

    report = import_and_analyse(
        store, [tmp_path / "news"], engine="rules", on_step=steps.append, stop=stop
    )
    assert report.stopped and report.imported.stopped
    assert report.imported.imported == 2 == document_count(store)
    assert report.analysed == 0 and _unanalysed(store) == 2  # analysis was not started
    assert "stopped early" in report.summary()
    # and how many wait (a new-user test stopped an import with 283 left unsaid)
    assert report.waiting == 2 and "2 documents still wait for analysis" in report.summary()
    # importing again later picks up the rest, nothing twice
    again = import_paths(store, [tmp_path / "news"])
    assert (again.imported, again.unchanged) == (4, 2)


def test_stop_during_analysis_one_document_at_a_time(store: Store, tmp_path: Path):
    _articles(tmp_path / "news", 4)
    steps: list[Step] = []

    def stop() -> bool:
        return any(s.phase == "analyse" and s.done == 2 for s in steps)

    report = import_and_analyse(
        store, [tmp_path / "news"], engine="rules", on_step=steps.append, stop=stop
    )
    assert report.stopped and report.imported.imported == 4
    assert report.analysed == 2 and _unanalysed(store) == 2
    assert "2 documents still wait for analysis" in report.summary()


def test_stop_during_one_call_analysis_links_what_was_analysed(
    store: Store, tmp_path: Path, monkeypatch
):
    """On a bigger store the analysis is one call; a stop between its batches still ends with
    names relinked and claims clustered over the analysed documents."""
    monkeypatch.setattr(ingest_module, "SMALL_STORE", 0)
    monkeypatch.setattr("gloss.store.analysis.run.BATCH", 2)
    _articles(tmp_path / "news", 6)
    steps: list[Step] = []

    def stop() -> bool:
        return any(s.phase == "analyse" and s.done >= 2 for s in steps)

    report = import_and_analyse(
        store, [tmp_path / "news"], engine="rules", on_step=steps.append, stop=stop
    )
    assert report.stopped  # asked after the batch ending at 2, so it stops after the next one
    assert report.analysed == 4 and _unanalysed(store) == 2 and report.engine == "rules"
    assert any(s.phase == "link" for s in steps)
    # every analysed claim was clustered: the six stories repeat one statement
    unclustered = store.scalar("SELECT count(*) FROM claims WHERE cluster IS NULL")
    clustered = store.scalar("SELECT count(*) FROM claims WHERE cluster IS NOT NULL")
    assert clustered > 0 and unclustered == 0


def test_rejected_files_are_reported_not_raised(store: Store, tmp_path: Path):
    _articles(tmp_path / "news", 2)
    (tmp_path / "news" / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    report = import_and_analyse(store, [tmp_path / "news"], analyse=False)
    assert report.imported.imported == 2 and report.engine is None
    assert [Path(p).name for p, _ in report.imported.rejected] == ["photo.txt"]
    assert report.summary().startswith("imported 2, unchanged 0, rejected 1")


def test_an_interrupted_first_run_is_finished_next_time(store: Store, tmp_path: Path):
    assert first_run_pending(store)
    steps: list[Step] = []

    def stop() -> bool:  # quit right after the first document was analysed
        return any(s.analysed for s in steps)

    first = seed_and_analyse(store, engine="rules", on_step=steps.append, stop=stop)
    assert first is not None and first.stopped and first.analysed == 1
    assert first_run_pending(store) and _unanalysed(store) == 4
    again = seed_and_analyse(store, engine="rules")
    assert again is not None and again.analysed == 4 and again.imported.imported == 0
    assert "imported 0, unchanged 4" in again.summary()
    assert not first_run_pending(store) and _unanalysed(store) == 0
    # a store with documents of the user's own is never touched, analysed or not
    _articles(tmp_path / "news", 1)
    import_paths(store, [tmp_path / "news"])
    assert not first_run_pending(store)
    assert seed_and_analyse(store, engine="rules") is None


def test_reimporting_catches_up_on_documents_still_waiting(store: Store, tmp_path: Path):
    """An import stopped before its analysis leaves documents waiting; importing the same
    folder again analyses them, each once, even when two files hold the same text."""
    paths = _articles(tmp_path / "news", 3)
    first = import_and_analyse(store, [tmp_path / "news"], analyse=False)
    assert first.imported.imported == 3 and _unanalysed(store) == 3
    (tmp_path / "news" / "copy.txt").write_text(paths[0].read_text(encoding="utf-8"))
    (tmp_path / "news" / "new.txt").write_text("A new story\n\nKirby said it was new.\n")
    again = import_and_analyse(store, [tmp_path / "news"], engine="rules")
    assert (again.imported.imported, again.imported.unchanged) == (1, 4)
    assert again.caught_up == 3 and again.analysed == 4 and _unanalysed(store) == 0
    assert again.summary() == (
        "imported 1, unchanged 4, rejected 0, updated 0, analysed 4 (rules) "
        "including 3 unchanged that were waiting"
    )
    # nothing waits any more: a third import analyses nothing
    third = import_and_analyse(store, [tmp_path / "news"], engine="rules")
    assert third.caught_up == 0 and third.analysed == 0 and third.engine is None


def test_a_copy_of_a_new_file_is_not_counted_as_caught_up(store: Store, tmp_path: Path):
    paths = _articles(tmp_path / "news", 1)
    (tmp_path / "news" / "copy.txt").write_text(paths[0].read_text(encoding="utf-8"))
    report = import_and_analyse(store, [tmp_path / "news"], engine="rules")
    assert (report.imported.imported, report.imported.unchanged) == (1, 0)
    assert report.imported.duplicates == 1  # the same text as the other file of this import
    assert report.caught_up == 0 and report.analysed == 1


def test_analyse_waiting_and_the_job_that_runs_it(store: Store, tmp_path: Path):
    _articles(tmp_path / "news", 3)
    import_paths(store, [tmp_path / "news"])
    assert waiting_ids(store) == [1, 2, 3] and waiting_count(store) == 3
    job = analyse_waiting_job("rules")
    assert job.kind == "analysis" and job.analyses_waiting
    steps: list[Step] = []
    report = job.run(store, steps.append, lambda: False)
    assert report is not None and report.analysed == 3 and report.engine == "rules"
    assert [s.done for s in steps if s.phase == "analyse"] == [0, 1, 2, 3]
    assert waiting_ids(store) == [] and waiting_count(store) == 0
    again = analyse_waiting(store, engine="rules")
    assert again.analysed == 0 and again.engine is None


def test_the_relink_job_relinks_a_stale_store(store: Store, tmp_path: Path):
    from gloss.store.analysis import analyze_documents, links_stale, list_clusters

    _articles(tmp_path / "news", 3)
    import_paths(store, [tmp_path / "news"])
    analyze_documents(store, engine="rules")
    clusters = list_clusters(store)
    with store.write() as conn:
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'links_version'")
        conn.execute("UPDATE claims SET cluster = NULL")
    assert links_stale(store)
    steps: list[Step] = []
    report = relink_job().run(store, steps.append, lambda: False)
    assert report is not None and report.clusters == len(clusters) > 0
    assert [s.phase for s in steps] == ["link", "link"]
    assert not links_stale(store) and list_clusters(store) == clusters


def test_the_steps_never_go_back_from_linking_to_analysing(
    store: Store, tmp_path: Path, monkeypatch
):
    """A new-user test's job bar read "linking claims across sources… 100%", then
    "analysing 30/30", then the summary: the last step (saying which documents landed)
    came as an analysis step after the link."""
    monkeypatch.setattr(ingest_module, "SMALL_STORE", 0)  # one analysis, then one link
    _articles(tmp_path / "news", 3)
    import_paths(store, [tmp_path / "news"])
    steps: list[Step] = []
    report = analyse_waiting_job("rules").run(store, steps.append, lambda: False)
    assert report is not None and report.analysed == 3
    phases = [s.phase for s in steps]
    assert "link" in phases
    assert "analyse" not in phases[phases.index("link") :], phases
    # ... and the documents still land, for the readers open on them
    assert sorted(d for s in steps for d in s.analysed) == [1, 2, 3]
