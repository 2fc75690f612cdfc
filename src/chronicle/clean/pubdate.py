"""Publication dates and their basis: metadata > date line or dateline > content, checked against the text.

A date line is distrusted when every date the text mentions lies more than two years before it: that is an
article re-posted later, and the re-post date says nothing about when the reported things happened.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from chronicle.dates import DAY, MONTH, MONTH_YEAR, YEAR, find_full_dates, month_number
from chronicle.records import PublishedBasis

REPOST_GAP = timedelta(days=730)  # "years after": one year is too little, a story may recall last year's
# "GENEVA, Nov. 15 (Reuters) -", "WASHINGTON, March 3, 2024 —" at the start of the body.
DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z .'-]{{1,40}}(?:,\s+[A-Z][A-Za-z.]{{1,15}})?),"
    rf"\s+(?P<month>{MONTH})\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR}))?"
    r"\s*(?:\([^)]{1,40}\))?\s*[-—–]",
)


def content_dates(body: str) -> list[date]:
    """Dates the text itself mentions: full dates, and months of a year as their first day."""
    found = [d for _, _, d in find_full_dates(body)]
    for match in MONTH_YEAR.finditer(body):
        month = month_number(match.group("m"))
        if month:
            found.append(date(int(match.group("y")), month, 1))
    return found


def contradicts_content(candidate: date, mentioned: list[date]) -> bool:
    """True when the text mentions dates and all of them lie years before the candidate."""
    return bool(mentioned) and max(mentioned) + REPOST_GAP < candidate


def dateline_date(body: str, year_hint: int | None) -> date | None:
    """The date of the dateline opening the body, in `year_hint` when it names no year; None if it has none."""
    match = DATELINE.match(body)
    if not match:
        return None
    year = int(match.group("year")) if match.group("year") else year_hint
    if year is None:
        return None
    try:
        return date(year, month_number(match.group("month")) or 0, int(re.sub(r"\D", "", match.group("day"))))
    except ValueError:
        return None


def publication_date(
    body: str,
    metadata: date | None,
    published_lines: list[date],
    body_dates: list[date] | None = None,
) -> tuple[date | None, PublishedBasis]:
    """The publication date and its basis (metadata | dateline | content | unknown)."""
    mentioned = content_dates(body) if body_dates is None else body_dates
    if metadata is not None:
        return metadata, "metadata"
    for candidate in published_lines:
        if not contradicts_content(candidate, mentioned):
            return candidate, "dateline"
    year_hint = max(mentioned).year if mentioned else None
    from_dateline = dateline_date(body, year_hint)
    if from_dateline and not contradicts_content(from_dateline, mentioned):
        return from_dateline, "dateline"
    full = [d for _, _, d in find_full_dates(body)]
    if full:
        return max(full), "content"
    return None, "unknown"


AGENCY = re.compile(r"^[A-Z][^\n(]{0,80}?\((?P<agency>[A-Z][\w&.' ]{1,40})\)\s*[-—–]", re.M)


def dateline_agency(body: str) -> str | None:
    """The outlet a wire-style dateline names: "PARIS, Feb. 16 (Riverside Courier) -"."""
    match = AGENCY.search(body[:600])
    return match.group("agency").strip() if match else None
