"""Adding one analysed article to the corpus: duplicate check, story, year-less dates, merged events."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta

from chronicle.analyse.events import plover_category
from chronicle.corpus.dates import overlap, precision, value_range
from chronicle.corpus.dedup import find_original
from chronicle.corpus.entities import resolve_names
from chronicle.corpus.state import ArticleOutcome, CorpusState, EventRecord, StoryProfile, period_number
from chronicle.corpus.stories import (
    APART_REPORTS,
    ArticleSignature,
    best_story,
    fragments_of,
    refresh_title_and_summary,
    reports_apart,
    signature,
)
from chronicle.corpus.threads import link_threads
from chronicle.records import AnalysedArticle, EventActor, EventMention, undated_background

# A publication date, or a date taken from the article's narrative, stands in for the event date only
# loosely: reports come out a day or two later, and a narrative moves on.
PUBLICATION_SLACK_DAYS = 3
PUBLICATION_SLACK = timedelta(days=PUBLICATION_SLACK_DAYS)
# How far a status says the happening is known to have happened; a merged event takes the furthest.
HAPPENED = {"claimed": 1, "occurred": 2}


def happening_date(analysed: AnalysedArticle) -> date | None:
    """The date the article is about: its publication date, else the middle of the days its text names."""
    if analysed.article.published is not None:
        return analysed.article.published
    days = [value_range(t.value)[0] for t in analysed.timexes
            if t.type == "DATE" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.value)]
    return sorted(days)[len(days) // 2] if days else None


def new_story(state: CorpusState) -> StoryProfile:
    story_id = f"story-{state.story_count + 1:04d}"
    story = StoryProfile(id=story_id)
    state.stories[story_id] = story
    return story


def add_to_story(state: CorpusState, story: StoryProfile, analysed: AnalysedArticle,
                 article_signature: ArticleSignature | None) -> None:
    """Add an article to a story; a duplicate (no signature) adds its entities and headline but no text or date."""
    article = analysed.article
    entities = analysed.marks.names
    new_keys = {key for key in entities if key not in story.entities}
    new_periods: tuple[int, ...] = ()
    if article_signature is not None:
        new_keys.update(key for key in article_signature.key_terms if key not in story.key_terms)
        story.add_vector(article_signature.vector)
        story.add_member(article_signature.heaviest)
        story.key_terms.update(article_signature.key_terms)
        story.years.update(article_signature.years)
        story.weekdays.update(article_signature.weekdays)
        story.figures.update(article_signature.figures)
        day = article_signature.day
        if day is not None:
            if not story.has_period(period_number(day)):
                new_periods = (period_number(day),)
            story.add_date(day)
    story.entities.update(entities)
    story.article_ids.append(article.id)
    story.titles[article.id] = article.title
    story.lead_sentences.extend((article.id, article.source or "", s) for s in analysed.lead_sentences)
    state.index_story(story, new_keys, new_periods)
    state.changed_stories.add(story.id)


def _resolve_year(value: str | None, anchor: date | None) -> str | None:
    """'XXXX-05-12' takes the year that puts it nearest the story's date."""
    if value is None or anchor is None or not value.startswith("XXXX"):
        return value
    best = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        candidate = f"{year}{value[4:]}"
        span = value_range(candidate)
        if span and (best is None or abs((span[0] - anchor).days) < abs((value_range(best)[0] - anchor).days)):
            best = candidate
    return best or value


def _dated_from_story(mention: EventMention, story: StoryProfile) -> EventMention:
    """An event in an article without a date of its own takes its date from the story."""
    if mention.date_basis != "story":
        return mention
    anchor = story.first_date
    if mention.date and mention.date.startswith("XXXX"):
        return replace(mention, date=_resolve_year(mention.date, anchor))
    if mention.date is None and anchor is not None:
        return replace(mention, date=anchor.isoformat())
    return mention


def _actor_dict(actor: EventActor) -> dict:
    record = dict(vars(actor))  # flat: asdict's deep copy costs more than the rest of event merging
    record["key"] = actor.key or f"described:{actor.country}:{actor.sector}:{actor.name.lower()}"
    return record


def _compatible(event: EventRecord, mention: EventMention) -> bool:
    a, b = value_range(event.date), value_range(mention.date)
    if a is None or b is None:
        return a is None and b is None
    loose = PUBLICATION_SLACK_DAYS if {"publication", "context"} & {event.date_basis, mention.date_basis} else 0
    return overlap(a, b, loose)


def _same_actors(a: frozenset[str], b: frozenset[str]) -> bool:
    """One report may name fewer of the parties than another: a subset with two shared actors, or equal sets."""
    return a == b or ((a <= b or b <= a) and len(a & b) >= 2)


def _merge_target(state: CorpusState, mention: EventMention, keys: frozenset[str]) -> EventRecord | None:
    span = value_range(mention.date)
    if span is not None:
        span = (span[0] - PUBLICATION_SLACK, span[1] + PUBLICATION_SLACK)
    for event in state.events_near(mention.type, keys, span):
        # what might happen ("either leader could call the other") is no report of what did or will
        if (event.status == "hypothetical") != (mention.status == "hypothetical"):
            continue
        if _same_actors(event.actor_keys, keys) and _compatible(event, mention):
            return event
    if mention.place is None:
        return None

    def same_happening(event: EventRecord) -> bool:
        return event.status == mention.status and _same_actors(event.actor_keys, keys)

    # "since they met in Woodside": an earlier happening named in passing, with no date of its own, is the
    # latest one of those actors at that place; and, reported before it, it is found by the report of it
    if undated_background(mention.date, mention.date_basis):
        return state.latest_event_at(mention.type, keys, mention.place.name, same_happening)
    return next(filter(same_happening, state.background_events_at(mention.type, keys, mention.place.name)), None)


def _record_mention(state: CorpusState, analysed: AnalysedArticle, mention: EventMention, story_id: str) -> str:
    sources = [_actor_dict(a) for a in mention.sources]
    targets = [_actor_dict(a) for a in mention.targets]
    keys = frozenset(a["key"] for a in sources + targets)
    entry = {
        "article_id": analysed.article.id, "source": analysed.article.source, "sentence": mention.sentence,
        "start": mention.start, "end": mention.end, "status": mention.status, "date": mention.date,
        "trigger": mention.trigger, "trigger_span": list(mention.trigger_span) if mention.trigger_span else None,
        # compact, as [role, start, end]: there are hundreds of thousands of mentions in a large corpus
        "actor_spans": [[span.role, span.start, span.end] for span in mention.actor_spans],
        "contexts": list(mention.contexts),
    }
    event = _merge_target(state, mention, keys)
    if event is None:
        event = EventRecord(
            id=f"event-{len(state.events) + 1:05d}", story_id=story_id, type=mention.type,
            plover_code=plover_category(mention.type, mention.status), status=mention.status,
            sources=sources, targets=targets, actor_keys=keys, date=mention.date, date_basis=mention.date_basis,
            location=dict(vars(mention.place)) if mention.place else None, confidence=mention.confidence,
            contexts=list(mention.contexts),
            history=[{"status": mention.status, "article_id": analysed.article.id, "date": mention.date}],
        )
        state.add_event(event)
    else:
        if mention.status != event.status:
            event.history.append({"status": mention.status, "article_id": analysed.article.id, "date": mention.date})
            if HAPPENED.get(mention.status, 0) > HAPPENED.get(event.status, 0):
                # A report that it happened outranks an earlier plan, and an independent report its actor's
                # own claim; what was said before stays in the history.
                event.status = mention.status
                event.plover_code = plover_category(event.type, event.status)
                event.story_id = story_id
        same_footing = precision(mention.date) == precision(event.date) and mention.date_basis == event.date_basis
        if precision(mention.date) < precision(event.date) or (
            event.date_basis in ("publication", "context") and mention.date_basis in ("explicit", "relative")
        ) or (same_footing and mention.date is not None and event.date is not None and mention.date < event.date):
            # (of two dates on the same footing the earlier is kept, whichever report came first)
            event.date, event.date_basis = mention.date, mention.date_basis
            state.index_event(event)
        if event.location is None and mention.place is not None:
            event.location = dict(vars(mention.place))
            state.index_event(event)
        event.confidence = max(event.confidence, mention.confidence)
        event.contexts.extend(c for c in mention.contexts if c not in event.contexts)
    event.mentions.append(entry)
    state.changed_events.add(event.id)
    return event.id


@dataclass
class Placement:
    """Where an article was placed: the original it duplicates, or its signature (for story assignment);
    its events are recorded once its story is settled."""

    analysed: AnalysedArticle
    day: date | None  # the day it is about (happening_date): None for an undated article
    duplicate_of: str | None
    signature: ArticleSignature | None  # None for a duplicate


def _place_article(state: CorpusState, analysed: AnalysedArticle) -> Placement:
    """Duplicate check and story: the article joins its original's story, its likeliest story, or a new one."""
    article, day = analysed.article, happening_date(analysed)
    duplicate_of = find_original(state, analysed.fingerprint)
    state.add_fingerprint(article.id, analysed.fingerprint)
    state.article_source[article.id] = article.source
    article_signature = None
    related: list[StoryProfile] = []  # other stories a joining report relates to: where fragments may be
    if duplicate_of is not None:
        state.duplicate_of[article.id] = duplicate_of
        story = state.stories[state.article_story[duplicate_of]]
    else:
        vector = state.vocabulary.add_document(analysed.terms, analysed.term_hashes)
        article_signature = signature(state, analysed, vector, day)
        choice = best_story(state, article_signature)
        story = choice.story or new_story(state)
        for other in choice.same_happening:
            state.merge_stories(story, other)
        if choice.story is not None:
            related = choice.related
    add_to_story(state, story, analysed, article_signature)
    state.article_story[article.id] = story.id
    for other in fragments_of(state, story, related):  # with this report in it, the story may take in fragments
        state.merge_stories(story, other)
    return Placement(analysed, day, duplicate_of, article_signature)


def _set_apart_undated(state: CorpusState, placements: list[Placement]) -> set[str]:
    """A batch's undated reports that joined a dated story but hold together apart from it (reports_apart)
    leave it for a story of their own, with their duplicates: a group of them shows they are another
    happening of its kind, which no one of them could show when it joined. Returns the stories they left."""
    by_story: dict[str, dict[str, Placement]] = {}
    copies: dict[str, list[Placement]] = {}  # an original's duplicates, which go where it goes
    for placement in placements:
        if placement.duplicate_of is not None:
            copies.setdefault(placement.duplicate_of, []).append(placement)
        else:
            article_id = placement.analysed.article.id
            by_story.setdefault(state.article_story[article_id], {})[article_id] = placement
    left: set[str] = set()
    for story_id, reports in sorted(by_story.items()):
        story = state.stories[story_id]
        if len(reports) < APART_REPORTS or not story.dates:
            continue
        core, vectors = story.centroid, {i: p.signature.vector for i, p in reports.items() if p.signature}
        for vector in vectors.values():
            core = core.minus(vector)
        core_count = sum(1 for a in story.article_ids if a not in state.duplicate_of) - len(vectors)
        apart = reports_apart(state.vocabulary, core, core_count, vectors)
        if not apart:
            continue
        moving = [placement for i in apart for placement in (reports[i], *copies.get(i, ()))]
        for placement in moving:
            analysed, found = placement.analysed, placement.signature
            marks = (found.years, found.weekdays, found.figures) if found else ((), (), ())
            story.take_out(analysed.article.id, analysed.marks.names, found and found.vector,
                           found and found.heaviest, marks)
        state.changed_stories.add(story.id)
        left.add(story.id)
        other = new_story(state)
        for placement in moving:  # (the originals in the order they came, each with its copies)
            add_to_story(state, other, placement.analysed, placement.signature)
            state.article_story[placement.analysed.article.id] = other.id
    return left


def _record_article(state: CorpusState, placement: Placement) -> ArticleOutcome:
    """An article's date (an undated one takes its story's) and its events, once its story is settled."""
    analysed, duplicate_of = placement.analysed, placement.duplicate_of
    article = analysed.article
    story = state.stories[state.article_story[article.id]]
    published, basis = article.published, article.published_basis
    if published is None and (undated := story.undated_publication()) is not None:
        published, basis = undated[0], "story"
    event_ids: list[str] = []
    if duplicate_of is None:  # a duplicate's sentences are the original's: counting them would double-count
        for mention in analysed.events:
            event_ids.append(_record_mention(state, analysed, _dated_from_story(mention, story), story.id))
    return ArticleOutcome(article.id, duplicate_of, story.id, published, basis, event_ids)


def time_order(articles: Iterable[AnalysedArticle]) -> list[AnalysedArticle]:
    """By the date each article is about, undated ones last, ties by id: the order news arrives in."""
    def order(analysed: AnalysedArticle) -> tuple[bool, date, str]:
        day = happening_date(analysed)
        return day is None, day or date.min, analysed.article.id

    return sorted(articles, key=order)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector. The corpus state is millions of long-lived objects without
    cycles: each full collection walks all of them and frees nothing, so its cost grows with the corpus and,
    left running, it made the step slower per article as the corpus grew (measured in benchmarks/run.py).
    Afterwards what the batch left is frozen (gc.freeze) before the collector resumes: else the first
    allocation after the batch set off a full collection over the whole state, a twentieth of the step."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def add_articles(state: CorpusState, articles: Iterable[AnalysedArticle]) -> list[ArticleOutcome]:
    """Add a batch in time order (undated last), so stories grow as the news did, and set apart the undated
    reports that hold together apart from the story they joined; then retitle and re-summarise each story the
    batch changed, once."""
    articles = resolve_names(state.names, list(articles))
    with _collector_paused():
        outcomes, undated = [], []
        for analysed in time_order(articles):
            placement = _place_article(state, analysed)
            if placement.day is None:  # (these come last)
                undated.append(placement)
            else:
                outcomes.append(_record_article(state, placement))
        left = _set_apart_undated(state, undated)
        outcomes.extend(_record_article(state, placement) for placement in undated)
    resolved = {analysed.article.id: analysed for analysed in articles}
    for outcome in outcomes:  # a story an earlier article opened may since have merged into another
        outcome.story_id = state.current_story_id(outcome.story_id)
        outcome.entities = resolved[outcome.article_id].entities
        outcome.quotes = resolved[outcome.article_id].quotes
    touched = {outcome.story_id for outcome in outcomes} | left
    for story_id in sorted(touched):
        refresh_title_and_summary(state, state.stories[story_id])
    link_threads(state, touched)
    return outcomes
