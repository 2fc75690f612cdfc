"""Calendar resolution: the values a temporal expression takes, and the arithmetic that places a bare month,
day or weekday against the reference date and the tense of its clause."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter

from chronicle.dates import time_lexicon

# With no tense to go by, a bare month name up to this many months ahead is the coming one.
COMING_MONTHS = 2


@dataclass(frozen=True)
class Context:
    """What an expression is resolved against: the reference date, and what its sentence says of time."""

    reference: date | None  # the publication date, when known
    future: bool  # the sentence speaks of what is to come
    about_quarter: bool = False  # the sentence compares business quarters ("a year ago" is that quarter then)
    past: bool = False  # the date lies behind the reference ("since Jan. 13")


@dataclass(frozen=True)
class Value:
    """An expression's normalised value, as a Timex records it (chronicle.records.Timex)."""

    type: str
    value: str
    mod: str | None = None
    relative: bool = True
    end_value: str | None = None


Handler = Callable[[re.Match[str], Context], Value | None]


def iso_day(d: date) -> str:
    """A day as an ISO value: "2023-11-14"."""
    return d.isoformat()


def iso_month(year: int, month: int) -> str:
    """A month as an ISO value: "2023-11"."""
    return f"{year:04d}-{month:02d}"


def iso_week(d: date) -> str:
    """The ISO week of a day as a value: "2023-W46"."""
    iso = d.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def number_value(word: str) -> int | None:
    """The number a word or two write, in digits or words ("24", "twenty four", "a"); None for a single word
    the lexicon gives no number ("several")."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    parts = re.split(r"[\s-]+", word)
    if len(parts) == 2 and parts[0] not in ("a", "several"):  # noqa: PLR2004 (tens and units: "forty-five")
        return sum(time_lexicon()["number_words"].get(part, 0) for part in parts)
    return time_lexicon()["number_words"].get(word)


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """The year and month `delta` months after the given one (before it when negative)."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def year_for_month(month: int, ctx: Context, direction: str | None) -> int | None:
    """The year of a bare month name: the last one before the reference, the next one, or the nearest."""
    if ctx.reference is None:
        return None
    ref = ctx.reference
    if direction == "last":
        return ref.year if month < ref.month else ref.year - 1
    if direction == "next":
        return ref.year if month > ref.month else ref.year + 1
    if direction == "this":
        return ref.year
    # Bare "in May": news speaks of the nearest one, past or future as the tense says; with no tense, a
    # month up to two ahead is the coming one (in December, "in January" is next year's).
    coming = ref.year if month >= ref.month else ref.year + 1
    past = ref.year if month <= ref.month else ref.year - 1
    if ctx.future:
        return coming
    if ctx.past:
        return past
    return coming if 0 < (month - ref.month) % 12 <= COMING_MONTHS else past


def nearest_day(candidates: list[date], ref: date) -> date:
    """The candidate nearest the reference, a past one preferred: a day ahead counts as twice as far."""
    return min(candidates, key=lambda day: abs((day - ref).days) * (2 if day > ref else 1))


def date_for_day(month: int, day: int, ctx: Context) -> date | None:
    """The year of a day and month with none ("March 3"): the coming one in a sentence about the future, the
    past one in one about the past (a day's leeway either way), else the nearest; None with no reference."""
    if ctx.reference is None:
        return None
    ref = ctx.reference
    candidates = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    if ctx.future:
        ahead = [c for c in candidates if c >= ref - timedelta(days=1)]
        return min(ahead) if ahead else None
    if ctx.past:
        behind = [c for c in candidates if c <= ref + timedelta(days=1)]
        return max(behind) if behind else None
    return nearest_day(candidates, ref)


def weekday_date(name: str, direction: str, ctx: Context) -> date:
    """The past weekday of that name (or today), the coming one in a sentence about the future."""
    target = time_lexicon()["weekdays"][name.lower().rstrip(".")]
    ref = ctx.reference
    assert ref is not None
    if direction == "next":
        found = ref + timedelta(days=(target - ref.weekday()) % 7 or 7)
    elif direction == "this" or (ctx.future and direction != "last"):
        found = ref + timedelta(days=(target - ref.weekday()) % 7)
    else:
        delta = (ref.weekday() - target) % 7
        found = ref - timedelta(days=delta or (7 if direction in ("last", "the previous") else 0))
    return found


# N and a half units: "2 1/2 years" is P2Y6M, "a minute and a half" PT1M30S.
HALF_UNITS = {"Y": "P{}Y6M", "D": "P{}DT12H", "H": "PT{}H30M", "MIN": "PT{}M30S"}


def last_week_start(year: int, month: int) -> date:
    """A day in the month's last week, four days before the next month begins: its ISO week is "the last
    week of" the month."""
    next_year, next_month = shift_months(year, month, 1)
    return date(next_year, next_month, 1) - timedelta(days=4)


def latest_quarter(ref: date) -> tuple[int, int]:
    """The most recent quarter that has ended: the one a report speaks of as "the quarter"."""
    year, quarter = ref.year, (ref.month - 1) // 3
    return (year - 1, 4) if quarter == 0 else (year, quarter)


def spelled_year_number(text: str) -> int:
    """1996 for "nineteen ninety-six", 2001 for "two thousand and one"."""
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w != "and"]
    numbers = time_lexicon()["number_words"]
    century = 2000 if words[1] == "thousand" else 1900
    century_words = 2 if century == 2000 else 1  # noqa: PLR2004 (2000: "two thousand" is two words, "nineteen" one)
    return century + sum(numbers.get(w, 0) for w in words[century_words:])


def holiday_date(rule: str, year: int) -> date:
    """The day a holiday rule from the lexicon falls on in a year: "12-25", "11-thursday-4" (fourth
    Thursday), "05-monday-last", "11-tuesday-after-first-monday" (US election day), "easter"."""
    if rule == "easter":
        return easter(year)
    month, *rest = rule.split("-")
    if not rest or rest[0].isdigit():
        return date(year, int(month), int(rest[0]))
    weekday_number = time_lexicon()["weekdays"][rest[0]]
    first = date(year, int(month), 1)
    first_match = first + timedelta(days=(weekday_number - first.weekday()) % 7)
    if rest[1] == "last":
        following_year, following_month = shift_months(year, int(month), 1)
        last = date(following_year, following_month, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday_number) % 7)
    if rest[1] == "after":  # the weekday after the first Monday
        first_monday = first + timedelta(days=(0 - first.weekday()) % 7)
        return first_monday + timedelta(days=(weekday_number - 0) % 7 or 7)
    return first_match + timedelta(weeks=int(rest[1]) - 1)
