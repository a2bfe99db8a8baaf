"""The benchmark table: one row per metric, its target, pass/FAIL, saved as JSON.

A row has a value, optionally a reference measured in the same run (a bare Textual app, the
``sqlite3`` shell) and a target on the value (``<= 50 ms``, ``>= 50,000 rows/s``) or on the
ratio to the reference (``<= 1.3x``). Check rows (``kind="check"``) are correctness: they hold
or not, whatever the machine's speed.
"""

from __future__ import annotations

import json
import platform
import time
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Row:
    """One measured metric and how it compares with its target."""

    metric: str
    value: float | str
    unit: str = "ms"
    reference: float | None = None
    at_most: float | None = None  # target on the value (or on the ratio when ratio=True)
    at_least: float | None = None
    ratio: bool = False  # the target is on value / reference
    kind: str = "timing"  # timing | check
    note: str = ""

    @property
    def ratio_value(self) -> float | None:
        """value / reference, when both are numbers."""
        if isinstance(self.value, str) or not self.reference:
            return None
        return self.value / self.reference

    @property
    def passed(self) -> bool | None:
        """True/False against the target; None when the row has no target."""
        if self.kind == "check":
            return self.value == "yes"
        measured = self.ratio_value if self.ratio else self.value
        if measured is None or isinstance(measured, str):
            return None
        if self.at_most is not None and measured > self.at_most:
            return False
        if self.at_least is not None and measured < self.at_least:
            return False
        return True if self.at_most is not None or self.at_least is not None else None

    @property
    def target(self) -> str:
        """The target as text (`<= 50 ms`, `<= 1.3x`, `yes`)."""
        if self.kind == "check":
            return "yes"
        suffix = "x" if self.ratio else f" {self.unit}"
        if self.at_most is not None:
            return f"<= {_bound(self.at_most)}{suffix}"
        if self.at_least is not None:
            return f">= {_bound(self.at_least)}{suffix}"
        return ""


def _bound(value: float) -> str:
    return f"{value:,.0f}" if value >= 1000 else f"{value:g}"


def _num(value: float | str | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"


def render(rows: list[Row], previous: dict[str, float | str] | None = None) -> str:
    """The table as text (a markdown table, so README can hold it as printed)."""
    head = ["metric", "value", "reference", "ratio", "target", "result"]
    if previous is not None:
        head.append("last run")
    lines = [head]
    for row in rows:
        ratio = row.ratio_value
        unit = "" if row.kind == "check" else f" {row.unit}"
        cells = [
            row.metric,
            f"{_num(row.value)}{unit}",
            "-" if row.reference is None else f"{_num(row.reference)}{unit}",
            "-" if ratio is None else f"{ratio:.2f}x",
            row.target,
            {True: "pass", False: "FAIL", None: "-"}[row.passed],
        ]
        if previous is not None:
            cells.append(_num(previous.get(row.metric)))
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = []
    for n, line in enumerate(lines):
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |")
        if n == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def last_results(mode: str) -> dict[str, float | str] | None:
    """metric -> value of the newest saved run of `mode`, if any."""
    found = sorted(RESULTS.glob(f"{mode}-*.json"))
    if not found:
        return None
    data = json.loads(found[-1].read_text(encoding="utf-8"))
    return {row["metric"]: row["value"] for row in data["rows"]}


def save(rows: list[Row], mode: str, seconds: float) -> Path:
    """Write the run to tests/bench/results/<mode>-<UTC time>.json; returns the path."""
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = RESULTS / f"{mode}-{stamp}.json"
    data = {
        "mode": mode,
        "when": stamp,
        "seconds": round(seconds, 1),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "rows": [
            {
                **asdict(row),  # "ratio": whether the target is on the ratio
                "ratio_value": row.ratio_value,
                "target": row.target,
                "passed": row.passed,
            }
            for row in rows
        ],
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
