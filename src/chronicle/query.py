"""The one query model of the outputs: which events and stories the command line, the API and the web list.

Every filter is optional and those given must all hold; the store turns a query into SQL.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal, get_args

from chronicle.dates import value_range
from chronicle.records import Event, EventStatus

MAX_PAGE = 1000  # events one request may ask for at once

# The orders of an event list: by the first day its date covers (undated last), newest first (by the last day
# its date covers), surest first, most outlets first; ties by id, so that an order is total and a page ends at
# one place.
EventSort = Literal["date", "-date", "-confidence", "-outlets"]
EVENT_SORTS: tuple[EventSort, ...] = get_args(EventSort)
SortKey = str | float | int | None
LARGEST_COUNT = 2**63 - 1  # what a database integer holds


def sort_key(event: Event, sort: EventSort) -> SortKey:
    """The value an event is ordered by under `sort` (a day as ISO text)."""
    if sort in ("date", "-date"):
        span = value_range(event.date)
        return span[0 if sort == "date" else 1].isoformat() if span else None
    return event.confidence if sort == "-confidence" else event.num_sources


def _key_fits(sort: EventSort, key: object) -> bool:
    """Whether a cursor's key is a value of its order: a day or none, a finite confidence, a count."""
    if sort in ("date", "-date"):
        if key is None:
            return True
        try:
            return isinstance(key, str) and date.fromisoformat(key).isoformat() == key
        except ValueError:
            return False
    if isinstance(key, bool):
        return False
    if sort == "-confidence":
        return isinstance(key, float | int) and math.isfinite(key)
    return isinstance(key, int) and 0 <= key <= LARGEST_COUNT


@dataclass(frozen=True)
class EventCursor:
    """Where a page of events ended: its order and the last event's key and id. The next page starts after
    it, so an event added meanwhile before the page's end does not push a row onto the next page again as
    with an offset (an event whose own key changes meanwhile, a re-dated one, may still move across it)."""

    sort: EventSort
    key: SortKey
    event_id: str

    @classmethod
    def after(cls, event: Event, sort: EventSort) -> EventCursor:
        """The cursor of a page ending with `event`."""
        return cls(sort, sort_key(event, sort), event.id)

    def encode(self) -> str:
        """The cursor as an opaque URL-safe string."""
        packed = json.dumps([self.sort, self.key, self.event_id], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(packed).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> EventCursor:
        """A cursor from its string; a ValueError when it is not one."""
        try:
            sort, key, event_id = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError, TypeError, ValueError):
            raise ValueError(f"{text!r} is not a cursor of an event list") from None
        if sort not in EVENT_SORTS or not isinstance(event_id, str) or not _key_fits(sort, key):
            raise ValueError(f"{text!r} is not a cursor of an event list")
        return cls(sort, key, event_id)


def check_span_and_page(
    since: date | None, until: date | None, limit: int | None, offset: int, min_confidence: float
) -> None:
    """A ValueError saying what is wrong with a list's span of days, page or threshold, if anything is."""
    if since and until and since > until:
        raise ValueError(f"since {since} is after until {until}")
    if limit is not None and not 0 < limit <= MAX_PAGE:
        raise ValueError(f"limit must be between 1 and {MAX_PAGE}")
    if offset < 0 or not 0.0 <= min_confidence <= 1.0:
        raise ValueError("offset must be 0 or more and min_confidence between 0 and 1")


def whole_name(value: str) -> str | None:
    """The name a filter value asks for whole and exactly, when it is written in double quotes ("\"Mali\"" is
    Mali, not Somalia: facet and map links write their values so); None for a value that asks for part of a
    name, in any case."""
    quoted = len(value) > 1 and value.startswith('"') and value.endswith('"')
    return value[1:-1] if quoted else None


@dataclass(frozen=True)
class EventQuery:
    """Filters, and the page, of an event list. An actor is an actor id ("joe-biden") or a name or part of one
    ("Biden"); each actor given must take part, as source or target, so two actors give the events between
    them. `since` and `until` keep the events whose date (a day, week, month or year) overlaps that span. A
    page is `limit` events from `offset`, or after a cursor (`after`) of the same order."""

    actors: tuple[str, ...] = ()
    country: str | None = None  # of an actor taking part (ISO 3166 alpha-3)
    sector: str | None = None  # of an actor taking part (GOV, MIL, ...)
    type: str | None = None  # Chronicle's type or the PLOVER code
    status: EventStatus | None = None
    context: str | None = None  # a PLOVER context ("military")
    since: date | None = None
    until: date | None = None
    place: str | None = None  # part of its place's name, or in double quotes the whole name (whole_name)
    text: str | None = None  # words of one of its evidence sentences
    outlet: str | None = None  # part of the name of an outlet that reported it, or in double quotes the whole
    story_id: str | None = None
    thread_id: str | None = None
    min_confidence: float = 0.0
    sort: EventSort = "date"
    limit: int | None = None
    offset: int = 0
    after: EventCursor | None = None

    def __post_init__(self) -> None:
        if any(not actor.strip() for actor in self.actors):
            raise ValueError("an actor must be named: an empty name would match every actor")
        check_span_and_page(self.since, self.until, self.limit, self.offset, self.min_confidence)
        if self.sort not in EVENT_SORTS:
            raise ValueError(f"sort {self.sort!r} is not one of {', '.join(EVENT_SORTS)}")
        if self.after is not None and (self.after.sort != self.sort or self.offset):
            raise ValueError("a cursor continues the order it was made in, without an offset")

    def every_page(self) -> EventQuery:
        """The same filters and order without a page or cursor: the whole list, the same on each of its pages."""
        return replace(self, limit=None, offset=0, after=None)


@dataclass(frozen=True)
class StoryQuery:
    """Filters, and the page, of a story list (newest first): words its title or summary holds, a span of days
    its dates reach into, its thread, an outlet that reported one of its articles (part of its name), and the
    country of an actor in one of its events at or above `min_confidence`. A page is `limit` stories from
    `offset`."""

    words: str | None = None
    since: date | None = None
    until: date | None = None
    thread_id: str | None = None
    outlet: str | None = None  # part of the name, or in double quotes the whole (whole_name)
    country: str | None = None  # ISO 3166 alpha-3
    min_confidence: float = 0.0
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        check_span_and_page(self.since, self.until, self.limit, self.offset, self.min_confidence)

    def every_page(self) -> StoryQuery:
        """The same filters without a page: the whole list, the same on each of its pages."""
        return replace(self, limit=None, offset=0)


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
