"""Regenerate screenshots/*.svg from the seed articles: ``python -m tools.screenshots``.

The seeds are imported into a temporary store and analysed (spaCy when installed, else the
rules engine), then the real app is driven headless at a fixed size and theme.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from gloss.store import Store, open_store
from gloss.store.analysis import analyze_documents
from gloss.store.file_import import ensure_seeded
from gloss.store.import_jobs import Step, first_run_job
from gloss.store.review import open_session
from gloss.store.sources import claim_variants
from gloss.tui.app import GlossApp
from gloss.tui.widgets.document_view import DocumentView

OUT = Path(__file__).resolve().parents[1] / "screenshots"
THEME = "textual-dark"
SIZE = (110, 32)


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.1)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.1)


async def _shoot(store_path: Path, out: Path) -> list[Path]:
    written: list[Path] = []
    store = open_store(store_path)
    app = GlossApp(store)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = THEME
        await _settle(pilot)
        written.append(Path(app.save_screenshot("library.svg", str(out))))
        await pilot.press("slash", *"outlet:reuters", "enter")
        await _settle(pilot)
        await pilot.press("p", "right_square_bracket")
        await _settle(pilot)
        written.append(Path(app.save_screenshot("document.svg", str(out))))
        await pilot.press("p")
        await _settle(pilot)
        written.append(Path(app.save_screenshot("side-panel.svg", str(out))))
        written.extend(await _shoot_annotating(pilot, out))
    written.append(await _shoot_sources(store, out))
    written.append(await _shoot_speaker(store, out))
    written.append(await _shoot_review(store, out))
    written.extend(await _shoot_corpus(store, out))
    written.append(await _shoot_import(store, out))
    written.append(await _shoot_corrections(store, out))  # last: it changes the store
    store.close()
    return written


async def _shoot_first_run(store_path: Path, out: Path) -> Path:
    """The library during the first run: the seeds are listed, two of five are analysed."""
    store = open_store(store_path)
    ensure_seeded(store)
    first_two = [row["id"] for row in store.rows("SELECT id FROM documents ORDER BY id LIMIT 2")]
    analyze_documents(store, first_two)
    app = GlossApp(store)
    app._catch_up = lambda: None  # type: ignore[method-assign]  # the three stay waiting
    async with app.run_test(size=SIZE) as pilot:
        app.theme = THEME
        await _settle(pilot)
        # the job bar as the worker's step shows it
        app.job_status = app.jobs.status(first_run_job(), Step("analyse", 2, 5))
        await _settle(pilot)
        shot = Path(app.save_screenshot("first-run.svg", str(out)))
    store.close()
    return shot


async def _shoot_import(store: Store, out: Path) -> Path:
    """The library after a background import of a folder holding a binary file and an HTML
    page: the job bar says how it ended, the notice names the files it could not import."""
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        news = Path(folder) / "news"
        news.mkdir()
        for n, city in enumerate(("Seoul", "Kyiv")):
            (news / f"story-{n + 1}.txt").write_text(
                f"Talks resume in {city}\n\nOfficials in {city} said on Monday that the talks "
                "would resume next week, according to a government spokesman.\n",
                encoding="utf-8",
            )
        (news / "scan.txt").write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
        (news / "saved-page.html").write_text("<html><body>An article</body></html>")
        app = GlossApp(store, engine="rules")
        async with app.run_test(size=SIZE, notifications=True) as pilot:  # the end's notice
            app.theme = THEME
            await _settle(pilot)
            await pilot.press("i", *"news", "enter")
            await _settle(pilot)
            return Path(app.save_screenshot("import.svg", str(out)))


async def _shoot_sources(store: Store, out: Path) -> Path:
    """The same claim across outlets: the first Bloomberg claim whose numbers differ in
    another outlet's version."""
    app = GlossApp(store)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = THEME
        await _settle(pilot)
        await pilot.press("slash", *"outlet:bloomberg", "enter")
        await _settle(pilot)
        screen = app.screen
        for _ in range(60):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            selection = screen.query_one(DocumentView).selection
            data = getattr(screen, "data", None)
            if selection is not None and data is not None and selection.kind == "claim":
                claim = int(data.claims[selection.index]["id"])
                if any(v.numbers for v in claim_variants(store, claim)):
                    break
        await pilot.press("o")
        await _settle(pilot)
        return Path(app.save_screenshot("sources.svg", str(out)))


async def _shoot_speaker(store: Store, out: Path) -> Path:
    """Follow a speaker: John Kirby's claims, from the reader's `w` on one of them."""
    app = GlossApp(store)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = THEME
        await _settle(pilot)
        await pilot.press("slash", *"outlet:reuters", "enter")
        await _settle(pilot)
        screen = app.screen
        for _ in range(60):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            selection = screen.query_one(DocumentView).selection
            data = getattr(screen, "data", None)
            claim = (
                data.claims[selection.index]
                if selection is not None and data is not None and selection.kind == "claim"
                else {}
            )
            if claim.get("speaker") == "John Kirby":
                break
        await pilot.press("w")
        await _settle(pilot)
        await pilot.press("down", "down", "down")
        await _settle(pilot)
        return Path(app.save_screenshot("speaker.svg", str(out)))


async def _shoot_corrections(store: Store, out: Path) -> Path:
    """The corrections screen: a speaker fixed and a claim split off, as readers do."""
    from gloss.store.analysis.corrections import set_speaker, split_claim

    claim = store.row(
        "SELECT c.id FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE d.outlet = 'Reuters' AND c.speaker = 'John Kirby' ORDER BY c.start LIMIT 1"
    )
    clustered = store.row(
        "SELECT id FROM claims WHERE cluster IS NOT NULL AND id != ? ORDER BY id DESC LIMIT 1",
        (claim["id"],),
    )
    set_speaker(store, int(claim["id"]), "Karine Jean-Pierre", author="ana")
    split_claim(store, int(clustered["id"]), author="ben")
    with store.write() as conn:  # the same picture on every run
        conn.execute("UPDATE corrections SET created = '2024-10-14T09:30:00+00:00'")
    app = GlossApp(store)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = THEME
        await _settle(pilot)
        app.action_corrections()
        await _settle(pilot)
        return Path(app.save_screenshot("corrections.svg", str(out)))


async def _shoot_review(store: Store, out: Path) -> Path:
    """A review session on claims by check-worthiness, a few verdicts in."""
    session = open_session(store, "screenshot", "claims order:score", author="ana")
    app = GlossApp(store, author="ana", review=session)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = THEME
        await _settle(pilot)
        await pilot.press("a", "a", "x", "f", "a")
        await _settle(pilot)
        return Path(app.save_screenshot("review.svg", str(out)))


async def _shoot_corpus(store: Store, out: Path) -> list[Path]:
    """The corpus screen: its Entities tab, then its Stories tab."""
    app = GlossApp(store)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = THEME
        await _settle(pilot)
        await pilot.press("E")
        await _settle(pilot)
        for box in app.screen.query(Input):
            box.cursor_blink = False  # the same picture on every run
        await _settle(pilot)
        written = [Path(app.save_screenshot("corpus-entities.svg", str(out)))]
        await pilot.press("tab")
        await _settle(pilot)
        await pilot.pause(0.5)  # the tab underline's animation
        written.append(Path(app.save_screenshot("corpus-stories.svg", str(out))))
        return written


async def _shoot_annotating(pilot: Pilot[None], out: Path) -> list[Path]:
    """The tag dialog, the note editor and the annotation panel, on the selected claim."""
    app = pilot.app
    written: list[Path] = []
    await pilot.press("t", *"needs source", "enter", *"🔥 hot, cold", "enter", *"check")
    await _settle(pilot)
    written.append(Path(app.save_screenshot("tag-dialog.svg", str(out))))
    await pilot.press("ctrl+s")
    await pilot.press("m", *"**Source?** Only the *satellite images*.", "enter", "enter")
    await pilot.press(*"- ask the Pentagon", "enter", *"- compare with [red]Ukraine[/] data")
    await _settle(pilot)
    written.append(Path(app.save_screenshot("note-editor.svg", str(out))))
    await pilot.press("ctrl+s", "A")
    await _settle(pilot)
    written.append(Path(app.save_screenshot("annotation-panel.svg", str(out))))
    return written


def main(out: Path = OUT) -> list[Path]:
    """Build the temporary store and write the screenshots; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        first_run = asyncio.run(_shoot_first_run(Path(folder) / "first-run.db", out))
        path = Path(folder) / "screenshots.db"
        store = open_store(path)
        ensure_seeded(store)
        analyze_documents(store)
        store.close()
        written = [first_run, *asyncio.run(_shoot(path, out))]
    for item in written:
        print(item)
    return written


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
