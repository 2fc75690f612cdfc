"""The normalisers: one small function per kind of expression, from a pattern's match to its ISO value."""

from __future__ import annotations

import re
from datetime import date, timedelta

from chronicle.analysis.timex.calendar import (
    HALF_UNITS,
    Context,
    Value,
    date_for_day,
    holiday_date,
    iso_day,
    iso_month,
    iso_week,
    last_week_start,
    latest_quarter,
    nearest_day,
    number_value,
    shift_months,
    spelled_year_number,
    weekday_date,
    year_for_month,
)
from chronicle.dates import match_to_date, month_number, time_lexicon

LATEST_CENTURY = 21  # the present one: "the 22nd century" is no period of the news


def full_date(match: re.Match[str], ctx: Context) -> Value | None:
    """ "Nov. 14, 2023", "14 November 2023", "2023-11-14": a day written out in full."""
    found = match_to_date(match)
    return Value("DATE", iso_day(found), relative=False) if found else None


def month_day_range(match: re.Match[str], ctx: Context) -> Value | None:
    """ "March 4-5", "Nov. 14 to 16, 2023": one expression from the first day to the last."""
    month = month_number(match.group("m")) or 0
    first, last = int(re.sub(r"\D", "", match.group("d1"))), int(re.sub(r"\D", "", match.group("d2")))
    if match.group("y"):
        year, relative = int(match.group("y")), False
    else:
        start = date_for_day(month, first, ctx)
        if start is None:
            return Value("DATE", f"XXXX-{month:02d}-{first:02d}", end_value=f"XXXX-{month:02d}-{last:02d}")
        year, relative = start.year, True
    try:
        return Value(
            "DATE", iso_day(date(year, month, first)), relative=relative, end_value=iso_day(date(year, month, last))
        )
    except ValueError:
        return None


def month_day(match: re.Match[str], ctx: Context) -> Value | None:
    """ "March 4", "4 March", "Tuesday, March 4": that day in the year the reference and tense give it."""
    month = month_number(match.group("m")) or 0
    day = int(re.sub(r"\D", "", match.group("d")))
    if not 1 <= day <= 31:  # noqa: PLR2004 (31 days in the longest month)
        return None
    found = date_for_day(month, day, ctx)
    return Value("DATE", iso_day(found) if found else f"XXXX-{month:02d}-{day:02d}")


def month_year(match: re.Match[str], ctx: Context) -> Value | None:
    """ "March 2023", "early March of 2023", "May nineteen ninety-six"."""
    mod = _mod(match.group("mod"))
    return Value("DATE", iso_month(_year(match) or 0, month_number(match.group("m")) or 0), mod, relative=False)


def _mod(word: str | None) -> str | None:
    if not word:
        return None
    word = word.lower().rstrip("-")
    return {
        "early": "START",
        "earlier": "START",
        "mid": "MID",
        "middle of": "MID",
        "the middle of": "MID",
        "late": "END",
        "later": "END",
        "end of": "END",
        "beginning of": "START",
        "the end of": "END",
        "the beginning of": "START",
    }.get(word)


def relative_month(match: re.Match[str], ctx: Context) -> Value | None:
    """ "in March", "last March", "October of last year": the month in the year it is placed in."""
    month = month_number(match.group("m")) or 0
    direction = (match.group("dir") or "").lower() or None
    year: int | None
    if match.group("of"):  # "October of last year"
        if ctx.reference is None:
            return None
        offset = {"last": -1, "this": 0, "next": 1}[match.group("of").lower()]
        year = ctx.reference.year + offset
    else:
        year = year_for_month(month, ctx, direction)
    mod = _mod(match.group("mod"))
    return Value("DATE", iso_month(year, month) if year else f"XXXX-{month:02d}", mod)


def weekday(match: re.Match[str], ctx: Context) -> Value | None:
    """ "Tuesday", "last Tuesday", "next Tuesday": the day the reference, tense and direction word make it."""
    if ctx.reference is None:
        return None
    return Value("DATE", iso_day(weekday_date(match.group("wd"), (match.group("dir") or "").lower(), ctx)))


def weekday_range(match: re.Match[str], ctx: Context) -> Value | None:
    """ "Tuesday through Thursday": one expression from the first day to the last."""
    if ctx.reference is None:
        return None
    first = weekday_date(match.group("wd1"), "", ctx)
    last = first + timedelta(
        days=(time_lexicon()["weekdays"][match.group("wd2").lower().rstrip(".")] - first.weekday()) % 7
    )
    return Value("DATE", iso_day(first), end_value=iso_day(last))


def deictic_day(match: re.Match[str], ctx: Context) -> Value | None:
    """ "yesterday", "today", "late tomorrow"."""
    if ctx.reference is None:
        return None
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[match.group("day").lower()]
    return Value("DATE", iso_day(ctx.reference + timedelta(days=offset)), _mod(match.group("edge")))


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
        return Value("DATE", iso_week(ref + timedelta(weeks=offset)), mod)
    if unit == "month":
        year, month = shift_months(ref.year, ref.month, offset)
        return Value("DATE", iso_month(year, month), mod)
    if unit == "year":
        return Value("DATE", f"{ref.year + offset:04d}", mod)
    if unit == "weekend":
        saturday = ref + timedelta(days=(5 - ref.weekday()) % 7 + 7 * offset)
        if offset == -1 or (offset == 0 and not ctx.future):
            saturday = ref - timedelta(days=(ref.weekday() - 5) % 7 or 7)
        return Value("DATE", iso_week(saturday) + "-WE", mod)
    return None


def ago(match: re.Match[str], ctx: Context) -> Value | None:
    """ "two days ago", "about a decade ago", "a year earlier"; "several years ago" is only the past."""
    if ctx.reference is None:
        return None
    amount = number_value(match.group("n"))
    unit = match.group("unit").lower().rstrip("s")
    mod = _approx(match)
    if unit == "year" and amount == 1 and ctx.about_quarter:
        return year_earlier(match, ctx)
    if amount is None:
        return Value("DATE", "PAST_REF", mod)
    ref = ctx.reference
    if unit == "day":
        return Value("DATE", iso_day(ref - timedelta(days=amount)), mod)
    if unit == "week":
        return Value("DATE", iso_week(ref - timedelta(weeks=amount)), mod)
    if unit == "month":
        year, month = shift_months(ref.year, ref.month, -amount)
        return Value("DATE", iso_month(year, month), mod)
    if unit in ("year", "decade"):
        return Value("DATE", f"{ref.year - amount * (10 if unit == 'decade' else 1):04d}", mod)
    return None


def duration(match: re.Match[str], ctx: Context) -> Value | None:
    """ "three years", "a decade", "two and a half hours", "the past 48 hours": a length of time."""
    amount = number_value(match.group("n") or "1")
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


def year_only(match: re.Match[str], ctx: Context) -> Value | None:
    """ "2023", "early 2023", "fiscal 2023"."""
    return Value("DATE", match.group("y"), _mod(match.group("mod")), relative=False)


def season(match: re.Match[str], ctx: Context) -> Value | None:
    """ "spring", "last winter", "summer 2023": the season in the year the reference and tense give it."""
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
    elif not direction and code == "WI" and ref.month <= 2:  # noqa: PLR2004 (month 2, February)
        year = ref.year - 1  # in February, "the winter" is the one that began in December
    elif not direction and ctx.future and ref >= start:
        year = ref.year + 1  # "will visit in the spring", said in November
    return Value("DATE", f"{year:04d}-{code}")


def quarter(match: re.Match[str], ctx: Context) -> Value | None:
    """ "Q3 2023", or a business quarter in words (see fiscal_quarter)."""
    if not match.group("qn"):
        if not (match.group("q") or match.group("qh") or match.group("qual")):
            return None  # "a quarter of the vote" is a share, not a period
        if (match.group("q2") or "").lower() == "period" and "latest" not in match.group("qual").lower():
            return None  # only "the latest period" is a report's quarter
        return fiscal_quarter(match, ctx)
    year = match.group("y2") or (str(ctx.reference.year) if ctx.reference else None)
    return Value("DATE", f"{year}-Q{match.group('qn')}", relative=not match.group("y2")) if year else None


def week_of_month(match: re.Match[str], ctx: Context) -> Value | None:
    """ "the first week of March", "the last week of May 2023": that ISO week."""
    month = month_number(match.group("m")) or 0
    ordinal = time_lexicon()["ordinals"][match.group("o").lower()]
    year = int(match.group("y")) if match.group("y") else year_for_month(month, ctx, None)
    if year is None:
        return None
    first = date(year, month, 1)
    day = first + timedelta(weeks=ordinal - 1) if ordinal > 0 else last_week_start(year, month)
    return Value("DATE", iso_week(day), relative=not match.group("y"))


def reference_word(match: re.Match[str], ctx: Context) -> Value | None:
    """ "now", "recently", "the near future": the present, the past or the future, unplaced."""
    return Value("DATE", time_lexicon()["reference_words"][" ".join(match.group(0).lower().split())])


def vague_duration(match: re.Match[str], ctx: Context) -> Value | None:
    """ "recent years", "the past few weeks", "coming months", "for years": a span of unknown length."""
    unit = time_lexicon()["units"][match.group("unit").lower()]
    return Value("DURATION", f"PX{'M' if unit == 'Q' else unit[0]}", relative=False)


def fiscal_quarter(match: re.Match[str], ctx: Context) -> Value | None:
    """ "the third quarter", "third-quarter", "the year-ago quarter", "next year's first quarter"."""
    if ctx.reference is None:
        return None
    qualifier = " ".join((match.group("qual") or "").lower().split())
    ordinal = (match.group("q") or match.group("qh") or "").lower()
    last_year, last_quarter = latest_quarter(ctx.reference)
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
    elif (
        "last year" in qualifier
        or "year-earlier" in qualifier
        or "year-ago" in qualifier
        or "year earlier" in qualifier
    ):
        year -= 1
    return Value("DATE", f"{year:04d}-Q{number}", relative=not (match.group("y") or match.group("qy")))


def whole_period(match: re.Match[str], ctx: Context) -> Value | None:
    """ "the year", "the full year", "earlier in the year", "the end of the month": the current one, in a
    report; "the year ended March 31" is a year's span ending then."""
    if ctx.reference is None:
        return None
    unit = match.group("unit").lower()
    edge = " ".join((match.group("edge") or match.group("edge2") or "").lower().split())
    if unit == "month" and not edge:
        return None  # "the month" alone refers back to a month named before
    if match.group("ending") is not None or re.search(r"\bthroughout\s+$", match.string[: match.start()], re.I):
        return Value("DURATION", "P1Y" if unit == "year" else "P1M", relative=False)
    ref = ctx.reference
    return Value("DATE", f"{ref.year:04d}" if unit == "year" else iso_month(ref.year, ref.month), _mod(edge))


def century(match: re.Match[str], ctx: Context) -> Value | None:
    """ "the 20th century" is the years 19xx."""
    number = int(match.group("n"))
    return Value("DATE", f"{number - 1:02d}", relative=False) if 1 <= number <= LATEST_CENTURY else None


def half_year(match: re.Match[str], ctx: Context) -> Value | None:
    """ "the first half", "the second half of 2023": that half of the year (the reference's unless named)."""
    number = 1 if match.group("h").lower() == "first" else 2
    year = match.group("y") or (str(ctx.reference.year) if ctx.reference else None)
    return Value("DATE", f"{year}-H{number}", relative=not match.group("y")) if year else None


def year_earlier(match: re.Match[str], ctx: Context) -> Value | None:
    """ "a year ago", "year-earlier": in a sentence about a quarter, that quarter a year before."""
    if ctx.reference is None:
        return None
    if ctx.about_quarter:
        year, quarter = latest_quarter(ctx.reference)
        return Value("DATE", f"{year - 1:04d}-Q{quarter}")
    return Value("DATE", f"{ctx.reference.year - 1:04d}")


def _year(match: re.Match[str]) -> int | None:
    """The year a match names in digits (group y) or in words (group sy)."""
    if match.groupdict().get("y"):
        return int(match.group("y"))
    if match.groupdict().get("sy"):
        return spelled_year_number(match.group("sy"))
    return None


def spelled_year(match: re.Match[str], ctx: Context) -> Value | None:
    """ "nineteen ninety-six", "the year two thousand"."""
    return Value("DATE", f"{spelled_year_number(match.group('sy') or match.group('sy2')):04d}", relative=False)


def decade(match: re.Match[str], ctx: Context) -> Value | None:
    """ "the 1990s", "the mid-1980s", "the '80s", "the nineties": the first three digits of the years."""
    if match.group("century"):
        return Value("DATE", match.group("century")[:3], _mod(match.group("mod")), relative=False)
    digit = (match.group("short") or "")[:1] or time_lexicon()["decade_words"][match.group("word").lower()]
    century = "19"
    return Value("DATE", f"{century}{digit}", _mod(match.group("mod")))


def hyphen_duration(match: re.Match[str], ctx: Context) -> Value | None:
    """ "two-year", "30-day", "8-month-old": durations written as adjectives."""
    amount = number_value(match.group("n"))
    unit = time_lexicon()["units"][match.group("unit").lower()]
    count = "X" if amount is None else str(amount)
    if unit in ("H", "MIN"):
        return Value("DURATION", f"PT{count}{unit[0]}", relative=False)
    if unit in ("DE", "CE", "Q"):
        return None
    return Value("DURATION", f"P{count}{unit}", relative=False)


def recurring(match: re.Match[str], ctx: Context) -> Value | None:
    """ "daily", "every month", "each July", "each Thursday"."""
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
    """ "this morning", "last night", "Wednesday night", "late yesterday"."""
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
        day = weekday_date(match.group("wd"), "", ctx)
    return Value("TIME", f"{iso_day(day)}T{code}", _mod(match.group("edge")))


def clock_time(match: re.Match[str], ctx: Context) -> Value | None:
    """ "9 a.m. Tuesday", "5 p.m. EST Nov. 9", "noon Saturday", "around 7:15 p.m."."""
    if ctx.reference is None:
        return None
    if match.group("named"):
        hour, minute = (12, 0) if match.group("named").lower() == "noon" else (24, 0)
    else:
        hour, minute = int(match.group("h")), int(match.group("min") or 0)
        if hour > 12:  # noqa: PLR2004 (12 hours on an a.m./p.m. clock)
            return None
        if match.group("ampm").lower().startswith("p") and hour != 12:  # noqa: PLR2004 (12 p.m. is noon)
            hour += 12
        elif match.group("ampm").lower().startswith("a") and hour == 12:  # noqa: PLR2004 (12 a.m. is midnight)
            hour = 0
    day = ctx.reference
    if match.group("wd"):
        day = weekday_date(match.group("wd"), "", ctx)
    elif match.group("m"):
        found = date_for_day(month_number(match.group("m")) or 0, int(re.sub(r"\D", "", match.group("d"))), ctx)
        if found is None:
            return None
        day = found
    elif match.group("deictic"):
        day += timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[match.group("deictic").lower()])
    time = "T24:00" if hour == 24 else f"T{hour:02d}:{minute:02d}"  # noqa: PLR2004 (midnight: 24:00)
    return Value("TIME", f"{iso_day(day)}{time}", _approx(match))


def holiday(match: re.Match[str], ctx: Context) -> Value | None:
    """ "Thanksgiving", "last Christmas", "Easter 2000": the nearest one, a past one preferred."""
    rule = time_lexicon()["holidays"][" ".join(match.group("name").lower().split())]
    if match.group("y"):
        return Value("DATE", iso_day(holiday_date(rule, int(match.group("y")))), relative=False)
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
    return Value("DATE", iso_day(found))


def _approx(match: re.Match[str]) -> str | None:
    approx = match.groupdict().get("approx")
    return time_lexicon()["approximations"][" ".join(approx.lower().split())] if approx else None
