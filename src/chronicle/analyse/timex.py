"""Temporal expressions: tagging and normalisation against the document's reference date.

Our own rules, because no maintained Python library normalises relative news expressions ("last
September", "earlier this week", "Tuesday") against a creation date; dateparser resolves against today
and handles neither ranges nor tense. Each rule is a pattern and a small function, readable like
HeidelTime's resources; the word lists live in data/time_lexicon.json.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateutil.easter import easter
from spacy.tokens import Doc, Span, Token

from chronicle.dates import (
    DAY,
    FULL_DATE,
    MONTH,
    WEEKDAY,
    YEAR,
    is_abbreviation,
    match_to_date,
    month_number,
    time_lexicon,
)
from chronicle.records import Timex

UNIT = r"(?:days?|weeks?|months?|years?|decades?|centuries|century|hours?|minutes?|quarters?)"
SEASON = r"(?:spring|summer|autumn|fall|winter)"
DECADE_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
DIGIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
NUMBER = (rf"(?:\d+|{DECADE_TENS}(?:[\s-]{DIGIT_WORD})?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
          r"fifteen|several|a few|a couple of|couple of)")
# "nineteen ninety-six", "two thousand": years as a broadcast transcript writes them
SPELLED_YEAR = rf"(?:nineteen\s+{DECADE_TENS}(?:[\s-]{DIGIT_WORD})?|two\s+thousand(?:\s+and)?(?:\s+{DIGIT_WORD})?)"

def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Only cues that put the sentence's own verb in the future: "would", "expected" and "planned" are as often
# reported or past plans, and words like "next" carry their own direction.
FUTURE_CUE = re.compile(rf"\b(?:{_alternation(time_lexicon()['future_cues'])})\b", re.I)
APPROX = rf"(?:(?P<approx>{_alternation(time_lexicon()['approximations'])})\s+)?"
PART_OF_DAY = _alternation(time_lexicon()["parts_of_day"])


@dataclass(frozen=True)
class Context:
    reference: date | None  # the publication date, when known
    future: bool  # the sentence speaks of what is to come
    about_quarter: bool = False  # the sentence compares business quarters ("a year ago" is that quarter then)
    past: bool = False  # the date lies behind the reference ("since Jan. 13")


@dataclass(frozen=True)
class Value:
    type: str
    value: str
    mod: str | None = None
    relative: bool = True
    end_value: str | None = None


Handler = Callable[[re.Match[str], Context], Value | None]


def _day(d: date) -> str:
    return d.isoformat()


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    parts = re.split(r"[\s-]+", word)
    if len(parts) == 2 and parts[0] not in ("a", "several"):  # "twenty four", "forty-five"
        return sum(time_lexicon()["number_words"].get(part, 0) for part in parts)
    return time_lexicon()["number_words"].get(word)


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _year_for_month(month: int, ctx: Context, direction: str | None) -> int | None:
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
    return coming if 0 < (month - ref.month) % 12 <= 2 else past


def nearest_day(candidates: list[date], ref: date) -> date:
    """The candidate nearest the reference, a past one preferred: a day ahead counts as twice as far."""
    return min(candidates, key=lambda day: abs((day - ref).days) * (2 if day > ref else 1))


def _year_for_day(month: int, day: int, ctx: Context) -> date | None:
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


def full_date(match: re.Match[str], ctx: Context) -> Value | None:
    found = match_to_date(match)
    return Value("DATE", _day(found), relative=False) if found else None


def month_day_range(match: re.Match[str], ctx: Context) -> Value | None:
    month = month_number(match.group("m")) or 0
    first, last = int(re.sub(r"\D", "", match.group("d1"))), int(re.sub(r"\D", "", match.group("d2")))
    if match.group("y"):
        year, relative = int(match.group("y")), False
    else:
        start = _year_for_day(month, first, ctx)
        if start is None:
            return Value("DATE", f"XXXX-{month:02d}-{first:02d}", end_value=f"XXXX-{month:02d}-{last:02d}")
        year, relative = start.year, True
    try:
        return Value("DATE", _day(date(year, month, first)), relative=relative,
                     end_value=_day(date(year, month, last)))
    except ValueError:
        return None


def month_day(match: re.Match[str], ctx: Context) -> Value | None:
    month = month_number(match.group("m")) or 0
    day = int(re.sub(r"\D", "", match.group("d")))
    if not 1 <= day <= 31:
        return None
    found = _year_for_day(month, day, ctx)
    return Value("DATE", _day(found) if found else f"XXXX-{month:02d}-{day:02d}")


def month_year(match: re.Match[str], ctx: Context) -> Value | None:
    mod = _mod(match.group("mod"))
    return Value("DATE", _month(_year(match) or 0, month_number(match.group("m")) or 0), mod, relative=False)


def _mod(word: str | None) -> str | None:
    if not word:
        return None
    word = word.lower().rstrip("-")
    return {"early": "START", "earlier": "START", "mid": "MID", "middle of": "MID", "the middle of": "MID",
            "late": "END", "later": "END", "end of": "END", "beginning of": "START", "the end of": "END",
            "the beginning of": "START"}.get(word)


def relative_month(match: re.Match[str], ctx: Context) -> Value | None:
    month = month_number(match.group("m")) or 0
    direction = (match.group("dir") or "").lower() or None
    if match.group("of"):  # "October of last year"
        if ctx.reference is None:
            return None
        offset = {"last": -1, "this": 0, "next": 1}[match.group("of").lower()]
        year = ctx.reference.year + offset
    else:
        year = _year_for_month(month, ctx, direction)
    mod = _mod(match.group("mod"))
    return Value("DATE", _month(year, month) if year else f"XXXX-{month:02d}", mod)


def weekday(match: re.Match[str], ctx: Context) -> Value | None:
    if ctx.reference is None:
        return None
    return Value("DATE", _day(_weekday_date(match.group("wd"), (match.group("dir") or "").lower(), ctx)))


def weekday_range(match: re.Match[str], ctx: Context) -> Value | None:
    """"Tuesday through Thursday": one expression from the first day to the last."""
    if ctx.reference is None:
        return None
    first = _weekday_date(match.group("wd1"), "", ctx)
    last = first + timedelta(days=(time_lexicon()["weekdays"][match.group("wd2").lower().rstrip(".")] - first.weekday()) % 7)
    return Value("DATE", _day(first), end_value=_day(last))


def _weekday_date(name: str, direction: str, ctx: Context) -> date:
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


def deictic_day(match: re.Match[str], ctx: Context) -> Value | None:
    if ctx.reference is None:
        return None
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[match.group("day").lower()]
    return Value("DATE", _day(ctx.reference + timedelta(days=offset)), _mod(match.group("edge")))


def relative_period(match: re.Match[str], ctx: Context) -> Value | None:
    """this/last/next/coming/past week|month|year, "earlier this week", "later this month"."""
    if ctx.reference is None:
        return None
    ref = ctx.reference
    offset = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "the": 0}[
        (match.group("dir") or match.group("the")).lower()
    ]
    unit = (match.group("unit") or match.group("unit2")).lower()
    edge = (match.group("edge") or "").lower()
    mod = _mod(edge)
    if unit == "week":
        return Value("DATE", _week(ref + timedelta(weeks=offset)), mod)
    if unit == "month":
        year, month = _shift_months(ref.year, ref.month, offset)
        return Value("DATE", _month(year, month), mod)
    if unit == "year":
        return Value("DATE", f"{ref.year + offset:04d}", mod)
    if unit == "weekend":
        saturday = ref + timedelta(days=(5 - ref.weekday()) % 7 + 7 * offset)
        if offset == -1 or (offset == 0 and not ctx.future):
            saturday = ref - timedelta(days=(ref.weekday() - 5) % 7 or 7)
        return Value("DATE", _week(saturday) + "-WE", mod)
    return None


def ago(match: re.Match[str], ctx: Context) -> Value | None:
    """"two days ago", "about a decade ago", "a year earlier"; "several years ago" is only the past."""
    if ctx.reference is None:
        return None
    amount = _number(match.group("n"))
    unit = match.group("unit").lower().rstrip("s")
    mod = _approx(match)
    if unit == "year" and amount == 1 and ctx.about_quarter:
        return year_earlier(match, ctx)
    if amount is None:
        return Value("DATE", "PAST_REF", mod)
    ref = ctx.reference
    if unit == "day":
        return Value("DATE", _day(ref - timedelta(days=amount)), mod)
    if unit == "week":
        return Value("DATE", _week(ref - timedelta(weeks=amount)), mod)
    if unit == "month":
        year, month = _shift_months(ref.year, ref.month, -amount)
        return Value("DATE", _month(year, month), mod)
    if unit in ("year", "decade"):
        return Value("DATE", f"{ref.year - amount * (10 if unit == 'decade' else 1):04d}", mod)
    return None


def duration(match: re.Match[str], ctx: Context) -> Value | None:
    amount = _number(match.group("n") or "1")
    unit = time_lexicon()["units"][match.group("unit").lower()]
    if unit == "DE":
        unit, amount = "Y", (amount or 1) * 10
    elif unit == "CE":
        unit, amount = "Y", (amount or 1) * 100
    count = "X" if amount is None else str(amount)
    mod = _approx(match)
    if amount is not None and (match.group("half") or match.group("half2")) and unit in HALF_UNITS:
        return Value("DURATION", HALF_UNITS[unit].format(amount), mod, relative=False)
    if unit in ("H", "MIN"):
        return Value("DURATION", f"PT{count}{unit[0]}", mod, relative=False)
    if unit == "Q":
        return Value("DURATION", f"P{count if amount is None else amount * 3}M", mod, relative=False)
    return Value("DURATION", f"P{count}{unit}", mod, relative=False)


# N and a half units: "2 1/2 years" is P2Y6M, "a minute and a half" PT1M30S.
HALF_UNITS = {"Y": "P{}Y6M", "D": "P{}DT12H", "H": "PT{}H30M", "MIN": "PT{}M30S"}


def year_only(match: re.Match[str], ctx: Context) -> Value | None:
    return Value("DATE", match.group("y"), _mod(match.group("mod")), relative=False)


def season(match: re.Match[str], ctx: Context) -> Value | None:
    code = time_lexicon()["seasons"][match.group("s").lower()]
    if _year(match):
        return Value("DATE", f"{_year(match):04d}-{code}", relative=False)
    if ctx.reference is None:
        return None
    ref = ctx.reference
    direction = " ".join((match.group("dir") or "").lower().split())
    # The season's first month; winter begins in December and belongs to the year it begins in.
    start = date(ref.year, {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code], 1)
    year = ref.year
    if direction in ("last", "this past"):
        year = ref.year if ref >= start + timedelta(days=92) else ref.year - 1  # the last one that has ended
    elif direction == "next":
        year = ref.year if ref < start else ref.year + 1
    elif not direction and code == "WI" and ref.month <= 2:
        year = ref.year - 1  # in February, "the winter" is the one that began in December
    elif not direction and ctx.future and ref >= start:
        year = ref.year + 1  # "will visit in the spring", said in November
    return Value("DATE", f"{year:04d}-{code}")


def quarter(match: re.Match[str], ctx: Context) -> Value | None:
    """"Q3 2023", or a business quarter in words (see fiscal_quarter)."""
    if not match.group("qn"):
        if not (match.group("q") or match.group("qh") or match.group("qual")):
            return None  # "a quarter of the vote" is a share, not a period
        if (match.group("q2") or "").lower() == "period" and "latest" not in match.group("qual").lower():
            return None  # only "the latest period" is a report's quarter
        return fiscal_quarter(match, ctx)
    year = match.group("y2") or (str(ctx.reference.year) if ctx.reference else None)
    return Value("DATE", f"{year}-Q{match.group('qn')}", relative=not match.group("y2")) if year else None


def week_of_month(match: re.Match[str], ctx: Context) -> Value | None:
    month = month_number(match.group("m")) or 0
    ordinal = time_lexicon()["ordinals"][match.group("o").lower()]
    year = int(match.group("y")) if match.group("y") else _year_for_month(month, ctx, None)
    if year is None:
        return None
    first = date(year, month, 1)
    day = first + timedelta(weeks=ordinal - 1) if ordinal > 0 else _shift_last_week(year, month)
    return Value("DATE", _week(day), relative=not match.group("y"))


def _shift_last_week(year: int, month: int) -> date:
    next_year, next_month = _shift_months(year, month, 1)
    return date(next_year, next_month, 1) - timedelta(days=4)


def _last_quarter(ref: date) -> tuple[int, int]:
    """The most recent quarter that has ended: the one a report speaks of as "the quarter"."""
    year, quarter = ref.year, (ref.month - 1) // 3
    return (year - 1, 4) if quarter == 0 else (year, quarter)


def reference_word(match: re.Match[str], ctx: Context) -> Value | None:
    return Value("DATE", time_lexicon()["reference_words"][" ".join(match.group(0).lower().split())])


def vague_duration(match: re.Match[str], ctx: Context) -> Value | None:
    """"recent years", "the past few weeks", "coming months", "for years": a span of unknown length."""
    unit = time_lexicon()["units"][match.group("unit").lower()]
    return Value("DURATION", f"PX{'M' if unit == 'Q' else unit[0]}", relative=False)


def fiscal_quarter(match: re.Match[str], ctx: Context) -> Value | None:
    """"the third quarter", "third-quarter", "the year-ago quarter", "next year's first quarter"."""
    if ctx.reference is None:
        return None
    qualifier = " ".join((match.group("qual") or "").lower().split())
    ordinal = (match.group("q") or match.group("qh") or "").lower()
    last_year, last_quarter = _last_quarter(ctx.reference)
    if ordinal:
        number = time_lexicon()["ordinals"][ordinal] if ordinal in time_lexicon()["ordinals"] else int(ordinal[0])
        year = ctx.reference.year
        current = (ctx.reference.month - 1) // 3 + 1
        # A quarter still to come this year is last year's when spoken of in the past, or when last year's
        # ended nearer ("the fourth quarter", reported in January)
        if number > current and not ctx.future and (ctx.past or current + 4 - number <= number - current):
            year -= 1
    elif "current" in qualifier or qualifier == "this":
        year, number = ctx.reference.year, (ctx.reference.month - 1) // 3 + 1
    else:
        year, number = last_year, last_quarter
    if match.group("y") or match.group("qy"):
        year = int(match.group("y") or match.group("qy"))
    elif "next year" in qualifier:
        year += 1
    elif "last year" in qualifier or "year-earlier" in qualifier or "year-ago" in qualifier or "year earlier" in qualifier:
        year -= 1
    return Value("DATE", f"{year:04d}-Q{number}", relative=not (match.group("y") or match.group("qy")))


def whole_period(match: re.Match[str], ctx: Context) -> Value | None:
    """"the year", "the full year", "earlier in the year", "the end of the month": the current one, in a
    report; "the year ended March 31" is a year's span ending then."""
    if ctx.reference is None:
        return None
    unit = match.group("unit").lower()
    edge = " ".join((match.group("edge") or match.group("edge2") or "").lower().split())
    if unit == "month" and not edge:
        return None  # "the month" alone refers back to a month named before
    if match.group("ending") is not None or re.search(r"\bthroughout\s+$", match.string[:match.start()], re.I):
        return Value("DURATION", "P1Y" if unit == "year" else "P1M", relative=False)
    ref = ctx.reference
    return Value("DATE", f"{ref.year:04d}" if unit == "year" else _month(ref.year, ref.month), _mod(edge))


def century(match: re.Match[str], ctx: Context) -> Value | None:
    """"the 20th century" is the years 19xx."""
    number = int(match.group("n"))
    return Value("DATE", f"{number - 1:02d}", relative=False) if 1 <= number <= 21 else None


def half_year(match: re.Match[str], ctx: Context) -> Value | None:
    number = 1 if match.group("h").lower() == "first" else 2
    year = match.group("y") or (str(ctx.reference.year) if ctx.reference else None)
    return Value("DATE", f"{year}-H{number}", relative=not match.group("y")) if year else None


def year_earlier(match: re.Match[str], ctx: Context) -> Value | None:
    """"a year ago", "year-earlier": in a sentence about a quarter, that quarter a year before."""
    if ctx.reference is None:
        return None
    if ctx.about_quarter:
        year, quarter = _last_quarter(ctx.reference)
        return Value("DATE", f"{year - 1:04d}-Q{quarter}")
    return Value("DATE", f"{ctx.reference.year - 1:04d}")


def spelled_year_number(text: str) -> int:
    """1996 for "nineteen ninety-six", 2001 for "two thousand and one"."""
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w != "and"]
    numbers = time_lexicon()["number_words"]
    century = 2000 if words[1] == "thousand" else 1900
    return century + sum(numbers.get(w, 0) for w in words[2 if century == 2000 else 1:])


def _year(match: re.Match[str]) -> int | None:
    """The year a match names in digits (group y) or in words (group sy)."""
    if match.groupdict().get("y"):
        return int(match.group("y"))
    if match.groupdict().get("sy"):
        return spelled_year_number(match.group("sy"))
    return None


def spelled_year(match: re.Match[str], ctx: Context) -> Value | None:
    """"nineteen ninety-six", "the year two thousand"."""
    return Value("DATE", f"{spelled_year_number(match.group('sy') or match.group('sy2')):04d}", relative=False)


def decade(match: re.Match[str], ctx: Context) -> Value | None:
    """"the 1990s", "the mid-1980s", "the '80s", "the nineties": the first three digits of the years."""
    if match.group("century"):
        return Value("DATE", match.group("century")[:3], _mod(match.group("mod")), relative=False)
    digit = (match.group("short") or "")[:1] or time_lexicon()["decade_words"][match.group("word").lower()]
    century = "19"
    return Value("DATE", f"{century}{digit}", _mod(match.group("mod")))


def hyphen_duration(match: re.Match[str], ctx: Context) -> Value | None:
    """"two-year", "30-day", "8-month-old": durations written as adjectives."""
    amount = _number(match.group("n"))
    unit = time_lexicon()["units"][match.group("unit").lower()]
    count = "X" if amount is None else str(amount)
    if unit in ("H", "MIN"):
        return Value("DURATION", f"PT{count}{unit[0]}", relative=False)
    if unit in ("DE", "CE", "Q"):
        return None
    return Value("DURATION", f"P{count}{unit}", relative=False)


def recurring(match: re.Match[str], ctx: Context) -> Value | None:
    """"daily", "every month", "each July", "each Thursday"."""
    if match.group("word"):
        return Value("SET", time_lexicon()["set_words"][match.group("word").lower()], relative=False)
    if match.group("m"):
        return Value("SET", f"XXXX-{month_number(match.group('m')):02d}", relative=False)
    if match.group("wd"):
        day = time_lexicon()["weekdays"][match.group("wd").lower().rstrip(".")] + 1
        return Value("SET", f"XXXX-WXX-{day}", relative=False)
    unit = time_lexicon()["units"][match.group("unit").lower()]
    return Value("SET", "P1Q" if unit == "Q" else f"P1{unit[0]}", relative=False)


def part_of_day(match: re.Match[str], ctx: Context) -> Value | None:
    """"this morning", "last night", "Wednesday night", "late yesterday"."""
    if ctx.reference is None:
        return None
    code = time_lexicon()["parts_of_day"][" ".join((match.group("part") or "night").lower().split())]
    day = ctx.reference
    anchor = (match.group("anchor") or "").lower()
    if anchor == "yesterday" or (anchor == "last" and code == "NI"):
        day -= timedelta(days=1)
    elif anchor == "tomorrow":
        day += timedelta(days=1)
    elif match.group("wd"):
        day = _weekday_date(match.group("wd"), "", ctx)
    return Value("TIME", f"{_day(day)}T{code}", _mod(match.group("edge")))


def clock_time(match: re.Match[str], ctx: Context) -> Value | None:
    """"9 a.m. Tuesday", "5 p.m. EST Nov. 9", "noon Saturday", "around 7:15 p.m."."""
    if ctx.reference is None:
        return None
    if match.group("named"):
        hour, minute = (12, 0) if match.group("named").lower() == "noon" else (24, 0)
    else:
        hour, minute = int(match.group("h")), int(match.group("min") or 0)
        if hour > 12:
            return None
        if match.group("ampm").lower().startswith("p") and hour != 12:
            hour += 12
        elif match.group("ampm").lower().startswith("a") and hour == 12:
            hour = 0
    day = ctx.reference
    if match.group("wd"):
        day = _weekday_date(match.group("wd"), "", ctx)
    elif match.group("m"):
        found = _year_for_day(month_number(match.group("m")) or 0, int(re.sub(r"\D", "", match.group("d"))), ctx)
        if found is None:
            return None
        day = found
    elif match.group("deictic"):
        day += timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[match.group("deictic").lower()])
    time = "T24:00" if hour == 24 else f"T{hour:02d}:{minute:02d}"
    return Value("TIME", f"{_day(day)}{time}", _approx(match))


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
        following_year, following_month = _shift_months(year, int(month), 1)
        last = date(following_year, following_month, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday_number) % 7)
    if rest[1] == "after":  # the weekday after the first Monday
        first_monday = first + timedelta(days=(0 - first.weekday()) % 7)
        return first_monday + timedelta(days=(weekday_number - 0) % 7 or 7)
    return first_match + timedelta(weeks=int(rest[1]) - 1)


def holiday(match: re.Match[str], ctx: Context) -> Value | None:
    """"Thanksgiving", "last Christmas", "Easter 2000": the nearest one, a past one preferred."""
    rule = time_lexicon()["holidays"][" ".join(match.group("name").lower().split())]
    if match.group("y"):
        return Value("DATE", _day(holiday_date(rule, int(match.group("y")))), relative=False)
    if ctx.reference is None:
        return None
    ref = ctx.reference
    days = [holiday_date(rule, year) for year in (ref.year - 1, ref.year, ref.year + 1)]
    direction = (match.group("dir") or "").lower()
    if direction == "last":
        found = max(d for d in days if d < ref)
    elif direction == "next" or ctx.future:
        found = min(d for d in days if d >= ref)
    else:
        found = nearest_day(days, ref)
    return Value("DATE", _day(found))


def _approx(match: re.Match[str]) -> str | None:
    approx = match.groupdict().get("approx")
    return time_lexicon()["approximations"][" ".join(approx.lower().split())] if approx else None


MOD = r"(?:(?P<mod>early|mid-?|late|the end of|the beginning of|end of|beginning of|middle of|the middle of)\s*)?"
ORDINAL = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
QUARTER_QUALIFIER = (rf"(?P<qual>(?:this|last|next) year's|the (?:same |comparable |corresponding )?(?:year-earlier|year-ago)|"
                     rf"the (?P<qy>{YEAR})|the (?:latest|current|same|comparable|corresponding|fiscal|recent)|year-earlier|"
                     r"year-ago|the|this|fiscal)")
DAYPART_ANCHOR = rf"(?:(?P<anchor>this|last|yesterday|tomorrow|tonight)|(?P<wd>{WEEKDAY}))"
RULES: list[tuple[re.Pattern[str], Handler]] = [
    (FULL_DATE, full_date),
    (re.compile(rf"\b(?P<m>{MONTH})\s+(?P<d1>{DAY})\s*(?:-|–|to|through|and)\s*(?P<d2>{DAY})\b(?:,?\s+(?P<y>{YEAR}))?", re.I),
     month_day_range),
    (re.compile(rf"\b(?:the\s+)?(?P<o>first|second|third|fourth|last|final)\s+week\s+of\s+(?P<m>{MONTH})(?:\s+(?P<y>{YEAR}))?\b", re.I),
     week_of_month),
    (re.compile(rf"\b{MOD}(?P<m>{MONTH})\s+(?:of\s+)?(?:(?P<y>{YEAR})|(?P<sy>{SPELLED_YEAR}))\b", re.I), month_year),
    (re.compile(rf"\b(?:(?:{WEEKDAY}),?\s+)?(?P<m>{MONTH})\s+(?P<d>{DAY})\b(?!\s*(?:-|–|,\s*{YEAR}|{YEAR}))", re.I), month_day),
    (re.compile(rf"\b(?P<d>{DAY})\s+(?P<m>{MONTH})\b(?!,?\s+{YEAR})", re.I), month_day),
    (re.compile(rf"\b{MOD}(?:(?P<dir>last|next|this)\s+)?(?P<m>{MONTH})(?:\s+(?:of\s+)?(?P<of>last|this|next)\s+year)?\b(?!\s+\d)", re.I),
     relative_month),
    (re.compile(rf"\b(?:from\s+)?(?P<wd1>{WEEKDAY})\s*(?:-|–|to|through|until|thru)\s*(?P<wd2>{WEEKDAY})\b", re.I), weekday_range),
    (re.compile(rf"\b(?:(?P<dir>last|next|this|the previous)\s+)?(?P<wd>{WEEKDAY})\b", re.I), weekday),
    (re.compile(r"\b(?:(?P<edge>early|late|earlier|later)\s+)?(?P<day>yesterday|today|tomorrow)\b(?!'s)", re.I), deictic_day),
    (re.compile(rf"\b(?:on\s+)?(?:(?P<edge>early|late|earlier|later)\s+)?{DAYPART_ANCHOR}\s+(?P<part>{PART_OF_DAY})\b"
                r"|\b(?P<part2>tonight)\b", re.I), part_of_day),
    (re.compile(rf"\b{APPROX}(?:(?P<h>\d{{1,2}})(?::(?P<min>\d{{2}}))?\s*(?P<ampm>[ap]\.?m\b\.?)|(?P<named>noon|midnight))"
                rf"(?:\s+(?:EST|EDT|CST|CDT|PST|PDT|GMT|local time)\b,?)?"
                rf"(?:,?\s+(?:on\s+)?(?:(?P<wd>{WEEKDAY})|(?P<deictic>yesterday|today|tomorrow)|(?P<m>{MONTH})\s+(?P<d>{DAY})\b))?",
                re.I), clock_time),
    (re.compile(r"\b(?:(?P<edge>earlier|later|early|late|the end of|the beginning of|the middle of)\s+|the\s+)?"
                r"(?P<dir>this|last|next|coming|past|previous|current)\s+(?:fiscal\s+)?"
                r"(?P<unit>week|month|year|weekend)\b(?!'s\s+(?:first|second|third|fourth))|\b(?P<the>the)\s+(?P<unit2>weekend)\b",
                re.I), relative_period),
    (re.compile(rf"\b{APPROX}(?P<n>{NUMBER})\s+(?P<unit>days?|weeks?|months?|years?|decades?)(?:\s+or\s+so)?\s+(?:ago|earlier|before)\b",
                re.I), ago),
    (re.compile(rf"\b{APPROX}(?:the\s+)?(?:(?:past|last|next|coming|first|final|latest|previous|following|same)\s+)?"
                rf"(?<![/\d.])(?P<n>{NUMBER})(?P<half>\s+1/2|-and-a-half)?\s*(?:more\s+|additional\s+)?(?P<unit>{UNIT})\b(?!-)"
                r"(?P<half2>\s+and\s+a\s+half)?(?:\s+or\s+so\b)?", re.I),
     duration),
    (re.compile(rf"\b(?:(?P<dir>this|last|next|this\s+past)\s+|(?P<the>the)\s+(?:(?:early|late)\s+)?)?(?P<s>{SEASON})"
                rf"(?:\s+(?:of\s+)?(?:(?P<y>{YEAR})|(?P<sy>{SPELLED_YEAR})))?\b", re.I), season),
    (re.compile(rf"(?:\b(?:{QUARTER_QUALIFIER}\s+)?(?:(?P<q>{ORDINAL})\s+(?:fiscal\s+)?quarters?|(?P<q2>quarter|period))\b"
                rf"|\b(?P<qh>{ORDINAL})-quarter\b)(?:\s+(?:of\s+)?(?P<y>{YEAR}))?|\bQ(?P<qn>[1-4])(?:\s+(?P<y2>{YEAR}))?\b", re.I),
     quarter),
    (re.compile(r"\b(?:(?P<edge>earlier|later|early|late)\s+in\s+|(?P<edge2>the\s+(?:end|beginning|middle)\s+of)\s+)?"
                r"the\s+(?:(?P<full>full|fiscal|calendar)\s+)?(?P<unit>year|month)\b"
                r"(?!-|'s|\s+(?:two\s+thousand|\d|before|after|earlier|ago|of\b))(?P<ending>(?=\s+end(?:ed|ing)\b))?", re.I),
     whole_period),
    (re.compile(r"\b(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]century\b", re.I), century),
    (re.compile(r"(?:(?<=\bfor\s)|(?<=\bwithin\s)|(?<=\bin\s))(?P<unit>days|weeks|months|years|centuries)\b"
                r"(?!\s+(?:ago|old|before|after|of|to\s+come|earlier|later))", re.I), vague_duration),
    (re.compile(rf"\b(?:the\s+)?(?P<h>first|second)\s+half(?:\s+of\s+(?P<y>{YEAR}))?\b", re.I), half_year),
    (re.compile(r"\b(?:(?:the\s+(?:comparable\s+|same\s+)?)?(?:year-earlier|year-ago)\s+(?:period|quarter)|year-earlier|year-ago)\b",
                re.I), year_earlier),
    (re.compile(rf"\b(?:the\s+year\s+(?P<sy>two\s+thousand)|(?P<sy2>nineteen\s+{DECADE_TENS}(?:[\s-]{DIGIT_WORD})?))\b", re.I),
     spelled_year),
    (re.compile(rf"\b{MOD}(?:(?P<century>(?:1[89]|20)[0-9]0)s|'(?P<short>[0-9]0)s|"
                rf"(?P<word>{_alternation(time_lexicon()['decade_words'])}))\b", re.I), decade),
    (re.compile(rf"\b(?P<n>\d+|{_alternation(time_lexicon()['number_words'])})-(?P<unit>{UNIT})\b(?!-old)", re.I), hyphen_duration),
    (re.compile(rf"\b(?:(?P<word>{_alternation(time_lexicon()['set_words'])})|(?:every|each)\s+(?:(?P<m>{MONTH})|(?P<wd>{WEEKDAY})"
                r"|(?P<unit>day|week|month|year|quarter)))\b", re.I), recurring),
    (re.compile(rf"\b(?:(?P<dir>last|next|this)\s+)?(?P<name>{_alternation(time_lexicon()['holidays'])})(?:\s+(?P<y>{YEAR}))?\b",
                re.I), holiday),
    (re.compile(rf"\b(?:{_alternation(time_lexicon()['reference_words'])})\b", re.I), reference_word),
    (re.compile(r"\b(?:recent|coming|past|the\s+(?:past|last|next|coming)\s+(?:few|several))\s+(?P<unit>days|weeks|months|years|quarters|decades)\b", re.I),
     vague_duration),
    (re.compile(rf"(?<![$\d.,])\b{MOD}(?:(?:fiscal|calendar)\s+)?(?P<y>{YEAR})\b(?![-–]\d|%|,\d|\.\d|\s*(?:percent|million|billion))", re.I),
     year_only),
]

RATE_BEFORE = re.compile(r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundreds?|thousands?|millions?|"
                         r"billions?|times|once|twice)\b)\S*(?:\s+\S+){0,2}\s*$", re.I)
SINCE_BEFORE = re.compile(r"\bsince\s+(?:early\s+|late\s+|mid-?)?$", re.I)  # "since Jan. 13" has begun
SEASON_BEFORE = re.compile(r"\b(?:in|by|since|until|during|of|for|early|late|mid-?|this|last|next|past)\s*$", re.I)


def _unwanted(text: str, match: re.Match[str], handler: Handler) -> bool:
    """Matches that look like time but are not: ages, rates, verbs, names."""
    start, end = match.span()
    after, before = text[end:end + 12].lower(), text[max(0, start - 40):start]
    if re.search(r"(?<=.)\b(?:Week|Weekend|Month|Year|Minutes?|Hours?)\b", match.group(0)):
        return True  # "This Week", "60 Minutes": a title, since a unit inside an expression is lower case
    if handler is reference_word and re.match(rf"\s+(?:{NUMBER}\b|few\b|several\b|{UNIT})", after):
        return True  # "the past three years" is a duration, found by its own rule
    if handler is duration:
        if re.match(r"\s+old\b", after):
            return True  # "52 years old" is an age
        if match.group("unit").lower().startswith("quarter") and re.match(r"\s+of\b", after):
            return True  # "a quarter of the market" is a share
        if re.fullmatch(YEAR, match.group("n")) and match.group("unit").lower().startswith("quarter"):
            return True  # "the 1988 quarter" is that year's quarter
        if match.group("n").lower() in ("a", "an") and match.group(0).lower().startswith(("a ", "an ")) \
                and RATE_BEFORE.search(before):
            return True  # "$2 million a year", "four flights a week" are rates
    if handler is relative_month and match.group("m").lower() == "may" and not match.group("dir") \
            and not match.group("mod") and _bare_may(text, start):
        return True
    if handler in (relative_month, month_day) and not match.group("m")[0].isupper():
        return True  # "march", "to fall", "jan" are not months
    if handler is relative_month and is_abbreviation(match.group("m")) and not match.group("m").endswith("."):
        return True  # "Jan Kavan": an abbreviation with neither period nor day is a name
    if handler is weekday and is_abbreviation(match.group("wd")) and not match.group("wd").endswith("."):
        return True  # "Sun Microsystems"
    # "will fall", "spring back": a season needs a determiner, a year or a preposition
    return handler is season and not (match.group("dir") or match.group("y") or match.group("the")) \
        and not SEASON_BEFORE.search(before)


def _bare_may(text: str, start: int) -> bool:
    before = text[max(0, start - 6): start].lower()
    return not re.search(r"\b(in|of|since|by|until|early|mid-|late|last|next|this|from|during)\s*$", before)


FUTURE_AUXILIARIES = {"will", "'ll", "shall", "wo", "would", "might", "may", "could", "can", "should", "must"}
PAST_AUXILIARIES = {"was", "were", "had", "did"}
PRESENT_AUXILIARIES = {"is", "are", "am", "'s", "'re"}


def clause_future(sentence: Span, char: int) -> bool | None:
    """Whether the verb that governs the word at `char` (an offset in the sentence) speaks of the future:
    True for "will meet", "is leaving", "set to resume"; False for "met", "said", "has met", "was leaving";
    None where the parse gives no verb or only a bare present."""
    start = sentence.start_char + char
    span = sentence.doc.char_span(start, start + 1, alignment_mode="expand")  # a lookup, not a scan
    token = span[0] if span is not None and len(span) else None
    for _ in range(8):
        if token is None or token.pos_ in ("VERB", "AUX"):
            break
        token = None if token.head.i == token.i else token.head
    if token is None or token.pos_ not in ("VERB", "AUX"):
        return None
    auxiliaries = {child.lower_ for child in token.children if child.dep_ in ("aux", "auxpass")}
    if auxiliaries & FUTURE_AUXILIARIES:
        return True
    if token.tag_ == "VBD" or auxiliaries & PAST_AUXILIARIES or auxiliaries & {"has", "have", "'ve"}:
        return False
    if token.tag_ == "VB" and "to" in auxiliaries:
        # "set to resume Monday", "planned to leave on Thursday"; but "had been allowed to inspect since
        # Jan. 13" and "was kidnapped to make the trip" took place
        return not _past_auxiliary_above(token)
    if token.tag_ == "VBG" and auxiliaries & PRESENT_AUXILIARIES:
        return True  # "is leaving on Thursday"
    return None  # a bare present ("meets Friday", or a past verb the tagger took for one) cannot tell


def _past_auxiliary_above(token: Token) -> bool:
    """Whether the verb an infinitive depends on (through adjectives: "had been due to expire") is a past
    perfect or a past passive; "were planning to drive" and "did not plan to" still look ahead."""
    for _ in range(4):
        if token.head.i == token.i:
            return False
        token = token.head
        auxiliaries = {child.lower_ for child in token.children if child.dep_ in ("aux", "auxpass")}
        if "had" in auxiliaries or (token.tag_ == "VBN" and auxiliaries & PAST_AUXILIARIES):
            return True
        if token.pos_ == "VERB":
            return False
    return False


def tag_doc(doc: Doc, reference: date | None) -> list[Timex]:
    """Temporal expressions of a parsed document: each expression takes the tense of its own clause, and
    a document about business quarters reads "a year ago" as that quarter a year before."""
    about_quarters = bool(re.search(r"\bquarter", doc.text, re.I))
    return [timex for sentence in doc.sents
            for timex in tag_sentence(sentence.text, sentence.start_char, reference,
                                      lambda char, s=sentence: clause_future(s, char), about_quarters)]


def tag_sentence(text: str, offset: int, reference: date | None,
                 tense: Callable[[int], bool | None] | None = None, about_quarters: bool = False) -> list[Timex]:
    """Temporal expressions of one sentence, with offsets in the document.

    `tense(char)` tells whether the clause around a character speaks of the future (see clause_future);
    without it, or where it cannot tell, a future cue anywhere in the sentence decides.
    """
    sentence_future = bool(FUTURE_CUE.search(text))
    ctx = Context(reference, sentence_future, about_quarter=about_quarters or bool(re.search(r"quarter", text, re.I)))
    candidates: list[tuple[int, int, Handler, re.Match[str]]] = []
    for pattern, handler in RULES:
        for match in pattern.finditer(text):
            if match.end() > match.start() and not _unwanted(text, match, handler):
                candidates.append((match.start(), match.end(), handler, match))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    found: list[Timex] = []
    last_end = -1
    for start, end, handler, match in candidates:
        if start < last_end:
            continue
        # "Wednesday's ruling" has been made; otherwise the clause's own verb decides
        clause = False if text.startswith("'s", end) else tense(start) if tense else None
        clause_ctx = ctx if clause is None else replace(ctx, future=clause)
        # A past verb often governs a coming date ("was extended to Nov. 16", "authorized a split payable
        # Dec. 7"); only "since" puts the date itself behind the reference
        value = handler(match, replace(clause_ctx, future=False, past=True) if SINCE_BEFORE.search(text, 0, start)
                        else clause_ctx)
        if value is None:
            continue
        surface = match.group(0)
        lead = 3 if surface.lower().startswith("on ") else len(surface) - len(surface.lstrip())
        found.append(Timex(offset + start + lead, offset + end, surface[lead:], value.type, value.value,
                           value.mod, value.relative, value.end_value))
        last_end = end
    return found
