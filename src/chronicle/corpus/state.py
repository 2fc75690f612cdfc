"""The state the cross-article stage keeps: story profiles, merged events, MinHash signatures, term counts.

The store loads it, the corpus stage updates it article by article, and the store saves what changed:
nothing already assigned is recomputed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
# Stored signatures must be read back with the hashing scheme that made them (datasketch 2 asks for it).
MINHASH_SCHEME = "affine32"
LSH_THRESHOLD = 0.5


@dataclass
class StoryProfile:
    id: str
    terms: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)
    dates: list[date] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # article id -> headline
    lead_sentences: list[tuple[str, str, str]] = field(default_factory=list)  # (article id, source, sentence)
    title: str = ""
    summary: str = ""

    @property
    def first_date(self) -> date | None:
        return min(self.dates) if self.dates else None

    @property
    def last_date(self) -> date | None:
        return max(self.dates) if self.dates else None


@dataclass
class EventRecord:
    """One happening, with every article sentence that reports it."""

    id: str
    story_id: str | None
    type: str
    status: str
    sources: list[dict]
    targets: list[dict]
    date: str | None
    date_basis: str
    location: dict | None
    confidence: float
    mentions: list[dict] = field(default_factory=list)  # article_id, source, sentence, start, end, status, date
    history: list[dict] = field(default_factory=list)  # status changes: {status, article_id, date}

    @property
    def actor_keys(self) -> frozenset[str]:
        return frozenset(a["key"] for a in self.sources + self.targets)

    @property
    def num_articles(self) -> int:
        return len({m["article_id"] for m in self.mentions})

    @property
    def num_sources(self) -> int:
        return len({m["source"] or m["article_id"] for m in self.mentions})


def event_number(event_id: str) -> int:
    """The creation order within the corpus, from an id like "event-00042"."""
    return int(event_id.rsplit("-", 1)[1])


@dataclass
class ArticleOutcome:
    """What the corpus stage decided for one article."""

    article_id: str
    duplicate_of: str | None
    story_id: str
    published: date | None
    published_basis: str
    event_ids: list[str]


@dataclass
class CorpusState:
    doc_count: int = 0
    df: Counter[str] = field(default_factory=Counter)
    stories: dict[str, StoryProfile] = field(default_factory=dict)
    events: dict[str, EventRecord] = field(default_factory=dict)
    signatures: dict[str, MinHash] = field(default_factory=dict)
    lsh: MinHashLSH = field(default_factory=lambda: MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM))
    article_story: dict[str, str] = field(default_factory=dict)
    article_source: dict[str, str | None] = field(default_factory=dict)
    entity_stories: dict[str, set[str]] = field(default_factory=dict)
    # Lookups that keep the per-article cost flat as the corpus grows: stories by each of their dates,
    # stories without a date, and events by (type, actor key).
    day_stories: dict[date, set[str]] = field(default_factory=dict)
    undated_stories: set[str] = field(default_factory=set)
    type_actor_events: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    changed_stories: set[str] = field(default_factory=set)
    changed_events: set[str] = field(default_factory=set)

    def add_signature(self, article_id: str, signature: MinHash) -> None:
        self.signatures[article_id] = signature
        self.lsh.insert(article_id, signature)

    def index_story(self, story: StoryProfile) -> None:
        """Make a new or grown story findable by its entities and dates."""
        for key in story.entities:
            self.entity_stories.setdefault(key, set()).add(story.id)
        for day in story.dates:
            self.day_stories.setdefault(day, set()).add(story.id)
        if story.dates:
            self.undated_stories.discard(story.id)
        else:
            self.undated_stories.add(story.id)

    def add_event(self, event: EventRecord) -> None:
        self.events[event.id] = event
        for key in event.actor_keys:
            self.type_actor_events.setdefault((event.type, key), []).append(event.id)

    def events_sharing_an_actor(self, event_type: str, keys: frozenset[str]) -> list[EventRecord]:
        """Events of this type with one of these actors, oldest first."""
        ids = {i for key in keys for i in self.type_actor_events.get((event_type, key), ())}
        return [self.events[i] for i in sorted(ids, key=event_number)]
