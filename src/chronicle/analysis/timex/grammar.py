"""The grammar: each pattern with its normaliser, in the order they are tried, and the matches that look like
time but are not."""

from __future__ import annotations

import re

from chronicle.analysis.timex.calendar import Handler
from chronicle.analysis.timex.normalise import (
    ago,
    century,
    clock_time,
    decade,
    deictic_day,
    duration,
    full_date,
    half_year,
    holiday,
    hyphen_duration,
    month_day,
    month_day_range,
    month_year,
    part_of_day,
    quarter,
    recurring,
    reference_word,
    relative_month,
    relative_period,
    season,
    spelled_year,
    vague_duration,
    week_of_month,
    weekday,
    weekday_range,
    whole_period,
    year_earlier,
    year_only,
)
from chronicle.analysis.timex.words import (
    APPROX,
    DAYPART_ANCHOR,
    DECADE_TENS,
    DIGIT_WORD,
    MOD,
    NUMBER,
    ORDINAL,
    PART_OF_DAY,
    QUARTER_QUALIFIER,
    SEASON,
    SPELLED_YEAR,
    UNIT,
    alternation,
)
from chronicle.dates import DAY, FULL_DATE, MONTH, WEEKDAY, YEAR, is_abbreviation, time_lexicon

RULES: list[tuple[re.Pattern[str], Handler]] = [
    (FULL_DATE, full_date),
    (
        re.compile(
            rf"\b(?P<m>{MONTH})\s+(?P<d1>{DAY})\s*(?:-|–|to|through|and)\s*(?P<d2>{DAY})\b(?:,?\s+(?P<y>{YEAR}))?", re.I
        ),
        month_day_range,
    ),
    (
        re.compile(
            rf"\b(?:the\s+)?(?P<o>first|second|third|fourth|last|final)\s+week\s+of\s+(?P<m>{MONTH})(?:\s+(?P<y>{YEAR}))?\b",
            re.I,
        ),
        week_of_month,
    ),
    (re.compile(rf"\b{MOD}(?P<m>{MONTH})\s+(?:of\s+)?(?:(?P<y>{YEAR})|(?P<sy>{SPELLED_YEAR}))\b", re.I), month_year),
    (
        re.compile(rf"\b(?:(?:{WEEKDAY}),?\s+)?(?P<m>{MONTH})\s+(?P<d>{DAY})\b(?!\s*(?:-|–|,\s*{YEAR}|{YEAR}))", re.I),
        month_day,
    ),
    (re.compile(rf"\b(?P<d>{DAY})\s+(?P<m>{MONTH})\b(?!,?\s+{YEAR})", re.I), month_day),
    (
        re.compile(
            rf"\b{MOD}(?:(?P<dir>last|next|this)\s+)?(?P<m>{MONTH})(?:\s+(?:of\s+)?(?P<of>last|this|next)\s+year)?\b(?!\s+\d)",
            re.I,
        ),
        relative_month,
    ),
    (
        re.compile(rf"\b(?:from\s+)?(?P<wd1>{WEEKDAY})\s*(?:-|–|to|through|until|thru)\s*(?P<wd2>{WEEKDAY})\b", re.I),
        weekday_range,
    ),
    (re.compile(rf"\b(?:(?P<dir>last|next|this|the previous)\s+)?(?P<wd>{WEEKDAY})\b", re.I), weekday),
    (
        re.compile(r"\b(?:(?P<edge>early|late|earlier|later)\s+)?(?P<day>yesterday|today|tomorrow)\b(?!'s)", re.I),
        deictic_day,
    ),
    (
        re.compile(
            rf"\b(?:on\s+)?(?:(?P<edge>early|late|earlier|later)\s+)?{DAYPART_ANCHOR}\s+(?P<part>{PART_OF_DAY})\b"
            r"|\b(?P<part2>tonight)\b",
            re.I,
        ),
        part_of_day,
    ),
    (
        re.compile(
            rf"\b{APPROX}(?:(?P<h>\d{{1,2}})(?::(?P<min>\d{{2}}))?\s*(?P<ampm>[ap]\.?m\b\.?)|(?P<named>noon|midnight))"
            rf"(?:\s+(?:EST|EDT|CST|CDT|PST|PDT|GMT|local time)\b,?)?"
            rf"(?:,?\s+(?:on\s+)?(?:(?P<wd>{WEEKDAY})|(?P<deictic>yesterday|today|tomorrow)|(?P<m>{MONTH})\s+(?P<d>{DAY})\b))?",
            re.I,
        ),
        clock_time,
    ),
    (
        re.compile(
            r"\b(?:(?P<edge>earlier|later|early|late|the end of|the beginning of|the middle of)\s+|the\s+)?"
            r"(?P<dir>this|last|next|coming|past|previous|current)\s+(?:fiscal\s+)?"
            r"(?P<unit>week|month|year|weekend)\b(?!'s\s+(?:first|second|third|fourth))|\b(?P<the>the)\s+(?P<unit2>weekend)\b",
            re.I,
        ),
        relative_period,
    ),
    (
        re.compile(
            rf"\b{APPROX}(?P<n>{NUMBER})\s+(?P<unit>days?|weeks?|months?|years?|decades?)(?:\s+or\s+so)?\s+(?:ago|earlier|before)\b",
            re.I,
        ),
        ago,
    ),
    (
        re.compile(
            rf"\b{APPROX}(?:the\s+)?(?:(?:past|last|next|coming|first|final|latest|previous|following|same)\s+)?"
            rf"(?<![/\d.])(?P<n>{NUMBER})(?P<half>\s+1/2|-and-a-half)?\s*(?:more\s+|additional\s+)?(?P<unit>{UNIT})\b(?!-)"
            r"(?P<half2>\s+and\s+a\s+half)?(?:\s+or\s+so\b)?",
            re.I,
        ),
        duration,
    ),
    (
        re.compile(
            rf"\b(?:(?P<dir>this|last|next|this\s+past)\s+|(?P<the>the)\s+(?:(?:early|late)\s+)?)?(?P<s>{SEASON})"
            rf"(?:\s+(?:of\s+)?(?:(?P<y>{YEAR})|(?P<sy>{SPELLED_YEAR})))?\b",
            re.I,
        ),
        season,
    ),
    (
        re.compile(
            rf"(?:\b(?:{QUARTER_QUALIFIER}\s+)?(?:(?P<q>{ORDINAL})\s+(?:fiscal\s+)?quarters?|(?P<q2>quarter|period))\b"
            rf"|\b(?P<qh>{ORDINAL})-quarter\b)(?:\s+(?:of\s+)?(?P<y>{YEAR}))?|\bQ(?P<qn>[1-4])(?:\s+(?P<y2>{YEAR}))?\b",
            re.I,
        ),
        quarter,
    ),
    (
        re.compile(
            r"\b(?:(?P<edge>earlier|later|early|late)\s+in\s+|(?P<edge2>the\s+(?:end|beginning|middle)\s+of)\s+)?"
            r"the\s+(?:(?P<full>full|fiscal|calendar)\s+)?(?P<unit>year|month)\b"
            r"(?!-|'s|\s+(?:two\s+thousand|\d|before|after|earlier|ago|of\b))(?P<ending>(?=\s+end(?:ed|ing)\b))?",
            re.I,
        ),
        whole_period,
    ),
    (re.compile(r"\b(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]century\b", re.I), century),
    (
        re.compile(
            r"(?:(?<=\bfor\s)|(?<=\bwithin\s)|(?<=\bin\s))(?P<unit>days|weeks|months|years|centuries)\b"
            r"(?!\s+(?:ago|old|before|after|of|to\s+come|earlier|later))",
            re.I,
        ),
        vague_duration,
    ),
    (re.compile(rf"\b(?:the\s+)?(?P<h>first|second)\s+half(?:\s+of\s+(?P<y>{YEAR}))?\b", re.I), half_year),
    (
        re.compile(
            r"\b(?:(?:the\s+(?:comparable\s+|same\s+)?)?(?:year-earlier|year-ago)\s+(?:period|quarter)|year-earlier|year-ago)\b",
            re.I,
        ),
        year_earlier,
    ),
    (
        re.compile(
            rf"\b(?:the\s+year\s+(?P<sy>two\s+thousand)|(?P<sy2>nineteen\s+{DECADE_TENS}(?:[\s-]{DIGIT_WORD})?))\b",
            re.I,
        ),
        spelled_year,
    ),
    (
        re.compile(
            rf"\b{MOD}(?:(?P<century>(?:1[89]|20)[0-9]0)s|'(?P<short>[0-9]0)s|"
            rf"(?P<word>{alternation(time_lexicon()['decade_words'])}))\b",
            re.I,
        ),
        decade,
    ),
    (
        re.compile(rf"\b(?P<n>\d+|{alternation(time_lexicon()['number_words'])})-(?P<unit>{UNIT})\b(?!-old)", re.I),
        hyphen_duration,
    ),
    (
        re.compile(
            rf"\b(?:(?P<word>{alternation(time_lexicon()['set_words'])})|(?:every|each)\s+(?:(?P<m>{MONTH})|(?P<wd>{WEEKDAY})"
            r"|(?P<unit>day|week|month|year|quarter)))\b",
            re.I,
        ),
        recurring,
    ),
    (
        re.compile(
            rf"\b(?:(?P<dir>last|next|this)\s+)?(?P<name>{alternation(time_lexicon()['holidays'])})(?:\s+(?P<y>{YEAR}))?\b",
            re.I,
        ),
        holiday,
    ),
    (re.compile(rf"\b(?:{alternation(time_lexicon()['reference_words'])})\b", re.I), reference_word),
    (
        re.compile(
            r"\b(?:recent|coming|past|the\s+(?:past|last|next|coming)\s+(?:few|several))\s+(?P<unit>days|weeks|months|years|quarters|decades)\b",
            re.I,
        ),
        vague_duration,
    ),
    (
        re.compile(
            rf"(?<![$\d.,])\b{MOD}(?:(?:fiscal|calendar)\s+)?(?P<y>{YEAR})\b(?![-–]\d|%|,\d|\.\d|\s*(?:percent|million|billion))",
            re.I,
        ),
        year_only,
    ),
]

RATE_BEFORE = re.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundreds?|thousands?|millions?|"
    r"billions?|times|once|twice)\b)\S*(?:\s+\S+){0,2}\s*$",
    re.I,
)

SINCE_BEFORE = re.compile(r"\bsince\s+(?:early\s+|late\s+|mid-?)?$", re.I)  # "since Jan. 13" has begun

SEASON_BEFORE = re.compile(r"\b(?:in|by|since|until|during|of|for|early|late|mid-?|this|last|next|past)\s*$", re.I)


def unwanted(text: str, match: re.Match[str], handler: Handler) -> bool:
    """Matches that look like time but are not: ages, rates, verbs, names."""
    start, end = match.span()
    after, before = text[end : end + 12].lower(), text[max(0, start - 40) : start]
    if re.search(r"(?<=.)\b(?:Week|Weekend|Month|Year|Minutes?|Hours?)\b", match.group(0)):
        return True  # "This Week", "60 Minutes": a title, since a unit inside an expression is lower case
    if handler is reference_word and re.match(rf"\s+(?:{NUMBER}\b|few\b|several\b|{UNIT})", after):
        return True  # "the past three years" is a duration, found by its own rule
    if handler is duration and _not_a_duration(match, after, before):
        return True
    if (
        handler is relative_month
        and match.group("m").lower() == "may"
        and not match.group("dir")
        and not match.group("mod")
        and _bare_may(text, start)
    ):
        return True
    if handler in (relative_month, month_day) and not match.group("m")[0].isupper():
        return True  # "march", "to fall", "jan" are not months
    if handler is relative_month and is_abbreviation(match.group("m")) and not match.group("m").endswith("."):
        return True  # "Jan Kavan": an abbreviation with neither period nor day is a name
    if handler is weekday and is_abbreviation(match.group("wd")) and not match.group("wd").endswith("."):
        return True  # "Sun Microsystems"
    # "will fall", "spring back": a season needs a determiner, a year or a preposition
    return (
        handler is season
        and not (match.group("dir") or match.group("y") or match.group("the"))
        and not SEASON_BEFORE.search(before)
    )


def _not_a_duration(match: re.Match[str], after: str, before: str) -> bool:
    """Whether a duration match is something else: an age, a share, a year's quarter or a rate (`after`
    and `before`: the text around it)."""
    if re.match(r"\s+old\b", after):
        return True  # "52 years old" is an age
    if match.group("unit").lower().startswith("quarter") and re.match(r"\s+of\b", after):
        return True  # "a quarter of the market" is a share
    if re.fullmatch(YEAR, match.group("n")) and match.group("unit").lower().startswith("quarter"):
        return True  # "the 1988 quarter" is that year's quarter
    # "$2 million a year", "four flights a week" are rates
    return bool(
        match.group("n").lower() in ("a", "an")
        and match.group(0).lower().startswith(("a ", "an "))
        and RATE_BEFORE.search(before)
    )


def _bare_may(text: str, start: int) -> bool:
    before = text[max(0, start - 6) : start].lower()
    return not re.search(r"\b(in|of|since|by|until|early|mid-|late|last|next|this|from|during)\s*$", before)
