"""How long the `chronicle` command takes to answer, beside the Python interpreter starting and stopping.

    python -m benchmarks.cli_startup [--runs 15] [--output docs/STARTUP.md]

Each command runs in a fresh process, as a user types it, on the sample corpus ingested once into a
temporary database; the time is the median wall time of `--runs` runs. The target (issues 27 and 28) is
0.6 s for `--help` and for the list commands.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from chronicle.evaluation.report import current_commit
from chronicle.ingest import ingest
from chronicle.sources import sample_corpus
from chronicle.store import Store

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.6
CHRONICLE = [sys.executable, "-m", "chronicle"]


def _median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "STARTUP.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "sample.db")
        ingest([sample_corpus()], Store(f"sqlite:///{db}"))
        commands = {
            "`python -c pass` (the interpreter alone: the floor)": [sys.executable, "-c", "pass"],
            "`chronicle --help`": [*CHRONICLE, "--help"],
            "`chronicle stories`": [*CHRONICLE, "stories", "--db", db],
            "`chronicle events`": [*CHRONICLE, "events", "--db", db],
            "`chronicle threads`": [*CHRONICLE, "threads", "--db", db],
        }
        measured = {name: _median_seconds(command, args.runs) for name, command in commands.items()}
    lines = [
        "# Command start-up",
        "",
        f"`python -m benchmarks.cli_startup` at commit {current_commit(ROOT)}: median wall time of {args.runs} "
        "fresh processes each, on the sample corpus (15 articles). Target: "
        f"{TARGET_SECONDS} s for `--help` and the list commands.",
        "",
        "| command | seconds | within target |",
        "|---|---|---|",
    ]
    for name, seconds in measured.items():
        verdict = "" if "floor" in name else ("yes" if seconds <= TARGET_SECONDS else "no")
        lines.append(f"| {name} | {seconds:.2f} | {verdict} |")
    report = "\n".join(lines) + "\n"
    args.output.write_text(report, "utf-8")
    print(report)


if __name__ == "__main__":
    main()
