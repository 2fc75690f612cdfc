"""The corpus stage's record of one happening, as it is merged from the sentences that report it.

Kept apart from the rest of the corpus state so that reading events (the store, the outputs) loads nothing
of the analysis.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from chronicle.dates import value_range
from chronicle.records import (
    ActorRef,
    DateBasis,
    Event,
    EventStatus,
    Evidence,
    Place,
    StatusChange,
    undated_background,
)


@dataclass(frozen=True, slots=True)
class EventParty:
    """An event's actor or recipient as the corpus keeps it: keyed also when described rather than named."""

    name: str
    key: str
    actor_id: str | None
    country: str | None
    sector: str | None

    @property
    def ref(self) -> ActorRef:
        """The actor as the export names it."""
        return ActorRef(self.name, self.actor_id, self.country, self.sector)


@dataclass(slots=True)
class EventRecord:
    """One happening, with every article sentence that reports it."""

    id: str
    story_id: str | None
    type: str
    plover_code: str  # the category a PLOVER coder gives it, kept with its type and status
    status: EventStatus
    sources: list[EventParty]
    targets: list[EventParty]
    date: str | None
    date_basis: DateBasis
    location: Place | None
    confidence: float
    contexts: list[str] = field(default_factory=list)  # PLOVER contexts its mentions give, first seen first
    mentions: list[Evidence] = field(default_factory=list)
    history: list[StatusChange] = field(default_factory=list)  # the statuses reports gave it, in turn
    # its sources' and targets' keys, fixed when it is made (given by who made it, which knew them already)
    actor_keys: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        if not self.actor_keys:
            self.actor_keys = frozenset(a.key for a in self.sources + self.targets)

    @property
    def undated_background(self) -> bool:
        """Whether the event is known only from mentions in passing, with no date of its own."""
        return undated_background(self.date, self.date_basis)

    @property
    def evidence_text(self) -> str:
        """The sentences that report it, one a line: what a search for its words reads."""
        return "\n".join(dict.fromkeys(m.sentence for m in self.mentions))

    @property
    def place_name(self) -> str | None:
        """The name of where it happened."""
        return self.location.name if self.location else None

    @property
    def date_span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day its date covers (a day, week, month or year); None without a known year."""
        return value_range(self.date)

    @property
    def num_articles(self) -> int:
        """How many articles report the event."""
        return len({m.article_id for m in self.mentions})

    @property
    def num_sources(self) -> int:
        """How many outlets report the event (an article without a named source counts as its own)."""
        return len({m.source or m.article_id for m in self.mentions})

    def public(self) -> Event:
        """The event as the export schema gives it out."""
        return Event(
            id=self.id,
            story_id=self.story_id,
            type=self.type,
            plover_code=self.plover_code,
            status=self.status,
            date=self.date,
            date_basis=self.date_basis,
            source_actors=tuple(a.ref for a in self.sources),
            target_actors=tuple(a.ref for a in self.targets),
            location=self.location,
            contexts=tuple(self.contexts),
            mentions=tuple(self.mentions),
            confidence=self.confidence,
            history=tuple(self.history),
        )
