"""Adding analysed articles to the corpus: duplicate check, story placement, undated reports set apart;
events are merged by chronicle.corpus.merging."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from chronicle.corpus.collector import collector_paused
from chronicle.corpus.dedup import find_original
from chronicle.corpus.entities import resolve_names
from chronicle.corpus.merging import dated_from_story, record_mention
from chronicle.corpus.state import ArticleOutcome, CorpusState, StoryProfile, period_number
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
from chronicle.dates import value_range
from chronicle.records import AnalysedArticle


def happening_date(analysed: AnalysedArticle) -> date | None:
    """The date the article is about: its publication date, else the middle of the days its text names."""
    if analysed.article.published is not None:
        return analysed.article.published
    days = [
        span[0]
        for t in analysed.timexes
        if t.type == "DATE" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.value) and (span := value_range(t.value))
    ]
    return sorted(days)[len(days) // 2] if days else None


def new_story(state: CorpusState) -> StoryProfile:
    """Open an empty story, numbered after every story opened so far."""
    story_id = f"story-{state.story_count + 1:04d}"
    story = StoryProfile(id=story_id)
    state.stories[story_id] = story
    return story


def add_to_story(
    state: CorpusState, story: StoryProfile, analysed: AnalysedArticle, article_signature: ArticleSignature | None
) -> None:
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
        apart = reports_apart(state.vocabulary, core, core_count, vectors, state.join_model.apart_cohesion)
        if not apart:
            continue
        moving = [placement for i in apart for placement in (reports[i], *copies.get(i, ()))]
        for placement in moving:
            analysed, found = placement.analysed, placement.signature
            marks = (found.years, found.weekdays, found.figures) if found else ((), (), ())
            story.take_out(
                analysed.article.id, analysed.marks.names, found and found.vector, found and found.heaviest, marks
            )
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
            event_ids.append(record_mention(state, analysed, dated_from_story(mention, story), story.id))
    return ArticleOutcome(article.id, duplicate_of, story.id, published, basis, event_ids)


def time_order(articles: Iterable[AnalysedArticle]) -> list[AnalysedArticle]:
    """By the date each article is about, undated ones last, ties by id: the order news arrives in."""

    def order(analysed: AnalysedArticle) -> tuple[bool, date, str]:
        day = happening_date(analysed)
        return day is None, day or date.min, analysed.article.id

    return sorted(articles, key=order)


def add_articles(state: CorpusState, articles: Iterable[AnalysedArticle]) -> list[ArticleOutcome]:
    """Add a batch in time order (undated last), so stories grow as the news did, and set apart the undated
    reports that hold together apart from the story they joined; then keep what its articles tell of their
    entities, and retitle and re-summarise each story the batch changed, once."""
    articles = resolve_names(state.names, list(articles))
    with collector_paused():
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
        for entity in outcome.entities:
            state.name_entity(entity)
    touched = {outcome.story_id for outcome in outcomes} | left
    for story_id in sorted(touched):
        refresh_title_and_summary(state, state.stories[story_id])
    link_threads(state, touched)
    return outcomes
