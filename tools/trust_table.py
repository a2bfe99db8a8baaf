"""Run the hostile-store and hostile-path suites and print what they found, as a table.

    python -m tools.trust_table

Each hostile case in tests/cli/test_hostile_*.py ends in one ``judge`` call
(tests/cli/hostile.py), which logs its outcome when ``GLOSS_TRUST_LOG`` is set; this script
sets it, runs the suites with pytest and counts: cases tried, cases that worked as they
should, clear one-line errors, tracebacks, stored data lost, and other programs' files changed
(the table of issue 14).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SUITES = ["tests/cli/test_hostile_store.py", "tests/cli/test_hostile_paths.py"]
COLUMNS = ("cases", "worked", "clear errors", "tracebacks", "data lost", "foreign files changed")


def tally(records: list[dict]) -> dict[str, Counter]:
    """Counts per suite (and in total) from the logged outcomes."""
    counts: dict[str, Counter] = {}
    for record in records:
        for suite in (record["suite"], "total"):
            row = counts.setdefault(suite, Counter())
            row["cases"] += 1
            row["worked"] += record["ok"]
            row["clear errors"] += record["clear_error"]
            row["tracebacks"] += record["traceback"]
            row["data lost"] += record["data_lost"]
            row["foreign files changed"] += record["foreign_changed"]
    return counts


def table(counts: dict[str, Counter]) -> str:
    """A markdown table, one row per suite and a total."""
    lines = ["| suite | " + " | ".join(COLUMNS) + " |", "|---" * (len(COLUMNS) + 1) + "|"]
    for suite in sorted(counts, key=lambda name: (name == "total", name)):
        row = counts[suite]
        lines.append(f"| {suite} | " + " | ".join(str(row[c]) for c in COLUMNS) + " |")
    return "\n".join(lines)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "outcomes.jsonl"
        env = {**os.environ, "GLOSS_TRUST_LOG": str(log)}
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUITES],
            cwd=REPO,
            env=env,
        )
        records = (
            [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
        )
    print()
    print(table(tally(records)))
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
