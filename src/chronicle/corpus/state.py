"""The state the cross-article stage keeps: story profiles, merged events, text fingerprints, term counts.

The store loads it, the corpus stage updates it article by article, and the store saves what changed:
nothing already assigned is recomputed.
"""

from __future__ import annotations

import bisect
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import combinations

import numpy as np

from chronicle.corpus.dates import months
from chronicle.corpus.entities import NameIndex, stored_entity
from chronicle.corpus.events import EventRecord
from chronicle.corpus.join_model import JoinModel, installed_join_model
from chronicle.corpus.lsh import BandIndex
from chronicle.corpus.vectors import StackedVectors, TermVector, Vocabulary
from chronicle.dates import value_range
from chronicle.records import Entity, Fingerprint, Quote, StoredEntity

# A story remembers its last few articles' vectors, each cut to its heaviest terms, for the join model's
# closest-article feature at a cost that does not grow with the story.
MEMBER_VECTORS, MEMBER_TERMS = 16, 40


# An article without a publication date has no time window to find its stories in, so a name or term more
# stories than this share ("USA", "police") would find too many to score: past this, stories are no longer
# filed under the key alone, and such an article finds its candidates by its rarer keys (all of its keys
# still count in its features). Its cost stays flat as the corpus grows.
COMMON_KEY_STORIES = 200
_UNFILED: frozenset[str] = frozenset()  # a key no story is filed under yet
PERIOD_DAYS = 30  # the buckets stories are found in by date: as long as the story window, so three cover it


def period_number(day: date) -> int:
    """Which PERIOD_DAYS-long stretch of the calendar a day falls in."""
    return day.toordinal() // PERIOD_DAYS


@dataclass
class StoryProfile:
    """One story as the corpus stage keeps it: the text, names, dates and details its articles are scored
    against, its articles' headlines and leads, and the title and summary chosen from them."""

    id: str
    centroid: TermVector = field(default_factory=TermVector.empty)  # sum of its articles' unit TF-IDF vectors
    entities: Counter[str] = field(default_factory=Counter)
    dates: list[date] = field(default_factory=list)  # kept sorted
    years: Counter[str] = field(default_factory=Counter)  # the years its articles' dates fall in
    weekdays: Counter[str] = field(default_factory=Counter)  # the weekdays its articles name
    figures: Counter[str] = field(default_factory=Counter)  # the figures its articles state
    members: list[TermVector] = field(default_factory=list)  # its last articles' vectors, cut short
    key_terms: set[str] = field(default_factory=set)  # its articles' heaviest terms, for finding it
    article_ids: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # article id -> headline
    lead_sentences: list[tuple[str, str, str]] = field(default_factory=list)  # (article id, source, sentence)
    title: str = ""
    summary: str = ""
    centroid_norm: float = field(init=False, default=0.0)  # kept with the centroid
    _stacked_members: StackedVectors | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        self.dates.sort()
        self.centroid_norm = self.centroid.norm

    def add_vector(self, vector: TermVector) -> None:
        """Add an article's unit TF-IDF vector to the centroid."""
        self.centroid = self.centroid.plus(vector)
        self.centroid_norm = self.centroid.norm

    def add_member(self, heaviest: TermVector) -> None:
        """Remember an article by its heaviest terms (at most MEMBER_TERMS), forgetting the oldest."""
        self.members = [*self.members[-(MEMBER_VECTORS - 1) :], heaviest]
        self._stacked_members = None

    @property
    def stacked_members(self) -> StackedVectors:
        """The remembered articles' vectors in one pair of arrays, built once per change."""
        if self._stacked_members is None:
            self._stacked_members = StackedVectors.of(self.members)
        return self._stacked_members

    def add_date(self, day: date) -> None:
        """Add a date to the story's dates, kept sorted."""
        bisect.insort(self.dates, day)

    def absorb(self, other: StoryProfile) -> None:
        """Take in another story's articles: the two were one happening reported apart."""
        self.add_vector(other.centroid)  # both centroids are sums of unit vectors
        self.members = [*self.members, *other.members][-MEMBER_VECTORS:]
        self._stacked_members = None
        self.dates = sorted(self.dates + other.dates)
        for counts, more in (
            (self.entities, other.entities),
            (self.years, other.years),
            (self.weekdays, other.weekdays),
            (self.figures, other.figures),
        ):
            counts.update(more)
        self.key_terms |= other.key_terms
        self.article_ids.extend(other.article_ids)
        self.titles.update(other.titles)
        self.lead_sentences.extend(other.lead_sentences)

    def take_out(
        self,
        article_id: str,
        names: Iterable[str],
        vector: TermVector | None = None,
        heaviest: TermVector | None = None,
        marks: Iterable[Iterable[str]] = ((), (), ()),
    ) -> None:
        """Give back an undated article, set apart as another happening: its text (`vector`, and `heaviest` if
        still remembered), the names it brought and its years, weekdays and figures (`marks`), its headline
        and lead. Its key terms stay: they only find the story as a candidate, where the join model decides,
        and other articles of the story may have brought them too."""
        if vector is not None:
            self.centroid = self.centroid.minus(vector)
            self.centroid_norm = self.centroid.norm
            self.members = [member for member in self.members if member is not heaviest]
            self._stacked_members = None
        for counts, items in zip(
            (self.entities, self.years, self.weekdays, self.figures), (names, *marks), strict=True
        ):
            for item in items:
                counts[item] -= 1
                if counts[item] <= 0:
                    del counts[item]
        self.article_ids.remove(article_id)
        self.titles.pop(article_id, None)
        self.lead_sentences = [lead for lead in self.lead_sentences if lead[0] != article_id]

    def has_period(self, period: int) -> bool:
        """Whether one of the story's dates falls in this period."""
        index = bisect.bisect_left(self.dates, date.fromordinal(max(period * PERIOD_DAYS, 1)))
        return index < len(self.dates) and period_number(self.dates[index]) == period

    def days_from(self, day: date) -> int:
        """Days between `day` and the nearest of the story's dates (it must have one)."""
        index = bisect.bisect_left(self.dates, day)
        return min(abs((day - self.dates[i]).days) for i in (index - 1, index) if 0 <= i < len(self.dates))

    def undated_publication(self) -> tuple[date, date, date] | None:
        """When an undated article of this story was most likely published, and the earliest and latest days
        it may have been: the middle and the ends of the story's dates (None while it has none)."""
        if not self.dates:
            return None
        return statistics.median_low(self.dates), self.dates[0], self.dates[-1]

    @property
    def first_date(self) -> date | None:
        """The story's earliest date, or None while it has none."""
        return self.dates[0] if self.dates else None

    @property
    def last_date(self) -> date | None:
        """The story's latest date, or None while it has none."""
        return self.dates[-1] if self.dates else None


ActorLink = tuple[str, ...]


@lru_cache(maxsize=1 << 16)  # the same few thousand sets of actors come again and again
def actor_links(keys: frozenset[str]) -> tuple[ActorLink, ...]:
    """What events are filed and found under: each pair of their actors, or their one actor (none for no
    actor). Two reports of one happening name the same actors, or one names two or more of the other's
    (chronicle.corpus.update), so they share a link; a link is far rarer than an actor alone ("USA" is in
    thousands of events), which keeps the events looked at per mention few as the corpus grows."""
    if len(keys) < 2:  # noqa: PLR2004 (fewer than a pair of actors)
        return (tuple(keys),) if keys else ()
    return tuple(combinations(sorted(keys), 2))


def story_number(story_id: str) -> int:
    """The opening order within the corpus, from an id like "story-0042"."""
    return int(story_id.rsplit("-", 1)[1])


def event_number(event_id: str) -> int:
    """The creation order within the corpus, from an id like "event-00042"."""
    return int(event_id.rsplit("-", 1)[1])


@dataclass(frozen=True)
class CorpusChanges:
    """What the corpus stage changed since the last changes were taken: what the store writes, as decided."""

    stories: tuple[StoryProfile, ...]  # opened or changed, current ones only
    thread_of: dict[str, str | None]  # each of those stories' running topic
    # each of those stories' (publication, earliest, latest) for its undated articles, when it has dates
    undated_publication: dict[str, tuple[date, date, date]]
    merges: tuple[tuple[str, str], ...]  # (merged away, into), in the order they happened
    events: tuple[EventRecord, ...]  # made or changed, each in the story it is in now
    entities: tuple[StoredEntity, ...]  # named since, in the order they were first named: as they are now
    vocabulary: Vocabulary  # the terms the stories' vectors are counted in


@dataclass
class ArticleOutcome:
    """What the corpus stage decided for one article."""

    article_id: str
    duplicate_of: str | None
    story_id: str
    published: date | None
    published_basis: str
    event_ids: list[str]
    entities: tuple[Entity, ...] = ()  # the article's entities, keyed across the corpus (corpus.entities)
    quotes: tuple[Quote, ...] = ()  # its quotes, their speakers keyed as the entities are


def _file(table: dict[str, set[str]], keys: Iterable[str], story_id: str) -> None:
    """Add a story to the sets of these keys (no empty set is made for a key that has one: this runs for
    every key of every article)."""
    for key in keys:
        found = table.get(key)
        if found is None:
            table[key] = {story_id}
        else:
            found.add(story_id)


def _file_while_rare(key_stories: dict[str, set[str] | None], keys: Iterable[str], story_id: str) -> None:
    """Add a story to the sets of these keys; a key more than COMMON_KEY_STORIES stories share is no longer
    filed under (its set becomes None)."""
    for key in keys:
        found = key_stories.get(key, _UNFILED)
        if found is _UNFILED:
            key_stories[key] = {story_id}
        elif isinstance(found, set):
            found.add(story_id)
            if len(found) > COMMON_KEY_STORIES:
                key_stories[key] = None


def _file_in_period(table: defaultdict[str, list[str]], keys: Iterable[str], story_id: str, known: bool) -> None:
    """Add a story to the lists of these keys in one period (the table makes a missing key's list). A list,
    not a set: a period's keys are the largest lookup of the corpus, and a story is filed under a key and
    period once when it grows; only a story indexed whole again (`known`: loaded, or after a merge) may be
    there already."""
    if known:
        for filed in map(table.__getitem__, keys):
            if story_id not in filed:
                filed.append(story_id)
    else:
        for filed in map(table.__getitem__, keys):
            filed.append(story_id)


@dataclass
class CorpusState:
    """Everything the corpus stage keeps between articles: stories, events, fingerprints, entities and threads,
    the lookups that find them, and what changed since the changes were last taken."""

    join_model: JoinModel = field(default_factory=installed_join_model)  # which story an article joins
    vocabulary: Vocabulary = field(default_factory=Vocabulary)  # terms by id, with document frequencies
    stories: dict[str, StoryProfile] = field(default_factory=dict)
    merged_stories: dict[str, str] = field(default_factory=dict)  # a story merged away -> the one it went into
    events: dict[str, EventRecord] = field(default_factory=dict)
    shingles: dict[str, np.ndarray] = field(default_factory=dict)  # article id -> its shingle hashes
    duplicate_of: dict[str, str] = field(default_factory=dict)  # duplicate article id -> its original
    lsh: BandIndex = field(default_factory=BandIndex)
    article_story: dict[str, str] = field(default_factory=dict)
    article_source: dict[str, str | None] = field(default_factory=dict)
    # Lookups that spare any pass over all stories or events: stories by entity or key term (while few
    # share it), the undated ones among them, and stories by the period of each of their dates and entity or
    # key term; stories without a date; and events by (type, actor link, month of their date, or "undated").
    key_stories: dict[str, set[str] | None] = field(default_factory=dict)  # None: past COMMON_KEY_STORIES
    undated_key_stories: dict[str, set[str]] = field(default_factory=dict)  # the undated stories alone
    # period -> key -> stories: a period's keys in one table, looked up by the key's own cached string hash
    period_key_stories: dict[int, defaultdict[str, list[str]]] = field(default_factory=dict)
    undated_stories: set[str] = field(default_factory=set)
    event_index: dict[tuple[str, ActorLink, str], set[str]] = field(default_factory=dict)
    # events by (type, actor link, place name), in the order they were made: a happening mentioned in passing
    # without a date ("since they met in Woodside") is the latest one of its actors there; and the events
    # known only from such passing mentions, which a dated report of the happening finds by its place
    place_event_index: dict[tuple[str, ActorLink, str], dict[str, None]] = field(default_factory=dict)
    background_place_index: dict[tuple[str, ActorLink, str], dict[str, None]] = field(default_factory=dict)
    changed_stories: set[str] = field(default_factory=set)
    new_merges: list[tuple[str, str]] = field(default_factory=list)  # (merged away, into) since the last save
    changed_events: set[str] = field(default_factory=set)
    names: NameIndex = field(default_factory=NameIndex)  # the people and organisations named so far
    entities: dict[str, StoredEntity] = field(default_factory=dict)  # every entity named so far, by key
    changed_entities: dict[str, None] = field(default_factory=dict)  # keys, in the order they were first named
    thread_of: dict[str, str] = field(default_factory=dict)  # story id -> thread id (corpus.threads)
    thread_members: dict[str, set[str]] = field(default_factory=dict)  # thread id -> its stories

    def add_fingerprint(self, article_id: str, fingerprint: Fingerprint) -> None:
        """Keep an article's shingles and file its MinHash, for finding its near-duplicates."""
        self.shingles[article_id] = fingerprint.shingles
        self.lsh.insert(article_id, fingerprint.minhash)

    def index_story(
        self, story: StoryProfile, new_keys: Iterable[str] | None = None, new_periods: Iterable[int] = ()
    ) -> None:
        """Make a story findable by its entities and key terms, alone and with the periods of its dates, and
        known as dated or not: all of them for a loaded story; for a grown one, the keys it gained with all
        its periods, and all its keys with the periods its new dates opened."""
        all_keys = (*story.entities, *story.key_terms)
        keys = all_keys if new_keys is None else tuple(new_keys)
        periods = {period_number(day) for day in story.dates} if keys else set()
        whole = new_keys is None
        if not whole:
            for period in new_periods:
                periods.discard(period)  # every key gets the new period here
                _file_in_period(self._period_table(period), all_keys, story.id, False)
        _file_while_rare(self.key_stories, keys, story.id)
        for period in periods:
            _file_in_period(self._period_table(period), keys, story.id, whole)
        if story.dates:
            if story.id in self.undated_stories:  # dated at last: no longer found as undated
                self.undated_stories.discard(story.id)
                for key in all_keys:
                    self.undated_key_stories.get(key, set()).discard(story.id)
        else:
            self.undated_stories.add(story.id)
            _file(self.undated_key_stories, keys, story.id)

    def _period_table(self, period: int) -> defaultdict[str, list[str]]:
        table = self.period_key_stories.get(period)
        if table is None:
            table = self.period_key_stories[period] = defaultdict(list)
        return table

    def unindex_story(self, story: StoryProfile) -> None:
        """Forget a story in every lookup: it was merged into another."""
        periods = {period_number(day) for day in story.dates}
        for key in (*story.entities, *story.key_terms):
            (self.key_stories.get(key) or set()).discard(story.id)
            self.undated_key_stories.get(key, set()).discard(story.id)
            for period in periods:
                table = self.period_key_stories.get(period)
                filed = table.get(key, []) if table is not None else []
                if story.id in filed:
                    filed.remove(story.id)
        self.undated_stories.discard(story.id)

    def merge_stories(self, keep: StoryProfile, absorbed: StoryProfile) -> None:
        """One story takes in another: its articles, profile and lookups; the other's id stays as a pointer."""
        self.unindex_story(absorbed)
        known_keys = {*keep.entities, *keep.key_terms}
        known_periods = {period_number(day) for day in keep.dates}
        keep.absorb(absorbed)
        # only what the other story brought is filed: re-filing the whole story meant searching the lists
        # of every key in every period for it, the costliest step of a merge
        self.index_story(
            keep,
            [key for key in (*keep.entities, *keep.key_terms) if key not in known_keys],
            {period_number(day) for day in keep.dates} - known_periods,
        )
        del self.stories[absorbed.id]
        self.merged_stories[absorbed.id] = keep.id
        self.new_merges.append((absorbed.id, keep.id))
        for article_id in absorbed.article_ids:
            self.article_story[article_id] = keep.id
        self.changed_stories.discard(absorbed.id)
        self.changed_stories.add(keep.id)
        if (joined := self.thread_of.pop(absorbed.id, None)) is not None:
            self.thread_members.get(joined, set()).discard(absorbed.id)
            kept = self.thread_of.get(keep.id)
            if kept is None:  # a story opened in this batch takes the thread of the one it took in
                self.add_to_thread(keep.id, joined)
            elif kept != joined:
                self.join_threads(*sorted((kept, joined), key=story_number))

    def add_to_thread(self, story_id: str, thread: str) -> None:
        """Put a story in a thread (chronicle.corpus.threads); the story counts as changed."""
        self.thread_of[story_id] = thread
        self.thread_members.setdefault(thread, set()).add(story_id)
        self.changed_stories.add(story_id)

    def join_threads(self, kept: str, joined: str) -> None:
        """Every story of one thread moves to another: two threads found to be one topic."""
        for story_id in sorted(self.thread_members.pop(joined, set())):
            self.add_to_thread(story_id, kept)

    def name_entity(self, entity: Entity) -> None:
        """Keep what an article's entity tells of the entity across the corpus (corpus.entities.stored_entity)."""
        self.entities[entity.key] = stored_entity(self.entities.get(entity.key), entity)
        self.changed_entities[entity.key] = None

    def take_changes(self) -> CorpusChanges:
        """What changed since the last call, to be saved; the change sets start empty again."""
        stories = tuple(self.stories[story_id] for story_id in sorted(self.changed_stories))
        events = tuple(self.events[event_id] for event_id in sorted(self.changed_events))
        for event in events:
            event.story_id = self.current_story_id(event.story_id) if event.story_id else None
        changes = CorpusChanges(
            stories=stories,
            thread_of={story.id: self.thread_of.get(story.id) for story in stories},
            undated_publication={
                story.id: found for story in stories if (found := story.undated_publication()) is not None
            },
            merges=tuple(self.new_merges),
            events=events,
            entities=tuple(self.entities[key] for key in self.changed_entities),
            vocabulary=self.vocabulary,
        )
        self.changed_stories.clear()
        self.changed_entities.clear()
        self.changed_events.clear()
        self.new_merges.clear()
        return changes

    def current_story_id(self, story_id: str) -> str:
        """The story an id now stands for, following merges."""
        while story_id in self.merged_stories:
            story_id = self.merged_stories[story_id]
        return story_id

    @property
    def story_count(self) -> int:
        """Stories ever opened, merged ones included: the next story's number follows it."""
        return len(self.stories) + len(self.merged_stories)

    def index_event(self, event: EventRecord) -> None:
        """Make a new event, or one whose date or place changed, findable by type, actor link and month or
        place."""
        place = event.place_name
        for link in actor_links(event.actor_keys):
            for month in months(value_range(event.date)):
                self.event_index.setdefault((event.type, link, month), set()).add(event.id)
            if place is not None:
                key = (event.type, link, place)
                self.place_event_index.setdefault(key, {})[event.id] = None
                if event.undated_background:
                    self.background_place_index.setdefault(key, {})[event.id] = None
                else:  # a later report dated it
                    self.background_place_index.get(key, {}).pop(event.id, None)

    def add_event(self, event: EventRecord) -> None:
        """Keep a new event and make it findable."""
        self.events[event.id] = event
        self.index_event(event)

    def latest_event_at(
        self, event_type: str, keys: frozenset[str], place: str, accept: Callable[[EventRecord], bool]
    ) -> EventRecord | None:
        """The newest event of this type sharing an actor link with these actors at this place that `accept`
        takes. Each link's events are walked newest first and only until one is taken, so the cost stays flat
        however many times those actors have met there."""
        latest: EventRecord | None = None
        for link in actor_links(keys):
            for event_id in reversed(self.place_event_index.get((event_type, link, place), {})):
                if latest is not None and event_number(event_id) <= event_number(latest.id):
                    break
                event = self.events[event_id]
                if accept(event):
                    latest = event
                    break
        return latest

    def background_events_at(self, event_type: str, keys: frozenset[str], place: str) -> list[EventRecord]:
        """Events of this type sharing an actor link with these actors at this place that are known only from
        mentions in passing, without a date, oldest first."""
        ids = {i for link in actor_links(keys) for i in self.background_place_index.get((event_type, link, place), ())}
        return [self.events[i] for i in sorted(ids, key=event_number)]

    def events_near(self, event_type: str, keys: frozenset[str], span: tuple[date, date] | None) -> list[EventRecord]:
        """Events of this type sharing an actor link with these actors, dated in a month `span` touches (or,
        for no span, undated ones), oldest first: a superset of the events a mention could be the same
        happening as."""
        ids = {
            i
            for link in actor_links(keys)
            for month in months(span)
            for i in self.event_index.get((event_type, link, month), ())
        }
        if len(ids) < 2:  # noqa: PLR2004 (one id or none needs no sorting; most mentions, first reports, find none)
            return [self.events[i] for i in ids]
        return [self.events[i] for i in sorted(ids, key=event_number)]
