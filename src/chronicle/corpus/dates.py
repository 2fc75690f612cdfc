"""Comparing date values as ranges (chronicle.dates.value_range), so "2023-11", "2023-W46" and "2023-11-15"
can be compared."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from chronicle.dates import value_range

# Event merging asks for the months of the same few thousand ranges again and again.
MEMO_SIZE = 1 << 16


def overlap(a: tuple[date, date], b: tuple[date, date], slack_days: int = 0) -> bool:
    """Whether two date ranges overlap, or come within `slack_days` of each other."""
    slack = timedelta(days=slack_days)
    return a[0] - slack <= b[1] and b[0] - slack <= a[1]


def precision(value: str | None) -> int:
    """Width in days of what a value covers: smaller is more precise."""
    span = value_range(value)
    return (span[1] - span[0]).days if span else 10**6


@lru_cache(maxsize=MEMO_SIZE)
def months(span: tuple[date, date] | None) -> tuple[str, ...]:
    """The months ("2023-11") a range touches, or ("undated",) without one: the buckets events are found by."""
    if span is None:
        return ("undated",)
    year, month = span[0].year, span[0].month
    found = []
    while (year, month) <= (span[1].year, span[1].month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)  # noqa: PLR2004 (12 months in a year)
    return tuple(found)


def resolve_year(value: str | None, anchor: date | None) -> str | None:
    """'XXXX-05-12' takes the year that puts it nearest the story's date."""
    if value is None or anchor is None or not value.startswith("XXXX"):
        return value
    best, best_span = None, None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        candidate = f"{year}{value[4:]}"
        span = value_range(candidate)
        if span and (best_span is None or abs((span[0] - anchor).days) < abs((best_span[0] - anchor).days)):
            best, best_span = candidate, span
    return best or value
