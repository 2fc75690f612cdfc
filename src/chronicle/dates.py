"""Calendar primitives shared by the cleaning and time stages: finding dates written out in full.

The word lists live in data/time_lexicon.json.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from chronicle.data import data_json


@lru_cache(maxsize=1)
def time_lexicon() -> dict:
    """The calendar and time word lists of data/time_lexicon.json: months, weekdays, seasons, number words and more."""
    return data_json("time_lexicon.json")


def month_number(word: str) -> int | None:
    """The number of a month's name or abbreviation ("Nov." is 11), or None for any other word."""
    return time_lexicon()["months"].get(word.lower().rstrip("."))


def is_abbreviation(name: str) -> bool:
    """ "Nov", "Thu": a calendar name that begins a longer one."""
    name = name.lower().rstrip(".")
    return any(
        other != name and other.startswith(name)
        for words in (time_lexicon()["months"], time_lexicon()["weekdays"])
        for other in words
    )


def _names(words) -> str:
    """An alternation of calendar names, longest first; an abbreviation may end in a period, a full name may
    not, so a sentence's final period is never part of a date."""
    forms = (name + (r"\.?" if is_abbreviation(name) else "") for name in sorted(words, key=len, reverse=True))
    return "(?i:" + "|".join(forms) + ")"


MONTH = _names(time_lexicon()["months"])
WEEKDAY = _names(time_lexicon()["weekdays"])
DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})"

# "Nov. 15, 2023", "November 15 2023", "15 November 2023", "2023-11-15", "Wednesday, Nov. 15, 2023"
FULL_DATE = re.compile(
    rf"\b(?:(?P<wd>{WEEKDAY}),?\s+)?"
    rf"(?:(?P<m1>{MONTH})\s+(?P<d1>{DAY}),?\s+(?P<y1>{YEAR})"
    rf"|(?P<d2>{DAY})\s+(?:of\s+)?(?P<m2>{MONTH}),?\s+(?P<y2>{YEAR})"
    rf"|(?P<y3>{YEAR})-(?P<m3>0[1-9]|1[0-2])-(?P<d3>0[1-9]|[12][0-9]|3[01]))\b",
    re.IGNORECASE,
)
MONTH_YEAR = re.compile(rf"\b(?P<m>{MONTH})\s+(?:of\s+)?(?P<y>{YEAR})\b", re.IGNORECASE)

# Any lead dateline, dated or not: "WOODSIDE, Calif., Nov. 15 (Global Wire) - ", "PARIS (AP) — ". Cleaning
# dates articles by it; the analysis starts a sentence after it and leaves it out of lead sentences.
LEAD_DATELINE = re.compile(
    rf"^[A-Z][A-Z .'-]{{1,40}}(?:,\s+[A-Z][A-Za-z.]{{1,15}})*(?:,\s+{MONTH}\s+(?:{DAY})(?:,?\s+(?:{YEAR}))?)?"
    r"\s*(?:\([^)]{1,40}\))?\s*[-—–]+\s+",
)


def _int_day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def match_to_date(match: re.Match[str]) -> date | None:
    """The calendar date of a FULL_DATE match, or None when it names no real day."""
    groups = match.groupdict()
    try:
        if groups["y1"]:
            return date(int(groups["y1"]), month_number(groups["m1"]) or 0, _int_day(groups["d1"]))
        if groups["y2"]:
            return date(int(groups["y2"]), month_number(groups["m2"]) or 0, _int_day(groups["d2"]))
        return date(int(groups["y3"]), int(groups["m3"]), int(groups["d3"]))
    except ValueError:
        return None


def find_full_dates(text: str) -> list[tuple[int, int, date]]:
    """Every day-precise date written out with its year, with character offsets."""
    found = []
    for match in FULL_DATE.finditer(text):
        day = match_to_date(match)
        if day is not None:
            found.append((match.start(), match.end(), day))
    return found


# Event merging asks for the range of the same few thousand values again and again.
VALUE_RANGE_MEMO = 1 << 16
QUARTERS = 4  # in a year: the last one ends where the next year begins


@lru_cache(maxsize=VALUE_RANGE_MEMO)
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
