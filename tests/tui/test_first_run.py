"""The first run: the library opens at once on an empty store, and a worker imports and
analyses the seed articles with a progress bar while the app stays usable."""

from __future__ import annotations

from textual.widgets import Static

from gloss.store import Store
from gloss.store.import_jobs import Step
from gloss.tui.app import GlossApp
from gloss.tui.screens.help import HelpScreen
from gloss.tui.screens.library import LibraryScreen
from gloss.tui.screens.reader import ReaderScreen
from gloss.tui.widgets.document_list import DocumentList
from gloss.tui.widgets.job_bar import JobBar, JobStatus
from tests.tui.pilot import app_pilot, screen_text, settle, until


def _analysed(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM documents WHERE engine IS NOT NULL"))


async def test_first_run_shows_progress_and_ends_with_the_five_seeds_analysed(
    empty_store: Store, monkeypatch
):
    shown: list[Step] = []
    original = JobBar.show_status

    def spy(self: JobBar, status: JobStatus | None) -> None:
        original(self, status)
        if status is None or status.step is None or not isinstance(self.screen, LibraryScreen):
            return
        step = status.step
        shown.append(step)
        bar_text = str(self.query_one("#job-text", Static).content)
        if step.phase == "analyse":
            assert f"analysing {step.done}/5" in bar_text
        elif step.phase == "import":
            assert f"importing seeds {step.done}/5" in bar_text
        assert "ctrl+x stops" in bar_text

    monkeypatch.setattr(JobBar, "show_status", spy)
    async with app_pilot(
        empty_store, first_run=True, engine="rules", size=(100, 24), settled=False
    ) as pilot:
        app = pilot.app
        await until(pilot, lambda: not app.analysis_running)
        await settle(pilot)
        assert {s.phase for s in shown} == {"import", "analyse"}
        assert [s.done for s in shown if s.phase == "analyse"][-1] == 5
        assert _analysed(empty_store) == 5
        library = app.screen
        assert isinstance(library, LibraryScreen)
        assert library.documents.total == 5 and library.documents.has_focus
        text = screen_text(app)
        assert "5 documents" in text
        assert "5 seed articles imported, 5 analysed (rules)" in text
        # every row shows its entity and claim counts
        rows = [library.documents.row_at(i) for i in range(5)]
        assert all(row and row["entities"] > 0 and row["claims"] > 0 for row in rows)


async def test_keys_work_while_the_first_run_is_analysing(empty_store: Store, gate):
    async with app_pilot(
        empty_store, first_run=True, engine="rules", size=(100, 24), settled=False
    ) as pilot:
        app = pilot.app
        library = app.screen
        assert isinstance(library, LibraryScreen)
        # the seeds are listed as soon as they are stored, before any analysis
        await until(pilot, lambda: library.documents.total == 5)
        assert app.analysis_running and _analysed(empty_store) == 0
        assert library.query_one(JobBar).display
        assert "analysing 0/5" in screen_text(app)
        # move, open help and close it, sort: all while the worker waits
        await pilot.press("down", "down")
        assert library.documents.cursor == 2
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is library)
        # open a document: its text is there and the status line says it is being analysed
        await pilot.press("home", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.loaded)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.data is not None and reader.data.entities == []
        assert "analysing…" in screen_text(app)
        assert reader.waiting_for_analysis
        # the analysis lands: the reader shows its entities and claims without reopening
        gate.set()
        await until(pilot, lambda: not app.analysis_running)
        await until(pilot, lambda: reader.data is not None and len(reader.data.entities) > 0)
        await settle(pilot)
        assert reader.data.claims and not reader.waiting_for_analysis
        assert "analysing…" not in screen_text(app)
        assert app.screen is reader
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is library
        assert _analysed(empty_store) == 5


async def test_quitting_during_the_first_run_leaves_a_consistent_store(empty_store: Store, gate):
    async with app_pilot(
        empty_store, first_run=True, engine="rules", size=(100, 24), settled=False
    ) as pilot:
        app = pilot.app
        library = app.screen
        await until(pilot, lambda: library.query_one(DocumentList).total == 5)
        gate.set()  # the current step finishes; the stop request ends the job after it
        await pilot.press("ctrl+q")
    await app.workers.wait_for_complete()
    assert empty_store.scalar("SELECT count(*) FROM documents") == 5
    assert empty_store.scalar("PRAGMA integrity_check") == "ok"
    # analysis rows exist exactly for the documents marked analysed
    mismatched = empty_store.scalar(
        "SELECT count(*) FROM documents d WHERE (d.engine IS NULL) != "
        "(NOT EXISTS (SELECT 1 FROM entities e WHERE e.document_id = d.id))"
    )
    assert mismatched == 0


async def test_no_first_run_on_a_store_with_documents(seeded_store: Store):
    async with app_pilot(seeded_store, first_run=False, size=(100, 24)) as pilot:
        app = pilot.app
        assert not app.analysis_running
        assert not app.screen.query_one(JobBar).display


async def test_a_store_linked_by_an_older_gloss_is_relinked_on_open(tmp_path):
    """Clusters and stories from an older gloss are redone in a worker when the app opens;
    the documents are not analysed again."""
    from gloss.store import open_store
    from gloss.store.analysis import analyze_documents, links_stale, list_clusters
    from gloss.store.file_import import ensure_seeded

    store = open_store(tmp_path / "old.db")
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    clusters = list_clusters(store)
    versions = store.rows("SELECT id, engine_version FROM documents ORDER BY id")
    with store.write() as conn:
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'links_version'")
        conn.execute("UPDATE claims SET cluster = NULL")
    async with app_pilot(store, size=(100, 24), settled=False) as pilot:
        app = pilot.app
        await until(pilot, lambda: "claims relinked across sources" in screen_text(app))
        assert f"{len(clusters)} clusters" in screen_text(app)
    assert list_clusters(store) == clusters and not links_stale(store)
    assert store.rows("SELECT id, engine_version FROM documents ORDER BY id") == versions
    store.close()


async def test_documents_open_while_clusters_are_planned(tmp_path, monkeypatch):
    """Relinking plans clusters on a read-only snapshot (seconds on a large store): a reader
    opened meanwhile loads at once instead of waiting for the link to finish."""
    import threading

    import gloss.store.analysis as analysis
    import gloss.store.analysis.links as links
    from gloss.store import open_store
    from gloss.store.file_import import ensure_seeded

    store = open_store(tmp_path / "old.db")
    ensure_seeded(store)
    analysis.analyze_documents(store, engine="rules")
    with store.write() as conn:
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'links_version'")
    planning, release = threading.Event(), threading.Event()
    original = links.plan_links

    def slow_plan(conn, stats=None):
        planning.set()
        release.wait(20)
        return original(conn, stats)

    monkeypatch.setattr(links, "plan_links", slow_plan)
    app = GlossApp(store)
    try:
        async with app.run_test(size=(100, 24)) as pilot:
            await until(pilot, planning.is_set)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.loaded)
            assert not release.is_set()  # still planning
            release.set()
            await until(pilot, lambda: not analysis.links_stale(store))
            await pilot.press("escape")
            await until(pilot, lambda: "claims relinked across sources" in screen_text(app))
    finally:
        release.set()
    assert not analysis.links_stale(store)
    store.close()


async def test_documents_analysed_by_an_older_gloss_are_pointed_out(tmp_path):
    from gloss.store import open_store
    from gloss.store.analysis import analyze_documents, outdated_documents
    from gloss.store.file_import import ensure_seeded

    store = open_store(tmp_path / "old.db")
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    assert outdated_documents(store) == 0
    with store.write() as conn:
        conn.execute("UPDATE documents SET engine_version = 'gloss1' WHERE id <= 2")
        conn.execute(
            "UPDATE documents SET engine_version = 'spacy3.8/en_core_web_sm-3.8.0/gloss1' "
            "WHERE id = 3"
        )
    assert outdated_documents(store) == 3
    app = GlossApp(store)
    notes: list[str] = []
    app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, lambda: bool(notes))
        assert notes == [
            "3 documents were analysed by an older gloss: the command "
            '"analysis: analyse outdated documents" (ctrl+p) brings them up to date'
        ]
        # The command the notice names, from the palette as a user types it.
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"analyse outdated")
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: outdated_documents(store) == 0 and not app.analysis_running)
        # what was analysed, as the command named it (not "3 waiting documents": a new-user
        # test)
        await until(pilot, lambda: "3 outdated documents analysed" in screen_text(app))
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"analyse outdated", "enter")
        await until(pilot, lambda: notes[-1].startswith("every document"))
    assert outdated_documents(store) == 0
    assert store.scalar("SELECT count(*) FROM claims") > 0  # analysed again, not emptied
    store.close()


async def test_the_job_bar_adds_its_progress_bar_with_the_first_step(seeded_store: Store):
    """No job at start: the job bar is composed without its progress bar (the library's first
    frame comes sooner); the first step shown adds it, a status without a step hides it."""
    from rich.text import Text
    from textual.widgets import ProgressBar

    async with app_pilot(seeded_store, size=(100, 24)) as pilot:
        app = pilot.app
        bar = app.screen.query_one(JobBar)
        assert not bar.display and not bar.query(ProgressBar)
        app.job_status = JobStatus(Text("importing 1/4"), Step("import", 1, 4))
        await settle(pilot)
        progress = bar.query_one(ProgressBar)
        assert bar.display and progress.display
        assert (progress.total, progress.progress) == (4, 1)
        assert "importing 1/4" in screen_text(app)
        app.job_status = JobStatus(Text("imported 4 files"))
        await settle(pilot)
        assert not progress.display
        assert "imported 4 files" in screen_text(app)


async def test_the_outdated_notice_goes_when_its_command_runs(tmp_path):
    """A new-user test: the start-up notice stayed over the job bar's percentage while the
    re-analysis it proposed ran."""
    from gloss.store import open_store
    from gloss.store.analysis import analyze_documents
    from gloss.store.file_import import ensure_seeded

    store = open_store(tmp_path / "old.db")
    ensure_seeded(store)
    analyze_documents(store, engine="rules")
    with store.write() as conn:
        conn.execute("UPDATE documents SET engine_version = 'gloss1' WHERE id <= 2")
    app = GlossApp(store, engine="rules")

    def notices() -> list[str]:
        return [n.message for n in app._notifications]  # noqa: SLF001

    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, lambda: any("older gloss" in m for m in notices()))
        app.action_analyse_outdated()
        await settle(pilot)
        assert not any("older gloss" in m for m in notices())
        await until(pilot, lambda: not app.analysis_running)
    store.close()


async def test_an_open_reader_shows_the_outdated_analysis_when_it_lands(analysed: Store):
    """A new-user test kept a document open while "analyse outdated documents" ran: its
    counts stayed the old ones until it was reopened."""
    from gloss.store.analysis import outdated_documents
    from tests.tui.pilot import open_reader

    async with app_pilot(analysed, size=(120, 30)) as pilot:
        app = pilot.app
        reader = await open_reader(pilot, "outlet:reuters")
        with analysed.write() as conn:
            conn.execute("UPDATE documents SET engine_version = 'gloss1'")
        assert outdated_documents(analysed) > 0
        # Reloads while the job runs show the document's own analysis; the one after it
        # ends shows the links across sources made last (the "also in N sources" counts).
        reloads: list[bool] = []
        reload = reader.reload

        def counted_reload(*args, **kwargs):
            reloads.append(app.jobs.running is None)
            return reload(*args, **kwargs)

        reader.reload = counted_reload  # type: ignore[method-assign]
        app.action_analyse_outdated()
        await until(pilot, lambda: outdated_documents(analysed) == 0 and not app.analysis_running)
        await until(pilot, lambda: any(reloads))
        assert app.screen is reader
