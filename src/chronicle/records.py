"""The typed records that flow from one stage to the next.

sources -> RawArticle -> clean -> CleanArticle -> analyse -> AnalysedArticle -> corpus -> store.
Each per-article stage is a pure function from one record to the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

PublishedBasis = str  # metadata | dateline | content | story | unknown
DateBasis = str  # explicit | relative | context (the article's narrative) | story | publication
EventStatus = str  # occurred | claimed | planned | negated | hypothetical


@dataclass(frozen=True)
class RawArticle:
    """One article as a source delivered it: text or HTML plus whatever metadata came along."""

    id: str
    origin: str  # the file (and line) it came from, for messages
    text: str | None = None
    html: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class CleanArticle:
    """Article text with the scraping leftovers removed, its headline and its publication date."""

    id: str
    origin: str
    title: str
    text: str
    url: str | None
    source: str | None
    published: date | None
    published_basis: PublishedBasis
    removed: tuple[str, ...] = ()  # the lines and fragments taken out, for inspection


@dataclass(frozen=True)
class Timex:
    """A temporal expression normalised to an ISO value (YYYY-MM-DD, YYYY-MM, YYYY-Www, YYYY, ...)."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str
    mod: str | None = None
    relative: bool = False  # resolved against the reference date rather than written out in full
    end_value: str | None = None  # for ranges ("March 4-5"): the last day


@dataclass(frozen=True)
class Actor:
    """What an entity is in the political world: registry id, country (ISO 3166 alpha-3) and sector."""

    actor_id: str | None
    country: str | None
    sector: str | None


@dataclass
class Entity:
    """One referent within an article, with every mention that names it."""

    key: str  # stable across articles: registry id, else a normalised name
    name: str
    type: str  # PERSON | ORG | GPE | NORP | LOC | FAC
    mentions: list[tuple[int, int]] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    actor: Actor = field(default_factory=lambda: Actor(None, None, None))


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int
    speaker: str | None
    speaker_key: str | None


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class EventActor:
    name: str
    key: str | None
    actor_id: str | None
    country: str | None
    sector: str | None


def undated_background(date: str | None, date_basis: str) -> bool:
    """Whether a happening is known only from mentions in passing ("since they met in Woodside"), with no
    date of its own: of an event mention, or of an event made of such mentions."""
    return date is None and date_basis == "background"


@dataclass(frozen=True)
class ActorSpan:
    """Where in the cleaned text an event's actor or recipient is named: `role` is "source" or "target"."""

    role: str
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class EventMention:
    """One event as one sentence of one article states it."""

    type: str  # PLOVER category
    trigger: str
    status: EventStatus
    sources: tuple[EventActor, ...]
    targets: tuple[EventActor, ...]
    date: str | None  # ISO, possibly YYYY-MM or YYYY
    date_basis: DateBasis
    place: Place | None
    sentence: str
    start: int  # the sentence's offsets in the cleaned text
    end: int
    confidence: float
    trigger_span: tuple[int, int] | None = None  # the event word's offsets in the cleaned text
    actor_spans: tuple[ActorSpan, ...] = ()  # the actors named in this sentence, where they are named
    contexts: tuple[str, ...] = ()  # PLOVER contexts: what the event is about


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """What near-duplicate detection compares: hashes of the text's word shingles and their MinHash."""

    shingles: np.ndarray  # sorted distinct 32-bit hashes
    minhash: np.ndarray  # MinHash hash values over them


@dataclass(frozen=True)
class StoryMarks:
    """What story assignment tells one happening from another by (chronicle.analyse.marks)."""

    names: frozenset[str]  # registered actor ids and name skeletons
    years: frozenset[str]  # the years its dates fall in
    weekdays: frozenset[str]  # the weekdays it names
    figures: frozenset[str]  # the figures it states ("31-24", "85 million")


@dataclass(frozen=True)
class AnalysedArticle:
    """Everything the per-article analysis finds; the input of the corpus stage."""

    article: CleanArticle
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    timexes: tuple[Timex, ...]
    quotes: tuple[Quote, ...]
    events: tuple[EventMention, ...]
    terms: dict[str, int]  # content-word lemmas and their counts, for story similarity
    term_hashes: np.ndarray = field(compare=False)  # chronicle.analyse.terms.term_hashes of `terms`, in order
    fingerprint: Fingerprint = field(compare=False)
    marks: StoryMarks
