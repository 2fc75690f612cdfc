"""Date values as ranges, so "2023-11", "2023-W46" and "2023-11-15" can be compared."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

# Event merging asks for the range and months of the same few thousand values again and again.
MEMO_SIZE = 1 << 16
QUARTERS = 4  # in a year: the last one ends where the next year begins


@lru_cache(maxsize=MEMO_SIZE)
def value_range(value: str | None) -> tuple[date, date] | None:
    """First and last day an ISO-like value covers, or None for values without a known year."""
    if not value or "X" in value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            return day, day
        if match := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
            monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
            return monday, monday + timedelta(days=6)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            first = date.fromisoformat(value + "-01")
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - timedelta(days=1)
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            year, quarter = int(match.group(1)), int(match.group(2))
            first = date(year, 3 * quarter - 2, 1)
            last = date(year + (quarter == QUARTERS), (3 * quarter) % 12 + 1, 1) - timedelta(days=1)
            return first, last
    except ValueError:
        return None
    return None


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
