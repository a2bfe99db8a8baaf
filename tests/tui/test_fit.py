"""Lines that fit their room: cut at a word with an ellipsis, and the job bar's short summary."""

from __future__ import annotations

from rich.text import Text

from gloss.tui.fit import cut_at_word


def test_a_line_is_cut_after_a_whole_word_or_kept_when_it_fits():
    line = Text("503 imported, 7 unchanged; stopped, what it stored is kept")
    assert cut_at_word(line, 80) is line
    assert cut_at_word(line, 30).plain == "503 imported, 7 unchanged…"  # no dangling comma
    assert cut_at_word(line, 20).plain == "503 imported, 7…"
    assert cut_at_word(Text("Supercalifragilistic words"), 10).plain == "Supercali…"


def test_the_job_bar_summary_of_an_import_leaves_out_zero_counts():
    from gloss.store.file_import import ImportReport
    from gloss.store.import_jobs import IngestReport
    from gloss.tui.jobs import import_summary

    report = IngestReport(ImportReport(imported=2129, duplicates=98), analysed=2129, engine="spacy")
    assert import_summary(report) == (
        "2129 imported, 98 repeating another file, 2129 analysed (spacy)"
    )
    report.stopped = True
    assert import_summary(report).endswith("; stopped, what it stored is kept")
    assert import_summary(IngestReport()) == "nothing imported"
