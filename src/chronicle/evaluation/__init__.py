"""Evaluation: Chronicle's own stages run on public gold data (see ../shared/data/README.md) and scored.

Each suite reads raw inputs, never the annotations it should predict, and returns a SuiteResult; `run_suite`
times it. `chronicle eval SUITE --data DIR` is the command-line face of `run_suite`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from chronicle.evaluation import (
    article_events,
    entities,
    event_coref,
    event_dates,
    events,
    pages,
    quotes,
    stories,
    threads,
    timex,
)
from chronicle.evaluation.report import Row, SuiteResult, markdown

SUITES: dict[str, Callable[[Path], SuiteResult]] = {
    "timex": timex.run,
    "stories": stories.run_stories,
    "dedup": stories.run_dedup,
    "extraction": pages.run_extraction,
    "pubdate": pages.run_pubdate,
    "events": events.run,
    "article-events": article_events.run,
    "event-coref": event_coref.run,
    "quotes": quotes.run,
    "event-dates": event_dates.run,
    "entities": entities.run,
    "threads": threads.run,
}
# Suites whose gold ships with Chronicle, so they run without the shared data folder.
BUNDLED = {"event-dates"}

__all__ = ["SUITES", "Row", "SuiteResult", "markdown", "run_suite"]


def run_suite(name: str, data: Path) -> SuiteResult:
    """Run one suite on the gold data in `data`, timed; FileNotFoundError when it needs the folder and it is missing."""
    if name not in BUNDLED and not data.is_dir():
        raise FileNotFoundError(f"no evaluation data at {data} (give --data DIR; see the README's Evaluation section)")
    started = time.perf_counter()
    result = SUITES[name](data)
    result.seconds = time.perf_counter() - started
    return result
