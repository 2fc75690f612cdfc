"""Suite results, the table printed for them, and docs/EVALUATION.md."""

from __future__ import annotations

import subprocess
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

# A number of at least this size (a speed) is printed without decimals; a smaller one (a score) with three.
PRINTED_WHOLE_FROM = 100


@dataclass(frozen=True)
class Row:
    """One measured number, with the reference it is judged against and any baseline run beside it."""

    metric: str
    ours: float | None
    reference: str = ""
    baseline: float | None = None  # a reference tool scored in the same run (trafilatura, htmldate)
    baseline_name: str = ""


@dataclass
class SuiteResult:
    """One suite's rows, what they were measured on, its notes and how long it took."""

    suite: str
    data: str  # what was scored, in words
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        """The result as plain data, rows included."""
        return asdict(self)


def format_number(value: float | None) -> str:
    """A number as the tables print it: a count with thousands separators, a large number whole, any other to
    three decimals, and a dash for none."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"  # counts
    if abs(value) >= PRINTED_WHOLE_FROM:
        return f"{value:,.0f}"  # speeds
    return f"{value:.3f}"


def current_commit(root: Path) -> str:
    """The short commit of the repository at `root`, noting uncommitted changes to src/; "unknown" without git."""
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        )
        # Only the package decides the numbers; edits to docs or tests do not make a run unreproducible.
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "src"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return found.stdout.strip() + (" with uncommitted changes to src/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def markdown(results: list[SuiteResult], commit: str, data_dir: str, day: date) -> str:
    """docs/EVALUATION.md for these results: a table per suite, with the command that reproduces it."""
    lines = [
        "# Evaluation",
        "",
        f"Measured on {day.isoformat()} at commit `{commit}` on the gold data in `{data_dir}`",
        "(see that folder's README for formats, licences and reference scores). Written by `chronicle eval all`;",
        "each suite's command reproduces its rows.",
        "",
    ]
    for result in results:
        lines += [
            f"## {result.suite}",
            "",
            f"{result.data}. Command: `chronicle eval {result.suite} --data {data_dir}` ({result.seconds:.0f} s).",
            "",
            "| metric | Chronicle | baseline in the same run | reference |",
            "|---|---|---|---|",
        ]
        for row in result.rows:
            baseline = f"{format_number(row.baseline)} ({row.baseline_name})" if row.baseline is not None else ""
            lines.append(f"| {row.metric} | {format_number(row.ours)} | {baseline} | {row.reference} |")
        if result.notes:
            lines.append("")
            lines += [f"- {note}" for note in result.notes]
        lines.append("")
    return "\n".join(lines)
