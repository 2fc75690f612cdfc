"""The typed records that flow from one stage to the next.

sources -> RawArticle -> clean -> CleanArticle -> analyse -> AnalysedArticle -> corpus -> store.
Each per-article stage is a pure function from one record to the next.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:  # (numpy is only named here; importing the records stays cheap)
    import numpy as np

# Where an article's publication date came from ("story": the middle of its story's dates, for an undated one).
PublishedBasis = Literal["metadata", "dateline", "content", "story", "unknown"]
# Where an event's date came from: written out, relative to the publication, the article's narrative, its
# story, the publication itself, or only mentioned in passing with no date of its own.
DateBasis = Literal["explicit", "relative", "context", "story", "publication", "background"]
EventStatus = Literal["occurred", "claimed", "planned", "negated", "hypothetical"]
EVENT_STATUSES: tuple[EventStatus, ...] = get_args(EventStatus)
ActorRole = Literal["source", "target"]  # an event's actor, or its recipient


def flat_json(record: object) -> dict[str, Any]:
    """A record whose fields all hold plain values (and which keeps nothing else in its __dict__, such as a
    cached property), as a dict of them in order. (dataclasses.asdict copies each value deeply, which made it
    most of the cost of an event list's JSON.)"""
    return dict(vars(record))


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
    """One sentence of the cleaned text, with its offsets there."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quote:
    """A direct quote in the cleaned text, with its speaker's name and entity key when one was found."""

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_key: str | None


@dataclass(frozen=True)
class Place:
    """Where an event happened: the place's name, its country (ISO 3166 alpha-3) and, for a city, its coordinates."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class EventActor:
    """An event's actor or recipient as the analysis finds it: its name, its entity key (None for one described
    rather than named), registry id, country and sector."""

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
    """What story assignment tells one happening from another by (chronicle.analysis.marks)."""

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
    lead_sentences: tuple[str, ...]  # its first sentences but the headline, without a dateline: for summaries
    terms: dict[str, int]  # content-word lemmas and their counts, for story similarity
    term_hashes: np.ndarray = field(compare=False)  # chronicle.analysis.terms.term_hashes of `terms`, in order
    fingerprint: Fingerprint = field(compare=False)
    marks: StoryMarks


# -- what the corpus stage gives out: the records of the export schema, each with its JSON form ---------------


@dataclass(frozen=True)
class ActorRef:
    """An event's actor as the export names it."""

    name: str
    actor_id: str | None
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class EvidenceSpan:
    """Where in the article's text an event's actor ("source") or recipient ("target") is named."""

    role: ActorRole
    start: int
    end: int


@dataclass(frozen=True)
class Evidence:
    """One article sentence that reports an event, with the offsets of its event word and actors."""

    article_id: str
    source: str | None
    sentence: str
    start: int
    end: int
    status: EventStatus
    date: str | None
    trigger: str | None
    trigger_span: tuple[int, int] | None
    actor_spans: tuple[EvidenceSpan, ...]
    contexts: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """The evidence as the JSON export gives it."""
        return {
            "article_id": self.article_id,
            "source": self.source,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "status": self.status,
            "date": self.date,
            "trigger": self.trigger,
            "trigger_span": list(self.trigger_span) if self.trigger_span else None,
            "contexts": list(self.contexts),
            "actor_spans": [{"role": s.role, "start": s.start, "end": s.end} for s in self.actor_spans],
        }


@dataclass(frozen=True)
class StatusChange:
    """A report that gave an event another status than the one it had."""

    status: EventStatus
    article_id: str
    date: str | None


@dataclass(frozen=True)
class Event:
    """One happening across every article that reports it: who did what to whom, when and where."""

    id: str
    story_id: str | None
    type: str  # PLOVER category as Chronicle keeps it ("will meet" is a planned CONSULT)
    plover_code: str  # the category a PLOVER coder gives it ("will meet" is AGREE)
    status: EventStatus
    date: str | None  # ISO, possibly YYYY-MM or YYYY
    date_basis: DateBasis
    source_actors: tuple[ActorRef, ...]
    target_actors: tuple[ActorRef, ...]
    location: Place | None
    contexts: tuple[str, ...]
    mentions: tuple[Evidence, ...]
    confidence: float
    history: tuple[StatusChange, ...] = ()

    @property
    def num_articles(self) -> int:
        """Articles that report the event."""
        return len({m.article_id for m in self.mentions})

    @property
    def num_sources(self) -> int:
        """Outlets that report it (an article without one counts as its own)."""
        return len({m.source or m.article_id for m in self.mentions})

    def as_json(self) -> dict[str, Any]:
        """The event as the JSON export gives it; `source_actor` and `target_actor` are the first of each."""
        return {
            "id": self.id,
            "story_id": self.story_id,
            "type": self.type,
            "status": self.status,
            "date": self.date,
            "date_basis": self.date_basis,
            "source_actor": flat_json(self.source_actors[0]) if self.source_actors else None,
            "target_actor": flat_json(self.target_actors[0]) if self.target_actors else None,
            "source_actors": [flat_json(a) for a in self.source_actors],
            "target_actors": [flat_json(a) for a in self.target_actors],
            "location": flat_json(self.location) if self.location else None,
            "contexts": list(self.contexts),
            "plover_code": self.plover_code,
            "mentions": [m.as_json() for m in self.mentions],
            "num_articles": self.num_articles,
            "num_sources": self.num_sources,
            "confidence": self.confidence,
            "history": [flat_json(h) for h in self.history],
        }

    def json_text(self) -> str:
        """`as_json` as compact JSON text, as the API writes an answer: the store keeps it beside the event."""
        return json.dumps(self.as_json(), ensure_ascii=False, allow_nan=False, separators=(",", ":"))


@dataclass(frozen=True)
class Story:
    """The articles about one happening, across outlets."""

    id: str
    title: str
    summary: str
    first_date: date | None
    last_date: date | None
    article_ids: tuple[str, ...]
    thread_id: str | None  # the running topic it belongs to, if it has company there

    @property
    def num_articles(self) -> int:
        """Articles in the story."""
        return len(self.article_ids)

    def as_json(self) -> dict[str, Any]:
        """The story as the JSON export gives it."""
        return {
            "id": self.id,
            "title": self.title,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "article_ids": list(self.article_ids),
            "summary": self.summary,
            "num_articles": self.num_articles,
            "thread_id": self.thread_id,
        }


@dataclass(frozen=True)
class Thread:
    """A running topic: its stories, earliest first."""

    id: str
    stories: tuple[Story, ...]

    @property
    def title(self) -> str:
        """The title of its largest story."""
        return max(self.stories, key=lambda s: (s.num_articles, s.id)).title

    @property
    def first_date(self) -> date | None:
        """Its stories' earliest date, or None while they have none."""
        return min(self._dates, default=None)

    @property
    def last_date(self) -> date | None:
        """Its stories' latest date, or None while they have none."""
        return max(self._dates, default=None)

    @property
    def _dates(self) -> list[date]:
        return [d for s in self.stories for d in (s.first_date, s.last_date) if d]

    @property
    def num_articles(self) -> int:
        """Articles in its stories."""
        return sum(s.num_articles for s in self.stories)

    def as_json(self) -> dict[str, Any]:
        """The thread as the JSON export gives it, each story in brief."""
        return {
            "id": self.id,
            "title": self.title,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "num_stories": len(self.stories),
            "num_articles": self.num_articles,
            "stories": [
                {
                    "id": s.id,
                    "title": s.title,
                    "first_date": s.first_date.isoformat() if s.first_date else None,
                    "num_articles": s.num_articles,
                }
                for s in self.stories
            ],
        }


SearchKind = Literal["article", "event", "quote"]
SEARCH_KINDS: tuple[SearchKind, ...] = get_args(SearchKind)


@dataclass(frozen=True)
class SearchHit:
    """An article, event or quote whose words match a search, with the passage they are in: `marks` are the
    character spans of the matching words in `snippet`."""

    kind: SearchKind
    id: str
    title: str
    snippet: str
    marks: tuple[tuple[int, int], ...]
    story_id: str | None

    def as_json(self) -> dict[str, Any]:
        """Its row in the export schema."""
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "snippet": self.snippet,
            "marks": [list(m) for m in self.marks],
            "story_id": self.story_id,
        }


# -- what the store gives back of the articles, quotes and entities it keeps, each with its JSON form ---------


@dataclass(frozen=True)
class StoredArticle:
    """An article as the store keeps it: its cleaned text, its publication date and where that came from, the
    story it belongs to and, for a duplicate, the article it repeats."""

    id: str
    source: str | None
    url: str | None
    title: str
    published: date | None
    published_basis: PublishedBasis
    published_range: tuple[date, date] | None  # for a date taken from its story: the days it lies between
    duplicate_of: str | None
    story_id: str
    text: str

    def as_json(self) -> dict[str, Any]:
        """The article as the JSON export gives it."""
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "published_basis": self.published_basis,
            "published_range": [d.isoformat() for d in self.published_range] if self.published_range else None,
            "duplicate_of": self.duplicate_of,
            "story_id": self.story_id,
            "text": self.text,
        }


@dataclass(frozen=True)
class StoredQuote:
    """A direct quote as the store keeps it, with its article's outlet and its speaker's entity id when known;
    `start` and `end` are its offsets in the article's text."""

    id: str
    article_id: str
    source: str | None
    speaker: str | None
    speaker_id: str | None
    text: str
    start: int
    end: int

    def as_json(self) -> dict[str, Any]:
        """The quote as the JSON export gives it: its fields, in order."""
        return flat_json(self)


@dataclass(frozen=True)
class StoredEntity:
    """A person, organisation or place across the corpus: its id, name, other names, and what it is in the
    political world (country, sector, registry id)."""

    id: str
    name: str
    type: str  # PERSON | ORG | GPE | NORP | LOC | FAC
    aliases: tuple[str, ...]
    country: str | None
    sector: str | None
    actor_id: str | None
    article_count: int | None = None  # the articles naming it, where the entity list counts them

    def as_json(self) -> dict[str, Any]:
        """The entity as the JSON export gives it (with `article_count` only where it was counted)."""
        found: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "country": self.country,
            "sector": self.sector,
            "actor_id": self.actor_id,
        }
        if self.article_count is not None:
            found["article_count"] = self.article_count
        return found


@dataclass(frozen=True)
class StoryDetail:
    """A story with its articles, its events (those at or above the confidence asked for) and its quotes, and
    how many of its events are below that confidence (not listed)."""

    story: Story
    articles: tuple[StoredArticle, ...]
    events: tuple[Event, ...]
    quotes: tuple[StoredQuote, ...]
    events_below: int = 0

    def as_json(self) -> dict[str, Any]:
        """The story as the JSON export gives it, with its articles, events and quotes."""
        return {
            **self.story.as_json(),
            "articles": [a.as_json() for a in self.articles],
            "events": [e.as_json() for e in self.events],
            "quotes": [q.as_json() for q in self.quotes],
        }


@dataclass(frozen=True)
class EntityMentions:
    """Where one article names one entity: the character spans of each mention in the article's text."""

    article_id: str
    entity_id: str
    mentions: tuple[tuple[int, int], ...]

    def as_json(self) -> dict[str, Any]:
        """Its row in the export schema."""
        return {
            "article_id": self.article_id,
            "entity_id": self.entity_id,
            "mentions": [list(m) for m in self.mentions],
        }
