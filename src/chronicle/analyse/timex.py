"""Temporal expressions: tagging and normalisation against the document's reference date.

Our own rules, because no maintained Python library normalises relative news expressions ("last
September", "earlier this week", "Tuesday") against a creation date; dateparser resolves against today
and handles neither ranges nor tense. Each rule is a pattern and a small function, readable like
HeidelTime's resources; the word lists live in data/time_lexicon.json.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from chronicle.dates import DAY, FULL_DATE, MONTH, WEEKDAY, YEAR, match_to_date, month_number, time_lexicon
from chronicle.records import Timex

UNIT = r"(?:days?|weeks?|months?|years?|decades?|centuries|century|hours?|minutes?|quarters?)"
NUMBER = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|a few|a couple of)"
SEASON = r"(?:spring|summer|autumn|fall|winter)"
FUTURE_CUE = re.compile(
    r"\b(?:will|'ll|shall|plans?|planned|planning|expected|expects|due|scheduled|set to|going to|intends?|"
    r"upcoming|next|coming|later this|is to|are to|would|set for|ahead of)\b",
    re.I,
)


@dataclass(frozen=True)
class Context:
    reference: date | None  # the publication date, when known
    future: bool  # the sentence speaks of what is to come


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
    # Bare "in May": news speaks of the nearest one, past or future as the tense says.
    if ctx.future:
        return ref.year if month >= ref.month else ref.year + 1
    return ref.year if month <= ref.month + 2 else ref.year - 1


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
    return min(candidates, key=lambda c: (abs((c - ref).days) if c <= ref + timedelta(days=45) else 10**6))


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
    return Value("DATE", _month(int(match.group("y")), month_number(match.group("m")) or 0), mod, relative=False)


def _mod(word: str | None) -> str | None:
    if not word:
        return None
    word = word.lower().rstrip("-")
    return {"early": "START", "mid": "MID", "middle of": "MID", "late": "END", "end of": "END",
            "beginning of": "START", "the end of": "END", "the beginning of": "START"}.get(word)


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
    target = time_lexicon()["weekdays"][match.group("wd").lower().rstrip(".")]
    if ctx.reference is None:
        return None
    ref = ctx.reference
    direction = (match.group("dir") or "").lower()
    if direction == "next":
        found = ref + timedelta(days=(target - ref.weekday()) % 7 or 7)
    elif direction == "this" or (ctx.future and direction != "last"):
        found = ref + timedelta(days=(target - ref.weekday()) % 7)
    else:
        delta = (ref.weekday() - target) % 7
        found = ref - timedelta(days=delta or (7 if direction == "last" else 0))
    return Value("DATE", _day(found))


def deictic_day(match: re.Match[str], ctx: Context) -> Value | None:
    if ctx.reference is None:
        return None
    offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[match.group(0).lower()]
    return Value("DATE", _day(ctx.reference + timedelta(days=offset)))


def relative_period(match: re.Match[str], ctx: Context) -> Value | None:
    """this/last/next/coming/past week|month|year, "earlier this week", "later this month"."""
    if ctx.reference is None:
        return None
    ref = ctx.reference
    offset = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[
        match.group("dir").lower()
    ]
    unit = match.group("unit").lower()
    edge = (match.group("edge") or "").lower()
    mod = {"earlier": "BEFORE", "later": "AFTER", "early": "START", "late": "END"}.get(edge)
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
    amount = _number(match.group("n"))
    if amount is None or ctx.reference is None:
        return None
    unit = match.group("unit").lower().rstrip("s")
    ref = ctx.reference
    if unit == "day":
        return Value("DATE", _day(ref - timedelta(days=amount)))
    if unit == "week":
        return Value("DATE", _week(ref - timedelta(weeks=amount)))
    if unit == "month":
        year, month = _shift_months(ref.year, ref.month, -amount)
        return Value("DATE", _month(year, month))
    if unit == "year":
        return Value("DATE", f"{ref.year - amount:04d}")
    return None


def duration(match: re.Match[str], ctx: Context) -> Value | None:
    amount = _number(match.group("n") or "1")
    unit = time_lexicon()["units"][match.group("unit").lower()]
    if unit == "DE":
        unit, amount = "Y", (amount or 1) * 10
    elif unit == "CE":
        unit, amount = "Y", (amount or 1) * 100
    count = "X" if amount is None else str(amount)
    if unit in ("H", "MIN"):
        return Value("DURATION", f"PT{count}{unit[0]}", relative=False)
    if unit == "Q":
        return Value("DURATION", f"P{count if amount is None else amount * 3}M", relative=False)
    return Value("DURATION", f"P{count}{unit}", relative=False)


def year_only(match: re.Match[str], ctx: Context) -> Value | None:
    return Value("DATE", match.group("y"), relative=False)


def season(match: re.Match[str], ctx: Context) -> Value | None:
    code = time_lexicon()["seasons"][match.group("s").lower()]
    if match.group("y"):
        return Value("DATE", f"{match.group('y')}-{code}", relative=False)
    if ctx.reference is None:
        return None
    offset = {"this": 0, "last": -1, "next": 1, "": 0}[(match.group("dir") or "").lower()]
    return Value("DATE", f"{ctx.reference.year + offset:04d}-{code}")


def quarter(match: re.Match[str], ctx: Context) -> Value | None:
    number = time_lexicon()["ordinals"].get((match.group("q") or "").lower()) or int(match.group("qn") or 0)
    if number == -1:
        number = 4
    year = match.group("y")
    if not year:
        if ctx.reference is None:
            return None
        year = str(ctx.reference.year)
    return Value("DATE", f"{year}-Q{number}", relative=not match.group("y"))


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


MOD = r"(?:(?P<mod>early|mid-?|late|the end of|the beginning of|end of|beginning of|middle of)\s*)?"
RULES: list[tuple[re.Pattern[str], Handler]] = [
    (FULL_DATE, full_date),
    (re.compile(rf"\b(?P<m>{MONTH})\s+(?P<d1>{DAY})\s*(?:-|–|to|through|and)\s*(?P<d2>{DAY})\b(?:,?\s+(?P<y>{YEAR}))?", re.I),
     month_day_range),
    (re.compile(rf"\b(?:the\s+)?(?P<o>first|second|third|fourth|last|final)\s+week\s+of\s+(?P<m>{MONTH})(?:\s+(?P<y>{YEAR}))?\b", re.I),
     week_of_month),
    (re.compile(rf"\b{MOD}(?P<m>{MONTH})\s+(?:of\s+)?(?P<y>{YEAR})\b", re.I), month_year),
    (re.compile(rf"\b(?P<m>{MONTH})\s+(?P<d>{DAY})\b(?!\s*(?:-|–|,\s*{YEAR}|{YEAR}))", re.I), month_day),
    (re.compile(rf"\b(?P<d>{DAY})\s+(?P<m>{MONTH})\b(?!,?\s+{YEAR})", re.I), month_day),
    (re.compile(rf"\b{MOD}(?:(?P<dir>last|next|this)\s+)?(?P<m>{MONTH})(?:\s+of\s+(?P<of>last|this|next)\s+year)?\b(?!\s+\d)", re.I),
     relative_month),
    (re.compile(rf"\b(?:(?P<dir>last|next|this|on)\s+)?(?P<wd>{WEEKDAY})\b", re.I), weekday),
    (re.compile(r"\b(?:yesterday|today|tonight|tomorrow)\b", re.I), deictic_day),
    (re.compile(r"\b(?:(?P<edge>earlier|later|early|late)\s+)?(?P<dir>this|last|next|coming|past|previous|current)\s+"
                r"(?P<unit>week|month|year|weekend)\b", re.I), relative_period),
    (re.compile(rf"\b(?P<n>{NUMBER})\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b", re.I), ago),
    (re.compile(rf"\b(?:(?:the\s+)?(?:past|last|next|coming)\s+)?(?P<n>{NUMBER})?\s*(?P<unit>{UNIT})\b(?=\s+(?:of|to|long|later|earlier|before|after|in)\b|[,.;]|\s+ago\b)?", re.I),
     duration),
    (re.compile(rf"\b(?:(?P<dir>this|last|next)\s+)?(?P<s>{SEASON})(?:\s+(?:of\s+)?(?P<y>{YEAR}))?\b", re.I), season),
    (re.compile(rf"\b(?:the\s+)?(?:(?P<q>first|second|third|fourth|last)\s+quarter|Q(?P<qn>[1-4]))(?:\s+(?:of\s+)?(?P<y>{YEAR}))?\b", re.I), quarter),
    (re.compile(rf"\b(?:in|since|by|until|of|during|from|before|after|through)\s+(?:early\s+|late\s+|mid-)?(?P<y>{YEAR})\b", re.I),
     year_only),
]

_DURATION_NEEDS_NUMBER = re.compile(rf"^(?:(?:the\s+)?(?:past|last|next|coming)\s+)?{NUMBER}\s*{UNIT}$", re.I)


def _acceptable(text: str, handler: Handler) -> bool:
    if handler is duration:
        # A bare unit ("the year", "days") is no expression; "a decade", "the past 24 hours" are.
        return bool(_DURATION_NEEDS_NUMBER.match(text.strip()))
    return True


def _bare_may(text: str, start: int) -> bool:
    before = text[max(0, start - 6): start].lower()
    return not re.search(r"\b(in|of|since|by|until|early|mid-|late|last|next|this|from|during)\s*$", before)


def tag_sentence(text: str, offset: int, reference: date | None) -> list[Timex]:
    """Temporal expressions of one sentence, with offsets in the document."""
    ctx = Context(reference, bool(FUTURE_CUE.search(text)))
    candidates: list[tuple[int, int, Handler, re.Match[str]]] = []
    for pattern, handler in RULES:
        for match in pattern.finditer(text):
            if match.end() > match.start() and _acceptable(match.group(0), handler):
                candidates.append((match.start(), match.end(), handler, match))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    found: list[Timex] = []
    last_end = -1
    for start, end, handler, match in candidates:
        if start < last_end:
            continue
        surface = match.group(0)
        if handler is relative_month and match.group("m").lower() == "may" and not match.group("dir") \
                and not match.group("mod") and _bare_may(text, start):
            continue
        if handler is weekday and match.group("wd").lower().rstrip(".") in ("sun", "sat", "wed", "mon", "fri") \
                and not match.group("wd")[0].isupper():
            continue
        value = handler(match, ctx)
        if value is None:
            continue
        lead = len(surface) - len(surface.lstrip())
        if surface.lower().startswith("on "):
            lead = 3
        if handler is year_only:
            lead = match.start("y") - match.start()
        found.append(Timex(offset + start + lead, offset + end, surface[lead:], value.type, value.value,
                           value.mod, value.relative, value.end_value))
        last_end = end
    return found
