"""The one query model of the outputs: which events the command line, the API and the web list.

Every filter is optional and those given must all hold; the store turns a query into SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from chronicle.records import EventStatus

MAX_PAGE = 1000  # events one request may ask for at once


@dataclass(frozen=True)
class EventQuery:
    """Filters, and the page, of an event list. An actor is an actor id ("joe-biden") or a name or part of one
    ("Biden"); each actor given must take part, as source or target, so two actors give the events between
    them. `since` and `until` keep the events whose date (a day, week, month or year) overlaps that span."""

    actors: tuple[str, ...] = ()
    country: str | None = None  # of an actor taking part (ISO 3166 alpha-3)
    sector: str | None = None  # of an actor taking part (GOV, MIL, ...)
    type: str | None = None  # Chronicle's type or the PLOVER code
    status: EventStatus | None = None
    context: str | None = None  # a PLOVER context ("military")
    since: date | None = None
    until: date | None = None
    place: str | None = None  # words of its place's name
    text: str | None = None  # words of one of its evidence sentences
    story_id: str | None = None
    thread_id: str | None = None
    min_confidence: float = 0.0
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        if any(not actor.strip() for actor in self.actors):
            raise ValueError("an actor must be named: an empty name would match every actor")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        if self.limit is not None and not 0 < self.limit <= MAX_PAGE:
            raise ValueError(f"limit must be between 1 and {MAX_PAGE}")
        if self.offset < 0 or not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError("offset must be 0 or more and min_confidence between 0 and 1")


CountPeriod = Literal["day", "week", "month", "year"]
CountBy = Literal["type", "country", "actor"]
COUNT_PERIODS: tuple[CountPeriod, ...] = get_args(CountPeriod)
COUNT_BYS: tuple[CountBy, ...] = get_args(CountBy)


def period_of(day: date, period: CountPeriod) -> str:
    """The label of the day's period: 2023-11-15, 2023-W46, 2023-11 or 2023."""
    if period == "day":
        return day.isoformat()
    if period == "week":
        iso = day.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    return day.isoformat()[: 7 if period == "month" else 4]
