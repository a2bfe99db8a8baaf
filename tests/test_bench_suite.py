"""The benchmark suite's verdicts: a timing row over target prints FAIL but exits 0 (CI runs the
quick mode on noisy machines); a failed correctness row exits 1; missing data skips."""

from __future__ import annotations

import json

import pytest

from tests.bench import __main__ as suite
from tests.bench import table
from tests.bench.corpus import DataMissing
from tests.bench.table import Row


def test_targets_on_values_and_ratios():
    assert Row("a", 40.0, at_most=50.0).passed is True
    assert Row("a", 60.0, at_most=50.0).passed is False
    assert Row("a", 60_000.0, unit="rows/s", at_least=50_000).passed is True
    assert Row("a", 300.0, reference=100.0, at_most=2.0, ratio=True).passed is False
    assert Row("a", 150.0, reference=100.0, at_most=2.0, ratio=True).passed is True
    assert Row("a", 150.0, reference=None, at_most=2.0, ratio=True).passed is None
    assert Row("a", "no", kind="check").passed is False
    assert Row("a", 300.0, reference=100.0, at_most=2.0, ratio=True).target == "<= 2x"


def _run(monkeypatch, tmp_path, rows, *args):
    monkeypatch.setattr(table, "RESULTS", tmp_path)
    monkeypatch.setattr(suite, "load_corpus", lambda: None)
    monkeypatch.setattr(suite, "measure", lambda sizes, quick: rows)
    monkeypatch.chdir(tmp_path)
    return suite.main(["--quick", *args])


def test_slow_timing_prints_fail_but_exits_0(monkeypatch, tmp_path, capsys):
    rows = [Row("key", 80.0, at_most=50.0), Row("prefixes match", "yes", kind="check")]
    assert _run(monkeypatch, tmp_path, rows) == 0
    out = capsys.readouterr().out
    assert "| FAIL" in out and "| pass" in out
    (saved,) = tmp_path.glob("quick-*.json")
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert [r["passed"] for r in data["rows"]] == [False, True]
    ratio = Row("start", 300.0, reference=100.0, at_most=1.3, ratio=True)
    table.save([ratio], "strict", 1.0)
    (row,) = json.loads(next(tmp_path.glob("strict-*.json")).read_text(encoding="utf-8"))["rows"]
    assert row["ratio"] is True and row["ratio_value"] == 3.0 and row["target"] == "<= 1.3x"
    assert _run(monkeypatch, tmp_path, rows, "--strict") == 1


def test_failed_check_exits_1_and_last_run_is_shown(monkeypatch, tmp_path, capsys):
    assert _run(monkeypatch, tmp_path, [Row("key", 20.0, at_most=50.0)]) == 0
    capsys.readouterr()
    rows = [Row("key", 30.0, at_most=50.0), Row("prefixes match", "no", kind="check")]
    assert _run(monkeypatch, tmp_path, rows) == 1
    out = capsys.readouterr().out
    assert "last run" in out and "20.0" in out


def test_missing_data_skips(monkeypatch, capsys):
    def missing():
        raise DataMissing("/nowhere/bbc-news: not found")

    monkeypatch.setattr(suite, "load_corpus", missing)
    monkeypatch.setattr(suite, "measure", lambda *a: pytest.fail("measured without data"))
    assert suite.main(["--quick"]) == 0
    assert "benchmarks skipped" in capsys.readouterr().out
